//! Typed answer spans inside a sentence: quantities (`45人`, `1200户`, `30%—50%`), dates
//! (`1992年`), organisations (`本级人民政府`), definitions (what follows `是指`), and the clause
//! that answers a yes/no question.
//!
//! Every span is a byte range of the sentence it was found in, so the answer can be shown in
//! place and cited. Which of several candidates answers is decided by [`pick_span`]: the unit
//! family the question asks for, closeness to the question's words in the sentence, and, for
//! organisations, not being made of the question's own words.

use jieba_rs::Jieba;

pub use super::labels::{document_numbers, ranks};
use super::question::{fold_numerals, unit_at, AnswerType, Question, UnitClass};
pub use super::relations::{relations, Relation};
use crate::analysis::{is_cjk, Analyzer};

/// A candidate answer span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// First byte in the sentence.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// For a quantity, the family of its unit.
    pub unit: Option<UnitClass>,
    /// For an organisation, whether a word before it makes it the one who acts or approves
    /// (`由…`, `经…`, `报…`, `抄送…`).
    pub agent: bool,
    /// For a pair question, whether the span runs from one value to the next.
    pub pair: bool,
}

/// Whether `c` is written as part of a number.
fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || "〇零一二三四五六七八九十百千万亿两.．,".contains(c)
}

/// Whether `c` can start a number (a separator cannot).
fn starts_number(c: char) -> bool {
    c.is_ascii_digit() || "〇零一二三四五六七八九十百千两".contains(c)
}

/// The quantities of a sentence: a number (digits or Chinese numerals, with 万/亿, a decimal
/// point, `多`/`余` after it) followed by a unit, and `第N位`. Years (`2019年`) are dates, not
/// quantities; numbers inside words (`一把手`, `两张皮`, `一站式`) have no unit and are not
/// taken; a lone `一` is an article (`一个乡镇`), not a count.
pub fn quantities(sentence: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !starts_number(c) || (i > 0 && is_number_char(chars[i - 1].1) && chars[i - 1].1 != ',') {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_number_char(chars[j].1) {
            j += 1;
        }
        // A trailing separator (`，`) ends the number rather than belonging to it.
        while j > i && matches!(chars[j - 1].1, '.' | '．' | ',') {
            j -= 1;
        }
        let number = &sentence[start..chars.get(j).map_or(sentence.len(), |c| c.0)];
        let mut after = chars.get(j).map_or(sentence.len(), |c| c.0);
        if sentence[after..].starts_with('多') || sentence[after..].starts_with('余') {
            after += '多'.len_utf8();
        }
        let is_ordinal = i > 0 && chars[i - 1].1 == '第';
        // `3月6日`: a day of a month, not a number of days.
        let day_of_month = i > 0 && chars[i - 1].1 == '月';
        let bare_unit = matches!(number, "十" | "百" | "千" | "万" | "亿");
        match unit_at(&sentence[after..]) {
            // A lone 一 counts only time (`一年内`); before 个 or 项 it is an article.
            Some((unit, class))
                if !(bare_unit || day_of_month && unit == "日")
                    && (number != "一" || class == UnitClass::Duration) =>
            {
                let digits = number.chars().filter(char::is_ascii_digit).count();
                let year = unit == "年"
                    && (digits == 4
                        || number.chars().count() == 4 && !number.contains(['十', '百']));
                let class = if is_ordinal { UnitClass::Rank } else { class };
                if !year {
                    let mut from = if is_ordinal { chars[i - 1].0 } else { start };
                    // `三至十五人`, `5-10年`: a bare number before a range mark opens the range.
                    if let Some(open) = range_start(sentence, from) {
                        from = open;
                        out.retain(|s: &Span| s.end <= from);
                    }
                    out.push(Span {
                        start: from,
                        end: after + unit.len(),
                        unit: Some(class),
                        agent: false,
                        pair: false,
                    });
                }
            }
            _ => {}
        }
        i = j.max(i + 1);
    }
    join_ranges(sentence, out)
}

/// Where a range opened by a bare number ends at `at` begins: `三至` of `三至十五人`, `5-` of
/// `5-10年`.
fn range_start(sentence: &str, at: usize) -> Option<usize> {
    let before = &sentence[..at];
    let mark = ["至", "到", "—", "－", "-", "~", "～"]
        .iter()
        .find(|m| before.ends_with(*m))?;
    let number_end = at - mark.len();
    let start = before[..number_end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| {
            c.is_ascii_digit() || c == '.' || "〇零一二三四五六七八九十百千万两".contains(c)
        })
        .last()
        .map(|(i, _)| i)?;
    (start < number_end).then_some(start)
}

