//! Search: a query string → ranked passages (or documents) with highlights and citations.
//!
//! Each plain query word becomes a clause that matches the word in the passage (words field, or
//! its bigrams in sequence in the bigram field), in its section headings, or in what names its
//! document (title, region, year, type, number, path); a coverage rule
//! ([`query::PlannedQuery::minimum_should_match`]) keeps passages that share one common word
//! with a longer query out, and at least one word must be in the passage itself. Scores are BM25
//! summed over the fields (title and heading matches add to a passage's score, so a query that
//! names a document ranks its passages first), re-ranked by proximity among the best candidates
//! ([`proximity`]); equal scores are ordered by path, then line.

pub mod baseline;
pub mod coverage;
pub mod facets;
pub mod forward_only;
pub mod highlight;
pub mod passage_set;
pub mod proximity;
pub mod query;
pub mod synonyms;
pub mod topic;
pub mod topic_rank;

use std::collections::HashMap;
use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Score, Searcher, Term};

use crate::analysis::normalize::NormalizedText;
use crate::error::Result;
use crate::index::schema::{self, Fields};
use crate::index::stored::{Card, Cards, PassageFields};
use crate::index::IndexHandle;
use crate::topics::Topic;
use query::{PlannedClause, PlannedQuery, PlannedTerm};
use synonyms::Synonyms;

/// Filters that narrow a search to some documents.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only documents of this year.
    pub year: Option<u32>,
    /// Filter and sort by the page's stamp where a document has one (`--page-date`), rather than
    /// by the document's own date (which falls back to the page's stamp only when the document
    /// states no date).
    pub page_date: bool,
    /// Only documents dated on or after this `YYYY[-MM[-DD]]`.
    pub since: Option<String>,
    /// Only documents dated on or before this `YYYY[-MM[-DD]]`.
    pub until: Option<String>,
    /// Only documents of this type (条例, 意见 …).
    pub doc_type: Option<String>,
    /// Only documents of this region (`浙江` or `浙江省`).
    pub region: Option<String>,
    /// Only these documents, by document key (from `--doc`).
    pub documents: Option<Vec<String>>,
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest document first, best match first within a date: by the document's own date (its
    /// page's stamp when it states none), or with `page_first` by the page's stamp where there is
    /// one.
    Date {
        /// Whether the page's stamp goes first (`--page-date`).
        page_first: bool,
    },
}

/// A search request.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query text.
    pub query: String,
    /// How many hits to return.
    pub limit: usize,
    /// How many of the best hits to pass over first.
    pub offset: usize,
    /// Which documents to search.
    pub filters: Filters,
    /// How to order hits.
    pub sort: SortOrder,
    /// Topics every hit must carry (`--topic`); with an empty query, hits are ranked by them.
    pub topics: Vec<Topic>,
    /// Synonym groups to expand query words with.
    pub synonyms: Synonyms,
    /// With topics, at most this many passages of one document in the page (`None`: two for a
    /// topic search without a query or `--doc`, no limit otherwise; `Some(0)`: no limit).
    pub per_document: Option<usize>,
    /// Topics the query names by their label (`人员编制`, see [`SearchRequest::name_topics`]):
    /// a passage's topic score for them adds to its rank, below its own words, and filters
    /// nothing — the passage that is most about staffing comes up for `人员编制` though it says
    /// `核定专项编制45人` rather than the label.
    pub named_topics: Vec<Topic>,
}

impl SearchRequest {
    /// A request for the best `limit` passages, no filters.
    pub fn new(query: impl Into<String>, limit: usize) -> Self {
        SearchRequest {
            query: query.into(),
            limit,
            offset: 0,
            filters: Filters::default(),
            sort: SortOrder::Relevance,
            topics: Vec::new(),
            synonyms: Synonyms::bundled(),
            per_document: None,
            named_topics: Vec::new(),
        }
    }

    /// Sets [`SearchRequest::named_topics`]: the topics of `lexicon` whose label is a whole word
    /// of the query (as typed, between spaces; traditional characters and full-width forms
    /// folded, so `人員編制` names staffing too), less those the request already requires.
    pub fn name_topics(&mut self, lexicon: &crate::topics::Lexicon) {
        let fold = crate::text::fold::fold;
        let words: Vec<String> = self.query.split_whitespace().map(fold).collect();
        self.named_topics = lexicon
            .topics
            .iter()
            .filter(|t| words.contains(&fold(&t.label)))
            .filter(|t| !self.topics.iter().any(|r| r.id == t.id))
            .cloned()
            .collect();
    }
}

/// How much a run typed together ([`PlannedQuery::runs`]) weighs when a passage holds it as
/// typed: its bigram phrase's BM25 score times this adds to the retrieval score.
const RUN_WEIGHT: f32 = 1.0;

/// How much a topic the query names by its label ([`SearchRequest::named_topics`]) weighs
/// against the query's own words: its BM25 topic score times this adds to the retrieval score.
const NAMED_TOPIC_WEIGHT: f32 = 0.2;

/// One passage found, in the shape every command prints (`--json`).
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Hit {
    /// The document's path relative to its root.
    pub path: String,
    /// The root it was indexed from.
    pub root: String,
    /// The passage's locator, `DOC_ID:LINE`, which `show`, `cite` and `similar` accept; like
    /// the id, it stays the same when the corpus folder moves.
    pub id: String,
    /// The document's short id (accepted by `show` and `cite`).
    pub doc_id: String,
    /// The document's whole 64-bit id (`doc_id` is its first 8 hex digits).
    #[serde(skip)]
    pub full_doc_id: u64,
    /// The document's title.
    pub title: String,
    /// The labels of the sections around the passage, outermost first.
    pub section: Vec<String>,
    /// 1-based paragraph number in the document.
    pub paragraph: u64,
    /// Inside a law's article, which of its paragraphs (款) this is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<u64>,
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
    /// Character range of the passage in the decoded document text.
    pub char_start: u64,
    /// End of the character range.
    pub char_end: u64,
    /// The document's own date (ISO), if it states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The date the web page it was scraped from stamped on it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_date: Option<String>,
    /// The document type, if known.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    /// The document's region, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The document number (发文字号), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The issuing body, if the document states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The requested topics and which of their terms the passage holds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<TopicMatch>,
    /// Where else the same passage stands (copies of it, `path:line`), collapsed into this hit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<String>,
    /// Found by a compound fallback: a query word that is in no passage searched, matched by
    /// its parts within one clause (see [`SearchResults::fallback`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fallback: bool,
    /// Where the passage is in the searcher it was found with.
    #[serde(skip)]
    pub address: Option<DocAddress>,
}

