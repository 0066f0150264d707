//! Metadata and cleaning: web-page furniture, title, date, document number, issuer, type, region.
//!
//! Documents arrive as decoded text and a path: a statute with a `#` title and a header of dates,
//! a Markdown file with YAML front matter, or a page saved from a website with its breadcrumbs,
//! download banners and share buttons still in it. Everything here is a small hand parser over
//! lines (the crate has no regular-expression engine, and none is needed):
//!
//! * [`furniture_lines`] finds the lines that belong to the web page rather than to the document,
//!   by general rules — keywords on short lines, label lines such as `来源：`, bracket-only and
//!   file-name lines, breadcrumb runs — never by a list of known lines. Long lines of prose are
//!   never furniture. It is one pass over the lines with bounded look-ahead.
//! * [`extract_metadata`] reads title, date, 发文字号, issuing body, document type and region
//!   from the front matter, the first 40 and last 15 lines and the path; the lines between are
//!   only counted, so long documents cost hardly more than short ones.
//!
//! [`normalize_doc_number`] and [`chinese_number`] are public because queries need the same
//! normalisation as the index: a user types `国发[2015]11号` or `二〇一五年`.

use crate::document::{DateSource, Format};
use crate::text::{arabic_digit as digit, chinese_digit as cn_digit, is_cjk};
pub use crate::text::{chinese_number, chinese_numeral};

/// Metadata of one document (title, date, year, 发文字号, issuer, type, region). The type lives
/// in the document model with the rest of [`crate::document::Document`]; it is re-exported here
/// because this module is what fills it, through [`extract_metadata`].
pub use crate::document::Metadata;

/// Lines read from the top (after any front matter) for header metadata.
const HEAD_LINES: usize = 40;
/// Lines read from the bottom for a signature (issuing body and date).
const TAIL_LINES: usize = 15;
/// Lines from the top searched for a 发文字号.
const DOC_NUMBER_LINES: usize = 30;
/// The longest front-matter block recognised, in lines.
const MAX_HEADER_LINES: usize = 200;
/// Lines longer than this (in characters) are never furniture.
const MAX_FURNITURE_CHARS: usize = 150;
/// Lines longer than this that contain sentence punctuation are prose, never furniture.
const PROSE_CHARS: usize = 80;
/// A "related articles" heading only starts the related-links block this close to the end.
const RELATED_TAIL_LINES: usize = 40;

// ---------------------------------------------------------------------------------------------
// Furniture
// ---------------------------------------------------------------------------------------------

/// Words that alone make a short line furniture: download banners, share and print buttons,
/// page counters, site footers, the "uploaded by" blurb of essay sites.
const STRONG_WORDS: &[&str] = &[
    "点击下载",
    "下载文档",
    "Word文档",
    "word文档",
    "WORD文档",
    "推荐度",
    "文档为doc",
    "文档为docx",
    "文档为pdf",
    "本文共",
    "分享到",
    "分享至",
    "打印本页",
    "关闭窗口",
    "关闭本页",
    "扫一扫",
    "手机打开",
    "浏览次数",
    "阅读次数",
    "点击次数",
    "访问次数",
    "【打印】",
    "【关闭】",
    "返回顶部",
    "版权所有",
    "网站地图",
    "联系我们",
    "ICP备",
    "网安备",
    "为你整理",
    "为您整理",
    "上一篇",
    "下一篇",
    "点击图片",
    "进入专题",
    "加入收藏",
    "设为首页",
    "【字号",
    "【字体",
];

/// Words of buttons and page headers that make a line furniture when they are most of it.
const WEAK_WORDS: &[&str] = &[
    "下载",
    "打印",
    "全屏",
    "收藏",
    "分享",
    "来源",
    "作者",
    "发布时间",
    "浏览",
    "字号",
    "加大",
    "减小",
    "还原",
    "关闭",
    "会员",
    "范文",
    "阅读",
    "编辑",
    "评论",
    "点赞",
    "字体",
];

/// Whole lines that are buttons or links of a web page.
const BUTTON_LINES: &[&str] = &[
    "下载",
    "打印",
    "全屏",
    "收藏",
    "加大",
    "还原",
    "减小",
    "分享",
    "关闭",
    "返回",
    "评论",
    "点赞",
    "纠错",
    "分享到微信",
    "打印本页",
    "关闭窗口",
    "返回顶部",
    "返回首页",
    "上一篇",
    "下一篇",
    "我要纠错",
    "【打印】【关闭】",
];

/// Whole lines that are the home link of a breadcrumb.
const HOME_LINES: &[&str] = &["首页", "网站首页", "主页", "返回首页"];

/// Phrases that introduce a breadcrumb.
const BREADCRUMB_WORDS: &[&str] = &[
    "当前位置",
    "您的位置",
    "您现在的位置",
    "你的位置",
    "你现在的位置",
    "现在位置",
    "所在位置",
];

/// Lines alone on a line between breadcrumb segments.
const SEPARATOR_LINES: &[&str] = &[">", ">>", "»", "›", "＞", "→", "/"];

/// Headings of the related-links block at the foot of a news page.
const RELATED_HEADINGS: &[&str] = &[
    "相关报道",
    "相关文档",
    "相关链接",
    "相关附件",
    "相关阅读",
    "相关新闻",
    "相关稿件",
    "相关专题",
    "延伸阅读",
    "推荐阅读",
    "热点推荐",
];

/// Labels of page-header lines (`来源：xx日报`) and footers (`责任编辑：`) whose value a page may
/// put on the next line (`来源：` ⏎ `四川日报`). A line made of one of these and a value is
/// furniture whatever the value.
const VALUE_LABELS: &[&str] = &[
    "来源",
    "信息来源",
    "文章来源",
    "稿件来源",
    "稿源",
    "作者",
    "发布时间",
    "发表时间",
    "发布日期",
    "更新时间",
    "更新日期",
    "浏览次数",
    "浏览量",
    "阅读量",
    "阅读数",
    "阅读次数",
    "点击数",
    "点击量",
    "访问量",
    "责任编辑",
    "编辑",
    "录入",
    "审核",
    "校对",
    "供稿",
    "发布者",
    "摄影",
    "通讯员",
];

/// The other page labels: the info table of government websites (`索引号：`, `发文字号：`) and
/// widgets (`字号：`, `分享到：`). A line made of one of these and a value is furniture too.
const OTHER_PAGE_LABELS: &[&str] = &[
    "字号",
    "字体",
    "分享",
    "分享到",
    "推荐度",
    "索引号",
    "信息索引号",
    "主题分类",
    "体裁分类",
    "组配分类",
    "公文种类",
    "主题词",
    "发文机关",
    "成文日期",
    "生成日期",
    "发文字号",
    "文号",
    "标题",
    "有效性",
];

/// Whether `label` is one of the page labels.
fn is_page_label(label: &str) -> bool {
    VALUE_LABELS.contains(&label) || OTHER_PAGE_LABELS.contains(&label)
}

/// Labels that are page furniture only when their value is a numeric timestamp (a document may
/// well say `时间：2024年5月1日上午9时` in its body).
const TIME_LABELS: &[&str] = &["时间", "日期"];

/// How a line looks to the furniture scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineClass {
    /// Part of the document.
    Content,
    /// Furniture on its own.
    Furniture,
    /// A label with no value (`来源：`, `分享：`); when `takes_value`, its value may follow on the
    /// next line (`来源：` ⏎ `四川日报`), and when `time`, that value is a timestamp.
    LabelOnly { takes_value: bool, time: bool },
    /// Starts a breadcrumb (`当前位置：`, `首页`); `open` when a segment may follow directly.
    Breadcrumb { open: bool },
    /// A breadcrumb separator alone on a line (`>`): only furniture inside a breadcrumb.
    Separator,
    /// The font-size switch (`【字号：`), whose buttons follow one per line.
    FontSwitch { closed: bool },
    /// A "related reports" heading.
    Related,
}

/// 0-based indexes of lines that are web-page furniture, not the document.
///
/// Lines are those of [`str::lines`]. Furniture is what a scraped web page adds around the
/// document: breadcrumbs, download banners, word counts, "uploaded by" blurbs, share / print /
/// font-size buttons, section markers like `【正文】`, page headers (`来源：`, `作者：`,
/// `时间:2024-04-01 07:34:31`), photo credits, related-link blocks at the foot, and a block of
/// `key: value` lines (or YAML front matter) at the very top, which describes the file rather than
/// being part of it. The rules are general (keywords on short lines, label lines, bracket-only
/// and file-name lines, runs of breadcrumb segments); a line of more than about 80 characters
/// with sentence punctuation is never furniture. The scan is linear in the length of the text.
pub fn furniture_lines(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().map(clean).collect();
    let n = lines.len();
    let mut marks = vec![false; n];
    let header = header_block_len(&lines);
    marks[..header].fill(true);

    let mut related = false;
    let mut i = header;
    while i < n {
        let line = lines[i];
        if line.is_empty() {
            i += 1;
            continue;
        }
        if related && is_related_link(line) {
            marks[i] = true;
            i += 1;
            continue;
        }
        match classify(line) {
            LineClass::Content | LineClass::Separator => {}
            LineClass::Furniture => marks[i] = true,
            LineClass::LabelOnly { takes_value, time } => {
                marks[i] = true;
                if let Some(j) = next_non_empty(&lines, i + 1, 2).filter(|_| takes_value) {
                    let value = lines[j];
                    let fits = if classify(value) != LineClass::Content {
                        false
                    } else if time {
                        is_timestamp(value) || is_plain_date(value)
                    } else {
                        is_short_segment(value, 20) && !is_structural_heading(value)
                    };
                    if fits {
                        marks[j] = true;
                        i = j;
                    }
                }
            }
            LineClass::Breadcrumb { open } => {
                marks[i] = true;
                i = mark_breadcrumb(&lines, &mut marks, i, open);
            }
            LineClass::FontSwitch { closed } => {
                marks[i] = true;
                if !closed {
                    i = mark_font_buttons(&lines, &mut marks, i);
                }
            }
            LineClass::Related => {
                if n - i <= RELATED_TAIL_LINES {
                    marks[i] = true;
                    related = true;
                }
            }
        }
        i += 1;
    }
    marks
        .iter()
        .enumerate()
        .filter_map(|(i, &m)| m.then_some(i))
        .collect()
}

/// Marks the segments and separators of a breadcrumb spread over lines, starting after the line
/// at `start`; returns the index of the last line looked at and consumed.
fn mark_breadcrumb(lines: &[&str], marks: &mut [bool], start: usize, open: bool) -> usize {
    let mut expect_segment = open;
    let mut last_segment: Option<&str> = None;
    let mut last = start;
    let mut j = start + 1;
    while j < lines.len() && j - start <= 24 {
        let line = lines[j];
        if line.is_empty() {
            j += 1;
            continue;
        }
        if SEPARATOR_LINES.contains(&line) {
            expect_segment = true;
        } else if HOME_LINES.contains(&line)
            || (expect_segment && is_short_segment(line, 15) && !is_structural_heading(line))
        {
            expect_segment = false;
            last_segment = Some(line);
        } else if last_segment == Some(line) {
            // Sites often repeat the last segment as the section name.
            marks[j] = true;
            return j;
        } else {
            break;
        }
        marks[j] = true;
        last = j;
        j += 1;
    }
    last
}

/// Marks the one- or two-character buttons of a font-size switch (`大` `中` `小` `】`) that follow
/// its label line at `start`; returns the index of the last one.
fn mark_font_buttons(lines: &[&str], marks: &mut [bool], start: usize) -> usize {
    let mut last = start;
    for (j, line) in lines.iter().enumerate().skip(start + 1).take(8) {
        if line.is_empty() {
            continue;
        }
        if line.chars().count() > 2 {
            break;
        }
        marks[j] = true;
        last = j;
        if line.contains('】') {
            break;
        }
    }
    last
}

/// The first non-empty line at or after `from`, looking at most `within` lines ahead.
fn next_non_empty(lines: &[&str], from: usize, within: usize) -> Option<usize> {
    (from..lines.len().min(from + within)).find(|&j| !lines[j].is_empty())
}

/// Classifies one cleaned, non-empty line on its own.
fn classify(t: &str) -> LineClass {
    // Most lines of a document are paragraphs far longer than any furniture: skip counting.
    if t.len() > MAX_FURNITURE_CHARS * 4 {
        return LineClass::Content;
    }
    let n = t.chars().count();
    if n > MAX_FURNITURE_CHARS || (n > PROSE_CHARS && t.chars().any(is_clause_punct)) {
        return LineClass::Content;
    }
    if SEPARATOR_LINES.contains(&t) {
        return LineClass::Separator;
    }
    if HOME_LINES.contains(&t) {
        return LineClass::Breadcrumb { open: false };
    }
    if is_structural_heading(t) {
        return LineClass::Content;
    }
    if is_breadcrumb_start(t) {
        return LineClass::Breadcrumb {
            open: t.ends_with(':') || t.ends_with('：'),
        };
    }
    if t.contains("字号") || t.contains("字体") {
        let bracketed = t.starts_with('【') || t.starts_with('[') || t.starts_with('［');
        if bracketed && n <= 30 {
            return LineClass::FontSwitch {
                closed: t.contains('】') || t.contains(']') || t.contains('］'),
            };
        }
    }
    if let Some(class) = label_class(t) {
        return class;
    }
    let bare = t.trim_end_matches([':', '：', '>', '》', ' ']);
    if RELATED_HEADINGS.contains(&bare) {
        return LineClass::Related;
    }
    if BUTTON_LINES.contains(&bare)
        || has_any(t, STRONG_WORDS)
        || is_inline_breadcrumb(t)
        || is_word_count(t)
        || is_file_name(t)
        || is_bracket_only(t)
        || is_punctuation_only(t)
        || is_hex_id(t)
        || is_timestamp(t)
        || is_photo_credit(t)
        || is_button_row(t)
    {
        return LineClass::Furniture;
    }
    LineClass::Content
}

/// A page-header label line (`来源：浙江日报`, `时间:2024-04-01 07:34:31`, `（来源：青海日报）`).
fn label_class(t: &str) -> Option<LineClass> {
    if t.chars().count() > 60 {
        return None;
    }
    let inner = t
        .trim_start_matches(['【', '（', '(', '[', '［'])
        .trim_end_matches(['】', '）', ')', ']', '］'])
        .trim();
    let (label, value) = split_label(inner)?;
    if is_page_label(label) {
        return Some(if value.is_empty() {
            LineClass::LabelOnly {
                takes_value: VALUE_LABELS.contains(&label),
                time: false,
            }
        } else {
            LineClass::Furniture
        });
    }
    if TIME_LABELS.contains(&label) {
        if value.is_empty() {
            return Some(LineClass::LabelOnly {
                takes_value: true,
                time: true,
            });
        }
        if is_timestamp(value) || is_numeric_date(value) {
            return Some(LineClass::Furniture);
        }
    }
    // Several labels on one line: `来源：xx网 作者：xx 发布时间：2024-…`.
    let labels = VALUE_LABELS
        .iter()
        .chain(OTHER_PAGE_LABELS)
        .filter(|l| {
            t.match_indices(*l)
                .any(|(p, _)| t[p + l.len()..].trim_start().starts_with([':', '：']))
        })
        .count();
    (labels >= 2).then_some(LineClass::Furniture)
}

/// Splits `label：value` (full- or half-width colon) into trimmed parts; the label must be short.
fn split_label(t: &str) -> Option<(&str, &str)> {
    let pos = t.find([':', '：'])?;
    let label = t[..pos].trim();
    let colon_len = t[pos..].chars().next()?.len_utf8();
    let value = t[pos + colon_len..].trim();
    let chars = label.chars().count();
    (chars > 0 && chars <= 6).then_some((label, value))
}

