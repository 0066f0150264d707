//! Citation metadata, stated or absent: the document's own date apart from a page's upload
//! stamp, only its own 发文字号, the issuer it states, GB/T 7714-2015 references with the
//! standard's type codes and online fields, Markdown-free quotes, `search --cite` printing what
//! `cite` prints, and 款 labels that name the span quoted. Through the real binary, on made-up
//! documents written here and on the bundled report.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::{bin, leaked_tempdir, stderr, stdout};

/// A made-up national law in the layout of a statute collection: a `#` title, dated version
/// lines, `<!-- INFO END -->`, chapters and articles, one of them of three 款.
const LAW: &str = "# 中华人民共和国某某管理法

2003年8月27日 第十届全国人民代表大会常务委员会第四次会议通过

2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议《关于修改〈中华人民共和国某某管理法〉的决定》修正

<!-- INFO END -->

## 第一章 总则

第一条 为了规范某某管理，保障公民、法人和其他组织的合法权益，根据宪法，制定本法。

第二条 本法所称某某管理，是指行政机关依法实施的管理活动。

县级以上人民政府应当加强对某某管理工作的领导。

某某管理应当公开、公平、公正。
";

/// A made-up provincial work report with its date line and the governor's signature line, and an
/// address in its front matter.
const REPORT: &str = "---
source: https://www.example.gov.cn/gzbg/2024.htm
title: 2024年某某省政府工作报告
---

——2024年1月23日在某某省第十四届人民代表大会第二次会议上

某某省省长 王某某

各位代表：

现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员和列席同志提出意见。

一、过去一年的工作

一年来，我们坚持稳中求进工作总基调，认真落实国发〔2022〕2号文件，经济持续回升向好。
";

/// A made-up joint notice in the layout of a Party-rules collection: front matter with its
/// issuers, date and link, a bracketed note with its own 发文字号, articles written as
/// `- **第N条**`, and a body that cites another document's number.
const NOTICE: &str = "---
title: 某某工作人员考核规定
authors:
  - 某某部
  - 某某委员会
date: '2019-03-05'
link: https://www.example.gov.cn/zhengce/2019-03/05/content_1.htm
categories:
  - 规定
---

## 某某工作人员考核规定

> （某发〔2019〕5号 2019年3月5日）

- **第一条**　　为了准确评价某某工作人员的德才表现和工作实绩，根据某编办〔2018〕3号文件，制定本规定。

- **第二条**　　年度考核结果分为优秀、合格、基本合格和不合格四个档次。

年度考核结果为优秀的，给予嘉奖。
";

/// A made-up page saved from a document-sharing site: breadcrumb, upload stamp, banner, and a
/// body that cites a number and names a city.
const PAGE: &str = "当前位置:首页 > 工作计划

某某园区管理体制调研报告

时间:2024-04-01 07:34:31
某某园区管理体制调研报告[本文共1200字]

【正文】

近年来,某某市紧紧围绕“工业兴市”的思路,坚持把园区作为招商引资的主要平台来建设,着力推进规划建设。

一、园区体制现状

某某市经济开发区成立于1992年。按照市委编办批复(某编办〔2019〕37号),科学制定园区“三定规定”,进一步优化园区机构设置。

点击下载文档
";

/// The index of the made-up documents, built once.
fn made_up_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = leaked_tempdir();
        let corpus = dir.join("docs");
        std::fs::create_dir_all(corpus.join("laws")).unwrap();
        std::fs::write(corpus.join("laws/某某管理法(2019-04-23).md"), LAW).unwrap();
        std::fs::write(corpus.join("2024.md"), REPORT).unwrap();
        std::fs::write(corpus.join("考核规定.md"), NOTICE).unwrap();
        std::fs::write(corpus.join("调研报告.txt"), PAGE).unwrap();
        let index = dir.join("index");
        let out = zhengce(&[
            "index",
            "--index",
            index.to_str().unwrap(),
            corpus.to_str().unwrap(),
            "--quiet",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        index
    })
}

/// The index of the bundled report alone, built once.
fn report_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = leaked_tempdir().join("index");
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let out = zhengce(&[
            "index",
            "--index",
            index.to_str().unwrap(),
            corpus.to_str().unwrap(),
            "--quiet",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        index
    })
}

fn zhengce(args: &[&str]) -> Output {
    bin().args(args).output().expect("zhengce runs")
}

/// Runs a command against an index and returns its standard output, which must succeed.
fn ok(index: &Path, args: &[&str]) -> String {
    let mut all = vec![args[0], "--index", index.to_str().unwrap()];
    all.extend_from_slice(&args[1..]);
    let out = zhengce(&all);
    assert_eq!(out.status.code(), Some(0), "{all:?}: {}", stderr(&out));
    stdout(&out)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text.trim()).expect("one JSON object")
}

