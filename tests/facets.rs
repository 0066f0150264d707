//! Facet counts from a commit's topic membership ([`facets_with`], what the server uses) equal
//! those of the topic queries run per request ([`facets`]), on indexes of one segment and of
//! several.

mod common;

use std::path::Path;

use zhengce::index::manifest::Manifest;
use zhengce::index::IndexHandle;
use zhengce::search::facets::{facets, facets_with, TopicMembership};
use zhengce::search::SearchRequest;
use zhengce::topics::Lexicon;

/// Queries with and without words, with and without topics, some matching nothing.
const REQUESTS: &[(&str, &[&str])] = &[
    ("人员编制", &[]),
    ("编制", &[]),
    ("机构改革 精简", &[]),
    ("+审批 -备案", &[]),
    ("\"行政审批制度改革\"", &[]),
    ("财政 税收 增长", &[]),
    ("政府工作报告", &[]),
    ("没有这样一个词语甲乙丙", &[]),
    ("", &["staffing"]),
    ("", &["fiscal-tax"]),
    ("", &["street-office", "institutional-setup"]),
    ("编制", &["staffing"]),
    ("改革", &["approval-powers"]),
];

/// Asserts both ways of counting give the same facets for every request on the index at `dir`,
/// and that some request counts some topic (so the comparison is not of empty lists).
fn same_facets(dir: &Path) {
    let handle = IndexHandle::open(dir).expect("index opens");
    let reader = handle.reader().expect("reader");
    let view = handle.commit_view(&reader).expect("commit");
    let searcher = &view.searcher;
    let manifest = Manifest::load(&handle.dir, &view.payload).expect("manifest");
    let lexicon = Lexicon::load(&handle.dir, None).expect("lexicon");
    let membership = TopicMembership::new(&handle, searcher, &lexicon.topics).expect("membership");
    assert_eq!(membership.topics().len(), lexicon.topics.len());
    let mut counted = 0;
    for (query, topics) in REQUESTS {
        let mut request = SearchRequest::new(*query, 10);
        request.topics = topics
            .iter()
            .map(|t| lexicon.resolve(t).expect("bundled topic").clone())
            .collect();
        let expected = facets(&handle, searcher, &manifest, &request, &lexicon.topics)
            .expect("facets per request");
        let cached =
            facets_with(&handle, searcher, &manifest, &request, &membership).expect("cached");
        assert_eq!(
            serde_json::to_value(&cached).unwrap(),
            serde_json::to_value(&expected).unwrap(),
            "{query:?} {topics:?}"
        );
        counted += expected.topics.iter().map(|t| t.count).sum::<usize>();
    }
    assert!(counted > 0, "no request counted a topic");
}

#[test]
fn membership_counts_equal_per_request_counts() {
    same_facets(common::report_index());
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn membership_counts_equal_per_request_counts_over_segments() {
    // Indexed in two runs, so that the index holds more than one segment.
    let index = common::leaked_tempdir().join("index");
    for roots in [
        vec![common::bundled_corpus()],
        vec![common::bundled_corpus(), common::corpus_small()],
    ] {
        let out = common::bin()
            .args(["index", "--quiet", "--index"])
            .arg(&index)
            .args(&roots)
            .output()
            .expect("zhengce runs");
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    let handle = IndexHandle::open(&index).expect("index opens");
    let segments = handle
        .reader()
        .expect("reader")
        .searcher()
        .segment_readers()
        .len();
    assert!(segments > 1, "{segments} segment(s)");
    same_facets(&index);
}