/// `当前位置：首页 > …`, `您现在的位置：`: a breadcrumb phrase at the start of a line that is not a
/// sentence.
fn is_breadcrumb_start(t: &str) -> bool {
    let core = t.trim_start_matches(['【', '[', '［', '(', '（', ' ']);
    !t.chars().any(is_clause_punct)
        && BREADCRUMB_WORDS
            .iter()
            .any(|w| core.find(w).is_some_and(|p| core[..p].chars().count() <= 2))
}

/// A line inside the related-links block: short and not a sentence.
fn is_related_link(t: &str) -> bool {
    is_hex_id(t) || (t.chars().count() <= 50 && !t.ends_with(is_sentence_end))
}

/// A short line that can be a breadcrumb segment or a label's value.
fn is_short_segment(t: &str, max_chars: usize) -> bool {
    t.chars().count() <= max_chars && !t.chars().any(is_clause_punct)
}

/// `首页 > 工作计划 > 正文`: short segments joined by `>`-like separators.
fn is_inline_breadcrumb(t: &str) -> bool {
    let seps = t.matches(['>', '»', '›', '＞']).count();
    if seps == 0 || t.chars().count() > 60 || t.chars().any(is_clause_punct) {
        return false;
    }
    let segments: Vec<&str> = t
        .split(['>', '»', '›', '＞'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let wordy = |s: &&str| s.chars().any(|c| is_cjk(c) || c.is_alphanumeric());
    if segments.len() < 2 || segments.iter().any(|s| s.chars().count() > 12 || !wordy(s)) {
        return false;
    }
    // Each separator must sit between two segments (not a Markdown quote marker `> text`).
    let parts: Vec<&str> = t.split(['>', '»', '›', '＞']).map(str::trim).collect();
    if parts.first().is_some_and(|p| p.is_empty()) {
        return false;
    }
    seps >= 2 || HOME_LINES.contains(&segments[0])
}

/// `…[本文共2581字]`: the word count of an essay site.
fn is_word_count(t: &str) -> bool {
    t.contains("本文共") && t.contains('字')
}

/// A line that is just a file name (`《…[本文共2581字].doc》`, `附件.pdf`).
fn is_file_name(t: &str) -> bool {
    if t.chars().count() > 100 {
        return false;
    }
    let core = t
        .trim_end_matches(['》', '）', ')', '"', '”', '」', ' '])
        .to_ascii_lowercase();
    [
        ".doc", ".docx", ".pdf", ".wps", ".xls", ".xlsx", ".ppt", ".pptx", ".rar", ".zip", ".txt",
    ]
    .iter()
    .any(|ext| core.ends_with(ext))
}

/// A line made only of `【…】` (or `[…]`) groups of a few characters: `【正文】`, `【打印】【关闭】`.
fn is_bracket_only(t: &str) -> bool {
    let mut rest = t.trim();
    let mut groups = 0;
    while !rest.is_empty() {
        let close = match rest.chars().next() {
            Some('【') => '】',
            Some('[') => ']',
            Some('［') => '］',
            _ => return false,
        };
        let open_len = rest.chars().next().map_or(1, char::len_utf8);
        let Some(end) = rest.find(close) else {
            return false;
        };
        let inner = rest[open_len..end].trim();
        let chars = inner.chars().count();
        if chars == 0
            || chars > 8
            || inner
                .chars()
                .any(|c| is_clause_punct(c) || c.is_ascii_digit())
        {
            return false;
        }
        groups += 1;
        rest = rest[end + close.len_utf8()..].trim_start();
    }
    groups > 0
}

/// A line of one to three bracket or bar characters left over from page widgets (`】`, `|`, `×`).
fn is_punctuation_only(t: &str) -> bool {
    t.chars().count() <= 3
        && t.chars().all(|c| {
            matches!(
                c,
                '【' | '】'
                    | '|'
                    | '｜'
                    | '×'
                    | '✕'
                    | '✖'
                    | '['
                    | ']'
                    | '［'
                    | '］'
                    | '《'
                    | '》'
                    | '·'
                    | '•'
                    | '»'
                    | '›'
                    | ' '
            )
        })
}

/// A hexadecimal identifier a page template left in the text (`e4c29f31c6964493a14c4ddf6b160169:`).
fn is_hex_id(t: &str) -> bool {
    let core = t.trim_end_matches([':', '：']);
    core.len() >= 16 && core.chars().all(|c| c.is_ascii_hexdigit())
}

/// `殷勇同志作政府工作报告。本报记者 戴冰摄`: a photo caption with its credit.
fn is_photo_credit(t: &str) -> bool {
    if t.chars().count() > 100 {
        return false;
    }
    let (before, last) = match t.rfind('。') {
        Some(p) => (&t[..p], &t[p + '。'.len_utf8()..]),
        None => ("", t),
    };
    let last = last.trim();
    if last.is_empty() || last.chars().count() > 30 {
        return false;
    }
    let credited = last.contains("记者") || last.contains("摄影") || last.contains("通讯员");
    if credited && last.ends_with('摄') {
        return true;
    }
    // `…。新甘肃·甘肃日报记者 盛学卿`: a credit after a caption sentence, ending in a name.
    !before.is_empty()
        && last
            .rfind("记者")
            .is_some_and(|p| last[p + "记者".len()..].trim().chars().count() <= 8)
}

/// Whether a line is mostly [`WEAK_WORDS`]: two different ones at least, covering at least half
/// of its Chinese characters (`打印 | 关闭` is furniture, `安全屏障…加大…` is not), and no clause
/// punctuation.
fn is_button_row(t: &str) -> bool {
    if t.chars().count() > PROSE_CHARS || t.chars().any(is_clause_punct) {
        return false;
    }
    let found: Vec<&&str> = WEAK_WORDS.iter().filter(|w| t.contains(**w)).collect();
    let covered: usize = found.iter().map(|w| w.chars().count()).sum();
    let cjk = t.chars().filter(|&c| is_cjk(c)).count();
    found.len() >= 2 && covered * 2 >= cjk
}

/// A `key: value` block at the very top — YAML front matter between `---` lines, or plain
/// `title: …` lines ended by a blank line — and its length in lines (0 when there is none).
fn header_block_len(lines: &[&str]) -> usize {
    let Some(first) = lines.first() else {
        return 0;
    };
    if *first == "---" {
        // Up to the closing `---` (or `----`, `...`); without one, up to the first line that is
        // not YAML.
        for (i, line) in lines.iter().enumerate().skip(1).take(MAX_HEADER_LINES) {
            let rule = line.len() >= 3 && line.chars().all(|c| c == '-');
            if rule || *line == "..." {
                return i + 1;
            }
            let yaml = line.is_empty()
                || key_of(line).is_some()
                || line.starts_with("- ")
                || line.starts_with('#');
            if !yaml {
                return i;
            }
        }
        return 0;
    }
    if key_of(first).is_none() {
        return 0;
    }
    let len = lines
        .iter()
        .take(MAX_HEADER_LINES)
        .take_while(|l| key_of(l).is_some() || l.starts_with("- "))
        .count();
    let known = lines[..len].iter().filter_map(|l| key_of(l)).any(|k| {
        matches!(
            k,
            "title" | "date" | "source" | "year" | "author" | "authors"
        )
    });
    if len >= 2 || known {
        len
    } else {
        0
    }
}

/// The key of a `key: value` line whose key is an ASCII identifier.
fn key_of(line: &str) -> Option<&str> {
    let pos = line.find(':')?;
    let key = &line[..pos];
    let ok = !key.is_empty()
        && key.len() <= 32
        && key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then_some(key)
}

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

/// What a front-matter or `key: value` header block says.
#[derive(Debug, Default)]
struct Header {
    title: Option<String>,
    date: Option<String>,
    publish_date: Option<String>,
    year: Option<u32>,
    region: Option<String>,
    authors: Vec<String>,
    categories: Vec<String>,
    doc_number: Option<String>,
    url: Option<String>,
}

impl Header {
    /// This header, with what it leaves unsaid taken from `other`.
    fn or(self, other: Header) -> Header {
        let list = |mine: Vec<String>, theirs: Vec<String>| {
            if mine.is_empty() {
                theirs
            } else {
                mine
            }
        };
        Header {
            title: self.title.or(other.title),
            date: self.date.or(other.date),
            publish_date: self.publish_date.or(other.publish_date),
            year: self.year.or(other.year),
            region: self.region.or(other.region),
            authors: list(self.authors, other.authors),
            categories: list(self.categories, other.categories),
            doc_number: self.doc_number.or(other.doc_number),
            url: self.url.or(other.url),
        }
    }
}

/// The header that fields stated beside a text make, read as `key: value` lines.
fn stated_header(stated: &[(String, String)]) -> Header {
    let lines: Vec<String> = stated
        .iter()
        .map(|(key, value)| format!("{key}: {}", value.replace('\n', " ")))
        .collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    parse_header(&lines)
}

/// Reads a header block: top-level `key: value` lines and `- item` lists under a key.
fn parse_header(lines: &[&str]) -> Header {
    let mut header = Header::default();
    let mut list_key: Option<&str> = None;
    for line in lines {
        let t = clean(line);
        if t == "---" || t == "..." || t.is_empty() {
            continue;
        }
        if let Some(item) = t.strip_prefix("- ") {
            let value = unquote(item);
            match list_key {
                Some("authors" | "author" | "issuer" | "issuers" | "publisher") => {
                    header.authors.push(value.to_owned())
                }
                Some("categories" | "category" | "type") => {
                    header.categories.push(value.to_owned())
                }
                _ => {}
            }
            continue;
        }
        let Some(key) = key_of(t) else {
            continue;
        };
        let value = unquote(&t[key.len() + 1..]);
        list_key = value.is_empty().then_some(key);
        if value.is_empty() {
            continue;
        }
        let value = value.to_owned();
        match key {
            "title" => header.title = Some(value),
            "date" => header.date = Some(value),
            "publication_date" | "publish_date" | "pubdate" | "published" | "issued" => {
                header.publish_date = Some(value)
            }
            "year" => header.year = value.parse().ok(),
            "province" | "region" | "city" => header.region = Some(value),
            "author" | "authors" | "issuer" | "publisher" => {
                header.authors.extend(split_inline_list(&value))
            }
            "categories" | "category" | "type" => {
                header.categories.extend(split_inline_list(&value))
            }
            "doc_number" | "document_number" | "number" => header.doc_number = Some(value),
            // The address the document was taken from (`link:` of lawtext/cpc, a `source:`
            // that is a URL in lawtext/gov); a `source:` that names a site is not an address.
            "link" | "url" | "source_url" | "source" if is_web_address(&value) => {
                header.url.get_or_insert(value);
            }
            _ => {}
        }
    }
    header
}

/// An `http://` or `https://` address with a host and no spaces.
fn is_web_address(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|r| r.contains('.') && !r.contains(char::is_whitespace))
}

/// `[a, b]` or `a` as a list of values.
fn split_inline_list(value: &str) -> Vec<String> {
    value
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split([',', '，', '、'])
        .map(unquote)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A YAML scalar without its quotes.
fn unquote(value: &str) -> &str {
    let v = value.trim();
    v.strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .or_else(|| v.strip_prefix('"').and_then(|v| v.strip_suffix('"')))
        .unwrap_or(v)
        .trim()
}

/// Extracts metadata from the decoded text, the document's path relative to its root (with `/`
/// separators, e.g. "reports/gov-work/provincial/辽宁省/2007.md"), its format, and the furniture
/// lines (which must not be used as the title).
///
/// Only the header block, the first 40 lines after it and the last 15 lines are read, so this is
/// cheap on long documents. `furniture` is what [`furniture_lines`] returned for the same text; furniture lines are still read for dates and labelled metadata
/// (a page header `时间:2024-04-01 07:34:31` is furniture but states the date).
pub fn extract_metadata(
    text: &str,
    rel_path: &str,
    format: Format,
    furniture: &[usize],
) -> Metadata {
    extract_metadata_with(text, rel_path, format, furniture, &[])
}

/// [`extract_metadata`] with fields the file states beside its text (a data export's columns,
/// as front-matter keys): they count as the text's front matter, where it has none of its own.
pub fn extract_metadata_with(
    text: &str,
    rel_path: &str,
    format: Format,
    furniture: &[usize],
    stated: &[(String, String)],
) -> Metadata {
    let raw: Vec<&str> = text.lines().collect();
    let n = raw.len();
    let top: Vec<&str> = raw
        .iter()
        .take(MAX_HEADER_LINES + 1)
        .map(|l| clean(l))
        .collect();
    let header_len = header_block_len(&top);
    let header = parse_header(&raw[..header_len]).or(stated_header(stated));
    let head = header_len..n.min(header_len + HEAD_LINES);
    let tail = n.saturating_sub(TAIL_LINES).max(header_len)..n;
    // Only the head and the tail are read; the lines between stay empty.
    let lines: Vec<&str> = raw
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i < head.end || i >= tail.start {
                clean(l)
            } else {
                ""
            }
        })
        .collect();
    let is_furniture = |i: usize| furniture.contains(&i);
    let labels = HeadLabels::read(&lines[head.clone()]);

    let (title, title_line) = find_title(
        &lines,
        head.clone(),
        format,
        &header,
        &labels,
        rel_path,
        &is_furniture,
    );

    // Date and year.
    let info_end = lines[head.clone()]
        .iter()
        .position(|l| *l == "<!-- INFO END -->")
        .map(|p| p + head.start);
    let stem = file_stem(rel_path);
    let stem_date = {
        let chars: Vec<char> = stem.chars().collect();
        find_dates(&chars)
            .into_iter()
            .map(|f| f.date)
            .find(|d| d.d != 0)
    };
    // The document's own date, and apart from it the stamp of the page it was scraped from.
    let page_date = page_stamp(&lines, head.clone(), &is_furniture)
        .or_else(|| page_stamp(&lines, tail.clone(), &is_furniture));
    let own_lines = |range: std::ops::Range<usize>| -> Vec<(&str, bool)> {
        range.map(|i| (lines[i], is_furniture(i))).collect()
    };
    let from_text = |d: Option<Ymd>| d.map(|d| (d, DateSource::Text));
    let date = header
        .date
        .as_deref()
        .and_then(first_date)
        .map(|d| (d, DateSource::FrontMatter))
        .or_else(|| {
            let end = info_end?;
            let stated = latest_date(&lines[head.start..end]);
            match stem_date {
                Some(d) if stated != Some(d) => Some((d, DateSource::FileName)),
                _ => from_text(stated),
            }
        })
        .or_else(|| from_text(head_date(&own_lines(head.clone()))))
        .or_else(|| {
            header
                .publish_date
                .as_deref()
                .and_then(first_date)
                .map(|d| (d, DateSource::FrontMatter))
        })
        .or_else(|| from_text(tail_date(&own_lines(tail.clone()))))
        .or_else(|| {
            // `南京市政府工作报告（2012年1月12日 季建业）`
            let chars: Vec<char> = title.chars().collect();
            find_dates(&chars)
                .into_iter()
                .map(|f| f.date)
                .find(|d| d.d != 0)
                .map(|d| (d, DateSource::Title))
        })
        .or(stem_date.map(|d| (d, DateSource::FileName)))
        .or_else(|| {
            header
                .year
                .map(|y| (Ymd { y, m: 0, d: 0 }, DateSource::FrontMatter))
        })
        .or_else(|| path_year(rel_path).map(|(y, source)| (Ymd { y, m: 0, d: 0 }, source)));
    let year = date.map(|(d, _)| d.y);

    // 发文字号: only the document's own — in its front matter or the page's info table, on a line
    // of its header block or under its title, or in its signature; never one its body cites.
    let body = body_bounds(
        &lines,
        head.clone(),
        tail.clone(),
        title_line,
        &is_furniture,
    );
    let doc_number = header
        .doc_number
        .clone()
        .or_else(|| labels.doc_number.clone())
        .map(|d| normalize_doc_number(&d))
        .or_else(|| {
            (head.start..body.start.min(header_len + DOC_NUMBER_LINES))
                .filter(|&i| !is_furniture(i))
                .find_map(|i| own_doc_number(lines[i], &title))
        })
        .or_else(|| match info_end {
            // A statute's header lists its versions in order: the order that made the version in
            // hand is the last one.
            Some(end) => lines[head.start..end]
                .iter()
                .rev()
                .find_map(|l| find_order_number(l)),
            None => lines[head.start..body.start.min(header_len + DOC_NUMBER_LINES)]
                .iter()
                .find_map(|l| find_order_number(l)),
        })
        .or_else(|| {
            (body.end.max(tail.start)..tail.end)
                .filter(|&i| !is_furniture(i))
                .find_map(|i| own_doc_number(lines[i], &title))
        });

    // Issuing body.
    let bodies: Vec<&str> = header
        .authors
        .iter()
        .map(String::as_str)
        .filter(|a| !is_person_or_unknown(a))
        .collect();
    let mut issuer_adopted = false;
    let issuer = (!bodies.is_empty())
        .then(|| bodies.join("、"))
        .or_else(|| labels.issuer.clone())
        .or_else(|| issuer_from_title(&title))
        .or_else(|| {
            // The body that adopted or issued it, from the dated lines of its header
            // (`2019年11月27日北京市第十五届人民代表大会常务委员会第十六次会议通过`).
            let header_lines: Vec<&str> = match info_end {
                Some(end) => lines[head.start..end].to_vec(),
                None => (head.start..body.start)
                    .filter(|&i| !is_furniture(i) && Some(i) != title_line)
                    .map(|i| lines[i])
                    .collect(),
            };
            let found = issuer_from_events(&header_lines);
            issuer_adopted = found.is_some();
            found
        })
        .or_else(|| issuer_at_top(&title, &lines, head.clone(), title_line, &is_furniture))
        .or_else(|| issuer_from_signature(&lines, head.clone(), &is_furniture))
        .or_else(|| issuer_at_bottom(&lines, tail.clone(), &is_furniture));

    // Type.
    let doc_type = type_from_title(&title, rel_path)
        .or_else(|| type_from_path(rel_path))
        .or_else(|| {
            header
                .categories
                .iter()
                .find(|c| TYPE_SUFFIXES.iter().any(|(_, t)| t == c))
                .cloned()
        });

    // Region.
    let region = header
        .region
        .as_deref()
        .and_then(|r| find_region(r, true))
        .or_else(|| find_region(&title, true))
        .or_else(|| issuer.as_deref().and_then(|i| find_region(i, true)))
        .or_else(|| region_from_path(rel_path))
        .or_else(|| {
            // Failing those, a city or county the first paragraph names, if the head of the text
            // names it again (`近年来,耒阳市紧紧围绕…` … `耒阳市经济开发区…`).
            let from = title_line.map_or(head.start, |t| t + 1).min(head.end);
            let body = &lines[from..head.end];
            let first = body
                .iter()
                .enumerate()
                .find(|(k, l)| !is_furniture(from + k) && is_prose_line(l))?;
            generic_regions(first.1, true)
                .into_iter()
                .map(|(_, r)| r)
                .find(|r| {
                    body.iter()
                        .map(|l| l.matches(r.as_str()).count())
                        .sum::<usize>()
                        >= 2
                })
        });

    Metadata {
        title,
        date: date.map(|(d, _)| d.iso()),
        date_source: date.map(|(_, source)| source),
        page_date: page_date.map(Ymd::iso),
        year,
        doc_number,
        issuer,
        issuer_adopted,
        doc_type,
        region,
        url: header.url,
    }
}

