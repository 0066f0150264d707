//! Queries that match a set of passages given up front: passages by address ([`PassageSet`]), to
//! score another query on a few passages only (a search's hits for their topics) rather than on
//! every passage of their documents; and every passage of some documents ([`DocumentPassages`]),
//! the documents a query word names. Both only look up what they hold, where tantivy's
//! `TermSetQuery` first compiles its terms into an automaton for each query.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::query::{ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, Term, TERMINATED,
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

/// Every passage of the documents with some ids (in a u64 field indexed with each passage, such
/// as `doc_id`), matched with score 1: the passages that `TermSetQuery` over the ids' terms
/// matches.
#[derive(Debug, Clone)]
pub struct DocumentPassages {
    field: Field,
    ids: Arc<Vec<u64>>,
}

impl DocumentPassages {
    /// The passages whose `field` holds one of `ids`.
    pub fn new(field: Field, ids: &[u64]) -> Self {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        DocumentPassages {
            field,
            ids: Arc::new(ids),
        }
    }
}

impl Query for DocumentPassages {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl DocumentPassages {
    /// The segment's passages of the documents, in order.
    fn docs(&self, reader: &SegmentReader) -> tantivy::Result<Vec<DocId>> {
        let inverted = reader.inverted_index(self.field)?;
        // Each document's passages, in order; a segment holds each document's passages in the
        // order they were added, one document after another, so the runs put in order of their
        // first passage are usually the whole list in order.
        let mut runs: Vec<Vec<DocId>> = Vec::new();
        for &id in self.ids.iter() {
            let term = Term::from_field_u64(self.field, id);
            if let Some(mut postings) =
                inverted.read_block_postings(&term, IndexRecordOption::Basic)?
            {
                let mut run = Vec::with_capacity(postings.doc_freq() as usize);
                while !postings.docs().is_empty() {
                    run.extend_from_slice(postings.docs());
                    postings.advance();
                }
                if !run.is_empty() {
                    runs.push(run);
                }
            }
        }
        runs.sort_unstable_by_key(|run| run[0]);
        let mut docs = runs.concat();
        if !docs.is_sorted_by(|a, b| a < b) {
            docs.sort_unstable();
            docs.dedup();
        }
        Ok(docs)
    }
}

impl Weight for DocumentPassages {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = self.docs(reader)?;
        Ok(Box::new(ConstScorer::new(
            SortedDocs { docs, at: 0 },
            boost,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.docs(reader)?.binary_search(&doc).is_ok() {
            Ok(Explanation::new("a passage of a named document", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} is no passage of a named document"
            )))
        }
    }
}

/// One segment's passages of a [`PassageSet`] or [`DocumentPassages`], as a doc set.
/// The passages that any of some queries matches, with score 0, for an exclusion by rare
/// phrases (a topic's excluded phrases). tantivy's exclusion asks each phrase about every
/// passage it filters, checking bigram positions each time. This one does so only for the first
/// [`ASKED_BEFORE_LISTING`] passages of a segment (enough for a few hits' topic scores); asked
/// about more, it runs the phrases through to the end once and looks passages up in the list.
#[derive(Debug)]
pub struct MatchedPassages(pub Vec<Box<dyn Query>>);

/// How many passages of a segment [`MatchedPassages`] is asked about one by one before it lists
/// its matches.
pub const ASKED_BEFORE_LISTING: u32 = 64;

impl Clone for MatchedPassages {
    fn clone(&self) -> Self {
        MatchedPassages(self.0.iter().map(|q| q.box_clone()).collect())
    }
}

impl Query for MatchedPassages {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .0
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(MatchedPassagesWeight(weights)))
    }
}

struct MatchedPassagesWeight(Vec<Box<dyn Weight>>);

impl Weight for MatchedPassagesWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let parts = self
            .0
            .iter()
            .map(|w| w.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let matched = MatchedScorer {
            any: AnyScorer::new(parts),
            listed: None,
            asked: 0,
        };
        Ok(Box::new(ConstScorer::new(matched, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.scorer(reader, 1.0)?.seek(doc) == doc {
            Ok(Explanation::new("matched by one of the queries", 0.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} is matched by none of the queries"
            )))
        }
    }
}

/// The union of its parts, each moved only as far as asked, until it is asked about many
/// passages; then the list of the rest of their matches.
struct MatchedScorer {
    any: AnyScorer,
    listed: Option<SortedDocs>,
    asked: u32,
}

