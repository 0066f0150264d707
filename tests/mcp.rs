//! `zhengce mcp` through the real protocol: the binary started as a child process, spoken to in
//! JSON-RPC over its pipes — the handshake of each protocol version, the tool list and schemas,
//! a call of every tool, errors, a search whose every hit `read` returns, and paginated
//! resources.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

use common::*;
use serde_json::{json, Value};

/// The protocol versions the server speaks (those with the `initialize` handshake).
const VERSIONS: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

/// A client of one `zhengce mcp` process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
}

impl Client {
    /// Starts `zhengce mcp --index INDEX` and completes the handshake at `version`; returns the
    /// client and the `initialize` result.
    fn start(index: &Path, version: &str) -> (Client, Value) {
        let mut child = bin()
            .args(["mcp", "--index"])
            .arg(index)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("zhengce mcp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut client = Client {
            child,
            stdin,
            stdout,
            next_id: 1,
        };
        let init = client.request(
            "initialize",
            json!({
                "protocolVersion": version,
                "capabilities": {},
                "clientInfo": {"name": "zhengce-test", "version": "0"}
            }),
        );
        client.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        (client, init)
    }

    fn send(&mut self, message: &Value) {
        let mut line = serde_json::to_string(message).unwrap();
        line.push('\n');
        self.stdin.write_all(line.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Sends a request and returns its response (every line the server writes must be JSON).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let mut line = String::new();
            let n = self.stdout.read_line(&mut line).unwrap();
            assert!(
                n > 0,
                "the server closed its output before answering {method}"
            );
            let message: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("stdout carries only JSON-RPC ({e}): {line}"));
            assert_eq!(message["jsonrpc"], "2.0", "{message}");
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    /// Calls a tool; the response.
    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        self.request("tools/call", json!({"name": tool, "arguments": arguments}))
    }