/// Labelled metadata in the head of a page (the info table of government websites).
#[derive(Debug, Default)]
struct HeadLabels {
    title: Option<String>,
    issuer: Option<String>,
    doc_number: Option<String>,
}

impl HeadLabels {
    /// Reads `标题：`, `发文机关：` and `发文字号：` lines.
    fn read(lines: &[&str]) -> HeadLabels {
        let mut labels = HeadLabels::default();
        for line in lines {
            let Some((label, value)) = split_label(line) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            match label {
                "标题" | "名称" => labels.title.get_or_insert_with(|| value.to_owned()),
                "发文机关" | "发布机关" | "制定机关" => {
                    labels.issuer.get_or_insert_with(|| value.to_owned())
                }
                "发文字号" | "文号" => {
                    labels.doc_number.get_or_insert_with(|| value.to_owned())
                }
                _ => continue,
            };
        }
        labels
    }
}

/// The title and, when it came from a line of the text, that line's index.
fn find_title(
    lines: &[&str],
    head: std::ops::Range<usize>,
    format: Format,
    header: &Header,
    labels: &HeadLabels,
    rel_path: &str,
    is_furniture: &dyn Fn(usize) -> bool,
) -> (String, Option<usize>) {
    // The line in the text that repeats a title given elsewhere, if any.
    let line_of = |title: &str| {
        (head.clone()).find(|&i| strip_markup(lines[i]) == title || lines[i] == title)
    };
    if let Some(title) = header
        .title
        .as_deref()
        .map(tidy_title)
        .filter(|t| !is_weak_title(t))
    {
        return (title.clone(), line_of(&title));
    }
    let first = (head.clone()).find(|&i| !lines[i].is_empty() && !is_furniture(i));
    if let (Format::Markdown, Some(i)) = (format, first) {
        if is_markup_title(lines[i]) && !is_structural_heading(lines[i]) {
            let mut title = tidy_title(&strip_markup(lines[i]));
            // A title set on two lines: `**中华人民共和国**` ⏎ `**2004年…统计公报**`.
            let next = next_non_empty(lines, i + 1, 3)
                .filter(|&j| j < head.end && is_markup_title(lines[j]));
            if let Some(j) = next {
                let second = tidy_title(&strip_markup(lines[j]));
                if type_from_title(&title, "").is_none() && type_from_title(&second, "").is_some() {
                    title.push_str(&second);
                }
            }
            if !title.is_empty() {
                return (title, Some(i));
            }
        }
    }
    if let Some(title) = labels
        .title
        .as_deref()
        .map(tidy_title)
        .filter(|t| !t.is_empty())
    {
        return (title.clone(), line_of(&title));
    }
    // The first title-like line near the top; one naming a document type is preferred if it comes
    // among the first three candidates (a header such as `国务院办公厅` may precede the title).
    let candidates: Vec<(usize, String)> = (head.clone())
        .filter(|&i| !lines[i].is_empty() && !is_furniture(i))
        .filter_map(|i| title_like(lines[i]).map(|t| (i, t)))
        .take(3)
        .collect();
    let chosen = candidates
        .iter()
        .find(|(_, t)| type_from_title(t, "").is_some())
        .or(candidates.first());
    if let Some((i, t)) = chosen {
        return (t.clone(), Some(*i));
    }
    (stem_title(rel_path), None)
}

/// A Markdown heading (`# …`) or a wholly bold line (`**…**`).
fn is_markup_title(line: &str) -> bool {
    let heading =
        line.starts_with('#') && line.trim_start_matches('#').starts_with([' ', '\u{3000}']);
    let bold = line.starts_with("**") && line.ends_with("**") && line.len() > 4;
    heading || bold
}

/// A title that names nothing: empty, or only a date (`title: 1980年`).
fn is_weak_title(t: &str) -> bool {
    t.chars()
        .filter(|&c| is_cjk(c) && !matches!(c, '年' | '月' | '日') && cn_digit(c).is_none())
        .count()
        < 2
}

/// The line as a title, if it looks like one: short, no sentence punctuation, not a date, a
/// numbered heading, a salutation or a `key: value` line.
fn title_like(line: &str) -> Option<String> {
    let t = tidy_title(&strip_markup(line));
    let n = t.chars().count();
    let cjk = t.chars().filter(|&c| is_cjk(c)).count();
    let ok = (2..=60).contains(&n)
        && cjk >= 2
        && !t.chars().any(is_sentence_end)
        && !t.ends_with([':', '：', '，', ','])
        && !t.starts_with(['—', '―', '-', '－', '(', '（', '>'])
        && !is_structural_heading(&t)
        && date_line(&t).is_none()
        && key_of(&t).is_none()
        && split_label(&t).is_none_or(|(l, _)| l.chars().count() > 4);
    ok.then_some(t)
}

/// Removes Markdown heading markers, bold markers and a blockquote marker.
fn strip_markup(line: &str) -> String {
    let t = line.trim().trim_start_matches('>').trim();
    let t = t.trim_start_matches('#').trim();
    let t = t.strip_prefix("**").unwrap_or(t);
    let t = t.strip_suffix("**").unwrap_or(t);
    t.trim().to_owned()
}

/// Trims a title: quotes, `《…》` around the whole, a trailing `[本文共…字]`.
fn tidy_title(title: &str) -> String {
    let mut t = unquote(title).trim();
    if let Some(p) = t.find("[本文共").or_else(|| t.find("[^")) {
        t = t[..p].trim();
    }
    if t.starts_with('《') && t.ends_with('》') && t.matches('《').count() == 1 {
        t = t.trim_start_matches('《').trim_end_matches('》').trim();
    }
    t.to_owned()
}

/// The file name without its extension and without a trailing `(2019-04-23)` date.
fn stem_title(rel_path: &str) -> String {
    let stem = file_stem(rel_path);
    let trimmed = match stem.rfind(['(', '（']) {
        Some(p) if p > 0 => {
            let inner = &stem[p..];
            let chars: Vec<char> = inner.chars().collect();
            if find_dates(&chars).iter().any(|f| f.date.m != 0) {
                stem[..p].trim()
            } else {
                stem
            }
        }
        _ => stem,
    };
    trimmed.to_owned()
}

/// The last path component without its extension.
fn file_stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    match name.rfind('.') {
        Some(p) if p > 0 => &name[..p],
        _ => name,
    }
}

/// A numbered heading of official writing: `第一章`, `第三条`, `一、`, `（一）`, `1.`, `1、`.
fn is_structural_heading(line: &str) -> bool {
    let t = strip_markup(line);
    let chars: Vec<char> = t.chars().take(16).collect();
    let is_num =
        |c: char| cn_digit(c).is_some() || matches!(c, '十' | '百' | '千') || digit(c).is_some();
    let count = |from: usize| {
        chars[from.min(chars.len())..]
            .iter()
            .take_while(|&&c| is_num(c))
            .count()
    };
    match chars.first() {
        Some('第') => {
            let k = count(1);
            k > 0
                && matches!(
                    chars.get(1 + k),
                    Some('章' | '节' | '条' | '编' | '部' | '款' | '篇' | '卷' | '分')
                )
        }
        Some('（' | '(') => {
            let k = count(1);
            k > 0 && matches!(chars.get(1 + k), Some('）' | ')'))
        }
        Some(_) => {
            let k = count(0);
            k > 0
                && match chars.get(k) {
                    Some('、' | '．') => true,
                    Some('.') => chars.get(k + 1).is_none_or(|&c| digit(c).is_none()),
                    _ => false,
                }
        }
        None => false,
    }
}

/// A line of body prose: long enough and punctuated.
fn is_prose_line(line: &str) -> bool {
    line.chars().count() >= 30 && line.chars().any(is_clause_punct)
}

// ---------------------------------------------------------------------------------------------
// Dates and numbers
// ---------------------------------------------------------------------------------------------

/// A date with an optional month and day (0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ymd {
    y: u32,
    m: u32,
    d: u32,
}

impl Ymd {
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    fn iso(self) -> String {
        match (self.m, self.d) {
            (0, _) => format!("{:04}", self.y),
            (m, 0) => format!("{:04}-{m:02}", self.y),
            (m, d) => format!("{:04}-{m:02}-{d:02}", self.y),
        }
    }
}

/// A date found in a line: its character range and value.
#[derive(Debug, Clone, Copy)]
struct FoundDate {
    start: usize,
    end: usize,
    date: Ymd,
}

/// Reads 1..=`max` digits at `from` (None if there are none or more than `max`).
fn read_digits(chars: &[char], from: usize, max: usize) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut j = from;
    while j < chars.len() && j - from < max {
        let Some(d) = digit(chars[j]) else {
            break;
        };
        value = value * 10 + d;
        j += 1;
    }
    let too_long = chars.get(j).is_some_and(|&c| digit(c).is_some());
    (j > from && !too_long).then_some((value, j))
}

/// Reads a Chinese-numeral month or day (up to three characters) at `from`.
fn read_cn_small(chars: &[char], from: usize) -> Option<(u32, usize)> {
    let mut j = from;
    while j < chars.len() && j - from < 3 && (cn_digit(chars[j]).is_some() || chars[j] == '十') {
        j += 1;
    }
    if j == from {
        return None;
    }
    let s: String = chars[from..j].iter().collect();
    Some((chinese_number(&s)?, j))
}

/// Skips spaces (including the ideographic space).
fn skip_spaces(chars: &[char], mut j: usize) -> usize {
    while j < chars.len() && chars[j].is_whitespace() {
        j += 1;
    }
    j
}

