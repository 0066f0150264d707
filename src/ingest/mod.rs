//! Ingest: files and folders → [`Document`]s.
//!
//! [`walk`] finds the files under a root (skipping hidden entries and the index folder) and
//! [`read_file`] turns one file's bytes into documents with their passages: one for a text,
//! Markdown, HTML, Word, PDF or OFD file, one per supported member for a `.zip`. Text and Markdown
//! are decoded here; HTML, .docx, .doc, tables, .pdf, .ofd and .zip go through an [`sandbox::Extractor`] (a bounded child
//! process from the binary). Nothing here stops a run: every file (or archive member) that
//! cannot be read comes back as a [`Skip`] with its reason.

pub mod archive;
pub mod clean;
pub mod decode;
pub mod doc;
pub mod docx;
pub mod extract;
pub mod html;
pub mod markdown;
pub mod ofd;
pub mod pdf;
pub mod rtf;
pub mod sandbox;
pub mod table;

use std::path::{Path, PathBuf};

use crate::document::{Document, Format};
use extract::{ExtractError, Extracted, Part};
use sandbox::Extractor;

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
    format_of_name(&path.file_name()?.to_string_lossy()).ok()
}

/// The format a file name says it has, or why zhengce does not read it (with what to do
/// instead, where there is something).
pub fn format_of_name(name: &str) -> Result<Format, String> {
    let file_name = name.rsplit('/').next().unwrap_or(name);
    if file_name.starts_with("~$") {
        return Err("an Office lock file (~$…), not a document".into());
    }
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "text" => Ok(Format::Text),
        "md" | "markdown" => Ok(Format::Markdown),
        "html" | "htm" | "shtml" | "xhtml" => Ok(Format::Html),
        "docx" => Ok(Format::Docx),
        "zip" => Ok(Format::Zip),
        "csv" | "tsv" | "xlsx" | "xlsm" | "xls" | "et" | "ett" => Ok(Format::Table),
        "pdf" => Ok(Format::Pdf),
        "ofd" => Ok(Format::Ofd),
        "doc" | "wps" | "dot" | "wpt" => Ok(Format::Doc),
        "rar" | "7z" | "tar" | "gz" | "tgz" | "bz2" | "xz" | "arj" | "cab" => Err(format!(
            "archive .{ext} is not read (only .zip archives are opened); unpack it and index the folder"
        )),
        "" => Err("unsupported file type".into()),
        _ => Err(format!("unsupported file type .{ext}")),
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
        match format_of_name(&entry.file_name().to_string_lossy()) {
            Ok(format) => files.push(FoundFile {
                abs_path: path.to_path_buf(),
                rel_path,
                format,
            }),
            Err(reason) => skips.push(Skip {
                path: path.to_path_buf(),
                reason,
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

/// What one file gave: its documents (one, or one per member of a `.zip`) and the members of an
/// archive that were skipped.
#[derive(Debug, Default)]
pub struct FileContents {
    /// The documents, each with its path (`a/b.docx`, or `a/c.zip/d.docx` for a member).
    pub documents: Vec<Document>,
    /// Archive members that were not read, and why (paths as `a/c.zip/e.doc` on disk).
    pub skipped: Vec<Skip>,
}

/// Reads one file's bytes into documents: text and Markdown decoded here, the other formats
/// through `extractor`. An error means nothing of the file could be read.
pub fn read_file(
    found: &FoundFile,
    bytes: &[u8],
    extractor: &Extractor,
) -> Result<FileContents, ExtractError> {
    if !extract::is_extracted(found.format) {
        let limits = extract::Limits::default();
        let extracted = extract::extract_document(found.format, bytes, &limits)?;
        return Ok(FileContents {
            documents: vec![build_document(found.rel_path.clone(), extracted)],
            skipped: Vec::new(),
        });
    }
    let mut contents = FileContents::default();
    for part in extractor.extract(found.format, bytes)? {
        match part {
            Part::Document(extracted) => {
                let path = match &extracted.member {
                    Some(member) => format!("{}/{member}", found.rel_path),
                    None => found.rel_path.clone(),
                };
                contents.documents.push(build_document(path, extracted));
            }
            Part::Skipped { member, reason } => contents.skipped.push(Skip {
                path: found.abs_path.join(member),
                reason,
            }),
        }
    }
    Ok(contents)
}

/// Reads a text or Markdown file's bytes into its document (the formats that need no extractor).
pub fn read_document(found: &FoundFile, bytes: &[u8]) -> Result<Document, ExtractError> {
    let mut contents = read_file(found, bytes, &Extractor::InProcess)?;
    contents
        .documents
        .pop()
        .ok_or_else(|| ExtractError::Malformed("no document in the file".into()))
}

/// Masks web-page furniture and markup out of analysis, reads the metadata and splits the text
/// into sections and passages. The title a file states itself (a page's `<h1>`, a Word title)
/// wins over the one read from the text.
pub fn build_document(path: String, extracted: Extracted) -> Document {
    let Extracted {
        format,
        encoding,
        text,
        roles,
        title,
        fields,
        ..
    } = extracted;
    let (mut analysis_text, roles) = match format {
        Format::Markdown => markdown::mask(&text),
        _ => (text.clone(), roles),
    };
    // A table's rows are its data, never a web page's furniture.
    let mut furniture = if format == Format::Table {
        Vec::new()
    } else {
        clean::furniture_lines(&text)
    };
    if matches!(format, Format::Pdf | Format::Ofd) {
        furniture.extend(pdf::marker_lines(&text));
        furniture.sort_unstable();
        furniture.dedup();
    }
    mask_lines(&mut analysis_text, &furniture);
    let mut metadata = clean::extract_metadata_with(&text, &path, format, &furniture, &fields);
    if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
        metadata.title = title;
    }
    let structure = crate::structure::parse(&analysis_text, &roles);
    Document {
        path,
        metadata,
        format,
        encoding,
        text,
        analysis_text,
        sections: structure.sections,
        passages: structure.passages,
    }
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
