//! What a figure of a sentence is: its qualifier (`5%左右`, `不低于5%`), the measure the sentence
//! names it by, whether it is a target or an outcome, and the year it is for — read from the
//! sentence, its section and the document's date, for `ask --each` ([`super::each`]).
//!
//! - **Targets are not outcomes.** A figure is a target when the nearest cue before it in its
//!   sentence states a plan (预期目标, 主要目标, 力争, 安排 …) or its clause calls it a 目标; an
//!   outcome when the cue states a result (预计, 初步核算, 完成, 比上年 …) or the sentence says it
//!   beat a target (高于预期); failing cues, a review section (回顾, 过去) makes it an outcome.
//! - **Years are read, not assumed**: see [`year_of`].
//! - **One measure under its names** ([`MEASURES`]): for a question on GDP growth, 地区生产总值,
//!   全市/全省生产总值, GDP, 经济增长 and 国内生产总值 are one measure, but not a share of it
//!   (`占地区生产总值比重`), a unit of it (`单位地区生产总值能耗`), a part of a place
//!   (`直管区地区生产总值`), another economy (`海洋生产总值`, `数字经济增长`) nor the sub-figures
//!   of a list (`其中…分别增长`).
//! - **Qualifiers kept** ([`qualified`]): `5%左右`, `不低于5%`, `5%—5.5%` (a range is one figure,
//!   from [`super::extract::quantities`]).

use serde::Serialize;

use super::extract::{self, Span};
use super::question::UnitClass;
use super::trust;

/// Words right before a figure that bound it (`不低于5%`): part of the answer as stated.
const QUALIFIERS_BEFORE: &[&str] = &[
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "高于",
    "低于",
    "超过",
    "大于",
    "小于",
    "约",
];
/// Words right after a figure that bound it (`5%左右`, `6%以上`): part of the answer as stated.
const QUALIFIERS_AFTER: &[&str] = &["及以上", "以上", "以内", "以下", "左右", "上下"];

/// A figure with the words that bound it: `5%左右`, `不低于5%`, `5%—5.5%` (a range is its own
/// bound). Byte ranges of the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Qualified {
    /// First byte of the figure with its qualifier.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The qualifier's byte range, when there is one.
    pub qualifier: Option<(usize, usize)>,
}

/// The span with the qualifier that stands right before or after it (`不低于`, `左右`, `以上`):
/// a target stated `5%左右` is not the target `5%`.
pub fn qualified(sentence: &str, span: &Span) -> Qualified {
    let before = &sentence[..span.start];
    let after = &sentence[span.end..];
    if let Some(q) = QUALIFIERS_AFTER.iter().find(|q| after.starts_with(*q)) {
        return Qualified {
            start: span.start,
            end: span.end + q.len(),
            qualifier: Some((span.end, span.end + q.len())),
        };
    }
    if let Some(q) = QUALIFIERS_BEFORE.iter().find(|q| before.ends_with(*q)) {
        return Qualified {
            start: span.start - q.len(),
            end: span.end,
            qualifier: Some((span.start - q.len(), span.start)),
        };
    }
    Qualified {
        start: span.start,
        end: span.end,
        qualifier: None,
    }
}

