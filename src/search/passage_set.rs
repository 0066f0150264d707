//! A query that matches given passages of a searcher, by address: to score another query on a
//! few passages only (a search's hits for their topics) rather than on every passage of their
//! documents.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::query::{ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, TERMINATED,
};

/// The passages at some addresses of one searcher, matched with score 1.
#[derive(Debug, Clone)]
pub struct PassageSet {
    /// For each segment (by id, since a weight sees segments, not their ordinals), its passages
    /// in order.
    by_segment: Arc<HashMap<tantivy::index::SegmentId, Vec<DocId>>>,
}

impl PassageSet {
    /// The passages at `addresses` in `searcher`.
    pub fn new(searcher: &Searcher, addresses: impl IntoIterator<Item = DocAddress>) -> Self {
        let mut by_segment: HashMap<_, Vec<DocId>> = HashMap::new();
        for address in addresses {
            let segment = searcher.segment_reader(address.segment_ord).segment_id();
            by_segment.entry(segment).or_default().push(address.doc_id);
        }
        for docs in by_segment.values_mut() {
            docs.sort_unstable();
            docs.dedup();
        }
        PassageSet {
            by_segment: Arc::new(by_segment),
        }
    }
}

impl Query for PassageSet {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for PassageSet {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.by_segment.get(&reader.segment_id()) {
            Some(docs) => Box::new(ConstScorer::new(
                SortedDocs {
                    docs: docs.clone(),
                    at: 0,
                },
                boost,
            )),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let held = self
            .by_segment
            .get(&reader.segment_id())
            .is_some_and(|docs| docs.binary_search(&doc).is_ok());
        if held {
            Ok(Explanation::new("one of the given passages", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} is not one of the given passages"
            )))
        }
    }
}

/// One segment's passages of a [`PassageSet`], as a doc set.
struct SortedDocs {
    /// In order, without repeats.
    docs: Vec<DocId>,
    /// Where the set stands in `docs`.
    at: usize,
}

impl DocSet for SortedDocs {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.at += self.docs[self.at..].partition_point(|&d| d < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.docs.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index, IndexWriter};

    #[test]
    fn matches_exactly_the_given_passages() {
        let mut schema = Schema::builder();
        let name = schema.add_text_field("name", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for i in 0..20 {
            writer.add_document(doc!(name => format!("p{i}"))).unwrap();
            if i == 9 {
                // A second segment.
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let all = searcher
            .search(&tantivy::query::AllQuery, &DocSetCollector)
            .unwrap();
        let mut chosen: Vec<DocAddress> = all.into_iter().filter(|a| a.doc_id % 3 == 1).collect();
        chosen.sort();
        assert!(chosen.iter().any(|a| a.segment_ord == 1), "both segments");
        let found = searcher
            .search(
                &PassageSet::new(&searcher, chosen.clone()),
                &DocSetCollector,
            )
            .unwrap();
        let mut found: Vec<DocAddress> = found.into_iter().collect();
        found.sort();
        assert_eq!(found, chosen);
        let none = searcher
            .search(&PassageSet::new(&searcher, []), &DocSetCollector)
            .unwrap();
        assert!(none.is_empty());
    }
}