/// Joins `30%—50%`, `5至10年` into one span: two quantities of one family with only a range
/// mark between them.
fn join_ranges(sentence: &str, spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if let Some(last) = out.last_mut() {
            let between = &sentence[last.end..span.start];
            if last.unit == span.unit
                && matches!(between, "—" | "——" | "-" | "－" | "~" | "～" | "至" | "到")
            {
                last.end = span.end;
                continue;
            }
        }
        out.push(span);
    }
    out
}

/// The dates of a sentence: `1992年`, `2019年5月`, `2019年5月1日`, `一九九二年`.
pub fn dates(sentence: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let digit = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九".contains(c);
        if !digit(chars[i].1) || (i > 0 && digit(chars[i - 1].1)) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && digit(chars[j].1) {
            j += 1;
        }
        if j - i == 4 && chars.get(j).is_some_and(|c| c.1 == '年') {
            let mut end = j + 1;
            // 年 followed by a month (and a day): `5月`, `五月十日`.
            let month_day = |from: usize, mark: char| {
                let mut k = from;
                while k < chars.len()
                    && k - from < 3
                    && (chars[k].1.is_ascii_digit()
                        || "〇一二三四五六七八九十".contains(chars[k].1))
                {
                    k += 1;
                }
                (k > from && chars.get(k).is_some_and(|c| c.1 == mark)).then_some(k + 1)
            };
            if let Some(after_month) = month_day(end, '月') {
                end = after_month;
                if let Some(after_day) = month_day(end, '日') {
                    end = after_day;
                }
            }
            out.push(Span {
                start: chars[i].0,
                end: chars.get(end).map_or(sentence.len(), |c| c.0),
                unit: None,
                agent: false,
                pair: false,
            });
            i = end;
        } else {
            i = j;
        }
    }
    out
}

/// Last words of an organisation's name.
const ORGANIZATION_ENDS: &[&str] = &[
    "人民政府",
    "政府",
    "部门",
    "机关",
    "机构",
    "委员会",
    "常委会",
    "管委会",
    "党工委",
    "党委",
    "办公室",
    "办公厅",
    "办事处",
    "主席团",
    "法院",
    "检察院",
    "中心",
    "单位",
    "组织",
    "总局",
    "部",
    "局",
    "厅",
    "署",
    "院",
    "委",
    "办",
];

/// Word classes that can stand inside an organisation's name (jieba's tags): nouns, place and
/// organisation names, abbreviations, distinguishing words, and the `、`/`和` between parts.
fn inside_organization(word: &str, tag: &str) -> bool {
    matches!(word, "、" | "和" | "及" | "与")
        || tag.starts_with('n')
        || matches!(tag, "j" | "b" | "f" | "s" | "an" | "vn" | "l" | "i")
}

/// The persons a sentence names: words the dictionary tags as a person's name (`nr`) of two to
/// four characters that begin with a common surname. An office or an organisation is never one.
pub fn persons(jieba: &Jieba, sentence: &str) -> Vec<Span> {
    jieba
        .tag(sentence, true)
        .iter()
        .filter(|t| t.tag == "nr" && (2..=4).contains(&t.word.chars().count()))
        .filter(|t| t.word.chars().all(is_cjk))
        .filter(|t| {
            t.word
                .chars()
                .next()
                .is_some_and(crate::text::is_common_surname)
        })
        .map(|t| Span {
            start: t.byte_start,
            end: t.byte_end,
            unit: None,
            agent: false,
            pair: false,
        })
        .collect()
}

/// The organisations named in a sentence: runs of nouns that end in an organisation word
/// (`省、自治区、直辖市人民政府`, `人力资源和社会保障部`, `财政部门`).
pub fn organizations(jieba: &Jieba, sentence: &str) -> Vec<Span> {
    let tags = jieba.tag(sentence, true);
    let mut out = Vec::new();
    for (k, tag) in tags.iter().enumerate() {
        let ends = ORGANIZATION_ENDS
            .iter()
            .any(|e| tag.word.ends_with(e) && tag.word.chars().all(is_cjk));
        if !ends {
            continue;
        }
        let mut first = k;
        while first > 0 && inside_organization(tags[first - 1].word, tags[first - 1].tag) {
            first -= 1;
        }
        while first < k && matches!(tags[first].word, "、" | "和" | "及" | "与") {
            first += 1;
        }
        let (mut start, end) = (tags[first].byte_start, tag.byte_end);
        // jieba sometimes glues a preposition to the name after it (`由省`).
        while let Some(c) = sentence[start..end].chars().next() {
            if !"由报向归交受被将把于从".contains(c) || start + c.len_utf8() >= end {
                break;
            }
            start += c.len_utf8();
        }
        if sentence[start..end].chars().count() >= 2 {
            out.push(Span {
                start,
                end,
                unit: None,
                agent: false,
                pair: false,
            });
        }
    }
    // A longer name that contains a shorter one found at the same end stays; the pieces go.
    out.sort_by(|a, b| a.end.cmp(&b.end).then(a.start.cmp(&b.start)));
    out.dedup_by(|later, earlier| later.end == earlier.end);
    // After 由/经/报/归/抄送 (who acts, approves, receives), the phrase from the marker to the
    // name's last word is the answer, qualifiers and all: 由牵头制作的行政机关(负责公开).
    let mut marked = Vec::new();
    for span in &mut out {
        let clause_start = sentence[..span.start]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '，' | '。' | '；' | '：' | ','))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let before = &sentence[clause_start..span.start];
        let marker_end = AGENT_MARKERS
            .iter()
            .filter_map(|m| before.rfind(m).map(|at| clause_start + at + m.len()))
            .max();
        match marker_end {
            Some(end) if end == span.start => span.agent = true,
            Some(end) if sentence[end..span.end].chars().count() <= 16 => marked.push(Span {
                start: end,
                end: span.end,
                unit: None,
                agent: true,
                pair: false,
            }),
            _ => {}
        }
    }
    out.extend(marked);
    out.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    out.dedup_by(|later, earlier| later.start == earlier.start && later.end == earlier.end);
    out
}

