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
    /// An HTML page, read as the text of its main content, one block element per line.
    Html,
    /// A Word document (.docx), one paragraph or table row per line.
    Docx,
    /// A Word 97–2003 or WPS binary document (.doc, .wps), read like a .docx; also such a file
    /// that is really RTF.
    Doc,
    /// A table (.csv, .tsv, .xlsx, .xls, .et): each row a line, its cells labelled by their
    /// column's header, a workbook's sheets as sections; a data export whose rows are documents
    /// gives one text document per row (members `row-N`).
    Table,
    /// A PDF's text layer, each page's text after a `〔第N页〕` marker line.
    Pdf,
    /// An OFD (GB/T 33190) file's text, page by page like a PDF's (`〔第N页〕` marker lines),
    /// its lines in reading order from the positions of its text.
    Ofd,
    /// A `.zip` archive: the format of a found file only, never of a document (its members are
    /// read as documents of their own formats).
    Zip,
}

impl Format {
    /// Whether a file of this format may hold several documents, named as members under its
    /// path: a `.zip`'s files, a data export's rows.
    pub fn holds_documents(self) -> bool {
        matches!(self, Format::Zip | Format::Table)
    }
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

/// What kind of heading a section starts with; the order is the nesting order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingKind {
    /// `附件`: an annex, always at the top.
    Annex,
    /// A Markdown heading that follows no other pattern, by `#` level (1–6).
    Markdown(u8),
    /// `第一编`.
    Part,
    /// `第一章`.
    Chapter,
    /// `第一节`.
    Section,
    /// `第一条`: a law's article.
    Article,
    /// `一、`.
    Numbered,
    /// `(一)` or `（一）`.
    ParenNumbered,
    /// `1.` or `1、`.
    Arabic,
    /// `(1)` or `（1）`.
    ParenArabic,
}

/// One section of a document: its heading and where it sits in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Section {
    /// The kind of heading.
    pub kind: HeadingKind,
    /// The heading as cited: `三、规范创新经开区体制机制的建议`, `(一)理顺行政管理体制`,
    /// `第二章 行政许可的设定`, `第十二条`.
    pub label: String,
    /// The heading's number (`十二` of `第十二条` is 12), where it has one.
    pub number: Option<u32>,
    /// 1-based line of the heading in the original file.
    pub line: u32,
    /// The enclosing section, by index into the document's sections.
    pub parent: Option<u32>,
    /// 0 for a top-level section.
    pub depth: u32,
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
    /// 1-based number of the paragraph (non-empty line) in the document; the windows of one
    /// paragraph share it.
    pub paragraph: u32,
    /// The innermost section the passage belongs to, by index into [`Document::sections`].
    pub section: Option<u32>,
    /// Inside a law's article: which of its paragraphs (款) this is, 1-based.
    pub clause: Option<u32>,
}

/// What a reader of a format found out about one line of a document's text: a heading (a
/// Markdown `#`, a Word heading style, an HTML `<h1>`…), a table row, or ordinary text. The
/// structure parser reads it beside the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineRole {
    /// Ordinary text.
    Body,
    /// A heading, with its level (1–6).
    Heading(u8),
    /// A table row (`| a | b |`, a Word or HTML table row).
    TableRow,
    /// A heading that always starts a top-level section and is never the document's title: a
    /// workbook's sheet name.
    Sheet,
}

/// The level of government a document belongs to, read from its region
/// (`ingest::clean::region_level` reads it): the nation, a
/// province-level division (直辖市 included), a provincial capital or sub-provincial city, or
/// another prefecture-level place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// No region: a national document.
    National,
    /// A province, autonomous region, 直辖市 or special administrative region.
    Provincial,
    /// A provincial capital or a sub-provincial city (计划单列市).
    City,
    /// Any other place below a province (地级市, 自治州, 县 …).
    Prefecture,
}

impl Level {
    /// The name used on the command line and in JSON (`national`, `provincial`, `city`,
    /// `prefecture`).
    pub fn name(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Provincial => "provincial",
            Level::City => "city",
            Level::Prefecture => "prefecture",
        }
    }
}

