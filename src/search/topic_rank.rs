//! The topic re-rank: a bounded pool of candidates (found from the postings) is scored again from
//! its text, so that a passage ranks by how much topic substance it carries and how much of it is
//! about the topic, not by term density in a tiny passage.
//!
//! - **One span counts once, for its longest term.** Every occurrence of every term (and of every
//!   excluded phrase, which counts nothing) is found in the text; overlapping occurrences keep the
//!   longest, so 街道办事处 is one mention of 街道办事处, not four (街道, 街道办, 办事处 …).
//! - **Substance × share.** Each term counts its weight times its rarity (idf) times a saturating
//!   function of its mentions; the sum is multiplied by a factor that grows with the share of the
//!   passage the counted spans cover (full from [`SHARE_FULL`]), with no length normalisation.
//! - **Context-only terms** (a topic's `context`) count only where a defining term is in the
//!   passage or in its context (title, section headings, the sentence that introduces a list
//!   item).
//! - **Context.** A passage inherits evidence from its document title and section headings, and a
//!   list item from the sentence that introduces it, weighted below its own.
//! - **Fragments.** A heading with no content, a bare list item, and purpose, scope,
//!   applicability and effective-date articles are demoted.
//! - **Copies** (the same normalised text) collapse into one hit that lists where else it stands;
//!   near-copies too, when nothing but wording differs (see [`same_passage`]).

use std::collections::HashMap;

use crate::analysis::normalize::NormalizedText;
use crate::topics::Topic;

/// Mentions of one term beyond the first add less and less: `n (k + 1) / (n + k)`.
const SATURATION_K: f32 = 1.2;
/// The share of a passage's characters covered by counted topic spans from which it counts as
/// wholly about the topic.
const SHARE_FULL: f32 = 0.06;
/// The weight of evidence found in the document title and section headings.
const HEADING_CONTEXT: f32 = 0.25;
/// The weight of evidence found in the sentence that introduces a list item.
const LEAD_CONTEXT: f32 = 0.5;
/// What a heading without content, or a purpose / scope / effective-date article, keeps of its
/// score.
const FRAGMENT_FACTOR: f32 = 0.15;
/// What a bare list item whose introducing sentence is unknown or off the topic keeps.
const BARE_ITEM_FACTOR: f32 = 0.4;

/// The evidence a text holds for a topic.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Evidence {
    /// Σ weight × idf × saturation(mentions) over the counted terms.
    pub substance: f32,
    /// The share of the text's characters that counted spans cover.
    pub share: f32,
    /// Whether a defining (not context-only) term is among them.
    pub defining: bool,
}

/// A term's matches: the term, its weight (0 for an excluded phrase), and whether it is a
/// context-only term.
struct Needle {
    text: String,
    weight: f32,
    context_only: bool,
    /// Matched only as whole words (jieba knows it, so the index holds it only where jieba cuts
    /// it out: 定编 is not in 规定编制).
    word: bool,
}

/// A topic prepared for reading text: its terms, context terms and excluded phrases, normalised,
/// with each term's rarity.
pub struct TopicReader {
    needles: Vec<Needle>,
    idf: HashMap<String, f32>,
}

impl TopicReader {
    /// Prepares `topic`; `idf` gives a term's rarity (missing terms weigh 1), `is_word` whether
    /// a term is matched as a whole word only.
    pub fn new(
        topic: &Topic,
        idf: impl Fn(&str) -> f32,
        is_word: impl Fn(&str) -> bool,
    ) -> TopicReader {
        let mut needles = Vec::new();
        let mut rarity = HashMap::new();
        let terms = topic.terms.iter().map(|t| (t, false));
        let context = topic.context.iter().map(|t| (t, true));
        for ((term, &weight), context_only) in terms.chain(context) {
            let text = NormalizedText::new(term).text;
            rarity.insert(text.clone(), idf(&text));
            needles.push(Needle {
                word: is_word(&text),
                text,
                weight,
                context_only,
            });
        }
        for phrase in &topic.exclude {
            needles.push(Needle {
                text: NormalizedText::new(phrase).text,
                weight: 0.0,
                context_only: false,
                word: false,
            });
        }
        needles.retain(|n| !n.text.is_empty());
        TopicReader {
            needles,
            idf: rarity,
        }
    }

