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

/// One paragraph of a passage's context, as `show DOC:LOC --json` prints it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ContextParagraph {
    /// 1-based line of the original file it starts on.
    pub line: u32,
    /// 1-based paragraph number.
    pub paragraph: u32,
    /// Section labels, outermost first.
    pub section: Vec<String>,
    /// The paragraph's original text.
    pub text: String,
    /// Whether it is one the location names (the others are context).
    pub target: bool,
}

/// Paragraphs read around a location with where they stand and the locators that read on either
/// side: what the MCP server's `read` and the web API's `/api/passages/{locator}` return (the
/// paragraphs as `show DOC:LOC --json` prints them).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PassageRead {
    /// The document's short id.
    pub doc_id: String,
    /// The document's title.
    pub title: String,
    /// The locator of the first paragraph asked for.
    pub id: String,
    /// The section path of the passage asked for.
    pub section: Vec<String>,
    /// The paragraphs, in order; `target` marks the ones asked for.
    pub paragraphs: Vec<ContextParagraph>,
    /// The locator of the paragraph before the first returned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// The locator that reads on past the last paragraph returned, if the document goes on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Whether the file changed since it was indexed (the text is the file's as it is now).
    pub changed: bool,
}

/// How much one read returns.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    /// Paragraphs of context either side of a location.
    pub around: usize,
    /// Paragraphs from the start when no location is given (the document itself is read).
    pub from_start: usize,
    /// Characters after which no paragraph past the ones asked for is added.
    pub characters: usize,
}

/// Reads the indexed document `entry` (opened as `opened`) at `location`, or from its start
/// when there is none, within `limits`.
pub fn read_around(
    entry: &crate::index::manifest::FileEntry,
    opened: &crate::index::lookup::OpenedDocument,
    location: Option<Location>,
    limits: ReadLimits,
) -> Result<PassageRead> {
    use crate::index::schema::{passage_locator, short_id};
    let document = &opened.document;
    let (location, around) = match location {
        Some(location) => (location, limits.around),
        None => {
            let first = document
                .passages
                .first()
                .ok_or_else(|| Error::Argument(format!("{} holds no text", entry.path)))?;
            (
                Location::Line(first.line),
                limits.from_start.saturating_sub(1),
            )
        }
    };
    let (section, mut paragraphs) = context(document, location, around)?;
    keep_within(&mut paragraphs, limits.characters);
    let first = paragraphs.first().map_or(0, |p| p.paragraph);
    let last = paragraphs.last().map_or(0, |p| p.paragraph);
    let next = document
        .passages
        .iter()
        .find(|p| p.paragraph > last)
        .map(|p| passage_locator(entry.id, p.line));
    let previous = document
        .passages
        .iter()
        .rev()
        .find(|p| p.paragraph < first)
        .map(|p| passage_locator(entry.id, p.line));
    let first_target = paragraphs.iter().find(|p| p.target).map_or(0, |p| p.line);
    Ok(PassageRead {
        doc_id: short_id(entry.id),
        title: document.metadata.title.clone(),
        id: passage_locator(entry.id, first_target),
        section,
        paragraphs,
        previous,
        next,
        changed: opened.changed,
    })
}

/// Drops the paragraphs after the last one asked for that take the characters returned past
/// `budget` (the ones asked for are always kept).
fn keep_within(paragraphs: &mut Vec<ContextParagraph>, budget: usize) {
    let last_target = paragraphs.iter().rposition(|p| p.target).unwrap_or(0);
    let mut used = 0;
    let mut keep = paragraphs.len();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        used += paragraph.text.chars().count();
        if i > last_target && used > budget {
            keep = i;
            break;
        }
    }
    paragraphs.truncate(keep);
}

