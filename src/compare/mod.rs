//! Comparing documents topic by topic: for each topic, each document's passages on it, the
//! passages that say similar things facing each other, what only one document covers, and the
//! numeric facts of both lined up by subject.
//!
//! A passage joins a topic's row only when the topic is among its dominant topics
//! ([`passages::dominant`]), so a row reads as one subject. Within a row, passages of different
//! documents are aligned greedily, most similar pair first, by the TF-IDF cosine of their words
//! and bigrams over the index's statistics ([`vectors`]); a pair joins only at
//! [`ALIGN_MIN_SIMILARITY`] or more, and each aligned group holds at most one passage of each
//! document. Passages left alone in their group are what only their document covers.
//!
//! [`similar`] finds the passages (or documents) of the whole index most like a given one.

pub mod passages;
pub mod similar;
pub mod vectors;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::{Score, Searcher};

use crate::error::Result;
use crate::index::manifest::FileEntry;
use crate::index::schema;
use crate::index::IndexHandle;
use crate::quantity::find_quantities;
use crate::search::Hit;
use crate::topics::Topic;
use passages::{add_dominant_topics, document_passages, topic_scores, StoredPassage};
use vectors::{cosine, shared_words, TermStats, TermVector};

/// Two passages of different documents face each other from this cosine on (with
/// [`MIN_SHARED_WORDS`]). Cosines between a long report paragraph and a short article are low:
/// on the report against the Beijing street-office regulation, the pairs that make the same
/// point (政务服务设施 and 办事窗口; 考核 of departments) scored 0.09–0.10, while an unrelated
/// statistical communiqué had one pair above 0.01 (0.16, both about industrial output).
pub const ALIGN_MIN_SIMILARITY: f32 = 0.08;

/// Two aligned passages share at least this many distinct words.
pub const MIN_SHARED_WORDS: usize = 2;

/// One of the documents compared.
#[derive(Debug, Clone, Serialize)]
pub struct ComparedDocument {
    /// The document's short id.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// Its path relative to its root.
    pub path: String,
    /// The root it was indexed from.
    pub root: String,
    /// How many passages it has.
    pub passages: usize,
}

/// How much one document says about a row's topic.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    /// The document's short id.
    pub doc_id: String,
    /// Passages of the document on the topic (the topic dominant in them).
    pub passages: usize,
    /// Their topic scores, summed.
    pub score: Score,
    /// How many of them face a passage of another document.
    pub aligned: usize,
}

/// Passages of different documents that say similar things.
#[derive(Debug, Clone, Serialize)]
pub struct AlignedGroup {
    /// The mean cosine of the group's pairs.
    pub similarity: f32,
    /// One entry per compared document, in order: its passage in the group, if any.
    pub passages: Vec<Option<Hit>>,
}

/// A quantity of one passage, for the numeric facts of a row.
#[derive(Debug, Clone, Serialize)]
pub struct FactAt {
    /// The number and unit as written (`45人`).
    pub amount: String,
    /// The number's value as written.
    pub value: f64,
    /// The unit as written.
    pub unit: String,
    /// The line of the passage it is in.
    pub line: u64,
    /// The passage's number in its document.
    pub passage: u64,
}

/// One subject's quantities in each document.
#[derive(Debug, Clone, Serialize)]
pub struct FactLine {
    /// What is counted or measured.
    pub subject: String,
    /// One list per compared document, in order.
    pub values: Vec<Vec<FactAt>>,
}

/// One topic's row of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct TopicRow {
    /// The topic id.
    pub topic: String,
    /// Its Chinese label.
    pub label: String,
    /// How much each document says about it, in order.
    pub documents: Vec<Share>,
    /// Passages facing each other, in document order of the first document that has one.
    pub aligned: Vec<AlignedGroup>,
    /// For each document, its passages on the topic that face none of another document. (The
    /// hits here and in `aligned` are scored by their score for the row's topic.)
    pub unique: Vec<Vec<Hit>>,
    /// Numeric facts of the row's passages, subjects found in several documents first.
    pub facts: Vec<FactLine>,
}

/// A comparison of documents.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The documents, in the order given.
    pub documents: Vec<ComparedDocument>,
    /// One row per topic.
    pub rows: Vec<TopicRow>,
}

impl Comparison {
    /// For each document: how many distinct passages are in some row, and how many of them
    /// face a passage of another document in some row.
    pub fn overlap(&self) -> Vec<(usize, usize)> {
        let mut seen: Vec<HashMap<u64, bool>> = vec![HashMap::new(); self.documents.len()];
        for row in &self.rows {
            for group in &row.aligned {
                for (d, hit) in group.passages.iter().enumerate() {
                    if let Some(hit) = hit {
                        seen[d].insert(hit.passage, true);
                    }
                }
            }
            for (d, hits) in row.unique.iter().enumerate() {
                for hit in hits {
                    seen[d].entry(hit.passage).or_insert(false);
                }
            }
        }
        seen.iter()
            .map(|s| (s.len(), s.values().filter(|&&a| a).count()))
            .collect()
    }
}

