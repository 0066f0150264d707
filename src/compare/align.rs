//! Pairing the passages of different documents that make the same point.
//!
//! Overall word overlap pairs the wrong passages when documents differ in length and in what
//! they all repeat: a long report paragraph that makes five points has a low cosine with every
//! short article, and the article that shares most of its few words with it (`…实行主任负责制`,
//! sharing 街道办事处 and 主任) wins over the article that makes one of its points. Three things
//! change that here:
//!
//! - **Words the compared documents all repeat say nothing about which passages face each
//!   other.** Terms are segmented words (bigrams, which cross word boundaries — 发展环境 gives
//!   展环 — are left out). A term's weight is its TF-IDF weight over the whole index times its
//!   [`LocalRarity`] among the compared documents' passages: 街道办事处 in two street-office
//!   regulations, or 开发区 in a zone regulation, weighs little; a term in one passage of each
//!   weighs in full. Terms held by more than [`LocalRarity::COMMON_SHARE`] of the passages are
//!   left out.
//! - **A passage is compared point by point.** Its windows are the whole passage and each of its
//!   sentences (one shorter than [`MIN_WINDOW_CHARS`] joins the next); two passages score the
//!   best cosine of a window of one with a window of the other, so a paragraph faces the
//!   article that makes one of its points.
//! - **A pair needs substance in common**: its best windows share at least
//!   [`MIN_SHARED_WORDS`] distinct substantive words, words fewer than
//!   [`SUBSTANTIVE_MAX_SHARE`] of the index's passages hold.
//!
//! Pairs of different documents then join greedily, most similar first, from
//! [`ALIGN_MIN_SIMILARITY`] on, and each aligned group holds at most one passage of each
//! document ([`align`]).

use std::collections::{HashMap, HashSet};

use super::vectors::{cosine, TermCounts, TermField, TermKey, TermStats, TermVector};
use crate::error::Result;
use crate::text::sentence_ranges;

/// Two passages face each other from this similarity on (the best cosine of their windows,
/// locally weighted). Measured on the judged counterpart fixture
/// (`tests/fixtures/compare-counterparts.json`); see `docs/compare.md`.
pub const ALIGN_MIN_SIMILARITY: f32 = 0.1;

/// The best windows of two aligned passages share at least this many distinct substantive words.
pub const MIN_SHARED_WORDS: usize = 2;

/// A sentence shorter than this many characters (a heading-like `(二)优化园区发展环境。`) is
/// one window with the next.
pub const MIN_WINDOW_CHARS: usize = 20;

/// A word is substantive for alignment when fewer than this share of the index's passages hold
/// it: 办事窗口, 任免, 事权 are; 发展, 领导, 统一 are not. Two passages that share only common
/// words (发展, 加大) and one rare one (财力) do not make the same point.
pub const SUBSTANTIVE_MAX_SHARE: f32 = 0.02;

/// How rare each term is among the passages of the documents compared: one passage's counts
/// per term, over all of them.
#[derive(Debug, Clone, Default)]
pub struct LocalRarity {
    passages: usize,
    holding: HashMap<TermKey, usize>,
}

impl LocalRarity {
    /// A term held by more than this share of the compared passages is left out of alignment.
    pub const COMMON_SHARE: f32 = 0.25;

    /// The rarity of terms over these passages' counts.
    pub fn new<'a>(passages: impl IntoIterator<Item = &'a TermCounts>) -> LocalRarity {
        let mut rarity = LocalRarity::default();
        for counts in passages {
            rarity.passages += 1;
            for key in counts.0.keys() {
                *rarity.holding.entry(key.clone()).or_default() += 1;
            }
        }
        rarity
    }

    /// A term's weight among the compared passages, from 1 (held by one passage, or two) down
    /// to 0 (held by more than [`Self::COMMON_SHARE`] of them): `ln((n+1)/(h+1)) / ln((n+1)/3)`
    /// for a term held by `h` of `n` passages, clamped to 0…1.
    pub fn weight(&self, key: &TermKey) -> f32 {
        let n = self.passages as f32;
        let held = self.holding.get(key).copied().unwrap_or(0) as f32;
        if n == 0.0 || held > Self::COMMON_SHARE * n {
            return 0.0;
        }
        let full = ((n + 1.0) / 3.0).ln();
        if full <= 0.0 {
            return 1.0;
        }
        (((n + 1.0) / (held + 1.0)).ln() / full).clamp(0.0, 1.0)
    }
}

