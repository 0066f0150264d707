//! The rule that at least one query word is in the passage itself (not only in its title or
//! headings), as a query that looks at a word only where it is asked about. It stands beside
//! tantivy's coverage rule over the same words for a query of more clauses than
//! [`super::coverage::Coverage`] takes (which carries this rule itself). The coverage rule
//! drives the search: tantivy's union would run through every passage holding any of the words,
//! checking the bigram positions of each phrase on the way, though only the passages the
//! coverage rule finds are ever asked about. This one moves each word's postings on to the
//! passage asked about and no further, so the phrases are checked only there. It matches the
//! same passages as the union, with score 0.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED};

/// Matches the passages that any of the queries matches, with score 0.
#[derive(Debug)]
pub struct AnyInPassage(pub Vec<Box<dyn Query>>);

impl Clone for AnyInPassage {
    fn clone(&self) -> Self {
        AnyInPassage(self.0.iter().map(|q| q.box_clone()).collect())
    }
}

impl Query for AnyInPassage {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .0
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AnyInPassageWeight(weights)))
    }
}

struct AnyInPassageWeight(Vec<Box<dyn Weight>>);

impl Weight for AnyInPassageWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let parts = self
            .0
            .iter()
            .map(|w| w.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(AnyScorer::new(parts)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.scorer(reader, 1.0)?.seek(doc) == doc {
            Ok(Explanation::new("a query word in the passage", 0.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} holds none of the query words"
            )))
        }
    }
}

/// The union of its parts, each moved only as far as asked.
pub(crate) struct AnyScorer {
    parts: Vec<Box<dyn Scorer>>,
    /// The smallest of the parts' documents.
    doc: DocId,
}

impl AnyScorer {
    /// The union of `parts`, standing on their first document.
    pub(crate) fn new(parts: Vec<Box<dyn Scorer>>) -> AnyScorer {
        let mut any = AnyScorer { parts, doc: 0 };
        any.settle();
        any
    }

    /// The parts, for a caller that takes the union over (each stands on or after the union's
    /// current document).
    pub(crate) fn parts_mut(&mut self) -> &mut [Box<dyn Scorer>] {
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

impl Scorer for AnyScorer {
    fn score(&mut self) -> Score {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter, Term};

    proptest::proptest! {
        /// It matches what tantivy's union of the same queries matches, alone and as the
        /// second clause of an intersection (where it is only sought).
        #[test]
        fn matches_what_the_union_matches(
            texts in proptest::collection::vec("[abcd]( [abcd]){0,5}", 1..60),
        ) {
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
            let got = searcher.search(&AnyInPassage(parts()), &DocSetCollector).unwrap();
            proptest::prop_assert_eq!(&got, &want);
            let leader = || -> Box<dyn Query> {
                Box::new(TermQuery::new(term("c"), IndexRecordOption::Basic))
            };
            let with = |q: Box<dyn Query>| {
                BooleanQuery::new(vec![(Occur::Must, leader()), (Occur::Must, q)])
            };
            let want = searcher.search(&with(Box::new(union.clone())), &DocSetCollector).unwrap();
            let got = searcher
                .search(&with(Box::new(AnyInPassage(parts()))), &DocSetCollector)
                .unwrap();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
