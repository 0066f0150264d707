//! Tables (.csv, .tsv, and workbooks: .xlsx, .xls, WPS .et) → text: each row a line, its cells labelled with their column's header
//! (`指标: 地区生产总值 | 2025年: 5.6万亿元`), or, for a data export whose rows are documents,
//! one document per row.
//!
//! The encoding is detected as for a text file ([`super::decode`]: UTF-8, UTF-16 or GBK), the
//! delimiter from the first line (a comma, or a tab where the line has more tabs). A row keeps
//! its line: row N of the table is line N of the text, and rows that are empty or purely
//! numeric filler are left as empty lines, so a citation's line is the row's number. A table
//! over [`MAX_ROWS`] rows is cut there, with a notice.
//!
//! A **data export** — a header row and a column of long texts (line breaks, or hundreds of
//! characters) beside columns such as title, date, URL and province — is read as one document
//! per row: the text column is its body (its lines are passages, its headings a section tree,
//! site furniture masked as for a scraped page) and the other columns its stated metadata, read
//! like a Markdown file's front matter (`title`, `date`, `publish_date`, `province`,
//! `source_url` …; Chinese headers such as 标题, 日期, 发布日期, 地区, 链接 are taken as those).
//! Its documents are plain text ([`Format::Text`]).
//!
//! A **workbook** is read with `calamine` (after every member of an .xlsx has been inflated
//! once within the archive limits, so a zip bomb is refused before calamine sees it): each
//! non-empty sheet is a heading line with the sheet's name (a section) followed by its rows,
//! row N of the sheet on the N-th line after the heading; a citation names the sheet and row
//! (`Sheet1 第12行`, see [`sheet_row`]).

use std::io::Cursor;

use calamine::Reader;

use super::extract::{tidy_line, ExtractError, Extracted, Limits, Part};
use super::markdown::LineRole;
use crate::document::{Document, Encoding, Format};

/// The most rows read from one table; the rest is cut with a notice.
pub const MAX_ROWS: usize = 100_000;

/// A value this long (in characters), or with a line break, makes its column a text column.
const LONG_TEXT_CHARS: usize = 200;

/// Reads a table: a workbook (a zip or compound file) or delimited text.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Vec<Part>, ExtractError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return workbook(bytes, limits);
    }
    delimited(bytes)
}

/// Reads a workbook's sheets into one document.
fn workbook(bytes: &[u8], limits: &Limits) -> Result<Vec<Part>, ExtractError> {
    if bytes.starts_with(b"PK") {
        let mut zip = super::archive::BoundedZip::open(bytes, limits)?;
        for index in 0..zip.len() {
            zip.read(index)?;
        }
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let text = e.to_string();
        if text.to_lowercase().contains("password") || text.contains("ncrypt") {
            ExtractError::Encrypted
        } else {
            ExtractError::Malformed(format!("not a readable workbook ({text})"))
        }
    })?;
    let mut lines: Vec<String> = Vec::new();
    let mut roles: Vec<LineRole> = Vec::new();
    let mut parts = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ExtractError::Malformed(format!("sheet {name}: {e}")))?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        // Rows before the range's first one are empty; they keep their lines.
        let first = range.start().map_or(0, |(row, _)| row as usize);
        let first_col = range.start().map_or(0, |(_, col)| col as usize);
        rows.resize(first.min(MAX_ROWS), Vec::new());
        for row in range.rows() {
            if rows.len() >= MAX_ROWS {
                parts.push(Part::Skipped {
                    member: format!("{name}/rows past {MAX_ROWS}"),
                    reason: format!("the sheet is cut at {MAX_ROWS} rows; the rest is not indexed"),
                });
                break;
            }
            let mut cells = vec![String::new(); first_col];
            cells.extend(row.iter().map(|c| c.to_string()));
            rows.push(cells);
        }
        if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
            continue;
        }
        let (text, sheet_roles) = table_lines(&rows);
        lines.push(tidy_line(&name));
        roles.push(LineRole::Sheet);
        lines.extend(text.split('\n').map(str::to_owned));
        roles.extend(sheet_roles);
    }
    parts.insert(
        0,
        Part::Document(Extracted {
            member: None,
            format: Format::Table,
            encoding: Encoding::Utf8,
            text: lines.join("\n"),
            roles,
            title: None,
            fields: Vec::new(),
        }),
    );
    Ok(parts)
}

