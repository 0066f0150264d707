//! `zhengce serve` over real HTTP: the binary started on an ephemeral port over a temporary
//! index, every API route against the CLI's `--json` for the same request, the error statuses,
//! the security headers, the Host check, traversal, a hostile document, and a commit made while
//! the server runs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use common::*;
use serde_json::Value;

/// The hostile document: markup and script in its title and body, which must stay text.
const HOSTILE: &str = "title: <script>document.title='pwned'</script><img src=x onerror=alert(1)>恶意标题\n\n第一条 本段含有 </script><script>alert(2)</script> 和 <img src=x onerror=\"document.body.dataset.pwned=1\"> 以及 [链接](javascript:alert(3)) javascript:alert(4) 恶意测试内容。\n";

/// A second short document, so that `compare` has two to compare.
const SECOND: &str = "某区机构编制工作情况\n\n一、机构设置\n区直机关共设置工作部门20个，核定行政编制300名。街道办事处实行交叉任职，核定事业编制45人。\n";

/// An index of the bundled report, the hostile document and a second document.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let extra = leaked_tempdir().join("extra");
        std::fs::create_dir_all(&extra).unwrap();
        std::fs::write(extra.join("hostile.txt"), HOSTILE).unwrap();
        std::fs::write(extra.join("second.txt"), SECOND).unwrap();
        build_index(&[bundled_corpus(), extra])
    })
}

/// A running `zhengce serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts `zhengce serve --index INDEX --bind BIND` and reads the address it prints.
    fn start(index: &Path, bind: &str) -> (Server, String) {
        let mut command = bin();
        command
            .args(["serve", "--bind", bind, "--index"])
            .arg(index)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = spawn_lasting(command);
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .rsplit_once("http://")
            .map(|(_, a)| a.trim_end_matches('/'))
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address in `{line}`"));
        let stderr = child.stderr.take().unwrap();
        // What it said on stderr before serving (a warning), read without waiting for more.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let _ = tx.send(first);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let warning = rx
            .recv_timeout(Duration::from_millis(500))
            .unwrap_or_default();
        (Server { child, addr }, warning)
    }

    /// `GET path` with the server's own address as Host.
    fn get(&self, path: &str) -> Response {
        self.get_with(path, &self.addr.to_string(), &[])
    }

    /// `GET path` with the given Host and extra headers.
    fn get_with(&self, path: &str, host: &str, headers: &[(&str, &str)]) -> Response {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Response::parse(&raw)
    }
}

/// Starts `command` so that it is killed when the test process ends, even when its [`Server`]
/// is never dropped (the shared one lives in a static): the child asks the kernel for SIGKILL
/// when the thread that started it ends, and that thread lives as long as the process.
fn spawn_lasting(mut command: std::process::Command) -> Child {
    use std::os::unix::process::CommandExt;
    // SAFETY: prctl is async-signal-safe and touches only the child's own state.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(command.spawn());
        loop {
            std::thread::park();
        }
    });
    rx.recv().unwrap().expect("zhengce serve starts")
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response: status, headers (names lower-cased) and body.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete response");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
        {
            body = dechunk(&body);
        }
        Response {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}

/// Percent-encodes what a URL path or query value must not hold raw.
fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The server shared by the tests that only read.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| Server::start(index(), "127.0.0.1:0").0)
}

/// Runs the CLI against the test index with `--json`; its JSON lines.
fn cli(args: &[&str]) -> Vec<Value> {
    let out = bin()
        .arg("--index")
        .arg(index())
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.code() != Some(2),
        "{args:?} failed: {}",
        stderr(&out)
    );
    json_lines(&out)
}

fn first_hit(query: &str) -> Value {
    let hits = server()
        .get(&format!("/api/search?q={}", enc(query)))
        .json()["hits"]
        .clone();
    hits[0].clone()
}

/// The best hit of `query` in the file whose path holds `path_part`.
fn hit_in(query: &str, path_part: &str) -> Value {
    let page = server().get(&format!("/api/search?q={}&limit=50", enc(query)));
    page.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["path"].as_str().unwrap().contains(path_part))
        .unwrap_or_else(|| panic!("no hit of {query} in {path_part}"))
        .clone()
}

