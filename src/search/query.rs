//! Query syntax and query planning.
//!
//! Syntax: plain words are analysed into words (and, in the index, bigrams) and ranked by BM25
//! with a coverage rule; `"…"` (or `“…”`) is an exact phrase on the bigram field; `+word` must
//! match; `-word` must not. Plain words are never silently turned into a phrase.

use crate::analysis::bigrams::analyze_bigrams;
use crate::analysis::normalize::NormalizedText;
use crate::analysis::words::analyze_words;
use crate::analysis::Segmenter;
use crate::error::{Error, Result};

use super::synonyms::Synonyms;

/// Whether a clause must, may or must not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Counts toward the coverage rule.
    Should,
    /// Required (`+word`, or a quoted phrase).
    Must,
    /// Excluded (`-word`).
    MustNot,
}

/// One piece of the query as the user typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawClause {
    /// Must, should or must not.
    pub occur: Occur,
    /// Whether it was quoted.
    pub phrase: bool,
    /// The text inside.
    pub text: String,
}

/// Splits a query into clauses: whitespace separates, quotes group, `+`/`-` prefix.
pub fn parse(query: &str) -> Vec<RawClause> {
    let mut clauses = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut occur = Occur::Should;
        if c == '+' || c == '-' {
            chars.next();
            occur = if c == '+' {
                Occur::Must
            } else {
                Occur::MustNot
            };
        }
        let quote_close = match chars.peek() {
            Some('"') => Some('"'),
            Some('“') => Some('”'),
            Some('「') => Some('」'),
            _ => None,
        };
        let mut text = String::new();
        if let Some(close) = quote_close {
            chars.next();
            for c in chars.by_ref() {
                if c == close || (close == '”' && c == '"') {
                    break;
                }
                text.push(c);
            }
            if occur == Occur::Should {
                occur = Occur::Must;
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || (c == '"' || c == '“') && !text.is_empty() {
                    break;
                }
                text.push(c);
                chars.next();
            }
        }
        if !text.trim().is_empty() {
            clauses.push(RawClause {
                occur,
                phrase: quote_close.is_some(),
                text,
            });
        }
    }
    clauses
}

/// Function words and question words that carry no topic; dropped from plain query words.
const STOP_WORDS: &[&str] = &[
    "的",
    "了",
    "和",
    "与",
    "及",
    "或",
    "在",
    "是",
    "对",
    "等",
    "中",
    "把",
    "被",
    "将",
    "从",
    "向",
    "以",
    "为",
    "之",
    "也",
    "都",
    "而",
    "并",
    "有",
    "这",
    "那",
    "其",
    "及其",
    "以及",
    "关于",
    "或者",
    "并且",
    "一个",
    "我们",
    "你们",
    "他们",
    "就",
    "还",
    "又",
    "于",
    "由",
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "to",
    "in",
    // Question words: a question typed into search asks about its other words.
    "多少",
    "几",
    "哪些",
    "哪个",
    "哪里",
    "什么",
    "如何",
    "怎样",
    "怎么",
    "为什么",
    "是否",
    "吗",
    "呢",
    "请问",
    "谁",
    "何时",
    "哪一年",
    "提到",
    "称",
];

/// A query term to look up: a word for the words field, with its bigram-field terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedTerm {
    /// The normalised word.
    pub word: String,
    /// Its bigram-field terms in order (consecutive positions).
    pub bigrams: Vec<String>,
    /// Words of its synonym group, matched at lower weight.
    pub synonyms: Vec<PlannedTerm>,
    /// Match it in the words field only, not also as a bigram sequence: for expansions (synonyms,
    /// topic terms) that the dictionary knows, so the index holds them as words or sub-words,
    /// and the costlier sequence match adds little.
    pub words_only: bool,
}

/// A clause ready to be turned into a tantivy query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlannedClause {
    /// One content word: matches the word (or its bigrams in sequence).
    Word(PlannedTerm),
    /// An exact phrase: its bigram-field terms in sequence.
    Phrase(PlannedTerm),
    /// A `+` group: every word of it must match.
    All(Vec<PlannedTerm>),
}

/// The analysed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlannedQuery {
    /// Clauses that count toward coverage.
    pub should: Vec<PlannedClause>,
    /// Clauses that must match.
    pub must: Vec<PlannedClause>,
    /// Runs of text typed together that the plan cuts into two or more words (`无跑腿审批` → 无,
    /// 跑腿, 审批): a passage holding the run as typed ranks above one holding its words apart.
    pub runs: Vec<PlannedTerm>,
    /// Clauses that must not match.
    pub must_not: Vec<PlannedClause>,
}

impl PlannedQuery {
    /// How many of the should-clauses a passage needs: all of one or two, about half of more.
    pub fn minimum_should_match(&self) -> usize {
        let n = self.should.len();
        if n <= 2 {
            n
        } else {
            n.div_ceil(2)
        }
    }