    /// The evidence in `text` (already normalised); context-only terms count when
    /// `context_defined` or a defining term is in the text. `boundaries` are the byte offsets at
    /// which jieba cuts the text (empty: every offset is one).
    pub fn evidence(&self, text: &str, context_defined: bool, boundaries: &[usize]) -> Evidence {
        let at_boundary = |at: usize| {
            boundaries.is_empty() || at == text.len() || boundaries.binary_search(&at).is_ok()
        };
        // Every occurrence, as (start, end, needle), longest first, then leftmost.
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (i, needle) in self.needles.iter().enumerate() {
            for (start, m) in text.match_indices(needle.text.as_str()) {
                let end = start + m.len();
                if !needle.word || (at_boundary(start) && at_boundary(end)) {
                    found.push((start, end, i));
                }
            }
        }
        found.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut taken: Vec<(usize, usize, usize)> = Vec::new();
        for span in found {
            if taken.iter().all(|t| span.1 <= t.0 || span.0 >= t.1) {
                taken.push(span);
            }
        }
        // Ordered, so that the sum below adds the same floats in the same order on every run.
        let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
        let mut defining = false;
        for &(_, _, i) in &taken {
            let needle = &self.needles[i];
            if needle.weight > 0.0 {
                *counts.entry(i).or_default() += 1;
                defining |= !needle.context_only;
            }
        }
        let context_counts = defining || context_defined;
        let mut substance = 0.0;
        let mut covered = 0usize;
        for (&i, &n) in &counts {
            let needle = &self.needles[i];
            if needle.context_only && !context_counts {
                continue;
            }
            let n = n as f32;
            let idf = self.idf.get(&needle.text).copied().unwrap_or(1.0);
            substance += needle.weight * idf * n * (SATURATION_K + 1.0) / (n + SATURATION_K);
            covered += taken
                .iter()
                .filter(|t| t.2 == i)
                .map(|t| text[t.0..t.1].chars().count())
                .sum::<usize>();
        }
        let length = text.chars().filter(|c| !c.is_whitespace()).count().max(1);
        Evidence {
            substance,
            share: covered as f32 / length as f32,
            defining,
        }
    }
}

/// What the re-rank knows of a candidate passage.
pub struct PassageView<'a> {
    /// Its text.
    pub text: &'a str,
    /// Its document's title.
    pub title: &'a str,
    /// Its section labels, outermost first.
    pub section: &'a [String],
    /// The sentence that introduces it, when it is a list item and that sentence is known.
    pub lead: Option<&'a str>,
}

/// Where jieba cuts a normalised text (byte offsets of its words' starts, ascending).
pub fn word_boundaries(jieba: &dyn crate::analysis::Segmenter, normalized: &str) -> Vec<usize> {
    let mut at = 0;
    let mut out = Vec::new();
    for token in jieba.cut(normalized, true) {
        out.push(at);
        at += token.word.len();
    }
    out
}

/// A candidate's topic score from its text and context (see [`fragment_factor`] for what a
/// heading, a frame article or a bare list item keeps of it).
pub fn passage_score(
    reader: &TopicReader,
    view: &PassageView<'_>,
    jieba: Option<&dyn crate::analysis::Segmenter>,
) -> f32 {
    let norm = |s: &str| NormalizedText::new(s).text;
    let cuts = |s: &str| jieba.map(|j| word_boundaries(j, s)).unwrap_or_default();
    let headings = format!("{}\n{}", norm(view.title), norm(&view.section.join("\n")));
    let heading = reader.evidence(&headings, false, &cuts(&headings));
    let lead = view
        .lead
        .map(|l| {
            let l = norm(l);
            reader.evidence(&l, heading.defining, &cuts(&l))
        })
        .unwrap_or_default();
    let text = norm(view.text);
    let own = reader.evidence(&text, heading.defining || lead.defining, &cuts(&text));
    let factor = (own.share / SHARE_FULL).min(1.0).sqrt();
    let score = own.substance * factor
        + HEADING_CONTEXT * heading.substance.min(own.substance.max(lead.substance))
        + LEAD_CONTEXT * lead.substance;
    if is_list_item(&text) && lead.substance == 0.0 && !is_heading_only(view) {
        score * BARE_ITEM_FACTOR
    } else {
        score
    }
}

