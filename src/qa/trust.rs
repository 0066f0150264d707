//! What makes an answer one a reader can trust, or no answer: the year and the ordinal
//! (`第二次会议`) a question names against those its sentence states, headings that are no
//! evidence, the clauses that carry a figure's qualifiers, and articles that do not exist.

use crate::ingest::clean::chinese_number;

/// The years (1900–2099) a text names as `NNNN年`, with the byte offset of each.
pub fn years(text: &str) -> Vec<(usize, u32)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for k in 0..chars.len() {
        let run = |from: usize| chars.get(from).map(|c| c.1);
        let is_digit = |i: usize| run(i).is_some_and(|c| c.is_ascii_digit());
        if (k > 0 && is_digit(k - 1)) || !(0..4).all(|d| is_digit(k + d)) {
            continue;
        }
        if run(k + 4) != Some('年') {
            continue;
        }
        let year: String = chars[k..k + 4].iter().map(|c| c.1).collect();
        if let Ok(year) = year.parse::<u32>() {
            if (1900..2100).contains(&year) {
                out.push((chars[k].0, year));
            }
        }
    }
    out
}

/// The ordinals of meetings and sessions a text names (`第二次会议`, `第十四届`, `第3次`): the
/// number with its counter (`次` or `届`).
pub fn ordinals(text: &str) -> Vec<(u32, char)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices('第') {
        let rest = &text[at + '第'.len_utf8()..];
        let number: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十百两".contains(*c))
            .collect();
        let Some(counter) = rest[number.len()..].chars().next() else {
            continue;
        };
        if number.is_empty() || !matches!(counter, '次' | '届') {
            continue;
        }
        let value = number
            .parse::<u32>()
            .ok()
            .or_else(|| chinese_number(&number));
        if let Some(value) = value {
            out.push((value, counter));
        }
    }
    out
}

/// What the question names that the answer's text contradicts.
#[derive(Debug, Clone, PartialEq)]
pub enum Contradiction {
    /// The question names one year, the text states another.
    Year {
        /// The year asked about.
        asked: u32,
        /// The year the text states.
        stated: u32,
    },
    /// The question names a document of one year, the passage is from a document of another.
    Document {
        /// The document's year asked about.
        asked: u32,
        /// The latest year the passage's document names itself by.
        stated: u32,
    },
    /// The question names a place with a year, as a document is named, that neither the
    /// passage's document nor the passage names.
    Place {
        /// The place asked about.
        asked: String,
    },
    /// The question names one meeting or session, the text another.
    Ordinal {
        /// The ordinal asked about.
        asked: u32,
        /// The ordinal the text states.
        stated: u32,
    },
}

impl Contradiction {
    /// Why there is no answer, in words.
    pub fn reason(&self) -> String {
        match self {
            Contradiction::Year { asked, stated } => {
                format!("the question asks about {asked}年; the passage speaks of {stated}年")
            }
            Contradiction::Document { asked, stated } => format!(
                "the question asks about a document of {asked}年; the passage is from one of {stated}年"
            ),
            Contradiction::Place { asked } => format!(
                "the question asks about {asked}; the passage's document is not about it"
            ),
            Contradiction::Ordinal { asked, stated } => {
                format!("the question asks about 第{asked}; the passage speaks of 第{stated}")
            }
        }
    }
}

/// The year a span of a passage stands under: the nearest year before it in its full sentence
/// (up to `。`), else the first after it there, else the last one the passage states before its
/// sentence, else the innermost section heading's; `None` when none of them states one. Years
/// a text only measures against (`自2013年以来`, `比2012年增长`, `与2019年相比`) are not the
/// year it speaks of.
pub fn stated_year(passage: &str, span_start: usize, sections: &[String]) -> Option<u32> {
    let (from, to) = full_sentence(passage, span_start);
    let sentence_years = stating_years(&passage[from..to]);
    if let Some(&(_, year)) = sentence_years
        .iter()
        .rfind(|(at, _)| from + at < span_start)
    {
        return Some(year);
    }
    if let Some(&(_, year)) = sentence_years.first() {
        return Some(year);
    }
    if let Some(&(_, year)) = stating_years(&passage[..from]).last() {
        return Some(year);
    }
    sections
        .iter()
        .rev()
        .find_map(|heading| stating_years(heading).last().map(|&(_, y)| y))
}