/// A passage ready to be aligned: the locally weighted vectors of its windows (the whole
/// passage first, then each sentence when it has several) and where each window is.
#[derive(Debug, Clone, Default)]
pub struct AlignUnit {
    /// The windows' vectors.
    pub windows: Vec<TermVector>,
    /// Each window's byte range in the passage's text; `None` for the whole passage.
    pub spans: Vec<Option<(usize, usize)>>,
    /// Each window's substantive words (see [`SUBSTANTIVE_MAX_SHARE`]), sorted.
    pub substantive: Vec<Vec<String>>,
}

impl AlignUnit {
    /// The windows of a passage's analysed text, weighted by the index and by `rarity`.
    pub fn new(
        stats: &mut TermStats,
        rarity: &LocalRarity,
        analysis_text: &str,
    ) -> Result<AlignUnit> {
        let mut spans = vec![None];
        let parts = sentence_windows(analysis_text, MIN_WINDOW_CHARS);
        if parts.len() > 1 {
            spans.extend(parts.into_iter().map(Some));
        }
        let mut windows = Vec::with_capacity(spans.len());
        let mut substantive = Vec::with_capacity(spans.len());
        let min_idf = -SUBSTANTIVE_MAX_SHARE.ln();
        for span in &spans {
            let text = span.map_or(analysis_text, |(from, to)| &analysis_text[from..to]);
            let counts = stats.count(text);
            let global = stats.weigh(&counts)?;
            let mut weights = HashMap::new();
            let mut words = Vec::new();
            for (key, w) in global.terms {
                if key.0 != TermField::Words {
                    continue;
                }
                let local = rarity.weight(&key);
                if local > 0.0 && stats.idf(&key)? >= min_idf {
                    words.push(key.1.clone());
                }
                weights.insert(key, w * local);
            }
            words.sort_unstable();
            words.dedup();
            substantive.push(words);
            windows.push(TermVector::from_weights(weights));
        }
        Ok(AlignUnit {
            windows,
            spans,
            substantive,
        })
    }
}

/// A text's sentences as windows of at least `min_chars` characters: a shorter sentence (a
/// heading-like `(二)优化园区发展环境。`) joins the next one, the last joins the one before.
fn sentence_windows(text: &str, min_chars: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for range in sentence_ranges(text) {
        let (from, to) = match open.take() {
            Some((from, _)) => (from, range.end),
            None => (range.start, range.end),
        };
        if text[from..to].chars().count() >= min_chars {
            out.push((from, to));
        } else {
            open = Some((from, to));
        }
    }
    if let Some((from, to)) = open {
        match out.last_mut() {
            Some(last) => last.1 = to,
            None => out.push((from, to)),
        }
    }
    out
}

/// Where two passages make the same point: the best cosine of a window of `a` with a window of
/// `b` that share enough words, and the two windows' indexes; `None` when no windows do.
pub fn best_match(a: &AlignUnit, b: &AlignUnit) -> Option<(f32, usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    for (i, x) in a.windows.iter().enumerate() {
        for (j, y) in b.windows.iter().enumerate() {
            let score = cosine(x, y);
            if score > 0.0
                && best.is_none_or(|(s, _, _)| score > s)
                && enough_shared_words(&a.substantive[i], &b.substantive[j])
            {
                best = Some((score, i, j));
            }
        }
    }
    best
}

