//! Numeric facts in policy text: a number with its unit and the subject it counts or measures —
//! 专项编制 45人, 机构 9个, 权力清单 57项, 总面积 11.33平方公里.
//!
//! A quantity is a number (Arabic digits with an optional decimal part, or Chinese numerals such
//! as 四十五 or 两) followed by a unit of [`UNITS`] (optionally scaled by 万 or 亿, and after an
//! approximate 余/多). Ordinals (第三), years and dates (2019年, 3月) and document numbers
//! (〔2019〕37号) are not quantities, because 第 is refused and 年/月/日/号 are not units.
//! Chinese numerals count only where jieba cuts them as a word of their own or with their
//! unit, so set phrases built on numerals (两张皮, 一肩挑, 一把手, 一站式, 统一) are not
//! quantities; and 一 with a plain measure word (一个整体, 一项制度) is the article "a", not a
//! count.
//!
//! The subject is found by part-of-speech tags (jieba's): after a measure word, the noun that
//! follows it (内设9个机构 → 机构); otherwise the nouns just before the number in its clause,
//! past linking words such as 达/为/共/约 (总面积达11.33平方公里 → 总面积). A bare change verb
//! (增长8%) takes the subject of the clause's previous quantity (规模工业总产值增长). A number
//! with no subject is not reported.

use std::ops::Range;

use jieba_rs::Jieba;
use serde::Serialize;

/// A number with its unit and subject, found in a sentence.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Quantity {
    /// What is counted or measured (`专项编制`, `总面积`, `机构`).
    pub subject: String,
    /// The number's value as written, before its unit's 万/亿 (`11.33` for 11.33平方公里).
    pub value: f64,
    /// The number as written (`45`, `四十五`).
    pub number: String,
    /// The unit as written, with its 万/亿 (`人`, `平方公里`, `亿元`, `%`).
    pub unit: String,
    /// Byte range of the number and its unit in the sentence.
    pub span: Range<usize>,
}

impl Quantity {
    /// The number and unit as they stand in the text (`45人`).
    pub fn amount(&self) -> String {
        format!("{}{}", self.number, self.unit)
    }
}

/// Units, longest first where one is a prefix of another.
pub const UNITS: &[&str] = &[
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "个百分点",
    "公里",
    "千米",
    "公顷",
    "千瓦时",
    "千瓦",
    "美元",
    "人次",
    "米",
    "亩",
    "吨",
    "元",
    "%",
    "％",
    "倍",
    "人",
    "名",
    "位",
    "户",
    "个",
    "项",
    "件",
    "家",
    "所",
    "座",
    "条",
    "批",
    "类",
    "次",
    "套",
    "台",
    "辆",
    "处",
    "支",
    "种",
    "场",
];

/// Plain measure words: with 一 they are the article "a", and a noun after them is the subject.
const MEASURE_WORDS: &[&str] = &[
    "个", "项", "件", "家", "所", "座", "条", "批", "类", "次", "套", "台", "辆", "处", "支", "种",
    "场", "人", "名", "位", "户",
];

/// Words between a subject and its number that are not part of the subject.
const LINK_WORDS: &[&str] = &[
    "达", "达到", "为", "是", "有", "约", "共", "共有", "共计", "合计", "总计", "计", "近", "逾",
    "超过", "超", "仅", "只", "各", "每", "均", "已", "已达", "实现", "完成", "累计", "现有", "设",
    "设置", "配备", "核定", "确定", "至", "到", "由", "从", "的", "了", "和", "与", "及",
];

/// Verbs of change that take the subject of the quantity before them (增长8%).
const CHANGE_WORDS: &[&str] = &[
    "增长", "下降", "提高", "增加", "减少", "降低", "上升", "提升", "减", "增",
];

/// Characters of Chinese numerals (万 included: 四十五万; 亿 is read as a unit's scale).
fn is_chinese_numeral(c: char) -> bool {
    "零〇一二两三四五六七八九十百千万".contains(c)
}

/// Whether a part-of-speech tag marks a word that can be (part of) a subject.
fn is_nominal(tag: &str) -> bool {
    tag.starts_with('n') || matches!(tag, "vn" | "j" | "b" | "an" | "nz" | "l")
}

