//! What an index holds: its roots, documents, passages, last commit and format, as
//! `zhengce status --json` prints it and the web API's `/api/status` returns it.

use serde::Serialize;

use super::manifest::{CommitPayload, Manifest};
use super::{IndexHandle, FORMAT_VERSION};

/// The status of an index, as printed by `zhengce status --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The index folder.
    pub index: String,
    /// The roots indexed.
    pub roots: Vec<String>,
    /// Documents in the index.
    pub documents: usize,
    /// Passages in the index.
    pub passages: u64,
    /// Documents by the type of file they were read from (`docx`, `ofd`, `pdf` …).
    pub formats: std::collections::BTreeMap<String, usize>,
    /// Time of the last commit, seconds since the Unix epoch.
    pub last_commit: u64,
    /// The index format version.
    pub format: u32,
    /// The analyser fingerprint.
    pub analyzer: String,
}

impl Status {
    /// The status of `handle`'s index at the commit whose payload and manifest are given.
    pub fn of(handle: &IndexHandle, payload: &CommitPayload, manifest: &Manifest) -> Status {
        Status {
            index: handle.dir.display().to_string(),
            documents: manifest.files.len(),
            passages: manifest.passage_count(),
            formats: manifest.documents_by_type(),
            roots: manifest.roots.clone(),
            last_commit: payload.committed_at,
            format: FORMAT_VERSION,
            analyzer: handle.analyzer.fingerprint(),
        }
    }
}
