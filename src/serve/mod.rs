//! `zhengce serve`: the index behind a local web page and a JSON API, from the same binary.
//!
//! The API returns the objects `--json` prints (the same serde types, not copies), lists inside
//! a paged envelope. Every request is answered from one commit of the index ([`snapshot`]), so a
//! concurrent `zhengce index` is picked up without a restart and never seen half-way. The work
//! of a request runs on a bounded pool of blocking threads with a deadline; the page is
//! embedded in the binary and needs no network. Documents are untrusted: the page builds its
//! DOM from text nodes only, and every response carries a Content-Security-Policy that forbids
//! inline script. Requests that do not name the bound address in `Host` are refused (DNS
//! rebinding); there is no CORS.

pub mod api;
pub mod snapshot;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::error::Error;
use snapshot::{Snapshot, Snapshots};

/// How long one request may work before it is answered with an error.
pub const DEADLINE: Duration = Duration::from_secs(10);
/// The longest request target (path and query) accepted, in bytes.
pub const MAX_URI: usize = 4096;
/// The largest request body accepted, in bytes (the API takes none).
pub const MAX_BODY: usize = 16 * 1024;

/// The Content-Security-Policy of every response: the page's own script and style only.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The index folder.
    pub index: PathBuf,
    /// The address to bind (port 0: any free port).
    pub bind: SocketAddr,
    /// How many requests work at once; the others wait for a turn within the deadline.
    pub workers: usize,
    /// How long one request may work.
    pub deadline: Duration,
}

impl Options {
    /// Options for `index` on `bind`, with a worker per core and the default deadline.
    pub fn new(index: &Path, bind: SocketAddr) -> Options {
        Options {
            index: index.to_path_buf(),
            bind,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            deadline: DEADLINE,
        }
    }
}

/// What every handler shares.
pub struct AppState {
    snapshots: Snapshots,
    permits: Arc<Semaphore>,
    deadline: Duration,
    port: u16,
}

/// An API error: an HTTP status and a message naming what went wrong, sent as
/// `{"error": MESSAGE, "status": CODE}`.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong.
    pub message: String,
}

/// The JSON body of an error.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    status: u16,
}

impl ApiError {
    /// A 400: the request is malformed.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// A 404: no such document, passage or route.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// A 503: the server cannot answer now (no index, busy, over the deadline).
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: message.into(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let status = match &e {
            Error::Argument(_) | Error::Query(_) => StatusCode::BAD_REQUEST,
            Error::NoIndex { .. }
            | Error::IndexMismatch { .. }
            | Error::CorruptIndex { .. }
            | Error::IndexBusy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError {
            status,
            message: e.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: &self.message,
            status: self.status.as_u16(),
        };
        (self.status, Json(body)).into_response()
    }
}

/// Runs `work` on the blocking pool against the current commit, when a worker is free and
/// within the deadline; a request that waits or works longer is answered with a 503 (its
/// thread finishes and frees its worker; it cannot hold more than one).
pub async fn on_pool<T, F>(state: &Arc<AppState>, work: F) -> Result<Json<T>, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Snapshot) -> Result<T, ApiError> + Send + 'static,
{
    let started = tokio::time::Instant::now();
    let permit = tokio::time::timeout(state.deadline, state.permits.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::unavailable("the server is busy; try again"))?
        .map_err(|_| ApiError::unavailable("the server is stopping"))?;
    let shared = Arc::clone(state);
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let snapshot = shared.snapshots.current()?;
        work(&snapshot)
    });
    let left = state.deadline.saturating_sub(started.elapsed());
    match tokio::time::timeout(left, task).await {
        Ok(Ok(result)) => result.map(Json),
        Ok(Err(_)) => Err(ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "the request failed inside the server".into(),
        }),
        Err(_) => Err(ApiError::unavailable(format!(
            "the request took longer than {} s",
            state.deadline.as_secs()
        ))),
    }
}

/// The router: the page, its assets and the API.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(page_html))
        .route("/app.js", get(page_js))
        .route("/app.css", get(page_css))
        .nest("/api", api::routes())
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            guard,
        ))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such page or API route")
}

/// Refuses requests for another host (DNS rebinding), over-long targets and bodies, then adds
/// the security headers to whatever is answered.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let mut response = if !host.is_some_and(|h| host_allowed(h, state.port)) {
        ApiError {
            status: StatusCode::MISDIRECTED_REQUEST,
            message: format!(
                "Host `{}` is not this server's address (use http://127.0.0.1:{}/)",
                host.unwrap_or(""),
                state.port
            ),
        }
        .into_response()
    } else if request.uri().to_string().len() > MAX_URI {
        ApiError {
            status: StatusCode::URI_TOO_LONG,
            message: format!("the request target is longer than {MAX_URI} bytes"),
        }
        .into_response()
    } else if request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
        .is_some_and(|n| n > MAX_BODY)
    {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!("the request body is longer than {MAX_BODY} bytes"),
        }
        .into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Whether a `Host` header names this server: `localhost` or an IP address (never a domain
/// name, which another site could point at this machine), with the bound port.
pub fn host_allowed(host: &str, port: u16) -> bool {
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) if !name.ends_with(':') && !p.contains(']') => (name, p.parse().ok()),
        _ => (host, Some(80)),
    };
    let name = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    let named = name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok();
    named && given_port == Some(port)
}

async fn page_html() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("page/index.html"),
    )
}

async fn page_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("page/app.js"),
    )
}

async fn page_css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("page/app.css"),
    )
}

/// Serves the index in `options.index` until the process is stopped. `ready` is told the
/// address actually bound (with `--bind …:0`, the port the system chose) once requests are
/// accepted.
pub fn serve(options: &Options, ready: impl FnOnce(SocketAddr)) -> crate::error::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Argument(format!("starting the server: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .map_err(|e| Error::Argument(format!("cannot bind {}: {e}", options.bind)))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::Argument(format!("cannot bind {}: {e}", options.bind)))?;
        let state = Arc::new(AppState {
            snapshots: Snapshots::new(&options.index),
            permits: Arc::new(Semaphore::new(options.workers.max(1))),
            deadline: options.deadline,
            port: bound.port(),
        });
        ready(bound);
        axum::serve(listener, router(state))
            .await
            .map_err(|e| Error::Argument(format!("the server stopped: {e}")))
    })
}

#[cfg(test)]
mod tests {
    use super::host_allowed;

    #[test]
    fn hosts_are_addresses_with_the_bound_port() {
        assert!(host_allowed("127.0.0.1:7700", 7700));
        assert!(host_allowed("localhost:7700", 7700));
        assert!(host_allowed("[::1]:7700", 7700));
        assert!(host_allowed("LOCALHOST:7700", 7700));
        assert!(!host_allowed("127.0.0.1:7701", 7700));
        assert!(!host_allowed("evil.example:7700", 7700));
        assert!(!host_allowed("localhost.evil.example:7700", 7700));
        assert!(!host_allowed("127.0.0.1", 7700));
        assert!(host_allowed("127.0.0.1", 80));
        assert!(!host_allowed("", 7700));
    }
}