/// A topic a hit carries, and the terms of it the passage holds.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct TopicMatch {
    /// The topic id.
    pub id: String,
    /// Its Chinese label.
    pub label: String,
    /// The passage's score for the topic.
    pub score: f32,
    /// Its terms found in the passage, heaviest first.
    pub terms: Vec<String>,
}

/// The passages found for a request.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// How many passages match in all.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// The query words that are in no passage searched and were matched by their parts within
    /// one clause instead (`审批权限` → `审批` + `权限`); empty for an exact search.
    pub fallback: Vec<CompoundRewrite>,
}

/// A query word the searched passages do not hold, and the parts it was matched by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompoundRewrite {
    /// The word as analysed (`审批权限`).
    pub word: String,
    /// Its parts, each required in the passage (`审批`, `权限`).
    pub parts: Vec<String>,
    /// How close the parts stand in the hits: in one clause, or (where no clause holds them
    /// all) only in one passage.
    pub within: FallbackScope,
}

/// How close a compound fallback's parts stand in its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FallbackScope {
    /// In one clause (between `，。；：！？、` and line breaks).
    Clause,
    /// In one passage, no clause holding them all.
    Passage,
}

/// How many candidates a compound fallback reads to keep those whose clause holds every part.
const FALLBACK_POOL: usize = 500;

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

/// Weight of a synonym's match relative to the word's own.
const SYNONYM_WEIGHT: f32 = 0.7;
/// Weight of the bigram field relative to the words field.
const BIGRAM_WEIGHT: f32 = 0.5;
/// Score added for each query word found in what names the passage's document (title, region,
/// year, type, path): enough to rank a named document's passages first.
const TITLE_BONUS: f32 = 15.0;
/// Weight of a match in the passage's section headings.
const HEADING_WEIGHT: f32 = 0.5;
/// Extra hits fetched past the page, so that ties at its edge are ordered by path and line and
/// the proximity re-rank can lift a passage from below the page into it.
const RERANK_MARGIN: usize = 64;
/// How many passages a date-sorted or document search looks at, at most.
const POOL: usize = 10_000;

/// A query word found in the cards of more than this many documents (or of 10% of them, in a
/// large index) is too common to name a document.
const MAX_NAMED_DOCUMENTS: usize = 20;

/// For each plain query word, the documents whose card (title, region, year, type, path)
/// holds it.
pub type TitleMatches = HashMap<String, Vec<u64>>;

/// Looks the plan's plain words up in the document cards.
pub fn title_matches(
    searcher: &Searcher,
    fields: &Fields,
    plan: &PlannedQuery,
) -> Result<TitleMatches> {
    let documents = searcher.doc_freq(&Term::from_field_u64(fields.card, 1))? as usize;
    title_matches_within(searcher, fields, plan, naming_bound(documents))
}

/// How many documents' cards a word may be in and still name them, in an index of `documents`
/// documents: 20, or a tenth of them in a large index.
pub fn naming_bound(documents: usize) -> usize {
    MAX_NAMED_DOCUMENTS.max(documents / 10)
}

/// [`title_matches`] with another bound: a word in the cards of more than `most_named`
/// documents names none. (`ask` weighs common naming words instead of dropping them, since
/// two common words together, `2023` and `国务院`, can name one document.)
pub fn title_matches_within(
    searcher: &Searcher,
    fields: &Fields,
    plan: &PlannedQuery,
    most_named: usize,
) -> Result<TitleMatches> {
    let mut matches = TitleMatches::new();
    for clause in &plan.should {
        let PlannedClause::Word(term) = clause else {
            continue;
        };
        let query = TermQuery::new(
            Term::from_field_text(fields.title_words, &term.word),
            IndexRecordOption::Basic,
        );
        // Counted before collected: a common word is in thousands of cards.
        let cards = searcher.doc_freq(query.term())? as usize;
        if cards > most_named && searcher.search(&query, &Count)? > most_named {
            continue;
        }
        let docs = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        let mut by_segment: HashMap<u32, Vec<u32>> = HashMap::new();
        for address in docs {
            by_segment
                .entry(address.segment_ord)
                .or_default()
                .push(address.doc_id);
        }
        let mut ids = Vec::new();
        for (segment, docs) in by_segment {
            let column = searcher
                .segment_reader(segment)
                .fast_fields()
                .u64("doc_id")?;
            ids.extend(docs.into_iter().filter_map(|doc| column.first(doc)));
        }
        ids.sort_unstable();
        ids.dedup();
        // A word in many titles (管理, 条例) names no document in particular.
        if ids.len() <= most_named {
            matches.insert(term.word.clone(), ids);
        }
    }
    Ok(matches)
}

/// Builds the tantivy query for a plan, the documents its words name, and filters.
pub fn build_query(
    fields: &Fields,
    plan: &PlannedQuery,
    titles: &TitleMatches,
    filters: &Filters,
) -> Box<dyn Query> {
    build_query_with_coverage(fields, plan, titles, filters, plan.minimum_should_match())
}

/// [`build_query`] with another coverage rule: at least `minimum` of the plan's plain words
/// must match (`ask` asks for fewer than search does, since a question has more words than a
/// passage that answers it repeats).
pub fn build_query_with_coverage(
    fields: &Fields,
    plan: &PlannedQuery,
    titles: &TitleMatches,
    filters: &Filters,
    minimum: usize,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !plan.should.is_empty() {
        // Beside required clauses, the plain words only rank (as in Elasticsearch's bool query);
        // without them, at least one word must be in the passage itself, not only in its title
        // or headings.
        let (occur, body_required) = if plan.must.is_empty() {
            (Occur::Must, true)
        } else {
            (Occur::Should, false)
        };
        let parts = plan
            .should
            .iter()
            .map(|c| context_parts(fields, c, titles))
            .collect();
        let rule = coverage::Coverage::new(parts, minimum, body_required);
        clauses.push((occur, Box::new(rule)));
    }
    for clause in &plan.must {
        clauses.push((Occur::Must, body_clause(fields, clause)));
    }
    for clause in &plan.must_not {
        let excluded = forward_only::ForwardOnly(body_clause(fields, clause));
        clauses.push((Occur::MustNot, Box::new(excluded)));
    }
    for filter in filter_queries(fields, filters) {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The filters as queries.
fn filter_queries(fields: &Fields, filters: &Filters) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    let term_query =
        |term: Term| -> Box<dyn Query> { Box::new(TermQuery::new(term, IndexRecordOption::Basic)) };
    let date_key = if filters.page_date {
        fields.page_date_key
    } else {
        fields.date_key
    };
    if let Some(year) = filters.year {
        let year = u64::from(year) * 10_000;
        out.push(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_u64(date_key, year)),
            Bound::Included(Term::from_field_u64(date_key, year + 9_999)),
        )));
    }
    if filters.since.is_some() || filters.until.is_some() {
        let lower = filters
            .since
            .as_deref()
            .map_or(Bound::Included(Term::from_field_u64(date_key, 1)), |d| {
                Bound::Included(Term::from_field_u64(date_key, schema::date_key(d)))
            });
        let upper = filters.until.as_deref().map_or(Bound::Unbounded, |d| {
            let key = schema::date_key(d);
            // `--until 2019` takes in all of 2019; `--until 2019-05` all of May.
            let end = if key.is_multiple_of(10_000) {
                key + 9_999
            } else if key.is_multiple_of(100) {
                key + 99
            } else {
                key
            };
            Bound::Included(Term::from_field_u64(date_key, end))
        });
        out.push(Box::new(RangeQuery::new(lower, upper)));
    }
    if let Some(doc_type) = &filters.doc_type {
        out.push(term_query(Term::from_field_text(fields.doc_type, doc_type)));
    }
    if let Some(region) = &filters.region {
        out.push(term_query(Term::from_field_text(fields.region, region)));
    }
    if let Some(keys) = &filters.documents {
        out.push(Box::new(TermSetQuery::new(
            keys.iter()
                .map(|k| Term::from_field_text(fields.doc_key, k)),
        )));
    }
    out
}

