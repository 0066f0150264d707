//! Text → section tree and passages.
//!
//! A paragraph is a non-empty line; a paragraph longer than [`MAX_PASSAGE_CHARS`] is cut at
//! sentence ends into windows that keep their line number and byte span. Headings follow the
//! grammar of Chinese official writing — Markdown `#`, `第一编/章/节`, `第一条` (a law's article,
//! its own citable unit, whose paragraphs are its 款), `一、`, `(一)`/`（一）`, `1.`/`1、`,
//! `(1)`/`（1）`, `附件` — and are nested by rank on a stack, so numbering that skips or repeats
//! cannot derail the tree. `一是…二是…` inside a paragraph are points, not headings; inside an
//! article, `(一)` lines are its items (项), not headings. A heading that shares its line with
//! body text (`(一)理顺行政管理体制。行政管理体制的顺畅…`) is both a heading and a passage.

use crate::document::{ByteSpan, HeadingKind, LineRole, Passage, PassageKind, Section};

/// The longest a passage may be, in characters, before it is cut into windows.
pub const MAX_PASSAGE_CHARS: usize = 300;

/// The longest a heading label may be, in characters, when its line has no sentence end.
const MAX_LABEL_CHARS: usize = 40;

/// A document's structure: its sections (in document order) and passages.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The section tree, flattened in document order.
    pub sections: Vec<Section>,
    /// The passages, in document order.
    pub passages: Vec<Passage>,
}

/// A heading recognised at the start of a line.
struct HeadingMatch {
    kind: HeadingKind,
    number: Option<u32>,
    /// Byte length of the label within the trimmed line.
    label_len: usize,
}

/// Splits a document into sections and passages. `analysis_text` is the text as analysis sees
/// it (same length as the original; markup and web-page furniture masked), so a line whose
/// analysed text holds nothing searchable yields no passage. `roles` gives the Markdown role of
/// each line (empty for plain text).
pub fn parse(analysis_text: &str, roles: &[LineRole]) -> Structure {
    let mut structure = Structure::default();
    let mut stack: Vec<u32> = Vec::new();
    let mut offset = 0;
    let mut paragraph = 0u32;
    let mut clause = 0u32;
    let mut seen_title = false;
    for (index, line) in analysis_text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        if !trimmed.chars().any(crate::analysis::is_searchable_char) {
            continue;
        }
        let role = roles.get(index).copied().unwrap_or(LineRole::Body);
        let in_article = stack
            .iter()
            .any(|&s| structure.sections[s as usize].kind == HeadingKind::Article);
        let mut heading = match role {
            LineRole::TableRow => None,
            _ => recognise(trimmed, in_article),
        };
        if role == LineRole::Sheet {
            heading = Some(HeadingMatch {
                kind: HeadingKind::Markdown(1),
                number: None,
                label_len: trimmed.len(),
            });
        }
        if let (None, LineRole::Heading(level)) = (&heading, role) {
            let level = level.clamp(1, 6);
            // The first unnumbered Markdown heading before any section is the document's title,
            // even after an editor's note: it heads the document, not a section of it.
            if !seen_title && structure.sections.is_empty() {
                seen_title = true;
            } else {
                heading = Some(HeadingMatch {
                    kind: HeadingKind::Markdown(level),
                    number: None,
                    label_len: trimmed.len(),
                });
            }
        }
        let line_number = index as u32 + 1;
        if let Some(found) = &heading {
            while let Some(&top) = stack.last() {
                if structure.sections[top as usize].kind >= found.kind {
                    stack.pop();
                } else {
                    break;
                }
            }
            structure.sections.push(Section {
                kind: found.kind,
                label: trimmed[..found.label_len].trim_end().to_owned(),
                number: found.number,
                line: line_number,
                parent: stack.last().copied(),
                depth: stack.len() as u32,
            });
            stack.push(structure.sections.len() as u32 - 1);
            clause = u32::from(found.kind == HeadingKind::Article);
        } else if in_article && !starts_item(trimmed) {
            clause += 1;
        }
        paragraph += 1;
        let kind = match role {
            LineRole::Heading(_) | LineRole::Sheet => PassageKind::Heading,
            LineRole::TableRow => PassageKind::TableRow,
            LineRole::Body => PassageKind::Paragraph,
        };
        let section = stack.last().copied();
        let in_article_now = stack
            .iter()
            .any(|&s| structure.sections[s as usize].kind == HeadingKind::Article);
        let start = line_start + lead;
        for window in windows(trimmed, MAX_PASSAGE_CHARS) {
            structure.passages.push(Passage {
                ordinal: structure.passages.len() as u32,
                line: line_number,
                span: ByteSpan {
                    start: start + window.start,
                    end: start + window.end,
                },
                kind,
                paragraph,
                section,
                clause: (in_article_now && clause > 0).then_some(clause),
            });
        }
    }
    structure
}

