//! Facet counts for a search: of the passages the request matches, how many carry each topic
//! and how many lie in documents of each year, type and region, so that a reader sees where
//! the matches are before narrowing to them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::{BitSet, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

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
/// counts from the documents of every matching passage, looked up in `manifest`. (A server
/// answering many requests on one commit uses [`facets_with`], which counts the same from a
/// [`TopicMembership`] made once.)
pub fn facets(
    handle: &IndexHandle,
    searcher: &Searcher,
    manifest: &Manifest,
    request: &SearchRequest,
    topics: &[Topic],
) -> Result<Facets> {
    let (_, query) = plan_request(handle, searcher, request)?;
    let mut counts = Vec::with_capacity(topics.len());
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
        counts.push(searcher.search(&joined, &CountAtLeast(TOPIC_MIN_SCORE))?);
    }
    let per_document = searcher.search(&query, &PerDocument)?;
    Ok(assemble(topics, counts, per_document, manifest))
}

/// The facets of `request` as [`facets`] counts them, over the topics of `membership` (which
/// must be of `searcher`'s commit): one pass over the matching passages, looking each up in the
/// topics' sets of carrying passages instead of running a topic query per topic.
pub fn facets_with(
    handle: &IndexHandle,
    searcher: &Searcher,
    manifest: &Manifest,
    request: &SearchRequest,
    membership: &TopicMembership,
) -> Result<Facets> {
    let (_, query) = plan_request(handle, searcher, request)?;
    let tally = searcher.search(&query, &Tally(membership))?;
    Ok(assemble(
        &membership.topics,
        tally.topics,
        tally.per_document,
        manifest,
    ))
}

/// Which passages of one commit carry each topic (score at least [`TOPIC_MIN_SCORE`] by its
/// [`topic_query`]), as one set of passages per segment: made once per commit (one topic query
/// per topic over the whole index), so that the facets of each request on that commit are one
/// non-scoring pass over its matches ([`facets_with`]).
pub struct TopicMembership {
    /// The topics, in the order given.
    topics: Vec<Topic>,
    /// By segment ordinal, each topic's carrying passages (in the order of `topics`).
    segments: Vec<Arc<Vec<BitSet>>>,
}

impl TopicMembership {
    /// The carrying passages of each of `topics` in the commit `searcher` reads.
    pub fn new(handle: &IndexHandle, searcher: &Searcher, topics: &[Topic]) -> Result<Self> {
        let mut segments: Vec<Vec<BitSet>> = searcher
            .segment_readers()
            .iter()
            .map(|_| Vec::with_capacity(topics.len()))
            .collect();
        for topic in topics {
            let query = topic_query(&handle.fields, &handle.analyzer, topic);
            for (ordinal, set) in searcher.search(&query, &CarryingSets(TOPIC_MIN_SCORE))? {
                segments[ordinal as usize].push(set);
            }
        }
        Ok(TopicMembership {
            topics: topics.to_vec(),
            segments: segments.into_iter().map(Arc::new).collect(),
        })
    }

    /// The topics whose carrying passages this holds.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }
}

/// The facets from the topics' counts (in the order of `topics`) and the matching passages per
/// document id.
fn assemble(
    topics: &[Topic],
    counts: Vec<usize>,
    per_document: HashMap<u64, usize>,
    manifest: &Manifest,
) -> Facets {
    let mut topic_counts: Vec<TopicCount> = topics
        .iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .map(|(topic, count)| TopicCount {
            id: topic.id.clone(),
            label: topic.label.clone(),
            count,
        })
        .collect();
    topic_counts.sort_by_key(|t| std::cmp::Reverse(t.count));
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
    Facets {
        topics: topic_counts,
        years,
        types: most_first(types),
        regions: most_first(regions),
    }
}

/// Collects, per segment, the passages whose score is at least a minimum.
struct CarryingSets(Score);

/// [`CarryingSets`] for one segment.
struct SegmentCarrying {
    ordinal: SegmentOrdinal,
    min: Score,
    set: BitSet,
}

impl Collector for CarryingSets {
    type Fruit = Vec<(SegmentOrdinal, BitSet)>;
    type Child = SegmentCarrying;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCarrying> {
        Ok(SegmentCarrying {
            ordinal,
            min: self.0,
            set: BitSet::with_max_value(reader.max_doc()),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        parts: Vec<(SegmentOrdinal, BitSet)>,
    ) -> tantivy::Result<Vec<(SegmentOrdinal, BitSet)>> {
        Ok(parts)
    }
}

impl SegmentCollector for SegmentCarrying {
    type Fruit = (SegmentOrdinal, BitSet);

    fn collect(&mut self, doc: DocId, score: Score) {
        if score >= self.min {
            self.set.insert(doc);
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.ordinal, self.set)
    }
}

/// What [`Tally`] counts: matching passages per topic (in the membership's order) and per
/// document id.
struct Tallied {
    topics: Vec<usize>,
    per_document: HashMap<u64, usize>,
}

/// Counts matching passages per topic, from a [`TopicMembership`], and per document id.
struct Tally<'m>(&'m TopicMembership);

/// [`Tally`] for one segment.
struct SegmentTally {
    sets: Arc<Vec<BitSet>>,
    ids: Option<Column<u64>>,
    tallied: Tallied,
}

impl Collector for Tally<'_> {
    type Fruit = Tallied;
    type Child = SegmentTally;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTally> {
        let sets = self
            .0
            .segments
            .get(ordinal as usize)
            .cloned()
            .ok_or_else(|| {
                tantivy::TantivyError::InvalidArgument(
                    "topic membership of another commit".to_owned(),
                )
            })?;
        Ok(SegmentTally {
            sets,
            ids: reader.fast_fields().u64("doc_id").ok(),
            tallied: Tallied {
                topics: vec![0; self.0.topics.len()],
                per_document: HashMap::new(),
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<Tallied>) -> tantivy::Result<Tallied> {
        let mut all = Tallied {
            topics: vec![0; self.0.topics.len()],
            per_document: HashMap::new(),
        };
        for part in parts {
            for (sum, count) in all.topics.iter_mut().zip(part.topics) {
                *sum += count;
            }
            for (id, count) in part.per_document {
                *all.per_document.entry(id).or_default() += count;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = Tallied;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (count, set) in self.tallied.topics.iter_mut().zip(self.sets.iter()) {
            *count += usize::from(set.contains(doc));
        }
        if let Some(id) = self.ids.as_ref().and_then(|c| c.first(doc)) {
            *self.tallied.per_document.entry(id).or_default() += 1;
        }
    }

    fn harvest(self) -> Tallied {
        self.tallied
    }
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
