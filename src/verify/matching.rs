//! Matching a quotation's folded characters against a document's: exactly (its parts in order),
//! or approximately (the fewest characters changed, added or dropped, anywhere in the text),
//! and the difference between a quotation and the text it nearly matches.

/// Where the parts of a quotation were found: the folded-character range of each, in order.
pub type Found = Vec<std::ops::Range<usize>>;

/// The first place in `text[from..to]` where every part occurs, each after the one before.
pub fn find_parts(text: &[char], parts: &[Vec<char>], from: usize, to: usize) -> Option<Found> {
    let to = to.min(text.len());
    let mut at = from;
    let mut found = Vec::with_capacity(parts.len());
    for part in parts {
        let start = find(&text[at.min(to)..to], part)? + at;
        found.push(start..start + part.len());
        at = start + part.len();
    }
    Some(found)
}

/// The first occurrence of `needle` in `haystack`.
fn find(haystack: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.len() > haystack.len() {
        return None;
    }
    let first = needle[0];
    (0..=haystack.len() - needle.len())
        .find(|&i| haystack[i] == first && haystack[i..i + needle.len()] == *needle)
}

/// One step of an alignment of a quotation against a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The same character (quotation index, text index).
    Same(usize, usize),
    /// A character changed: the quotation's, the text's.
    Changed(usize, usize),
    /// A character of the quotation the text does not have.
    Added(usize),
    /// A character of the text the quotation drops.
    Dropped(usize),
}

/// The best approximate match of a quotation in a text: how many edits, where in the text, and
/// the steps that turn one into the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// Characters changed, added or dropped.
    pub edits: usize,
    /// The folded-character range of the text matched.
    pub range: std::ops::Range<usize>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

impl Alignment {
    /// 1 − edits / the quotation's length: 1 for an exact match.
    pub fn similarity(&self, quote_len: usize) -> f64 {
        if quote_len == 0 {
            return 0.0;
        }
        (1.0 - self.edits as f64 / quote_len as f64).max(0.0)
    }
}

/// The longest quotation aligned approximately (longer ones are only matched exactly).
pub const MAX_ALIGNED: usize = 2000;

/// The substring of `text[from..]` that `quote` matches with the fewest edits (Levenshtein
/// distance with a free start and end in the text); `None` for an empty or over-long quotation.
pub fn align(quote: &[char], text: &[char], from: usize) -> Option<Alignment> {
    let m = quote.len();
    if m == 0 || m > MAX_ALIGNED || from >= text.len() {
        return None;
    }
    let text = &text[from..];
    // One pass with two columns finds the best end and its cost.
    let mut column: Vec<usize> = (0..=m).collect();
    let mut next = vec![0usize; m + 1];
    let (mut best, mut best_end) = (column[m], 0);
    for (j, &t) in text.iter().enumerate() {
        next[0] = 0;
        for i in 1..=m {
            let diagonal = column[i - 1] + usize::from(quote[i - 1] != t);
            next[i] = diagonal.min(column[i] + 1).min(next[i - 1] + 1);
        }
        std::mem::swap(&mut column, &mut next);
        // The later of equal ends: a match that covers more of the text.
        if column[m] <= best {
            best = column[m];
            best_end = j + 1;
        }
    }
    // The full table over a window ending there gives the steps.
    let window_start = best_end.saturating_sub(m + best);
    let window = &text[window_start..best_end];
    let n = window.len();
    let mut table = vec![0usize; (m + 1) * (n + 1)];
    let at = |i: usize, j: usize| i * (n + 1) + j;
    for i in 1..=m {
        table[at(i, 0)] = i;
    }
    for i in 1..=m {
        for j in 1..=n {
            let diagonal = table[at(i - 1, j - 1)] + usize::from(quote[i - 1] != window[j - 1]);
            table[at(i, j)] = diagonal
                .min(table[at(i - 1, j)] + 1)
                .min(table[at(i, j - 1)] + 1);
        }
    }
    let (mut i, mut j) = (m, n);
    let mut steps = Vec::new();
    // Where several paths cost the same, a same character is taken first, then a character
    // dropped or added, then one changed: runs of edits read as whole words.
    while i > 0 {
        let here = table[at(i, j)];
        let same = j > 0 && quote[i - 1] == window[j - 1];
        if same && here == table[at(i - 1, j - 1)] {
            steps.push(Step::Same(i - 1, window_start + from + j - 1));
            i -= 1;
            j -= 1;
        } else if j > 0 && here == table[at(i, j - 1)] + 1 {
            steps.push(Step::Dropped(window_start + from + j - 1));
            j -= 1;
        } else if here == table[at(i - 1, j)] + 1 {
            steps.push(Step::Added(i - 1));
            i -= 1;
        } else {
            steps.push(Step::Changed(i - 1, window_start + from + j - 1));
            i -= 1;
            j -= 1;
        }
    }
    steps.reverse();
    let start = window_start + from + j;
    Some(Alignment {
        edits: table[at(m, n)],
        range: start..from + best_end,
        steps,
    })
}