/// The years of [`years`] that say when what a text tells happened, not a year it is measured
/// against: those after `自`, `从`, `比`, `较`, `同`, `与` or before `以来`, `起`, `相比`, `同期`,
/// `水平` (a month and day may stand between) are left out.
pub fn stating_years(text: &str) -> Vec<(usize, u32)> {
    const BEFORE: [char; 6] = ['自', '从', '比', '较', '同', '与'];
    const AFTER: [&str; 6] = ["以来", "起", "开始", "相比", "同期", "水平"];
    years(text)
        .into_iter()
        .filter(|&(at, _)| {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| BEFORE.contains(&c)) {
                return false;
            }
            let rest = &text[at + "0000年".len()..];
            let rest = rest.trim_start_matches(|c: char| {
                c.is_ascii_digit() || "一二三四五六七八九十月日号底末初".contains(c)
            });
            !AFTER.iter().any(|a| rest.starts_with(a))
        })
        .collect()
}

/// Words for a kind of document (`政府工作报告`, `条例`, `通知` …): a year followed by one
/// within its clause names the document (`深圳市2023年政府工作报告`, `2019年修订的…条例`), not
/// the time of what is asked.
const DOCUMENT_KINDS: [&str; 14] = [
    "报告", "公报", "规划", "纲要", "计划", "条例", "方案", "通知", "意见", "决定", "办法", "规定",
    "细则", "法",
];

/// The years a question names as `NNNN年`, each with whether it names a document (a word of
/// [`DOCUMENT_KINDS`] follows within 24 characters of the same clause) rather than the time of
/// what is asked.
pub fn question_years(question: &str) -> Vec<(u32, bool)> {
    years(question)
        .into_iter()
        .map(|(at, year)| {
            let clause: String = question[at + "0000年".len()..]
                .chars()
                .take_while(|c| !"，,。；;：:？?！!、".contains(*c))
                .take(24)
                .collect();
            let names_document = DOCUMENT_KINDS.iter().any(|kind| {
                clause.find(kind).is_some_and(|i| {
                    // `法` only as a law's name (`…法`), not inside a word like `方法`/`法人`.
                    *kind != "法"
                        || clause[i + kind.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !c.is_alphanumeric() || "规定第中".contains(c))
                })
            });
            (year, names_document)
        })
        .collect()
}

/// The byte range of the full sentence (between `。`, `！`, `？`) around `at`.
pub fn full_sentence(passage: &str, at: usize) -> (usize, usize) {
    let at = at.min(passage.len());
    let from = passage[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '!' | '?'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = passage[at..]
        .char_indices()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '!' | '?'))
        .map_or(passage.len(), |(i, c)| at + i + c.len_utf8());
    (from, to)
}

/// How many years past its own a document's figures may speak of when its passage states no year
/// (a plan's targets: `到1985年`).
const DOCUMENT_REACH: u32 = 5;

/// The place a question names as a document is named, before its year or its meeting
/// (`眉山市2023年政府工作报告`, `按深圳2023年…`, `七台河市第十二届人民代表大会…`): the two to
/// four characters before the year or `第`, less an administrative suffix (`市`, `省`, `县`,
/// `州`, `区`), at the question's start or after `按`, `据`, `在`, `根据`; `None` when the question
/// names none so.
pub fn place_with_year(question: &str) -> Option<String> {
    let year_at = years(question).into_iter().next().map(|(at, _)| at);
    let meeting_at = question.match_indices('第').map(|(at, _)| at).find(|&at| {
        let rest = question[at + '第'.len_utf8()..].trim_start_matches(|c: char| {
            c.is_ascii_digit() || "〇零一二三四五六七八九十百两".contains(c)
        });
        rest.starts_with('届')
    });
    let at = match (year_at, meeting_at) {
        (Some(y), Some(m)) => y.min(m),
        (y, m) => y.or(m)?,
    };
    let before = &question[..at];
    let before = ["根据", "按照", "按", "据", "在"]
        .iter()
        .find_map(|p| before.strip_prefix(p))
        .unwrap_or(before);
    let place = before.trim_end_matches(['市', '省', '县', '州', '区']);
    let count = place.chars().count();
    ((2..=4).contains(&count) && place.chars().all(crate::text::is_cjk)).then(|| place.to_owned())
}