/// What a document says about itself (or its path says for it): title, date, document number,
/// issuer, type, region, and the page stamp and address of a copy taken from the web. Filled in by ingest's
/// metadata cleaner. Every field but the title is absent when nothing states it: a
/// guessed field is worse than none.
///
/// In JSON (`show --json`, the manifest) the fields are named as everywhere else: `title`,
/// `date`, `date_source`, `page_date`, `year`, `number`, `issuer`, `type`, `region`, `url`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Metadata {
    /// The title shown in results and citations.
    pub title: String,
    /// The document's own date, ISO `YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when only that is
    /// known): its 成文日期, the date it was adopted, promulgated or took effect, the date line of
    /// a work report or a notice's signature — never the stamp of the site it was scraped from
    /// (see `page_date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where `date` was read: the text, the front matter, the title, the file name or a folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_source: Option<DateSource>,
    /// The date a web page stamped on its copy (`时间:2024-04-01 07:34:31`, `发布时间：…`): when the
    /// page was put up, not when the document was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_date: Option<String>,
    /// The year of `date` (the document's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// The document's own 发文字号 (in its header block, under its title or in its signature, never
    /// one its body cites), brackets normalised to 〔〕 (`衡编办〔2019〕37号`).
    #[serde(default, rename = "number", skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// The issuing body or author, where the text or its front matter states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Whether `issuer` was read from a dated line of the header that says the body adopted or
    /// issued the document (`…常务委员会第十六次会议通过`, `国务院令第588号公布`) rather than
    /// from its front matter, title, letterhead or signature. Such a body is its author, but not
    /// what a reader names it by, so search does not count it among the words that name the
    /// document (the legislatures of some 1,800 statutes would make 委员会 a word of most
    /// titles). Not stored: it matters only while indexing.
    #[serde(skip)]
    pub issuer_adopted: bool,
    /// The document type from the title (法律, 条例, 意见, 政府工作报告, 调研报告 …).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    /// The province, city or county the document belongs to, if any (a region, never an author).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The address the document was taken from, where its front matter gives one (`link:`,
    /// `url:`, or a `source:` that is a URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Metadata {
    /// The date that `--year`, `--since`, `--until` and `--sort date` go by: the document's own
    /// date, or, when it states none, the page's stamp. With `page_first` (`--page-date`), the
    /// page's stamp where there is one.
    pub fn filter_date(&self, page_first: bool) -> Option<&str> {
        if page_first {
            self.page_date.as_deref().or(self.date.as_deref())
        } else {
            self.date.as_deref().or(self.page_date.as_deref())
        }
    }
}

/// Where a document's own date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// A line of the text: a date line, a labelled date (`成文日期：`), an adoption note, a
    /// signature date.
    Text,
    /// The front matter (`date:`, `publication_date:`).
    FrontMatter,
    /// The title (`南京市政府工作报告（2012年1月12日 季建业）`).
    Title,
    /// The file name (`行政许可法(2019-04-23).md`, `2007.md`).
    FileName,
    /// A folder name (`reports/2007/…`): a year only.
    Folder,
}

impl DateSource {
    /// How `show` says where the date comes from.
    pub fn describe(self) -> &'static str {
        match self {
            DateSource::Text => "stated in the text",
            DateSource::FrontMatter => "from the front matter",
            DateSource::Title => "from the title",
            DateSource::FileName => "from the file name",
            DateSource::Folder => "from a folder name",
        }
    }
}

/// A decoded document, ready for structure and analysis.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the root it was indexed from, with `/` separators.
    pub path: String,
    /// Title, date, document number, issuer, type and region.
    pub metadata: Metadata,
    /// The file format.
    pub format: Format,
    /// The encoding the bytes were decoded from.
    pub encoding: Encoding,
    /// The decoded text (without a byte-order mark).
    pub text: String,
    /// The text as analysis sees it: same length as `text`, with markup bytes replaced by spaces,
    /// so every byte offset into it is also an offset into `text`.
    pub analysis_text: String,
    /// The section tree, flattened in document order.
    pub sections: Vec<Section>,
    /// The passages, in document order.
    pub passages: Vec<Passage>,
}

impl Document {
    /// The original text of a passage.
    pub fn passage_text(&self, passage: &Passage) -> &str {
        &self.text[passage.span.start..passage.span.end]
    }

    /// The labels of the sections enclosing a passage, outermost first
    /// (`["三、规范创新经开区体制机制的建议", "(一)理顺行政管理体制"]`).
    pub fn section_path(&self, passage: &Passage) -> Vec<&str> {
        section_path(&self.sections, passage.section)
    }

    /// The analysed text of a passage (markup masked), same length as its original text.
    pub fn passage_analysis_text(&self, passage: &Passage) -> &str {
        &self.analysis_text[passage.span.start..passage.span.end]
    }
}

/// The labels of section `innermost` and its ancestors, outermost first.
pub fn section_path(sections: &[Section], innermost: Option<u32>) -> Vec<&str> {
    let mut path = Vec::new();
    let mut at = innermost;
    while let Some(i) = at {
        let Some(section) = sections.get(i as usize) else {
            break;
        };
        path.push(section.label.as_str());
        at = section.parent;
    }
    path.reverse();
    path
}