/// Last words of a post (`专职副书记`, `管委会主任`): a post is not a person's name.
const POST_ENDS: &[&str] = &[
    "书记",
    "主任",
    "常委",
    "委员",
    "部长",
    "局长",
    "市长",
    "县长",
    "省长",
    "主席",
    "院长",
    "厅长",
    "处长",
    "科长",
    "负责人",
    "领导",
    "干部",
    "成员",
];

/// Words before an organisation that make it the one who acts, approves or receives.
const AGENT_MARKERS: &[&str] = &["抄送", "报送", "报请", "由", "经", "报", "归", "交"];

/// What follows `是指`/`指`/`包括` up to the end of the sentence: a definition's content.
pub fn definitions(sentence: &str) -> Vec<Span> {
    ["是指", "系指", "指的是", "包括", "指"]
        .iter()
        .find_map(|mark| {
            sentence.find(mark).map(|at| {
                let start = at + mark.len();
                let end = sentence
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !matches!(c, '。' | '；' | ';'))
                    .map_or(sentence.len(), |(i, c)| i + c.len_utf8());
                Span {
                    start,
                    end: end.max(start),
                    unit: None,
                    agent: false,
                    pair: false,
                }
            })
        })
        .filter(|s| s.end > s.start)
        .into_iter()
        .collect()
}

/// The clauses of a sentence (split at `，`, `；`, `：` and `。`), as spans.
pub fn clauses(sentence: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in sentence.char_indices() {
        if matches!(c, '，' | '；' | '：' | '。' | ',' | ';' | '！' | '？') {
            if i > start {
                out.push(Span {
                    start,
                    end: i,
                    unit: None,
                    agent: false,
                    pair: false,
                });
            }
            start = i + c.len_utf8();
        }
    }
    if start < sentence.len() {
        out.push(Span {
            start,
            end: sentence.len(),
            unit: None,
            agent: false,
            pair: false,
        });
    }
    out
}

