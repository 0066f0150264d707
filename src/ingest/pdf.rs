//! PDF files → the text of their text layer, page by page.
//!
//! Read with `lopdf`, which honours a font's ToUnicode map (the way Chinese PDFs with Type0/CID
//! fonts carry their text). The document model has no page field, so each page's text follows a
//! marker line `〔第N页〕` ([`page_marker`]): the marker is masked out of analysis and metadata,
//! `show` prints it so the reader sees where each page starts, and a citation counts the markers
//! before its line to state the page ([`page_of_line`]). Lines that the layout broke inside a
//! paragraph are joined again: a line that does not end a sentence and runs (nearly) the full
//! width of the page's longest line continues on the next line. A PDF whose pages hold no text is
//! a scan and is reported, not indexed empty; an encrypted one that does not open with the empty
//! password is reported as encrypted.

use super::extract::{tidy_line, ExtractError, Extracted};
use crate::document::{Encoding, Format};

/// The most bytes one page's content streams may inflate to.
const MAX_PAGE_CONTENT_BYTES: usize = 64 * 1024 * 1024;

/// The characters that end a sentence (or a clause that ends a line on purpose).
const SENTENCE_END: &[char] = &[
    '。', '！', '？', '；', '：', '”', '」', '』', '）', '.', '!', '?', ';', ':',
];

/// The marker line put before page `page`'s text.
pub fn page_marker(page: u32) -> String {
    format!("〔第{page}页〕")
}

/// The page number of a marker line, if `line` is one.
pub fn parse_page_marker(line: &str) -> Option<u32> {
    line.trim()
        .strip_prefix("〔第")?
        .strip_suffix("页〕")?
        .parse()
        .ok()
}

/// The page that line `line` of an extracted PDF (or OFD) text is on (the last page marker before it)
/// and its line on that page, counting from the line after the marker; all 1-based. `None` when
/// no marker precedes it.
pub fn page_of_line(text: &str, line: u32) -> Option<(u32, u32)> {
    text.lines()
        .take(line as usize)
        .enumerate()
        .filter_map(|(i, l)| Some((parse_page_marker(l)?, i as u32 + 1)))
        .last()
        .map(|(page, marker)| (page, line - marker))
}

/// The 0-based indexes of the page marker lines of a text.
pub fn marker_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| parse_page_marker(l).is_some())
        .map(|(i, _)| i)
        .collect()
}

/// Reads a PDF's text layer.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(ExtractError::Malformed("no %PDF- header: not a PDF".into()));
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(ExtractError::Malformed(
            "truncated: no %%EOF at the end of the file".into(),
        ));
    }
    let document = lopdf::Document::load_mem(bytes).map_err(|err| match err {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => ExtractError::Encrypted,
        other => ExtractError::Malformed(other.to_string()),
    })?;
    if document.is_encrypted() {
        return Err(ExtractError::Encrypted);
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err(ExtractError::Malformed("the PDF has no pages".into()));
    }
    let mut lines = Vec::new();
    let mut any_text = false;
    let mut first_error = None;
    for (&number, &page_id) in pages.iter() {
        let raw = page_text(&document, page_id).unwrap_or_else(|err| {
            first_error.get_or_insert(err);
            String::new()
        });
        let paragraphs = rejoin(&raw);
        any_text |= !paragraphs.is_empty();
        lines.push(page_marker(number));
        lines.extend(paragraphs);
    }
    if !any_text {
        return Err(match first_error {
            Some(err) => ExtractError::Malformed(format!("no page could be read: {err}")),
            None => ExtractError::Unsupported(
                "scanned PDF (no text layer); run OCR on it and index the text".into(),
            ),
        });
    }
    Ok(Extracted {
        member: None,
        format: Format::Pdf,
        encoding: Encoding::Utf8,
        text: lines.join("\n"),
        roles: Vec::new(),
        title: None,
        fields: Vec::new(),
    })
}