/// Compares documents: rows for the `named` topics, in that order, or (none named) for every
/// topic of `topics` that is dominant in some passage, the most discussed first. Dominance is
/// always judged against all of `topics`.
pub fn compare(
    handle: &IndexHandle,
    searcher: &Searcher,
    entries: &[&FileEntry],
    topics: &[Topic],
    named: &[Topic],
) -> Result<Comparison> {
    let mut all_topics: Vec<Topic> = topics.to_vec();
    for topic in named {
        if !all_topics.iter().any(|t| t.id == topic.id) {
            all_topics.push(topic.clone());
        }
    }
    let mut documents: Vec<Vec<StoredPassage>> = Vec::new();
    for entry in entries {
        documents.push(document_passages(handle, searcher, entry)?);
    }
    let mut keys: Vec<String> = entries
        .iter()
        .map(|e| schema::doc_key(&e.root, &e.path))
        .collect();
    keys.dedup();
    let total: usize = documents.iter().map(Vec::len).sum();
    let scores = topic_scores(handle, searcher, &all_topics, &keys, total)?;
    for passages in &mut documents {
        add_dominant_topics(passages, &all_topics, &scores);
    }
    let mut stats = TermStats::new(handle, searcher)?;
    let mut vectors: Vec<Vec<TermVector>> = Vec::new();
    for passages in &documents {
        vectors.push(
            passages
                .iter()
                .map(|p| stats.vector(&p.analysis))
                .collect::<Result<Vec<_>>>()?,
        );
    }
    let wanted: Vec<&Topic> = if named.is_empty() {
        let mut discussed: Vec<(&Topic, Score)> = all_topics
            .iter()
            .map(|t| (t, topic_total(&documents, &t.id)))
            .filter(|(_, s)| *s > 0.0)
            .collect();
        discussed.sort_by(|a, b| b.1.total_cmp(&a.1));
        discussed.into_iter().map(|(t, _)| t).collect()
    } else {
        named.iter().collect()
    };
    let jieba = handle.analyzer.jieba();
    let rows = wanted
        .into_iter()
        .map(|topic| topic_row(topic, &documents, &vectors, jieba))
        .collect();
    Ok(Comparison {
        documents: entries
            .iter()
            .zip(&documents)
            .map(|(e, p)| ComparedDocument {
                doc_id: schema::short_id(e.id),
                title: e.metadata.title.clone(),
                path: e.path.clone(),
                root: e.root.clone(),
                passages: p.len(),
            })
            .collect(),
        rows,
    })
}

/// The summed score of a topic over the passages where it is dominant.
fn topic_total(documents: &[Vec<StoredPassage>], topic: &str) -> Score {
    documents
        .iter()
        .flatten()
        .flat_map(|p| p.hit.topics.iter().filter(|t| t.id == topic))
        .map(|t| t.score)
        .sum()
}

/// One topic's row: each document's passages on it, aligned, and their numeric facts.
fn topic_row(
    topic: &Topic,
    documents: &[Vec<StoredPassage>],
    vectors: &[Vec<TermVector>],
    jieba: &jieba_rs::Jieba,
) -> TopicRow {
    // (document, passage index) of the row's passages.
    let members: Vec<Vec<usize>> = documents
        .iter()
        .map(|passages| {
            (0..passages.len())
                .filter(|&i| passages[i].hit.topics.iter().any(|t| t.id == topic.id))
                .collect()
        })
        .collect();
    let row_vectors: Vec<Vec<&TermVector>> = members
        .iter()
        .enumerate()
        .map(|(d, m)| m.iter().map(|&i| &vectors[d][i]).collect())
        .collect();
    let groups = align(&row_vectors, ALIGN_MIN_SIMILARITY);
    // A passage of the row, scored by its score for the row's topic.
    let hit = |d: usize, k: usize| {
        let mut hit = documents[d][members[d][k]].hit.clone();
        hit.score = hit
            .topics
            .iter()
            .find(|t| t.id == topic.id)
            .map_or(0.0, |t| t.score);
        hit
    };
    let mut aligned = Vec::new();
    let mut unique: Vec<Vec<Hit>> = vec![Vec::new(); documents.len()];
    for group in &groups {
        let present: Vec<(usize, usize)> = group
            .members
            .iter()
            .enumerate()
            .filter_map(|(d, k)| k.map(|k| (d, k)))
            .collect();
        if let [(d, k)] = present[..] {
            unique[d].push(hit(d, k));
        } else {
            aligned.push(AlignedGroup {
                similarity: group.similarity,
                passages: group
                    .members
                    .iter()
                    .enumerate()
                    .map(|(d, k)| k.map(|k| hit(d, k)))
                    .collect(),
            });
        }
    }
    let shares = members
        .iter()
        .enumerate()
        .map(|(d, m)| Share {
            doc_id: documents[d]
                .first()
                .map(|p| p.hit.doc_id.clone())
                .unwrap_or_default(),
            passages: m.len(),
            score: m
                .iter()
                .flat_map(|&i| documents[d][i].hit.topics.iter())
                .filter(|t| t.id == topic.id)
                .map(|t| t.score)
                .sum(),
            aligned: m.len() - unique[d].len(),
        })
        .collect();
    let row_hits: Vec<Vec<&Hit>> = members
        .iter()
        .enumerate()
        .map(|(d, m)| m.iter().map(|&i| &documents[d][i].hit).collect())
        .collect();
    TopicRow {
        topic: topic.id.clone(),
        label: topic.label.clone(),
        documents: shares,
        aligned,
        unique,
        facts: facts(jieba, &row_hits),
    }
}

