//! Question analysis: what a question asks for (its [`AnswerType`], and for a quantity the unit
//! asked for) and what it is about (the text left once the question words are taken out).
//!
//! A question usually has one question word, and it decides the type: `多少`/`几` + unit a
//! quantity, `哪一年`/`何时` a date, `谁`/`哪个部门` an organisation, `为什么` a reason,
//! `如何`/`怎样` a method. Where a question has several (`几个行政机关合作制作的信息…由谁公开`),
//! the last one is what is asked: the earlier ones qualify the subject.

use serde::Serialize;

use crate::ingest::clean::chinese_number;

/// What kind of answer a question wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerType {
    /// A number with its unit (`45人`, `1200户`, `30%—50%`).
    Quantity,
    /// A year or date (`1992年`).
    Date,
    /// An organisation, office or person (`本级人民政府`, `财政部门`).
    Organization,
    /// What a term covers (`…是指…`).
    Definition,
    /// Whether something holds: answered with the clause that says so.
    YesNo,
    /// Why: answered with the best sentence or two.
    Reason,
    /// How, by what measure or procedure: answered with the best sentence or two.
    Method,
    /// A rank of office (`正科级`, `副处级`), asked by `级别`.
    Rank,
    /// A document number (`衡编办〔2019〕37号`), asked by `文号`.
    DocumentNumber,
    /// A person's name, asked by `是谁` after an office (`首任局长是谁`, `市委书记是谁`): an
    /// organisation or a post is no answer to it.
    Person,
    /// Anything else (which measures, what was done): answered with the best sentence.
    Passage,
}

impl AnswerType {
    /// The name printed and written to JSON.
    pub fn name(self) -> &'static str {
        match self {
            AnswerType::Quantity => "quantity",
            AnswerType::Date => "date",
            AnswerType::Organization => "organization",
            AnswerType::Definition => "definition",
            AnswerType::YesNo => "yes-no",
            AnswerType::Reason => "reason",
            AnswerType::Method => "method",
            AnswerType::Rank => "rank",
            AnswerType::DocumentNumber => "document-number",
            AnswerType::Person => "person",
            AnswerType::Passage => "passage",
        }
    }

    /// Whether the answer is a short span taken out of a sentence (otherwise the sentence, or
    /// for yes/no questions its clause, is the answer).
    pub fn wants_span(self) -> bool {
        matches!(
            self,
            AnswerType::Quantity
                | AnswerType::Date
                | AnswerType::Organization
                | AnswerType::Definition
                | AnswerType::Rank
                | AnswerType::DocumentNumber
                | AnswerType::Person
        )
    }

    /// Whether a question of this type is answered by a span or not at all: when the best
    /// sentence holds no span of the type, there is no answer (who, how many, when, which
    /// number). The other types may be answered by the passage itself.
    pub fn needs_span(self) -> bool {
        self.wants_span()
    }
}

impl Question {
    /// Whether the question is answered by a span or not at all: its type needs one, or it asks
    /// which kind (`哪种负责制度`).
    pub fn needs_span(&self) -> bool {
        self.answer_type.needs_span() || self.kind_of.is_some()
    }
}

/// Families of units: a question asking `几家` is answered by `1200户` as well as `13家`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum UnitClass {
    /// 人, 名, 人次.
    People,
    /// Counters of bodies, items and things: 个, 家, 户, 所, 项, 件, 条, 座, 类, 批, 处.
    Count,
    /// Money: 元, 万元, 亿元, 美元 ….
    Money,
    /// Area: 平方公里, 亩, 公顷, 平方米.
    Area,
    /// Lengths of time: 年, 个月, 日, 天, 小时.
    Duration,
    /// Percentages and ratios.
    Percent,
    /// Places in a ranking: 位, 位次, 名 (第N位).
    Rank,
    /// Times, multiples: 次, 倍.
    Times,
}

