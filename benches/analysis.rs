//! Segmentation and the token streams, on a fixed sample: the passages of the bundled report.
//!
//! - `segment/full`: jieba-rs with the full dictionary, search mode (what indexing does);
//! - `segment/lexicon`: the same cut through a jieba built for the text from the compiled
//!   dictionary (what a search process does for its query);
//! - `dictionary/*`: building the full dictionary versus the lexicon and a query's small jieba;
//! - `stream/*`: the words and bigram tokenizers as tantivy drives them, all tokens consumed.
//!
//! Usage: `cargo bench --bench analysis`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::tokenizer::{TokenStream, Tokenizer};
use zhengce::analysis::bigrams::BigramTokenizer;
use zhengce::analysis::lexicon::Lexicon;
use zhengce::analysis::words::WordsTokenizer;
use zhengce::analysis::{Analyzer, Segmenter};

/// The report's non-empty lines: about 20 passages of policy prose.
fn sample() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/经开区管理体制机制调研报告.txt");
    std::fs::read_to_string(path)
        .expect("the bundled report")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn analysis(c: &mut Criterion) {
    let passages = sample();
    let bytes: usize = passages.iter().map(String::len).sum();
    let full = Analyzer::new("", Path::new("<none>")).expect("analyser");
    let light = Analyzer::new("", Path::new("<none>")).expect("analyser");
    let jieba = full.jieba().clone();

    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("full", |b| {
        b.iter(|| {
            passages
                .iter()
                .map(|p| jieba.cut_for_search(p, true).len())
                .sum::<usize>()
        })
    });
    group.bench_function("lexicon", |b| {
        b.iter(|| {
            passages
                .iter()
                .map(|p| light.cut_for_search(p, true).len())
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("dictionary");
    group.sample_size(10);
    group.bench_function("full jieba", |b| {
        b.iter(|| {
            Analyzer::new("", Path::new("<none>"))
                .unwrap()
                .jieba()
                .clone()
        })
    });
    group.bench_function("lexicon", |b| b.iter(|| Lexicon::new(&[])));
    let lexicon = Lexicon::new(&[]);
    group.bench_function("small jieba for a query", |b| {
        b.iter(|| lexicon.jieba_for("开发区管理委员会的派出机构如何设置"))
    });
    group.finish();

    let mut group = c.benchmark_group("stream");
    group.throughput(Throughput::Bytes(bytes as u64));
    let mut words = WordsTokenizer::new(full.clone());
    group.bench_function("words", |b| b.iter(|| consume(&mut words, &passages)));
    let mut bigrams = BigramTokenizer::default();
    group.bench_function("bigrams", |b| b.iter(|| consume(&mut bigrams, &passages)));
    group.finish();
}

/// Runs a tokenizer over every passage as tantivy does, reading each token; the bytes of terms.
fn consume<T: Tokenizer>(tokenizer: &mut T, passages: &[String]) -> usize {
    let mut n = 0;
    for p in passages {
        let mut stream = tokenizer.token_stream(p);
        while stream.advance() {
            n += stream.token().text.len();
        }
    }
    n
}

criterion_group!(benches, analysis);
criterion_main!(benches);
