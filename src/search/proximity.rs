//! Proximity re-rank: among the best candidates, a passage where the query words stand close
//! together (`经开区机关核定专项编制`) is worth more than one where they are far apart.
//!
//! The measure is the smallest window of the passage that holds one occurrence of every query
//! word it contains; the bonus shrinks as the gap inside that window grows.

use crate::analysis::normalize::NormalizedText;

/// Characters of gap at which the bonus is half its largest value.
const HALF_GAP_CHARS: f32 = 12.0;
/// The largest bonus, as a fraction of the score.
const MAX_BONUS: f32 = 0.5;
/// The largest factor [`proximity_factor`] gives: a candidate whose score times this is below
/// the scores already re-ranked into the page cannot reach it, and need not be looked at.
pub const MAX_FACTOR: f32 = 1.0 + MAX_BONUS;

/// The factor (1.0 to [`MAX_FACTOR`]) by which a passage's score is multiplied for how
/// closely its query words stand. With fewer than two distinct words present it is 1.0.
pub fn proximity_factor(analysis_text: &str, needles: &[String]) -> f32 {
    proximity_factor_normalized(&NormalizedText::new(analysis_text).text, needles)
}

/// [`proximity_factor`] of a text already normalised.
pub fn proximity_factor_normalized(normalized: &str, needles: &[String]) -> f32 {
    match smallest_gap(normalized, needles) {
        Some(gap) => 1.0 + MAX_BONUS * HALF_GAP_CHARS / (HALF_GAP_CHARS + gap as f32),
        None => 1.0,
    }
}

/// The fewest characters between the query words in the tightest window that holds one
/// occurrence of each word present; `None` when fewer than two distinct words occur.
fn smallest_gap(text: &str, needles: &[String]) -> Option<usize> {
    // (start byte, end byte, needle) of every occurrence; in the same order as by characters.
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (n, needle) in needles.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
        for (at, found) in text.match_indices(needle.as_str()) {
            hits.push((at, at + found.len(), n));
        }
    }
    hits.sort_unstable();
    // Byte offsets to character offsets, counting once along the text.
    let (mut byte, mut chars) = (0, 0);
    for hit in &mut hits {
        chars += text[byte..hit.0].chars().count();
        byte = hit.0;
        let length = needles[hit.2].chars().count();
        *hit = (chars, chars + length, hit.2);
    }
    let present: std::collections::BTreeSet<usize> = hits.iter().map(|h| h.2).collect();
    if present.len() < 2 {
        return None;
    }
    let lengths: usize = present.iter().map(|&n| needles[n].chars().count()).sum();
    let mut counts = vec![0usize; needles.len()];
    let mut covered = 0;
    let mut best: Option<usize> = None;
    let mut left = 0;
    for right in 0..hits.len() {
        if counts[hits[right].2] == 0 {
            covered += 1;
        }
        counts[hits[right].2] += 1;
        while covered == present.len() {
            let end = hits[left..=right].iter().map(|h| h.1).max().unwrap_or(0);
            let span = end - hits[left].0;
            let gap = span.saturating_sub(lengths);
            best = Some(best.map_or(gap, |b| b.min(gap)));
            counts[hits[left].2] -= 1;
            if counts[hits[left].2] == 0 {
                covered -= 1;
            }
            left += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_words_score_higher_than_distant_ones() {
        let needles = vec!["经开区".to_owned(), "编制".to_owned()];
        let close = proximity_factor("经开区机关核定专项编制45人", &needles);
        let far = proximity_factor(&format!("经开区{}编制", "其他内容".repeat(20)), &needles);
        assert!(close > far && far > 1.0, "{close} {far}");
        assert_eq!(proximity_factor("只有编制", &needles), 1.0);
    }

    #[test]
    fn gap_is_measured_in_the_tightest_window() {
        let needles = vec!["甲".to_owned(), "乙".to_owned()];
        assert_eq!(smallest_gap("甲二三四乙五甲乙", &needles), Some(0));
        assert_eq!(smallest_gap("甲二三乙", &needles), Some(2));
    }
}
