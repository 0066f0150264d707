//! One question asked of many documents (`ask --each`): the documents the filters select, each
//! asked on its own, one row per document with the figure as stated, its qualifier, the measure
//! as the document names it, the year the figure is for, the evidence and its citation.
//!
//! A row's answer obeys the precision rules of `ask` row by row, read from the document itself:
//! - **Targets are not outcomes.** A figure is a target when the nearest cue before it in its
//!   sentence states a plan (预期目标, 主要目标, 力争, 安排 …) or its clause calls it a 目标; an
//!   outcome when the cue states a result (预计, 初步核算, 完成, 比上年 …) or the sentence says it
//!   beat a target (高于预期); failing cues, a review section (回顾, 过去) makes it an outcome.
//! - **Years are read, not assumed**: the year a figure is for is the year its sentence states
//!   (the nearest before it, else the first after it), then 今年/明年/去年 in its sentence against
//!   the document's date, then its section heading's year, and only then the document's own.
//! - **One measure under its names** ([`MEASURES`]): for a question on GDP growth, 地区生产总值,
//!   全市/全省生产总值, GDP, 经济增长 and 国内生产总值 are one measure, but not a share of it
//!   (`占地区生产总值比重`), a unit of it (`单位地区生产总值能耗`), a part of a place
//!   (`直管区地区生产总值`), another economy (`海洋生产总值`, `数字经济增长`) nor the sub-figures
//!   of a list (`其中…分别增长`).
//! - **Qualifiers kept** ([`extract::qualified`]): `5%左右`, `不低于5%`, `5%—5.5%`.
//!
//! A question on no measure of the table is answered by `ask` inside each document, its span
//! given its qualifier and checked against the asked year and target/outcome the same way.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use tantivy::Searcher;

use super::extract::{self, Qualified, Span};
use super::question::UnitClass;
use super::{ask, confidence_of, trust, Answer, AskRequest, Nearest, ANSWER_THRESHOLD};
use crate::document::Level;
use crate::error::{Error, Result};
use crate::index::manifest::FileEntry;
use crate::index::{schema, IndexHandle};
use crate::search::synonyms::Synonyms;
use crate::search::topic_rank::PassageKey;

/// Measures known under several names. Each entry: the words by which a question asks for the
/// measure, and the cores of the names a document states it by (a core may follow a place prefix
/// of [`MEASURE_PREFIXES`]).
pub const MEASURES: &[(&[&str], &[&str])] = &[(
    &["生产总值", "GDP", "经济增长", "经济增速"],
    &["生产总值", "GDP", "经济增长", "经济增速"],
)];

/// What may stand before a measure's core as part of its name (`地区`, `全省地区`).
const MEASURE_PREFIXES: &[&str] = &[
    "地区", "国内", "全市", "全省", "全区", "全州", "全盟", "全县", "全国", "我市", "我省", "我区",
    "本市", "本省",
];

/// Words after which a measure's name may begin (besides a clause mark): the name is the
/// whole subject, not part of a longer noun (`海洋生产总值`, `直管区地区生产总值`).
const MEASURE_LEADS: &[&str] = &[
    "年", "预计", "全年", "是", "为", "确定", "今年", "明年", "去年", "力争", "实现", "推动",
    "保持", "使", "目标",
];

/// Words between a measure's name and its figure that make the figure another measure's: a
/// share, a unit, another indicator, a list of sub-figures.
const NOT_THE_MEASURE: &[&str] = &[
    "比重",
    "比例",
    "占",
    "能耗",
    "水耗",
    "排放",
    "贡献",
    "人均",
    "分别",
    "其中",
    "收入",
    "投资",
    "增加值",
    "消费",
    "进出口",
    "总额",
    "产业",
    "税收",
    "贷款",
    "利用",
];

/// Cues before a figure in its sentence that state a plan.
const TARGET_CUES: &[&str] = &[
    "预期目标",
    "主要目标",
    "预期指标",
    "目标",
    "预期",
    "力争",
    "争取",
    "安排",
    "计划",
    "建议",
    "确定",
];
/// Target cues that open a year's list of main targets: such a sentence answers before one with
/// only a weaker cue (`力争…`).
const STRONG_TARGET_CUES: &[&str] = &["预期目标", "主要目标", "预期指标", "目标为", "目标是"];
/// Cues before a figure in its sentence that state a result.
const OUTCOME_CUES: &[&str] = &[
    "预计",
    "初步核算",
    "初步统计",
    "完成了",
    "实现了",
    "比上年",
    "同比",
    "全年",
    "增长了",
    "累计",
];
/// Words after a figure, in its sentence, that say it was measured against a target: a result.
const BEAT_CUES: &[&str] = &["高于预期", "超过预期", "超出预期", "完成预期", "低于预期"];
/// Words right before a year that make it one a figure is compared with (`较2015年`).
const COMPARED_BEFORE: &[&str] = &["较", "比", "与", "同", "相对于", "对比"];
/// Words right after a year that make it one a figure is compared with or counted from.
const COMPARED_AFTER: &[&str] = &["以来", "相比", "的基础", "基础上", "底", "末"];
/// Words of a section heading that make its figures a review's.
const REVIEW_HEADINGS: &[&str] = &["回顾", "过去"];

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

