//! Text → passages. A paragraph is a non-empty line; a paragraph longer than
//! [`MAX_PASSAGE_CHARS`] is cut at sentence ends into windows that keep their line number and
//! byte span.

use crate::document::{ByteSpan, Passage, PassageKind};
use crate::ingest::markdown::LineRole;

/// The longest a passage may be, in characters, before it is cut into windows.
pub const MAX_PASSAGE_CHARS: usize = 300;

/// Splits a document into passages. `analysis_text` is the text as analysis sees it (same length
/// as `text`); a line whose analysed text holds nothing searchable yields no passage. `roles`
/// gives the Markdown role of each line (empty for plain text).
pub fn passages(analysis_text: &str, roles: &[LineRole]) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (index, line) in analysis_text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        if !trimmed.chars().any(crate::analysis::is_searchable_char) {
            continue;
        }
        let kind = match roles.get(index) {
            Some(LineRole::Heading) => PassageKind::Heading,
            Some(LineRole::TableRow) => PassageKind::TableRow,
            _ => PassageKind::Paragraph,
        };
        let start = line_start + lead;
        for window in windows(trimmed, MAX_PASSAGE_CHARS) {
            out.push(Passage {
                ordinal: out.len() as u32,
                line: index as u32 + 1,
                span: ByteSpan {
                    start: start + window.start,
                    end: start + window.end,
                },
                kind,
            });
        }
    }
    out
}

/// Whether a character ends a sentence.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ';' | '！' | '？' | '；' | '…')
}

/// Whether a character ends a clause (a weaker place to cut than a sentence end).
fn is_clause_end(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '：' | ':' | ' ' | '\t')
}

/// Cuts `text` into consecutive byte ranges of at most `max_chars` characters each, preferring
/// to cut after a sentence end, then after a clause end, and only then mid-clause. Whitespace at
/// a window's edges is left out.
pub fn windows(text: &str, max_chars: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = &text[start..];
        let mut end = rest.len();
        let mut last_sentence = None;
        let mut last_clause = None;
        for (count, (i, c)) in rest.char_indices().enumerate() {
            if count == max_chars {
                end = last_sentence.or(last_clause).unwrap_or(i);
                break;
            }
            let after = i + c.len_utf8();
            if is_sentence_end(c) {
                last_sentence = Some(after);
            } else if is_clause_end(c) {
                last_clause = Some(after);
            }
        }
        let piece = &rest[..end];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push(start + lead..start + lead + trimmed.len());
        }
        start += end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_is_a_non_empty_line() {
        let text = "标题\n\n  第一段。\n---\n第二段\n";
        let found = passages(text, &[]);
        let lines: Vec<u32> = found.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(&text[found[1].span.start..found[1].span.end], "第一段。");
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentence_ends() {
        let sentence = "经开区机关核定专项编制四十五人,现在编人员四十三人。";
        let text = sentence.repeat(40);
        let found = passages(&text, &[]);
        assert!(found.len() > 1);
        let mut next = 0;
        for p in &found {
            let piece = &text[p.span.start..p.span.end];
            assert_eq!(p.span.start, next, "windows are consecutive");
            assert!(piece.chars().count() <= MAX_PASSAGE_CHARS);
            assert!(piece.ends_with('。'));
            assert_eq!(p.line, 1);
            next = p.span.end;
        }
        assert_eq!(next, text.len());
    }

    #[test]
    fn text_without_punctuation_is_cut_hard() {
        let text = "编".repeat(1000);
        let w = windows(&text, MAX_PASSAGE_CHARS);
        assert_eq!(w.len(), 4);
        assert!(w
            .iter()
            .all(|r| text[r.clone()].chars().count() <= MAX_PASSAGE_CHARS));
    }
}
