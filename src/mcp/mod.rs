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
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::cite::{
    cite, context, passages_at, split_doc_location, Citation, CiteFormat, ContextParagraph,
    Location,
};
use crate::error::Error;
use crate::index::lookup::{self, Outline};
use crate::index::schema::{passage_locator, short_id};
use crate::index::IndexHandle;
use crate::search::synonyms::Synonyms;
use crate::search::{search, Filters, Hit, SearchRequest};
use crate::topics::Lexicon;
use crate::verify::{verify, Check, Verdict};

/// How many hits `search` returns when the caller names no limit, and the most it returns.
pub const DEFAULT_LIMIT: usize = 10;
/// The most hits one `search` call returns.
pub const MAX_LIMIT: usize = 50;
/// How many paragraphs `read` of a whole document returns from its start.
pub const DOCUMENT_PARAGRAPHS: usize = 20;
/// How many resources one `resources/list` page holds.
pub const RESOURCE_PAGE: usize = 100;
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

/// `search` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchParams {
    /// The query: Chinese words, "quoted phrases", +must and -not words. May be empty when a
    /// topic is given.
    #[serde(default)]
    pub query: String,
    /// A topic id or label (see the CLI's `zhengce topics`), e.g. `staffing` or `人员编制`.
    #[serde(default)]
    pub topic: Option<String>,
    /// Only documents whose path or title contains this.
    #[serde(default)]
    pub doc: Option<String>,
    /// Only documents of this year.
    #[serde(default)]
    pub year: Option<u32>,
    /// How many hits (default 10, at most 50).
    #[serde(default)]
    pub limit: Option<usize>,
    /// How many hits to skip (for the next page).
    #[serde(default)]
    pub offset: Option<usize>,
}

/// What `search` returns: the hits in the shape of `zhengce search --json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchOutput {
    /// How many passages match in all.
    pub total: usize,
    /// The hits, best first; each `id` is a locator `read` and `cite` accept.
    pub hits: Vec<Hit>,
    /// The offset of the next page, when there are more hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_offset: Option<usize>,
}

/// `read` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReadParams {
    /// A passage locator (`DOC_ID:LINE`, `DOC_ID:第N条`, as `search` returns in `id`) or a
    /// document id, path or title.
    pub id: String,
    /// Paragraphs of context either side of the passage (default 1).
    #[serde(default)]
    pub context: Option<usize>,
}

/// What `read` returns: the paragraphs verbatim, in the shape of `zhengce show DOC:LOC --json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReadOutput {
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
    /// The locator that reads on past the last paragraph returned, if the document goes on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Whether the file changed since it was indexed (the text is the file's as it is now).
    pub changed: bool,
}

/// `outline` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct OutlineParams {
    /// A document id, path or title (or a fragment that names one document).
    pub doc: String,
}

/// `cite` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CiteParams {
    /// A passage locator: `DOC_ID:LINE` or `DOC_ID:第N条`.
    pub id: String,
    /// `plain` (default), `markdown` or `gbt7714`.
    #[serde(default)]
    pub format: Option<String>,
}

/// What `cite` returns: the citation in the shape of `zhengce cite --json`, and its text in the
/// format asked for.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CiteOutput {
    /// The passage locator cited.
    pub id: String,
    /// The citation's fields.
    #[serde(flatten)]
    pub citation: Citation,
    /// The citation formatted.
    pub formatted: String,
}

/// `verify` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct VerifyParams {
    /// The draft text whose quotations to check.
    pub text: String,
}

