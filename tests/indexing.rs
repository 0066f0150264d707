//! Indexing behaviour through the real binary: incremental runs, bad input, killed runs.
//! Every fixture written here is made up for the test.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

fn index(dir: &Path, index: &Path, paths: &[&Path]) -> std::process::Output {
    let index = index.display().to_string();
    let mut args = vec!["index".to_owned(), "--index".to_owned(), index];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    bin()
        .current_dir(dir)
        .args(&args)
        .output()
        .expect("zhengce runs")
}

fn search_count(index: &Path, query: &str) -> (i32, usize) {
    let (code, hits) = search_in(index, query, &[]);
    (code, hits.len())
}

#[test]
fn incremental_reindex_touches_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("a.txt"), "甲方核定专项编制十名。\n").unwrap();
    fs::write(docs.join("b.md"), "# 乙文件\n\n乙方设立政务服务中心。\n").unwrap();
    let idx = tmp.path().join("idx");

    let out = index(tmp.path(), &idx, &[&docs]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("2 files indexed, 0 unchanged"),
        "{}",
        stdout(&out)
    );

    let out = index(tmp.path(), &idx, &[&docs]);
    assert!(
        stdout(&out).starts_with("0 files indexed, 2 unchanged, 0 removed"),
        "{}",
        stdout(&out)
    );

    fs::write(
        docs.join("a.txt"),
        "甲方核定专项编制二十名，另设招商合作局。\n",
    )
    .unwrap();
    let out = index(tmp.path(), &idx, &[&docs]);
    assert!(
        stdout(&out).starts_with("1 files indexed, 1 unchanged"),
        "{}",
        stdout(&out)
    );
    assert_eq!(search_count(&idx, "招商合作局"), (0, 1));
    assert_eq!(search_count(&idx, "\"编制十名\""), (1, 0));

    fs::remove_file(docs.join("b.md")).unwrap();
    let out = index(tmp.path(), &idx, &[&docs]);
    assert!(
        stdout(&out).starts_with("0 files indexed, 1 unchanged, 1 removed"),
        "{}",
        stdout(&out)
    );
    assert_eq!(search_count(&idx, "政务服务中心"), (1, 0));
}

#[test]
fn other_roots_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    fs::create_dir(&one).unwrap();
    fs::create_dir(&two).unwrap();
    fs::write(one.join("a.txt"), "第一份文件讲营商环境。\n").unwrap();
    fs::write(two.join("b.txt"), "第二份文件讲乡村振兴。\n").unwrap();
    let idx = tmp.path().join("idx");
    assert!(index(tmp.path(), &idx, &[&one]).status.success());
    assert!(index(tmp.path(), &idx, &[&two]).status.success());
    assert_eq!(search_count(&idx, "营商环境").0, 0);
    assert_eq!(search_count(&idx, "乡村振兴").0, 0);
    let out = run(&["status", "--index", &idx.display().to_string(), "--json"]);
    let status: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(status["roots"].as_array().unwrap().len(), 2);
    assert_eq!(status["documents"], 2);
}

#[test]
fn bad_input_is_skipped_with_reasons_and_the_run_commits() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("good.txt"), "经开区管委会下设九个机构。\n").unwrap();
    fs::write(docs.join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    fs::write(docs.join("noise.txt"), [0x80u8, 0xFF].repeat(500)).unwrap();
    fs::write(docs.join("empty.txt"), b"").unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode("国库集中支付改革全面推开。\n");
    fs::write(docs.join("gbk.txt"), &gbk).unwrap();
    fs::create_dir(docs.join("loop")).unwrap();
    std::os::unix::fs::symlink(&docs, docs.join("loop/back")).unwrap();
    let locked = docs.join("locked.txt");
    fs::write(&locked, "锁定文件。\n").unwrap();
    let as_root = unsafe_is_root();
    if !as_root {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    }

    let idx = tmp.path().join("idx");
    let out = index(tmp.path(), &idx, &[&docs]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("image.txt: binary file (PNG image)"), "{err}");
    assert!(
        err.contains("noise.txt: not valid UTF-8, UTF-16 or GB18030/GBK text"),
        "{err}"
    );
    assert!(err.contains("symlink loop"), "{err}");
    assert!(err.contains("empty.txt is empty"), "{err}");
    assert!(err.contains("gbk.txt from GB18030/GBK"), "{err}");
    if !as_root {
        assert!(err.contains("locked.txt: permission denied"), "{err}");
    } else {
        eprintln!("running as root: the unreadable-file case does not apply");
    }
    assert_eq!(search_count(&idx, "管委会").0, 0);
    assert_eq!(search_count(&idx, "国库集中支付").0, 0);
}

