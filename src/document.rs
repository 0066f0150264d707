//! The document model: the one vocabulary every stage after ingest speaks.
//!
//! A [`Document`] is a decoded file with its text; its [`Passage`]s are the units that are indexed,
//! searched and cited. Spans are byte ranges into [`Document::text`]; line numbers are the
//! original file's, 1-based.

use serde::{Deserialize, Serialize};

/// How a file's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16 little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian, with a byte-order mark.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

impl Encoding {
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030/GBK",
        }
    }
}

/// The file format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown, read as text with its markup masked out of analysis.
    Markdown,
}

/// A byte range `[start, end)` into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByteSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl ByteSpan {
    /// The span's length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// What kind of line a passage comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PassageKind {
    /// A paragraph of body text (or a window of a long one).
    Paragraph,
    /// A Markdown `#` heading.
    Heading,
    /// A row of a Markdown table.
    TableRow,
}

/// One indexed unit: a paragraph, or a window of an over-long paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// 0-based position of the passage in its document.
    pub ordinal: u32,
    /// 1-based line of the original file the passage starts on.
    pub line: u32,
    /// Where the passage lies in [`Document::text`].
    pub span: ByteSpan,
    /// What kind of line it is.
    pub kind: PassageKind,
}

/// A decoded document, ready for structure and analysis.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the root it was indexed from, with `/` separators.
    pub path: String,
    /// The title shown in results.
    pub title: String,
    /// The file format.
    pub format: Format,
    /// The encoding the bytes were decoded from.
    pub encoding: Encoding,
    /// The decoded text (without a byte-order mark).
    pub text: String,
    /// The text as analysis sees it: same length as `text`, with markup bytes replaced by spaces,
    /// so every byte offset into it is also an offset into `text`.
    pub analysis_text: String,
    /// The passages, in document order.
    pub passages: Vec<Passage>,
}

impl Document {
    /// The original text of a passage.
    pub fn passage_text(&self, passage: &Passage) -> &str {
        &self.text[passage.span.start..passage.span.end]
    }

    /// The analysed text of a passage (markup masked), same length as its original text.
    pub fn passage_analysis_text(&self, passage: &Passage) -> &str {
        &self.analysis_text[passage.span.start..passage.span.end]
    }
}
