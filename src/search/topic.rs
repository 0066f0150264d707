//! Topic queries: a topic's weighted terms as a tantivy query over the passage fields, so that
//! a passage's topic score is computed from the postings at query time — BM25 of each term
//! (normalised for passage length) times its weight, summed — and a changed lexicon needs no
//! re-indexing.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::passage_set::MatchedPassages;
use crate::analysis::Segmenter;

use super::query::{expansion_term, planned_term};
use super::{bigram_sequence, body_word_parts};
use crate::analysis::normalize::NormalizedText;
use crate::index::schema::Fields;
use crate::topics::Topic;

/// The topic score from which a passage is counted as carrying a topic (about one defining term
/// of average rarity, or two supporting ones).
pub const TOPIC_MIN_SCORE: Score = 6.0;

/// A topic as a query: the union of its weighted terms, each not counted inside its excluded
/// phrases.
pub fn topic_query(fields: &Fields, jieba: &dyn Segmenter, topic: &Topic) -> Box<dyn Query> {
    let excluded: Vec<(String, Box<dyn Query>)> = topic
        .exclude
        .iter()
        .map(|phrase| {
            let term = planned_term(phrase);
            (term.word.clone(), bigram_sequence(fields, &term))
        })
        .collect();
    let clauses = topic
        .terms
        .iter()
        .map(|(word, &weight)| {
            let term = expansion_term(jieba, word);
            let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Must,
                Box::new(BooleanQuery::new(body_word_parts(fields, &term))),
            )];
            let around: Vec<Box<dyn Query>> = excluded
                .iter()
                .filter(|(phrase, _)| phrase.contains(&term.word))
                .map(|(_, query)| query.box_clone())
                .collect();
            if !around.is_empty() {
                parts.push((Occur::MustNot, Box::new(MatchedPassages(around))));
            }
            let clause: Box<dyn Query> =
                Box::new(BoostQuery::new(Box::new(BooleanQuery::new(parts)), weight));
            (Occur::Should, clause)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// The topic's terms that occur in a passage outside its excluded phrases, heaviest first.
pub fn matched_terms(topic: &Topic, text: &str) -> Vec<String> {
    let normalized = NormalizedText::new(text).text;
    let mut found: Vec<(&String, f32)> = topic
        .terms
        .iter()
        .filter(|(word, _)| {
            let word = NormalizedText::new(word).text;
            let all = normalized.matches(word.as_str()).count();
            let inside_excluded: usize = topic
                .exclude
                .iter()
                .filter(|p| p.contains(word.as_str()))
                .map(|p| normalized.matches(p.as_str()).count() * p.matches(word.as_str()).count())
                .sum();
            all > inside_excluded
        })
        .map(|(word, &weight)| (word, weight))
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    found.into_iter().map(|(w, _)| w.clone()).collect()
}

/// Counts the matches whose score is at least a minimum (passages carrying a topic).
pub struct CountAtLeast(pub Score);

/// [`CountAtLeast`] for one segment.
pub struct SegmentCountAtLeast {
    min: Score,
    count: usize,
}

impl Collector for CountAtLeast {
    type Fruit = usize;
    type Child = SegmentCountAtLeast;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentCountAtLeast {
            min: self.0,
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, counts: Vec<usize>) -> tantivy::Result<usize> {
        Ok(counts.into_iter().sum())
    }
}

impl SegmentCollector for SegmentCountAtLeast {
    type Fruit = usize;

    fn collect(&mut self, _: DocId, score: Score) {
        if score >= self.min {
            self.count += 1;
        }
    }

    fn harvest(self) -> usize {
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matched_terms_skip_excluded_phrases() {
        let topic = Topic {
            id: "staffing".into(),
            label: "人员编制".into(),
            description: String::new(),
            terms: [
                ("编制".to_owned(), 3.0),
                ("职数".to_owned(), 3.0),
                ("干部".to_owned(), 2.0),
            ]
            .into(),
            context: Default::default(),
            exclude: vec!["编制规划".into()],
        };
        assert_eq!(
            matched_terms(&topic, "核定专项编制45人，领导职数13名"),
            ["编制", "职数"]
        );
        assert!(matched_terms(&topic, "编制规划，推进建设").is_empty());
        assert_eq!(matched_terms(&topic, "编制规划时核定编制"), ["编制"]);
    }
}

/// How many passages of the index carry each topic (score at least [`TOPIC_MIN_SCORE`]).
pub fn carrying_counts(
    fields: &Fields,
    jieba: &dyn Segmenter,
    searcher: &tantivy::Searcher,
    topics: &[Topic],
) -> crate::error::Result<Vec<usize>> {
    topics
        .iter()
        .map(|topic| {
            let query = topic_query(fields, jieba, topic);
            Ok(searcher.search(&query, &CountAtLeast(TOPIC_MIN_SCORE))?)
        })
        .collect()
}

/// One topic's share of a document.
#[derive(Debug, Clone)]
pub struct TopicProfile {
    /// The topic's score summed over the document's passages.
    pub total: Score,
    /// How many of the document's passages carry it.
    pub carrying: usize,
    /// The score by top-level section label (`""` before the first heading).
    pub by_section: std::collections::BTreeMap<String, Score>,
}

/// Each topic's share of the document with key `doc_key` (which has `passages` passages), by
/// top-level section.
pub fn document_profile(
    fields: &Fields,
    jieba: &dyn Segmenter,
    searcher: &tantivy::Searcher,
    topics: &[Topic],
    doc_key: &str,
    passages: usize,
) -> crate::error::Result<Vec<TopicProfile>> {
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Value};
    use tantivy::{TantivyDocument, Term};

    let in_document: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(fields.doc_key, doc_key),
        IndexRecordOption::Basic,
    ));
    let mut profiles = Vec::new();
    for topic in topics {
        let query = BooleanQuery::new(vec![
            (Occur::Must, topic_query(fields, jieba, topic)),
            (Occur::Must, in_document.box_clone()),
        ]);
        let hits = searcher.search(
            &query,
            &TopDocs::with_limit(passages.max(1)).order_by_score(),
        )?;
        let mut profile = TopicProfile {
            total: 0.0,
            carrying: 0,
            by_section: Default::default(),
        };
        for (score, address) in hits {
            let stored: TantivyDocument = searcher.doc(address)?;
            let path = stored
                .get_first(fields.section_path)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let top = path
                .split(crate::index::schema::SECTION_SEPARATOR)
                .next()
                .unwrap_or_default();
            *profile.by_section.entry(top.to_owned()).or_default() += score;
            profile.total += score;
            profile.carrying += usize::from(score >= TOPIC_MIN_SCORE);
        }
        profiles.push(profile);
    }
    Ok(profiles)
}

