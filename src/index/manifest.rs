//! The file manifest: which files of which roots are in the index, with their content hashes.
//!
//! It is written to a file named after its own hash before a commit, and the commit's payload
//! names that file and hash, so the manifest and the index always change together: a run killed
//! before the commit leaves the old payload pointing at the old manifest.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::{Encoding, Metadata};
use crate::error::{Error, Result};

/// What the index knows of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The root the file was indexed from.
    pub root: String,
    /// Its path relative to the root.
    pub path: String,
    /// BLAKE3 hash of its bytes.
    pub hash: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// How many passages it gave.
    pub passages: u32,
    /// The encoding it was decoded from.
    pub encoding: Encoding,
    /// Its title, date, number, issuer, type and region.
    pub metadata: Metadata,
    /// Its 64-bit document id ([`Manifest::document_id`]: stable when the root folder moves).
    pub id: u64,
    /// BLAKE3 hash of its normalised text (the analysed text without white space), by which a
    /// copy of the same document in another file or format is recognised; empty for an empty
    /// document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text_hash: String,
    /// Other files (root-relative paths) with the same normalised text: indexed once, here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

/// All files in the index, keyed by [`super::schema::doc_key`], and the roots they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The roots indexed so far (absolute paths), sorted.
    pub roots: Vec<String>,
    /// The files, by document key.
    pub files: BTreeMap<String, FileEntry>,
    /// The name each root is known by in document ids (see [`Manifest::root_label`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub root_labels: BTreeMap<String, String>,
}

/// The commit payload: which manifest belongs to this commit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitPayload {
    /// The index format version.
    pub format: u32,
    /// The manifest file's name inside the index folder.
    pub manifest: String,
    /// BLAKE3 hash of the manifest file's bytes.
    pub manifest_hash: String,
    /// When the commit was made, in seconds since the Unix epoch.
    pub committed_at: u64,
}

impl Manifest {
    /// The name a root is known by in document ids: its folder's own name (`corpus`), so that
    /// the same folder indexed from another place gives the same ids. A second root of the same
    /// name in one index is told apart when first seen (`corpus~2`, then `corpus~3` …), so two
    /// roots holding the same relative path never share an id. Kept in the manifest, so a
    /// root's label never changes while the index knows the root.
    pub fn root_label(&mut self, root: &str) -> String {
        if let Some(label) = self.root_labels.get(root) {
            return label.clone();
        }
        let name = Path::new(root)
            .file_name()
            .map_or_else(|| root.to_owned(), |n| n.to_string_lossy().into_owned());
        let taken =
            |label: &str, labels: &BTreeMap<String, String>| labels.values().any(|l| l == label);
        let mut label = name.clone();
        let mut n = 2;
        while taken(&label, &self.root_labels) {
            label = format!("{name}~{n}");
            n += 1;
        }
        self.root_labels.insert(root.to_owned(), label.clone());
        label
    }

    /// The stable id of the document at `path` under `root`: from the root's label and the path
    /// inside it, not from where the root is on disk (see [`Manifest::root_label`]).
    pub fn document_id(&mut self, root: &str, path: &str) -> u64 {
        let label = self.root_label(root);
        super::schema::doc_id(&super::schema::doc_key(&label, path))
    }

    /// Reads the manifest a commit payload names, checking its hash.
    pub fn load(index_dir: &Path, payload: &CommitPayload) -> Result<Manifest> {
        let path = index_dir.join(&payload.manifest);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        if blake3::hash(&bytes).to_hex().as_str() != payload.manifest_hash {
            return Err(Error::CorruptIndex {
                path: index_dir.to_path_buf(),
                reason: format!(
                    "{} does not match the hash of the last commit",
                    payload.manifest
                ),
            });
        }
        serde_json::from_slice(&bytes).map_err(|e| Error::CorruptIndex {
            path: index_dir.to_path_buf(),
            reason: format!("{}: {e}", payload.manifest),
        })
    }

    /// Writes the manifest to a new file named after its hash; returns the file name and hash.
    pub fn write(&self, index_dir: &Path) -> Result<(String, String)> {
        let bytes = serde_json::to_vec(self).expect("a manifest always serialises");
        let hash = blake3::hash(&bytes).to_hex().to_string();
        let name = format!("manifest-{}.json", &hash[..16]);
        let path = index_dir.join(&name);
        let tmp = index_dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, &bytes).map_err(|e| Error::io(&tmp, e))?;
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        Ok((name, hash))
    }

    /// Removes manifest files other than `keep` (left by earlier commits or killed runs).
    pub fn remove_others(index_dir: &Path, keep: &str) {
        let Ok(entries) = std::fs::read_dir(index_dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("manifest-") && name.ends_with(".json") && name != keep {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Total passages over all files.
    pub fn passage_count(&self) -> u64 {
        self.files.values().map(|f| u64::from(f.passages)).sum()
    }

    /// How many documents were read from each type of file, by extension (`docx`, `ofd` …): a
    /// member of a `.zip` counts under its own type, a row of a data export under its table's.
    pub fn documents_by_type(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for file in self.files.values() {
            let kind = file
                .path
                .rsplit('/')
                .find(|part| crate::ingest::format_of_name(part).is_ok())
                .and_then(|part| part.rsplit_once('.'))
                .map_or_else(|| "other".to_owned(), |(_, ext)| ext.to_lowercase());
            *counts.entry(kind).or_default() += 1;
        }
        counts
    }
}
