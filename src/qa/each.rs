//! One question asked of many documents (`ask --each`): the documents the filters select, each
//! asked on its own, one row per document with the figure as stated, its qualifier, the measure
//! as the document names it, the year the figure is for, the evidence and its citation.
//!
//! A row's answer obeys the precision rules of `ask` row by row, read from the document itself
//! ([`super::figures`]): a target is not an outcome, the year a figure is for is read, not
//! assumed, one measure is known under its names, qualifiers are kept. A question on no measure
//! of [`MEASURES`] is answered by `ask` inside each document, its span given its qualifier and
//! checked against the asked year and target/outcome the same way.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use tantivy::Searcher;

use super::extract::Span;
use super::figures::{
    self, figures_in, kind_of, year_of, DocumentDate, Figure, FigureKind, Qualified, MEASURES,
};
use super::question::UnitClass;
use super::{ask, confidence_of, trust, Answer, AskRequest, Nearest, ANSWER_THRESHOLD};
use crate::document::Level;
use crate::error::{Error, Result};
use crate::index::manifest::FileEntry;
use crate::index::{schema, IndexHandle};
use crate::search::synonyms::Synonyms;
use crate::search::topic_rank::PassageKey;

/// What a question asks of each document.
#[derive(Debug, Clone)]
pub struct EachRequest {
    /// The question, as asked.
    pub question: String,
    /// Which documents to ask.
    pub filters: DocumentFilters,
    /// Ask at most this many documents (the first by path).
    pub max_docs: Option<usize>,
    /// Synonym groups, as for `ask`.
    pub synonyms: Synonyms,
    /// How many passages of each document `ask` ranks and each row keeps.
    pub limit: usize,
}

/// Which documents `ask --each` asks, by what their manifest entry says of them.
#[derive(Debug, Clone, Default)]
pub struct DocumentFilters {
    /// Only documents of this type (`政府工作报告`).
    pub doc_type: Option<String>,
    /// Only documents of this year (by the date `--year` goes by everywhere).
    pub year: Option<u32>,
    /// Only documents of this region (`浙江` or `浙江省`).
    pub region: Option<String>,
    /// Only documents whose path or title contains this.
    pub pattern: Option<String>,
    /// Only documents of this level of government.
    pub level: Option<Level>,
}

/// What a question asks for: a target, an outcome, or whichever the document states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Target,
    Outcome,
    Either,
}

/// One document's row: the `ask --json` object of the document with the document's fields and
/// what was read of the figure.
#[derive(Debug, Clone, Serialize)]
pub struct EachRow {
    /// The document's path relative to its root.
    pub path: String,
    /// The root it was indexed from.
    pub root: String,
    /// The document's short id.
    pub doc_id: String,
    /// The document's title.
    pub title: String,
    /// Its region, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Its level of government.
    pub level: Level,
    /// Its own date (ISO), if it states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Its type, if known.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    /// Where else the same report stands (copies of it, `path:line`), collapsed into this row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<String>,
    /// The answer's number, for ordering (a range's lower bound).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The words that bound the answer (`左右`, `以上`, `不低于`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// The measure as the document names it (`全省生产总值`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The year the figure is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// Whether the figure is a target or an outcome, where the sentence says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<FigureKind>,
    /// Other figures the same sentence states for the measure (`力争达到6%以上`), never the
    /// answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_stated: Vec<String>,
    /// The evidence sentence, as quoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Where the evidence stands, `PATH:LINE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// The document's `ask --json` object (question, answer, confidence, found, nearest,
    /// passages …).
    #[serde(flatten)]
    pub answer: Answer,
}

/// The rows of an `ask --each`.
#[derive(Debug, Clone)]
pub struct EachResult {
    /// How many documents the filters selected.
    pub selected: usize,
    /// One row per report (copies collapsed), in path order.
    pub rows: Vec<EachRow>,
}

