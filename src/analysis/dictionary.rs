//! The segmentation dictionary: jieba-rs's own, the bundled policy vocabulary
//! (`policy_dict.txt`: 经开区, 管委会, 一肩挑, 放管服 …) and the user's `--dict` file.
//!
//! The dictionary is an index-time setting: the user's file is copied into the index folder and
//! everything that shapes tokens is summed up in [`Analyzer::fingerprint`], which the index
//! stores and checks on every open.
//!
//! jieba's full dictionary is built only when something needs it (the index writer); a search
//! segments its few short texts through [`Lexicon`], with the same result and without the cost.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use jieba_rs::{Jieba, Token};

use super::lexicon::{DictEntry, Lexicon};
use crate::error::{Error, Result};

/// The bundled policy vocabulary, in jieba's `word freq tag` format.
pub const BUNDLED_DICT: &str = include_str!("policy_dict.txt");

/// Bumped whenever tokenisation changes in a way that makes old indexes wrong.
pub const ANALYZER_VERSION: u32 = 2;

/// Word segmentation as zhengce uses it: jieba's cuts and its dictionary lookup. Implemented by
/// a [`Jieba`] and by an [`Analyzer`], which segments identically without building the full
/// dictionary.
pub trait Segmenter {
    /// jieba's default cut.
    fn cut<'a>(&self, text: &'a str, hmm: bool) -> Vec<Token<'a>>;
    /// jieba's search-mode cut (each word and its dictionary sub-words).
    fn cut_for_search<'a>(&self, text: &'a str, hmm: bool) -> Vec<Token<'a>>;
    /// Whether the dictionary has a word.
    fn has_word(&self, word: &str) -> bool;
}

impl Segmenter for Jieba {
    fn cut<'a>(&self, text: &'a str, hmm: bool) -> Vec<Token<'a>> {
        Jieba::cut(self, text, hmm)
    }

    fn cut_for_search<'a>(&self, text: &'a str, hmm: bool) -> Vec<Token<'a>> {
        Jieba::cut_for_search(self, text, hmm)
    }

    fn has_word(&self, word: &str) -> bool {
        Jieba::has_word(self, word)
    }
}

/// A shared segmenter segments as the one it shares.
impl<S: Segmenter + ?Sized> Segmenter for Arc<S> {
    fn cut<'a>(&self, text: &'a str, hmm: bool) -> Vec<Token<'a>> {
        (**self).cut(text, hmm)
    }

    fn cut_for_search<'a>(&self, text: &'a str, hmm: bool) -> Vec<Token<'a>> {
        (**self).cut_for_search(text, hmm)
    }

    fn has_word(&self, word: &str) -> bool {
        (**self).has_word(word)
    }
}

/// The configured analysis: the dictionary and the settings that built it. Cloning shares it.
#[derive(Clone)]
pub struct Analyzer {
    inner: Arc<AnalyzerInner>,
}

struct AnalyzerInner {
    user_dict: String,
    user_entries: Vec<DictEntry>,
    lexicon: Lexicon,
    full: OnceLock<Arc<Jieba>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("fingerprint", &self.fingerprint())
            .finish()
    }
}

impl Analyzer {
    /// The dictionary of jieba's own, the bundled vocabulary and `user_dict` (the contents of a
    /// `--dict` file, or empty). `source` names the user file in errors.
    pub fn new(user_dict: &str, source: &Path) -> Result<Self> {
        let user_entries = parse_dict(user_dict, source)?;
        Ok(Analyzer {
            inner: Arc::new(AnalyzerInner {
                user_dict: user_dict.to_owned(),
                lexicon: Lexicon::new(&user_entries),
                user_entries,
                full: OnceLock::new(),
            }),
        })
    }

    /// The shared full jieba instance, built on first use (about 100 ms).
    pub fn jieba(&self) -> &Arc<Jieba> {
        self.inner.full.get_or_init(|| {
            let mut jieba = Jieba::new();
            let bundled = parse_dict(BUNDLED_DICT, Path::new("<bundled policy_dict.txt>"))
                .unwrap_or_default();
            for entry in bundled.iter().chain(&self.inner.user_entries) {
                jieba.add_word(&entry.word, Some(entry.freq as usize), Some(&entry.tag));
            }
            Arc::new(jieba)
        })
    }

    /// The dictionary as a word → frequency map, without jieba's trie.
    pub fn lexicon(&self) -> &Lexicon {
        &self.inner.lexicon
    }

    /// The user dictionary's text, as stored with the index.
    pub fn user_dict(&self) -> &str {
        &self.inner.user_dict
    }

    /// A hash of everything that decides how text becomes tokens: analyser version, jieba-rs
    /// version, bundled and user dictionaries.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.inner.user_dict)
    }
}

/// Segments with the full jieba once it is built (indexing), and otherwise with a jieba made
/// for the text from the [`Lexicon`].
impl Segmenter for Analyzer {
    fn cut<'a>(&self, text: &'a str, hmm: bool) -> Vec<Token<'a>> {
        match self.inner.full.get() {
            Some(full) => full.cut(text, hmm),
            None => self.inner.lexicon.jieba_for(text).cut(text, hmm),
        }
    }

    fn cut_for_search<'a>(&self, text: &'a str, hmm: bool) -> Vec<Token<'a>> {
        match self.inner.full.get() {
            Some(full) => full.cut_for_search(text, hmm),
            None => self.inner.lexicon.jieba_for(text).cut_for_search(text, hmm),
        }
    }

    fn has_word(&self, word: &str) -> bool {
        self.inner.lexicon.has_word(word)
    }
}

/// The fingerprint an analyser built with `user_dict` has.
pub fn fingerprint_of(user_dict: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(format!("zhengce-analyzer-{ANALYZER_VERSION};jieba-rs-0.11;").as_bytes());
    hasher.update(BUNDLED_DICT.as_bytes());
    hasher.update(b"\0");
    hasher.update(user_dict.as_bytes());
    hasher.finalize().to_hex()[..16].to_owned()
}

/// Reads a dictionary in jieba's `word [freq] [tag]` format, naming the first bad line.
pub fn parse_dict(text: &str, source: &Path) -> Result<Vec<DictEntry>> {
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else {
            continue;
        };
        let freq = match fields.next() {
            None => 0,
            Some(freq) => freq.parse::<u64>().map_err(|_| Error::Dictionary {
                path: source.to_path_buf(),
                reason: format!(
                    "line {}: frequency `{freq}` is not a whole number (expected `word freq tag`)",
                    number + 1
                ),
            })?,
        };
        entries.push(DictEntry {
            word: word.to_owned(),
            freq,
            tag: fields.next().unwrap_or("").to_owned(),
        });
    }
    Ok(entries)
}

/// One analyser for all unit tests in the crate, built once.
#[cfg(test)]
pub(crate) fn shared_test_jieba() -> &'static Jieba {
    static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
    ANALYZER
        .get_or_init(|| Analyzer::new("", Path::new("<none>")).unwrap())
        .jieba()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_user_dictionary_names_the_line() {
        let err = Analyzer::new("经开区 100 n\n管委会 many n\n", Path::new("my.dict")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("my.dict") && msg.contains("line 2"), "{msg}");
    }

    #[test]
    fn fingerprint_follows_the_user_dictionary() {
        assert_ne!(fingerprint_of(""), fingerprint_of("新词 100 n\n"));
        assert_eq!(fingerprint_of("a 1"), fingerprint_of("a 1"));
    }
}
