//! The `ask --each` table: aligned columns for a terminal, Markdown, CSV (UTF-8 with a
//! byte-order mark, RFC 4180 quoting) and an Excel workbook, all from one list of columns.

use std::io::{self, Write};
use std::path::Path;

use super::{display_width, pad_display};
use crate::qa::each::EachRow;
use crate::qa::figures::FigureKind;

/// What a row says when its document states no answer.
pub const NOT_STATED: &str = "not stated";

/// The cell of a column for a row.
type Cell = fn(&EachRow) -> String;

/// The columns of the full table (Markdown, CSV, xlsx): name, and the cell of a row.
const COLUMNS: &[(&str, Cell)] = &[
    ("document", |r| r.title.clone()),
    ("region", |r| r.region.clone().unwrap_or_default()),
    ("level", |r| r.level.name().to_owned()),
    ("date", |r| r.date.clone().unwrap_or_default()),
    ("answer", answer),
    ("value", |r| {
        r.value.map(|v| v.to_string()).unwrap_or_default()
    }),
    ("qualifier", |r| r.qualifier.clone().unwrap_or_default()),
    ("measure", |r| r.measure.clone().unwrap_or_default()),
    ("year", |r| {
        r.year.map(|y| y.to_string()).unwrap_or_default()
    }),
    ("kind", kind),
    ("evidence", |r| r.quote.clone().unwrap_or_default()),
    ("citation", |r| r.citation.clone().unwrap_or_default()),
    ("confidence", |r| format!("{:.2}", r.answer.confidence)),
    ("nearest", nearest),
    ("also_stated", |r| r.also_stated.join("\n")),
    ("also_at", |r| r.also_at.join("\n")),
];

/// The answer as stated, or [`NOT_STATED`].
fn answer(row: &EachRow) -> String {
    match (&row.answer.answer, row.answer.found) {
        (Some(a), true) => a.clone(),
        _ => NOT_STATED.to_owned(),
    }
}

/// Target or outcome, in words.
fn kind(row: &EachRow) -> String {
    match row.kind {
        Some(FigureKind::Target) => "target".to_owned(),
        Some(FigureKind::Outcome) => "outcome".to_owned(),
        None => String::new(),
    }
}

/// The nearest figure that is not the answer, with its year.
fn nearest(row: &EachRow) -> String {
    row.answer
        .nearest
        .as_ref()
        .map(|n| match n.year {
            Some(y) => format!("{} ({y}年)", n.text),
            None => n.text.clone(),
        })
        .unwrap_or_default()
}

/// A cell's text without control characters (documents are untrusted: no terminal escapes),
/// line breaks kept only where `keep_lines`.
fn clean(text: &str, keep_lines: bool) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' if keep_lines => Some('\n'),
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The header and every row's cells of the full table.
pub fn cells(rows: &[EachRow]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = COLUMNS.iter().map(|(name, _)| *name).collect();
    let body = rows
        .iter()
        .map(|row| COLUMNS.iter().map(|(_, cell)| cell(row)).collect())
        .collect();
    (header, body)
}

/// Most terminal columns of the document column.
const DOCUMENT_WIDTH: usize = 28;
/// Most terminal columns of the measure column.
const MEASURE_WIDTH: usize = 16;

/// `text` cut to `width` terminal columns, with `…` where cut.
fn fit(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = super::char_width(c);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Writes the table for a terminal: document (region and date, else title), answer, year,
/// measure, citation and confidence, one line per document; copies and second statements on a
/// line of their own under it.
pub fn write_table(out: &mut dyn Write, rows: &[EachRow]) -> io::Result<()> {
    let header = ["document", "answer", "year", "measure", "citation", "conf."];
    let lines: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let document = match (&r.region, &r.date) {
                (Some(region), Some(date)) => format!("{region} {date}"),
                (None, Some(date)) => format!("{} {date}", short_title(&r.title)),
                _ => r.title.clone(),
            };
            // A row with no answer shows none of the figure's columns: its nearest figure is
            // listed under it.
            let shown = |text: Option<String>| text.filter(|_| r.answer.found).unwrap_or_default();
            [
                fit(&clean(&document, false), DOCUMENT_WIDTH),
                clean(&answer(r), false),
                shown(r.year.map(|y| y.to_string())),
                fit(&clean(&shown(r.measure.clone()), false), MEASURE_WIDTH),
                clean(&shown(r.citation.clone()), false),
                format!("{:.2}", r.answer.confidence),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(display_width(cell));
        }
    }
    let write_line = |out: &mut dyn Write, cells: &[String]| -> io::Result<()> {
        let last = cells.len() - 1;
        let text: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == last {
                    c.clone()
                } else {
                    pad_display(c, widths[i])
                }
            })
            .collect();
        writeln!(out, "{}", text.join("  ").trim_end())
    };
    write_line(out, &header.map(str::to_owned))?;
    for (row, line) in rows.iter().zip(&lines) {
        write_line(out, line)?;
        let indent = " ".repeat(widths[0] + 2);
        if !row.answer.found {
            if let Some(n) = row.answer.nearest.as_ref() {
                let year = n.year.map(|y| format!(" ({y}年)")).unwrap_or_default();
                writeln!(
                    out,
                    "{indent}nearest (not the answer): {}{year}",
                    clean(&n.text, false)
                )?;
            }
        }
        if !row.also_stated.is_empty() {
            writeln!(
                out,
                "{indent}also stated: {}",
                clean(&row.also_stated.join("、"), false)
            )?;
        }
        for place in &row.also_at {
            writeln!(out, "{indent}also at {}", clean(place, false))?;
        }
    }
    Ok(())
}

