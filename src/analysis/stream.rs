//! The tantivy token stream over token spans computed in advance: each term is copied into one
//! reused token buffer, so a stream allocates no string per token, and a tokenizer keeps its
//! span and token buffers from one text to the next.

use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenStream};

use super::normalize::NormalizedText;
use super::TokenSpan;

/// What a tokenizer keeps between texts: the spans of the last text and the token buffer.
/// Cloning gives empty buffers (tantivy clones a tokenizer per indexing thread).
#[derive(Debug, Default)]
pub struct TokenBuffers {
    spans: Vec<TokenSpan>,
    token: Token,
}

impl Clone for TokenBuffers {
    fn clone(&self) -> Self {
        TokenBuffers::default()
    }
}

impl TokenBuffers {
    /// The span buffer, emptied, for the next text's spans.
    pub fn spans_for_next_text(&mut self) -> &mut Vec<TokenSpan> {
        self.spans.clear();
        &mut self.spans
    }

    /// A stream over the spans last filled in, whose terms are ranges of `normalized`.
    pub fn stream(&mut self, normalized: Rc<NormalizedText>) -> SpanTokenStream<'_> {
        self.token.reset();
        SpanTokenStream {
            normalized,
            spans: &self.spans,
            next: 0,
            current: &mut self.token,
        }
    }
}

/// A token stream over spans of a normalised text, in order; positions are indexes.
pub struct SpanTokenStream<'a> {
    normalized: Rc<NormalizedText>,
    spans: &'a [TokenSpan],
    next: usize,
    current: &'a mut Token,
}

impl TokenStream for SpanTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(span) = self.spans.get(self.next) else {
            return false;
        };
        self.current.text.clear();
        self.current
            .text
            .push_str(&self.normalized.text[span.norm_start..span.norm_end]);
        self.current.offset_from = span.start;
        self.current.offset_to = span.end;
        self.current.position = self.next;
        self.current.position_length = 1;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        self.current
    }
}
