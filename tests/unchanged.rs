//! The regression guard for speed work: a fixed list of searches over the bundled report plus
//! `../shared/corpus-small`, whose top 10 (path, line, passage, score rounded to 0.01) must equal
//! the fixture `tests/fixtures/unchanged-top10.json`, generated from the code before the speed
//! work began. Anything that makes indexing or searching faster must leave these untouched.
//!
//! To re-generate the fixture after a deliberate ranking change:
//! `ZHENGCE_BLESS=1 cargo test --test unchanged`, and say why in the commit. Passages whose
//! scores are equal to 0.01 are compared as a set (see [`ties_in_order`]).

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

const FIXTURE: &str = "tests/fixtures/unchanged-top10.json";

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

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn fixed_searches_and_citations_give_the_same_output() {
    let now: Vec<Value> = SEARCHES
        .iter()
        .map(|args| top10(args))
        .chain(COMMANDS.iter().map(|args| whole_output(args)))
        .collect();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    if std::env::var_os("ZHENGCE_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&now).expect("JSON");
        std::fs::write(&fixture, text + "\n").expect("fixture written");
        return;
    }
    let expected: Vec<Value> =
        serde_json::from_slice(&std::fs::read(&fixture).expect("fixture exists")).expect("JSON");
    assert_eq!(expected.len(), now.len(), "the list of commands changed");
    let mut nonempty = 0;
    for (want, got) in expected.iter().zip(&now) {
        assert_eq!(
            ties_in_order(want),
            ties_in_order(got),
            "search {}",
            want["args"]
        );
        nonempty += usize::from(got["code"] == 0);
    }
    assert!(
        nonempty * 10 >= now.len() * 9,
        "most commands must find something"
    );
}
