//! A Model Context Protocol server over standard input and output (`zhengce mcp`): the index's
//! search, reading, outlines, citations and quotation checks as tools an assistant can call,
//! and each indexed document as a resource (`zhengce://doc/DOC_ID`).
//!
//! Every tool is a thin layer over the library functions the command line uses, and returns the
//! same JSON shapes as the matching `--json` output, with an output schema generated from the
//! same types. Standard output carries only the protocol; nothing else is printed there.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    Implementation, ListResourcesResult, PaginatedRequestParams, ProtocolVersion,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{
    tool, tool_handler, tool_router, ErrorData as McpError, Json, RoleServer, ServerHandler,
};

mod shapes;

use shapes::cut_hit;
pub use shapes::{
    AsCli, AskOutput, AskParams, CiteOutput, CiteParams, CompareOutput, CompareParams, ModelHit,
    OutlineParams, ReadParams, SearchOutput, SearchParams, TopicsOutput, TopicsParams,
    VerifyOutput, VerifyParams,
};

use crate::cite::{
    cite, passages_at, read_around, split_doc_location, Citation, CiteFormat, PassageRead,
    ReadLimits,
};
use crate::compare::compare;
use crate::error::Error;
use crate::index::lookup::{self, Outline};
use crate::index::schema::{passage_locator, short_id};
use crate::index::IndexHandle;
use crate::output::comparison::{SHOWN_FACTS, SHOWN_ONLY, SHOWN_PAIRS};
use crate::qa::{ask, AskRequest};
use crate::search::synonyms::Synonyms;
use crate::search::topic::{document_topics, topic_summaries};
use crate::search::{search, Filters, SearchRequest};
use crate::topics::Lexicon;
use crate::verify::{verify, Verdict};

/// How many hits `search` returns when the caller names no limit, and the most it returns.
pub const DEFAULT_LIMIT: usize = 10;
/// The most hits one `search` call returns.
pub const MAX_LIMIT: usize = 50;
/// How many paragraphs `read` of a whole document returns from its start.
pub const DOCUMENT_PARAGRAPHS: usize = 20;
/// The most paragraphs of context `read` returns either side of a passage.
pub const MAX_CONTEXT: usize = 10;
/// `read` stops adding paragraphs after the passage asked for once it has returned this many
/// characters; `next` reads on from there.
pub const READ_CHARS: usize = 6000;
/// How many resources one `resources/list` page holds.
pub const RESOURCE_PAGE: usize = 100;
/// A passage text in a result is cut, at a sentence end, to about this many characters; `read`
/// of its `id` gives the rest.
pub const TEXT_CHARS: usize = 600;
/// How many passages `ask` returns when the caller names no limit, and the most it returns.
pub const ASK_PASSAGES: usize = 3;
/// The most passages one `ask` call returns.
pub const MAX_ASK_PASSAGES: usize = 10;
/// The resource address prefix of a document.
pub const RESOURCE_PREFIX: &str = "zhengce://doc/";

/// The newest protocol version served: the ones up to it have the `initialize` handshake.
pub const NEWEST_VERSION: ProtocolVersion = ProtocolVersion::V_2025_11_25;

/// The server: the index it serves, opened afresh for each call (so it sees every commit).
#[derive(Debug, Clone)]
pub struct Server {
    index: PathBuf,
    tool_router: ToolRouter<Server>,
}

/// A library error as a protocol error: a bad argument (an unknown id, a line out of range) is
/// `invalid_params`, anything else an internal error; both name what went wrong.
fn protocol_error(e: Error) -> McpError {
    match e {
        Error::Argument(_) | Error::Query(_) => McpError::invalid_params(e.to_string(), None),
        _ => McpError::internal_error(e.to_string(), None),
    }
}

#[tool_router(router = tool_router)]
impl Server {
    /// A server for the index in `index`.
    pub fn new(index: &Path) -> Server {
        Server {
            index: index.to_path_buf(),
            tool_router: Self::tool_router(),
        }
    }

