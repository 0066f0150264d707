//! The tantivy token stream over [`TokenSpans`] computed in advance: each term is copied into
//! the one reused token buffer, so a stream allocates no string per token.

use tantivy::tokenizer::{Token, TokenStream};

use super::TokenSpans;

/// A token stream over spans of a normalised text.
pub struct SpanTokenStream {
    tokens: TokenSpans,
    next: usize,
    current: Token,
}

impl SpanTokenStream {
    /// A stream over `tokens`, in order; positions are indexes.
    pub fn new(tokens: TokenSpans) -> Self {
        SpanTokenStream {
            tokens,
            next: 0,
            current: Token::default(),
        }
    }
}

impl TokenStream for SpanTokenStream {
    fn advance(&mut self) -> bool {
        let Some(span) = self.tokens.spans.get(self.next) else {
            return false;
        };
        self.current.text.clear();
        self.current
            .text
            .push_str(&self.tokens.normalized[span.norm_start..span.norm_end]);
        self.current.offset_from = span.start;
        self.current.offset_to = span.end;
        self.current.position = self.next;
        self.current.position_length = 1;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}
