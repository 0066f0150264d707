//! OFD files (GB/T 33190-2016, the national fixed-layout format of electronic official
//! documents) → the text of their pages, page by page as a PDF's.
//!
//! An OFD is a zip package, opened with the bounded reader of [`super::archive`] (so the limits
//! of `.zip` and `.docx` apply): `OFD.xml` names the document (`DocBody/DocRoot`) and states its
//! metadata (`DocInfo`); the document's `Document.xml` lists its pages (`Pages/Page@BaseLoc`)
//! and template pages; each page's content holds `TextObject`s whose `TextCode`s are runs of
//! text placed by `X`/`Y` inside the object's `Boundary`, through its `CTM` where it has one.
//! The runs of a page (its templates' too) are put in reading order by their positions: runs
//! whose baselines lie within half a font size of each other are one line, read left to right,
//! and lines top to bottom. Each page's text then follows a `〔第N页〕` marker line and its lines
//! are rejoined into paragraphs as a PDF's are ([`super::pdf`]), so `cite` says 第N页第M行.
//!
//! The title, date and 发文字号 are taken from `DocInfo` only where it states them: `Title`
//! (not a file name a converter put there) or a custom datum `标题`, a custom `成文日期` or
//! else `CreationDate`, and a custom datum `文号`/`发文字号`; `Author` (most often the
//! operator's name) is not taken. Not read: annotations (stamps, seals), signatures,
//! attachments, text drawn as paths or images, and all documents of a package but its first;
//! columns are not told apart (a line runs across them). A package with an `Encryptions.xml`
//! is reported as encrypted; one whose pages hold no text is a scan and is reported as such.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::archive::BoundedZip;
use super::docx::{attr, local};
use super::extract::{ExtractError, Extracted, Limits};
use super::pdf::{page_marker, rejoin};
use crate::document::{Encoding, Format};

/// The font size assumed for a text object that states none, in the page's units (millimetres
/// in every OFD writer seen): 五号字, 10.5 pt.
const DEFAULT_FONT_SIZE: f64 = 3.7;

/// Reads an OFD package's first document.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(ExtractError::Malformed(
            "not an OFD package (an OFD is a zip archive)".into(),
        ));
    }
    let mut package = Package::open(bytes, limits)?;
    if package.has("Encryptions.xml") {
        return Err(ExtractError::Encrypted);
    }
    let ofd = package.read("OFD.xml")?.ok_or_else(|| {
        ExtractError::Malformed("no OFD.xml in the package: not an OFD file".into())
    })?;
    let entry = read_entry(&ofd)?;
    let root = entry.doc_root.ok_or_else(|| {
        ExtractError::Malformed("OFD.xml names no document (DocBody/DocRoot)".into())
    })?;
    let root = resolve("", &root);
    let document = package
        .read(&root)?
        .ok_or_else(|| ExtractError::Malformed(format!("the document {root} is missing")))?;
    let document = read_document(&document).map_err(|e| xml_error(&root, e))?;
    // Each page is a part of its own: a list of more pages than a package may have members
    // (the same part named over and over) is a trap, not a document.
    if document.pages.len() > limits.members {
        return Err(ExtractError::Hostile(format!(
            "the document lists {} pages, over the limit of {}",
            document.pages.len(),
            limits.members
        )));
    }
    let base = parent(&root);
    let mut templates: BTreeMap<String, Vec<Run>> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut any_text = false;
    for (number, page) in document.pages.iter().enumerate() {
        let path = resolve(base, &page.base_loc);
        let xml = package
            .read(&path)?
            .ok_or_else(|| ExtractError::Malformed(format!("the page {path} is missing")))?;
        let content = read_page(&xml).map_err(|e| xml_error(&path, e))?;
        let mut runs = content.runs;
        for id in &content.templates {
            if !templates.contains_key(id) {
                let runs = match document.templates.get(id) {
                    Some(loc) => {
                        let path = resolve(base, loc);
                        match package.read(&path)? {
                            Some(xml) => read_page(&xml).map_err(|e| xml_error(&path, e))?.runs,
                            None => Vec::new(),
                        }
                    }
                    None => Vec::new(),
                };
                templates.insert(id.clone(), runs);
            }
            runs.extend(templates[id].iter().cloned());
        }
        let paragraphs = rejoin(&reading_order(runs));
        any_text |= !paragraphs.is_empty();
        lines.push(page_marker(number as u32 + 1));
        lines.extend(paragraphs);
    }
    if document.pages.is_empty() {
        return Err(ExtractError::Malformed(
            "the OFD document has no pages".into(),
        ));
    }
    if !any_text {
        return Err(ExtractError::Unsupported(
            "scanned OFD (its pages hold no text); run OCR on it and index the text".into(),
        ));
    }
    Ok(Extracted {
        member: None,
        format: Format::Ofd,
        encoding: Encoding::Utf8,
        text: lines.join("\n"),
        roles: Vec::new(),
        title: entry.info.title.clone(),
        fields: entry.info.fields(),
    })
}

