//! Ingest: files and folders → [`Document`]s.
//!
//! [`walk`] finds the files under a root (skipping hidden entries and the index folder) and
//! [`read_document`] turns one file's bytes into a document with its passages. Nothing here stops
//! a run: every file that cannot be read comes back as a [`Skip`] with its reason.

pub mod clean;
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
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| describe_io(&e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!("over the {} MB size limit", max_bytes / 1_000_000));
    }
    Ok(bytes)
}

/// Decodes a file's bytes, masks web-page furniture and markup out of analysis, reads the
/// metadata and splits the text into sections and passages.
pub fn read_document(found: &FoundFile, bytes: &[u8]) -> Result<Document, decode::DecodeError> {
    let (text, encoding) = decode::decode(bytes)?;
    let (mut analysis_text, roles) = match found.format {
        Format::Markdown => markdown::mask(&text),
        Format::Text => (text.clone(), Vec::new()),
    };
    let furniture = clean::furniture_lines(&text);
    mask_lines(&mut analysis_text, &furniture);
    let metadata = clean::extract_metadata(&text, &found.rel_path, found.format, &furniture);
    let structure = crate::structure::parse(&analysis_text, &roles);
    Ok(Document {
        path: found.rel_path.clone(),
        metadata,
        format: found.format,
        encoding,
        text,
        analysis_text,
        sections: structure.sections,
        passages: structure.passages,
    })
}

/// Blanks whole lines (by 0-based index) of a text, keeping its length: what is dropped from
/// analysis stays in the original, so line numbers and offsets do not move.
fn mask_lines(text: &mut String, lines: &[usize]) {
    if lines.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    let mut wanted = lines.iter().copied().peekable();
    let mut start = 0;
    for (index, line) in bytes.clone().split_inclusive(|&b| b == b'\n').enumerate() {
        while wanted.peek().is_some_and(|&w| w < index) {
            wanted.next();
        }
        if wanted.peek() == Some(&index) {
            let end = start + line.len() - usize::from(line.ends_with(b"\n"));
            bytes[start..end].fill(b' ');
        }
        start += line.len();
    }
    *text = String::from_utf8(bytes).expect("whole lines blanked keep UTF-8 valid");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines_are_masked_but_keep_their_bytes() {
        let mut text = "当前位置:首页 > 工作计划\n正文第一段。\n点击下载文档\n".to_owned();
        let len = text.len();
        mask_lines(&mut text, &[0, 2]);
        assert_eq!(text.len(), len);
        assert_eq!(
            text.lines().map(str::trim).collect::<Vec<_>>(),
            ["", "正文第一段。", ""]
        );
    }
}