/// The paragraphs a location names with `context` paragraphs either side, in order, and the
/// section path of the first one named.
pub fn context(
    document: &Document,
    location: Location,
    context: usize,
) -> Result<(Vec<String>, Vec<ContextParagraph>)> {
    let targets = passages_at(document, location)?;
    let first = targets.first().map_or(0, |p| p.paragraph);
    let last = targets.last().map_or(0, |p| p.paragraph);
    let context = u32::try_from(context).unwrap_or(u32::MAX);
    let from = first.saturating_sub(context).max(1);
    let to = last.saturating_add(context);
    let mut paragraphs: Vec<ContextParagraph> = Vec::new();
    for passage in &document.passages {
        if passage.paragraph < from || passage.paragraph > to {
            continue;
        }
        match paragraphs.last_mut() {
            Some(shown) if shown.paragraph == passage.paragraph => {
                shown.text.push_str(document.passage_text(passage))
            }
            _ => paragraphs.push(ContextParagraph {
                line: passage.line,
                paragraph: passage.paragraph,
                section: document
                    .section_path(passage)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                text: document.passage_text(passage).to_owned(),
                target: passage.paragraph >= first && passage.paragraph <= last,
            }),
        }
    }
    let path = targets
        .first()
        .map(|p| {
            document
                .section_path(p)
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok((path, paragraphs))
}

/// A checkable citation of one or more consecutive passages.
///
/// Its place labels exactly the span it quotes: one 款 or a range of them (none when it quotes a
/// whole article, which its section path names), the first paragraph and line or a range of
/// them. Its metadata is what the document states, each field absent when it states nothing;
/// the JSON names are the ones every command uses.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Citation {
    /// The document's title.
    pub title: String,
    /// The document's path relative to its root.
    pub path: String,
    /// The root it was indexed from.
    pub root: String,
    /// Section labels, outermost first.
    pub section: Vec<String>,
    /// 1-based paragraph number of the first passage quoted.
    pub paragraph: u32,
    /// The last paragraph quoted, when the quote runs over several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph_end: Option<u32>,
    /// 1-based line of the first passage quoted in the original file.
    pub line: u32,
    /// The line the last passage quoted starts on, when the quote runs over several lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_end: Option<u32>,
    /// For a PDF, the page the passage starts on and its line on that page (counted in the
    /// extracted text, from the page's first line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageLine>,
    /// For a table (.csv, .xlsx …), the sheet and row the passage is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<SheetRow>,
    /// The article's paragraph (款) quoted, inside a law's article; absent when the whole
    /// article is quoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<u32>,
    /// The last 款 quoted, when the quote runs over several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause_end: Option<u32>,
    /// The sentence quoted, when one was asked for (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<usize>,
    /// The quoted text, without Markdown markup.
    pub text: String,
    /// The document's own date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The date the web page it was scraped from stamped on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_date: Option<String>,
    /// The document type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    /// The issuing body, where the document states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The document's own number (发文字号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The address it was taken from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A page of a PDF and a line on it, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PageLine {
    /// The page.
    pub page: u32,
    /// The line on the page.
    pub line: u32,
}

/// A row of a table: its sheet (in a workbook) and its number, both as the table shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SheetRow {
    /// The sheet's name; absent for a .csv.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based row.
    pub row: u32,
}

/// The page and line on the page of line `line` of a PDF's or an OFD's extracted text.
fn page_line(document: &Document, line: u32) -> Option<PageLine> {
    use crate::document::Format;
    if !matches!(document.format, Format::Pdf | Format::Ofd) {
        return None;
    }
    let (page, line) = crate::ingest::pdf::page_of_line(&document.text, line)?;
    Some(PageLine { page, line })
}

/// Splits text into sentences, each keeping its closing punctuation (and closing quotes); see
/// [`crate::text::sentence_ranges`].
pub fn sentences(text: &str) -> Vec<&str> {
    crate::text::sentence_ranges(text)
        .into_iter()
        .map(|range| &text[range])
        .collect()
}

/// Removes Markdown markup from quoted text, line by line: heading markers (`## `), block-quote
/// and list markers at the start of a line (`> `, `- `, `* `, `+ `), emphasis (`**`, `__`, but
/// not a longer run of underscores, which is a form's blank), code ticks, link and image
/// syntax (the link text stays, the address goes) and HTML tags (`<br>`). A file that writes
/// `- **第三十二条**　　年度考核…` is quoted as `第三十二条　　年度考核…`.
pub fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let mut rest = line;
        loop {
            let trimmed = rest.trim_start_matches([' ', '\t']);
            let hashes = trimmed.chars().take_while(|&c| c == '#').count();
            let next = if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
                &trimmed[hashes + 1..]
            } else if let Some(r) = ["> ", "- ", "* ", "+ "]
                .iter()
                .find_map(|m| trimmed.strip_prefix(m))
            {
                r
            } else if trimmed == ">" {
                ""
            } else {
                break;
            };
            rest = next;
        }
        out.push_str(&strip_inline_markup(rest));
    }
    out
}

