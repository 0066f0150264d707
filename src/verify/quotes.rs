//! Finding the quotations of a draft that claim a source: the quoted text, the document it
//! names (a title in 《》 or a 发文字号) and the article and paragraph (款) it names, if any.
//!
//! Recognised shapes, each a [`QuoteKind`]:
//! `《X》第N条第M款规定：“…”` ([`QuoteKind::States`]), `根据《X》……“…”`
//! ([`QuoteKind::AccordingTo`]), `“…”（《X》第N条）` ([`QuoteKind::SourceAfter`]), `“…”[^1]` with
//! `[^1]: 《X》第N条` ([`QuoteKind::Footnote`]), `据《X》，…。` without quotation marks
//! ([`QuoteKind::Paraphrase`]) and a bare `国发〔2019〕5号` in any bracket variant
//! ([`QuoteKind::DocumentNumber`]). Quotation marks are “…”, 「…」, 『…』 and "…". A quotation
//! that names no source is not a claim and is left alone.

use serde::Serialize;

use crate::ingest::clean::doc_numbers;
use crate::text::chinese_number;

/// How a quotation names its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// `《X》第N条规定：“…”`: the source, then a verb of saying, then the quotation.
    States,
    /// `根据《X》……“…”`: the source earlier in the sentence.
    AccordingTo,
    /// `“…”（《X》第N条）`: the source in brackets after the quotation.
    SourceAfter,
    /// `“…”[^1]` (or `[1]`, `①`) with the source in the footnote.
    Footnote,
    /// `据《X》……，…。`: a statement attributed to a source without quotation marks; the rest
    /// of the sentence is checked.
    Paraphrase,
    /// A bare 发文字号 (`国发〔2019〕5号`): only the document is checked.
    DocumentNumber,
}

impl QuoteKind {
    /// The kind's name in plain output (the JSON one).
    pub fn name(self) -> &'static str {
        match self {
            QuoteKind::States => "states",
            QuoteKind::AccordingTo => "according_to",
            QuoteKind::SourceAfter => "source_after",
            QuoteKind::Footnote => "footnote",
            QuoteKind::Paraphrase => "paraphrase",
            QuoteKind::DocumentNumber => "document_number",
        }
    }
}

/// The source a quotation claims.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Claim {
    /// The title named in 《》, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The 发文字号 named, normalised (`国发〔2019〕5号`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The article (第N条) named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<u32>,
    /// The paragraph of the article (第M款) named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<u32>,
}

/// One quotation of a draft and the source it claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// How it names its source.
    pub kind: QuoteKind,
    /// Byte offset of the quotation in the draft (where it is listed from).
    pub at: usize,
    /// 1-based line of the draft it starts on.
    pub line: usize,
    /// The quoted text as written (for a bare number, the number as written).
    pub text: String,
    /// The source it claims.
    pub claim: Claim,
}

/// Verbs that introduce a quotation right after its source (`规定：`).
const SAYING: &[&str] = &[
    "规定",
    "指出",
    "明确",
    "提出",
    "要求",
    "强调",
    "写道",
    "载明",
    "明确规定",
    "中规定",
    "中指出",
    "中明确",
    "中提出",
    "表述为",
    "称",
];

/// Words that attribute what follows to a source (`根据《X》`).
const ACCORDING: &[&str] = &["根据", "依据", "按照", "依照", "遵照", "参照", "据"];

/// The quotation marks: opening, closing.
const MARKS: &[(char, char)] = &[
    ('“', '”'),
    ('「', '」'),
    ('『', '』'),
    ('"', '"'),
    ('＂', '＂'),
];

/// Characters that end a sentence for the purpose of finding a quotation's source.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n')
}

/// A quotation-marked span: the byte offsets of its opening and closing marks.
#[derive(Debug, Clone, Copy)]
struct Marked {
    open: usize,
    inner_start: usize,
    inner_end: usize,
    close_end: usize,
}