impl MatchedScorer {
    /// Lists every match from `target` on: each part stands on its first match at or after
    /// the passages it was asked about, so what it holds from there on is all there is.
    fn list_from(&mut self, target: DocId) -> SortedDocs {
        let mut docs = Vec::new();
        for part in self.any.parts_mut() {
            if part.doc() < target {
                part.seek(target);
            }
            while part.doc() != TERMINATED {
                docs.push(part.doc());
                part.advance();
            }
        }
        docs.sort_unstable();
        docs.dedup();
        SortedDocs { docs, at: 0 }
    }
}

impl DocSet for MatchedScorer {
    fn advance(&mut self) -> DocId {
        match &mut self.listed {
            Some(listed) => listed.advance(),
            None => self.any.advance(),
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if let Some(listed) = &mut self.listed {
            return listed.seek(target);
        }
        if self.any.doc() >= target {
            return self.any.doc();
        }
        self.asked += 1;
        if self.asked > ASKED_BEFORE_LISTING {
            let listed = self.list_from(target);
            return self.listed.insert(listed).doc();
        }
        self.any.seek(target)
    }

    fn doc(&self) -> DocId {
        match &self.listed {
            Some(listed) => listed.doc(),
            None => self.any.doc(),
        }
    }

    fn size_hint(&self) -> u32 {
        match &self.listed {
            Some(listed) => listed.size_hint(),
            None => self.any.size_hint(),
        }
    }
}

/// The union of its parts, each moved only as far as asked.
struct AnyScorer {
    parts: Vec<Box<dyn Scorer>>,
    /// The smallest of the parts' documents.
    doc: DocId,
}

impl AnyScorer {
    /// The union of `parts`, standing on their first document.
    fn new(parts: Vec<Box<dyn Scorer>>) -> AnyScorer {
        let mut any = AnyScorer { parts, doc: 0 };
        any.settle();
        any
    }

    /// The parts, for a caller that takes the union over (each stands on or after the union's
    /// current document).
    fn parts_mut(&mut self) -> &mut [Box<dyn Scorer>] {
        &mut self.parts
    }