/// Chinese numeral characters used in heading numbers.
fn is_chinese_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '零'
            | '〇'
            | '两'
    )
}

/// The value of a heading number written in Chinese or Arabic numerals.
fn number_value(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        s.parse().ok()
    } else {
        crate::text::chinese_number(s)
    }
}

/// Whether a line starts with an item marker (`(一)`, `1.`, `(1)`): inside an article these are
/// its items (项), not new paragraphs (款).
fn starts_item(line: &str) -> bool {
    recognise(line, false).is_some_and(|h| {
        matches!(
            h.kind,
            HeadingKind::ParenNumbered | HeadingKind::Arabic | HeadingKind::ParenArabic
        )
    })
}

/// Recognises a heading at the start of a trimmed line.
fn recognise(line: &str, in_article: bool) -> Option<HeadingMatch> {
    let chars: Vec<(usize, char)> = line.char_indices().take(64).collect();
    let first = chars.first()?.1;
    // 第…编/章/节/条
    if first == '第' {
        let digits = chars[1..]
            .iter()
            .take_while(|(_, c)| is_chinese_digit(*c) || c.is_ascii_digit())
            .count();
        if digits > 0 {
            let (at, unit) = *chars.get(1 + digits)?;
            let number = number_value(&line[chars[1].0..at]);
            let after = at + unit.len_utf8();
            let kind = match unit {
                '编' => HeadingKind::Part,
                '章' => HeadingKind::Chapter,
                '节' => HeadingKind::Section,
                '条' => HeadingKind::Article,
                _ => return None,
            };
            let label_len = if kind == HeadingKind::Article {
                after
            } else {
                label_end(line, after)
            };
            return Some(HeadingMatch {
                kind,
                number,
                label_len,
            });
        }
        return None;
    }
    if line.starts_with("附件") && line.chars().count() <= 20 {
        return Some(HeadingMatch {
            kind: HeadingKind::Annex,
            number: None,
            label_len: line.len(),
        });
    }
    // 一、
    if is_chinese_digit(first) {
        let digits = chars
            .iter()
            .take_while(|(_, c)| is_chinese_digit(*c))
            .count();
        if digits <= 3 && chars.get(digits).is_some_and(|&(_, c)| c == '、') {
            return Some(HeadingMatch {
                kind: HeadingKind::Numbered,
                number: number_value(&line[..chars[digits].0]),
                label_len: label_end(line, chars[digits].0),
            });
        }
        return None;
    }
    if in_article {
        return None;
    }
    // (一) (1)
    if matches!(first, '(' | '（') {
        let inner = chars[1..]
            .iter()
            .take_while(|(_, c)| is_chinese_digit(*c) || c.is_ascii_digit())
            .count();
        let close = chars.get(1 + inner)?;
        if inner == 0 || inner > 3 || !matches!(close.1, ')' | '）') {
            return None;
        }
        let digits = &line[chars[1].0..close.0];
        let kind = if digits.chars().all(|c| c.is_ascii_digit()) {
            HeadingKind::ParenArabic
        } else {
            HeadingKind::ParenNumbered
        };
        return Some(HeadingMatch {
            kind,
            number: number_value(digits),
            label_len: label_end(line, close.0),
        });
    }
    // 1. 1、 1．
    if first.is_ascii_digit() {
        let digits = chars.iter().take_while(|(_, c)| c.is_ascii_digit()).count();
        let mark = chars.get(digits)?;
        let next_is_digit = chars
            .get(digits + 1)
            .is_some_and(|(_, c)| c.is_ascii_digit());
        if digits <= 2 && matches!(mark.1, '.' | '、' | '．') && !next_is_digit {
            return Some(HeadingMatch {
                kind: HeadingKind::Arabic,
                number: number_value(&line[..mark.0]),
                label_len: label_end(line, mark.0),
            });
        }
    }
    None
}