/// The parts of which any one matching matches a clause, for [`coverage::Coverage`]: for a word, the word in the passage text, in its headings, or in
/// what names its document; for a phrase or a `+`-joined group, the clause in the text.
fn context_parts(
    fields: &Fields,
    clause: &PlannedClause,
    titles: &TitleMatches,
) -> Vec<coverage::Part> {
    let in_text = |query| coverage::Part {
        query,
        in_body: true,
    };
    let PlannedClause::Word(term) = clause else {
        return vec![in_text(body_clause(fields, clause))];
    };
    let mut parts: Vec<coverage::Part> = body_word_parts(fields, term)
        .into_iter()
        .map(|(_, q)| in_text(q))
        .collect();
    parts.push(coverage::Part {
        query: Box::new(coverage::WordPart {
            term: Term::from_field_text(fields.heading_words, &term.word),
            boost: HEADING_WEIGHT,
        }),
        in_body: false,
    });
    if let Some(ids) = titles.get(&term.word).filter(|ids| !ids.is_empty()) {
        let named = passage_set::DocumentPassages::new(fields.doc_id, ids);
        parts.push(coverage::Part {
            query: Box::new(ConstScoreQuery::new(Box::new(named), TITLE_BONUS)),
            in_body: false,
        });
    }
    parts
}

/// A clause matched in the passage text only.
fn body_clause(fields: &Fields, clause: &PlannedClause) -> Box<dyn Query> {
    match clause {
        PlannedClause::Word(term) => Box::new(BooleanQuery::new(body_word_parts(fields, term))),
        PlannedClause::Phrase(term) => bigram_sequence(fields, term),
        PlannedClause::All(terms) => Box::new(BooleanQuery::new(
            terms
                .iter()
                .map(|t| {
                    let q: Box<dyn Query> = Box::new(BooleanQuery::new(body_word_parts(fields, t)));
                    (Occur::Must, q)
                })
                .collect(),
        )),
    }
}

/// A word in the passage: in the words field, or as its bigrams in sequence; or one of its
/// synonyms, at [`SYNONYM_WEIGHT`].
pub(crate) fn body_word_parts(fields: &Fields, term: &PlannedTerm) -> Vec<(Occur, Box<dyn Query>)> {
    let mut parts = exact_word_parts(fields, term);
    for synonym in &term.synonyms {
        let q = BooleanQuery::new(exact_word_parts(fields, synonym));
        parts.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(q), SYNONYM_WEIGHT)),
        ));
    }
    parts
}

/// A word in the passage: in the words field, or as its bigrams in sequence.
fn exact_word_parts(fields: &Fields, term: &PlannedTerm) -> Vec<(Occur, Box<dyn Query>)> {
    let words: Box<dyn Query> = Box::new(coverage::WordPart {
        term: Term::from_field_text(fields.words, &term.word),
        boost: 1.0,
    });
    let mut parts = vec![(Occur::Should, words)];
    if !term.bigrams.is_empty() && !term.words_only {
        let bigrams: Box<dyn Query> = if let [bigram] = term.bigrams.as_slice() {
            Box::new(coverage::WordPart {
                term: Term::from_field_text(fields.bigrams, bigram),
                boost: BIGRAM_WEIGHT,
            })
        } else {
            Box::new(BoostQuery::new(
                bigram_sequence(fields, term),
                BIGRAM_WEIGHT,
            ))
        };
        parts.push((Occur::Should, bigrams));
    }
    parts
}