/// A figure as it reads, for comparing two statements of it: full-width signs and digits made
/// half-width (`６％` → `6%`), range marks made `—`, and a decimal part of zeros dropped (`5.0%` →
/// `5%`), so that `5.0%左右` and `5％左右` are one answer.
pub fn fold_figure(text: &str) -> String {
    let half: String = super::eval::fold(text)
        .replace(['－', '~', '～'], "—")
        .replace("——", "—");
    let half = half.replace('-', "—");
    let chars: Vec<char> = half.chars().collect();
    let mut out = String::with_capacity(half.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '.' && i > 0 && chars[i - 1].is_ascii_digit() {
            let mut j = i + 1;
            while j < chars.len() && chars[j] == '0' {
                j += 1;
            }
            if j > i + 1 && !chars.get(j).is_some_and(char::is_ascii_digit) {
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The value of a figure for ordering: its first number (a range's lower bound), as written in
/// digits; `None` for a figure in Chinese numerals or none.
pub fn figure_value(text: &str) -> Option<f64> {
    let folded = fold_figure(text);
    let start = folded.find(|c: char| c.is_ascii_digit())?;
    let number: String = folded[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    number.trim_end_matches('.').parse().ok()
}

/// Measures known under several names. Each entry: the words by which a question asks for the
/// measure, and the cores of the names a document states it by (a core may follow a place prefix
/// of [`MEASURE_PREFIXES`]).
pub const MEASURES: &[(&[&str], &[&str])] = &[(
    &["生产总值", "GDP", "经济增长", "经济增速"],
    &["生产总值", "GDP", "经济增长", "经济增速"],
)];

/// What may stand before a measure's core as part of its name (`地区`, `全省地区`).
const MEASURE_PREFIXES: &[&str] = &[
    "地区", "国内", "全市", "全省", "全区", "全州", "全盟", "全县", "全国", "我市", "我省", "我区",
    "本市", "本省",
];

/// Words after which a measure's name may begin (besides a clause mark): the name is the
/// whole subject, not part of a longer noun (`海洋生产总值`, `直管区地区生产总值`).
const MEASURE_LEADS: &[&str] = &[
    "年", "预计", "全年", "是", "为", "确定", "今年", "明年", "去年", "力争", "实现", "推动",
    "保持", "使", "目标",
];

/// Words between a measure's name and its figure that make the figure another measure's: a
/// share, a unit, another indicator, a list of sub-figures.
const NOT_THE_MEASURE: &[&str] = &[
    "比重",
    "比例",
    "占",
    "能耗",
    "水耗",
    "排放",
    "贡献",
    "人均",
    "分别",
    "其中",
    "收入",
    "投资",
    "增加值",
    "消费",
    "进出口",
    "总额",
    "产业",
    "税收",
    "贷款",
    "利用",
];

/// Words that open a clause saying only how much the measure of the clause before grew.
const GROWTH_OPENERS: &[&str] = &["增长", "同比增长", "比上年增长", "增速", "增幅", "年均增长"];

/// Cues before a figure in its sentence that state a plan.
const TARGET_CUES: &[&str] = &[
    "预期目标",
    "主要目标",
    "预期指标",
    "目标",
    "预期",
    "力争",
    "争取",
    "安排",
    "计划",
    "建议",
    "确定",
];
/// Target cues that open a year's list of main targets: such a sentence answers before one with
/// only a weaker cue (`力争…`).
const STRONG_TARGET_CUES: &[&str] = &["预期目标", "主要目标", "预期指标", "目标为", "目标是"];
/// Cues before a figure in its sentence that state a result.
const OUTCOME_CUES: &[&str] = &[
    "预计",
    "初步核算",
    "初步统计",
    "完成了",
    "实现了",
    "比上年",
    "同比",
    "全年",
    "增长了",
    "累计",
];
/// Words after a figure, in its sentence, that say it was measured against a target: a result.
const BEAT_CUES: &[&str] = &["高于预期", "超过预期", "超出预期", "完成预期", "低于预期"];
/// Words right before a year that make it one a figure is compared with (`较2015年`).
const COMPARED_BEFORE: &[&str] = &["较", "比", "与", "同", "相对于", "对比"];
/// Words right after a year that make it one a figure is compared with or counted from.
const COMPARED_AFTER: &[&str] = &["以来", "相比", "的基础", "基础上", "底", "末"];
/// Words of a section heading that make its figures a review's.
const REVIEW_HEADINGS: &[&str] = &["回顾", "过去"];

/// Whether the figure states a plan or a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// A plan: 预期目标, 力争 ….
    Target,
    /// A result: 预计, 完成, a review section ….
    Outcome,
}

/// A figure read from a sentence of a passage.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Index of the passage in the answer's list.
    pub passage: usize,
    /// The full sentence's byte range in the passage text.
    pub sentence: (usize, usize),
    /// The figure with its qualifier, relative to the sentence.
    pub span: Qualified,
    /// The measure as the sentence names it.
    pub measure: Option<String>,
    /// The year the figure is for.
    pub year: Option<u32>,
    /// Target or outcome, where the sentence or its section says.
    pub kind: Option<FigureKind>,
    /// Whether a cue that opens a list of main targets stands before it.
    pub strong: bool,
    /// The next figure of the sentence that restates it (`力争达到6%以上`).
    pub restated: Option<String>,
}

/// The document's date as the year reading needs it.
#[derive(Debug, Clone, Copy)]
pub struct DocumentDate {
    /// Its year.
    pub year: Option<u32>,
    /// Whether it was delivered in the first half of its year (or only its year is known): a
    /// work report then reviews the year before.
    pub early: bool,
}

impl DocumentDate {
    /// The reading of a document's date (`2024-12-29`, `2024`).
    pub fn of(date: Option<&str>) -> DocumentDate {
        let year = date
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<u32>().ok());
        let month = date
            .and_then(|d| d.get(5..7))
            .and_then(|m| m.parse::<u32>().ok());
        DocumentDate {
            year,
            early: month.is_none_or(|m| m <= 6),
        }
    }

    /// The year `今年`, `明年`, `去年` (or `上年`) name in a document of this date.
    pub fn relative(self, word: &str) -> Option<u32> {
        let year = self.year?;
        match word {
            "今年" | "本年" => Some(year),
            "明年" => Some(year + 1),
            "去年" => year.checked_sub(1),
            _ => None,
        }
    }
}

/// The full sentences of a passage (between `。`, `！`, `？`), as byte ranges.
pub fn full_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let (from, to) = trust::full_sentence(text, at);
        if to <= at {
            break;
        }
        out.push((from, to));
        at = to;
    }
    out
}

/// Whether a quantity span is a percentage written with a per-cent sign.
pub fn is_percent(sentence: &str, span: &Span) -> bool {
    span.unit == Some(UnitClass::Percent) && sentence[span.start..span.end].contains(['%', '％'])
}

/// The figures of the measure (`cores`) in a passage, in text order.
pub fn figures_in(
    passage: usize,
    text: &str,
    section: &[String],
    cores: &[&str],
    date: DocumentDate,
    percent: bool,
) -> Vec<Figure> {
    let mut out = Vec::new();
    for (from, to) in full_sentences(text) {
        let sentence = &text[from..to];
        if trust::is_heading(sentence, section) {
            continue;
        }
        let spans = extract::quantities(sentence);
        for (k, span) in spans.iter().enumerate() {
            if percent != is_percent(sentence, span) {
                continue;
            }
            let q = qualified(sentence, span);
            let Some(measure) = measure_before(sentence, &spans, span, &q, cores) else {
                continue;
            };
            let (kind, strong) = kind_of(sentence, &q, section);
            let year = year_of(sentence, q.start, section, date, kind);
            let restated = spans.get(k + 1).and_then(|next| {
                let between = &sentence[q.end..next.start];
                let restates = (between.contains("力争") || between.contains("争取"))
                    && between.chars().count() <= 12
                    && !between.contains(['；', ';'])
                    && is_percent(sentence, next) == percent;
                restates.then(|| {
                    let nq = qualified(sentence, next);
                    sentence[nq.start..nq.end].to_owned()
                })
            });
            out.push(Figure {
                passage,
                sentence: (from, to),
                span: q,
                measure: Some(measure),
                year,
                kind,
                strong,
                restated,
            });
        }
    }
    out
}

/// The measure's name as the sentence states it before the figure `q`, when the figure is that
/// measure's: the last name of the measure in the figure's clause, whole (not part of a longer
/// noun), with nothing between it and the figure that makes the figure another measure's.
fn measure_before(
    sentence: &str,
    spans: &[Span],
    span: &Span,
    q: &Qualified,
    cores: &[&str],
) -> Option<String> {
    let clause_mark = |end: usize| {
        sentence[..end]
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '，' | ',' | '；' | ';' | '：' | ':' | '。' | '（' | '('))
    };
    let mut clause_start = clause_mark(q.start).map_or(0, |(i, c)| i + c.len_utf8());
    // `全市生产总值达到4.72万亿元，增长5%`: a clause that only says how much it grew continues
    // the clause before it, when that one states the measure's level.
    let opener = sentence[clause_start..q.start].trim_start_matches(['*', ' ']);
    if GROWTH_OPENERS.iter().any(|w| opener.starts_with(w))
        && opener.chars().count() <= 8
        && !cores.iter().any(|c| opener.contains(c))
    {
        if let Some((mark_at, ',' | '，')) = clause_mark(q.start).filter(|(i, _)| *i > 0) {
            let previous = clause_mark(mark_at).map_or(0, |(i, c)| i + c.len_utf8());
            let states_level = spans
                .iter()
                .any(|s| s.start >= previous && s.end <= mark_at && s.unit != span.unit);
            if states_level {
                clause_start = previous;
            }
        }
    }
    let before = &sentence[clause_start..q.start];
    let (core_at, core) = cores
        .iter()
        .filter_map(|c| before.rfind(c).map(|at| (at, *c)))
        .max_by_key(|&(at, _)| at)?;
    // The name runs back over the prefixes a document names the measure with.
    let mut name_start = core_at;
    while let Some(p) = MEASURE_PREFIXES
        .iter()
        .find(|p| before[..name_start].ends_with(*p))
    {
        name_start -= p.len();
    }
    let lead = before[..name_start].trim_end_matches(['*', ' ', '　']);
    let lead_ok = lead.is_empty()
        || lead
            .chars()
            .next_back()
            .is_some_and(|c| !crate::analysis::is_cjk(c))
        || MEASURE_LEADS.iter().any(|w| lead.ends_with(w));
    if !lead_ok {
        return None;
    }
    let gap = &before[core_at + core.len()..];
    if NOT_THE_MEASURE.iter().any(|w| gap.contains(w)) {
        return None;
    }
    // Another figure of the same kind between the name and this one is that one's.
    let own = spans.iter().filter(|s| {
        s.start >= clause_start + core_at + core.len() && s.end <= span.start && s != &span
    });
    let mut others = 0;
    for s in own {
        if s.unit == span.unit {
            return None;
        }
        others += 1;
    }
    let growth_core = core.starts_with("经济");
    if !(growth_core || gap.contains('增') || gap.contains('速') || gap.contains('长')) {
        return None;
    }
    let gap_chars = gap.chars().count();
    if others > 1 || gap_chars > 24 {
        return None;
    }
    Some(before[name_start..core_at + core.len()].to_owned())
}

