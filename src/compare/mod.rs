//! Comparing documents topic by topic: for each topic, how much each document says about it
//! (does it *cover* the topic or only *mention* it), the passages that make the same point facing
//! each other, what only one document covers, and the numeric facts of both lined up by subject.
//!
//! A passage joins a topic's row only when the topic is among its dominant topics
//! ([`passages::dominant`]), so a row reads as one subject; a heading or title line is never a
//! row's content. Within a row, passages of different documents are paired by [`align`]: the
//! best match of their sentences, weighted by how rare each word is in the index and among the
//! compared documents, from [`ALIGN_MIN_SIMILARITY`] on. Passages left alone are what only their
//! document covers, most topical first.
//!
//! [`similar`] finds the passages (or documents) of the whole index most like a given one.

pub mod align;
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
use crate::search::topic_rank::{is_heading_only, PassageView};
use crate::search::Hit;
use crate::topics::Topic;
pub use align::{align, Group, ALIGN_MIN_SIMILARITY, MIN_SHARED_WORDS};
use align::{best_match, shared_terms, AlignUnit, LocalRarity};
use passages::{add_dominant_topics, document_passages, topic_scores, StoredPassage};
use vectors::{TermCounts, TermStats};

/// Without topics named, how many topics get full detail (aligned pairs, what only one document
/// covers, numeric facts); the others are summed up.
pub const DETAILED_TOPICS: usize = 3;

/// A document *covers* a topic with at least this many passages on it …
pub const COVERS_PASSAGES: usize = 3;

/// … or with at least this share of its passages; fewer passages only *mention* it.
pub const COVERS_SHARE: f64 = 0.10;

/// How many shared words an aligned group lists as the reason its passages face each other.
const SHARED_TERMS_SHOWN: usize = 6;

/// One of the documents compared.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
    /// How many of them are content: not a heading or title line.
    pub content_passages: usize,
}

/// How much a document says about a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// At least [`COVERS_PASSAGES`] passages on the topic, or [`COVERS_SHARE`] of the document.
    Covers,
    /// One or two passages, under [`COVERS_SHARE`] of the document.
    Mentions,
    /// No passage on the topic.
    None,
}

impl Coverage {
    /// The coverage of `on_topic` passages out of a document's `content` passages.
    pub fn of(on_topic: usize, content: usize) -> Coverage {
        if on_topic == 0 {
            Coverage::None
        } else if on_topic >= COVERS_PASSAGES
            || on_topic as f64 >= COVERS_SHARE * content.max(1) as f64
        {
            Coverage::Covers
        } else {
            Coverage::Mentions
        }
    }
}

/// How much one document says about a row's topic.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Share {
    /// The document's short id.
    pub doc_id: String,
    /// Passages of the document on the topic (the topic dominant in them).
    pub passages: usize,
    /// Their share of the document's content passages (0…1).
    pub share: f64,
    /// Whether the document covers the topic or only mentions it.
    pub coverage: Coverage,
    /// Their topic scores, summed.
    pub score: Score,
    /// How many of them face a passage of another document.
    pub aligned: usize,
}

/// Passages of different documents that make the same point.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AlignedGroup {
    /// The mean similarity of the group's pairs (see [`align`]).
    pub similarity: f32,
    /// One entry per compared document, in order: its passage in the group, if any.
    pub passages: Vec<Option<Hit>>,
    /// For each passage, the byte range in its `text` of the sentence that matched, when one
    /// sentence did rather than the whole passage.
    pub focus: Vec<Option<(usize, usize)>>,
    /// The words the matching sentences share, heaviest first.
    pub shared_terms: Vec<String>,
}

/// A quantity of one passage, for the numeric facts of a row.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FactLine {
    /// What is counted or measured.
    pub subject: String,
    /// One list per compared document, in order.
    pub values: Vec<Vec<FactAt>>,
}

/// One topic's row of a comparison.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TopicRow {
    /// The topic id.
    pub topic: String,
    /// Its Chinese label.
    pub label: String,
    /// Whether the row is shown in full detail by default (named with `--topic`, or among the
    /// [`DETAILED_TOPICS`] that matter most); the others are summed up.
    pub detailed: bool,
    /// How much each document says about it, in order.
    pub documents: Vec<Share>,
    /// Passages facing each other, most similar first.
    pub aligned: Vec<AlignedGroup>,
    /// For each document, its passages on the topic that face none of another document, most
    /// topical first. (The hits here and in `aligned` are scored by their score for the row's
    /// topic.)
    pub unique: Vec<Vec<Hit>>,
    /// Numeric facts of the row's passages, subjects found in several documents first.
    pub facts: Vec<FactLine>,
}

