//! The merged segmentation dictionary without jieba's trie: a compact map from word to frequency
//! (jieba-rs's dictionary and the bundled policy vocabulary, compiled into the binary by
//! `build.rs` from `data/jieba/dict.txt` and `policy_dict.txt`), the user's entries over it, and the
//! frequency total.
//!
//! Building jieba-rs's full dictionary costs about 100 ms, paid by every process that segments.
//! A search segments a few short texts, so [`Lexicon::jieba_for`] builds instead a jieba holding
//! only the dictionary words that occur in the text to segment. jieba's best path through a text
//! depends only on the dictionary words inside it (its word graph), their frequencies and the
//! total (each word's weight is `ln(freq) - ln(total)`); unknown runs go through the same built-in
//! HMM. One extra entry made of a control character, which no text segment can contain (jieba
//! only matches words inside runs of CJK characters, letters, digits and `+#&._%-`), carries the
//! frequency of all the words left out, so the total, and with it every path's probability, is
//! the full dictionary's. The unit tests and `tests/segmentation.rs` compare both ways.

use std::collections::{BTreeMap, HashMap};

use fst::raw::Output;
use jieba_rs::Jieba;

/// jieba-rs's dictionary merged with the bundled policy vocabulary, as an `fst` map.
static MERGED_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dictionary.fst"));

/// The sum of the frequencies in [`MERGED_FST`].
const MERGED_TOTAL: u64 = include!(concat!(env!("OUT_DIR"), "/dictionary_total.rs"));

/// The entry that carries the frequencies of the words a small jieba leaves out. A control
/// character never reaches jieba's dictionary lookup, so it matches no text.
const REST_OF_DICTIONARY: &str = "\u{1}";

/// One dictionary line: `word [freq [tag]]`, as jieba reads it (a missing frequency is 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictEntry {
    /// The word.
    pub word: String,
    /// Its frequency.
    pub freq: u64,
    /// Its part-of-speech tag (empty when none is given).
    pub tag: String,
}

/// The merged dictionary: the compiled map, the user's entries over it, and the total.
#[derive(Debug, Clone)]
pub struct Lexicon {
    merged: fst::Map<&'static [u8]>,
    user: BTreeMap<String, u64>,
    total: u64,
}

impl Lexicon {
    /// The compiled dictionary with the user's `entries` over it, applied in order as jieba's
    /// loading does: a known word takes the new frequency, a new word is added.
    pub fn new(entries: &[DictEntry]) -> Lexicon {
        let merged = fst::Map::new(MERGED_FST).expect("build.rs writes a valid fst map");
        let mut lexicon = Lexicon {
            merged,
            user: BTreeMap::new(),
            total: MERGED_TOTAL,
        };
        for entry in entries {
            let old = lexicon.freq(&entry.word).unwrap_or(0);
            lexicon.total = lexicon.total - old + entry.freq;
            lexicon.user.insert(entry.word.clone(), entry.freq);
        }
        lexicon
    }

    /// The frequency of a word, if the dictionary has it.
    pub fn freq(&self, word: &str) -> Option<u64> {
        self.user
            .get(word)
            .copied()
            .or_else(|| self.merged.get(word))
    }

    /// Whether the dictionary has a word (as `Jieba::has_word` answers for the full dictionary).
    pub fn has_word(&self, word: &str) -> bool {
        self.freq(word).is_some()
    }

