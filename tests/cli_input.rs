//! Bad input at the command line: clear errors naming the argument, exit 2, no abort, nothing left
//! behind; and paging past the end said as such.

mod common;

use common::*;

fn report_arg() -> String {
    report_index().display().to_string()
}

#[test]
fn a_huge_limit_is_capped_at_what_the_index_holds() {
    let idx = report_arg();
    let out = run(&["search", "--index", &idx, "编制", "--limit", "99999999999"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("passages match; showing 1–"));
    let out = run(&[
        "search",
        "--index",
        &idx,
        "编制",
        "--limit",
        "18446744073709551615",
        "--offset",
        "18446744073709551615",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn a_zero_limit_is_rejected_and_a_page_past_the_end_says_so() {
    let idx = report_arg();
    let out = run(&["search", "--index", &idx, "编制", "--limit", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("'--limit <LIMIT>'") && stderr(&out).contains("at least 1"),
        "{}",
        stderr(&out)
    );
    let out = run(&["search", "--index", &idx, "编制", "--offset", "100000"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("passages match `编制`, none after --offset 100000"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn impossible_dates_are_rejected_naming_the_flag() {
    let idx = report_arg();
    for (flag, date) in [
        ("--since", "2019-13"),
        ("--since", "2019-00"),
        ("--until", "2019-02-30"),
        ("--until", "2019-1-32"),
        ("--since", "20190"),
    ] {
        let out = run(&["search", "--index", &idx, "编制", flag, date]);
        assert_eq!(out.status.code(), Some(2), "{flag} {date}");
        assert!(
            stderr(&out).contains(&format!("{flag} {date}: expected a date that exists")),
            "{}",
            stderr(&out)
        );
    }
    let out = run(&["search", "--index", &idx, "编制", "--since", "2020-02-29"]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_failed_first_build_leaves_nothing_behind() {
    let dir = leaked_tempdir();
    let index = dir.join("new-index");
    let missing = dir.join("no-such-folder");
    let out = bin()
        .args(["index", "--index"])
        .arg(&index)
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-folder"), "{}", stderr(&out));
    assert!(!index.exists(), "the index folder was left behind");
    // Into a folder that exists already: the folder stays, and holds nothing new.
    std::fs::create_dir_all(&index).unwrap();
    let out = bin()
        .args(["index", "--index"])
        .arg(&index)
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let left: Vec<String> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn hidden_commands_are_never_suggested() {
    let out = run(&["serach", "编制"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("'search'"), "{err}");
    assert!(!err.contains("__extract"), "{err}");
    let out = run(&["--help"]);
    assert!(!stdout(&out).contains("__extract"));
}

#[test]
fn completions_and_man_pages_come_from_the_command_line() {
    let out = run(&["generate", "completions", "bash"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let script = stdout(&out);
    assert!(script.contains("search") && script.contains("--since"));
    assert!(!script.contains("__extract"));
    let dir = leaked_tempdir().join("man");
    let out = bin()
        .args(["generate", "man", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.join("zhengce-search.1")).unwrap();
    assert!(page.contains(".TH zhengce-search 1"), "{page}");
    assert!(dir.join("zhengce.1").exists());
    let out = run(&["generate", "completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}
