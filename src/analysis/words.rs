//! The words field: jieba-rs segmentation in search mode (each word plus its dictionary sub-words,
//! so `编制` finds `专项编制`), as a tantivy tokenizer.
//!
//! jieba-rs emits a word's sub-words before the word itself; tokens here are re-ordered by start
//! offset, longest first, so anything that walks them in order sees offsets that never go back.

use tantivy::tokenizer::Tokenizer;

use super::dictionary::{Analyzer, Segmenter};
use super::normalize::NormalizedText;
use super::stream::{SpanTokenStream, TokenBuffers};
use super::{is_searchable_char, AnalyzedToken, TokenSpan, TokenSpans};

/// Segments text into words and search-mode sub-words. `search_mode` off gives the plain
/// segmentation used for queries: the index holds the sub-words, so a query needs only the words.
pub fn analyze_words(jieba: &dyn Segmenter, text: &str, search_mode: bool) -> Vec<AnalyzedToken> {
    word_spans(jieba, text, search_mode).into_tokens()
}

/// The pieces of a long word: jieba's search-mode sub-words shorter than it, or, where it has
/// none, its character pairs. Words under three characters have none.
pub fn word_parts(segmenter: &dyn Segmenter, word: &str) -> Vec<String> {
    if word.chars().count() < 3 {
        return Vec::new();
    }
    let mut parts: Vec<String> = segmenter
        .cut_for_search(word, false)
        .into_iter()
        .map(|t| t.word.to_owned())
        .filter(|w| w != word && w.chars().count() >= 2)
        .collect();
    if parts.is_empty() {
        parts = super::bigrams::analyze_bigrams(word)
            .into_iter()
            .map(|t| t.term)
            .collect();
    }
    parts.sort();
    parts.dedup();
    parts
}

/// [`analyze_words`] as spans of the normalised text, ordered by start, longest first.
pub fn word_spans(jieba: &dyn Segmenter, text: &str, search_mode: bool) -> TokenSpans {
    let normalized = NormalizedText::new(text);
    let mut spans = Vec::new();
    push_word_spans(jieba, &normalized, search_mode, &mut spans);
    TokenSpans {
        normalized: normalized.text,
        spans,
    }
}

/// Appends the word spans of a normalised text to `spans`, ordered by start, longest first.
fn push_word_spans(
    jieba: &dyn Segmenter,
    normalized: &NormalizedText,
    search_mode: bool,
    spans: &mut Vec<TokenSpan>,
) {
    let words = if search_mode {
        jieba.cut_for_search(&normalized.text, true)
    } else {
        jieba.cut(&normalized.text, true)
    };
    spans.extend(
        words
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
            }),
    );
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
}

/// The words field's tantivy tokenizer. Cloning shares the dictionary; jieba's full dictionary
/// is built when the first text is tokenised (by the index writer), not when an index is opened.
/// The text is normalised through [`NormalizedText::shared`], which the bigram field's tokenizer
/// then finds done.
#[derive(Clone)]
pub struct WordsTokenizer {
    analyzer: Analyzer,
    buffers: TokenBuffers,
}

impl WordsTokenizer {
    /// A tokenizer over a shared analyser.
    pub fn new(analyzer: Analyzer) -> Self {
        WordsTokenizer {
            analyzer,
            buffers: TokenBuffers::default(),
        }
    }
}

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = SpanTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream<'a> {
        let normalized = NormalizedText::shared(text);
        push_word_spans(
            &**self.analyzer.jieba(),
            &normalized,
            true,
            self.buffers.spans_for_next_text(),
        );
        self.buffers.stream(normalized)
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

    #[test]
    fn tokenizer_stream_is_the_search_mode_analysis_whatever_came_before() {
        use crate::analysis::bigrams::BigramTokenizer;
        use tantivy::tokenizer::TokenStream;

        let analyzer = Analyzer::new("", std::path::Path::new("<none>")).unwrap();
        let mut words = WordsTokenizer::new(analyzer.clone());
        let mut bigrams = BigramTokenizer::default();
        let texts = [
            "经开区机关核定专项编制45人。",
            "ＧＤＰ增长 第一章 总 则",
            "经开区机关核定专项编制45人。",
            "gdp增长 第一章总则",
        ];
        for (i, text) in texts.iter().enumerate() {
            // The bigram field runs first on every other text, so the shared normalisation is
            // sometimes another text's and sometimes this one's.
            if i % 2 == 1 {
                let mut stream = bigrams.token_stream(texts[i - 1]);
                while stream.advance() {}
            }
            let expected: Vec<(String, usize, usize)> =
                analyze_words(&**analyzer.jieba(), text, true)
                    .into_iter()
                    .map(|t| (t.term, t.start, t.end))
                    .collect();
            let mut stream = words.token_stream(text);
            let mut found = Vec::new();
            while stream.advance() {
                let t = stream.token();
                found.push((t.text.clone(), t.offset_from, t.offset_to));
            }
            assert_eq!(found, expected, "{text}");
        }
    }
}
