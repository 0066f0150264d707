//! zhengce (政策): index Chinese policy documents and search them, with citations.
//!
//! Data flows one way: [`ingest`] (files → [`document::Document`]) → [`structure`] (passages) →
//! [`analysis`] (tokens) → [`index`] (tantivy on disk) → [`search`] (ranked passages, with
//! [`topics`] and synonyms) → [`qa`] (ask: answers with the passages they come from) and
//! [`compare`] (documents side by side, similar passages; numeric facts by [`quantity`]) and
//! [`verify`] (a draft's quotations checked against the documents) → [`cite`] → [`output`]. The command line in [`commands`] is a thin layer over these; the
//! binary's own allocator backs indexing's large tables with huge pages.
//!
//! Analysis keeps every token's place in the original text:
//!
//! ```
//! use zhengce::analysis::bigrams::analyze_bigrams;
//!
//! let text = "解决“两张皮”现象";
//! let tokens = analyze_bigrams(text);
//! let terms: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
//! assert_eq!(terms, ["解决", "两张", "张皮", "现象"]);
//! assert_eq!(&text[tokens[1].start..tokens[1].end], "两张");
//! ```

pub mod analysis;
pub mod cite;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod document;
pub mod error;
pub mod index;
pub mod ingest;
pub mod mcp;
pub mod output;
pub mod qa;
pub mod quantity;
pub mod search;
pub mod serve;
pub mod structure;
pub mod text;
pub mod topics;
pub mod verify;

pub use error::{Error, Result};