/// Every outermost quotation-marked span of `text`, not crossing a blank line.
fn marked_spans(text: &str) -> Vec<Marked> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let Some(&(_, close)) = MARKS.iter().find(|(o, _)| *o == c) else {
            i += c.len_utf8();
            continue;
        };
        let inner_start = i + c.len_utf8();
        let rest = &text[inner_start..];
        // The matching close: nested quotations of the same kind are counted.
        let mut depth = 0usize;
        let mut found = None;
        for (k, d) in rest.char_indices() {
            if rest[k..].starts_with("\n\n") || rest[k..].starts_with("\n\r\n") {
                break;
            }
            if d == close && (depth == 0 || c == close) {
                found = Some(k);
                break;
            } else if d == close {
                depth -= 1;
            } else if d == c {
                depth += 1;
            }
        }
        match found {
            Some(k) => {
                let inner_end = inner_start + k;
                let close_end = inner_end + close.len_utf8();
                spans.push(Marked {
                    open: i,
                    inner_start,
                    inner_end,
                    close_end,
                });
                i = close_end;
            }
            None => i = inner_start,
        }
    }
    spans
}

/// A title in 《》 at the end of `before` (the last one), with its byte range in `before`.
fn last_title(before: &str) -> Option<(std::ops::Range<usize>, String)> {
    let open = before.rfind('《')?;
    let close = open + before[open..].find('》')?;
    Some((
        open..close + '》'.len_utf8(),
        before[open + '《'.len_utf8()..close].to_owned(),
    ))
}

/// The first title in 《》 in `text`, with its byte range.
fn first_title(text: &str) -> Option<(std::ops::Range<usize>, String)> {
    let open = text.find('《')?;
    let close = open + text[open..].find('》')?;
    Some((
        open..close + '》'.len_utf8(),
        text[open + '《'.len_utf8()..close].to_owned(),
    ))
}

/// The number in `第N条` / `第M款` (Chinese or Arabic numerals) of the last such reference in
/// `text`, for unit `条` or `款`, with the byte offset where the reference starts.
fn last_reference(text: &str, unit: char) -> Option<(usize, u32)> {
    let mut best = None;
    for (at, _) in text.match_indices('第') {
        let rest = &text[at + '第'.len_utf8()..];
        let digits: String = rest
            .chars()
            .take_while(|&c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "〇零一二三四五六七八九十百千两".contains(c)
            })
            .collect();
        if digits.is_empty() || !rest[digits.len()..].starts_with(unit) {
            continue;
        }
        if let Some(n) = chinese_number(&digits) {
            best = Some((at, n));
        }
    }
    best
}

/// The article and 款 named in `text` (the words between a title and a quotation, or the inside
/// of a bracketed or footnoted source).
fn place_in(text: &str) -> (Option<u32>, Option<u32>) {
    let text = &crate::text::fold::fold(text);
    let article = last_reference(text, '条');
    let clause = last_reference(text, '款')
        .filter(|(at, _)| article.is_none_or(|(a, _)| *at > a))
        .map(|(_, n)| n);
    (article.map(|(_, n)| n), clause)
}

/// A source written out (a footnote, a bracket after a quotation): its title, 文号, article.
fn source_in(text: &str) -> Option<Claim> {
    let title = first_title(text);
    let number = doc_numbers(text).into_iter().next().map(|(_, n)| n);
    if title.is_none() && number.is_none() {
        return None;
    }
    let after = title.as_ref().map_or(text, |(r, _)| &text[r.end..]);
    let (article, clause) = place_in(after);
    Some(Claim {
        title: title.map(|(_, t)| t),
        number,
        article,
        clause,
    })
}

