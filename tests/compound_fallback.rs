//! A query word the searched passages do not hold falls back on its parts: within one clause
//! where a clause holds them all, else within one passage; the hits say so, and a search that
//! finds the word itself never falls back.

mod common;

use common::*;

#[test]
fn a_compound_no_passage_holds_is_searched_by_its_parts() {
    let (code, hits) = search_report("审批权限", &["--doc", "经开区"]);
    assert_eq!(code, 0, "the report talks of 审批 and of 管理权限");
    assert!(!hits.is_empty());
    for hit in &hits {
        assert_eq!(hit["fallback"], true, "{hit}");
        let text = text(hit);
        assert!(text.contains("审批") && text.contains("权限"), "{text}");
    }
    let out = run(&[
        "search",
        "--index",
        &report_index().display().to_string(),
        "审批权限",
        "--doc",
        "经开区",
    ]);
    assert!(
        stdout(&out).starts_with("No passage holds “审批权限”: searched its parts 审批 + 权限"),
        "{}",
        stdout(&out)
    );

    // A word the report holds is found as typed, with no fallback.
    let (code, hits) = search_report("人员编制", &[]);
    assert_eq!(code, 0);
    assert!(hits.iter().all(|h| h.get("fallback").is_none()));
}

#[test]
fn parts_in_one_clause_are_preferred_to_parts_apart() {
    let dir = leaked_tempdir();
    let corpus = dir.join("made-up");
    std::fs::create_dir_all(&corpus).unwrap();
    // Made up for this test.
    std::fs::write(
        corpus.join("某区放权通知.txt"),
        "某区放权通知\n\n\
         一、将审批的权限下放到街道，由街道统一办理。\n\n\
         二、规范审批事项的办理流程。明确区级部门的管理权限。\n",
    )
    .unwrap();
    let index = build_index(&[corpus]);
    let (code, hits) = search_in(&index, "审批权限", &[]);
    assert_eq!(code, 0);
    assert_eq!(hits.len(), 1, "only the clause that holds both: {hits:?}");
    assert!(text(&hits[0]).contains("审批的权限下放"));
    assert_eq!(hits[0]["fallback"], true);
    let out = run(&[
        "search",
        "--index",
        &index.display().to_string(),
        "审批权限",
    ]);
    assert!(
        stdout(&out).contains("within one clause"),
        "{}",
        stdout(&out)
    );

    // A word with no parts, held nowhere, still finds nothing.
    let (code, hits) = search_in(&index, "吹哨", &[]);
    assert_eq!((code, hits.len()), (1, 0));
}
