//! Traditional characters read as simplified, for documents and queries alike: either form finds
//! the other, and highlights and citations still point at the characters the document wrote.

mod common;

use common::*;
use serde_json::Value;

/// The locators and highlighted words of a search's hits.
fn places(hits: &[Value]) -> Vec<(String, Vec<String>)> {
    hits.iter()
        .map(|hit| {
            let text = text(hit);
            let words = hit["highlights"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let (from, to) = (r[0].as_u64().unwrap(), r[1].as_u64().unwrap());
                    text[from as usize..to as usize].to_owned()
                })
                .collect();
            (hit["id"].as_str().unwrap().to_owned(), words)
        })
        .collect()
}

#[test]
fn a_traditional_query_finds_what_the_simplified_one_finds() {
    let (code, simplified) = search_report("人员编制", &[]);
    assert_eq!(code, 0);
    let (code, traditional) = search_report("人員編制", &[]);
    assert_eq!(code, 0);
    assert!(!simplified.is_empty());
    assert_eq!(places(&traditional), places(&simplified));
    let (_, phrase) = search_report("\"核定專項編制\"", &[]);
    assert!(
        phrase.iter().any(|h| text(h).contains("核定专项编制45人")),
        "{phrase:?}"
    );
}

#[test]
fn a_traditional_document_is_found_in_simplified_with_exact_highlights() {
    let dir = leaked_tempdir();
    let corpus = dir.join("hk");
    std::fs::create_dir_all(&corpus).unwrap();
    // Made up for this test: a notice written in traditional characters.
    std::fs::write(
        corpus.join("關於街道辦事處人員編制的通知.txt"),
        "關於街道辦事處人員編制的通知\n\n各區街道辦事處應當統籌協調轄區內的工作，核定人員編制三十名。\n",
    )
    .unwrap();
    let index = build_index(&[corpus]);
    let (code, hits) = search_in(&index, "街道办事处 人员编制", &[]);
    assert_eq!(code, 0, "a simplified query finds the traditional document");
    let hit = hits
        .iter()
        .find(|h| text(h).contains("統籌協調"))
        .unwrap_or_else(|| panic!("{hits:?}"));
    let (_, words) = &places(std::slice::from_ref(hit))[0];
    assert!(words.iter().any(|w| w == "人員編制"), "{words:?}");
    assert!(words.iter().any(|w| w.contains("辦事處")), "{words:?}");

    // The citation quotes the document's own characters.
    let id = hit["id"].as_str().unwrap();
    let out = run(&["cite", "--index", &index.display().to_string(), id]);
    assert!(
        stdout(&out).contains("核定人員編制三十名"),
        "{}",
        stdout(&out)
    );

    // Both forms of a query give the same hits.
    let (_, traditional) = search_in(&index, "街道辦事處 人員編制", &[]);
    assert_eq!(places(&traditional), places(&hits));
}

/// The characters of `../shared/corpus` that the analyser reads as another character: reviewed
/// one by one (traditional forms in Hong Kong and Taiwan texts, old forms such as 査 and 銜 in
/// scanned ones, variants such as 拚, 濛 and 蠔 in names and idioms). Folding changes what a
/// character matches, never the text shown. Characters whose simplified form is a rare
/// four-byte one (礐, 鮀, 馼 …) are left as they are.
const FOLDED_IN_CORPUS: &str = "拚濛銜査國會議儉諮後華組織協屆體過貫環鰜蠔龍題檢況";

#[test]
#[ignore = "needs ../shared/corpus"]
fn simplified_text_is_unchanged_and_the_corpus_folds_only_listed_characters() {
    use std::collections::BTreeSet;
    use zhengce::analysis::normalize::normalize_char;
    let mut folded = BTreeSet::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(shared("corpus")) {
        let entry = entry.unwrap();
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        files += 1;
        for c in text.chars() {
            if zhengce::text::is_cjk(c) && normalize_char(c) != c {
                folded.insert(c);
            }
        }
    }
    assert!(files > 4000, "{files} files read");
    let listed: BTreeSet<char> = FOLDED_IN_CORPUS.chars().collect();
    assert_eq!(
        folded.iter().collect::<String>(),
        listed.iter().collect::<String>(),
        "the characters the corpus folds"
    );
}
