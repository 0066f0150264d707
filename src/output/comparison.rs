//! A comparison for people and programs: a summary of every topic and, for the topics that
//! matter, the detail, laid out to fit a 100-column terminal (Chinese text wrapped by display
//! width); Markdown that pastes into a report; and JSON Lines with one object per topic row.
//!
//! Documents are lettered A, B, C … in the order given. Up to [`MAX_COLUMNS`] documents stand in
//! columns; more are listed one under another. By default a detailed topic shows its
//! [`SHOWN_PAIRS`] most similar pairs and the [`SHOWN_ONLY`] most topical passages that only one
//! document has, each cut at a sentence end, and says how many it left out; a pair already shown
//! under an earlier topic is counted, not repeated. With `--all` every topic is detailed and
//! every passage shown whole.

use std::collections::HashSet;
use std::io::{self, Write};

use super::markdown_text as escape;
use super::{
    display_path, display_width, pad_display, terminal_safe, wrap_display, write_json_line,
};
use crate::compare::{
    AlignedGroup, Comparison, Coverage, FactAt, FactLine, Share, TopicRow, ALIGN_MIN_SIMILARITY,
    COVERS_PASSAGES, COVERS_SHARE,
};
use crate::search::Hit;
use crate::text::{sentence_ranges, whole_sentences_end};

/// The width terminal output is laid out for.
pub const TERMINAL_WIDTH: usize = 100;
/// The most documents shown side by side.
pub const MAX_COLUMNS: usize = 3;
/// How many aligned pairs a detailed topic shows by default.
pub const SHOWN_PAIRS: usize = 3;
/// How many passages only one document has a detailed topic shows by default, per document.
pub const SHOWN_ONLY: usize = 3;
/// How many numeric facts a detailed topic shows by default, of those several documents state
/// and of those one states.
pub const SHOWN_FACTS: usize = 3;
/// A passage cut for the default view keeps whole sentences up to this many characters (and
/// always its first sentence).
const EXCERPT_CHARS: usize = 48;
/// Between two columns.
const COLUMN_GAP: &str = " │ ";
/// Width of the subject column of the numeric facts.
const SUBJECT_WIDTH: usize = 22;
/// The lines a default comparison fits in: a detailed topic that would pass them (after the
/// first) is folded into the list of topics not detailed.
pub const SCREEN_LINES: usize = 80;
/// Lines kept for the list of topics not detailed at the end.
const FOOTER_LINES: usize = 4;
/// Width of the topic column of the summary.
const TOPIC_WIDTH: usize = 36;

/// What to show: the default cut, or everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// Every topic in detail, every passage whole.
    pub all: bool,
}

/// The letter of the `d`th document (A, B, … Z, then D27 …).
pub fn letter(d: usize) -> String {
    match u8::try_from(d) {
        Ok(d) if d < 26 => char::from(b'A' + d).to_string(),
        _ => format!("D{}", d + 1),
    }
}

/// Writes the comparison's rows as JSON Lines, one object per topic row.
pub fn write_json(out: &mut dyn Write, comparison: &Comparison) -> io::Result<()> {
    for row in &comparison.rows {
        write_json_line(out, row)?;
    }
    Ok(())
}

/// Whether a row is in the summary table: asked for or detailed, or with two or more passages
/// in some document; the others are named on one line.
fn summarised(row: &TopicRow) -> bool {
    row.detailed || row.documents.iter().any(|s| s.passages >= 2)
}

/// Whether a row's detail is shown in this view.
fn detailed(row: &TopicRow, view: View) -> bool {
    view.all || row.detailed
}

/// A document's share of a topic: `3 · 19% · covers`.
fn share_cell(share: &Share) -> String {
    let coverage = match share.coverage {
        Coverage::Covers => "covers",
        Coverage::Mentions => "mentions",
        Coverage::None => "—",
    };
    format!(
        "{} · {:.0}% · {coverage}",
        share.passages,
        100.0 * share.share
    )
}

/// The rule the summary's words follow, said once under it.
fn coverage_rule() -> String {
    format!(
        "covers: {COVERS_PASSAGES}+ passages or {:.0}%+ of the document; pairs: similarity \
         {ALIGN_MIN_SIMILARITY:.2}+ (see --help)",
        100.0 * COVERS_SHARE
    )
}

