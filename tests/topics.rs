//! Topics and synonyms through the real binary: topic search on the seed report, the topic list
//! and profile, user topic files, synonyms and `--explain`; and the judged top 10 of every
//! bundled topic over the report plus corpus-small.

mod common;

use std::fs;

use common::*;

fn index_arg() -> String {
    shared_index().display().to_string()
}

/// The report's passages ranked by a topic search over an index of the report alone.
fn report_hits(topic: &str, limit: usize) -> Vec<serde_json::Value> {
    let (code, hits) = search_report(
        "",
        &[
            "--topic",
            topic,
            "--doc",
            "经开区管理体制机制调研报告",
            "--limit",
            &limit.to_string(),
        ],
    );
    assert_eq!(code, 0, "{topic}");
    hits
}

/// Whether the passages holding each phrase all rank above every passage of other paragraphs
/// (other windows of the same paragraphs are neither).
fn ranked_first(hits: &[serde_json::Value], phrases: &[&str]) -> bool {
    let holds = |h: &serde_json::Value| phrases.iter().any(|p| text(h).contains(p));
    let wanted_lines: Vec<&serde_json::Value> = hits
        .iter()
        .filter(|h| holds(h))
        .map(|h| &h["line"])
        .collect();
    let every_phrase_found = phrases
        .iter()
        .all(|p| hits.iter().any(|h| text(h).contains(p)));
    let last_wanted = hits.iter().rposition(holds);
    let first_other = hits
        .iter()
        .position(|h| !wanted_lines.contains(&&h["line"]));
    every_phrase_found
        && match (last_wanted, first_other) {
            (Some(last), Some(first)) => last < first,
            _ => true,
        }
}

fn lines(hits: &[serde_json::Value]) -> Vec<u64> {
    hits.iter().map(|h| h["line"].as_u64().unwrap()).collect()
}

#[test]
fn staffing_ranks_the_staffing_paragraphs_of_the_report_first() {
    let hits = report_hits("staffing", 20);
    let phrases = [
        "核定专项编制45人",
        "人才交流还不够顺畅",
        "创新人才培养、管理机制",
    ];
    assert!(ranked_first(&hits, &phrases), "{:?}", lines(&hits));
}

#[test]
fn approval_powers_ranks_delegation_and_approval_reform_first() {
    let hits = report_hits("审批权限", 20);
    let phrases = [
        "委托授予园区县级经济社会管理权限",
        "审批权下放",
        "行政审批制度改革",
    ];
    assert!(ranked_first(&hits, &phrases), "{:?}", lines(&hits));
}

