//! Ask: a question → the answer, the sentence it stands in, and the passages around it.
//!
//! 1. [`question::analyse`] takes the question words out and says what is asked (a quantity in
//!    some unit, a date, an organisation, a reason, a method …).
//! 2. Retrieval gathers candidate passages two ways: across the index, with a looser coverage
//!    rule than search's (a question repeats few of its words in the answer), and inside the
//!    documents the question names (`按行政处罚法…`, `衢州2023年报告…`), found from the document
//!    cards (title, region, year, type, issuer, path). Naming is a boost, never a filter: a wrong
//!    guess cannot hide the answer.
//! 3. Each candidate's sentences are scored by the question words they hold, weighted by
//!    rarity (a word that names the passage's document counts as held), with partial credit for
//!    long words whose character pairs they hold, plus a bonus when the sentence holds a span of
//!    the asked type; passages rank by their best sentence, how much of the question they hold,
//!    whether their document is the one named, and retrieval's own score.
//! 4. [`extract`] takes the typed span (`45人`, `1992年`, `本级人民政府`) out of the best
//!    sentence, bound to the asked qualifier or relation. [`trust`] refuses what the passage
//!    contradicts (another year, meeting or measure; an article that does not exist) and marks
//!    the evidence. Below [`ANSWER_THRESHOLD`] nothing is answered: the nearest passages are
//!    shown and the command exits 1.

pub mod each;
pub mod eval;
pub mod extract;
pub mod figures;
pub mod labels;
pub mod question;
pub mod relations;
pub mod trust;

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::analysis::normalize::NormalizedText;
use crate::analysis::{is_cjk, Analyzer, Segmenter};
use crate::error::Result;
use crate::index::schema;
use crate::index::IndexHandle;
use crate::quantity::ends_clause;
use crate::search::query::{self, PlannedClause, PlannedQuery, PlannedTerm};
use crate::search::synonyms::Synonyms;
use crate::search::{
    build_query_with_coverage, hits_for_query, naming_bound, title_matches_within, Filters, Hit,
};
use question::{AnswerType, Question};

/// Words of a question that say how it is asked, not what about (`按…规定`, `据…报告显示`):
/// left out of what a passage must hold, though they may still name a document.
const FILLER_WORDS: &[&str] = &[
    "按",
    "按照",
    "据",
    "依据",
    "根据",
    "依照",
    "规定",
    "显示",
    "提到",
    "提出",
    "称",
    "说",
    "所说",
    "要求",
    "强调",
    "里",
    "中",
    "方面",
    "层面",
    "需",
    "需要",
    "要",
    "该",
    "应",
    "应当",
    "能",
    "可以",
    "有",
    "各",
    "报告",
    "政府工作报告",
    "指",
    "具体",
    "分别",
    "目前",
    "当年",
    "一共",
    "共",
    "总共",
    "达到",
    "了",
    "过",
    "又",
    "受",
    "给",
    "办",
    "对",
    "上",
    "下",
    "各有",
    "各是",
    "分别是",
    "是",
    "为",
    "有关",
    "相关",
    "情况",
    "内容",
    "年",
    "月",
    "日",
    "做",
    "做了",
    "哪",
    "到",
    "从",
    "由",
    "涨",
    "需由",
    "需经",
    "应由",
    "须由",
    "需报",
];

/// The one confidence threshold T: below it nothing is given as the answer (a span found is
/// shown as [`Answer::nearest`]) and `ask` exits 1. Kept at 0.47 after issue 14: on the
/// development set a higher one gave fewer right answers at no better precision up to 0.75; the
/// reliability by confidence band is in docs/ask.md.
pub const ANSWER_THRESHOLD: f32 = 0.47;

/// How many passages each retrieval query brings in.
const CANDIDATES: usize = 120;
/// At most this many documents count as named by a question.
const NAMED_DOCUMENTS: usize = 8;
/// Added to a sentence's score when it holds a span of the type asked (a number in the asked
/// unit, a date, an organisation).
const TYPE_FIT: f32 = 0.2;
/// Weight of a one-character question word, relative to its rarity.
const LONE_CHARACTER_WEIGHT: f32 = 0.3;
/// Most weight for a question word jieba's dictionary does not hold.
const UNKNOWN_WORD_WEIGHT: f32 = 5.0;
/// What a sentence's score keeps when the question asks for a quantity or a date and the
/// sentence holds none that fits.
const NO_FIT_FACTOR: f32 = 0.6;
/// Most credit for a long word held only in part.
const PART_CREDIT: f32 = 0.6;
/// Weight of a question word that names a passage's document, relative to its rarity, in that
/// passage's coverage: the document being named is scored apart, so its name weighs little in
/// telling its passages apart.
const NAMING_WEIGHT: f32 = 0.25;
/// How much the words around an answer span count, as a share of the question's words: a number
/// is about the words of its clause just before it (`地方一般公共预算收入34.8亿元`), one who acts
/// about the verb after it (`由牵头制作的行政机关负责公开`).
const CONTEXT_FIT: f32 = 0.5;
/// How far from a span, in characters, its context reaches (within its clause).
const CONTEXT_CHARS: usize = 16;
/// Weight of a synonym's occurrence relative to the word's own.
const SYNONYM_CREDIT: f32 = 0.7;

/// A question to answer.
#[derive(Debug, Clone)]
pub struct AskRequest {
    /// The question, as asked.
    pub question: String,
    /// How many passages to return.
    pub limit: usize,
    /// Synonym groups to expand the question's words with.
    pub synonyms: Synonyms,
    /// Which documents to search.
    pub filters: Filters,
}