/// A segmented word with its byte range and tag.
struct Word<'a> {
    text: &'a str,
    tag: &'a str,
    start: usize,
    end: usize,
}

/// The quantities of `sentence`, in order.
pub fn find_quantities(jieba: &Jieba, sentence: &str) -> Vec<Quantity> {
    if !sentence
        .chars()
        .any(|c| c.is_ascii_digit() || is_chinese_numeral(c))
    {
        return Vec::new();
    }
    let mut words = Vec::new();
    let mut at = 0;
    for tag in jieba.tag(sentence, true) {
        let end = at + tag.word.len();
        words.push(Word {
            text: tag.word,
            tag: tag.tag,
            start: at,
            end,
        });
        at = end;
    }
    let mut found: Vec<Quantity> = Vec::new();
    let mut clause_start = 0;
    let mut i = 0;
    let bytes_end = sentence.len();
    while i < bytes_end {
        let rest = &sentence[i..];
        let c = rest.chars().next().expect("inside the sentence");
        if is_clause_break(c) {
            clause_start = i + c.len_utf8();
            i += c.len_utf8();
            continue;
        }
        let Some((number, value, chinese)) = number_at(sentence, i) else {
            i += c.len_utf8();
            continue;
        };
        let number_end = i + number.len();
        let candidate = unit_at(sentence, number_end)
            .filter(|(unit, _)| accepted(sentence, &words, i, number_end, value, chinese, unit));
        let Some((unit, unit_end)) = candidate else {
            i = number_end;
            continue;
        };
        let previous = found.last().map(|q| q.subject.clone());
        let from = found
            .last()
            .map_or(clause_start, |q| q.span.end.max(clause_start));
        let subject = subject_after(&words, unit_end, &unit)
            .or_else(|| subject_before(&words, from, i, previous.as_deref()));
        if let Some(subject) = subject {
            found.push(Quantity {
                subject,
                value,
                number: number.to_owned(),
                unit,
                span: i..unit_end,
            });
        }
        i = unit_end;
    }
    found
}

/// Punctuation that ends a clause of a sentence: commas, semicolons, colons, stops, brackets.
/// `ask` reads an answer's context within such a clause, where the items of a list (`文件、会议
/// 减少30%—50%`) all belong to the number after them.
pub fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '；'
            | ';'
            | '。'
            | '：'
            | ':'
            | '（'
            | '('
            | '）'
            | ')'
            | '！'
            | '？'
            | '!'
            | '?'
    )
}

/// Punctuation that ends the clause a subject is looked for in: a clause's end, and also the
/// enumeration comma, quotation marks and title marks, since a subject is one item, not a list.
fn is_clause_break(c: char) -> bool {
    ends_clause(c) || matches!(c, '、' | '“' | '”' | '《' | '》')
}

/// The number starting at byte `at`: its text, value, and whether it is in Chinese numerals.
fn number_at(sentence: &str, at: usize) -> Option<(&str, f64, bool)> {
    let rest = &sentence[at..];
    let before = sentence[..at].chars().next_back();
    let first = rest.chars().next()?;
    if first.is_ascii_digit() {
        // Inside a run of letters and digits (G20, 2019a) or after a decimal point: not here.
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '.') {
            return None;
        }
        let mut end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if rest[end..].starts_with('.') {
            let fraction = rest[end + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len() - end - 1);
            if fraction > 0 {
                end += 1 + fraction;
            }
        }
        let text = &rest[..end];
        return text.parse::<f64>().ok().map(|v| (text, v, false));
    }
    if is_chinese_numeral(first) {
        if before.is_some_and(|b| is_chinese_numeral(b) || b == '第') {
            return None;
        }
        let end = rest
            .find(|c: char| !is_chinese_numeral(c))
            .unwrap_or(rest.len());
        let text = &rest[..end];
        let value = crate::text::chinese_number(text)?;
        return Some((text, f64::from(value), true));
    }
    None
}

