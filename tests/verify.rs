//! `zhengce verify`: a made-up draft with a quotation of every kind, checked against the bundled
//! report and the `../shared/corpus-small/` laws through the real binary; the verdicts, the
//! places they name and the exit code.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

/// A draft written for this test: its wording is made up; the quotations are true, altered or
/// invented on purpose, one kind of mistake each.
const DRAFT: &str = "\
# 关于园区审批改革的说明（测试用草稿，内容系虚构）

《行政许可法》第五条第一款规定：“设定和实施行政许可，应当遵循公开、公平、公正、非歧视的原则。”
《中华人民共和国行政许可法》第六条规定：“设定和实施行政许可，应当遵循公开、公平、公正、非歧视的原则”。
《行政许可法》第五条规定：「有关行政许可的规定应当公布；未经公布的，不可作为实施行政许可的依据。」
根据《优化营商环境条例》的要求，政府应当『推进同一事项实行无差别受理、同标准办理』。
政务服务应当\"按照减环节、减材料、减时限的要求……编制并向社会公开政务服务事项\"（《優化營商環境條例》第三十五條）。
调研发现，园区凡属市本级事权的事项“做到了依法依规能放皆放”[^1]。
据《经开区管理体制机制调研报告》，经开区机关核定专项编制45人。
《公务员法》第一条规定：“为了规范行政许可的设定和实施”。
《某某市开发区管理条例》第三条规定：“开发区管委会是市人民政府的派出机构”。
《行政许可法》第五条规定：“行政机关应当在三日内作出书面答复并说明全部理由”。
园区要解决“两张皮”问题，并落实人社部发[2023]6号和国发〔2019〕99号的要求。

[^1]: 《经开区管理体制机制调研报告》
";

/// Runs `verify --json` on a draft file against an index: the exit code and one object per
/// quotation.
fn verify_json(index: &Path, draft: &str) -> (i32, Vec<Value>) {
    let file = leaked_tempdir().join("draft.md");
    fs::write(&file, draft).unwrap();
    let out = run(&[
        "verify",
        "--index",
        &index.display().to_string(),
        "--json",
        &file.display().to_string(),
    ]);
    assert!(
        out.stderr.is_empty() || out.status.code() != Some(2),
        "{}",
        stderr(&out)
    );
    (out.status.code().unwrap_or(-1), json_lines(&out))
}