/// The passages of a group, by document, as a key that names the group across rows.
fn group_key(group: &AlignedGroup) -> Vec<Option<u64>> {
    group
        .passages
        .iter()
        .map(|h| h.as_ref().map(|h| h.passage))
        .collect()
}

/// The groups of a row the view shows, and how many it leaves out: `(shown, not shown, shown
/// under an earlier topic)`. Records the shown ones in `seen`.
fn groups_to_show<'a>(
    row: &'a TopicRow,
    view: View,
    seen: &mut HashSet<Vec<Option<u64>>>,
) -> (Vec<&'a AlignedGroup>, usize, usize) {
    if view.all {
        return (row.aligned.iter().collect(), 0, 0);
    }
    let fresh: Vec<&AlignedGroup> = row
        .aligned
        .iter()
        .filter(|g| !seen.contains(&group_key(g)))
        .collect();
    let repeated = row.aligned.len() - fresh.len();
    let hidden = fresh.len().saturating_sub(SHOWN_PAIRS);
    let shown: Vec<&AlignedGroup> = fresh.into_iter().take(SHOWN_PAIRS).collect();
    for group in &shown {
        seen.insert(group_key(group));
    }
    (shown, hidden, repeated)
}

/// What the heading of a row's aligned groups says: how many, how many shown, how many above.
fn aligned_heading(row: &TopicRow, n: usize, hidden: usize, repeated: usize) -> String {
    let what = if n == 2 { "pair" } else { "group" };
    let mut heading = format!("{} aligned", count(row.aligned.len(), what));
    if hidden > 0 {
        heading.push_str(&format!(", {hidden} less similar not shown"));
    }
    if repeated > 0 {
        heading.push_str(&format!(", {repeated} shown above"));
    }
    heading
}

/// The passages only document `d` has that the view shows, and how many it leaves out: `(shown,
/// not shown, shown under an earlier topic)`. Records the shown ones in `seen`.
fn only_to_show<'a>(
    d: usize,
    hits: &'a [Hit],
    view: View,
    seen: &mut HashSet<(usize, u64)>,
) -> (Vec<&'a Hit>, usize, usize) {
    if view.all {
        return (hits.iter().collect(), 0, 0);
    }
    let fresh: Vec<&Hit> = hits
        .iter()
        .filter(|h| !seen.contains(&(d, h.passage)))
        .collect();
    let repeated = hits.len() - fresh.len();
    let hidden = fresh.len().saturating_sub(SHOWN_ONLY);
    let shown: Vec<&Hit> = fresh.into_iter().take(SHOWN_ONLY).collect();
    for hit in &shown {
        seen.insert((d, hit.passage));
    }
    (shown, hidden, repeated)
}

/// The heading of what only document `d` has: how many, how many shown, how many above.
fn only_heading(d: usize, total: usize, hidden: usize, repeated: usize) -> String {
    let mut heading = format!("only {}: {}", letter(d), count(total, "passage"));
    if hidden > 0 {
        heading.push_str(&format!(", {hidden} less topical not shown"));
    }
    if repeated > 0 {
        heading.push_str(&format!(", {repeated} shown above"));
    }
    heading
}

/// What has been shown under earlier topics: aligned groups and passages only one document has.
#[derive(Default, Clone)]
struct Shown {
    groups: HashSet<Vec<Option<u64>>>,
    only: HashSet<(usize, u64)>,
}