/// What `verify` returns: one check per quotation, in the shape of `zhengce verify --json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct VerifyOutput {
    /// Whether every quotation is exact (true, too, when there is none).
    pub all_exact: bool,
    /// The checks, in draft order.
    pub checks: Vec<Check>,
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
    ) -> Result<Json<SearchOutput>, McpError> {
        let handle = self.open()?;
        let limit = params.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let offset = params.offset.unwrap_or(0);
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let documents =
            lookup::document_filter(&manifest, params.doc.as_deref()).map_err(protocol_error)?;
        let topics = match &params.topic {
            Some(name) => {
                let lexicon = Lexicon::load(&handle.dir, None).map_err(protocol_error)?;
                vec![lexicon.resolve(name).map_err(protocol_error)?.clone()]
            }
            None => Vec::new(),
        };
        let request = SearchRequest {
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
        let results = search(&handle, &request).map_err(protocol_error)?;
        let shown = offset + results.hits.len();
        Ok(Json(SearchOutput {
            total: results.total,
            next_offset: (shown < results.total).then_some(shown),
            hits: results.hits,
        }))
    }

    /// Reads a passage, or a document from its start.
    #[tool(
        name = "read",
        description = "Read the exact text of a passage with its context: give a locator from `search` (`id`, DOC_ID:LINE), an article (DOC_ID:第N条) or a document id (its first paragraphs). Returns the paragraphs verbatim with their line numbers and section path, and `next`, the locator that reads on. Quote from this text verbatim."
    )]
    pub async fn read(
        &self,
        Parameters(params): Parameters<ReadParams>,
    ) -> Result<Json<ReadOutput>, McpError> {
        let handle = self.open()?;
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let (spec, location) = split_doc_location(&params.id);
        let entry = lookup::resolve(&manifest, spec).map_err(protocol_error)?;
        let opened = lookup::open(entry).map_err(protocol_error)?;
        let document = &opened.document;
        let (location, around) = match location {
            Some(location) => (location, params.context.unwrap_or(1)),
            None => {
                let first = document.passages.first().ok_or_else(|| {
                    McpError::invalid_params(format!("{} holds no text", entry.path), None)
                })?;
                (Location::Line(first.line), DOCUMENT_PARAGRAPHS - 1)
            }
        };
        let (section, paragraphs) = context(document, location, around).map_err(protocol_error)?;
        let last = paragraphs.last().map_or(0, |p| p.paragraph);
        let next = document
            .passages
            .iter()
            .find(|p| p.paragraph > last)
            .map(|p| passage_locator(entry.id, p.line));
        let first_target = paragraphs.iter().find(|p| p.target).map_or(0, |p| p.line);
        Ok(Json(ReadOutput {
            doc_id: short_id(entry.id),
            title: document.metadata.title.clone(),
            id: passage_locator(entry.id, first_target),
            section,
            paragraphs,
            next,
            changed: opened.changed,
        }))
    }

    /// A document's outline.
    #[tool(
        name = "outline",
        description = "A document's metadata (title, date, 发文字号 number, issuer, type, region) and its section tree (chapters, articles 第N条, numbered headings with their lines). Give a document id, path or title. Use it to find the article or section to `read`."
    )]
    pub async fn outline(
        &self,
        Parameters(params): Parameters<OutlineParams>,
    ) -> Result<Json<Outline>, McpError> {
        let handle = self.open()?;
        let (_, manifest) = handle.manifest().map_err(protocol_error)?;
        let entry = lookup::resolve(&manifest, &params.doc).map_err(protocol_error)?;
        let opened = lookup::open(entry).map_err(protocol_error)?;
        Ok(Json(Outline::of(entry, &opened.document)))
    }

    /// A citation of a passage.
    #[tool(
        name = "cite",
        description = "A checkable citation of a passage: title, section path, paragraph, line, the quoted text and the document's stated metadata, formatted as plain text (default), markdown or gbt7714 (GB/T 7714-2015). Give a locator DOC_ID:LINE or DOC_ID:第N条 from `search` or `read`."
    )]
    pub async fn cite(
        &self,
        Parameters(params): Parameters<CiteParams>,
    ) -> Result<Json<CiteOutput>, McpError> {
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
        Ok(Json(CiteOutput {
            id: passage_locator(entry.id, passages[0].line),
            citation,
            formatted,
        }))
    }

    /// Checks a draft's quotations.
    #[tool(
        name = "verify",
        description = "Check every quotation in a draft that names a source (《X》第N条规定：“…”, 根据《X》…“…”, “…”（《X》第N条）, footnotes, 据《X》…, bare 发文字号 such as 国发〔2019〕5号) against the indexed documents. Each gets a verdict: exact, near (a few characters differ; `diff` shows [原文→引文]), elsewhere (at another article or in another document), not_found (with the closest passage) or unknown_source (the index holds no such document), and the true citation. Run it on your own answer before giving it, and correct every quotation that is not exact."
    )]
    pub async fn verify(
        &self,
        Parameters(params): Parameters<VerifyParams>,
    ) -> Result<Json<VerifyOutput>, McpError> {
        let handle = self.open()?;
        let checks = verify(&handle, &params.text).map_err(protocol_error)?;
        Ok(Json(VerifyOutput {
            all_exact: checks.iter().all(|c| c.verdict == Verdict::Exact),
            checks,
        }))
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
