//! Helpers shared by the integration tests: the real binary, temporary folders, fixtures.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The `zhengce` binary under test.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zhengce"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs `zhengce` with arguments in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("zhengce runs")
}

/// Runs `zhengce` with arguments in the repository folder.
pub fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The bundled corpus folder (the research report).
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A folder of `../shared/` beside the repository (`corpus-small`, `formats/docx`, `eval` …).
///
/// Tests that call this are marked `#[ignore = "needs ../shared/…"]`: `cargo test` lists them as
/// ignored, and `cargo test -- --include-ignored` (what CI runs) runs them, failing here, not
/// skipping, when the folder is missing.
pub fn shared(relative: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    assert!(
        path.exists(),
        "this test needs ../shared/{relative} beside the repository (run it where that folder is, \
         or run `cargo test` without --include-ignored)"
    );
    path
}

/// `../shared/corpus-small` beside the repository (see [`shared`]).
pub fn corpus_small() -> PathBuf {
    shared("corpus-small")
}

/// A temporary folder that lives as long as the test process.
pub fn leaked_tempdir() -> PathBuf {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().to_path_buf();
    std::mem::forget(dir);
    path
}

/// Indexes `roots` into a new temporary folder and returns the index's path.
pub fn build_index(roots: &[PathBuf]) -> PathBuf {
    let index = leaked_tempdir().join("index");
    let out = bin()
        .args(["index", "--quiet", "--index"])
        .arg(&index)
        .args(roots)
        .output()
        .expect("zhengce runs");
    assert!(out.status.success(), "indexing failed: {}", stderr(&out));
    index
}

/// An index of the bundled report alone, built once per test binary in a temporary folder.
pub fn report_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| build_index(&[bundled_corpus()]))
}

/// An index of the bundled report plus `../shared/corpus-small`, built once per test binary in
/// a temporary folder; a test that uses it needs `../shared` (see [`shared`]).
pub fn shared_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| build_index(&[bundled_corpus(), corpus_small()]))
}

/// The JSON lines a command printed, one value each.
pub fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Searches an index (`search --index INDEX --json QUERY EXTRA…`, no query when it is empty);
/// the exit code and the JSON hits.
pub fn search_in(index: &Path, query: &str, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let index = index.display().to_string();
    let mut args = vec!["search", "--index", &index, "--json"];
    if !query.is_empty() {
        args.push(query);
    }
    args.extend_from_slice(extra);
    let out = run(&args);
    (out.status.code().unwrap_or(-1), json_lines(&out))
}

/// Searches the shared index (report plus corpus-small) and returns the JSON hits.
pub fn search_json(query: &str, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    search_in(shared_index(), query, extra)
}

/// Searches the index of the bundled report alone and returns the JSON hits.
pub fn search_report(query: &str, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    search_in(report_index(), query, extra)
}

/// The `text` of a JSON hit.
pub fn text(hit: &serde_json::Value) -> &str {
    hit["text"].as_str().expect("hit has text")
}

/// Runs `ask --json` and returns the exit code and the answer object.
pub fn ask_json(index: &Path, question: &str) -> (i32, serde_json::Value) {
    let out = run(&[
        "ask",
        "--index",
        &index.display().to_string(),
        "--json",
        question,
    ]);
    let answer = serde_json::from_str(stdout(&out).trim())
        .unwrap_or_else(|e| panic!("ask --json prints one object ({e}): {}", stdout(&out)));
    (out.status.code().unwrap_or(-1), answer)
}

/// A zip whose one member, `name`, inflates to `bytes` zeros: a zip bomb for the size limits.
pub fn zip_bomb(name: &str, bytes: usize) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    writer.start_file(name, options).unwrap();
    let chunk = vec![b'0'; 1 << 20];
    for _ in 0..bytes / chunk.len() {
        writer.write_all(&chunk).unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

/// Runs `zhengce index --index INDEX PATHS…` with extra environment variables, for the tests
/// that read files of many formats (stderr says what was skipped and why).
pub fn index_paths(index: &Path, paths: &[&Path], env: &[(&str, &str)]) -> Output {
    let mut cmd = bin();
    cmd.arg("index").arg("--index").arg(index).args(paths);
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().expect("zhengce runs")
}

/// The hits of `search QUERY --json` over `index` (the exit code not checked).
pub fn hits_in(index: &Path, query: &str) -> Vec<serde_json::Value> {
    search_in(index, query, &[]).1
}

/// The citation `cite --json TARGET` prints over `index`; fails the test when cite fails.
pub fn cite_json(index: &Path, target: &str) -> serde_json::Value {
    let out = run(&[
        "cite",
        "--index",
        &index.display().to_string(),
        "--json",
        target,
    ]);
    assert!(out.status.success(), "cite {target}: {}", stderr(&out));
    serde_json::from_str(stdout(&out).trim()).expect("one JSON citation")
}
