//! Checking a draft's quotations against the indexed documents: for each quotation that claims a
//! source ([`quotes`]), whether the source is indexed, whether the text is there at the claimed
//! article, and if not, where it is, how near the closest text comes, and the true citation.
//!
//! A source is named by its stated metadata only: a document's own title (full, or without
//! `中华人民共和国` and a bracketed year or edition, so `《行政许可法》` names
//! 中华人民共和国行政许可法) or its own 发文字号 — never a number its body only cites. Text is
//! compared folded ([`crate::text::fold`]): width, white space, quotation-mark style and
//! traditional/simplified form do not count as differences.

pub mod matching;
pub mod quotes;

use std::collections::HashMap;
use std::rc::Rc;

use serde::Serialize;

use crate::cite::{cite, Citation};
use crate::document::{Document, HeadingKind, Passage};
use crate::error::Result;
use crate::index::lookup;
use crate::index::manifest::{FileEntry, Manifest};
use crate::index::schema::{passage_locator, short_id};
use crate::index::IndexHandle;
use crate::ingest::clean::normalize_doc_number;
use crate::search::{search, SearchRequest};
use crate::text::fold::{fold, Folded};
use crate::text::is_cjk;
use matching::{align, bigram_overlap, find_parts, render_diff};
pub use quotes::{quotations, Claim, Quotation, QuoteKind};

/// The least similarity (1 − characters changed, added or dropped ÷ the quotation's length) at
/// which a quotation that is not exact counts as **near**: at most one character in ten
/// differs.
pub const NEAR_THRESHOLD: f64 = 0.9;

/// What checking a quotation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The text is in the source at the claimed place (differences of width, white space and
    /// traditional/simplified form aside); for a bare 文号, a document has that number.
    Exact,
    /// A few characters differ: similarity at least [`NEAR_THRESHOLD`].
    Near,
    /// The text is exactly in the source but not at the claimed article, or in another
    /// document.
    Elsewhere,
    /// The source is indexed but the text is not in it (nor in another document).
    NotFound,
    /// No indexed document has the claimed title or number: the index may simply not hold it.
    UnknownSource,
}

impl Verdict {
    /// The verdict's name in plain output (the JSON one, with a space).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Exact => "exact",
            Verdict::Near => "near",
            Verdict::Elsewhere => "elsewhere",
            Verdict::NotFound => "not found",
            Verdict::UnknownSource => "unknown source",
        }
    }
}

/// How one indexed version of a source (several documents with one title: a 2015 and a 2025
/// text of a law) answered a quotation.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Version {
    /// The document's short id.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// Its date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The verdict against this version alone.
    pub verdict: Verdict,
}

/// The check of one quotation. The place fields (`id`, `doc_id` and the flattened citation's
/// `title`, `path`, `line`, `section`, `text` …) are those every command uses: where the text
/// truly is (for a near match, the text it nearly matches; for not found, the closest passage).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Check {
    /// 1-based order of the quotation in the draft.
    pub quotation: usize,
    /// 1-based line of the draft it is on.
    pub draft_line: usize,
    /// How it names its source.
    pub kind: QuoteKind,
    /// The quoted text as the draft writes it.
    pub quote: String,
    /// The source it claims.
    pub claimed: Claim,
    /// What was found.
    pub verdict: Verdict,
    /// What was found, in words: where the text is, what differs, what the index lacks.
    pub note: String,
    /// For near and not found, how similar the closest text is (see [`NEAR_THRESHOLD`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// For near and not found, the threshold a near match reaches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// For near, the difference written over the source's text: `[原文→引文]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// The passage locator (`DOC_ID:LINE`) of the text found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The short id of the document the text was found in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_id: Option<String>,
    /// The true citation of the text found.
    #[serde(flatten)]
    pub citation: Option<Citation>,
    /// Where several indexed documents share the claimed title: each one's verdict.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Version>,
}

/// Checks every quotation of `draft` that claims a source against the index, in draft order.
pub fn verify(handle: &IndexHandle, draft: &str) -> Result<Vec<Check>> {
    let (_, manifest) = handle.manifest()?;
    let mut checker = Checker {
        handle,
        manifest: &manifest,
        opened: HashMap::new(),
    };
    quotations(draft)
        .into_iter()
        .enumerate()
        .map(|(k, q)| checker.check(k + 1, q))
        .collect()
}

