//! Finding documents in an index by what a user types — a path or path fragment, a title or
//! title fragment, or the short id search prints — and re-reading them from disk for `show` and
//! `cite`.

use std::path::{Path, PathBuf};

use super::manifest::{FileEntry, Manifest};
use super::schema;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::ingest::sandbox::Extractor;
use crate::ingest::{self, FoundFile};

/// How many candidates an ambiguity error lists.
const CANDIDATES_LISTED: usize = 12;

/// Every document whose path or title contains `pattern` (or whose id is `pattern`).
pub fn matching<'a>(manifest: &'a Manifest, pattern: &str) -> Vec<&'a FileEntry> {
    manifest
        .files
        .values()
        .filter(|e| {
            e.path.contains(pattern)
                || e.metadata.title.contains(pattern)
                || schema::short_id(e.id) == pattern
        })
        .collect()
}

/// The document keys a `--doc PATTERN` filter selects (documents whose path or title contains
/// it), or `None` without a pattern; a pattern that selects nothing is an error naming it.
pub fn document_filter(manifest: &Manifest, pattern: Option<&str>) -> Result<Option<Vec<String>>> {
    let Some(pattern) = pattern else {
        return Ok(None);
    };
    let keys: Vec<String> = matching(manifest, pattern)
        .into_iter()
        .map(|e| schema::doc_key(&e.root, &e.path))
        .collect();
    if keys.is_empty() {
        return Err(Error::Argument(format!(
            "--doc {pattern}: no document's path or title contains it"
        )));
    }
    Ok(Some(keys))
}

/// A document's outline as `show DOC --json` prints it: where it is, its id, its metadata, how
/// many passages it has and its section tree.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Outline {
    /// The document's path relative to its root.
    pub path: String,
    /// The root it was indexed from.
    pub root: String,
    /// The document's short id.
    pub doc_id: String,
    /// Title, date, number, issuer, type, region, address.
    #[serde(flatten)]
    pub metadata: crate::document::Metadata,
    /// How many passages it has.
    pub passages: usize,
    /// The section tree, flattened in document order.
    pub sections: Vec<crate::document::Section>,
}

impl Outline {
    /// The outline of an indexed document as re-read from disk.
    pub fn of(entry: &FileEntry, document: &Document) -> Outline {
        Outline {
            path: entry.path.clone(),
            root: entry.root.clone(),
            doc_id: schema::short_id(entry.id),
            metadata: document.metadata.clone(),
            passages: document.passages.len(),
            sections: document.sections.clone(),
        }
    }
}

/// The one document `spec` names: an exact id, path or title first, then a unique fragment.
/// Unknown or ambiguous is an error that lists the candidates.
pub fn resolve<'a>(manifest: &'a Manifest, spec: &str) -> Result<&'a FileEntry> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err(Error::Argument("no document given".into()));
    }
    let exact: Vec<&FileEntry> = manifest
        .files
        .values()
        .filter(|e| {
            schema::short_id(e.id) == spec
                || e.path == spec
                || e.metadata.title == spec
                || Path::new(&e.path).file_stem().is_some_and(|s| s == spec)
        })
        .collect();
    let candidates = if exact.is_empty() {
        matching(manifest, spec)
    } else {
        exact
    };
    match candidates.as_slice() {
        [one] => Ok(one),
        [] => {
            let closest = closest(manifest, spec);
            let (what, entries) = if closest.is_empty() {
                ("documents include", manifest.files.values().collect())
            } else {
                ("the closest are", closest)
            };
            Err(Error::Argument(format!(
                "no document matches `{spec}`; {what}:\n{}",
                list(entries)
            )))
        }
        many => Err(Error::Argument(format!(
            "`{spec}` matches {} documents; give more of the path or title, or the id:\n{}",
            many.len(),
            list(many.to_vec())
        ))),
    }
}