#[test]
fn search_returns_the_cli_hits_in_a_paged_envelope_with_facets() {
    for (query, extra, cli_extra) in [
        ("交叉任职", "", vec![]),
        (
            "编制",
            "&limit=5&offset=3",
            vec!["-n", "5", "--offset", "3"],
        ),
        (
            "编制",
            "&sort=date&limit=4",
            vec!["--sort", "date", "-n", "4"],
        ),
        ("", "&topic=staffing", vec!["--topic", "staffing"]),
        ("机构", "&docs=1", vec!["--docs"]),
    ] {
        let response = server().get(&format!("/api/search?q={}{extra}", enc(query)));
        assert_eq!(response.status, 200, "{}", response.text());
        assert!(response
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        let page = response.json();
        let mut args = vec!["search"];
        if !query.is_empty() {
            args.push(query);
        }
        args.extend(cli_extra);
        assert_eq!(
            page["hits"].as_array().unwrap(),
            &cli(&args),
            "{query}{extra}"
        );
        assert!(page["total"].as_u64().unwrap() >= page["hits"].as_array().unwrap().len() as u64);
        assert!(page["offset"].is_u64());
        for facet in ["topics", "years", "types", "regions"] {
            assert!(page["facets"][facet].is_array(), "{facet} in {page}");
        }
    }
}

#[test]
fn facets_count_the_matches_of_the_query() {
    let page = server()
        .get(&format!("/api/search?q={}", enc("编制")))
        .json();
    let total = page["total"].as_u64().unwrap();
    let topics = page["facets"]["topics"].as_array().unwrap();
    assert!(!topics.is_empty(), "{page}");
    for topic in topics {
        let count = topic["count"].as_u64().unwrap();
        assert!(count > 0 && count <= total, "{topic}");
    }
    // Each year's count is the total of the same search filtered to that year.
    let years = page["facets"]["years"].as_array().unwrap();
    assert!(!years.is_empty(), "{page}");
    for year in years {
        let value = year["value"].as_str().unwrap();
        let filtered = server()
            .get(&format!("/api/search?q={}&year={value}", enc("编制")))
            .json();
        assert_eq!(filtered["total"], year["count"], "year {value}");
    }
    // A query that matches nothing has no facets.
    let none = server()
        .get(&format!("/api/search?q={}", enc("不存在的词语组合ZZQ")))
        .json();
    assert_eq!(none["total"], 0);
    assert!(none["facets"]["topics"].as_array().unwrap().is_empty());
}

#[test]
fn ask_topics_status_and_similar_equal_the_cli() {
    let question = "经开区机关核定了多少编制？";
    let answer = server().get(&format!("/api/ask?q={}", enc(question)));
    assert_eq!(answer.status, 200);
    let answer = answer.json();
    assert_eq!(answer, cli(&["ask", question])[0]);
    assert!(
        answer["answer"].as_str().unwrap().contains("45人"),
        "{answer}"
    );

    let topics = server().get("/api/topics").json();
    assert_eq!(topics["hits"].as_array().unwrap(), &cli(&["topics"]));
    assert_eq!(topics["total"], topics["hits"].as_array().unwrap().len());

    let mut status = server().get("/api/status").json();
    let mut expected = cli(&["status"])[0].clone();
    // The CLI names the folder as given; both name the same one.
    status["index"] = Value::Null;
    expected["index"] = Value::Null;
    assert_eq!(status, expected);

    let hit = first_hit("交叉任职");
    let locator = hit["id"].as_str().unwrap();
    let similar = server()
        .get(&format!("/api/similar/{}", enc(locator)))
        .json();
    assert_eq!(
        similar["hits"].as_array().unwrap(),
        &cli(&["similar", locator])
    );
    assert!(similar["about"].as_str().unwrap().contains("passages"));
    let doc = hit["doc_id"].as_str().unwrap();
    let similar = server().get(&format!("/api/similar/{doc}")).json();
    assert_eq!(similar["hits"].as_array().unwrap(), &cli(&["similar", doc]));
}

#[test]
fn documents_passages_and_citations_equal_the_cli() {
    let hit = hit_in("交叉任职", "调研报告");
    let doc = hit["doc_id"].as_str().unwrap();
    let locator = hit["id"].as_str().unwrap();

    let view = server().get(&format!("/api/documents/{doc}")).json();
    assert_eq!(view["outline"], cli(&["show", doc])[0]);
    assert_eq!(
        view["topics"].as_array().unwrap(),
        &cli(&["topics", "--doc", doc])
    );
    assert!(!view["outline"]["sections"].as_array().unwrap().is_empty());

    let passage = server()
        .get(&format!("/api/passages/{}?context=1", enc(locator)))
        .json();
    assert_eq!(
        passage["paragraphs"].as_array().unwrap(),
        &cli(&["show", locator, "--context", "1"])
    );
    assert_eq!(passage["id"], hit["id"]);
    assert!(passage["next"].is_string() && passage["previous"].is_string());
    // A bare id reads the document from its start.
    let start = server().get(&format!("/api/passages/{doc}")).json();
    assert_eq!(start["paragraphs"][0]["target"], true);
    assert!(start["previous"].is_null());
    assert!(start["paragraphs"].as_array().unwrap().len() > 10);

    let cited = server().get(&format!("/api/cite/{}", enc(locator))).json();
    assert_eq!(cited["citation"], cli(&["cite", locator])[0]);
    let plain = bin()
        .args(["--index"])
        .arg(index())
        .args(["cite", locator])
        .output()
        .unwrap();
    assert_eq!(cited["plain"].as_str().unwrap(), stdout(&plain).trim_end());
    assert_eq!(cited["formatted"], cited["plain"]);
    let gbt = server()
        .get(&format!("/api/cite/{}?format=gbt7714", enc(locator)))
        .json();
    let expected = bin()
        .args(["--index"])
        .arg(index())
        .args(["cite", locator, "--format", "gbt7714"])
        .output()
        .unwrap();
    assert_eq!(
        gbt["formatted"].as_str().unwrap(),
        stdout(&expected).trim_end()
    );
    assert_eq!(gbt["gbt7714"], gbt["formatted"]);
}

#[test]
fn compare_equals_the_cli() {
    let report = hit_in("交叉任职", "调研报告")["doc_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = hit_in("交叉任职", "second.txt")["doc_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = server().get(&format!("/api/compare?docs={report},{second}"));
    assert_eq!(response.status, 200, "{}", response.text());
    let view = response.json();
    assert_eq!(
        view["rows"].as_array().unwrap(),
        &cli(&["compare", &report, &second])
    );
    assert_eq!(view["documents"].as_array().unwrap().len(), 2);
    let named = server()
        .get(&format!(
            "/api/compare?docs={report},{second}&topic=staffing"
        ))
        .json();
    assert_eq!(
        named["rows"].as_array().unwrap(),
        &cli(&["compare", &report, &second, "--topic", "staffing"])
    );
}

#[test]
fn errors_are_json_with_a_fitting_status() {
    let hit = first_hit("交叉任职");
    let doc = hit["doc_id"].as_str().unwrap();
    for (path, status) in [
        ("/api/documents/0123456789ab", 404),
        ("/api/passages/0123456789ab:3", 404),
        ("/api/cite/0123456789ab:3", 404),
        ("/api/similar/0123456789ab", 404),
        ("/api/nothing", 404),
        ("/nothing", 404),
        (&format!("/api/cite/{doc}") as &str, 400),
        (&format!("/api/cite/{doc}:999999"), 400),
        (&format!("/api/cite/{doc}:3?format=html"), 400),
        ("/api/search?q=a&limit=0", 400),
        ("/api/search?q=a&limit=100000", 400),
        ("/api/search?q=a&sort=size", 400),
        ("/api/search?q=a&since=2024-02-30", 400),
        ("/api/search?q=a&topic=no-such-topic", 400),
        ("/api/search?q=a&docs=maybe", 400),
        ("/api/search?q=a&year=abc", 400),
        ("/api/ask", 400),
        (&format!("/api/compare?docs={doc}"), 400),
        (&format!("/api/compare?docs={doc},0123456789ab"), 404),
        (&format!("/api/search?q={}", "a".repeat(600)), 400),
    ] {
        let response = server().get(path);
        assert_eq!(response.status, status, "{path}: {}", response.text());
        let body = response.json();
        assert!(body["error"].is_string(), "{path}: {body}");
        assert_eq!(body["status"], status);
    }
    let long = server().get(&format!("/api/search?q={}", "a".repeat(5000)));
    assert_eq!(long.status, 414);
}

#[test]
fn ids_cannot_reach_files_outside_the_index() {
    for path in [
        "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/passages/%2Fetc%2Fpasswd:1",
        "/api/passages/..%2FCargo.toml:1",
        "/api/cite/%2Fetc%2Fpasswd:1",
        "/api/similar/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%E7%BB%8F%E5%BC%80%E5%8C%BA",
        "/api/passages/corpus%2F%E7%BB%8F%E5%BC%80%E5%8C%BA%E7%AE%A1%E7%90%86%E4%BD%93%E5%88%B6%E6%9C%BA%E5%88%B6%E8%B0%83%E7%A0%94%E6%8A%A5%E5%91%8A.txt:1",
    ] {
        let response = server().get(path);
        assert_eq!(response.status, 400, "{path}: {}", response.text());
        assert!(!response.text().contains("root:"), "{path}");
    }
    // The router itself never resolves `..` into a file either.
    let response = server().get("/../../../../etc/passwd");
    assert_eq!(response.status, 404);
    assert!(!response.text().contains("root:"));
}

#[test]
fn every_response_carries_the_security_headers_and_no_cors() {
    for path in [
        "/",
        "/app.js",
        "/app.css",
        "/api/status",
        "/api/documents/0123456789ab",
    ] {
        let response = server().get_with(
            path,
            &server().addr.to_string(),
            &[("Origin", "http://evil.example")],
        );
        let csp = response.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert!(
            response.header("access-control-allow-origin").is_none(),
            "{path}"
        );
    }
    let page = server().get("/");
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = page.text();
    // No inline script: the page's one script is its own file.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script src=\"/app.js\" defer></script>"));
    // The page loads nothing from elsewhere.
    for asset in [
        html,
        server().get("/app.js").text(),
        server().get("/app.css").text(),
    ] {
        assert!(!asset.contains("http://") || asset.contains("http://www.w3.org/2000/svg"));
        assert!(!asset.contains("https://"));
    }
    // The script never hands text to the HTML parser.
    let script = server().get("/app.js").text();
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!script.contains(sink), "app.js uses {sink}");
    }
}