/// An OFD package: its members by path, looked up without regard to case or a leading `/`.
struct Package<'a> {
    zip: BoundedZip<'a>,
    members: BTreeMap<String, usize>,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, ExtractError> {
        let mut zip = BoundedZip::open(bytes, limits)?;
        let mut members = BTreeMap::new();
        for index in 0..zip.len() {
            let (name, is_dir) = zip.name(index)?;
            if !is_dir {
                members.entry(key(&name)).or_insert(index);
            }
        }
        Ok(Package { zip, members })
    }

    fn has(&self, path: &str) -> bool {
        self.members.contains_key(&key(path))
    }

    /// The bytes of a member, within the package's inflation budget; `None` if there is none.
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        match self.members.get(&key(path)) {
            Some(&index) => self.zip.read(index).map(Some),
            None => Ok(None),
        }
    }
}

/// The key a member path is looked up by.
fn key(path: &str) -> String {
    path.replace('\\', "/")
        .trim_start_matches('/')
        .to_lowercase()
}

/// The folder of a member path (`Doc_0/Document.xml` → `Doc_0`).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// A location (`BaseLoc`, `DocRoot`) as a member path: absolute when it starts with `/`,
/// otherwise relative to `base`; `.` and `..` resolved, never above the package root.
fn resolve(base: &str, loc: &str) -> String {
    let loc = loc.trim().replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    let start = if loc.starts_with('/') { "" } else { base };
    for part in start.split('/').chain(loc.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

fn xml_error(part: &str, err: quick_xml::Error) -> ExtractError {
    ExtractError::Malformed(format!("{part}: {err}"))
}

/// What `OFD.xml` says of the first document.
#[derive(Debug, Default)]
struct Entry {
    doc_root: Option<String>,
    info: DocInfo,
}

/// The metadata a document states in `DocInfo`.
#[derive(Debug, Default, PartialEq)]
struct DocInfo {
    title: Option<String>,
    creation_date: Option<String>,
    /// `CustomDatas/CustomData`: (Name, value).
    custom: Vec<(String, String)>,
}

impl DocInfo {
    /// The custom datum under any of these names, if stated.
    fn custom(&self, names: &[&str]) -> Option<&str> {
        self.custom
            .iter()
            .find(|(name, value)| names.contains(&name.trim()) && !value.trim().is_empty())
            .map(|(_, value)| value.trim())
    }

    /// The metadata stated, as front-matter keys and values.
    fn fields(&self) -> Vec<(String, String)> {
        let mut fields = Vec::new();
        let mut push = |key: &str, value: Option<&str>| {
            if let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) {
                fields.push((key.to_owned(), value.to_owned()));
            }
        };
        push(
            "title",
            self.title
                .as_deref()
                .or(self.custom(&["标题", "公文标题", "文件标题"])),
        );
        // A stated date of the document itself wins; the file's creation date only stands in.
        push("date", self.custom(&["成文日期", "发文日期", "印发日期"]));
        push("publish_date", self.creation_date.as_deref());
        push(
            "doc_number",
            self.custom(&["文号", "发文字号", "发文文号", "公文文号"]),
        );
        push("issuer", self.custom(&["发文机关", "发文单位"]));
        fields
    }
}

/// Reads `OFD.xml`: the first `DocBody`'s `DocRoot` and `DocInfo`.
fn read_entry(xml: &[u8]) -> Result<Entry, ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut entry = Entry::default();
    let mut bodies = 0usize;
    // The element whose text is being read, and the custom datum's name.
    let mut field: Option<String> = None;
    let mut custom_name: Option<String> = None;
    let mut text = String::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error("OFD.xml", e))?;
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if name == "DocBody" {
                    bodies += 1;
                }
                if bodies == 1
                    && matches!(
                        name.as_str(),
                        "DocRoot" | "Title" | "CreationDate" | "CustomData"
                    )
                {
                    if name == "CustomData" {
                        custom_name = attr(&e, "Name");
                    }
                    field = Some(name);
                    text.clear();
                }
            }
            Event::Text(e) if field.is_some() => {
                text.push_str(&super::html::decode_entities(e.as_ref()))
            }
            Event::GeneralRef(e) if field.is_some() => {
                text.push_str(&super::html::decode_entities(&format!("&{};", e.as_ref())))
            }
            Event::CData(e) if field.is_some() => text.push_str(e.as_ref()),
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                if field.as_deref() == Some(name.as_str()) {
                    let value = text.trim().to_owned();
                    match field.take().as_deref() {
                        Some("DocRoot") => entry.doc_root = Some(value),
                        // A converter often fills the title with the source's file name
                        // (`通知.docx`): that is not a title the document states.
                        Some("Title") => {
                            entry.info.title = Some(value)
                                .filter(|v| !v.is_empty() && super::format_of_name(v).is_err())
                        }
                        Some("CreationDate") => {
                            entry.info.creation_date = Some(value).filter(|v| !v.is_empty())
                        }
                        Some("CustomData") => {
                            if let Some(name) = custom_name.take() {
                                entry.info.custom.push((name, value));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(entry)
}

/// What `Document.xml` lists: its pages in order and its template pages by id.
#[derive(Debug, Default)]
struct DocumentParts {
    pages: Vec<PageRef>,
    templates: BTreeMap<String, String>,
}

#[derive(Debug)]
struct PageRef {
    base_loc: String,
}

fn read_document(xml: &[u8]) -> Result<DocumentParts, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut parts = DocumentParts::default();
    let mut in_pages = false;
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == "Pages" => in_pages = true,
            Event::End(e) if e.local_name().as_ref() == "Pages" => in_pages = false,
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "Page" if in_pages => {
                    if let Some(base_loc) = attr(&e, "BaseLoc") {
                        parts.pages.push(PageRef { base_loc });
                    }
                }
                "TemplatePage" => {
                    if let (Some(id), Some(loc)) = (attr(&e, "ID"), attr(&e, "BaseLoc")) {
                        parts.templates.insert(id, loc);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(parts)
}

/// A run of text placed on a page: where its first glyph's baseline starts, how wide it is and
/// its font size, all in page units after the object's transform.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    x: f64,
    y: f64,
    width: f64,
    size: f64,
    text: String,
}

/// What a page's (or template page's) content gives: its text runs and the templates it uses.
#[derive(Debug, Default)]
struct PageContent {
    runs: Vec<Run>,
    templates: Vec<String>,
}

/// The placement of a text object: its boundary's origin, its transform and its font size.
#[derive(Debug, Clone)]
struct TextObject {
    origin: (f64, f64),
    ctm: [f64; 6],
    size: f64,
    /// Where the last `TextCode` started, for one that states no `X` or `Y`.
    last: (f64, f64),
}

impl TextObject {
    fn from(e: &BytesStart) -> TextObject {
        let attrs = attributes(e);
        let numbers = |name: &str| get(&attrs, name).map(numbers).unwrap_or_default();
        let boundary = numbers("Boundary");
        let ctm = numbers("CTM");
        let size = get(&attrs, "Size")
            .or_else(|| get(&attrs, "size"))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(DEFAULT_FONT_SIZE);
        TextObject {
            origin: (
                boundary.first().copied().unwrap_or(0.0),
                boundary.get(1).copied().unwrap_or(0.0),
            ),
            ctm: if ctm.len() == 6 {
                [ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5]]
            } else {
                [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
            },
            size,
            last: (0.0, 0.0),
        }
    }

    /// A point of the object's space on the page.
    fn place(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.ctm;
        (
            self.origin.0 + a * x + c * y + e,
            self.origin.1 + b * x + d * y + f,
        )
    }

    /// How much the transform scales lengths.
    fn scale(&self) -> f64 {
        let [a, b, c, d, _, _] = self.ctm;
        let scale = (a * d - b * c).abs().sqrt();
        if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        }
    }

    /// The run a `TextCode` with these attributes and text makes.
    fn run(&mut self, x: Option<f64>, y: Option<f64>, delta_x: &[f64], text: String) -> Run {
        let start = (x.unwrap_or(self.last.0), y.unwrap_or(self.last.1));
        self.last = start;
        let glyphs = text.chars().count();
        let advance: f64 = if delta_x.is_empty() {
            self.size * glyphs.saturating_sub(1) as f64
        } else {
            delta_x.iter().take(glyphs.saturating_sub(1)).sum()
        };
        let (px, py) = self.place(start);
        let scale = self.scale();
        Run {
            x: px,
            y: py,
            width: (advance + self.size) * scale,
            size: self.size * scale,
            text,
        }
    }
}

/// An element's attributes by local name, read in one pass (a text object's four or a text
/// code's three are each looked up once), their character references decoded.
fn attributes(e: &BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            (
                a.key.local_name().as_ref().to_owned(),
                super::html::decode_entities(&a.value),
            )
        })
        .collect()
}

