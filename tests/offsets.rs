//! Property test: every token's byte offsets slice the original text to exactly that token's
//! source, for random text mixing Chinese, ASCII, full-width characters and punctuation.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use zhengce::analysis::bigrams::analyze_bigrams;
use zhengce::analysis::normalize::NormalizedText;
use zhengce::analysis::words::analyze_words;
use zhengce::analysis::Analyzer;

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| Analyzer::new("", Path::new("<none>")).unwrap())
}

fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("经开区".to_owned()),
        Just("核定专项编制".to_owned()),
        Just("中国农业发展银行".to_owned()),
        Just("两张皮".to_owned()),
        "[\u{4e00}-\u{9fa5}]{1,6}",
        "[a-zA-Z0-9]{1,5}",
        "[\u{ff10}-\u{ff19}\u{ff21}-\u{ff3a}\u{ff41}-\u{ff5a}]{1,4}",
        "[，。、；：？！“”（）《》〔〕【】,.;:!?()\\-]{1,2}",
        "[ \u{3000}\t]{1,2}",
        Just("\u{0130}".to_owned()),
        Just("\u{023a}".to_owned()),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn token_offsets_slice_the_original(text in mixed_text()) {
        let jieba = analyzer().jieba();
        let tokens = analyze_words(jieba, &text, true)
            .into_iter()
            .chain(analyze_words(jieba, &text, false))
            .chain(analyze_bigrams(&text));
        for token in tokens {
            prop_assert!(token.start < token.end && token.end <= text.len());
            let source = text.get(token.start..token.end);
            prop_assert!(source.is_some(), "offsets {}..{} are not character boundaries", token.start, token.end);
            let source = source.unwrap();
            prop_assert_eq!(NormalizedText::new(source).text, token.term.clone(), "source {:?}", source);
        }
    }

    #[test]
    fn word_tokens_never_go_backwards(text in mixed_text()) {
        let tokens = analyze_words(analyzer().jieba(), &text, true);
        for pair in tokens.windows(2) {
            prop_assert!(pair[0].start < pair[1].start || (pair[0].start == pair[1].start && pair[0].end >= pair[1].end));
        }
    }
}
