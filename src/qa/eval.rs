//! Measuring `ask` (and plain search) on a question set: Hit@1, Hit@5 and MRR@10 at passage
//! level, answer accuracy, and the slowest question.
//!
//! A question set is JSON Lines, one question per line, in the shape of
//! `../shared/eval/dev-qa.jsonl`: `id`, `question`, `doc` (a string the right document's path
//! contains), `evidence` (strings one of which the right passage contains), and, for factoid
//! questions, `answer`. A passage is correct when its path contains `doc` and its text one of
//! the evidence strings; an answer is right by [`answer_matches`]. Both comparisons are made
//! after NFKC folding with whitespace removed. Precision is right answers over answers given,
//! accuracy right answers over questions with a gold answer.
//!
//! A question with no `doc` and no `evidence` (kind `unanswerable`) is one the documents do not
//! answer: it counts not in the passage figures but in how often `ask` says it found no answer,
//! beside how often it wrongly says so for the questions that have one.

use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::Searcher;
use unicode_normalization::UnicodeNormalization;

use super::{ask, AskRequest};
use crate::error::{Error, Result};
use crate::index::IndexHandle;
use crate::search::synonyms::Synonyms;
use crate::search::{search_with, SearchRequest};

/// How many passages are looked at for each question (MRR@10).
pub const DEPTH: usize = 10;

/// One question of a question set.
#[derive(Debug, Clone, Deserialize)]
pub struct EvalQuestion {
    /// The question's id.
    pub id: String,
    /// The kind (`factoid`, `passage`, `keyword` …), for the breakdown.
    #[serde(default)]
    pub kind: String,
    /// The question as a user types it.
    pub question: String,
    /// A string the path of the right document contains (empty for an unanswerable question).
    #[serde(default)]
    pub doc: String,
    /// Strings one of which the right passage contains (none for an unanswerable question).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// The short answer, for factoid questions.
    #[serde(default)]
    pub answer: Option<String>,
}

impl EvalQuestion {
    /// Whether the documents hold no answer to the question: it names no document and no
    /// evidence.
    pub fn is_unanswerable(&self) -> bool {
        self.doc.trim().is_empty() && self.evidence.is_empty()
    }
}

/// What is measured: `ask`'s passages and answers, or plain search's passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvalMode {
    /// `zhengce ask`.
    Ask,
    /// `zhengce search` with the question as the query.
    Search,
    /// A plain BM25 baseline with the question as the query
    /// ([`crate::search::baseline::plain_bm25`]): what search is measured against.
    Baseline,
}

/// The outcome for one question.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionOutcome {
    /// The question's id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// The question.
    pub question: String,
    /// 1-based rank of the first correct passage in the top [`DEPTH`], if any.
    pub rank: Option<usize>,
    /// The answer given (ask only).
    pub answer: Option<String>,
    /// The gold answer, if the question has one.
    pub gold: Option<String>,
    /// Whether the answer given matches the gold one (None without a gold answer).
    pub answer_correct: Option<bool>,
    /// Whether the question has an answer in the documents.
    pub answerable: bool,
    /// Whether `ask` said it found an answer (None for plain search).
    pub found: Option<bool>,
    /// `ask`'s confidence (0 for plain search).
    pub confidence: f32,
    /// Milliseconds the question took.
    pub millis: f64,
}

/// The figures over a question set.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// What was measured.
    pub mode: EvalMode,
    /// How many questions.
    pub questions: usize,
    /// How many of them have an answer in the documents: the passage figures are over these.
    pub answerable: usize,
    /// Share of questions whose first passage is correct.
    pub hit_at_1: f64,
    /// Share of questions with a correct passage in the first five.
    pub hit_at_5: f64,
    /// Mean reciprocal rank of the first correct passage in the first ten.
    pub mrr_at_10: f64,
    /// Questions with a gold answer.
    pub with_answer: usize,
    /// Of those, how many were answered correctly (ask only).
    pub answers_correct: usize,
    /// `answers_correct / with_answer`.
    pub answer_accuracy: f64,
    /// Of the questions with no answer in the documents, how many `ask` said it found no
    /// answer for (ask only).
    pub unanswerable_refused: usize,
    /// Of the questions with an answer, how many `ask` wrongly said it found none for.
    pub answerable_refused: usize,
    /// Questions that can be judged (a gold answer, or none in the documents) that `ask` gave an
    /// answer to.
    pub answered: usize,
    /// `answers_correct / answered`: how often a given answer is right (an answer to a question
    /// the documents do not answer is wrong).
    pub precision: f64,
    /// Share of the questions the documents do not answer that `ask` refused.
    pub refusal_rate: f64,
    /// Median length in characters of the answers given.
    pub median_answer_chars: usize,
    /// Answers given and right, by confidence band.
    pub bands: Vec<Band>,
    /// The slowest question's id and milliseconds.
    pub slowest: Option<(String, f64)>,
    /// Median milliseconds per question.
    pub median_millis: f64,
    /// Each question's outcome, in file order.
    pub outcomes: Vec<QuestionOutcome>,
}

