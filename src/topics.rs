//! Topics: the subjects policy readers think in — staffing (人员编制), approval powers (审批权限),
//! street-office coordination (街道办事处协调) and more — as a lexicon of weighted terms.
//!
//! The bundled lexicon (`topics.toml`, readable by a person) can be extended or overridden by a
//! `topics.toml` in the index folder and by `--topics FILE`; a topic with the same id replaces the
//! bundled one. Topic scores are computed from the index's postings at query time
//! (in search's topic queries), so a changed topic file takes effect without re-reading documents.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The bundled topic lexicon.
pub const BUNDLED_TOPICS: &str = include_str!("topics.toml");

/// The name of a topic file in an index folder that extends the bundled lexicon.
pub const INDEX_TOPICS_FILE: &str = "topics.toml";

/// One topic: an id, a Chinese label, weighted terms, and phrases in which its terms do not count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// A short ASCII id (`staffing`).
    pub id: String,
    /// The Chinese label (`人员编制`).
    pub label: String,
    /// What the topic covers, in a line.
    #[serde(default)]
    pub description: String,
    /// Terms and their weights (3 defining, 2 strong, 1 supporting).
    pub terms: BTreeMap<String, f32>,
    /// Terms common outside the topic (属地, 网格, 统筹协调) and their weights: they count only
    /// where one of `terms` is in the passage or its context (title, headings, the sentence
    /// that introduces a list item).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, f32>,
    /// Phrases in which a term does not signal the topic (`编制规划`: 编制 as "draw up").
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    topic: Vec<Topic>,
}

/// A set of topics.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lexicon {
    /// The topics, in file order.
    pub topics: Vec<Topic>,
}

impl Lexicon {
    /// The bundled lexicon.
    pub fn bundled() -> Lexicon {
        Lexicon::parse(BUNDLED_TOPICS, Path::new("<bundled topics.toml>"))
            .expect("the bundled topic lexicon is valid (tested)")
    }