/// How much two passages make the same point: the score of their [`best_match`], 0 for none.
pub fn similarity(a: &AlignUnit, b: &AlignUnit) -> f32 {
    best_match(a, b).map_or(0.0, |m| m.0)
}

/// The distinct terms the best-matching windows of two passages share, heaviest first (at most
/// `n`): what a reader is shown as the reason two passages face each other.
pub fn shared_terms(a: &AlignUnit, b: &AlignUnit, n: usize) -> Vec<String> {
    let Some((_, i, j)) = best_match(a, b) else {
        return Vec::new();
    };
    let substantive: HashSet<&String> = a.substantive[i].iter().collect();
    a.windows[i]
        .shared(&b.windows[j])
        .into_iter()
        .map(|(key, _)| &key.1)
        .filter(|t| substantive.contains(t) && b.substantive[j].binary_search(t).is_ok())
        .take(n)
        .cloned()
        .collect()
}

/// Whether two windows share at least [`MIN_SHARED_WORDS`] distinct substantive words (sorted
/// lists), so that one rare word in common does not make a pair.
fn enough_shared_words(a: &[String], b: &[String]) -> bool {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared >= MIN_SHARED_WORDS
}

/// An aligned group: for each document, the index of its passage in the group, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// One entry per document.
    pub members: Vec<Option<usize>>,
    /// The mean similarity of the pairs that joined it (1 for a passage alone).
    pub similarity: f32,
}

