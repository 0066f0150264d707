//! Word 97–2003 (.doc) and Kingsoft WPS (.wps) binary documents → text, line for line as a
//! .docx of the same document gives it ([`super::docx`]).
//!
//! Both are OLE compound files (read with the `cfb` crate) holding a `WordDocument` stream and
//! a table stream (`0Table` or `1Table`). The text is read through the piece table ([MS-DOC]:
//! the FIB gives the CLX in the table stream, whose PlcPcd maps character positions to pieces
//! of the `WordDocument` stream, each UTF-16LE or 8-bit): 8-bit pieces are decoded in the code
//! page of the document (GBK for a Chinese one, where the bytes are valid GBK; Windows-1252
//! otherwise). Paragraph properties come from the PAPX pages (FKPs): whether a
//! paragraph is in a table, ends a table row, and its style, whose built-in kind (`heading N`,
//! `Title`) or name (`标题 N`) makes it a heading as in a .docx. Only the main text is taken
//! (the FIB's `ccpText`), so headers, footers, comments and text boxes are left out; footnotes
//! and endnotes follow the body as `[N] …` lines with `[N]` at the reference; field codes
//! (`0x13 code 0x14 result 0x15`) are dropped and their results kept.
//!
//! A `.doc` that is really RTF, HTML or a .docx (as government sites often serve them) is read
//! as what it is; an encrypted or obfuscated document is reported as encrypted. Not read: list
//! numbers Word draws but does not store in the text, deleted revisions (their text is kept),
//! font sizes (so no title set in display type is recognised) and Word 6/95 files.

use std::io::{Cursor, Read};

use super::docx::{self, Block, StyleRole, CELL_SEPARATOR};
use super::extract::{tidy_line, ExtractError, Extracted, Limits};
use super::markdown::LineRole;
use crate::document::{Encoding, Format};

/// The signature of an OLE compound file.
const CFB_MAGIC: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// Reads a .doc or .wps file (or what a file so named really is).
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let head = &bytes[start..];
    if head.starts_with(b"{\\rtf") {
        return super::rtf::extract(bytes, Format::Doc);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx::extract(bytes, limits);
    }
    if looks_like_html(bytes) {
        return super::html::extract(bytes);
    }
    if !bytes.starts_with(CFB_MAGIC) {
        return Err(ExtractError::Malformed(
            "not a Word document (neither a compound file nor RTF, HTML or .docx)".into(),
        ));
    }
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| ExtractError::Malformed(format!("not a readable compound file ({e})")))?;
    if !file.is_stream("/WordDocument") {
        if file.is_stream("/EncryptedPackage") {
            return Err(ExtractError::Encrypted);
        }
        return Err(ExtractError::Malformed(
            "no WordDocument stream: not a Word document (a spreadsheet or presentation?)".into(),
        ));
    }
    let word = read_stream(&mut file, "/WordDocument", limits)?;
    let fib = Fib::read(&word)?;
    if fib.encrypted {
        return Err(ExtractError::Encrypted);
    }
    let table_name = if fib.table_one { "/1Table" } else { "/0Table" };
    if !file.is_stream(table_name) {
        return Err(ExtractError::Malformed(format!(
            "the table stream {} is missing",
            &table_name[1..]
        )));
    }
    let table = read_stream(&mut file, table_name, limits)?;
    let reader = Reader::new(&fib, &word, &table, limits)?;
    Ok(reader.read())
}

/// Whether a file's first bytes look like an HTML page (a Word "web page" saved as .doc).
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with('<') && (head.contains("<html") || head.contains("<!doctype html"))
}