/// Footnote definitions of a draft: their label (`1`, `^1`, `①`) and text, and the byte ranges
/// of their lines (which hold sources, not quotations).
fn footnotes(text: &str) -> (Vec<(String, String)>, Vec<std::ops::Range<usize>>) {
    let mut defs = Vec::new();
    let mut ranges = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let label = if let Some(rest) = trimmed.strip_prefix('[') {
            rest.find(']').and_then(|k| {
                let label = &rest[..k];
                let tail = &rest[k + 1..];
                let ok = !label.is_empty()
                    && label
                        .trim_start_matches('^')
                        .chars()
                        .all(|c| c.is_ascii_digit())
                    && (tail.starts_with(':')
                        || tail.starts_with(' ')
                        || tail.starts_with('　')
                        || tail.starts_with('《'));
                ok.then(|| {
                    (
                        label.trim_start_matches('^').to_owned(),
                        tail.trim_start_matches(':').trim().to_owned(),
                    )
                })
            })
        } else {
            trimmed
                .chars()
                .next()
                .filter(|c| ('①'..='⑳').contains(c))
                .map(|c| (c.to_string(), trimmed[c.len_utf8()..].trim().to_owned()))
        };
        if let Some((label, body)) = label.filter(|(_, body)| source_in(body).is_some()) {
            defs.push((label, body));
            ranges.push(at..at + line.len());
        }
        at += line.len();
    }
    (defs, ranges)
}

/// The footnote label right after a quotation's closing mark (`[^1]`, `[1]`, `①`), skipping
/// one punctuation mark before it.
fn footnote_ref(after: &str) -> Option<String> {
    let after = after.trim_start_matches(['，', '。', '；', ',', '.', ';']);
    if let Some(rest) = after.strip_prefix('[') {
        let k = rest.find(']')?;
        let label = rest[..k].trim_start_matches('^');
        return (!label.is_empty() && label.chars().all(|c| c.is_ascii_digit()))
            .then(|| label.to_owned());
    }
    after
        .chars()
        .next()
        .filter(|c| ('①'..='⑳').contains(c))
        .map(|c| c.to_string())
}

/// A bracketed source right after a quotation: `（《X》第N条）`, `(国发〔2019〕5号)`.
fn bracketed_source(after: &str) -> Option<Claim> {
    let after = after.trim_start();
    let (open, close) = if after.starts_with('（') {
        ('（', '）')
    } else if after.starts_with('(') {
        ('(', ')')
    } else {
        return None;
    };
    let inner = &after[open.len_utf8()..];
    let end = inner.find(close)?;
    source_in(&inner[..end])
}

/// The start of the sentence that holds byte `at`: one past the last sentence end before it.
fn sentence_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| ends_sentence(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The end of the sentence that holds byte `at`: its closing mark (exclusive) or the line end.
fn sentence_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| ends_sentence(c))
        .map_or(text.len(), |(i, _)| at + i)
}

/// The source before a quotation, in its sentence: a 《title》 or a 文号, then the words up to
/// the quotation; whether a verb of saying introduces it.
fn source_before(text: &str, from: usize, open: usize) -> Option<(Claim, bool)> {
    let before = &text[from..open];
    let title = last_title(before);
    let number = doc_numbers(before).into_iter().last();
    // The later of the two names the source.
    let (name_end, title, number) = match (title, number) {
        (Some((tr, t)), Some((nr, n))) if nr.start >= tr.end => {
            // `《X》（国发〔2019〕5号）`: the number belongs to the title; a number later in the
            // sentence names the source on its own.
            let gap = before[tr.end..nr.start].trim_matches(['（', '(', ' ', '　']);
            if gap.is_empty() {
                let end = nr.end + before[nr.end..].find(['）', ')']).map_or(0, |k| k + 1);
                (end.min(before.len()), Some(t), Some(n))
            } else {
                (nr.end, None, Some(n))
            }
        }
        (Some((tr, t)), _) => (tr.end, Some(t), None),
        (None, Some((nr, n))) => (nr.end, None, Some(n)),
        (None, None) => return None,
    };
    let between = before[name_end..].trim_end_matches([' ', '　']);
    let (article, clause) = place_in(between);
    let lead = between.trim_end_matches(['：', ':', '，', ',']).trim_end();
    let says = SAYING.iter().any(|v| lead.ends_with(v));
    Some((
        Claim {
            title,
            number,
            article,
            clause,
        },
        says,
    ))
}

/// Whether the words of a sentence before its quotation attribute it to a source (`根据《X》`,
/// `据《X》`; the 据 of 数据 does not).
fn attributed(sentence: &str) -> bool {
    ACCORDING.iter().any(|w| {
        sentence.match_indices(w).any(|(at, _)| {
            *w != "据" || !sentence[..at].ends_with(['数', '证', '根', '依', '占', '收'])
        })
    })
}