/// The bigram-field terms of a word or phrase, in sequence.
pub(crate) fn bigram_sequence(fields: &Fields, term: &PlannedTerm) -> Box<dyn Query> {
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

/// Analyses a request into its plan and tantivy query. With topics, every hit must carry them:
/// an empty query ranks passages by their topic scores; a query ranks by its own relevance,
/// plus a fifth of the topic scores.
pub fn plan_request(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<(PlannedQuery, Box<dyn Query>)> {
    let fields = &handle.fields;
    if request.query.trim().is_empty() && !request.topics.is_empty() {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = request
            .topics
            .iter()
            .map(|t| {
                let q = topic::candidate_query(fields, &handle.analyzer, searcher, t);
                (Occur::Must, q)
            })
            .collect();
        for filter in filter_queries(fields, &request.filters) {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        return Ok((
            PlannedQuery::default(),
            Box::new(BooleanQuery::new(clauses)),
        ));
    }
    let plan = query::plan_with(&handle.analyzer, &request.query, &request.synonyms)?;
    let query = query_of_plan(handle, searcher, request, &plan)?;
    Ok((plan, query))
}

/// The tantivy query of a planned query with the request's filters and topics.
fn query_of_plan(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
    plan: &PlannedQuery,
) -> Result<Box<dyn Query>> {
    let fields = &handle.fields;
    let titles = title_matches(searcher, fields, plan)?;
    let query = build_query(fields, plan, &titles, &request.filters);
    let topic_clause = |t: &Topic, weight: f32| -> Box<dyn Query> {
        Box::new(BoostQuery::new(
            topic::topic_query(fields, &handle.analyzer, t),
            weight,
        ))
    };
    let runs = plan.runs.iter().map(|run| -> Box<dyn Query> {
        Box::new(BoostQuery::new(bigram_sequence(fields, run), RUN_WEIGHT))
    });
    let query = joined(query, Occur::Should, runs.collect());
    let named = request.named_topics.iter();
    let query = joined(
        query,
        Occur::Should,
        named.map(|t| topic_clause(t, NAMED_TOPIC_WEIGHT)).collect(),
    );
    let required = request.topics.iter().map(|t| topic_clause(t, 0.2));
    Ok(joined(query, Occur::Must, required.collect()))
}

/// `query` (required) with `others` beside it, each as `occur` says; `query` itself when there
/// are none.
fn joined(query: Box<dyn Query>, occur: Occur, others: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if others.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(others.into_iter().map(|q| (occur, q)));
    Box::new(BooleanQuery::new(clauses))
}

/// The compound fallback of a query that found nothing: each plain word that no passage in the
/// searched scope holds, and that has two or more parts, is replaced by its parts, all required
/// in the passage text. `None` when no word qualifies.
fn compound_fallback(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
    plan: &PlannedQuery,
) -> Result<Option<(PlannedQuery, Vec<CompoundRewrite>)>> {
    let fields = &handle.fields;
    let mut rewritten = plan.clone();
    let mut rewrites = Vec::new();
    let mut kept = Vec::new();
    for clause in &plan.should {
        let PlannedClause::Word(term) = clause else {
            kept.push(clause.clone());
            continue;
        };
        let parts = finest(crate::analysis::words::word_parts(
            &handle.analyzer,
            &term.word,
        ));
        let held = || -> Result<bool> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Must,
                Box::new(BooleanQuery::new(exact_word_parts(fields, term))),
            )];
            for filter in filter_queries(fields, &request.filters) {
                clauses.push((Occur::Must, filter));
            }
            Ok(searcher.search(&BooleanQuery::new(clauses), &Count)? > 0)
        };
        if parts.len() < 2 || held()? {
            kept.push(clause.clone());
            continue;
        }
        rewritten.must.push(PlannedClause::All(
            parts.iter().map(|p| query::planned_term(p)).collect(),
        ));
        rewrites.push(CompoundRewrite {
            word: term.word.clone(),
            parts,
            within: FallbackScope::Clause,
        });
    }
    if rewrites.is_empty() {
        return Ok(None);
    }
    rewritten.should = kept;
    Ok(Some((rewritten, rewrites)))
}

/// The finest of a word's parts: those that hold no other part (`审批`, `权限`, not a longer
/// sub-word made of them).
fn finest(parts: Vec<String>) -> Vec<String> {
    parts
        .iter()
        .filter(|p| !parts.iter().any(|q| q != *p && p.contains(q.as_str())))
        .cloned()
        .collect()
}

/// Whether one clause of `text` (between `，。；：！？、` and line breaks) holds every part of
/// every rewrite, read as the analyser reads it (traditional characters simplified, letters
/// lower case).
fn parts_in_one_clause(text: &str, rewrites: &[CompoundRewrite]) -> bool {
    let normalized = NormalizedText::new(text).text;
    let clauses: Vec<&str> = normalized
        .split(|c: char| "，。；：！？、,;:!?\n".contains(c))
        .collect();
    rewrites.iter().all(|rewrite| {
        clauses
            .iter()
            .any(|clause| rewrite.parts.iter().all(|p| clause.contains(p.as_str())))
    })
}

/// Runs a passage search.
pub fn search(handle: &IndexHandle, request: &SearchRequest) -> Result<SearchResults> {
    let reader = handle.reader()?;
    let searcher = reader.searcher();
    search_with(handle, &searcher, request)
}

/// Runs a passage search on a given searcher (so callers can reuse one across queries).
///
/// A query that finds nothing falls back on its compound words: a plain word that no passage
/// in the searched scope holds is matched by its parts ([`compound_fallback`]) within one clause,
/// or, where no clause holds them all, within one passage; the hits are marked `fallback` and
/// the rewrites named in [`SearchResults::fallback`]. (A hit of a fallback only exists when no
/// hit of the query as typed does, so it never outranks one.)
pub fn search_with(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let (plan, query) = plan_request(handle, searcher, request)?;
    let results = search_planned(handle, searcher, request, &plan, query)?;
    if results.total > 0 || plan.should.is_empty() {
        return Ok(results);
    }
    let Some((plan, rewrites)) = compound_fallback(handle, searcher, request, &plan)? else {
        return Ok(results);
    };
    let query = query_of_plan(handle, searcher, request, &plan)?;
    let pooled = SearchRequest {
        offset: 0,
        limit: FALLBACK_POOL,
        ..request.clone()
    };
    let mut rewrites = rewrites;
    let mut hits = search_planned(handle, searcher, &pooled, &plan, query)?.hits;
    if hits
        .iter()
        .any(|hit| parts_in_one_clause(&hit.text, &rewrites))
    {
        hits.retain(|hit| parts_in_one_clause(&hit.text, &rewrites));
    } else {
        for rewrite in &mut rewrites {
            rewrite.within = FallbackScope::Passage;
        }
    }
    let total = hits.len();
    let hits = hits
        .into_iter()
        .skip(request.offset)
        .take(request.limit)
        .map(|hit| Hit {
            fallback: true,
            ..hit
        })
        .collect();
    Ok(SearchResults {
        total,
        hits,
        fallback: rewrites,
    })
}

/// A passage search of a planned query.
fn search_planned(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
    plan: &PlannedQuery,
    query: Box<dyn Query>,
) -> Result<SearchResults> {
    let plan = plan.clone();
    if !request.topics.is_empty() && request.sort == SortOrder::Relevance {
        return topic_ranked(handle, searcher, request, &plan, query);
    }
    // No more than the index holds, however large a limit is asked for.
    let wanted = request
        .offset
        .saturating_add(request.limit)
        .min(searcher.num_docs() as usize);
    let pool = match request.sort {
        SortOrder::Relevance => wanted + RERANK_MARGIN,
        SortOrder::Date { .. } => POOL.max(wanted),
    };
    let (top, total) =
        searcher.search(&query, &(TopDocs::with_limit(pool).order_by_score(), Count))?;
    let needles = Needles::of(&plan, &request.topics);
    let cards = Cards::new(searcher, &handle.fields);
    let mut candidates = match request.sort {
        SortOrder::Relevance => reranked_best(&cards, top, wanted, &needles)?,
        SortOrder::Date { .. } => top
            .into_iter()
            .map(|(score, address)| Candidate::load(&cards, address, score, &needles))
            .collect::<Result<Vec<Candidate>>>()?,
    };
    if request.sort == SortOrder::Relevance {
        keep_contenders(&mut candidates, wanted);
    }
    let mut loaded = candidates
        .into_iter()
        .map(|c| c.into_hit(&cards))
        .collect::<Result<Vec<_>>>()?;
    loaded.sort_by(|a, b| hit_order(request.sort, &a.0, &b.0));
    loaded.truncate(wanted);
    page(handle, searcher, request, loaded, &needles, total)
}