/// Writes the comparison for a terminal: the documents, the summary of every topic, then each
/// detailed topic (every topic with `view.all`), and the topics not detailed with their
/// `--topic` hint.
pub fn write_table(out: &mut dyn Write, comparison: &Comparison, view: View) -> io::Result<()> {
    let n = comparison.documents.len();
    let mut head: Vec<u8> = Vec::new();
    for (d, doc) in comparison.documents.iter().enumerate() {
        let line = format!(
            "{}  {} · {} · id {} · {}",
            letter(d),
            doc.title,
            display_path(&doc.root, &doc.path),
            doc.doc_id,
            count(doc.content_passages, "passage")
        );
        write_wrapped(&mut head, &terminal_safe(&line), "", "   ")?;
    }
    writeln!(head)?;
    let column = (TERMINAL_WIDTH - TOPIC_WIDTH) / n.max(1);
    let mut header = pad_display("topic: passages · share · coverage ", TOPIC_WIDTH);
    for d in 0..n {
        header.push_str(&pad_display(&letter(d), column));
    }
    writeln!(head, "{}", header.trim_end())?;
    let mut once = Vec::new();
    for row in &comparison.rows {
        if !summarised(row) && !view.all {
            once.push(format!("{} {}", row.label, row.topic));
            continue;
        }
        let mut line = pad_display(&format!("{} {}", row.label, row.topic), TOPIC_WIDTH);
        for share in &row.documents {
            line.push_str(&pad_display(&share_cell(share), column));
        }
        writeln!(head, "{}", line.trim_end())?;
    }
    if !once.is_empty() {
        let text = format!("one passage at most: {}", once.join(", "));
        write_wrapped(&mut head, &text, "", "  ")?;
    }
    write_wrapped(&mut head, &coverage_rule(), "", "")?;
    out.write_all(&head)?;
    // Topics were named (every row detailed) or everything asked for: no screen budget.
    let budget = !view.all && !comparison.rows.iter().all(|r| r.detailed);
    let mut used = line_count(&head) + FOOTER_LINES;
    let mut seen = Shown::default();
    let mut others = Vec::new();
    let mut any_detail = false;
    for row in &comparison.rows {
        if !detailed(row, view) {
            if summarised(row) {
                others.push(row.topic.clone());
            }
            continue;
        }
        let mut trial = seen.clone();
        let mut detail: Vec<u8> = Vec::new();
        writeln!(detail)?;
        let title = format!("━━ {} {} ", row.label, row.topic);
        let rule = TERMINAL_WIDTH.saturating_sub(display_width(&title));
        writeln!(detail, "{title}{}", "━".repeat(rule))?;
        write_row_detail(&mut detail, comparison, row, view, &mut trial)?;
        let lines = line_count(&detail);
        if budget && any_detail && used + lines > SCREEN_LINES {
            others.push(row.topic.clone());
            continue;
        }
        any_detail = true;
        used += lines;
        seen = trial;
        out.write_all(&detail)?;
    }
    if !others.is_empty() {
        writeln!(out)?;
        let text = format!(
            "Not detailed (--topic TOPIC, or --all): {}",
            others.join(", ")
        );
        write_wrapped(out, &text, "", "  ")?;
    }
    Ok(())
}

/// How many lines a buffer of output holds.
fn line_count(buffer: &[u8]) -> usize {
    buffer.iter().filter(|&&b| b == b'\n').count()
}

/// One row's aligned passages, what only one document covers, and its numeric facts.
fn write_row_detail(
    out: &mut dyn Write,
    comparison: &Comparison,
    row: &TopicRow,
    view: View,
    seen: &mut Shown,
) -> io::Result<()> {
    let n = comparison.documents.len();
    let side_by_side = n <= MAX_COLUMNS;
    let column = (TERMINAL_WIDTH - display_width(COLUMN_GAP) * (n.max(1) - 1)) / n.max(1);
    let (groups, hidden, repeated) = groups_to_show(row, view, &mut seen.groups);
    writeln!(out, "{}", aligned_heading(row, n, hidden, repeated))?;
    for group in groups {
        let mut line = format!("≈ {:.2}", group.similarity);
        if !group.shared_terms.is_empty() {
            line.push_str(&format!(" · {}", group.shared_terms.join(" ")));
        }
        writeln!(out, "{}", terminal_safe(&line))?;
        let cells = group
            .passages
            .iter()
            .zip(&group.focus)
            .enumerate()
            .filter_map(|(d, (hit, focus))| {
                let width = if side_by_side {
                    column
                } else {
                    TERMINAL_WIDTH - 2
                };
                match hit {
                    Some(hit) => Some(cell(d, hit, *focus, width, view)),
                    None if side_by_side => Some(vec![format!("{} —", letter(d))]),
                    None => None,
                }
            })
            .collect::<Vec<_>>();
        if side_by_side {
            write_columns(out, &cells, column)?;
        } else {
            for line in cells.iter().flatten() {
                writeln!(out, "  {line}")?;
            }
        }
    }
    for (d, hits) in row.unique.iter().enumerate() {
        if hits.is_empty() {
            continue;
        }
        let (shown, hidden, repeated) = only_to_show(d, hits, view, &mut seen.only);
        writeln!(out, "{}", only_heading(d, hits.len(), hidden, repeated))?;
        for hit in shown {
            let text = format!("{} {}", place(hit, true), excerpt(&hit.text, None, view));
            write_wrapped(out, &terminal_safe(&text), "  ", "    ")?;
        }
    }
    write_facts(out, n, row, view)
}

