//! Output: hits for people (a terminal, with colour, or a pipe, without) and for programs
//! (`--json`, JSON Lines in one hit shape).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::search::Hit;

pub mod comparison;
pub mod each;

/// How hits are written.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Colour highlights (a terminal without `NO_COLOR`).
    pub color: bool,
}

impl Style {
    /// The style for standard output: colour only on a terminal, and never with `NO_COLOR` set.
    pub fn for_stdout() -> Style {
        use std::io::IsTerminal;
        Style {
            color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// Text from a document or a draft (untrusted input) made safe to print on a terminal: control
/// characters (escape sequences that could recolour, retitle or rewrite the terminal, bells,
/// carriage returns) become `�`; line breaks and tabs stay.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if text.chars().any(unsafe_char) {
        text.chars()
            .map(|c| if unsafe_char(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Text from a document made safe inside a Markdown table cell or list item: backslashes, pipes
/// and Markdown punctuation escaped, HTML tags and entities made text, lines joined, control
/// characters replaced — so a passage can neither break a table nor inject markup.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal_safe(text).chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The terminal columns a character takes: two for CJK ideographs and full-width forms
/// (including CJK punctuation), one otherwise.
pub fn char_width(c: char) -> usize {
    if crate::text::is_cjk(c) || ('\u{3000}'..='\u{ffef}').contains(&c) {
        2
    } else {
        1
    }
}

/// The terminal columns a text takes ([`char_width`] summed).
pub fn display_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// `text` padded with spaces to `width` terminal columns (CJK characters take two).
pub fn pad_display(text: &str, width: usize) -> String {
    let used = display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// `text` cut into lines of at most `width` terminal columns: Chinese text breaks between any
/// two characters, but never before closing punctuation (，。、）” …); a run of letters and
/// digits moves whole to the next line when it fits there. Line breaks in `text` are kept.
pub fn wrap_display(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut line = String::new();
        let mut used = 0;
        let mut i = 0;
        while i < chars.len() {
            // The unit placed next: a run of ASCII letters and digits, or one character with the
            // closing punctuation that follows it; opening punctuation goes with what follows.
            let mut end = i + 1;
            while end < chars.len() && is_opening(chars[end - 1]) {
                end += 1;
            }
            if chars[i].is_ascii_alphanumeric() {
                while end < chars.len() && chars[end].is_ascii_alphanumeric() {
                    end += 1;
                }
            }
            while end < chars.len() && is_closing(chars[end]) {
                end += 1;
            }
            let unit: String = chars[i..end].iter().collect();
            let unit_width = display_width(&unit);
            if used + unit_width > width && used > 0 {
                lines.push(std::mem::take(&mut line).trim_end().to_owned());
                used = 0;
                if chars[i] == ' ' {
                    // A space at a break is dropped, and what it carried starts the next line.
                    i += 1;
                    continue;
                }
            }
            if unit_width > width {
                // Longer than a whole line: cut it by characters.
                for c in unit.chars() {
                    if used + char_width(c) > width {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(c);
                    used += char_width(c);
                }
            } else {
                line.push_str(&unit);
                used += unit_width;
            }
            i = end;
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// Punctuation that must not end a line.
fn is_opening(c: char) -> bool {
    "（《「『【〔“‘(".contains(c)
}

/// Punctuation that must not begin a line.
fn is_closing(c: char) -> bool {
    "，。、；：！？）》」』】〕”’,.;:!?)%％…".contains(c)
}

/// Characters of passage text shown in a snippet.
pub const SNIPPET_CHARS: usize = 160;

/// Writes one value as a line of JSON.
pub fn write_json_line<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // Serialised first, so that a closed pipe is reported as one (not as a serde error).
    let mut line = serde_json::to_vec(value).map_err(io::Error::other)?;
    line.push(b'\n');
    out.write_all(&line)
}

/// The path to show for a hit: its file on disk, relative to the working folder when inside it.
pub fn display_path(root: &str, path: &str) -> String {
    let root = Path::new(root);
    // A file given on its own is its own root, and its path is its file name.
    let file_root = root.file_name().is_some_and(|n| n == path) && !root.is_dir();
    let full: PathBuf = if file_root {
        root.to_path_buf()
    } else {
        root.join(path)
    };
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
        .and_then(|cwd| full.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or(full);
    shown.to_string_lossy().into_owned()
}

/// Writes one hit for people: rank, title and section path; `path:line`, paragraph, score and
/// document id; a highlighted snippet.
pub fn write_hit(
    out: &mut dyn Write,
    rank: usize,
    hit: &Hit,
    style: Style,
    note: &str,
) -> io::Result<()> {
    let location = terminal_safe(&format!(
        "{}:{}",
        display_path(&hit.root, &hit.path),
        hit.line
    ))
    .into_owned();
    let section = if hit.section.is_empty() {
        String::new()
    } else {
        terminal_safe(&format!(" · {}", hit.section.join(" › "))).into_owned()
    };
    let title = terminal_safe(&hit.title);
    let details = format!(
        "¶{}  score {:.2}  id {}{note}",
        hit.paragraph, hit.score, hit.doc_id
    );
    if style.color {
        writeln!(out, "{rank}. \x1b[1m{title}\x1b[0m{section}")?;
        writeln!(out, "   \x1b[35m{location}\x1b[0m  \x1b[2m{details}\x1b[0m")?;
    } else {
        writeln!(out, "{rank}. {title}{section}")?;
        writeln!(out, "   {location}  {details}")?;
    }
    writeln!(out, "   {}", snippet(&hit.text, &hit.highlights, style))
}

/// A window of at most [`SNIPPET_CHARS`] characters of `text` around its first highlight, with
/// the highlights marked (colour) and `…` where text was cut.
pub fn snippet(text: &str, highlights: &[(usize, usize)], style: Style) -> String {
    let char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let n = char_starts.len();
    let first = highlights.first().map_or(0, |h| h.0);
    let first_char = char_starts.partition_point(|&b| b < first);
    let (from, to) = if n <= SNIPPET_CHARS {
        (0, n)
    } else {
        let from = first_char
            .saturating_sub(SNIPPET_CHARS / 4)
            .min(n - SNIPPET_CHARS);
        (from, from + SNIPPET_CHARS)
    };
    let byte_at = |c: usize| char_starts.get(c).copied().unwrap_or(text.len());
    let (start, end) = (byte_at(from), byte_at(to));
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    let mut at = start;
    for &(s, e) in highlights {
        let (s, e) = (s.max(start), e.min(end));
        if s >= e || s < at {
            continue;
        }
        shown.push_str(&terminal_safe(&text[at..s]));
        if style.color {
            shown.push_str("\x1b[1;31m");
            shown.push_str(&terminal_safe(&text[s..e]));
            shown.push_str("\x1b[0m");
        } else {
            shown.push_str(&terminal_safe(&text[s..e]));
        }
        at = e;
    }
    shown.push_str(&terminal_safe(&text[at..end]));
    if to < n {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_counts_cjk_as_two_columns_and_keeps_punctuation_on_its_line() {
        let text = "经开区机关核定专项编制45人,设党工委书记1名。管委会主任1名";
        let lines = wrap_display(text, 20);
        assert!(lines.iter().all(|l| display_width(l) <= 20), "{lines:?}");
        assert_eq!(lines.concat(), text, "nothing lost or added");
        assert_eq!(lines[0], "经开区机关核定专项编");
        assert!(
            lines.iter().all(|l| !l.starts_with(['，', '。', ','])),
            "{lines:?}"
        );
        let ascii = wrap_display("see https://example.org now", 12);
        assert_eq!(ascii, ["see https://", "example.org", "now"]);
        assert_eq!(
            wrap_display("甲乙(一)丙", 6),
            ["甲乙", "(一)丙"],
            "no line ends with ("
        );
        assert_eq!(wrap_display("", 10), [""; 0]);
        assert_eq!(wrap_display("甲\n乙", 10), ["甲", "乙"]);
        assert_eq!(display_width("编制45人"), 8);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Wrapped lines never pass the width, and only spaces are lost at the breaks.
        #[test]
        fn wrapped_lines_fit_and_keep_the_text(
            text in "[编制人员，。、（）“”《》a-z0-9 .,:;/()]{0,120}",
            width in 2usize..40,
        ) {
            let lines = wrap_display(&text, width);
            for line in &lines {
                proptest::prop_assert!(display_width(line) <= width, "{:?}", line);
            }
            let kept: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let wanted: String = text.chars().filter(|c| *c != ' ').collect();
            proptest::prop_assert_eq!(kept, wanted);
        }
    }

    #[test]
    fn escape_sequences_from_a_document_never_reach_the_terminal() {
        let text = "测试\x1b[31m红色\x1b]0;title\x07文本\r。";
        let shown = snippet(text, &[(0, 6)], Style { color: true });
        assert!(!shown.contains("\x1b[31m") && !shown.contains('\x07') && !shown.contains('\r'));
        assert!(
            shown.starts_with("\x1b[1;31m测试\x1b[0m"),
            "our own colour stays"
        );
        assert_eq!(terminal_safe("第一行\n第二行\t完"), "第一行\n第二行\t完");
    }

    #[test]
    fn snippet_windows_long_text_around_the_first_match() {
        let text = format!("{}编制{}", "前".repeat(200), "后".repeat(200));
        let at = text.find("编制").unwrap();
        let plain = snippet(&text, &[(at, at + 6)], Style { color: false });
        assert!(plain.starts_with('…') && plain.ends_with('…'));
        assert!(plain.contains("编制"));
        assert_eq!(plain.chars().count(), SNIPPET_CHARS + 2);
        let coloured = snippet(&text, &[(at, at + 6)], Style { color: true });
        assert!(coloured.contains("\x1b[1;31m编制\x1b[0m"));
    }
}
