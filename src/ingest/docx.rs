//! Word documents (.docx) → text, one paragraph per line, in the order of the body.
//!
//! A .docx is a zip of XML parts, read here with bounded inflation ([`super::archive`]) and a
//! streaming XML reader (events in a loop, no tree, no recursion). Paragraphs whose style is a
//! heading (`heading 1`, `标题 1`, or any style or paragraph with an outline level) become
//! heading lines; the `Title` style gives the title; list numbering that Word draws but does not
//! store in the text (`一、`, `（一）`, `1.`) is rendered from `numbering.xml` so that the
//! structure parser sees the same headings as in a text file; each table row becomes one line
//! of its cells; footnotes and endnotes follow the body as `[N] …` lines, where `[N]` also marks
//! the reference in the text. Deleted text, field codes and the fallback copy of drawings are
//! left out.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::archive::BoundedZip;
use super::extract::{tidy_line, ExtractError, Extracted, Limits};
use super::markdown::LineRole;
use crate::document::{Encoding, Format};

/// What a paragraph style means for structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StyleRole {
    Title,
    Heading(u8),
}

/// Reads a .docx.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    let mut zip = BoundedZip::open(bytes, limits)?;
    let document = zip.read_named("word/document.xml")?.ok_or_else(|| {
        ExtractError::Malformed("no word/document.xml: not a Word document".into())
    })?;
    let styles = match zip.read_named("word/styles.xml")? {
        Some(xml) => read_styles(&xml)?,
        None => Styles::default(),
    };
    let numbering = match zip.read_named("word/numbering.xml")? {
        Some(xml) => read_numbering(&xml)?,
        None => Numbering::default(),
    };
    let mut notes = NoteNumbers::default();
    let body = read_paragraphs(&document, &styles, &numbering, &mut notes, None)?;
    let (mut lines, title) = body_lines(body.blocks);
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if notes.order.is_empty() {
            break;
        }
        let Some(xml) = zip.read_named(part)? else {
            continue;
        };
        let kind = if part.contains("foot") {
            "footnote"
        } else {
            "endnote"
        };
        let notes_read = read_paragraphs(
            &xml,
            &styles,
            &numbering,
            &mut NoteNumbers::default(),
            Some(kind),
        )?;
        let mut by_id: HashMap<String, Vec<String>> = HashMap::new();
        for block in notes_read.blocks {
            if let Some(id) = block.note {
                by_id.entry(id).or_default().push(block.text);
            }
        }
        for (number, (note_kind, id)) in notes.order.iter().enumerate() {
            if *note_kind != kind {
                continue;
            }
            if let Some(texts) = by_id.get(id) {
                lines.push((
                    format!("[{}] {}", number + 1, texts.join(" ")),
                    LineRole::Body,
                ));
            }
        }
    }
    let (text_lines, roles): (Vec<String>, Vec<LineRole>) = lines.into_iter().unzip();
    Ok(Extracted {
        member: None,
        format: Format::Docx,
        encoding: Encoding::Utf8,
        text: text_lines.join("\n"),
        roles,
        title,
        fields: Vec::new(),
    })
}

/// The lines of a body's blocks with their roles, and the title: the first paragraph in the
/// Title style, or else a title set in display type. The binary Word reader builds its blocks
/// the same way, so a .doc and a .docx of one document give the same lines.
pub(super) fn body_lines(blocks: Vec<Block>) -> (Vec<(String, LineRole)>, Option<String>) {
    let mut lines: Vec<(String, LineRole)> = Vec::new();
    let mut title = None;
    let display_title = display_title(&blocks);
    for block in blocks {
        let role = match block.style {
            Some(StyleRole::Title) => {
                if title.is_none() {
                    title = Some(block.text.clone());
                }
                LineRole::Heading(1)
            }
            Some(StyleRole::Heading(level)) => LineRole::Heading(level),
            None if block.table_row => LineRole::TableRow,
            None => LineRole::Body,
        };
        lines.push((block.text, role));
    }
    (lines, title.or(display_title))
}

/// What joins the non-empty cells of a table row into one line.
pub(super) const CELL_SEPARATOR: &str = " | ";

/// How many leading paragraphs may hold a title set in display type.
const TITLE_PARAGRAPHS: usize = 8;