/// The value of attribute `name` among `attrs`.
fn get<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The numbers of a space-separated list (`Boundary`, `CTM`); what does not parse is left out.
fn numbers(value: &str) -> Vec<f64> {
    value
        .split_whitespace()
        .filter_map(|n| n.parse::<f64>().ok())
        .filter(|n| n.is_finite())
        .collect()
}

/// The advances of a `DeltaX`: numbers, where `g N v` stands for `N` times `v`. At most
/// `glyphs` are expanded, so a hostile repeat count costs nothing.
fn deltas(value: &str, glyphs: usize) -> Vec<f64> {
    let mut out = Vec::new();
    let mut tokens = value.split_whitespace();
    while out.len() < glyphs {
        let Some(token) = tokens.next() else { break };
        if token == "g" {
            let count = tokens.next().and_then(|n| n.parse::<usize>().ok());
            let step = tokens.next().and_then(|n| n.parse::<f64>().ok());
            if let (Some(count), Some(step)) = (count, step.filter(|s| s.is_finite())) {
                let count = count.min(glyphs - out.len());
                out.extend(std::iter::repeat_n(step, count));
            }
        } else if let Ok(n) = token.parse::<f64>() {
            if n.is_finite() {
                out.push(n);
            }
        }
    }
    out
}

/// Reads a page's content: every `TextCode` of every `TextObject` (in layers and page blocks
/// at any depth), placed on the page, and the ids of the templates it uses.
fn read_page(xml: &[u8]) -> Result<PageContent, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut content = PageContent::default();
    let mut object: Option<TextObject> = None;
    // The TextCode being read: its X, Y and DeltaX, and its text.
    let mut code: Option<(Option<f64>, Option<f64>, String)> = None;
    let mut text = String::new();
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "TextObject" => object = Some(TextObject::from(&e)),
                "Template" => content.templates.extend(attr(&e, "TemplateID")),
                "TextCode" if object.is_some() => {
                    let attrs = attributes(&e);
                    let coordinate = |name| get(&attrs, name).and_then(|v| v.trim().parse().ok());
                    code = Some((
                        coordinate("X"),
                        coordinate("Y"),
                        get(&attrs, "DeltaX").unwrap_or_default().to_owned(),
                    ));
                    text.clear();
                }
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "Template" => {
                content.templates.extend(attr(&e, "TemplateID"))
            }
            Event::Text(e) if code.is_some() => {
                text.push_str(&super::html::decode_entities(e.as_ref()))
            }
            Event::GeneralRef(e) if code.is_some() => {
                text.push_str(&super::html::decode_entities(&format!("&{};", e.as_ref())))
            }
            Event::CData(e) if code.is_some() => text.push_str(e.as_ref()),
            Event::End(e) => match e.local_name().as_ref() {
                "TextObject" => object = None,
                "TextCode" => {
                    if let (Some((x, y, delta_x)), Some(object)) = (code.take(), object.as_mut()) {
                        let glyphs = text.chars().count();
                        let run = object.run(x, y, &deltas(&delta_x, glyphs), text.clone());
                        if !run.text.trim().is_empty() {
                            content.runs.push(run);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(content)
}

/// A page's runs in reading order, a line of the layout per line: runs whose baselines lie
/// within half a font size of the line's first are one line, read left to right with a space
/// where a gap of more than half a font size separates two runs; lines top to bottom.
fn reading_order(mut runs: Vec<Run>) -> String {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some(line) if (run.y - line[0].y).abs() <= line[0].size.max(run.size) / 2.0 => {
                line.push(run)
            }
            _ => lines.push(vec![run]),
        }
    }
    let mut out = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut end: Option<f64> = None;
        for run in &line {
            if end.is_some_and(|end| run.x - end > run.size / 2.0) {
                out.push(' ');
            }
            out.push_str(&run.text);
            end = Some(end.map_or(run.x + run.width, |e: f64| e.max(run.x + run.width)));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    /// A zip package of the given (name, content) members.
    fn package(members: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut writer = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default();
            for (name, content) in members {
                writer.start_file(*name, options).unwrap();
                writer.write_all(content.as_bytes()).unwrap();
            }
            writer.finish().unwrap();
        }
        out.into_inner()
    }

    const OFD_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">
  <ofd:DocBody>
    <ofd:DocInfo>
      <ofd:DocID>x</ofd:DocID>
      <ofd:Title>某某县关于&amp;测试的通知</ofd:Title>
      <ofd:Author>张三</ofd:Author>
      <ofd:CreationDate>2026-03-01</ofd:CreationDate>
      <ofd:CustomDatas><ofd:CustomData Name="文号">某政发〔2026〕7号</ofd:CustomData></ofd:CustomDatas>
    </ofd:DocInfo>
    <ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot>
  </ofd:DocBody>
</ofd:OFD>"#;

    const DOCUMENT_XML: &str = r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">
  <ofd:CommonData><ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>
  <ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>
</ofd:Document>"#;

    /// Runs given out of order, one through a CTM, one with no X (it keeps the last one's).
    const PAGE_XML: &str = r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">
  <ofd:Template TemplateID="9"/>
  <ofd:Content><ofd:Layer ID="2">
    <ofd:PageBlock>
      <ofd:TextObject ID="3" Boundary="20 60 100 10" Size="4">
        <ofd:TextCode X="0" Y="4" DeltaX="g 3 4">第二行。</ofd:TextCode>
      </ofd:TextObject>
    </ofd:PageBlock>
    <ofd:TextObject ID="4" Boundary="40 36 100 10" Size="4">
      <ofd:TextCode X="16" Y="4">后半</ofd:TextCode>
    </ofd:TextObject>
    <ofd:TextObject ID="5" Boundary="0 0 100 10" CTM="2 0 0 2 20 32" Size="2">
      <ofd:TextCode X="0" Y="4">前半</ofd:TextCode>
    </ofd:TextObject>
  </ofd:Layer></ofd:Content>
</ofd:Page>"#;

    const TEMPLATE_XML: &str = r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>
  <ofd:TextObject ID="7" Boundary="30 10 100 10" Size="6"><ofd:TextCode X="0" Y="6">某某县人民政府文件</ofd:TextCode></ofd:TextObject>
</ofd:Layer></ofd:Content></ofd:Page>"#;

    #[test]
    fn runs_are_placed_by_boundary_and_ctm_and_read_in_lines() {
        let bytes = package(&[
            ("OFD.xml", OFD_XML),
            ("Doc_0/Document.xml", DOCUMENT_XML),
            ("Doc_0/Pages/Page_0/Content.xml", PAGE_XML),
            ("Doc_0/Tpls/Tpl_0/Content.xml", TEMPLATE_XML),
        ]);
        let extracted = extract(&bytes, &Limits::default()).unwrap();
        assert_eq!(extracted.format, Format::Ofd);
        assert_eq!(
            extracted.text,
            "〔第1页〕\n某某县人民政府文件\n前半后半\n第二行。"
        );
        assert_eq!(extracted.title.as_deref(), Some("某某县关于&测试的通知"));
        assert_eq!(
            extracted.fields,
            [
                ("title".to_owned(), "某某县关于&测试的通知".to_owned()),
                ("publish_date".to_owned(), "2026-03-01".to_owned()),
                ("doc_number".to_owned(), "某政发〔2026〕7号".to_owned()),
            ]
        );
    }

    #[test]
    fn docinfo_gives_the_document_its_title_date_and_number() {
        let bytes = package(&[
            ("OFD.xml", OFD_XML),
            ("Doc_0/Document.xml", DOCUMENT_XML),
            ("Doc_0/Pages/Page_0/Content.xml", PAGE_XML),
        ]);
        let extracted = extract(&bytes, &Limits::default()).unwrap();
        let document = crate::ingest::build_document("x.ofd".into(), extracted);
        assert_eq!(document.metadata.title, "某某县关于&测试的通知");
        assert_eq!(document.metadata.date.as_deref(), Some("2026-03-01"));
        assert_eq!(
            document.metadata.doc_number.as_deref(),
            Some("某政发〔2026〕7号")
        );
        // The page marker is masked out of analysis.
        assert!(!document.analysis_text.contains("第1页"));
    }

    #[test]
    fn a_file_name_in_title_is_not_a_title() {
        let ofd = OFD_XML.replace("某某县关于&amp;测试的通知", "Microsoft Word - 通知.docx");
        let entry = read_entry(ofd.as_bytes()).unwrap();
        assert_eq!(entry.info.title, None);
        assert_eq!(entry.doc_root.as_deref(), Some("/Doc_0/Document.xml"));
    }

    #[test]
    fn nothing_is_guessed_where_docinfo_is_silent() {
        let ofd = r#"<OFD><DocBody><DocInfo><Creator>x</Creator></DocInfo><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>"#;
        let bytes = package(&[
            ("OFD.xml", ofd),
            ("Doc_0/Document.xml", DOCUMENT_XML),
            ("Doc_0/Pages/Page_0/Content.xml", PAGE_XML),
        ]);
        let extracted = extract(&bytes, &Limits::default()).unwrap();
        assert_eq!(extracted.title, None);
        assert!(extracted.fields.is_empty());
        // The template it names is not in the package: its page is read without it.
        assert_eq!(extracted.text, "〔第1页〕\n前半后半\n第二行。");
    }

    #[test]
    fn words_apart_on_one_line_keep_a_space() {
        let runs = vec![
            Run {
                x: 40.0,
                y: 10.2,
                width: 12.0,
                size: 4.0,
                text: "Beta".into(),
            },
            Run {
                x: 10.0,
                y: 10.0,
                width: 20.0,
                size: 4.0,
                text: "Alpha".into(),
            },
            Run {
                x: 10.0,
                y: 16.0,
                width: 4.0,
                size: 4.0,
                text: "下".into(),
            },
        ];
        assert_eq!(reading_order(runs), "Alpha Beta\n下\n");
    }

    #[test]
    fn a_glyph_per_run_with_a_jittered_baseline_reads_as_lines() {
        // As some writers place each character on its own, justified (a little spacing) and
        // with baselines off by a fraction of the size; given in a shuffled order.
        let glyph = |c: char, i: usize, y: f64| Run {
            x: 10.0 + i as f64 * 4.6,
            y,
            width: 4.2,
            size: 4.2,
            text: c.to_string(),
        };
        let mut runs = Vec::new();
        for (i, c) in "关于印发方案的通知".chars().enumerate() {
            runs.push(glyph(c, i, 20.0 + if i % 2 == 0 { 0.4 } else { -0.4 }));
        }
        for (i, c) in "各部门：".chars().enumerate() {
            runs.push(glyph(c, i, 27.0));
        }
        runs.reverse();
        runs.swap(1, 9);
        assert_eq!(reading_order(runs), "关于印发方案的通知\n各部门：\n");
    }

    #[test]
    fn locations_resolve_inside_the_package() {
        assert_eq!(
            resolve("Doc_0", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(resolve("Doc_0", "/Doc_0/Res/a.xml"), "Doc_0/Res/a.xml");
        assert_eq!(resolve("Doc_0", "../../../etc/passwd"), "etc/passwd");
        assert_eq!(key("\\Doc_0\\Document.XML"), "doc_0/document.xml");
    }

    #[test]
    fn delta_x_repeats_are_expanded_only_as_far_as_the_glyphs() {
        assert_eq!(deltas("g 3 2.5 1", 10), [2.5, 2.5, 2.5, 1.0]);
        assert_eq!(deltas("g 4000000000 1", 2), [1.0, 1.0]);
        assert_eq!(deltas("x 1 NaN", 5), [1.0]);
    }

    #[test]
    fn a_page_that_inflates_past_the_cap_or_too_many_pages_are_refused() {
        let zeros = "0".repeat(3 * 1024 * 1024);
        let bytes = {
            let mut out = Cursor::new(Vec::new());
            let mut writer = zip::ZipWriter::new(&mut out);
            let deflated = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, content) in [
                ("OFD.xml", OFD_XML),
                ("Doc_0/Document.xml", DOCUMENT_XML),
                ("Doc_0/Pages/Page_0/Content.xml", zeros.as_str()),
            ] {
                writer.start_file(name, deflated).unwrap();
                writer.write_all(content.as_bytes()).unwrap();
            }
            writer.finish().unwrap();
            out.into_inner()
        };
        assert!(bytes.len() < 100_000, "deflated to {} bytes", bytes.len());
        let limits = Limits {
            member_bytes: 1024 * 1024,
            ..Limits::default()
        };
        assert!(matches!(
            extract(&bytes, &limits),
            Err(ExtractError::Hostile(m)) if m.contains("a member declares 3.0 MB")
        ));
        let pages = format!(
            "<Document><Pages>{}</Pages></Document>",
            r#"<Page BaseLoc="Pages/Page_0/Content.xml"/>"#.repeat(50)
        );
        let repeated = package(&[
            ("OFD.xml", OFD_XML),
            ("Doc_0/Document.xml", &pages),
            ("Doc_0/Pages/Page_0/Content.xml", PAGE_XML),
        ]);
        let limits = Limits {
            members: 10,
            ..Limits::default()
        };
        assert!(matches!(
            extract(&repeated, &limits),
            Err(ExtractError::Hostile(m)) if m.contains("lists 50 pages")
        ));
    }

    #[test]
    fn bad_packages_are_reported() {
        assert!(matches!(
            extract(b"not a zip", &Limits::default()),
            Err(ExtractError::Malformed(_))
        ));
        let no_entry = package(&[("Doc_0/Document.xml", DOCUMENT_XML)]);
        assert!(matches!(
            extract(&no_entry, &Limits::default()),
            Err(ExtractError::Malformed(m)) if m.contains("no OFD.xml")
        ));
        let encrypted = package(&[("OFD.xml", OFD_XML), ("Encryptions.xml", "<x/>")]);
        assert_eq!(
            extract(&encrypted, &Limits::default()),
            Err(ExtractError::Encrypted)
        );
        let scanned = package(&[
            ("OFD.xml", OFD_XML),
            ("Doc_0/Document.xml", DOCUMENT_XML),
            (
                "Doc_0/Pages/Page_0/Content.xml",
                "<Page><Content><Layer><ImageObject ID=\"1\"/></Layer></Content></Page>",
            ),
        ]);
        assert!(matches!(
            extract(&scanned, &Limits::default()),
            Err(ExtractError::Unsupported(m)) if m.contains("scanned OFD")
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A damaged package — a character of its XML changed (to markup, a sign, a digit, an
        /// exponent), or any prefix of the zip — is an error or a text, never a panic.
        #[test]
        fn damaged_packages_never_panic(at in 0usize..8000, with in 0usize..10, cut in 0usize..4000) {
            let mut parts = [OFD_XML, DOCUMENT_XML, PAGE_XML, TEMPLATE_XML].map(str::to_owned);
            let part = &mut parts[at % 4];
            let (i, c) = part.char_indices().nth((at / 4) % part.chars().count()).unwrap();
            let new = ['<', '>', '"', '-', 'e', '9', ' ', '&', '/', '0'][with];
            part.replace_range(i..i + c.len_utf8(), &new.to_string());
            let bytes = package(&[
                ("OFD.xml", &parts[0]),
                ("Doc_0/Document.xml", &parts[1]),
                ("Doc_0/Pages/Page_0/Content.xml", &parts[2]),
                ("Doc_0/Tpls/Tpl_0/Content.xml", &parts[3]),
            ]);
            let _ = extract(&bytes, &Limits::default());
            let _ = extract(&bytes[..cut.min(bytes.len())], &Limits::default());
        }
    }
}
