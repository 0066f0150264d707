//! Document structure, metadata and citations through the real binary: `show`, `cite`, section
//! paths and metadata in search results, filters.

mod common;

use std::fs;

use common::*;

/// The index of the report plus corpus-small (for tests marked as needing `../shared`).
fn index_arg() -> String {
    shared_index().display().to_string()
}

/// The index of the bundled report alone.
fn report_arg() -> String {
    report_index().display().to_string()
}

#[test]
fn the_report_outline_title_and_date() {
    let out = run(&[
        "show",
        "--index",
        &report_arg(),
        "经开区管理体制机制调研报告",
        "--outline",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let outline: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(outline["title"], "经开区管理体制机制调研报告");
    // The site's upload stamp is the page's date; the report states none of its own.
    assert_eq!(outline["page_date"], "2024-04-01");
    assert!(outline.get("date").is_none(), "{outline}");
    let sections = outline["sections"].as_array().unwrap();
    let top: Vec<&str> = sections
        .iter()
        .filter(|s| s["depth"] == 0)
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        top,
        [
            "一、经开区体制机制现状",
            "二、存在的主要问题",
            "三、规范创新经开区体制机制的建议"
        ]
    );
    let third = sections
        .iter()
        .position(|s| s["label"] == "三、规范创新经开区体制机制的建议")
        .unwrap();
    let under_third: Vec<&str> = sections
        .iter()
        .filter(|s| s["parent"] == third)
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(under_third.len(), 4, "{under_third:?}");
    for (label, prefix) in under_third.iter().zip(["(一)", "(二)", "(三)", "(四)"]) {
        assert!(label.starts_with(prefix), "{label}");
    }
}

#[test]
fn no_web_page_furniture_is_indexed() {
    for query in [
        "当前位置",
        "点击下载文档",
        "推荐度",
        "Word文档",
        "本文共2581字",
        "为你整理",
    ] {
        let (code, hits) = search_report(query, &["--doc", "经开区管理体制机制调研报告"]);
        assert_eq!(code, 1, "{query} found: {hits:#?}");
    }
}

#[test]
fn hits_carry_section_paths_and_metadata() {
    let (_, hits) = search_report("交叉任职", &["--doc", "经开区管理体制机制调研报告"]);
    let hit = &hits[0];
    assert_eq!(
        hit["section"],
        serde_json::json!(["三、规范创新经开区体制机制的建议", "(一)理顺行政管理体制"])
    );
    assert_eq!(hit["page_date"], "2024-04-01");
    // 衡编办〔2019〕37号 is cited by the report's body, not the report's own number.
    assert!(hit.get("number").is_none(), "{hit}");
    assert!(hit["paragraph"].as_u64().unwrap() > 0);
    let (start, end) = (
        hit["char_start"].as_u64().unwrap(),
        hit["char_end"].as_u64().unwrap(),
    );
    assert_eq!((end - start) as usize, text(hit).chars().count());
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn law_articles_cite_as_articles_under_their_chapters() {
    let a = run(&[
        "cite",
        "--index",
        &index_arg(),
        "行政许可法:第十二条",
        "--json",
    ]);
    let b = run(&[
        "cite",
        "--index",
        &index_arg(),
        "行政许可法:第12条",
        "--json",
    ]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(stdout(&a), stdout(&b));
    let citation: serde_json::Value = serde_json::from_str(stdout(&a).trim()).unwrap();
    let section: Vec<&str> = citation["section"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(section.last(), Some(&"第十二条"));
    assert!(section[0].starts_with("第二章"), "{section:?}");
    assert!(citation["text"].as_str().unwrap().starts_with("第十二条"));
    assert_eq!(citation["type"], "法律");
    let gbt = run(&[
        "cite",
        "--index",
        &index_arg(),
        "行政许可法:第12条",
        "--format",
        "gbt7714",
    ]);
    assert!(
        stdout(&gbt).contains("中华人民共和国行政许可法"),
        "{}",
        stdout(&gbt)
    );
    assert!(stdout(&gbt).contains("[Z]"), "{}", stdout(&gbt));
}

#[test]
fn cite_a_line_and_one_sentence() {
    let out = run(&[
        "cite",
        "--index",
        &report_arg(),
        "经开区管理体制机制调研报告:20",
        "--sentence",
        "2",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let citation: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(citation["line"], 20);
    assert_eq!(
        citation["section"],
        serde_json::json!(["一、经开区体制机制现状"])
    );
    assert!(citation["text"]
        .as_str()
        .unwrap()
        .starts_with("经开区机关核定专项编制45人"));
    let md = run(&[
        "cite",
        "--index",
        &report_arg(),
        "经开区管理体制机制调研报告:20",
        "--format",
        "markdown",
    ]);
    assert!(stdout(&md).starts_with("> 二是优化队伍"), "{}", stdout(&md));
}

#[test]
fn bad_locations_and_documents_are_clear_errors() {
    let idx = report_arg();
    let cases: [(&[&str], &str); 5] = [
        (
            &["cite", "--index", &idx, "没有这个文件:3"],
            "no document matches",
        ),
        (
            &["cite", "--index", &idx, "经开区管理体制机制调研报告:9999"],
            "out of range",
        ),
        (
            &[
                "cite",
                "--index",
                &idx,
                "经开区管理体制机制调研报告:20",
                "--sentence",
                "99",
            ],
            "sentence 99 is out of range",
        ),
        (
            &[
                "cite",
                "--index",
                &idx,
                "经开区管理体制机制调研报告:第十二条",
            ],
            "no articles",
        ),
        (
            &["cite", "--index", &idx, "经开区管理体制机制调研报告"],
            "give a location",
        ),
    ];
    for (args, message) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn a_missing_article_is_an_error_and_copies_are_listed() {
    let idx = index_arg();
    let out = run(&["cite", "--index", &idx, "行政许可法:第九百条"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not in"), "{}", stderr(&out));
    // 居民身份证法 is in two folders of corpus-small with the same text: indexed once, under
    // the first folder, with the other listed as its copy (issue 7).
    let out = run(&["show", "--index", &idx, "居民身份证法", "--outline"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("宪法相关法/居民身份证法")
            && stdout(&out).contains("行政法/居民身份证法")
            && stdout(&out).contains("  copy:"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn show_a_passage_with_context() {
    let out = run(&[
        "show",
        "--index",
        &report_arg(),
        "经开区管理体制机制调研报告:32",
        "--context",
        "1",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = json_lines(&out);
    assert_eq!(shown.len(), 3);
    let targets: Vec<u64> = shown
        .iter()
        .filter(|p| p["target"] == true)
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(targets, [32]);
}

/// Every passage of every document under `root`, read as the indexer reads it: the line it cites,
/// opened in the original file, contains its text. Returns how many passages were checked.
fn check_cited_lines(root: &std::path::Path) -> usize {
    let mut checked = 0;
    let (files, _) = zhengce::ingest::walk(root, None);
    for file in files {
        let bytes = fs::read(&file.abs_path).unwrap();
        let Ok(document) = zhengce::ingest::read_document(&file, &bytes) else {
            continue;
        };
        let lines: Vec<&str> = document.text.lines().collect();
        for passage in &document.passages {
            let text = document.passage_text(passage);
            assert!(
                lines[passage.line as usize - 1].contains(text),
                "{}:{} does not contain {text:?}",
                file.abs_path.display(),
                passage.line
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_cited_line_of_the_report_holds_the_cited_text() {
    let checked = check_cited_lines(&bundled_corpus());
    assert!(checked >= 15, "only {checked} passages checked");
    // And through the binary, a citation's line holds its text.
    let out = run(&[
        "cite",
        "--index",
        &report_arg(),
        "经开区管理体制机制调研报告:32",
        "--json",
    ]);
    let citation: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let original =
        fs::read_to_string(bundled_corpus().join("经开区管理体制机制调研报告.txt")).unwrap();
    let line = original.lines().nth(31).unwrap();
    assert_eq!(line, citation["text"].as_str().unwrap());
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn every_cited_line_of_corpus_small_holds_the_cited_text() {
    let checked = check_cited_lines(&corpus_small());
    assert!(checked > 1000, "only {checked} passages checked");
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn filters_narrow_by_year_type_region_and_document() {
    let (code, hits) = search_json(
        "街道办事处",
        &["--type", "条例", "--region", "北京", "--limit", "50"],
    );
    assert_eq!(code, 0);
    for hit in &hits {
        assert_eq!(hit["type"], "条例");
        assert_eq!(hit["region"], "北京市");
    }
    let (_, hits) = search_json("改革", &["--year", "2023", "--limit", "50"]);
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(
            hit["date"].as_str().unwrap().starts_with("2023"),
            "{}",
            hit["date"]
        );
    }
    let (_, hits) = search_json(
        "改革",
        &[
            "--since", "2020", "--until", "2023-12", "--sort", "date", "--limit", "50",
        ],
    );
    let dates: Vec<&str> = hits.iter().map(|h| h["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert!(
        dates.iter().all(|d| ("2020".."2024").contains(&&d[..4])),
        "{dates:?}"
    );
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn a_query_that_names_a_document_ranks_its_passages_first() {
    let (_, hits) = search_json("行政许可法 申请", &["--limit", "3"]);
    for hit in &hits {
        assert!(
            hit["title"].as_str().unwrap().contains("行政许可法"),
            "{}",
            hit["title"]
        );
    }
    let (_, hits) = search_json("乐山 2023 硅谷", &["--limit", "3"]);
    assert!(
        hits[0]["path"].as_str().unwrap().contains("乐山市/2023"),
        "{}",
        hits[0]["path"]
    );
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn arabic_article_numbers_find_chinese_ones() {
    let (code, hits) = search_json("行政许可法 第12条", &["--limit", "1"]);
    assert_eq!(code, 0);
    assert_eq!(
        hits[0]["section"].as_array().unwrap().last().unwrap(),
        "第十二条"
    );
}

#[test]
fn document_numbers_are_found_whatever_brackets_are_typed() {
    for query in [
        "衡编办〔2019〕37号",
        "衡编办[2019]37号",
        "衡编办(2019)37号",
        "衡编办【2019】37号",
    ] {
        let (code, hits) = search_report(query, &["--limit", "1"]);
        assert_eq!(code, 0, "{query}");
        assert!(text(&hits[0]).contains("衡编办〔2019〕37号"), "{query}");
    }
}
