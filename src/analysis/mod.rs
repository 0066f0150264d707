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
pub mod normalize;
pub mod words;

pub use dictionary::Analyzer;

/// Whether a character is a CJK ideograph (including `〇`), the unit of Chinese text.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF
        | 0x30000..=0x3134F | 0xF900..=0xFAFF | 0x3007)
}

/// Whether a character can be part of a searchable token: CJK, or a letter or digit.
pub fn is_searchable_char(c: char) -> bool {
    is_cjk(c) || c.is_alphanumeric()
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