/// The manifest entries the filters select, in path order; an error naming the filters when
/// none is selected.
pub fn select_documents(handle: &IndexHandle, filters: &DocumentFilters) -> Result<Vec<FileEntry>> {
    let (_, manifest) = handle.manifest()?;
    let mut entries: Vec<FileEntry> = manifest
        .files
        .values()
        .filter(|e| {
            let m = &e.metadata;
            filters
                .doc_type
                .as_ref()
                .is_none_or(|t| m.doc_type.as_deref() == Some(t.as_str()))
                && filters.year.is_none_or(|y| {
                    m.filter_date(false)
                        .and_then(|d| d.get(..4))
                        .and_then(|d| d.parse::<u32>().ok())
                        == Some(y)
                })
                && filters.region.as_ref().is_none_or(|r| {
                    m.region
                        .as_deref()
                        .is_some_and(|region| schema::region_keys(region).contains(r))
                })
                && filters
                    .pattern
                    .as_ref()
                    .is_none_or(|p| e.path.contains(p.as_str()) || m.title.contains(p.as_str()))
                && filters
                    .level
                    .is_none_or(|l| crate::ingest::clean::region_level(m.region.as_deref()) == l)
        })
        .cloned()
        .collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path).then(a.root.cmp(&b.root)));
    if entries.is_empty() {
        return Err(Error::Argument(format!(
            "no indexed document matches the filters ({})",
            describe(filters)
        )));
    }
    Ok(entries)
}

/// The filters in words, for messages.
fn describe(filters: &DocumentFilters) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &filters.doc_type {
        parts.push(format!("--type {t}"));
    }
    if let Some(y) = filters.year {
        parts.push(format!("--year {y}"));
    }
    if let Some(r) = &filters.region {
        parts.push(format!("--region {r}"));
    }
    if let Some(p) = &filters.pattern {
        parts.push(format!("--doc {p}"));
    }
    if let Some(l) = filters.level {
        parts.push(format!("--level {}", l.name()));
    }
    if parts.is_empty() {
        "none given: the index holds no document".to_owned()
    } else {
        parts.join(" ")
    }
}

/// Asks the question of every selected document (in parallel, `progress` called once per
/// document done) and returns one row per report, copies collapsed.
pub fn ask_each(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &EachRequest,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<EachResult> {
    let mut entries = select_documents(handle, &request.filters)?;
    let selected = entries.len();
    if let Some(max) = request.max_docs {
        entries.truncate(max);
    }
    let reading = Reading::of(&request.question);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<EachRow>)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(entries.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(entry) = entries.get(i) else {
                    break;
                };
                let row = ask_document(handle, searcher, request, &reading, entry);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((i, row));
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, entries.len());
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    let rows = results
        .into_iter()
        .map(|(_, row)| row)
        .collect::<Result<Vec<_>>>()?;
    Ok(EachResult {
        selected,
        rows: collapse_copies(rows),
    })
}

/// What is read of the question once for all documents.
#[derive(Debug, Clone)]
struct Reading {
    /// The year the question names, if any.
    year: Option<u32>,
    /// Whether it asks for a target or an outcome.
    wanted: Wanted,
    /// The names of its measure, when it asks for one of [`MEASURES`].
    cores: Option<&'static [&'static str]>,
    /// Whether it asks for a percentage (a growth rate, a share).
    percent: bool,
}

impl Reading {
    fn of(question: &str) -> Reading {
        let analysed = super::question::analyse(question);
        let target = ["目标", "预期", "计划", "力争", "安排"]
            .iter()
            .any(|w| question.contains(w));
        let outcome = ["完成", "实际", "增长了", "了多少", "达到了", "实现了"]
            .iter()
            .any(|w| question.contains(w));
        let wanted = match (target, outcome) {
            (true, false) => Wanted::Target,
            (false, true) => Wanted::Outcome,
            _ => Wanted::Either,
        };
        let cores = MEASURES
            .iter()
            .find(|(asked, _)| asked.iter().any(|w| question.contains(w)))
            .map(|(_, cores)| *cores);
        let growth = question.contains('增') || question.contains("速");
        Reading {
            year: trust::years(question).first().map(|&(_, y)| y),
            wanted,
            cores,
            percent: analysed.unit == Some(UnitClass::Percent)
                || (analysed.unit.is_none() && growth),
        }
    }
}

