//! Citations a reader can check: a passage's document, section path, paragraph and line, with
//! the quoted text, as plain text, Markdown, JSON or a GB/T 7714-2015 reference.
//!
//! Locations are a line number or a law's article (`第十二条`, `第12条`); `DOC:LOC` splits at the
//! last ASCII colon, because titles may contain the full-width `：`.

use serde::Serialize;

use crate::document::{Document, HeadingKind, Passage};
use crate::error::{Error, Result};

/// A place in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A 1-based line of the original file.
    Line(u32),
    /// A law's article, by number (`第十二条` is 12).
    Article(u32),
}

impl Location {
    /// Parses `32`, `第十二条`, `第12条`.
    pub fn parse(text: &str) -> Option<Location> {
        let text = text.trim();
        if let Ok(line) = text.parse::<u32>() {
            return Some(Location::Line(line));
        }
        let inner = text.strip_prefix('第')?.strip_suffix('条')?;
        let number = if inner.chars().all(|c| c.is_ascii_digit()) {
            inner.parse().ok()
        } else {
            crate::ingest::clean::chinese_number(inner)
        }?;
        Some(Location::Article(number))
    }
}

/// Splits `DOC:LOC` at the last ASCII colon when what follows is a location.
pub fn split_doc_location(spec: &str) -> (&str, Option<Location>) {
    if let Some((doc, loc)) = spec.rsplit_once(':') {
        if let Some(location) = Location::parse(loc) {
            return (doc, Some(location));
        }
    }
    (spec, None)
}

/// The passages a location covers: the paragraph on a line, or every paragraph of an article.
pub fn passages_at(document: &Document, location: Location) -> Result<Vec<&Passage>> {
    match location {
        Location::Line(line) => {
            let found: Vec<&Passage> = document
                .passages
                .iter()
                .filter(|p| p.line == line)
                .collect();
            if found.is_empty() {
                let last = document.text.lines().count();
                return Err(Error::Argument(if line == 0 || line as usize > last {
                    format!(
                        "line {line} is out of range: {} has {last} lines",
                        document.path
                    )
                } else {
                    format!(
                        "line {line} of {} holds no passage (it is blank or page furniture)",
                        document.path
                    )
                }));
            }
            Ok(found)
        }
        Location::Article(number) => {
            let section = document
                .sections
                .iter()
                .position(|s| s.kind == HeadingKind::Article && s.number == Some(number))
                .ok_or_else(|| {
                    let articles = document.sections.iter().filter(|s| s.kind == HeadingKind::Article).count();
                    Error::Argument(if articles == 0 {
                        format!("{} has no articles (第…条)", document.path)
                    } else {
                        format!("article {number} (第{number}条) is not in {}: it has {articles} articles", document.path)
                    })
                })? as u32;
            Ok(document
                .passages
                .iter()
                .filter(|p| p.section == Some(section))
                .collect())
        }
    }
}

/// A checkable citation of one or more consecutive passages.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// The document's title.
    pub title: String,
    /// The document's path relative to its root.
    pub path: String,
    /// The root it was indexed from.
    pub root: String,
    /// Section labels, outermost first.
    pub section: Vec<String>,
    /// 1-based paragraph number of the first passage.
    pub paragraph: u32,
    /// 1-based line of the first passage in the original file.
    pub line: u32,
    /// For a PDF, the page the passage starts on and its line on that page (counted in the
    /// extracted text, from the page's first line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageLine>,
    /// The article's paragraph (款), inside a law's article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<u32>,
    /// The sentence quoted, when one was asked for (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<usize>,
    /// The quoted text.
    pub text: String,
    /// The document's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The document type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    /// The issuing body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The document number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// A page of a PDF and a line on it, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageLine {
    /// The page.
    pub page: u32,
    /// The line on the page.
    pub line: u32,
}

/// The page and line on the page of line `line` of a PDF's extracted text.
fn page_line(document: &Document, line: u32) -> Option<PageLine> {
    if document.format != crate::document::Format::Pdf {
        return None;
    }
    let (page, line) = crate::ingest::pdf::page_of_line(&document.text, line)?;
    Some(PageLine { page, line })
}