impl AskRequest {
    /// A request with the bundled synonyms and no filters.
    pub fn new(question: impl Into<String>, limit: usize) -> Self {
        AskRequest {
            question: question.into(),
            limit,
            synonyms: Synonyms::bundled(),
            filters: Filters::default(),
        }
    }
}

/// A passage considered for the answer.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AnswerPassage {
    /// The passage, in the `search --json` hit shape.
    #[serde(flatten)]
    pub hit: Hit,
    /// How well the passage answers the question (the ranking score).
    pub relevance: f32,
    /// What the score is made of.
    pub scores: PassageScores,
    /// Byte range in the passage text of its sentence that best answers.
    pub sentence_span: (usize, usize),
    /// On the answering passage: the byte range of the answer in the passage text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_span: Option<(usize, usize)>,
    /// On the answering passage: the byte ranges of the passage quoted as evidence, in order
    /// (the answer's sentence, and the clause that holds its year when the sentence lacks it);
    /// the answer lies inside one of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<(usize, usize)>,
}

impl AnswerPassage {
    /// The sentence that best answers.
    pub fn sentence(&self) -> &str {
        &self.hit.text[self.sentence_span.0..self.sentence_span.1]
    }
}

/// The parts of a passage's [`AnswerPassage::relevance`], each from 0 to 1 (the sentence's
/// with its type bonus).
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct PassageScores {
    /// The best sentence: the weighted share of the question's words it holds, plus the bonus
    /// for holding a span of the asked type.
    pub sentence: f32,
    /// The weighted share of the question's words the whole passage holds.
    pub passage: f32,
    /// How strongly the question names the passage's document, against the most named one.
    pub naming: f32,
    /// Retrieval's own score against the best of its query.
    pub retrieval: f32,
}

impl PassageScores {
    /// The passage's relevance: mostly its best sentence, then the passage as a whole and its
    /// document being the one named, a little of retrieval's score.
    pub fn relevance(&self) -> f32 {
        0.5 * self.sentence + 0.2 * self.passage + 0.2 * self.naming + 0.1 * self.retrieval
    }
}

/// What `ask` found.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// The answer: a span for typed questions, the sentence (or clause) otherwise; `None` when
    /// nothing answers well enough or no span of the asked type was found.
    pub answer: Option<String>,
    /// What the question asks for.
    pub answer_type: AnswerType,
    /// How far the answer can be trusted, from 0 to 0.99 (never 1: no extraction is certain):
    /// the best passage's score, lowered when the answer is not bound to the question's words.
    pub confidence: f32,
    /// Whether an answer is given: the confidence reaches [`ANSWER_THRESHOLD`] and nothing
    /// refuses it.
    pub found: bool,
    /// How much of the question's measure a figure's own stretch of its sentence holds (1 for
    /// answers that are no figure, 0 when nothing was settled).
    pub binding: f32,
    /// Whether the answer is the passage itself (for how, why and what-did-it-propose
    /// questions), not a span taken out of it.
    pub passage_answer: bool,
    /// Why no answer is given, when the best passage was good enough but is not an answer (a
    /// year or a meeting other than the one asked, a figure of another measure, no span of the
    /// asked type, an article that does not exist).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// When refused for a contradiction: the nearest figure, shown apart and never as the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<Nearest>,
    /// The documents the question was read as naming (titles), best first.
    pub named_documents: Vec<String>,
    /// Titles the question quotes in book-title marks (`《…》`) that no indexed document bears:
    /// the question is about a document the index does not hold, so `ask` answers nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_titles: Vec<String>,
    /// The question's words as searched, each with its weight (rarity).
    pub terms: Vec<(String, f32)>,
    /// For a quantity question, the unit family asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<question::UnitClass>,
    /// The candidate passages, best first; the first answers when `found`.
    pub passages: Vec<AnswerPassage>,
}

/// The nearest span to an answer that is not one: its text and the year it stands under.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Nearest {
    /// The span (`70亿元`).
    pub text: String,
    /// The year its passage states for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
}

/// A question word with how much it weighs and what else counts as it.
#[derive(Debug, Clone)]
struct WeightedTerm {
    /// The normalised word.
    word: String,
    /// Its synonyms, normalised.
    synonyms: Vec<String>,
    /// For a word of three or more characters, its pieces (jieba's sub-words, else its
    /// character pairs), for partial credit when only some are held (`预算` of `财政预算`).
    parts: Vec<String>,
    /// Rarity in the words field (inverse document frequency).
    weight: f32,
}

