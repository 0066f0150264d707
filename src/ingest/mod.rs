//! Ingest: files and folders → [`Document`]s.
//!
//! [`walk`] finds the files under a root (skipping hidden entries and the index folder) and
//! [`read_document`] turns one file's bytes into a document with its passages. Nothing here stops
//! a run: every file that cannot be read comes back as a [`Skip`] with its reason.

pub mod decode;
pub mod markdown;

use std::path::{Path, PathBuf};

use crate::document::{Document, Format};

/// The largest file read, in bytes; larger files are skipped with a reason.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file found under a root.
#[derive(Debug, Clone)]
pub struct FoundFile {
    /// Where the file is on disk.
    pub abs_path: PathBuf,
    /// Its path relative to the root, with `/` separators.
    pub rel_path: String,
    /// Its format, from the extension.
    pub format: Format,
}

/// A file (or folder) that was not indexed, and why.
#[derive(Debug, Clone)]
pub struct Skip {
    /// What was skipped.
    pub path: PathBuf,
    /// Why, in words for the user.
    pub reason: String,
}

/// The format a file name says it has, if zhengce reads that format.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Format::Text),
        "md" | "markdown" => Some(Format::Markdown),
        _ => None,
    }
}

/// Lists the readable-looking files under `root` (or `root` itself, if it is a file), sorted by
/// path. Hidden entries and anything inside `exclude` (the index folder) are passed over; files
/// of formats zhengce does not read, symlink loops and unreadable folders come back as skips.
pub fn walk(root: &Path, exclude: Option<&Path>) -> (Vec<FoundFile>, Vec<Skip>) {
    let mut files = Vec::new();
    let mut skips = Vec::new();
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.depth() > 0
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with('.'));
            let excluded = exclude.as_deref().is_some_and(|ex| {
                entry.file_type().is_dir() && entry.path().canonicalize().is_ok_and(|p| p == ex)
            });
            !hidden && !excluded
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.into());
                let reason = if err.loop_ancestor().is_some() {
                    "symlink loop".to_owned()
                } else if let Some(io) = err.io_error() {
                    describe_io(io)
                } else {
                    err.to_string()
                };
                skips.push(Skip { path, reason });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel_path = if entry.depth() == 0 {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            relative(root, path)
        };
        match format_of(path) {
            Some(format) => files.push(FoundFile {
                abs_path: path.to_path_buf(),
                rel_path,
                format,
            }),
            None => skips.push(Skip {
                path: path.to_path_buf(),
                reason: format!(
                    "unsupported file type{}",
                    path.extension()
                        .map(|e| format!(" .{}", e.to_string_lossy()))
                        .unwrap_or_default()
                ),
            }),
        }
    }
    (files, skips)
}

/// `path` relative to `root`, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// An I/O error in the words a user needs.
pub fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::NotFound => "not found".to_owned(),
        _ => err.to_string(),
    }
}

/// Reads a file's bytes, refusing files over `max_bytes`.
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| describe_io(&e))?;
    let size = file.metadata().map_err(|e| describe_io(&e))?.len();
    if size > max_bytes {
        return Err(format!(
            "{:.1} MB is over the {} MB size limit (--max-file-mb)",
            size as f64 / 1e6,
            max_bytes / 1_000_000
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| describe_io(&e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!("over the {} MB size limit", max_bytes / 1_000_000));
    }
    Ok(bytes)
}

/// Decodes a file's bytes and splits the text into passages.
pub fn read_document(found: &FoundFile, bytes: &[u8]) -> Result<Document, decode::DecodeError> {
    let (text, encoding) = decode::decode(bytes)?;
    let (analysis_text, roles) = match found.format {
        Format::Markdown => markdown::mask(&text),
        Format::Text => (text.clone(), Vec::new()),
    };
    let passages = crate::structure::passages(&analysis_text, &roles);
    let title = title_of(found, &text, &analysis_text, &passages);
    Ok(Document {
        path: found.rel_path.clone(),
        title,
        format: found.format,
        encoding,
        text,
        analysis_text,
        passages,
    })
}

/// The document's title: a Markdown front-matter `title:` or a `#` heading at the top, or else
/// the file name without its extension. (Titles from the text of plain documents come with
/// document structure.)
fn title_of(
    found: &FoundFile,
    text: &str,
    analysis: &str,
    passages: &[crate::document::Passage],
) -> String {
    if found.format == Format::Markdown {
        if let Some(title) = front_matter_title(text) {
            return title;
        }
        if let Some(first) = passages.first() {
            if first.kind == crate::document::PassageKind::Heading {
                return analysis[first.span.start..first.span.end].trim().to_owned();
            }
        }
    }
    Path::new(&found.rel_path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| found.rel_path.clone())
}

/// The `title:` of a YAML front matter block at the top of a Markdown text.
fn front_matter_title(text: &str) -> Option<String> {
    let mut lines = text.lines();
    if lines.next()?.trim() != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim() != "---")
        .find_map(|l| l.strip_prefix("title:"))
        .map(|t| t.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_front_matter_heading_or_file_name() {
        let found = |rel: &str| FoundFile {
            abs_path: rel.into(),
            rel_path: rel.into(),
            format: format_of(Path::new(rel)).unwrap(),
        };
        let doc = read_document(
            &found("a/2023.md"),
            "---\ntitle: 乐山市政府工作报告\n---\n正文。\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(doc.title, "乐山市政府工作报告");
        let doc = read_document(
            &found("law.md"),
            "# 中华人民共和国行政许可法\n\n第一条\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(doc.title, "中华人民共和国行政许可法");
        let doc = read_document(&found("x/报告.txt"), "# 不是标题\n".as_bytes()).unwrap();
        assert_eq!(doc.title, "报告");
    }
}