/// Every date in a line: `2024-04-01`, `2024/4/1`, `2024.04.01`, `2024-04`, `2024年4月1日`,
/// `2024年4月`, `2024年`, `二〇二四年四月一日`.
fn find_dates(chars: &[char]) -> Vec<FoundDate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let boundary =
            i == 0 || (digit(chars[i - 1]).is_none() && cn_digit(chars[i - 1]).is_none());
        if boundary {
            if let Some(found) = arabic_date(chars, i).or_else(|| chinese_date(chars, i)) {
                i = found.end;
                out.push(found);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A date in Arabic digits starting at `i`.
fn arabic_date(chars: &[char], i: usize) -> Option<FoundDate> {
    let (y, j) = read_digits(chars, i, 4)?;
    if j - i != 4 || !(1800..=2100).contains(&y) {
        return None;
    }
    let at = |date: Ymd, end: usize| {
        Some(FoundDate {
            start: i,
            end,
            date,
        })
    };
    let k = skip_spaces(chars, j);
    match chars.get(k) {
        Some('年') => {
            let year_only = Ymd { y, m: 0, d: 0 };
            let after_year = k + 1;
            let Some((m, k2)) = read_digits(chars, skip_spaces(chars, after_year), 2) else {
                return at(year_only, after_year);
            };
            let k2 = skip_spaces(chars, k2);
            if chars.get(k2) != Some(&'月') || !(1..=12).contains(&m) {
                return at(year_only, after_year);
            }
            let after_month = k2 + 1;
            if let Some((d, k3)) = read_digits(chars, skip_spaces(chars, after_month), 2) {
                let k3 = skip_spaces(chars, k3);
                if matches!(chars.get(k3), Some('日' | '号')) && (1..=31).contains(&d) {
                    return at(Ymd { y, m, d }, k3 + 1);
                }
            }
            at(Ymd { y, m, d: 0 }, after_month)
        }
        Some(&sep @ ('-' | '/' | '.' | '－' | '／')) if k == j => {
            let (m, k2) = read_digits(chars, k + 1, 2)?;
            if !(1..=12).contains(&m) {
                return None;
            }
            if chars.get(k2) == Some(&sep) {
                if let Some((d, k3)) = read_digits(chars, k2 + 1, 2) {
                    if (1..=31).contains(&d) {
                        return at(Ymd { y, m, d }, k3);
                    }
                }
            }
            if sep == '.' {
                return None;
            }
            at(Ymd { y, m, d: 0 }, k2)
        }
        _ => None,
    }
}

/// A date in Chinese numerals starting at `i` (`二〇二四年四月一日`).
fn chinese_date(chars: &[char], i: usize) -> Option<FoundDate> {
    if i + 5 > chars.len() || !chars[i..i + 4].iter().all(|&c| cn_digit(c).is_some()) {
        return None;
    }
    let year_end = skip_spaces(chars, i + 4);
    if chars.get(year_end) != Some(&'年') {
        return None;
    }
    let y = chinese_number(&chars[i..i + 4].iter().collect::<String>())?;
    if !(1800..=2100).contains(&y) {
        return None;
    }
    let mut found = FoundDate {
        start: i,
        end: year_end + 1,
        date: Ymd { y, m: 0, d: 0 },
    };
    if let Some((m, k)) = read_cn_small(chars, found.end) {
        if chars.get(k) == Some(&'月') && (1..=12).contains(&m) {
            found.end = k + 1;
            found.date.m = m;
            if let Some((d, k2)) = read_cn_small(chars, found.end) {
                if matches!(chars.get(k2), Some('日' | '号')) && (1..=31).contains(&d) {
                    found.end = k2 + 1;
                    found.date.d = d;
                }
            }
        }
    }
    Some(found)
}

/// The first date (with at least a month, or a bare year) in a string.
fn first_date(s: &str) -> Option<Ymd> {
    let chars: Vec<char> = s.chars().collect();
    let dates = find_dates(&chars);
    dates
        .iter()
        .find(|f| f.date.m != 0)
        .or(dates.first())
        .map(|f| f.date)
}

/// The latest full date in some lines (a law's header of versions).
fn latest_date(lines: &[&str]) -> Option<Ymd> {
    lines
        .iter()
        .flat_map(|l| {
            let chars: Vec<char> = l.chars().collect();
            find_dates(&chars)
        })
        .map(|f| f.date)
        .filter(|d| d.m != 0)
        .max()
}

/// What kind of dated line a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateKind {
    /// A date with an event: `2023年2月22日在…会议上`, `（…年…月…日…通过）`.
    Event,
    /// A date alone, with a time, or after a date label (`时间:`, `成文日期：`).
    Plain,
}

/// Labels of lines that give the document's own date (the info table of a government site says
/// `成文日期：` of the document, not of the page).
const DATE_LABELS: &[&str] = &[
    "成文日期",
    "成文时间",
    "印发日期",
    "公布日期",
    "施行日期",
    "实施日期",
    "生效日期",
];

/// Labels of the date a web page stamps on its copy: when it was put up or changed, not when the
/// document was made.
const PAGE_DATE_LABELS: &[&str] = &[
    "时间",
    "日期",
    "发布时间",
    "发表时间",
    "发布日期",
    "更新时间",
    "更新日期",
    "生成日期",
];

/// The date a short line states, and how: a line that starts with a date, a labelled date, or a
/// date in a parenthesised note such as `（2019年1月31日中共中央政治局会议审议批准）`.
fn date_line(t: &str) -> Option<(DateKind, Ymd)> {
    let n = t.chars().count();
    if n == 0 || n > 100 {
        return None;
    }
    if let Some((label, value)) = split_label(t) {
        if DATE_LABELS.contains(&label) {
            let chars: Vec<char> = value.chars().collect();
            return find_dates(&chars)
                .into_iter()
                .find(|f| f.date.m != 0 && f.start == 0)
                .map(|f| (DateKind::Plain, f.date));
        }
        if PAGE_DATE_LABELS.contains(&label) {
            // A page's stamp (see `page_stamp_of`), or the time of an event in the text
            // (`时间：2024年5月1日上午9时`): neither is the document's date.
            return None;
        }
    }
    let wrapped = t.starts_with(['（', '(']) && t.ends_with(['）', ')']);
    let core = t
        .trim_start_matches(|c: char| c.is_whitespace() || "—―─-－>*（(【[〔“\"".contains(c))
        .trim_end_matches(|c: char| c.is_whitespace() || ")）】]〕”\"*".contains(c));
    let chars: Vec<char> = core.chars().collect();
    let dates = find_dates(&chars);
    let latest = dates.iter().map(|f| f.date).filter(|d| d.m != 0).max();
    let first = dates.first()?;
    if first.start == 0 && first.date.m != 0 {
        let rest: String = chars[first.end..].iter().collect();
        let rest = rest.trim();
        if rest.is_empty() || is_time_like(rest) {
            return Some((DateKind::Plain, first.date));
        }
        if rest.contains('。') {
            return None;
        }
        return latest.map(|d| (DateKind::Event, d));
    }
    if wrapped && !core.contains('。') {
        return latest.map(|d| (DateKind::Event, d));
    }
    None
}

/// `07:34:31`, `07时41分`: the time after a date.
fn is_time_like(s: &str) -> bool {
    s.chars().any(|c| digit(c).is_some())
        && s.chars().all(|c| {
            digit(c).is_some()
                || c.is_whitespace()
                || matches!(c, ':' | '：' | '时' | '分' | '秒' | '.')
        })
}

/// A line that is only a date (perhaps with a time).
fn is_plain_date(t: &str) -> bool {
    matches!(date_line(t), Some((DateKind::Plain, _))) && split_label(t).is_none()
}

/// A full date in digits with `-` or `/` (`2024-04-01`), alone.
fn is_numeric_date(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    matches!(arabic_date(&chars, 0), Some(f) if f.end == chars.len() && f.date.d != 0 && matches!(chars.get(4), Some('-' | '/')))
}

/// A web timestamp: a numeric date and a clock time (`2026-02-03 09:02:33`).
fn is_timestamp(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    let Some(f) = arabic_date(&chars, 0) else {
        return false;
    };
    if f.date.d == 0 || !matches!(chars.get(4), Some('-' | '/')) {
        return false;
    }
    let rest: String = chars[f.end..].iter().collect();
    is_time_like(&rest) && rest.contains([':', '：'])
}

/// Whether a line states the document's date rather than a page's stamp, and which: a furniture
/// line only through a label of the document's date (`成文日期：`), any other line through
/// [`date_line`] unless it is a page stamp.
fn own_date_line(line: &str, furniture: bool) -> Option<(DateKind, Ymd)> {
    if page_stamp_of(line, furniture).is_some() {
        return None;
    }
    if furniture {
        let (label, _) = split_label(line)?;
        if !DATE_LABELS.contains(&label) {
            return None;
        }
    }
    date_line(line)
}

/// The first date stated by a dated line near the top: an event line wins over a plain one.
/// Each line comes with whether it is page furniture.
fn head_date(lines: &[(&str, bool)]) -> Option<Ymd> {
    let mut plain = None;
    for &(line, furniture) in lines {
        match own_date_line(line, furniture) {
            Some((DateKind::Event, d)) => return Some(d),
            Some((DateKind::Plain, d)) => {
                plain.get_or_insert(d);
            }
            None => {}
        }
    }
    plain
}

/// The signature date at the foot: the last dated line.
fn tail_date(lines: &[(&str, bool)]) -> Option<Ymd> {
    lines
        .iter()
        .rev()
        .find_map(|&(l, furniture)| own_date_line(l, furniture))
        .map(|(_, d)| d)
}

/// The date a web page stamped on its copy, if `line` is such a stamp: a page-date label and a
/// date (`时间:2024-04-01 07:34:31`, `来源：浙江日报 时间：2026-01-22`, `发布日期：2019年3月5日` on a
/// furniture line), a date with a clock time (`2026年02月10日 07时41分` — documents do not date
/// themselves to the minute), or a numeric date that is furniture on its own (the value under a
/// `时间：` label line).
fn page_stamp_of(line: &str, furniture: bool) -> Option<Ymd> {
    if line.chars().count() > 100 {
        return None;
    }
    let core = line
        .trim_start_matches(|c: char| c.is_whitespace() || "（(【[".contains(c))
        .trim_end_matches(|c: char| c.is_whitespace() || ")）】]".contains(c));
    // Labelled: the first page-date label followed by a colon and a date.
    for label in PAGE_DATE_LABELS {
        for (p, _) in core.match_indices(label) {
            // `发布时间` holds `时间`: only a label that starts the line or follows a space or
            // another label's value counts, and it must not be the tail of a longer label.
            let before = core[..p].chars().next_back();
            if before.is_some_and(|c| !c.is_whitespace() && !"）)】]".contains(c)) {
                continue;
            }
            let rest = core[p + label.len()..].trim_start();
            let Some(value) = rest.strip_prefix([':', '：']) else {
                continue;
            };
            let chars: Vec<char> = value.trim_start().chars().collect();
            let found = find_dates(&chars)
                .into_iter()
                .find(|f| f.start == 0 && f.date.m != 0);
            if let Some(found) = found {
                let numeric = matches!(chars.get(4), Some('-' | '/' | '.'));
                let rest: String = chars[found.end..].iter().collect();
                let timed = is_time_like(rest.trim()) && !rest.trim().is_empty();
                // On a line of the text (not furniture), `日期：2019年3月5日` may be the date of a
                // form or a meeting: only the web's numeric or timed dates are stamps there.
                if furniture || numeric || timed {
                    return Some(found.date);
                }
            }
        }
    }
    // A date followed by a clock time.
    let chars: Vec<char> = core.chars().collect();
    let first = find_dates(&chars).into_iter().next()?;
    if first.start != 0 || first.date.d == 0 {
        return None;
    }
    let rest: String = chars[first.end..].iter().collect();
    let rest = rest.trim();
    if !rest.is_empty() && is_time_like(rest) && rest.contains([':', '：', '时']) {
        return Some(first.date);
    }
    (furniture && rest.is_empty() && is_numeric_date(core)).then_some(first.date)
}

/// The first page stamp among `range` of the lines.
fn page_stamp(
    lines: &[&str],
    range: std::ops::Range<usize>,
    is_furniture: &dyn Fn(usize) -> bool,
) -> Option<Ymd> {
    range
        .filter(|&i| !lines[i].is_empty())
        .find_map(|i| page_stamp_of(lines[i], is_furniture(i)))
}

/// A year named by the path: a four-digit number in the file name, else in a folder name; and
/// which of the two named it.
fn path_year(rel_path: &str) -> Option<(u32, DateSource)> {
    let stem = file_stem(rel_path);
    if let Some(y) = year_in(stem) {
        return Some((y, DateSource::FileName));
    }
    rel_path
        .split('/')
        .rev()
        .skip(1)
        .find_map(year_in)
        .map(|y| (y, DateSource::Folder))
}

/// A standalone four-digit year (1900–2100) in a name.
fn year_in(name: &str) -> Option<u32> {
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_some() {
            let start = i;
            while i < chars.len() && digit(chars[i]).is_some() {
                i += 1;
            }
            if i - start == 4 {
                let y = chars[start..i]
                    .iter()
                    .fold(0, |acc, &c| acc * 10 + digit(c).unwrap_or(0));
                if (1900..=2100).contains(&y) {
                    return Some(y);
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Document numbers
// ---------------------------------------------------------------------------------------------

/// Opening brackets users and documents put around the year of a 发文字号.
fn is_open_bracket(c: char) -> bool {
    matches!(
        c,
        '[' | '(' | '【' | '〔' | '［' | '（' | '〈' | '〖' | '﹝' | '⦅' | '{' | '<' | '＜'
    )
}

/// Closing brackets matching [`is_open_bracket`].
fn is_close_bracket(c: char) -> bool {
    matches!(
        c,
        ']' | ')' | '】' | '〕' | '］' | '）' | '〉' | '〗' | '﹞' | '⦆' | '}' | '>' | '＞'
    )
}

/// A document number with any bracket variant the user may type ([] () 【】 〔〕 ［］ （） 〈〉)
/// around the year turned into 〔〕, e.g. `衡编办[2019]37号` → `衡编办〔2019〕37号`.
///
/// Whitespace is removed and full-width digits become ASCII, so that a number typed in a query
/// compares equal to the one extracted from a document.
pub fn normalize_doc_number(s: &str) -> String {
    let chars: Vec<char> = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match digit(c) {
            Some(d) => char::from_digit(d, 10).unwrap_or(c),
            None => c,
        })
        .collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let year_in_brackets = is_open_bracket(chars[i])
            && i + 5 < chars.len()
            && chars[i + 1..i + 5].iter().all(char::is_ascii_digit)
            && is_close_bracket(chars[i + 5]);
        if year_in_brackets {
            out.push('〔');
            out.extend(&chars[i + 1..i + 5]);
            out.push('〕');
            i += 6;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Characters that end the issuer abbreviation of a 发文字号 when reading backwards from the
/// bracket (`根据国发〔…` → `国发`).
const NUMBER_PREFIX_STOPS: &[char] = &[
    '的', '和', '与', '及', '或', '在', '以', '按', '据', '照', '依', '见', '即', '了', '于', '对',
    '由', '为', '是', '将', '把', '被', '等', '如', '号', '年', '月', '日',
];

/// Words dropped from the front of a 发文字号 prefix (`印发国发〔…` → `国发`,
/// `深入贯彻落实国发〔…` → `国发`).
const NUMBER_PREFIX_WORDS: &[&str] = &[
    "以下简称",
    "下简称",
    "简称",
    "印发",
    "转发",
    "批转",
    "批复",
    "下发",
    "出台",
    "制定",
    "作出",
    "执行",
    "贯彻",
    "落实",
    "深入",
    "认真",
    "全面",
    "严格",
    "继续",
    "进一步",
    "抢抓",
    "用好",
    "用足",
    "抓住",
    "抓好",
    "坚持",
    "结合",
    "围绕",
    "对照",
    "参照",
    "按照",
    "根据",
    "依据",
    "依照",
    "通过",
    "发布",
    "公布",
    "通知",
    "文件",
    "参阅",
    "详见",
];

/// The longest issuer abbreviation read before the bracketed year of a 发文字号.
const MAX_NUMBER_PREFIX: usize = 10;

/// What follows the last of the [`NUMBER_PREFIX_WORDS`] in `s` (`国务院出台国发` → `国发`).
fn strip_lead_words(s: &str) -> &str {
    let cut = NUMBER_PREFIX_WORDS
        .iter()
        .filter_map(|w| s.rfind(w).map(|p| p + w.len()))
        .max()
        .unwrap_or(0);
    &s[cut..]
}

/// Every 发文字号 with a bracketed year (any bracket variant) in a text, in order: the byte
/// range it covers and the number normalised (`国发[2019]5号` → `国发〔2019〕5号`). Whether a
/// number is a document's own or only cited is for the caller to tell.
pub fn doc_numbers(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some((start, end, number)) = doc_number_span(&text[from..]) {
        found.push((from + start..from + end, number));
        from += end;
    }
    found
}

/// The first 发文字号 with a bracketed year in a line: the byte offsets where its issuer
/// abbreviation starts and where it ends, and the number normalised.
fn doc_number_span(line: &str) -> Option<(usize, usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let len = chars.len();
    for i in 0..len {
        if !is_open_bracket(chars[i]) || i + 6 >= len {
            continue;
        }
        if !chars[i + 1..i + 5].iter().all(|&c| digit(c).is_some())
            || !is_close_bracket(chars[i + 5])
        {
            continue;
        }
        let mut j = i + 6;
        if chars.get(j) == Some(&'第') {
            j += 1;
        }
        let digits_start = j;
        while j < len && j - digits_start < 6 && digit(chars[j]).is_some() {
            j += 1;
        }
        if j == digits_start || chars.get(j) != Some(&'号') {
            continue;
        }
        // The issuer abbreviation runs back to a bracket, punctuation or a function word; a run
        // that does not end within a few characters is prose whose start cannot be told.
        let mut s = i;
        while s > 0
            && i - s <= MAX_NUMBER_PREFIX
            && is_cjk(chars[s - 1])
            && !NUMBER_PREFIX_STOPS.contains(&chars[s - 1])
        {
            s -= 1;
        }
        if i - s > MAX_NUMBER_PREFIX {
            continue;
        }
        let prefix = strip_lead_words(&line[byte_index(line, s)..byte_index(line, i)]);
        if prefix.is_empty() {
            continue;
        }
        let at = byte_index(line, i) - prefix.len();
        let whole = &line[byte_index(line, i)..byte_index(line, j + 1)];
        let end = byte_index(line, j + 1);
        return Some((at, end, normalize_doc_number(&format!("{prefix}{whole}"))));
    }
    None
}

/// Where the body of a document runs, by line index: from its first paragraph of prose (a line
/// of the head that is not furniture, not the title, not a block quote and not a note in
/// brackets such as `（中发〔2008〕13号 2008年9月3日）`) to one past its last one in the tail. What is above is the
/// header block, what is below the signature. Without prose in the head, the body starts after
/// it; without prose in the tail, it ends where the tail starts.
fn body_bounds(
    lines: &[&str],
    head: std::ops::Range<usize>,
    tail: std::ops::Range<usize>,
    title_line: Option<usize>,
    is_furniture: &dyn Fn(usize) -> bool,
) -> std::ops::Range<usize> {
    let prose = |i: usize| {
        let line = strip_markup(lines[i]);
        // A note in brackets, or a block quote (the `> [!NOTE]` of a news item that comes
        // before the document it announces), is not the body.
        let note = line.starts_with(['（', '(']) && line.ends_with(['）', ')'])
            || lines[i].starts_with('>');
        Some(i) != title_line && !is_furniture(i) && !note && is_prose_line(&line)
    };
    let start = head.clone().find(|&i| prose(i)).unwrap_or(head.end);
    let end = tail
        .clone()
        .rev()
        .find(|&i| prose(i))
        .map_or(tail.start, |i| i + 1);
    start..end.max(start)
}

/// The 发文字号 on a line that gives the document's own number: the line is short and, without
/// its Markdown and bracket wrapping, starts with the number (`国发〔2015〕11号`,
/// `（中发〔2008〕13号 2008年9月3日）`), or has before it only a date, the issuing bodies or the
/// title (`（2015年11月29日）中发〔2015〕34号`, `关于…的通知（国发〔2015〕11号）`). A line that cites a
/// number (`根据衡编办〔2019〕37号…`, `按照…批复(衡编办〔2019〕37号)`) has other words before it.
fn own_doc_number(line: &str, title: &str) -> Option<String> {
    let core = strip_markup(line);
    if core.chars().count() > 80 || core.contains('。') {
        return None;
    }
    let core = core.trim_start_matches(['（', '(', '【', '[', '〔', ' ', '\u{3000}']);
    let (start, _, number) = doc_number_span(core)?;
    let before = core[..start]
        .trim_end_matches(['（', '(', '【', '[', ' ', '\u{3000}', '：', ':'])
        .trim();
    let allowed = before.is_empty()
        || before == "文号"
        || before == "发文字号"
        || organ_list(before).is_some()
        || (!title.is_empty() && title.starts_with(before) && before.chars().count() >= 4)
        || {
            // Only a date, perhaps in brackets.
            let inner = before
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')']);
            let chars: Vec<char> = inner.chars().collect();
            matches!(find_dates(&chars).first(), Some(f) if f.start == 0 && f.end == chars.len())
        };
    allowed.then_some(number)
}

/// An order number on a short line of its own: `国务院令第588号`, `主席令第三十一号`.
fn find_order_number(line: &str) -> Option<String> {
    if line.chars().count() > 40 || line.contains('。') {
        return None;
    }
    let pos = line.find("令第")?;
    let chars: Vec<char> = line[pos + "令第".len()..].chars().collect();
    let k = chars
        .iter()
        .take_while(|&&c| digit(c).is_some() || cn_digit(c).is_some() || matches!(c, '十' | '百'))
        .count();
    if k == 0 || chars.get(k) != Some(&'号') {
        return None;
    }
    let before: Vec<char> = line[..pos].chars().collect();
    let s = before
        .iter()
        .rposition(|&c| !is_cjk(c) || matches!(c, '年' | '月' | '日'))
        .map_or(0, |p| p + 1);
    let prefix: String = before[s..].iter().collect();
    let prefix = strip_lead_words(&prefix);
    if prefix.is_empty() {
        return None;
    }
    let number: String = chars[..k].iter().collect();
    Some(normalize_doc_number(&format!("{prefix}令第{number}号")))
}

/// The byte offset of the `char_index`-th character of `s` (or its length).
fn byte_index(s: &str, char_index: usize) -> usize {
    s.char_indices().nth(char_index).map_or(s.len(), |(b, _)| b)
}

// ---------------------------------------------------------------------------------------------
// Issuing bodies
// ---------------------------------------------------------------------------------------------

/// Endings of the names of issuing bodies.
const ORGAN_SUFFIXES: &[&str] = &[
    "人民政府",
    "政府",
    "办公厅",
    "办公室",
    "委员会",
    "常委会",
    "代表大会",
    "国务院",
    "中共中央",
    "党中央",
    "中央军委",
    "编办",
    "联合会",
    "总工会",
    "党组",
    "党委",
    "纪委",
    "监委",
    "法院",
    "检察院",
    "银行",
    "部",
    "厅",
    "局",
    "委",
    "院",
    "署",
    "司",
    "办",
];

/// Words that end like a body but are not one.
const NOT_ORGANS: &[&str] = &[
    "干部", "全部", "内部", "外部", "局部", "总部", "本部", "东部", "西部", "南部", "北部", "中部",
    "大局", "全局", "格局", "布局", "结局", "当局", "开局", "医院", "学院", "剧院", "书院", "庭院",
];

/// A name of an issuing body (`国务院办公厅`, `中共衡阳市委`, `衡阳市委编办`). A name that does not
/// say whose it is — `市人民政府`, `省人大常委会`, as a report calls its own government — is not
/// one: it would cite "the city government" of no city.
fn is_organ(s: &str) -> bool {
    let s = s.strip_suffix("文件").unwrap_or(s);
    let n = s.chars().count();
    let unnamed = s.starts_with(['市', '省', '县', '区', '州']) && !s.starts_with("市场")
        || s.starts_with("自治区")
        || s.starts_with("本");
    !unnamed
        && (3..=30).contains(&n)
        && s.chars().all(is_cjk)
        && !s.chars().any(|c| "的是了在于对为我你他她".contains(c))
        && ORGAN_SUFFIXES.iter().any(|x| s.ends_with(x))
        && !NOT_ORGANS.iter().any(|x| s.ends_with(x))
        && !is_structural_heading(s)
}

/// An author that is not a body: a person's name (`周恩来`) or "unknown" (`佚名`).
fn is_person_or_unknown(name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() || ["佚名", "未知", "不详", "匿名", "无"].contains(&name) {
        return true;
    }
    let n = name.chars().count();
    let body_char =
        |c: char| "会委部院局厅办署司党联政府中央团队军省市县区组社协所室处".contains(c);
    (2..=3).contains(&n) && name.chars().all(is_cjk) && !name.chars().any(body_char)
        || name.contains('·') && !name.chars().any(body_char)
}

/// One or more bodies separated by spaces or 、 (`中共中央 国务院`), joined with 、.
fn organ_list(s: &str) -> Option<String> {
    let parts: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '、')
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.len() > 6 || !parts.iter().all(|p| is_organ(p)) {
        return None;
    }
    Some(
        parts
            .iter()
            .map(|p| p.strip_suffix("文件").unwrap_or(p))
            .collect::<Vec<_>>()
            .join("、"),
    )
}

/// The body in a title such as `国务院关于…的通知` or `中共中央纪委法规室对《…》的答复`.
fn issuer_from_title(title: &str) -> Option<String> {
    let pos = ["关于", "对《", "印发", "转发", "批转"]
        .iter()
        .filter_map(|m| title.find(m))
        .filter(|&p| p > 0)
        .min()?;
    organ_list(title[..pos].trim())
}

/// What a dated header line says a body did, most telling first: adopted or made it (`通过`,
/// `制定`), issued it (`发布`, `公布`, `印发`, `发出`). A body that approved it (`批准`: a
/// provincial congress approving a city's regulation, the NPC a plan) is not its author.
const EVENT_VERBS: &[(&str, u8)] = &[
    ("通过", 0),
    ("制定", 0),
    ("发布", 1),
    ("公布", 1),
    ("印发", 1),
    ("发出", 1),
];

/// The issuing body that the dated lines of a header name (a statute's versions, a Party
/// rule's `（…中共中央政治局会议审议批准 …中共中央发布）` note): the body of the first line that
/// says it adopted or made the document, else of the first that issued it. Meeting ordinals go (`北京市第十五届人民代表大会常务委员会第十六次会议通过` →
/// 北京市人民代表大会常务委员会, `国务院第47次常务会议通过` → 国务院), and so does the
/// number of an order (`中华人民共和国国务院令第588号公布` → 国务院). A line about amending or
/// forwarding names no author, and what is not the name of a body is not taken.
fn issuer_from_events(lines: &[&str]) -> Option<String> {
    let mut best: Option<(u8, String)> = None;
    for line in lines {
        let core = strip_markup(line);
        if core.chars().count() > 160 || core.contains('。') {
            continue;
        }
        let chars: Vec<char> = core.chars().collect();
        let dates = find_dates(&chars);
        if dates.is_empty() {
            continue;
        }
        for (verb, rank) in EVENT_VERBS {
            if best.as_ref().is_some_and(|(r, _)| r <= rank) {
                continue;
            }
            for (p, _) in core.match_indices(verb) {
                let v = core[..p].chars().count();
                // The words back to the line's start, a space or a bracket, without dates.
                let from = chars[..v]
                    .iter()
                    .rposition(|&c| c.is_whitespace() || "（(）)，,；;".contains(c))
                    .map_or(0, |k| k + 1);
                let mut words = String::new();
                let mut k = from;
                while k < v {
                    if let Some(f) = dates.iter().find(|f| f.start == k && f.end <= v) {
                        k = f.end;
                    } else {
                        words.push(chars[k]);
                        k += 1;
                    }
                }
                if let Some(organ) = event_body(&words) {
                    best = Some((*rank, organ));
                    break;
                }
            }
        }
        if best.as_ref().is_some_and(|(r, _)| *r == 0) {
            break;
        }
    }
    best.map(|(_, organ)| organ)
}

/// The body in the words before an event verb: `第十三届全国人民代表大会常务委员会第十次会议` →
/// 全国人民代表大会常务委员会, `中华人民共和国国务院令第699号` → 国务院, `中共中央政治局会议审议`
/// → 中共中央政治局. A name that does not say whose it is (`市十四届人大常委会`) is no name.
fn event_body(words: &str) -> Option<String> {
    // What is left of a date written with spaces (`1991 年 4 月第七届…`).
    let mut w = words.trim().trim_start_matches(['年', '月', '日', ' ']);
    if w.contains(['《', '〈', '<']) {
        return None;
    }
    for tail in ["审议", "会议", "联席"] {
        w = w.strip_suffix(tail).unwrap_or(w).trim_end();
    }
    let mut text = w.to_owned();
    // An order: `…令第588号`.
    if let Some(p) = text.find("令第") {
        if text.ends_with('号') {
            text.truncate(p);
        }
    }
    // Ordinals of sessions and meetings: `第十五届`, `第十六次`, `第47次`.
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut k = 0;
    while k < chars.len() {
        let numeral = |c: char| digit(c).is_some() || cn_digit(c).is_some() || "十百".contains(c);
        if chars[k] == '第' || numeral(chars[k]) {
            let from = k + usize::from(chars[k] == '第');
            let n = chars[from..].iter().take_while(|&&c| numeral(c)).count();
            if n > 0 && matches!(chars.get(from + n), Some('届' | '次')) {
                k = from + n + 1;
                continue;
            }
        }
        out.push(chars[k]);
        k += 1;
    }
    let out = out.strip_suffix("常务").unwrap_or(&out);
    let parts: Vec<&str> = out
        .split(['、', ' ', '\u{3000}'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.strip_prefix("中华人民共和国")
                .filter(|rest| is_organ(rest))
                .unwrap_or(p)
        })
        .collect();
    organ_list(&parts.join("、"))
}

/// A header line naming a body above the first paragraph (`国务院办公厅`, `中共中央 国务院`).
fn issuer_at_top(
    title: &str,
    lines: &[&str],
    head: std::ops::Range<usize>,
    title_line: Option<usize>,
    is_furniture: &dyn Fn(usize) -> bool,
) -> Option<String> {
    head.filter(|&i| !lines[i].is_empty() && !is_furniture(i))
        .take(12)
        .take_while(|&i| !is_prose_line(lines[i]))
        .filter(|&i| Some(i) != title_line)
        .map(|i| strip_markup(lines[i]))
        // A title broken over two lines is not a body above it.
        .filter(|line| !title.contains(line.as_str()))
        .find_map(|line| organ_list(&line))
}

/// Offices whose holder signs a government work report under its title (`国务院总理　李克强`,
/// `阿坝州人民政府州长 罗振华`, `广东省省长 马兴瑞`).
const SIGNING_OFFICES: &[&str] = &[
    "总理", "省长", "市长", "州长", "县长", "区长", "盟长", "旗长", "主席",
];

/// The government a report's signature line speaks for: `国务院总理　李克强` → 国务院,
/// `广东省省长 某某` → 广东省人民政府, `阿坝州人民政府州长 某某` → 阿坝州人民政府.
fn issuer_from_signature(
    lines: &[&str],
    head: std::ops::Range<usize>,
    is_furniture: &dyn Fn(usize) -> bool,
) -> Option<String> {
    head.filter(|&i| !lines[i].is_empty() && !is_furniture(i))
        .take(8)
        .find_map(|i| {
            let line = strip_markup(lines[i]);
            let mut parts = line
                .split(|c: char| c.is_whitespace())
                .filter(|p| !p.is_empty());
            let (office, name) = (parts.next()?, parts.next()?);
            let name_chars = name.chars().count();
            if parts.next().is_some() || !(2..=4).contains(&name_chars) || !name.chars().all(is_cjk)
            {
                return None;
            }
            let body = SIGNING_OFFICES
                .iter()
                .find_map(|o| office.strip_suffix(o))
                .filter(|b| b.chars().count() >= 2 && b.chars().all(is_cjk))?;
            if body == "国务院" || body.ends_with("政府") && is_organ(body) {
                Some(body.to_owned())
            } else if ["省", "市", "州", "县", "区", "盟", "旗", "自治区"]
                .iter()
                .any(|s| body.ends_with(s))
            {
                Some(format!("{body}人民政府"))
            } else {
                None
            }
        })
}

/// A signature at the foot: a body followed by a date, or among the last two lines.
fn issuer_at_bottom(
    lines: &[&str],
    tail: std::ops::Range<usize>,
    is_furniture: &dyn Fn(usize) -> bool,
) -> Option<String> {
    let content: Vec<usize> = tail
        .filter(|&i| !lines[i].is_empty() && !is_furniture(i))
        .collect();
    content.iter().enumerate().rev().find_map(|(k, &i)| {
        let organ = organ_list(&strip_markup(lines[i]))?;
        let dated = content
            .get(k + 1)
            .is_some_and(|&j| date_line(lines[j]).is_some());
        (dated || k + 2 >= content.len()).then_some(organ)
    })
}

// ---------------------------------------------------------------------------------------------
// Document types
// ---------------------------------------------------------------------------------------------

/// Title endings and the type each names, most specific first.
const TYPE_SUFFIXES: &[(&str, &str)] = &[
    ("政府工作报告", "政府工作报告"),
    ("调研报告", "调研报告"),
    ("实施细则", "细则"),
    ("细则", "细则"),
    ("意见", "意见"),
    ("方案", "方案"),
    ("规划纲要", "纲要"),
    ("纲要", "纲要"),
    ("规划", "规划"),
    ("计划", "计划"),
    ("公报", "公报"),
    ("修正案", "修正案"),
    ("宪法", "宪法"),
    ("法典", "法律"),
    ("条例", "条例"),
    ("规定", "规定"),
    ("办法", "办法"),
    ("通知", "通知"),
    ("决定", "决定"),
    ("决议", "决议"),
    ("准则", "准则"),
    ("规则", "规则"),
    ("章程", "章程"),
    ("批复", "批复"),
    ("答复", "答复"),
    ("复函", "函"),
    ("函", "函"),
    ("通告", "通告"),
    ("公告", "公告"),
    ("通报", "通报"),
    ("请示", "请示"),
    ("纪要", "纪要"),
    ("讲话", "讲话"),
    ("规范", "规范"),
    ("指南", "指南"),
    ("守则", "守则"),
    ("命令", "命令"),
    ("说明", "说明"),
    ("标准", "标准"),
    ("清单", "清单"),
    ("解释", "解释"),
    ("建议", "建议"),
    ("案例", "案例"),
    ("报告", "报告"),
    ("法律", "法律"),
];

/// Words after the type word that do not change it (`…条例（草案）`, `…办法(试行)`).
const TITLE_TAIL_WORDS: &[&str] = &[
    "征求意见稿",
    "送审稿",
    "修订稿",
    "草案",
    "试行",
    "暂行",
    "修订",
    "修正",
    "摘要",
    "全文",
    "节选",
];

/// The document type the title names (see [`Metadata::doc_type`]). `rel_path` tells a statute
/// in a law collection (`…法` under `laws/`) from other titles ending in 法.
fn type_from_title(title: &str, rel_path: &str) -> Option<String> {
    let mut core = title.trim().trim_end_matches("**").trim();
    loop {
        let before = core;
        for (open, close) in [
            ('（', '）'),
            ('(', ')'),
            ('〔', '〕'),
            ('【', '】'),
            ('[', ']'),
        ] {
            if core.ends_with(close) {
                if let Some(p) = core.rfind(open) {
                    core = core[..p].trim_end();
                }
            }
        }
        if let Some(rest) = TITLE_TAIL_WORDS.iter().find_map(|w| core.strip_suffix(w)) {
            core = rest.trim_end();
        }
        core = core.trim_end_matches(['》', '”', '"', ' ']);
        if core == before {
            break;
        }
    }
    if let Some((_, ty)) = TYPE_SUFFIXES.iter().find(|(s, _)| core.ends_with(s)) {
        return Some((*ty).to_owned());
    }
    if core.ends_with('法') {
        let in_laws = rel_path.split('/').any(|c| c == "laws" || c == "法律");
        if core.starts_with("中华人民共和国") || in_laws {
            return Some("法律".to_owned());
        }
    }
    ["政府工作报告", "调研报告"]
        .iter()
        .find(|t| core.contains(*t))
        .map(|t| (*t).to_owned())
}

/// A folder named after a type (`party-rules/regulations/规定/…`, `laws/national/案例/…`).
fn type_from_path(rel_path: &str) -> Option<String> {
    rel_path
        .split('/')
        .rev()
        .skip(1)
        .find(|c| TYPE_SUFFIXES.iter().any(|(_, t)| t == c))
        .map(str::to_owned)
}

// ---------------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------------

/// Province-level divisions: short name and full name.
const PROVINCES: &[(&str, &str)] = &[
    ("北京", "北京市"),
    ("天津", "天津市"),
    ("上海", "上海市"),
    ("重庆", "重庆市"),
    ("河北", "河北省"),
    ("山西", "山西省"),
    ("辽宁", "辽宁省"),
    ("吉林", "吉林省"),
    ("黑龙江", "黑龙江省"),
    ("江苏", "江苏省"),
    ("浙江", "浙江省"),
    ("安徽", "安徽省"),
    ("福建", "福建省"),
    ("江西", "江西省"),
    ("山东", "山东省"),
    ("河南", "河南省"),
    ("湖北", "湖北省"),
    ("湖南", "湖南省"),
    ("广东", "广东省"),
    ("海南", "海南省"),
    ("四川", "四川省"),
    ("贵州", "贵州省"),
    ("云南", "云南省"),
    ("陕西", "陕西省"),
    ("甘肃", "甘肃省"),
    ("青海", "青海省"),
    ("台湾", "台湾省"),
    ("内蒙古", "内蒙古自治区"),
    ("广西", "广西壮族自治区"),
    ("西藏", "西藏自治区"),
    ("宁夏", "宁夏回族自治区"),
    ("新疆", "新疆维吾尔自治区"),
    ("香港", "香港特别行政区"),
    ("澳门", "澳门特别行政区"),
];

/// Provincial capitals (of provinces and autonomous regions) and sub-provincial cities
/// (计划单列市): the places [`region_level`] calls `city`.
const CAPITALS: &[&str] = &[
    "石家庄市",
    "太原市",
    "呼和浩特市",
    "沈阳市",
    "长春市",
    "哈尔滨市",
    "南京市",
    "杭州市",
    "合肥市",
    "福州市",
    "南昌市",
    "济南市",
    "郑州市",
    "武汉市",
    "长沙市",
    "广州市",
    "南宁市",
    "海口市",
    "成都市",
    "贵阳市",
    "昆明市",
    "拉萨市",
    "西安市",
    "兰州市",
    "西宁市",
    "银川市",
    "乌鲁木齐市",
    "大连市",
    "青岛市",
    "宁波市",
    "厦门市",
    "深圳市",
];

/// The level of government of a document of `region` (its [`Metadata::region`]): none is
/// national; a province-level name (直辖市 such as 北京市 included) provincial; a provincial
/// capital or sub-provincial city `city`; any other place `prefecture`. Without a gazetteer, a
/// 地级市 and a 县 are not told apart: both are `prefecture`.
pub fn region_level(region: Option<&str>) -> crate::document::Level {
    use crate::document::Level;
    let Some(region) = region.map(str::trim).filter(|r| !r.is_empty()) else {
        return Level::National;
    };
    if PROVINCES
        .iter()
        .any(|(short, full)| region == *short || region == *full)
    {
        Level::Provincial
    } else if CAPITALS
        .iter()
        .any(|c| region == *c || c.strip_suffix('市') == Some(region))
    {
        Level::City
    } else {
        Level::Prefecture
    }
}

/// Characters that cannot directly precede 市/县 in a place name (`全市`, `城市`, `省市县`).
const NOT_BEFORE_PLACE: &str =
    "全本我该各此城都超上门股夜集楼车省地区县市和与及每两多外级辖的个在入出副乡镇村";

/// Words that show a "name" before 市/县 is an ordinary phrase (`党政机关县（处）级`,
/// `计划单列市`).
const NOT_IN_PLACE_NAMES: &[&str] = &[
    "机关", "党政", "政府", "单位", "部门", "城市", "地区", "农村", "计划", "单列", "级", "各",
];

/// Characters before 城市 / 城县 that make an ordinary word (`大城市`, `新城市`), not a name.
const NOT_BEFORE_CHENG: &str = "大小新中各全本该此老古名两多边主次空卫县省市区都";

/// Characters that bound a place name when reading backwards from 市/县.
const PLACE_STOPS: &str = "的在于对是与及为从向到由将把被年月日省区县市了着过让使至各全本该我";

/// Place names ending in 市, 县, 自治州 or 自治县 in `s`, with their byte offsets, in order.
///
/// Without a gazetteer the start of a name is a guess: a name of up to four characters bounded
/// by a non-Chinese character or a function word is taken whole, otherwise (unless `strict`, as
/// for body prose, where such guesses go wrong too often) the two characters before the suffix —
/// most Chinese city and county names have two.
fn generic_regions(s: &str, strict: bool) -> Vec<(usize, String)> {
    let cs: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    for k in 0..cs.len() {
        let c = cs[k].1;
        let autonomous =
            k >= 2 && cs[k - 2].1 == '自' && cs[k - 1].1 == '治' && matches!(c, '州' | '县');
        let name_end = if autonomous {
            k - 2
        } else if matches!(c, '市' | '县') {
            k
        } else {
            continue;
        };
        let next = cs.get(k + 1).map(|x| x.1);
        let bad_next = match c {
            '市' => matches!(next, Some('长' | '场' | '值' | '容' | '面' | '井' | '级')),
            _ => matches!(next, Some('级' | '域' | '长' | '城')),
        };
        if bad_next || name_end == 0 {
            continue;
        }
        let bounded_at =
            |i: usize| i == 0 || !is_cjk(cs[i - 1].1) || PLACE_STOPS.contains(cs[i - 1].1);
        let before = cs[name_end - 1].1;
        if !autonomous && before == '城' && !strict {
            // 晋城市, 盐城市 — but not 大城市, 沿海城市.
            let x = cs[name_end.saturating_sub(2)].1;
            let named = name_end >= 2
                && is_cjk(x)
                && !NOT_BEFORE_CHENG.contains(x)
                && !PLACE_STOPS.contains(x)
                && !NOT_BEFORE_PLACE.contains(x)
                && bounded_at(name_end - 2);
            if named {
                let to = cs.get(k + 1).map_or(s.len(), |x| x.0);
                out.push((cs[name_end - 2].0, s[cs[name_end - 2].0..to].to_owned()));
            }
            continue;
        }
        if !autonomous && NOT_BEFORE_PLACE.contains(before) {
            continue;
        }
        let max = if autonomous { 10 } else { 5 };
        let mut start = name_end;
        while start > 0
            && name_end - start < max
            && is_cjk(cs[start - 1].1)
            && !PLACE_STOPS.contains(cs[start - 1].1)
        {
            start -= 1;
        }
        // A name may itself begin with a "stop" character (日喀则市, 本溪市) when nothing
        // precedes it.
        let opens = |i: usize| i == 0 || !(is_cjk(cs[i - 1].1) || cs[i - 1].1.is_alphanumeric());
        if start > 0 && opens(start - 1) && name_end - start < 4 {
            start -= 1;
        }
        let run = name_end - start;
        if run < 2 {
            continue;
        }
        let bounded = bounded_at(start);
        if strict && !autonomous && !(bounded && run == 2) {
            continue;
        }
        if !(autonomous || bounded && run <= 4) {
            start = name_end - 2;
        } else if autonomous && !bounded {
            continue;
        }
        let from = cs[start].0;
        let to = cs.get(k + 1).map_or(s.len(), |x| x.0);
        let mut name = &s[from..to];
        let mut offset = from;
        for lead in ["中共", "中国", "共青团"] {
            if let Some(rest) = name.strip_prefix(lead) {
                offset += lead.len();
                name = rest;
            }
        }
        let suffix_chars = if autonomous { 3 } else { 1 };
        if name.chars().count() >= 2 + suffix_chars && !has_any(name, NOT_IN_PLACE_NAMES) {
            out.push((offset, name.to_owned()));
        }
    }
    out
}

/// The first region named in `s`: a province-level full name or a city / county, whichever comes
/// first; failing those, when `short_names`, a province short name (`北京` → 北京市).
fn find_region(s: &str, short_names: bool) -> Option<String> {
    fn consider(best: &mut Option<(usize, String)>, pos: usize, name: &str) {
        if best.as_ref().is_none_or(|(p, _)| pos < *p) {
            *best = Some((pos, name.to_owned()));
        }
    }
    let mut best: Option<(usize, String)> = None;
    for (_, full) in PROVINCES {
        if let Some(p) = s.find(full) {
            consider(&mut best, p, full);
        }
    }
    for (p, name) in generic_regions(s, false) {
        consider(&mut best, p, &name);
    }
    if best.is_none() && short_names {
        for (short, full) in PROVINCES {
            if let Some(p) = s.find(short) {
                consider(&mut best, p, full);
            }
        }
    }
    best.map(|(_, name)| name)
}

/// A region named by a folder or the file name (`provincial/辽宁省/`, `laws/local/北京/`,
/// `浙江省_2026.txt`), outermost first.
fn region_from_path(rel_path: &str) -> Option<String> {
    let mut parts: Vec<&str> = rel_path.split('/').collect();
    let stem = file_stem(rel_path);
    parts.pop();
    parts.extend(stem.split(['_', '-', ' ', '(', ')', '（', '）']));
    parts.iter().find_map(|part| {
        let part = part.trim();
        if let Some((_, full)) = PROVINCES
            .iter()
            .find(|(short, full)| part == *short || part == *full)
        {
            return Some((*full).to_owned());
        }
        let n = part.chars().count();
        let name = ["自治州", "自治县", "自治区", "市", "县", "省"]
            .iter()
            .find_map(|s| part.strip_suffix(s));
        let place = (3..=12).contains(&n)
            && part.chars().all(is_cjk)
            && name.is_some_and(|name| {
                !name.chars().any(|c| "的于与及在对为".contains(c))
                    && !has_any(name, NOT_IN_PLACE_NAMES)
            });
        place.then(|| part.to_owned())
    })
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/// A line without surrounding whitespace (including the ideographic space) and zero-width
/// characters.
fn clean(line: &str) -> &str {
    line.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
            )
    })
}

/// Punctuation that ends a sentence.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// Punctuation inside or at the end of a sentence.
fn is_clause_punct(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',')
}

