//! The passages (or documents) of the index most similar to a given passage (or document).
//!
//! Similarity is the TF-IDF cosine of [`super::vectors`]. To stay fast on a large index, the
//! candidates are found through the index first: the query's [`QUERY_TERMS`] heaviest terms, each
//! weighted by its TF-IDF weight, as one BM25 query over the words and bigram fields; the best
//! [`CANDIDATES`] passages are then re-ranked by their exact cosine. The passage itself (every
//! window of its paragraph) and its exact duplicates (the same text, normalised, anywhere) are
//! left out. For a whole document, candidate documents are those whose passages score best for
//! the document's heaviest terms, re-ranked by the cosine of whole-document vectors; documents
//! with the same content (the same file indexed twice) are left out.

use std::collections::{HashMap, HashSet};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Score, Searcher, Term};

use super::passages::{document_passages, load_passage, StoredPassage};
use super::vectors::{cosine, TermCounts, TermField, TermStats, TermVector};
use crate::analysis::normalize::NormalizedText;
use crate::error::Result;
use crate::index::manifest::{FileEntry, Manifest};
use crate::index::schema;
use crate::index::IndexHandle;
use crate::search::highlight::highlight;
use crate::search::Hit;

/// How many of the query's heaviest terms the candidate search uses.
pub const QUERY_TERMS: usize = 32;
/// How many candidate passages are re-ranked by their exact cosine.
pub const CANDIDATES: usize = 200;
/// How many of the best candidate passages a document search groups into documents.
const DOCUMENT_POOL: usize = 2_000;
/// How many shared words are highlighted in a similar passage.
const HIGHLIGHTED_WORDS: usize = 8;

/// The passages most similar to `query` (one passage, or the windows of one paragraph), best
/// first, each scored by its cosine with the query; not the query's own passages nor passages
/// with the same text, and with `elsewhere` none of the query's own document.
pub fn similar_passages(
    handle: &IndexHandle,
    searcher: &Searcher,
    query: &[StoredPassage],
    limit: usize,
    elsewhere: bool,
) -> Result<Vec<Hit>> {
    let mut stats = TermStats::new(handle, searcher)?;
    let mut counts = TermCounts::default();
    for passage in query {
        counts.add(&stats.count(&passage.analysis));
    }
    let wanted = stats.weigh(&counts)?;
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let own: HashSet<DocAddress> = query.iter().filter_map(|p| p.hit.address).collect();
    let own_texts: HashSet<String> = query.iter().map(|p| comparable(&p.hit.text)).collect();
    let mut candidate_query = terms_query(handle, &wanted, QUERY_TERMS);
    if elsewhere {
        let own_documents = query.iter().map(|p| {
            Term::from_field_text(
                handle.fields.doc_key,
                &schema::doc_key(&p.hit.root, &p.hit.path),
            )
        });
        candidate_query = Box::new(BooleanQuery::new(vec![
            (Occur::Must, candidate_query),
            (Occur::MustNot, Box::new(TermSetQuery::new(own_documents))),
        ]));
    }
    let candidates = searcher.search(
        &*candidate_query,
        &TopDocs::with_limit(CANDIDATES + own.len()).order_by_score(),
    )?;
    let mut hits = Vec::new();
    for (_, address) in candidates {
        if own.contains(&address) {
            continue;
        }
        let passage = load_passage(handle, searcher, address, 0.0)?;
        if own_texts.contains(&comparable(&passage.hit.text)) {
            continue;
        }
        let vector = stats.vector(&passage.analysis)?;
        hits.push(similar_hit(passage, &wanted, &vector, None));
    }
    sort_best_first(&mut hits);
    hits.truncate(limit);
    Ok(hits)
}

/// The documents most similar to `entry`, best first: each as its passage that matched the
/// document's heaviest terms best, scored by the cosine of the two whole documents.
pub fn similar_documents(
    handle: &IndexHandle,
    searcher: &Searcher,
    manifest: &Manifest,
    entry: &FileEntry,
    limit: usize,
) -> Result<Vec<Hit>> {
    let mut stats = TermStats::new(handle, searcher)?;
    let own = document_passages(handle, searcher, entry)?;
    let wanted = document_vector(&mut stats, &own)?;
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let by_id: HashMap<u64, &FileEntry> = manifest.files.values().map(|e| (e.id, e)).collect();
    // The document itself and any file with the same content.
    let excluded: HashSet<u64> = manifest
        .files
        .values()
        .filter(|e| e.hash == entry.hash)
        .map(|e| e.id)
        .collect();
    let top = searcher.search(
        &*terms_query(handle, &wanted, QUERY_TERMS),
        &TopDocs::with_limit(DOCUMENT_POOL).order_by_score(),
    )?;
    // Each candidate document's best passage and the sum of its (up to five) best scores.
    let mut by_document: HashMap<u64, (DocAddress, Score, Vec<Score>)> = HashMap::new();
    for (score, address) in top {
        let ids = searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .u64("doc_id")?;
        let Some(id) = ids.first(address.doc_id) else {
            continue;
        };
        if excluded.contains(&id) {
            continue;
        }
        let slot = by_document
            .entry(id)
            .or_insert_with(|| (address, score, Vec::new()));
        slot.2.push(score);
    }
    let mut ranked: Vec<(u64, DocAddress, Score)> = by_document
        .into_iter()
        .map(|(id, (best, _, scores))| (id, best, scores.iter().take(5).sum()))
        .collect();
    ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    ranked.truncate((limit * 3).max(15));
    let mut hits = Vec::new();
    for (id, best, _) in ranked {
        let Some(other) = by_id.get(&id) else {
            continue;
        };
        let passages = document_passages(handle, searcher, other)?;
        let vector = document_vector(&mut stats, &passages)?;
        let Some(passage) = passages.into_iter().find(|p| p.hit.address == Some(best)) else {
            continue;
        };
        let passage_vector = stats.vector(&passage.analysis)?;
        let score = cosine(&wanted, &vector);
        hits.push(similar_hit(passage, &wanted, &passage_vector, Some(score)));
    }
    sort_best_first(&mut hits);
    hits.truncate(limit);
    Ok(hits)
}