/// An aligned group: for each document, the index of its passage in the group, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// One entry per document.
    pub members: Vec<Option<usize>>,
    /// The mean cosine of the pairs that joined it (1 for a passage alone).
    pub similarity: f32,
}

/// Aligns the passages of several documents (`vectors[d][k]`: passage `k` of document `d`):
/// pairs of different documents, most similar first, join their groups when the cosine is at
/// least `min` and no document would have two passages in the group. Every passage ends in
/// exactly one group; groups come in document order of their first member.
pub fn align(vectors: &[Vec<&TermVector>], min: f32) -> Vec<Group> {
    // (similarity, (document, passage), (document, passage)) of every pair that may align.
    type Pair = (f32, (usize, usize), (usize, usize));
    let mut pairs: Vec<Pair> = Vec::new();
    for (d, passages) in vectors.iter().enumerate() {
        for (e, others) in vectors.iter().enumerate().skip(d + 1) {
            for (k, a) in passages.iter().enumerate() {
                for (l, b) in others.iter().enumerate() {
                    let similarity = cosine(a, b);
                    if similarity >= min && enough_shared_words(a, b) {
                        pairs.push((similarity, (d, k), (e, l)));
                    }
                }
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    // Each passage's group, and each group's members and the similarities that joined it.
    let mut group_of: HashMap<(usize, usize), usize> = HashMap::new();
    let mut groups: Vec<(Vec<Option<usize>>, Vec<f32>)> = Vec::new();
    for (d, passages) in vectors.iter().enumerate() {
        for k in 0..passages.len() {
            let mut members = vec![None; vectors.len()];
            members[d] = Some(k);
            group_of.insert((d, k), groups.len());
            groups.push((members, Vec::new()));
        }
    }
    for (similarity, a, b) in pairs {
        let (ga, gb) = (group_of[&a], group_of[&b]);
        if ga == gb {
            continue;
        }
        let disjoint = groups[ga]
            .0
            .iter()
            .zip(&groups[gb].0)
            .all(|(x, y)| x.is_none() || y.is_none());
        if !disjoint {
            continue;
        }
        let (moved, joined) = std::mem::take(&mut groups[gb]);
        for (d, k) in moved.iter().enumerate() {
            if let Some(k) = k {
                groups[ga].0[d] = Some(*k);
                group_of.insert((d, *k), ga);
            }
        }
        groups[ga].1.extend(joined);
        groups[ga].1.push(similarity);
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .filter(|(members, _)| members.iter().any(Option::is_some))
        .map(|(members, joined)| Group {
            similarity: if joined.is_empty() {
                1.0
            } else {
                joined.iter().sum::<f32>() / joined.len() as f32
            },
            members,
        })
        .collect();
    out.sort_by_key(|g| {
        g.members
            .iter()
            .enumerate()
            .find_map(|(d, k)| k.map(|k| (d, k)))
    });
    out
}

/// Whether two passages share at least [`MIN_SHARED_WORDS`] distinct words (or all the words
/// of the one with fewer), so that one rare word in common does not make a short passage look
/// like a long one.
fn enough_shared_words(a: &TermVector, b: &TermVector) -> bool {
    let (shared, fewest) = shared_words(a, b);
    shared >= MIN_SHARED_WORDS.min(fewest).max(1)
}

/// The numeric facts of a row's passages (`hits[d]`: document `d`'s), by subject: subjects found
/// in several documents first, then in the order they appear.
fn facts(jieba: &jieba_rs::Jieba, hits: &[Vec<&Hit>]) -> Vec<FactLine> {
    let mut by_subject: BTreeMap<String, (usize, Vec<Vec<FactAt>>)> = BTreeMap::new();
    let mut order = 0;
    for (d, passages) in hits.iter().enumerate() {
        for hit in passages {
            for quantity in find_quantities(jieba, &hit.text) {
                let entry = by_subject
                    .entry(quantity.subject.clone())
                    .or_insert_with(|| {
                        order += 1;
                        (order, vec![Vec::new(); hits.len()])
                    });
                entry.1[d].push(FactAt {
                    amount: quantity.amount(),
                    value: quantity.value,
                    unit: quantity.unit.clone(),
                    line: hit.line,
                    passage: hit.passage,
                });
            }
        }
    }
    let mut lines: Vec<(bool, usize, FactLine)> = by_subject
        .into_iter()
        .map(|(subject, (first, values))| {
            let shared = values.iter().filter(|v| !v.is_empty()).count() > 1;
            (!shared, first, FactLine { subject, values })
        })
        .collect();
    lines.sort_by_key(|l| (l.0, l.1));
    lines.into_iter().map(|l| l.2).collect()
}

#[cfg(test)]
mod tests {
    use super::vectors::{TermField, TermVector};
    use super::*;

    fn vector(terms: &[&str]) -> TermVector {
        TermVector::from_weights(
            terms
                .iter()
                .map(|t| ((TermField::Words, (*t).to_owned()), 1.0))
                .collect(),
        )
    }

    #[test]
    fn a_document_aligned_with_itself_pairs_every_passage_with_itself() {
        let passages = [
            vector(&["编制", "园区"]),
            vector(&["审批", "下放"]),
            vector(&["编制", "园区"]),
            vector(&["街道"]),
        ];
        let side: Vec<&TermVector> = passages.iter().collect();
        let groups = align(&[side.clone(), side], 0.2);
        assert_eq!(groups.len(), 4);
        for (k, group) in groups.iter().enumerate() {
            assert_eq!(group.members, [Some(k), Some(k)], "{groups:?}");
            assert!((group.similarity - 1.0).abs() < 1e-6);
        }
    }

    #[test]
    fn passages_without_a_counterpart_stay_alone() {
        let a = [vector(&["编制", "园区", "职数"]), vector(&["生态", "环保"])];
        let b = [vector(&["编制", "职数", "干部"]), vector(&["招商", "引资"])];
        let groups = align(
            &[a.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>()],
            0.2,
        );
        let members: Vec<&[Option<usize>]> = groups.iter().map(|g| &g.members[..]).collect();
        assert_eq!(
            members,
            [
                &[Some(0), Some(0)][..],
                &[Some(1), None][..],
                &[None, Some(1)][..]
            ]
        );
        assert!(groups[0].similarity > 0.2 && groups[0].similarity < 1.0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]

        /// Every passage ends in exactly one group, and no group holds two passages of one
        /// document.
        #[test]
        fn every_passage_is_in_one_group(
            documents in proptest::collection::vec(
                proptest::collection::vec(proptest::collection::vec(0usize..6, 1..4), 0..5),
                1..4,
            ),
        ) {
            const WORDS: [&str; 6] = ["编制", "园区", "审批", "街道", "考核", "招商"];
            let vectors: Vec<Vec<TermVector>> = documents
                .iter()
                .map(|d| {
                    d.iter()
                        .map(|p| vector(&p.iter().map(|&w| WORDS[w]).collect::<Vec<_>>()))
                        .collect()
                })
                .collect();
            let sides: Vec<Vec<&TermVector>> = vectors.iter().map(|d| d.iter().collect()).collect();
            let groups = align(&sides, 0.2);
            for (d, passages) in documents.iter().enumerate() {
                for k in 0..passages.len() {
                    let holding = groups.iter().filter(|g| g.members[d] == Some(k)).count();
                    proptest::prop_assert_eq!(holding, 1);
                }
            }
            for group in &groups {
                proptest::prop_assert_eq!(group.members.len(), documents.len());
                proptest::prop_assert!(group.members.iter().any(Option::is_some));
            }
        }
    }

    #[test]
    fn a_group_holds_one_passage_of_each_document() {
        let a = [vector(&["编制"]), vector(&["编制"])];
        let b = [vector(&["编制"])];
        let c = [vector(&["编制"])];
        let groups = align(
            &[
                a.iter().collect::<Vec<_>>(),
                b.iter().collect::<Vec<_>>(),
                c.iter().collect::<Vec<_>>(),
            ],
            0.2,
        );
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].members, [Some(0), Some(0), Some(0)]);
        assert_eq!(groups[1].members, [Some(1), None, None]);
    }
}
