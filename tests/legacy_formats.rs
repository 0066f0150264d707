//! The formats Chinese offices publish besides .docx and PDF, through the real binary: Word
//! 97–2003 `.doc` and WPS `.wps` (the made-up fixtures of `tests/fixtures/formats/`, written by
//! `scripts/make-format-fixtures.py`, and the real files in `../shared/formats/`), and hostile
//! variants reported while the good files beside them are indexed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use zhengce::document::Document;
use zhengce::ingest::{self, sandbox::Extractor, FoundFile};

/// A committed fixture.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// Reads one file into its document through the library, in-process.
fn document(path: &Path) -> Document {
    let found = FoundFile {
        abs_path: path.to_path_buf(),
        rel_path: path.file_name().unwrap().to_string_lossy().into_owned(),
        format: ingest::format_of(path).expect("a format zhengce reads"),
    };
    let bytes = fs::read(path).unwrap();
    let mut contents = ingest::read_file(&found, &bytes, &Extractor::InProcess)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(contents.documents.len(), 1);
    contents.documents.pop().unwrap()
}

/// A document's passages as (line, kind, text) and its sections.
fn shape(doc: &Document) -> (Vec<(u32, String, String)>, Vec<zhengce::document::Section>) {
    let passages = doc
        .passages
        .iter()
        .map(|p| {
            (
                p.line,
                format!("{:?}", p.kind),
                doc.text[p.span.start..p.span.end].to_owned(),
            )
        })
        .collect();
    (passages, doc.sections.clone())
}

#[test]
fn a_doc_and_the_same_docx_give_the_same_passages_and_section_tree() {
    let doc = document(&fixture("round-trip.doc"));
    let docx = document(&fixture("round-trip.docx"));
    assert_eq!(doc.format, zhengce::document::Format::Doc);
    assert_eq!(shape(&doc), shape(&docx));
    assert_eq!(doc.metadata.title, docx.metadata.title);
    assert_eq!(doc.metadata.title, "关于推进政务数据共享的实施意见");
    let labels: Vec<&str> = doc.sections.iter().map(|s| s.label.as_str()).collect();
    assert!(labels.contains(&"（一）建设共享平台"), "{labels:?}");
    // The field's result is kept and its code dropped; the footnote follows the body.
    assert!(doc.text.contains("依托一体化平台建设数据目录。"));
    assert!(!doc.text.contains("HYPERLINK"));
    assert!(doc.text.ends_with("[1] 共享率按接入系统数计算。"));
    assert!(doc
        .text
        .contains("指标 | 2026年 | 2027年\n共享率 | 80% | 95%"));
}

#[test]
fn eight_bit_gbk_and_utf16_pieces_and_a_table_are_read() {
    let doc = document(&fixture("gbk-and-utf16.doc"));
    assert_eq!(
        doc.text,
        "某某县机构编制登记表\n填报单位：某某县编办\n单位名称 | 某某县数据资源局\n编制数 | 十二名\n本表所填编制数以批复文件为准。"
    );
    let rtf = document(&fixture("really-rtf.doc"));
    assert_eq!(
        rtf.text,
        "关于报送统计数据的通知\n各单位于每月五日前报送月度数据。\n指标 | 数值"
    );
}

#[test]
fn doc_fixtures_are_indexed_and_bad_ones_reported_beside_them() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    for name in [
        "round-trip.doc",
        "gbk-and-utf16.doc",
        "really-rtf.doc",
        "encrypted.doc",
        "hostile-cyclic-chain.doc",
        "hostile-piece-past-stream.doc",
    ] {
        fs::copy(fixture(name), docs.join(name)).unwrap();
    }
    // A .doc that is really a .docx, and one that is really an HTML page.
    fs::copy(fixture("round-trip.docx"), docs.join("really-docx.doc")).unwrap();
    fs::write(
        docs.join("really-html.doc"),
        "<html><body><p>乙方设立政务服务中心。</p></body></html>",
    )
    .unwrap();
    fs::write(docs.join("not-a-doc.wps"), "这不是一个 WPS 文件").unwrap();
    let idx = tmp.path().join("idx");
    let out = index_paths(&idx, &[&docs], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("encrypted.doc: encrypted (password-protected); not read"),
        "{err}"
    );
    assert!(
        err.contains(
            "hostile-cyclic-chain.doc: damaged or malformed: the WordDocument stream is unreadable"
        ),
        "{err}"
    );
    assert!(
        err.contains("hostile-piece-past-stream.doc: damaged or malformed: the piece table points past the end of the text stream"),
        "{err}"
    );
    assert!(
        err.contains("not-a-doc.wps: damaged or malformed: not a Word document"),
        "{err}"
    );
    // The .doc and the .docx of one document have the same text: one is a copy of the other.
    assert!(
        err.contains("round-trip.doc has the same text as really-docx.doc"),
        "{err}"
    );
    assert!(
        stdout(&out).starts_with("4 files indexed, 0 unchanged, 0 removed, 4 skipped"),
        "{}\n{err}",
        stdout(&out)
    );
    // An 8-bit GBK table row is one passage, found and cited by its line.
    let hits = hits_in(&idx, "\"某某县数据资源局\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["path"], "gbk-and-utf16.doc");
    assert_eq!(hits[0]["text"], "单位名称 | 某某县数据资源局");
    let target = format!("gbk-and-utf16.doc:{}", hits[0]["line"]);
    let cite = run(&["cite", "--index", &idx.display().to_string(), &target]);
    assert!(
        stdout(&cite).contains("单位名称 | 某某县数据资源局"),
        "{}",
        stdout(&cite)
    );
    assert_eq!(hits_in(&idx, "\"政务服务中心\"").len(), 1);
    assert_eq!(hits_in(&idx, "\"月度数据\"").len(), 1);
    assert!(hits_in(&idx, "HYPERLINK").is_empty());
}