fn unsafe_is_root() -> bool {
    // The effective user id, read from /proc (no libc dependency for one number).
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

#[test]
fn a_50_mb_single_line_file_is_indexed_in_windows() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let sentence = "园区实行审批权下放，把能下放的行政审批权依法授予园区。";
    let mut line = sentence.repeat(50_000_000 / sentence.len());
    line.push_str("独一无二的结尾句子在这里。");
    fs::write(docs.join("huge.txt"), &line).unwrap();
    drop(line);
    let idx = tmp.path().join("idx");
    let out = index(tmp.path(), &idx, &[&docs]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("1 files indexed"),
        "{}",
        stdout(&out)
    );
    let out = run(&[
        "search",
        "--index",
        &idx.display().to_string(),
        "--json",
        "\"独一无二的结尾\"",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let hit: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(hit["line"], 1);
    assert!(text(&hit).chars().count() <= 300);
}

#[test]
fn markdown_markup_is_not_indexed_and_table_rows_are_passages() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(
        docs.join("law.md"),
        "# 某某开发区条例\n\n<!-- INFO END -->\n\n## 第一章 总 则\n\n**第一条** 为了规范[开发区](http://example.invalid/kfq)管理，制定本条例。\n\n| 机构 | 编制 |\n|---|---|\n| 办公室 | 5 |\n",
    )
    .unwrap();
    let idx = tmp.path().join("idx");
    assert!(index(tmp.path(), &idx, &[&docs]).status.success());
    assert_eq!(
        search_count(&idx, "example").0,
        1,
        "link targets are not indexed"
    );
    assert_eq!(search_count(&idx, "INFO").0, 1, "comments are not indexed");
    let out = run(&[
        "search",
        "--index",
        &idx.display().to_string(),
        "--json",
        "总则",
    ]);
    let hit: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(hit["line"], 5);
    assert_eq!(hit["title"], "某某开发区条例");
    let out = run(&[
        "search",
        "--index",
        &idx.display().to_string(),
        "--json",
        "办公室",
    ]);
    let hit: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(hit["line"], 11);
    assert_eq!(hit["text"], "办公室 | 5", "the row without its outer pipes");
}

/// Starts an indexing run that pauses after its first file (the test hook), and waits for it.
fn start_paused_run(dir: &Path, idx: &Path, docs: &Path) -> std::process::Child {
    use std::io::{BufRead, BufReader};
    let mut child = bin()
        .current_dir(dir)
        .env("ZHENGCE_TEST_PAUSE_AFTER_FILES", "1")
        .args([
            "index",
            "--index",
            &idx.display().to_string(),
            &docs.display().to_string(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut lines = BufReader::new(stderr).lines();
    loop {
        assert!(Instant::now() < deadline, "the run never paused");
        match lines.next() {
            Some(Ok(line)) if line.contains("zhengce-test: paused") => break,
            Some(_) => continue,
            None => panic!("the run ended before pausing"),
        }
    }
    child
}

#[test]
fn a_killed_run_leaves_the_previous_index_searchable() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("a.txt"), "原有文件讲机构编制。\n").unwrap();
    let idx = tmp.path().join("idx");
    assert!(index(tmp.path(), &idx, &[&docs]).status.success());

    fs::write(docs.join("a.txt"), "改写之后讲招商引资。\n").unwrap();
    fs::write(docs.join("b.txt"), "新增文件讲营商环境。\n").unwrap();
    let mut child = start_paused_run(tmp.path(), &idx, &docs);
    // Searching while the run is in progress sees the last commit.
    assert_eq!(search_count(&idx, "机构编制"), (0, 1));
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(search_count(&idx, "机构编制"), (0, 1));
    assert_eq!(search_count(&idx, "招商引资").0, 1);
    let out = index(tmp.path(), &idx, &[&docs]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(search_count(&idx, "招商引资"), (0, 1));
    assert_eq!(search_count(&idx, "机构编制").0, 1);
}

#[test]
fn a_killed_first_build_leaves_no_index() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("a.txt"), "第一份。\n").unwrap();
    fs::write(docs.join("b.txt"), "第二份。\n").unwrap();
    let idx = tmp.path().join("idx");
    let mut child = start_paused_run(tmp.path(), &idx, &docs);
    child.kill().unwrap();
    child.wait().unwrap();
    let out = run(&["search", "--index", &idx.display().to_string(), "第一份"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no index"), "{}", stderr(&out));
    assert!(index(tmp.path(), &idx, &[&docs]).status.success());
    assert_eq!(search_count(&idx, "第一份").0, 0);
}

#[test]
fn default_index_is_built_from_the_bundled_corpus_on_first_search() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("corpus")).unwrap();
    fs::copy(
        bundled_corpus().join("经开区管理体制机制调研报告.txt"),
        tmp.path().join("corpus/经开区管理体制机制调研报告.txt"),
    )
    .unwrap();
    let out = run_in(tmp.path(), &["search", "经开区 编制"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("building it from ./corpus"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("核定专项编制45人"));
    assert!(tmp.path().join("index/meta.json").is_file());
    let again = run_in(tmp.path(), &["search", "经开区 编制"]);
    assert!(!stderr(&again).contains("building"));
}

#[test]
fn a_folder_with_other_files_is_not_taken_for_an_index() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("a.txt"), "内容。\n").unwrap();
    let out = index(tmp.path(), &docs, &[&docs]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not an index"), "{}", stderr(&out));
}

#[test]
fn rebuild_without_paths_rereads_the_recorded_roots() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("a.txt"), "园区设立政务服务中心。\n").unwrap();
    let idx = tmp.path().join("idx");
    assert!(index(tmp.path(), &idx, &[&docs]).status.success());
    let out = bin()
        .current_dir(tmp.path())
        .args(["index", "--rebuild", "--index", &idx.display().to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("1 files indexed"),
        "{}",
        stdout(&out)
    );
    assert_eq!(search_count(&idx, "政务服务中心"), (0, 1));
}

#[test]
fn a_sub_folder_updates_only_itself_and_a_parent_absorbs_its_roots() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir_all(docs.join("sub")).unwrap();
    fs::write(docs.join("a.txt"), "甲文件讲营商环境。\n").unwrap();
    fs::write(docs.join("sub/b.txt"), "乙文件讲乡村振兴。\n").unwrap();
    let idx = tmp.path().join("idx");
    assert!(index(tmp.path(), &idx, &[&docs]).status.success());

    // Indexing a folder inside a root updates that part of it only.
    fs::write(docs.join("sub/b.txt"), "乙文件改讲招商引资。\n").unwrap();
    fs::remove_file(docs.join("a.txt")).unwrap();
    let out = index(tmp.path(), &idx, &[&docs.join("sub")]);
    assert!(
        stdout(&out).starts_with("1 files indexed, 0 unchanged, 0 removed"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        search_count(&idx, "营商环境").0,
        0,
        "a.txt is outside what was re-read"
    );
    assert_eq!(search_count(&idx, "招商引资").0, 0);

    // Indexing a parent folder takes the roots inside it over; what is gone is reported.
    let out = index(tmp.path(), &idx, &[tmp.path()]);
    assert!(stdout(&out).contains("1 removed"), "{}", stdout(&out));
    assert_eq!(search_count(&idx, "营商环境").0, 1);
    let out = run(&["status", "--index", &idx.display().to_string(), "--json"]);
    let status: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(status["roots"].as_array().unwrap().len(), 1);
    assert_eq!(status["documents"], 1);
}
