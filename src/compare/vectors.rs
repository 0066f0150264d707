//! TF-IDF term vectors over the index's own statistics, and their cosine: how much two passages
//! (or documents) say the same thing.
//!
//! A text's terms are its jieba words (plain segmentation, as queries are cut) and its CJK
//! bigrams — the two analysed fields of the index — so a segmentation mismatch between two
//! texts still leaves their bigrams in common. A term weighs `(1 + ln tf) · idf`, with
//! `idf = ln((N + 1) / (df + 1))` over the index's N passages and the term's document frequency
//! in its field; bigrams count at half weight, as in search. Words that nearly every passage
//! holds weigh close to nothing, so two passages are similar when they share rare words.

use std::collections::HashMap;

use tantivy::{Searcher, Term};

use crate::analysis::bigrams::bigram_spans;
use crate::analysis::words::word_spans;
use crate::error::Result;
use crate::index::schema::Fields;
use crate::index::IndexHandle;

/// Weight of the bigram terms relative to the words (as in search).
const BIGRAM_WEIGHT: f32 = 0.5;

/// Which analysed field a term is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TermField {
    /// A jieba word.
    Words,
    /// A CJK bigram (or a letter/digit run).
    Bigrams,
}

/// A term of a vector: its field and its text.
pub type TermKey = (TermField, String);

/// A text's weighted terms, sorted by term so that equal texts give bit-identical cosines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermVector {
    /// Terms and weights, sorted by term.
    pub terms: Vec<(TermKey, f32)>,
    /// The Euclidean norm of the weights.
    pub norm: f32,
}

impl TermVector {
    /// Builds a vector from term weights.
    pub fn from_weights(weights: HashMap<TermKey, f32>) -> TermVector {
        let mut terms: Vec<(TermKey, f32)> = weights.into_iter().filter(|t| t.1 > 0.0).collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        let norm = terms.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
        TermVector { terms, norm }
    }

    /// Whether the vector has no weighted term.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The `n` heaviest terms, heaviest first (ties by term).
    pub fn heaviest(&self, n: usize) -> Vec<&(TermKey, f32)> {
        let mut terms: Vec<&(TermKey, f32)> = self.terms.iter().collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        terms.truncate(n);
        terms
    }

    /// The terms two vectors share, by the product of their weights, heaviest first.
    pub fn shared<'a>(&'a self, other: &TermVector) -> Vec<(&'a TermKey, f32)> {
        let mut shared = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < self.terms.len() && j < other.terms.len() {
            match self.terms[i].0.cmp(&other.terms[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared.push((&self.terms[i].0, self.terms[i].1 * other.terms[j].1));
                    i += 1;
                    j += 1;
                }
            }
        }
        shared.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        shared
    }
}

/// The cosine of two vectors: 1 for the same terms in the same proportions, 0 for none shared.
pub fn cosine(a: &TermVector, b: &TermVector) -> f32 {
    if a.norm == 0.0 || b.norm == 0.0 {
        return 0.0;
    }
    let dot: f32 = a.shared(b).iter().map(|s| s.1).sum();
    (dot / (a.norm * b.norm)).min(1.0)
}

/// How many distinct words (words-field terms) two vectors share, and how many the one with
/// fewer words has.
pub fn shared_words(a: &TermVector, b: &TermVector) -> (usize, usize) {
    let words = |v: &TermVector| {
        v.terms
            .iter()
            .filter(|t| t.0 .0 == TermField::Words)
            .count()
    };
    let shared = a
        .shared(b)
        .iter()
        .filter(|s| s.0 .0 == TermField::Words)
        .count();
    (shared, words(a).min(words(b)))
}

/// Term counts of a text (words and bigrams), before weighting; counts of several texts add up
/// to the counts of a whole document.
#[derive(Debug, Clone, Default)]
pub struct TermCounts(pub HashMap<TermKey, u32>);

impl TermCounts {
    /// Adds another text's counts.
    pub fn add(&mut self, other: &TermCounts) {
        for (key, n) in &other.0 {
            *self.0.entry(key.clone()).or_default() += n;
        }
    }
}

/// Whether a term says what a text is about: two characters or more, not only digits. Single
/// characters (的, 年, 条) and numbers (2020, 1) are left out, so that two short passages that
/// share only a date (`2020年1月1日`) are not taken for similar.
pub fn is_content_term(term: &str) -> bool {
    let mut chars = term.chars();
    let two_or_more = chars.next().is_some() && chars.next().is_some();
    two_or_more && !term.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The index's term statistics, with a cache of document frequencies, to weigh texts.
pub struct TermStats<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    jieba: std::sync::Arc<jieba_rs::Jieba>,
    passages: f32,
    doc_freqs: HashMap<TermKey, u64>,
}