/// The answers given in a band of confidence, and how many were right.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// Lowest confidence of the band.
    pub from: f32,
    /// Confidence the band reaches up to (not included).
    pub to: f32,
    /// Answers given with a confidence in the band, to questions that can be judged.
    pub answered: usize,
    /// Of those, how many were right.
    pub right: usize,
}

/// Lower edges of the confidence bands of [`EvalReport::bands`].
pub const BAND_EDGES: [f32; 6] = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9];

/// NFKC folding with whitespace removed: the form both sides of every comparison take.
pub fn fold(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Reads a question set; a line that is not a question is an error naming the file and line.
pub fn read_questions(path: &Path) -> Result<Vec<EvalQuestion>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut questions = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let question: EvalQuestion = serde_json::from_str(line).map_err(|e| {
            Error::Argument(format!(
                "{}:{}: not a question line ({e}); expected JSON with id, question, doc, evidence",
                path.display(),
                n + 1
            ))
        })?;
        questions.push(question);
    }
    if questions.is_empty() {
        return Err(Error::Argument(format!(
            "{}: no questions in the file",
            path.display()
        )));
    }
    Ok(questions)
}

/// Whether a passage (its path and text) is a correct one for the question.
pub fn is_correct(question: &EvalQuestion, path: &str, text: &str) -> bool {
    let text = fold(text);
    fold(path).contains(&fold(&question.doc))
        && question.evidence.iter().any(|e| text.contains(&fold(e)))
}

/// Most characters an answer may hold beyond the gold answer it contains: more, and it is a
/// sentence around the answer, not the answer.
pub const EXTRA_CHARS: usize = 4;
/// Share of a gold answer without numerals that a part of it must keep to count.
pub const PART_SHARE: f64 = 0.6;

/// Whether a given answer matches the gold one, both folded ([`fold`]): it contains the gold
/// answer with at most [`EXTRA_CHARS`] characters more, or it is a part of the gold answer that
/// keeps every numeral of it (`五日内` of `名单公布之日起五日内`; `亿元` of `346.7亿元` is not),
/// or, when the gold answer has no numerals, at least [`PART_SHARE`] of it.
pub fn answer_matches(given: &str, gold: &str) -> bool {
    let (given, gold) = (fold(given), fold(gold));
    if given.is_empty() || gold.is_empty() {
        return false;
    }
    let (given_len, gold_len) = (given.chars().count(), gold.chars().count());
    if given.contains(&gold) {
        return given_len <= gold_len + EXTRA_CHARS;
    }
    if !gold.contains(&given) {
        return false;
    }
    let wanted = numerals(&gold);
    if wanted.is_empty() {
        given_len as f64 >= PART_SHARE * gold_len as f64
    } else {
        let mut kept = numerals(&given);
        wanted.iter().all(|n| {
            kept.iter()
                .position(|k| k == n)
                .map(|at| kept.remove(at))
                .is_some()
        })
    }
}

