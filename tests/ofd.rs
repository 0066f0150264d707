//! OFD files (GB/T 33190) through the real binary: the made-up fixtures of
//! `tests/fixtures/formats/` (written by `scripts/make-ofd-fixtures.py` with two writers, easyofd
//! and a writer of our own), cited by page and line, their `DocInfo` metadata; a zip bomb, an
//! encrypted and a scanned OFD reported while the good files beside them are indexed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// A zip package of the given (name, content) members, stored.
fn package(members: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    for (name, content) in members {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

/// A folder with both OFD fixtures, a zip bomb named `.ofd`, an encrypted and a scanned OFD,
/// and a good text file; indexed.
fn indexed() -> (tempfile::TempDir, PathBuf, std::process::Output) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    for name in ["two-pages.ofd", "own-writer.ofd"] {
        fs::copy(fixture(name), docs.join(name)).unwrap();
    }
    fs::write(docs.join("bomb.ofd"), zip_bomb("OFD.xml", 200 << 20)).unwrap();
    let ofd_xml = "<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>";
    let document =
        r#"<Document><Pages><Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></Pages></Document>"#;
    let image_page = r#"<Page><Content><Layer><ImageObject ID="2" ResourceID="3" Boundary="0 0 210 297"/></Layer></Content></Page>"#;
    fs::write(
        docs.join("encrypted.ofd"),
        package(&[("OFD.xml", ofd_xml), ("Encryptions.xml", "<Encryptions/>")]),
    )
    .unwrap();
    fs::write(
        docs.join("scan.ofd"),
        package(&[
            ("OFD.xml", ofd_xml),
            ("Doc_0/Document.xml", document),
            ("Doc_0/Pages/Page_0/Content.xml", image_page),
        ]),
    )
    .unwrap();
    fs::write(docs.join("good.txt"), "甲方核定专项编制十名。\n").unwrap();
    let idx = tmp.path().join("idx");
    let out = index_paths(&idx, &[&docs], &[]);
    (tmp, idx, out)
}

#[test]
fn a_two_page_ofd_is_found_and_cited_by_page_and_line() {
    let (_tmp, idx, out) = indexed();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("bomb.ofd: refused as unsafe: a member declares 200.0 MB"),
        "{err}"
    );
    assert!(
        err.contains("encrypted.ofd: encrypted (password-protected); not read"),
        "{err}"
    );
    assert!(
        err.contains("scan.ofd: scanned OFD (its pages hold no text)"),
        "{err}"
    );
    assert!(
        stdout(&out).starts_with("3 files indexed, 0 unchanged, 0 removed, 3 skipped"),
        "{}\n{err}",
        stdout(&out)
    );
    assert_eq!(hits_in(&idx, "\"专项编制十名\"").len(), 1);
    // `status` counts the documents by the type of file they came from.
    let status = run(&["status", "--index", &idx.display().to_string(), "--json"]);
    let status: serde_json::Value = serde_json::from_str(stdout(&status).trim()).unwrap();
    assert_eq!(
        status["formats"],
        serde_json::json!({"ofd": 2, "txt": 1}),
        "{status}"
    );

    // Page 2, line 2: the line after the heading.
    let hits = hits_in(&idx, "\"数字政务专项资金\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(hit["path"], "two-pages.ofd");
    assert_eq!(hit["title"], "某某市关于推进数字政务建设的通知");
    assert_eq!(hit["number"], "某政发〔2026〕5号");
    assert_eq!(hit["section"][0], "二、保障措施");
    let target = format!("two-pages.ofd:{}", hit["line"]);
    let citation = cite_json(&idx, &target);
    assert_eq!(citation["page"]["page"], 2, "{citation}");
    assert_eq!(citation["page"]["line"], 2, "{citation}");
    assert_eq!(
        citation["text"],
        "各区县设立数字政务专项资金，每年不少于五百万元。"
    );
    let plain = run(&["cite", "--index", &idx.display().to_string(), &target]);
    assert!(stdout(&plain).contains("第2页第2行"), "{}", stdout(&plain));

    // A paragraph the layout broke over two lines of page 1 is one passage.
    let hits = hits_in(&idx, "\"百分之九十八，企业和群众\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let citation = cite_json(&idx, &format!("two-pages.ofd:{}", hits[0]["line"]));
    assert_eq!(citation["page"]["page"], 1, "{citation}");
    assert_eq!(citation["page"]["line"], 4, "{citation}");
    // The page markers are not text.
    assert!(hits_in(&idx, "\"第2页\"").is_empty());
}

#[test]
fn an_ofd_of_another_writer_is_read_in_reading_order_with_its_docinfo() {
    let (_tmp, idx, out) = indexed();
    assert!(out.status.success(), "{}", stderr(&out));
    // Three lines of one text object, the third without its own X, rejoined as one paragraph.
    let hits = hits_in(&idx, "\"重点公开重大行政决策\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(hit["path"], "own-writer.ofd");
    assert_eq!(
        hit["text"],
        "为提升政务公开质量，县政府决定于2026年开展专项行动，重点公开重大行政决策、财政预决算和行政执法信息。"
    );
    assert_eq!(hit["title"], "某某县关于开展政务公开质量提升行动的通知");
    assert_eq!(hit["number"], "某县政办发〔2026〕12号");
    assert!(
        hit["date"]
            .as_str()
            .is_some_and(|d| d.starts_with("2026-04")),
        "{hit}"
    );
    // A line drawn right half first, from two objects, reads left to right.
    let hits = hits_in(&idx, "\"按季度更新\"");
    assert_eq!(hits[0]["text"], "公开目录采用 open data，按季度更新。");
    // The template page's banner is on the page, above the document number.
    let out = run(&[
        "show",
        "--index",
        &idx.display().to_string(),
        "own-writer.ofd:2",
        "-C",
        "1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    let banner = shown.find("某某县人民政府办公室文件");
    let number = shown.find("某县政办发〔2026〕12号");
    assert!(
        banner.is_some() && number.is_some() && banner < number,
        "{shown}"
    );
}

#[test]
fn an_ofd_inside_a_zip_is_read_as_a_member() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut writer = zip::ZipWriter::new(&mut out);
        writer
            .start_file("附件/通知.ofd", zip::write::SimpleFileOptions::default())
            .unwrap();
        writer
            .write_all(&fs::read(fixture("two-pages.ofd")).unwrap())
            .unwrap();
        writer.finish().unwrap();
    }
    fs::write(docs.join("attachments.zip"), out.into_inner()).unwrap();
    let idx = tmp.path().join("idx");
    let out = index_paths(&idx, &[&docs], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let hits = hits_in(&idx, "\"数字政务专项资金\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["path"], "attachments.zip/附件/通知.ofd");
    let citation = cite_json(
        &idx,
        &format!("attachments.zip/附件/通知.ofd:{}", hits[0]["line"]),
    );
    assert_eq!(citation["page"]["page"], 2, "{citation}");
}