/// Whether the figure states a plan or a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// A plan: 预期目标, 力争 ….
    Target,
    /// A result: 预计, 完成, a review section ….
    Outcome,
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

/// A figure read from a sentence of a passage.
#[derive(Debug, Clone)]
struct Figure {
    /// Index of the passage in the answer's list.
    passage: usize,
    /// The full sentence's byte range in the passage text.
    sentence: (usize, usize),
    /// The figure with its qualifier, relative to the sentence.
    span: Qualified,
    /// The measure as the sentence names it.
    measure: Option<String>,
    /// The year the figure is for.
    year: Option<u32>,
    /// Target or outcome, where the sentence or its section says.
    kind: Option<FigureKind>,
    /// Whether a cue that opens a list of main targets stands before it.
    strong: bool,
    /// The next figure of the sentence that restates it (`力争达到6%以上`).
    restated: Option<String>,
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

/// The document's date as the year reading needs it.
#[derive(Debug, Clone, Copy)]
struct DocumentDate {
    /// Its year.
    year: Option<u32>,
    /// Whether it was delivered in the first half of its year (or only its year is known): a
    /// work report then reviews the year before.
    early: bool,
}

impl DocumentDate {
    fn of(date: Option<&str>) -> DocumentDate {
        let year = date
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<u32>().ok());
        let month = date
            .and_then(|d| d.get(5..7))
            .and_then(|m| m.parse::<u32>().ok());
        DocumentDate {
            year,
            early: month.is_none_or(|m| m <= 6),
        }
    }

    /// The year `今年`, `明年`, `去年` (or `上年`) name in a document of this date.
    fn relative(self, word: &str) -> Option<u32> {
        let year = self.year?;
        match word {
            "今年" | "本年" => Some(year),
            "明年" => Some(year + 1),
            "去年" => year.checked_sub(1),
            _ => None,
        }
    }
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
    let chosen = figures
        .iter()
        .find(|f| fits(f) && f.strong)
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
    row.value = extract::figure_value(&text);
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

/// The full sentences of a passage (between `。`, `！`, `？`), as byte ranges.
fn full_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let (from, to) = trust::full_sentence(text, at);
        if to <= at {
            break;
        }
        out.push((from, to));
        at = to;
    }
    out
}

/// Whether a quantity span is a percentage written with a per-cent sign.
fn is_percent(sentence: &str, span: &Span) -> bool {
    span.unit == Some(UnitClass::Percent) && sentence[span.start..span.end].contains(['%', '％'])
}

/// The figures of the measure (`cores`) in a passage, in text order.
fn figures_in(
    passage: usize,
    text: &str,
    section: &[String],
    cores: &[&str],
    date: DocumentDate,
    percent: bool,
) -> Vec<Figure> {
    let mut out = Vec::new();
    for (from, to) in full_sentences(text) {
        let sentence = &text[from..to];
        if trust::is_heading(sentence, section) {
            continue;
        }
        let spans = extract::quantities(sentence);
        for (k, span) in spans.iter().enumerate() {
            if percent != is_percent(sentence, span) {
                continue;
            }
            let q = extract::qualified(sentence, span);
            let Some(measure) = measure_before(sentence, &spans, span, &q, cores) else {
                continue;
            };
            let (kind, strong) = kind_of(sentence, &q, section);
            let year = year_of(sentence, q.start, section, date, kind);
            let restated = spans.get(k + 1).and_then(|next| {
                let between = &sentence[q.end..next.start];
                let restates = (between.contains("力争") || between.contains("争取"))
                    && between.chars().count() <= 12
                    && !between.contains(['；', ';'])
                    && is_percent(sentence, next) == percent;
                restates.then(|| {
                    let nq = extract::qualified(sentence, next);
                    sentence[nq.start..nq.end].to_owned()
                })
            });
            out.push(Figure {
                passage,
                sentence: (from, to),
                span: q,
                measure: Some(measure),
                year,
                kind,
                strong,
                restated,
            });
        }
    }
    out
}