/// A document re-read for checking, folded once.
struct Opened {
    entry: FileEntry,
    document: Document,
    /// The analysed text (markup masked) folded, white space dropped.
    folded: Folded,
}

impl Opened {
    fn open(entry: &FileEntry) -> Result<Opened> {
        let opened = lookup::open(entry)?;
        let folded = Folded::new(&opened.document.analysis_text);
        Ok(Opened {
            entry: entry.clone(),
            document: opened.document,
            folded,
        })
    }

    /// The folded-character index where byte `at` of the text is (or the next kept one).
    fn folded_at(&self, at: usize) -> usize {
        self.folded.starts.partition_point(|&s| s < at)
    }

    /// The folded-character range of the passages of article `number`, if it has one.
    fn article_range(&self, number: u32) -> Option<std::ops::Range<usize>> {
        let doc = &self.document;
        let section = doc
            .sections
            .iter()
            .position(|s| s.kind == HeadingKind::Article && s.number == Some(number))?;
        let passages: Vec<&Passage> = doc
            .passages
            .iter()
            .filter(|p| article_of(doc, p).is_some_and(|(s, _)| s == section))
            .collect();
        let first = passages.first()?;
        let last = passages.last()?;
        Some(self.folded_at(first.span.start)..self.folded_at(last.span.end))
    }

    /// The passages the folded range `range` overlaps (at least one: the nearest).
    fn passages_over(&self, range: &std::ops::Range<usize>) -> Vec<&Passage> {
        let bytes = self.folded.original_range(range.start, range.end);
        let over: Vec<&Passage> = self
            .document
            .passages
            .iter()
            .filter(|p| p.span.start < bytes.end.max(bytes.start + 1) && bytes.start < p.span.end)
            .collect();
        if over.is_empty() {
            let nearest = self
                .document
                .passages
                .iter()
                .rev()
                .find(|p| p.span.start <= bytes.start)
                .or(self.document.passages.first());
            return nearest.into_iter().collect();
        }
        over
    }

    /// Whether the folded range lies at the claimed article and 款 (anywhere, when none is
    /// claimed).
    fn at_claimed_place(&self, claim: &Claim, range: &std::ops::Range<usize>) -> bool {
        let Some(article) = claim.article else {
            return true;
        };
        let passages = self.passages_over(range);
        let in_article = passages
            .iter()
            .all(|p| article_of(&self.document, p).is_some_and(|(_, n)| n == article));
        let in_clause = claim
            .clause
            .is_none_or(|c| passages.iter().any(|p| p.clause == Some(c)));
        in_article && in_clause
    }

    /// The citation and locator of the folded range.
    fn citation(&self, range: &std::ops::Range<usize>) -> Result<(String, Citation)> {
        let passages = self.passages_over(range);
        let citation = cite(&self.document, &self.entry.root, &passages, None)?;
        let id = passage_locator(self.entry.id, passages[0].line);
        Ok((id, citation))
    }

    /// The original text of folded character `i`.
    fn original_char(&self, i: usize) -> String {
        self.document.text[self.folded.starts[i]..self.folded.ends[i]].to_owned()
    }
}

/// The article a passage belongs to: its section index and number.
fn article_of(document: &Document, passage: &Passage) -> Option<(usize, u32)> {
    let mut at = passage.section;
    while let Some(i) = at {
        let section = document.sections.get(i as usize)?;
        if section.kind == HeadingKind::Article {
            return Some((i as usize, section.number?));
        }
        at = section.parent;
    }
    None
}

/// The words of a place, for notes: `第十二条第一款`, or `第N行` outside articles.
fn place_words(opened: &Opened, range: &std::ops::Range<usize>) -> String {
    let passages = opened.passages_over(range);
    let first = passages[0];
    match article_of(&opened.document, first) {
        Some((_, n)) => match first.clause {
            Some(c) => format!("第{n}条第{c}款"),
            None => format!("第{n}条"),
        },
        None => format!("第{}行", first.line),
    }
}

/// What a quotation's text gave in one document.
enum Outcome {
    /// Found exactly at the claimed place.
    Exact(std::ops::Range<usize>),
    /// Found exactly, at another place.
    Moved(std::ops::Range<usize>),
    /// Nearly matched: similarity, range, difference.
    Near(f64, std::ops::Range<usize>, String),
    /// Not matched: the best similarity, and the closest passage's range.
    Missing(f64, std::ops::Range<usize>),
}