/// Answers a question from the index.
pub fn ask(handle: &IndexHandle, searcher: &Searcher, request: &AskRequest) -> Result<Answer> {
    let question = question::analyse(&request.question);
    // The analyser segments through the per-text lexicon; the full dictionary (and its start-up
    // cost) is built only if a question needs part-of-speech tags (organisations, kinds).
    let analyzer = &handle.analyzer;
    let whole = query::plan_with(analyzer, &question.content, &request.synonyms)?;
    let mut plan = whole.clone();
    // Small numbers (`5` of `五年`, `3` of `第3条`) say nothing a passage must repeat; longer
    // ones can be names (`12310`).
    plan.should.retain(|clause| match clause {
        PlannedClause::Word(t) => {
            let small_number = t.word.len() <= 2 && t.word.chars().all(|c| c.is_ascii_digit());
            !FILLER_WORDS.contains(&t.word.as_str()) && !small_number
        }
        _ => true,
    });
    if plan.should.is_empty() && plan.must.is_empty() {
        plan = whole.clone();
    }
    let fields = &handle.fields;
    // Every word may name a document (`报告`, `规定` as well), except numbers that are no
    // year: `五年` and `第3条` name no title.
    let mut naming_plan = whole;
    naming_plan.should.retain(|clause| match clause {
        PlannedClause::Word(t) => !is_count(&t.word),
        _ => true,
    });
    // One lookup of the naming words in the cards, with a loose bound; search's own bound
    // (what gives the title bonus in retrieval) is a filter of it.
    let documents = searcher.doc_freq(&Term::from_field_u64(fields.card, 1))? as usize;
    let mut broad_titles =
        title_matches_within(searcher, fields, &naming_plan, (documents / 2).max(20))?;
    let bound = naming_bound(documents);
    let mut titles: crate::search::TitleMatches = broad_titles
        .iter()
        .filter(|(_, ids)| ids.len() <= bound)
        .map(|(word, ids)| (word.clone(), ids.clone()))
        .collect();
    for (word, ids) in short_title_matches(handle, &naming_plan, &titles)? {
        broad_titles.insert(word.clone(), ids.clone());
        titles.insert(word, ids);
    }
    let terms = weighted_terms(analyzer, searcher, fields.words, &plan)?;
    let naming = naming_scores(documents, &broad_titles);
    let named: Vec<u64> = {
        let best = naming.values().copied().fold(0.0f32, f32::max);
        let mut named: Vec<(u64, f32)> = naming
            .iter()
            .filter(|(_, &s)| best > 0.0 && s >= 0.6 * best)
            .map(|(&id, &s)| (id, s))
            .collect();
        named.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        named.truncate(NAMED_DOCUMENTS);
        named.into_iter().map(|(id, _)| id).collect()
    };

    let mut candidates: Vec<(Hit, f32)> = Vec::new();
    let mut seen = HashSet::new();
    let mut gather = |hits: Vec<Hit>, candidates: &mut Vec<(Hit, f32)>| {
        let top = hits.first().map_or(1.0, |h| h.score.max(f32::EPSILON));
        for hit in hits {
            let key = (hit.doc_id.clone(), hit.passage);
            let share = hit.score / top;
            if seen.insert(key) {
                candidates.push((hit, share));
            }
        }
    };
    let words = plan.should.len();
    let global =
        build_query_with_coverage(fields, &plan, &titles, &request.filters, words.div_ceil(3));
    gather(
        hits_for_query(handle, searcher, &plan, global.as_ref(), CANDIDATES)?,
        &mut candidates,
    );
    if !named.is_empty() {
        let keys = named_keys(searcher, fields, &named)?;
        let mut filters = request.filters.clone();
        filters.documents = Some(match &request.filters.documents {
            Some(allowed) => keys.into_iter().filter(|k| allowed.contains(k)).collect(),
            None => keys,
        });
        if filters.documents.as_ref().is_some_and(|d| !d.is_empty()) {
            let inside = build_query_with_coverage(
                fields,
                &plan,
                &crate::search::TitleMatches::new(),
                &filters,
                1,
            );
            gather(
                hits_for_query(handle, searcher, &plan, inside.as_ref(), CANDIDATES)?,
                &mut candidates,
            );
        }
    }

    let best_naming = naming.values().copied().fold(0.0f32, f32::max);
    let mut scored: Vec<AnswerPassage> = candidates
        .into_iter()
        .map(|(hit, share)| {
            let id = document_id(&hit);
            // Each naming word a document lacks against the most named one costs it a share: a
            // question that names one document names it sharply.
            let naming_share = if best_naming > 0.0 {
                let score = naming.get(&id).copied().unwrap_or(0.0);
                (-(best_naming - score) / 2.0).exp()
            } else {
                0.0
            };
            score_passage(
                analyzer,
                &question,
                &terms,
                &broad_titles,
                hit,
                id,
                share,
                naming_share,
                if best_naming > 0.0 { naming_share } else { 1.0 },
            )
        })
        .collect();
    scored.sort_by(|a, b| {
        b.relevance
            .total_cmp(&a.relevance)
            .then_with(|| a.hit.path.cmp(&b.hit.path))
            .then_with(|| a.hit.line.cmp(&b.hit.line))
            .then_with(|| a.hit.passage.cmp(&b.hit.passage))
    });

    // Each passage once, whatever way it was gathered.
    let mut listed = HashSet::new();
    scored.retain(|p| listed.insert((p.hit.root.clone(), p.hit.path.clone(), p.hit.passage)));
    // A question that names a document by its year (`2024年政府工作报告`) is answered from a
    // document of that year first: the others keep their order after it.
    let named_years: Vec<u32> = trust::question_years(&question.text)
        .into_iter()
        .filter_map(|(year, names_document)| names_document.then_some(year))
        .collect();
    if !named_years.is_empty() {
        scored.sort_by_key(|p| {
            let years = trust::naming_years(&p.hit.title, &p.hit.path, p.hit.date.as_deref());
            !named_years.iter().all(|y| years.contains(y))
        });
    }
    scored.truncate(request.limit.max(1));
    let relevance = scored.first().map_or(0.0, |p| p.relevance);
    let unknown_titles = unknown_titles(handle, &question.text)?;
    let mut settled = Settled::default();
    if let Some(missing) = missing_part(handle, &question.text)? {
        settled.refusal = Some(missing);
    } else if unknown_titles.is_empty() {
        if let Some(first) = scored.first_mut() {
            let opening = crate::search::document_opening(
                searcher,
                fields,
                document_id(&first.hit),
                OPENING_PASSAGES,
            )?;
            settled = settle(analyzer, &question, &terms, &broad_titles, &opening, first);
        }
    }
    let confidence = confidence_of(relevance, settled.binding.max(0.0));
    let found = settled.answer.is_some() && confidence >= ANSWER_THRESHOLD;
    if !found {
        if let Some(first) = scored.first_mut() {
            // Below the threshold a span is shown only as the nearest, never as the answer.
            if let (Some(text), false) = (&settled.answer, settled.passage_answer) {
                let at = first.answer_span.map_or(0, |s| s.0);
                settled.nearest = Some(Nearest {
                    text: text.clone(),
                    year: trust::stated_year(&first.hit.text, at, &first.hit.section),
                });
            }
            if settled.answer.is_some() {
                settled.refusal = Some(format!(
                    "the best answer's confidence {confidence:.2} is below {ANSWER_THRESHOLD:.2}"
                ));
            }
            first.answer_span = None;
            first.evidence.clear();
        }
    }
    let answer = settled.answer.filter(|_| found);
    let named_documents = named
        .iter()
        .filter_map(|id| scored.iter().find(|p| document_id(&p.hit) == *id))
        .filter(|p| names_explicitly(&question.text, &p.hit, &broad_titles, document_id(&p.hit)))
        .map(|p| p.hit.title.clone())
        .collect();
    Ok(Answer {
        question: question.text.clone(),
        answer,
        answer_type: question.answer_type,
        confidence,
        found,
        passage_answer: found && settled.passage_answer,
        binding: settled.binding,
        refusal: settled.refusal,
        nearest: settled.nearest,
        named_documents,
        unknown_titles,
        terms: terms.iter().map(|t| (t.word.clone(), t.weight)).collect(),
        unit: question.unit,
        passages: scored,
    })
}