    /// Calls a tool that must succeed; its structured result.
    fn structured(&mut self, tool: &str, arguments: Value) -> Value {
        let response = self.call(tool, arguments.clone());
        let result = &response["result"];
        assert!(
            result.is_object() && result["isError"] != json!(true),
            "{tool} {arguments}: {response}"
        );
        result["structuredContent"].clone()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_handshake_of_every_supported_version() {
    for version in VERSIONS {
        let (mut client, init) = Client::start(report_index(), version);
        assert_eq!(init["result"]["protocolVersion"], version, "{init}");
        assert_eq!(init["result"]["serverInfo"]["name"], "zhengce");
        assert!(init["result"]["capabilities"]["tools"].is_object());
        assert!(init["result"]["capabilities"]["resources"].is_object());
        // The session works at that version.
        let tools = client.request("tools/list", json!({}));
        assert!(tools["result"]["tools"]
            .as_array()
            .is_some_and(|t| !t.is_empty()));
    }
}

#[test]
fn every_tool_is_listed_with_an_output_schema_and_answers() {
    let (mut client, _) = Client::start(report_index(), VERSIONS[3]);
    let list = client.request("tools/list", json!({}));
    let tools = list["result"]["tools"].as_array().unwrap();
    let mut names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["cite", "outline", "read", "search", "verify"]);
    for tool in tools {
        assert_eq!(tool["outputSchema"]["type"], "object", "{tool}");
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
        assert!(tool["description"].as_str().unwrap().len() > 80, "{tool}");
    }

    let found = client.structured("search", json!({"query": "编制", "limit": 3}));
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    assert!(found["total"].as_u64().unwrap() >= 3);
    assert_eq!(found["next_offset"], 3);
    let id = hits[0]["id"].as_str().unwrap().to_owned();
    let doc_id = hits[0]["doc_id"].as_str().unwrap().to_owned();
    // The same hits as the command line's --json (the score, an f32, is written with more
    // digits through the protocol's JSON value).
    let (_, cli) = search_report("编制", &["-n", "3"]);
    let without_score = |hit: &Value| {
        let mut hit = hit.clone();
        hit.as_object_mut()
            .unwrap()
            .remove("score")
            .and_then(|s| s.as_f64())
            .map(|s| (hit, s))
            .unwrap()
    };
    assert_eq!(hits.len(), cli.len());
    for (mcp, cli) in hits.iter().zip(&cli) {
        let ((mcp, a), (cli, b)) = (without_score(mcp), without_score(cli));
        assert_eq!(mcp, cli, "search answers in the --json shape");
        assert!((a - b).abs() < 1e-4, "{a} {b}");
    }

    let outline = client.structured("outline", json!({"doc": doc_id}));
    assert_eq!(outline["doc_id"], json!(doc_id));
    assert!(outline["sections"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));

    let cited = client.structured("cite", json!({"id": id, "format": "gbt7714"}));
    assert_eq!(cited["id"], json!(id));
    assert!(
        cited["formatted"].as_str().unwrap().contains("[R]"),
        "{cited}"
    );
    assert!(!cited["text"].as_str().unwrap().is_empty());

    let checked = client.structured(
        "verify",
        json!({"text": "据《经开区管理体制机制调研报告》，经开区机关核定专项编制45人。"}),
    );
    assert_eq!(checked["all_exact"], true, "{checked}");
    assert_eq!(checked["checks"][0]["verdict"], "exact");

    let whole = client.structured("read", json!({"id": doc_id}));
    let paragraphs = whole["paragraphs"].as_array().unwrap();
    assert!(paragraphs.len() > 1);
    let first = format!("{doc_id}:{}", paragraphs[0]["line"]);
    let one = client.structured("read", json!({"id": first, "context": 0}));
    assert_eq!(one["paragraphs"].as_array().unwrap().len(), 1, "{one}");
    assert_eq!(
        one["next"],
        json!(format!("{doc_id}:{}", paragraphs[1]["line"])),
        "{one}"
    );
}

#[test]
fn every_id_search_returns_reads_back_to_its_text() {
    let (mut client, _) = Client::start(report_index(), VERSIONS[2]);
    let found = client.structured("search", json!({"query": "园区", "limit": 20}));
    let hits = found["hits"].as_array().unwrap();
    assert!(hits.len() >= 3, "{found}");
    for hit in hits {
        let id = hit["id"].as_str().unwrap();
        let read = client.structured("read", json!({"id": id, "context": 0}));
        let targets: Vec<&Value> = read["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["target"] == true)
            .collect();
        assert!(!targets.is_empty(), "{id}: {read}");
        assert_eq!(read["id"], json!(id));
        let text = hit["text"].as_str().unwrap();
        assert!(
            targets
                .iter()
                .any(|p| p["text"].as_str().unwrap().contains(text)),
            "{id}: the passage {text:?} is not in what read returns: {read}"
        );
    }
}

#[test]
fn errors_are_protocol_errors_and_the_server_goes_on() {
    let (mut client, _) = Client::start(report_index(), VERSIONS[3]);
    // An unknown id.
    let unknown = client.call("read", json!({"id": "ffffffff:1"}));
    assert!(
        unknown["error"]["message"]
            .as_str()
            .unwrap()
            .contains("ffffffff"),
        "{unknown}"
    );
    // A line out of range.
    let far = client.call("cite", json!({"id": "e3585984:99999"}));
    assert!(far["error"].is_object(), "{far}");
    // Bad arguments: a missing one, a wrong type (the SDK answers these with an error result).
    let refused = |r: &Value| r["error"].is_object() || r["result"]["isError"] == true;
    let missing = client.call("verify", json!({}));
    assert!(refused(&missing), "{missing}");
    let wrong = client.call("search", json!({"query": "编制", "limit": "ten"}));
    assert!(refused(&wrong), "{wrong}");
    let format = client.call("cite", json!({"id": "e3585984:20", "format": "apa"}));
    assert!(format["error"].is_object(), "{format}");
    // An unknown tool.
    let tool = client.call("delete_everything", json!({}));
    assert!(
        tool["error"].is_object() || tool["result"]["isError"] == true,
        "{tool}"
    );
    // Still serving.
    let found = client.structured("search", json!({"query": "编制", "limit": 1}));
    assert_eq!(found["hits"].as_array().unwrap().len(), 1);
}

#[test]
fn resources_are_listed_in_pages_and_read_whole() {
    let dir = leaked_tempdir();
    let corpus = dir.join("many");
    std::fs::create_dir_all(&corpus).unwrap();
    // Made-up one-line notices, more than one page of them.
    for k in 0..130 {
        std::fs::write(
            corpus.join(format!("通知{k:03}.txt")),
            format!("关于第{k}号事项的通知\n\n请各单位于{k}日内报送第{k}号事项材料。\n"),
        )
        .unwrap();
    }
    let index = build_index(&[corpus]);

    let (mut client, _) = Client::start(&index, VERSIONS[3]);
    let first = client.request("resources/list", json!({}));
    let page = first["result"]["resources"].as_array().unwrap();
    assert_eq!(page.len(), 100);
    let cursor = first["result"]["nextCursor"].as_str().unwrap().to_owned();
    let second = client.request("resources/list", json!({"cursor": cursor}));
    let rest = second["result"]["resources"].as_array().unwrap();
    assert_eq!(rest.len(), 30);
    assert!(second["result"].get("nextCursor").is_none(), "{second}");
    let mut uris: Vec<&str> = page
        .iter()
        .chain(rest)
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    uris.sort();
    uris.dedup();
    assert_eq!(uris.len(), 130);
    assert!(uris.iter().all(|u| u.starts_with("zhengce://doc/")));

    let read = client.request("resources/read", json!({"uri": uris[0]}));
    let text = read["result"]["contents"][0]["text"].as_str().unwrap();
    assert!(text.contains("事项的通知"), "{read}");
    let missing = client.request("resources/read", json!({"uri": "zhengce://doc/ffffffff"}));
    assert!(missing["error"].is_object(), "{missing}");
}