/// The words that name a kind (`首长负责制` for `哪种负责制度`): the longest start of the noun
/// asked about that the sentence holds, with the word before it.
pub fn kinds(jieba: &Jieba, sentence: &str, noun: &str) -> Vec<Span> {
    let chars: Vec<char> = noun.chars().collect();
    let head = (2..=chars.len())
        .rev()
        .map(|n| chars[..n].iter().collect::<String>())
        .find(|h| sentence.contains(h.as_str()));
    let Some(head) = head else {
        return Vec::new();
    };
    let at = sentence.find(&head).unwrap_or(0);
    let tags = jieba.tag(sentence, true);
    let covering: Vec<_> = tags
        .iter()
        .enumerate()
        .filter(|(_, t)| t.byte_end > at && t.byte_start < at + head.len())
        .collect();
    let (Some((first, _)), Some((_, last))) = (covering.first(), covering.last()) else {
        return Vec::new();
    };
    let mut start = if *first > 0 && tags[first - 1].word.chars().all(is_cjk) {
        tags[first - 1].byte_start
    } else {
        tags[*first].byte_start
    };
    // What a verb of establishing (`实行`, `采取`, `建立` …) in the clause puts in place is the
    // whole kind: `国家实行按比例安排残疾人就业制度`.
    let clause_start = sentence[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '，' | ',' | '；' | '。' | '：'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    if let Some(after_verb) = ["实行", "采取", "采用", "建立", "确立", "推行", "实施"]
        .iter()
        .filter_map(|v| {
            sentence[clause_start..at]
                .rfind(v)
                .map(|i| clause_start + i + v.len())
        })
        .max()
    {
        if after_verb < start && sentence[after_verb..at].chars().count() <= 16 {
            start = after_verb;
        }
    }
    // A kind named by a phrase (`统一规划、设置的制度`) is the whole phrase back to its clause's
    // start, never a span that begins with `的`.
    if sentence[start..].starts_with('的') {
        start = sentence[..start]
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '，' | ',' | '；' | '。' | '：' | '“' | '（' | ' ' | '　'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        if sentence[start..at].chars().count() > 16 {
            return Vec::new();
        }
    }
    if start >= at || sentence[start..].starts_with('的') {
        return Vec::new();
    }
    let mut end = last.byte_end.max(at + head.len());
    // The kind's own head noun after the words asked (`预防接种` + `制度`).
    if let Some(next) = tags.iter().find(|t| t.byte_start == end) {
        if ["制度", "制", "体制", "机制", "原则", "方式", "办法"].contains(&next.word)
        {
            end = next.byte_end;
        }
    }
    vec![Span {
        start,
        end,
        unit: None,
        agent: false,
        pair: false,
    }]
}

/// Words before a number that make it a change (`比上年增加11889亿元`), not a level.
const CHANGE_WORDS: &[&str] = &[
    "增加",
    "增长",
    "减少",
    "下降",
    "提高",
    "上升",
    "降低",
    "比上年",
    "同比",
    "增",
];

/// Whether the quantity at `start` is a change: a change word ends within the four characters
/// before it.
fn is_change(sentence: &str, start: usize) -> bool {
    let before: String = sentence[..start]
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    CHANGE_WORDS.iter().any(|w| before.ends_with(w))
        || (before.contains("比上年") || before.contains("同比"))
}

/// Whether the question asks how much something changed.
fn asks_change(question: &Question) -> bool {
    [
        "增", "减", "降", "提高", "上升", "涨", "压缩", "提升", "扩大",
    ]
    .iter()
    .any(|w| question.text.contains(w))
}

/// Most characters between the two values of a pair (`235亿元增加到346.7亿元`,
/// `5.4万亿元、降费2.8万亿元`): further apart, they are two statements, not one change.
const PAIR_GAP: usize = 6;

/// Candidate spans of the type the question asks for.
/// The analyser's full dictionary (built on first use) gives the part-of-speech tags that
/// organisations and kinds are read by.
pub fn candidates(analyzer: &Analyzer, question: &Question, sentence: &str) -> Vec<Span> {
    match question.answer_type {
        AnswerType::Quantity => quantities_not_stated(&question.text, sentence),
        AnswerType::Date => dates(sentence),
        AnswerType::Organization => organizations(analyzer.jieba(), sentence),
        AnswerType::Definition => definitions(sentence),
        AnswerType::YesNo => clauses(sentence),
        AnswerType::Passage => match &question.kind_of {
            Some(noun) => kinds(analyzer.jieba(), sentence, noun),
            None => Vec::new(),
        },
        AnswerType::Rank => ranks(sentence),
        AnswerType::DocumentNumber => document_numbers(sentence),
        AnswerType::Person => persons(analyzer.jieba(), sentence),
        AnswerType::Reason | AnswerType::Method => Vec::new(),
    }
}

/// The quantities of `sentence` less those the question states itself (`聘用合同3年以上的…试用期
/// 多长`): a figure the question gives is a condition of it, not its answer.
fn quantities_not_stated(question: &str, sentence: &str) -> Vec<Span> {
    let asked = fold_numerals(question);
    let mut spans = quantities(sentence);
    spans.retain(|s| !states_figure(&asked, &fold_numerals(&sentence[s.start..s.end])));
    spans
}

/// Whether `text` holds `figure` (`3年`) as a whole figure: not the tail of a longer number
/// (`13年`, `0.3年`).
fn states_figure(text: &str, figure: &str) -> bool {
    text.match_indices(figure).any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_digit() && c != '.')
    })
}

/// Characters that end the stretch of a sentence a figure belongs to.
fn ends_stretch(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '；' | ';' | '。' | '：' | ':' | '（' | '(' | '）' | ')' | '！' | '？'
    )
}