/// How many passages of a document's opening are read for what it says of itself (at which
/// meeting a report was given).
const OPENING_PASSAGES: u64 = 3;

/// The confidence of an answer from its passage's relevance and how well the figure is bound to
/// the question's words (`binding`, 1 for answers that are no figure): a monotone map into
/// 0–0.99, never 1, since no extraction is certain.
pub fn confidence_of(relevance: f32, binding: f32) -> f32 {
    let bound = 0.9 + 0.1 * binding.min(1.0);
    (relevance.max(0.0) * bound).min(0.99)
}

/// Whether a question names a document outright, not by sharing common words with its title:
/// it carries the title (less `中华人民共和国` and any bracketed addition), a short title of it
/// (`地方组织法`), six or more characters of the title in a row, or four with the document's
/// year, or the document's region with its year.
fn names_explicitly(
    question: &str,
    hit: &Hit,
    titles: &crate::search::TitleMatches,
    id: u64,
) -> bool {
    let question = crate::qa::eval::fold(question);
    let title = crate::qa::eval::fold(&hit.title);
    let stem = title.split(['(', '（']).next().unwrap_or(&title);
    let stem = stem.strip_prefix("中华人民共和国").unwrap_or(stem);
    if !stem.is_empty() && question.contains(stem) {
        return true;
    }
    let short_title = titles.iter().any(|(word, ids)| {
        ids.contains(&id)
            && word.chars().count() >= 3
            && SHORT_TITLE_ENDS.iter().any(|e| word.ends_with(e))
    });
    if short_title {
        return true;
    }
    let years = trust::document_years(&hit.title, &hit.path, hit.date.as_deref());
    let has_year = trust::years(&question)
        .iter()
        .any(|(_, y)| years.contains(y));
    let common = longest_common_run(&question, stem);
    let region = hit.region.as_deref().map(crate::qa::eval::fold);
    let region_named = region.is_some_and(|r| {
        let short: String = r.chars().take(2).collect();
        r.chars().count() >= 2 && question.contains(&short)
    });
    common >= 6 || (has_year && (common >= 4 || region_named))
}

/// The length in characters of the longest run of characters two texts share.
fn longest_common_run(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut best = 0;
    let mut row = vec![0usize; b.len() + 1];
    for &ca in &a {
        let mut previous = 0;
        for (j, &cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = if ca == cb { previous + 1 } else { 0 };
            best = best.max(row[j + 1]);
            previous = here;
        }
    }
    best
}

/// Endings of the short titles by which laws and regulations are cited.
const SHORT_TITLE_ENDS: &[&str] = &["法", "条例"];
/// A short title that fits more documents than this names none of them.
const SHORT_TITLE_MATCHES: usize = 5;

/// Documents named by a short title the question cites them by (`地方组织法` for
/// `地方各级人民代表大会和地方各级人民政府组织法`, `监督法`): a word ending like a law's title,
/// that names nothing in the cards, whose characters stand in that order in the title. Read from
/// the manifest, and only for such words.
fn short_title_matches(
    handle: &IndexHandle,
    plan: &PlannedQuery,
    titles: &crate::search::TitleMatches,
) -> Result<crate::search::TitleMatches> {
    let mut found = crate::search::TitleMatches::new();
    let wanted: Vec<&str> = plan
        .should
        .iter()
        .filter_map(|clause| match clause {
            PlannedClause::Word(t) => Some(t.word.as_str()),
            _ => None,
        })
        .filter(|w| w.chars().count() >= 3 && SHORT_TITLE_ENDS.iter().any(|e| w.ends_with(e)))
        .filter(|w| titles.get(*w).is_none_or(|ids| ids.is_empty()))
        .collect();
    if wanted.is_empty() {
        return Ok(found);
    }
    let (_, manifest) = handle.manifest()?;
    for word in wanted {
        let ids: Vec<u64> = manifest
            .files
            .values()
            .filter(|entry| {
                let title = entry.metadata.title.as_str();
                let stem = title.split(['(', '（']).next().unwrap_or(title);
                SHORT_TITLE_ENDS
                    .iter()
                    .any(|e| word.ends_with(e) && stem.ends_with(e))
                    && is_subsequence(word, stem)
            })
            .map(|entry| entry.id)
            .collect();
        if (1..=SHORT_TITLE_MATCHES).contains(&ids.len()) {
            found.insert(word.to_owned(), ids);
        }
    }
    Ok(found)
}

