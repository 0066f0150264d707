//! `compare` and `similar` through the real binary, on a temporary index of the seed report plus
//! `../shared/corpus-small/`: topic rows and dominance, alignment with itself and with an
//! unrelated document, numeric facts, the three output formats, `similar` for a passage and a
//! document (never itself nor its exact duplicates), and errors that list the candidates.

mod common;

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

const SEED: &str = "经开区管理体制机制调研报告";
const ZONE_REGULATION: &str = "北京经济技术开发区条例";
const STREET_REGULATION: &str = "北京市街道办事处条例";
const UNRELATED: &str = "reports/statistical-communique/1990.md";

fn index_arg() -> String {
    shared_index().display().to_string()
}

/// Runs `compare --json` on the shared index; the exit code and the rows.
fn compare_json(args: &[&str]) -> (i32, Vec<Value>) {
    let index = index_arg();
    let mut all = vec!["compare", "--index", &index, "--json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(
        out.status.code() != Some(2),
        "compare failed: {}",
        stderr(&out)
    );
    (out.status.code().unwrap_or(-1), json_lines(&out))
}

/// Every passage of a row: (document number, hit), aligned ones and unique ones.
fn row_passages(row: &Value) -> Vec<(usize, &Value)> {
    let mut all = Vec::new();
    for group in row["aligned"].as_array().unwrap() {
        for (d, hit) in group["passages"].as_array().unwrap().iter().enumerate() {
            if !hit.is_null() {
                all.push((d, hit));
            }
        }
    }
    for (d, hits) in row["unique"].as_array().unwrap().iter().enumerate() {
        for hit in hits.as_array().unwrap() {
            all.push((d, hit));
        }
    }
    all
}