/// Whether `s` contains any of `words`.
fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

#[cfg(test)]
mod tests {
    #[test]
    fn region_levels_count_municipalities_as_provinces() {
        use crate::document::Level;
        assert_eq!(region_level(None), Level::National);
        assert_eq!(region_level(Some("北京市")), Level::Provincial);
        assert_eq!(region_level(Some("广西壮族自治区")), Level::Provincial);
        assert_eq!(region_level(Some("深圳市")), Level::City);
        assert_eq!(region_level(Some("成都")), Level::City);
        assert_eq!(region_level(Some("七台河市")), Level::Prefecture);
    }

    use super::*;

    #[test]
    fn chinese_numerals_round_trip() {
        for (n, text) in [
            (1, "一"),
            (12, "十二"),
            (20, "二十"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
        ] {
            assert_eq!(chinese_numeral(n).as_deref(), Some(text));
        }
        for n in 1..2000 {
            assert_eq!(chinese_number(&chinese_numeral(n).unwrap()), Some(n), "{n}");
        }
    }

    /// Runs both public functions the way ingest does.
    fn meta(text: &str, rel_path: &str, format: Format) -> Metadata {
        extract_metadata(text, rel_path, format, &furniture_lines(text))
    }

    /// The text of a file under `../shared/` beside the repository; tests that read one are
    /// marked `#[ignore = "needs ../shared/…"]` and fail here when it is missing.
    fn shared_file(relative: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared")
            .join(relative);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("this test needs {}: {err}", path.display()))
    }

