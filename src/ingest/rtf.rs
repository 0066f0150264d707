//! RTF → text, for the `.doc` files that are really RTF (Word and WPS both save RTF under a
//! `.doc` name, and government sites serve many such files).
//!
//! A single pass over the control words with a stack of group states (no recursion): `\par`
//! ends a paragraph, `\cell` a table cell and `\row` a table row (one line of its non-empty
//! cells, as for a .docx), `\outlinelevelN` makes a heading, a `\footnote` group goes after the
//! body as `[N] …` with `[N]` at its place. Hex escapes (`\'b9`) are decoded in the document's
//! code page (`\ansicpg936` is GBK), `\uN` as Unicode (skipping its `\ucN` fallback bytes).
//! Font and colour tables, style sheets, pictures, headers, footers, field instructions and any
//! `\*` destination are left out.

use super::docx::{self, Block, StyleRole, CELL_SEPARATOR};
use super::extract::{tidy_line, ExtractError, Extracted};
use super::markdown::LineRole;
use crate::document::{Encoding, Format};

/// Destinations whose text is not part of the document.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "fldinst",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "generator",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "object",
    "xmlnstbl",
    "filetbl",
    "annotation",
    "atnid",
    "atnauthor",
    "bkmkstart",
    "bkmkend",
    "shppict",
    "nonshppict",
    "objdata",
];

/// The state a group carries.
#[derive(Debug, Clone, Copy, Default)]
struct State {
    skip: bool,
    /// Inside a footnote group (its text goes to the notes).
    note: bool,
    /// Bytes of fallback text to skip after a `\uN`.
    uc: usize,
}

/// Reads an RTF file; `format` is the format the file is taken for (its name's).
pub fn extract(bytes: &[u8], format: Format) -> Result<Extracted, ExtractError> {
    let mut reader = RtfReader::default();
    reader.run(bytes)?;
    let mut blocks = std::mem::take(&mut reader.blocks);
    reader.end_paragraph(&mut blocks);
    let (mut lines, title) = docx::body_lines(blocks);
    for (n, note) in reader.notes.iter().enumerate() {
        let texts: Vec<String> = note
            .iter()
            .map(|t| tidy_line(t))
            .filter(|t| !t.is_empty())
            .collect();
        if !texts.is_empty() {
            lines.push((format!("[{}] {}", n + 1, texts.join(" ")), LineRole::Body));
        }
    }
    let (text_lines, roles): (Vec<String>, Vec<LineRole>) = lines.into_iter().unzip();
    Ok(Extracted {
        member: None,
        format,
        encoding: if reader.gbk {
            Encoding::Gb18030
        } else {
            Encoding::Utf8
        },
        text: text_lines.join("\n"),
        roles,
        title,
        fields: Vec::new(),
    })
}

#[derive(Default)]
struct RtfReader {
    blocks: Vec<Block>,
    notes: Vec<Vec<String>>,
    paragraph: String,
    /// Bytes of `\'hh` escapes waiting to be decoded together (a GBK character is two).
    pending: Vec<u8>,
    cells: Vec<String>,
    cell: String,
    in_table: bool,
    outline: Option<u8>,
    gbk: bool,
}