/// A window of a paragraph cut into several (one longer than the structure parser's
/// `MAX_PASSAGE_CHARS`) is scored as the paragraph it belongs to, too: the cut is the index's,
/// not the author's, so a window that ends with the sentence naming the topic of a paragraph
/// about it is not a passing mention. It keeps the better of its own score and a blend,
/// [`WINDOW_OF_PARAGRAPH`] of its paragraph's and the rest of its own, so that of two windows
/// the one with more evidence of its own ranks first.
pub fn window_score(own: f32, paragraph: f32) -> f32 {
    own.max(WINDOW_OF_PARAGRAPH * paragraph + (1.0 - WINDOW_OF_PARAGRAPH) * own)
}

/// What a window keeps of its paragraph's topic score.
const WINDOW_OF_PARAGRAPH: f32 = 0.8;

/// What a passage keeps of its whole score (query relevance included): a heading with no
/// content and a purpose, scope, applicability or effective-date article keep
/// [`FRAGMENT_FACTOR`] of it, other passages all.
pub fn fragment_factor(view: &PassageView<'_>) -> f32 {
    if is_heading_only(view) || is_frame_article(&NormalizedText::new(view.text).text) {
        FRAGMENT_FACTOR
    } else {
        1.0
    }
}

/// A heading shown as a passage: its text is its section's label or the document's title, or it
/// is a short line in the shape of a heading, with no sentence end.
pub fn is_heading_only(view: &PassageView<'_>) -> bool {
    let squeeze = |s: &str| -> String {
        NormalizedText::new(s)
            .text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '*')
            .collect()
    };
    let text = squeeze(view.text);
    if text.is_empty()
        || text == squeeze(view.title)
        || view.section.last().is_some_and(|l| squeeze(l) == text)
    {
        return true;
    }
    let chars = text.chars().count();
    let ends_sentence = text.ends_with(['。', ';', '；', '!', '?', ':', '：']);
    chars <= 40 && !ends_sentence && heading_shape(&text)
}

/// Whether a line starts as a heading does: 第…章/节, 一、, (一), 1.
fn heading_shape(text: &str) -> bool {
    let numeral = |c: char| "一二三四五六七八九十百零〇".contains(c) || c.is_ascii_digit();
    let mut chars = text.chars();
    match chars.next() {
        Some('第') => text.contains('章') || text.contains('节') || text.contains('编'),
        Some('(') | Some('（') => chars.next().is_some_and(numeral),
        Some(c) if numeral(c) => {
            let rest: String = text.chars().skip_while(|&c| numeral(c)).take(1).collect();
            matches!(rest.as_str(), "、" | "." | "．" | ",")
        }
        _ => false,
    }
}

/// A bare list item: a short line (at most 80 characters) that starts with an item number
/// ((一), 1.); a long one is a paragraph under a numbered heading, and stands on its own.
pub fn is_list_item(text: &str) -> bool {
    let t = text.trim_start();
    heading_shape(t) && !t.starts_with('第') && t.chars().count() <= 80
}

/// An article that frames a document instead of saying anything of its subject: its purpose (为了
/// …制定本条例), scope and applicability (本办法适用于), effective date (自…起施行) or who
/// interprets it.
pub fn is_frame_article(text: &str) -> bool {
    const DOCS: [&str; 8] = ["条例", "办法", "规定", "规则", "细则", "法", "意见", "决定"];
    let body: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let body = body.trim_start_matches('*');
    let has = |pattern: &dyn Fn(&str) -> String| DOCS.iter().any(|d| body.contains(&pattern(d)));
    (body.contains("制定本") && (body.starts_with("为") || body.contains("第一条为")))
        || has(&|d| format!("本{d}适用于"))
        || has(&|d| format!("适用本{d}"))
        || has(&|d| format!("本{d}自"))
        || has(&|d| format!("本{d}由"))
        || (body.contains("起施行") && body.chars().count() < 80)
}

