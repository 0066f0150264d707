//! The JSON API: each route a thin layer over the library functions the command line calls,
//! returning the objects its `--json` prints, lists inside a [`Page`] envelope.

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::snapshot::Snapshot;
use super::{on_pool, ApiError, AppState};
use crate::cite::{
    cite, passages_at, read_around, split_doc_location, Citation, CiteFormat, Location,
    PassageRead, ReadLimits,
};
use crate::compare::similar::similar_to;
use crate::index::lookup::{self, Outline};
use crate::index::manifest::FileEntry;
use crate::index::schema::{is_valid_date, passage_locator, short_id};
use crate::index::status::Status;
use crate::qa::AskRequest;
use crate::search::facets::{facets_with, Facets};
use crate::search::topic::{document_topics, topic_summaries, DocumentTopic};
use crate::search::{search_documents_with, search_with, Filters, SearchRequest, SortOrder};
use crate::topics::Topic;

/// A malformed path or query string (a number that is none, bad percent-encoding) as a 400
/// in the API's JSON error shape.
fn rejected(rejection: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(rejection.to_string())
}

/// How many hits a list returns when the request names no limit (the CLI's default).
pub const DEFAULT_LIMIT: usize = 10;
/// The most hits one request returns.
pub const MAX_LIMIT: usize = 100;
/// The longest query or question accepted, in characters.
pub const MAX_QUERY: usize = 500;
/// The most paragraphs of context either side of a passage.
pub const MAX_CONTEXT: usize = 50;
/// How many paragraphs a document is read from its start when no passage is named.
pub const DOCUMENT_PARAGRAPHS: usize = 40;

/// The API's routes.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/search", get(search_route))
        .route("/ask", get(ask_route))
        .route("/topics", get(topics_route))
        .route("/documents/{id}", get(document_route))
        .route("/passages/{locator}", get(passage_route))
        .route("/cite/{locator}", get(cite_route))
        .route("/compare", get(compare_route))
        .route("/similar/{locator}", get(similar_route))
        .route("/status", get(status_route))
        .fallback(|| async { ApiError::not_found("no such API route") })
}

/// A list, paged: how many there are in all, where this page starts, the page's items (each
/// the object the CLI's `--json` prints), and for a search its facet counts.
#[derive(Debug, Serialize)]
pub struct Page<T: Serialize> {
    /// How many items there are in all.
    pub total: usize,
    /// The index of the first item of this page.
    pub offset: usize,
    /// The page's items.
    pub hits: Vec<T>,
    /// For a search: the facet counts of its matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// `/api/search` parameters: the CLI's `search` flags.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct SearchParams {
    /// The query.
    pub q: String,
    /// Topic ids or labels, comma-separated (every hit carries them all).
    pub topic: Option<String>,
    /// Only documents of this year.
    pub year: Option<u32>,
    /// Only documents dated on or after this (YYYY, YYYY-MM or YYYY-MM-DD).
    pub since: Option<String>,
    /// Only documents dated on or before this.
    pub until: Option<String>,
    /// Only documents of this type.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Only documents of this region.
    pub region: Option<String>,
    /// Only documents whose path or title contains this.
    pub doc: Option<String>,
    /// `relevance` (default) or `date`.
    pub sort: Option<String>,
    /// How many hits.
    pub limit: Option<usize>,
    /// How many hits to skip.
    pub offset: usize,
    /// Documents instead of passages (`1` or `true`).
    pub docs: Option<String>,
}

fn limit_of(limit: Option<usize>) -> Result<usize, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad_request(format!(
            "limit {n}: expected 1 to {MAX_LIMIT}"
        ))),
    }
}

fn flag(value: &Option<String>) -> Result<bool, ApiError> {
    match value.as_deref() {
        None | Some("") | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(other) => Err(ApiError::bad_request(format!(
            "`{other}`: expected true or false"
        ))),
    }
}

fn checked_query(q: &str, what: &str) -> Result<String, ApiError> {
    if q.chars().count() > MAX_QUERY {
        return Err(ApiError::bad_request(format!(
            "the {what} is longer than {MAX_QUERY} characters"
        )));
    }
    Ok(q.to_owned())
}

fn topics_named(snapshot: &Snapshot, names: Option<&str>) -> Result<Vec<Topic>, ApiError> {
    names
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|name| Ok(snapshot.lexicon.resolve(name)?.clone()))
        .collect()
}

