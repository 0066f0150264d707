//! A plain BM25 baseline to measure ranking against: the query cut by the index's own
//! tokenizers into word and bigram terms, every term an optional clause over its field, and the
//! passages ranked by tantivy's BM25 sum alone — no coverage rule, no document naming, no
//! headings or titles, no proximity re-rank, no topics. `zhengce eval --search --baseline` runs it
//! over the same index and questions as `zhengce search`, so the two are compared like for like.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{Searcher, Term};

use crate::error::Result;
use crate::index::stored::Cards;
use crate::index::IndexHandle;

/// A passage the baseline found: its document's path and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct BaselineHit {
    /// The document's path relative to its root.
    pub path: String,
    /// The passage's text.
    pub text: String,
    /// Its BM25 score.
    pub score: f32,
}

/// The `limit` best passages for `query` by plain BM25 over the words and bigrams fields.
pub fn plain_bm25(
    handle: &IndexHandle,
    searcher: &Searcher,
    query: &str,
    limit: usize,
) -> Result<Vec<BaselineHit>> {
    let fields = &handle.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for field in [fields.words, fields.bigrams] {
        for token in tokens(handle, field, query)? {
            let term = Term::from_field_text(field, &token);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            ));
        }
    }
    if clauses.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let top = searcher.search(
        &BooleanQuery::new(clauses),
        &TopDocs::with_limit(limit).order_by_score(),
    )?;
    let cards = Cards::new(searcher, fields);
    top.into_iter()
        .map(|(score, address)| {
            let (passage, card) = cards.passage(address)?;
            Ok(BaselineHit {
                path: card.path.clone(),
                text: passage.text,
                score,
            })
        })
        .collect()
}

/// The terms the index's tokenizer for `field` makes of `text`, each once.
fn tokens(handle: &IndexHandle, field: Field, text: &str) -> Result<Vec<String>> {
    let mut analyzer = handle.index.tokenizer_for_field(field)?;
    let mut stream = analyzer.token_stream(text);
    let mut out: Vec<String> = Vec::new();
    while let Some(token) = stream.next() {
        if !out.contains(&token.text) {
            out.push(token.text.clone());
        }
    }
    Ok(out)
}