/// Reads a whole stream of a compound file, refusing one larger than an archive member may be.
fn read_stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Vec<u8>, ExtractError> {
    let malformed = |e: std::io::Error| {
        ExtractError::Malformed(format!("the {} stream is unreadable ({e})", &name[1..]))
    };
    let len = file.entry(name).map_err(malformed)?.len();
    if len > limits.member_bytes {
        return Err(ExtractError::Hostile(format!(
            "the {} stream declares {:.1} MB, past the {} MB a member may inflate to",
            &name[1..],
            len as f64 / 1e6,
            limits.member_bytes / 1_048_576
        )));
    }
    let mut out = Vec::with_capacity(len as usize);
    file.open_stream(name)
        .map_err(malformed)?
        .take(limits.member_bytes)
        .read_to_end(&mut out)
        .map_err(malformed)?;
    Ok(out)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// A byte range of the table stream, as a FIB `fc`/`lcb` pair names it; empty when absent.
fn slice(bytes: &[u8], (fc, lcb): (u32, u32)) -> &[u8] {
    let (fc, lcb) = (fc as usize, lcb as usize);
    bytes.get(fc..fc.saturating_add(lcb)).unwrap_or(&[])
}

/// What the File Information Block says.
#[derive(Debug)]
struct Fib {
    encrypted: bool,
    table_one: bool,
    /// The document's language ids: the main one and the East Asian one.
    languages: [u16; 2],
    /// Characters in the main text, footnotes, headers, macros (reserved), comments, endnotes.
    ccp: [u32; 6],
    /// The `fc`/`lcb` pairs of FibRgFcLcb.
    pairs: Vec<(u32, u32)>,
}

/// Indexes into FibRgFcLcb97.
const STSHF: usize = 1;
const PLCFFNDREF: usize = 2;
const PLCFFNDTXT: usize = 3;
const PLCFBTEPAPX: usize = 13;
const CLX: usize = 33;
const PLCFENDREF: usize = 46;
const PLCFENDTXT: usize = 47;

impl Fib {
    fn read(word: &[u8]) -> Result<Fib, ExtractError> {
        let short = || ExtractError::Malformed("the FIB (file information block) is cut".into());
        let ident = u16_at(word, 0).ok_or_else(short)?;
        if ident != 0xA5EC {
            return Err(ExtractError::Malformed(format!(
                "the WordDocument stream does not start with a Word 97+ FIB (0x{ident:04X})"
            )));
        }
        let n_fib = u16_at(word, 2).ok_or_else(short)?;
        if n_fib < 101 {
            return Err(ExtractError::Unsupported(format!(
                "a Word 6/95 document (nFib {n_fib}) is not read; save it as .docx and index that"
            )));
        }
        let lid = u16_at(word, 6).ok_or_else(short)?;
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lid_fe = if csw >= 14 {
            u16_at(word, 34 + 13 * 2).ok_or_else(short)?
        } else {
            0
        };
        let at_lw = 34 + csw * 2;
        let cslw = usize::from(u16_at(word, at_lw).ok_or_else(short)?);
        let lw = |i: usize| -> Result<u32, ExtractError> {
            if i < cslw {
                u32_at(word, at_lw + 2 + i * 4).ok_or_else(short)
            } else {
                Ok(0)
            }
        };
        let ccp = [lw(3)?, lw(4)?, lw(5)?, lw(6)?, lw(7)?, lw(8)?];
        let at_fc = at_lw + 2 + cslw * 4;
        let pairs_len = usize::from(u16_at(word, at_fc).ok_or_else(short)?);
        let pairs = (0..pairs_len)
            .map(|i| {
                let at = at_fc + 2 + i * 8;
                Ok((
                    u32_at(word, at).ok_or_else(short)?,
                    u32_at(word, at + 4).ok_or_else(short)?,
                ))
            })
            .collect::<Result<Vec<_>, ExtractError>>()?;
        Ok(Fib {
            // fEncrypted, or fObfuscated (XOR obfuscation is a password too).
            encrypted: flags & 0x0100 != 0 || flags & 0x8000 != 0,
            table_one: flags & 0x0200 != 0,
            languages: [lid, lid_fe],
            ccp,
            pairs,
        })
    }

    fn pair(&self, index: usize) -> (u32, u32) {
        self.pairs.get(index).copied().unwrap_or((0, 0))
    }
}

/// One piece of the text: character positions `[cp, cp_end)` at byte `fc` of the
/// `WordDocument` stream, one byte per character when `compressed`, else two.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

/// The properties of a paragraph that matter here.
#[derive(Debug, Clone, Copy, Default)]
struct ParaProps {
    istd: u16,
    in_table: bool,
    /// Ends a table row (its mark is the row's end mark).
    row_end: bool,
    /// Table nesting depth (1 for an outermost table's paragraphs).
    depth: i32,
    /// Ends a row of a nested table.
    inner_row_end: bool,
    outline: Option<u8>,
}

/// A run of paragraphs with the same properties, by byte range of the `WordDocument` stream.
#[derive(Debug)]
struct PapxRun {
    fc: u32,
    fc_end: u32,
    props: ParaProps,
}

/// Everything needed to read the text.
struct Reader<'a> {
    word: &'a [u8],
    pieces: Vec<Piece>,
    papx: Vec<PapxRun>,
    styles: Vec<Option<StyleRole>>,
    /// Whether the document's language is Chinese (8-bit pieces may then be GBK).
    gbk: bool,
    ccp: [u32; 6],
    /// Footnote (`false`) and endnote (`true`) references: (cp in the main text, index).
    notes: Vec<(u32, bool, usize)>,
    /// Where each footnote's and endnote's text starts and ends, relative to its story.
    note_text: [Vec<u32>; 2],
    /// Whether any piece was decoded as 8-bit GBK text.
    gbk_pieces: std::cell::Cell<bool>,
}