/// The inline part of [`strip_markup`].
fn strip_inline_markup(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '_' => {
                let run = chars[i..].iter().take_while(|&&x| x == c).count();
                // `**` and `__` are emphasis; `***` is both; a run of underscores is a blank.
                let markup = if c == '*' { run >= 2 } else { run == 2 };
                if !markup {
                    out.extend(&chars[i..i + run]);
                }
                i += run;
            }
            '`' => i += 1,
            '!' if chars.get(i + 1) == Some(&'[') => i += 1,
            '[' => match link_end(&chars, i) {
                Some((text_end, end)) => {
                    out.push_str(&strip_inline_markup(
                        &chars[i + 1..text_end].iter().collect::<String>(),
                    ));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => match tag_end(&chars, i) {
                Some(end) => i = end,
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// For a `[text](address)` at `open`: where its text ends (the `]`) and one past its `)`.
fn link_end(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let close = open + chars[open..].iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let paren = close + 1 + chars[close + 1..].iter().position(|&c| c == ')')?;
    Some((close, paren + 1))
}

/// One past the `>` of an HTML tag (`<br>`, `</p>`, `<span class="x">`) at `open`.
fn tag_end(chars: &[char], open: usize) -> Option<usize> {
    let mut i = open + 1;
    if chars.get(i) == Some(&'/') {
        i += 1;
    }
    let letters = chars[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if letters == 0 || !matches!(chars.get(i + letters), Some('>' | ' ' | '/')) {
        return None;
    }
    let close = i + chars[i..].iter().take(200).position(|&c| c == '>')?;
    Some(close + 1)
}

/// Builds the citation of `passages` (consecutive, of `document`), quoting sentence `sentence`
/// (1-based) of their text when given. The place names the passages the quote comes from.
pub fn cite(
    document: &Document,
    root: &str,
    passages: &[&Passage],
    sentence: Option<usize>,
) -> Result<Citation> {
    if passages.is_empty() {
        return Err(Error::Argument("nothing to cite".into()));
    }
    let markdown = document.format == crate::document::Format::Markdown;
    // The text, and where each passage lies in it.
    let mut text = String::new();
    let mut spans = Vec::with_capacity(passages.len());
    let mut last_paragraph = None;
    for passage in passages {
        // Windows of one paragraph join without a break; paragraphs with one.
        if last_paragraph.is_some() && last_paragraph != Some(passage.paragraph) {
            text.push('\n');
        }
        let own = document.passage_text(passage);
        let own = if markdown {
            strip_markup(own)
        } else {
            own.to_owned()
        };
        let start = text.len();
        text.push_str(&own);
        spans.push((start, text.len()));
        last_paragraph = Some(passage.paragraph);
    }
    let mut quoted: Vec<&Passage> = passages.to_vec();
    if let Some(k) = sentence {
        let all = crate::text::sentence_ranges(&text);
        if k == 0 || k > all.len() {
            return Err(Error::Argument(format!(
                "sentence {k} is out of range: the passage has {} sentences",
                all.len()
            )));
        }
        let (from, to) = (all[k - 1].start, all[k - 1].end);
        quoted = passages
            .iter()
            .zip(&spans)
            .filter(|(_, &(start, end))| start < to && from < end.max(start + 1))
            .map(|(p, _)| *p)
            .collect();
        if quoted.is_empty() {
            quoted = vec![passages[0]];
        }
        text = text[from..to].to_owned();
    }
    let first = quoted[0];
    let last = quoted[quoted.len() - 1];
    // A whole article is named by its section path; part of one by its 款.
    let whole_article = first.clause.is_some()
        && quoted.len()
            == document
                .passages
                .iter()
                .filter(|p| p.section == first.section)
                .count();
    let (clause, clause_end) = if whole_article {
        (None, None)
    } else {
        (
            first.clause,
            last.clause.filter(|&c| Some(c) != first.clause),
        )
    };
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
        paragraph_end: Some(last.paragraph).filter(|&p| p != first.paragraph),
        line: first.line,
        line_end: Some(last.line).filter(|&l| l != first.line),
        page: page_line(document, first.line),
        row: crate::ingest::table::sheet_row(document, first.line)
            .map(|(sheet, row)| SheetRow { sheet, row }),
        clause,
        clause_end,
        sentence,
        text,
        date: meta.date.clone(),
        page_date: meta.page_date.clone(),
        doc_type: meta.doc_type.clone(),
        issuer: meta.issuer.clone(),
        number: meta.doc_number.clone(),
        region: meta.region.clone(),
        url: meta.url.clone(),
    })
}

impl Citation {
    /// The citation of a search hit (the passage as indexed, its Markdown markup removed).
    pub fn from_hit(hit: &crate::search::Hit) -> Citation {
        let text = if hit.path.ends_with(".md") || hit.path.ends_with(".markdown") {
            strip_markup(&hit.text)
        } else {
            hit.text.clone()
        };
        Citation {
            title: hit.title.clone(),
            path: hit.path.clone(),
            root: hit.root.clone(),
            section: hit.section.clone(),
            paragraph: hit.paragraph as u32,
            paragraph_end: None,
            line: hit.line as u32,
            line_end: None,
            page: None,
            row: None,
            clause: hit.clause.map(|c| c as u32),
            clause_end: None,
            sentence: None,
            text,
            date: hit.date.clone(),
            page_date: hit.page_date.clone(),
            doc_type: hit.doc_type.clone(),
            issuer: hit.issuer.clone(),
            number: hit.number.clone(),
            region: hit.region.clone(),
            url: None,
        }
    }

    /// Where the passage is, in words: `三、… › (一)…，第21段，第32行`; a quote over several
    /// 款, paragraphs or lines names their range (`第1—3款`, `第12—14段`, `第20—22行`).
    pub fn place(&self) -> String {
        let range = |unit: &str, first: u32, last: Option<u32>| match last {
            Some(last) => format!("第{first}—{last}{unit}"),
            None => format!("第{first}{unit}"),
        };
        let mut parts = Vec::new();
        if !self.section.is_empty() {
            parts.push(self.section.join(" › "));
        }
        if let Some(clause) = self.clause {
            parts.push(range("款", clause, self.clause_end));
        }
        parts.push(range("段", self.paragraph, self.paragraph_end));
        match (&self.page, &self.row) {
            (Some(PageLine { page, line }), _) => parts.push(format!("第{page}页第{line}行")),
            (None, Some(SheetRow { sheet, row })) => parts.push(match sheet {
                Some(sheet) => format!("{sheet} 第{row}行"),
                None => format!("第{row}行"),
            }),
            (None, None) => parts.push(range("行", self.line, self.line_end)),
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

    /// The GB/T 7714-2015 document type code of the cited document, with `/OL` when it is known
    /// online (it has an address): R for a report or communiqué (R/OL online), S for a standard
    /// (S/OL), and for a law, regulation, notice or any other official document Z, or EB/OL
    /// (an electronic resource) online.
    pub fn gbt7714_type(&self) -> String {
        let base = match self.doc_type.as_deref() {
            Some(t) if t.contains("报告") || t.contains("公报") => "R",
            Some("标准") => "S",
            _ => "Z",
        };
        match (base, self.url.is_some()) {
            ("Z", true) => "EB/OL".to_owned(),
            (base, true) => format!("{base}/OL"),
            (base, false) => base.to_owned(),
        }
    }

    /// A GB/T 7714-2015 reference built only from what the document states:
    ///
    /// * offline: `[1] 主要责任者. 题名: 其他题名信息[类型]. 日期.`
    /// * online (an address is known): `[1] 主要责任者. 题名: 其他题名信息[类型/OL].
    ///   (更新或修改日期)[引用日期]. 获取和访问路径.`
    ///
    /// The 主要责任者 is the issuer the text states (up to three, then `等`), left out when it
    /// states none (the standard allows this under the numbered system); a region is never put
    /// there. The 发文字号 is 其他题名信息, after a colon, as the standard does with a standard's
    /// or a patent's number. The date offline is the document's own, else its page's stamp;
    /// online, the 更新或修改日期 is the page's stamp, else the document's date. `accessed` is
    /// the 引用日期 (`YYYY-MM-DD`), used online only.
    pub fn gbt7714(&self, accessed: &str) -> String {
        let issuers: Vec<&str> = self
            .issuer
            .as_deref()
            .map(|i| i.split('、').filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        let creator = match issuers.len() {
            0 => String::new(),
            1..=3 => format!("{}. ", issuers.join(", ")),
            _ => format!("{}, 等. ", issuers[..3].join(", ")),
        };
        let number = self
            .number
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        let code = self.gbt7714_type();
        let head = format!("[1] {creator}{}{number}[{code}].", self.title);
        match &self.url {
            Some(url) => {
                let updated = self
                    .page_date
                    .as_deref()
                    .or(self.date.as_deref())
                    .map(|d| format!("({d})"))
                    .unwrap_or_default();
                format!("{head} {updated}[{accessed}]. {url}.")
            }
            None => match self.date.as_deref().or(self.page_date.as_deref()) {
                Some(date) => format!("{head} {date}."),
                None => head,
            },
        }
    }

    /// The citation in one of the formats of `cite --format`; `accessed` is the 引用日期 of
    /// GB/T 7714 references to online sources.
    pub fn format(&self, format: CiteFormat, accessed: &str) -> String {
        match format {
            CiteFormat::Plain => self.plain(),
            CiteFormat::Markdown => self.markdown(),
            CiteFormat::Gbt7714 => self.gbt7714(accessed),
            CiteFormat::Json => serde_json::to_string(self).unwrap_or_default(),
        }
    }
}

/// The formats a citation is written in (`cite --format`, `search --cite --format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CiteFormat {
    /// One line: 《title》place：“text”（path:line）.
    Plain,
    /// A Markdown block quote with its source.
    Markdown,
    /// One JSON object.
    Json,
    /// A GB/T 7714-2015 reference.
    Gbt7714,
}

/// Today's date in UTC as `YYYY-MM-DD`: the default 引用日期.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// The proleptic Gregorian date of a day counted from 1970-01-01, as `YYYY-MM-DD` (Howard
/// Hinnant's `civil_from_days`).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Checks a `--accessed` date: `YYYY-MM-DD`, a real month and day.
pub fn check_accessed(date: &str) -> Result<()> {
    let parts: Vec<&str> = date.split('-').collect();
    let ok = matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2)
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && (1..=12).contains(&parts[1].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&parts[2].parse::<u32>().unwrap_or(0));
    if ok {
        Ok(())
    } else {
        Err(Error::Argument(format!(
            "--accessed {date}: expected a date as YYYY-MM-DD"
        )))
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
    fn markup_is_stripped_from_quotes() {
        assert_eq!(
            strip_markup("第三十二条**　　年度考核结果为优秀的，给予嘉奖。"),
            "第三十二条　　年度考核结果为优秀的，给予嘉奖。"
        );
        assert_eq!(
            strip_markup("- **第一条**　　为了规范某某工作，制定本规定。"),
            "第一条　　为了规范某某工作，制定本规定。"
        );
        assert_eq!(
            strip_markup("## 第一章\n> 见[通知](https://x.cn/a.htm)。<br>`代码`"),
            "第一章\n见通知。代码"
        );
        // A form's blank and a lone asterisk are text.
        assert_eq!(strip_markup("____年__月"), "____年月");
        assert_eq!(strip_markup("注*：以上"), "注*：以上");
    }

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_813), "2024-03-31");
        assert_eq!(civil_date(19_814), "2024-04-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert!(check_accessed("2025-01-02").is_ok());
        for bad in ["2025-1-2", "2025-13-01", "20250102", "today"] {
            assert!(check_accessed(bad).is_err(), "{bad}");
        }
    }

    fn made_up_citation() -> Citation {
        Citation {
            title: "某某条例".into(),
            path: "x.md".into(),
            root: "/r".into(),
            section: vec!["第二章".into(), "第十二条".into()],
            paragraph: 22,
            paragraph_end: None,
            line: 45,
            line_end: None,
            page: None,
            row: None,
            clause: None,
            clause_end: None,
            sentence: None,
            text: "某某。".into(),
            date: None,
            page_date: None,
            doc_type: None,
            issuer: None,
            number: None,
            region: Some("某某市".into()),
            url: None,
        }
    }

    /// The shapes of the standard's own examples (its Appendix A): `中国互联网络信息中心.
    /// 第29次中国互联网络发展现状统计报告[R/OL]. (2012-01-16)[2013-03-26]. http://….`, a
    /// number as 其他题名信息 after a colon (`…: GB/T 25100—2010[S]`), creators joined by `, `.
    #[test]
    fn gbt7714_uses_only_stated_fields_and_the_standards_codes() {
        let mut c = made_up_citation();
        // Nothing stated but the title: no creator (never the region), no date.
        assert_eq!(c.gbt7714("2025-01-02"), "[1] 某某条例[Z].");
        c.doc_type = Some("调研报告".into());
        c.page_date = Some("2024-04-01".into());
        assert_eq!(c.gbt7714("2025-01-02"), "[1] 某某条例[R]. 2024-04-01.");
        c.doc_type = Some("通知".into());
        c.issuer = Some("某某部、某某委员会".into());
        c.number = Some("某发〔2019〕5号".into());
        c.date = Some("2019-03-05".into());
        assert_eq!(
            c.gbt7714("2025-01-02"),
            "[1] 某某部, 某某委员会. 某某条例: 某发〔2019〕5号[Z]. 2019-03-05."
        );
        c.url = Some("https://www.example.cn/a.htm".into());
        assert_eq!(
            c.gbt7714("2025-01-02"),
            "[1] 某某部, 某某委员会. 某某条例: 某发〔2019〕5号[EB/OL]. (2024-04-01)[2025-01-02]. https://www.example.cn/a.htm."
        );
        c.doc_type = Some("政府工作报告".into());
        c.page_date = None;
        c.number = None;
        c.issuer = Some("甲局、乙局、丙局、丁局".into());
        assert_eq!(
            c.gbt7714("2025-01-02"),
            "[1] 甲局, 乙局, 丙局, 等. 某某条例[R/OL]. (2019-03-05)[2025-01-02]. https://www.example.cn/a.htm."
        );
    }

    #[test]
    fn the_place_labels_the_span_quoted() {
        let mut c = made_up_citation();
        assert_eq!(c.place(), "第二章 › 第十二条，第22段，第45行");
        c.clause = Some(1);
        c.clause_end = Some(3);
        c.paragraph_end = Some(24);
        c.line_end = Some(49);
        assert_eq!(
            c.place(),
            "第二章 › 第十二条，第1—3款，第22—24段，第45—49行"
        );
    }

    #[test]
    fn sentences_keep_their_punctuation_and_quotes() {
        assert_eq!(
            sentences("一是优化机构。二是“见章盖章。”三是服务"),
            ["一是优化机构。", "二是“见章盖章。”", "三是服务"]
        );
    }

    #[test]
    fn reads_stop_after_their_budget_but_keep_what_was_asked() {
        let paragraph = |line: u32, target: bool| ContextParagraph {
            line,
            paragraph: line,
            section: Vec::new(),
            text: "编".repeat(100),
            target,
        };
        let mut paragraphs: Vec<_> = (1..=30).map(|k| paragraph(k, k <= 12)).collect();
        keep_within(&mut paragraphs, 500);
        assert_eq!(
            paragraphs.len(),
            12,
            "every paragraph asked for, nothing after"
        );
        let mut paragraphs: Vec<_> = (1..=30).map(|k| paragraph(k, k == 1)).collect();
        keep_within(&mut paragraphs, 500);
        assert_eq!(paragraphs.len(), 5);
    }
}
