//! `zhengce ask --each` through the binary: one question asked of many documents, one row per
//! report; the table's CSV and xlsx forms read back; exit codes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// A work report whose evidence sentence holds `"` and `,`, in three identical copies (so that
/// its row lists two other places, one per line of its `also_at` cell), indexed in a temporary
/// folder.
fn quoting_index() -> PathBuf {
    let corpus = leaked_tempdir().join("reports");
    std::fs::create_dir_all(&corpus).unwrap();
    let text = "2024年某市政府工作报告\n——2024年1月10日在某市第一届人民代表大会第一次会议上\n\n\
        各位代表：\n\n一、2023年工作回顾\n\n全市地区生产总值增长5.2%，\"稳\"字当头,进中求新。\n\n\
        二、2024年工作安排\n\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，\"稳中求进\",\
        一般公共预算收入增长5%。\n";
    for name in ["a.txt", "b.txt", "c.md"] {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    build_index(&[corpus])
}

const TARGET_QUESTION: &str = "地区生产总值增长的预期目标是多少？";

/// Runs `ask --each` over `index` with extra arguments.
fn each(index: &Path, question: &str, extra: &[&str]) -> std::process::Output {
    let index = index.display().to_string();
    let mut args = vec!["ask", question, "--each", "--index", &index];
    args.extend_from_slice(extra);
    run(&args)
}

/// Parses CSV by the rules of RFC 4180 (quoted fields, doubled quotes, CRLF records).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[test]
fn csv_starts_with_a_byte_order_mark_and_round_trips_commas_quotes_and_line_breaks() {
    let index = quoting_index();
    let out = each(&index, TARGET_QUESTION, &["--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        &out.stdout[..3],
        b"\xEF\xBB\xBF",
        "UTF-8 byte-order mark first"
    );
    let text = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    assert!(text.contains("\r\n"), "records end with CRLF");
    let records = parse_csv(&text);
    assert_eq!(records.len(), 2, "{text}");
    let header = &records[0];
    let row: BTreeMap<&str, &str> = header
        .iter()
        .map(String::as_str)
        .zip(records[1].iter().map(String::as_str))
        .collect();
    assert_eq!(row["answer"], "6%左右");
    assert_eq!(row["qualifier"], "左右");
    assert_eq!(row["year"], "2024");
    assert_eq!(row["kind"], "target");
    let evidence = row["evidence"];
    assert!(
        evidence.contains("\"稳中求进\",一般公共预算收入"),
        "a field with quotes and a comma comes back whole: {evidence}"
    );
    let also_at = row["also_at"];
    assert_eq!(also_at.lines().count(), 2, "one copy per line: {also_at:?}");
    assert!(also_at.contains('\n'));
}

#[test]
fn xlsx_holds_the_same_cells_as_the_csv_with_a_frozen_header() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let index = quoting_index();
    let csv = each(&index, TARGET_QUESTION, &["--format", "csv"]);
    let records = parse_csv(std::str::from_utf8(&csv.stdout[3..]).unwrap());
    let path = leaked_tempdir().join("answers.xlsx");
    let out = each(
        &index,
        TARGET_QUESTION,
        &["--format", "xlsx", "--output", path.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("the workbook opens");
    let sheet = workbook.worksheet_range("answers").expect("the sheet");
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(cells, records, "the workbook's cells are the CSV's");
    assert!(records[0].contains(&"citation".to_owned()));
    // The frozen header row: the sheet's view holds a pane split below row 1.
    let zip = std::fs::File::open(&path).unwrap();
    let mut archive = zip::ZipArchive::new(zip).unwrap();
    let mut sheet_xml = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet_xml,
    )
    .unwrap();
    assert!(
        sheet_xml.contains("ySplit=\"1\"") && sheet_xml.contains("state=\"frozen\""),
        "{sheet_xml}"
    );
}

#[test]
fn xlsx_without_an_output_file_is_an_error() {
    let index = quoting_index();
    let out = each(&index, TARGET_QUESTION, &["--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--output"), "{}", stderr(&out));
}

#[test]
fn filters_that_select_nothing_exit_2_and_say_so() {
    let index = quoting_index();
    let out = each(
        &index,
        TARGET_QUESTION,
        &["--type", "条例", "--year", "1999"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let message = stderr(&out);
    assert!(
        message.contains("--type 条例") && message.contains("--year 1999"),
        "{message}"
    );
}

#[test]
fn no_answer_in_any_document_exits_1() {
    let out = each(report_index(), "火星基地的氧气配额是多少?", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("not stated"), "{}", stdout(&out));
}

#[test]
fn json_lines_hold_one_ask_object_per_document_with_its_fields() {
    let index = quoting_index();
    let out = each(&index, TARGET_QUESTION, &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1, "three copies are one row");
    let row = &rows[0];
    // The fields of `ask --json` …
    for field in [
        "question",
        "answer",
        "answer_type",
        "confidence",
        "found",
        "passages",
    ] {
        assert!(row.get(field).is_some(), "{field} missing: {row:#}");
    }
    // … and the document's and the figure's.
    for field in [
        "path", "title", "level", "date", "year", "measure", "citation", "also_at",
    ] {
        assert!(row.get(field).is_some(), "{field} missing: {row:#}");
    }
    assert_eq!(row["answer"], "6%左右");
    let best = &row["passages"][0];
    let text = best["text"].as_str().unwrap();
    let span = &best["answer_span"];
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[s..e],
        "6%左右",
        "the span slices the answer out of its passage"
    );
}

#[test]
fn an_outcome_question_gives_the_outcome_never_the_target() {
    let index = quoting_index();
    let out = each(&index, "2023年地区生产总值增长了多少？", &["--json"]);
    let rows = json_lines(&out);
    assert_eq!(rows[0]["answer"], "5.2%", "{:#}", rows[0]);
    assert_eq!(rows[0]["year"], 2023);
    let out = each(
        &index,
        "2025年地区生产总值增长的预期目标是多少？",
        &["--json"],
    );
    let rows = json_lines(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rows[0]["answer"], Value::Null, "{:#}", rows[0]);
    assert_eq!(rows[0]["nearest"]["text"], "6%左右");
}

/// The example over the report plus corpus-small: every work report's target, as
/// stated, once per report.
#[test]
#[ignore = "needs ../shared/corpus-small"]
fn each_work_report_gives_its_growth_target_once() {
    let out = each(
        shared_index(),
        TARGET_QUESTION,
        &["--type", "政府工作报告", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json_lines(&out);
    let got: BTreeMap<String, String> = rows
        .iter()
        .map(|r| {
            let place = r["region"].as_str().unwrap_or("national");
            let year = &r["date"].as_str().unwrap()[..4];
            let answer = if r["found"] == true {
                r["answer"].as_str().unwrap().replace('％', "%")
            } else {
                "not stated".to_owned()
            };
            (format!("{place} {year}"), answer)
        })
        .collect();
    let want: BTreeMap<String, String> = [
        ("national 1954", "not stated"),
        ("national 2013", "7.5%左右"),
        ("national 2024", "5%左右"),
        ("北京市 2020", "6%左右"),
        ("深圳市 2023", "6%"),
        ("七台河市 2023", "6%以上"),
        ("乐山市 2023", "6.5%左右"),
        ("广东省 2015", "7.5%左右"),
        ("浙江省 2026", "5%—5.5%"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(got, want);
    assert_eq!(rows.len(), 9, "浙江 2026 once");
    let zhejiang = rows.iter().find(|r| r["region"] == "浙江省").unwrap();
    assert_eq!(
        zhejiang["also_at"].as_array().map(Vec::len),
        Some(1),
        "{zhejiang:#}"
    );
}

/// The hand-checked table of the 70 2024 work reports in `../shared/corpus`: at least 67 rows
/// exact (qualifier included), no wrong figure in any answered row. Builds a full index (about
/// two minutes in a release build, longer in a debug one).
#[test]
#[ignore = "needs ../shared/corpus"]
fn the_2024_targets_of_the_full_corpus_match_the_hand_checked_table() {
    let index = build_index(&[shared("corpus")]);
    let out = each(
        &index,
        TARGET_QUESTION,
        &["--type", "政府工作报告", "--year", "2024", "--json"],
    );
    let rows = json_lines(&out);
    let fold = |s: &str| {
        s.replace('％', "%")
            .replace(".0%", "%")
            .replace(['－', '-'], "—")
    };
    let mut by_path: BTreeMap<String, &Value> = BTreeMap::new();
    for row in &rows {
        by_path.insert(row["path"].as_str().unwrap().to_owned(), row);
        for place in row["also_at"].as_array().into_iter().flatten() {
            let path = place.as_str().unwrap().rsplit_once(':').map_or("", |p| p.0);
            by_path.insert(path.to_owned(), row);
        }
    }
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gdp-targets-2024.tsv"),
    )
    .unwrap();
    let (mut exact, mut wrong, mut total) = (0, Vec::new(), 0);
    for line in fixture.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, answer, year) = (cols[0], cols[3], cols[4]);
        total += 1;
        let Some(row) = by_path.get(path) else {
            continue;
        };
        if row["found"] != true {
            continue;
        }
        let given = row["answer"].as_str().unwrap();
        if fold(given) == fold(answer) && row["year"] == year.parse::<u64>().unwrap() {
            exact += 1;
        } else {
            wrong.push(format!(
                "{path}: {given} for {} (fixture {answer})",
                row["year"]
            ));
        }
    }
    assert_eq!(total, 70);
    assert!(wrong.is_empty(), "wrong figures: {wrong:#?}");
    assert!(exact >= 67, "{exact} of 70 exact");
}

/// `--sort answer` orders by the figure (a range by its lower bound), not-stated rows last;
/// `--level provincial` takes 直辖市 with the provinces; `--max-docs` asks only the first ones.
#[test]
#[ignore = "needs ../shared/corpus-small"]
fn rows_sort_by_answer_and_filter_by_level() {
    let out = each(
        shared_index(),
        TARGET_QUESTION,
        &["--type", "政府工作报告", "--sort", "answer", "--json"],
    );
    let rows = json_lines(&out);
    let values: Vec<Option<f64>> = rows
        .iter()
        .map(|r| (r["found"] == true).then(|| r["value"].as_f64().unwrap()))
        .collect();
    let answered: Vec<f64> = values.iter().map_while(|v| *v).collect();
    assert!(answered.windows(2).all(|w| w[0] <= w[1]), "{values:?}");
    assert!(
        values[answered.len()..].iter().all(Option::is_none),
        "{values:?}"
    );
    let out = each(
        shared_index(),
        TARGET_QUESTION,
        &["--type", "政府工作报告", "--level", "provincial", "--json"],
    );
    let mut regions: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["region"].as_str().unwrap().to_owned())
        .collect();
    regions.sort();
    assert_eq!(regions, ["北京市", "广东省", "浙江省"]);
    let out = each(
        shared_index(),
        TARGET_QUESTION,
        &["--type", "政府工作报告", "--max-docs", "2", "--json"],
    );
    assert_eq!(json_lines(&out).len(), 2);
    assert!(
        stderr(&out).contains("the first 2 of 10"),
        "{}",
        stderr(&out)
    );
}