/// A title set in display type rather than the Title style, as Chinese official documents are
/// (方正小标宋, 二号): the paragraph in the first few with the largest font, when that is larger
/// than most of the body's paragraphs. An annex marker (`附件1`) and the issuer's banner
/// (`×××文件`, the 版头 above the title) are not titles.
fn display_title(blocks: &[Block]) -> Option<String> {
    let mut sizes: Vec<u32> = blocks
        .iter()
        .filter(|b| !b.table_row)
        .map(|b| b.size)
        .collect();
    sizes.sort_unstable();
    let typical = *sizes.get(sizes.len() / 2)?;
    blocks
        .iter()
        .take(TITLE_PARAGRAPHS)
        .filter(|b| !b.table_row && b.size > typical)
        .filter(|b| !b.text.starts_with("附件") && !b.text.ends_with("文件"))
        .filter(|b| b.text.chars().count() >= 4)
        .max_by_key(|b| (b.size, std::cmp::Reverse(b.text.len())))
        .map(|b| b.text.clone())
}

/// One line of output: a paragraph or a table row.
#[derive(Debug)]
pub(super) struct Block {
    /// The line's text, tidied; a table row's non-empty cells joined by ` | `.
    pub(super) text: String,
    /// What the paragraph's style makes it.
    pub(super) style: Option<StyleRole>,
    /// Whether the line is a table row.
    pub(super) table_row: bool,
    /// The footnote or endnote id this paragraph belongs to (in the notes parts).
    pub(super) note: Option<String>,
    /// The largest font size in the paragraph, in half-points (`w:sz`), 0 when unstated.
    pub(super) size: u32,
}

#[derive(Debug, Default)]
struct Paragraphs {
    blocks: Vec<Block>,
}

/// The footnote and endnote references in the order the body makes them: `[N]` is their place
/// in this list, plus one.
#[derive(Debug, Default)]
struct NoteNumbers {
    order: Vec<(&'static str, String)>,
}

/// The local name of an element (`w:p` → `p`).
pub(super) fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_owned()
}

/// The value of the attribute with this local name (`w:val` → `val`).
pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name).then(|| super::html::decode_entities(&a.value))
    })
}

fn xml_error(part: &str, err: impl std::fmt::Display) -> ExtractError {
    ExtractError::Malformed(format!("{part}: {err}"))
}