/// The stretch of the sentence a span belongs to: from the last clause mark or other candidate
/// span before it to the next after it, the span itself included. In `内设正科级领导职数13名(…),
/// 副科级领导职数11名` the stretch of `11名` is `副科级领导职数11名`: the qualifier bound to it,
/// wherever it stands around it.
pub fn own_stretch(sentence: &str, spans: &[Span], span: &Span) -> (usize, usize) {
    let clause_start = sentence[..span.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| ends_stretch(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    // After a figure, a list's `、` ends its stretch: what follows is the next member's.
    let clause_end = sentence[span.end..]
        .char_indices()
        .find(|&(_, c)| ends_stretch(c) || c == '、')
        .map_or(sentence.len(), |(i, _)| span.end + i);
    let start = spans
        .iter()
        .filter(|s| s.end <= span.start && s.end > clause_start)
        .map(|s| s.end)
        .max()
        .unwrap_or(clause_start);
    let end = spans
        .iter()
        .filter(|s| s.start >= span.end && s.start < clause_end)
        .map(|s| s.start)
        .min()
        .unwrap_or(clause_end);
    (start, end)
}

/// Picks the answer among `spans`, given where the question's words stand in the sentence
/// (`matches`, byte ranges with the word's weight): for a quantity, the asked unit family, then
/// how much of the question its own stretch of the sentence holds ([`own_stretch`]: the figure
/// bound to the asked qualifier, not the first of the right unit), then closeness; for one who
/// acts, a relation frame whose object holds the question's words ([`relations`]: `X兼任Y`,
/// `Y由X负责`, `经X批准` — the asked Y selects X), how much of the span is new (not the
/// question's words) and closeness; for clauses, how many question words they hold. With a pair
/// question, the span runs on to the next quantity of the same family.
pub fn pick_span(
    question: &Question,
    sentence: &str,
    spans: &[Span],
    weighted: &[(usize, usize, f32)],
) -> Option<Span> {
    let matches: Vec<(usize, usize)> = weighted.iter().map(|&(s, e, _)| (s, e)).collect();
    // Each question word counts once, however often the sentence repeats it.
    let distinct_weight = |found: &mut dyn Iterator<Item = &(usize, usize, f32)>| -> f32 {
        let mut seen = std::collections::HashSet::new();
        found
            .filter(|&&(s, e, _)| seen.insert(&sentence[s..e]))
            .map(|m| m.2)
            .sum::<f32>()
    };
    let total = distinct_weight(&mut weighted.iter()).max(f32::EPSILON);
    let weight_in = |ranges: &[(usize, usize)]| -> f32 {
        distinct_weight(
            &mut weighted
                .iter()
                .filter(|&&(s, e, _)| ranges.iter().any(|&(a, b)| s >= a && e <= b)),
        ) / total
    };
    let frames = if question.answer_type == AnswerType::Organization {
        relations(sentence)
    } else {
        Vec::new()
    };
    let mut spans = spans.to_vec();
    for frame in &frames {
        let (start, end) = frame.doer;
        if let Some(known) = spans.iter_mut().find(|s| s.start == start && s.end == end) {
            known.agent = true;
        } else {
            spans.push(Span {
                start,
                end,
                unit: None,
                agent: true,
                pair: false,
            });
        }
    }
    let spans = &spans[..];
    let frame_share = |span: &Span| -> f32 {
        frames
            .iter()
            .filter(|f| f.doer == (span.start, span.end))
            .map(|f| {
                let asked_verb = if question.focus.contains(f.verb) {
                    0.05
                } else {
                    0.0
                };
                weight_in(&f.object) + asked_verb
            })
            .fold(0.0, f32::max)
    };
    let distance = |span: &Span| -> usize {
        matches
            .iter()
            .map(|&(s, e)| {
                if e <= span.start {
                    sentence[e..span.start].chars().count()
                } else if s >= span.end {
                    // Words after the span are a weaker sign than words before it.
                    2 * sentence[span.end..s].chars().count() + 1
                } else {
                    0
                }
            })
            .min()
            .unwrap_or(usize::MAX / 4)
    };
    let inside = |span: &Span| -> usize {
        matches
            .iter()
            .filter(|&&(s, e)| s >= span.start && e <= span.end)
            .map(|&(s, e)| e - s)
            .sum()
    };
    let score = |span: &Span| -> f32 {
        let near = 1.0 / (1.0 + distance(span) as f32 / 4.0);
        let stretch = own_stretch(sentence, spans, span);
        let bound = weight_in(&[stretch]);
        // The noun a question counts (`多少个火电厂`) standing right after a figure binds it.
        let counted = matches.iter().any(|&(s, e)| {
            s >= span.end && e <= stretch.1 && question.focus.contains(&sentence[s..e])
        });
        let bound = bound + if counted { 1.0 } else { 0.0 };
        match question.answer_type {
            AnswerType::Quantity => {
                let unit = match (question.unit, span.unit) {
                    (Some(asked), Some(found)) if asked == found => 2.0,
                    (Some(UnitClass::Count), Some(UnitClass::People))
                    | (Some(UnitClass::People), Some(UnitClass::Count)) => 0.5,
                    (Some(_), _) => 0.0,
                    (None, _) => 1.0,
                };
                // A pair (`从多少涨到多少`) asks for two levels, not a change.
                let change =
                    if !question.pair && is_change(sentence, span.start) != asks_change(question) {
                        2.5
                    } else {
                        0.0
                    };
                unit + 0.5 * near + 2.0 * bound - change
            }
            AnswerType::Organization => {
                let own = inside(span) as f32 / (span.end - span.start).max(1) as f32;
                let agent = if span.agent { 0.8 } else { 0.0 };
                let frame = frame_share(span);
                // A doer bound to the asked object may share words with the question
                // (`市委常委` for `…市委…任命谁兼任管委会主任`).
                let own_cost = if frame > 0.0 { 0.5 } else { 1.5 };
                near + agent - own_cost * own + 4.0 * frame
            }
            AnswerType::Rank | AnswerType::DocumentNumber | AnswerType::Person => {
                0.5 * near + bound
            }
            AnswerType::YesNo => {
                // What follows 是否 is what is asked (`是否具备警察身份`): the clause that holds
                // those words answers, not the one that names the subject.
                let asked: usize = matches
                    .iter()
                    .filter(|&&(s, e)| s >= span.start && e <= span.end)
                    .filter(|&&(s, e)| question.focus.contains(&sentence[s..e]))
                    .map(|&(s, e)| e - s)
                    .sum();
                let held = inside(span) as f32 / (span.end - span.start).max(1) as f32;
                asked as f32 + held + 0.2 * near
            }
            _ => near,
        }
    };
    // An answer is never the question's own words (`管委会` for `管委会主任叫什么名字`); one who
    // holds a named post (`叫什么名字`) is one a relation binds to it.
    let person = ["名字", "姓名"].iter().any(|w| question.text.contains(w));
    let names_a_post = |span: &Span| {
        let text = &sentence[span.start..span.end];
        ORGANIZATION_ENDS
            .iter()
            .chain(POST_ENDS)
            .any(|e| text.ends_with(e))
    };
    let new_words = |span: &Span| {
        question.answer_type != AnswerType::Organization
            || (inside(span) < span.end - span.start
                && (!person || (frame_share(span) > 0.0 && !names_a_post(span))))
    };
    let best = spans
        .iter()
        .copied()
        .filter(new_words)
        .max_by(|a, b| score(a).total_cmp(&score(b)).then(b.start.cmp(&a.start)))?;
    if question.answer_type == AnswerType::Quantity && question.unit.is_some() {
        let fits = matches!((question.unit, best.unit), (Some(a), Some(b)) if a == b
            || matches!((a, b), (UnitClass::Count, UnitClass::People) | (UnitClass::People, UnitClass::Count)));
        if !fits {
            return None;
        }
    }
    if question.pair {
        let next = spans.iter().find(|s| {
            s.start >= best.end
                && s.unit == best.unit
                && sentence[best.end..s.start].chars().count() <= PAIR_GAP
        });
        if let Some(next) = next {
            return Some(Span {
                start: best.start,
                end: next.end,
                unit: best.unit,
                agent: false,
                pair: true,
            });
        }
    }
    Some(best)
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::analysis::dictionary::shared_test_jieba;
    use crate::qa::question::analyse;

    fn texts<'a>(sentence: &'a str, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|s| &sentence[s.start..s.end]).collect()
    }

    #[test]
    fn a_figure_the_question_states_is_no_answer() {
        assert!(states_figure("聘用合同3年以上的试用期多长", "3年"));
        assert!(!states_figure("聘用合同13年以上的试用期多长", "3年"));
        assert!(!states_figure("增长0.3年", "3年"));
        let question = "初次就业、聘用合同3年以上的工作人员试用期多长？";
        let sentence = "聘用合同期限3年以上的，试用期为12个月。";
        let found = texts(sentence, &quantities_not_stated(question, sentence));
        assert_eq!(found, ["12个月"]);
    }

    #[test]
    fn persons_are_names_not_offices() {
        let jieba = shared_test_jieba();
        let sentence = "国家数据局由国家发展和改革委员会管理，局长刘烈宏主持会议。";
        let found: Vec<&str> = persons(jieba, sentence)
            .iter()
            .map(|s| &sentence[s.start..s.end])
            .collect();
        assert!(found
            .iter()
            .all(|n| !n.contains("局") && !n.contains("委员会")));
        let none = "组建国家数据局，由国家发展和改革委员会管理，努力奋斗，建设红树林。";
        assert!(persons(jieba, none).is_empty());
    }

    #[test]
    fn quantities_with_units_but_not_idioms_or_years() {
        let s = "2019年核定专项编制45人，内设9个机构，权力清单57项，总面积11.33平方公里，一把手、两张皮";
        assert_eq!(
            texts(s, &quantities(s)),
            ["45人", "9个", "57项", "11.33平方公里"]
        );
        let s = "召开的会议减少30%—50%，违法行为在二年内未被发现的，规划面积为五平方公里";
        assert_eq!(texts(s, &quantities(s)), ["30%—50%", "二年", "五平方公里"]);
        let s = "在全国城市营商环境评价中提升8个位次，居第11位；一个乡镇";
        assert_eq!(texts(s, &quantities(s)), ["8个位次", "第11位"]);
        let s = "国家财政收入达到8.3万亿元，集聚企业1200户，收入129143亿元，比上年增加11889亿元";
        assert_eq!(
            texts(s, &quantities(s)),
            ["8.3万亿元", "1200户", "129143亿元", "11889亿元"]
        );
    }

    #[test]
    fn dates_in_digits_and_numerals() {
        let s = "耒阳经开区1992年设立，2019年5月1日起施行，一九九二年批准";
        assert_eq!(
            texts(s, &dates(s)),
            ["1992年", "2019年5月1日", "一九九二年"]
        );
    }

    #[test]
    fn organisations_are_noun_runs_ending_in_an_organisation_word() {
        let jieba = shared_test_jieba();
        let s = "组建国家公务员局，由人力资源和社会保障部管理";
        let found = texts(s, &organizations(jieba, s));
        assert!(found.contains(&"人力资源和社会保障部"), "{found:?}");
        let s = "由省、自治区、直辖市人民政府审批";
        let found = texts(s, &organizations(jieba, s));
        assert!(found.contains(&"省、自治区、直辖市人民政府"), "{found:?}");
    }

    #[test]
    fn the_asked_unit_and_the_nearest_words_pick_the_quantity() {
        let q = analyse("乡镇和街道层面新开了几家托育机构？");
        let s = "新增婴幼儿照护床位2000张，新增乡镇（街道）托育机构13家，覆盖率达到90%";
        let spans = quantities(s);
        let at = s.find("托育机构").unwrap();
        let span = pick_span(&q, s, &spans, &[(at, at + "托育机构".len(), 1.0)]).unwrap();
        assert_eq!(&s[span.start..span.end], "13家");
    }

    #[test]
    fn a_level_is_preferred_to_a_change_unless_a_change_is_asked() {
        let s = "全国一般公共预算收入129143亿元，比上年增加11889亿元";
        let at = s.find("收入").unwrap();
        let matches = [(at, at + "收入".len(), 1.0)];
        let level = analyse("当年全国财政总收入有多少？");
        let span = pick_span(&level, s, &quantities(s), &matches).unwrap();
        assert_eq!(&s[span.start..span.end], "129143亿元");
        let change = analyse("全国财政收入比上年增加了多少？");
        let span = pick_span(&change, s, &quantities(s), &matches).unwrap();
        assert_eq!(&s[span.start..span.end], "11889亿元");
    }

    #[test]
    fn who_acts_is_the_organisation_after_you_or_jing() {
        let jieba = shared_test_jieba();
        let q = analyse("几个行政机关合作制作的信息该由谁对外公开？");
        let s = "行政机关制作的政府信息，由制作该政府信息的行政机关负责公开；两个以上行政机关共同制作的政府信息，由牵头制作的行政机关负责公开。";
        let spans = organizations(jieba, s);
        let at = s.find("共同制作").unwrap();
        let span = pick_span(&q, s, &spans, &[(at, at + "共同制作".len(), 1.0)]).unwrap();
        assert_eq!(&s[span.start..span.end], "牵头制作的行政机关");
    }

    #[test]
    fn a_pair_question_spans_both_values() {
        let q = analyse("五年间全省财政收入从多少涨到多少？");
        let s = "全省财政收入由235亿元增加到346.7亿元，年均增长10%";
        let at = s.find("财政收入").unwrap();
        let span = pick_span(&q, s, &quantities(s), &[(at, at + 12, 1.0)]).unwrap();
        assert_eq!(&s[span.start..span.end], "235亿元增加到346.7亿元");
    }

    /// Weighted matches of `words` in `sentence`: weight 1 each, a word of the question's
    /// subject common across documents (`国务院`) weighing less, as its rarity makes it weigh.
    fn matched(sentence: &str, words: &[&str]) -> Vec<(usize, usize, f32)> {
        words
            .iter()
            .flat_map(|w| {
                let weight = if *w == "国务院" { 0.3 } else { 1.0 };
                sentence
                    .match_indices(w)
                    .map(move |(at, _)| (at, at + w.len(), weight))
            })
            .collect()
    }

    /// The quantity `pick_span` gives for a question over a sentence, the question's words
    /// matched as given.
    fn figure<'a>(question: &str, sentence: &'a str, words: &[&str]) -> &'a str {
        let q = analyse(question);
        let spans = quantities(sentence);
        let span = pick_span(&q, sentence, &spans, &matched(sentence, words)).expect("a figure");
        &sentence[span.start..span.end]
    }

    #[test]
    fn the_figure_bound_to_the_asked_qualifier_answers() {
        // Qualifier before the figure, in lists of several documents of corpus-small.
        assert_eq!(
            figure(
                "国务院减少了多少个副部级机构？",
                "国务院正部级机构减少8个，副部级机构减少7个。",
                &["国务院", "副部级", "机构", "减少"]
            ),
            "7个"
        );
        assert_eq!(
            figure(
                "提拔的领导干部中有多少名副部长？",
                "新提拔的领导干部，有部长2人，副部长5人，正副司、局长57人。",
                &["提拔", "领导干部", "副部长"]
            ),
            "5人"
        );
        assert_eq!(
            figure(
                "利用政策性开发性金融工具多少亿元？",
                "利用地方政府债券665亿元、政策性开发性金融工具163亿元，发行不动产投资信托基金48亿元。",
                &["利用", "政策性", "开发性", "金融工具"]
            ),
            "163亿元"
        );
        assert_eq!(
            figure(
                "电力工业投资多少亿元？",
                "石油工业154.7亿元，电力工业207.3亿元，重大节能措施45亿元。",
                &["电力工业"]
            ),
            "207.3亿元"
        );
        // Qualifier after the figure.
        assert_eq!(
            figure(
                "建成了多少个火电厂？",
                "电力工业，全部建成10个水电站，27个火电厂，加上部分建成的电站。",
                &["建成", "火电厂"]
            ),
            "27个"
        );
        // The report's own list, qualifier before each figure.
        assert_eq!(
            figure(
                "经开区核定了多少名副科级领导职数？",
                "内设正科级领导职数13名(含机关党委专职副书记1名,纪工委副书记2名),副科级领导职数11名。",
                &["核定", "副科级", "领导职数"]
            ),
            "11名"
        );
    }

    /// The doer of the relation whose object holds `asked`.
    fn doer<'a>(sentence: &'a str, asked: &str) -> Option<&'a str> {
        relations(sentence)
            .into_iter()
            .filter(|r| {
                r.object
                    .iter()
                    .any(|&(s, e)| sentence[s..e].contains(asked))
            })
            .map(|r| &sentence[r.doer.0..r.doer.1])
            .next()
    }

    #[test]
    fn the_asked_object_selects_the_doer_of_a_relation() {
        let cases = [
            // Y由X负责 (公务员法).
            ("中央机关及其直属机构公务员的录用，由中央公务员主管部门负责组织", "录用", "中央公务员主管部门"),
            ("本条例的具体应用问题，由市外资委负责解释", "具体应用问题", "市外资委"),
            // 经X批准 / 同意.
            ("录用特殊职位的公务员，经省级以上公务员主管部门批准，可以简化程序", "简化程序", "省级以上公务员主管部门"),
            ("经海关批准，开发区可以设立保税仓库、保税工厂", "保税仓库", "海关"),
            ("国务院议事协调机构议定的事项，经国务院同意，由有关的行政机构按照各自的职责负责办理", "议定的事项", "国务院"),
            // 报X备案.
            ("事业单位拟订岗位设置方案，应当报人事综合管理部门备案", "岗位设置方案", "人事综合管理部门"),
            ("地方机构改革由省级党委统一领导，改革方案报党中央备案", "改革方案", "党中央"),
            // Y由X任命 / 决定 / 分管.
            ("街道办事处主任、副主任由区人民政府任命", "副主任", "区人民政府"),
            ("处分决定机关负责人的回避，由处分决定机关的上一级行政机关负责人决定", "回避", "处分决定机关的上一级行政机关负责人"),
            ("开发区内原由市或区人民政府各主管部门分管的基础设施、土地房产", "基础设施", "市或区人民政府各主管部门"),
            // 任命X为Y, 任命X兼任Y, X兼任Y.
            ("三、提请任命钱正英为水利电力部部长", "水利电力部部长", "钱正英"),
            ("2019年3月,衡阳市委、市政府任命市委专职副书记兼任园区党工委书记,市委常委兼任管委会主任", "园区党工委书记", "市委专职副书记"),
            ("2019年3月,衡阳市委、市政府任命市委专职副书记兼任园区党工委书记,市委常委兼任管委会主任", "管委会主任", "市委常委"),
            ("2005年经省编办批准,开发区与东江工业园合并升格为正处级单位", "升格", "省编办"),
        ];
        for (sentence, asked, expected) in cases {
            assert_eq!(doer(sentence, asked), Some(expected), "{sentence}");
        }
    }

    #[test]
    fn ranks_and_document_numbers_are_spans() {
        let s = "企业发展服务中心为所属正科级事业单位，享受副处级待遇，乡科级以下";
        assert_eq!(texts(s, &ranks(s)), ["正科级", "副处级", "乡科级"]);
        let s = "按照衡阳市委编办批复(衡编办〔2019〕37号)，根据国发[2014]5号和京政发【2020】1号、国办发（2019）5号文件";
        assert_eq!(
            texts(s, &document_numbers(s)),
            [
                "衡编办〔2019〕37号",
                "国发[2014]5号",
                "京政发【2020】1号",
                "国办发（2019）5号"
            ]
        );
    }

    #[test]
    fn a_quantity_in_another_unit_is_no_answer() {
        let q = analyse("规划面积有多大？");
        let s = "设立9个机构";
        assert!(pick_span(&q, s, &quantities(s), &[]).is_none());
    }
}