/// The units a quantity is written with, longest first, each with its family.
pub const UNITS: &[(&str, UnitClass)] = &[
    ("万亿美元", UnitClass::Money),
    ("亿美元", UnitClass::Money),
    ("万美元", UnitClass::Money),
    ("万亿元", UnitClass::Money),
    ("平方公里", UnitClass::Area),
    ("平方千米", UnitClass::Area),
    ("平方米", UnitClass::Area),
    ("个百分点", UnitClass::Percent),
    ("个位次", UnitClass::Rank),
    ("亿元", UnitClass::Money),
    ("万元", UnitClass::Money),
    ("千元", UnitClass::Money),
    ("美元", UnitClass::Money),
    ("亿斤", UnitClass::Count),
    ("万吨", UnitClass::Count),
    ("万人次", UnitClass::People),
    ("万人", UnitClass::People),
    ("万户", UnitClass::Count),
    ("万家", UnitClass::Count),
    ("万个", UnitClass::Count),
    ("万亩", UnitClass::Area),
    ("人次", UnitClass::People),
    ("公顷", UnitClass::Area),
    ("公里", UnitClass::Area),
    ("个月", UnitClass::Duration),
    ("小时", UnitClass::Duration),
    ("周岁", UnitClass::Duration),
    ("位次", UnitClass::Rank),
    ("百分点", UnitClass::Percent),
    ("元", UnitClass::Money),
    ("亩", UnitClass::Area),
    ("人", UnitClass::People),
    ("名", UnitClass::People),
    ("个", UnitClass::Count),
    ("家", UnitClass::Count),
    ("户", UnitClass::Count),
    ("所", UnitClass::Count),
    ("项", UnitClass::Count),
    ("件", UnitClass::Count),
    ("条", UnitClass::Count),
    ("座", UnitClass::Count),
    ("类", UnitClass::Count),
    ("批", UnitClass::Count),
    ("处", UnitClass::Count),
    ("吨", UnitClass::Count),
    ("年", UnitClass::Duration),
    ("日", UnitClass::Duration),
    ("天", UnitClass::Duration),
    ("岁", UnitClass::Duration),
    ("%", UnitClass::Percent),
    ("％", UnitClass::Percent),
    ("成", UnitClass::Percent),
    ("倍", UnitClass::Times),
    ("次", UnitClass::Times),
    ("位", UnitClass::Rank),
];

/// The family of a unit as written after `多少`/`几` or after a number.
pub fn unit_class(unit: &str) -> Option<UnitClass> {
    UNITS.iter().find(|(u, _)| *u == unit).map(|(_, c)| *c)
}

/// The longest unit at the start of `text`.
pub fn unit_at(text: &str) -> Option<(&'static str, UnitClass)> {
    UNITS
        .iter()
        .filter(|(u, _)| text.starts_with(u))
        .max_by_key(|(u, _)| u.len())
        .copied()
}

/// A question, analysed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Question {
    /// The question as asked.
    pub text: String,
    /// What it asks for.
    pub answer_type: AnswerType,
    /// For a quantity: the family of the unit asked for, when the question names one.
    pub unit: Option<UnitClass>,
    /// Whether two values are asked for (`从多少涨到多少`, `减税、降费各有多少`, `上升了几位、
    /// 位列第几`): the answer spans from the first to the second.
    pub pair: bool,
    /// For `哪种X`/`什么X`: the noun X the answer is a kind of (`负责制度`).
    pub kind_of: Option<String>,
    /// The text after the question word that decides the type (`具备警察身份` of
    /// `…辅警是否具备警察身份`): for a yes/no question, what is asked of the subject.
    pub focus: String,
    /// The question without its question words and with Chinese numerals before units written in
    /// digits: the text that retrieval searches for.
    pub content: String,
}