    /// The plan in words, for `--explain`: each clause with its synonyms, and the coverage rule.
    pub fn describe(&self) -> Vec<String> {
        let term = |t: &PlannedTerm| {
            if t.synonyms.is_empty() {
                t.word.clone()
            } else {
                let others: Vec<&str> = t.synonyms.iter().map(|s| s.word.as_str()).collect();
                format!("{} (or {})", t.word, others.join(", "))
            }
        };
        let clause = |c: &PlannedClause| match c {
            PlannedClause::Word(t) => term(t),
            PlannedClause::Phrase(t) => format!("\"{}\"", t.word),
            PlannedClause::All(ts) => ts.iter().map(term).collect::<Vec<_>>().join(" + "),
        };
        let mut lines = Vec::new();
        if !self.should.is_empty() {
            lines.push(format!(
                "words ({} of {} must match, in the passage, its headings or its document's title): {}",
                self.minimum_should_match(),
                self.should.len(),
                self.should.iter().map(clause).collect::<Vec<_>>().join("; ")
            ));
        }
        if !self.runs.is_empty() {
            lines.push(format!(
                "typed together (ranks passages that hold it so): {}",
                self.runs
                    .iter()
                    .map(|t| t.word.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        if !self.must.is_empty() {
            lines.push(format!(
                "required: {}",
                self.must.iter().map(clause).collect::<Vec<_>>().join("; ")
            ));
        }
        if !self.must_not.is_empty() {
            lines.push(format!(
                "excluded: {}",
                self.must_not
                    .iter()
                    .map(clause)
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        lines
    }

    /// The terms of the words and phrases that must or may match (not the excluded ones).
    fn wanted_terms(&self) -> impl Iterator<Item = &PlannedTerm> {
        self.should
            .iter()
            .chain(&self.must)
            .flat_map(|clause| match clause {
                PlannedClause::Word(t) | PlannedClause::Phrase(t) => std::slice::from_ref(t),
                PlannedClause::All(ts) => ts.as_slice(),
            })
    }

    /// The user's own words and phrases (without synonyms), whose closeness the proximity
    /// re-rank rewards.
    pub fn query_words(&self) -> Vec<String> {
        sorted_unique(self.wanted_terms().map(|t| t.word.clone()))
    }

    /// The normalised strings to highlight in a hit: every word and phrase that may match.
    pub fn highlight_needles(&self) -> Vec<String> {
        sorted_unique(
            self.wanted_terms()
                .flat_map(|t| std::iter::once(&t.word).chain(t.synonyms.iter().map(|s| &s.word)))
                .cloned(),
        )
    }
}

/// The strings, sorted, each once.
fn sorted_unique(strings: impl Iterator<Item = String>) -> Vec<String> {
    let mut strings: Vec<String> = strings.collect();
    strings.sort();
    strings.dedup();
    strings
}

/// A word as the index holds it: normalised, and as its bigram-field terms.
pub fn planned_term(word: &str) -> PlannedTerm {
    PlannedTerm {
        word: NormalizedText::new(word).text,
        bigrams: analyze_bigrams(word).into_iter().map(|t| t.term).collect(),
        synonyms: Vec::new(),
        words_only: false,
    }
}

/// An expansion term (a synonym or a topic term): [`planned_term`], matched in the words field
/// alone when jieba's dictionary holds it.
pub fn expansion_term(jieba: &dyn Segmenter, word: &str) -> PlannedTerm {
    let mut term = planned_term(word);
    term.words_only = jieba.has_word(&term.word);
    term
}

/// The content words of a piece of query text, in order, without stop words or repeats, each
/// with its synonyms.
fn content_words(jieba: &dyn Segmenter, text: &str, synonyms: &Synonyms) -> Vec<PlannedTerm> {
    let mut seen = std::collections::HashSet::new();
    // A clause that is itself a synonym-list entry (管理委员会) stays one word, however jieba
    // would cut it.
    let whole = NormalizedText::new(text.trim()).text;
    let words: Vec<String> = if !synonyms.alternatives(&whole).is_empty() {
        vec![whole]
    } else {
        analyze_words(jieba, text, false)
            .into_iter()
            .map(|t| t.term)
            .collect()
    };
    words
        .into_iter()
        .filter(|t| !STOP_WORDS.contains(&t.as_str()))
        .filter(|t| seen.insert(t.clone()))
        .map(|t| {
            let mut term = planned_term(&t);
            term.synonyms = synonyms
                .alternatives(&term.word)
                .into_iter()
                .map(|w| expansion_term(jieba, w))
                .collect();
            term
        })
        .collect()
}

/// Rewrites ordinals in Arabic digits (`第12条`, `第3章`) the way the documents write them
/// (`第十二条`, `第三章`), so that either form finds an article or chapter.
pub fn chinese_ordinals(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut rest = query;
    while let Some(at) = rest.find('第') {
        out.push_str(&rest[..at + '第'.len_utf8()]);
        rest = &rest[at + '第'.len_utf8()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let unit = rest[digits..].chars().next();
        let numeral = rest[..digits]
            .parse::<u32>()
            .ok()
            .and_then(crate::text::chinese_numeral);
        if let (Some(numeral), Some('条' | '章' | '节' | '编' | '款' | '项')) = (numeral, unit)
        {
            out.push_str(&numeral);
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Analyses a query string into a plan; an empty query or one with nothing searchable is an
/// error that says so.
pub fn plan(jieba: &dyn Segmenter, query: &str) -> Result<PlannedQuery> {
    plan_with(jieba, query, &Synonyms::default())
}

/// [`plan`] with synonym expansion.
pub fn plan_with(jieba: &dyn Segmenter, query: &str, synonyms: &Synonyms) -> Result<PlannedQuery> {
    let query = &chinese_ordinals(query);
    let raw = parse(query);
    if raw.is_empty() {
        return Err(Error::Query(
            "the query is empty: give words to search for".into(),
        ));
    }
    let mut planned = PlannedQuery::default();
    for clause in raw {
        if clause.phrase {
            let term = planned_term(clause.text.trim());
            if term.bigrams.is_empty() {
                continue;
            }
            let target = match clause.occur {
                Occur::MustNot => &mut planned.must_not,
                _ => &mut planned.must,
            };
            target.push(PlannedClause::Phrase(term));
            continue;
        }
        let words = content_words(jieba, &clause.text, synonyms);
        let typed = clause.text.trim();
        if clause.occur == Occur::Should
            && words.len() >= 2
            && typed.chars().count() >= 3
            && typed.chars().all(crate::text::is_cjk)
        {
            planned.runs.push(planned_term(typed));
        }
        match clause.occur {
            Occur::Should => planned
                .should
                .extend(words.into_iter().map(PlannedClause::Word)),
            Occur::Must if !words.is_empty() => planned.must.push(PlannedClause::All(words)),
            Occur::MustNot => planned
                .must_not
                .extend(words.into_iter().map(PlannedClause::Word)),
            Occur::Must => {}
        }
    }
    if planned.should.is_empty() && planned.must.is_empty() {
        return Err(Error::Query(format!(
            "nothing searchable in the query `{query}`: it has no words (only punctuation, stop words or exclusions)"
        )));
    }
    Ok(planned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dictionary::shared_test_jieba;

    #[test]
    fn parses_quotes_and_signs() {
        let clauses = parse(r#"经开区 +编制 -街道 "两张皮" “一肩挑”"#);
        let summary: Vec<(Occur, bool, &str)> = clauses
            .iter()
            .map(|c| (c.occur, c.phrase, c.text.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (Occur::Should, false, "经开区"),
                (Occur::Must, false, "编制"),
                (Occur::MustNot, false, "街道"),
                (Occur::Must, true, "两张皮"),
                (Occur::Must, true, "一肩挑"),
            ]
        );
    }

    #[test]
    fn a_run_cut_into_words_is_kept_as_typed() {
        let plan = plan(shared_test_jieba(), "无跑腿审批 简政放权 \"两张皮\"").unwrap();
        let runs: Vec<&str> = plan.runs.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(runs, ["无跑腿审批"]);
        // One dictionary word is no run; neither is an excluded word.
        assert!(plan_one("经开区").runs.is_empty());
        assert!(plan_one("经开区 -无跑腿审批").runs.is_empty());
    }

    fn plan_one(query: &str) -> PlannedQuery {
        plan(shared_test_jieba(), query).unwrap()
    }

    #[test]
    fn plans_words_and_drops_stop_words() {
        let plan = plan(shared_test_jieba(), "经开区的编制").unwrap();
        let words: Vec<&str> = plan
            .should
            .iter()
            .map(|c| match c {
                PlannedClause::Word(t) => t.word.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(words, ["经开区", "编制"]);
        assert_eq!(plan.minimum_should_match(), 2);
    }

    #[test]
    fn arabic_ordinals_read_as_the_documents_write_them() {
        assert_eq!(chinese_ordinals("行政许可法 第12条"), "行政许可法 第十二条");
        assert_eq!(
            chinese_ordinals("第3章 第110条 第2019年"),
            "第三章 第一百一十条 第2019年"
        );
        assert_eq!(chinese_ordinals("第十二条"), "第十二条");
    }

    #[test]
    fn empty_and_unsearchable_queries_are_errors() {
        assert!(plan(shared_test_jieba(), "   ").is_err());
        assert!(plan(shared_test_jieba(), "的 了 ，。").is_err());
        assert!(plan(shared_test_jieba(), "-编制").is_err());
    }
}