/// 1-based line of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Every quotation of `draft` that claims a source, in the order they are written.
pub fn quotations(draft: &str) -> Vec<Quotation> {
    let (notes, note_lines) = footnotes(draft);
    let in_notes = |at: usize| note_lines.iter().any(|r| r.contains(&at));
    let spans: Vec<Marked> = marked_spans(draft)
        .into_iter()
        .filter(|s| !in_notes(s.open))
        .collect();
    let mut found = Vec::new();
    // Byte ranges of the draft that a quotation or its source covers (numbers there are not
    // listed again on their own).
    let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
    let mut previous_close = 0;
    for span in &spans {
        let inner = draft[span.inner_start..span.inner_end].trim();
        let after = &draft[span.close_end..];
        let line = line_of(draft, span.open);
        let push = |kind, claim, found: &mut Vec<Quotation>| {
            found.push(Quotation {
                kind,
                at: span.open,
                line,
                text: inner.to_owned(),
                claim,
            })
        };
        if inner.is_empty() {
            previous_close = span.close_end;
            continue;
        }
        if let Some(claim) = bracketed_source(after) {
            let end = span.close_end + after.find(['）', ')']).map_or(0, |k| k + 1);
            covered.push(span.open..end);
            push(QuoteKind::SourceAfter, claim, &mut found);
        } else if let Some(claim) = footnote_ref(after)
            .and_then(|label| notes.iter().find(|(l, _)| *l == label))
            .and_then(|(_, body)| source_in(body))
        {
            covered.push(span.open..span.close_end);
            push(QuoteKind::Footnote, claim, &mut found);
        } else {
            let start = sentence_start(draft, span.open).max(previous_close.min(span.open));
            let sentence_from = sentence_start(draft, span.open);
            // The source may be named before an earlier quotation of the same sentence
            // (`《X》第三条规定：“…”，第五条规定：“…”`): the name is looked for in the whole
            // sentence, the article only after the previous quotation.
            if let Some((mut claim, says)) = source_before(draft, sentence_from, span.open) {
                let (article, clause) = place_in(&draft[start..span.open]);
                if start > sentence_from && article.is_some() {
                    claim.article = article;
                    claim.clause = clause;
                }
                covered.push(sentence_from..span.close_end);
                let kind = if says && !attributed(&draft[sentence_from..span.open]) {
                    QuoteKind::States
                } else if attributed(&draft[sentence_from..span.open]) {
                    QuoteKind::AccordingTo
                } else {
                    QuoteKind::States
                };
                push(kind, claim, &mut found);
            }
        }
        previous_close = span.close_end;
    }
    // 据《X》… without quotation marks.
    for (at, _) in draft.match_indices("据《") {
        let name_at = at + "据".len();
        // Only a bare 据: 根据《X》 and 依据《X》 without a quotation introduce a rule, not a
        // statement of fact.
        if draft[..at].ends_with(['根', '依', '数', '证'])
            || in_notes(at)
            || spans.iter().any(|s| s.open <= at && at < s.close_end)
        {
            continue;
        }
        let end = sentence_end(draft, name_at);
        if spans.iter().any(|s| s.open >= name_at && s.open < end) {
            continue; // quoted: handled above
        }
        let Some((range, title)) = first_title(&draft[name_at..end]) else {
            continue;
        };
        let rest = &draft[name_at + range.end..end];
        // The statement starts after the first comma (`据《X》第N条，…`).
        let Some(comma) = rest.find(['，', ',']) else {
            continue;
        };
        let (article, clause) = place_in(&rest[..comma]);
        let statement = rest[comma..]
            .trim_start_matches(['，', ','])
            .trim()
            .to_owned();
        if statement.chars().count() < 4 {
            continue;
        }
        covered.push(at..end);
        found.push(Quotation {
            kind: QuoteKind::Paraphrase,
            at,
            line: line_of(draft, at),
            text: statement,
            claim: Claim {
                title: Some(title),
                number: None,
                article,
                clause,
            },
        });
    }
    // Bare document numbers.
    let mut line_start = 0;
    for line in draft.split_inclusive('\n') {
        for (range, number) in doc_numbers(line) {
            let at = line_start + range.start;
            if covered.iter().any(|r| r.contains(&at))
                || spans.iter().any(|s| s.open <= at && at < s.close_end)
                || in_notes(at)
            {
                continue;
            }
            found.push(Quotation {
                kind: QuoteKind::DocumentNumber,
                at,
                line: line_of(draft, at),
                text: line[range].to_owned(),
                claim: Claim {
                    number: Some(number),
                    ..Claim::default()
                },
            });
        }
        line_start += line.len();
    }
    found.sort_by_key(|q| q.at);
    found
}