/// Question phrases, with the answer type each asks for. Longer phrases are matched first.
const QUESTION_PHRASES: &[(&str, AnswerType)] = &[
    ("什么时候", AnswerType::Date),
    ("哪一年", AnswerType::Date),
    ("哪一天", AnswerType::Date),
    ("哪天", AnswerType::Date),
    ("什么日期", AnswerType::Date),
    ("哪个月", AnswerType::Date),
    ("哪年", AnswerType::Date),
    ("何年", AnswerType::Date),
    ("何时", AnswerType::Date),
    ("几月", AnswerType::Date),
    ("多长时间", AnswerType::Quantity),
    ("多少", AnswerType::Quantity),
    ("多长", AnswerType::Quantity),
    ("多久", AnswerType::Quantity),
    ("多大", AnswerType::Quantity),
    ("多高", AnswerType::Quantity),
    ("多远", AnswerType::Quantity),
    ("第几", AnswerType::Quantity),
    ("哪个部门", AnswerType::Organization),
    ("什么部门", AnswerType::Organization),
    ("什么机关", AnswerType::Organization),
    ("什么机构", AnswerType::Organization),
    ("哪些部门", AnswerType::Organization),
    ("哪个机构", AnswerType::Organization),
    ("哪些机构", AnswerType::Organization),
    ("哪个机关", AnswerType::Organization),
    ("哪个单位", AnswerType::Organization),
    ("哪级政府", AnswerType::Organization),
    ("哪一级", AnswerType::Organization),
    ("哪个部", AnswerType::Organization),
    ("哪家", AnswerType::Organization),
    ("哪级", AnswerType::Organization),
    ("叫什么名字", AnswerType::Organization),
    ("什么名字", AnswerType::Organization),
    ("是谁", AnswerType::Organization),
    ("由谁", AnswerType::Organization),
    ("谁", AnswerType::Organization),
    ("报哪里", AnswerType::Organization),
    ("是指什么", AnswerType::Definition),
    ("指哪些", AnswerType::Definition),
    ("指什么", AnswerType::Definition),
    ("什么是", AnswerType::Definition),
    ("为什么", AnswerType::Reason),
    ("为何", AnswerType::Reason),
    ("什么原因", AnswerType::Reason),
    ("怎么办", AnswerType::Method),
    ("怎么样", AnswerType::Method),
    ("怎样", AnswerType::Method),
    ("怎么", AnswerType::Method),
    ("如何", AnswerType::Method),
    ("是否", AnswerType::YesNo),
    ("可否", AnswerType::YesNo),
    ("能否", AnswerType::YesNo),
    ("能不能", AnswerType::YesNo),
    ("是不是", AnswerType::YesNo),
    ("有没有", AnswerType::YesNo),
    ("哪里", AnswerType::Passage),
    ("哪些", AnswerType::Passage),
    ("哪项", AnswerType::Passage),
    ("哪种", AnswerType::Passage),
    ("哪类", AnswerType::Passage),
    ("哪个", AnswerType::Passage),
    ("什么", AnswerType::Passage),
    ("请问", AnswerType::Passage),
];

/// Ends of the names of offices a person holds (`局长`, `市委书记`, `主任`).
const OFFICE_ENDS: [&str; 9] = [
    "长",
    "书记",
    "主任",
    "主席",
    "总理",
    "委员",
    "负责人",
    "首任",
    "领导",
];

/// Whether a question asks who holds an office: `是谁` right after an office's name
/// (`首任局长是谁`), or `谁是` right before one (`谁是市委书记`).
fn asks_office_holder(question: &str) -> bool {
    let question = question.trim_end_matches(['？', '?', '。', ' ']);
    let before_who = question
        .find("是谁")
        .map(|at| question[..at].trim_end_matches(['，', ',']));
    let after_who = question
        .find("谁是")
        .map(|at| &question[at + "谁是".len()..]);
    before_who.is_some_and(|b| OFFICE_ENDS.iter().any(|e| b.ends_with(e)))
        || after_who.is_some_and(|a| OFFICE_ENDS.iter().any(|e| a.ends_with(e)))
}

/// Whether a question asks for a share or a rate's level, which a figure answers: `什么比例`,
/// `多大比例`, `什么比重`, `什么幅度`, or `什么水平` of something measured as a rate (`…率`).
fn asks_share(question: &str) -> bool {
    let share = [
        "什么比例",
        "多大比例",
        "什么比重",
        "多大比重",
        "什么幅度",
        "多大幅度",
    ];
    share.iter().any(|w| question.contains(w))
        || (question.contains("什么水平") && question.contains('率'))
}

/// Characters that make `几` a question word when they follow it (`几家`, `几个`, `几位`).
const AFTER_JI: &str = "个家项人名位天日年月次条件所户座类批处倍成";

