//! Search: a query string → ranked passages (or documents) with highlights.
//!
//! Each plain query word becomes a clause that matches the word in the words field or its
//! bigrams in sequence in the bigram field; a coverage rule ([`query::PlannedQuery::
//! minimum_should_match`]) keeps passages that share one common word with a longer query out.
//! Scores are BM25 summed over both fields, re-ranked by proximity among the best candidates
//! ([`proximity`]); equal scores are ordered by path, then line.

pub mod highlight;
pub mod proximity;
pub mod query;

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

use crate::error::Result;
use crate::index::schema::Fields;
use crate::index::IndexHandle;
use query::{PlannedClause, PlannedQuery, PlannedTerm};

/// A search request.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query text.
    pub query: String,
    /// How many hits to return.
    pub limit: usize,
    /// How many of the best hits to pass over first.
    pub offset: usize,
}

/// One passage found, in the shape every command prints (`--json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// The document's path relative to its root.
    pub path: String,
    /// The root it was indexed from.
    pub root: String,
    /// The document's title.
    pub title: String,
    /// 1-based line in the original file.
    pub line: u64,
    /// Relevance score (higher is better).
    pub score: f32,
    /// The passage text.
    pub text: String,
    /// Byte ranges in `text` of every matched word.
    pub highlights: Vec<(usize, usize)>,
    /// 0-based passage number in the document.
    pub passage: u64,
    /// Byte range of the passage in the decoded document text.
    pub byte_start: u64,
    /// End of the byte range.
    pub byte_end: u64,
}

/// The passages found for a request.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// How many passages match in all.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
}

/// A document found: its best passage and how many of its passages match.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentHit {
    /// The best passage (its score is the document's).
    #[serde(flatten)]
    pub best: Hit,
    /// How many of the document's passages match.
    pub matching_passages: usize,
}

/// The documents found for a request.
#[derive(Debug, Clone)]
pub struct DocumentResults {
    /// How many documents match in all.
    pub total: usize,
    /// The requested page of documents, best first.
    pub hits: Vec<DocumentHit>,
}

/// Weight of the bigram field relative to the words field.
const BIGRAM_WEIGHT: f32 = 0.5;
/// Extra hits fetched past the page, so that ties at its edge are ordered by path and line and
/// the proximity re-rank can lift a passage from below the page into it.
const RERANK_MARGIN: usize = 64;

/// Builds the tantivy query for a plan.
pub fn build_query(fields: &Fields, plan: &PlannedQuery) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let should: Vec<Box<dyn Query>> = plan
        .should
        .iter()
        .map(|c| clause_query(fields, c))
        .collect();
    if !should.is_empty() {
        let min = plan.minimum_should_match();
        let group = BooleanQuery::with_minimum_required_clauses(
            should.into_iter().map(|q| (Occur::Should, q)).collect(),
            min,
        );
        // Beside required clauses, the plain words only rank (as in Elasticsearch's bool query).
        let occur = if plan.must.is_empty() {
            Occur::Must
        } else {
            Occur::Should
        };
        clauses.push((occur, Box::new(group)));
    }
    for clause in &plan.must {
        clauses.push((Occur::Must, clause_query(fields, clause)));
    }
    for clause in &plan.must_not {
        clauses.push((Occur::MustNot, clause_query(fields, clause)));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn clause_query(fields: &Fields, clause: &PlannedClause) -> Box<dyn Query> {
    match clause {
        PlannedClause::Word(term) => word_query(fields, term),
        PlannedClause::Phrase(term) => bigram_sequence(fields, term),
        PlannedClause::All(terms) => Box::new(BooleanQuery::new(
            terms
                .iter()
                .map(|t| (Occur::Must, word_query(fields, t)))
                .collect(),
        )),
    }
}

/// A word matches in the words field, or as its bigrams in sequence in the bigram field.
fn word_query(fields: &Fields, term: &PlannedTerm) -> Box<dyn Query> {
    let words: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(fields.words, &term.word),
        IndexRecordOption::WithFreqs,
    ));
    let mut parts = vec![(Occur::Should, words)];
    if !term.bigrams.is_empty() {
        let bigrams = Box::new(BoostQuery::new(
            bigram_sequence(fields, term),
            BIGRAM_WEIGHT,
        ));
        parts.push((Occur::Should, bigrams));
    }
    Box::new(BooleanQuery::new(parts))
}

