//! Answers a researcher can trust (issue 14), through the binary: the figure bound to the asked
//! qualifier, the party of a relation the question asks for, no answer when the year, meeting or
//! measure asked is not the one the passage states, rank and document-number spans, evidence that
//! carries its qualifiers, articles that do not exist, other passages listed once in order,
//! headings that are no evidence, and documents named only outright. Each case runs over the
//! bundled report alone and, ignored unless asked for, with `../shared/corpus-small` beside it.

mod common;

use std::path::Path;

use common::{ask_json, report_index, run, shared_index, stdout};
use serde_json::Value;

/// The index of the report with `../shared/corpus-small` (see `common::shared_index`).
fn small_index() -> &'static Path {
    shared_index()
}

/// Runs `ask` and returns the exit code and what it printed.
fn ask_text(index: &Path, question: &str) -> (i32, String) {
    let out = run(&["ask", "--index", &index.display().to_string(), question]);
    (out.status.code().unwrap_or(-1), stdout(&out))
}

/// Asserts the question is answered with `expected`, exit 0, at a confidence under 1.
fn answers(index: &Path, question: &str, expected: &str) -> Value {
    let (code, answer) = ask_json(index, question);
    assert_eq!(answer["answer"], expected, "{question}: {answer:#}");
    assert_eq!(code, 0, "{question}");
    let confidence = answer["confidence"].as_f64().unwrap();
    assert!(confidence < 1.0, "{question}: confidence {confidence}");
    answer
}

/// Asserts the question is refused: exit 1, `answer` null.
fn refuses(index: &Path, question: &str) -> Value {
    let (code, answer) = ask_json(index, question);
    assert!(answer["answer"].is_null(), "{question}: {answer:#}");
    assert_eq!(answer["found"], false, "{question}");
    assert_eq!(code, 1, "{question}");
    answer
}

/// One test over the report alone and one, ignored unless asked for, over it with corpus-small.
macro_rules! over_both {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[test]
            fn report_alone() {
                let check: fn(&Path) = $body;
                check(report_index());
            }

            #[test]
            #[ignore = "needs ../shared/corpus-small"]
            fn with_corpus_small() {
                let check: fn(&Path) = $body;
                check(small_index());
            }
        }
    };
}

over_both!(the_figure_bound_to_the_asked_qualifier, |index| {
    answers(index, "经开区核定了多少名副科级领导职数？", "11名");
    answers(index, "经开区内设正科级领导职数有多少名？", "13名");
});

over_both!(the_asked_role_selects_its_holder, |index| {
    answers(
        index,
        "2019年衡阳市委、市政府任命谁兼任园区党工委书记？",
        "市委专职副书记",
    );
    answers(
        index,
        "2019年衡阳市委、市政府任命谁兼任管委会主任？",
        "市委常委",
    );
    answers(
        index,
        "2005年经哪个部门批准开发区升格为正处级单位？",
        "省编办",
    );
});

over_both!(another_year_or_measure_is_no_answer, |index| {
    let answer = refuses(index, "经开区2023年的规模工业总产值是多少？");
    assert_eq!(answer["nearest"]["text"], "70亿元", "{answer:#}");
    assert_eq!(answer["nearest"]["year"], 2019, "{answer:#}");
    let (_, printed) = ask_text(index, "经开区2023年的规模工业总产值是多少？");
    assert!(!printed.contains("答："), "{printed}");
    assert!(printed.contains("70亿元 (2019年)"), "{printed}");
    refuses(index, "经开区的年度财政预算是多少亿元？");
    answers(index, "经开区2019年的规模工业总产值是多少？", "70亿元");
});

over_both!(no_span_of_the_asked_type_is_no_answer, |index| {
    refuses(index, "耒阳经开区管委会主任叫什么名字？");
    answers(
        index,
        "衡阳市委编办批复的文号是什么？",
        "衡编办〔2019〕37号",
    );
    answers(index, "企业发展服务中心属于什么级别的单位？", "正科级");
    // A how question is answered by the passage, plainly labelled.
    let (code, printed) = ask_text(index, "园区和街道的关系该怎样理顺?");
    assert_eq!(code, 0);
    assert!(
        printed.starts_with("答（the passage that answers）"),
        "{printed}"
    );
    let (_, answer) = ask_json(index, "园区和街道的关系该怎样理顺?");
    assert_eq!(answer["passage_answer"], true);
    assert!(!answer["answer"].as_str().unwrap().is_empty());
});

over_both!(the_evidence_carries_the_clause_with_the_year, |index| {
    let answer = answers(index, "经开区2019年的规模工业总产值是多少？", "70亿元");
    let best = &answer["passages"][0];
    let text = best["text"].as_str().unwrap();
    let ranges: Vec<(usize, usize)> = best["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(ranges.len(), 2, "{ranges:?}");
    assert!(text[ranges[0].0..ranges[0].1].starts_with("2019年"));
    assert!(text[ranges[1].0..ranges[1].1].contains("实现规模工业总产值70亿元"));
    let (_, printed) = ask_text(index, "经开区2019年的规模工业总产值是多少？");
    assert!(
        printed.contains("“2019年,…实现规模工业总产值70亿元"),
        "{printed}"
    );
});

over_both!(an_article_that_does_not_exist_is_said_not_to, |index| {
    let answer = refuses(index, "《中华人民共和国行政许可法》第九十条规定了什么？");
    if index != report_index() {
        let reason = answer["refusal"].as_str().unwrap_or_default();
        assert!(reason.contains("共八十三条，没有第九十条"), "{answer:#}");
    }
});

over_both!(other_passages_are_listed_once_in_rank_order, |index| {
    let (_, answer) = ask_json(index, "经开区机关核定了多少编制?");
    let passages = answer["passages"].as_array().unwrap();
    let mut seen = std::collections::HashSet::new();
    let mut last = f64::MAX;
    for p in passages {
        let key = (p["path"].to_string(), p["passage"].to_string());
        assert!(seen.insert(key), "{p:#}");
        let relevance = p["relevance"].as_f64().unwrap();
        assert!(relevance <= last, "out of order: {relevance} after {last}");
        last = relevance;
    }
    let (_, printed) = ask_text(index, "经开区机关核定了多少编制?");
    let scores: Vec<f64> = printed
        .lines()
        .filter_map(|l| l.split("score ").nth(1))
        .filter_map(|s| s.split_whitespace().next()?.parse().ok())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
});

over_both!(a_heading_is_not_evidence, |index| {
    let (_, answer) = ask_json(index, "报告提出了哪些建议？");
    let given = answer["answer"].as_str().unwrap_or_default();
    assert_ne!(given, "三、规范创新经开区体制机制的建议", "{answer:#}");
    assert!(!given.ends_with(['：', ':']), "{given}");
    assert!(answer["confidence"].as_f64().unwrap() < 1.0);
});

over_both!(a_document_is_named_only_outright, |index| {
    let (_, answer) = ask_json(index, "2019年衡阳市委、市政府任命谁兼任园区党工委书记？");
    let named = answer["named_documents"].to_string();
    assert!(!named.contains("基层党的建设"), "{named}");
});