/// A comparison of documents.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
    // Whether each passage is content (not a heading or title line).
    let content: Vec<Vec<bool>> = documents
        .iter()
        .map(|passages| passages.iter().map(|p| !is_heading(&p.hit)).collect())
        .collect();
    for (passages, content) in documents.iter_mut().zip(&content) {
        add_dominant_topics(passages, &all_topics, &scores);
        for (passage, &is_content) in passages.iter_mut().zip(content) {
            if !is_content {
                passage.hit.topics.clear();
            }
        }
    }
    let units = align_units(handle, searcher, &documents, &content)?;
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
    let content_passages: Vec<usize> = content
        .iter()
        .map(|c| c.iter().filter(|&&c| c).count())
        .collect();
    let alignment = align_documents(&documents, &units);
    let jieba = handle.analyzer.jieba();
    let mut rows: Vec<TopicRow> = wanted
        .into_iter()
        .map(|topic| topic_row(topic, &documents, &alignment, &content_passages, jieba))
        .collect();
    mark_detailed(&mut rows, !named.is_empty());
    Ok(Comparison {
        documents: entries
            .iter()
            .zip(&documents)
            .zip(&content_passages)
            .map(|((e, p), &content)| ComparedDocument {
                doc_id: schema::short_id(e.id),
                title: e.metadata.title.clone(),
                path: e.path.clone(),
                root: e.root.clone(),
                passages: p.len(),
                content_passages: content,
            })
            .collect(),
        rows,
    })
}

/// Whether a passage is a heading or title line rather than content.
fn is_heading(hit: &Hit) -> bool {
    is_heading_only(&PassageView {
        text: &hit.text,
        title: &hit.title,
        section: &hit.section,
        lead: None,
    })
}

/// The alignment units of every content passage with a dominant topic (an empty unit for the
/// others, which no row holds), weighted by how rare each term is among all the compared
/// documents' content passages.
fn align_units(
    handle: &IndexHandle,
    searcher: &Searcher,
    documents: &[Vec<StoredPassage>],
    content: &[Vec<bool>],
) -> Result<Vec<Vec<AlignUnit>>> {
    let mut stats = TermStats::new(handle, searcher)?;
    let counts: Vec<Vec<TermCounts>> = documents
        .iter()
        .map(|passages| passages.iter().map(|p| stats.count(&p.analysis)).collect())
        .collect();
    let rarity = LocalRarity::new(
        counts
            .iter()
            .zip(content)
            .flat_map(|(c, k)| c.iter().zip(k).filter(|(_, &k)| k).map(|(c, _)| c)),
    );
    documents
        .iter()
        .map(|passages| {
            passages
                .iter()
                .map(|p| {
                    if p.hit.topics.is_empty() {
                        Ok(AlignUnit::default())
                    } else {
                        AlignUnit::new(&mut stats, &rarity, &p.analysis)
                    }
                })
                .collect()
        })
        .collect()
}

