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

fn index(index: &Path, paths: &[&Path]) -> std::process::Output {
    let mut cmd = bin();
    cmd.arg("index").arg("--index").arg(index).args(paths);
    cmd.output().expect("zhengce runs")
}

fn search(index: &Path, query: &str) -> Vec<serde_json::Value> {
    search_in(index, query, &[]).1
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
    let out = index(&idx, &[&docs]);
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
    let hits = search(&idx, "\"某某县数据资源局\"");
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
    assert_eq!(search(&idx, "\"政务服务中心\"").len(), 1);
    assert_eq!(search(&idx, "\"月度数据\"").len(), 1);
    assert!(search(&idx, "HYPERLINK").is_empty());
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
    let out = index(&idx, &[&doc, &wps, &rar]);
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
    let hits = search(&idx, "\"批准文件号\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["text"], "成立时间 | 设立机构的 批准文件号");
    let hits = search(&idx, "\"培训期间违纪情况\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0]["path"].as_str().unwrap().ends_with("考核表.wps"));
    let hits = search(&idx, "\"公务员录用违规违纪行为处理办法\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0]["path"].as_str().unwrap().ends_with("决定书.wps"));
}