#[test]
fn street_office_ranks_cross_appointment_first() {
    let hits = report_hits("street", 5);
    assert!(
        text(&hits[0]).contains("园区与街道领导交叉任职"),
        "{:?}",
        lines(&hits)
    );
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn hits_say_which_topic_terms_matched() {
    let (_, hits) = search_json(
        "",
        &[
            "--topic",
            "staffing",
            "--doc",
            "经开区管理体制机制调研报告",
            "--limit",
            "20",
        ],
    );
    let hit = hits
        .iter()
        .find(|h| text(h).contains("核定专项编制45人"))
        .unwrap();
    let topic = &hit["topics"][0];
    assert_eq!(topic["id"], "staffing");
    let terms: Vec<&str> = topic["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        terms.contains(&"专项编制") && terms.contains(&"职数"),
        "{terms:?}"
    );
    assert!(topic["score"].as_f64().unwrap() > 0.0);
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn a_query_within_a_topic_and_combined_topics() {
    let (code, hits) = search_json(
        "园区",
        &["--topic", "staffing", "--doc", "经开区管理体制机制调研报告"],
    );
    assert_eq!(code, 0);
    for hit in &hits {
        // 园区 or a synonym of it (经开区, 开发区 …).
        assert!(
            ["园区", "开发区", "经开区"]
                .iter()
                .any(|w| text(hit).contains(w)),
            "{hit}"
        );
        assert!(
            !hit["topics"][0]["terms"].as_array().unwrap().is_empty(),
            "{hit}"
        );
    }
    let (_, both) = search_json(
        "",
        &[
            "--topic",
            "staffing",
            "--topic",
            "approval-powers",
            "--doc",
            "经开区管理体制机制调研报告",
            "--limit",
            "50",
        ],
    );
    for hit in &both {
        let topics = hit["topics"].as_array().unwrap();
        assert_eq!(topics.len(), 2);
        assert!(
            topics
                .iter()
                .all(|t| !t["terms"].as_array().unwrap().is_empty()),
            "{hit}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn unknown_topics_list_the_topics() {
    let out = run(&["search", "--index", &index_arg(), "--topic", "火星", "编制"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("staffing") && stderr(&out).contains("人员编制"),
        "{}",
        stderr(&out)
    );
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn topics_lists_counts_and_profiles_a_document() {
    let out = run(&["topics", "--index", &index_arg(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let topics: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(topics.len() >= 12);
    let staffing = topics.iter().find(|t| t["id"] == "staffing").unwrap();
    assert!(staffing["passages"].as_u64().unwrap() > 0);
    let out = run(&[
        "topics",
        "--index",
        &index_arg(),
        "--doc",
        "经开区管理体制机制调研报告",
    ]);
    let profile = stdout(&out);
    assert!(
        profile.contains("三、规范创新经开区体制机制的建议"),
        "{profile}"
    );
    assert!(
        profile.contains('█') && profile.contains("人员编制"),
        "{profile}"
    );
    let out = run(&[
        "topics",
        "--index",
        &index_arg(),
        "--doc",
        "经开区管理体制机制调研报告",
        "--json",
    ]);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let street = lines.iter().find(|l| l["id"] == "street-office").unwrap();
    let sections: Vec<&str> = street["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["section"].as_str().unwrap())
        .collect();
    assert!(
        sections.contains(&"三、规范创新经开区体制机制的建议"),
        "{sections:?}"
    );
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn user_topics_extend_the_lexicon_and_bad_files_name_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("mine.toml");
    fs::write(&mine, "[[topic]]\nid = \"zone-leaders\"\nlabel = \"园区领导\"\n[topic.terms]\n\"一肩挑\" = 3.0\n\"一把手\" = 2.0\n").unwrap();
    let out = run(&[
        "search",
        "--index",
        &index_arg(),
        "--topics",
        &mine.display().to_string(),
        "--topic",
        "zone-leaders",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("一肩挑"));
    let bad = tmp.path().join("bad.toml");
    fs::write(
        &bad,
        "[[topic]]\nid = \"x\"\nlabel = \"X\"\n[topic.terms]\n\"甲\" = \"heavy\"\n",
    )
    .unwrap();
    let out = run(&[
        "topics",
        "--index",
        &index_arg(),
        "--topics",
        &bad.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.toml line 5"), "{}", stderr(&out));
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn synonyms_expand_queries_and_explain_shows_them() {
    let out = run(&[
        "search",
        "--index",
        &index_arg(),
        "--doc",
        "经开区管理体制机制调研报告",
        "管理委员会",
        "--explain",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(shown.contains("管理委员会 (or 管委会)"), "{shown}");
    assert!(
        shown.contains("管委会"),
        "a passage with 管委会 is found: {shown}"
    );
    assert!(
        shown.contains("topics: "),
        "per-topic contributions: {shown}"
    );
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn the_judged_top_ten_of_every_topic_is_mostly_on_topic() {
    let judged: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/topics-judged.json"
        ))
        .unwrap(),
    )
    .unwrap();
    for (topic, judgements) in judged["topics"].as_object().unwrap() {
        let (_, hits) = search_json("", &["--topic", topic, "--limit", "10"]);
        let on_topic = hits
            .iter()
            .filter(|hit| {
                judgements.as_array().unwrap().iter().any(|j| {
                    j["path"] == hit["path"]
                        && j["passage"] == hit["passage"]
                        && j["on_topic"] == true
                })
            })
            .count();
        // A passage not in the judged list counts as off topic: a ranking change needs judging.
        assert!(
            on_topic >= 6,
            "{topic}: {on_topic} of the top 10 judged on topic"
        );
    }
}