/// A title shortened for the document column: without `中华人民共和国` and bracketed additions.
fn short_title(title: &str) -> String {
    let stem = title.split(['（', '(']).next().unwrap_or(title);
    stem.strip_prefix("中华人民共和国")
        .unwrap_or(stem)
        .to_owned()
}

/// A cell's text for a Markdown table: each line escaped by [`super::markdown_text`] (a
/// document's text is never markup in the rendered table), line breaks as `<br>`.
pub fn markdown_cell(text: &str) -> String {
    clean(text, true)
        .split('\n')
        .map(super::markdown_text)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Writes the full table as Markdown (see [`markdown_cell`]).
pub fn write_markdown(out: &mut dyn Write, rows: &[EachRow]) -> io::Result<()> {
    let (header, body) = cells(rows);
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(header.len()))?;
    for cells in body {
        let cells: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A CSV field by the rules of RFC 4180: quoted, its quotes doubled, when it holds a comma, a
/// quote or a line break.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Writes the full table as CSV: a UTF-8 byte-order mark first (so that Excel reads the Chinese
/// text as UTF-8), records ended by CRLF, fields quoted by RFC 4180.
pub fn write_csv(out: &mut dyn Write, rows: &[EachRow]) -> io::Result<()> {
    let (header, body) = cells(rows);
    out.write_all("\u{feff}".as_bytes())?;
    let record = |cells: Vec<String>| -> String {
        let fields: Vec<String> = cells.iter().map(|c| csv_field(&clean(c, true))).collect();
        format!("{}\r\n", fields.join(","))
    };
    out.write_all(record(header.iter().map(|h| h.to_string()).collect()).as_bytes())?;
    for cells in body {
        out.write_all(record(cells).as_bytes())?;
    }
    Ok(())
}

/// Writes the full table as an Excel workbook at `path`: a bold, frozen header row, the value
/// column as numbers, the rest as text.
pub fn write_xlsx(path: &Path, rows: &[EachRow]) -> crate::error::Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| {
        crate::error::Error::Argument(format!("cannot write {}: {e}", path.display()))
    };
    let (header, body) = cells(rows);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("answers").map_err(failed)?;
    let bold = Format::new().set_bold();
    for (c, name) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *name, &bold)
            .map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    let value_column = header.iter().position(|h| *h == "value");
    for (r, (row, cells)) in rows.iter().zip(body).enumerate() {
        let at = (r + 1) as u32;
        for (c, cell) in cells.iter().enumerate() {
            match (Some(c) == value_column, row.value) {
                (true, Some(v)) => sheet.write_number(at, c as u16, v),
                _ => sheet.write_string(at, c as u16, clean(cell, true)),
            }
            .map_err(failed)?;
        }
    }
    workbook.save(path).map_err(failed)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_by_rfc_4180() {
        assert_eq!(csv_field("5%左右"), "5%左右");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("说\"好\"\n的"), "\"说\"\"好\"\"\n的\"");
    }

    #[test]
    fn markdown_cells_hold_no_markup_of_the_document() {
        assert_eq!(markdown_cell("a|b<script>\nc"), "a\\|b&lt;script&gt;<br>c");
    }

    #[test]
    fn control_characters_never_reach_a_cell() {
        assert_eq!(clean("a\u{1b}[31mb\nc", false), "a[31mb c");
        assert_eq!(clean("a\nb", true), "a\nb");
    }

    #[test]
    fn long_cells_are_cut_to_their_width() {
        assert_eq!(fit("浙江省人民政府", 8), "浙江省…");
        assert_eq!(fit("浙江", 8), "浙江");
    }
}
