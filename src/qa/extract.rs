//! Typed answer spans inside a sentence: quantities (`45人`, `1200户`, `30%—50%`), dates
//! (`1992年`), organisations (`本级人民政府`), definitions (what follows `是指`), and the clause
//! that answers a yes/no question.
//!
//! Every span is a byte range of the sentence it was found in, so the answer can be shown in
//! place and cited. Which of several candidates answers is decided by [`pick_span`]: the unit
//! family the question asks for, closeness to the question's words in the sentence, and, for
//! organisations, not being made of the question's own words.

use jieba_rs::Jieba;

use super::question::{unit_at, AnswerType, Question, UnitClass};
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
        let bare_unit = matches!(number, "十" | "百" | "千" | "万" | "亿");
        match unit_at(&sentence[after..]) {
            // A lone 一 counts only time (`一年内`); before 个 or 项 it is an article.
            Some((unit, class))
                if !bare_unit && (number != "一" || class == UnitClass::Duration) =>
            {
                let digits = number.chars().filter(char::is_ascii_digit).count();
                let year = unit == "年"
                    && (digits == 4
                        || number.chars().count() == 4 && !number.contains(['十', '百']));
                let class = if is_ordinal { UnitClass::Rank } else { class };
                if !year {
                    let from = if is_ordinal { chars[i - 1].0 } else { start };
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
    let start = if *first > 0 && tags[first - 1].word.chars().all(is_cjk) {
        tags[first - 1].byte_start
    } else {
        tags[*first].byte_start
    };
    if start >= at {
        return Vec::new();
    }
    vec![Span {
        start,
        end: last.byte_end.max(at + head.len()),
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
        AnswerType::Quantity => quantities(sentence),
        AnswerType::Date => dates(sentence),
        AnswerType::Organization => organizations(analyzer.jieba(), sentence),
        AnswerType::Definition => definitions(sentence),
        AnswerType::YesNo => clauses(sentence),
        AnswerType::Passage => match &question.kind_of {
            Some(noun) => kinds(analyzer.jieba(), sentence, noun),
            None => Vec::new(),
        },
        AnswerType::Reason | AnswerType::Method => Vec::new(),
    }
}

/// Picks the answer among `spans`, given where the question's words stand in the sentence
/// (`matches`, byte ranges): the asked unit family first, then closeness to those words; for
/// organisations and clauses, how much of the span is new (not the question's words) and, for
/// clauses, how many question words they hold. With a pair question, the span runs on to the
/// next quantity of the same family.
pub fn pick_span(
    question: &Question,
    sentence: &str,
    spans: &[Span],
    matches: &[(usize, usize)],
) -> Option<Span> {
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
                        1.0
                    } else {
                        0.0
                    };
                unit + near - change
            }
            AnswerType::Organization => {
                let own = inside(span) as f32 / (span.end - span.start).max(1) as f32;
                let agent = if span.agent { 0.8 } else { 0.0 };
                near + agent - 1.5 * own
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
    let best = spans
        .iter()
        .copied()
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
        let span = pick_span(&q, s, &spans, &[(at, at + "托育机构".len())]).unwrap();
        assert_eq!(&s[span.start..span.end], "13家");
    }

    #[test]
    fn a_level_is_preferred_to_a_change_unless_a_change_is_asked() {
        let s = "全国一般公共预算收入129143亿元，比上年增加11889亿元";
        let at = s.find("收入").unwrap();
        let matches = [(at, at + "收入".len())];
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
        let span = pick_span(&q, s, &spans, &[(at, at + "共同制作".len())]).unwrap();
        assert_eq!(&s[span.start..span.end], "牵头制作的行政机关");
    }

    #[test]
    fn a_pair_question_spans_both_values() {
        let q = analyse("五年间全省财政收入从多少涨到多少？");
        let s = "全省财政收入由235亿元增加到346.7亿元，年均增长10%";
        let at = s.find("财政收入").unwrap();
        let span = pick_span(&q, s, &quantities(s), &[(at, at + 12)]).unwrap();
        assert_eq!(&s[span.start..span.end], "235亿元增加到346.7亿元");
    }

    #[test]
    fn a_quantity_in_another_unit_is_no_answer() {
        let q = analyse("规划面积有多大？");
        let s = "设立9个机构";
        assert!(pick_span(&q, s, &quantities(s), &[]).is_none());
    }
}
