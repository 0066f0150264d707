//! In-process search and ask latency over a built index.
//!
//! Searches: a fixed list of 50 (words, phrases, must/must-not, filters, question-like queries,
//! topic searches with and without words), each run 20 times after one warm-up, the way the
//! command line answers them: hits with highlights, then a snippet and a plain citation of each
//! shown hit. Prints each search's median and the p50, p99 and max over all runs, in
//! milliseconds. Then each bundled topic alone (5 runs each) and the time to count the passages
//! carrying every topic; then `ask` over 20 questions (10 runs each after a warm-up); last, what
//! the index costs on disk, field by field.
//!
//! Usage: `cargo bench --bench search -- INDEX_DIR [--dump FILE]` (scripts/bench.sh builds the
//! index from `../shared/corpus` first). Without an index it says so and exits. `--dump FILE`
//! writes every search's total and top 10 (place, exact score, highlights) and every answer, so
//! that two builds can be compared for identical results with `diff`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use zhengce::cite::Citation;
use zhengce::index::IndexHandle;
use zhengce::output::{snippet, Style};
use zhengce::qa::{ask, AskRequest};
use zhengce::search::{search_with, SearchRequest, SearchResults};
use zhengce::topics::Lexicon;

/// The searches: the query, and the ids of the topics every hit must carry.
const SEARCHES: &[(&str, &[&str])] = &[
    ("人员编制", &[]),
    ("经开区 编制", &[]),
    ("\"行政审批制度改革\"", &[]),
    ("\"两张皮\"", &[]),
    ("交叉任职", &[]),
    ("营商环境", &[]),
    ("放管服", &[]),
    ("街道办事处 职责", &[]),
    ("权力清单 责任清单", &[]),
    ("招商引资 优惠政策", &[]),
    ("+编制 -公务员", &[]),
    ("乡村振兴 产业", &[]),
    ("行政许可 听证", &[]),
    ("机构改革 精简", &[]),
    ("财政 税收 增长", &[]),
    ("国有企业改革", &[]),
    ("中国农业发展银行", &[]),
    ("生态环境 保护 污染防治", &[]),
    ("干部选拔任用 民主推荐", &[]),
    ("开发区管理委员会 派出机构", &[]),
    ("编制", &[]),
    ("管理委员会", &[]),
    ("公务员 考核 等次", &[]),
    ("\"深化党和国家机构改革\"", &[]),
    ("\"一肩挑\"", &[]),
    ("+审批 -备案", &[]),
    ("数字政府 政务服务 一网通办", &[]),
    ("土地 出让 收入", &[]),
    ("居民消费价格 上涨", &[]),
    ("城镇化率", &[]),
    ("巡视 整改", &[]),
    ("党组织 换届", &[]),
    ("ＧＤＰ 增长", &[]),
    ("总 则", &[]),
    ("经开区核定了多少专项编制", &[]),
    ("街道办事处如何协调职能部门", &[]),
    ("哪些事项可以设定行政许可", &[]),
    ("政府工作报告提出的经济增长目标是多少", &[]),
    ("纪律处分有哪些种类", &[]),
    ("什么情况下可以撤销行政许可", &[]),
    ("", &["staffing"]),
    ("", &["approval-powers"]),
    ("", &["street-office"]),
    ("", &["business-environment"]),
    ("", &["fiscal-tax"]),
    ("", &["street-office", "institutional-setup"]),
    ("审批", &["approval-powers"]),
    ("编制", &["staffing"]),
    ("考核", &["performance-assessment"]),
    ("土地", &["land-planning"]),
];