/// The titles a question quotes in `《…》` that no indexed document's title holds: neither as
/// it stands nor with its characters in order (a quoted short title, 《监督法》, names the long
/// one). Only a question that quotes a title reads the manifest.
fn unknown_titles(handle: &IndexHandle, question: &str) -> Result<Vec<String>> {
    let quoted: Vec<&str> = question
        .split('《')
        .skip(1)
        .filter_map(|rest| rest.split_once('》').map(|(title, _)| title.trim()))
        .filter(|title| title.chars().count() >= 2)
        .collect();
    if quoted.is_empty() {
        return Ok(Vec::new());
    }
    let (_, manifest) = handle.manifest()?;
    let fold = |text: &str| -> String {
        NormalizedText::new(text)
            .text
            .chars()
            .filter(|c| !c.is_whitespace() && !"《》“”\"".contains(*c))
            .collect()
    };
    let titles: Vec<String> = manifest
        .files
        .values()
        .map(|entry| fold(&entry.metadata.title))
        .collect();
    Ok(quoted
        .into_iter()
        .filter(|quoted| {
            let wanted = fold(quoted);
            let wanted = wanted.strip_prefix("中华人民共和国").unwrap_or(&wanted);
            !titles
                .iter()
                .any(|title| title.contains(wanted) || is_subsequence(wanted, title))
        })
        .map(str::to_owned)
        .collect())
}

/// Whether the characters of `short` stand in `long` in the same order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Whether a word is a number other than a year (1900–2099).
fn is_count(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
        && !(word.len() == 4 && (word.starts_with("19") || word.starts_with("20")))
}

/// The 64-bit id of a hit's document.
fn document_id(hit: &Hit) -> u64 {
    hit.full_doc_id
}

/// The document keys of documents given by id, read from their cards.
fn named_keys(searcher: &Searcher, fields: &schema::Fields, ids: &[u64]) -> Result<Vec<String>> {
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
    use tantivy::schema::Value;
    let query = BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_u64(fields.card, 1),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>,
        ),
        (
            Occur::Must,
            Box::new(TermSetQuery::new(
                ids.iter()
                    .map(|&id| Term::from_field_u64(fields.doc_id, id)),
            )),
        ),
    ]);
    let docs = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
    let mut keys = Vec::new();
    for address in docs {
        let doc: tantivy::TantivyDocument = searcher.doc(address)?;
        if let Some(key) = doc.get_first(fields.doc_key).and_then(|v| v.as_str()) {
            keys.push(key.to_owned());
        }
    }
    keys.sort();
    keys.dedup();
    Ok(keys)
}

/// The plan's plain words with their weights: inverse document frequency in the words field.
fn weighted_terms(
    segmenter: &dyn Segmenter,
    searcher: &Searcher,
    words: tantivy::schema::Field,
    plan: &PlannedQuery,
) -> Result<Vec<WeightedTerm>> {
    let total = searcher.num_docs().max(1) as f32;
    let mut out = Vec::new();
    let mut add = |term: &PlannedTerm| -> Result<()> {
        let df = searcher.doc_freq(&Term::from_field_text(words, &term.word))? as f32;
        let rarity = (1.0 + (total - df + 0.5) / (df + 0.5)).ln().max(0.1);
        // A lone character left between a question's words (`间` of `五年间`, `家` of
        // `多少家企业`) is rarely what it is about.
        let lone = term.word.chars().count() == 1 && term.word.chars().all(is_cjk);
        let weight = if lone {
            rarity * LONE_CHARACTER_WEIGHT
        } else if !segmenter.has_word(&term.word) && term.word.chars().all(is_cjk) {
            // A word jieba does not know was guessed from the characters around it, often
            // across the gap a question word left (`局归` of `…局归哪个部管`): it cannot weigh
            // as much as the rarest known words.
            rarity.min(UNKNOWN_WORD_WEIGHT)
        } else {
            rarity
        };
        out.push(WeightedTerm {
            word: term.word.clone(),
            synonyms: term.synonyms.iter().map(|s| s.word.clone()).collect(),
            parts: crate::analysis::words::word_parts(segmenter, &term.word),
            weight,
        });
        Ok(())
    };
    for clause in plan.should.iter().chain(&plan.must) {
        match clause {
            PlannedClause::Word(t) | PlannedClause::Phrase(t) => add(t)?,
            PlannedClause::All(ts) => ts.iter().try_for_each(&mut add)?,
        }
    }
    Ok(out)
}

/// For each document some question word names, how strongly the question names it: the sum over
/// those words of how few documents each names (a word in two titles names more than one in
/// two hundred).
fn naming_scores(documents: usize, titles: &crate::search::TitleMatches) -> HashMap<u64, f32> {
    let documents = documents.max(1) as f32;
    let mut scores: HashMap<u64, f32> = HashMap::new();
    for ids in titles.values() {
        if ids.is_empty() {
            continue;
        }
        let weight = (documents / ids.len() as f32).ln().max(0.0) + 0.5;
        for &id in ids {
            *scores.entry(id).or_default() += weight;
        }
    }
    scores
}