    /// A made-up paragraph of more than 80 characters, with sentence punctuation.
    const PROSE: &str = "近年来，某某区紧紧围绕高质量发展的要求，切实整合人力、物力、财力，坚持把园区作为招商引资的主要平台来建设，着力推进规划建设，不断夯实园区基础，加快完善配套设施，园区发展取得明显成效。";

    // ----- furniture (all texts in these tests are made up) -----

    #[test]
    fn furniture_essay_site_banners_breadcrumb_and_uploader() {
        // Made-up page in the shape of an essay site.
        let text = [
            "当前位置:首页 > 工作计划",                                         // 0
            "",                                                                 // 1
            "某某区街道管理体制调研报告",                                       // 2
            "",                                                                 // 3
            "时间:2023-05-06 10:00:00",                                         // 4
            "某某区街道管理体制调研报告[本文共1200字]",                         // 5
            "【概述】",                                                         // 6
            "结合当前工作需要,的会员“abc”为你整理了这篇某某区街道管理体制调研报告范文,希望能给你的学习、工作带来参考借鉴作用。", // 7
            "【正文】",                                                         // 8
            PROSE,                                                              // 9
            "一、街道体制现状",                                                 // 10
            PROSE,                                                              // 11
            "《某某区街道管理体制调研报告[本文共1200字].doc》",                 // 12
            "将本文的Word文档下载到电脑,方便收藏和打印",                        // 13
            "推荐度:",                                                          // 14
            "点击下载文档",                                                     // 15
            "",                                                                 // 16
            "文档为doc格式",                                                    // 17
        ]
        .join("\n");
        assert_eq!(
            furniture_lines(&text),
            vec![0, 4, 5, 6, 7, 8, 12, 13, 14, 15, 17]
        );
    }