/// The documents whose title or path shares the most two-character pieces with `spec` (at least
/// one), most first, ties in manifest order: the candidates to list for a name that matches none.
fn closest<'a>(manifest: &'a Manifest, spec: &str) -> Vec<&'a FileEntry> {
    let chars: Vec<char> = spec.chars().collect();
    let pieces: Vec<String> = if chars.len() < 2 {
        vec![spec.to_owned()]
    } else {
        chars.windows(2).map(|w| w.iter().collect()).collect()
    };
    let mut scored: Vec<(usize, &FileEntry)> = manifest
        .files
        .values()
        .map(|e| {
            let shared = pieces
                .iter()
                .filter(|p| e.metadata.title.contains(p.as_str()) || e.path.contains(p.as_str()))
                .count();
            (shared, e)
        })
        .filter(|(shared, _)| *shared > 0)
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored.into_iter().map(|(_, e)| e).collect()
}

fn list(entries: Vec<&FileEntry>) -> String {
    let mut lines: Vec<String> = entries
        .iter()
        .take(CANDIDATES_LISTED)
        .map(|e| {
            format!(
                "  {}  {}  ({})",
                schema::short_id(e.id),
                e.metadata.title,
                e.path
            )
        })
        .collect();
    if entries.len() > CANDIDATES_LISTED {
        lines.push(format!(
            "  … and {} more",
            entries.len() - CANDIDATES_LISTED
        ));
    }
    lines.join("\n")
}

/// Where a document's file is on disk.
pub fn file_path(entry: &FileEntry) -> PathBuf {
    let root = Path::new(&entry.root);
    let file_root = root.file_name().is_some_and(|n| n == entry.path.as_str()) && !root.is_dir();
    if file_root {
        root.to_path_buf()
    } else {
        root.join(&entry.path)
    }
}

/// A document re-read from disk, and whether its content changed since it was indexed.
pub struct OpenedDocument {
    /// The document as it is on disk now.
    pub document: Document,
    /// Where it is.
    pub file: PathBuf,
    /// Whether the file's content differs from what the index holds.
    pub changed: bool,
}

/// Re-reads an indexed document from disk, with the same structure the index was built from.
/// A member of a `.zip` is read again from its archive.
pub fn open(entry: &FileEntry) -> Result<OpenedDocument> {
    let path = file_path(entry);
    let (file, rel_path) = match archive_of(entry, &path) {
        Some(found) => found,
        None => (path, entry.path.clone()),
    };
    let bytes = ingest::read_bytes(&file, u64::MAX)
        .map_err(|reason| Error::Argument(format!("{}: {reason}", file.display())))?;
    let changed = blake3::hash(&bytes).to_hex().as_str() != entry.hash;
    let format = ingest::format_of(&file).ok_or_else(|| {
        Error::Argument(format!("{}: not a format zhengce reads", file.display()))
    })?;
    let found = FoundFile {
        abs_path: file.clone(),
        rel_path,
        format,
    };
    let contents = ingest::read_file(&found, &bytes, &Extractor::default())
        .map_err(|e| Error::Argument(format!("{}: {e}", file.display())))?;
    let document = contents
        .documents
        .into_iter()
        .find(|d| d.path == entry.path)
        .ok_or_else(|| {
            Error::Argument(format!(
                "{}: {} is no longer in it",
                file.display(),
                entry.path
            ))
        })?;
    Ok(OpenedDocument {
        document,
        file,
        changed,
    })
}

/// For a document that is a member of a `.zip` (its path runs through `….zip/`) or a row of a
/// data export (`….csv/row-3`), the file on disk and its root-relative path.
fn archive_of(entry: &FileEntry, path: &Path) -> Option<(PathBuf, String)> {
    if path.is_file() {
        return None;
    }
    let mut archive = PathBuf::from(&entry.root);
    let mut rel = Vec::new();
    let root_is_archive = archive.is_file();
    let parts: Vec<&str> = entry.path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 || !root_is_archive {
            archive.push(part);
        }
        rel.push(*part);
        if archive.is_file() && ingest::format_of(&archive).is_some_and(|f| f.holds_documents()) {
            return Some((archive, rel.join("/")));
        }
    }
    None
}