/// Whether the question's years and ordinals contradict what the passage states for the span at
/// `span_start`, in a document named by `document_years` and `document_places` (its title, path
/// and region joined). A year that names a document (`2024年政府工作报告`, see [`question_years`])
/// must be one the document names itself by (`document_years`: its title, path and date, when it
/// has any); any other year the question names, unless the document names itself by it
/// (`2013年统计公报`), must be the one the span's sentence, its passage or its section heading
/// states ([`stated_year`]) — a passage that names the asked year anywhere in the span's full
/// sentence does not contradict it; where the passage states none, a year more than one before
/// the document's or more than [`DOCUMENT_REACH`] after it does. A place named with a year, as a
/// document is named ([`place_with_year`]), must be named by the document or the passage. A
/// meeting or session the question names (`第三次会议`) must be the one the sentence, the passage
/// or the document's opening (`document_opening`, where a report says at which meeting it was
/// given) states, when they state one.
pub fn contradiction(
    question: &str,
    passage: &str,
    span_start: usize,
    sections: &[String],
    document_years: &[u32],
    document_places: &str,
    document_opening: &str,
) -> Option<Contradiction> {
    let (from, to) = full_sentence(passage, span_start);
    let sentence = &passage[from..to];
    let asked_years = question_years(question);
    if let Some(&(asked, _)) = asked_years.iter().find(|&&(y, names_document)| {
        names_document && !document_years.is_empty() && !document_years.contains(&y)
    }) {
        return Some(Contradiction::Document {
            asked,
            stated: document_years.iter().copied().max().unwrap_or(asked),
        });
    }
    let asked = asked_years
        .iter()
        .find(|&&(y, names_document)| !names_document && !document_years.contains(&y))
        .map(|&(y, _)| y);
    if let Some(asked) = asked {
        let named_in_sentence = years(sentence).iter().any(|&(_, y)| asked == y);
        if !named_in_sentence {
            match stated_year(passage, span_start, sections) {
                Some(stated) if stated != asked => {
                    return Some(Contradiction::Year { asked, stated });
                }
                Some(_) => {}
                // Stated nowhere: a document speaks of the year before its own (a work report
                // reviews it) up to the years its targets reach, not of years before those.
                None => {
                    if let (Some(&first), Some(&last)) =
                        (document_years.first(), document_years.last())
                    {
                        if asked + 1 < first || asked > last + DOCUMENT_REACH {
                            return Some(Contradiction::Year {
                                asked,
                                stated: last,
                            });
                        }
                    }
                }
            }
        }
    }
    if let Some(place) = place_with_year(question) {
        if !document_places.contains(place.as_str()) && !passage.contains(place.as_str()) {
            return Some(Contradiction::Place { asked: place });
        }
    }
    for (asked, counter) in ordinals(question) {
        let stated: Vec<u32> = ordinals(sentence)
            .into_iter()
            .chain(ordinals(passage))
            .chain(ordinals(document_opening))
            .filter(|&(_, c)| c == counter)
            .map(|(n, _)| n)
            .collect();
        if !stated.is_empty() && !stated.contains(&asked) {
            return Some(Contradiction::Ordinal {
                asked,
                stated: stated[0],
            });
        }
    }
    None
}

/// The years a question's document year is checked against (`2010年统计公报`): those its title
/// and path state, when they state any (a communiqué of 2009 is published in 2010: its date does
/// not make it the 2010 one; a work report of 2023 may be dated December 2022, its path says
/// 2023), else those of [`document_years`].
pub fn naming_years(title: &str, path: &str, date: Option<&str>) -> Vec<u32> {
    let stated = document_years(title, path, None);
    if stated.is_empty() {
        document_years(title, path, date)
    } else {
        stated
    }
}