impl<'a> Reader<'a> {
    fn new(
        fib: &Fib,
        word: &'a [u8],
        table: &'a [u8],
        limits: &Limits,
    ) -> Result<Self, ExtractError> {
        let pieces = read_pieces(slice(table, fib.pair(CLX)), word, limits)?;
        let total = pieces.last().map_or(0, |p| p.cp_end);
        let stories: u64 = fib.ccp.iter().map(|&c| u64::from(c)).sum();
        if u64::from(fib.ccp[0]) > u64::from(total) || stories > u64::from(total) + 1 {
            return Err(ExtractError::Malformed(format!(
                "the FIB counts {stories} characters but the piece table holds {total}"
            )));
        }
        // Simplified Chinese (PRC, Singapore).
        let gbk = fib
            .languages
            .iter()
            .any(|&lid| matches!(lid, 0x0804 | 0x1004));
        let mut notes = Vec::new();
        for (kind, index) in [(false, PLCFFNDREF), (true, PLCFENDREF)] {
            let plc = slice(table, fib.pair(index));
            // (n + 1) CPs and n two-byte FRDs.
            let n = plc.len().saturating_sub(4) / 6;
            for i in 0..n {
                if let Some(cp) = u32_at(plc, i * 4) {
                    notes.push((cp, kind, i));
                }
            }
        }
        notes.sort_unstable();
        let cps = |index: usize| -> Vec<u32> {
            slice(table, fib.pair(index))
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes(c.try_into().expect("four bytes")))
                .collect()
        };
        Ok(Reader {
            word,
            papx: read_papx(slice(table, fib.pair(PLCFBTEPAPX)), word),
            styles: read_styles(slice(table, fib.pair(STSHF))),
            pieces,
            gbk,
            ccp: fib.ccp,
            notes,
            note_text: [cps(PLCFFNDTXT), cps(PLCFENDTXT)],
            gbk_pieces: std::cell::Cell::new(false),
        })
    }

    /// The characters of `[start, end)`, each with its character position.
    fn chars(&self, start: u32, end: u32) -> Vec<(u32, char)> {
        let mut out = Vec::new();
        let first = self.pieces.partition_point(|p| p.cp_end <= start);
        for piece in &self.pieces[first..] {
            if piece.cp >= end {
                break;
            }
            let from = start.max(piece.cp);
            let to = end.min(piece.cp_end);
            if piece.compressed {
                let at = (piece.fc + (from - piece.cp)) as usize;
                let bytes = &self.word[at..at + (to - from) as usize];
                self.decode_eight_bit(bytes, from, &mut out);
            } else {
                let at = (piece.fc + 2 * (from - piece.cp)) as usize;
                let units = self.word[at..at + 2 * (to - from) as usize]
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]));
                let mut cp = from;
                for decoded in char::decode_utf16(units) {
                    let c = decoded.unwrap_or(char::REPLACEMENT_CHARACTER);
                    out.push((cp, c));
                    cp += c.len_utf16() as u32;
                }
            }
        }
        out
    }

    /// Decodes an 8-bit piece: as GBK in a Chinese document when the bytes are valid GBK, in
    /// Windows-1252 (what Word 97 writes 8-bit pieces in) otherwise. A two-byte character
    /// takes two character positions.
    fn decode_eight_bit(&self, bytes: &[u8], from: u32, out: &mut Vec<(u32, char)>) {
        let gbk = self.gbk
            && bytes.iter().any(|&b| b >= 0x80)
            && encoding_rs::GBK
                .decode_without_bom_handling_and_without_replacement(bytes)
                .is_some();
        if gbk {
            self.gbk_pieces.set(true);
        }
        let mut i = 0;
        while i < bytes.len() {
            let cp = from + i as u32;
            let b = bytes[i];
            let width = if gbk && b >= 0x81 && i + 1 < bytes.len() {
                2
            } else {
                1
            };
            if b < 0x80 {
                out.push((cp, char::from(b)));
            } else {
                let encoding = if width == 2 {
                    encoding_rs::GBK
                } else {
                    encoding_rs::WINDOWS_1252
                };
                let (text, _) = encoding.decode_without_bom_handling(&bytes[i..i + width]);
                out.extend(text.chars().map(|c| (cp, c)));
            }
            i += width;
        }
    }

    /// The properties of the paragraph whose mark is at character position `cp`.
    fn props(&self, cp: u32) -> Option<ParaProps> {
        let at = self.pieces.partition_point(|p| p.cp_end <= cp);
        let piece = self.pieces.get(at)?;
        let fc = if piece.compressed {
            piece.fc + (cp - piece.cp)
        } else {
            piece.fc + 2 * (cp - piece.cp)
        };
        let run = self.papx.partition_point(|r| r.fc_end <= fc);
        self.papx.get(run).filter(|r| r.fc <= fc).map(|r| r.props)
    }

    /// The role a paragraph's properties give it.
    fn role(&self, props: &ParaProps) -> Option<StyleRole> {
        self.styles
            .get(usize::from(props.istd))
            .copied()
            .flatten()
            .or_else(|| {
                props
                    .outline
                    .filter(|&l| l < 9)
                    .map(|l| StyleRole::Heading(l + 1))
            })
    }

    fn read(&self) -> Extracted {
        let numbers: std::collections::HashMap<u32, usize> = self
            .notes
            .iter()
            .enumerate()
            .map(|(n, &(cp, _, _))| (cp, n + 1))
            .collect();
        let blocks = self.blocks(0, self.ccp[0], Some(&numbers));
        let (mut lines, title) = docx::body_lines(blocks);
        let story_start = [
            self.ccp[0],
            self.ccp[0] + self.ccp[1] + self.ccp[2] + self.ccp[3] + self.ccp[4],
        ];
        let story_len = [self.ccp[1], self.ccp[5]];
        for kind in [false, true] {
            let k = usize::from(kind);
            for (number, &(_, note_kind, index)) in self.notes.iter().enumerate() {
                if note_kind != kind {
                    continue;
                }
                let bounds = &self.note_text[k];
                let (Some(&from), Some(&to)) = (bounds.get(index), bounds.get(index + 1)) else {
                    continue;
                };
                let to = to.min(story_len[k]);
                if from >= to {
                    continue;
                }
                let texts: Vec<String> = self
                    .blocks(story_start[k] + from, story_start[k] + to, None)
                    .into_iter()
                    .map(|b| b.text)
                    .collect();
                if !texts.is_empty() {
                    lines.push((
                        format!("[{}] {}", number + 1, texts.join(" ")),
                        LineRole::Body,
                    ));
                }
            }
        }
        let (text_lines, roles): (Vec<String>, Vec<LineRole>) = lines.into_iter().unzip();
        Extracted {
            member: None,
            format: Format::Doc,
            encoding: if self.gbk_pieces.get() {
                Encoding::Gb18030
            } else {
                Encoding::Utf16Le
            },
            text: text_lines.join("\n"),
            roles,
            title,
            fields: Vec::new(),
        }
    }

    /// The paragraphs and table rows of `[start, end)`. `notes` numbers the note references of
    /// the main text; in a note's own text (`None`) its reference mark is dropped.
    fn blocks(
        &self,
        start: u32,
        end: u32,
        notes: Option<&std::collections::HashMap<u32, usize>>,
    ) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut paragraph = String::new();
        let mut cells: Vec<String> = Vec::new();
        let mut cell = String::new();
        // Open fields: `true` while in a field's code, `false` in its result.
        let mut fields: Vec<bool> = Vec::new();
        let mut previous_mark = 0u32;
        for (cp, c) in self.chars(start, end) {
            match c {
                '\u{13}' => {
                    if fields.len() < 64 {
                        fields.push(true);
                    }
                    continue;
                }
                '\u{14}' => {
                    if let Some(top) = fields.last_mut() {
                        *top = false;
                    }
                    continue;
                }
                '\u{15}' => {
                    fields.pop();
                    continue;
                }
                _ => {}
            }
            let is_mark = matches!(c, '\r' | '\u{7}' | '\u{c}');
            if fields.iter().any(|&code| code) && !is_mark {
                continue;
            }
            if !is_mark {
                match c {
                    '\u{b}' | '\t' => paragraph.push(' '),
                    '\u{1e}' => paragraph.push('-'),
                    '\u{2}' => {
                        if let Some(n) = notes.and_then(|n| n.get(&cp)) {
                            paragraph.push_str(&format!("[{n}]"));
                        }
                    }
                    c if (c as u32) < 0x20 => {}
                    c => paragraph.push(c),
                }
                continue;
            }
            let text = tidy_line(&paragraph);
            paragraph.clear();
            let props = self.props(cp);
            let (in_table, row_end, depth) = match props {
                Some(p) => (p.in_table || p.depth > 0, p.row_end, p.depth.max(1)),
                // Without paragraph properties: a cell mark right after another one on an
                // empty paragraph ends the row.
                None => (
                    c == '\u{7}' || !cells.is_empty(),
                    c == '\u{7}' && text.is_empty() && previous_mark == 7,
                    1,
                ),
            };
            previous_mark = c as u32;
            if !in_table {
                if !text.is_empty() {
                    blocks.push(Block {
                        text,
                        style: props.as_ref().and_then(|p| self.role(p)),
                        table_row: false,
                        note: None,
                        size: 0,
                    });
                }
                continue;
            }
            if depth == 1 && c == '\u{7}' && row_end {
                if !cells.is_empty() {
                    blocks.push(Block {
                        text: cells.join(CELL_SEPARATOR),
                        style: None,
                        table_row: true,
                        note: None,
                        size: 0,
                    });
                }
                cells.clear();
                cell.clear();
                continue;
            }
            if props.is_some_and(|p| p.inner_row_end) {
                continue;
            }
            if !text.is_empty() {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&text);
            }
            if depth == 1 && c == '\u{7}' {
                let done = std::mem::take(&mut cell);
                if !done.is_empty() {
                    cells.push(done);
                }
            }
        }
        let text = tidy_line(&paragraph);
        if !text.is_empty() {
            blocks.push(Block {
                text,
                style: None,
                table_row: false,
                note: None,
                size: 0,
            });
        }
        blocks
    }
}