#[test]
fn requests_for_another_host_are_refused() {
    let port = server().addr.port();
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        String::new(),
    ] {
        let response = server().get_with("/api/status", &host, &[]);
        assert_eq!(response.status, 421, "Host {host}");
        assert!(response.json()["error"].is_string());
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(server().get_with("/api/status", &host, &[]).status, 200);
    }
}

#[test]
fn a_hostile_document_comes_back_as_data() {
    let page = server()
        .get(&format!("/api/search?q={}", enc("恶意测试")))
        .json();
    let hit = &page["hits"][0];
    assert!(hit["title"].as_str().unwrap().contains("<script>"), "{hit}");
    assert!(hit["text"].as_str().unwrap().contains("onerror"));
    // JSON, never HTML: the browser does not sniff it into a page.
    let response = server().get(&format!(
        "/api/documents/{}",
        hit["doc_id"].as_str().unwrap()
    ));
    assert!(response
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert!(response.json()["outline"]["title"]
        .as_str()
        .unwrap()
        .contains("<img src=x onerror=alert(1)>"));
}

#[test]
fn a_missing_index_is_503_until_one_is_built() {
    let dir = leaked_tempdir().join("later");
    let (server, _) = Server::start(&dir, "127.0.0.1:0");
    let response = server.get("/api/status");
    assert_eq!(response.status, 503, "{}", response.text());
    assert!(response.json()["error"].as_str().unwrap().contains("index"));
    assert_eq!(server.get("/").status, 200);
    let out = bin()
        .args(["index", "--quiet", "--index"])
        .arg(&dir)
        .arg(bundled_corpus())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.get("/api/status").status, 200);
}