/// The years a document names itself by: in its title, its path and its date.
pub fn document_years(title: &str, path: &str, date: Option<&str>) -> Vec<u32> {
    let mut out: Vec<u32> = years(title).into_iter().map(|(_, y)| y).collect();
    let digits = |text: &str| -> Vec<u32> {
        let mut found = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i + 4 <= bytes.len() {
            let run = &bytes[i..i + 4];
            let bounded = (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
            if run.iter().all(u8::is_ascii_digit) && bounded {
                if let Ok(y) = std::str::from_utf8(run).unwrap_or("").parse::<u32>() {
                    if (1900..2100).contains(&y) {
                        found.push(y);
                    }
                }
                i += 4;
            } else {
                i += 1;
            }
        }
        found
    };
    out.extend(digits(path));
    out.extend(digits(title));
    if let Some(date) = date {
        out.extend(digits(date));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a sentence is a heading, not evidence: it is one of the passage's section labels,
/// or a short numbered line (`三、…的建议`, `(一)…`, `第二章 …`) with no sentence inside it.
pub fn is_heading(sentence: &str, sections: &[String]) -> bool {
    let bare = strip_markup(sentence);
    let bare = bare.trim();
    if bare.is_empty() {
        return true;
    }
    if sections.iter().any(|s| strip_markup(s).trim() == bare) {
        return true;
    }
    let numbered = {
        let head: String = bare.chars().take(8).collect();
        let after_number = |mark: char| {
            head.split_once(mark).is_some_and(|(n, _)| {
                !n.is_empty() && n.chars().all(|c| "一二三四五六七八九十".contains(c))
            })
        };
        after_number('、')
            || head.starts_with(['(', '（'])
                && head
                    .chars()
                    .nth(1)
                    .is_some_and(|c| "一二三四五六七八九十".contains(c))
            || head.starts_with('第') && (head.contains('章') || head.contains('节'))
    };
    numbered && bare.chars().count() <= 40 && !bare.contains(['。', '，', ',', '；'])
}

/// The text with Markdown emphasis and heading marks taken out (`**第三十二条**` →
/// `第三十二条`, `- ` and `# ` at its start).
pub fn strip_markup(text: &str) -> String {
    let mut out = text.replace("**", "").replace("__", "");
    loop {
        let trimmed = out.trim_start();
        let rest = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
            .or_else(|| trimmed.strip_prefix("> "))
            .or_else(|| trimmed.strip_prefix('#').map(|r| r.trim_start_matches('#')));
        match rest {
            Some(rest) => out = rest.to_owned(),
            None => break,
        }
    }
    out
}

/// The evidence for an answer in a passage: the byte ranges, in order, of what is quoted. The
/// answer's sentence, and when its full sentence (up to `。`) begins before it with a clause
/// that holds a year or a date (`2019年,…实现规模工业总产值70亿元`), that clause too. Every range
/// lies on character boundaries; `answer` (when given) lies inside one of them.
pub fn evidence(
    passage: &str,
    sentence: (usize, usize),
    answer: Option<(usize, usize)>,
) -> Vec<(usize, usize)> {
    let (from, _) = full_sentence(passage, sentence.0);
    let mut out = Vec::new();
    if from < sentence.0 {
        let head_end = passage[from..sentence.0]
            .char_indices()
            .find(|&(_, c)| matches!(c, '，' | ',' | '：' | ':'))
            .map(|(i, c)| from + i + c.len_utf8());
        if let Some(end) = head_end {
            let head = &passage[from..end];
            if !years(head).is_empty() && head.chars().count() <= 40 {
                out.push((from, end));
            }
        }
    }
    let mut range = sentence;
    if let Some((s, e)) = answer {
        range = (range.0.min(s), range.1.max(e));
    }
    match out.last_mut() {
        Some(last) if last.1 >= range.0 => last.1 = last.1.max(range.1),
        _ => out.push(range),
    }
    out
}

/// The evidence ranges of a passage as quoted: the pieces joined with `…` where text was cut.
pub fn quote(passage: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut last_end = None;
    for &(s, e) in ranges {
        if let Some(end) = last_end {
            if end < s && !passage[end..s].trim().is_empty() {
                out.push('…');
            }
        }
        out.push_str(passage[s..e].trim());
        last_end = Some(e);
    }
    strip_markup(&out)
}

/// An article (`第九十条`), chapter or section a question names: its number and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedPart {
    /// The number (90 for `第九十条`).
    pub number: u32,
    /// `条`, `章` or `节`.
    pub kind: char,
}

/// The articles, chapters and sections a question names (`第九十条`, `第3章`).
pub fn named_parts(question: &str) -> Vec<NamedPart> {
    let mut out = Vec::new();
    for (at, _) in question.match_indices('第') {
        let rest = &question[at + '第'.len_utf8()..];
        let number: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十百两".contains(*c))
            .collect();
        let Some(kind) = rest[number.len()..].chars().next() else {
            continue;
        };
        if number.is_empty() || !matches!(kind, '条' | '章' | '节') {
            continue;
        }
        if let Some(number) = number
            .parse::<u32>()
            .ok()
            .or_else(|| chinese_number(&number))
        {
            out.push(NamedPart { number, kind });
        }
    }
    out
}

/// Writes a number in Chinese numerals, as articles are numbered (`83` → `八十三`).
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n < 10 {
        return DIGITS[n as usize].to_owned();
    }
    if n < 20 {
        return format!(
            "十{}",
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        );
    }
    if n < 100 {
        return format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        );
    }
    let rest = n % 100;
    let tail = if rest == 0 {
        String::new()
    } else if rest < 10 {
        format!("零{}", DIGITS[rest as usize])
    } else if rest < 20 {
        format!("一{}", chinese_numeral(rest))
    } else {
        chinese_numeral(rest)
    };
    format!("{}百{tail}", DIGITS[(n / 100) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every evidence range slices the passage, the ranges stand in order without
        /// overlapping, and the answer lies inside one of them.
        #[test]
        fn evidence_ranges_slice_the_passage_and_hold_the_answer(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "2019年", "，", ",", "。", "；", "：", "实现", "产值", "70亿元", "经开区",
                    "增长8%", "a", " ",
                ]),
                1..40,
            ),
            pick in any::<proptest::sample::Index>(),
            answer_pick in any::<proptest::sample::Index>(),
        ) {
            let passage: String = pieces.concat();
            let sentences = crate::text::sentence_ranges(&passage);
            // A passage of white space alone has no sentence, so no evidence to check.
            prop_assume!(!sentences.is_empty());
            let (start, end) = (pick.get(&sentences).start, pick.get(&sentences).end);
            let bounds: Vec<usize> = passage[start..end]
                .char_indices()
                .map(|(i, _)| start + i)
                .chain([end])
                .collect();
            let a = *answer_pick.get(&bounds);
            let b = bounds.iter().copied().find(|&b| b > a).unwrap_or(a);
            let ranges = evidence(&passage, (start, end), Some((a, b)));
            prop_assert!(!ranges.is_empty());
            for &(s, e) in &ranges {
                prop_assert!(s <= e && e <= passage.len());
                prop_assert!(passage.get(s..e).is_some());
            }
            for pair in ranges.windows(2) {
                prop_assert!(pair[0].1 <= pair[1].0);
            }
            prop_assert!(ranges.iter().any(|&(s, e)| s <= a && b <= e));
        }
    }

    #[test]
    fn a_year_the_sentence_states_contradicts_another_asked() {
        let passage = "近年来发展加快。2019年,实现技工贸总收入115亿元,同比增长14.84%;实现规模工业总产值70亿元,增长8%;";
        let at = passage.find("70亿元").unwrap();
        assert_eq!(stated_year(passage, at, &[]), Some(2019));
        assert_eq!(
            contradiction(
                "经开区2023年的规模工业总产值是多少？",
                passage,
                at,
                &[],
                &[2024],
                "",
                ""
            ),
            Some(Contradiction::Year {
                asked: 2023,
                stated: 2019
            })
        );
        assert_eq!(
            contradiction(
                "2019年的规模工业总产值是多少？",
                passage,
                at,
                &[],
                &[2024],
                "",
                ""
            ),
            None
        );
        // A year that names the document is not asked of the sentence.
        assert_eq!(
            contradiction(
                "2013年统计公报显示财政收入有多少？",
                passage,
                at,
                &[],
                &[2013, 2014],
                "",
                ""
            ),
            None
        );
    }

    #[test]
    fn a_year_measured_against_is_not_the_year_spoken_of() {
        // A work report's paragraph: its year is 2022, not the 2013 it compares with.
        let passage = "一年来，我们全力推进经济稳增长。2022年，省考核地市10项指标，自2013年以来增速首次全面超过全省平均水平。全市地区生产总值实现268.9亿元，同比增长5.3%。";
        let at = passage.find("268.9").unwrap();
        assert_eq!(stated_year(passage, at, &[]), Some(2022));
        let question = "某市2023年政府工作报告称，2022年全市地区生产总值达到多少？";
        assert_eq!(
            contradiction(question, passage, at, &[], &[2023], "", ""),
            None
        );
        let earlier = "某市2023年政府工作报告中，2020年全市地区生产总值是多少？";
        assert_eq!(
            contradiction(earlier, passage, at, &[], &[2023], "", ""),
            Some(Contradiction::Year {
                asked: 2020,
                stated: 2022
            })
        );
        assert_eq!(
            stating_years("比2012年增长8%，与2019年相比翻番，2010年3月以来累计，2021年底达到"),
            vec![(
                "比2012年增长8%，与2019年相比翻番，2010年3月以来累计，".len(),
                2021
            )]
        );
    }

    #[test]
    fn a_section_heading_states_the_year_a_passage_does_not() {
        let passage = "全市粮食总产量95.4万吨，增长1.2%。";
        let sections = vec!["一、2022年工作回顾".to_owned()];
        assert_eq!(stated_year(passage, 0, &sections), Some(2022));
        assert_eq!(stated_year(passage, 0, &[]), None);
        // Where the passage states no year, the document's date bounds it: a report of 2023
        // reviews 2022, but not 2021.
        assert_eq!(
            contradiction(
                "2022年全市粮食总产量是多少？",
                passage,
                0,
                &[],
                &[2023],
                "",
                ""
            ),
            None
        );
        assert_eq!(
            contradiction(
                "2021年全市粮食总产量是多少？",
                passage,
                0,
                &[],
                &[2023],
                "",
                ""
            ),
            Some(Contradiction::Year {
                asked: 2021,
                stated: 2023
            })
        );
        assert_eq!(
            contradiction("2021年全市粮食总产量是多少？", passage, 0, &[], &[], "", ""),
            None
        );
        assert!(contradiction(
            "2021年全市粮食总产量是多少？",
            passage,
            0,
            &sections,
            &[2023],
            "",
            ""
        )
        .is_some());
    }

    #[test]
    fn a_year_naming_a_document_must_be_the_documents() {
        assert_eq!(
            question_years("深圳市2023年政府工作报告里，2022年新增多少家？"),
            vec![(2023, true), (2022, false)]
        );
        assert_eq!(
            question_years("2019年修订的党政领导干部选拔任用工作条例规定，公示期多久？"),
            vec![(2019, true)]
        );
        assert_eq!(
            question_years("2018年国务院机构改革后，组成部门有几个？"),
            vec![(2018, false)]
        );
        assert_eq!(question_years("2020年的方法是什么？"), vec![(2020, false)]);
        let passage = "全年新增国家高新技术企业2043家。";
        let question = "深圳市2023年政府工作报告里，新增国家高新技术企业多少家？";
        let places = "深圳市政府工作报告 reports/gov-work/city/深圳市/2023.md";
        assert_eq!(
            contradiction(question, passage, 0, &[], &[2023], places, ""),
            None
        );
        assert_eq!(
            contradiction(question, passage, 0, &[], &[2022], places, ""),
            Some(Contradiction::Document {
                asked: 2023,
                stated: 2022
            })
        );
        // A document that names itself by no year is not contradicted.
        assert_eq!(
            contradiction(question, passage, 0, &[], &[], places, ""),
            None
        );
    }

    #[test]
    fn a_document_is_named_by_the_years_of_its_title_and_path_before_its_date() {
        let communique = naming_years(
            "中华人民共和国2009年国民经济和社会发展统计公报",
            "reports/statistical-communique/2009.md",
            Some("2010-02-25"),
        );
        assert_eq!(communique, [2009]);
        let report = naming_years(
            "阿坝藏族羌族自治州政府工作报告（2022年12月27日 罗振华）",
            "reports/gov-work/prefecture/阿坝藏族羌族自治州/2023.md",
            Some("2022-12-27"),
        );
        assert_eq!(report, [2022, 2023]);
        assert_eq!(
            naming_years("某条例", "laws/某条例.md", Some("2019-04-23")),
            [2019]
        );
    }

    #[test]
    fn a_place_named_with_a_year_must_be_the_documents() {
        assert_eq!(
            place_with_year("眉山市2023年政府工作报告中，产值多少？").as_deref(),
            Some("眉山")
        );
        assert_eq!(
            place_with_year("按深圳2023年政府工作报告，比重是多少？").as_deref(),
            Some("深圳")
        );
        assert_eq!(place_with_year("2023年政府工作报告中，产值多少？"), None);
        assert_eq!(
            place_with_year("七台河市第十二届人民代表大会第三次会议上的报告称？").as_deref(),
            Some("七台河")
        );
        assert_eq!(place_with_year("行政许可法第九十条规定了什么？"), None);
        assert_eq!(place_with_year("公务员法第一百二十条规定了什么？"), None);
        assert_eq!(place_with_year("为基层减负的通知在2019年要求什么？"), None);
        let passage = "晶硅光伏产业实现产值698.6亿元。";
        let question = "眉山市2023年政府工作报告中，2022年晶硅光伏产业实现产值多少？";
        let leshan = "乐山市政府工作报告 reports/gov-work/prefecture/乐山市/2023.md 乐山市";
        assert_eq!(
            contradiction(question, passage, 0, &[], &[2023], leshan, ""),
            Some(Contradiction::Place {
                asked: "眉山".into()
            })
        );
        let meishan = "眉山市政府工作报告 reports/gov-work/prefecture/眉山市/2023.md";
        assert_eq!(
            contradiction(question, passage, 0, &[], &[2023], meishan, ""),
            None
        );
    }

    #[test]
    fn another_meeting_contradicts_the_one_asked() {
        let passage = "本条例经市人大常委会第二次会议通过。";
        assert!(contradiction("第一次会议通过了什么？", passage, 0, &[], &[], "", "").is_some());
        assert!(contradiction("第二次会议通过了什么？", passage, 0, &[], &[], "", "").is_none());
        // A report says at which meeting it was given in its opening, not in its passages.
        let question = "某市第十二届人民代表大会第三次会议上的政府工作报告称，生产总值是多少？";
        let figure = "全市地区生产总值实现268.9亿元。";
        let opening = "——2023年1月4日在某市第十二届人民代表大会第二次会议上";
        assert_eq!(
            contradiction(question, figure, 0, &[], &[], "", opening),
            Some(Contradiction::Ordinal {
                asked: 3,
                stated: 2
            })
        );
        let given = opening.replace("第二次", "第三次");
        assert_eq!(
            contradiction(question, figure, 0, &[], &[], "", &given),
            None
        );
    }

    #[test]
    fn the_evidence_carries_the_clause_with_the_year() {
        let passage =
            "2019年,实现技工贸总收入115亿元,同比增长14.84%;实现规模工业总产值70亿元,增长8%;";
        let s = passage.find("实现规模").unwrap();
        let a = passage.find("70亿元").unwrap();
        let ranges = evidence(passage, (s, passage.len()), Some((a, a + "70亿元".len())));
        assert_eq!(
            quote(passage, &ranges),
            "2019年,…实现规模工业总产值70亿元,增长8%;"
        );
    }

    #[test]
    fn headings_are_not_evidence() {
        assert!(is_heading("三、规范创新经开区体制机制的建议", &[]));
        assert!(is_heading("(一)理顺行政管理体制", &[]));
        assert!(!is_heading(
            "(一)理顺行政管理体制。行政管理体制的顺畅是前提。",
            &[]
        ));
        assert!(!is_heading("第三十二条 年度考核结果分为四个等次。", &[]));
    }

    #[test]
    fn parts_and_numerals() {
        assert_eq!(
            named_parts("《中华人民共和国行政许可法》第九十条规定了什么？"),
            [NamedPart {
                number: 90,
                kind: '条'
            }]
        );
        assert_eq!(chinese_numeral(83), "八十三");
        assert_eq!(chinese_numeral(90), "九十");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(105), "一百零五");
        assert_eq!(chinese_numeral(110), "一百一十");
        assert_eq!(
            strip_markup("- **第三十二条**　年度考核"),
            "第三十二条　年度考核"
        );
    }
}
