//! Analysis: text → tokens with byte offsets into the original text.
//!
//! Two token streams feed two index fields:
//! - **words** ([`words`]): jieba-rs words plus search-mode sub-words, for ranking;
//! - **bigrams** ([`bigrams`]): overlapping CJK character bigrams (a lone CJK character as a
//!   unigram) and ASCII words, with positions, for recall across segmentation mismatches, exact
//!   phrases and highlighting.
//!
//! Both run over the [`normalize`]d text and map offsets back to the original.

pub mod bigrams;
pub mod dictionary;
pub mod lexicon;
pub mod normalize;
pub mod stream;
pub mod words;

pub use dictionary::{Analyzer, Segmenter};

pub use crate::text::is_cjk;

/// Whether a character can be part of a searchable token: CJK, or a letter or digit.
pub fn is_searchable_char(c: char) -> bool {
    is_cjk(c) || is_alphanumeric(c)
}

/// [`char::is_alphanumeric`], answered without Unicode's tables for the punctuation of Chinese
/// text (`，。、《》“”…`), which analysis meets between almost every two clauses.
pub fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 => false,
        0x2010..=0x2027 | 0x2030..=0x205E => false,
        _ => c.is_alphanumeric(),
    }
}

/// A token produced by analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The normalised term.
    pub term: String,
    /// Byte offset where the token's source starts in the original text.
    pub start: usize,
    /// Byte offset where the token's source ends in the original text.
    pub end: usize,
    /// Position in the token stream (used by the bigram field's phrases).
    pub position: usize,
}

/// A token as a byte range of a normalised text, with the byte range of its source in the
/// original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSpan {
    /// Start of the term in the normalised text.
    pub norm_start: usize,
    /// End of the term in the normalised text.
    pub norm_end: usize,
    /// Start of the source in the original text.
    pub start: usize,
    /// End of the source in the original text.
    pub end: usize,
}

/// The tokens of one text, as spans of its normalised form (the token stream copies each term
/// into one reused buffer instead of allocating a string per token).
#[derive(Debug, Clone, Default)]
pub struct TokenSpans {
    /// The normalised text the spans point into.
    pub normalized: String,
    /// The tokens, in stream order; a token's position is its index.
    pub spans: Vec<TokenSpan>,
}

impl TokenSpans {
    /// The tokens with their terms as owned strings.
    pub fn into_tokens(self) -> Vec<AnalyzedToken> {
        self.spans
            .iter()
            .enumerate()
            .map(|(position, span)| AnalyzedToken {
                term: self.normalized[span.norm_start..span.norm_end].to_owned(),
                start: span.start,
                end: span.end,
                position,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphanumeric_shortcut_agrees_with_the_standard_library() {
        for c in (0..=0x3_FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                is_alphanumeric(c),
                c.is_alphanumeric(),
                "U+{:04X}",
                c as u32
            );
        }
    }
}
