//! The words field: jieba-rs segmentation in search mode (each word plus its dictionary sub-words,
//! so `编制` finds `专项编制`), as a tantivy tokenizer.
//!
//! jieba-rs emits a word's sub-words before the word itself; tokens here are re-ordered by start
//! offset, longest first, so anything that walks them in order sees offsets that never go back.

use tantivy::tokenizer::Tokenizer;

use super::dictionary::{Analyzer, Segmenter};
use super::normalize::NormalizedText;
use super::stream::SpanTokenStream;
use super::{is_searchable_char, AnalyzedToken, TokenSpan, TokenSpans};

/// Segments text into words and search-mode sub-words. `search_mode` off gives the plain
/// segmentation used for queries: the index holds the sub-words, so a query needs only the words.
pub fn analyze_words(jieba: &dyn Segmenter, text: &str, search_mode: bool) -> Vec<AnalyzedToken> {
    word_spans(jieba, text, search_mode).into_tokens()
}

/// [`analyze_words`] as spans of the normalised text, ordered by start, longest first.
pub fn word_spans(jieba: &dyn Segmenter, text: &str, search_mode: bool) -> TokenSpans {
    let normalized = NormalizedText::new(text);
    let mut spans: Vec<TokenSpan> = if search_mode {
        jieba.cut_for_search(&normalized.text, true)
    } else {
        jieba.cut(&normalized.text, true)
    }
    .into_iter()
    .filter(|t| t.word.chars().any(is_searchable_char))
    .map(|t| {
        let (start, end) = normalized.original_range(t.byte_start, t.byte_end);
        TokenSpan {
            norm_start: t.byte_start,
            norm_end: t.byte_end,
            start,
            end,
        }
    })
    .collect();
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    TokenSpans {
        normalized: normalized.text,
        spans,
    }
}

/// The words field's tantivy tokenizer. Cloning shares the dictionary; jieba's full dictionary
/// is built when the first text is tokenised (by the index writer), not when an index is opened.
#[derive(Clone)]
pub struct WordsTokenizer {
    analyzer: Analyzer,
}

impl WordsTokenizer {
    /// A tokenizer over a shared analyser.
    pub fn new(analyzer: Analyzer) -> Self {
        WordsTokenizer { analyzer }
    }
}

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        SpanTokenStream::new(word_spans(&**self.analyzer.jieba(), text, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dictionary::shared_test_jieba;

    #[test]
    fn sub_words_are_found_and_ordered() {
        let jieba = shared_test_jieba();
        let text = "中国农业发展银行和专项编制";
        let tokens = analyze_words(jieba, text, true);
        let terms: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
        assert!(terms.contains(&"农业"), "{terms:?}");
        assert!(terms.contains(&"编制"), "{terms:?}");
        for pair in tokens.windows(2) {
            assert!(pair[0].start <= pair[1].start);
        }
        for t in &tokens {
            assert_eq!(&text[t.start..t.end], t.term);
        }
    }

    #[test]
    fn policy_terms_stay_whole() {
        let jieba = shared_test_jieba();
        let terms: Vec<String> = analyze_words(jieba, "园区党工委书记、管委会主任“一肩挑”", true)
            .into_iter()
            .map(|t| t.term)
            .collect();
        for word in ["党工委", "管委会", "一肩挑"] {
            assert!(terms.iter().any(|t| t == word), "{word} in {terms:?}");
        }
    }
}
