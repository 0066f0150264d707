//! A comparison for people and programs: side-by-side columns that fit a 100-column terminal
//! (Chinese text wrapped by display width), Markdown that pastes into a report, and JSON Lines
//! with one object per topic row.
//!
//! Documents are lettered A, B, C … in the order given. Up to [`MAX_COLUMNS`] documents stand in
//! columns; more are listed one under another.

use std::io::{self, Write};

use super::Style;
use super::{display_path, display_width, pad_display, snippet, wrap_display, write_json_line};
use crate::compare::{Comparison, FactAt, TopicRow};
use crate::search::Hit;

/// The width terminal output is laid out for.
pub const TERMINAL_WIDTH: usize = 100;
/// The most documents shown side by side.
pub const MAX_COLUMNS: usize = 3;
/// Between two columns.
const COLUMN_GAP: &str = " │ ";
/// Width of the subject column of the numeric facts.
const SUBJECT_WIDTH: usize = 22;

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

/// Writes the comparison for a terminal: the documents, then each topic's row.
pub fn write_table(out: &mut dyn Write, comparison: &Comparison) -> io::Result<()> {
    for (d, doc) in comparison.documents.iter().enumerate() {
        let line = format!(
            "{}  {}  ({}, id {}, {})",
            letter(d),
            doc.title,
            display_path(&doc.root, &doc.path),
            doc.doc_id,
            count(doc.passages, "passage")
        );
        write_wrapped(out, &line, "", "   ")?;
    }
    for row in &comparison.rows {
        writeln!(out)?;
        let title = format!("━━ {} {} ", row.label, row.topic);
        let rule = TERMINAL_WIDTH.saturating_sub(display_width(&title));
        writeln!(out, "{title}{}", "━".repeat(rule))?;
        write_wrapped(out, &summary(row), "", "  ")?;
        write_row_table(out, comparison, row)?;
    }
    let overlap = comparison.overlap();
    writeln!(out)?;
    let parts: Vec<String> = overlap
        .iter()
        .enumerate()
        .map(|(d, (on_topics, aligned))| {
            format!(
                "{} {aligned} of {}{}",
                letter(d),
                count(*on_topics, "passage"),
                percent(*aligned, *on_topics)
            )
        })
        .collect();
    write_wrapped(
        out,
        &format!(
            "overlap: {} face a passage of another document",
            parts.join(", ")
        ),
        "",
        "  ",
    )
}

/// One row's aligned passages, what only one document covers, and its numeric facts.
fn write_row_table(out: &mut dyn Write, comparison: &Comparison, row: &TopicRow) -> io::Result<()> {
    let n = comparison.documents.len();
    let side_by_side = n <= MAX_COLUMNS;
    let column = (TERMINAL_WIDTH - display_width(COLUMN_GAP) * (n.max(1) - 1)) / n.max(1);
    for group in &row.aligned {
        writeln!(out, "\n≈ {:.2}", group.similarity)?;
        if side_by_side {
            let cells: Vec<Vec<String>> = group
                .passages
                .iter()
                .enumerate()
                .map(|(d, hit)| match hit {
                    Some(hit) => cell(d, hit, column),
                    None => vec![format!("{} —", letter(d))],
                })
                .collect();
            write_columns(out, &cells, column)?;
        } else {
            for (d, hit) in group.passages.iter().enumerate() {
                if let Some(hit) = hit {
                    for line in cell(d, hit, TERMINAL_WIDTH - 2) {
                        writeln!(out, "  {line}")?;
                    }
                }
            }
        }
    }
    for (d, hits) in row.unique.iter().enumerate() {
        if hits.is_empty() {
            continue;
        }
        writeln!(out, "\nonly {}:", letter(d))?;
        for hit in hits {
            for line in cell(d, hit, TERMINAL_WIDTH - 2) {
                writeln!(out, "  {line}")?;
            }
        }
    }
    if !row.facts.is_empty() {
        writeln!(out, "\nnumeric facts:")?;
        let value_width = (TERMINAL_WIDTH - 2 - SUBJECT_WIDTH) / n.max(1);
        let mut header = format!("  {}", pad_display("subject", SUBJECT_WIDTH));
        for d in 0..n {
            header.push_str(&pad_display(&letter(d), value_width));
        }
        writeln!(out, "{}", header.trim_end())?;
        for fact in &row.facts {
            let mut cells = vec![wrap_display(&fact.subject, SUBJECT_WIDTH - 1)];
            for values in &fact.values {
                let text = amounts(values, |v| format!("{} L{}", v.amount, v.line));
                cells.push(wrap_display(&text, value_width - 1));
            }
            let mut widths = vec![SUBJECT_WIDTH];
            widths.extend(std::iter::repeat_n(value_width, n));
            for line in join_cells(&cells, &widths, "") {
                writeln!(out, "  {line}")?;
            }
        }
    }
    Ok(())
}

