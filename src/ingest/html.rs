//! HTML pages → the article's text, one block element per line.
//!
//! A small tag scanner, not a full HTML5 parser: it keeps a stack of open elements (a loop, never
//! recursion, so a page nested 200,000 levels deep cannot overflow the stack; past
//! [`MAX_NESTING`] open elements the page is refused as hostile), drops whole subtrees that are
//! page furniture (`<nav>`, `<header>`, `<footer>`, `<aside>`, menus, scripts, styles, forms, and
//! elements whose `class` or `id` names a navigation bar, menu, breadcrumb, sidebar or footer),
//! breaks lines at block elements and decodes character references. The encoding comes from a
//! `<meta charset>` (GB2312, GBK and GB18030 read as GB18030) or, without one, from detection.
//! The title is the page's main heading (`<h1>` outside the furniture) or its `<title>` without
//! the site's name (`关于…的通知_某市人民政府` → `关于…的通知`).

use super::decode;
use super::extract::{tidy_line, ExtractError, Extracted};
use super::markdown::LineRole;
use crate::document::{Encoding, Format};

/// The most elements open at once; a deeper page is refused (real pages stay under a few
/// hundred).
pub const MAX_NESTING: usize = 10_000;

/// How many leading bytes are searched for a `<meta charset>`.
const CHARSET_SNIFF_BYTES: usize = 4096;

/// Elements whose whole content is page furniture or not text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "menu",
    "form", "select", "button", "iframe", "svg", "object", "canvas", "map",
];

/// Words in a `class` or `id` (split at `-`, `_` and spaces) that mark navigation and footers.
const FURNITURE_NAMES: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "footer",
    "foot",
    "sidebar",
    "topbar",
    "toolbar",
    "share",
    "copyright",
    "banner",
    "skip",
    "weizhi",
    "dqwz",
    "daohang",
    "bottom",
];

/// Whole `class` or `id` values (one of the space-separated classes) that mark a page's header:
/// only whole, since `article-header` is the article's own.
const FURNITURE_CLASSES: &[&str] = &["header", "head", "top", "logo", "site-header", "topnav"];

/// Elements that never have content or an end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style", "textarea", "title", "xmp"];

/// Elements that start and end a line of text.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
];

/// Reads an HTML page's main text.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let (source, encoding) = decode_page(bytes)?;
    let page = scan(&source)?;
    let title = page
        .h1
        .filter(|t| t.chars().count() >= 4)
        .or_else(|| page.title.as_deref().map(strip_site_name))
        .filter(|t| !t.is_empty());
    Ok(Extracted {
        member: None,
        format: Format::Html,
        encoding,
        text: page.lines.join("\n"),
        roles: page.roles,
        title,
        fields: Vec::new(),
    })
}

/// Decodes a page by its declared charset, or by detection when it declares none (or one
/// zhengce does not read).
fn decode_page(bytes: &[u8]) -> Result<(String, Encoding), ExtractError> {
    let declared = declared_charset(bytes);
    let gb = declared
        .as_deref()
        .is_some_and(|c| matches!(c, "gb2312" | "gbk" | "gb18030" | "x-gbk" | "cp936"));
    if gb && !bytes.starts_with(b"\xef\xbb\xbf") {
        let (text, _, _) = encoding_rs::GB18030.decode(bytes);
        return Ok((text.into_owned(), Encoding::Gb18030));
    }
    decode::decode(bytes).map_err(|e| ExtractError::NotText(e.to_string()))
}

/// The `charset` a page declares in its first bytes, lower-cased.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(CHARSET_SNIFF_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let value: String = lower[at..]
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .map(|&b| b as char)
        .collect();
    (!value.is_empty()).then_some(value)
}

/// What the scan of a page found.
#[derive(Default)]
struct Page {
    lines: Vec<String>,
    roles: Vec<LineRole>,
    title: Option<String>,
    h1: Option<String>,
}

/// One open element.
struct Open {
    name: String,
    /// Whether this element starts a furniture subtree.
    skips: bool,
}