/// The page a search shows from its ranked hits (at most `offset + limit` of them): each
/// highlighted and told its topics, then the page cut out.
fn page(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
    ranked: Vec<(Hit, NormalizedText)>,
    needles: &Needles,
    total: usize,
) -> Result<SearchResults> {
    let mut hits: Vec<Hit> = ranked
        .into_iter()
        .map(|(hit, normalized)| highlighted(hit, &normalized, needles))
        .collect();
    add_topic_matches(handle, searcher, &mut hits, &request.topics)?;
    let hits = hits
        .into_iter()
        .skip(request.offset)
        .take(request.limit)
        .collect();
    Ok(SearchResults {
        total,
        hits,
        fallback: Vec::new(),
    })
}

/// How many candidates of a topic search are read and scored from their text, beyond the page.
const TOPIC_POOL: usize = 300;

/// A topic search (relevance order): the best [`TOPIC_POOL`] candidates by the retrieval query
/// are scored again from their text ([`topic_rank`]): with no query, by that score alone; with
/// one, by the query's score plus it. Copies collapse into one hit; a topic search without a
/// query or `--doc` shows at most two passages of a document in its page
/// ([`SearchRequest::per_document`]).
fn topic_ranked(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
    plan: &PlannedQuery,
    query: Box<dyn Query>,
) -> Result<SearchResults> {
    let wanted = request
        .offset
        .saturating_add(request.limit)
        .min(searcher.num_docs() as usize);
    let pool = wanted.max(1).saturating_add(TOPIC_POOL);
    let (top, total) =
        searcher.search(&query, &(TopDocs::with_limit(pool).order_by_score(), Count))?;
    let topic_only = request.query.trim().is_empty();
    let readers: Vec<topic_rank::TopicReader> = request
        .topics
        .iter()
        .map(|t| {
            topic_rank::TopicReader::new(
                t,
                |w| topic::term_idf(&handle.fields, &handle.analyzer, searcher, w),
                |w| crate::analysis::Segmenter::has_word(&handle.analyzer, w),
            )
        })
        .collect();
    let needles = Needles::of(plan, &request.topics);
    let cards = Cards::new(searcher, &handle.fields);
    let mut scored: Vec<(Hit, NormalizedText)> = Vec::with_capacity(top.len());
    for (retrieval, address) in top {
        let (passage, card) = cards.passage(address)?;
        let analysis = passage.analysis_text.as_deref().unwrap_or(&passage.text);
        let normalized = NormalizedText::new(analysis);
        let lead = if topic_rank::is_list_item(&normalized.text) {
            lead_sentence(searcher, &handle.fields, &cards, address, &passage)?
        } else {
            None
        };
        let paragraph = paragraph_text(searcher, &handle.fields, &cards, address, &passage)?;
        let mut hit = hit_of(passage, &card, address, 0.0);
        let view = topic_rank::PassageView {
            text: &hit.text,
            title: &hit.title,
            section: &hit.section,
            lead: lead.as_deref(),
        };
        let score_of = |view: &topic_rank::PassageView<'_>| -> f32 {
            readers
                .iter()
                .map(|r| topic_rank::passage_score(r, view, Some(&handle.analyzer)))
                .sum()
        };
        let own = score_of(&view);
        let topical = match &paragraph {
            Some(whole) => topic_rank::window_score(
                own,
                score_of(&topic_rank::PassageView {
                    text: whole,
                    ..view
                }),
            ),
            None => own,
        };
        let whole = if topic_only {
            topical
        } else {
            retrieval + topical
        };
        hit.score = whole * topic_rank::fragment_factor(&view);
        scored.push((hit, normalized));
    }
    scored.sort_by(|a, b| hit_order(SortOrder::Relevance, &a.0, &b.0));
    let collapsed = collapse_copies(scored);
    let cap = match request.per_document {
        Some(0) => None,
        Some(n) => Some(n),
        None if topic_only && request.filters.documents.is_none() => Some(2),
        None => None,
    };
    let ordered = match cap {
        Some(cap) => cap_per_document(collapsed, cap),
        None => collapsed,
    };
    let ordered = ordered.into_iter().take(wanted).collect();
    page(handle, searcher, request, ordered, &needles, total)
}

/// The whole paragraph when the passage at `address` is one window of a paragraph cut into
/// several (the passages of its document beside it share its paragraph number), the windows'
/// texts joined in order; `None` for a paragraph indexed whole.
fn paragraph_text(
    searcher: &Searcher,
    fields: &Fields,
    cards: &Cards,
    address: DocAddress,
    passage: &PassageFields,
) -> Result<Option<String>> {
    let mut texts = std::collections::VecDeque::new();
    for forward in [false, true] {
        let mut at = (address, passage.clone());
        for _ in 0..MAX_WINDOWS {
            match neighbour(searcher, fields, cards, at.0, &at.1, forward)? {
                Some(next) if next.1.paragraph == passage.paragraph => {
                    if forward {
                        texts.push_back(next.1.text.clone());
                    } else {
                        texts.push_front(next.1.text.clone());
                    }
                    at = next;
                }
                _ => break,
            }
        }
        if !forward {
            texts.push_back(passage.text.clone());
        }
    }
    if texts.len() == 1 {
        return Ok(None);
    }
    Ok(Some(texts.into_iter().collect()))
}

