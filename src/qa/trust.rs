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
            Contradiction::Ordinal { asked, stated } => {
                format!("the question asks about 第{asked}; the passage speaks of 第{stated}")
            }
        }
    }
}

/// The year a span of a passage stands under: the nearest year before it in its full sentence
/// (up to `。`), else the first after it there, else the nearest before its sentence in the
/// passage; `None` when the passage states none.
pub fn stated_year(passage: &str, span_start: usize) -> Option<u32> {
    let (from, to) = full_sentence(passage, span_start);
    let sentence_years = years(&passage[from..to]);
    if let Some(&(_, year)) = sentence_years
        .iter()
        .rfind(|(at, _)| from + at < span_start)
    {
        return Some(year);
    }
    if let Some(&(_, year)) = sentence_years.first() {
        return Some(year);
    }
    years(&passage[..from]).last().map(|&(_, y)| y)
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

/// Whether the question's years and ordinals contradict what the passage states for the span at
/// `span_start`. A year counts as asked only when it does not name the document itself
/// (`2013年统计公报`, a year the document's title, path or date holds); a passage that names the
/// asked year anywhere in the span's full sentence does not contradict it.
pub fn contradiction(
    question: &str,
    passage: &str,
    span_start: usize,
    document_years: &[u32],
) -> Option<Contradiction> {
    let (from, to) = full_sentence(passage, span_start);
    let sentence = &passage[from..to];
    let asked: Vec<u32> = years(question)
        .into_iter()
        .map(|(_, y)| y)
        .filter(|y| !document_years.contains(y))
        .collect();
    if let Some(&asked) = asked.first() {
        let named_in_sentence = years(sentence).iter().any(|&(_, y)| asked == y);
        if !named_in_sentence {
            let stated =
                stated_year(passage, span_start).or_else(|| document_years.iter().copied().max());
            if let Some(stated) = stated.filter(|&s| s != asked) {
                return Some(Contradiction::Year { asked, stated });
            }
        }
    }
    for (asked, counter) in ordinals(question) {
        let stated: Vec<u32> = ordinals(sentence)
            .into_iter()
            .chain(ordinals(passage))
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
        assert_eq!(stated_year(passage, at), Some(2019));
        assert_eq!(
            contradiction("经开区2023年的规模工业总产值是多少？", passage, at, &[2024]),
            Some(Contradiction::Year {
                asked: 2023,
                stated: 2019
            })
        );
        assert_eq!(
            contradiction("2019年的规模工业总产值是多少？", passage, at, &[2024]),
            None
        );
        // A year that names the document is not asked of the sentence.
        assert_eq!(
            contradiction(
                "2013年统计公报显示财政收入有多少？",
                passage,
                at,
                &[2013, 2014]
            ),
            None
        );
    }

    #[test]
    fn another_meeting_contradicts_the_one_asked() {
        let passage = "本条例经市人大常委会第二次会议通过。";
        assert!(contradiction("第一次会议通过了什么？", passage, 0, &[]).is_some());
        assert!(contradiction("第二次会议通过了什么？", passage, 0, &[]).is_none());
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