/// Builds the lines of text as the scan meets text and block boundaries.
#[derive(Default)]
struct LineBuilder {
    page: Page,
    line: String,
    role: Option<LineRole>,
    /// Text of the `<h1>` being read, if inside one.
    h1: Option<String>,
}

impl LineBuilder {
    /// Adds text (whitespace already collapsed to single spaces).
    fn push_text(&mut self, text: &str, preformatted: bool) {
        for piece in text.split_inclusive('\n') {
            let (body, newline) = match piece.strip_suffix('\n') {
                Some(body) if preformatted => (body, true),
                _ => (piece, false),
            };
            for c in body.chars() {
                let c = if c.is_whitespace() { ' ' } else { c };
                if c == ' ' && (self.line.is_empty() || self.line.ends_with(' ')) {
                    continue;
                }
                self.line.push(c);
                if let Some(h1) = &mut self.h1 {
                    h1.push(c);
                }
            }
            if newline {
                self.break_line();
            }
        }
    }

    /// Starts a table cell: cells of a row are joined by ` | `, as in a Word table row.
    fn cell_gap(&mut self) {
        let trimmed = self.line.trim_end();
        if !trimmed.is_empty() && !trimmed.ends_with('|') {
            self.line.truncate(trimmed.len());
            self.line.push_str(" | ");
        }
    }

    /// Ends the current line, if it has text.
    fn break_line(&mut self) {
        let line = tidy_line(&self.line);
        if !line.is_empty() {
            self.page.lines.push(line);
            self.page.roles.push(self.role.unwrap_or(LineRole::Body));
        }
        self.line.clear();
        self.role = None;
    }
}

/// Scans a page's source once, left to right.
fn scan(source: &str) -> Result<Page, ExtractError> {
    let bytes = source.as_bytes();
    let mut out = LineBuilder::default();
    let mut stack: Vec<Open> = Vec::new();
    // How many elements of each name are open, so an end tag that closes nothing costs nothing.
    let mut open_names: std::collections::HashMap<String, usize> = Default::default();
    let mut skipping = 0usize;
    let mut pre = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        let Some(lt) = find_byte(bytes, at, b'<') else {
            if skipping == 0 {
                out.push_text(&decode_entities(&source[at..]), pre > 0);
            }
            break;
        };
        if lt > at && skipping == 0 {
            out.push_text(&decode_entities(&source[at..lt]), pre > 0);
        }
        let rest = &source[lt..];
        if rest.starts_with("<!--") {
            at = source[lt + 4..]
                .find("-->")
                .map_or(bytes.len(), |i| lt + 4 + i + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            at = find_byte(bytes, lt, b'>').map_or(bytes.len(), |i| i + 1);
            continue;
        }
        let Some(tag) = parse_tag(source, lt) else {
            // A `<` that starts no tag is text.
            if skipping == 0 {
                out.push_text("<", pre > 0);
            }
            at = lt + 1;
            continue;
        };
        at = tag.end;
        if tag.closing {
            if open_names.get(&tag.name).copied().unwrap_or(0) == 0 {
                continue;
            }
            let Some(depth) = stack.iter().rposition(|o| o.name == tag.name) else {
                continue;
            };
            for open in stack.drain(depth..).rev() {
                if let Some(count) = open_names.get_mut(&open.name) {
                    *count -= 1;
                }
                if open.skips {
                    skipping -= 1;
                }
                if open.name == "pre" {
                    pre = pre.saturating_sub(1);
                }
                if skipping == 0 {
                    close_element(&mut out, &open.name);
                }
            }
            continue;
        }
        let name = tag.name.as_str();
        if RAW_TEXT_ELEMENTS.contains(&name) && !tag.self_closing {
            let (content, end) = raw_text(source, at, name);
            if name == "title" && out.page.title.is_none() {
                let title = decode_entities(content);
                out.page.title = Some(title.split_whitespace().collect::<Vec<_>>().join(" "));
            } else if name == "textarea" && skipping == 0 {
                out.push_text(&decode_entities(content), false);
            }
            at = end;
            continue;
        }
        if VOID_ELEMENTS.contains(&name) || tag.self_closing {
            if skipping == 0 && (name == "br" || name == "hr") {
                out.break_line();
            }
            continue;
        }
        // A new `<p>` or `<li>` closes an open one of the same name, as browsers do.
        if matches!(
            name,
            "p" | "li" | "dt" | "dd" | "tr" | "td" | "th" | "option"
        ) {
            if let Some(top) = stack.last() {
                if top.name == name {
                    let open = stack.pop().expect("the top exists");
                    if let Some(count) = open_names.get_mut(&open.name) {
                        *count -= 1;
                    }
                    if open.skips {
                        skipping -= 1;
                    }
                    if skipping == 0 {
                        close_element(&mut out, &open.name);
                    }
                }
            }
        }
        if stack.len() >= MAX_NESTING {
            return Err(ExtractError::Hostile(format!(
                "elements nested more than {MAX_NESTING} levels deep"
            )));
        }
        let skips = SKIPPED_ELEMENTS.contains(&name) || names_furniture(&tag.attributes);
        if skipping == 0 {
            if skips {
                out.break_line();
            } else {
                open_element(&mut out, name);
            }
        }
        if skips {
            skipping += 1;
        }
        if name == "pre" {
            pre += 1;
        }
        *open_names.entry(tag.name.clone()).or_default() += 1;
        stack.push(Open {
            name: tag.name,
            skips,
        });
    }
    out.break_line();
    Ok(out.page)
}