/// The bigram-field terms of a word or phrase, in sequence.
fn bigram_sequence(fields: &Fields, term: &PlannedTerm) -> Box<dyn Query> {
    let terms: Vec<Term> = term
        .bigrams
        .iter()
        .map(|b| Term::from_field_text(fields.bigrams, b))
        .collect();
    if terms.len() == 1 {
        Box::new(TermQuery::new(
            terms.into_iter().next().expect("one term"),
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new(terms))
    }
}

/// Runs a passage search.
pub fn search(handle: &IndexHandle, request: &SearchRequest) -> Result<SearchResults> {
    let reader = handle.reader()?;
    let searcher = reader.searcher();
    search_with(handle, &searcher, request)
}

/// Runs a passage search on a given searcher (so callers can reuse one across queries).
pub fn search_with(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let plan = query::plan(handle.analyzer.jieba(), &request.query)?;
    let query = build_query(&handle.fields, &plan);
    let wanted = request.offset + request.limit;
    let (top, total) = searcher.search(
        &query,
        &(
            TopDocs::with_limit(wanted + RERANK_MARGIN).order_by_score(),
            Count,
        ),
    )?;
    let needles = plan.highlight_needles();
    let mut hits = top
        .into_iter()
        .map(|(score, address)| load_hit(searcher, &handle.fields, address, score, &needles))
        .collect::<Result<Vec<Hit>>>()?;
    sort_hits(&mut hits);
    let hits = hits
        .into_iter()
        .skip(request.offset)
        .take(request.limit)
        .collect();
    Ok(SearchResults { total, hits })
}

/// Orders hits best first, equal scores by root, path and line.
fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.root.cmp(&b.root))
            .then_with(|| a.line.cmp(&b.line))
            .then_with(|| a.passage.cmp(&b.passage))
    });
}

/// How many passages per document `search_documents` looks at, at most.
const DOCUMENT_POOL: usize = 10_000;

/// Runs a document search: documents ranked by their best passage, with a small bonus for
/// further matching passages.
pub fn search_documents(handle: &IndexHandle, request: &SearchRequest) -> Result<DocumentResults> {
    let reader = handle.reader()?;
    let searcher = reader.searcher();
    let plan = query::plan(handle.analyzer.jieba(), &request.query)?;
    let query = build_query(&handle.fields, &plan);
    let top = searcher.search(&query, &TopDocs::with_limit(DOCUMENT_POOL).order_by_score())?;
    let mut by_doc: HashMap<u64, Vec<(Score, DocAddress)>> = HashMap::new();
    for (score, address) in top {
        let segment = searcher.segment_reader(address.segment_ord);
        let ids = segment.fast_fields().u64("doc_id")?;
        let id = ids.first(address.doc_id).unwrap_or(0);
        by_doc.entry(id).or_default().push((score, address));
    }
    let needles = plan.highlight_needles();
    let total = by_doc.len();
    let mut docs = by_doc
        .into_values()
        .map(|mut passages| {
            passages.sort_by(|a, b| b.0.total_cmp(&a.0));
            let bonus: Score = passages.iter().skip(1).take(4).map(|p| p.0).sum::<Score>() * 0.1;
            let (score, address) = passages[0];
            let mut best = load_hit(&searcher, &handle.fields, address, score, &needles)?;
            best.score = score + bonus;
            Ok(DocumentHit {
                best,
                matching_passages: passages.len(),
            })
        })
        .collect::<Result<Vec<DocumentHit>>>()?;
    docs.sort_by(|a, b| {
        b.best
            .score
            .total_cmp(&a.best.score)
            .then_with(|| a.best.path.cmp(&b.best.path))
            .then_with(|| a.best.root.cmp(&b.best.root))
    });
    let hits = docs
        .into_iter()
        .skip(request.offset)
        .take(request.limit)
        .collect();
    Ok(DocumentResults { total, hits })
}

/// Loads a stored passage, highlights it, and applies the proximity re-rank to its score.
fn load_hit(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
    score: Score,
    needles: &[String],
) -> Result<Hit> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let text_of = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let number_of = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
    let text = text_of(fields.text);
    let analysis = doc
        .get_first(fields.analysis_text)
        .and_then(|v| v.as_str())
        .unwrap_or(&text);
    let highlights = highlight::highlight(&text, analysis, needles);
    let score = score * proximity::proximity_factor(analysis, needles);
    Ok(Hit {
        path: text_of(fields.path),
        root: text_of(fields.root),
        title: text_of(fields.title),
        line: number_of(fields.line),
        score,
        highlights,
        passage: number_of(fields.ordinal),
        byte_start: number_of(fields.byte_start),
        byte_end: number_of(fields.byte_end),
        text,
    })
}