/// The unit starting at byte `at` (after an optional 余/多 and a 万/亿 scale), and where it ends.
fn unit_at(sentence: &str, at: usize) -> Option<(String, usize)> {
    let mut rest = &sentence[at..];
    let mut unit = String::new();
    for approximate in ["余", "多"] {
        if let Some(r) = rest.strip_prefix(approximate) {
            unit.push_str(approximate);
            rest = r;
        }
    }
    for scale in ["万", "亿"] {
        if let Some(r) = rest.strip_prefix(scale) {
            unit.push_str(scale);
            rest = r;
            break;
        }
    }
    let base = UNITS.iter().find(|u| rest.starts_with(**u))?;
    unit.push_str(base);
    let end = at + unit.len();
    Some((unit, end))
}

/// Whether a number and unit make a quantity: no ordinal 第 before it, and not a rank (排前70名,
/// 前130名, 排名12位: 前 before a count of 名 or 位, or 排/排名/位列/名列 right before the
/// number); Chinese numerals only as a word of their own (not inside 两张皮, 一肩挑); 一 with a
/// plain measure word is "a".
fn accepted(
    sentence: &str,
    words: &[Word],
    start: usize,
    end: usize,
    value: f64,
    chinese: bool,
    unit: &str,
) -> bool {
    let before = &sentence[..start];
    if before.ends_with('第') {
        return false;
    }
    let place_unit = unit == "名" || unit == "位";
    if (place_unit && before.ends_with('前'))
        || ["排", "排名", "位列", "名列", "位居"]
            .iter()
            .any(|w| before.ends_with(w))
    {
        return false;
    }
    if !chinese {
        return true;
    }
    let Some(word) = words.iter().find(|w| w.start <= start && start < w.end) else {
        return false;
    };
    let own_word = word.start == start
        && word.text[..]
            .chars()
            .all(|c| is_chinese_numeral(c) || unit.contains(c) || matches!(c, '余' | '多'))
        && word.end >= end;
    let article = value == 1.0 && MEASURE_WORDS.contains(&unit);
    own_word && !article
}

/// After a measure word, the noun it counts (9个机构 → 机构), through an optional 的.
fn subject_after(words: &[Word], unit_end: usize, unit: &str) -> Option<String> {
    if !MEASURE_WORDS.iter().any(|m| unit.ends_with(m)) {
        return None;
    }
    let mut next = words.iter().skip_while(|w| w.start < unit_end);
    let mut word = next.next()?;
    if word.start != unit_end {
        return None;
    }
    if word.text == "的" {
        word = next.next()?;
    }
    (is_nominal(word.tag) && word.text.chars().count() >= 2).then(|| word.text.to_owned())
}