/// Questions for `ask`, in the style of the development set (written for this bench).
const QUESTIONS: &[&str] = &[
    "经开区管委会是什么性质的机构",
    "行政许可的设定应当遵循什么原则",
    "2023年国务院机构改革组建了哪些部门",
    "街道办事处的主要职责是什么",
    "政府工作报告提出的经济增长预期目标是多少",
    "干部选拔任用应当经过哪些程序",
    "如何优化营商环境",
    "国有企业改革的目标是什么",
    "乡村振兴战略的总要求是什么",
    "党的纪律处分有哪些种类",
    "行政机关作出行政许可决定的期限是多少天",
    "公务员考核分为哪几个等次",
    "污染防治攻坚战的目标是什么",
    "居民消费价格比上年上涨多少",
    "开发区管理委员会由谁派出",
    "中央国家机关人员编制精减比例是多少",
    "权力清单制度由哪个部门推行",
    "党组织换届选举每几年进行一次",
    "十四五规划提出的常住人口城镇化率目标是多少",
    "政务服务一网通办什么时候实现",
];

/// What the command line does with the hits it prints: a snippet and a plain citation of each.
/// Returns their length, so that the work is not optimised away.
fn shown(results: &SearchResults) -> usize {
    let style = Style { color: false };
    results
        .hits
        .iter()
        .map(|hit| {
            snippet(&hit.text, &hit.highlights, style).len() + Citation::from_hit(hit).plain().len()
        })
        .sum()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

fn millis(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// This thread's CPU time in milliseconds: on a machine shared with other work it is steadier
/// than wall time, which also counts the time the thread waited for a core.
fn cpu_millis() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill in.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    now.tv_sec as f64 * 1000.0 + now.tv_nsec as f64 / 1e6
}

/// Wall and CPU times of repeated runs.
#[derive(Default)]
struct Times {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

impl Times {
    /// Runs `f` once, timed.
    fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let (start, cpu) = (Instant::now(), cpu_millis());
        let out = f();
        self.wall.push(millis(start));
        self.cpu.push(cpu_millis() - cpu);
        out
    }

    fn sort(&mut self) {
        self.wall.sort_by(f64::total_cmp);
        self.cpu.sort_by(f64::total_cmp);
    }

    fn extend(&mut self, other: Times) {
        self.wall.extend(other.wall);
        self.cpu.extend(other.cpu);
    }

    /// `p50 … ms, p99 … ms, max … ms (CPU p50 … ms, p99 … ms)`, sorted first.
    fn summary(&self) -> String {
        format!(
            "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (CPU time: p50 {:.2} ms, p99 {:.2} ms)",
            percentile(&self.wall, 0.5),
            percentile(&self.wall, 0.99),
            self.wall[self.wall.len() - 1],
            percentile(&self.cpu, 0.5),
            percentile(&self.cpu, 0.99),
        )
    }
}

/// The arguments: the index folder (the first word not starting with `-`) and `--dump FILE`.
fn arguments() -> (PathBuf, Option<PathBuf>) {
    let mut dir = None;
    let mut dump = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--dump" {
            dump = args.next().map(PathBuf::from);
        } else if !arg.starts_with('-') && dir.is_none() {
            dir = Some(PathBuf::from(arg));
        }
    }
    (
        dir.unwrap_or_else(|| PathBuf::from("target/bench-index")),
        dump,
    )
}

