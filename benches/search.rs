//! In-process search latency over a built index: a fixed list of 20 queries (words, phrases,
//! must/must-not, longer questions), each run 20 times after one warm-up, snippets and
//! highlights included. Prints p50, p99 and max in milliseconds; then topic searches (each
//! bundled topic, no query, 5 runs) and the time to count the passages carrying every topic;
//! last, what the index costs on disk, field by field (tantivy's space usage: terms, postings,
//! positions, norms and fast columns of each field, and the document store as a whole).
//!
//! Usage: `cargo bench --bench search -- INDEX_DIR` (scripts/bench.sh builds the index from
//! `../shared/corpus` first). Without an index it says so and exits.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use zhengce::index::IndexHandle;
use zhengce::search::{search_with, SearchRequest};

const QUERIES: &[&str] = &[
    "人员编制",
    "经开区 编制",
    "\"行政审批制度改革\"",
    "\"两张皮\"",
    "交叉任职",
    "营商环境",
    "放管服",
    "街道办事处 职责",
    "权力清单 责任清单",
    "招商引资 优惠政策",
    "+编制 -公务员",
    "乡村振兴 产业",
    "行政许可 听证",
    "机构改革 精简",
    "财政 税收 增长",
    "国有企业改革",
    "中国农业发展银行",
    "生态环境 保护 污染防治",
    "干部选拔任用 民主推荐",
    "开发区管理委员会 派出机构",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench-index"));
    let handle = match IndexHandle::open(&dir) {
        Ok(handle) => handle,
        Err(e) => {
            eprintln!("search bench: {e} (run scripts/bench.sh to build it)");
            return;
        }
    };
    let reader = handle.reader().expect("reader");
    let searcher = reader.searcher();
    let mut times = Vec::new();
    for query in QUERIES {
        let request = SearchRequest::new(*query, 10);
        let warm = search_with(&handle, &searcher, &request).expect("query runs");
        let mut mine = Vec::new();
        for _ in 0..20 {
            let start = Instant::now();
            let results = search_with(&handle, &searcher, &request).expect("query runs");
            mine.push(start.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(results.total, warm.total);
        }
        mine.sort_by(f64::total_cmp);
        println!(
            "{:>8.2} ms median  {:>7} matches  {query}",
            percentile(&mine, 0.5),
            warm.total
        );
        times.extend(mine);
    }
    times.sort_by(f64::total_cmp);
    let lexicon = zhengce::topics::Lexicon::bundled();
    let mut topic_times = Vec::new();
    for topic in &lexicon.topics {
        let mut request = SearchRequest::new("", 10);
        request.topics = vec![topic.clone()];
        for _ in 0..5 {
            let start = Instant::now();
            search_with(&handle, &searcher, &request).expect("topic search runs");
            topic_times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    topic_times.sort_by(f64::total_cmp);
    let start = Instant::now();
    zhengce::search::topic::carrying_counts(
        &handle.fields,
        &handle.analyzer,
        &searcher,
        &lexicon.topics,
    )
    .expect("counts");
    println!(
        "topic search (--topic T, no query) over {} runs: p50 {:.2} ms, p99 {:.2} ms; counting the passages of all {} topics: {:.1} ms",
        topic_times.len(),
        percentile(&topic_times, 0.5),
        percentile(&topic_times, 0.99),
        lexicon.topics.len(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    println!(
        "search in-process over {} runs: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
    print_space_usage(&searcher);
}

/// Prints the index's size by field and part, largest first, and the document store.
fn print_space_usage(searcher: &tantivy::Searcher) {
    let usage = searcher.space_usage().expect("space usage");
    let mut by_field: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    let mut store = 0;
    for segment in usage.segments() {
        let parts = [
            segment.termdict(),
            segment.postings(),
            segment.positions(),
            segment.fieldnorms(),
            segment.fast_fields(),
        ];
        for (i, part) in parts.into_iter().enumerate() {
            for field in part.fields() {
                by_field.entry(field.field_name().to_owned()).or_default()[i] +=
                    field.total().get_bytes();
            }
        }
        store += segment.store().total().get_bytes();
    }
    let mb = |b: u64| b as f64 / 1e6;
    println!(
        "index size {:.1} MB: document store {:.1} MB (all stored fields, compressed)",
        mb(usage.total().get_bytes()),
        mb(store)
    );
    let mut rows: Vec<(String, [u64; 5])> = by_field.into_iter().collect();
    rows.sort_by_key(|(_, parts)| std::cmp::Reverse(parts.iter().sum::<u64>()));
    println!("  field            total MB  terms  postings  positions  norms  fast");
    for (name, p) in rows {
        println!(
            "  {name:<16} {:>8.1} {:>6.1} {:>9.1} {:>10.1} {:>6.1} {:>5.1}",
            mb(p.iter().sum()),
            mb(p[0]),
            mb(p[1]),
            mb(p[2]),
            mb(p[3]),
            mb(p[4])
        );
    }
}
