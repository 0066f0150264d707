//! Compiles the segmentation dictionary (jieba-rs's own plus the bundled policy vocabulary) into
//! an `fst` map from word to frequency, with the frequency total beside it, so that a process
//! can look words up without building jieba's 349,000-word trie (see `src/analysis/lexicon.rs`).
//!
//! The merge follows jieba-rs's loading: the policy dictionary's entries replace the frequency of
//! a word jieba already has and add the others; a missing frequency is 0; the total is the sum of
//! the merged frequencies.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const SOURCES: [&str; 2] = ["data/jieba/dict.txt", "src/analysis/policy_dict.txt"];

fn main() {
    let mut merged: BTreeMap<String, u64> = BTreeMap::new();
    for source in SOURCES {
        println!("cargo::rerun-if-changed={source}");
        let text =
            std::fs::read_to_string(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
        for (number, line) in text.lines().enumerate() {
            let mut fields = line.split_whitespace();
            let Some(word) = fields.next() else { continue };
            let freq = fields.next().map_or(0, |f| {
                f.parse::<u64>()
                    .unwrap_or_else(|e| panic!("{source}:{}: frequency {f}: {e}", number + 1))
            });
            merged.insert(word.to_owned(), freq);
        }
    }
    let total: u64 = merged.values().sum();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let file = File::create(out.join("dictionary.fst")).expect("creating dictionary.fst");
    let mut builder = fst::MapBuilder::new(BufWriter::new(file)).expect("fst builder");
    for (word, freq) in &merged {
        builder
            .insert(word, *freq)
            .expect("words are sorted and unique");
    }
    builder.finish().expect("writing dictionary.fst");
    let mut totals = File::create(out.join("dictionary_total.rs")).expect("dictionary_total.rs");
    writeln!(totals, "{total}").expect("writing dictionary_total.rs");
}