/// Reads the paragraphs (and table rows) of a body, footnotes or endnotes part, in order.
/// `notes_kind` is `Some("footnote")` or `Some("endnote")` for the notes parts.
fn read_paragraphs(
    xml: &[u8],
    styles: &Styles,
    numbering: &Numbering,
    notes: &mut NoteNumbers,
    notes_kind: Option<&'static str>,
) -> Result<Paragraphs, ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Paragraphs::default();
    let mut counters = Counters::default();
    // Where the reader is.
    let mut in_text = false;
    let mut skip_depth = 0usize;
    let mut table_depth = 0usize;
    let mut note_id: Option<String> = None;
    // The paragraph being read.
    let mut paragraph = String::new();
    let mut style: Option<StyleRole> = None;
    let mut outline: Option<u8> = None;
    let mut num: (Option<String>, u8) = (None, 0);
    let mut size = 0u32;
    // The table row being read (outermost table only; nested tables flow into its cells).
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error("word XML", e))?;
        match event {
            Event::Start(e) => {
                let name = local(&e);
                match name.as_str() {
                    "Fallback" | "delText" | "instrText" | "del" => skip_depth += 1,
                    _ if skip_depth > 0 => {}
                    "t" => in_text = true,
                    "p" => {
                        paragraph.clear();
                        style = None;
                        outline = None;
                        num = (None, 0);
                        size = 0;
                    }
                    "tbl" => table_depth += 1,
                    "tc" if table_depth == 1 => cell.clear(),
                    "tr" if table_depth == 1 => cells.clear(),
                    "footnote" | "endnote" => note_id = attr(&e, "id"),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip_depth > 0 {
                    continue;
                }
                match local(&e).as_str() {
                    "tab" | "br" | "cr" => paragraph.push(' '),
                    "noBreakHyphen" => paragraph.push('-'),
                    "pStyle" => {
                        if let Some(id) = attr(&e, "val") {
                            style = styles.roles.get(&id).copied();
                            size = size.max(styles.sizes.get(&id).copied().unwrap_or(0));
                        }
                    }
                    "outlineLvl" => {
                        outline = attr(&e, "val").and_then(|v| v.parse::<u8>().ok());
                    }
                    "sz" => {
                        let stated = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                        size = size.max(stated);
                    }
                    "numId" => num.0 = attr(&e, "val"),
                    "ilvl" => {
                        num.1 = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    }
                    "footnoteReference" | "endnoteReference" if notes_kind.is_none() => {
                        if let Some(id) = attr(&e, "id") {
                            let kind = if local(&e).starts_with("foot") {
                                "footnote"
                            } else {
                                "endnote"
                            };
                            notes.order.push((kind, id));
                            paragraph.push_str(&format!("[{}]", notes.order.len()));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(e) if in_text && skip_depth == 0 => {
                paragraph.push_str(&super::html::decode_entities(e.as_ref()));
            }
            Event::GeneralRef(e) if in_text && skip_depth == 0 => {
                paragraph.push_str(&super::html::decode_entities(&format!("&{};", e.as_ref())));
            }
            Event::CData(e) if in_text && skip_depth == 0 => paragraph.push_str(e.as_ref()),
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                match name.as_str() {
                    "Fallback" | "delText" | "instrText" | "del" => {
                        skip_depth = skip_depth.saturating_sub(1)
                    }
                    _ if skip_depth > 0 => {}
                    "t" => in_text = false,
                    "p" => {
                        let role = style.or_else(|| {
                            outline
                                .filter(|&l| l < 9)
                                .map(|l| StyleRole::Heading(l + 1))
                        });
                        let label = num
                            .0
                            .as_deref()
                            .and_then(|id| counters.next_label(numbering, id, num.1));
                        let mut text = tidy_line(&paragraph);
                        if let (Some(label), false) = (label, text.is_empty()) {
                            text = format!("{label}{text}");
                        }
                        paragraph.clear();
                        if table_depth > 0 {
                            if !text.is_empty() {
                                if !cell.is_empty() {
                                    cell.push(' ');
                                }
                                cell.push_str(&text);
                            }
                        } else if !text.is_empty() {
                            out.blocks.push(Block {
                                text,
                                style: role,
                                table_row: false,
                                note: note_id.clone(),
                                size,
                            });
                        }
                    }
                    "tc" if table_depth == 1 => {
                        let text = std::mem::take(&mut cell);
                        if !text.is_empty() {
                            cells.push(text);
                        }
                    }
                    "tr" if table_depth == 1 => {
                        if !cells.is_empty() {
                            out.blocks.push(Block {
                                text: cells.join(CELL_SEPARATOR),
                                style: None,
                                table_row: true,
                                note: note_id.clone(),
                                size: 0,
                            });
                        }
                        cells.clear();
                    }
                    "tbl" => table_depth = table_depth.saturating_sub(1),
                    "footnote" | "endnote" => note_id = None,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// What the paragraph styles of a document say, by style id.
#[derive(Debug, Default)]
struct Styles {
    /// Styles that mean a title or a heading.
    roles: HashMap<String, StyleRole>,
    /// The font size a style sets, in half-points.
    sizes: HashMap<String, u32>,
}

/// Reads the styles part.
fn read_styles(xml: &[u8]) -> Result<Styles, ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut styles = Styles::default();
    let roles = &mut styles.roles;
    let mut current: Option<String> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error("word/styles.xml", e))?;
        match event {
            Event::Start(e) if local(&e) == "style" => current = attr(&e, "styleId"),
            Event::End(e) if e.local_name().as_ref() == "style" => current = None,
            Event::Empty(e) => {
                let Some(id) = current.clone() else {
                    continue;
                };
                match local(&e).as_str() {
                    "name" => {
                        if let Some(role) = attr(&e, "val").and_then(|n| style_role(&n)) {
                            roles.insert(id, role);
                        }
                    }
                    "outlineLvl" => {
                        if let Some(level) = attr(&e, "val").and_then(|v| v.parse::<u8>().ok()) {
                            if level < 9 {
                                roles.entry(id).or_insert(StyleRole::Heading(level + 1));
                            }
                        }
                    }
                    "sz" => {
                        if let Some(size) = attr(&e, "val").and_then(|v| v.parse().ok()) {
                            styles.sizes.insert(id, size);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(styles)
}

/// What a style's name says: `Title`/`标题` is the title, `heading 2`/`标题 2` a heading.
pub(super) fn style_role(name: &str) -> Option<StyleRole> {
    let lower = name.trim().to_lowercase();
    if lower == "title" || lower == "标题" {
        return Some(StyleRole::Title);
    }
    let level = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?
        .trim();
    level
        .parse::<u8>()
        .ok()
        .filter(|l| (1..=9).contains(l))
        .map(StyleRole::Heading)
}

/// One level of a list's numbering: its format and its text pattern (`%1、`).
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// The numbering definitions of a document: concrete `numId` → abstract list → levels.
#[derive(Debug, Default)]
struct Numbering {
    abstract_of: HashMap<String, String>,
    levels: HashMap<String, HashMap<u8, Level>>,
}

fn read_numbering(xml: &[u8]) -> Result<Numbering, ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<String> = None;
    let mut level: Option<(u8, Level)> = None;
    let mut num_id: Option<String> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error("word/numbering.xml", e))?;
        match event {
            Event::Start(e) => match local(&e).as_str() {
                "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                "lvl" => {
                    let ilvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    level = Some((
                        ilvl,
                        Level {
                            start: 1,
                            ..Level::default()
                        },
                    ));
                }
                "num" => num_id = attr(&e, "numId"),
                _ => {}
            },
            Event::Empty(e) => {
                let value = attr(&e, "val");
                match (local(&e).as_str(), level.as_mut(), value) {
                    ("numFmt", Some((_, l)), Some(v)) => l.format = v,
                    ("lvlText", Some((_, l)), Some(v)) => l.text = v,
                    ("start", Some((_, l)), Some(v)) => l.start = v.parse().unwrap_or(1),
                    ("abstractNumId", None, Some(v)) => {
                        if let Some(id) = num_id.clone() {
                            numbering.abstract_of.insert(id, v);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "lvl" => {
                    if let (Some(id), Some((ilvl, l))) = (abstract_id.clone(), level.take()) {
                        numbering.levels.entry(id).or_default().insert(ilvl, l);
                    }
                }
                "abstractNum" => abstract_id = None,
                "num" => num_id = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(numbering)
}

/// The running counters of each list, per level.
#[derive(Debug, Default)]
struct Counters {
    counts: HashMap<String, Vec<u32>>,
}

impl Counters {
    /// Advances list `num_id` at level `ilvl` and renders its label (`三、`, `（二）`, `1.`);
    /// `None` for bullets and lists without a text pattern.
    fn next_label(&mut self, numbering: &Numbering, num_id: &str, ilvl: u8) -> Option<String> {
        let abstract_id = numbering.abstract_of.get(num_id)?;
        let levels = numbering.levels.get(abstract_id)?;
        let counts = self.counts.entry(abstract_id.clone()).or_default();
        let depth = usize::from(ilvl.min(8));
        if counts.len() <= depth {
            counts.resize(depth + 1, 0);
        }
        counts[depth] += 1;
        counts.truncate(depth + 1);
        let level = levels.get(&ilvl)?;
        if level.format == "bullet" || level.format == "none" || level.text.is_empty() {
            return None;
        }
        let mut label = level.text.clone();
        for (i, count) in counts.iter().enumerate() {
            let shown = levels.get(&(i as u8)).map_or(1, |l| l.start) + count - 1;
            let format = levels
                .get(&(i as u8))
                .map_or("decimal", |l| l.format.as_str());
            label = label.replace(&format!("%{}", i + 1), &render_number(shown, format));
        }
        Some(label)
    }
}

/// A list number in Word's number format.
fn render_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "chineseLegalSimplified"
        | "taiwaneseCounting" => crate::text::chinese_numeral(n).unwrap_or_else(|| n.to_string()),
        "lowerLetter" if (1..=26).contains(&n) => char::from(b'a' + (n - 1) as u8).to_string(),
        "upperLetter" if (1..=26).contains(&n) => char::from(b'A' + (n - 1) as u8).to_string(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx: the body XML given, a styles part with a title and two heading styles,
    /// a numbering part with a `一、` list, and the footnotes given.
    pub(crate) fn docx_of(body: &str, footnotes: &str) -> Vec<u8> {
        const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
        let parts = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".to_owned()),
            ("word/document.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>{body}</w:body></w:document>")),
            ("word/styles.xml", format!("<?xml version=\"1.0\"?><w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"a3\"><w:name w:val=\"Title\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"标题 2\"/></w:style></w:styles>")),
            ("word/numbering.xml", format!("<?xml version=\"1.0\"?><w:numbering {W}><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl></w:abstractNum><w:num w:numId=\"5\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>")),
            ("word/footnotes.xml", format!("<?xml version=\"1.0\"?><w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>{footnotes}</w:footnotes>")),
        ];
        let mut out = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            writer.start_file(name, options).unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap();
        out.into_inner()
    }

    /// A paragraph of one run, with an optional style and list.
    pub(crate) fn para(text: &str, style: Option<&str>, list: Option<(u8, u8)>) -> String {
        let style = style.map_or(String::new(), |s| format!("<w:pStyle w:val=\"{s}\"/>"));
        let list = list.map_or(String::new(), |(id, l)| {
            format!("<w:numPr><w:ilvl w:val=\"{l}\"/><w:numId w:val=\"{id}\"/></w:numPr>")
        });
        format!("<w:p><w:pPr>{style}{list}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn paragraphs_headings_lists_tables_and_footnotes() {
        let body = [
            para("关于规范经开区管理体制的意见", Some("a3"), None),
            para("总体要求", None, Some((5, 0))),
            para("坚持精简高效&amp;统一", None, None),
            para("理顺管理体制", None, Some((5, 1))),
            "<w:p><w:r><w:t>经开区管委会</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:t>为派出机构。</w:t></w:r><w:r><w:delText>删去的字</w:delText></w:r></w:p>".to_owned(),
            para("主要任务", None, Some((5, 0))),
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>姓  名</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>职务</w:t></w:r></w:p></w:tc></w:tr></w:tbl>".to_owned(),
            para("附则", Some("1"), None),
        ]
        .concat();
        let notes =
            "<w:footnote w:id=\"1\"><w:p><w:r><w:t>见某某文件。</w:t></w:r></w:p></w:footnote>";
        let extracted = extract(&docx_of(&body, notes), &Limits::default()).unwrap();
        assert_eq!(
            extracted.text,
            "关于规范经开区管理体制的意见\n一、总体要求\n坚持精简高效&统一\n（一）理顺管理体制\n经开区管委会[1]为派出机构。\n二、主要任务\n姓名 | 职务\n附则\n[1] 见某某文件。"
        );
        assert_eq!(
            extracted.title.as_deref(),
            Some("关于规范经开区管理体制的意见")
        );
        assert_eq!(extracted.roles[6], LineRole::TableRow);
        assert_eq!(extracted.roles[7], LineRole::Heading(1));
    }

    #[test]
    fn a_title_in_display_type_is_found_past_the_banner_and_annex_marker() {
        let sized = |text: &str, size: u32| {
            format!(
                "<w:p><w:r><w:rPr><w:sz w:val=\"{size}\"/></w:rPr><w:t>{text}</w:t></w:r></w:p>"
            )
        };
        let body = [
            sized("附件2", 32),
            sized("某某县人民政府文件", 72),
            sized("关于调整机构编制的批复", 44),
            sized("县编办：", 32),
            sized("你办报来的请示收悉。", 32),
            sized("经研究，同意调整。", 32),
        ]
        .concat();
        let extracted = extract(&docx_of(&body, ""), &Limits::default()).unwrap();
        assert_eq!(extracted.title.as_deref(), Some("关于调整机构编制的批复"));
    }

    #[test]
    fn broken_documents_are_errors_not_panics() {
        let whole = docx_of(&para("正文。", None, None), "");
        for cut in [10, whole.len() / 2, whole.len() - 10] {
            assert!(extract(&whole[..cut], &Limits::default()).is_err());
        }
        let bad_xml = docx_of("<w:p><w:r><w:t>未闭合</w:r>", "");
        assert!(matches!(
            extract(&bad_xml, &Limits::default()),
            Err(ExtractError::Malformed(_))
        ));
    }
}