#[test]
fn a_commit_made_while_serving_is_picked_up() {
    let corpus = leaked_tempdir().join("live");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), SECOND).unwrap();
    let index = build_index(std::slice::from_ref(&corpus));
    let (server, _) = Server::start(&index, "127.0.0.1:0");
    let query = format!("/api/search?q={}", enc("独有词汇甲乙丙"));
    assert_eq!(server.get(&query).json()["total"], 0);
    let before = server.get("/api/status").json();
    std::fs::write(
        corpus.join("b.txt"),
        "新增文件\n\n这一段包含独有词汇甲乙丙，用于检验。\n",
    )
    .unwrap();
    let out = bin()
        .args(["index", "--quiet", "--index"])
        .arg(&index)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let after = server.get("/api/status").json();
    assert_eq!(
        after["documents"],
        before["documents"].as_u64().unwrap() + 1
    );
    let page = server.get(&query).json();
    assert_eq!(page["total"], 1, "{page}");
    // The hit and its document are read from the same commit.
    let doc = page["hits"][0]["doc_id"].as_str().unwrap();
    assert_eq!(server.get(&format!("/api/documents/{doc}")).status, 200);
}

#[test]
fn binding_beyond_loopback_warns() {
    let (server, warning) = Server::start(index(), "0.0.0.0:0");
    assert!(
        warning.contains("other machines can reach"),
        "warning: {warning}"
    );
    assert_ne!(server.addr.port(), 0);
    let (_, quiet) = Server::start(index(), "127.0.0.1:0");
    assert!(quiet.is_empty(), "{quiet}");
}