/// How much of a question word a normalised text holds: 1 for the word, [`SYNONYM_CREDIT`] for
/// a synonym, and for a long word held only in part ([`WeightedTerm::parts`]), up to
/// [`PART_CREDIT`] by the share of its characters found; the byte ranges of what was found.
fn held(term: &WeightedTerm, text: &str) -> (f32, Vec<(usize, usize)>) {
    let occurrences = |needle: &str| -> Vec<(usize, usize)> {
        text.match_indices(needle)
            .map(|(at, w)| (at, at + w.len()))
            .collect()
    };
    let found = occurrences(&term.word);
    if !found.is_empty() {
        return (1.0, found);
    }
    for synonym in &term.synonyms {
        let found = occurrences(synonym);
        if !found.is_empty() {
            return (SYNONYM_CREDIT, found);
        }
    }
    let mut found = Vec::new();
    let mut chars_found = 0;
    for part in &term.parts {
        let at = occurrences(part);
        if !at.is_empty() {
            chars_found += part.chars().count();
            found.extend(at);
        }
    }
    let share = chars_found as f32 / term.word.chars().count().max(1) as f32;
    if share >= 0.4 {
        (PART_CREDIT * share.min(1.0), found)
    } else {
        (0.0, Vec::new())
    }
}

/// The byte ranges of a text's sentences.
fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    crate::text::sentence_ranges(text)
        .into_iter()
        .map(|r| (r.start, r.end))
        .collect()
}

/// What a sentence holds of the question: the weighted share of its words, those naming the
/// passage's document weighing [`NAMING_WEIGHT`] of the others, and where in the sentence they
/// are.
fn coverage(
    terms: &[WeightedTerm],
    names_document: &[bool],
    sentence: &str,
) -> (f32, Vec<(usize, usize, f32)>) {
    let normalized = NormalizedText::new(sentence);
    let weight = |term: &WeightedTerm, named: bool| {
        if named {
            term.weight * NAMING_WEIGHT
        } else {
            term.weight
        }
    };
    let total: f32 = terms
        .iter()
        .zip(names_document)
        .map(|(t, &named)| weight(t, named))
        .sum::<f32>()
        .max(f32::EPSILON);
    let mut got = 0.0;
    let mut at = Vec::new();
    for (term, &named) in terms.iter().zip(names_document) {
        let (credit, found) = held(term, &normalized.text);
        let w = credit * weight(term, named);
        got += w;
        at.extend(found.into_iter().map(|(s, e)| {
            let (s, e) = normalized.original_range(s, e);
            (s, e, w)
        }));
    }
    (got / total, at)
}

/// The weighted share of the question's words that an answer span's context holds: for a
/// quantity or date, its clause before it (up to [`CONTEXT_CHARS`]); for an organisation, its
/// clause after it, against the question's words after its question word (`由谁对外公开` →
/// `负责公开`). 0 for other types.
fn context_share(
    question: &Question,
    terms: &[WeightedTerm],
    names_document: &[bool],
    sentence: &str,
    span: &extract::Span,
) -> f32 {
    match question.answer_type {
        AnswerType::Quantity | AnswerType::Date => {
            let before = &sentence[..span.start];
            let from = before
                .char_indices()
                .rev()
                .take(CONTEXT_CHARS)
                .take_while(|&(_, c)| !ends_clause(c))
                .last()
                .map_or(span.start, |(at, _)| at);
            coverage(terms, names_document, &sentence[from..span.start]).0
        }
        AnswerType::Organization => {
            let after = &sentence[span.end..];
            let to = after
                .char_indices()
                .take(CONTEXT_CHARS)
                .take_while(|&(_, c)| !ends_clause(c))
                .last()
                .map_or(0, |(at, c)| at + c.len_utf8());
            let (focus, named): (Vec<WeightedTerm>, Vec<bool>) = terms
                .iter()
                .zip(names_document)
                .filter(|(t, _)| question.focus.contains(&t.word))
                .map(|(t, &n)| (t.clone(), n))
                .unzip();
            if focus.is_empty() {
                return 0.0;
            }
            coverage(&focus, &named, &after[..to]).0
        }
        _ => 0.0,
    }
}

