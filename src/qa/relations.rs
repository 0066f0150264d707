//! Relations a sentence states between one who acts and what it acts on: `X兼任Y`, `由X担任Y`,
//! `Y由X负责`, `任命X为Y`, `经X批准`, `报X备案` — so that a question asking for the one who
//! holds or approves Y is answered with X, a whole phrase.

use crate::text::is_cjk;

/// A relation a sentence states between one who acts (the doer) and what it acts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Byte range of the doer: `市委专职副书记` of `任命市委专职副书记兼任园区党工委书记`.
    pub doer: (usize, usize),
    /// Byte ranges of what the relation is about: `园区党工委书记`.
    pub object: Vec<(usize, usize)>,
    /// The verb of the relation (`兼任`, `批准`).
    pub verb: &'static str,
}

/// Verbs whose doer stands before them (or after a marker) and whose object after them:
/// `X兼任Y`, `由X担任Y`, `Y由X负责`, `X分管Y`; each with the characters that, standing after
/// it, make it part of a noun (`负责人`, `主管部门`).
const ROLE_VERBS: &[(&str, &str)] = &[
    ("兼任", ""),
    ("担任", ""),
    ("出任", ""),
    ("分管", "领"),
    ("主管", "部机单领"),
    ("牵头", "单部"),
    ("负责", "人同"),
    ("主持", ""),
    ("会同", ""),
];
/// Verbs of approval and record whose doer stands after a marker (`经X批准`, `报X备案`, `Y由X
/// 任命`); the verb ends its clause.
const APPROVAL_VERBS: &[&str] = &[
    "批准", "批复", "同意", "审批", "审核", "审定", "核准", "备案", "决定", "认定", "登记", "监督",
    "管理", "实施", "授权", "委托", "任命", "任免", "选举", "领导", "解释", "办理", "确定", "组织",
];
/// Words after which a doer begins, with the characters that, standing after them, and those
/// that, standing before them, make them part of another word (`经济`, `已经`, `报告`, `理由`).
const DOER_MARKERS: &[(&str, &str, &str)] = &[
    ("任命", "", ""),
    ("由", "于此", "理自缘经"),
    ("经", "济营费常验过历由纪理办手", "已曾神财"),
    ("报请", "", ""),
    ("报送", "", ""),
    ("上报", "", ""),
    ("报", "告道表名刊送请纸社酬销", "汇上申情举电简年通"),
];
/// Words at which a doer ends: a phrase of manner or company begins.
const DOER_CUTS: &[&str] = &["根据", "按照", "依照", "依据", "会同"];
/// Adverbs a doer does not end with: they belong to the verb (`由省级党委统一领导`).
const DOER_TAILS: &[&str] = &[
    "统一", "共同", "具体", "直接", "分别", "依法", "负责", "集中", "归口",
];