/// The sheet (for a workbook) and the row of the table that line `line` of a table document
/// is: a workbook's rows count from their sheet's heading line, a delimited table's are its
/// lines.
pub fn sheet_row(document: &Document, line: u32) -> Option<(Option<String>, u32)> {
    if document.format != Format::Table {
        return None;
    }
    let sheet = document
        .sections
        .iter()
        .rev()
        .find(|s| s.depth == 0 && s.line < line);
    Some(match sheet {
        Some(s) => (Some(s.label.clone()), line - s.line),
        None => (None, line),
    })
}

/// Reads a .csv or .tsv file.
fn delimited(bytes: &[u8]) -> Result<Vec<Part>, ExtractError> {
    let (text, encoding) =
        super::decode::decode(bytes).map_err(|e| ExtractError::NotText(e.to_string()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches('\t').count() > first_line.matches(',').count() {
        '\t'
    } else {
        ','
    };
    let (rows, cut) = parse(text, delimiter, MAX_ROWS);
    let mut parts = match export_columns(&rows) {
        Some(columns) => export_documents(&rows, &columns, encoding),
        None => {
            let (text, roles) = table_lines(&rows);
            vec![Part::Document(Extracted {
                member: None,
                format: Format::Table,
                encoding,
                text,
                roles,
                title: None,
                fields: Vec::new(),
            })]
        }
    };
    if cut {
        parts.push(Part::Skipped {
            member: format!("rows past {MAX_ROWS}"),
            reason: format!("the table is cut at {MAX_ROWS} rows; the rest is not indexed"),
        });
    }
    Ok(parts)
}

/// Parses delimited text into rows of cells (RFC 4180 quoting: `"a ""b"", c"`, line breaks
/// inside quotes), at most `max_rows` of them; `true` when there were more.
pub fn parse(text: &str, delimiter: char, max_rows: usize) -> (Vec<Vec<String>>, bool) {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else if c != '\r' {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => quoted = true,
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                if rows.len() >= max_rows {
                    return (rows, chars.any(|c| !c.is_whitespace()));
                }
            }
            c if c == delimiter => row.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    (rows, false)
}

/// Whether a cell is a number (or a number-like filler: `12.5`, `-3`, `1,234`, `45%`).
fn is_numeric(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%' | ' '))
}

/// Whether the first row reads as a header: some text cells and no numbers.
fn has_header(rows: &[Vec<String>]) -> bool {
    rows.first().is_some_and(|header| {
        header.iter().any(|c| !c.trim().is_empty()) && !header.iter().any(|c| is_numeric(c))
    })
}

/// The lines of a table: the header row plain, each other row its non-empty cells with their
/// header's labels; empty and purely numeric rows as empty lines.
pub fn table_lines(rows: &[Vec<String>]) -> (String, Vec<LineRole>) {
    let header: Option<Vec<String>> =
        has_header(rows).then(|| rows[0].iter().map(|c| tidy_line(c)).collect());
    let mut lines = Vec::with_capacity(rows.len());
    let mut roles = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row.iter().map(|c| tidy_line(c)).collect();
        let filler = cells.iter().all(|c| c.is_empty() || is_numeric(c));
        let line = if filler {
            String::new()
        } else if i == 0 || header.is_none() {
            cells
                .iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(super::docx::CELL_SEPARATOR)
        } else {
            let header = header.as_deref().unwrap_or_default();
            cells
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .map(|(j, c)| match header.get(j).filter(|h| !h.is_empty()) {
                    Some(label) => format!("{label}: {c}"),
                    None => c.clone(),
                })
                .collect::<Vec<_>>()
                .join(super::docx::CELL_SEPARATOR)
        };
        roles.push(if line.is_empty() {
            LineRole::Body
        } else {
            LineRole::TableRow
        });
        lines.push(line);
    }
    (lines.join("\n"), roles)
}

/// The columns of a data export: (the text column, the other columns' front-matter keys), when
/// the table has a header and one column holds long texts.
fn export_columns(rows: &[Vec<String>]) -> Option<(usize, Vec<Option<&'static str>>)> {
    if !has_header(rows) || rows.len() < 2 {
        return None;
    }
    let header = &rows[0];
    let long = |j: usize| {
        rows[1..].iter().any(|r| {
            r.get(j)
                .is_some_and(|v| v.contains('\n') || v.chars().count() >= LONG_TEXT_CHARS)
        })
    };
    let total = |j: usize| -> usize {
        rows[1..]
            .iter()
            .map(|r| r.get(j).map_or(0, |v| v.len()))
            .sum()
    };
    let text = (0..header.len())
        .filter(|&j| long(j))
        .max_by_key(|&j| total(j))?;
    if header.len() < 2 {
        return None;
    }
    let keys = header.iter().map(|h| front_matter_key(h)).collect();
    Some((text, keys))
}

/// The front-matter key a data export's column header stands for.
fn front_matter_key(header: &str) -> Option<&'static str> {
    let h = header.trim().to_lowercase();
    Some(match h.as_str() {
        "title" | "标题" | "名称" | "文件名称" => "title",
        "date" | "日期" | "成文日期" | "发文日期" => "date",
        "publish_date" | "publication_date" | "pubdate" | "published" | "发布日期" | "发布时间" => {
            "publish_date"
        }
        "year" | "年份" | "年度" => "year",
        "province" | "region" | "city" | "省份" | "地区" | "城市" => "region",
        "url" | "link" | "source_url" | "source" | "链接" | "网址" | "来源链接" => "url",
        "doc_number" | "number" | "文号" | "发文字号" => "doc_number",
        "issuer" | "author" | "publisher" | "发文机关" | "发布机构" => "issuer",
        _ => return None,
    })
}