/// A term's rarity in the index, as BM25 weighs it: from its document frequency in the words
/// field, or (a word jieba does not know) from its rarest bigram's.
pub fn term_idf(
    fields: &Fields,
    jieba: &dyn Segmenter,
    searcher: &tantivy::Searcher,
    word: &str,
) -> Score {
    use tantivy::Term;
    let term = expansion_term(jieba, word);
    let total = searcher.num_docs().max(1) as f32;
    let freq = |t: Term| searcher.doc_freq(&t).unwrap_or(0) as f32;
    let df = if term.words_only || term.bigrams.is_empty() {
        freq(Term::from_field_text(fields.words, &term.word))
    } else {
        term.bigrams
            .iter()
            .map(|b| freq(Term::from_field_text(fields.bigrams, b)))
            .fold(f32::INFINITY, f32::min)
    };
    let df = if df.is_finite() { df } else { 0.0 };
    (1.0 + (total - df + 0.5) / (df + 0.5)).ln()
}

/// Share of a topic's BM25 score in the candidate score of a topic search: it only breaks ties
/// between passages that hold the same terms.
const CANDIDATE_BM25: Score = 0.05;

/// The query that finds a topic search's candidates: each term (and context term) present counts
/// its weight times its rarity once, whatever the passage's length, so that long passages that
/// carry many of the topic's terms are among the candidates; a small share of the BM25 topic
/// score orders passages holding the same terms. [`super::topic_rank`] then scores the
/// candidates from their text.
pub fn candidate_query(
    fields: &Fields,
    jieba: &dyn Segmenter,
    searcher: &tantivy::Searcher,
    topic: &Topic,
) -> Box<dyn Query> {
    use tantivy::query::ConstScoreQuery;
    let mut with_context = topic.clone();
    for (word, &weight) in &topic.context {
        with_context
            .terms
            .entry(word.clone())
            .or_insert(weight * 0.5);
    }
    let union = topic_query(fields, jieba, &with_context);
    let Some(boolean) = union.downcast_ref::<BooleanQuery>() else {
        return union;
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = boolean
        .clauses()
        .iter()
        .zip(with_context.terms.iter())
        .map(|((occur, clause), (word, &weight))| {
            let inner = clause.box_clone();
            let score = weight * term_idf(fields, jieba, searcher, word);
            let constant: Box<dyn Query> = Box::new(ConstScoreQuery::new(inner, score));
            (*occur, constant)
        })
        .collect();
    clauses.push((
        Occur::Should,
        Box::new(BoostQuery::new(union.box_clone(), CANDIDATE_BM25)),
    ));
    Box::new(BooleanQuery::new(clauses))
}

/// The label [`DocumentTopics`] gives the passages before a document's first heading.
pub const BEFORE_HEADINGS: &str = "(before the first heading)";

/// A topic of the lexicon with how many passages of the index carry it: one line of
/// `zhengce topics --json`.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct TopicSummary {
    /// The topic's id (`staffing`).
    pub id: String,
    /// The topic's label (`人员编制`).
    pub label: String,
    /// What the topic is about.
    pub description: String,
    /// Passages whose topic score reaches [`TOPIC_MIN_SCORE`].
    pub passages: usize,
    /// The topic's terms with their weights.
    pub terms: std::collections::BTreeMap<String, f32>,
}