/// The difference an alignment shows, written over the text: unchanged characters as they are,
/// and each run of edits as `[原文→引文]` (`[原文→]` where the quotation drops text, `[→引文]`
/// where it adds some). `quote` and `text` give each folded character's original.
pub fn render_diff(
    steps: &[Step],
    quote: &dyn Fn(usize) -> String,
    text: &dyn Fn(usize) -> String,
) -> String {
    let mut out = String::new();
    let (mut was, mut now) = (String::new(), String::new());
    let flush = |out: &mut String, was: &mut String, now: &mut String| {
        if !was.is_empty() || !now.is_empty() {
            out.push_str(&format!("[{was}→{now}]"));
            was.clear();
            now.clear();
        }
    };
    for step in steps {
        match *step {
            Step::Same(_, t) => {
                flush(&mut out, &mut was, &mut now);
                out.push_str(&text(t));
            }
            Step::Changed(q, t) => {
                was.push_str(&text(t));
                now.push_str(&quote(q));
            }
            Step::Added(q) => now.push_str(&quote(q)),
            Step::Dropped(t) => was.push_str(&text(t)),
        }
    }
    flush(&mut out, &mut was, &mut now);
    out
}

/// The share of a quotation's character pairs (bigrams) that a passage holds: how close a
/// passage is when nothing matches well (a paraphrase shares words, not a run of text).
pub fn bigram_overlap(quote: &[char], passage: &[char]) -> f64 {
    if quote.len() < 2 {
        return 0.0;
    }
    let held: std::collections::HashSet<(char, char)> =
        passage.windows(2).map(|w| (w[0], w[1])).collect();
    let pairs = quote.len() - 1;
    let shared = quote
        .windows(2)
        .filter(|w| held.contains(&(w[0], w[1])))
        .count();
    shared as f64 / pairs as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn parts_are_found_in_order() {
        let text = chars("甲乙丙丁戊己庚辛甲乙");
        let parts = vec![chars("丙丁"), chars("庚")];
        assert_eq!(
            find_parts(&text, &parts, 0, text.len()),
            Some(vec![2..4, 6..7])
        );
        let reversed = vec![chars("庚"), chars("丙丁")];
        assert_eq!(find_parts(&text, &reversed, 0, text.len()), None);
        assert_eq!(find_parts(&text, &parts, 3, text.len()), None);
    }

    #[test]
    fn an_approximate_match_counts_its_edits_and_shows_them() {
        let text = chars("前文。公民的合法权益受法律保护。后文");
        let quote = chars("公民的正当权益受法律保护");
        let found = align(&quote, &text, 0).unwrap();
        assert_eq!(found.edits, 2);
        let matched: String = text[found.range.clone()].iter().collect();
        assert_eq!(matched, "公民的合法权益受法律保护");
        let diff = render_diff(&found.steps, &|q| quote[q].to_string(), &|t| {
            text[t].to_string()
        });
        assert_eq!(diff, "公民的[合法→正当]权益受法律保护");
        assert!((found.similarity(quote.len()) - (1.0 - 2.0 / 12.0)).abs() < 1e-9);
    }

    #[test]
    fn added_and_dropped_characters() {
        let text = chars("应当依法及时办理");
        let found = align(&chars("应当依法办理完毕"), &text, 0).unwrap();
        assert_eq!(found.edits, 4);
        let quote = chars("应当依法办理完毕");
        let diff = render_diff(&found.steps, &|q| quote[q].to_string(), &|t| {
            text[t].to_string()
        });
        assert_eq!(diff, "应当依法[及时→]办理[→完毕]");
    }

    #[test]
    fn an_exact_match_has_no_edits() {
        let text = chars("一二三四五六");
        let found = align(&chars("三四五"), &text, 0).unwrap();
        assert_eq!((found.edits, found.range), (0, 2..5));
    }

    #[test]
    fn bigram_overlap_is_a_share() {
        assert_eq!(bigram_overlap(&chars("甲乙丙"), &chars("乙丙丁")), 0.5);
        assert_eq!(bigram_overlap(&chars("甲"), &chars("甲")), 0.0);
    }
}