/// Asks one document and reads its row.
fn ask_document(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &EachRequest,
    reading: &Reading,
    entry: &FileEntry,
) -> Result<EachRow> {
    let mut ask_request = AskRequest::new(request.question.clone(), request.limit);
    ask_request.synonyms = request.synonyms.clone();
    ask_request.filters.documents = Some(vec![schema::doc_key(&entry.root, &entry.path)]);
    let answer = ask(handle, searcher, &ask_request)?;
    let m = &entry.metadata;
    let date = m.date.clone().or_else(|| m.page_date.clone());
    let mut row = EachRow {
        path: entry.path.clone(),
        root: entry.root.clone(),
        doc_id: schema::short_id(entry.id),
        title: m.title.clone(),
        region: m.region.clone(),
        level: crate::ingest::clean::region_level(m.region.as_deref()),
        date: m.date.clone(),
        doc_type: m.doc_type.clone(),
        also_at: Vec::new(),
        value: None,
        qualifier: None,
        measure: None,
        year: None,
        kind: None,
        also_stated: Vec::new(),
        quote: None,
        citation: None,
        answer,
    };
    let context = DocumentDate::of(date.as_deref());
    match reading.cores {
        Some(cores) => read_measure(&mut row, reading, cores, context),
        None => read_span(&mut row, reading, context),
    }
    let line = row.answer.passages.first().map(|p| p.hit.line);
    if let Some(line) = line.filter(|_| row.answer.found) {
        row.also_at = entry
            .copies
            .iter()
            .map(|copy| format!("{copy}:{line}"))
            .collect();
    } else {
        row.also_at = entry.copies.clone();
    }
    Ok(row)
}

/// Reads the row's answer as a figure of one of [`MEASURES`]: every figure of the measure in
/// the ranked passages, the first target (or outcome) of the asked year that a strong cue opens,
/// else the first of the asked year; the nearest other figure of the measure otherwise.
fn read_measure(row: &mut EachRow, reading: &Reading, cores: &[&str], date: DocumentDate) {
    let mut figures = Vec::new();
    for (index, passage) in row.answer.passages.iter().enumerate() {
        figures.extend(figures_in(
            index,
            &passage.hit.text,
            &passage.hit.section,
            cores,
            date,
            reading.percent,
        ));
    }
    let fits = |f: &Figure| {
        let kind_fits = match reading.wanted {
            Wanted::Target => f.kind == Some(FigureKind::Target),
            Wanted::Outcome => f.kind == Some(FigureKind::Outcome),
            Wanted::Either => true,
        };
        kind_fits && reading.year.is_none_or(|y| f.year == Some(y))
    };
    // With no year asked, a figure for the document's own year (the next one for a report
    // delivered late in its year) answers before a long-range one (`到2010年…增长10%左右`).
    let home = |f: &Figure| {
        reading.year.is_some()
            || f.year.is_some_and(|y| {
                date.year == Some(y) || (!date.early && date.year.map(|d| d + 1) == Some(y))
            })
    };
    let chosen = figures
        .iter()
        .find(|f| fits(f) && f.strong && home(f))
        .or_else(|| figures.iter().find(|f| fits(f) && home(f)))
        .or_else(|| figures.iter().find(|f| fits(f) && f.strong))
        .or_else(|| figures.iter().find(|f| fits(f)))
        .cloned();
    match chosen {
        Some(figure) => give(row, &figure),
        None => {
            row.answer.answer = None;
            row.answer.found = false;
            row.answer.passage_answer = false;
            for p in &mut row.answer.passages {
                p.answer_span = None;
                p.evidence.clear();
            }
            let near = figures.first();
            row.answer.nearest = near.map(|f| Nearest {
                text: figure_text(row, f),
                year: f.year,
            });
            row.answer.refusal = Some(match near {
                Some(f) => format!(
                    "the document states {} {} for {}, {}",
                    f.measure.as_deref().unwrap_or_default(),
                    figure_text(row, f),
                    f.year.map_or("no year".to_owned(), |y| format!("{y}年")),
                    match f.kind {
                        Some(FigureKind::Target) => "a target",
                        Some(FigureKind::Outcome) => "an outcome",
                        None => "neither a stated target nor outcome",
                    }
                ),
                None => "the document states no figure of the measure asked".to_owned(),
            });
        }
    }
}

