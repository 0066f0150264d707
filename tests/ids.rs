//! Document ids and passage locators are stable: the same corpus indexed from another folder
//! gives the same ids, two roots holding the same relative path never share one, and every hit
//! carries a locator (`DOC_ID:LINE`) that `cite` and `show` accept.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Indexes `roots` into `index` and returns each document's path and id, sorted by path.
fn ids(index: &Path, roots: &[&Path]) -> Vec<(String, String)> {
    let out = bin()
        .args(["index", "--quiet", "--index"])
        .arg(index)
        .args(roots)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (code, hits) = search_in(index, "", &["--docs", "--topic", "staffing", "-n", "50"]);
    assert_eq!(code, 0);
    let mut ids: Vec<(String, String)> = hits
        .iter()
        .map(|h| {
            (
                format!(
                    "{}|{}",
                    h["root"].as_str().unwrap(),
                    h["path"].as_str().unwrap()
                ),
                h["doc_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    ids.sort();
    ids
}

fn copy_corpus(to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(bundled_corpus()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    fs::write(
        to.join("编制.txt"),
        "关于核定编制的通知\n\n核定行政编制12名，领导职数3名。\n",
    )
    .unwrap();
}

#[test]
fn the_same_corpus_in_another_folder_gets_the_same_ids() {
    let dir = leaked_tempdir();
    let (first, second) = (dir.join("a/corpus"), dir.join("b/elsewhere/corpus"));
    copy_corpus(&first);
    copy_corpus(&second);
    let one = ids(&dir.join("index-a"), &[&first]);
    let two = ids(&dir.join("index-b"), &[&second]);
    assert_eq!(one.len(), 2);
    let just_ids = |v: &[(String, String)]| v.iter().map(|(_, id)| id.clone()).collect::<Vec<_>>();
    assert_eq!(just_ids(&one), just_ids(&two));
}

#[test]
fn two_roots_with_the_same_relative_path_get_different_ids() {
    let dir = leaked_tempdir();
    let (first, second) = (dir.join("a/corpus"), dir.join("b/corpus"));
    copy_corpus(&first);
    copy_corpus(&second);
    fs::write(
        second.join("编制.txt"),
        "另一份通知\n\n核定事业编制20名，领导职数4名。\n",
    )
    .unwrap();
    let index = dir.join("index");
    let both = ids(&index, &[&first, &second]);
    // The report's byte copy in the second root is indexed once (as a copy); the two
    // different `编制.txt` are two documents with two ids.
    assert_eq!(both.len(), 3, "{both:?}");
    let mut distinct: Vec<&String> = both.iter().map(|(_, id)| id).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "{both:?}");
    // Re-indexing keeps every id.
    assert_eq!(ids(&index, &[&first, &second]), both);
}

#[test]
fn every_hit_carries_a_locator_that_cite_and_show_accept() {
    let index = report_index();
    let (code, hits) = search_in(index, "交叉任职", &["-n", "3"]);
    assert_eq!(code, 0);
    for hit in &hits {
        let id = hit["id"].as_str().unwrap();
        assert_eq!(
            id,
            format!("{}:{}", hit["doc_id"].as_str().unwrap(), hit["line"])
        );
        let index = index.display().to_string();
        let out = run(&["cite", "--index", &index, id, "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let citation: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
        assert_eq!(citation["line"], hit["line"]);
        let out = run(&["show", "--index", &index, id]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
}