/// The text a page shows, one line of the layout per line: strings shown with `Tj`, `TJ`, `'`
/// and `"` decoded with their font's encoding (its ToUnicode map where there is one), and a line
/// break wherever the text moves down (`Td`/`TD` with a vertical offset, `T*`, `'`, `"`, or a
/// `Tm` to another height).
fn page_text(document: &lopdf::Document, page_id: lopdf::ObjectId) -> Result<String, String> {
    let fonts = document
        .get_page_fonts(page_id)
        .map_err(|e| format!("page fonts: {e}"))?;
    let encodings: std::collections::BTreeMap<Vec<u8>, lopdf::Encoding> = fonts
        .into_iter()
        .filter_map(|(name, font)| {
            let encoding = font
                .get_font_encoding_with_limit(document, MAX_PAGE_CONTENT_BYTES)
                .ok()?;
            Some((name, encoding))
        })
        .collect();
    let content = document
        .get_page_content_with_limit(page_id, MAX_PAGE_CONTENT_BYTES)
        .map_err(|e| format!("page content: {e}"))?;
    let content =
        lopdf::content::Content::decode(&content).map_err(|e| format!("page content: {e}"))?;
    let mut text = String::new();
    let mut encoding = None;
    let mut matrix_y: Option<f32> = None;
    let newline = |text: &mut String| {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    };
    for operation in &content.operations {
        let operands = &operation.operands;
        match operation.operator.as_str() {
            "Tf" => {
                encoding = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| encodings.get(name));
            }
            "Td" | "TD" if operands.get(1).and_then(|o| o.as_float().ok()) != Some(0.0) => {
                newline(&mut text)
            }
            "Tm" => {
                let y = operands.get(5).and_then(|o| o.as_float().ok());
                if matrix_y.is_some() && y != matrix_y {
                    newline(&mut text);
                }
                matrix_y = y;
            }
            "T*" => newline(&mut text),
            "Tj" | "'" | "\"" | "TJ" => {
                if operation.operator != "Tj" && operation.operator != "TJ" {
                    newline(&mut text);
                }
                let Some(encoding) = encoding else { continue };
                let shown: &[lopdf::Object] = match operation.operator.as_str() {
                    "\"" => operands.get(2..).unwrap_or(&[]),
                    "TJ" => operands
                        .first()
                        .and_then(|o| o.as_array().ok())
                        .map(Vec::as_slice)
                        .unwrap_or(&[]),
                    _ => operands,
                };
                for item in shown {
                    match item {
                        lopdf::Object::String(bytes, _) => {
                            if let Ok(decoded) = lopdf::Document::decode_text(encoding, bytes) {
                                text.push_str(&decoded);
                            }
                        }
                        // A wide negative adjustment in a TJ array is a space between words.
                        other if other.as_float().is_ok_and(|n| n < -200.0) => text.push(' '),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(text)
}

/// A page's lines as paragraphs: tidied, blank lines dropped, and a line the layout broke joined
/// to the next.
pub(super) fn rejoin(raw: &str) -> Vec<String> {
    let lines: Vec<String> = raw
        .lines()
        .map(tidy_line)
        .filter(|l| !l.is_empty())
        .collect();
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut open = false;
    for line in lines {
        let width = line.chars().count();
        let ends_sentence = line.ends_with(SENTENCE_END);
        match paragraphs.last_mut() {
            Some(last) if open => last.push_str(&line),
            _ => paragraphs.push(line),
        }
        open = !ends_sentence && width * 10 >= widest * 8 && widest >= 10;
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_give_the_page_of_a_line() {
        assert_eq!(parse_page_marker(&page_marker(12)), Some(12));
        assert_eq!(parse_page_marker("第12页"), None);
        let text = "〔第1页〕\n甲。\n〔第2页〕\n乙。\n丙。";
        assert_eq!(page_of_line(text, 2), Some((1, 1)));
        assert_eq!(page_of_line(text, 5), Some((2, 2)));
        assert_eq!(marker_lines(text), [0, 2]);
    }

    #[test]
    fn lines_broken_by_layout_are_rejoined_and_short_lines_are_kept() {
        let raw = "一、总体要求\n坚持以人民为中心的发展思想，推动高质量\n发展，全面深化改革开放。\n第二段。\n";
        assert_eq!(
            rejoin(raw),
            [
                "一、总体要求",
                "坚持以人民为中心的发展思想，推动高质量发展，全面深化改革开放。",
                "第二段。"
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_a_pdf_is_malformed() {
        assert!(matches!(extract(b"hello"), Err(ExtractError::Malformed(_))));
        assert!(matches!(
            extract(b"%PDF-1.4\n1 0 obj\n<<\n%%EOF\n"),
            Err(ExtractError::Malformed(_))
        ));
    }
}