/// Marks the rows shown in full detail: all of them when topics were named, else the first
/// [`DETAILED_TOPICS`] of those every document has a passage on, then of the others.
fn mark_detailed(rows: &mut [TopicRow], named: bool) {
    if named {
        rows.iter_mut().for_each(|r| r.detailed = true);
        return;
    }
    let shared = |r: &TopicRow| r.documents.iter().all(|s| s.passages > 0);
    let mut order: Vec<usize> = (0..rows.len()).filter(|&i| shared(&rows[i])).collect();
    order.extend((0..rows.len()).filter(|&i| !shared(&rows[i])));
    for i in order.into_iter().take(DETAILED_TOPICS) {
        rows[i].detailed = true;
    }
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

/// The alignment of the whole comparison: every passage on some topic paired, across rows, with
/// the passages of other documents that make the same point.
struct Alignment {
    /// The groups of two or more passages, with each passage's matching window and the words
    /// shared.
    groups: Vec<AlignedMembers>,
    /// For each document and passage, its group in `groups`, if it has one.
    group_of: Vec<Vec<Option<usize>>>,
}

/// One aligned group: for each document its passage (an index into the document's passages).
struct AlignedMembers {
    similarity: f32,
    members: Vec<Option<usize>>,
    focus: Vec<Option<(usize, usize)>>,
    shared_terms: Vec<String>,
}

/// Aligns every passage that has a dominant topic with the passages of the other documents.
fn align_documents(documents: &[Vec<StoredPassage>], units: &[Vec<AlignUnit>]) -> Alignment {
    let on_topic: Vec<Vec<usize>> = documents
        .iter()
        .map(|passages| {
            (0..passages.len())
                .filter(|&i| !passages[i].hit.topics.is_empty())
                .collect()
        })
        .collect();
    let unit = |d: usize, k: usize| &units[d][on_topic[d][k]];
    let sizes: Vec<usize> = on_topic.iter().map(Vec::len).collect();
    let grouped = align(
        &sizes,
        |(d, k), (e, l)| align::similarity(unit(d, k), unit(e, l)),
        ALIGN_MIN_SIMILARITY,
    );
    let mut group_of: Vec<Vec<Option<usize>>> =
        documents.iter().map(|p| vec![None; p.len()]).collect();
    let mut groups = Vec::new();
    for group in grouped {
        let present: Vec<(usize, usize)> = group
            .members
            .iter()
            .enumerate()
            .filter_map(|(d, k)| k.map(|k| (d, k)))
            .collect();
        if present.len() < 2 {
            continue;
        }
        // Each passage's matching sentence: its best window against the group's first other
        // member; the shared words of the first two members.
        let mut focus = vec![None; documents.len()];
        for &(d, k) in &present {
            let &(e, l) = present.iter().find(|(e, _)| *e != d).expect("two members");
            if let Some((_, i, _)) = best_match(unit(d, k), unit(e, l)) {
                focus[d] = unit(d, k).spans[i];
            }
        }
        let ((d, k), (e, l)) = (present[0], present[1]);
        for &(d, k) in &present {
            group_of[d][on_topic[d][k]] = Some(groups.len());
        }
        groups.push(AlignedMembers {
            similarity: group.similarity,
            members: group
                .members
                .iter()
                .enumerate()
                .map(|(d, k)| k.map(|k| on_topic[d][k]))
                .collect(),
            focus,
            shared_terms: shared_terms(unit(d, k), unit(e, l), SHARED_TERMS_SHOWN),
        });
    }
    Alignment { groups, group_of }
}

/// One topic's row: each document's passages on it, the groups any of them is aligned in, and
/// their numeric facts.
fn topic_row(
    topic: &Topic,
    documents: &[Vec<StoredPassage>],
    alignment: &Alignment,
    content_passages: &[usize],
    jieba: &jieba_rs::Jieba,
) -> TopicRow {
    // For each document, the indexes of the row's passages.
    let members: Vec<Vec<usize>> = documents
        .iter()
        .map(|passages| {
            (0..passages.len())
                .filter(|&i| passages[i].hit.topics.iter().any(|t| t.id == topic.id))
                .collect()
        })
        .collect();
    // A passage, scored by its score for the row's topic (0 when it is not on it).
    let hit = |d: usize, i: usize| {
        let mut hit = documents[d][i].hit.clone();
        hit.score = hit
            .topics
            .iter()
            .find(|t| t.id == topic.id)
            .map_or(0.0, |t| t.score);
        hit
    };
    let mut group_ids: Vec<usize> = Vec::new();
    let mut unique: Vec<Vec<Hit>> = vec![Vec::new(); documents.len()];
    for (d, row) in members.iter().enumerate() {
        for &i in row {
            match alignment.group_of[d][i] {
                Some(g) => group_ids.push(g),
                None => unique[d].push(hit(d, i)),
            }
        }
    }
    group_ids.sort_unstable();
    group_ids.dedup();
    let mut aligned: Vec<AlignedGroup> = group_ids
        .into_iter()
        .map(|g| {
            let group = &alignment.groups[g];
            AlignedGroup {
                similarity: group.similarity,
                passages: group
                    .members
                    .iter()
                    .enumerate()
                    .map(|(d, i)| i.map(|i| hit(d, i)))
                    .collect(),
                focus: group.focus.clone(),
                shared_terms: group.shared_terms.clone(),
            }
        })
        .collect();
    aligned.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    for hits in &mut unique {
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.passage.cmp(&b.passage)));
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
            share: m.len() as f64 / content_passages[d].max(1) as f64,
            coverage: Coverage::of(m.len(), content_passages[d]),
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
        detailed: false,
        documents: shares,
        aligned,
        unique,
        facts: facts(jieba, &row_hits),
    }
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
    use super::*;

    #[test]
    fn coverage_counts_passages_and_shares() {
        assert_eq!(Coverage::of(0, 10), Coverage::None);
        assert_eq!(Coverage::of(1, 100), Coverage::Mentions);
        assert_eq!(Coverage::of(2, 100), Coverage::Mentions);
        assert_eq!(Coverage::of(3, 100), Coverage::Covers);
        assert_eq!(Coverage::of(2, 15), Coverage::Covers, "2 of 15 is over 10%");
        assert_eq!(Coverage::of(1, 0), Coverage::Covers);
    }
}
