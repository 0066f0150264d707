//! Normalisation that keeps offsets: full-width letters and digits become half-width, letters
//! become lower case, traditional characters simplified (`人員編制` reads as `人员编制`, by the
//! unambiguous pairs of [`crate::text::fold`]), and whitespace inside a run of CJK characters is dropped (`第一章 总 则`
//! reads as `第一章总则`). Every character of the normalised text remembers the byte range of
//! the original character it came from. Most passages need none of this (punctuation is left as
//! it is, since it is never a token): their normalised text is the original, and offsets map to
//! themselves without any table.

use std::cell::RefCell;
use std::rc::Rc;

use super::is_cjk;

/// A normalised text and the way back to the original's byte offsets.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    /// The normalised text.
    pub text: String,
    /// The way back to the original, or `None` when the text is the original unchanged.
    maps: Option<OffsetMaps>,
}

/// Offset tables of a normalised text that differs from its original.
#[derive(Debug, Clone)]
struct OffsetMaps {
    /// For each byte offset of the normalised text where a character starts, the original byte
    /// offset where that character starts; the last entry is the original's length.
    starts: Vec<u32>,
    /// For each byte offset of the normalised text where a character ends, the original byte
    /// offset where that character ends.
    ends: Vec<u32>,
}

/// The normalised form of one character.
pub fn normalize_char(c: char) -> char {
    if is_cjk(c) {
        // Traditional characters read as simplified (`編` as `编`), so that either form finds
        // the other; only where the simplified form is no longer, so the maps stay long enough.
        let simplified = crate::text::fold::simplified(c);
        return if simplified.len_utf8() <= c.len_utf8() {
            simplified
        } else {
            c
        };
    }
    let c = match c as u32 {
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        let mut lower = c.to_lowercase();
        // Only a one-character lower case that is no longer than the original keeps the
        // normalised text within the original's length.
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() <= c.len_utf8() => l,
            _ => c,
        }
    }
}

impl NormalizedText {
    /// Normalises `original`.
    pub fn new(original: &str) -> Self {
        if is_normal(original) {
            return NormalizedText {
                text: original.to_owned(),
                maps: None,
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut starts = vec![0u32; original.len() + 1];
        let mut ends = vec![0u32; original.len() + 1];
        let mut last_kept_cjk = false;
        for (offset, c) in original.char_indices() {
            let n = normalize_char(c);
            if n.is_whitespace() && last_kept_cjk && next_non_space_is_cjk(original, offset) {
                continue;
            }
            let at = text.len();
            text.push(n);
            // `n` never takes more bytes than `c`: the maps are long enough.
            starts[at] = offset as u32;
            ends[text.len()] = (offset + c.len_utf8()) as u32;
            last_kept_cjk = is_cjk(n);
        }
        starts[text.len()] = original.len() as u32;
        starts.truncate(text.len() + 1);
        ends.truncate(text.len() + 1);
        NormalizedText {
            text,
            maps: Some(OffsetMaps { starts, ends }),
        }
    }

    /// [`NormalizedText::new`] through a one-text cache per thread: tantivy's writer analyses
    /// a passage for the words field and then, on the same thread, for the bigram field, so the
    /// second analysis compares the text instead of normalising it again.
    pub fn shared(original: &str) -> Rc<NormalizedText> {
        LAST_NORMALIZED.with(|last| {
            let mut last = last.borrow_mut();
            if let Some(cached) = last.as_ref().filter(|c| c.is_of(original)) {
                return Rc::clone(&cached.normalized);
            }
            let normalized = Rc::new(NormalizedText::new(original));
            *last = Some(CachedNormalization {
                original: normalized.maps.is_some().then(|| original.to_owned()),
                normalized: Rc::clone(&normalized),
            });
            normalized
        })
    }

    /// The original byte range of the normalised byte range `[start, end)`; both ends must be
    /// character boundaries of the normalised text and `start < end`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.maps {
            Some(maps) => (maps.starts[start] as usize, maps.ends[end] as usize),
            None => (start, end),
        }
    }
}

thread_local! {
    /// The text this thread normalised last through [`NormalizedText::shared`].
    static LAST_NORMALIZED: RefCell<Option<CachedNormalization>> = const { RefCell::new(None) };
}

/// A normalisation kept for the next caller on the same thread.
struct CachedNormalization {
    /// The original text, kept only where it differs from the normalised one.
    original: Option<String>,
    normalized: Rc<NormalizedText>,
}

impl CachedNormalization {
    fn is_of(&self, original: &str) -> bool {
        match &self.original {
            Some(kept) => kept == original,
            None => self.normalized.text == original,
        }
    }
}

/// Whether normalising `text` would leave it as it is.
fn is_normal(text: &str) -> bool {
    let mut previous_cjk = false;
    for (offset, c) in text.char_indices() {
        if c.is_whitespace() {
            if previous_cjk && next_non_space_is_cjk(text, offset) {
                return false;
            }
            continue;
        }
        if normalize_char(c) != c {
            return false;
        }
        previous_cjk = is_cjk(c);
    }
    true
}

fn next_non_space_is_cjk(original: &str, offset: usize) -> bool {
    original[offset..]
        .chars()
        .map(normalize_char)
        .find(|c| !c.is_whitespace())
        .is_some_and(is_cjk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_characters_read_as_simplified_with_their_offsets() {
        let original = "經開區核定人員編制45人";
        let n = NormalizedText::new(original);
        assert_eq!(n.text, "经开区核定人员编制45人");
        let at = n.text.find("人员编制").unwrap();
        let (from, to) = n.original_range(at, at + "人员编制".len());
        assert_eq!(&original[from..to], "人員編制");
        // Characters simplified text itself writes stay as they are.
        let simplified = "著作权人乾隆年间瞭望台";
        assert_eq!(NormalizedText::new(simplified).text, simplified);
    }

    #[test]
    fn text_that_needs_nothing_maps_to_itself() {
        let original = "经开区机关核定专项编制45人，设党工委书记1名。";
        let n = NormalizedText::new(original);
        assert!(n.maps.is_none());
        assert_eq!(n.text, original);
        assert_eq!(n.original_range(3, 9), (3, 9));
    }

    #[test]
    fn full_width_and_case() {
        let n = NormalizedText::new("ＡＢｃ１２３Ｘ");
        assert_eq!(n.text, "abc123x");
        assert_eq!(n.original_range(0, 3), (0, 9));
    }

    #[test]
    fn shared_normalisation_is_reused_only_for_the_same_text() {
        for text in [
            "ＡＢ 编制",
            "ab 编制",
            "第一章 总 则",
            "第一章总则",
            "ＡＢ 编制",
        ] {
            let shared = NormalizedText::shared(text);
            let fresh = NormalizedText::new(text);
            assert_eq!(shared.text, fresh.text, "{text}");
            let again = NormalizedText::shared(text);
            assert!(Rc::ptr_eq(&shared, &again), "{text}");
            let end = fresh.text.len();
            assert_eq!(shared.original_range(0, end), fresh.original_range(0, end));
        }
    }

    #[test]
    fn spaces_inside_cjk_runs_are_dropped() {
        let original = "第一章 总　则 Law 2019";
        let n = NormalizedText::new(original);
        assert_eq!(n.text, "第一章总则 law 2019");
        let at = n.text.find("总则").unwrap();
        let (s, e) = n.original_range(at, at + "总则".len());
        assert_eq!(&original[s..e], "总　则");
    }
}
