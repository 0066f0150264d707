//! The regression guard for speed and refactoring work: a fixed list of searches over the bundled
//! report plus `../shared/corpus-small`, whose top 10 must equal the fixture
//! `tests/fixtures/unchanged-top10.txt`, and a few other commands whose whole output must. The
//! fixture has one line per hit — `path:line score #hash text…`, the hash over the hit's text,
//! title, section and highlights — so a change shows as a readable diff of the lines it moved.
//! Anything that makes indexing or searching faster, or moves code, must leave it untouched.
//!
//! To re-generate the fixture after a deliberate ranking or output change:
//! `ZHENGCE_BLESS=1 cargo test --test unchanged -- --include-ignored`, and say why in the commit.
//! Passages whose scores are equal to 0.01 are listed in (path, line) order (see
//! [`ties_in_order`]).

mod common;

use std::path::Path;

use common::*;
use serde_json::{json, Value};

/// The searches: words, phrases, must/must-not, question-like queries, synonyms, topics, filters,
/// document ranking and paging. Each is the arguments after `search --json`.
const SEARCHES: &[&[&str]] = &[
    &["人员编制"],
    &["经开区 编制"],
    &["编制"],
    &["\"两张皮\""],
    &["\"行政审批制度改革\""],
    &["交叉任职"],
    &["营商环境"],
    &["放管服"],
    &["街道办事处 职责"],
    &["权力清单 责任清单"],
    &["+编制 -公务员"],
    &["管理委员会"],
    &["开发区管理委员会 派出机构"],
    &["行政许可 听证"],
    &["机构改革 精简"],
    &["国有企业改革"],
    &["干部选拔任用 民主推荐"],
    &["经开区核定了多少专项编制"],
    &["街道办事处如何协调职能部门"],
    &["哪些事项可以设定行政许可"],
    &["ＧＤＰ 增长"],
    &["总 则"],
    &["公务员 考核", "--year", "2018"],
    &["编制", "--type", "条例"],
    &["街道", "--region", "北京"],
    &["审批", "--doc", "行政许可法"],
    &["改革", "--since", "2019", "--until", "2023"],
    &["机构编制", "--docs"],
    &["政府工作报告 就业", "--offset", "5"],
    &["--topic", "staffing"],
    &["--topic", "approval-powers", "审批"],
    &["--topic", "street-office", "--topic", "institutional-setup"],
    &["营商环境", "--sort", "date"],
];

/// Other commands whose whole output must stay the same: citations, topic counts and profiles,
/// a passage shown with context.
const COMMANDS: &[&[&str]] = &[
    &["cite", "经开区管理体制机制调研报告:20", "--json"],
    &["cite", "行政许可法:第12条", "--format", "gbt7714"],
    &["topics", "--json"],
    &["topics", "--doc", "经开区", "--json"],
    &["show", "行政许可法:第十二条", "--context", "1", "--json"],
];

const FIXTURE: &str = "tests/fixtures/unchanged-top10.txt";

/// One search's top 10 as comparable JSON: the query, exit code, total and each hit's place,
/// text and rounded score.
fn top10(args: &[&str]) -> Value {
    let index = shared_index().display().to_string();
    let mut all = vec!["search", "--index", &index, "--json", "-n", "10"];
    all.extend_from_slice(args);
    let out = run(&all);
    let hits: Vec<Value> = stdout(&out)
        .lines()
        .map(|line| {
            let hit: Value = serde_json::from_str(line).expect("each line is JSON");
            let score = hit["score"].as_f64().map(|s| format!("{s:.2}"));
            json!({
                "path": hit["path"],
                "line": hit["line"],
                "passage": hit["passage"],
                "title": hit["title"],
                "section": hit["section"],
                "text": hit["text"],
                "highlights": hit["highlights"],
                "score": score,
            })
        })
        .collect();
    json!({ "args": args, "code": out.status.code(), "hits": hits })
}

/// One command's exit code and whole output.
fn whole_output(args: &[&str]) -> Value {
    let index = shared_index().display().to_string();
    let mut all = args.to_vec();
    all.extend_from_slice(&["--index", &index]);
    let out = run(&all);
    json!({ "args": args, "code": out.status.code(), "stdout": portable(&stdout(&out)) })
}