fn main() {
    let (dir, dump) = arguments();
    let handle = match IndexHandle::open(&dir) {
        Ok(handle) => handle,
        Err(e) => {
            eprintln!("search bench: {e} (run scripts/bench.sh to build it)");
            return;
        }
    };
    let reader = handle.reader().expect("reader");
    let searcher = reader.searcher();
    let lexicon = Lexicon::bundled();
    let mut dumped = String::new();
    let mut times = Times::default();
    for (query, topic_ids) in SEARCHES {
        let mut request = SearchRequest::new(*query, 10);
        request.topics = topic_ids
            .iter()
            .map(|id| lexicon.resolve(id).expect("bundled topic").clone())
            .collect();
        let label = if topic_ids.is_empty() {
            query.to_string()
        } else {
            format!("{query} --topic {}", topic_ids.join(" --topic "))
        };
        let warm = search_with(&handle, &searcher, &request).expect("query runs");
        dump_search(&mut dumped, &label, &warm);
        let mut mine = Times::default();
        for _ in 0..20 {
            let results = mine.time(|| {
                let results = search_with(&handle, &searcher, &request).expect("query runs");
                std::hint::black_box(shown(&results));
                results
            });
            assert_eq!(results.total, warm.total);
        }
        mine.sort();
        println!(
            "{:>8.2} ms median ({:>6.2} CPU) {:>7} matches  {label}",
            percentile(&mine.wall, 0.5),
            percentile(&mine.cpu, 0.5),
            warm.total
        );
        times.extend(mine);
    }
    times.sort();
    println!(
        "search in-process, {} searches x 20 runs: {}",
        SEARCHES.len(),
        times.summary()
    );

    let mut topic_times = Times::default();
    for topic in &lexicon.topics {
        let mut request = SearchRequest::new("", 10);
        request.topics = vec![topic.clone()];
        for _ in 0..5 {
            topic_times
                .time(|| search_with(&handle, &searcher, &request).expect("topic search runs"));
        }
    }
    topic_times.sort();
    let start = Instant::now();
    zhengce::search::topic::carrying_counts(
        &handle.fields,
        &handle.analyzer,
        &searcher,
        &lexicon.topics,
    )
    .expect("counts");
    println!(
        "each bundled topic alone (--topic T, no query), {} runs: {}; counting the passages of all {} topics: {:.1} ms",
        topic_times.wall.len(),
        topic_times.summary(),
        lexicon.topics.len(),
        millis(start)
    );

    let mut ask_times = Times::default();
    for question in QUESTIONS {
        let request = AskRequest::new(*question, 5);
        let warm = ask(&handle, &searcher, &request).expect("ask runs");
        dump_answer(&mut dumped, &warm);
        let mut mine = Times::default();
        for _ in 0..10 {
            std::hint::black_box(
                mine.time(|| ask(&handle, &searcher, &request).expect("ask runs")),
            );
        }
        mine.sort();
        println!(
            "{:>8.2} ms median ({:>6.2} CPU) {}  ask {question}",
            percentile(&mine.wall, 0.5),
            percentile(&mine.cpu, 0.5),
            if warm.found { "answered " } else { "no answer" }
        );
        ask_times.extend(mine);
    }
    ask_times.sort();
    println!(
        "ask in-process, {} questions x 10 runs: {}",
        QUESTIONS.len(),
        ask_times.summary()
    );
    print_space_usage(&searcher);
    if let Some(path) = dump {
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(dumped.as_bytes()))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("results written to {}", path.display());
    }
}

/// Appends a search's total and top hits, scores to the bit, to `out`.
fn dump_search(out: &mut String, label: &str, results: &SearchResults) {
    out.push_str(&format!("search {label}: {} matches\n", results.total));
    for hit in &results.hits {
        let topics: Vec<String> = hit
            .topics
            .iter()
            .map(|t| format!("{} {:08x} {}", t.id, t.score.to_bits(), t.terms.join(",")))
            .collect();
        out.push_str(&format!(
            "  {}:{} #{} {} ({:08x}) {:?} [{}]\n",
            hit.path,
            hit.line,
            hit.passage,
            hit.score,
            hit.score.to_bits(),
            hit.highlights,
            topics.join("; ")
        ));
    }
}

/// Appends an answer and its passages, relevance to the bit, to `out`.
fn dump_answer(out: &mut String, answer: &zhengce::qa::Answer) {
    out.push_str(&format!(
        "ask {}: {:?} ({:08x}) named {:?}\n",
        answer.question,
        answer.answer,
        answer.confidence.to_bits(),
        answer.named_documents
    ));
    for passage in &answer.passages {
        out.push_str(&format!(
            "  {}:{} #{} {:08x} {:?} {:?}\n",
            passage.hit.path,
            passage.hit.line,
            passage.hit.passage,
            passage.relevance.to_bits(),
            passage.sentence_span,
            passage.hit.highlights
        ));
    }
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