/// The measure's name as the sentence states it before the figure `q`, when the figure is that
/// measure's: the last name of the measure in the figure's clause, whole (not part of a longer
/// noun), with nothing between it and the figure that makes the figure another measure's.
fn measure_before(
    sentence: &str,
    spans: &[Span],
    span: &Span,
    q: &Qualified,
    cores: &[&str],
) -> Option<String> {
    let clause_start = sentence[..q.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '，' | ',' | '；' | ';' | '：' | ':' | '。' | '（' | '('))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let before = &sentence[clause_start..q.start];
    let (core_at, core) = cores
        .iter()
        .filter_map(|c| before.rfind(c).map(|at| (at, *c)))
        .max_by_key(|&(at, _)| at)?;
    // The name runs back over the prefixes a document names the measure with.
    let mut name_start = core_at;
    while let Some(p) = MEASURE_PREFIXES
        .iter()
        .find(|p| before[..name_start].ends_with(*p))
    {
        name_start -= p.len();
    }
    let lead = before[..name_start].trim_end_matches(['*', ' ', '　']);
    let lead_ok = lead.is_empty()
        || lead
            .chars()
            .next_back()
            .is_some_and(|c| !crate::analysis::is_cjk(c))
        || MEASURE_LEADS.iter().any(|w| lead.ends_with(w));
    if !lead_ok {
        return None;
    }
    let gap = &before[core_at + core.len()..];
    if NOT_THE_MEASURE.iter().any(|w| gap.contains(w)) {
        return None;
    }
    // Another figure of the same kind between the name and this one is that one's.
    let own = spans.iter().filter(|s| {
        s.start >= clause_start + core_at + core.len() && s.end <= span.start && s != &span
    });
    let mut others = 0;
    for s in own {
        if s.unit == span.unit {
            return None;
        }
        others += 1;
    }
    let growth_core = core.starts_with("经济");
    if !(growth_core || gap.contains('增') || gap.contains('速') || gap.contains('长')) {
        return None;
    }
    let gap_chars = gap.chars().count();
    if others > 1 || gap_chars > 24 {
        return None;
    }
    Some(before[name_start..core_at + core.len()].to_owned())
}

/// Whether the figure `q` of a sentence is a target or an outcome, and whether a cue that opens
/// a year's list of main targets stands before it.
fn kind_of(sentence: &str, q: &Qualified, section: &[String]) -> (Option<FigureKind>, bool) {
    let before = &sentence[..q.start];
    // The rest of the figure's statement, up to the next `；`.
    let after = &sentence[q.end..];
    let after = &after[..after.find(['；', ';']).unwrap_or(after.len())];
    let strong = STRONG_TARGET_CUES.iter().any(|c| before.contains(c));
    if BEAT_CUES.iter().any(|c| after.contains(c)) {
        return (Some(FigureKind::Outcome), false);
    }
    let last = |cues: &[&str]| cues.iter().filter_map(|c| before.rfind(c)).max();
    let kind = match (last(TARGET_CUES), last(OUTCOME_CUES)) {
        (Some(t), Some(o)) if o > t => Some(FigureKind::Outcome),
        (Some(_), _) => Some(FigureKind::Target),
        (None, Some(_)) => Some(FigureKind::Outcome),
        (None, None) => {
            // `确定经济增长7%左右的预期目标`: the clause after the figure names it a target.
            let clause_end = after.find(['，', ',', '。']).unwrap_or(after.len());
            if after[..clause_end].contains("目标") {
                Some(FigureKind::Target)
            } else if section
                .iter()
                .any(|h| REVIEW_HEADINGS.iter().any(|w| h.contains(w)))
            {
                Some(FigureKind::Outcome)
            } else {
                None
            }
        }
    };
    (kind, strong && kind == Some(FigureKind::Target))
}