/// The summary line of a row: how much each document says, how much faces the other.
fn summary(row: &TopicRow) -> String {
    let mut parts: Vec<String> = row
        .documents
        .iter()
        .enumerate()
        .map(|(d, share)| {
            format!(
                "{} {} (score {:.1})",
                letter(d),
                count(share.passages, "passage"),
                share.score.max(0.0)
            )
        })
        .collect();
    parts.push(format!("{} aligned", row.aligned.len()));
    for (d, hits) in row.unique.iter().enumerate() {
        parts.push(format!("only {} {}", letter(d), hits.len()));
    }
    parts.join(" · ")
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

/// ` (42%)`, or nothing of nothing.
fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        String::new()
    } else {
        format!(" ({:.0}%)", 100.0 * part as f64 / whole as f64)
    }
}

/// A passage as a cell `width` columns wide: its citation (letter, line, paragraph, section
/// path), then its text (at most a snippet's length), wrapped.
fn cell(d: usize, hit: &Hit, width: usize) -> Vec<String> {
    let mut lines = wrap_display(&format!("{} {}", letter(d), place(hit)), width);
    lines.extend(wrap_display(
        &snippet(&hit.text, &[], Style { color: false }),
        width,
    ));
    lines
}

/// Where a passage is: `L20 ¶5 一、经开区体制机制现状`.
fn place(hit: &Hit) -> String {
    let mut place = format!("L{} ¶{}", hit.line, hit.paragraph);
    if !hit.section.is_empty() {
        place.push(' ');
        place.push_str(&hit.section.join(" › "));
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

/// Writes the comparison as Markdown: a list of the documents, then per topic a summary, a
/// table of aligned passages, what only one document covers, and a table of numeric facts.
pub fn write_markdown(out: &mut dyn Write, comparison: &Comparison) -> io::Result<()> {
    writeln!(out, "# Comparison\n")?;
    for (d, doc) in comparison.documents.iter().enumerate() {
        writeln!(
            out,
            "- **{}**: {} (`{}`, id {})",
            letter(d),
            escape(&doc.title),
            doc.path,
            doc.doc_id
        )?;
    }
    let n = comparison.documents.len();
    for row in &comparison.rows {
        writeln!(out, "\n## {} ({})\n", row.label, row.topic)?;
        writeln!(out, "{}.", summary(row))?;
        if !row.aligned.is_empty() {
            let letters: Vec<String> = (0..n).map(letter).collect();
            writeln!(out, "\n| {} | similarity |", letters.join(" | "))?;
            writeln!(out, "|{}---|", "---|".repeat(n))?;
            for group in &row.aligned {
                let cells: Vec<String> = group
                    .passages
                    .iter()
                    .map(|hit| hit.as_ref().map_or("—".to_owned(), markdown_cell))
                    .collect();
                writeln!(out, "| {} | {:.2} |", cells.join(" | "), group.similarity)?;
            }
        }
        for (d, hits) in row.unique.iter().enumerate() {
            if hits.is_empty() {
                continue;
            }
            writeln!(out, "\n**Only in {}**\n", letter(d))?;
            for hit in hits {
                writeln!(out, "- {} — *{}*", escape(&hit.text), escape(&place(hit)))?;
            }
        }
        if !row.facts.is_empty() {
            let letters: Vec<String> = (0..n).map(letter).collect();
            writeln!(out, "\n**Numeric facts**\n")?;
            writeln!(out, "| subject | {} |", letters.join(" | "))?;
            writeln!(out, "|---|{}", "---|".repeat(n))?;
            for fact in &row.facts {
                let values: Vec<String> = fact
                    .values
                    .iter()
                    .map(|values| amounts(values, |v| format!("{} (L{})", v.amount, v.line)))
                    .collect();
                writeln!(
                    out,
                    "| {} | {} |",
                    escape(&fact.subject),
                    values.join(" | ")
                )?;
            }
        }
    }
    Ok(())
}

/// A passage in a Markdown table cell: its text, then its place in italics.
fn markdown_cell(hit: &Hit) -> String {
    format!("{}<br>*{}*", escape(&hit.text), escape(&place(hit)))
}

/// Text made safe inside a Markdown table cell or list item: pipes escaped, lines joined.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
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
    }
}
