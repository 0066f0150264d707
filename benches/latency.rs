//! Indexing a fixed sample and query latency, in-process: the bundled report plus
//! `../shared/corpus-small` (when beside the clone) indexed into a temporary folder, then a
//! fixed list of queries (words, phrases, must/must-not, a question, a topic), snippets and
//! highlights included. The whole-corpus figures are `scripts/bench.sh`.
//!
//! Usage: `cargo bench --bench latency`.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zhengce::index::build::{index_paths, IndexOptions};
use zhengce::index::IndexHandle;
use zhengce::search::{search_with, SearchRequest};

const QUERIES: &[&str] = &[
    "人员编制",
    "经开区 编制",
    "\"行政审批制度改革\"",
    "+编制 -公务员",
    "街道办事处如何协调职能部门",
];

fn sample() -> Vec<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![repo.join("corpus")];
    let small = repo.join("../shared/corpus-small");
    if small.is_dir() {
        paths.push(small);
    }
    paths
}

fn build(dir: &Path, paths: &[PathBuf]) -> u64 {
    let options = IndexOptions {
        rebuild: true,
        ..IndexOptions::default()
    };
    index_paths(dir, paths, &options, &mut |_| {})
        .expect("indexing runs")
        .bytes_read
}

fn latency(c: &mut Criterion) {
    let paths = sample();
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("index");
    let bytes = build(&dir, &paths);

    let mut group = c.benchmark_group("indexing");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("sample from scratch", |b| b.iter(|| build(&dir, &paths)));
    group.finish();

    let handle = IndexHandle::open(&dir).expect("index opens");
    let reader = handle.reader().expect("reader");
    let searcher = reader.searcher();
    let mut group = c.benchmark_group("query");
    for query in QUERIES {
        let request = SearchRequest::new(*query, 10);
        group.bench_function(*query, |b| {
            b.iter(|| search_with(&handle, &searcher, &request).expect("query runs"))
        });
    }
    let lexicon = zhengce::topics::Lexicon::bundled();
    let mut request = SearchRequest::new("", 10);
    request.topics = lexicon
        .topics
        .iter()
        .filter(|t| t.id == "staffing")
        .cloned()
        .collect();
    group.bench_function("--topic staffing", |b| {
        b.iter(|| search_with(&handle, &searcher, &request).expect("topic search runs"))
    });
    group.bench_function("open the index", |b| {
        b.iter(|| IndexHandle::open(&dir).expect("index opens"))
    });
    group.finish();
}

criterion_group!(benches, latency);
criterion_main!(benches);