/// The text of a figure as its sentence states it.
fn figure_text(row: &EachRow, f: &Figure) -> String {
    let text = &row.answer.passages[f.passage].hit.text;
    let sentence = &text[f.sentence.0..f.sentence.1];
    sentence[f.span.start..f.span.end].to_owned()
}

/// Makes `figure` the row's answer: its passage first, its span and sentence as the evidence.
fn give(row: &mut EachRow, figure: &Figure) {
    let passage = row.answer.passages.remove(figure.passage);
    row.answer.passages.insert(0, passage);
    for p in &mut row.answer.passages {
        p.answer_span = None;
        p.evidence.clear();
    }
    let first = &mut row.answer.passages[0];
    let (from, to) = figure.sentence;
    first.answer_span = Some((from + figure.span.start, from + figure.span.end));
    first.evidence = vec![(from, to)];
    first.sentence_span = (from, to);
    let text = first.hit.text[from + figure.span.start..from + figure.span.end].to_owned();
    let confidence = confidence_of(first.relevance, 1.0);
    let found = confidence >= ANSWER_THRESHOLD;
    row.qualifier = figure
        .span
        .qualifier
        .map(|(s, e)| first.hit.text[from + s..from + e].to_owned());
    row.value = figures::figure_value(&text);
    row.measure = figure.measure.clone();
    row.year = figure.year;
    row.kind = figure.kind;
    row.also_stated = figure.restated.iter().cloned().collect();
    row.quote = Some(trust::quote(&first.hit.text, &[(from, to)]));
    row.citation = Some(format!("{}:{}", first.hit.path, first.hit.line));
    row.answer.confidence = confidence;
    row.answer.binding = 1.0;
    row.answer.passage_answer = false;
    row.answer.found = found;
    if found {
        row.answer.answer = Some(text);
        row.answer.refusal = None;
        row.answer.nearest = None;
    } else {
        row.answer.answer = None;
        row.answer.nearest = Some(Nearest {
            text,
            year: figure.year,
        });
        row.answer.refusal = Some(format!(
            "the best answer's confidence {confidence:.2} is below {ANSWER_THRESHOLD:.2}"
        ));
    }
}