impl Outcome {
    fn rank(&self) -> u8 {
        match self {
            Outcome::Exact(_) => 0,
            Outcome::Moved(_) => 1,
            Outcome::Near(..) => 2,
            Outcome::Missing(..) => 3,
        }
    }

    fn verdict(&self) -> Verdict {
        match self {
            Outcome::Exact(_) => Verdict::Exact,
            Outcome::Moved(_) => Verdict::Elsewhere,
            Outcome::Near(..) => Verdict::Near,
            Outcome::Missing(..) => Verdict::NotFound,
        }
    }
}

/// A quotation's text folded for matching: its parts between elisions.
struct Parts {
    /// Each part's folded characters.
    folded: Vec<Folded>,
    /// Each part's original text.
    text: Vec<String>,
}

impl Parts {
    fn new(quote: &str) -> Parts {
        let text: Vec<String> = quotes::parts(quote)
            .into_iter()
            .map(|p| p.trim_matches(trailing_marks).to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        let folded = text.iter().map(|p| Folded::new(p)).collect();
        Parts { folded, text }
    }

    fn chars(&self) -> Vec<Vec<char>> {
        self.folded.iter().map(|f| f.chars.clone()).collect()
    }

    fn len(&self) -> usize {
        self.folded.iter().map(|f| f.chars.len()).sum()
    }
}

/// Punctuation a quotation may begin or end with that the source need not have there (a
/// quotation ending `…保护。` of a sentence the source continues with a comma).
fn trailing_marks(c: char) -> bool {
    matches!(c, '。' | '，' | '；' | '、' | '：' | ',' | ';' | ':' | '.')
}

/// Checks a quotation's parts against one document.
fn check_in(opened: &Opened, parts: &Parts, claim: &Claim) -> Outcome {
    let text = &opened.folded.chars;
    let chars = parts.chars();
    let region = claim.article.and_then(|n| opened.article_range(n));
    if let Some(region) = &region {
        if let Some(found) = find_parts(text, &chars, region.start, region.end) {
            let range = found[0].start..found[found.len() - 1].end;
            if opened.at_claimed_place(claim, &range) {
                return Outcome::Exact(range);
            }
        }
    }
    if let Some(found) = find_parts(text, &chars, 0, text.len()) {
        let range = found[0].start..found[found.len() - 1].end;
        return if opened.at_claimed_place(claim, &range) {
            Outcome::Exact(range)
        } else {
            Outcome::Moved(range)
        };
    }
    // Approximately: each part after the one before.
    let mut from = 0;
    let mut edits = 0;
    let mut ranges = Vec::new();
    let mut diffs = Vec::new();
    for (k, part) in chars.iter().enumerate() {
        let Some(found) = align(part, text, from) else {
            break;
        };
        edits += found.edits;
        let quote = &parts.folded[k];
        let original = &parts.text[k];
        diffs.push(render_diff(
            &found.steps,
            &|q| original[quote.starts[q]..quote.ends[q]].to_owned(),
            &|t| opened.original_char(t),
        ));
        from = found.range.end;
        ranges.push(found.range);
    }
    let total = parts.len();
    let similarity = if ranges.len() == chars.len() && total > 0 {
        (1.0 - edits as f64 / total as f64).max(0.0)
    } else {
        0.0
    };
    if similarity >= NEAR_THRESHOLD {
        let range = ranges[0].start..ranges[ranges.len() - 1].end;
        return Outcome::Near(similarity, range, diffs.join("……"));
    }
    // The closest passage: the one sharing most of the quotation's character pairs.
    let all: Vec<char> = chars.concat();
    let closest = opened
        .document
        .passages
        .iter()
        .map(|p| {
            let range = opened.folded_at(p.span.start)..opened.folded_at(p.span.end);
            (bigram_overlap(&all, &text[range.clone()]), range)
        })
        .filter(|(_, r)| !r.is_empty())
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.start.cmp(&a.1.start)))
        .map(|(_, r)| r)
        .unwrap_or(0..0);
    Outcome::Missing(similarity, closest)
}

