//! The bigram field: overlapping CJK character bigrams (a lone CJK character as a unigram) and
//! whole runs of letters and digits, with positions. It makes a segmentation mismatch between a
//! query and a document harmless, and exact phrases run on it.

use tantivy::tokenizer::Tokenizer;

use super::normalize::NormalizedText;
use super::stream::{SpanTokenStream, TokenBuffers};
use super::{is_alphanumeric, is_cjk, AnalyzedToken, TokenSpan, TokenSpans};

/// Cuts text into CJK bigrams and alphanumeric runs, with consecutive positions.
pub fn analyze_bigrams(text: &str) -> Vec<AnalyzedToken> {
    bigram_spans(text).into_tokens()
}

/// [`analyze_bigrams`] as spans of the normalised text.
pub fn bigram_spans(text: &str) -> TokenSpans {
    let normalized = NormalizedText::new(text);
    let mut spans = Vec::with_capacity(normalized.text.len() / 3 + 1);
    push_bigram_spans(&normalized, &mut spans);
    TokenSpans {
        normalized: normalized.text,
        spans,
    }
}

/// Appends the bigram spans of a normalised text to `spans`, in one pass over its characters.
fn push_bigram_spans(normalized: &NormalizedText, spans: &mut Vec<TokenSpan>) {
    let mut push = |start: usize, end: usize| {
        let (s, e) = normalized.original_range(start, end);
        spans.push(TokenSpan {
            norm_start: start,
            norm_end: end,
            start: s,
            end: e,
        });
    };
    let mut chars = normalized.text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let end = offset + c.len_utf8();
        if is_cjk(c) {
            // Each character of the run with the next one; a run of one stands alone.
            let mut previous = offset;
            let mut alone = true;
            while let Some(&(next, d)) = chars.peek().filter(|&&(_, d)| is_cjk(d)) {
                chars.next();
                push(previous, next + d.len_utf8());
                previous = next;
                alone = false;
            }
            if alone {
                push(offset, end);
            }
        } else if is_alphanumeric(c) {
            let mut run_end = end;
            while let Some(&(next, d)) = chars
                .peek()
                .filter(|&&(_, d)| is_alphanumeric(d) && !is_cjk(d))
            {
                chars.next();
                run_end = next + d.len_utf8();
            }
            push(offset, run_end);
        }
    }
}

/// The bigram field's tantivy tokenizer. It normalises through [`NormalizedText::shared`], so
/// the passage the words field has just analysed is not normalised again.
#[derive(Clone, Default)]
pub struct BigramTokenizer {
    buffers: TokenBuffers,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = SpanTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream<'a> {
        let normalized = NormalizedText::shared(text);
        push_bigram_spans(&normalized, self.buffers.spans_for_next_text());
        self.buffers.stream(normalized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

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

    /// The bigram rule written the plain way: the characters, and a token for each pair inside
    /// a CJK run, each lone CJK character and each run of other letters and digits.
    fn plain_bigrams(text: &str) -> Vec<(String, usize, usize)> {
        let normalized = NormalizedText::new(text);
        let chars: Vec<(usize, char)> = normalized.text.char_indices().collect();
        let end = |i: usize| chars.get(i).map_or(normalized.text.len(), |&(o, _)| o);
        let mut out = Vec::new();
        let mut token = |from: usize, to: usize| {
            let (s, e) = normalized.original_range(from, to);
            out.push((normalized.text[from..to].to_owned(), s, e));
        };
        let mut i = 0;
        while i < chars.len() {
            let start = i;
            if is_cjk(chars[i].1) {
                while i < chars.len() && is_cjk(chars[i].1) {
                    i += 1;
                }
                if i - start == 1 {
                    token(chars[start].0, end(i));
                }
                for (k, &(offset, _)) in chars.iter().enumerate().take(i - 1).skip(start) {
                    token(offset, end(k + 2));
                }
            } else if chars[i].1.is_alphanumeric() {
                while i < chars.len() && chars[i].1.is_alphanumeric() && !is_cjk(chars[i].1) {
                    i += 1;
                }
                token(chars[start].0, end(i));
            } else {
                i += 1;
            }
        }
        out
    }

    fn streamed(tokenizer: &mut BigramTokenizer, text: &str) -> Vec<(String, usize, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    proptest::proptest! {
        /// The one-pass cut, the function and the tokenizer (which shares normalisation and
        /// buffers between texts) all give the plain rule's tokens.
        #[test]
        fn one_pass_cut_is_the_plain_rule(
            texts in proptest::collection::vec("[ 　a-zＡＢ１9编制总则〇，。“”々-]{0,24}", 1..6)
        ) {
            let mut tokenizer = BigramTokenizer::default();
            for text in &texts {
                let expected = plain_bigrams(text);
                let found: Vec<_> = analyze_bigrams(text)
                    .into_iter()
                    .map(|t| (t.term, t.start, t.end))
                    .collect();
                proptest::prop_assert_eq!(&found, &expected);
                proptest::prop_assert_eq!(&streamed(&mut tokenizer, text), &expected);
            }
        }
    }
}