/// A found passage as a hit: scored by `score`, or by its own cosine with the query, and with
/// the heaviest words it shares with the query highlighted.
fn similar_hit(
    passage: StoredPassage,
    wanted: &TermVector,
    vector: &TermVector,
    score: Option<f32>,
) -> Hit {
    let mut hit = passage.hit;
    hit.score = score.unwrap_or_else(|| cosine(wanted, vector));
    hit.highlights = shared_highlights(wanted, vector, &hit.text, &passage.analysis);
    hit
}

/// The TF-IDF vector of a whole document (its passages' term counts added up).
fn document_vector(stats: &mut TermStats, passages: &[StoredPassage]) -> Result<TermVector> {
    let mut counts = TermCounts::default();
    for passage in passages {
        counts.add(&stats.count(&passage.analysis));
    }
    stats.weigh(&counts)
}

/// A query for the `n` heaviest terms of a vector, each boosted by its weight.
fn terms_query(handle: &IndexHandle, vector: &TermVector, n: usize) -> Box<dyn Query> {
    let fields = &handle.fields;
    let clauses = vector
        .heaviest(n)
        .into_iter()
        .map(|((field, term), weight)| {
            let field = match field {
                TermField::Words => fields.words,
                TermField::Bigrams => fields.bigrams,
            };
            let query = TermQuery::new(
                Term::from_field_text(field, term),
                IndexRecordOption::WithFreqs,
            );
            let clause: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(query), *weight));
            (Occur::Should, clause)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// A passage's text as compared for exact duplicates: normalised, without whitespace.
fn comparable(text: &str) -> String {
    NormalizedText::new(text)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Highlights of the heaviest words a passage shares with the query.
fn shared_highlights(
    wanted: &TermVector,
    found: &TermVector,
    text: &str,
    analysis: &str,
) -> Vec<(usize, usize)> {
    let needles: Vec<String> = wanted
        .shared(found)
        .into_iter()
        .filter(|(key, _)| key.0 == TermField::Words && key.1.chars().count() > 1)
        .take(HIGHLIGHTED_WORDS)
        .map(|(key, _)| key.1.clone())
        .collect();
    highlight(text, analysis, &needles)
}

/// Best first; equal scores by path, root, line and passage.
fn sort_best_first(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.root.cmp(&b.root))
            .then_with(|| a.line.cmp(&b.line))
            .then_with(|| a.passage.cmp(&b.passage))
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn exact_duplicates_compare_equal_across_widths_and_spaces() {
        assert_eq!(
            super::comparable("核定专项编制４５人 "),
            super::comparable("核定专项编制45人")
        );
        assert_ne!(
            super::comparable("核定专项编制45人"),
            super::comparable("核定专项编制46人")
        );
    }
}

/// What [`similar_to`] found for a target `DOC` or `DOC:LOC`.
#[derive(Debug, Clone)]
pub struct SimilarResults {
    /// What the hits are like: `documents most similar to it`, or the passages of a place.
    pub what: String,
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// The target's file when it changed since it was indexed (its passages were found in the
    /// file as it is now).
    pub changed: Option<std::path::PathBuf>,
}

/// The passages most similar to the passages at `location` of the document `entry` (found in
/// its file as it is on disk, then in the index), or with no location the documents most
/// similar to it: what `zhengce similar DOC[:LOC]` prints.
pub fn similar_to(
    handle: &IndexHandle,
    searcher: &Searcher,
    manifest: &Manifest,
    entry: &FileEntry,
    location: Option<crate::cite::Location>,
    limit: usize,
    elsewhere: bool,
) -> Result<SimilarResults> {
    let Some(location) = location else {
        return Ok(SimilarResults {
            what: "documents most similar to it".to_owned(),
            hits: similar_documents(handle, searcher, manifest, entry, limit)?,
            changed: None,
        });
    };
    let opened = crate::index::lookup::open(entry)?;
    let ordinals: Vec<u64> = crate::cite::passages_at(&opened.document, location)?
        .iter()
        .map(|p| u64::from(p.ordinal))
        .collect();
    let query: Vec<_> = document_passages(handle, searcher, entry)?
        .into_iter()
        .filter(|p| ordinals.contains(&p.hit.passage))
        .collect();
    let hits = similar_passages(handle, searcher, &query, limit, elsewhere)?;
    let what = match query.first() {
        Some(first) => format!(
            "passages most similar to {}",
            crate::cite::Citation::from_hit(&first.hit).place()
        ),
        None => "passages".to_owned(),
    };
    Ok(SimilarResults {
        what,
        hits,
        changed: opened.changed.then(|| opened.file.clone()),
    })
}