/// The relations a sentence states: in each clause, a relation verb with its doer — after a
/// marker (`任命`, `由`, `经`, `报` …) or, for the verbs of [`ROLE_VERBS`], from the clause's start —
/// and its object: for a role, what follows the verb; for an approval, the rest of its clause.
/// A clause that states no relation of its own, next to one whose doer opens it (`…，经X批准，…`,
/// `…，由X负责`) or whose verb closes it, belongs to that relation's object too. A doer is a whole
/// phrase of 2 to 30 characters with no clause mark, no preposition at its start.
pub fn relations(sentence: &str) -> Vec<Relation> {
    let mut bounds = Vec::new();
    let mut clause_start = 0;
    for (i, c) in sentence.char_indices() {
        if matches!(c, '，' | ',' | '；' | ';' | '。' | '：' | ':' | '！' | '？') {
            bounds.push((clause_start, i));
            clause_start = i + c.len_utf8();
        }
    }
    bounds.push((clause_start, sentence.len()));
    // Per clause: its relations, and whether a doer opens it or a verb closes it.
    let mut found: Vec<(Vec<Relation>, bool, bool)> = Vec::new();
    for &(from, to) in &bounds {
        let clause = &sentence[from..to];
        let mut here = Vec::new();
        let (mut opens, mut closes) = (false, false);
        // 任命X为Y.
        if let Some(at) = clause.find("任命") {
            let doer_start = at + "任命".len();
            if let Some(w) = clause[doer_start..].find('为') {
                let doer = (from + doer_start, from + doer_start + w);
                if is_whole_doer(&sentence[doer.0..doer.1]) {
                    here.push(Relation {
                        doer,
                        object: vec![(doer.1 + '为'.len_utf8(), to)],
                        verb: "任命",
                    });
                }
            }
        }
        let verbs = ROLE_VERBS
            .iter()
            .map(|&(v, not_after)| (v, not_after, true))
            .chain(APPROVAL_VERBS.iter().map(|&v| (v, "", false)));
        for (verb, not_after, role) in verbs {
            for (at, _) in clause.match_indices(verb) {
                let after = &clause[at + verb.len()..];
                if after.chars().next().is_some_and(|c| not_after.contains(c))
                    || (!role && !after.is_empty())
                {
                    continue;
                }
                let before = &clause[..at];
                let marker = DOER_MARKERS
                    .iter()
                    .flat_map(|&(m, not_after, not_before)| {
                        before.match_indices(m).filter_map(move |(i, _)| {
                            let next = before[i + m.len()..].chars().next();
                            let prev = before[..i].chars().next_back();
                            let inside_word = next.is_some_and(|c| not_after.contains(c))
                                || prev.is_some_and(|c| not_before.contains(c));
                            (!inside_word).then_some((i, i + m.len()))
                        })
                    })
                    .max_by_key(|&(_, end)| end);
                let doer_start = match marker {
                    Some((_, end)) => end,
                    None if role => 0,
                    None => continue,
                };
                // A doer starts after an article's number (`第九条 `) and ends where a phrase of
                // manner begins (`由X根据…的提名决定`, `X会同Y`).
                let mut doer_start = doer_start;
                if marker.is_none() {
                    let lead = clause.trim_start();
                    let skipped = clause.len() - lead.len();
                    let article = lead
                        .strip_prefix('第')
                        .and_then(|r| r.find(['条', '款']).map(|i| i + '第'.len_utf8() + 3))
                        .filter(|&i| {
                            lead[..i].chars().count() <= 8
                                && lead[i..].starts_with(|c: char| c.is_whitespace() || c == '　')
                        });
                    doer_start = skipped + article.unwrap_or(0);
                    doer_start +=
                        clause[doer_start..].len() - clause[doer_start..].trim_start().len();
                }
                if doer_start > at {
                    continue;
                }
                let mut doer_end = DOER_CUTS
                    .iter()
                    .filter_map(|w| clause[doer_start..at].find(w).map(|i| doer_start + i))
                    .min()
                    .unwrap_or(at);
                while let Some(tail) = DOER_TAILS
                    .iter()
                    .find(|t| doer_end > doer_start && clause[doer_start..doer_end].ends_with(*t))
                {
                    doer_end -= tail.len();
                }
                let doer = (from + doer_start, from + doer_end);
                if !is_whole_doer(&sentence[doer.0..doer.1]) {
                    continue;
                }
                let object = if role {
                    vec![(from + at + verb.len(), to)]
                } else {
                    vec![(from, doer.0), (doer.1, to)]
                };
                opens |= marker.is_some_and(|(m, _)| clause[..m].trim().chars().count() <= 6);
                closes |= after.is_empty();
                here.push(Relation { doer, object, verb });
            }
        }
        found.push((here, opens, closes));
    }
    let bare: Vec<bool> = found.iter().map(|(r, _, _)| r.is_empty()).collect();
    let mut out = Vec::new();
    for (k, (relations, opens, closes)) in found.into_iter().enumerate() {
        for mut relation in relations {
            if opens && k > 0 && bare[k - 1] {
                relation.object.push(bounds[k - 1]);
            }
            if (opens || closes) && k + 1 < bounds.len() && bare[k + 1] {
                relation.object.push(bounds[k + 1]);
            }
            out.push(relation);
        }
    }
    out
}

/// Whether a doer is a whole phrase: 2 to 30 characters of Chinese (with `、` and brackets), not
/// starting with a preposition or an auxiliary, not ending in `的`.
fn is_whole_doer(text: &str) -> bool {
    let chars = text.chars().count();
    (2..=30).contains(&chars)
        && text
            .chars()
            .all(|c| is_cjk(c) || matches!(c, '、' | '（' | '）' | '(' | ')'))
        && !text.ends_with('的')
        && !"由经报向对在于将把被从可应须需并也均和及与、"
            .contains(text.chars().next().unwrap_or(' '))
        && !["按照", "根据", "依照", "可以", "应当"]
            .iter()
            .any(|w| text.contains(w))
}

/// The whole chain a party at `span` (byte range) ends, when it is the second party of
/// `由X报Y审批` (`由省级机构编制部门报中央机构编制部门审批`): the one who approves is only half of
/// the answer, the one who submits is the other. `None` when the span is no such second party.
pub fn submission_chain(sentence: &str, span: (usize, usize)) -> Option<(usize, usize)> {
    const SUBMIT: [&str; 4] = ["报请", "报送", "上报", "报"];
    const APPROVE: [&str; 6] = ["审批", "批准", "核准", "审核", "审定", "备案"];
    let (start, end) = span;
    let before = &sentence[..start];
    let submit = SUBMIT.iter().find(|m| before.ends_with(*m))?;
    let verb = APPROVE.iter().find(|v| sentence[end..].starts_with(*v))?;
    let clause_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '，' | ',' | '；' | ';' | '。' | '：' | ':'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let submitter_end = start - submit.len();
    let from = sentence[clause_start..submitter_end].rfind('由')? + clause_start;
    let submitter = &sentence[from + '由'.len_utf8()..submitter_end];
    (2..=20)
        .contains(&submitter.chars().count())
        .then_some((from, end + verb.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_party_of_a_submission_answers_with_its_chain() {
        let span_of = |sentence: &str, name: &str| {
            let start = sentence.rfind(name).unwrap();
            (start, start + name.len())
        };
        let sentence = "办法由市人民政府法制机构报省人民政府批准后施行。";
        let (from, to) = submission_chain(sentence, span_of(sentence, "省人民政府")).unwrap();
        assert_eq!(&sentence[from..to], "由市人民政府法制机构报省人民政府批准");
        assert!(submission_chain(sentence, span_of(sentence, "市人民政府法制机构")).is_none());
        let alone = "本办法报国务院备案。";
        assert!(submission_chain(alone, span_of(alone, "国务院")).is_none());
        let far = "由县人民政府，报市人民政府审批。";
        assert!(submission_chain(far, span_of(far, "市人民政府")).is_none());
    }
}
