//! The judged counterpart fixture (`tests/fixtures/compare-counterparts.json`, written by hand
//! before the alignment it measures) against `compare --json` on the report plus
//! `../shared/corpus-small/`: of the aligned pairs the terminal shows (the first pairs of the
//! detailed topics), the share that are right; of the fixture's items, the share that `--all`
//! (the same as `--json`) shows aligned with an accepted counterpart.
//!
//! A shown pair is judged by the fixture: right when it faces an item's passage with one of its
//! accepted counterparts or is listed under `accepted`, wrong when it faces an item's passage
//! with anything else or is listed under `rejected`. A shown pair the fixture does not judge
//! fails the test, naming the pair, so that the figures are never computed over an unjudged
//! remainder. "Shown" is what the JSON marks `detailed`, its first pairs, each pair once: the
//! terminal may fold a detailed topic that does not fit the screen, so this is a superset.
//!
//! Issue 19 asks for 0.8 of the shown pairs right and 0.7 of the fixture's pairs found. Measured
//! when this test was written: 8 of 12 shown pairs right (0.67) and 16 of 24 fixture pairs found
//! (0.67), both short of the targets; the test holds those figures so that they do not fall.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

/// How many aligned pairs the terminal shows for a detailed topic (see `compare --help`).
const SHOWN_PAIRS: usize = 3;

/// The floors this test holds (see the module comment for the targets).
const MIN_PRECISION: f64 = 0.65;
const MIN_RECALL: f64 = 0.65;

/// One item of the fixture: a passage of document a (by a phrase it holds) and its accepted
/// counterparts in document b.
struct Item {
    a: String,
    b: Vec<String>,
}

/// One document pair of the fixture.
struct DocumentPair {
    a_doc: String,
    b_doc: String,
    items: Vec<Item>,
}

/// Pairs judged outside the items: (a phrase, b phrase).
type Judged = Vec<(String, String)>;

/// The fixture: document pairs with their items, and pairs judged right and wrong outright.
fn fixture() -> (Vec<DocumentPair>, Judged, Judged) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/compare-counterparts.json"),
    )
    .expect("fixture readable");
    let json: Value = serde_json::from_str(&text).expect("fixture is JSON");
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let pairs = json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| DocumentPair {
            a_doc: p["a_doc"].as_str().unwrap().to_owned(),
            b_doc: p["b_doc"].as_str().unwrap().to_owned(),
            items: p["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| Item {
                    a: i["a"].as_str().unwrap().to_owned(),
                    b: strings(&i["b"]),
                })
                .collect(),
        })
        .collect();
    let judged = |key: &str| -> Judged {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["a"].as_str().unwrap().to_owned(),
                    r["b"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    (pairs, judged("accepted"), judged("rejected"))
}

/// The aligned (a text, b text) pairs of a comparison's rows: all of them, or only those the
/// terminal shows.
fn aligned_pairs(rows: &[Value], shown_only: bool) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for row in rows {
        if shown_only && row["detailed"] != true {
            continue;
        }
        let groups = row["aligned"].as_array().unwrap();
        let take = if shown_only {
            SHOWN_PAIRS
        } else {
            groups.len()
        };
        for group in groups.iter().take(take) {
            let passages = group["passages"].as_array().unwrap();
            if let (Some(a), Some(b)) = (passages[0].as_object(), passages[1].as_object()) {
                let pair = (
                    a["text"].as_str().unwrap().to_owned(),
                    b["text"].as_str().unwrap().to_owned(),
                );
                if !pairs.contains(&pair) {
                    pairs.push(pair);
                }
            }
        }
    }
    pairs
}

/// The fixture's verdict on a pair: `Some(true)` right, `Some(false)` wrong, `None` unjudged.
fn judge(items: &[Item], accepted: &Judged, rejected: &Judged, a: &str, b: &str) -> Option<bool> {
    let listed = |list: &Judged| {
        list.iter()
            .any(|(la, lb)| a.contains(la.as_str()) && b.contains(lb.as_str()))
    };
    if listed(rejected) {
        return Some(false);
    }
    if listed(accepted) {
        return Some(true);
    }
    let of_a: Vec<&Item> = items.iter().filter(|i| a.contains(i.a.as_str())).collect();
    if of_a.is_empty() {
        return None;
    }
    Some(
        of_a.iter()
            .any(|i| i.b.iter().any(|accepted| b.contains(accepted.as_str()))),
    )
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn shown_pairs_are_right_and_the_fixture_pairs_are_found() {
    let (pairs, accepted, rejected) = fixture();
    let index = shared_index().display().to_string();
    let (mut right, mut wrong, mut found, mut items) = (0, 0, 0, 0);
    let mut unjudged = BTreeSet::new();
    let mut report = String::new();
    for pair in &pairs {
        let out = run(&[
            "compare",
            "--index",
            &index,
            "--json",
            &pair.a_doc,
            &pair.b_doc,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let rows = json_lines(&out);
        for (a, b) in aligned_pairs(&rows, true) {
            match judge(&pair.items, &accepted, &rejected, &a, &b) {
                Some(true) => right += 1,
                Some(false) => {
                    wrong += 1;
                    report.push_str(&format!("wrong: {a}\n    ≈ {b}\n"));
                }
                None => {
                    unjudged.insert(format!("{} ≈ {}", clip(&a), clip(&b)));
                }
            }
        }
        let all = aligned_pairs(&rows, false);
        for item in &pair.items {
            items += 1;
            let shown = all.iter().any(|(a, b)| {
                a.contains(item.a.as_str()) && item.b.iter().any(|x| b.contains(x.as_str()))
            });
            if shown {
                found += 1;
            } else {
                report.push_str(&format!("not found: {}\n", item.a));
            }
        }
    }
    assert!(
        unjudged.is_empty(),
        "shown pairs the fixture does not judge (judge them in the fixture):\n{}",
        unjudged.into_iter().collect::<Vec<_>>().join("\n")
    );
    let precision = right as f64 / (right + wrong).max(1) as f64;
    let recall = found as f64 / items as f64;
    eprintln!("shown pairs right {right}/{} ({precision:.2}); fixture pairs found {found}/{items} ({recall:.2})\n{report}", right + wrong);
    assert!(right + wrong > 0, "some pair is shown");
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.2}\n{report}"
    );
    assert!(recall >= MIN_RECALL, "recall {recall:.2}\n{report}");
}

/// The first characters of a passage, to name it.
fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}