/// Whether the figure `q` of a sentence is a target or an outcome, and whether a cue that opens
/// a year's list of main targets stands before it.
pub fn kind_of(sentence: &str, q: &Qualified, section: &[String]) -> (Option<FigureKind>, bool) {
    let before = &sentence[..q.start];
    // The rest of the figure's statement, up to the next `；`.
    let after = &sentence[q.end..];
    let after = &after[..after.find(['；', ';']).unwrap_or(after.len())];
    let strong = STRONG_TARGET_CUES.iter().any(|c| before.contains(c));
    if BEAT_CUES.iter().any(|c| after.contains(c)) {
        return (Some(FigureKind::Outcome), false);
    }
    let last = |cues: &[&str]| cues.iter().filter_map(|c| before.rfind(c)).max();
    let kind = match (last(TARGET_CUES), last(OUTCOME_CUES)) {
        (Some(t), Some(o)) if o > t => Some(FigureKind::Outcome),
        (Some(_), _) => Some(FigureKind::Target),
        (None, Some(_)) => Some(FigureKind::Outcome),
        (None, None) => {
            // `确定经济增长7%左右的预期目标`: the clause after the figure names it a target.
            let clause_end = after.find(['，', ',', '。']).unwrap_or(after.len());
            if after[..clause_end].contains("目标") {
                Some(FigureKind::Target)
            } else if section
                .iter()
                .any(|h| REVIEW_HEADINGS.iter().any(|w| h.contains(w)))
            {
                Some(FigureKind::Outcome)
            } else {
                None
            }
        }
    };
    (kind, strong && kind == Some(FigureKind::Target))
}