/// Reads the piece table from the CLX, checking every piece lies inside the text stream.
fn read_pieces(clx: &[u8], word: &[u8], limits: &Limits) -> Result<Vec<Piece>, ExtractError> {
    let malformed = |what: &str| ExtractError::Malformed(format!("the piece table {what}"));
    let mut at = 0;
    let plc = loop {
        match clx.get(at) {
            Some(1) => {
                let cb = u16_at(clx, at + 1).ok_or_else(|| malformed("is cut"))?;
                at += 3 + usize::from(cb);
            }
            Some(2) => {
                let lcb = u32_at(clx, at + 1).ok_or_else(|| malformed("is cut"))? as usize;
                break clx
                    .get(at + 5..at + 5 + lcb)
                    .ok_or_else(|| malformed("runs past the table stream"))?;
            }
            Some(_) => return Err(malformed("is not where the FIB says")),
            None => return Err(malformed("is missing")),
        }
    };
    if plc.len() < 16 || (plc.len() - 4) % 12 != 0 {
        return Err(malformed("has a bad length"));
    }
    let n = (plc.len() - 4) / 12;
    let mut pieces = Vec::with_capacity(n);
    let mut total: u64 = 0;
    for i in 0..n {
        let cp = u32_at(plc, i * 4).ok_or_else(|| malformed("is cut"))?;
        let cp_end = u32_at(plc, i * 4 + 4).ok_or_else(|| malformed("is cut"))?;
        let pcd = 4 * (n + 1) + i * 8;
        let fc = u32_at(plc, pcd + 2).ok_or_else(|| malformed("is cut"))?;
        if cp_end < cp || pieces.last().is_some_and(|p: &Piece| p.cp_end != cp) {
            return Err(malformed("is out of order"));
        }
        let compressed = fc & 0x4000_0000 != 0;
        let (fc, width) = if compressed {
            ((fc & !0x4000_0000) / 2, 1u64)
        } else {
            (fc, 2)
        };
        let bytes = u64::from(cp_end - cp) * width;
        if u64::from(fc) + bytes > word.len() as u64 {
            return Err(malformed("points past the end of the text stream"));
        }
        total += bytes;
        if total > limits.member_bytes {
            return Err(ExtractError::Hostile(format!(
                "the piece table repeats text past the {} MB a member may inflate to",
                limits.member_bytes / 1_048_576
            )));
        }
        pieces.push(Piece {
            cp,
            cp_end,
            fc,
            compressed,
        });
    }
    Ok(pieces)
}