    /// Parses a topic file; an error names the file and the line.
    pub fn parse(text: &str, source: &Path) -> Result<Lexicon> {
        let file: LexiconFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
            Error::Argument(format!(
                "topic file {}{}: {}",
                source.display(),
                line.map(|l| format!(" line {l}")).unwrap_or_default(),
                e.message()
            ))
        })?;
        for topic in &file.topic {
            check_topic(topic, source, text)?;
        }
        Ok(Lexicon { topics: file.topic })
    }

    /// The bundled lexicon, extended by the index folder's `topics.toml` and by `extra` (a
    /// `--topics FILE`), later files replacing topics of the same id.
    pub fn load(index_dir: &Path, extra: Option<&Path>) -> Result<Lexicon> {
        let mut lexicon = Lexicon::bundled();
        let in_index = index_dir.join(INDEX_TOPICS_FILE);
        let files: Vec<PathBuf> = in_index
            .is_file()
            .then_some(in_index)
            .into_iter()
            .chain(extra.map(Path::to_path_buf))
            .collect();
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            lexicon.extend(Lexicon::parse(&text, &file)?);
        }
        Ok(lexicon)
    }

    /// Adds `other`'s topics, replacing those with the same id.
    pub fn extend(&mut self, other: Lexicon) {
        for topic in other.topics {
            match self.topics.iter_mut().find(|t| t.id == topic.id) {
                Some(existing) => *existing = topic,
                None => self.topics.push(topic),
            }
        }
    }

    /// The topic `name` means: an id, a Chinese label, or a unique prefix of either. Unknown or
    /// ambiguous is an error listing the topics.
    pub fn resolve(&self, name: &str) -> Result<&Topic> {
        let name = name.trim();
        if let Some(topic) = self.topics.iter().find(|t| t.id == name || t.label == name) {
            return Ok(topic);
        }
        let matches: Vec<&Topic> = self
            .topics
            .iter()
            .filter(|t| !name.is_empty() && (t.id.starts_with(name) || t.label.starts_with(name)))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::Argument(format!(
                "no topic `{name}`; topics are:\n{}",
                self.listing(&self.topics.iter().collect::<Vec<_>>())
            ))),
            many => Err(Error::Argument(format!(
                "`{name}` could be several topics:\n{}",
                self.listing(many)
            ))),
        }
    }

    fn listing(&self, topics: &[&Topic]) -> String {
        topics
            .iter()
            .map(|t| format!("  {:<24} {}", t.id, t.label))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Checks one topic's values, naming the file and the line of its id.
fn check_topic(topic: &Topic, source: &Path, text: &str) -> Result<()> {
    let line = text
        .lines()
        .position(|l| l.contains(&format!("\"{}\"", topic.id)))
        .map(|i| format!(" line {}", i + 1))
        .unwrap_or_default();
    let fail = |what: String| {
        Err(Error::Argument(format!(
            "topic file {}{line}: topic `{}`: {what}",
            source.display(),
            topic.id
        )))
    };
    if topic.id.trim().is_empty() || topic.label.trim().is_empty() {
        return fail("needs an id and a label".into());
    }
    if topic.terms.is_empty() {
        return fail("has no terms".into());
    }
    for (term, weight) in topic.terms.iter().chain(&topic.context) {
        if term.trim().is_empty() || term.chars().any(char::is_whitespace) {
            return fail(format!("term `{term}` is empty or has spaces"));
        }
        if !weight.is_finite() || *weight <= 0.0 {
            return fail(format!(
                "term `{term}` has weight {weight}; weights are positive numbers"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_lexicon_has_the_required_topics() {
        let lexicon = Lexicon::bundled();
        assert!(lexicon.topics.len() >= 12);
        for (id, label, terms) in [
            (
                "staffing",
                "人员编制",
                &[
                    "编制",
                    "职数",
                    "定编",
                    "干部",
                    "人才",
                    "竞聘",
                    "聘用",
                    "公务员",
                ][..],
            ),
            (
                "approval-powers",
                "审批权限",
                &[
                    "审批",
                    "下放",
                    "委托",
                    "授权",
                    "事权",
                    "权力清单",
                    "行政许可",
                    "放管服",
                ][..],
            ),
            (
                "street-office",
                "街道办事处协调",
                &[
                    "街道",
                    "办事处",
                    "交叉任职",
                    "属地",
                    "社会事务",
                    "拆迁",
                    "两张皮",
                ][..],
            ),
        ] {
            let topic = lexicon.resolve(id).unwrap();
            assert_eq!(topic.label, label);
            for term in terms {
                assert!(
                    topic.terms.contains_key(*term) || topic.context.contains_key(*term),
                    "{id}: {term}"
                );
            }
        }
        let ids: std::collections::HashSet<&str> =
            lexicon.topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), lexicon.topics.len(), "ids are unique");
    }

    #[test]
    fn topics_resolve_by_id_label_or_unique_prefix() {
        let lexicon = Lexicon::bundled();
        assert_eq!(lexicon.resolve("人员编制").unwrap().id, "staffing");
        assert_eq!(lexicon.resolve("staff").unwrap().id, "staffing");
        let err = lexicon.resolve("火星").unwrap_err().to_string();
        assert!(
            err.contains("staffing") && err.contains("人员编制"),
            "{err}"
        );
    }

    #[test]
    fn user_topics_extend_and_override() {
        let mut lexicon = Lexicon::bundled();
        let count = lexicon.topics.len();
        let user = Lexicon::parse(
            "[[topic]]\nid = \"staffing\"\nlabel = \"编制\"\n[topic.terms]\n\"编制\" = 3.0\n\n[[topic]]\nid = \"sports\"\nlabel = \"体育\"\n[topic.terms]\n\"体育\" = 2\n",
            Path::new("mine.toml"),
        )
        .unwrap();
        lexicon.extend(user);
        assert_eq!(lexicon.topics.len(), count + 1);
        assert_eq!(lexicon.resolve("staffing").unwrap().terms.len(), 1);
    }

    #[test]
    fn a_malformed_file_names_the_line() {
        let err = Lexicon::parse(
            "[[topic]]\nid = \"x\"\nlabel = \"X\"\n[topic.terms]\n\"甲\" = \"heavy\"\n",
            Path::new("bad.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("bad.toml") && err.contains("line 5"), "{err}");
        let err = Lexicon::parse(
            "[[topic]]\nid = \"x\"\nlabel = \"X\"\n[topic.terms]\n\"甲\" = -1\n",
            Path::new("neg.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("weight"), "{err}");
    }
}