    /// The sum of all frequencies (jieba's total).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Every dictionary word that occurs in `text`, once, with its frequency.
    pub fn words_in<'t>(&self, text: &'t str) -> HashMap<&'t str, u64> {
        let fst = self.merged.as_fst();
        let bytes = text.as_bytes();
        let mut found: HashMap<&'t str, u64> = HashMap::new();
        for (start, _) in text.char_indices() {
            let mut node = fst.root();
            let mut output = Output::zero();
            for (at, &byte) in bytes.iter().enumerate().skip(start) {
                let Some(i) = node.find_input(byte) else {
                    break;
                };
                let transition = node.transition(i);
                output = output.cat(transition.out);
                node = fst.node(transition.addr);
                let end = at + 1;
                if node.is_final() && text.is_char_boundary(end) {
                    let freq = output.cat(node.final_output()).value();
                    found.insert(&text[start..end], freq);
                }
            }
        }
        // The user's entries replace the compiled frequencies and add words of their own.
        found.retain(|word, _| !self.user.contains_key(*word));
        for (word, &freq) in &self.user {
            for (at, _) in text.match_indices(word.as_str()) {
                found.insert(&text[at..at + word.len()], freq);
            }
        }
        found
    }

    /// A jieba that segments `text` exactly as the full dictionary does: the dictionary words in
    /// `text`, and one entry that no text contains carrying the rest of the total.
    pub fn jieba_for(&self, text: &str) -> Jieba {
        let words = self.words_in(text);
        let mut jieba = Jieba::empty();
        let mut inside = 0;
        for (word, &freq) in &words {
            jieba.add_word(word, Some(freq as usize), None);
            inside += freq;
        }
        jieba.add_word(
            REST_OF_DICTIONARY,
            Some(self.total.saturating_sub(inside) as usize),
            None,
        );
        jieba
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dictionary::{parse_dict, shared_test_jieba, BUNDLED_DICT};
    use std::path::Path;

    fn tokens(jieba: &Jieba, text: &str) -> Vec<Vec<(String, usize, usize)>> {
        let list = |t: Vec<jieba_rs::Token>| {
            t.into_iter()
                .map(|t| (t.word.to_owned(), t.byte_start, t.byte_end))
                .collect()
        };
        vec![
            list(jieba.cut(text, true)),
            list(jieba.cut(text, false)),
            list(jieba.cut_for_search(text, true)),
            list(jieba.cut_for_search(text, false)),
        ]
    }

    #[test]
    fn compiled_dictionary_is_jiebas_own_plus_the_bundled_one() {
        // jieba-rs shows its record count and total; the compiled map must have the same words
        // (each known to jieba) and the same total.
        let full = shared_test_jieba();
        let shown = format!("{full:?}");
        let lexicon = Lexicon::new(&[]);
        assert_eq!(
            shown,
            format!(
                "Jieba {{ records_len: {}, total_freq: {} }}",
                lexicon.merged.len(),
                lexicon.total()
            )
        );
        let mut stream = lexicon.merged.stream();
        use fst::Streamer;
        while let Some((word, _)) = stream.next() {
            let word = std::str::from_utf8(word).unwrap();
            assert!(full.has_word(word), "{word}");
        }
        for entry in parse_dict(BUNDLED_DICT, Path::new("bundled")).unwrap() {
            assert_eq!(
                lexicon.freq(&entry.word),
                Some(entry.freq),
                "{}",
                entry.word
            );
        }
    }

    #[test]
    fn small_jieba_segments_like_the_full_one() {
        let full = shared_test_jieba();
        let lexicon = Lexicon::new(&[]);
        for text in [
            "经开区管委会核定专项编制45人，设党工委书记1名",
            "园区党工委书记、管委会主任“一肩挑”，解决“两张皮”现象",
            "深化“放管服”改革，优化营商环境",
            "中国农业发展银行和WES-5.4.5版本的4S店",
            "南京市长江大桥欢迎您。他来到了网易杭研大厦",
            "",
            "\u{1}编制",
        ] {
            let small = lexicon.jieba_for(text);
            assert_eq!(tokens(full, text), tokens(&small, text), "{text}");
        }
    }

    #[test]
    fn user_entries_change_frequencies_and_add_words() {
        let entries = parse_dict("编制 5\n新造词语 1000 n\n编制 7\n", Path::new("u")).unwrap();
        let mut full = Jieba::new();
        full.load_dict(&mut BUNDLED_DICT.as_bytes()).unwrap();
        for e in &entries {
            full.add_word(&e.word, Some(e.freq as usize), Some(&e.tag));
        }
        let lexicon = Lexicon::new(&entries);
        assert_eq!(lexicon.freq("编制"), Some(7));
        assert!(lexicon.has_word("新造词语"));
        assert_eq!(
            format!("{full:?}"),
            format!(
                "Jieba {{ records_len: {}, total_freq: {} }}",
                lexicon.merged.len() + 1,
                lexicon.total()
            )
        );
        let text = "专项编制的新造词语和人员编制";
        assert_eq!(tokens(&full, text), tokens(&lexicon.jieba_for(text), text));
    }
}