    #[test]
    fn furniture_never_takes_prose_or_numbered_headings() {
        // Made-up lines full of furniture words that are still part of the document.
        let long = format!("当前位置：首页，下载打印全屏收藏分享到，{PROSE}");
        let text = [
            long.as_str(),
            "七、以国家生态安全屏障综合试验区为平台，加大生态环境保护治理力度",
            "（三）地下电缆铺设后，应设立永久性标志，并将地下电缆所在位置书面通知有关部门；",
            "> 引用的一段话",
            ">",
            "> 引用的第二段话",
            "**名词解释>>>**",
            "时间：2024年5月1日上午9时",
        ]
        .join("\n");
        assert_eq!(furniture_lines(&text), Vec::<usize>::new());
    }

    #[test]
    fn furniture_breadcrumbs_and_buttons_one_per_line() {
        // Made-up news page whose widgets were saved one per line.
        let text = [
            "下载",                                              // 0
            "打印",                                              // 1
            "【字号：",                                          // 2
            "加大",                                              // 3
            "还原",                                              // 4
            "减小",                                              // 5
            "】",                                                // 6
            "您的位置:",                                         // 7
            "首页",                                              // 8
            ">",                                                 // 9
            "要闻",                                              // 10
            "要闻",                                              // 11
            "2025年某市政府工作报告",                            // 12
            "来源：",                                            // 13
            "某某日报",                                          // 14
            "发表时间：",                                        // 15
            "2025-01-20 09:45:30",                               // 16
            "分享:",                                             // 17
            "2025年1月10日在某市第十届人民代表大会第三次会议上", // 18
            "各位代表：",                                        // 19
            PROSE,                                               // 20
        ]
        .join("\n");
        assert_eq!(
            furniture_lines(&text),
            vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17]
        );
    }

    #[test]
    fn furniture_captions_labels_and_related_links() {
        // Made-up page header, photo caption and related-links foot.
        let text = [
            "某某作政府工作报告。本报记者 张三 摄",           // 0
            "来源：某某日报 作者：李四 发布时间：2025-01-20", // 1
            "（来源：某某日报）",                             // 2
            PROSE,                                            // 3
            "责任编辑：",                                     // 4
            "王五",                                           // 5
            "扫一扫在手机打开当前页",                         // 6
            "相关报道：",                                     // 7
            "e4c29f31c6964493a14c4ddf6b160169:",              // 8
            "某某市人民代表大会关于政府工作报告的决议",       // 9
            "打印本页",                                       // 10
            "关闭窗口",                                       // 11
        ]
        .join("\n");
        assert_eq!(
            furniture_lines(&text),
            vec![0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11]
        );
    }

    #[test]
    fn furniture_header_blocks_at_the_top() {
        // Made-up key lines of a scraped text file and YAML front matter of a Markdown file.
        let keys = "title: 2026年某省政府工作报告\nprovince: 浙江省\nyear: 2026\n\n正文。";
        assert_eq!(furniture_lines(keys), vec![0, 1, 2]);
        let yaml = "---\ntitle: 某规定\nauthors:\n  - 国务院\n---\n\n# 某规定\n";
        assert_eq!(furniture_lines(yaml), vec![0, 1, 2, 3, 4]);
        // A closing rule of four dashes still closes; a line that is not YAML ends an unclosed block.
        let odd = "---\ntitle: 某规划\n----\n\n目录\n";
        assert_eq!(furniture_lines(odd), vec![0, 1, 2]);
        let unclosed = "---\ntitle: 某规划\n目录\n";
        assert_eq!(furniture_lines(unclosed), vec![0, 1]);
    }

    // ----- title (made-up texts) -----

    #[test]
    fn title_from_front_matter_key_lines_heading_or_bold() {
        let fm = "---\ntitle: '某市政府工作报告'\n---\n\n# 别的标题\n";
        assert_eq!(
            meta(fm, "a/2023.md", Format::Markdown).title,
            "某市政府工作报告"
        );
        let keys = "title: 2026年浙江省政府工作报告\nprovince: 浙江省\n\n正文。";
        assert_eq!(
            meta(keys, "浙江省_2026.txt", Format::Text).title,
            "2026年浙江省政府工作报告"
        );
        let heading = "# 中华人民共和国某某法\n\n2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议通过\n";
        assert_eq!(
            meta(heading, "x.md", Format::Markdown).title,
            "中华人民共和国某某法"
        );
        let bold = "**中华人民共和国**\n\n**2004年国民经济和社会发展统计公报**\n\n正文。";
        assert_eq!(
            meta(bold, "2004.md", Format::Markdown).title,
            "中华人民共和国2004年国民经济和社会发展统计公报"
        );
        // A front-matter title that is only a year gives way to the text.
        let weak =
            "---\ntitle: 1980年\n---\n\n**国家统计局关于1980年国民经济计划执行结果的公报**\n";
        assert_eq!(
            meta(weak, "1980.md", Format::Markdown).title,
            "国家统计局关于1980年国民经济计划执行结果的公报"
        );
    }

    #[test]
    fn title_from_first_title_like_line_or_file_name() {
        let text = "当前位置：首页 > 文件\n\n2024年3月1日\n一、总体要求\n某某县关于加强街道工作的意见\n\n正文。";
        assert_eq!(
            meta(text, "x.txt", Format::Text).title,
            "某某县关于加强街道工作的意见"
        );
        // An organ header above the title does not win over the title that names a type.
        let header = "国务院办公厅\n关于某某工作的通知\n各省、自治区、直辖市人民政府：\n";
        assert_eq!(
            meta(header, "x.txt", Format::Text).title,
            "关于某某工作的通知"
        );
        let quoted = "《某某条例》\n\n第一条 为了规范某某工作，制定本条例。";
        assert_eq!(meta(quoted, "x.txt", Format::Text).title, "某某条例");
        let none = "第一条 为了规范某某工作，制定本条例。\n第二条 本条例适用于某某。";
        assert_eq!(
            meta(none, "laws/某某条例(2019-04-23).md", Format::Markdown).title,
            "某某条例"
        );
    }

    // ----- date and year (made-up texts) -----

    #[test]
    fn date_from_lines_near_the_top() {
        // A site's upload stamp is the page's date, not the document's.
        let iso = "某某报告\n时间:2024-04-01 07:34:31\n正文。";
        let m = meta(iso, "x.txt", Format::Text);
        assert_eq!(
            (m.date.as_deref(), m.year, m.page_date.as_deref()),
            (None, None, Some("2024-04-01"))
        );
        assert_eq!(m.filter_date(false), Some("2024-04-01"));
        let chinese = "某某规划\n\n（二〇二四年四月一日某某市第十届人民代表大会第三次会议通过）\n";
        assert_eq!(
            meta(chinese, "x.txt", Format::Text).date.as_deref(),
            Some("2024-04-01")
        );
        let plain = "某某通知\n2024年4月1日\n正文。";
        assert_eq!(
            meta(plain, "x.txt", Format::Text).date.as_deref(),
            Some("2024-04-01")
        );
        // The meeting date wins over the time the page was published.
        let report = "2026年某省政府工作报告\n2026年02月10日 07时41分\n——2026年2月3日在某省第十四届人民代表大会第五次会议上\n";
        let m = meta(report, "x.txt", Format::Text);
        assert_eq!(
            (m.date.as_deref(), m.page_date.as_deref()),
            (Some("2026-02-03"), Some("2026-02-10"))
        );
        assert_eq!(m.date_source, Some(DateSource::Text));
        // A page label and its value on one line with another label; the text's own date wins.
        let labelled =
            "某某通知\n来源：某某日报 发布时间：2023-05-06\n成文日期：2023年5月4日\n正文。";
        let m = meta(labelled, "x.txt", Format::Text);
        assert_eq!(
            (m.date.as_deref(), m.page_date.as_deref()),
            (Some("2023-05-04"), Some("2023-05-06"))
        );
        // The time of an event in the text is neither the document's date nor a page stamp.
        let event = format!("某某会议通知\n时间：2024年5月1日上午9时\n{PROSE}\n");
        let m = meta(&event, "x.txt", Format::Text);
        assert_eq!((m.date, m.page_date), (None, None));
        let signed = format!("某某通知\n{PROSE}\n某某市人民政府\n2019年3月5日\n");
        assert_eq!(
            meta(&signed, "x.txt", Format::Text).date.as_deref(),
            Some("2019-03-05")
        );
    }

    #[test]
    fn date_of_a_law_is_its_latest_version() {
        let law = "# 中华人民共和国某某法\n\n2003年8月27日 第十届全国人民代表大会常务委员会第四次会议通过\n\n2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议修正\n\n<!-- INFO END -->\n\n第一条 为了某某，制定本法。\n";
        assert_eq!(
            meta(law, "laws/某某法.md", Format::Markdown)
                .date
                .as_deref(),
            Some("2019-04-23")
        );
        // The file name names the version when it carries a date.
        let m = meta(law, "laws/某某法(2017-06-01).md", Format::Markdown);
        assert_eq!(
            (m.date.as_deref(), m.year),
            (Some("2017-06-01"), Some(2017))
        );
    }

    #[test]
    fn year_from_the_path_when_the_text_has_no_date() {
        let text = "政府工作报告\n各位代表：\n正文。";
        for (path, year) in [
            ("reports/gov-work/provincial/辽宁省/2007.md", 2007),
            ("plans/five-year/2016-十三五规划纲要.md", 2016),
            ("provincial-2026-alt/浙江省_2026.txt", 2026),
        ] {
            let m = meta(text, path, Format::Markdown);
            assert_eq!(m.year, Some(year), "{path}");
            assert_eq!(m.date, Some(year.to_string()), "{path}");
        }
        assert_eq!(meta(text, "a/b.md", Format::Markdown).year, None);
    }

    // ----- numbers (made-up strings) -----

    #[test]
    fn chinese_numerals_to_arabic() {
        for (s, n) in [
            ("二〇二四", 2024),
            ("二○一九", 2019),
            ("十二", 12),
            ("二十三", 23),
            ("十", 10),
            ("三十一", 31),
            ("一百零五", 105),
            ("一千零一十", 1010),
            ("两万", 20_000),
            ("廿一", 21),
            ("2019", 2019),
            ("２０１９", 2019),
        ] {
            assert_eq!(chinese_number(s), Some(n), "{s}");
        }
        for s in ["", "abc", "二三十", "十十", "年"] {
            assert_eq!(chinese_number(s), None, "{s}");
        }
    }

    #[test]
    fn doc_numbers_normalised_to_tortoise_shell_brackets() {
        for typed in [
            "衡编办[2019]37号",
            "衡编办(2019)37号",
            "衡编办【2019】37号",
            "衡编办〔2019〕37号",
            "衡编办［2019］37号",
            "衡编办（2019）37号",
            "衡编办〈2019〉37号",
            "衡编办 〔 2019〕 37号",
            "衡编办〔２０１９〕３７号",
        ] {
            assert_eq!(normalize_doc_number(typed), "衡编办〔2019〕37号", "{typed}");
        }
        assert_eq!(normalize_doc_number("国务院令第588号"), "国务院令第588号");
    }

    #[test]
    fn every_doc_number_in_a_text_with_its_place() {
        let text = "据国发[2019]5号和人社部发（2023）6号，另见某某。";
        let found = doc_numbers(text);
        let numbers: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(numbers, ["国发〔2019〕5号", "人社部发〔2023〕6号"]);
        assert_eq!(&text[found[1].0.clone()], "人社部发（2023）6号");
    }

    #[test]
    fn doc_number_only_the_documents_own() {
        // A number the body cites is not the document's.
        let body = format!(
            "某某报告\n{PROSE}按照某市委编办批复(某编办[2019]37号),科学制定园区“三定”方案。\n"
        );
        assert_eq!(meta(&body, "x.txt", Format::Text).doc_number, None);
        let verbs = "某某报告\n我们深入贯彻落实国发（2022）2号文件，取得新成效。\n";
        assert_eq!(meta(verbs, "x.txt", Format::Text).doc_number, None);
        let cited = "某某办法\n第一条 根据某编办〔2019〕37号文件，制定本办法。\n";
        assert_eq!(meta(cited, "x.txt", Format::Text).doc_number, None);
        // Under the title, alone or in a bracketed note with a date.
        let header = "国务院关于某某工作的通知\n国发〔2015〕11号\n正文。";
        assert_eq!(
            meta(header, "x.txt", Format::Text).doc_number.as_deref(),
            Some("国发〔2015〕11号")
        );
        let note = format!("## 某某办法\n\n> （中办发〔2019〕33号 2019年5月13日）\n\n{PROSE}\n");
        assert_eq!(
            meta(&note, "x.md", Format::Markdown).doc_number.as_deref(),
            Some("中办发〔2019〕33号")
        );
        let dated = "某某决定\n（2015年11月29日）中发〔2015〕34号\n正文。";
        assert_eq!(
            meta(dated, "x.txt", Format::Text).doc_number.as_deref(),
            Some("中发〔2015〕34号")
        );
        // In the signature at the foot.
        let signed =
            format!("某某通知\n{PROSE}\n某某市人民政府\n2019年3月5日\n某政发〔2019〕5号\n");
        assert_eq!(
            meta(&signed, "x.txt", Format::Text).doc_number.as_deref(),
            Some("某政发〔2019〕5号")
        );
        let order =
            "# 某某条例\n\n2010年1月1日 中华人民共和国国务院令第588号公布\n\n<!-- INFO END -->\n";
        assert_eq!(
            meta(order, "x.md", Format::Markdown).doc_number.as_deref(),
            Some("中华人民共和国国务院令第588号")
        );
        assert_eq!(
            meta("某某报告\n正文。", "x.txt", Format::Text).doc_number,
            None
        );
    }

    // ----- issuer (made-up texts) -----

    #[test]
    fn issuer_from_title_header_signature_or_front_matter() {
        let title = "国务院关于某某工作的通知\n正文。";
        assert_eq!(
            meta(title, "x.txt", Format::Text).issuer.as_deref(),
            Some("国务院")
        );
        let joint = "中共中央办公厅　国务院办公厅关于某某工作的意见\n正文。";
        assert_eq!(
            meta(joint, "x.txt", Format::Text).issuer.as_deref(),
            Some("中共中央办公厅、国务院办公厅")
        );
        let header = "国务院办公厅文件\n\n某某工作方案\n正文。";
        assert_eq!(
            meta(header, "x.txt", Format::Text).issuer.as_deref(),
            Some("国务院办公厅")
        );
        let signed = format!("某某工作方案\n{PROSE}\n\n某某市人民政府\n2019年3月5日\n");
        assert_eq!(
            meta(&signed, "x.txt", Format::Text).issuer.as_deref(),
            Some("某某市人民政府")
        );
        let fm =
            "---\ntitle: 某规定\nauthors:\n  - 中共中央组织部\n  - 人力资源和社会保障部\n---\n";
        assert_eq!(
            meta(fm, "x.md", Format::Markdown).issuer.as_deref(),
            Some("中共中央组织部、人力资源和社会保障部")
        );
        // People and "anonymous" are not issuing bodies.
        let person = "---\ntitle: 某报告\nauthors:\n  - 周恩来\n  - 佚名\n---\n";
        assert_eq!(meta(person, "x.md", Format::Markdown).issuer, None);
        let report = format!("政府工作报告\n各位代表：\n{PROSE}\n");
        assert_eq!(meta(&report, "x.txt", Format::Text).issuer, None);
        let signed = format!("政府工作报告\n\n国务院总理　李某某\n\n各位代表：\n{PROSE}\n");
        assert_eq!(
            meta(&signed, "x.txt", Format::Text).issuer.as_deref(),
            Some("国务院")
        );
        let signed = format!("政府工作报告\n\n某某省省长 王某\n\n各位代表：\n{PROSE}\n");
        assert_eq!(
            meta(&signed, "x.txt", Format::Text).issuer.as_deref(),
            Some("某某省人民政府")
        );
    }

    #[test]
    fn issuer_from_the_body_that_adopted_or_issued_it() {
        let local = "# 某某市某某条例\n\n2019年11月27日 某某市第十五届人民代表大会常务委员会第十六次会议通过\n\n2020年5月1日 某某省第十三届人民代表大会常务委员会第十次会议批准\n\n<!-- INFO END -->\n";
        assert_eq!(
            meta(local, "x.md", Format::Markdown).issuer.as_deref(),
            Some("某某市人民代表大会常务委员会")
        );
        let national = "# 中华人民共和国某某法\n\n2003年8月27日 第十届全国人民代表大会常务委员会第四次会议通过\n\n2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议《关于修改〈某某法〉的决定》修正\n\n<!-- INFO END -->\n";
        assert_eq!(
            meta(national, "x.md", Format::Markdown).issuer.as_deref(),
            Some("全国人民代表大会常务委员会")
        );
        let order = "# 某某条例\n\n2001年11月14日 国务院第47次常务会议通过\n2001年11月23日 中华人民共和国国务院令第324号公布\n\n<!-- INFO END -->\n";
        assert_eq!(
            meta(order, "x.md", Format::Markdown).issuer.as_deref(),
            Some("国务院")
        );
        let issued = "# 某某规定\n\n1999年7月9日 国务院批准\n1999年7月23日 国家经济贸易委员会发布\n\n<!-- INFO END -->\n";
        assert_eq!(
            meta(issued, "x.md", Format::Markdown).issuer.as_deref(),
            Some("国家经济贸易委员会")
        );
        let party = format!("## 某某条例\n\n> （2019年1月31日中共中央政治局会议审议批准　2019年2月20日中共中央发布）\n\n{PROSE}\n");
        assert_eq!(
            meta(&party, "x.md", Format::Markdown).issuer.as_deref(),
            Some("中共中央")
        );
        // Approving is not authoring, and a body that does not say whose it is names no one.
        let approved = "# 某某纲要\n\n> （1991 年 4 月第七届全国人民代表大会第四次会议批准）\n\n<!-- INFO END -->\n";
        assert_eq!(meta(approved, "x.md", Format::Markdown).issuer, None);
        let unnamed =
            "# 某某条例\n\n2015年4月13日 市十四届人大常委会第二十次会议通过\n\n<!-- INFO END -->\n";
        assert_eq!(meta(unnamed, "x.md", Format::Markdown).issuer, None);
        let report = format!("政府工作报告\n\n市人民政府市长 张某\n\n各位代表：\n{PROSE}\n");
        assert_eq!(meta(&report, "x.txt", Format::Text).issuer, None);
        // A region from a folder is a region, not an author.
        let m = meta(
            "某某条例\n正文。",
            "laws/local/北京/某某条例.md",
            Format::Text,
        );
        assert_eq!((m.region.as_deref(), m.issuer), (Some("北京市"), None));
    }

    #[test]
    fn address_from_front_matter_and_where_the_date_comes_from() {
        let link = "---\ntitle: 某某方案\ndate: '2014-07-16'\nlink: https://www.gov.cn/zhengce/2014-07/16/content_1.htm\nsource: 中国政府网\n---\n正文。";
        let m = meta(link, "x.md", Format::Markdown);
        assert_eq!(
            m.url.as_deref(),
            Some("https://www.gov.cn/zhengce/2014-07/16/content_1.htm")
        );
        assert_eq!(m.date_source, Some(DateSource::FrontMatter));
        let source = "---\nsource: https://www.fujian.gov.cn/a.htm\ntitle: 某某报告\n---\n正文。";
        assert_eq!(
            meta(source, "x.md", Format::Markdown).url.as_deref(),
            Some("https://www.fujian.gov.cn/a.htm")
        );
        let site = "---\ntitle: 某某报告\nsource: 纪委监委\n---\n正文。";
        assert_eq!(meta(site, "x.md", Format::Markdown).url, None);
        let text = "政府工作报告\n各位代表：\n正文。";
        let m = meta(text, "reports/辽宁省/2007.md", Format::Markdown);
        assert_eq!(
            (m.date.as_deref(), m.date_source),
            (Some("2007"), Some(DateSource::FileName))
        );
        let m = meta(text, "reports/2007/x.md", Format::Markdown);
        assert_eq!(m.date_source, Some(DateSource::Folder));
    }

    // ----- type (made-up titles) -----

    #[test]
    fn type_is_the_most_specific_match_in_the_title() {
        for (title, ty) in [
            ("2023年某市政府工作报告", "政府工作报告"),
            ("某市人民政府工作报告（2023年2月22日 张三）", "政府工作报告"),
            ("经开区管理体制机制调研报告", "调研报告"),
            ("在某某大会上的报告", "报告"),
            ("中华人民共和国某某法", "法律"),
            ("某某市实施《中华人民共和国某某法》办法", "办法"),
            ("某某条例（草案）", "条例"),
            ("某某办法(试行)", "办法"),
            ("某某实施细则", "细则"),
            ("关于印发《某某方案》的通知", "通知"),
            ("国务院关于某某的批复", "批复"),
            ("某某规划纲要", "纲要"),
            ("某某统计公报", "公报"),
            ("中国共产党章程（2022年修改）", "章程"),
            ("某某指导意见", "意见"),
        ] {
            assert_eq!(type_from_title(title, ""), Some(ty.to_owned()), "{title}");
        }
        assert_eq!(type_from_title("民主党派", ""), None);
        // `…法` is a law when the title says 中华人民共和国 or the path is a law collection.
        assert_eq!(type_from_title("某某法", ""), None);
        assert_eq!(
            type_from_title("某某法", "laws/national/x.md"),
            Some("法律".to_owned())
        );
        // No type in the title: a folder named after a type.
        let m = meta(
            "加班费如何认定\n正文。",
            "laws/national/案例/x.md",
            Format::Text,
        );
        assert_eq!(m.doc_type.as_deref(), Some("案例"));
    }

    // ----- region (made-up texts and paths) -----

    #[test]
    fn region_from_title_issuer_path_or_first_paragraph() {
        let title = "2026年浙江省政府工作报告\n正文。";
        assert_eq!(
            meta(title, "x.txt", Format::Text).region.as_deref(),
            Some("浙江省")
        );
        let city = "晋城市政府工作报告\n正文。";
        assert_eq!(
            meta(city, "x.txt", Format::Text).region.as_deref(),
            Some("晋城市")
        );
        let start = "日喀则市政府工作报告\n正文。";
        assert_eq!(
            meta(start, "x.txt", Format::Text).region.as_deref(),
            Some("日喀则市")
        );
        let mayor = "某某市长在上海市第十三届人民代表大会上的政府工作报告\n正文。";
        assert_eq!(
            meta(mayor, "x.txt", Format::Text).region.as_deref(),
            Some("上海市")
        );
        let short = "北京经济技术开发区条例\n正文。";
        assert_eq!(
            meta(short, "x.md", Format::Markdown).region.as_deref(),
            Some("北京市")
        );
        let issuer = "北京市人民代表大会常务委员会关于某某问题的决定\n正文。";
        assert_eq!(
            meta(issuer, "x.txt", Format::Text).region.as_deref(),
            Some("北京市")
        );
        let plain = "政府工作报告\n各位代表：\n正文。";
        for (path, region) in [
            ("reports/gov-work/provincial/辽宁省/2007.md", "辽宁省"),
            ("laws/local/北京/某某条例.md", "北京市"),
            (
                "reports/gov-work/prefecture/凉山彝族自治州/2023.md",
                "凉山彝族自治州",
            ),
            (
                "provincial-2026-alt/宁夏回族自治区_2026.txt",
                "宁夏回族自治区",
            ),
        ] {
            assert_eq!(
                meta(plain, path, Format::Markdown).region.as_deref(),
                Some(region),
                "{path}"
            );
        }
        let body = "某某调研报告\n近年来,耒阳市紧紧围绕“工业兴市、园区兴工”的思路，着力推进规划建设，不断夯实园区基础。\n耒阳市经济开发区成立于1992年。\n";
        assert_eq!(
            meta(body, "x.txt", Format::Text).region.as_deref(),
            Some("耒阳市")
        );
        // National texts, and words that only end like places, have no region.
        let national =
            "关于加强城市基层党建工作的意见\n全市各县级以上单位要加强城市管理，推进市场建设。\n";
        assert_eq!(
            meta(national, "notices/central/x.md", Format::Markdown).region,
            None
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Made-up texts from the characters the parsers look at never make them panic, and
        /// furniture indexes are sorted, unique and in range.
        #[test]
        fn never_panics_on_odd_text(
            text in "[-一二〇十年月日市县省城自治州第条章、（）()【】〔〕\\[\\]>:：。，0-9 \n#*《》号令发国关于通知报告来源时间首页摄记者]{0,200}",
            path in "[a-z/_()0-9市省县.-]{0,30}",
        ) {
            let furniture = furniture_lines(&text);
            let lines = text.lines().count();
            proptest::prop_assert!(furniture.windows(2).all(|w| w[0] < w[1]));
            proptest::prop_assert!(furniture.iter().all(|&i| i < lines));
            for format in [Format::Text, Format::Markdown] {
                let m = extract_metadata(&text, &path, format, &furniture);
                if let Some(date) = &m.date {
                    proptest::prop_assert!(matches!(date.len(), 4 | 7 | 10), "{}", date);
                }
            }
            let _ = normalize_doc_number(&text);
            let _ = chinese_number(&text);
        }
    }

    // ----- real files: the bundled report, and files under ../shared (ignored tests) -----

    #[test]
    fn seed_report() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/经开区管理体制机制调研报告.txt");
        let text = std::fs::read_to_string(path).unwrap();
        let furniture = furniture_lines(&text);
        let lines: Vec<&str> = text.lines().collect();
        // The page has no-break spaces around `>`.
        let is_furniture = |needle: &str| {
            let i = lines
                .iter()
                .position(|l| l.replace('\u{a0}', " ").trim() == needle)
                .unwrap_or_else(|| panic!("no line {needle}"));
            furniture.contains(&i)
        };
        for line in [
            "当前位置:首页 > 工作计划",
            "时间:2024-04-01 07:34:31",
            "经开区管理体制机制调研报告[本文共2581字]",
            "【概述】",
            "【正文】",
            "《经开区管理体制机制调研报告[本文共2581字].doc》",
            "将本文的Word文档下载到电脑,方便收藏和打印",
            "推荐度:",
            "点击下载文档",
            "文档为doc格式",
        ] {
            assert!(is_furniture(line), "{line} should be furniture");
        }
        let uploader = lines
            .iter()
            .position(|l| l.contains("为你整理了这篇"))
            .unwrap();
        assert!(furniture.contains(&uploader));
        assert!(!furniture.contains(&2), "line 3 is the title");
        assert!(!is_furniture("一、经开区体制机制现状"));
        for (i, line) in lines.iter().enumerate() {
            if line.chars().count() > 80 {
                assert!(
                    !furniture.contains(&i),
                    "prose line {i} marked as furniture"
                );
            }
        }
        let m = extract_metadata(
            &text,
            "reports/research/经开区管理体制机制调研报告.txt",
            Format::Text,
            &furniture,
        );
        assert_eq!(m.title, "经开区管理体制机制调研报告");
        // The page's upload stamp is all the date there is: not the report's own.
        assert_eq!(m.date, None);
        assert_eq!(m.year, None);
        assert_eq!(m.page_date.as_deref(), Some("2024-04-01"));
        // The 发文字号 in its body is one it cites (衡编办〔2019〕37号), not its own.
        assert_eq!(m.doc_number, None);
        assert_eq!(m.doc_type.as_deref(), Some("调研报告"));
        assert_eq!(m.region.as_deref(), Some("耒阳市"));
        assert_eq!(m.issuer, None);
    }

    #[test]
    #[ignore = "needs ../shared/corpus-small"]
    fn lawrefbook_national_law() {
        let text = shared_file("corpus-small/laws/national/行政法/行政许可法(2019-04-23).md");
        let m = meta(
            &text,
            "laws/national/行政法/行政许可法(2019-04-23).md",
            Format::Markdown,
        );
        assert_eq!(m.title, "中华人民共和国行政许可法");
        assert_eq!(m.doc_type.as_deref(), Some("法律"));
        assert_eq!(m.date.as_deref(), Some("2019-04-23"));
        assert_eq!(m.year, Some(2019));
        assert_eq!(m.region, None);
        assert_eq!(furniture_lines(&text), Vec::<usize>::new());
    }

    #[test]
    #[ignore = "needs ../shared/corpus-small"]
    fn prefecture_government_work_report() {
        let text = shared_file("corpus-small/reports/gov-work/prefecture/乐山市/2023.md");
        let m = meta(
            &text,
            "reports/gov-work/prefecture/乐山市/2023.md",
            Format::Markdown,
        );
        assert!(m.title.starts_with("乐山市政府工作报告"), "{}", m.title);
        assert_eq!(m.doc_type.as_deref(), Some("政府工作报告"));
        assert_eq!(m.region.as_deref(), Some("乐山市"));
        assert_eq!(m.year, Some(2023));
        assert_eq!(m.date.as_deref(), Some("2023-02-22"));
    }

    #[test]
    #[ignore = "needs ../shared/corpus-small"]
    fn beijing_local_regulation() {
        let text = shared_file("corpus-small/laws/local/北京/北京市街道办事处条例(2019-11-27).md");
        let m = meta(
            &text,
            "laws/local/北京/北京市街道办事处条例(2019-11-27).md",
            Format::Markdown,
        );
        assert_eq!(m.title, "北京市街道办事处条例");
        assert_eq!(m.doc_type.as_deref(), Some("条例"));
        assert_eq!(m.region.as_deref(), Some("北京市"));
        assert_eq!(m.date.as_deref(), Some("2019-11-27"));
    }

    #[test]
    #[ignore = "needs ../shared/corpus"]
    fn scraped_provincial_reports_2026() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/reports/gov-work/provincial-2026-alt");
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("this test needs {}: {err}", dir.display()));
        let mut seen = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let province = name.split('_').next().unwrap().to_owned();
            let furniture = furniture_lines(&text);
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let t = line.trim();
                let prose = t.chars().count() > PROSE_CHARS && t.chars().any(is_clause_punct);
                assert!(
                    !(prose && furniture.contains(&i)),
                    "{name}:{i} prose marked: {t}"
                );
                let widget = [
                    "下载",
                    "打印",
                    "全屏",
                    "收藏",
                    "加大",
                    "还原",
                    "减小",
                    "】",
                    "相关报道：",
                    "扫一扫在手机打开当前页",
                ]
                .contains(&t)
                    || t.starts_with("来源：")
                    || t.starts_with("【字号")
                    || t.starts_with("【字体")
                    || t.starts_with("时间：20");
                assert!(
                    !widget || furniture.contains(&i),
                    "{name}:{i} furniture missed: {t}"
                );
            }
            // The key lines at the top are furniture; the first body line is not.
            assert!(furniture.starts_with(&[0, 1, 2, 3]), "{name}");
            let first_body = lines.iter().position(|l| l.trim() == "各位代表：").unwrap();
            assert!(!furniture.contains(&first_body), "{name}");
            let m = extract_metadata(
                &text,
                &format!("reports/gov-work/provincial-2026-alt/{name}"),
                Format::Text,
                &furniture,
            );
            let key_title = lines[0].trim_start_matches("title:").trim();
            assert_eq!(m.title, key_title, "{name}");
            assert_eq!(m.doc_type.as_deref(), Some("政府工作报告"), "{name}");
            assert_eq!(m.region.as_deref(), Some(province.as_str()), "{name}");
            assert_eq!(m.year, Some(2026), "{name}");
            assert!(
                m.date.as_deref().is_some_and(|d| d.starts_with("2026-0")),
                "{name}"
            );
            seen += 1;
        }
        assert!(seen > 0, "no files in {}", dir.display());
    }
}