/// The year the figure at `at` of a sentence is for: a year the sentence states (the nearest
/// before the figure, else the first after), then 今年/明年/去年 in the sentence before it
/// against the document's date, then its section heading's year (innermost first), then the
/// document's own year — for an outcome of a report delivered in the first half of its year,
/// the year before.
fn year_of(
    sentence: &str,
    at: usize,
    section: &[String],
    date: DocumentDate,
    kind: Option<FigureKind>,
) -> Option<u32> {
    // A year the figure is measured against (`较2015年`, `2020年以来`) is not its year; after
    // the figure, only a year in its own clause is.
    let clause_end = sentence[at..]
        .find(['，', ',', '；', ';'])
        .map_or(sentence.len(), |i| at + i);
    let stated: Vec<(usize, u32)> = trust::years(sentence)
        .into_iter()
        .filter(|&(i, _)| {
            let before = &sentence[..i];
            let after = &sentence[i + "2000年".len()..];
            !COMPARED_BEFORE.iter().any(|w| before.ends_with(w))
                && !COMPARED_AFTER.iter().any(|w| after.starts_with(w))
                && i < clause_end
        })
        .collect();
    if let Some(&(_, y)) = stated.iter().rfind(|(i, _)| *i < at) {
        return Some(y);
    }
    if let Some(&(_, y)) = stated.first() {
        return Some(y);
    }
    let before = &sentence[..at];
    let relative = ["今年", "本年", "明年", "去年"]
        .iter()
        .filter_map(|w| before.rfind(w).map(|i| (i, *w)))
        .max_by_key(|&(i, _)| i);
    if let Some(year) = relative.and_then(|(_, w)| date.relative(w)) {
        return Some(year);
    }
    for heading in section.iter().rev() {
        if let Some(&(_, y)) = trust::years(heading).last() {
            return Some(y);
        }
        if let Some(year) = ["今年", "明年", "去年"]
            .iter()
            .find(|w| heading.contains(*w))
            .and_then(|w| date.relative(w))
        {
            return Some(year);
        }
    }
    let year = date.year?;
    if kind == Some(FigureKind::Outcome) && date.early {
        year.checked_sub(1)
    } else {
        Some(year)
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
        extract::qualified(sentence, &local)
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
    row.value = extract::figure_value(&answer);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(
        text: &str,
        section: &[&str],
        date: &str,
    ) -> Vec<(String, Option<u32>, Option<FigureKind>)> {
        let section: Vec<String> = section.iter().map(|s| s.to_string()).collect();
        figures_in(
            0,
            text,
            &section,
            MEASURES[0].1,
            DocumentDate::of(Some(date)),
            true,
        )
        .into_iter()
        .map(|f| {
            let (a, b) = f.sentence;
            (
                text[a..b][f.span.start..f.span.end].to_owned(),
                f.year,
                f.kind,
            )
        })
        .collect()
    }

    #[test]
    fn a_target_list_gives_the_measure_with_its_qualifier() {
        let found = figures(
            "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，其中一、二、三产增加值分别增长5%、6%、4.8%；",
            &["二、2024年工作安排"],
            "2024-01-20",
        );
        assert_eq!(
            found,
            [("5%左右".to_owned(), Some(2024), Some(FigureKind::Target))]
        );
    }

    #[test]
    fn next_years_targets_are_for_next_year() {
        let found = figures(
            "明年发展的主要预期目标是：地区生产总值增长7.2%以上、全力冲刺“千亿GDP”。",
            &[],
            "2024-12-29",
        );
        assert_eq!(
            found,
            [("7.2%以上".to_owned(), Some(2025), Some(FigureKind::Target))]
        );
    }

    #[test]
    fn outcomes_shares_and_other_economies_are_told_apart() {
        let found = figures(
            "预计全年地区生产总值比上年增长6%左右。全社会研发经费支出相当于全市生产总值的比例达到4.5%左右。力争海洋生产总值增长8%。数字经济增长15%。单位地区生产总值能耗降低2.5%左右。",
            &["一、2023年工作回顾"],
            "2024-01-20",
        );
        assert_eq!(
            found,
            [("6%左右".to_owned(), Some(2023), Some(FigureKind::Outcome))]
        );
    }

    #[test]
    fn a_figure_above_its_target_is_an_outcome() {
        let found = figures(
            "全省地区生产总值11863.8亿元、增长6.4%，高于预期目标0.4个百分点。",
            &[],
            "2024-01-23",
        );
        assert_eq!(
            found,
            [("6.4%".to_owned(), Some(2023), Some(FigureKind::Outcome))]
        );
    }

    #[test]
    fn floors_and_ranges_keep_their_words() {
        let found = figures(
            "今年全市经济社会发展主要预期目标是：地区生产总值增速不低于5%；主要预期目标为：生产总值增长5%—5.5%。",
            &[],
            "2024-01-20",
        );
        let texts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(texts, ["不低于5%", "5%—5.5%"]);
    }

    #[test]
    fn a_second_statement_is_listed_not_answered() {
        let section = vec![];
        let f = figures_in(
            0,
            "今年主要预期目标是：地区生产总值增长6%左右，力争达到6%以上。",
            &section,
            MEASURES[0].1,
            DocumentDate::of(Some("2024-01-23")),
            true,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].restated.as_deref(), Some("6%以上"));
    }
}