#[test]
#[ignore = "needs ../shared/formats"]
fn real_doc_and_wps_files_are_indexed_and_the_rar_still_reported() {
    let (doc, wps, rar) = (
        shared("formats/doc"),
        shared("formats/wps"),
        shared("formats/rar"),
    );
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("idx");
    let out = index_paths(&idx, &[&doc, &wps, &rar], &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("gwydrspb.rar: archive .rar is not read"),
        "{err}"
    );
    assert!(
        stdout(&out).starts_with("3 files indexed, 0 unchanged, 0 removed, 1 skipped"),
        "{}\n{err}",
        stdout(&out)
    );
    // The .doc's form: its table rows are passages of their own.
    let hits = hits_in(&idx, "\"批准文件号\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["text"], "成立时间 | 设立机构的 批准文件号");
    let hits = hits_in(&idx, "\"培训期间违纪情况\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0]["path"].as_str().unwrap().ends_with("考核表.wps"));
    let hits = hits_in(&idx, "\"公务员录用违规违纪行为处理办法\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0]["path"].as_str().unwrap().ends_with("决定书.wps"));
}

#[test]
fn a_gbk_csv_is_read_row_by_row_with_its_header_as_labels() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::copy(fixture("gbk-table.csv"), docs.join("annex.csv")).unwrap();
    let tsv = "地区\t2025年\n某某县\t增长百分之六\n";
    fs::write(docs.join("annex.tsv"), tsv).unwrap();
    let idx = tmp.path().join("idx");
    let out = index_paths(&idx, &[&docs], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("2 files indexed, 0 unchanged, 0 removed, 0 skipped"),
        "{}",
        stdout(&out)
    );
    let hits = hits_in(&idx, "\"一般公共预算收入\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        hits[0]["text"],
        "指标: 一般公共预算收入 | 2025年: 86.7亿元 | 增长: 3.1%"
    );
    // Row 5 of the table is line 5: the empty and numeric rows keep their places.
    assert_eq!(hits[0]["line"], 5);
    let hits = hits_in(&idx, "\"某某市地区生产总值\"");
    assert_eq!(
        hits[0]["text"],
        "指标: 某某市地区生产总值 | 2025年: 1,234.5亿元 | 增长: 5.2%"
    );
    let hits = hits_in(&idx, "\"增长百分之六\"");
    assert_eq!(hits[0]["text"], "地区: 某某县 | 2025年: 增长百分之六");
}

#[test]
fn a_ten_million_row_csv_is_cut_at_the_row_limit_and_the_good_file_beside_it_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let mut big = String::with_capacity(40 << 20);
    big.push_str("k,v\n");
    for _ in 0..10_000_000 {
        big.push_str("a,1\n");
    }
    fs::write(docs.join("big.csv"), big).unwrap();
    fs::write(docs.join("good.txt"), "甲方核定专项编制十名。\n").unwrap();
    let idx = tmp.path().join("idx");
    let out = index_paths(&idx, &[&docs], &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "big.csv/rows past 100000: the table is cut at 100000 rows; the rest is not indexed"
        ),
        "{err}"
    );
    assert!(
        stdout(&out).starts_with("2 files indexed"),
        "{}",
        stdout(&out)
    );
    assert_eq!(hits_in(&idx, "\"专项编制十名\"").len(), 1);
}