/// Every topic of `topics` with how many passages of the index carry it, in lexicon order.
pub fn topic_summaries(
    handle: &crate::index::IndexHandle,
    searcher: &tantivy::Searcher,
    topics: &[Topic],
) -> crate::error::Result<Vec<TopicSummary>> {
    let counts = carrying_counts(&handle.fields, &handle.analyzer, searcher, topics)?;
    Ok(topics
        .iter()
        .zip(counts)
        .map(|(topic, passages)| TopicSummary {
            id: topic.id.clone(),
            label: topic.label.clone(),
            description: topic.description.clone(),
            passages,
            terms: topic.terms.clone(),
        })
        .collect())
}

/// A topic's share of one document: one line of `zhengce topics --doc DOC --json`.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct DocumentTopic {
    /// The topic's id.
    pub id: String,
    /// The topic's label.
    pub label: String,
    /// The topic's score summed over the document's passages.
    pub score: f32,
    /// Passages of the document that carry it.
    pub passages: usize,
    /// The score by top-level section, in document order.
    pub sections: Vec<SectionScore>,
}

/// A topic's score in one top-level section of a document.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct SectionScore {
    /// The section's heading ([`BEFORE_HEADINGS`] for the text before the first one).
    pub section: String,
    /// The topic's score summed over the section's passages.
    pub score: f32,
}

/// One document's topic profile: its top-level sections and each topic's share of them.
#[derive(Debug, Clone)]
pub struct DocumentTopics {
    /// The top-level section labels in document order, [`BEFORE_HEADINGS`] first.
    pub sections: Vec<String>,
    /// Every topic of the lexicon, in lexicon order.
    pub topics: Vec<DocumentTopic>,
}

/// The topic profile of the indexed document `entry`, read from the index and, for its section
/// order, from the document as it is on disk.
pub fn document_topics(
    handle: &crate::index::IndexHandle,
    searcher: &tantivy::Searcher,
    topics: &[Topic],
    entry: &crate::index::manifest::FileEntry,
) -> crate::error::Result<DocumentTopics> {
    let key = crate::index::schema::doc_key(&entry.root, &entry.path);
    let profiles = document_profile(
        &handle.fields,
        &handle.analyzer,
        searcher,
        topics,
        &key,
        entry.passages as usize,
    )?;
    let opened = crate::index::lookup::open(entry)?;
    let order: Vec<&str> = std::iter::once("")
        .chain(
            opened
                .document
                .sections
                .iter()
                .filter(|s| s.depth == 0)
                .map(|s| s.label.as_str()),
        )
        .collect();
    let shown = |label: &str| {
        if label.is_empty() {
            BEFORE_HEADINGS.to_owned()
        } else {
            label.to_owned()
        }
    };
    let topics = topics
        .iter()
        .zip(&profiles)
        .map(|(topic, profile)| DocumentTopic {
            id: topic.id.clone(),
            label: topic.label.clone(),
            score: profile.total,
            passages: profile.carrying,
            sections: order
                .iter()
                .filter_map(|label| {
                    profile.by_section.get(*label).map(|&score| SectionScore {
                        section: shown(label),
                        score,
                    })
                })
                .collect(),
        })
        .collect();
    Ok(DocumentTopics {
        sections: order.iter().map(|l| shown(l)).collect(),
        topics,
    })
}
