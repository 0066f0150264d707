//! zhengce (政策): index Chinese policy documents and search them, with citations.
//!
//! Data flows one way: [`ingest`] (files → [`document::Document`]) → [`structure`] (passages) →
//! [`analysis`] (tokens) → [`index`] (tantivy on disk) → [`search`] (ranked passages, with
//! [`topics`] and synonyms) →
//! [`cite`] → [`output`]. The command line in [`commands`] is a thin layer over these.

pub mod analysis;
pub mod cite;
pub mod cli;
pub mod commands;
pub mod document;
pub mod error;
pub mod index;
pub mod ingest;
pub mod output;
pub mod search;
pub mod structure;
pub mod topics;

pub use error::{Error, Result};
