//! The index on disk: a tantivy index of passages, the analyser settings it was built with, and
//! the manifest of files committed with it.
//!
//! Files in an index folder: tantivy's own (`meta.json`, segment files), `zhengce-settings.json`
//! (format version and analyser fingerprint), `user-dict.txt` (the `--dict` file it was built
//! with) and `manifest-<hash>.json` (named by the last commit's payload).

pub mod build;
pub mod lookup;
pub mod manifest;
pub mod schema;
pub mod status;
pub mod stored;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::bigrams::BigramTokenizer;
use crate::analysis::dictionary::fingerprint_of;
use crate::analysis::words::WordsTokenizer;
use crate::analysis::Analyzer;
use crate::error::{Error, Result};
use manifest::{CommitPayload, Manifest};
use schema::Fields;

/// The on-disk format version; bumped when the schema or stored files change (3: document
/// cards name signing governments and short region names; 4: the document store is compressed
/// with zstd, which tantivy without that feature cannot read; 5: what a document's passages
/// share is stored once, on its card; 6: a card keeps the document's own date apart from the
/// stamp of the page it was scraped from, and its address; passages carry both date keys; 7:
/// the analyser reads traditional characters as simplified; 8: a passage's ordinal is a fast
/// field, so that the passage beside another is found without reading the document store).
pub const FORMAT_VERSION: u32 = 8;

/// File holding [`IndexSettings`].
pub const SETTINGS_FILE: &str = "zhengce-settings.json";
/// File holding the user dictionary the index was built with.
pub const USER_DICT_FILE: &str = "user-dict.txt";

/// What an index was built with; checked on every open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexSettings {
    /// The format version.
    pub format: u32,
    /// The analyser fingerprint ([`Analyzer::fingerprint`]).
    pub analyzer: String,
}

/// An open index: tantivy's handle, the fields, and the analyser it was built with.
pub struct IndexHandle {
    /// The index folder.
    pub dir: PathBuf,
    /// The tantivy index.
    pub index: tantivy::Index,
    /// The schema's fields.
    pub fields: Fields,
    /// The analyser (same dictionary as at index time).
    pub analyzer: Analyzer,
}

/// Whether `dir` holds a committed index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

impl IndexHandle {
    /// Opens the index in `dir`, checking its format and analyser settings.
    pub fn open(dir: &Path) -> Result<IndexHandle> {
        if !exists(dir) {
            return Err(Error::NoIndex { path: dir.into() });
        }
        let settings_path = dir.join(SETTINGS_FILE);
        let settings: IndexSettings = std::fs::read(&settings_path)
            .map_err(|e| Error::io(&settings_path, e))
            .and_then(|bytes| {
                serde_json::from_slice(&bytes).map_err(|e| Error::CorruptIndex {
                    path: dir.into(),
                    reason: format!("{SETTINGS_FILE}: {e}"),
                })
            })?;
        let dict_path = dir.join(USER_DICT_FILE);
        let user_dict =
            std::fs::read_to_string(&dict_path).map_err(|e| Error::io(&dict_path, e))?;
        if settings.format != FORMAT_VERSION {
            return Err(Error::IndexMismatch {
                path: dir.into(),
                found: format!("format {}", settings.format),
                expected: format!("format {FORMAT_VERSION}"),
            });
        }
        let expected = fingerprint_of(&user_dict);
        if settings.analyzer != expected {
            return Err(Error::IndexMismatch {
                path: dir.into(),
                found: format!("analyser {}", settings.analyzer),
                expected: format!("analyser {expected}"),
            });
        }
        let analyzer = Analyzer::new(&user_dict, &dict_path)?;
        let index = tantivy::Index::open_in_dir(dir)?;
        Ok(IndexHandle::new(dir, index, analyzer))
    }