#[test]
#[ignore = "needs ../shared/formats"]
fn the_real_data_export_is_the_work_report_it_holds() {
    let csv = shared("formats/csv");
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("idx");
    let out = index_paths(&idx, &[&csv], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("1 files indexed, 0 unchanged, 0 removed, 0 skipped"),
        "{}",
        stdout(&out)
    );
    // A figure finds its passage, not the whole row.
    let hits = hits_in(&idx, "\"人均地区生产总值从2020年的10.5万元\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(hit["path"], "2026_浙江省_政府工作报告.csv");
    assert_eq!(hit["title"], "2026年浙江省政府工作报告");
    assert_eq!(hit["region"], "浙江省");
    assert_eq!(hit["page_date"], "2026-01-22");
    assert!(
        hit["date"].as_str().unwrap().starts_with("2026-01"),
        "{hit}"
    );
    assert!(text(hit).chars().count() < 400, "{hit}");
    assert_eq!(hit["section"][0], "一、2025年主要工作和“十四五”发展成就");
    // The site's furniture at the start of the text is masked.
    for furniture in ["\"打印\"", "\"收藏\"", "\"字号\"", "\"来源：浙江日报\""] {
        assert!(
            hits_in(&idx, furniture).is_empty(),
            "{furniture} was indexed"
        );
    }
}

#[test]
fn a_data_export_of_several_rows_gives_a_document_per_row_cited_and_unchanged_on_rerun() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let body = |n: &str| {
        format!("{n}关于加强政务数据共享的通知\n一、总体要求\n{}\n二、工作措施\n各地要建立{n}共享目录清单。", "推进数据共享，提升服务效能。".repeat(20))
    };
    let csv = format!(
        "标题,发布日期,地区,链接,正文\n杭州市通知,2025-03-01,杭州市,https://example.invalid/a,\"{}\"\n宁波市通知,2025-04-02,宁波市,https://example.invalid/b,\"{}\"\n",
        body("杭州市"),
        body("宁波市")
    );
    fs::write(docs.join("export.csv"), csv).unwrap();
    let idx = tmp.path().join("idx");
    let out = index_paths(&idx, &[&docs], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("2 files indexed") && stdout(&out).contains("2 documents"),
        "{}",
        stdout(&out)
    );
    let hits = hits_in(&idx, "\"宁波市共享目录清单\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["path"], "export.csv/row-3");
    assert_eq!(hits[0]["title"], "宁波市通知");
    assert_eq!(hits[0]["region"], "宁波市");
    assert_eq!(hits[0]["section"][0], "二、工作措施");
    let target = format!("export.csv/row-3:{}", hits[0]["line"]);
    let cite = run(&["cite", "--index", &idx.display().to_string(), &target]);
    assert!(cite.status.success(), "{}", stderr(&cite));
    assert!(
        stdout(&cite).contains("宁波市共享目录清单"),
        "{}",
        stdout(&cite)
    );
    let again = index_paths(&idx, &[&docs], &[]);
    assert!(
        stdout(&again).starts_with("0 files indexed, 2 unchanged"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn workbooks_give_a_section_per_sheet_and_cite_the_sheet_and_row() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    for name in ["two-sheets.xlsx", "two-sheets.xls", "two-sheets.et"] {
        fs::copy(fixture(name), docs.join(name)).unwrap();
    }
    fs::write(
        docs.join("bomb.xlsx"),
        zip_bomb("xl/worksheets/sheet1.xml", 200 << 20),
    )
    .unwrap();
    fs::write(docs.join("good.txt"), "甲方核定专项编制十名。\n").unwrap();
    let idx = tmp.path().join("idx");
    let out = index_paths(&idx, &[&docs], &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    // The .xls and the .et (written by another writer than the .xlsx) give the same text.
    assert!(
        err.contains("two-sheets.xls has the same text as two-sheets.et"),
        "{err}"
    );
    assert!(
        err.contains("two-sheets.xlsx has the same text as two-sheets.et"),
        "{err}"
    );
    assert!(
        err.contains("bomb.xlsx: refused as unsafe: a member declares 200.0 MB"),
        "{err}"
    );
    assert_eq!(hits_in(&idx, "\"专项编制十名\"").len(), 1);
    let hits = hits_in(&idx, "\"规上工业增加值\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        hits[0]["text"],
        "指标: 规上工业增加值 | 2025年: 456.7亿元 | 增长: 6.1%"
    );
    assert_eq!(hits[0]["section"][0], "主要指标");
    let target = format!("two-sheets.et:{}", hits[0]["line"]);
    let out = run(&[
        "cite",
        "--index",
        &idx.display().to_string(),
        "--json",
        &target,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let citation: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(citation["row"]["sheet"], "主要指标");
    assert_eq!(citation["row"]["row"], 4);
    let out = run(&["cite", "--index", &idx.display().to_string(), &target]);
    assert!(stdout(&out).contains("主要指标 第4行"), "{}", stdout(&out));
    let hits = hits_in(&idx, "\"优化营商环境的实施意见\"");
    assert_eq!(hits[0]["section"][0], "文件清单", "{hits:?}");
}