/// Output with the checkout's own folders written as `<repo>` and `<corpus-small>`, so the
/// fixture holds on any clone (citations name the root a document was indexed from).
fn portable(text: &str) -> String {
    let mut text = text.to_owned();
    let folders = [
        (Some(corpus_small()), "<corpus-small>"),
        (
            Some(Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()),
            "<repo>",
        ),
    ];
    for (folder, name) in folders {
        if let Some(real) = folder.and_then(|f| f.canonicalize().ok()) {
            text = text.replace(&real.display().to_string(), name);
        }
    }
    text
}

/// A search's hits with each run of neighbours of equal rounded score put in (path, line)
/// order. Two passages that score the same to 0.01 can swap places from one index build to the
/// next (the last bits of a score depend on how tantivy's two indexing threads split the
/// documents into segments), so the guard compares their order only down to the rounding.
fn ties_in_order(search: &Value) -> Value {
    let mut search = search.clone();
    if let Some(hits) = search.get_mut("hits").and_then(Value::as_array_mut) {
        let key = |h: &Value| (h["path"].to_string(), h["line"].as_u64());
        let mut start = 0;
        while start < hits.len() {
            let mut end = start + 1;
            while end < hits.len() && hits[end]["score"] == hits[start]["score"] {
                end += 1;
            }
            hits[start..end].sort_by_key(key);
            start = end;
        }
    }
    search
}

/// A 64-bit FNV-1a hash, as 8 hex digits: short, and the same on every platform and release.
fn short_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

/// One command's lines in the fixture: a header with its arguments and exit code, then one
/// line per hit (searches) or per line of output (other commands).
fn render(entry: &Value) -> Vec<String> {
    let args: Vec<&str> = entry["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let mut lines = vec![format!("$ {} → {}", args.join(" "), entry["code"])];
    if let Some(hits) = ties_in_order(entry)["hits"].as_array() {
        for hit in hits {
            let fingerprint = format!(
                "{}\n{}\n{}\n{}",
                hit["text"], hit["title"], hit["section"], hit["highlights"]
            );
            let text = hit["text"].as_str().unwrap_or_default();
            let opening: String = text.chars().take(24).collect();
            lines.push(format!(
                "  {}:{} {} #{} {}",
                hit["path"].as_str().unwrap_or_default(),
                hit["line"],
                hit["score"].as_str().unwrap_or_default(),
                short_hash(&fingerprint),
                opening.replace('\n', " ")
            ));
        }
    } else {
        for line in entry["stdout"].as_str().unwrap_or_default().lines() {
            lines.push(format!("  | {line}"));
        }
    }
    lines
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn fixed_searches_and_citations_give_the_same_output() {
    let now: Vec<Value> = SEARCHES
        .iter()
        .map(|args| top10(args))
        .chain(COMMANDS.iter().map(|args| whole_output(args)))
        .collect();
    let rendered: Vec<Vec<String>> = now.iter().map(render).collect();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    if std::env::var_os("ZHENGCE_BLESS").is_some() {
        let text: String = rendered
            .iter()
            .flatten()
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&fixture, text).expect("fixture written");
        return;
    }
    let expected_text = std::fs::read_to_string(&fixture).expect("fixture exists");
    let mut expected: Vec<Vec<String>> = Vec::new();
    for line in expected_text.lines() {
        if line.starts_with("$ ") {
            expected.push(vec![line.to_owned()]);
        } else {
            expected
                .last_mut()
                .expect("the fixture starts with a command")
                .push(line.to_owned());
        }
    }
    assert_eq!(expected.len(), now.len(), "the list of commands changed");
    for (want, got) in expected.iter().zip(&rendered) {
        assert_eq!(want, got, "{}", want[0]);
    }
    let nonempty = now.iter().filter(|entry| entry["code"] == 0).count();
    assert!(
        nonempty * 10 >= now.len() * 9,
        "most commands must find something"
    );
}