/// What a start tag does to the text.
fn open_element(out: &mut LineBuilder, name: &str) {
    if BLOCK_ELEMENTS.contains(&name) {
        out.break_line();
    }
    if let Some(level) = heading_level(name) {
        out.role = Some(LineRole::Heading(level));
        if level == 1 && out.page.h1.is_none() {
            out.h1 = Some(String::new());
        }
    }
    if matches!(name, "td" | "th") {
        out.cell_gap();
        out.role = Some(LineRole::TableRow);
    }
}

/// What an end tag does to the text.
fn close_element(out: &mut LineBuilder, name: &str) {
    if name == "h1" {
        if let Some(h1) = out.h1.take() {
            let h1 = tidy_line(&h1);
            if !h1.is_empty() {
                out.page.h1 = Some(h1);
            }
        }
    }
    if BLOCK_ELEMENTS.contains(&name) {
        out.break_line();
    }
}

fn heading_level(name: &str) -> Option<u8> {
    let digit = name.strip_prefix('h')?;
    match digit {
        "1" | "2" | "3" | "4" | "5" | "6" => digit.parse().ok(),
        _ => None,
    }
}

/// Whether an element's `class` or `id` names navigation, a menu, a breadcrumb or a footer.
fn names_furniture(attributes: &[(String, String)]) -> bool {
    attributes
        .iter()
        .filter(|(name, _)| name == "class" || name == "id" || name == "role")
        .flat_map(|(_, value)| value.split_whitespace())
        .map(str::to_ascii_lowercase)
        .any(|class| {
            FURNITURE_CLASSES.contains(&class.as_str())
                || class
                    .split(['-', '_'])
                    .any(|word| FURNITURE_NAMES.contains(&word))
        })
}

fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == byte)
        .map(|i| from + i)
}

/// A start or end tag.
struct Tag {
    /// Lower-case element name.
    name: String,
    closing: bool,
    self_closing: bool,
    /// Lower-case attribute names with their values.
    attributes: Vec<(String, String)>,
    /// One past the closing `>`.
    end: usize,
}

