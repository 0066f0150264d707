//! A document's passages as the index stores them, and each passage's dominant topics.
//!
//! A topic is **dominant** in a passage when the passage's score for it reaches
//! [`TOPIC_MIN_SCORE`] (the passage carries the topic) and is at least [`DOMINANT_FRACTION`] of
//! the passage's best topic score. A passage about staffing that names an approval office in
//! passing has staffing dominant and approval powers not; a passage that is as much about
//! both has both.

use std::collections::HashMap;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermSetQuery};
use tantivy::schema::Value;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

use crate::error::Result;
use crate::index::manifest::FileEntry;
use crate::index::IndexHandle;
use crate::search::topic::{matched_terms, topic_query, TOPIC_MIN_SCORE};
use crate::search::{stored_hit, Hit, TopicMatch};
use crate::topics::Topic;

/// A dominant topic's score is at least this fraction of the passage's best topic score.
pub const DOMINANT_FRACTION: Score = 0.5;

/// One passage of a document as stored in the index.
#[derive(Debug, Clone)]
pub struct StoredPassage {
    /// The passage in the hit shape (citation fields, text); its `topics` are its dominant
    /// topics once [`add_dominant_topics`] ran.
    pub hit: Hit,
    /// The text as analysed (Markdown markup masked), same length as `hit.text`.
    pub analysis: String,
}

/// The stored passages of one document, in document order.
pub fn document_passages(
    handle: &IndexHandle,
    searcher: &Searcher,
    entry: &FileEntry,
) -> Result<Vec<StoredPassage>> {
    let fields = &handle.fields;
    let query = crate::index::stored::passages_query(fields, entry.id);
    let addresses = searcher.search(&query, &DocSetCollector)?;
    let mut passages = addresses
        .into_iter()
        .map(|address| load_passage(handle, searcher, address, 0.0))
        .collect::<Result<Vec<StoredPassage>>>()?;
    passages.sort_by_key(|p| p.hit.passage);
    Ok(passages)
}

/// Loads one stored passage with its score.
pub fn load_passage(
    handle: &IndexHandle,
    searcher: &Searcher,
    address: DocAddress,
    score: Score,
) -> Result<StoredPassage> {
    let hit = stored_hit(searcher, &handle.fields, address, score)?;
    let doc: TantivyDocument = searcher.doc(address)?;
    let analysis = doc
        .get_first(handle.fields.analysis_text)
        .and_then(|v| v.as_str())
        .map_or_else(|| hit.text.clone(), str::to_owned);
    Ok(StoredPassage { hit, analysis })
}

/// For each topic, the score of every passage of the documents with keys `doc_keys` that has
/// any of its terms.
pub fn topic_scores(
    handle: &IndexHandle,
    searcher: &Searcher,
    topics: &[Topic],
    doc_keys: &[String],
    passages: usize,
) -> Result<Vec<HashMap<DocAddress, Score>>> {
    let fields = &handle.fields;
    let in_documents = || -> Box<dyn Query> {
        Box::new(ConstScoreQuery::new(
            Box::new(TermSetQuery::new(
                doc_keys
                    .iter()
                    .map(|k| Term::from_field_text(fields.doc_key, k)),
            )),
            0.0,
        ))
    };
    topics
        .iter()
        .map(|topic| {
            let query = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    topic_query(fields, handle.analyzer.jieba(), topic),
                ),
                (Occur::Must, in_documents()),
            ]);
            let top = searcher.search(
                &query,
                &TopDocs::with_limit(passages.max(1)).order_by_score(),
            )?;
            Ok(top.into_iter().map(|(s, a)| (a, s)).collect())
        })
        .collect()
}

/// Which of a passage's topic scores are dominant (indexes into `scores`), best first.
pub fn dominant(scores: &[Score]) -> Vec<usize> {
    let best = scores.iter().copied().fold(0.0, Score::max);
    let mut found: Vec<usize> = (0..scores.len())
        .filter(|&i| scores[i] >= TOPIC_MIN_SCORE && scores[i] >= DOMINANT_FRACTION * best)
        .collect();
    found.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    found
}

/// Sets each passage's `topics` to its dominant topics, with their scores and the terms of them
/// it holds.
pub fn add_dominant_topics(
    passages: &mut [StoredPassage],
    topics: &[Topic],
    scores: &[HashMap<DocAddress, Score>],
) {
    for passage in passages {
        let of_passage: Vec<Score> = scores
            .iter()
            .map(|by_address| {
                passage
                    .hit
                    .address
                    .and_then(|a| by_address.get(&a).copied())
                    .unwrap_or(0.0)
            })
            .collect();
        passage.hit.topics = dominant(&of_passage)
            .into_iter()
            .map(|i| TopicMatch {
                id: topics[i].id.clone(),
                label: topics[i].label.clone(),
                score: of_passage[i],
                terms: matched_terms(&topics[i], &passage.hit.text),
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dominant_topics_carry_the_topic_and_come_near_the_best() {
        assert_eq!(dominant(&[42.0, 10.0, 25.0]), [0, 2]);
        assert_eq!(
            dominant(&[42.0, 21.0]),
            [0, 1],
            "half of the best is enough"
        );
        assert_eq!(dominant(&[5.0, 4.0]), Vec::<usize>::new(), "below 6 none");
        assert_eq!(dominant(&[7.0, 6.0, 0.0]), [0, 1]);
        assert!(dominant(&[]).is_empty());
    }
}