/// The key a title is matched by: folded, without white space, without a leading
/// `中华人民共和国` and trailing bracketed years or editions (`（2019年修正）`).
fn title_key(title: &str) -> String {
    let mut key: String = fold(title).chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(rest) = key.strip_prefix("中华人民共和国") {
        if rest.chars().count() >= 2 {
            key = rest.to_owned();
        }
    }
    while key.ends_with(')') {
        let Some(open) = key.rfind('(') else { break };
        if open == 0 {
            break;
        }
        key.truncate(open);
    }
    key
}

/// The key a 文号 is matched by: normalised, folded, without a leading `中华人民共和国`.
fn number_key(number: &str) -> String {
    let key = fold(&normalize_doc_number(number));
    key.strip_prefix("中华人民共和国")
        .map_or(key.clone(), str::to_owned)
}

struct Checker<'a> {
    handle: &'a IndexHandle,
    manifest: &'a Manifest,
    opened: HashMap<u64, Rc<Opened>>,
}

impl Checker<'_> {
    fn open(&mut self, entry: &FileEntry) -> Result<Rc<Opened>> {
        if let Some(o) = self.opened.get(&entry.id) {
            return Ok(o.clone());
        }
        let opened = Rc::new(Opened::open(entry)?);
        self.opened.insert(entry.id, opened.clone());
        Ok(opened)
    }

    /// The documents a claim names, by title (or by 文号 when it names no title), oldest first.
    fn sources(&self, claim: &Claim) -> Vec<&FileEntry> {
        let mut found: Vec<&FileEntry> = match (&claim.title, &claim.number) {
            (Some(title), number) => {
                let key = title_key(title);
                let by_title: Vec<&FileEntry> = self
                    .manifest
                    .files
                    .values()
                    .filter(|e| !key.is_empty() && title_key(&e.metadata.title) == key)
                    .collect();
                match number {
                    Some(n) if by_title.is_empty() => self.by_number(n),
                    _ => by_title,
                }
            }
            (None, Some(number)) => self.by_number(number),
            (None, None) => Vec::new(),
        };
        found.sort_by(|a, b| {
            a.metadata
                .date
                .cmp(&b.metadata.date)
                .then(a.path.cmp(&b.path))
        });
        found
    }

    fn by_number(&self, number: &str) -> Vec<&FileEntry> {
        let key = number_key(number);
        self.manifest
            .files
            .values()
            .filter(|e| {
                e.metadata
                    .doc_number
                    .as_deref()
                    .is_some_and(|n| number_key(n) == key)
            })
            .collect()
    }

    fn check(&mut self, order: usize, q: Quotation) -> Result<Check> {
        let mut check = Check {
            quotation: order,
            draft_line: q.line,
            kind: q.kind,
            quote: q.text.clone(),
            claimed: q.claim.clone(),
            verdict: Verdict::UnknownSource,
            note: String::new(),
            similarity: None,
            threshold: None,
            diff: None,
            id: None,
            doc_id: None,
            citation: None,
            versions: Vec::new(),
        };
        let sources: Vec<FileEntry> = self.sources(&q.claim).into_iter().cloned().collect();
        let named = match (&q.claim.title, &q.claim.number) {
            (Some(t), _) => format!("《{t}》"),
            (None, Some(n)) => n.clone(),
            (None, None) => String::new(),
        };
        if q.kind == QuoteKind::DocumentNumber {
            return self.check_number(check, &sources, &named);
        }
        let parts = Parts::new(&q.text);
        if parts.len() == 0 {
            check.note = "the quotation holds no text to check".into();
            check.verdict = Verdict::NotFound;
            return Ok(check);
        }
        if sources.is_empty() {
            check.note = format!("no indexed document has the title or number {named}");
            if let Some((opened, range)) = self.elsewhere(&parts, &[])? {
                let (id, citation) = opened.citation(&range)?;
                check.note.push_str(&format!(
                    "; the text is in 《{}》{}",
                    opened.document.metadata.title,
                    place_words(&opened, &range)
                ));
                self.place(&mut check, &opened, id, citation);
            }
            return Ok(check);
        }
        // Each version; the best answers, the latest of equals.
        let mut results = Vec::new();
        for entry in &sources {
            let opened = self.open(entry)?;
            let outcome = check_in(&opened, &parts, &q.claim);
            results.push((opened, outcome));
        }
        let best = (0..results.len())
            .min_by_key(|&i| (results[i].1.rank(), std::cmp::Reverse(i)))
            .unwrap_or(0);
        if results.len() > 1 {
            check.versions = results
                .iter()
                .map(|(o, outcome)| Version {
                    doc_id: short_id(o.entry.id),
                    title: o.document.metadata.title.clone(),
                    date: o.document.metadata.date.clone(),
                    verdict: outcome.verdict(),
                })
                .collect();
        }
        let (opened, outcome) = &results[best];
        let opened = opened.clone();
        let claimed_place = match (q.claim.article, q.claim.clause) {
            (Some(a), Some(c)) => format!("第{a}条第{c}款"),
            (Some(a), None) => format!("第{a}条"),
            _ => String::new(),
        };
        let title = opened.document.metadata.title.clone();
        match outcome {
            Outcome::Exact(range) => {
                check.verdict = Verdict::Exact;
                check.note = format!("in 《{title}》{}", place_words(&opened, range));
                let (id, citation) = opened.citation(range)?;
                self.place(&mut check, &opened, id, citation);
            }
            Outcome::Moved(range) => {
                check.verdict = Verdict::Elsewhere;
                check.note = format!(
                    "in 《{title}》{}, not {claimed_place}",
                    place_words(&opened, range)
                );
                let (id, citation) = opened.citation(range)?;
                self.place(&mut check, &opened, id, citation);
            }
            Outcome::Near(..) | Outcome::Missing(..) => {
                let ids: Vec<u64> = sources.iter().map(|e| e.id).collect();
                if let Some((other, range)) = self.elsewhere(&parts, &ids)? {
                    check.verdict = Verdict::Elsewhere;
                    check.note = format!(
                        "not in {named}: the text is in 《{}》{}",
                        other.document.metadata.title,
                        place_words(&other, &range)
                    );
                    let (id, citation) = other.citation(&range)?;
                    self.place(&mut check, &other, id, citation);
                } else if let Outcome::Near(similarity, range, diff) = outcome {
                    check.verdict = Verdict::Near;
                    let place = place_words(&opened, range);
                    check.note = format!(
                        "in 《{title}》{place}{} with differences (similarity {:.2}, near from {NEAR_THRESHOLD:.2})",
                        if opened.at_claimed_place(&q.claim, range) {
                            String::new()
                        } else {
                            format!(", not {claimed_place},")
                        },
                        round(*similarity)
                    );
                    check.similarity = Some(round(*similarity));
                    check.threshold = Some(NEAR_THRESHOLD);
                    check.diff = Some(diff.clone());
                    let (id, citation) = opened.citation(range)?;
                    self.place(&mut check, &opened, id, citation);
                } else if let Outcome::Missing(similarity, closest) = outcome {
                    check.verdict = Verdict::NotFound;
                    check.note = format!(
                        "not in 《{title}》 (closest similarity {:.2}, below {NEAR_THRESHOLD:.2}); the closest passage is {}",
                        round(*similarity),
                        place_words(&opened, closest)
                    );
                    check.similarity = Some(round(*similarity));
                    check.threshold = Some(NEAR_THRESHOLD);
                    let (id, citation) = opened.citation(closest)?;
                    self.place(&mut check, &opened, id, citation);
                }
            }
        }
        if check.versions.len() > 1 {
            let others: Vec<String> = check
                .versions
                .iter()
                .filter(|v| v.doc_id != short_id(opened.entry.id))
                .map(|v| {
                    format!(
                        "{} {} ({})",
                        v.date.as_deref().unwrap_or("undated"),
                        v.doc_id,
                        if v.verdict == outcome.verdict() {
                            format!("the same: {}", v.verdict.name())
                        } else {
                            format!("differs: {}", v.verdict.name())
                        }
                    )
                })
                .collect();
            check.note.push_str(&format!(
                "; {} indexed versions: this one is {} {}, the others {}",
                check.versions.len(),
                opened
                    .document
                    .metadata
                    .date
                    .as_deref()
                    .unwrap_or("undated"),
                short_id(opened.entry.id),
                others.join(", ")
            ));
        }
        Ok(check)
    }

    /// Sets the place fields of a check.
    fn place(&self, check: &mut Check, opened: &Opened, id: String, citation: Citation) {
        check.id = Some(id);
        check.doc_id = Some(short_id(opened.entry.id));
        check.citation = Some(citation);
    }

    /// A bare 文号: a document that states it as its own number, or none.
    fn check_number(
        &mut self,
        mut check: Check,
        sources: &[FileEntry],
        named: &str,
    ) -> Result<Check> {
        let Some(entry) = sources.last() else {
            check.verdict = Verdict::UnknownSource;
            check.note = format!("no indexed document has the number {named} as its own");
            if let Some(citing) = self.citing(named)? {
                check.note.push_str(&format!("; 《{citing}》 cites it"));
            }
            return Ok(check);
        };
        let opened = self.open(entry)?;
        check.verdict = Verdict::Exact;
        check.note = format!("the number of 《{}》", opened.document.metadata.title);
        let key: Vec<char> = number_key(named).chars().collect();
        let range = find_parts(
            &opened.folded.chars,
            std::slice::from_ref(&key),
            0,
            opened.folded.chars.len(),
        )
        .map_or(0..0, |f| f[0].clone());
        let (id, citation) = opened.citation(&range)?;
        self.place(&mut check, &opened, id, citation);
        if sources.len() > 1 {
            check
                .note
                .push_str(&format!(" ({} indexed documents have it)", sources.len()));
        }
        Ok(check)
    }

    /// The title of an indexed document whose text cites a number it does not state as its own.
    fn citing(&self, number: &str) -> Result<Option<String>> {
        let results = search(self.handle, &SearchRequest::new(number, 10))?;
        let key = number_key(number);
        Ok(results
            .hits
            .into_iter()
            .find(|h| {
                crate::ingest::clean::doc_numbers(&h.text)
                    .iter()
                    .any(|(_, n)| number_key(n) == key)
            })
            .map(|h| h.title))
    }

    /// The text exactly in a document other than `excluded`: found by searching for the longest
    /// run of CJK characters of its longest part, then checked in each hit's document.
    fn elsewhere(
        &mut self,
        parts: &Parts,
        excluded: &[u64],
    ) -> Result<Option<(Rc<Opened>, std::ops::Range<usize>)>> {
        let chars = parts.chars();
        let Some(longest) = chars.iter().max_by_key(|p| p.len()) else {
            return Ok(None);
        };
        let run = longest
            .split(|c| !is_cjk(*c))
            .max_by_key(|r| r.len())
            .unwrap_or(&[]);
        if run.len() < 4 {
            return Ok(None);
        }
        let phrase: String = run.iter().take(32).collect();
        let results = search(
            self.handle,
            &SearchRequest::new(format!("\"{phrase}\""), 20),
        )?;
        let mut seen = Vec::new();
        for hit in results.hits {
            if excluded.contains(&hit.full_doc_id) || seen.contains(&hit.full_doc_id) {
                continue;
            }
            seen.push(hit.full_doc_id);
            let Some(entry) = self
                .manifest
                .files
                .values()
                .find(|e| e.id == hit.full_doc_id)
            else {
                continue;
            };
            let entry = entry.clone();
            let opened = self.open(&entry)?;
            if let Some(found) =
                find_parts(&opened.folded.chars, &chars, 0, opened.folded.chars.len())
            {
                let range = found[0].start..found[found.len() - 1].end;
                return Ok(Some((opened, range)));
            }
        }
        Ok(None)
    }
}

/// A similarity to two decimals, rounded down (a near match is never shown nearer than it is).
fn round(x: f64) -> f64 {
    (x * 100.0).floor() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_full_titles_share_a_key() {
        assert_eq!(
            title_key("中华人民共和国行政许可法"),
            title_key("行政许可法")
        );
        assert_eq!(title_key("行政許可法（2019年修正）"), "行政许可法");
        assert_eq!(
            title_key("事业单位工作人员考核规定（2023年）"),
            title_key("事业单位工作人员考核规定")
        );
        assert_ne!(title_key("行政许可法"), title_key("行政处罚法"));
    }

    #[test]
    fn numbers_match_in_any_bracket_and_with_or_without_the_state() {
        assert_eq!(
            number_key("人社部发[2023]6号"),
            number_key("人社部发〔2023〕6号")
        );
        assert_eq!(
            number_key("国务院令第652号"),
            number_key("中华人民共和国国务院令第652号")
        );
    }
}