/// Scores one candidate passage: its best sentence, the passage as a whole, its document being
/// named, and retrieval's own score; returns it with the best sentence marked. `context_scale`
/// scales the bonus for an answer span's context: the passage's naming share when the question
/// names documents, so that a well-placed number in a document the question did not name (the
/// same figure in another year's communiqué) does not outrank the named one.
#[allow(clippy::too_many_arguments)]
fn score_passage(
    analyzer: &Analyzer,
    question: &Question,
    terms: &[WeightedTerm],
    titles: &crate::search::TitleMatches,
    hit: Hit,
    id: u64,
    retrieval_share: f32,
    naming_share: f32,
    context_scale: f32,
) -> AnswerPassage {
    let names_document: Vec<bool> = terms
        .iter()
        .map(|t| titles.get(&t.word).is_some_and(|ids| ids.contains(&id)))
        .collect();
    let (whole, _) = coverage(terms, &names_document, &hit.text);
    let mut best = (f32::MIN, (0, hit.text.len()));
    for (start, end) in sentence_spans(&hit.text) {
        let sentence = &hit.text[start..end];
        // A heading is no evidence, nor, for an answer by passage, a line that only announces
        // what follows (`提出以下建议：`).
        let announces =
            !question.answer_type.wants_span() && sentence.trim_end().ends_with(['：', ':']);
        if trust::is_heading(sentence, &hit.section) || announces {
            continue;
        }
        let (covered, matches) = coverage(terms, &names_document, sentence);
        let score = if question.answer_type.wants_span() || question.kind_of.is_some() {
            let spans = extract::candidates(analyzer, question, sentence);
            match extract::pick_span(question, sentence, &spans, &matches) {
                Some(span) => {
                    // A pair question is answered best by a sentence that has both values.
                    let fit = if question.pair && !span.pair {
                        TYPE_FIT / 2.0
                    } else {
                        TYPE_FIT
                    };
                    let context = context_share(question, terms, &names_document, sentence, &span);
                    covered + fit + CONTEXT_FIT * context * context_scale
                }
                None if matches!(
                    question.answer_type,
                    AnswerType::Quantity
                        | AnswerType::Date
                        | AnswerType::Rank
                        | AnswerType::DocumentNumber
                ) =>
                {
                    covered * NO_FIT_FACTOR
                }
                None => covered,
            }
        } else {
            covered
        };
        if score > best.0 {
            best = (score, (start, end));
        }
    }
    let scores = PassageScores {
        sentence: best.0.max(0.0),
        passage: whole,
        naming: naming_share,
        retrieval: retrieval_share,
    };
    AnswerPassage {
        hit,
        relevance: scores.relevance(),
        scores,
        sentence_span: best.1,
        answer_span: None,
        evidence: Vec::new(),
    }
}

/// What the best passage gives: the answer, or why it gives none.
#[derive(Debug, Default)]
struct Settled {
    /// The answer.
    answer: Option<String>,
    /// Whether the answer is the passage's sentence itself.
    passage_answer: bool,
    /// Why there is no answer.
    refusal: Option<String>,
    /// The nearest span, when refused for a contradiction.
    nearest: Option<Nearest>,
    /// The share of the question's words the answer's own stretch of the sentence holds (1 when
    /// that does not apply).
    binding: f32,
}

/// Share of a question's weighted words (those not naming the document, not units or years) that
/// a quantity's own stretch of its sentence must hold to be the figure asked for.
const MEASURE_SHARE: f32 = 0.15;

/// The answer in the best passage: the typed span of its best sentence (marking it and its
/// evidence on the passage), or for questions answered by a passage, that sentence; or no answer:
/// when a year or meeting the question names contradicts the one the passage states, when a
/// figure's own stretch of the sentence holds none of the question's measure, or when a
/// question that needs a span (who, how many, when, which number) finds none.
fn settle(
    analyzer: &Analyzer,
    question: &Question,
    terms: &[WeightedTerm],
    titles: &crate::search::TitleMatches,
    opening: &str,
    passage: &mut AnswerPassage,
) -> Settled {
    let (start, end) = passage.sentence_span;
    let text = passage.hit.text.clone();
    let sentence = &text[start..end];
    let id = document_id(&passage.hit);
    let names_document: Vec<bool> = terms
        .iter()
        .map(|t| titles.get(&t.word).is_some_and(|ids| ids.contains(&id)))
        .collect();
    let document_years = trust::document_years(
        &passage.hit.title,
        &passage.hit.path,
        passage.hit.date.as_deref(),
    );
    let (_, matches) = coverage(terms, &names_document, sentence);
    let spans = extract::candidates(analyzer, question, sentence);
    let span = extract::pick_span(question, sentence, &spans, &matches);
    let at = span.map_or(start, |s| start + s.start);
    // A date question asks the year itself: only its meeting must agree.
    let question_text = if question.answer_type == AnswerType::Date {
        question.text.replace(|c: char| c.is_ascii_digit(), "")
    } else {
        question.text.clone()
    };
    if let Some(contradiction) = trust::contradiction(
        &question_text,
        &text,
        at,
        &passage.hit.section,
        &document_years,
        &format!(
            "{} {} {}",
            passage.hit.title,
            passage.hit.path,
            passage.hit.region.as_deref().unwrap_or("")
        ),
        opening,
    ) {
        return Settled {
            refusal: Some(contradiction.reason()),
            nearest: span.map(|s| Nearest {
                text: sentence[s.start..s.end].to_owned(),
                year: trust::stated_year(&text, at, &passage.hit.section),
            }),
            ..Settled::default()
        };
    }
    let Some(span) = span else {
        if question.needs_span() {
            return Settled {
                refusal: Some(format!(
                    "no {} stands in the best passage",
                    question.answer_type.name()
                )),
                ..Settled::default()
            };
        }
        passage.answer_span = Some((start, end));
        passage.evidence = trust::evidence(&text, (start, end), None);
        return Settled {
            answer: Some(trust::strip_markup(sentence).trim().to_owned()),
            passage_answer: true,
            binding: 1.0,
            ..Settled::default()
        };
    };
    let mut binding = 1.0;
    if question.answer_type == AnswerType::Quantity {
        let (from, to) = extract::own_stretch(sentence, &spans, &span);
        let stretch = format!("{}{}", &sentence[from..span.start], &sentence[span.end..to]);
        binding = measure_share(terms, &names_document, &stretch);
        if binding < MEASURE_SHARE {
            return Settled {
                refusal: Some(format!(
                    "the figure in the best passage, {}, is not of the measure asked",
                    &sentence[span.start..span.end]
                )),
                nearest: Some(Nearest {
                    text: sentence[span.start..span.end].to_owned(),
                    year: trust::stated_year(&text, at, &passage.hit.section),
                }),
                ..Settled::default()
            };
        }
    }
    let span = match question.answer_type {
        AnswerType::Organization => relations::submission_chain(sentence, (span.start, span.end))
            .map_or(span, |(start, end)| extract::Span { start, end, ..span }),
        _ => span,
    };
    let answer = (start + span.start, start + span.end);
    passage.answer_span = Some(answer);
    passage.evidence = trust::evidence(&text, (start, end), Some(answer));
    Settled {
        answer: Some(sentence[span.start..span.end].to_owned()),
        binding,
        ..Settled::default()
    }
}

