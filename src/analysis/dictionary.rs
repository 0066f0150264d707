//! The segmentation dictionary: jieba-rs's own, the bundled policy vocabulary
//! (`policy_dict.txt`: 经开区, 管委会, 一肩挑, 放管服 …) and the user's `--dict` file.
//!
//! The dictionary is an index-time setting: the user's file is copied into the index folder and
//! everything that shapes tokens is summed up in [`Analyzer::fingerprint`], which the index
//! stores and checks on every open.

use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use jieba_rs::Jieba;

use crate::error::{Error, Result};

/// The bundled policy vocabulary, in jieba's `word freq tag` format.
pub const BUNDLED_DICT: &str = include_str!("policy_dict.txt");

/// Bumped whenever tokenisation changes in a way that makes old indexes wrong.
pub const ANALYZER_VERSION: u32 = 2;

/// The configured analysis: a shared jieba dictionary and the settings that built it.
#[derive(Clone)]
pub struct Analyzer {
    jieba: Arc<Jieba>,
    user_dict: String,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("fingerprint", &self.fingerprint())
            .finish()
    }
}

impl Analyzer {
    /// Builds the dictionary from jieba's own, the bundled vocabulary and `user_dict` (the
    /// contents of a `--dict` file, or empty). `source` names the user file in errors.
    pub fn new(user_dict: &str, source: &Path) -> Result<Self> {
        check_dict(user_dict, source)?;
        let mut jieba = Jieba::new();
        for (text, path) in [
            (BUNDLED_DICT, Path::new("<bundled policy_dict.txt>")),
            (user_dict, source),
        ] {
            jieba
                .load_dict(&mut BufReader::new(text.as_bytes()))
                .map_err(|e| Error::Dictionary {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })?;
        }
        Ok(Analyzer {
            jieba: Arc::new(jieba),
            user_dict: user_dict.to_owned(),
        })
    }

    /// The shared jieba instance.
    pub fn jieba(&self) -> &Arc<Jieba> {
        &self.jieba
    }

    /// The user dictionary's text, as stored with the index.
    pub fn user_dict(&self) -> &str {
        &self.user_dict
    }

    /// A hash of everything that decides how text becomes tokens: analyser version, jieba-rs
    /// version, bundled and user dictionaries.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.user_dict)
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

/// Checks a dictionary in jieba's `word [freq] [tag]` format, naming the first bad line.
fn check_dict(text: &str, source: &Path) -> Result<()> {
    for (number, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        if fields.next().is_none() {
            continue;
        }
        if let Some(freq) = fields.next() {
            if freq.parse::<usize>().is_err() {
                return Err(Error::Dictionary {
                    path: source.to_path_buf(),
                    reason: format!(
                        "line {}: frequency `{freq}` is not a whole number (expected `word freq tag`)",
                        number + 1
                    ),
                });
            }
        }
    }
    Ok(())
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