/// The nouns just before the number in `from..number_start`, past linking words; a bare change
/// verb takes `previous` (the subject of the sentence's quantity before this one).
fn subject_before(
    words: &[Word],
    from: usize,
    number_start: usize,
    previous: Option<&str>,
) -> Option<String> {
    const MAX_WORDS: usize = 3;
    const MAX_CHARS: usize = 10;
    let clause: Vec<&Word> = words
        .iter()
        .filter(|w| w.start >= from && w.end <= number_start)
        .filter(|w| w.text.chars().any(crate::analysis::is_searchable_char))
        .collect();
    let mut end = clause.len();
    let mut change: Option<&str> = None;
    while end > 0 {
        let word = clause[end - 1];
        if LINK_WORDS.contains(&word.text) || matches!(word.tag, "d" | "p" | "u" | "c" | "m" | "q")
        {
            end -= 1;
        } else if CHANGE_WORDS.contains(&word.text) && change.is_none() {
            change = Some(word.text);
            end -= 1;
        } else {
            break;
        }
    }
    let mut start = end;
    let mut chars = 0;
    while start > 0 && end - start < MAX_WORDS {
        let word = clause[start - 1];
        let n = word.text.chars().count();
        if !is_nominal(word.tag) || LINK_WORDS.contains(&word.text) || chars + n > MAX_CHARS {
            break;
        }
        chars += n;
        start -= 1;
    }
    let nouns: String = clause[start..end].iter().map(|w| w.text).collect();
    match (nouns.is_empty(), change) {
        (false, Some(verb)) => Some(format!("{nouns}{verb}")),
        (false, None) => Some(nouns),
        (true, Some(verb)) => previous.map(|p| format!("{p}{verb}")),
        (true, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn jieba() -> &'static Jieba {
        static JIEBA: OnceLock<Jieba> = OnceLock::new();
        JIEBA.get_or_init(|| {
            let mut jieba = Jieba::new();
            jieba
                .load_dict(&mut std::io::BufReader::new(
                    crate::analysis::dictionary::BUNDLED_DICT.as_bytes(),
                ))
                .expect("bundled dictionary loads");
            jieba
        })
    }

    fn facts(sentence: &str) -> Vec<(String, String)> {
        find_quantities(jieba(), sentence)
            .into_iter()
            .map(|q| (q.subject.clone(), q.amount()))
            .collect()
    }

    fn pair(subject: &str, amount: &str) -> (String, String) {
        (subject.to_owned(), amount.to_owned())
    }

    #[test]
    fn the_reports_numbers_have_their_subjects() {
        assert_eq!(
            facts("经开区机关核定专项编制45人,设党工委书记1名,管委会主任1名,副主任3名"),
            [
                pair("专项编制", "45人"),
                pair("党工委书记", "1名"),
                pair("管委会主任", "1名"),
                pair("副主任", "3名"),
            ]
        );
        assert_eq!(
            facts("目前经开区管委会下设内设9个机构:办公室、招商合作局"),
            [pair("机构", "9个")]
        );
        assert_eq!(
            facts("拟定园区行政审批制度改革方案,第一批权力清单57项,公共服务4项。"),
            [pair("权力清单", "57项"), pair("公共服务", "4项")]
        );
        assert_eq!(
            facts("原规划面积6平方公里,2019年调区扩区后总面积达11.33平方公里"),
            [
                pair("原规划面积", "6平方公里"),
                pair("总面积", "11.33平方公里")
            ]
        );
    }

    #[test]
    fn values_units_and_spans_are_exact() {
        let sentence = "实缴入库税收3.9亿元,增长8.33%";
        let found = find_quantities(jieba(), sentence);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].value, 3.9);
        assert_eq!(found[0].unit, "亿元");
        assert_eq!(&sentence[found[0].span.clone()], "3.9亿元");
        assert_eq!(found[1].subject, "入库税收增长");
        assert_eq!(&sentence[found[1].span.clone()], "8.33%");
    }

    #[test]
    fn chinese_numerals_are_read() {
        let found = find_quantities(jieba(), "全市核定行政编制四十五名,设立两个工作组");
        let amounts: Vec<(f64, String)> = found.iter().map(|q| (q.value, q.amount())).collect();
        assert_eq!(
            amounts,
            [(45.0, "四十五名".to_owned()), (2.0, "两个".to_owned())]
        );
        assert_eq!(found[0].subject, "行政编制");
        assert_eq!(found[1].subject, "工作组");
    }

    #[test]
    fn idioms_ordinals_dates_and_document_numbers_are_not_quantities() {
        for text in [
            "解决“两张皮”现象",
            "管委会主任“一肩挑”",
            "兼任经开区党政一把手",
            "为企业提供“一站式”服务",
            "使园区与街道形成一个整体",
            "一是管理体制还不够顺畅",
            "第一批改革事项",
            "排前70名的干部职工可竞聘股长,前130名的干部职工可留在机关工作",
            "全省排名12位",
            "2019年3月,经开区成立于1992年",
            "衡编办〔2019〕37号",
            "实行统一领导",
        ] {
            assert!(facts(text).is_empty(), "{text}: {:?}", facts(text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// On made-up text, every quantity's span slices the sentence to its number and unit,
        /// in order and without overlap, and its subject is not empty.
        #[test]
        fn spans_slice_the_number_and_unit(
            text in "[编制人员名个项万亿平方公里元%第一二两三十百千年月0-9.，。、的为达设核定机构]{0,80}",
        ) {
            let found = find_quantities(jieba(), &text);
            let mut end = 0;
            for q in &found {
                proptest::prop_assert_eq!(&text[q.span.clone()], q.amount());
                proptest::prop_assert!(q.span.start >= end);
                proptest::prop_assert!(!q.subject.is_empty());
                end = q.span.end;
            }
        }
    }

    #[test]
    fn a_number_without_a_subject_is_not_reported() {
        assert!(facts("45人").is_empty());
    }
}