/// The request `/api/search` parameters make, as `zhengce search` makes it from its flags.
fn search_request(snapshot: &Snapshot, params: &SearchParams) -> Result<SearchRequest, ApiError> {
    for (name, value) in [("since", &params.since), ("until", &params.until)] {
        if let Some(date) = value {
            if !is_valid_date(date) {
                return Err(ApiError::bad_request(format!(
                    "{name}={date}: expected a date that exists, as YYYY, YYYY-MM or YYYY-MM-DD"
                )));
            }
        }
    }
    let sort = match params.sort.as_deref() {
        None | Some("") | Some("relevance") => SortOrder::Relevance,
        Some("date") => SortOrder::Date { page_first: false },
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "sort={other}: expected relevance or date"
            )))
        }
    };
    let documents = lookup::document_filter(&snapshot.manifest, params.doc.as_deref())?;
    let mut request = SearchRequest {
        query: checked_query(&params.q, "query")?,
        limit: limit_of(params.limit)?,
        offset: params.offset,
        filters: Filters {
            year: params.year,
            page_date: false,
            since: params.since.clone(),
            until: params.until.clone(),
            doc_type: params.doc_type.clone(),
            region: params.region.clone(),
            documents,
        },
        sort,
        topics: topics_named(snapshot, params.topic.as_deref())?,
        synonyms: snapshot.synonyms.clone(),
        per_document: None,
        named_topics: Vec::new(),
    };
    request.name_topics(&snapshot.lexicon);
    Ok(request)
}

/// A search hit: a passage (the `search --json` line) or, with `docs`, a document (the
/// `search --docs --json` line).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum SearchHit {
    /// A passage.
    Passage(crate::search::Hit),
    /// A document with its best passage.
    Document(crate::search::DocumentHit),
}

async fn search_route(
    State(state): State<Arc<AppState>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<Page<SearchHit>>, ApiError> {
    let Query(params) = params.map_err(rejected)?;
    on_pool(&state, move |snapshot| {
        let request = search_request(snapshot, &params)?;
        let documents = flag(&params.docs)?;
        let handle = &snapshot.handle;
        let searcher = &snapshot.searcher;
        let facets = facets_with(
            handle,
            searcher,
            &snapshot.manifest,
            &request,
            &snapshot.topic_membership,
        )?;
        let (total, hits) = if documents {
            let results = search_documents_with(handle, searcher, &request)?;
            let hits = results.hits.into_iter().map(SearchHit::Document);
            (results.total, hits.collect())
        } else {
            let results = search_with(handle, searcher, &request)?;
            let hits = results.hits.into_iter().map(SearchHit::Passage);
            (results.total, hits.collect())
        };
        Ok(Page {
            total,
            offset: request.offset,
            hits,
            facets: Some(facets),
        })
    })
    .await
}

/// `/api/ask` parameters: the CLI's `ask` flags.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AskParams {
    /// The question.
    pub q: String,
    /// Only documents whose path or title contains this.
    pub doc: Option<String>,
    /// How many passages.
    pub limit: Option<usize>,
}

async fn ask_route(
    State(state): State<Arc<AppState>>,
    params: Result<Query<AskParams>, QueryRejection>,
) -> Result<Json<crate::qa::Answer>, ApiError> {
    let Query(params) = params.map_err(rejected)?;
    on_pool(&state, move |snapshot| {
        let question = checked_query(&params.q, "question")?;
        if question.trim().is_empty() {
            return Err(ApiError::bad_request("no question given (q=…)"));
        }
        let mut request = AskRequest::new(question, limit_of(params.limit)?);
        request.synonyms = snapshot.synonyms.clone();
        request.filters.documents =
            lookup::document_filter(&snapshot.manifest, params.doc.as_deref())?;
        Ok(crate::qa::ask(
            &snapshot.handle,
            &snapshot.searcher,
            &request,
        )?)
    })
    .await
}

async fn topics_route(
    State(state): State<Arc<AppState>>,
) -> Result<Json<Page<crate::search::topic::TopicSummary>>, ApiError> {
    on_pool(&state, move |snapshot| {
        let summaries = topic_summaries(
            &snapshot.handle,
            &snapshot.searcher,
            &snapshot.lexicon.topics,
        )?;
        Ok(Page {
            total: summaries.len(),
            offset: 0,
            hits: summaries,
            facets: None,
        })
    })
    .await
}