/// One document per data row of an export: the text column as its text, the other columns as
/// its stated fields. A lone row is the file's document; several are members `row-N` (N the
/// row's number, the header being row 1).
fn export_documents(
    rows: &[Vec<String>],
    (text_column, keys): &(usize, Vec<Option<&'static str>>),
    encoding: Encoding,
) -> Vec<Part> {
    let data: Vec<(usize, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, r)| r.get(*text_column).is_some_and(|t| !t.trim().is_empty()))
        .collect();
    let alone = data.len() == 1;
    data.into_iter()
        .map(|(i, row)| {
            let text = row[*text_column]
                .lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n");
            let fields: Vec<(String, String)> = keys
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != *text_column)
                .filter_map(|(j, key)| {
                    let value = row.get(j)?.trim();
                    Some(((*key)?.to_owned(), value.to_owned())).filter(|_| !value.is_empty())
                })
                .collect();
            let title = fields
                .iter()
                .find(|(k, _)| k == "title")
                .map(|(_, v)| v.clone());
            Part::Document(Extracted {
                member: (!alone).then(|| format!("row-{}", i + 1)),
                format: Format::Text,
                encoding,
                text,
                roles: Vec::new(),
                title,
                fields,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_and_line_breaks_are_parsed() {
        let (rows, cut) = parse("a,\"b \"\"x\"\", c\"\r\n\"多\n行\",2\n", ',', 10);
        assert!(!cut);
        assert_eq!(rows, [vec!["a", "b \"x\", c"], vec!["多\n行", "2"]]);
        let (rows, cut) = parse("1\n2\n3\n", ',', 2);
        assert_eq!(rows.len(), 2);
        assert!(cut);
    }

    #[test]
    fn rows_are_labelled_by_the_header_and_keep_their_lines() {
        let rows = parse(
            "指标,2025年,增长\n地区生产总值,5.6万亿元,5.5%\n,,\n1,2,3\n财政收入,,3%\n",
            ',',
            100,
        )
        .0;
        let (text, roles) = table_lines(&rows);
        assert_eq!(
            text,
            "指标 | 2025年 | 增长\n指标: 地区生产总值 | 2025年: 5.6万亿元 | 增长: 5.5%\n\n\n指标: 财政收入 | 增长: 3%"
        );
        assert_eq!(roles[1], LineRole::TableRow);
    }

    #[test]
    fn a_data_export_is_one_document_per_row() {
        let long = "第一段正文。\n一、总体要求\n".repeat(3);
        let csv = format!(
            "title,publish_date,province,full_text\n报告甲,2026-01-22,浙江省,\"{long}\"\n报告乙,2025-01-20,江苏省,\"{long}\"\n"
        );
        let parts = extract(csv.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(parts.len(), 2);
        let Part::Document(second) = &parts[1] else {
            panic!("{parts:?}")
        };
        assert_eq!(second.member.as_deref(), Some("row-3"));
        assert_eq!(second.title.as_deref(), Some("报告乙"));
        assert!(second.text.starts_with("第一段正文。\n一、总体要求"));
        assert!(second
            .fields
            .contains(&("region".to_owned(), "江苏省".to_owned())));
    }
}