/// How many documents state a fact.
fn stated_by(fact: &FactLine) -> usize {
    fact.values.iter().filter(|v| !v.is_empty()).count()
}

/// The numeric facts of a row: subjects stated by several documents side by side, then the
/// others under the one document that states them.
fn write_facts(out: &mut dyn Write, n: usize, row: &TopicRow, view: View) -> io::Result<()> {
    let limit = if view.all { usize::MAX } else { SHOWN_FACTS };
    let shared: Vec<&FactLine> = row.facts.iter().filter(|f| stated_by(f) > 1).collect();
    if !shared.is_empty() {
        let mut heading = format!("numeric facts both state: {}", shared.len());
        if shared.len() > limit {
            heading.push_str(&format!(", {} not shown", shared.len() - limit));
        }
        writeln!(out, "{heading}")?;
        let value_width = (TERMINAL_WIDTH - 2 - SUBJECT_WIDTH) / n.max(1);
        for fact in shared.iter().take(limit) {
            let mut cells = vec![wrap_display(
                &terminal_safe(&fact.subject),
                SUBJECT_WIDTH - 1,
            )];
            for (d, values) in fact.values.iter().enumerate() {
                let text = format!(
                    "{} {}",
                    letter(d),
                    amounts(values, |v| format!("{} L{}", v.amount, v.line))
                );
                cells.push(wrap_display(&terminal_safe(&text), value_width - 1));
            }
            let mut widths = vec![SUBJECT_WIDTH];
            widths.extend(std::iter::repeat_n(value_width, n));
            for line in join_cells(&cells, &widths, "") {
                writeln!(out, "  {line}")?;
            }
        }
    }
    for d in 0..n {
        let alone: Vec<String> = row
            .facts
            .iter()
            .filter(|f| stated_by(f) == 1 && !f.values[d].is_empty())
            .map(|f| {
                format!(
                    "{} {}",
                    f.subject,
                    amounts(&f.values[d], |v| v.amount.clone())
                )
            })
            .collect();
        if alone.is_empty() {
            continue;
        }
        let shown = alone.len().min(limit);
        let mut text = format!("only {} states: {}", letter(d), alone[..shown].join("; "));
        if alone.len() > shown {
            text.push_str(&format!("; {} more not shown", alone.len() - shown));
        }
        write_wrapped(out, &terminal_safe(&text), "", "  ")?;
    }
    Ok(())
}

/// A passage's text for the view: with `view.all` whole; else the sentence that matched
/// (`focus`), or its first sentences up to [`EXCERPT_CHARS`] characters and never less than
/// its first sentence, with `…` where text was left out.
pub fn excerpt(text: &str, focus: Option<(usize, usize)>, view: View) -> String {
    if view.all {
        return text.to_owned();
    }
    let valid = |(from, to): (usize, usize)| {
        from < to && to <= text.len() && text.is_char_boundary(from) && text.is_char_boundary(to)
    };
    let (from, to) = match focus {
        Some(range) if valid(range) => range,
        _ => {
            let Some(first) = sentence_ranges(text).into_iter().next() else {
                return text.to_owned();
            };
            (first.start, whole_sentences_end(text, EXCERPT_CHARS, 0))
        }
    };
    let mut shown = String::new();
    if !text[..from].trim().is_empty() {
        shown.push('…');
    }
    shown.push_str(&text[from..to]);
    if !text[to..].trim().is_empty() {
        shown.push('…');
    }
    shown
}

/// One document's amounts for a subject, each as `show` writes it, or `—` for none.
fn amounts(values: &[FactAt], show: impl Fn(&FactAt) -> String) -> String {
    if values.is_empty() {
        return "—".to_owned();
    }
    values.iter().map(show).collect::<Vec<_>>().join("、")
}