/// The parts of a quotation between its elisions (`……`, `…`, `...`), in order, trimmed; empty
/// parts dropped.
pub fn parts(text: &str) -> Vec<&str> {
    text.split(['…', '⋯'])
        .flat_map(|p| p.split("..."))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(draft: &str) -> Quotation {
        let found = quotations(draft);
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn a_source_then_a_verb_of_saying() {
        let q = one("《行政许可法》第十二条第一款规定：“下列事项可以设定行政许可”。");
        assert_eq!(q.kind, QuoteKind::States);
        assert_eq!(q.text, "下列事项可以设定行政许可");
        assert_eq!(q.claim.title.as_deref(), Some("行政许可法"));
        assert_eq!((q.claim.article, q.claim.clause), (Some(12), Some(1)));
    }

    #[test]
    fn a_source_named_earlier_in_the_sentence() {
        let q = one("根据《优化营商环境条例》的要求，政府应当做到「依法平等保护」。");
        assert_eq!(q.kind, QuoteKind::AccordingTo);
        assert_eq!(q.text, "依法平等保护");
        assert_eq!(q.claim.article, None);
    }

    #[test]
    fn a_source_in_brackets_after() {
        let q = one("文件要求『一次办好』（《優化營商環境條例》第３５條）。");
        assert_eq!(q.kind, QuoteKind::SourceAfter);
        assert_eq!(q.claim.article, Some(35));
    }

    #[test]
    fn a_footnoted_source() {
        let draft = "有人说\"依法办事\"[^2]。\n\n[^2]: 《公务员法》第十四条。\n";
        let q = one(draft);
        assert_eq!(q.kind, QuoteKind::Footnote);
        assert_eq!(q.claim.title.as_deref(), Some("公务员法"));
        assert_eq!(q.claim.article, Some(14));
    }

    #[test]
    fn an_unquoted_attribution() {
        let q = one("据《某某报告》第三条，园区共有企业二百家。");
        assert_eq!(q.kind, QuoteKind::Paraphrase);
        assert_eq!(q.text, "园区共有企业二百家");
        assert_eq!(q.claim.article, Some(3));
    }

    #[test]
    fn bare_numbers_in_any_brackets() {
        let found = quotations("见国发[2019]5号、人社部发（2023）6号和某办【2020】1号。");
        let numbers: Vec<_> = found
            .iter()
            .map(|q| q.claim.number.clone().unwrap())
            .collect();
        assert_eq!(
            numbers,
            ["国发〔2019〕5号", "人社部发〔2023〕6号", "某办〔2020〕1号"]
        );
        assert!(found.iter().all(|q| q.kind == QuoteKind::DocumentNumber));
    }

    #[test]
    fn two_quotations_of_one_sentence_each_get_their_article() {
        let found = quotations("《公务员法》第三条规定：“甲乙丙丁”，第五条规定：“戊己庚辛”。");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].claim.article, Some(3));
        assert_eq!(found[1].claim.article, Some(5));
        assert_eq!(found[1].claim.title.as_deref(), Some("公务员法"));
    }

    #[test]
    fn a_quotation_without_a_source_is_no_claim() {
        assert!(quotations("解决“两张皮”问题。").is_empty());
    }

    #[test]
    fn elisions_split_a_quotation() {
        assert_eq!(parts("甲乙……丙丁…戊"), ["甲乙", "丙丁", "戊"]);
        assert_eq!(parts("甲乙...丙"), ["甲乙", "丙"]);
    }
}