/// The text by which copies are told: normalised, without whitespace, punctuation, emphasis
/// marks or a leading article label (第五条).
pub fn copy_key(text: &str) -> String {
    let normalized = NormalizedText::new(text).text;
    let body = strip_article_label(&normalized);
    body.chars()
        .filter(|c| c.is_alphanumeric() && !c.is_whitespace())
        .collect()
}

fn strip_article_label(text: &str) -> &str {
    let t = text.trim_start().trim_start_matches('*');
    if let Some(rest) = t.strip_prefix('第') {
        if let Some(end) = rest.find('条') {
            if rest[..end]
                .chars()
                .all(|c| "一二三四五六七八九十百零〇".contains(c) || c.is_ascii_digit())
            {
                return rest[end + '条'.len_utf8()..].trim_start_matches(['*', ' ', '\u{3000}']);
            }
        }
    }
    t
}

/// The numbers a text states (runs of digits, and of Chinese numerals), in order.
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in NormalizedText::new(text).text.chars() {
        if c.is_ascii_digit() || "一二三四五六七八九十百千万亿零〇两".contains(c) {
            run.push(c);
        } else if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Whether two passages are one for the reader: the same text once normalised ([`copy_key`]), or
/// near-copies — in documents of the same title once a year in brackets is removed (so never two
/// places' or two years' documents), stating the same numbers and article label, and sharing at
/// least 90% of their character bigrams.
pub fn same_passage(a: (&str, &str), b: (&str, &str)) -> bool {
    PassageKey::new(a.0, a.1).same_as(&PassageKey::new(b.0, b.1))
}

/// What [`same_passage`] compares of a passage, computed once: a search compares each of its
/// candidates with every one kept before it, and normalising the texts again for each pair was
/// most of a topic search's time.
pub struct PassageKey {
    key: String,
    title: String,
    numbers: Vec<String>,
    bigrams: std::collections::HashSet<(char, char)>,
}

impl PassageKey {
    /// The key of a passage's text in a document of `title`.
    pub fn new(text: &str, title: &str) -> PassageKey {
        let key = copy_key(text);
        let chars: Vec<char> = key.chars().collect();
        let bigrams = chars.windows(2).map(|w| (w[0], w[1])).collect();
        PassageKey {
            key,
            title: strip_year(title),
            numbers: numbers(text),
            bigrams,
        }
    }

    /// Whether the two are one passage for the reader (see [`same_passage`]).
    pub fn same_as(&self, other: &PassageKey) -> bool {
        if self.key == other.key {
            return !self.key.is_empty();
        }
        if self.title != other.title || self.numbers != other.numbers {
            return false;
        }
        let union = self.bigrams.union(&other.bigrams).count();
        union > 0 && self.bigrams.intersection(&other.bigrams).count() as f32 / union as f32 >= 0.9
    }
}

/// A title without a bracketed year: `条例（2014年）` → `条例`.
fn strip_year(title: &str) -> String {
    let t = NormalizedText::new(title).text;
    let mut out = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '(' || c == '（' {
            let inner: String = chars
                .clone()
                .take_while(|&c| c != ')' && c != '）')
                .collect();
            if inner
                .trim_end_matches('年')
                .chars()
                .all(|c| c.is_ascii_digit())
                && !inner.is_empty()
            {
                for _ in 0..=inner.chars().count() {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn street() -> Topic {
        let terms: BTreeMap<String, f32> = [
            ("街道", 3.0),
            ("街道办", 3.0),
            ("街道办事处", 3.0),
            ("办事处", 2.5),
            ("交叉任职", 3.0),
        ]
        .into_iter()
        .map(|(t, w)| (t.to_owned(), w))
        .collect();
        Topic {
            id: "street-office".into(),
            label: "街道办事处协调".into(),
            description: String::new(),
            terms,
            context: [("属地管理".to_owned(), 3.0), ("辖区".to_owned(), 1.0)].into(),
            exclude: vec!["驻京办事处".into()],
        }
    }

    #[test]
    fn one_mention_counts_once_for_its_longest_term() {
        let reader = TopicReader::new(&street(), |_| 1.0, |_| false);
        let once = reader.evidence("街道办事处负责", false, &[]);
        assert!((once.substance - 3.0).abs() < 1e-4, "{once:?}");
        assert!(reader.evidence("驻京办事处", false, &[]).substance == 0.0);
    }

    #[test]
    fn context_terms_count_only_beside_a_defining_term() {
        let reader = TopicReader::new(&street(), |_| 1.0, |_| false);
        assert_eq!(
            reader.evidence("按照属地管理原则", false, &[]).substance,
            0.0
        );
        assert!(reader.evidence("按照属地管理原则", true, &[]).substance > 0.0);
        assert!(
            reader
                .evidence("街道办事处按照属地管理原则", false, &[])
                .substance
                > 3.0
        );
    }

    #[test]
    fn a_long_paragraph_about_the_topic_outranks_a_clause_with_two_terms() {
        let reader = TopicReader::new(&street(), |_| 1.0, |_| false);
        let view = |text| PassageView {
            text,
            title: "",
            section: &[],
            lead: None,
        };
        let clause = passage_score(
            &reader,
            &view("乡镇人民政府和街道办事处按照属地管理原则，做好本辖区内的控制吸烟工作。"),
            None,
        );
        let paragraph = passage_score(&reader, &view("园区与街道之间交叉任职，街道办事处承担社会事务，园区管委会与街道办事处两张皮的问题仍然存在，街道的属地管理责任与园区的经济职能难以协调，交叉任职的干部身兼两职。"), None);
        assert!(paragraph > clause, "{paragraph} {clause}");
    }

    #[test]
    fn a_window_keeps_the_better_of_its_own_and_its_paragraphs_score() {
        assert!((window_score(5.0, 20.0) - 17.0).abs() < 1e-4);
        assert_eq!(window_score(22.0, 20.0), 22.0);
        assert!(window_score(0.0, 10.0) < window_score(10.0, 10.0));
    }

    #[test]
    fn headings_frames_and_items_are_told() {
        let section = ["第三章 公开招聘和竞聘上岗".to_owned()];
        assert!(is_heading_only(&PassageView {
            text: "第三章 公开招聘和竞聘上岗",
            title: "",
            section: &section,
            lead: None
        }));
        assert!(is_heading_only(&PassageView {
            text: "七、坚持环保节能减排，推进生态文明建设",
            title: "",
            section: &[],
            lead: None
        }));
        assert!(!is_heading_only(&PassageView {
            text: "七、坚持环保节能减排。全年削减排放10%。",
            title: "",
            section: &[],
            lead: None
        }));
        assert!(is_frame_article("第二条 本规则适用于地方各级纪委监委。"));
        assert!(is_frame_article(
            "第一条 为了规范工作，根据有关法律，制定本条例。"
        ));
        assert!(!is_frame_article("第五条 街道办事处统筹协调辖区工作。"));
        assert!(is_list_item("（三）单位绩效考核获得优秀档次的。"));
    }

    #[test]
    fn copies_collapse_and_differing_figures_do_not() {
        assert!(same_passage(
            ("第三章　公开招聘和竞聘上岗", "事业单位人事管理条例"),
            (
                "第三章 公开招聘和竞聘上岗",
                "事业单位人事管理条例（2014年）"
            )
        ));
        assert!(!same_passage(
            (
                "全年全国一般公共预算收入216784亿元，比上年增长6.4%。",
                "2023年统计公报"
            ),
            (
                "全年全国一般公共预算收入202539亿元，比上年增长10.7%。",
                "2021年统计公报"
            )
        ));
    }
}