/// Splits text into sentences, each keeping its closing punctuation (and closing quotes).
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, next)) = chars.peek() {
                if matches!(next, '”' | '’' | '」' | '』' | ')' | '）') {
                    end = j + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let piece = text[start..end].trim();
            if !piece.is_empty() {
                out.push(piece);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Builds the citation of `passages` (consecutive, of `document`), quoting sentence `sentence`
/// (1-based) of their text when given.
pub fn cite(
    document: &Document,
    root: &str,
    passages: &[&Passage],
    sentence: Option<usize>,
) -> Result<Citation> {
    let first = passages
        .first()
        .ok_or_else(|| Error::Argument("nothing to cite".into()))?;
    let mut text = String::new();
    let mut last_paragraph = None;
    for passage in passages {
        // Windows of one paragraph join without a break; paragraphs with one.
        if last_paragraph.is_some() && last_paragraph != Some(passage.paragraph) {
            text.push('\n');
        }
        text.push_str(document.passage_text(passage));
        last_paragraph = Some(passage.paragraph);
    }
    if let Some(k) = sentence {
        let all = sentences(&text);
        if k == 0 || k > all.len() {
            return Err(Error::Argument(format!(
                "sentence {k} is out of range: the passage has {} sentences",
                all.len()
            )));
        }
        text = all[k - 1].to_owned();
    }
    let meta = &document.metadata;
    Ok(Citation {
        title: meta.title.clone(),
        path: document.path.clone(),
        root: root.to_owned(),
        section: document
            .section_path(first)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        paragraph: first.paragraph,
        line: first.line,
        page: page_line(document, first.line),
        clause: first.clause,
        sentence,
        text,
        date: meta.date.clone(),
        doc_type: meta.doc_type.clone(),
        issuer: meta.issuer.clone(),
        number: meta.doc_number.clone(),
        region: meta.region.clone(),
    })
}

impl Citation {
    /// The citation of a search hit (the passage as indexed).
    pub fn from_hit(hit: &crate::search::Hit) -> Citation {
        Citation {
            title: hit.title.clone(),
            path: hit.path.clone(),
            root: hit.root.clone(),
            section: hit.section.clone(),
            paragraph: hit.paragraph as u32,
            line: hit.line as u32,
            page: None,
            clause: hit.clause.map(|c| c as u32),
            sentence: None,
            text: hit.text.clone(),
            date: hit.date.clone(),
            doc_type: hit.doc_type.clone(),
            issuer: None,
            number: hit.number.clone(),
            region: hit.region.clone(),
        }
    }

    /// Where the passage is, in words: `三、… › (一)…，第21段，第32行`.
    pub fn place(&self) -> String {
        let mut parts = Vec::new();
        if !self.section.is_empty() {
            parts.push(self.section.join(" › "));
        }
        if let Some(clause) = self.clause {
            parts.push(format!("第{clause}款"));
        }
        parts.push(format!("第{}段", self.paragraph));
        match self.page {
            Some(PageLine { page, line }) => parts.push(format!("第{page}页第{line}行")),
            None => parts.push(format!("第{}行", self.line)),
        }
        parts.join("，")
    }

    /// Plain text: `《title》place：“text”（path:line）`.
    pub fn plain(&self) -> String {
        format!(
            "《{}》{}：“{}”（{}:{}）",
            self.title,
            self.place(),
            self.text,
            self.path,
            self.line
        )
    }

    /// A Markdown block quote followed by its source line.
    pub fn markdown(&self) -> String {
        let quote: Vec<String> = self.text.lines().map(|l| format!("> {l}")).collect();
        format!(
            "{}\n>\n> — 《{}》{}（`{}:{}`）",
            quote.join("\n>\n"),
            self.title,
            self.place(),
            self.path,
            self.line
        )
    }

    /// A GB/T 7714-2015 reference: `责任者. 题名[类型标识]. 出版年.` with the document type code
    /// (R for reports, S for standards, Z for laws, regulations and other official documents).
    pub fn gbt7714(&self) -> String {
        let code = match self.doc_type.as_deref() {
            Some(t) if t.contains("报告") || t.contains("公报") => "R",
            Some("标准") => "S",
            _ => "Z",
        };
        let creator = self
            .issuer
            .clone()
            .or_else(|| self.region.clone())
            .map(|c| format!("{c}. "))
            .unwrap_or_default();
        let number = self
            .number
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let date = self
            .date
            .as_deref()
            .map(|d| format!(" {d}."))
            .unwrap_or_default();
        format!("[1] {creator}{}{number}[{code}].{date}", self.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_parse_in_both_numeral_systems() {
        assert_eq!(Location::parse("32"), Some(Location::Line(32)));
        assert_eq!(Location::parse("第十二条"), Some(Location::Article(12)));
        assert_eq!(Location::parse("第12条"), Some(Location::Article(12)));
        assert_eq!(Location::parse("第十二章"), None);
        assert_eq!(
            split_doc_location("行政许可法:第十二条"),
            ("行政许可法", Some(Location::Article(12)))
        );
        assert_eq!(split_doc_location("标题：副标题"), ("标题：副标题", None));
        assert_eq!(
            split_doc_location("a/b.txt:32"),
            ("a/b.txt", Some(Location::Line(32)))
        );
    }

    #[test]
    fn sentences_keep_their_punctuation_and_quotes() {
        assert_eq!(
            sentences("一是优化机构。二是“见章盖章。”三是服务"),
            ["一是优化机构。", "二是“见章盖章。”", "三是服务"]
        );
    }
}