    fn settle(&mut self) -> DocId {
        self.doc = self
            .parts
            .iter()
            .map(|p| p.doc())
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for AnyScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        for part in &mut self.parts {
            if part.doc() == current {
                part.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for part in &mut self.parts {
            if part.doc() < target {
                part.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts.iter().map(|p| p.size_hint()).max().unwrap_or(0)
    }

    /// The sum of the parts', as tantivy's union says: so that an intersection orders its
    /// clauses as it did with the union.
    fn cost(&self) -> u64 {
        self.parts.iter().map(|p| p.cost()).sum()
    }
}

/// Documents given in order; asked about one before where it stands, it answers where it
/// stands (as an exclusion expects).
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

    #[test]
    fn document_passages_match_what_a_term_set_matches() {
        let mut schema = Schema::builder();
        let id = schema.add_u64_field("id", tantivy::schema::INDEXED);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for i in 0..60u64 {
            writer.add_document(doc!(id => i % 7)).unwrap();
            if i == 25 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        for ids in [vec![], vec![3], vec![0, 6, 6, 2], vec![9, 1]] {
            let terms = ids.iter().map(|&i| Term::from_field_u64(id, i));
            let want = searcher
                .search(&tantivy::query::TermSetQuery::new(terms), &DocSetCollector)
                .unwrap();
            let got = searcher
                .search(&DocumentPassages::new(id, &ids), &DocSetCollector)
                .unwrap();
            assert_eq!(got, want, "{ids:?}");
        }
    }

    /// Documents whose passages lie one after another (as indexing adds them), their ids in
    /// another order than their passages: the runs are put in order without a sort.
    #[test]
    fn document_passages_in_runs_come_in_order() {
        let mut schema = Schema::builder();
        let id = schema.add_u64_field("id", tantivy::schema::INDEXED);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for i in 0..60u64 {
            writer.add_document(doc!(id => 100 - i / 8)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let reader = searcher.segment_reader(0);
        let docs = DocumentPassages::new(id, &[93, 100, 95])
            .docs(reader)
            .unwrap();
        let want: Vec<DocId> = (0..8).chain(40..48).chain(56..60).collect();
        assert_eq!(docs, want);
    }

    proptest::proptest! {
        /// As an exclusion, the same passages as tantivy's exclusion by each query in turn,
        /// whether it is asked about few passages of a segment or lists its matches.
        #[test]
        fn excludes_what_the_queries_exclude(
            texts in proptest::collection::vec("[abcd]( [abcd]){0,5}", 1..80),
        ) {
            use tantivy::query::{BooleanQuery, Occur, PhraseQuery, TermQuery};
            let mut schema = Schema::builder();
            let body = schema.add_text_field("body", tantivy::schema::TEXT);
            let index = Index::create_in_ram(schema.build());
            let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
            // Small segments and segments large enough to be listed after the first asks.
            let all = texts.iter().chain(texts.iter().cycle().take(texts.len() * 7));
            for (i, text) in all.enumerate() {
                writer.add_document(doc!(body => text.as_str())).unwrap();
                if i % 150 == 17 {
                    writer.commit().unwrap();
                }
            }
            writer.commit().unwrap();
            let searcher = index.reader().unwrap().searcher();
            let term = |w: &str| Term::from_field_text(body, w);
            let excluded = || -> Vec<Box<dyn Query>> {
                vec![
                    Box::new(PhraseQuery::new(vec![term("a"), term("b")])),
                    Box::new(TermQuery::new(term("d"), IndexRecordOption::Basic)),
                ]
            };
            let kept = || -> Box<dyn Query> {
                Box::new(TermQuery::new(term("a"), IndexRecordOption::Basic))
            };
            let mut each = vec![(Occur::Must, kept())];
            each.extend(excluded().into_iter().map(|q| {
                let q: Box<dyn Query> = Box::new(crate::search::forward_only::ForwardOnly(q));
                (Occur::MustNot, q)
            }));
            let want = searcher.search(&BooleanQuery::new(each), &DocSetCollector).unwrap();
            let ours = BooleanQuery::new(vec![
                (Occur::Must, kept()),
                (Occur::MustNot, Box::new(MatchedPassages(excluded()))),
            ]);
            let got = searcher.search(&ours, &DocSetCollector).unwrap();
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        /// It matches what tantivy's union of the same queries matches, alone and as the
        /// second clause of an intersection (where it is only sought): before it lists its
        /// matches, it is that union moved only as far as asked.
        #[test]
        fn matches_what_the_union_matches(
            texts in proptest::collection::vec("[abcd]( [abcd]){0,5}", 1..60),
        ) {
            use tantivy::query::{BooleanQuery, Occur, PhraseQuery, TermQuery};
            use tantivy::schema::TEXT;
            let mut schema = Schema::builder();
            let body = schema.add_text_field("body", TEXT);
            let index = Index::create_in_ram(schema.build());
            let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
            for (i, text) in texts.iter().enumerate() {
                writer.add_document(doc!(body => text.as_str())).unwrap();
                if i % 17 == 16 {
                    writer.commit().unwrap();
                }
            }
            writer.commit().unwrap();
            let searcher = index.reader().unwrap().searcher();
            let term = |w: &str| Term::from_field_text(body, w);
            let parts = || -> Vec<Box<dyn Query>> {
                vec![
                    Box::new(TermQuery::new(term("a"), IndexRecordOption::Basic)),
                    Box::new(PhraseQuery::new(vec![term("b"), term("c")])),
                    Box::new(PhraseQuery::new(vec![term("d"), term("d")])),
                ]
            };
            let union = BooleanQuery::new(parts().into_iter().map(|q| (Occur::Should, q)).collect());
            let want = searcher.search(&union, &DocSetCollector).unwrap();
            let got = searcher.search(&MatchedPassages(parts()), &DocSetCollector).unwrap();
            proptest::prop_assert_eq!(&got, &want);
            let leader = || -> Box<dyn Query> {
                Box::new(TermQuery::new(term("c"), IndexRecordOption::Basic))
            };
            let with = |q: Box<dyn Query>| {
                BooleanQuery::new(vec![(Occur::Must, leader()), (Occur::Must, q)])
            };
            let want = searcher.search(&with(Box::new(union.clone())), &DocSetCollector).unwrap();
            let got = searcher
                .search(&with(Box::new(MatchedPassages(parts()))), &DocSetCollector)
                .unwrap();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