/// Reads the row of a question on no measure of [`MEASURES`]: `ask`'s span, given the qualifier
/// that stands with it, kept only when its year and target/outcome are the asked ones.
fn read_span(row: &mut EachRow, reading: &Reading, date: DocumentDate) {
    if !row.answer.found || row.answer.passage_answer {
        return;
    }
    let Some(first) = row.answer.passages.first_mut() else {
        return;
    };
    let Some((s, e)) = first.answer_span else {
        return;
    };
    let text = first.hit.text.clone();
    let (from, to) = trust::full_sentence(&text, s);
    let sentence = &text[from..to];
    let local = Span {
        start: s - from,
        end: e - from,
        unit: None,
        agent: false,
        pair: false,
    };
    let q = if row.answer.answer_type == super::question::AnswerType::Quantity {
        figures::qualified(sentence, &local)
    } else {
        Qualified {
            start: local.start,
            end: local.end,
            qualifier: None,
        }
    };
    let (kind, _) = kind_of(sentence, &q, &first.hit.section);
    let year = year_of(sentence, q.start, &first.hit.section, date, kind);
    let answer = sentence[q.start..q.end].to_owned();
    let kind_fits = match reading.wanted {
        Wanted::Target => kind == Some(FigureKind::Target),
        Wanted::Outcome => kind != Some(FigureKind::Target),
        Wanted::Either => true,
    };
    let year_fits = reading.year.is_none_or(|y| year == Some(y));
    row.year = year;
    row.kind = kind;
    if !(kind_fits && year_fits) {
        first.answer_span = None;
        first.evidence.clear();
        row.answer.found = false;
        row.answer.answer = None;
        row.answer.refusal = Some(format!(
            "the figure found, {answer}, is {} of {}",
            match kind {
                Some(FigureKind::Target) => "a target",
                Some(FigureKind::Outcome) => "an outcome",
                None => "a figure",
            },
            year.map_or("no stated year".to_owned(), |y| format!("{y}年"))
        ));
        row.answer.nearest = Some(Nearest { text: answer, year });
        return;
    }
    first.answer_span = Some((from + q.start, from + q.end));
    row.qualifier = q.qualifier.map(|(a, b)| sentence[a..b].to_owned());
    row.value = figures::figure_value(&answer);
    row.quote = Some(trust::quote(&text, &first.evidence));
    row.citation = Some(format!("{}:{}", first.hit.path, first.hit.line));
    row.answer.answer = Some(answer);
}

/// How the rows of an `ask --each` are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowOrder {
    /// By path (the order documents are asked in).
    #[default]
    Path,
    /// By the answer's number (a range by its lower bound), rows with no answer last; never by
    /// a nearest figure.
    Answer,
    /// By region (national documents first), then date.
    Region,
    /// By the document's date, oldest first.
    Date,
}

/// Orders the rows; ties keep path order.
pub fn sort_rows(rows: &mut [EachRow], order: RowOrder) {
    match order {
        RowOrder::Path => rows.sort_by(|a, b| a.path.cmp(&b.path)),
        RowOrder::Answer => rows.sort_by(|a, b| {
            let value = |r: &EachRow| r.value.filter(|_| r.answer.found);
            match (value(a), value(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        }),
        RowOrder::Region => rows.sort_by(|a, b| a.region.cmp(&b.region).then(a.date.cmp(&b.date))),
        RowOrder::Date => rows.sort_by(|a, b| a.date.cmp(&b.date)),
    }
}

/// Folds each row that is a copy of an earlier one — the same region and date, and the same
/// answering passage (or, unanswered, the same best passage) — into it, as a place where it
/// also stands.
fn collapse_copies(rows: Vec<EachRow>) -> Vec<EachRow> {
    let mut kept: Vec<EachRow> = Vec::with_capacity(rows.len());
    let mut keys: Vec<Option<PassageKey>> = Vec::with_capacity(rows.len());
    for row in rows {
        let key = row
            .answer
            .passages
            .first()
            .map(|p| PassageKey::new(&p.hit.text, row.region.as_deref().unwrap_or_default()));
        let same = kept.iter().zip(&keys).position(|(k, kk)| {
            k.region == row.region
                && k.date == row.date
                && k.answer.answer == row.answer.answer
                && matches!((kk, &key), (Some(a), Some(b)) if a.same_as(b))
        });
        match same {
            Some(i) => {
                let line = row.answer.passages.first().map(|p| p.hit.line);
                let place = match line {
                    Some(line) => format!("{}:{line}", row.path),
                    None => row.path.clone(),
                };
                kept[i].also_at.push(place);
                kept[i].also_at.extend(row.also_at);
            }
            None => {
                kept.push(row);
                keys.push(key);
            }
        }
    }
    kept
}