/// `1 passage`, `3 passages`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A passage as a cell `width` columns wide: its place (letter, line, paragraph, section),
/// then its text as the view cuts it, wrapped.
fn cell(
    d: usize,
    hit: &Hit,
    focus: Option<(usize, usize)>,
    width: usize,
    view: View,
) -> Vec<String> {
    let text = excerpt(&hit.text, focus, view);
    let from_start = !text.starts_with('…');
    let mut lines = wrap_display(
        &terminal_safe(&format!("{} {}", letter(d), place(hit, from_start))),
        width,
    );
    lines.extend(wrap_display(&terminal_safe(&text), width));
    lines
}

/// Where a passage is: `L20 ¶5 一、经开区体制机制现状`, the innermost section only (left out
/// when the text shown begins with it, as an article does), its label cut to 16 characters.
fn place(hit: &Hit, shown_from_start: bool) -> String {
    let mut place = format!("L{} ¶{}", hit.line, hit.paragraph);
    if let Some(section) = hit
        .section
        .last()
        .filter(|s| !(shown_from_start && hit.text.trim_start().starts_with(s.trim())))
    {
        place.push(' ');
        if section.chars().count() > 16 {
            place.extend(section.chars().take(16));
            place.push('…');
        } else {
            place.push_str(section);
        }
    }
    place
}

/// Writes cells side by side, each `width` columns, separated by [`COLUMN_GAP`].
fn write_columns(out: &mut dyn Write, cells: &[Vec<String>], width: usize) -> io::Result<()> {
    let widths = vec![width; cells.len()];
    for line in join_cells(cells, &widths, COLUMN_GAP) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Lines of cells laid side by side, each padded to its width, trailing spaces trimmed.
fn join_cells(cells: &[Vec<String>], widths: &[usize], gap: &str) -> Vec<String> {
    let height = cells.iter().map(Vec::len).max().unwrap_or(0);
    (0..height)
        .map(|i| {
            let parts: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(lines, &w)| pad_display(lines.get(i).map_or("", String::as_str), w))
                .collect();
            parts.join(gap).trim_end().to_owned()
        })
        .collect()
}

/// Writes `text` wrapped at [`TERMINAL_WIDTH`], the first line after `first`, the others after
/// `rest`.
fn write_wrapped(out: &mut dyn Write, text: &str, first: &str, rest: &str) -> io::Result<()> {
    let width = TERMINAL_WIDTH - display_width(first).max(display_width(rest));
    for (i, line) in wrap_display(text, width).iter().enumerate() {
        writeln!(out, "{}{line}", if i == 0 { first } else { rest })?;
    }
    Ok(())
}