/// Parses the tag that starts at `lt` (a `<`), if one does.
fn parse_tag(source: &str, lt: usize) -> Option<Tag> {
    let bytes = source.as_bytes();
    let mut i = lt + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-' || bytes[i] == b':')
    {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = source[name_start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            None => {
                return Some(Tag {
                    name,
                    closing,
                    self_closing,
                    attributes,
                    end: bytes.len(),
                })
            }
            Some(b'>') => {
                return Some(Tag {
                    name,
                    closing,
                    self_closing,
                    attributes,
                    end: i + 1,
                });
            }
            Some(b'/') => {
                self_closing = bytes.get(i + 1) == Some(&b'>');
                i += 1;
                continue;
            }
            _ => {}
        }
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let attr = source[attr_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = find_byte(bytes, i + 1, q).unwrap_or(bytes.len());
                    value = decode_entities(&source[i + 1..end]);
                    i = (end + 1).min(bytes.len());
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&source[start..i]);
                }
            }
        }
        if attr.is_empty() {
            i += 1;
        } else {
            attributes.push((attr, value));
        }
    }
}

/// The raw content of a `<script>`, `<style>`, `<title>`… starting at `from`, and where its end
/// tag ends.
fn raw_text<'a>(source: &'a str, from: usize, name: &str) -> (&'a str, usize) {
    let bytes = source.as_bytes();
    let mut at = from;
    // Each `</` is looked at once, so a page of many scripts stays linear.
    while let Some(lt) = find_byte(bytes, at, b'<') {
        let after = &bytes[lt + 1..];
        if after.first() == Some(&b'/')
            && after.len() > name.len()
            && after[1..=name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            let end = find_byte(bytes, lt, b'>').map_or(source.len(), |e| e + 1);
            return (&source[from..lt], end);
        }
        at = lt + 1;
    }
    (&source[from..], source.len())
}

/// Replaces character references (`&amp;`, `&nbsp;`, `&#20013;`, `&#x4e2d;` …) by the characters
/// they stand for; unknown ones stay as they are.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'));
        let (name, consumed) = match end {
            Some(i) if rest[1 + i..].starts_with(';') => (&rest[1..1 + i], i + 2),
            Some(i) => (&rest[1..1 + i], i + 1),
            None => (&rest[1..], rest.len()),
        };
        match entity(name) {
            Some(c) => {
                out.push(c);
                rest = &rest[consumed..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "plusmn" => '±',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        _ => return None,
    })
}

/// Separators between a page's own title and the site's name.
const TITLE_SEPARATORS: &[&str] = &["_", "|", "｜", " - ", " — ", "－", "——", "--"];

/// Endings of a site's name in a `<title>`.
const SITE_NAME_ENDINGS: &[&str] = &[
    "人民政府",
    "政府",
    "网",
    "网站",
    "门户",
    "政务网",
    "信息网",
    "办公室",
    "平台",
];

