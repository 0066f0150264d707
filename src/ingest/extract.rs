//! Extraction: the bytes of a structured file (.html, .docx, .doc/.wps, tables, .pdf, .ofd, .zip) → plain text with line roles,
//! ready for the same metadata, structure and analysis as a text file.
//!
//! Everything here runs with bounded memory (decompression caps, a nesting cap, no recursion),
//! and it is what the child process of [`super::sandbox`] runs, so its results serialise.

use serde::{Deserialize, Serialize};

use super::markdown::LineRole;
use super::{archive, doc, docx, html, ofd, pdf, table};
use crate::document::{Encoding, Format};
use crate::text::is_wide;

/// The text taken out of one file (or one member of an archive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    /// The member's name inside its archive, `None` for a file of its own.
    pub member: Option<String>,
    /// The format the text came from.
    pub format: Format,
    /// The encoding the text was decoded from.
    pub encoding: Encoding,
    /// The text, one paragraph (or table row, or heading) per line.
    pub text: String,
    /// The role of each line of `text` (headings, table rows); shorter than the lines means body.
    pub roles: Vec<LineRole>,
    /// The title the file states (a Word title paragraph, a page's `<h1>` or `<title>`), if any.
    pub title: Option<String>,
    /// Metadata the file states beside its text, as front-matter keys and values (a data
    /// export's columns: `title`, `publish_date`, `region`, `url` …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
}

/// What extracting a file gave: a document, or a member of an archive that was not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    /// A document's text.
    Document(Extracted),
    /// A member of an archive that was skipped, and why.
    Skipped {
        /// The member's name inside the archive.
        member: String,
        /// Why, in words for the user.
        reason: String,
    },
}

/// Why a file could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExtractError {
    /// A format zhengce does not read, with what to do instead.
    Unsupported(String),
    /// The bytes are not text in an encoding zhengce reads (a binary file named `.txt`).
    NotText(String),
    /// The file is damaged or not what its name says.
    Malformed(String),
    /// The file is encrypted or password-protected.
    Encrypted,
    /// The file goes past a safety limit (a zip bomb, absurd nesting, a runaway extraction).
    Hostile(String),
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExtractError::Unsupported(why) | ExtractError::NotText(why) => write!(f, "{why}"),
            ExtractError::Malformed(why) => write!(f, "damaged or malformed: {why}"),
            ExtractError::Encrypted => write!(f, "encrypted (password-protected); not read"),
            ExtractError::Hostile(why) => write!(f, "refused as unsafe: {why}"),
        }
    }
}

/// How much an extraction may inflate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// The most bytes one archive member may inflate to.
    pub member_bytes: u64,
    /// The most bytes all the members read from one archive may inflate to together.
    pub total_bytes: u64,
    /// The most members an archive may list.
    pub members: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            member_bytes: 64 * 1024 * 1024,
            total_bytes: 256 * 1024 * 1024,
            members: 10_000,
        }
    }
}

/// Whether a format is read by an extractor (and so, from the binary, in a child process) rather
/// than decoded as text.
pub fn is_extracted(format: Format) -> bool {
    matches!(
        format,
        Format::Html
            | Format::Docx
            | Format::Doc
            | Format::Table
            | Format::Pdf
            | Format::Ofd
            | Format::Zip
    )
}

/// Extracts a file of an extracted format in this process, within `limits`.
pub fn extract(format: Format, bytes: &[u8], limits: &Limits) -> Result<Vec<Part>, ExtractError> {
    match format {
        Format::Zip => archive::extract(bytes, limits),
        Format::Table => table::extract(bytes, limits),
        _ => extract_document(format, bytes, limits).map(|e| vec![Part::Document(e)]),
    }
}

/// Extracts one document (not an archive) of any format zhengce reads.
pub fn extract_document(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Extracted, ExtractError> {
    match format {
        Format::Html => html::extract(bytes),
        Format::Docx => docx::extract(bytes, limits),
        Format::Doc => doc::extract(bytes, limits),
        Format::Table => {
            let mut parts = table::extract(bytes, limits)?.into_iter();
            match (parts.next(), parts.next()) {
                (Some(Part::Document(extracted)), None) => Ok(extracted),
                _ => Err(ExtractError::Unsupported(
                    "a table of several documents or cut at its row limit".into(),
                )),
            }
        }
        Format::Pdf => pdf::extract(bytes),
        Format::Ofd => ofd::extract(bytes, limits),
        Format::Text | Format::Markdown => {
            let (text, encoding) =
                super::decode::decode(bytes).map_err(|e| ExtractError::NotText(e.to_string()))?;
            Ok(Extracted {
                member: None,
                format,
                encoding,
                text,
                roles: Vec::new(),
                title: None,
                fields: Vec::new(),
            })
        }
        Format::Zip => Err(ExtractError::Unsupported(
            "an archive inside an archive is not opened".into(),
        )),
    }
}

/// A line as extracted text keeps it: whitespace runs collapsed to one space, trimmed, and no
/// space between two CJK characters (such a space comes from a line break in the source, or from
/// spacing out a form's label like `姓  名`, not from the words).
pub fn tidy_line(line: &str) -> String {
    let chars: Vec<char> = line
        .split_whitespace()
        .flat_map(|w| w.chars().chain([' ']))
        .collect();
    let chars = &chars[..chars.len().saturating_sub(1)];
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' '
            && i > 0
            && i + 1 < chars.len()
            && is_wide(chars[i - 1])
            && is_wide(chars[i + 1])
        {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_tidied() {
        assert_eq!(tidy_line("  姓  名\t职务 \n"), "姓名职务");
        assert_eq!(tidy_line("第 2 条 Article 2"), "第 2 条 Article 2");
        assert_eq!(tidy_line(""), "");
    }
}