/// The numerals of a folded text, in order: runs of digits (with a decimal point) or of
/// Chinese numerals.
fn numerals(text: &str) -> Vec<String> {
    let digit = |c: char| c.is_ascii_digit() || c == '.';
    let chinese = |c: char| "〇零一二三四五六七八九十百千万亿两".contains(c);
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    let mut kind = 0;
    for c in text.chars() {
        let k = if digit(c) {
            1
        } else if chinese(c) {
            2
        } else {
            0
        };
        if k != kind && !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
        kind = k;
        if k != 0 {
            run.push(c);
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out.retain(|n| n != ".");
    out
}

/// Runs every question and measures.
pub fn evaluate(
    handle: &IndexHandle,
    searcher: &Searcher,
    questions: &[EvalQuestion],
    mode: EvalMode,
    synonyms: &Synonyms,
) -> Result<EvalReport> {
    let mut outcomes = Vec::with_capacity(questions.len());
    for question in questions {
        let started = Instant::now();
        type Found = (Vec<(String, String)>, Option<String>, Option<bool>, f32);
        let (passages, answer, found, confidence): Found = match mode {
            EvalMode::Ask => {
                let mut request = AskRequest::new(&question.question, DEPTH);
                request.synonyms = synonyms.clone();
                let found = ask(handle, searcher, &request)?;
                (
                    found
                        .passages
                        .iter()
                        .map(|p| (p.hit.path.clone(), p.hit.text.clone()))
                        .collect(),
                    found.answer,
                    Some(found.found),
                    found.confidence,
                )
            }
            EvalMode::Baseline => (
                crate::search::baseline::plain_bm25(handle, searcher, &question.question, DEPTH)?
                    .into_iter()
                    .map(|h| (h.path, h.text))
                    .collect(),
                None,
                None,
                0.0,
            ),
            EvalMode::Search => {
                let mut request = SearchRequest::new(&question.question, DEPTH);
                request.synonyms = synonyms.clone();
                let found = match search_with(handle, searcher, &request) {
                    Ok(found) => found.hits,
                    Err(Error::Query(_)) => Vec::new(),
                    Err(e) => return Err(e),
                };
                (
                    found.into_iter().map(|h| (h.path, h.text)).collect(),
                    None,
                    None,
                    0.0,
                )
            }
        };
        let millis = started.elapsed().as_secs_f64() * 1000.0;
        let answerable = !question.is_unanswerable();
        let rank = passages
            .iter()
            .filter(|_| answerable)
            .take(DEPTH)
            .position(|(path, text)| is_correct(question, path, text))
            .map(|i| i + 1);
        let answer_correct = question.answer.as_ref().map(|gold| {
            answer
                .as_deref()
                .is_some_and(|given| answer_matches(given, gold))
        });
        outcomes.push(QuestionOutcome {
            id: question.id.clone(),
            kind: question.kind.clone(),
            question: question.question.clone(),
            rank,
            answer,
            gold: question.answer.clone(),
            answer_correct,
            answerable,
            found,
            confidence,
            millis,
        });
    }
    Ok(summarise(mode, outcomes))
}

/// The figures of a set of outcomes.
fn summarise(mode: EvalMode, outcomes: Vec<QuestionOutcome>) -> EvalReport {
    let answerable = outcomes.iter().filter(|o| o.answerable).count();
    let n = answerable.max(1) as f64;
    let within = |k: usize| {
        outcomes
            .iter()
            .filter(|o| o.rank.is_some_and(|r| r <= k))
            .count()
    };
    let mrr = outcomes
        .iter()
        .filter_map(|o| o.rank)
        .map(|r| 1.0 / r as f64)
        .sum::<f64>()
        / n;
    let with_answer = outcomes.iter().filter(|o| o.gold.is_some()).count();
    let answers_correct = outcomes
        .iter()
        .filter(|o| o.answer_correct == Some(true))
        .count();
    let refused = |answerable: bool| {
        outcomes
            .iter()
            .filter(|o| o.answerable == answerable && o.found == Some(false))
            .count()
    };
    // An answer can be judged when the question has a gold answer or none in the documents.
    let judged = |o: &&QuestionOutcome| o.answer.is_some() && (o.gold.is_some() || !o.answerable);
    let answered = outcomes.iter().filter(judged).count();
    let bands = BAND_EDGES
        .iter()
        .enumerate()
        .map(|(i, &from)| {
            let to = BAND_EDGES.get(i + 1).copied().unwrap_or(1.0);
            let inside: Vec<&QuestionOutcome> = outcomes
                .iter()
                .filter(judged)
                .filter(|o| {
                    o.confidence >= from && (o.confidence < to || i + 1 == BAND_EDGES.len())
                })
                .collect();
            Band {
                from,
                to,
                answered: inside.len(),
                right: inside
                    .iter()
                    .filter(|o| o.answer_correct == Some(true))
                    .count(),
            }
        })
        .collect();
    let mut lengths: Vec<usize> = outcomes
        .iter()
        .filter_map(|o| o.answer.as_deref())
        .map(|a| fold(a).chars().count())
        .collect();
    lengths.sort_unstable();
    let median_answer_chars = lengths.get(lengths.len() / 2).copied().unwrap_or(0);
    let unanswerable = outcomes.len() - answerable;
    let slowest = outcomes
        .iter()
        .max_by(|a, b| a.millis.total_cmp(&b.millis))
        .map(|o| (o.id.clone(), o.millis));
    let mut times: Vec<f64> = outcomes.iter().map(|o| o.millis).collect();
    times.sort_by(f64::total_cmp);
    let median_millis = times.get(times.len() / 2).copied().unwrap_or(0.0);
    EvalReport {
        mode,
        questions: outcomes.len(),
        answerable,
        hit_at_1: within(1) as f64 / n,
        hit_at_5: within(5) as f64 / n,
        mrr_at_10: mrr,
        with_answer,
        answers_correct,
        answer_accuracy: if with_answer == 0 {
            0.0
        } else {
            answers_correct as f64 / with_answer as f64
        },
        unanswerable_refused: refused(false),
        answerable_refused: refused(true),
        answered,
        precision: if answered == 0 {
            0.0
        } else {
            answers_correct as f64 / answered as f64
        },
        refusal_rate: if unanswerable == 0 {
            0.0
        } else {
            refused(false) as f64 / unanswerable as f64
        },
        median_answer_chars,
        bands,
        slowest,
        median_millis,
        outcomes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question() -> EvalQuestion {
        EvalQuestion {
            id: "q".into(),
            kind: "factoid".into(),
            question: "？".into(),
            doc: "统计法（".into(),
            evidence: vec!["不得自行修改 统计资料".into()],
            answer: Some("5年".into()),
        }
    }

    #[test]
    fn passages_and_answers_compare_after_folding() {
        let q = question();
        assert!(is_correct(
            &q,
            "laws/统计法(2009).md",
            "任何单位不得自行修改统计资料。"
        ));
        assert!(!is_correct(
            &q,
            "laws/其他法(2009).md",
            "不得自行修改统计资料"
        ));
        assert!(!is_correct(&q, "laws/统计法(2009).md", "不得修改"));
        assert!(answer_matches("５年", "5年"));
        assert!(answer_matches("任期为5年", "5年"));
        assert!(!answer_matches("每个任期为5年", "5年"));
        assert!(!answer_matches("", "5年"));
        assert!(!answer_matches("3年", "5年"));
        assert!(!answer_matches("经开区机关核定专项编制45人", "45人"));
        assert!(!answer_matches("亿元", "346.7亿元"));
        assert!(answer_matches("五日内", "名单公布之日起五日内"));
        assert!(answer_matches("77个减为44个", "由77个减为44个"));
        assert!(!answer_matches("44个", "由77个减为44个"));
        assert!(answer_matches("人民警察身份", "不具有人民警察身份"));
        assert!(!answer_matches("身份", "不具有人民警察身份"));
    }

    #[test]
    fn the_held_out_set_reads_with_its_unanswerable_questions() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/heldout-qa.jsonl");
        let questions = read_questions(&path).expect("held-out set reads");
        let unanswerable = questions.iter().filter(|q| q.is_unanswerable()).count();
        assert_eq!((questions.len(), unanswerable), (65, 10));
        for q in questions.iter().filter(|q| !q.is_unanswerable()) {
            assert!(!q.doc.is_empty() && !q.evidence.is_empty(), "{}", q.id);
            if let Some(answer) = &q.answer {
                assert!(
                    q.evidence.iter().any(|e| fold(e).contains(&fold(answer))),
                    "{}: the answer is not in its evidence",
                    q.id
                );
            }
        }
    }

    #[test]
    fn ranks_make_the_figures() {
        let outcome = |rank: Option<usize>, correct: Option<bool>| QuestionOutcome {
            answerable: true,
            found: Some(correct.is_some()),
            id: "q".into(),
            kind: String::new(),
            question: String::new(),
            rank,
            answer: None,
            gold: correct.map(|_| "x".into()),
            answer_correct: correct,
            confidence: 0.7,
            millis: 1.0,
        };
        let report = summarise(
            EvalMode::Ask,
            vec![
                outcome(Some(1), Some(true)),
                outcome(Some(2), Some(false)),
                outcome(Some(7), None),
                outcome(None, None),
                QuestionOutcome {
                    answerable: false,
                    found: Some(false),
                    ..outcome(None, None)
                },
                QuestionOutcome {
                    answerable: false,
                    found: Some(true),
                    ..outcome(None, None)
                },
            ],
        );
        assert_eq!((report.questions, report.answerable), (6, 4));
        assert_eq!(report.unanswerable_refused, 1);
        assert_eq!(report.answerable_refused, 2);
        assert_eq!(report.hit_at_1, 0.25);
        assert_eq!(report.hit_at_5, 0.5);
        assert!((report.mrr_at_10 - (1.0 + 0.5 + 1.0 / 7.0) / 4.0).abs() < 1e-9);
        assert_eq!((report.with_answer, report.answers_correct), (2, 1));
        assert_eq!(report.answer_accuracy, 0.5);
    }
}