impl<'a> TermStats<'a> {
    /// Statistics of the index `handle` as `searcher` sees it.
    pub fn new(handle: &IndexHandle, searcher: &'a Searcher) -> Result<TermStats<'a>> {
        let cards = searcher.doc_freq(&Term::from_field_u64(handle.fields.card, 1))?;
        let passages = searcher.num_docs().saturating_sub(cards).max(1) as f32;
        Ok(TermStats {
            searcher,
            fields: handle.fields,
            jieba: handle.analyzer.jieba().clone(),
            passages,
            doc_freqs: HashMap::new(),
        })
    }

    /// The words and bigrams of a text (as analysed: masked Markdown), counted; see
    /// [`is_content_term`] for what is left out.
    pub fn count(&self, analysis_text: &str) -> TermCounts {
        let mut counts: HashMap<TermKey, u32> = HashMap::new();
        let words = word_spans(&self.jieba, analysis_text, false);
        let bigrams = bigram_spans(analysis_text);
        for (field, spans) in [(TermField::Words, &words), (TermField::Bigrams, &bigrams)] {
            for span in &spans.spans {
                let term = &spans.normalized[span.norm_start..span.norm_end];
                if is_content_term(term) {
                    *counts.entry((field, term.to_owned())).or_default() += 1;
                }
            }
        }
        TermCounts(counts)
    }

    /// The inverse document frequency of a term in its field.
    pub fn idf(&mut self, key: &TermKey) -> Result<f32> {
        let df = match self.doc_freqs.get(key) {
            Some(&df) => df,
            None => {
                let field = match key.0 {
                    TermField::Words => self.fields.words,
                    TermField::Bigrams => self.fields.bigrams,
                };
                let df = self
                    .searcher
                    .doc_freq(&Term::from_field_text(field, &key.1))?;
                self.doc_freqs.insert(key.clone(), df);
                df
            }
        };
        Ok(((self.passages + 1.0) / (df as f32 + 1.0)).ln().max(0.0))
    }

    /// The TF-IDF vector of term counts.
    pub fn weigh(&mut self, counts: &TermCounts) -> Result<TermVector> {
        let mut weights = HashMap::with_capacity(counts.0.len());
        for (key, &tf) in &counts.0 {
            let field_weight = match key.0 {
                TermField::Words => 1.0,
                TermField::Bigrams => BIGRAM_WEIGHT,
            };
            let weight = (1.0 + (tf as f32).ln()) * self.idf(key)? * field_weight;
            weights.insert(key.clone(), weight);
        }
        Ok(TermVector::from_weights(weights))
    }

    /// The TF-IDF vector of a text.
    pub fn vector(&mut self, analysis_text: &str) -> Result<TermVector> {
        let counts = self.count(analysis_text);
        self.weigh(&counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(terms: &[(&str, f32)]) -> TermVector {
        TermVector::from_weights(
            terms
                .iter()
                .map(|(t, w)| ((TermField::Words, (*t).to_owned()), *w))
                .collect(),
        )
    }

    #[test]
    fn cosine_is_one_for_the_same_proportions_and_zero_for_nothing_shared() {
        let a = vector(&[("编制", 2.0), ("园区", 1.0)]);
        let b = vector(&[("编制", 4.0), ("园区", 2.0)]);
        let c = vector(&[("生态", 3.0)]);
        assert!((cosine(&a, &b) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&a, &c), 0.0);
        assert_eq!(cosine(&a, &TermVector::default()), 0.0);
        let d = vector(&[("编制", 2.0), ("生态", 2.0)]);
        let partial = cosine(&a, &d);
        assert!(partial > 0.0 && partial < 1.0, "{partial}");
        assert_eq!(cosine(&a, &d), cosine(&d, &a));
    }

    #[test]
    fn numbers_and_single_characters_are_not_content() {
        assert!(is_content_term("编制"));
        assert!(is_content_term("g20"));
        assert!(!is_content_term("2020"));
        assert!(!is_content_term("年"));
        assert!(!is_content_term("11.33"));
    }

    #[test]
    fn shared_terms_come_heaviest_first() {
        let a = vector(&[("编制", 2.0), ("园区", 1.0), ("街道", 5.0)]);
        let b = vector(&[("编制", 3.0), ("园区", 1.0)]);
        let shared: Vec<&str> = a.shared(&b).iter().map(|s| s.0 .1.as_str()).collect();
        assert_eq!(shared, ["编制", "园区"]);
        assert_eq!(a.heaviest(1)[0].0 .1, "街道");
    }
}