/// A `<title>` without the site's name: split at the separators sites use
/// (`关于…的通知_某市人民政府` → `关于…的通知`), the longest part that does not look like a
/// site's name.
pub fn strip_site_name(title: &str) -> String {
    let mut parts = vec![title];
    for separator in TITLE_SEPARATORS {
        parts = parts.iter().flat_map(|p| p.split(separator)).collect();
    }
    let parts: Vec<&str> = parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let is_site = |p: &&str| {
        p.is_ascii() || SITE_NAME_ENDINGS.iter().any(|e| p.ends_with(e)) || p.contains("网站")
    };
    parts
        .iter()
        .filter(|p| !is_site(p))
        .max_by_key(|p| p.chars().count())
        .or(parts.first())
        .copied()
        .unwrap_or("")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        extract(html.as_bytes()).unwrap().text
    }

    #[test]
    fn navigation_scripts_and_footers_are_dropped() {
        let html = r#"<html><head><title>关于加强编制管理的通知_某市人民政府</title>
            <style>p { color: red }</style><script>var x = "<p>脚本</p>";</script></head>
            <body><div class="top-nav"><a href="/">首页</a><a>政务公开</a></div>
            <nav><ul><li>机构设置</li></ul></nav>
            <div id="content"><h1>关于加强编制管理的通知</h1>
            <p>各区县人民政府：</p><p>为进一步加强<b>机构编制</b>管理，
            现通知如下。</p></div>
            <div class="footer">主办单位：某市人民政府办公室 版权所有</div></body></html>"#;
        let extracted = extract(html.as_bytes()).unwrap();
        assert_eq!(
            extracted.text,
            "关于加强编制管理的通知\n各区县人民政府：\n为进一步加强机构编制管理，现通知如下。"
        );
        assert_eq!(extracted.title.as_deref(), Some("关于加强编制管理的通知"));
        assert_eq!(extracted.roles[0], LineRole::Heading(1));
    }

    #[test]
    fn title_loses_the_site_name() {
        assert_eq!(
            strip_site_name("关于印发某某办法的通知_某市人民政府"),
            "关于印发某某办法的通知"
        );
        assert_eq!(
            strip_site_name("某某网 | 关于印发某某办法的通知"),
            "关于印发某某办法的通知"
        );
        let html = "<title>政府工作报告 - 某某县人民政府门户网站</title><p>正文第一段。</p>";
        assert_eq!(
            extract(html.as_bytes()).unwrap().title.as_deref(),
            Some("政府工作报告")
        );
    }

    #[test]
    fn gbk_pages_are_decoded_by_their_meta_charset() {
        let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>国库集中支付改革</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(html);
        let extracted = extract(&bytes).unwrap();
        assert_eq!(extracted.text, "国库集中支付改革");
        assert_eq!(extracted.encoding, Encoding::Gb18030);
    }

    #[test]
    fn entities_tables_and_breaks() {
        assert_eq!(
            decode_entities("a&amp;b&nbsp;&#20013;&#x6587;&ldquo;x&rdquo;&bogus;"),
            "a&b 中文“x”&bogus;"
        );
        assert_eq!(
            text_of("<table><tr><td>序号</td><td>事项</td></tr><tr><td>1</td><td>审批</td></tr></table>"),
            "序号 | 事项\n1 | 审批"
        );
        assert_eq!(
            text_of("第一行<br>第二行<p>第三段"),
            "第一行\n第二行\n第三段"
        );
        assert_eq!(text_of("<pre>甲\n乙</pre>"), "甲\n乙");
    }

    #[test]
    fn unclosed_and_stray_tags_do_not_lose_text() {
        assert_eq!(text_of("<p>一<p>二</div>三 < 四"), "一\n二三 < 四");
        assert_eq!(text_of("<div><span>甲</div>乙"), "甲\n乙");
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let html = "<div>".repeat(200_000) + "正文";
        assert!(matches!(
            extract(html.as_bytes()),
            Err(ExtractError::Hostile(_))
        ));
        let fine = "<div>".repeat(500) + "正文";
        assert_eq!(text_of(&fine), "正文");
    }

    #[test]
    fn stray_end_tags_and_many_scripts_are_read_in_one_pass() {
        let page = "<div>".repeat(9_000)
            + &"</span>".repeat(200_000)
            + &"<script>var a = 1;</SCRIPT>".repeat(20_000)
            + "<p>正文</p>";
        assert_eq!(text_of(&page), "正文");
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any bytes, and any soup of tags, text and references, give text or an error, never
        /// a panic; the text's lines are tidy and its roles never outnumber them.
        #[test]
        fn any_page_extracts_without_panicking(
            pieces in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(vec![
                        "<p>", "</p>", "<div class=\"nav\">", "</div>", "<td>", "<tr>", "<br/>",
                        "<h1>", "</h1>", "<script>", "</script>", "<!--", "-->", "&amp;", "&#", "<",
                        "<title>", "</title>", "<pre>", "</pre>", "\n", " ",
                    ])
                    .prop_map(str::to_owned),
                    "[a-z一-龥，。 ]{0,8}".prop_map(|s| s),
                ],
                0..60,
            ),
            noise in prop::collection::vec(any::<u8>(), 0..200),
        ) {
            let page = pieces.concat();
            if let Ok(extracted) = extract(page.as_bytes()) {
                prop_assert!(extracted.roles.len() <= extracted.text.lines().count());
                for line in extracted.text.lines() {
                    prop_assert_eq!(line, tidy_line(line));
                }
            }
            let _ = extract(&noise);
        }
    }
}
