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
    assert_eq!(
        names,
        ["ask", "cite", "compare", "outline", "read", "search", "topics", "verify"]
    );
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
    // The same hits as the command line's --json, with what a tool adds: its citation, and
    // whether its text was cut (not here).
    let (_, cli) = search_report("编制", &["-n", "3"]);
    assert_eq!(hits.len(), cli.len());
    for (mcp, cli) in hits.iter().zip(&cli) {
        let mut mcp = mcp.clone();
        let fields = mcp.as_object_mut().unwrap();
        let citation = fields.remove("citation").unwrap();
        assert!(citation.as_str().unwrap().contains("经开区"), "{citation}");
        assert_eq!(fields.remove("cut"), Some(json!(false)));
        assert_eq!(
            &mcp, cli,
            "search answers in the --json shape, scores to the digit"
        );
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
fn ask_answers_as_the_command_line_does_and_says_when_it_cannot() {
    let (mut client, _) = Client::start(report_index(), VERSIONS[3]);
    let question = "经开区机关核定了多少编制？";
    let answered = client.structured("ask", json!({"question": question}));
    let (code, cli) = ask_json(report_index(), question);
    assert_eq!(code, 0);
    assert_eq!(answered["found"], true, "{answered}");
    assert_eq!(answered["answer"], json!("45人"), "{answered}");
    for field in [
        "answer",
        "answer_type",
        "found",
        "named_documents",
        "refusal",
    ] {
        assert_eq!(answered[field], cli[field], "{field}");
    }
    let first = &answered["passages"][0];
    assert_eq!(first["id"], cli["passages"][0]["id"]);
    let text = first["text"].as_str().unwrap();
    let (from, to) = (
        first["answer_span"][0].as_u64().unwrap() as usize,
        first["answer_span"][1].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[from..to],
        "45人",
        "the answer's span holds in the text returned"
    );
    assert!(answered["passages"].as_array().unwrap().len() <= 3);
    let citation = answered["citation"].as_str().unwrap();
    assert!(
        citation.contains("经开区管理体制机制调研报告"),
        "{citation}"
    );

    // A question the report cannot answer: no answer, said so, never a figure.
    let question = "经开区2023年的规模工业总产值是多少？";
    let refused = client.structured("ask", json!({"question": question}));
    let (code, cli) = ask_json(report_index(), question);
    assert_eq!(code, 1);
    assert_eq!(refused["found"], false, "{refused}");
    assert_eq!(refused["answer"], Value::Null, "{refused}");
    assert_eq!(refused["refusal"], cli["refusal"]);
    assert!(refused.get("citation").is_none(), "{refused}");
}

#[test]
fn topics_and_compare_answer_in_the_command_lines_shapes() {
    let dir = leaked_tempdir();
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    // A made-up regulation on the street office's coordination, with one long paragraph.
    let long: String = (1..=40)
        .map(|k| format!("街道办事处第{k}项统筹协调工作应当按照属地管理原则组织实施。"))
        .collect();
    let more: String = (4..=80)
        .map(|k| {
            format!(
                "第{k}条 街道办事处应当定期向区人民政府报告第{k}类事项的办理情况，并接受监督。\n\n"
            )
        })
        .collect();
    std::fs::write(
        other.join("某市街道办事处条例.txt"),
        format!(
            "某市街道办事处条例\n\n第一条 街道办事处是区人民政府的派出机关，统筹协调辖区内的工作。\n\n\
             第二条 街道办事处实行主任负责制，核定编制30名。\n\n第三条 {long}\n\n{more}"
        ),
    )
    .unwrap();
    let index = build_index(&[bundled_corpus(), other]);
    let (mut client, _) = Client::start(&index, VERSIONS[3]);

    let listed = client.structured("topics", json!({}));
    let cli = json_lines(
        &bin()
            .args(["topics", "--json", "--index"])
            .arg(&index)
            .output()
            .unwrap(),
    );
    assert_eq!(
        listed["topics"].as_array().unwrap(),
        &cli,
        "topics as `topics --json`"
    );

    let profile = client.structured("topics", json!({"doc": "某市街道办事处条例"}));
    assert_eq!(profile["title"], "某市街道办事处条例");
    let topics = profile["profile"].as_array().unwrap();
    assert!(!topics.is_empty(), "{profile}");
    let scores: Vec<f64> = topics
        .iter()
        .map(|t| t["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "strongest first: {scores:?}"
    );
    assert!(scores.iter().all(|&s| s > 0.0));

    let compared = client.structured(
        "compare",
        json!({"documents": ["经开区管理体制机制调研报告", "某市街道办事处条例"]}),
    );
    let cli = json_lines(
        &bin()
            .args(["compare", "--json", "--index"])
            .arg(&index)
            .args(["经开区管理体制机制调研报告", "某市街道办事处条例"])
            .output()
            .unwrap(),
    );
    assert_eq!(compared["documents"].as_array().unwrap().len(), 2);
    let rows = compared["rows"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        cli.len(),
        "one row per topic, as the command line"
    );
    for (row, cli) in rows.iter().zip(&cli) {
        assert_eq!(row["topic"], cli["topic"]);
        assert_eq!(
            row["documents"], cli["documents"],
            "the shares count every passage"
        );
        let detailed = row["detailed"] == true;
        let shown = row["aligned"].as_array().unwrap().len();
        assert!(shown <= if detailed { 3 } else { 0 }, "{row}");
        for passages in row["unique"].as_array().unwrap() {
            assert!(passages.as_array().unwrap().len() <= if detailed { 3 } else { 0 });
        }
    }
    let everything = client.structured(
        "compare",
        json!({"documents": ["经开区管理体制机制调研报告", "某市街道办事处条例"], "all": true}),
    );
    assert_eq!(everything["cut"], false);
    assert_eq!(
        everything["rows"].as_array().unwrap(),
        &cli,
        "with all, as `compare --json`"
    );
    let one = client.call("compare", json!({"documents": ["某市街道办事处条例"]}));
    assert!(
        one["error"].is_object() || one["result"]["isError"] == true,
        "{one}"
    );

    // A long read stops after its budget and says where to read on.
    let found = client.structured("search", json!({"query": "第1项统筹协调"}));
    let id = found["hits"][0]["id"].as_str().unwrap().to_owned();
    let read = client.structured("read", json!({"id": id, "context": 1000}));
    let paragraphs = read["paragraphs"].as_array().unwrap();
    let returned: usize = paragraphs
        .iter()
        .map(|p| p["text"].as_str().unwrap().chars().count())
        .sum();
    assert!(
        paragraphs.len() <= 21 && returned <= 6000 + 400,
        "{returned}: {read}"
    );
    assert!(read["next"].is_string(), "{read}");
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
