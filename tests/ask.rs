//! `zhengce ask` and `zhengce eval` through the binary, over the bundled report alone and with
//! `../shared/corpus-small` beside it.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn first_passage(answer: &Value) -> &Value {
    &answer["passages"][0]
}

/// Over the report alone, and (ignored unless `../shared` is there) with corpus-small.
fn staffing_question_answers_45_people_from_section_one_over(index: &Path) {
    let (code, answer) = ask_json(index, "经开区机关核定了多少编制?");
    assert_eq!(code, 0, "{answer:#}");
    assert_eq!(answer["answer"], "45人", "{answer:#}");
    assert_eq!(answer["answer_type"], "quantity");
    let best = first_passage(&answer);
    assert_eq!(best["title"], "经开区管理体制机制调研报告");
    let section = best["section"][0].as_str().unwrap_or_default();
    assert!(section.starts_with("一、"), "section {section}");
    // The span's byte range slices the answer out of the passage text.
    let text = best["text"].as_str().unwrap();
    let span = &best["answer_span"];
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "45人");
}

#[test]
fn staffing_question_answers_45_people_from_section_one() {
    staffing_question_answers_45_people_from_section_one_over(report_index());
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn staffing_question_answers_45_people_from_section_one_with_corpus_small() {
    staffing_question_answers_45_people_from_section_one_over(shared_index());
}

/// Over the report alone, and (ignored unless `../shared` is there) with corpus-small.
fn founding_year_is_1992_over(index: &Path) {
    let (code, answer) = ask_json(index, "耒阳经开区是哪一年设立的?");
    assert_eq!(code, 0, "{answer:#}");
    assert_eq!(answer["answer"], "1992年", "{answer:#}");
    assert_eq!(answer["answer_type"], "date");
}

#[test]
fn founding_year_is_1992() {
    founding_year_is_1992_over(report_index());
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn founding_year_is_1992_with_corpus_small() {
    founding_year_is_1992_over(shared_index());
}

/// Over the report alone, and (ignored unless `../shared` is there) with corpus-small.
fn park_and_street_question_cites_the_cross_appointment_paragraph_over(index: &Path) {
    let (code, answer) = ask_json(index, "园区和街道的关系该怎样理顺?");
    assert_eq!(code, 0, "{answer:#}");
    assert_eq!(answer["answer_type"], "method");
    let best = first_passage(&answer);
    let text = best["text"].as_str().unwrap();
    assert!(text.contains("园区与街道领导交叉任职"), "{answer:#}");
    assert!(best["line"].as_u64().unwrap() > 0);
    assert!(!answer["answer"].as_str().unwrap_or_default().is_empty());
}

#[test]
fn park_and_street_question_cites_the_cross_appointment_paragraph() {
    park_and_street_question_cites_the_cross_appointment_paragraph_over(report_index());
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn park_and_street_question_cites_the_cross_appointment_paragraph_with_corpus_small() {
    park_and_street_question_cites_the_cross_appointment_paragraph_over(shared_index());
}

/// Over the report alone, and (ignored unless `../shared` is there) with corpus-small.
fn a_question_nothing_discusses_has_no_answer_and_exits_1_over(index: &Path) {
    let (code, answer) = ask_json(index, "火星基地的氧气配额是多少?");
    assert_eq!(code, 1, "{answer:#}");
    assert!(answer["answer"].is_null());
    assert_eq!(answer["found"], false);
    let out = run(&[
        "ask",
        "--index",
        &report_index().display().to_string(),
        "火星基地的氧气配额是多少?",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("No answer found"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_question_nothing_discusses_has_no_answer_and_exits_1() {
    a_question_nothing_discusses_has_no_answer_and_exits_1_over(report_index());
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn a_question_nothing_discusses_has_no_answer_and_exits_1_with_corpus_small() {
    a_question_nothing_discusses_has_no_answer_and_exits_1_over(shared_index());
}

#[test]
fn a_question_quoting_a_title_the_index_lacks_has_no_answer() {
    let index = report_index();
    let (code, answer) = ask_json(
        index,
        "《开发区编制管理暂行办法》规定经开区机关核定多少编制?",
    );
    assert_eq!(code, 1, "{answer:#}");
    assert!(answer["answer"].is_null());
    assert_eq!(answer["unknown_titles"][0], "开发区编制管理暂行办法");
    let out = run(&[
        "ask",
        "--index",
        &index.display().to_string(),
        "《开发区编制管理暂行办法》规定经开区机关核定多少编制?",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("no indexed document is titled 《开发区编制管理暂行办法》"),
        "{}",
        stdout(&out)
    );
    // The report's own title, in full or cited short, still answers.
    for quoted in ["《经开区管理体制机制调研报告》", "《经开区调研报告》"] {
        let (code, answer) = ask_json(index, &format!("{quoted}说经开区机关核定了多少编制?"));
        assert_eq!(code, 0, "{answer:#}");
        assert_eq!(answer["answer"], "45人");
        assert!(answer.get("unknown_titles").is_none());
    }
}

#[test]
fn people_see_the_answer_the_quote_and_the_citation() {
    let out = run(&[
        "ask",
        "--index",
        &report_index().display().to_string(),
        "--limit",
        "3",
        "经开区机关核定了多少编制?",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("答：45人"), "{text}");
    assert!(lines[1].contains("核定专项编制45人"), "{text}");
    assert!(
        lines[2].contains("《经开区管理体制机制调研报告》一、经开区体制机制现状"),
        "{text}"
    );
    assert!(lines[2].contains(":20）"), "{text}");
}

#[test]
fn chinese_numerals_in_the_question_read_as_digits() {
    let (code, answer) = ask_json(report_index(), "经开区机关核定专项编制四十五人吗?");
    assert_eq!(code, 0, "{answer:#}");
    let text = first_passage(&answer)["text"].as_str().unwrap();
    assert!(text.contains("核定专项编制45人"), "{answer:#}");
}

#[test]
fn an_empty_question_is_an_error() {
    let out = run(&[
        "ask",
        "--index",
        &report_index().display().to_string(),
        "吗？",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing searchable"),
        "{}",
        stderr(&out)
    );
}

/// Writes a question set to a temporary file.
fn question_file(lines: &[&str]) -> PathBuf {
    let path = leaked_tempdir().join("questions.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[test]
fn eval_measures_ranks_and_answers() {
    let file = question_file(&[
        r#"{"id": "a", "kind": "factoid", "question": "经开区机关核定了多少编制?", "doc": "经开区管理体制机制调研报告", "evidence": ["核定专项编制45人"], "answer": "45人"}"#,
        r#"{"id": "b", "kind": "factoid", "question": "耒阳经开区是哪一年设立的?", "doc": "经开区管理体制机制调研报告", "evidence": ["成立于1992年"], "answer": "1992年"}"#,
        r#"{"id": "c", "kind": "passage", "question": "火星基地的氧气配额是多少?", "doc": "火星", "evidence": ["氧气"]}"#,
    ]);
    let out = run(&[
        "eval",
        "--index",
        &report_index().display().to_string(),
        "--json",
        &file.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(report["questions"], 3);
    let hit1 = report["hit_at_1"].as_f64().unwrap();
    assert!((hit1 - 2.0 / 3.0).abs() < 1e-9, "{report:#}");
    assert_eq!(report["with_answer"], 2);
    assert_eq!(report["answers_correct"], 2);
    assert_eq!(report["outcomes"][2]["rank"], Value::Null);

    let plain = run(&[
        "eval",
        "--index",
        &report_index().display().to_string(),
        "--search",
        &file.display().to_string(),
    ]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert!(stdout(&plain).contains("search over 3 questions: Hit@1"));

    let baseline = run(&[
        "eval",
        "--index",
        &report_index().display().to_string(),
        "--baseline",
        "--json",
        &file.display().to_string(),
    ]);
    assert_eq!(baseline.status.code(), Some(0), "{}", stderr(&baseline));
    let report: Value = serde_json::from_str(stdout(&baseline).trim()).unwrap();
    assert_eq!(report["mode"], "baseline", "{report:#}");
    // The staffing question's passage holds its words: plain BM25 finds it in the top 10.
    assert!(
        report["outcomes"][0]["rank"].as_u64().is_some(),
        "{report:#}"
    );
    assert_eq!(report["outcomes"][2]["rank"], Value::Null);
}

#[test]
fn eval_names_the_line_it_cannot_read() {
    let file = question_file(&[
        r#"{"id": "a", "question": "经开区机关核定了多少编制?", "doc": "经开区", "evidence": ["45人"]}"#,
        "not json",
    ]);
    let out = run(&[
        "eval",
        "--index",
        &report_index().display().to_string(),
        &file.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("questions.jsonl:2: not a question line"),
        "{}",
        stderr(&out)
    );
}