    fn open(&self) -> Result<IndexHandle, McpError> {
        IndexHandle::open(&self.index).map_err(protocol_error)
    }

    /// Searches passages.
    #[tool(
        name = "search",
        description = "Search the user's indexed Chinese policy documents (reports, laws, notices). Returns passages best first, each with `id` (a locator DOC_ID:LINE to pass to `read` or `cite`), title, section path, line and text. Use it to find where a matter is addressed; then `read` the passage before quoting. Quote only text taken verbatim from `read` or `search` output, and check a draft's quotations with `verify`. Page with `offset`."
    )]
    pub async fn search(
        &self,
        Parameters(params): Parameters<SearchParams>,
    ) -> Result<Json<AsCli<SearchOutput>>, McpError> {
        let handle = self.open()?;
        let limit = params.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let offset = params.offset.unwrap_or(0);
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let documents =
            lookup::document_filter(&manifest, params.doc.as_deref()).map_err(protocol_error)?;
        let lexicon = Lexicon::load(&handle.dir, None).map_err(protocol_error)?;
        let topics = match &params.topic {
            Some(name) => vec![lexicon.resolve(name).map_err(protocol_error)?.clone()],
            None => Vec::new(),
        };
        let mut request = SearchRequest {
            offset,
            filters: Filters {
                year: params.year,
                documents,
                ..Filters::default()
            },
            topics,
            synonyms: Synonyms::load(&handle.dir).map_err(protocol_error)?,
            ..SearchRequest::new(params.query, limit)
        };
        request.name_topics(&lexicon);
        let results = search(&handle, &request).map_err(protocol_error)?;
        let shown = offset + results.hits.len();
        Ok(Json(AsCli(SearchOutput {
            total: results.total,
            next_offset: (shown < results.total).then_some(shown),
            hits: results
                .hits
                .into_iter()
                .map(|hit| ModelHit::of(hit, 0))
                .collect(),
        })))
    }

    /// Reads a passage, or a document from its start.
    #[tool(
        name = "read",
        description = "Read the exact text of a passage with its context: give a locator from `search` (`id`, DOC_ID:LINE), an article (DOC_ID:第N条) or a document id (its first paragraphs). Returns the paragraphs verbatim with their line numbers and section path, and `next`, the locator that reads on. Quote from this text verbatim."
    )]
    pub async fn read(
        &self,
        Parameters(params): Parameters<ReadParams>,
    ) -> Result<Json<AsCli<PassageRead>>, McpError> {
        let handle = self.open()?;
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let (spec, location) = split_doc_location(&params.id);
        let entry = lookup::resolve(&manifest, spec).map_err(protocol_error)?;
        let opened = lookup::open(entry).map_err(protocol_error)?;
        let limits = ReadLimits {
            around: params.context.unwrap_or(1).min(MAX_CONTEXT),
            from_start: DOCUMENT_PARAGRAPHS,
            characters: READ_CHARS,
        };
        let read = read_around(entry, &opened, location, limits).map_err(protocol_error)?;
        Ok(Json(AsCli(read)))
    }

    /// A document's outline.
    #[tool(
        name = "outline",
        description = "A document's metadata (title, date, 发文字号 number, issuer, type, region) and its section tree (chapters, articles 第N条, numbered headings with their lines). Give a document id, path or title. Use it to find the article or section to `read`."
    )]
    pub async fn outline(
        &self,
        Parameters(params): Parameters<OutlineParams>,
    ) -> Result<Json<AsCli<Outline>>, McpError> {
        let handle = self.open()?;
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let entry = lookup::resolve(&manifest, &params.doc).map_err(protocol_error)?;
        let opened = lookup::open(entry).map_err(protocol_error)?;
        Ok(Json(AsCli(Outline::of(entry, &opened.document))))
    }

    /// A citation of a passage.
    #[tool(
        name = "cite",
        description = "A checkable citation of a passage: title, section path, paragraph, line, the quoted text and the document's stated metadata, formatted as plain text (default), markdown or gbt7714 (GB/T 7714-2015). Give a locator DOC_ID:LINE or DOC_ID:第N条 from `search` or `read`."
    )]
    pub async fn cite(
        &self,
        Parameters(params): Parameters<CiteParams>,
    ) -> Result<Json<AsCli<CiteOutput>>, McpError> {
        let format = match params.format.as_deref().unwrap_or("plain") {
            "plain" => CiteFormat::Plain,
            "markdown" => CiteFormat::Markdown,
            "gbt7714" => CiteFormat::Gbt7714,
            other => {
                return Err(McpError::invalid_params(
                    format!("format `{other}`: expected plain, markdown or gbt7714"),
                    None,
                ))
            }
        };
        let handle = self.open()?;
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let (spec, location) = split_doc_location(&params.id);
        let location = location.ok_or_else(|| {
            McpError::invalid_params(
                format!(
                    "`{}`: give a locator DOC_ID:LINE or DOC_ID:第N条",
                    params.id
                ),
                None,
            )
        })?;
        let entry = lookup::resolve(&manifest, spec).map_err(protocol_error)?;
        let opened = lookup::open(entry).map_err(protocol_error)?;
        let passages = passages_at(&opened.document, location).map_err(protocol_error)?;
        let citation =
            cite(&opened.document, &entry.root, &passages, None).map_err(protocol_error)?;
        let formatted = citation.format(format, &crate::cite::today());
        Ok(Json(AsCli(CiteOutput {
            id: passage_locator(entry.id, passages[0].line),
            citation,
            formatted,
        })))
    }

    /// Checks a draft's quotations.
    #[tool(
        name = "verify",
        description = "Check every quotation in a draft that names a source (《X》第N条规定：“…”, 根据《X》…“…”, “…”（《X》第N条）, footnotes, 据《X》…, bare 发文字号 such as 国发〔2019〕5号) against the indexed documents. Each gets a verdict: exact, near (a few characters differ; `diff` shows [原文→引文]), elsewhere (at another article or in another document), not_found (with the closest passage) or unknown_source (the index holds no such document), and the true citation. Run it on your own answer before giving it, and correct every quotation that is not exact."
    )]
    pub async fn verify(
        &self,
        Parameters(params): Parameters<VerifyParams>,
    ) -> Result<Json<AsCli<VerifyOutput>>, McpError> {
        let handle = self.open()?;
        let checks = verify(&handle, &params.text).map_err(protocol_error)?;
        Ok(Json(AsCli(VerifyOutput {
            all_exact: checks.iter().all(|c| c.verdict == Verdict::Exact),
            checks,
        })))
    }

    /// Answers a question from the documents.
    #[tool(
        name = "ask",
        description = "Answer a factual question about the user's Chinese policy documents (how many posts 编制 were approved, who heads a body, when a rule took effect, what a report proposes). Returns `answer` (a figure, name, date or the answering passage), its `answer_type`, a calibrated `confidence`, the `evidence` byte ranges in the first passage's `text`, that passage's `id` and a ready `citation`. When the documents do not say it, `found` is false and `answer` null: `refusal` says why (another year, another measure) and `nearest` is a figure that is NOT the answer. Never state an answer that `found` does not give; quote the evidence verbatim."
    )]
    pub async fn ask(
        &self,
        Parameters(params): Parameters<AskParams>,
    ) -> Result<Json<AsCli<AskOutput>>, McpError> {
        let handle = self.open()?;
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let limit = params
            .limit
            .unwrap_or(ASK_PASSAGES)
            .clamp(1, MAX_ASK_PASSAGES);
        let mut request = AskRequest::new(params.question, limit);
        request.synonyms = Synonyms::load(&handle.dir).map_err(protocol_error)?;
        request.filters.documents =
            lookup::document_filter(&manifest, params.doc.as_deref()).map_err(protocol_error)?;
        let reader = handle.reader().map_err(protocol_error)?;
        let mut answer = ask(&handle, &reader.searcher(), &request).map_err(protocol_error)?;
        for passage in &mut answer.passages {
            let keep_until = passage
                .evidence
                .iter()
                .map(|&(_, to)| to)
                .chain(passage.answer_span.map(|(_, to)| to))
                .fold(passage.sentence_span.1, usize::max);
            cut_hit(&mut passage.hit, keep_until);
        }
        let citation = answer
            .found
            .then(|| answer.passages.first())
            .flatten()
            .map(|p| Citation::from_hit(&p.hit).format(CiteFormat::Plain, &crate::cite::today()));
        Ok(Json(AsCli(AskOutput { answer, citation })))
    }

    /// The topics, or one document's topic profile.
    #[tool(
        name = "topics",
        description = "The named topics the index knows (e.g. staffing 人员编制, approval powers 审批权限, street-office coordination 街道办事处), each with its id, label, description, weighted terms and how many passages carry it; or, given `doc`, that document's topic profile (each topic's score and passages, by top-level section). Use a topic's id as `search`'s `topic` or in `compare`."
    )]
    pub async fn topics(
        &self,
        Parameters(params): Parameters<TopicsParams>,
    ) -> Result<Json<AsCli<TopicsOutput>>, McpError> {
        let handle = self.open()?;
        let lexicon = Lexicon::load(&handle.dir, None).map_err(protocol_error)?;
        let reader = handle.reader().map_err(protocol_error)?;
        let searcher = reader.searcher();
        let Some(doc) = params.doc else {
            return Ok(Json(AsCli(TopicsOutput {
                topics: topic_summaries(&handle, &searcher, &lexicon.topics)
                    .map_err(protocol_error)?,
                doc_id: None,
                title: None,
                profile: Vec::new(),
            })));
        };
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let entry = lookup::resolve(&manifest, &doc).map_err(protocol_error)?;
        let mut profile = document_topics(&handle, &searcher, &lexicon.topics, entry)
            .map_err(protocol_error)?
            .topics;
        profile.retain(|t| t.score > 0.0);
        profile.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(Json(AsCli(TopicsOutput {
            topics: Vec::new(),
            doc_id: Some(short_id(entry.id)),
            title: Some(entry.metadata.title.clone()),
            profile,
        })))
    }

    /// Compares documents topic by topic.
    #[tool(
        name = "compare",
        description = "Compare two or more documents topic by topic: per topic, how many passages each has and whether it covers or only mentions the topic, passages of different documents that make the same point (`aligned`, facing each other), what only one document says (`unique`), and numeric facts lined up (`facts`). Give document ids, paths or titles, and optionally topic ids to detail. Unless `all`, only the detailed rows keep passages and only their first few; `read` a passage's `id` for its context."
    )]
    pub async fn compare(
        &self,
        Parameters(params): Parameters<CompareParams>,
    ) -> Result<Json<AsCli<CompareOutput>>, McpError> {
        if params.documents.len() < 2 {
            return Err(McpError::invalid_params(
                "compare needs two or more documents",
                None,
            ));
        }
        let handle = self.open()?;
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let lexicon = Lexicon::load(&handle.dir, None).map_err(protocol_error)?;
        let named = params
            .topics
            .iter()
            .map(|name| lexicon.resolve(name).cloned())
            .collect::<Result<Vec<_>, Error>>()
            .map_err(protocol_error)?;
        let entries = params
            .documents
            .iter()
            .map(|spec| lookup::resolve(&manifest, spec))
            .collect::<Result<Vec<_>, Error>>()
            .map_err(protocol_error)?;
        let reader = handle.reader().map_err(protocol_error)?;
        let mut comparison = compare(
            &handle,
            &reader.searcher(),
            &entries,
            &lexicon.topics,
            &named,
        )
        .map_err(protocol_error)?;
        let mut cut = false;
        if !params.all {
            for row in &mut comparison.rows {
                let (pairs, only, facts) = if row.detailed {
                    (SHOWN_PAIRS, SHOWN_ONLY, SHOWN_FACTS)
                } else {
                    (0, 0, 0)
                };
                cut |= row.aligned.len() > pairs
                    || row.unique.iter().any(|u| u.len() > only)
                    || row.facts.len() > facts;
                row.aligned.truncate(pairs);
                row.unique.iter_mut().for_each(|u| u.truncate(only));
                row.facts.truncate(facts);
                for group in &mut row.aligned {
                    for (hit, focus) in group.passages.iter_mut().zip(&group.focus) {
                        if let Some(hit) = hit {
                            cut |= cut_hit(hit, focus.map_or(0, |(_, to)| to));
                        }
                    }
                }
                for hit in row.unique.iter_mut().flatten() {
                    cut |= cut_hit(hit, 0);
                }
            }
        }
        Ok(Json(AsCli(CompareOutput {
            documents: comparison.documents,
            rows: comparison.rows,
            cut,
        })))
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_protocol_version(NEWEST_VERSION)
        .with_server_info(Implementation::new("zhengce", env!("CARGO_PKG_VERSION")))
        .with_instructions(
            "zhengce searches the user's own folder of Chinese policy documents offline. Find \
             passages with `search`, read them verbatim with `read`, cite them with `cite`, and \
             check every quotation of an answer with `verify` before giving it.",
        )
    }

    fn supported_protocol_versions(&self) -> Cow<'static, [ProtocolVersion]> {
        Cow::Borrowed(ProtocolVersion::known_up_to(&NEWEST_VERSION))
    }

    async fn list_resources(
        &self,
        request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        let handle = self.open()?;
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let start = match request.and_then(|r| r.cursor) {
            Some(cursor) => cursor.parse::<usize>().map_err(|_| {
                McpError::invalid_params(
                    format!("cursor `{cursor}` is not one this server gave"),
                    None,
                )
            })?,
            None => 0,
        };
        let entries: Vec<_> = manifest.files.values().collect();
        let page: Vec<Resource> = entries
            .iter()
            .skip(start)
            .take(RESOURCE_PAGE)
            .map(|e| {
                Resource::new(
                    format!("{RESOURCE_PREFIX}{}", short_id(e.id)),
                    e.path.clone(),
                )
                .with_title(e.metadata.title.clone())
                .with_mime_type("text/plain")
            })
            .collect();
        let end = start + page.len();
        let mut result = ListResourcesResult::with_all_items(page);
        result.next_cursor = (end < entries.len()).then(|| end.to_string());
        Ok(result)
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let id = request.uri.strip_prefix(RESOURCE_PREFIX).ok_or_else(|| {
            McpError::resource_not_found(
                format!("{}: not a zhengce document address", request.uri),
                None,
            )
        })?;
        let handle = self.open()?;
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let entry = manifest
            .files
            .values()
            .find(|e| short_id(e.id) == id)
            .ok_or_else(|| {
                McpError::resource_not_found(format!("no indexed document has the id {id}"), None)
            })?;
        let opened = lookup::open(entry).map_err(protocol_error)?;
        Ok(ReadResourceResult::new(vec![ResourceContents::text(
            opened.document.text,
            request.uri.clone(),
        )
        .with_mime_type("text/plain")])
        .into())
    }
}

/// Serves the index in `index` over standard input and output until the client closes them.
pub fn serve(index: &Path) -> crate::error::Result<()> {
    use rmcp::ServiceExt;
    // Opened once first, so that a missing index is an error before the handshake.
    IndexHandle::open(index)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Argument(format!("starting the server: {e}")))?;
    runtime.block_on(async {
        let service = Server::new(index)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Error::Argument(format!("the MCP handshake failed: {e}")))?;
        service
            .waiting()
            .await
            .map_err(|e| Error::Argument(format!("the MCP server stopped: {e}")))?;
        Ok(())
    })
}