/// Writes the comparison as Markdown: the documents, a summary table of every topic, then per
/// detailed topic (every topic with `view.all`) a table of aligned passages, what only one
/// document covers, and a table of numeric facts, cut as the terminal view is.
pub fn write_markdown(out: &mut dyn Write, comparison: &Comparison, view: View) -> io::Result<()> {
    let n = comparison.documents.len();
    let letters: Vec<String> = (0..n).map(letter).collect();
    writeln!(out, "# Comparison\n")?;
    for (d, doc) in comparison.documents.iter().enumerate() {
        writeln!(
            out,
            "- **{}**: {} (`{}`, id {}, {})",
            letter(d),
            escape(&doc.title),
            escape(&doc.path),
            doc.doc_id,
            count(doc.content_passages, "passage")
        )?;
    }
    writeln!(out, "\n| topic | {} |", letters.join(" | "))?;
    writeln!(out, "|---|{}", "---|".repeat(n))?;
    for row in &comparison.rows {
        let cells: Vec<String> = row.documents.iter().map(share_cell).collect();
        writeln!(
            out,
            "| {} ({}) | {} |",
            row.label,
            row.topic,
            cells.join(" | ")
        )?;
    }
    writeln!(out, "\n{}", coverage_rule())?;
    let mut seen = Shown::default();
    for row in comparison.rows.iter().filter(|r| detailed(r, view)) {
        writeln!(out, "\n## {} ({})\n", row.label, row.topic)?;
        let (groups, hidden, repeated) = groups_to_show(row, view, &mut seen.groups);
        writeln!(out, "{}.", aligned_heading(row, n, hidden, repeated))?;
        if !groups.is_empty() {
            writeln!(out, "\n| {} | similarity |", letters.join(" | "))?;
            writeln!(out, "|{}---|", "---|".repeat(n))?;
            for group in groups {
                let cells: Vec<String> = group
                    .passages
                    .iter()
                    .zip(&group.focus)
                    .map(|(hit, focus)| {
                        hit.as_ref()
                            .map_or("—".to_owned(), |h| markdown_cell(h, *focus, view))
                    })
                    .collect();
                writeln!(out, "| {} | {:.2} |", cells.join(" | "), group.similarity)?;
            }
        }
        for (d, hits) in row.unique.iter().enumerate() {
            if hits.is_empty() {
                continue;
            }
            let (shown, hidden, repeated) = only_to_show(d, hits, view, &mut seen.only);
            writeln!(
                out,
                "\n**{}**\n",
                only_heading(d, hits.len(), hidden, repeated)
            )?;
            for hit in shown {
                writeln!(
                    out,
                    "- {} — *{}*",
                    escape(&excerpt(&hit.text, None, view)),
                    escape(&place(hit, true))
                )?;
            }
        }
        if !row.facts.is_empty() {
            writeln!(out, "\n**Numeric facts**\n")?;
            writeln!(out, "| subject | {} |", letters.join(" | "))?;
            writeln!(out, "|---|{}", "---|".repeat(n))?;
            let limit = if view.all {
                usize::MAX
            } else {
                2 * SHOWN_FACTS
            };
            let mut facts: Vec<&FactLine> = row.facts.iter().collect();
            facts.sort_by_key(|f| std::cmp::Reverse(stated_by(f)));
            for fact in facts.iter().take(limit) {
                let values: Vec<String> = fact
                    .values
                    .iter()
                    .map(|values| amounts(values, |v| format!("{} (L{})", v.amount, v.line)))
                    .collect();
                writeln!(
                    out,
                    "| {} | {} |",
                    escape(&fact.subject),
                    escape(&values.join(" | ")).replace("\\|", "|")
                )?;
            }
            if facts.len() > limit {
                writeln!(out, "\n{} more not shown.", facts.len() - limit)?;
            }
        }
    }
    Ok(())
}

/// A passage in a Markdown table cell: its text as the view cuts it, then its place in italics.
fn markdown_cell(hit: &Hit, focus: Option<(usize, usize)>, view: View) -> String {
    let text = excerpt(&hit.text, focus, view);
    let from_start = !text.starts_with('…');
    format!("{}<br>*{}*", escape(&text), escape(&place(hit, from_start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_side_by_side_keep_their_columns() {
        let cells = vec![
            wrap_display("经开区机关核定专项编制45人", 12),
            vec!["B —".to_owned()],
        ];
        let lines = join_cells(&cells, &[12, 12], COLUMN_GAP);
        assert_eq!(lines.len(), cells[0].len());
        for line in &lines[1..] {
            let first = line.split(COLUMN_GAP.trim_end()).next().unwrap();
            assert!(display_width(first) <= 13, "{line}");
        }
        assert_eq!(
            display_width(lines[0].split(COLUMN_GAP).next().unwrap()),
            12
        );
        assert!(lines[0].ends_with("│ B —"));
    }

    #[test]
    fn letters_and_markdown_escapes() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "D27");
        assert_eq!(escape("a|b\nc"), "a\\|b c");
        assert_eq!(
            escape("<script>x</script>*强调*"),
            "&lt;script&gt;x&lt;/script&gt;\\*强调\\*"
        );
    }

    #[test]
    fn excerpts_end_at_a_sentence_and_keep_the_first_one_whole() {
        let cut = View { all: false };
        let long_first = format!("{}。后一句。", "长".repeat(80));
        assert_eq!(
            excerpt(&long_first, None, cut),
            format!("{}。…", "长".repeat(80)),
            "the first sentence whole, however long"
        );
        let short = "一是优化机构。二是配强人员。三是优化审批,提升服务。";
        assert_eq!(
            excerpt(short, None, cut),
            short,
            "short enough to show whole"
        );
        let text = "甲句。乙句说的是这件事。丙句。";
        let focus = text.find("乙").unwrap();
        let end = text.find("丙").unwrap();
        assert_eq!(
            excerpt(text, Some((focus, end)), cut),
            "…乙句说的是这件事。…"
        );
        assert_eq!(
            excerpt(text, Some((0, 9999)), cut),
            "甲句。乙句说的是这件事。丙句。"
        );
        assert_eq!(excerpt(text, None, View { all: true }), text);
    }
}
