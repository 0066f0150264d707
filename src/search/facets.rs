//! Facet counts for a search: of the passages the request matches, how many carry each topic
//! and how many lie in documents of each year, type and region, so that a reader sees where
//! the matches are before narrowing to them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::topic::{topic_query, CountAtLeast, TOPIC_MIN_SCORE};
use super::{plan_request, SearchRequest};
use crate::error::Result;
use crate::index::manifest::Manifest;
use crate::index::IndexHandle;
use crate::topics::Topic;

/// The facet counts of one search request.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Facets {
    /// Matching passages carrying each topic (score at least [`TOPIC_MIN_SCORE`]), most first;
    /// topics no match carries are left out.
    pub topics: Vec<TopicCount>,
    /// Matching passages by the year their document is filtered by (its own date's, else its
    /// page's stamp's), newest first.
    pub years: Vec<FacetCount>,
    /// Matching passages by their document's type (通知, 报告 …), most first.
    pub types: Vec<FacetCount>,
    /// Matching passages by their document's region, most first.
    pub regions: Vec<FacetCount>,
}

/// A topic with how many matching passages carry it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TopicCount {
    /// The topic's id (`staffing`), as `--topic` takes it.
    pub id: String,
    /// The topic's label (`人员编制`).
    pub label: String,
    /// Matching passages carrying it.
    pub count: usize,
}

/// One value of a metadata facet with how many matching passages have it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FacetCount {
    /// The value, as the matching filter (`--year`, `--type`, `--region`) takes it.
    pub value: String,
    /// Matching passages with it.
    pub count: usize,
}

/// The facets of `request` over `topics`: topic counts from each topic's query joined to the
/// request's (the request's own score set to zero, so the topic score alone decides), metadata
/// counts from the documents of every matching passage, looked up in `manifest`.
pub fn facets(
    handle: &IndexHandle,
    searcher: &Searcher,
    manifest: &Manifest,
    request: &SearchRequest,
    topics: &[Topic],
) -> Result<Facets> {
    let (_, query) = plan_request(handle, searcher, request)?;
    let mut topic_counts = Vec::new();
    for topic in topics {
        let joined = BooleanQuery::new(vec![
            (
                Occur::Must,
                topic_query(&handle.fields, &handle.analyzer, topic),
            ),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(query.box_clone(), 0.0)) as Box<dyn Query>,
            ),
        ]);
        let count = searcher.search(&joined, &CountAtLeast(TOPIC_MIN_SCORE))?;
        if count > 0 {
            topic_counts.push(TopicCount {
                id: topic.id.clone(),
                label: topic.label.clone(),
                count,
            });
        }
    }
    topic_counts.sort_by_key(|t| std::cmp::Reverse(t.count));
    let per_document = searcher.search(&query, &PerDocument)?;
    let by_id: HashMap<u64, &crate::index::manifest::FileEntry> =
        manifest.files.values().map(|e| (e.id, e)).collect();
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    let mut types: BTreeMap<String, usize> = BTreeMap::new();
    let mut regions: BTreeMap<String, usize> = BTreeMap::new();
    for (doc_id, count) in per_document {
        let Some(entry) = by_id.get(&doc_id) else {
            continue;
        };
        let meta = &entry.metadata;
        // The year `--year` filters by: the document's own date's, else its page's stamp's.
        if let Some(year) = meta.filter_date(false).and_then(|d| d.get(..4)) {
            *years.entry(year.to_owned()).or_default() += count;
        }
        if let Some(doc_type) = &meta.doc_type {
            *types.entry(doc_type.clone()).or_default() += count;
        }
        if let Some(region) = &meta.region {
            *regions.entry(region.clone()).or_default() += count;
        }
    }
    let most_first = |counts: BTreeMap<String, usize>| {
        let mut list: Vec<FacetCount> = counts
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        list.sort_by_key(|f| std::cmp::Reverse(f.count));
        list
    };
    let mut years = most_first(years);
    years.sort_by(|a, b| b.value.cmp(&a.value));
    Ok(Facets {
        topics: topic_counts,
        years,
        types: most_first(types),
        regions: most_first(regions),
    })
}

/// Counts matching passages by their document id (the `doc_id` fast field).
struct PerDocument;

/// [`PerDocument`] for one segment.
struct SegmentPerDocument {
    ids: Option<Column<u64>>,
    counts: HashMap<u64, usize>,
}

impl Collector for PerDocument {
    type Fruit = HashMap<u64, usize>;
    type Child = SegmentPerDocument;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPerDocument> {
        Ok(SegmentPerDocument {
            ids: reader.fast_fields().u64("doc_id").ok(),
            counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<HashMap<u64, usize>>) -> tantivy::Result<Self::Fruit> {
        let mut all = HashMap::new();
        for part in parts {
            for (id, count) in part {
                *all.entry(id).or_default() += count;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentPerDocument {
    type Fruit = HashMap<u64, usize>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(id) = self.ids.as_ref().and_then(|c| c.first(doc)) {
            *self.counts.entry(id).or_default() += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}
