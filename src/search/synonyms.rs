//! Query-time synonyms: a query word in a group (经开区 经济开发区 开发区 园区) also matches the
//! other words of its group, at lower weight. The bundled list (`synonyms.txt`) can be extended
//! by a `synonyms.txt` in the index folder; nothing is re-indexed.

use std::collections::HashMap;
use std::path::Path;

use crate::analysis::normalize::NormalizedText;
use crate::error::{Error, Result};

/// The bundled synonym groups, one per line.
pub const BUNDLED_SYNONYMS: &str = include_str!("../synonyms.txt");

/// The name of a synonym file in an index folder that extends the bundled list.
pub const INDEX_SYNONYMS_FILE: &str = "synonyms.txt";

/// Groups of words that mean the same thing in policy writing.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
    group_of: HashMap<String, usize>,
}

impl Synonyms {
    /// Reads groups from text: one group per line, words separated by whitespace, `#` comments.
    pub fn parse(text: &str) -> Synonyms {
        let mut synonyms = Synonyms::default();
        synonyms.add(text);
        synonyms
    }

    /// The bundled groups.
    pub fn bundled() -> Synonyms {
        Synonyms::parse(BUNDLED_SYNONYMS)
    }

    /// The bundled groups plus the index folder's `synonyms.txt`, if any.
    pub fn load(index_dir: &Path) -> Result<Synonyms> {
        let mut synonyms = Synonyms::bundled();
        let file = index_dir.join(INDEX_SYNONYMS_FILE);
        if file.is_file() {
            let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            synonyms.add(&text);
        }
        Ok(synonyms)
    }

    /// Adds groups; a word already in a group joins the new group's words to it.
    fn add(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let words: Vec<String> = line
                .split_whitespace()
                .map(|w| NormalizedText::new(w).text)
                .collect();
            if words.len() < 2 {
                continue;
            }
            let index = words
                .iter()
                .find_map(|w| self.group_of.get(w).copied())
                .unwrap_or_else(|| {
                    self.groups.push(Vec::new());
                    self.groups.len() - 1
                });
            for word in words {
                if !self.groups[index].contains(&word) {
                    self.group_of.insert(word.clone(), index);
                    self.groups[index].push(word);
                }
            }
        }
    }

    /// The other words of `word`'s group (empty if it has none).
    pub fn alternatives(&self, word: &str) -> Vec<&str> {
        self.group_of
            .get(word)
            .map(|&g| {
                self.groups[g]
                    .iter()
                    .filter(|w| w.as_str() != word)
                    .map(String::as_str)
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_groups_hold_the_required_equivalences() {
        let synonyms = Synonyms::bundled();
        for (word, other) in [
            ("经开区", "经济开发区"),
            ("经开区", "园区"),
            ("管委会", "管理委员会"),
            ("编制", "人员编制"),
            ("审批", "行政审批"),
        ] {
            assert!(
                synonyms.alternatives(word).contains(&other),
                "{word} → {other}"
            );
        }
        assert!(synonyms.alternatives("火星").is_empty());
    }

    #[test]
    fn groups_merge_and_comments_are_ignored() {
        let synonyms = Synonyms::parse("# comment\n甲 乙\n乙 丙 # tail\n丁\n");
        let mut alternatives = synonyms.alternatives("甲");
        alternatives.sort();
        assert_eq!(alternatives, ["丙", "乙"]);
        assert!(synonyms.alternatives("丁").is_empty());
    }
}
