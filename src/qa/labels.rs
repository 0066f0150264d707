//! Spans that are labels rather than quantities: ranks of office (`正科级`) and document
//! numbers (`衡编办〔2019〕37号`) in every bracket form.

use super::extract::Span;
use crate::text::is_cjk;

/// Ranks of office (`正科级`, `副处级`, `副省级`, `县处级`, `乡科级`): an optional 正/副, one or
/// two characters of the ladder, and `级`.
pub fn ranks(sentence: &str) -> Vec<Span> {
    const LADDER: &str = "国省部厅局司地市县处乡科股";
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut out: Vec<Span> = Vec::new();
    for (k, &(at, c)) in chars.iter().enumerate() {
        if c != '级' {
            continue;
        }
        let mut first = k;
        while first > 0 && k - first < 2 && LADDER.contains(chars[first - 1].1) {
            first -= 1;
        }
        if first == k {
            continue;
        }
        if first > 0 && matches!(chars[first - 1].1, '正' | '副') {
            first -= 1;
        }
        let start = chars[first].0;
        if out.last().is_some_and(|s| s.end > start) {
            continue;
        }
        out.push(Span {
            start,
            end: at + c.len_utf8(),
            unit: None,
            agent: false,
            pair: false,
        });
    }
    out
}

/// Document numbers in every bracket form: `衡编办〔2019〕37号`, `国发[2014]5号`,
/// `国办发（2019）5号`, `京政发【2020】1号`: the issuer's abbreviation (up to 8 characters, not
/// the verb before it), the year in brackets, the serial number and `号`.
pub fn document_numbers(sentence: &str) -> Vec<Span> {
    const OPEN: &str = "〔［[【（(";
    const CLOSE: &str = "〕］]】）)";
    const NOT_ISSUER: &str = "据照按依见于和及与、的为以经由是号文第";
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(_, c)) in chars.iter().enumerate() {
        if !OPEN.contains(c) {
            continue;
        }
        let year: String = chars[k + 1..].iter().take(4).map(|&(_, c)| c).collect();
        if year.chars().count() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Some(&(_, close)) = chars.get(k + 5) else {
            continue;
        };
        if !CLOSE.contains(close) {
            continue;
        }
        let mut end = k + 6;
        while chars.get(end).is_some_and(|&(_, c)| c.is_ascii_digit()) {
            end += 1;
        }
        if end == k + 6 || chars.get(end).is_none_or(|&(_, c)| c != '号') {
            continue;
        }
        let mut first = k;
        while first > 0
            && k - first < 8
            && is_cjk(chars[first - 1].1)
            && !NOT_ISSUER.contains(chars[first - 1].1)
        {
            first -= 1;
        }
        if first == k {
            continue;
        }
        out.push(Span {
            start: chars[first].0,
            end: chars[end].0 + '号'.len_utf8(),
            unit: None,
            agent: false,
            pair: false,
        });
    }
    out
}