/// Reads the paragraph properties: PlcBtePapx → PAPX FKP pages of the `WordDocument` stream.
/// Damaged pages are passed over (their paragraphs read as plain body text).
fn read_papx(plc: &[u8], word: &[u8]) -> Vec<PapxRun> {
    let n = plc.len().saturating_sub(4) / 8;
    let mut runs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for i in 0..n {
        let Some(pn) = u32_at(plc, 4 * (n + 1) + i * 4) else {
            break;
        };
        let pn = (pn & 0x3F_FFFF) as usize;
        if !seen.insert(pn) {
            continue;
        }
        let Some(page) = word.get(pn * 512..pn * 512 + 512) else {
            continue;
        };
        let crun = usize::from(page[511]);
        for r in 0..crun {
            let (Some(fc), Some(fc_end)) = (u32_at(page, r * 4), u32_at(page, r * 4 + 4)) else {
                break;
            };
            let bx = 4 * (crun + 1) + r * 13;
            let Some(&offset) = page.get(bx) else {
                break;
            };
            let mut props = ParaProps::default();
            let at = usize::from(offset) * 2;
            if at != 0 {
                let cb = usize::from(*page.get(at).unwrap_or(&0));
                let body = if cb != 0 {
                    page.get(at + 1..(at + 2 * cb).min(511))
                } else {
                    let cb = usize::from(*page.get(at + 1).unwrap_or(&0));
                    page.get(at + 2..(at + 2 + 2 * cb).min(511))
                };
                if let Some(body) = body.filter(|b| b.len() >= 2) {
                    props.istd = u16_at(body, 0).unwrap_or(0);
                    read_sprms(&body[2..], &mut props);
                }
            }
            runs.push(PapxRun { fc, fc_end, props });
        }
    }
    runs.sort_by_key(|r| r.fc);
    runs
}