/// The indexed document whose short id is `id`: a 400 for what is no id (a path, `..`), a 404
/// for an id no document has. Only ids of the manifest are looked up, so no request reaches a
/// file the index does not hold.
fn document<'m>(snapshot: &'m Snapshot, id: &str) -> Result<&'m FileEntry, ApiError> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ApiError::bad_request(format!(
            "`{id}` is not a document id (the `doc_id` of a search hit)"
        )));
    }
    snapshot
        .manifest
        .files
        .values()
        .find(|e| short_id(e.id) == id)
        .ok_or_else(|| ApiError::not_found(format!("no indexed document has the id {id}")))
}

/// A locator `DOC_ID:LINE` or `DOC_ID:第N条` (or a bare id) split into its document and place.
fn located<'m>(
    snapshot: &'m Snapshot,
    locator: &str,
) -> Result<(&'m FileEntry, Option<Location>), ApiError> {
    let (id, location) = split_doc_location(locator);
    Ok((document(snapshot, id)?, location))
}

/// What `/api/documents/{id}` returns: the outline `show ID --json` prints and the topic
/// profile `topics --doc ID --json` prints.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    /// Metadata, passages and section tree.
    pub outline: Outline,
    /// The top-level section labels in document order.
    pub sections: Vec<String>,
    /// Every topic's share of the document, in lexicon order.
    pub topics: Vec<DocumentTopic>,
    /// Whether the file changed since it was indexed (the outline is the file's as it is now).
    pub changed: bool,
}

async fn document_route(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<DocumentView>, ApiError> {
    let Path(id) = id.map_err(rejected)?;
    on_pool(&state, move |snapshot| {
        let entry = document(snapshot, &id)?;
        let opened = lookup::open(entry)?;
        let profile = document_topics(
            &snapshot.handle,
            &snapshot.searcher,
            &snapshot.lexicon.topics,
            entry,
        )?;
        Ok(DocumentView {
            outline: Outline::of(entry, &opened.document),
            sections: profile.sections,
            topics: profile.topics,
            changed: opened.changed,
        })
    })
    .await
}

/// `/api/passages/{locator}` parameters.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct PassageParams {
    /// Paragraphs of context either side (default 2).
    pub context: Option<usize>,
}

async fn passage_route(
    State(state): State<Arc<AppState>>,
    locator: Result<Path<String>, PathRejection>,
    params: Result<Query<PassageParams>, QueryRejection>,
) -> Result<Json<PassageRead>, ApiError> {
    let Path(locator) = locator.map_err(rejected)?;
    let Query(params) = params.map_err(rejected)?;
    on_pool(&state, move |snapshot| {
        let (entry, location) = located(snapshot, &locator)?;
        let opened = lookup::open(entry)?;
        let limits = ReadLimits {
            around: params.context.unwrap_or(2).min(MAX_CONTEXT),
            from_start: DOCUMENT_PARAGRAPHS,
            characters: usize::MAX,
        };
        Ok(read_around(entry, &opened, location, limits)?)
    })
    .await
}

/// `/api/cite/{locator}` parameters.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct CiteParams {
    /// `plain` (default), `markdown` or `gbt7714`.
    pub format: Option<String>,
    /// The 引用日期 (YYYY-MM-DD), today's by default.
    pub accessed: Option<String>,
}

/// What `/api/cite/{locator}` returns: the citation `cite --json` prints, and its text in
/// the format asked for and in the two a reader copies (plain and GB/T 7714).
#[derive(Debug, Serialize)]
pub struct CiteView {
    /// The passage locator cited.
    pub id: String,
    /// The citation's fields.
    pub citation: Citation,
    /// The citation in the format asked for.
    pub formatted: String,
    /// The citation as one plain line.
    pub plain: String,
    /// The citation as a GB/T 7714-2015 reference.
    pub gbt7714: String,
}