fn gbt(index: &Path, target: &str) -> String {
    ok(
        index,
        &[
            "cite",
            target,
            "--format",
            "gbt7714",
            "--accessed",
            "2025-01-02",
        ],
    )
    .trim()
    .to_owned()
}

#[test]
fn the_bundled_report_states_no_number_no_issuer_and_only_a_page_date() {
    let index = report_index();
    let outline = json(&ok(
        index,
        &["show", "经开区管理体制机制调研报告", "--outline", "--json"],
    ));
    assert_eq!(outline["page_date"], "2024-04-01");
    for absent in ["date", "number", "issuer", "url"] {
        assert!(outline.get(absent).is_none(), "{absent}: {outline}");
    }
    let text = ok(index, &["show", "经开区管理体制机制调研报告", "--outline"]);
    assert!(
        text.contains("page date: 2024-04-01 (the page's upload stamp"),
        "{text}"
    );
    assert!(!text.contains("number:"), "{text}");
    assert!(!text.contains("issuer:"), "{text}");
    // Line 20 holds the body's citation of 衡编办〔2019〕37号: the reference prints no 文号, no
    // author, and the page's date as the only date the copy has.
    let reference = gbt(index, "经开区管理体制机制调研报告:20");
    assert_eq!(reference, "[1] 经开区管理体制机制调研报告[R]. 2024-04-01.");
    // The date filters go by the page's stamp, as the report states no date of its own.
    let hits = ok(index, &["search", "编制", "--year", "2024", "--json"]);
    assert!(!hits.trim().is_empty());
    let out = zhengce(&[
        "search",
        "--index",
        index.to_str().unwrap(),
        "编制",
        "--year",
        "2019",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn a_law_is_dated_by_its_version_and_authored_by_the_body_that_adopted_it() {
    let index = made_up_index();
    let outline = json(&ok(index, &["show", "某某管理法", "--outline", "--json"]));
    assert_eq!(outline["date"], "2019-04-23");
    assert_eq!(outline["issuer"], "全国人民代表大会常务委员会");
    assert!(outline.get("page_date").is_none());
    assert!(outline.get("number").is_none());
    assert_eq!(
        gbt(index, "某某管理法:第2条"),
        "[1] 全国人民代表大会常务委员会. 中华人民共和国某某管理法[Z]. 2019-04-23."
    );
}

#[test]
fn a_work_report_with_an_address_is_an_online_report() {
    let index = made_up_index();
    let outline = json(&ok(index, &["show", "2024.md", "--outline", "--json"]));
    assert_eq!(outline["date"], "2024-01-23");
    assert_eq!(outline["issuer"], "某某省人民政府");
    assert_eq!(outline["url"], "https://www.example.gov.cn/gzbg/2024.htm");
    // 国发〔2022〕2号 is cited by the report, not its own.
    assert!(outline.get("number").is_none(), "{outline}");
    assert_eq!(
        gbt(index, "2024.md:16"),
        "[1] 某某省人民政府. 2024年某某省政府工作报告[R/OL]. (2024-01-23)[2025-01-02]. https://www.example.gov.cn/gzbg/2024.htm."
    );
}

#[test]
fn a_notice_with_its_own_number_online() {
    let index = made_up_index();
    let outline = json(&ok(index, &["show", "考核规定", "--outline", "--json"]));
    assert_eq!(outline["number"], "某发〔2019〕5号");
    assert_eq!(outline["issuer"], "某某部、某某委员会");
    assert_eq!(
        gbt(index, "考核规定:第1条"),
        "[1] 某某部, 某某委员会. 某某工作人员考核规定: 某发〔2019〕5号[EB/OL]. (2019-03-05)[2025-01-02]. https://www.example.gov.cn/zhengce/2019-03/05/content_1.htm."
    );
}

#[test]
fn a_scraped_page_keeps_its_stamp_apart_and_cites_no_number_of_its_body() {
    let index = made_up_index();
    let outline = json(&ok(index, &["show", "调研报告.txt", "--outline", "--json"]));
    assert_eq!(outline["page_date"], "2024-04-01");
    assert!(outline.get("date").is_none(), "{outline}");
    assert!(outline.get("number").is_none(), "{outline}");
    assert!(outline.get("issuer").is_none(), "{outline}");
    let reference = gbt(index, "调研报告.txt:14");
    assert_eq!(reference, "[1] 某某园区管理体制调研报告[R]. 2024-04-01.");
    assert!(!reference.contains('〔'));
}

#[test]
fn the_accessed_date_defaults_to_today_and_is_checked() {
    let index = made_up_index();
    let today = ok(index, &["cite", "考核规定:第1条", "--format", "gbt7714"]);
    // `…[EB/OL]. (2019-03-05)[YYYY-MM-DD]. https://…`
    let date = today
        .split(")[")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(date.len(), 10, "{today}");
    assert!(date.starts_with("20"), "{today}");
    let out = zhengce(&[
        "cite",
        "--index",
        index.to_str().unwrap(),
        "考核规定:第1条",
        "--format",
        "gbt7714",
        "--accessed",
        "yesterday",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
}

#[test]
fn quotes_carry_no_markdown_markup() {
    let index = made_up_index();
    let citation = json(&ok(index, &["cite", "考核规定:第1条", "--json"]));
    let text = citation["text"].as_str().unwrap();
    assert!(text.starts_with("第一条　　为了准确评价"), "{text}");
    assert!(!text.contains("**"), "{text}");
    let plain = ok(index, &["cite", "考核规定:18"]);
    assert!(plain.contains("“第二条　　年度考核结果分为"), "{plain}");
    assert!(!plain.contains('*'), "{plain}");
}

#[test]
fn search_cite_prints_what_cite_prints() {
    let index = made_up_index();
    for format in ["plain", "markdown", "json", "gbt7714"] {
        let hits = ok(
            index,
            &[
                "search",
                "年度考核",
                "--cite",
                "--format",
                format,
                "--accessed",
                "2025-01-02",
                "--json",
            ],
        );
        // With --json the hits are printed without citations: take the places from them.
        let first = json(hits.lines().next().unwrap());
        let target = format!("{}:{}", first["path"].as_str().unwrap(), first["line"]);
        let cited = ok(
            index,
            &[
                "cite",
                &target,
                "--format",
                format,
                "--accessed",
                "2025-01-02",
            ],
        );
        let listed = ok(
            index,
            &[
                "search",
                "年度考核",
                "--cite",
                "--format",
                format,
                "--accessed",
                "2025-01-02",
                "-n",
                "1",
            ],
        );
        // Under the hit, every line of the citation, indented by three spaces.
        let indented: String = cited.lines().map(|l| format!("   {l}\n")).collect();
        assert!(
            listed.contains(&indented),
            "{format}:\n{listed}\nwants:\n{indented}"
        );
    }
}

#[test]
fn a_citation_labels_the_span_it_quotes() {
    let index = made_up_index();
    // The whole article: named by its section path, with the range of its paragraphs and lines.
    let whole = json(&ok(index, &["cite", "某某管理法:第2条", "--json"]));
    assert!(whole.get("clause").is_none(), "{whole}");
    assert_eq!(
        whole["paragraph_end"].as_u64(),
        Some(whole["paragraph"].as_u64().unwrap() + 2)
    );
    let plain = ok(index, &["cite", "某某管理法:第2条"]);
    assert!(!plain.contains("第1款"), "{plain}");
    assert!(plain.contains("段，第"), "{plain}");
    // One sentence of it: the 款 it stands in.
    let third = json(&ok(
        index,
        &["cite", "某某管理法:第2条", "--sentence", "3", "--json"],
    ));
    assert_eq!(third["clause"], 3, "{third}");
    assert!(third.get("clause_end").is_none(), "{third}");
    assert!(third.get("paragraph_end").is_none(), "{third}");
    assert_eq!(third["text"], "某某管理应当公开、公平、公正。");
    // One line: its own 款.
    let line = json(&ok(index, &["cite", "某某管理法:15", "--json"]));
    assert_eq!(line["clause"], 2, "{line}");
}

/// Real files: a national law, a work report, a notice with a 发文字号 and an address, and the
/// scraped 2026 report with its page stamp.
#[test]
#[ignore = "needs ../shared/corpus-small"]
fn real_documents_of_corpus_small() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus-small");
    assert!(corpus.is_dir(), "{} is missing", corpus.display());
    let index = leaked_tempdir().join("index");
    let out = zhengce(&[
        "index",
        "--index",
        index.to_str().unwrap(),
        corpus.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        gbt(&index, "行政许可法:第12条"),
        "[1] 全国人民代表大会常务委员会. 中华人民共和国行政许可法[Z]. 2019-04-23."
    );
    let notice = gbt(&index, "事业单位工作人员考核规定:第32条");
    assert!(
        notice.starts_with("[1] 中共中央组织部, 人力资源和社会保障部. 事业单位工作人员考核规定（2023年）: 人社部发〔2023〕6号[EB/OL]. (2023-01-12)[2025-01-02]. https://"),
        "{notice}"
    );
    let alt = json(&ok(&index, &["show", "浙江省_2026", "--outline", "--json"]));
    assert_eq!(alt["date"], "2026-01-14");
    assert_eq!(alt["page_date"], "2026-01-22");
    let quote = ok(&index, &["cite", "事业单位工作人员考核规定:第32条"]);
    assert!(!quote.contains("**"), "{quote}");
    let report = gbt(&index, "reports/gov-work/national/2024.md:20");
    assert!(report.starts_with("[1] 国务院. 政府工作报告[R"), "{report}");
}