/// The opening of document `doc_id`: the texts of its first `count` passages joined, where a
/// document states what it is (`——2023年1月4日在七台河市第十二届人民代表大会第二次会议上`).
/// Empty for an id no passage has.
pub fn document_opening(
    searcher: &Searcher,
    fields: &Fields,
    doc_id: u64,
    count: u64,
) -> Result<String> {
    let query = crate::index::stored::passages_query(fields, doc_id);
    let mut addresses: Vec<DocAddress> = searcher
        .search(&query, &tantivy::collector::DocSetCollector)?
        .into_iter()
        .collect();
    addresses.sort();
    let cards = Cards::new(searcher, fields);
    let mut opening: Vec<(u64, String)> = Vec::new();
    for address in addresses {
        if cards.ordinal(address)?.is_none_or(|o| o >= count) {
            continue;
        }
        let passage = cards.passage_fields(address)?;
        opening.push((passage.ordinal, passage.text));
    }
    opening.sort_by_key(|p| p.0);
    Ok(opening
        .into_iter()
        .map(|p| p.1)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The most windows read on either side of a window for its paragraph.
const MAX_WINDOWS: usize = 8;

/// The passage of the same document just before (or after, `forward`) the one at `address`: the
/// next address in its segment when that is it, else found through the document's id (indexing
/// threads split a document's passages across segments and interleave them), by the `ordinal`
/// fast field so that only the passage found is read from the store. A document's passages are numbered 0, 1, … in order
/// (`structure`), so one past its count has no passage to look for; the others are read
/// nearest the passage first.
fn neighbour(
    searcher: &Searcher,
    fields: &Fields,
    cards: &Cards,
    address: DocAddress,
    passage: &PassageFields,
    forward: bool,
) -> Result<Option<(DocAddress, PassageFields)>> {
    let want = if forward {
        passage.ordinal + 1
    } else {
        match passage.ordinal.checked_sub(1) {
            Some(o) => o,
            None => return Ok(None),
        }
    };
    let max_doc = searcher.segment_reader(address.segment_ord).max_doc();
    let next = if forward {
        (address.doc_id + 1 < max_doc).then_some(address.doc_id + 1)
    } else {
        address.doc_id.checked_sub(1)
    };
    if let Some(doc) = next {
        let at = DocAddress::new(address.segment_ord, doc);
        if cards.doc_id(at)? == passage.doc_id {
            let p = cards.passage_fields(at)?;
            if p.doc_id == passage.doc_id && p.ordinal == want {
                return Ok(Some((at, p)));
            }
        }
    }
    let in_document = crate::index::stored::passages_query(fields, passage.doc_id);
    let mut addresses: Vec<DocAddress> = searcher
        .search(&in_document, &tantivy::collector::DocSetCollector)?
        .into_iter()
        .collect();
    if want >= addresses.len() as u64 {
        return Ok(None);
    }
    addresses.sort_by_key(|at| {
        (
            at.segment_ord != address.segment_ord,
            at.doc_id.abs_diff(address.doc_id),
            *at,
        )
    });
    for at in addresses {
        if cards.ordinal(at)? != Some(want) {
            continue;
        }
        let p = cards.passage_fields(at)?;
        if p.doc_id == passage.doc_id && p.ordinal == want {
            return Ok(Some((at, p)));
        }
    }
    Ok(None)
}

/// The sentence that introduces the list item at `address`: the nearest passage before it in the
/// same section that is not itself a list item.
fn lead_sentence(
    searcher: &Searcher,
    fields: &Fields,
    cards: &Cards,
    address: DocAddress,
    passage: &PassageFields,
) -> Result<Option<String>> {
    let mut at = (address, passage.clone());
    for _ in 0..12 {
        let Some(before) = neighbour(searcher, fields, cards, at.0, &at.1, false)? else {
            return Ok(None);
        };
        if before.1.section_path != passage.section_path {
            return Ok(None);
        }
        if !topic_rank::is_list_item(&NormalizedText::new(&before.1.text).text) {
            return Ok(Some(before.1.text));
        }
        at = before;
    }
    Ok(None)
}

/// Folds each hit that is the same passage as a better one ([`topic_rank::same_passage`]) into
/// it, as a place where it also stands.
fn collapse_copies<T>(hits: Vec<(Hit, T)>) -> Vec<(Hit, T)> {
    let mut kept: Vec<(Hit, T)> = Vec::with_capacity(hits.len());
    let mut keys: Vec<topic_rank::PassageKey> = Vec::with_capacity(hits.len());
    for (hit, extra) in hits {
        let key = topic_rank::PassageKey::new(&hit.text, &hit.title);
        match keys.iter().position(|k| k.same_as(&key)) {
            Some(i) => kept[i].0.also_at.push(format!("{}:{}", hit.path, hit.line)),
            None => {
                kept.push((hit, extra));
                keys.push(key);
            }
        }
    }
    kept
}

/// Keeps the order but moves each document's passages past the first `cap` behind all others.
fn cap_per_document<T>(hits: Vec<(Hit, T)>, cap: usize) -> Vec<(Hit, T)> {
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    for item in hits {
        let count = seen
            .entry((item.0.root.clone(), item.0.path.clone()))
            .or_default();
        *count += 1;
        if *count <= cap {
            first.push(item);
        } else {
            rest.push(item);
        }
    }
    first.extend(rest);
    first
}

/// Runs a tantivy query built from `plan` (by [`build_query_with_coverage`], say) and loads its
/// best `limit` passages as hits, highlighted and re-ranked by proximity like a search's, best
/// first.
pub fn hits_for_query(
    handle: &IndexHandle,
    searcher: &Searcher,
    plan: &PlannedQuery,
    query: &dyn Query,
    limit: usize,
) -> Result<Vec<Hit>> {
    let top = searcher.search(query, &TopDocs::with_limit(limit).order_by_score())?;
    let needles = Needles::of(plan, &[]);
    let cards = Cards::new(searcher, &handle.fields);
    let mut hits = top
        .into_iter()
        .map(|(score, address)| load_hit(&cards, address, score, &needles))
        .collect::<Result<Vec<Hit>>>()?;
    sort_hits(&mut hits, SortOrder::Relevance);
    Ok(hits)
}

/// A passage loaded for the proximity re-rank: its stored fields, its score re-ranked, and its
/// analysed text normalised (kept for highlighting, if it makes the page). Its document's card
/// is read only if it can make the page.
struct Candidate {
    address: DocAddress,
    score: Score,
    passage: PassageFields,
    normalized: NormalizedText,
}

impl Candidate {
    /// Loads a stored passage and applies the proximity re-rank to its score.
    fn load(
        cards: &Cards,
        address: DocAddress,
        score: Score,
        needles: &Needles,
    ) -> Result<Candidate> {
        let passage = cards.passage_fields(address)?;
        let analysis = passage.analysis_text.as_deref().unwrap_or(&passage.text);
        debug_assert_eq!(passage.text.len(), analysis.len());
        let normalized = NormalizedText::new(analysis);
        let score =
            score * proximity::proximity_factor_normalized(&normalized.text, &needles.proximity);
        Ok(Candidate {
            address,
            score,
            passage,
            normalized,
        })
    }

    /// The hit, with its document's fields from the card, not yet highlighted; and its
    /// normalised text.
    fn into_hit(self, cards: &Cards) -> Result<(Hit, NormalizedText)> {
        let card = cards.card(self.passage.doc_id)?;
        Ok((
            hit_of(self.passage, &card, self.address, self.score),
            self.normalized,
        ))
    }
}

/// `hit` with the highlights of `needles` in its normalised text.
fn highlighted(mut hit: Hit, normalized: &NormalizedText, needles: &Needles) -> Hit {
    hit.highlights = highlight::highlight_normalized(normalized, &needles.highlight);
    hit
}

/// Keeps of `candidates` those that can be among the `wanted` best by score: the `wanted` best
/// and any whose score equals the last of them (the page breaks such ties by path, which is on
/// the cards, so only these need their cards read).
fn keep_contenders(candidates: &mut Vec<Candidate>, wanted: usize) {
    if candidates.len() <= wanted {
        return;
    }
    if wanted == 0 {
        candidates.clear();
        return;
    }
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    let bar = candidates[wanted - 1].score;
    candidates.retain(|c| c.score.total_cmp(&bar).is_ge());
}

/// The `wanted` best of `top` (best first by retrieval score) after the proximity re-rank, in
/// no particular order, with as many others as were looked at.
fn reranked_best(
    cards: &Cards,
    top: Vec<(Score, DocAddress)>,
    wanted: usize,
    needles: &Needles,
) -> Result<Vec<Candidate>> {
    best_after_rerank(
        top,
        wanted,
        |score, address| Candidate::load(cards, address, score, needles),
        |candidate| candidate.score,
    )
}

/// Re-ranks `top` (retrieval scores, best first) with `load`, which gives each candidate its
/// re-ranked score (`score_of`) of at most [`proximity::MAX_FACTOR`] times its retrieval score;
/// returns the candidates looked at, among them the `wanted` best re-ranked. Once a candidate's
/// retrieval score times that factor falls below the `wanted`-th best re-ranked score, neither
/// it nor any after it can enter the page, and they are not loaded (from the document store).
fn best_after_rerank<T, C>(
    top: Vec<(Score, T)>,
    wanted: usize,
    mut load: impl FnMut(Score, T) -> Result<C>,
    score_of: impl Fn(&C) -> Score,
) -> Result<Vec<C>> {
    debug_assert!(top.windows(2).all(|w| w[0].0 >= w[1].0), "best first");
    let mut candidates = Vec::new();
    // The re-ranked scores so far, highest first.
    let mut reranked: Vec<Score> = Vec::new();
    for (score, item) in top {
        if wanted == 0
            || reranked
                .get(wanted - 1)
                .is_some_and(|&bar| score * proximity::MAX_FACTOR < bar)
        {
            break;
        }
        let candidate = load(score, item)?;
        let at = reranked.partition_point(|&s| s >= score_of(&candidate));
        reranked.insert(at, score_of(&candidate));
        candidates.push(candidate);
    }
    Ok(candidates)
}

/// Newest first under `--sort date`; no order otherwise.
fn date_order(sort: SortOrder, a: &Hit, b: &Hit) -> std::cmp::Ordering {
    let key = |hit: &Hit, page_first: bool| {
        let (first, second) = if page_first {
            (&hit.page_date, &hit.date)
        } else {
            (&hit.date, &hit.page_date)
        };
        schema::date_key(first.as_deref().or(second.as_deref()).unwrap_or(""))
    };
    match sort {
        SortOrder::Date { page_first } => key(b, page_first).cmp(&key(a, page_first)),
        SortOrder::Relevance => std::cmp::Ordering::Equal,
    }
}

/// What a hit is looked at for: the strings to highlight, and the words whose closeness counts.
struct Needles {
    /// The query's words and synonyms, and the requested topics' terms.
    highlight: Vec<String>,
    /// The user's own query words (a topic search: the topics' terms).
    proximity: Vec<String>,
}

impl Needles {
    fn of(plan: &PlannedQuery, topics: &[Topic]) -> Needles {
        let mut highlight = plan.highlight_needles();
        for topic in topics {
            highlight.extend(topic.terms.keys().map(|t| query::planned_term(t).word));
        }
        highlight.sort();
        highlight.dedup();
        // With no query words (a topic search), the topic's terms standing together count.
        let words = plan.query_words();
        let proximity = if words.is_empty() {
            highlight.clone()
        } else {
            words
        };
        Needles {
            highlight,
            proximity,
        }
    }
}

/// Says, for each hit, which of the topics it carries, with which terms and score.
pub fn add_topic_matches(
    handle: &IndexHandle,
    searcher: &Searcher,
    hits: &mut [Hit],
    topics: &[Topic],
) -> Result<()> {
    for topic in topics {
        let scores = topic_scores(handle, searcher, topic, &hits.iter().collect::<Vec<_>>())?;
        for (hit, score) in hits.iter_mut().zip(scores) {
            hit.topics.push(TopicMatch {
                id: topic.id.clone(),
                label: topic.label.clone(),
                score,
                terms: topic::matched_terms(topic, &hit.text),
            });
        }
    }
    Ok(())
}

/// The topic score of each hit's passage (0 where it holds none of the topic's terms): the
/// topic query run over the hits' passages only (the index's statistics still weigh its terms).
pub fn topic_scores(
    handle: &IndexHandle,
    searcher: &Searcher,
    topic: &Topic,
    hits: &[&Hit],
) -> Result<Vec<f32>> {
    let addresses: Vec<DocAddress> = hits.iter().filter_map(|h| h.address).collect();
    if addresses.is_empty() {
        return Ok(vec![0.0; hits.len()]);
    }
    let passages = passage_set::PassageSet::new(searcher, addresses.iter().copied());
    let query = BooleanQuery::new(vec![
        (
            Occur::Must,
            topic::topic_query(&handle.fields, &handle.analyzer, topic),
        ),
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(passages), 0.0)),
        ),
    ]);
    let scored = searcher.search(
        &query,
        &TopDocs::with_limit(addresses.len()).order_by_score(),
    )?;
    let by_address: HashMap<DocAddress, Score> = scored
        .into_iter()
        .map(|(score, address)| (address, score))
        .collect();
    Ok(hits
        .iter()
        .map(|hit| {
            hit.address
                .and_then(|a| by_address.get(&a).copied())
                .unwrap_or(0.0)
        })
        .collect())
}