/// Aligns the passages of several documents (`sizes[d]` passages in document `d`): pairs of
/// different documents, most similar first (`similarity((d, k), (e, l))`), join their groups
/// when the similarity is at least `min` and no document would have two passages in the group.
/// Every passage ends in exactly one group; groups come in document order of their first
/// member.
pub fn align(
    sizes: &[usize],
    similarity: impl Fn((usize, usize), (usize, usize)) -> f32,
    min: f32,
) -> Vec<Group> {
    // (similarity, (document, passage), (document, passage)) of every pair that may align.
    type Pair = (f32, (usize, usize), (usize, usize));
    let mut pairs: Vec<Pair> = Vec::new();
    for (d, &n) in sizes.iter().enumerate() {
        for (e, &m) in sizes.iter().enumerate().skip(d + 1) {
            for k in 0..n {
                for l in 0..m {
                    let score = similarity((d, k), (e, l));
                    if score >= min && score > 0.0 {
                        pairs.push((score, (d, k), (e, l)));
                    }
                }
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    // Each passage's group, and each group's members and the similarities that joined it.
    let mut group_of: HashMap<(usize, usize), usize> = HashMap::new();
    let mut groups: Vec<(Vec<Option<usize>>, Vec<f32>)> = Vec::new();
    for (d, &n) in sizes.iter().enumerate() {
        for k in 0..n {
            let mut members = vec![None; sizes.len()];
            members[d] = Some(k);
            group_of.insert((d, k), groups.len());
            groups.push((members, Vec::new()));
        }
    }
    for (score, a, b) in pairs {
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
        groups[ga].1.push(score);
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

#[cfg(test)]
mod tests {
    use super::super::vectors::{TermField, TermVector};
    use super::*;

    fn vector(terms: &[&str]) -> TermVector {
        TermVector::from_weights(
            terms
                .iter()
                .map(|t| ((TermField::Words, (*t).to_owned()), 1.0))
                .collect(),
        )
    }

    /// The words of a vector, sorted, all taken as substantive.
    fn words(v: &TermVector) -> Vec<String> {
        v.terms.iter().map(|t| t.0 .1.clone()).collect()
    }

    /// A unit of windows given as word lists, every word substantive.
    fn unit(windows: &[&[&str]]) -> AlignUnit {
        let windows: Vec<TermVector> = windows.iter().map(|w| vector(w)).collect();
        AlignUnit {
            spans: (0..windows.len())
                .map(|i| (i > 0).then_some((i, i + 1)))
                .collect(),
            substantive: windows.iter().map(words).collect(),
            windows,
        }
    }

    /// Aligns plain vectors by their cosine, with the shared-word rule.
    fn align_vectors(documents: &[Vec<TermVector>], min: f32) -> Vec<Group> {
        let sizes: Vec<usize> = documents.iter().map(Vec::len).collect();
        align(
            &sizes,
            |(d, k), (e, l)| {
                let (a, b) = (&documents[d][k], &documents[e][l]);
                let fewest = words(a).len().min(words(b).len());
                let (x, y) = (words(a), words(b));
                let shared = x.iter().filter(|w| y.contains(w)).count();
                if shared >= MIN_SHARED_WORDS.min(fewest) {
                    cosine(a, b)
                } else {
                    0.0
                }
            },
            min,
        )
    }

    #[test]
    fn a_document_aligned_with_itself_pairs_every_passage_with_itself() {
        let passages = vec![
            vector(&["编制", "园区"]),
            vector(&["审批", "下放"]),
            vector(&["编制", "园区"]),
            vector(&["街道"]),
        ];
        let groups = align_vectors(&[passages.clone(), passages], 0.2);
        assert_eq!(groups.len(), 4);
        for (k, group) in groups.iter().enumerate() {
            assert_eq!(group.members, [Some(k), Some(k)], "{groups:?}");
            assert!((group.similarity - 1.0).abs() < 1e-6);
        }
    }

    #[test]
    fn passages_without_a_counterpart_stay_alone() {
        let a = vec![vector(&["编制", "园区", "职数"]), vector(&["生态", "环保"])];
        let b = vec![vector(&["编制", "职数", "干部"]), vector(&["招商", "引资"])];
        let groups = align_vectors(&[a, b], 0.2);
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

    #[test]
    fn a_group_holds_one_passage_of_each_document() {
        let groups = align_vectors(
            &[
                vec![vector(&["编制"]), vector(&["编制"])],
                vec![vector(&["编制"])],
                vec![vector(&["编制"])],
            ],
            0.2,
        );
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].members, [Some(0), Some(0), Some(0)]);
        assert_eq!(groups[1].members, [Some(1), None, None]);
    }

    #[test]
    fn a_paragraph_faces_the_short_passage_that_makes_one_of_its_points() {
        let paragraph = unit(&[
            &["交叉", "任职", "统一领导", "人事任免", "拆迁", "主任"],
            &["交叉", "任职"],
            &["统一领导", "人事任免", "拆迁"],
        ]);
        let point = unit(&[&["统一领导", "人事任免", "考核"]]);
        let one_word = unit(&[&["主任", "负责制"]]);
        assert!(similarity(&paragraph, &point) > 0.6);
        assert_eq!(best_match(&paragraph, &point).map(|m| m.1), Some(2));
        assert_eq!(
            shared_terms(&paragraph, &point, 5),
            ["人事任免", "统一领导"]
        );
        assert_eq!(
            similarity(&paragraph, &one_word),
            0.0,
            "one word is not a pair"
        );
    }

    #[test]
    fn terms_every_compared_passage_holds_weigh_nothing() {
        let key = |t: &str| (TermField::Words, t.to_owned());
        let passages: Vec<TermCounts> = (0..10)
            .map(|i| {
                let mut counts = HashMap::new();
                counts.insert(key("街道办事处"), 1);
                counts.insert(key(&format!("词{i}")), 1);
                if i < 4 {
                    counts.insert(key("考核"), 1);
                }
                TermCounts(counts)
            })
            .collect();
        let rarity = LocalRarity::new(&passages);
        assert_eq!(rarity.weight(&key("街道办事处")), 0.0);
        assert_eq!(
            rarity.weight(&key("考核")),
            0.0,
            "4 of 10 is over a quarter"
        );
        assert_eq!(rarity.weight(&key("词3")), 1.0);
        assert_eq!(rarity.weight(&key("未见")), 1.0);
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
            let groups = align_vectors(&vectors, 0.2);
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
}