async fn cite_route(
    State(state): State<Arc<AppState>>,
    locator: Result<Path<String>, PathRejection>,
    params: Result<Query<CiteParams>, QueryRejection>,
) -> Result<Json<CiteView>, ApiError> {
    let Path(locator) = locator.map_err(rejected)?;
    let Query(params) = params.map_err(rejected)?;
    let format = match params.format.as_deref().unwrap_or("plain") {
        "plain" => CiteFormat::Plain,
        "markdown" => CiteFormat::Markdown,
        "gbt7714" => CiteFormat::Gbt7714,
        "json" => CiteFormat::Json,
        other => {
            return Err(ApiError::bad_request(format!(
                "format={other}: expected plain, markdown, gbt7714 or json"
            )))
        }
    };
    on_pool(&state, move |snapshot| {
        let (entry, location) = located(snapshot, &locator)?;
        let location = location.ok_or_else(|| {
            ApiError::bad_request(format!(
                "`{locator}`: give a locator DOC_ID:LINE or DOC_ID:第N条"
            ))
        })?;
        let accessed = match params.accessed {
            Some(date) => {
                crate::cite::check_accessed(&date)?;
                date
            }
            None => crate::cite::today(),
        };
        let opened = lookup::open(entry)?;
        let passages = passages_at(&opened.document, location)?;
        let citation = cite(&opened.document, &entry.root, &passages, None)?;
        Ok(CiteView {
            id: passage_locator(entry.id, passages[0].line),
            formatted: citation.format(format, &accessed),
            plain: citation.format(CiteFormat::Plain, &accessed),
            gbt7714: citation.format(CiteFormat::Gbt7714, &accessed),
            citation,
        })
    })
    .await
}

/// `/api/compare` parameters: the CLI's `compare` arguments.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct CompareParams {
    /// Two or more document ids, comma-separated.
    pub docs: String,
    /// Topics to detail, comma-separated.
    pub topic: Option<String>,
}

/// What `/api/compare` returns: the compared documents and the rows `compare --json` prints.
#[derive(Debug, Serialize)]
pub struct CompareView {
    /// The documents, in the order given.
    pub documents: Vec<crate::compare::ComparedDocument>,
    /// One row per topic, as `compare --json` prints them.
    pub rows: Vec<crate::compare::TopicRow>,
}

async fn compare_route(
    State(state): State<Arc<AppState>>,
    params: Result<Query<CompareParams>, QueryRejection>,
) -> Result<Json<CompareView>, ApiError> {
    let Query(params) = params.map_err(rejected)?;
    on_pool(&state, move |snapshot| {
        let ids: Vec<&str> = params
            .docs
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if ids.len() < 2 {
            return Err(ApiError::bad_request(
                "give two or more document ids: docs=ID,ID",
            ));
        }
        let entries = ids
            .iter()
            .map(|id| document(snapshot, id))
            .collect::<Result<Vec<_>, _>>()?;
        let named = topics_named(snapshot, params.topic.as_deref())?;
        let comparison = crate::compare::compare(
            &snapshot.handle,
            &snapshot.searcher,
            &entries,
            &snapshot.lexicon.topics,
            &named,
        )?;
        Ok(CompareView {
            documents: comparison.documents,
            rows: comparison.rows,
        })
    })
    .await
}

/// `/api/similar/{locator}` parameters: the CLI's `similar` flags.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct SimilarParams {
    /// How many hits.
    pub limit: Option<usize>,
    /// Only passages of other documents.
    pub elsewhere: Option<String>,
}

/// What `/api/similar/{locator}` returns: the hits `similar --json` prints, and what they
/// are similar to.
#[derive(Debug, Serialize)]
pub struct SimilarView {
    /// What the hits are like (`documents most similar to it`, `passages most similar to …`).
    pub about: String,
    /// How many hits.
    pub total: usize,
    /// The hits, best first.
    pub hits: Vec<crate::search::Hit>,
}

async fn similar_route(
    State(state): State<Arc<AppState>>,
    locator: Result<Path<String>, PathRejection>,
    params: Result<Query<SimilarParams>, QueryRejection>,
) -> Result<Json<SimilarView>, ApiError> {
    let Path(locator) = locator.map_err(rejected)?;
    let Query(params) = params.map_err(rejected)?;
    on_pool(&state, move |snapshot| {
        let (entry, location) = located(snapshot, &locator)?;
        let results = similar_to(
            &snapshot.handle,
            &snapshot.searcher,
            &snapshot.manifest,
            entry,
            location,
            limit_of(params.limit)?,
            flag(&params.elsewhere)?,
        )?;
        Ok(SimilarView {
            about: results.what,
            total: results.hits.len(),
            hits: results.hits,
        })
    })
    .await
}

async fn status_route(State(state): State<Arc<AppState>>) -> Result<Json<Status>, ApiError> {
    on_pool(&state, move |snapshot| {
        Ok(Status::of(
            &snapshot.handle,
            &snapshot.payload,
            &snapshot.manifest,
        ))
    })
    .await
}