/// The year the figure at `at` of a sentence is for: a year the sentence states (the nearest
/// before the figure, else the first after), then 今年/明年/去年 in the sentence before it
/// against the document's date, then its section heading's year (innermost first), then the
/// document's own year — for an outcome of a report delivered in the first half of its year,
/// the year before.
pub fn year_of(
    sentence: &str,
    at: usize,
    section: &[String],
    date: DocumentDate,
    kind: Option<FigureKind>,
) -> Option<u32> {
    // A year the figure is measured against (`较2015年`, `2020年以来`) is not its year; after
    // the figure, only a year in its own clause is.
    let clause_end = sentence[at..]
        .find(['，', ',', '；', ';'])
        .map_or(sentence.len(), |i| at + i);
    let stated: Vec<(usize, u32)> = trust::years(sentence)
        .into_iter()
        .filter(|&(i, _)| {
            let before = &sentence[..i];
            let after = &sentence[i + "2000年".len()..];
            !COMPARED_BEFORE.iter().any(|w| before.ends_with(w))
                && !COMPARED_AFTER.iter().any(|w| after.starts_with(w))
                && i < clause_end
        })
        .collect();
    if let Some(&(_, y)) = stated.iter().rfind(|(i, _)| *i < at) {
        return Some(y);
    }
    if let Some(&(_, y)) = stated.first() {
        return Some(y);
    }
    let before = &sentence[..at];
    let relative = ["今年", "本年", "明年", "去年"]
        .iter()
        .filter_map(|w| before.rfind(w).map(|i| (i, *w)))
        .max_by_key(|&(i, _)| i);
    if let Some(year) = relative.and_then(|(_, w)| date.relative(w)) {
        return Some(year);
    }
    for heading in section.iter().rev() {
        if let Some(&(_, y)) = trust::years(heading).last() {
            return Some(y);
        }
        if let Some(year) = ["今年", "明年", "去年"]
            .iter()
            .find(|w| heading.contains(*w))
            .and_then(|w| date.relative(w))
        {
            return Some(year);
        }
    }
    let year = date.year?;
    if kind == Some(FigureKind::Outcome) && date.early {
        year.checked_sub(1)
    } else {
        Some(year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_keep_their_qualifiers_and_fold_to_one_reading() {
        let sentence = "地区生产总值增长5.0%左右，增速不低于5%，增长6％以上";
        let texts: Vec<&str> = extract::quantities(sentence)
            .iter()
            .map(|s| {
                let q = qualified(sentence, s);
                &sentence[q.start..q.end]
            })
            .collect();
        assert_eq!(texts, ["5.0%左右", "不低于5%", "6％以上"]);
        assert_eq!(fold_figure("5.0%左右"), "5%左右");
        assert_eq!(fold_figure("6％以上"), "6%以上");
        assert_eq!(fold_figure("5%-5.5%"), "5%—5.5%");
        assert_eq!(fold_figure("10.05%"), "10.05%");
        assert_eq!(figure_value("5%—5.5%"), Some(5.0));
        assert_eq!(figure_value("不低于6.5%"), Some(6.5));
    }

    fn figures(
        text: &str,
        section: &[&str],
        date: &str,
    ) -> Vec<(String, Option<u32>, Option<FigureKind>)> {
        let section: Vec<String> = section.iter().map(|s| s.to_string()).collect();
        figures_in(
            0,
            text,
            &section,
            MEASURES[0].1,
            DocumentDate::of(Some(date)),
            true,
        )
        .into_iter()
        .map(|f| {
            let (a, b) = f.sentence;
            (
                text[a..b][f.span.start..f.span.end].to_owned(),
                f.year,
                f.kind,
            )
        })
        .collect()
    }

    #[test]
    fn a_target_list_gives_the_measure_with_its_qualifier() {
        let found = figures(
            "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，其中一、二、三产增加值分别增长5%、6%、4.8%；",
            &["二、2024年工作安排"],
            "2024-01-20",
        );
        assert_eq!(
            found,
            [("5%左右".to_owned(), Some(2024), Some(FigureKind::Target))]
        );
    }

    #[test]
    fn next_years_targets_are_for_next_year() {
        let found = figures(
            "明年发展的主要预期目标是：地区生产总值增长7.2%以上、全力冲刺“千亿GDP”。",
            &[],
            "2024-12-29",
        );
        assert_eq!(
            found,
            [("7.2%以上".to_owned(), Some(2025), Some(FigureKind::Target))]
        );
    }

    #[test]
    fn outcomes_shares_and_other_economies_are_told_apart() {
        let found = figures(
            "预计全年地区生产总值比上年增长6%左右。全社会研发经费支出相当于全市生产总值的比例达到4.5%左右。力争海洋生产总值增长8%。数字经济增长15%。单位地区生产总值能耗降低2.5%左右。",
            &["一、2023年工作回顾"],
            "2024-01-20",
        );
        assert_eq!(
            found,
            [("6%左右".to_owned(), Some(2023), Some(FigureKind::Outcome))]
        );
    }

    #[test]
    fn a_growth_clause_continues_the_level_before_it() {
        let found = figures(
            "一年来，全市经济运行稳步恢复。全市生产总值达到4.72万亿元，增长5%。地方一般公共预算收入8312.5亿元，增长9.3%。",
            &["一、2023年工作回顾"],
            "2024-01-23",
        );
        assert_eq!(
            found,
            [("5%".to_owned(), Some(2023), Some(FigureKind::Outcome))]
        );
    }

    #[test]
    fn a_figure_above_its_target_is_an_outcome() {
        let found = figures(
            "全省地区生产总值11863.8亿元、增长6.4%，高于预期目标0.4个百分点。",
            &[],
            "2024-01-23",
        );
        assert_eq!(
            found,
            [("6.4%".to_owned(), Some(2023), Some(FigureKind::Outcome))]
        );
    }

    #[test]
    fn floors_and_ranges_keep_their_words() {
        let found = figures(
            "今年全市经济社会发展主要预期目标是：地区生产总值增速不低于5%；主要预期目标为：生产总值增长5%—5.5%。",
            &[],
            "2024-01-20",
        );
        let texts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(texts, ["不低于5%", "5%—5.5%"]);
    }

    #[test]
    fn a_second_statement_is_listed_not_answered() {
        let section = vec![];
        let f = figures_in(
            0,
            "今年主要预期目标是：地区生产总值增长6%左右，力争达到6%以上。",
            &section,
            MEASURES[0].1,
            DocumentDate::of(Some("2024-01-23")),
            true,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].restated.as_deref(), Some("6%以上"));
    }
}
