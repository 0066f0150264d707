//! Highlighting: the byte ranges of a passage's text where query words and phrases occur.
//!
//! Matching runs on the normalised text (so `ＧＤＰ` matches `gdp` and `总 则` matches `总则`)
//! and ranges map back to the original. Words match inside longer words too (`编制` in
//! `专项编制`), as the search-mode sub-words in the index do.

use crate::analysis::normalize::NormalizedText;

/// Finds every occurrence of the `needles` (normalised strings) in `text`; returns sorted,
/// merged byte ranges into `text`. `analysis_text` is the text as analysed (same length as
/// `text`, markup masked).
pub fn highlight(text: &str, analysis_text: &str, needles: &[String]) -> Vec<(usize, usize)> {
    debug_assert_eq!(text.len(), analysis_text.len());
    highlight_normalized(&NormalizedText::new(analysis_text), needles)
}

/// [`highlight`] on a text already normalised (the analysed text of a passage, normalised once
/// for both the proximity re-rank and highlighting).
pub fn highlight_normalized(
    normalized: &NormalizedText,
    needles: &[String],
) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        for (at, found) in normalized.text.match_indices(needle.as_str()) {
            ranges.push(normalized.original_range(at, at + found.len()));
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_words_inside_words_and_across_spaces() {
        let text = "核定专项编制45人，第一章 总 则";
        let ranges = highlight(text, text, &["编制".into(), "总则".into(), "45人".into()]);
        let parts: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(parts, ["编制45人", "总 则"]);
    }

    #[test]
    fn overlapping_matches_merge() {
        let text = "行政审批制度改革";
        let ranges = highlight(text, text, &["行政审批".into(), "审批制度".into()]);
        assert_eq!(ranges, [(0, "行政审批制度".len())]);
    }
}