impl RtfReader {
    fn run(&mut self, bytes: &[u8]) -> Result<(), ExtractError> {
        let mut stack: Vec<State> = Vec::new();
        let mut state = State::default();
        let mut uc_count = 1usize;
        let mut i = 0;
        let mut destination_next = false;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'{' => {
                    if stack.len() >= 10_000 {
                        return Err(ExtractError::Hostile(
                            "groups nested more than 10000 levels deep".into(),
                        ));
                    }
                    self.flush_bytes(state);
                    stack.push(state);
                    state.uc = 0;
                    i += 1;
                }
                b'}' => {
                    self.flush_bytes(state);
                    if state.note && !stack.last().is_some_and(|s| s.note) {
                        self.end_note_paragraph();
                    }
                    state = stack.pop().unwrap_or_default();
                    i += 1;
                }
                b'\\' => {
                    let (word, param, next) = control(bytes, i + 1);
                    i = next;
                    if word == "'" {
                        let hex = bytes
                            .get(i..i + 2)
                            .and_then(|h| std::str::from_utf8(h).ok());
                        i += 2;
                        if state.uc > 0 {
                            state.uc -= 1;
                            continue;
                        }
                        if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                            if !state.skip {
                                self.pending.push(byte);
                            }
                        }
                        continue;
                    }
                    self.flush_bytes(state);
                    if destination_next {
                        destination_next = false;
                        if word != "footnote" {
                            state.skip = true;
                        }
                    }
                    match word.as_str() {
                        "*" => destination_next = true,
                        w if SKIPPED.contains(&w) => state.skip = true,
                        "ansicpg" => self.gbk = param == Some(936),
                        "uc" => uc_count = param.unwrap_or(1).max(0) as usize,
                        "u" => {
                            if let Some(p) = param {
                                let code = if p < 0 { p + 65536 } else { p } as u32;
                                if !state.skip {
                                    self.push(state, char::from_u32(code).unwrap_or('\u{fffd}'));
                                }
                                state.uc = uc_count;
                            }
                        }
                        "footnote" if !state.skip && !state.note => {
                            self.notes.push(Vec::new());
                            let mark = format!("[{}]", self.notes.len());
                            self.paragraph.push_str(&mark);
                            state.note = true;
                        }
                        "bin" => i += param.unwrap_or(0).max(0) as usize,
                        _ if state.skip => {}
                        "par" | "sect" | "page" => {
                            if state.note {
                                self.end_note_paragraph();
                            } else {
                                let mut blocks = std::mem::take(&mut self.blocks);
                                self.end_paragraph(&mut blocks);
                                self.blocks = blocks;
                            }
                        }
                        "pard" => {
                            self.in_table = false;
                            self.outline = None;
                        }
                        "intbl" => self.in_table = true,
                        "outlinelevel" => self.outline = param.map(|p| p.clamp(0, 9) as u8),
                        "line" | "tab" | "emspace" | "enspace" | "~" => self.push(state, ' '),
                        "_" => self.push(state, '-'),
                        "cell" => {
                            let mut blocks = std::mem::take(&mut self.blocks);
                            self.end_paragraph(&mut blocks);
                            self.blocks = blocks;
                            let cell = std::mem::take(&mut self.cell);
                            if !cell.is_empty() {
                                self.cells.push(cell);
                            }
                        }
                        "nestcell" => self.push(state, ' '),
                        "row" => {
                            if !self.cells.is_empty() {
                                self.blocks.push(Block {
                                    text: self.cells.join(CELL_SEPARATOR),
                                    style: None,
                                    table_row: true,
                                    note: None,
                                    size: 0,
                                });
                            }
                            self.cells.clear();
                            self.cell.clear();
                            self.in_table = false;
                        }
                        "{" | "}" | "\\" => self.push(state, word.chars().next().unwrap_or(' ')),
                        _ => {}
                    }
                }
                b'\r' | b'\n' => i += 1,
                _ => {
                    i += 1;
                    if state.uc > 0 {
                        state.uc -= 1;
                        continue;
                    }
                    destination_next = false;
                    if !state.skip {
                        self.flush_bytes(state);
                        self.push(state, char::from(b));
                    }
                }
            }
        }
        self.flush_bytes(state);
        Ok(())
    }

    /// Decodes the waiting `\'hh` bytes in the document's code page.
    fn flush_bytes(&mut self, state: State) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending);
        let encoding = if self.gbk {
            encoding_rs::GBK
        } else {
            encoding_rs::WINDOWS_1252
        };
        let (text, _) = encoding.decode_without_bom_handling(&bytes);
        for c in text.chars() {
            self.push(state, c);
        }
    }

    fn push(&mut self, state: State, c: char) {
        if state.skip {
            return;
        }
        if state.note {
            self.note_text().push(c);
        } else {
            self.paragraph.push(c);
        }
    }

    /// The text of the current footnote's paragraph being read.
    fn note_text(&mut self) -> &mut String {
        let note = self.notes.last_mut().expect("a footnote is open");
        if note.is_empty() {
            note.push(String::new());
        }
        note.last_mut().expect("one paragraph")
    }

    fn end_note_paragraph(&mut self) {
        if let Some(note) = self.notes.last_mut() {
            if let Some(last) = note.last_mut() {
                *last = tidy_line(last);
                if last.is_empty() {
                    note.pop();
                }
            }
            note.push(String::new());
        }
    }

    fn end_paragraph(&mut self, blocks: &mut Vec<Block>) {
        let text = tidy_line(&std::mem::take(&mut self.paragraph));
        if self.in_table {
            if !text.is_empty() {
                if !self.cell.is_empty() {
                    self.cell.push(' ');
                }
                self.cell.push_str(&text);
            }
        } else if !text.is_empty() {
            blocks.push(Block {
                text,
                style: self
                    .outline
                    .filter(|&l| l < 9)
                    .map(|l| StyleRole::Heading(l + 1)),
                table_row: false,
                note: None,
                size: 0,
            });
        }
    }
}

/// Reads a control word (or control symbol) starting after its backslash at `at`: its name,
/// numeric parameter and where the text after it starts (a space delimiter is consumed).
fn control(bytes: &[u8], at: usize) -> (String, Option<i32>, usize) {
    let Some(&first) = bytes.get(at) else {
        return (String::new(), None, at);
    };
    if !first.is_ascii_alphabetic() {
        return (char::from(first).to_string(), None, at + 1);
    }
    let mut end = at;
    while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) && end - at < 32 {
        end += 1;
    }
    let word = String::from_utf8_lossy(&bytes[at..end]).into_owned();
    let mut num_end = end;
    if bytes.get(num_end) == Some(&b'-') {
        num_end += 1;
    }
    while bytes.get(num_end).is_some_and(u8::is_ascii_digit) && num_end - end < 11 {
        num_end += 1;
    }
    let param = std::str::from_utf8(&bytes[end..num_end])
        .ok()
        .and_then(|p| p.parse().ok());
    let mut next = num_end;
    if bytes.get(next) == Some(&b' ') {
        next += 1;
    }
    (word, param, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tables_hex_unicode_and_footnotes() {
        let rtf = br"{\rtf1\ansi\ansicpg936{\fonttbl{\f0 \'cb\'ce\'cc\'e5;}}{\info{\title x}}
{\header \'d2\'b3\'c3\'bc\par}
\pard\outlinelevel0 \'d7\'dc\'d4\'f2\par
\pard \u27491?\u25991?{\field{\*\fldinst PAGE}{\fldrslt 3}}\'b5\'da\'d2\'bb\'cc\'f5{\footnote \pard \'d7\'a2\'ca\'cd\par}\par
\trowd\intbl \'d0\'d5  \'c3\'fb\cell\cell \'d6\'b0\'ce\'f1\cell\row
}";
        let e = extract(rtf, Format::Doc).unwrap();
        assert_eq!(e.text, "总则\n正文3第一条[1]\n姓名 | 职务\n[1] 注释");
        assert_eq!(e.roles[0], LineRole::Heading(1));
        assert_eq!(e.roles[2], LineRole::TableRow);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let rtf = [b"{\\rtf1".as_slice(), &[b'{'; 20_000]].concat();
        assert!(matches!(
            extract(&rtf, Format::Doc),
            Err(ExtractError::Hostile(_))
        ));
    }
}