/// The weighted share of a quantity question's measure words (the question's words that do not
/// name the passage's document and are no unit or year) that a figure's own stretch holds.
fn measure_share(terms: &[WeightedTerm], names_document: &[bool], stretch: &str) -> f32 {
    let measure: Vec<(WeightedTerm, bool)> = terms
        .iter()
        .zip(names_document)
        .filter(|(t, &named)| {
            !named
                && question::unit_class(&t.word).is_none()
                && trust::years(&format!("{}年", t.word)).is_empty()
                && !t.word.chars().all(|c| c.is_ascii_digit())
        })
        .map(|(t, &n)| (t.clone(), n))
        .collect();
    if measure.is_empty() {
        return 1.0;
    }
    let (terms, named): (Vec<WeightedTerm>, Vec<bool>) = measure.into_iter().unzip();
    coverage(&terms, &named, stretch).0
}

/// A part of a document the question names (`《行政许可法》第九十条`) that the document does not
/// have: the sentence saying so (`《…》共八十三条，没有第九十条`). `Ok(None)` when the question
/// names no part of a document, or the part exists.
fn missing_part(handle: &IndexHandle, question: &str) -> Result<Option<String>> {
    let parts = trust::named_parts(question);
    if parts.is_empty() {
        return Ok(None);
    }
    let (_, manifest) = handle.manifest()?;
    let fold = |text: &str| -> String {
        let folded: String = NormalizedText::new(text)
            .text
            .chars()
            .filter(|c| !c.is_whitespace() && !"《》“”\"".contains(*c))
            .collect();
        folded
            .strip_prefix("中华人民共和国")
            .map(str::to_owned)
            .unwrap_or(folded)
    };
    let asked = fold(question);
    let quoted: Vec<String> = question
        .split('《')
        .skip(1)
        .filter_map(|rest| rest.split_once('》').map(|(t, _)| fold(t)))
        .collect();
    let entries: Vec<_> = manifest
        .files
        .values()
        .filter(|entry| {
            let title = &entry.metadata.title;
            let stem = fold(title.split(['(', '（']).next().unwrap_or(title));
            stem.chars().count() >= 3
                && (quoted.contains(&stem) || (quoted.is_empty() && asked.contains(&stem)))
        })
        .collect();
    let Some(entry) = entries.first() else {
        return Ok(None);
    };
    let Ok(opened) = crate::index::lookup::open(entry) else {
        return Ok(None);
    };
    for part in parts {
        let kind = match part.kind {
            '条' => crate::document::HeadingKind::Article,
            '章' => crate::document::HeadingKind::Chapter,
            _ => crate::document::HeadingKind::Section,
        };
        let numbers: Vec<u32> = opened
            .document
            .sections
            .iter()
            .filter(|s| s.kind == kind)
            .filter_map(|s| s.number)
            .collect();
        let Some(&most) = numbers.iter().max() else {
            continue;
        };
        if !numbers.contains(&part.number) {
            return Ok(Some(format!(
                "《{}》共{}{kind}，没有第{}{kind}",
                entry.metadata.title,
                trust::chinese_numeral(most),
                trust::chinese_numeral(part.number),
                kind = part.kind
            )));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(word: &str, weight: f32) -> WeightedTerm {
        WeightedTerm {
            word: word.into(),
            synonyms: Vec::new(),
            parts: Vec::new(),
            weight,
        }
    }

    /// The context share of the span `text` of `sentence`, no term naming the document.
    fn share(question: &Question, terms: &[WeightedTerm], sentence: &str, text: &str) -> f32 {
        let start = sentence.find(text).expect("span text in sentence");
        let span = extract::Span {
            start,
            end: start + text.len(),
            unit: None,
            agent: false,
            pair: false,
        };
        context_share(question, terms, &vec![false; terms.len()], sentence, &span)
    }

    #[test]
    fn a_number_is_about_the_words_of_its_clause_before_it() {
        let question = question::analyse("上年地方预算收入是多少？");
        let terms = [term("地方", 3.0), term("预算", 3.0), term("收入", 3.0)];
        let sentence = "实现旅游收入324.2亿元，地方一般公共预算收入34.8亿元。";
        let tourism = share(&question, &terms, sentence, "324.2亿元");
        let budget = share(&question, &terms, sentence, "34.8亿元");
        assert!((tourism - 1.0 / 3.0).abs() < 1e-6, "{tourism}");
        assert!((budget - 1.0).abs() < 1e-6, "{budget}");
    }

    #[test]
    fn one_who_acts_is_about_the_asked_verb_after_it() {
        let question = question::analyse("几个机关合作制作的信息由谁对外公开？");
        assert!(question.focus.contains("公开"), "{}", question.focus);
        let terms = [term("制作", 6.0), term("公开", 4.0)];
        let sentence = "两个以上行政机关共同制作的政府信息，由牵头制作的行政机关负责公开。";
        assert_eq!(share(&question, &terms, sentence, "两个以上行政机关"), 0.0);
        let lead = share(&question, &terms, sentence, "牵头制作的行政机关");
        assert!((lead - 1.0).abs() < 1e-6, "{lead}");
    }
}