fn field<'a>(check: &'a Value, name: &str) -> &'a str {
    check[name].as_str().unwrap_or("")
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn every_kind_of_quotation_gets_its_verdict() {
    let (code, checks) = verify_json(shared_index(), DRAFT);
    assert_eq!(code, 1, "some quotations are not exact");
    let summary: Vec<(String, String, u64)> = checks
        .iter()
        .map(|c| {
            (
                field(c, "kind").to_owned(),
                field(c, "verdict").to_owned(),
                c["draft_line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("states", "exact", 3),
        ("states", "elsewhere", 4),
        ("states", "near", 5),
        ("according_to", "exact", 6),
        ("source_after", "exact", 7),
        ("footnote", "exact", 8),
        ("paraphrase", "exact", 9),
        ("states", "elsewhere", 10),
        ("states", "unknown_source", 11),
        ("states", "not_found", 12),
        ("document_number", "exact", 13),
        ("document_number", "unknown_source", 13),
    ];
    let expected: Vec<(String, String, u64)> = expected
        .iter()
        .map(|(k, v, l)| (k.to_string(), v.to_string(), *l))
        .collect();
    assert_eq!(summary, expected, "{checks:#?}");

    // Exact, with the short title resolved and the true citation at the claimed article.
    let exact = &checks[0];
    assert_eq!(field(exact, "title"), "中华人民共和国行政许可法");
    assert_eq!(
        exact["section"].as_array().unwrap().last().unwrap(),
        "第五条"
    );
    let id = field(exact, "id");
    assert_eq!(id, format!("{}:{}", field(exact, "doc_id"), exact["line"]));
    assert!(field(exact, "text").contains("非歧视的原则"));

    // The article off by one: the text is at 第五条, said so.
    let moved = &checks[1];
    assert_eq!(moved["claimed"]["article"], 6);
    assert_eq!(
        moved["section"].as_array().unwrap().last().unwrap(),
        "第五条"
    );
    assert!(field(moved, "note").contains("第5条"), "{moved}");

    // A changed word: the difference, the similarity and the threshold.
    let near = &checks[2];
    assert_eq!(field(near, "diff").matches('[').count(), 1, "{near}");
    assert!(field(near, "diff").contains("不[得→可]"), "{near}");
    let similarity = near["similarity"].as_f64().unwrap();
    assert!(similarity >= near["threshold"].as_f64().unwrap() && similarity < 1.0);

    // Traditional characters, full-width and an elision still count as exact.
    assert_eq!(checks[4]["claimed"]["article"], 35);
    assert_eq!(field(&checks[4], "title"), "优化营商环境条例");

    // A quotation from another law: where it truly is.
    let other = &checks[7];
    assert_eq!(field(other, "title"), "中华人民共和国行政许可法");
    assert_eq!(
        other["section"].as_array().unwrap().last().unwrap(),
        "第一条"
    );

    // An unindexed title is not "not found", and the closest passage is shown for not found.
    assert!(field(&checks[8], "note").contains("no indexed document"));
    let missing = &checks[9];
    assert!(missing["similarity"].as_f64().unwrap() < missing["threshold"].as_f64().unwrap());
    assert!(
        !field(missing, "id").is_empty(),
        "the closest passage: {missing}"
    );

    // The number that exists names its document; the invented one does not.
    assert_eq!(
        field(&checks[10], "title"),
        "事业单位工作人员考核规定（2023年）"
    );
    assert!(checks[11].get("id").is_none());
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn plain_output_lists_the_quotations_in_order_with_verdicts_and_citations() {
    let file = leaked_tempdir().join("draft.md");
    fs::write(&file, DRAFT).unwrap();
    let index = shared_index().display().to_string();
    let out = run(&["verify", "--index", &index, &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let verdicts: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("   ") && l.contains(':'))
        .filter_map(|l| l.trim().split(':').next())
        .filter(|v| ["exact", "near", "elsewhere", "not found", "unknown source"].contains(v))
        .collect();
    assert_eq!(verdicts.len(), 12, "{text}");
    assert!(text.contains("1. draft line 3 (states)"), "{text}");
    assert!(text.contains("difference [原文→引文]:"), "{text}");
    assert!(text.contains("id "), "{text}");
}

#[test]
fn a_draft_of_exact_quotations_exits_0_and_one_without_any_exits_0_with_a_note() {
    let draft = "据《经开区管理体制机制调研报告》，经开区机关核定专项编制45人。\n";
    let (code, checks) = verify_json(report_index(), draft);
    assert_eq!(code, 0, "{checks:?}");
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0]["verdict"], "exact");

    let file = leaked_tempdir().join("plain.txt");
    fs::write(&file, "园区要解决“两张皮”问题。\n").unwrap();
    let index = report_index().display().to_string();
    let out = run(&["verify", "--index", &index, &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("no quotation"), "{}", stderr(&out));
}

#[test]
fn standard_input_is_read_and_a_missing_file_is_an_error() {
    let index = report_index().display().to_string();
    let mut child = bin()
        .args(["verify", "--index", &index, "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "《经开区管理体制机制调研报告》指出：“随着园区发展速度不断加快，格局不断改变”。"
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a changed quotation");
    let checks = json_lines(&out);
    assert_eq!(checks[0]["verdict"], "near", "{checks:?}");

    let out = run(&["verify", "--index", &index, "/nonexistent/draft.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/draft.md"),
        "{}",
        stderr(&out)
    );
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn several_versions_of_a_law_say_which_matched_and_whether_the_others_differ() {
    let dir = leaked_tempdir();
    let laws = dir.join("laws");
    fs::create_dir_all(&laws).unwrap();
    let current = corpus_small().join("laws/national/行政法/行政许可法(2019-04-23).md");
    let text = fs::read_to_string(&current).unwrap();
    fs::write(laws.join("行政许可法(2019-04-23).md"), &text).unwrap();
    // A made-up older text: one word of 第五条 differs.
    let older = text.replacen("非歧视的原则", "无歧视的原则", 1);
    assert_ne!(older, text);
    fs::write(laws.join("行政许可法(2003-08-27).md"), older).unwrap();
    let index = dir.join("index");
    let out = bin()
        .args(["index", "--quiet", "--index"])
        .arg(&index)
        .arg(&laws)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let draft = "《行政许可法》第五条规定：“设定和实施行政许可，应当遵循公开、公平、公正、非歧视的原则”。\n\
                 《行政许可法》第五条规定：“设定和实施行政许可，应当遵循公开、公平、公正、无歧视的原则”。\n";
    let (code, checks) = verify_json(&index, draft);
    assert_eq!(
        code, 0,
        "each quotation is exact in one version: {checks:#?}"
    );
    for (check, date) in checks.iter().zip(["2019-04-23", "2003-08-27"]) {
        assert_eq!(check["date"], date, "{check}");
        let versions = check["versions"].as_array().unwrap();
        assert_eq!(versions.len(), 2);
        let verdicts: Vec<&str> = versions
            .iter()
            .map(|v| v["verdict"].as_str().unwrap())
            .collect();
        assert!(
            verdicts.contains(&"exact") && verdicts.contains(&"near"),
            "{verdicts:?}"
        );
        assert!(field(check, "note").contains("differs"), "{check}");
    }
}
