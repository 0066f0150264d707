//! Segmentation without jieba's full dictionary is identical to segmentation with it: real
//! queries (`../shared/eval/dev-qa.jsonl`, the topic terms, the synonyms) and sentences of the
//! report and `../shared/corpus-small/`, cut in every mode zhengce uses, with the bundled
//! dictionary alone and with a user dictionary over it.

mod common;

use std::path::Path;

use jieba_rs::Jieba;
use proptest::prelude::*;
use zhengce::analysis::words::analyze_words;
use zhengce::analysis::{Analyzer, Segmenter};

/// A user dictionary that re-weights known words and adds new ones.
const USER_DICT: &str = "编制 3\n经开区 900000 n\n管理体制机制 20000 n\n核定专项 50\n园区 1\n";

type Cuts = Vec<Vec<(String, usize, usize)>>;

/// Every cut zhengce makes of a text: jieba's default and search modes, with and without HMM.
fn cuts(seg: &dyn Segmenter, text: &str) -> Cuts {
    let list = |t: Vec<jieba_rs::Token>| {
        t.into_iter()
            .map(|t| (t.word.to_owned(), t.byte_start, t.byte_end))
            .collect()
    };
    vec![
        list(seg.cut(text, true)),
        list(seg.cut(text, false)),
        list(seg.cut_for_search(text, true)),
        list(seg.cut_for_search(text, false)),
    ]
}

/// A full analyser (its jieba built) and one that never builds it, over the same dictionary.
fn both(user_dict: &str) -> (Analyzer, Analyzer) {
    let full = Analyzer::new(user_dict, Path::new("user.dict")).unwrap();
    full.jieba();
    (
        full,
        Analyzer::new(user_dict, Path::new("user.dict")).unwrap(),
    )
}

fn assert_same(full: &Jieba, light: &Analyzer, text: &str) {
    assert_eq!(cuts(full, text), cuts(light, text), "{text}");
    let small = light.lexicon().jieba_for(text);
    assert_eq!(cuts(full, text), cuts(&small, text), "{text}");
    for search_mode in [false, true] {
        assert_eq!(
            analyze_words(full, text, search_mode),
            analyze_words(light, text, search_mode),
            "{text}"
        );
    }
}

/// The development questions of `../shared/eval/dev-qa.jsonl` (tests that use them need
/// `../shared`).
fn dev_questions() -> Vec<String> {
    let qa = common::shared("eval/dev-qa.jsonl");
    std::fs::read_to_string(&qa)
        .unwrap()
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            v["question"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// Queries: every topic term and every synonym.
fn queries() -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    for topic in zhengce::topics::Lexicon::bundled().topics {
        texts.extend(topic.terms.keys().cloned());
        texts.extend(topic.exclude.iter().cloned());
        texts.push(topic.label.clone());
    }
    let synonyms =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/synonyms.txt"))
            .unwrap();
    texts.extend(synonyms.split_whitespace().map(str::to_owned));
    texts
}

/// Sentences (split after 。！？；and at line ends) of the report and of corpus-small, at most
/// `per_file` from each file (tests that use them need `../shared`).
fn sentences(per_file: usize) -> Vec<String> {
    let files = vec![common::bundled_corpus(), common::corpus_small()];
    let mut texts = Vec::new();
    for root in files {
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.unwrap();
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            texts.extend(
                text.split_inclusive(['。', '！', '？', '；', '\n'])
                    .filter(|s| !s.trim().is_empty())
                    .take(per_file)
                    .map(str::to_owned),
            );
        }
    }
    texts
}

/// Each text segments the same through the full dictionary and the light one, with and without
/// the user dictionary.
fn check_queries(texts: &[String]) {
    for user_dict in ["", USER_DICT] {
        let (full, light) = both(user_dict);
        for text in texts {
            assert_same(full.jieba(), &light, text);
            assert_eq!(full.jieba().has_word(text), light.has_word(text), "{text}");
        }
    }
}

#[test]
fn queries_segment_the_same_without_the_full_dictionary() {
    let texts = queries();
    assert!(texts.len() > 250, "{}", texts.len());
    check_queries(&texts);
}

#[test]
#[ignore = "needs ../shared/eval"]
fn dev_questions_segment_the_same_without_the_full_dictionary() {
    let texts = dev_questions();
    assert_eq!(texts.len(), 60);
    check_queries(&texts);
}

#[test]
#[ignore = "needs ../shared/corpus-small"]
fn corpus_sentences_segment_the_same_without_the_full_dictionary() {
    for (user_dict, per_file) in [("", 400), (USER_DICT, 60)] {
        let (full, light) = both(user_dict);
        let texts = sentences(per_file);
        assert!(texts.len() > 1000, "{}", texts.len());
        for text in &texts {
            assert_same(full.jieba(), &light, text);
        }
    }
}

/// Words the dictionary knows, loosely: characters from policy vocabulary, letters, digits,
/// spaces and punctuation, so that random strings hit dictionary words, unknown runs (HMM) and
/// the block boundaries.
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "经", "开", "区", "管", "委", "会", "编", "制", "人", "员", "专", "项", "审", "批", "街",
        "道", "办", "事", "处", "改", "革", "放", "服", "一", "肩", "挑", "两", "张", "皮", "的",
        "了", "和", "中", "国", "农", "业", "发", "展", "银", "行", "A", "b", "4", "5", "S", "-",
        ".", " ", "，", "。", "“", "”", "\n", "Ｇ", "㐀",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn random_text_segments_the_same(text in mixed_text()) {
        static PAIR: std::sync::OnceLock<(Analyzer, Analyzer)> = std::sync::OnceLock::new();
        let (full, light) = PAIR.get_or_init(|| both(USER_DICT));
        prop_assert_eq!(cuts(&**full.jieba(), &text), cuts(light, &text));
    }
}