/// Applies the paragraph sprms that matter here.
fn read_sprms(grpprl: &[u8], props: &mut ParaProps) {
    let mut at = 0;
    while let Some(op) = u16_at(grpprl, at) {
        at += 2;
        let size = match op >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match op {
                // sprmTDefTable and sprmPChgTabs state their size in two bytes and one.
                0xD608 => match u16_at(grpprl, at) {
                    Some(cb) => usize::from(cb) + 1,
                    None => return,
                },
                _ => match grpprl.get(at) {
                    Some(&cb) => usize::from(cb) + 1,
                    None => return,
                },
            },
        };
        let Some(operand) = grpprl.get(at..at + size) else {
            return;
        };
        match op {
            0x2416 => props.in_table = operand[0] != 0,
            0x2417 => props.row_end = operand[0] != 0,
            0x244C => props.inner_row_end = operand[0] != 0,
            0x6649 => props.depth = u32_at(operand, 0).map_or(0, |d| d as i32),
            0x2640 => props.outline = Some(operand[0]),
            _ => {}
        }
        at += size;
    }
}

/// Reads the style sheet: what each style (by index) makes a paragraph. Built-in styles are
/// known by their fixed ids (`heading 1`–`9` are 1–9, `Title` is 62); others by name, as in a
/// .docx (`标题 2`), or by the outline level they set.
fn read_styles(stsh: &[u8]) -> Vec<Option<StyleRole>> {
    let Some(cb_stshi) = u16_at(stsh, 0).map(usize::from) else {
        return Vec::new();
    };
    let (Some(cstd), Some(cb_base)) = (u16_at(stsh, 2), u16_at(stsh, 4)) else {
        return Vec::new();
    };
    let cb_base = usize::from(cb_base);
    let mut styles = Vec::with_capacity(usize::from(cstd));
    let mut at = 2 + cb_stshi;
    for _ in 0..cstd {
        let Some(cb) = u16_at(stsh, at).map(usize::from) else {
            break;
        };
        let std = stsh.get(at + 2..at + 2 + cb).unwrap_or(&[]);
        at += 2 + cb;
        if std.len() < cb_base + 2 {
            styles.push(None);
            continue;
        }
        let sti = u16_at(std, 0).unwrap_or(0) & 0x0FFF;
        let role = match sti {
            1..=9 => Some(StyleRole::Heading(sti as u8)),
            62 => Some(StyleRole::Title),
            _ => {
                let cch = usize::from(u16_at(std, cb_base).unwrap_or(0));
                let units: Vec<u16> = std
                    .get(cb_base + 2..cb_base + 2 + 2 * cch)
                    .unwrap_or(&[])
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                let name = String::from_utf16_lossy(&units);
                let name = name.split(',').next().unwrap_or("");
                docx::style_role(name).or_else(|| {
                    // The paragraph UPX after the name: cbUpx, istd, sprms.
                    let upx = (cb_base + 2 + 2 * (cch + 1) + 1) & !1;
                    let len = usize::from(u16_at(std, upx)?);
                    let grpprl = std.get(upx + 4..upx + 2 + len)?;
                    let mut props = ParaProps::default();
                    read_sprms(grpprl, &mut props);
                    props
                        .outline
                        .filter(|&l| l < 9)
                        .map(|l| StyleRole::Heading(l + 1))
                })
            }
        };
        styles.push(role);
    }
    styles
}