    /// Wraps a tantivy index and its analyser, registering zhengce's tokenizers with it.
    pub fn new(dir: &Path, index: tantivy::Index, analyzer: Analyzer) -> IndexHandle {
        let (_, fields) = schema::build();
        register_tokenizers(&index, &analyzer);
        IndexHandle {
            dir: dir.into(),
            index,
            fields,
            analyzer,
        }
    }

    /// The payload of the last commit and the manifest it names.
    pub fn manifest(&self) -> Result<(CommitPayload, Manifest)> {
        let payload = last_payload(&self.index, &self.dir)?;
        let manifest = Manifest::load(&self.dir, &payload)?;
        Ok((payload, manifest))
    }

    /// A reader on the last commit.
    pub fn reader(&self) -> Result<tantivy::IndexReader> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?)
    }
}

/// How many times [`IndexHandle::commit_view`] reloads when a commit lands while it reads.
const VIEW_ATTEMPTS: usize = 5;

/// One commit of an index, whole: a searcher on its segments and the payload naming its
/// manifest, read so that both are of the same commit.
pub struct CommitView {
    /// A searcher on the commit's segments.
    pub searcher: tantivy::Searcher,
    /// The commit's payload (its manifest's name and hash, its time).
    pub payload: CommitPayload,
    /// The commit's opstamp, which changes with every commit.
    pub opstamp: u64,
}

impl IndexHandle {
    /// The last commit as one [`CommitView`]: `reader` is reloaded to it, and read again when
    /// another commit landed in between, so that the searcher's segments are the ones the
    /// payload's commit lists (a server answers each request from one commit, not from the
    /// segments of one and the manifest of the next).
    pub fn commit_view(&self, reader: &tantivy::IndexReader) -> Result<CommitView> {
        for _ in 0..VIEW_ATTEMPTS {
            let metas = self.index.load_metas()?;
            reader.reload()?;
            let searcher = reader.searcher();
            let listed: std::collections::BTreeMap<_, _> = metas
                .segments
                .iter()
                .map(|s| (s.id(), s.delete_opstamp()))
                .collect();
            if *searcher.generation().segments() == listed {
                let payload = payload_of(&metas, &self.dir)?;
                return Ok(CommitView {
                    searcher,
                    payload,
                    opstamp: metas.opstamp,
                });
            }
        }
        Err(Error::IndexBusy {
            path: self.dir.clone(),
        })
    }
}

/// The roots an index was built from, read without checking its analyser (so that
/// `index --rebuild` can re-read them after an upgrade changed the analyser).
pub fn recorded_roots(dir: &Path) -> Result<Vec<PathBuf>> {
    let index = tantivy::Index::open_in_dir(dir)?;
    let payload = last_payload(&index, dir)?;
    let manifest = Manifest::load(dir, &payload)?;
    Ok(manifest.roots.into_iter().map(PathBuf::from).collect())
}

/// The payload of an index's last commit.
fn last_payload(index: &tantivy::Index, dir: &Path) -> Result<CommitPayload> {
    payload_of(&index.load_metas()?, dir)
}

/// The payload of the commit `metas` describe.
fn payload_of(metas: &tantivy::IndexMeta, dir: &Path) -> Result<CommitPayload> {
    let payload = metas.payload.as_ref().ok_or_else(|| Error::CorruptIndex {
        path: dir.into(),
        reason: "the last commit names no manifest".into(),
    })?;
    serde_json::from_str(payload).map_err(|e| Error::CorruptIndex {
        path: dir.into(),
        reason: format!("commit payload: {e}"),
    })
}

/// Registers zhengce's tokenizers with a tantivy index.
pub fn register_tokenizers(index: &tantivy::Index, analyzer: &Analyzer) {
    index.tokenizers().register(
        schema::WORDS_TOKENIZER,
        WordsTokenizer::new(analyzer.clone()),
    );
    index
        .tokenizers()
        .register(schema::BIGRAMS_TOKENIZER, BigramTokenizer::default());
    index.tokenizers().register(
        schema::TERMS_TOKENIZER,
        tantivy::tokenizer::WhitespaceTokenizer::default(),
    );
}