/// Whether a topic is among a hit's dominant topics: listed, carried (score ≥ 6), and at least
/// half the best score listed.
fn dominant_in(hit: &Value, topic: &str) -> bool {
    let topics = hit["topics"].as_array().expect("topics listed");
    let best = topics
        .iter()
        .map(|t| t["score"].as_f64().unwrap())
        .fold(0.0, f64::max);
    topics.iter().any(|t| {
        let score = t["score"].as_f64().unwrap();
        t["id"] == topic && score >= 6.0 && score >= 0.5 * best
    })
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn the_staffing_row_holds_the_45_staff_paragraph_and_only_staffing_passages() {
    for other in [ZONE_REGULATION, STREET_REGULATION] {
        let (code, rows) = compare_json(&[SEED, other, "--topic", "staffing"]);
        assert_eq!(code, 0);
        assert_eq!(rows.len(), 1, "one row per topic asked for");
        let row = &rows[0];
        assert_eq!(row["topic"], "staffing");
        let passages = row_passages(row);
        assert!(
            passages
                .iter()
                .any(|(d, h)| *d == 0 && text(h).contains("核定专项编制45人")),
            "{other}: the seed's 45-staff paragraph is in the staffing row"
        );
        // What only one document has is on the topic; an aligned group holds a passage on the
        // topic and its counterparts, which may be about another topic of theirs.
        for hits in row["unique"].as_array().unwrap() {
            for hit in hits.as_array().unwrap() {
                assert!(dominant_in(hit, "staffing"), "{other}: {hit}");
            }
        }
        for group in row["aligned"].as_array().unwrap() {
            let members = group["passages"].as_array().unwrap();
            assert!(
                members
                    .iter()
                    .any(|h| !h.is_null() && dominant_in(h, "staffing")),
                "{other}: {group}"
            );
        }
        assert_eq!(
            row["documents"][0]["passages"].as_u64().unwrap() as usize,
            passages
                .iter()
                .filter(|(d, h)| *d == 0 && dominant_in(h, "staffing"))
                .count()
        );
        let staff = row["facts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["subject"] == "专项编制")
            .expect("专项编制 is a numeric fact of the row");
        assert_eq!(staff["values"][0][0]["amount"], "45人");
        assert_eq!(staff["values"][0][0]["line"], 20);
    }
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn a_document_compared_with_itself_aligns_every_passage_with_itself() {
    let (code, rows) = compare_json(&[SEED, SEED]);
    assert_eq!(code, 0);
    assert!(rows.len() >= 5, "the report discusses many topics");
    for row in &rows {
        for unique in row["unique"].as_array().unwrap() {
            assert!(unique.as_array().unwrap().is_empty(), "{}", row["topic"]);
        }
        let groups = row["aligned"].as_array().unwrap();
        assert_eq!(
            groups.len() as u64,
            row["documents"][0]["passages"].as_u64().unwrap()
        );
        for group in groups {
            let pair = group["passages"].as_array().unwrap();
            assert_eq!(pair[0]["passage"], pair[1]["passage"], "{group}");
            assert!(group["similarity"].as_f64().unwrap() > 0.999);
        }
    }
    // The same facts stand on both sides, lined up by subject.
    let staffing = rows.iter().find(|r| r["topic"] == "staffing").unwrap();
    let staff = staffing["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"] == "专项编制")
        .expect("专项编制 is a fact of the staffing row");
    assert_eq!(staff["values"][0], staff["values"][1]);
    assert_eq!(staff["values"][1][0]["amount"], "45人");
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn an_unrelated_document_overlaps_little() {
    let (code, rows) = compare_json(&[SEED, UNRELATED]);
    assert_eq!(code, 0);
    let (mut aligned, mut passages) = (0, 0);
    for row in &rows {
        for share in row["documents"].as_array().unwrap() {
            aligned += share["aligned"].as_u64().unwrap();
            passages += share["passages"].as_u64().unwrap();
        }
    }
    assert!(passages > 0);
    assert!(
        (aligned as f64) < 0.2 * passages as f64,
        "{aligned} of {passages} passages aligned"
    );
    // The report and the street-office regulation make some of the same points.
    let (_, rows) = compare_json(&[SEED, STREET_REGULATION]);
    let aligned_groups: usize = rows
        .iter()
        .map(|r| r["aligned"].as_array().unwrap().len())
        .sum();
    assert!(
        aligned_groups > 0,
        "the report and the regulation share passages"
    );
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn the_table_fits_100_columns_and_markdown_is_a_report() {
    let index = index_arg();
    let out = run(&["compare", "--index", &index, SEED, ZONE_REGULATION]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains("人员编制 staffing "), "{table}");
    assert!(table.contains("━━ "), "some topic in detail: {table}");
    for line in table.lines() {
        assert!(
            zhengce::output::display_width(line) <= 100,
            "{} columns: {line}",
            zhengce::output::display_width(line)
        );
    }
    let out = run(&[
        "compare",
        "--index",
        &index,
        SEED,
        ZONE_REGULATION,
        "--format",
        "markdown",
        "--topic",
        "staffing",
        "--topic",
        "approval-powers",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let markdown = stdout(&out);
    assert!(markdown.starts_with("# Comparison\n"));
    assert!(markdown.contains("## 人员编制 (staffing)"));
    assert!(markdown.contains("## 审批权限 (approval-powers)"));
    assert!(markdown.contains("| subject | A | B |"));
    // Every table row has as many cells as its header.
    let cells = |line: &str| line.replace("\\|", "").matches('|').count();
    let mut header_cells = None;
    for line in markdown.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            if line.starts_with("| subject")
                || line.starts_with("| A |")
                || line.starts_with("| topic |")
            {
                header_cells = Some(n);
            }
            assert_eq!(Some(n), header_cells, "{line}");
        } else {
            header_cells = None;
        }
    }
}

/// An index of the bundled report, a byte-for-byte copy of it elsewhere, and corpus-small
/// (tests that use it need `../shared`).
fn index_with_a_copy() -> &'static (PathBuf, PathBuf) {
    static INDEX: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = leaked_tempdir();
        let copies = dir.join("copies");
        fs::create_dir_all(&copies).unwrap();
        let seed = bundled_corpus().join(format!("{SEED}.txt"));
        fs::copy(&seed, copies.join("副本.txt")).unwrap();
        let index = dir.join("index");
        let mut args = vec![
            "index".to_owned(),
            "--index".to_owned(),
            index.display().to_string(),
            bundled_corpus().display().to_string(),
            copies.display().to_string(),
        ];
        args.push(corpus_small().display().to_string());
        let out = bin().args(&args).output().expect("zhengce runs");
        assert!(out.status.success(), "indexing failed: {}", stderr(&out));
        (index, copies)
    })
}

fn similar_json(index: &str, target: &str) -> Vec<Value> {
    let out = run(&["similar", "--index", index, target, "--json", "-n", "20"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    json_lines(&out)
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn similar_never_returns_the_cross_appointment_paragraph_itself_or_its_copy() {
    let (index, _) = index_with_a_copy();
    let index = index.display().to_string();
    let seed_text = fs::read_to_string(bundled_corpus().join(format!("{SEED}.txt"))).unwrap();
    let paragraph = seed_text.lines().nth(31).unwrap();
    assert!(paragraph.contains("交叉任职"));
    // By path: the copy has the same title.
    let hits = similar_json(&index, &format!("{SEED}.txt:32"));
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(
            !paragraph.contains(text(hit)),
            "a window of the paragraph itself (or its copy) came back: {hit}"
        );
        let score = hit["score"].as_f64().unwrap();
        assert!(score > 0.0 && score <= 1.0, "{score}");
        for field in [
            "path",
            "root",
            "doc_id",
            "title",
            "section",
            "line",
            "paragraph",
            "text",
        ] {
            assert!(!hit[field].is_null(), "{field} in {hit}");
        }
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // --elsewhere: passages of other documents only.
    let out = run(&[
        "similar",
        "--index",
        &index,
        &format!("{SEED}.txt:32"),
        "--elsewhere",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let elsewhere: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!elsewhere.is_empty());
    for hit in &elsewhere {
        assert!(
            !(hit["path"] == format!("{SEED}.txt")
                && hit["root"] == bundled_corpus().display().to_string().as_str()),
            "{hit}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn similar_documents_leave_out_the_document_and_its_exact_copy() {
    let (index, _) = index_with_a_copy();
    let index = index.display().to_string();
    let hits = similar_json(&index, &format!("{SEED}.txt"));
    assert!(!hits.is_empty());
    for hit in &hits {
        assert_ne!(hit["title"], SEED, "{hit}");
        assert!(!hit["path"].as_str().unwrap().contains("副本"), "{hit}");
    }
    // One development-zone regulation finds the other among its nearest documents.
    let hits = similar_json(&index, "北京经济技术开发区条例");
    let titles: Vec<&str> = hits.iter().map(|h| h["title"].as_str().unwrap()).collect();
    assert!(
        titles
            .iter()
            .take(3)
            .any(|t| t.contains("经济技术开发区条例")),
        "{titles:?}"
    );
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn unknown_documents_and_topics_are_errors_that_list_candidates() {
    let index = index_arg();
    let out = run(&["compare", "--index", &index, "经开区管理调研", SEED]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no document matches `经开区管理调研`") && err.contains(SEED),
        "the closest titles are listed: {err}"
    );
    let out = run(&["compare", "--index", &index, SEED, SEED, "--topic", "火星"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no topic") && err.contains("staffing"),
        "{err}"
    );
    let out = run(&["similar", "--index", &index, "经开区体制调研:3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(SEED), "{}", stderr(&out));
    let out = run(&["similar", "--index", &index, &format!("{SEED}:9999")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("out of range"), "{}", stderr(&out));
    let out = run(&["compare", "--index", &index, "条例", SEED]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("matches") && err.contains("条例"), "{err}");
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn the_report_and_the_street_office_regulation_fit_on_a_screen_and_all_shows_everything() {
    let index = index_arg();
    let out = run(&["compare", "--index", &index, SEED, STREET_REGULATION]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines.len() <= 80, "{} lines:\n{table}", lines.len());
    for line in &lines {
        assert!(zhengce::output::display_width(line) <= 100, "{line}");
    }
    // The summary first: the street-office row, each document's count, share and coverage.
    let street = lines
        .iter()
        .find(|l| l.starts_with("街道办事处协调 street-office"))
        .expect("a summary row for street-office");
    assert_eq!(street.matches("covers").count(), 2, "{street}");
    // The title line is never a content row.
    let (_, rows) = compare_json(&[SEED, STREET_REGULATION]);
    for (_, hit) in rows.iter().flat_map(row_passages) {
        assert_ne!(
            text(hit).trim(),
            STREET_REGULATION,
            "the title line is not content"
        );
    }
    // Every cut says what it left out, and --all shows every passage the JSON lists, whole.
    assert!(table.contains("not shown"), "{table}");
    let all = stdout(&run(&[
        "compare",
        "--index",
        &index,
        "--all",
        SEED,
        STREET_REGULATION,
    ]));
    assert!(!all.contains("not shown"), "--all cuts nothing");
    // Columns interleave two passages line by line; Markdown cells hold each passage whole.
    let markdown = stdout(&run(&[
        "compare",
        "--index",
        &index,
        "--all",
        "--format",
        "markdown",
        SEED,
        STREET_REGULATION,
    ]));
    let squeeze = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '\\')
            .collect::<String>()
    };
    let all_text = squeeze(&markdown);
    for row in &rows {
        for (_, hit) in row_passages(row) {
            assert!(
                all_text.contains(&squeeze(text(hit))),
                "--all shows {}",
                text(hit)
            );
        }
    }
}