/// Analyses a question.
pub fn analyse(text: &str) -> Question {
    let folded = fold_numerals(text.trim());
    let mut found: Vec<(usize, usize, AnswerType)> = Vec::new();
    let mut taken = vec![false; folded.len()];
    for (phrase, kind) in QUESTION_PHRASES {
        for (at, _) in folded.match_indices(phrase) {
            let end = at + phrase.len();
            if taken[at..end].iter().any(|&t| t) {
                continue;
            }
            taken[at..end].iter_mut().for_each(|t| *t = true);
            found.push((at, end, *kind));
        }
    }
    for (at, _) in folded.match_indices('几') {
        let end = at + '几'.len_utf8();
        let next = folded[end..].chars().next();
        if !taken[at] && next.is_some_and(|c| AFTER_JI.contains(c)) {
            taken[at..end].iter_mut().for_each(|t| *t = true);
            found.push((at, end, AnswerType::Quantity));
        }
    }
    found.sort_by_key(|f| f.0);
    let tail_is_question = folded.trim_end_matches(['？', '?', ' ']).ends_with('吗');
    // The last question word decides, but a quantity word anywhere wins over a vague `哪些`/
    // `什么` (`有多少…涉及哪些`).
    let decisive = found
        .iter()
        .rev()
        .find(|f| f.2 != AnswerType::Passage)
        .or(found.last())
        .copied();
    let mut answer_type = decisive.map_or(AnswerType::Passage, |f| f.2);
    if decisive.is_none() && tail_is_question {
        answer_type = AnswerType::YesNo;
    }
    // `主管部门是哪个`: a vague question word after an organisation's name asks for one.
    if answer_type == AnswerType::Passage {
        if let Some(f) = decisive {
            let before: String = folded[..f.0]
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let before = before.trim_end_matches(['是', '为']);
            if ["部门", "机关", "机构", "单位"]
                .iter()
                .any(|w| before.ends_with(w))
            {
                answer_type = AnswerType::Organization;
            }
        }
    }
    // `首任局长是谁`, `谁是市委书记`: who holds an office asks for a person.
    if answer_type == AnswerType::Organization && asks_office_holder(&folded) {
        answer_type = AnswerType::Person;
    }
    // `什么级别`, `哪一级别`: a rank of office; `文号是什么`: a document number.
    if matches!(
        answer_type,
        AnswerType::Passage | AnswerType::Organization | AnswerType::Definition
    ) {
        if folded.contains("级别") {
            answer_type = AnswerType::Rank;
        } else if ["文号", "发文字号", "文件号"]
            .iter()
            .any(|w| folded.contains(w))
        {
            answer_type = AnswerType::DocumentNumber;
        }
    }
    // `按什么比例精减`, `失业率控制在什么水平`: a share or a rate's level asks for a figure.
    if answer_type == AnswerType::Passage && asks_share(&folded) {
        answer_type = AnswerType::Quantity;
    }
    let quantity_words = found.iter().filter(|f| f.2 == AnswerType::Quantity).count();
    let unit = decisive
        .filter(|f| f.2 == AnswerType::Quantity)
        .and_then(|f| asked_unit(&folded, f.0, f.1));
    let pair =
        answer_type == AnswerType::Quantity && (quantity_words >= 2 || folded.contains('各'));
    let kind_of = found
        .iter()
        .rev()
        .find(|f| matches!(&folded[f.0..f.1], "哪种" | "哪类" | "什么" | "哪项"))
        .map(|f| {
            folded[f.1..]
                .chars()
                .take_while(|&c| crate::analysis::is_cjk(c))
                .take(4)
                .collect::<String>()
        })
        .filter(|noun| noun.chars().count() >= 2);
    let focus = decisive
        .map(|f| {
            folded[f.1..]
                .trim_end_matches(['？', '?', '吗', '呢'])
                .to_owned()
        })
        .unwrap_or_default();
    let mut content = String::with_capacity(folded.len());
    for (i, c) in folded.char_indices() {
        content.push(if taken[i] { ' ' } else { c });
    }
    Question {
        text: text.trim().to_owned(),
        answer_type,
        unit,
        pair,
        kind_of,
        focus,
        content: content.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The unit family a quantity question asks for, from the unit after its question word
/// (`几家`, `多少天`, `多少家企业`) or from the words around it (`多长时间` a duration, `多大` with
/// `面积` an area, `收入…多少` money).
fn asked_unit(question: &str, start: usize, end: usize) -> Option<UnitClass> {
    let phrase = &question[start..end];
    match phrase {
        "多长时间" | "多久" | "多长" => return Some(UnitClass::Duration),
        "第几" => return Some(UnitClass::Rank),
        _ => {}
    }
    if let Some((_, class)) = unit_at(&question[end..]) {
        return Some(class);
    }
    if question.contains("面积") {
        return Some(UnitClass::Area);
    }
    const MONEY: [&str; 9] = [
        "收入", "资金", "投资", "余额", "金额", "经费", "税", "产值", "储备",
    ];
    if MONEY.iter().any(|w| question.contains(w)) {
        return Some(UnitClass::Money);
    }
    if ["比例", "比重", "压缩", "减少", "降低", "增长"]
        .iter()
        .any(|w| question.contains(w))
    {
        return Some(UnitClass::Percent);
    }
    None
}

/// Characters of Chinese numerals.
fn is_numeral_char(c: char) -> bool {
    "〇零一二三四五六七八九十百千万两".contains(c)
}

/// Writes Chinese numerals of two or more characters that stand before a unit or `年` in
/// digits: `四十五人` → `45人`, `二〇一九年` → `2019年`. Numerals that are part of a word (`一把手`, `两张皮`, `一站式`,
/// `一是`) are left alone, since no unit follows them.
pub fn fold_numerals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_numeral_char) {
        out.push_str(&rest[..start]);
        let run_len: usize = rest[start..]
            .chars()
            .take_while(|&c| is_numeral_char(c))
            .map(char::len_utf8)
            .sum();
        let run = &rest[start..start + run_len];
        let after = &rest[start + run_len..];
        let value = if run == "两" {
            Some(2)
        } else {
            chinese_number(run)
        };
        // A one-character numeral stays as it is: it is mostly part of a word (`两类`, `五年`,
        // `一个`), and jieba cuts its digit form worse.
        match value {
            Some(v) if unit_at(after).is_some() && run.chars().count() >= 2 => {
                out.push_str(&v.to_string());
            }
            _ => out.push_str(run),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantity_questions_carry_their_unit() {
        let q = analyse("经开区机关核定了多少编制?");
        assert_eq!(q.answer_type, AnswerType::Quantity);
        let q = analyse("衢州2023年报告称，乡镇和街道层面新开了几家托育机构？");
        assert_eq!(
            (q.answer_type, q.unit),
            (AnswerType::Quantity, Some(UnitClass::Count))
        );
        assert!(!q.content.contains('几'));
        let q = analyse("违法行为过了多长时间未被发现就不再处罚？");
        assert_eq!(q.unit, Some(UnitClass::Duration));
        let q = analyse("规划面积有多大？");
        assert_eq!(q.unit, Some(UnitClass::Area));
    }

    #[test]
    fn the_last_question_word_decides() {
        let q = analyse("几个行政机关合作制作的信息，该由谁对外公开？");
        assert_eq!(q.answer_type, AnswerType::Organization);
        let q = analyse("耒阳经开区是哪一年设立的?");
        assert_eq!(q.answer_type, AnswerType::Date);
        let q = analyse("园区和街道的关系该怎样理顺?");
        assert_eq!(q.answer_type, AnswerType::Method);
        assert_eq!(q.content, "园区和街道的关系该 理顺?");
        let q = analyse("汕头特区的两类辅警是否具备警察身份？");
        assert_eq!(q.answer_type, AnswerType::YesNo);
        let q = analyse("地方政府内部采用哪种负责制度？");
        assert_eq!(q.kind_of.as_deref(), Some("负责制度"));
    }

    #[test]
    fn pairs_of_values_are_recognised() {
        assert!(analyse("五年间全省财政收入从多少涨到多少？").pair);
        assert!(analyse("过去五年减税、降费各有多少？").pair);
        assert!(!analyse("全国财政总收入有多少？").pair);
    }

    #[test]
    fn who_holds_an_office_asks_for_a_person() {
        for q in [
            "2018年新组建的应急管理部，首任部长是谁？",
            "谁是七台河市委书记？",
            "管委会主任是谁？",
        ] {
            assert_eq!(analyse(q).answer_type, AnswerType::Person, "{q}");
        }
        for q in [
            "设立派出单位需经谁批准？",
            "任命谁兼任园区党工委书记？",
            "该由谁对外公开？",
        ] {
            assert_eq!(analyse(q).answer_type, AnswerType::Organization, "{q}");
        }
    }

    #[test]
    fn a_share_or_a_rates_level_asks_for_a_figure() {
        for q in [
            "人员编制按什么比例精减？",
            "十四五规划纲要提出把城镇调查失业率控制在什么水平？",
        ] {
            assert_eq!(analyse(q).answer_type, AnswerType::Quantity, "{q}");
        }
        assert_eq!(
            analyse("公共服务要达到什么水平？").answer_type,
            AnswerType::Passage
        );
    }

    #[test]
    fn numerals_before_units_are_written_in_digits() {
        assert_eq!(fold_numerals("核定四十五人"), "核定45人");
        assert_eq!(fold_numerals("二〇一九年设立"), "2019年设立");
        assert_eq!(
            fold_numerals("党政一把手、两张皮、一站式"),
            "党政一把手、两张皮、一站式"
        );
        assert_eq!(fold_numerals("一个乡镇"), "一个乡镇");
        assert_eq!(fold_numerals("五日内、两类、十五日"), "五日内、两类、15日");
    }
}
