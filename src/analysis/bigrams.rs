//! The bigram field: overlapping CJK character bigrams (a lone CJK character as a unigram) and
//! whole runs of letters and digits, with positions. It makes a segmentation mismatch between a
//! query and a document harmless, and exact phrases run on it.

use tantivy::tokenizer::Tokenizer;

use super::normalize::NormalizedText;
use super::stream::SpanTokenStream;
use super::{is_cjk, AnalyzedToken, TokenSpan, TokenSpans};

/// Cuts text into CJK bigrams and alphanumeric runs, with consecutive positions.
pub fn analyze_bigrams(text: &str) -> Vec<AnalyzedToken> {
    bigram_spans(text).into_tokens()
}

/// [`analyze_bigrams`] as spans of the normalised text.
pub fn bigram_spans(text: &str) -> TokenSpans {
    let normalized = NormalizedText::new(text);
    let norm = &normalized.text;
    let mut tokens = Vec::with_capacity(norm.len() / 3 + 1);
    let push = |start: usize, end: usize, tokens: &mut Vec<TokenSpan>| {
        let (s, e) = normalized.original_range(start, end);
        tokens.push(TokenSpan {
            norm_start: start,
            norm_end: end,
            start: s,
            end: e,
        });
    };
    let chars: Vec<(usize, char)> = norm.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(norm.len(), |&(o, _)| o);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if is_cjk(c) {
            let run_start = i;
            while i < chars.len() && is_cjk(chars[i].1) {
                i += 1;
            }
            if i - run_start == 1 {
                push(chars[run_start].0, end_of(i), &mut tokens);
            } else {
                for (k, &(offset, _)) in chars.iter().enumerate().take(i - 1).skip(run_start) {
                    push(offset, end_of(k + 2), &mut tokens);
                }
            }
        } else if c.is_alphanumeric() {
            let run_start = i;
            while i < chars.len() && chars[i].1.is_alphanumeric() && !is_cjk(chars[i].1) {
                i += 1;
            }
            push(chars[run_start].0, end_of(i), &mut tokens);
        } else {
            i += 1;
        }
    }
    TokenSpans {
        spans: tokens,
        normalized: normalized.text,
    }
}

/// The bigram field's tantivy tokenizer.
#[derive(Clone, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        SpanTokenStream::new(bigram_spans(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze_bigrams(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn bigrams_and_unigrams() {
        assert_eq!(terms("两张皮"), ["两张", "张皮"]);
        assert_eq!(terms("编制45人。党"), ["编制", "45", "人", "党"]);
        assert_eq!(terms("第一章 总 则"), ["第一", "一章", "章总", "总则"]);
        assert_eq!(terms("ＧＤＰ增长"), ["gdp", "增长"]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "总 则ＡＢ";
        let tokens = analyze_bigrams(text);
        assert_eq!(&text[tokens[0].start..tokens[0].end], "总 则");
        assert_eq!(&text[tokens[1].start..tokens[1].end], "ＡＢ");
    }
}