/// Orders hits best first (or newest first), equal scores by path, root and line.
fn sort_hits(hits: &mut [Hit], sort: SortOrder) {
    hits.sort_by(|a, b| hit_order(sort, a, b));
}

/// The order of [`sort_hits`].
fn hit_order(sort: SortOrder, a: &Hit, b: &Hit) -> std::cmp::Ordering {
    date_order(sort, a, b)
        .then_with(|| b.score.total_cmp(&a.score))
        .then_with(|| a.path.cmp(&b.path))
        .then_with(|| a.root.cmp(&b.root))
        .then_with(|| a.line.cmp(&b.line))
        .then_with(|| a.passage.cmp(&b.passage))
}

/// Runs a document search: documents ranked by their best passage, with a small bonus for
/// further matching passages.
pub fn search_documents_with(
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<DocumentResults> {
    let (plan, query) = plan_request(handle, searcher, request)?;
    let top = searcher.search(&query, &TopDocs::with_limit(POOL).order_by_score())?;
    let mut by_doc: HashMap<u64, Vec<(Score, DocAddress)>> = HashMap::new();
    for (score, address) in top {
        let segment = searcher.segment_reader(address.segment_ord);
        let ids = segment.fast_fields().u64("doc_id")?;
        let id = ids.first(address.doc_id).unwrap_or(0);
        by_doc.entry(id).or_default().push((score, address));
    }
    let needles = Needles::of(&plan, &request.topics);
    let cards = Cards::new(searcher, &handle.fields);
    let total = by_doc.len();
    let mut docs = by_doc
        .into_values()
        .map(|mut passages| {
            passages.sort_by(|a, b| b.0.total_cmp(&a.0));
            let bonus: Score = passages.iter().skip(1).take(4).map(|p| p.0).sum::<Score>() * 0.1;
            let (score, address) = passages[0];
            let mut best = load_hit(&cards, address, score, &needles)?;
            best.score += bonus;
            Ok(DocumentHit {
                best,
                matching_passages: passages.len(),
            })
        })
        .collect::<Result<Vec<DocumentHit>>>()?;
    docs.sort_by(|a, b| {
        date_order(request.sort, &a.best, &b.best)
            .then_with(|| b.best.score.total_cmp(&a.best.score))
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

/// Loads a stored passage as a hit with its score as given and no highlights: for commands that
/// find passages by other means than a query (`compare`, `similar`).
pub fn stored_hit(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
    score: Score,
) -> Result<Hit> {
    let nothing = Needles {
        highlight: Vec::new(),
        proximity: Vec::new(),
    };
    load_hit(&Cards::new(searcher, fields), address, score, &nothing)
}

/// Loads a stored passage, highlights it, and applies the proximity re-rank to its score.
fn load_hit(cards: &Cards, address: DocAddress, score: Score, needles: &Needles) -> Result<Hit> {
    let (hit, normalized) = Candidate::load(cards, address, score, needles)?.into_hit(cards)?;
    Ok(highlighted(hit, &normalized, needles))
}

/// A stored passage and its document's card as a hit with the score given and no highlights.
fn hit_of(passage: PassageFields, card: &Card, address: DocAddress, score: Score) -> Hit {
    Hit {
        path: card.path.clone(),
        root: card.root.clone(),
        id: schema::passage_locator(passage.doc_id, passage.line as u32),
        doc_id: schema::short_id(passage.doc_id),
        full_doc_id: passage.doc_id,
        title: card.title.clone(),
        section: passage
            .section_path
            .split(schema::SECTION_SEPARATOR)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        paragraph: passage.paragraph,
        clause: Some(passage.clause).filter(|&c| c > 0),
        line: passage.line,
        score,
        highlights: Vec::new(),
        passage: passage.ordinal,
        byte_start: passage.byte_start,
        byte_end: passage.byte_end,
        char_start: passage.char_start,
        char_end: passage.char_end,
        date: card.date.clone(),
        page_date: card.page_date.clone(),
        doc_type: card.doc_type.clone(),
        region: card.region.clone(),
        number: card.doc_number.clone(),
        issuer: card.issuer.clone(),
        text: passage.text,
        topics: Vec::new(),
        also_at: Vec::new(),
        fallback: false,
        address: Some(address),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn query_words_that_are_topic_labels_name_their_topics() {
        let lexicon = crate::topics::Lexicon::bundled();
        let mut request = SearchRequest::new("人员编制 经开区", 10);
        request.name_topics(&lexicon);
        let ids: Vec<&str> = request.named_topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["staffing"]);
        let mut traditional = SearchRequest::new("人員編制", 10);
        traditional.name_topics(&lexicon);
        assert_eq!(traditional.named_topics.len(), 1);
        // A label inside a longer word is no label; a topic already required is not named.
        let mut inside = SearchRequest::new("人员编制管理", 10);
        inside.name_topics(&lexicon);
        assert!(inside.named_topics.is_empty());
        let mut required = SearchRequest::new("人员编制", 10);
        required.topics = vec![lexicon.resolve("staffing").unwrap().clone()];
        required.name_topics(&lexicon);
        assert!(required.named_topics.is_empty());
    }
    use super::*;

    proptest::proptest! {
        /// The contenders are the `wanted` best by score and every one tied with the last of
        /// them: whatever order the page then gives ties, its passages are among them.
        #[test]
        fn contenders_are_the_best_and_their_ties(
            scores in proptest::collection::vec(0u8..6, 0..40),
            wanted in 0usize..12,
        ) {
            let candidates: Vec<Candidate> = scores
                .iter()
                .enumerate()
                .map(|(i, &s)| Candidate {
                    address: DocAddress::new(0, i as u32),
                    score: Score::from(s),
                    passage: PassageFields {
                        doc_id: 0,
                        line: 0,
                        ordinal: 0,
                        byte_start: 0,
                        byte_end: 0,
                        char_start: 0,
                        char_end: 0,
                        paragraph: 0,
                        clause: 0,
                        section_path: String::new(),
                        text: String::new(),
                        analysis_text: None,
                    },
                    normalized: NormalizedText::new(""),
                })
                .collect();
            let mut sorted: Vec<u8> = scores.clone();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            let mut kept = candidates;
            keep_contenders(&mut kept, wanted);
            let mut got: Vec<u32> = kept.iter().map(|c| c.address.doc_id).collect();
            got.sort_unstable();
            let want: Vec<u32> = match sorted.get(wanted.wrapping_sub(1)) {
                _ if wanted == 0 => Vec::new(),
                Some(&bar) if scores.len() > wanted => (0..scores.len() as u32)
                    .filter(|&i| scores[i as usize] >= bar)
                    .collect(),
                _ => (0..scores.len() as u32).collect(),
            };
            proptest::prop_assert_eq!(got, want);
        }

        /// Skipping the candidates that cannot reach the page changes nothing on it: the best
        /// `wanted` re-ranked (ties by position) are those of re-ranking every candidate.
        #[test]
        fn pruned_rerank_keeps_the_page(
            mut raw in proptest::collection::vec(0.0f32..40.0, 0..90),
            factors in proptest::collection::vec(1.0f32..=proximity::MAX_FACTOR, 90),
            wanted in 0usize..20,
        ) {
            raw.sort_by(|a, b| b.total_cmp(a));
            let top: Vec<(Score, usize)> = raw.iter().copied().zip(0..).collect();
            let rerank = |score: Score, i: usize| Ok((score * factors[i], i));
            let page = |mut all: Vec<(Score, usize)>| {
                all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                all.truncate(wanted);
                all
            };
            let every: Vec<(Score, usize)> =
                top.iter().map(|&(s, i)| rerank(s, i).unwrap()).collect();
            let pruned = best_after_rerank(top, wanted, rerank, |c| c.0).unwrap();
            proptest::prop_assert_eq!(page(pruned), page(every));
        }
    }
}