/// Where a heading's label ends: at the first sentence end after `from`, or the whole line when
/// it is short, or after [`MAX_LABEL_CHARS`] characters.
fn label_end(line: &str, from: usize) -> usize {
    for (i, c) in line[from..].char_indices() {
        if is_sentence_end(c) || matches!(c, '：' | ':') {
            return from + i;
        }
    }
    match line.char_indices().nth(MAX_LABEL_CHARS) {
        Some((i, _)) => i,
        None => line.len(),
    }
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

    fn passages(text: &str) -> Vec<Passage> {
        parse(text, &[]).passages
    }

    fn labels(structure: &Structure, passage: &Passage) -> Vec<String> {
        let mut path = Vec::new();
        let mut at = passage.section;
        while let Some(i) = at {
            let section = &structure.sections[i as usize];
            path.push(section.label.clone());
            at = section.parent;
        }
        path.reverse();
        path
    }

    #[test]
    fn a_paragraph_is_a_non_empty_line() {
        let text = "标题\n\n  第一段。\n---\n第二段\n";
        let found = passages(text);
        let lines: Vec<u32> = found.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(&text[found[1].span.start..found[1].span.end], "第一段。");
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentence_ends() {
        let sentence = "经开区机关核定专项编制四十五人,现在编人员四十三人。";
        let text = sentence.repeat(40);
        let found = passages(&text);
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
    fn report_headings_nest_and_points_are_not_headings() {
        // Made up, in the shape of the seed report.
        let text = "一、现状\n一是优化机构。二是优化队伍。\n二、问题\n三、建议\n(一)理顺行政管理体制。行政管理体制的顺畅是前提。\n正文。\n（二）优化环境\n1.第一点\n(1)细目\n(四)考核\n";
        let s = parse(text, &[]);
        let outline: Vec<(&str, u32)> = s
            .sections
            .iter()
            .map(|x| (x.label.as_str(), x.depth))
            .collect();
        assert_eq!(
            outline,
            [
                ("一、现状", 0),
                ("二、问题", 0),
                ("三、建议", 0),
                ("(一)理顺行政管理体制", 1),
                ("（二）优化环境", 1),
                ("1.第一点", 2),
                ("(1)细目", 3),
                ("(四)考核", 1),
            ]
        );
        let body = s.passages.iter().find(|p| p.line == 6).unwrap();
        assert_eq!(labels(&s, body), ["三、建议", "(一)理顺行政管理体制"]);
        let heading_line = s.passages.iter().find(|p| p.line == 5).unwrap();
        assert_eq!(
            labels(&s, heading_line),
            ["三、建议", "(一)理顺行政管理体制"]
        );
        assert_eq!(s.sections[3].number, Some(1));
    }

    #[test]
    fn law_articles_nest_under_chapters_with_their_clauses() {
        // Made up, in the shape of a LawRefBook law.
        let text = "第一章 总 则\n第一条 为了规范，制定本法。\n第二章 设定\n第十二条 下列事项可以设定：\n（一）直接涉及国家安全的；\n（二）有限自然资源开发利用；\n前款所列事项，依法处理。\n第13条 其他。\n";
        let s = parse(text, &[]);
        let outline: Vec<(&str, Option<u32>, u32)> = s
            .sections
            .iter()
            .map(|x| (x.label.as_str(), x.number, x.depth))
            .collect();
        assert_eq!(
            outline,
            [
                ("第一章 总 则", Some(1), 0),
                ("第一条", Some(1), 1),
                ("第二章 设定", Some(2), 0),
                ("第十二条", Some(12), 1),
                ("第13条", Some(13), 1),
            ]
        );
        let item = s.passages.iter().find(|p| p.line == 5).unwrap();
        assert_eq!(labels(&s, item), ["第二章 设定", "第十二条"]);
        assert_eq!(item.clause, Some(1));
        let second_clause = s.passages.iter().find(|p| p.line == 7).unwrap();
        assert_eq!(second_clause.clause, Some(2));
    }

    #[test]
    fn skipped_and_repeated_numbers_do_not_derail_the_tree() {
        let text = "一、甲\n三、丙\n三、丙又\n(二)子\n(二)子又\n";
        let s = parse(text, &[]);
        let depths: Vec<u32> = s.sections.iter().map(|x| x.depth).collect();
        assert_eq!(depths, [0, 0, 0, 1, 1]);
    }

    #[test]
    fn markdown_title_is_not_a_section() {
        let text = "编者按。\n  中华人民共和国某法\n   第一章 总则\n第一条 正文。\n  附则\n";
        let roles = [
            LineRole::Body,
            LineRole::Heading(1),
            LineRole::Heading(2),
            LineRole::Body,
            LineRole::Heading(1),
        ];
        let s = parse(text, &roles);
        let labels: Vec<&str> = s.sections.iter().map(|x| x.label.as_str()).collect();
        assert_eq!(labels, ["第一章 总则", "第一条", "附则"]);
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
