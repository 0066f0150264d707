//! The tools' arguments and results, and how results are sized for a model: passage texts cut
//! at a sentence end, reads stopped after a budget, numbers written as the command line writes
//! them.

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::TEXT_CHARS;
use crate::cite::{Citation, CiteFormat};
use crate::compare::{ComparedDocument, TopicRow};
use crate::qa::Answer;
use crate::search::topic::{DocumentTopic, TopicSummary};
use crate::search::Hit;
use crate::verify::Check;

/// `search` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchParams {
    /// The query: Chinese words, "quoted phrases", +must and -not words. May be empty when a
    /// topic is given.
    #[serde(default)]
    pub query: String,
    /// A topic id or label (see the CLI's `zhengce topics`), e.g. `staffing` or `人员编制`.
    #[serde(default)]
    pub topic: Option<String>,
    /// Only documents whose path or title contains this.
    #[serde(default)]
    pub doc: Option<String>,
    /// Only documents of this year.
    #[serde(default)]
    pub year: Option<u32>,
    /// How many hits (default 10, at most 50).
    #[serde(default)]
    pub limit: Option<usize>,
    /// How many hits to skip (for the next page).
    #[serde(default)]
    pub offset: Option<usize>,
}

/// What `search` returns: the hits in the shape of `zhengce search --json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchOutput {
    /// How many passages match in all.
    pub total: usize,
    /// The hits, best first; each `id` is a locator `read` and `cite` accept.
    pub hits: Vec<ModelHit>,
    /// The offset of the next page, when there are more hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_offset: Option<usize>,
}

/// A passage as a tool returns it: the `search --json` hit, its text cut to [`TEXT_CHARS`] at a
/// sentence end (`cut` says so; `read` of its `id` gives the rest), and its citation ready.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ModelHit {
    /// The hit, in the `zhengce search --json` shape.
    #[serde(flatten)]
    pub hit: Hit,
    /// The citation of the passage, as `cite` formats it in plain text.
    pub citation: String,
    /// Whether `text` was cut; `read` the `id` for the whole passage.
    pub cut: bool,
}

impl ModelHit {
    /// `hit` sized for a model: its text kept whole up to byte `keep_until` and cut after the
    /// sentence that holds it once longer than [`TEXT_CHARS`]; highlights past the cut dropped.
    pub(super) fn of(mut hit: Hit, keep_until: usize) -> ModelHit {
        let citation = Citation::from_hit(&hit).format(CiteFormat::Plain, &crate::cite::today());
        let cut = cut_hit(&mut hit, keep_until);
        ModelHit { hit, citation, cut }
    }
}

/// Cuts a hit's text as [`cut_text`] does and drops the highlights past the cut.
pub(super) fn cut_hit(hit: &mut Hit, keep_until: usize) -> bool {
    let cut = cut_text(&mut hit.text, keep_until);
    if cut {
        let end = hit.text.len();
        hit.highlights.retain(|&(_, to)| to <= end);
    }
    cut
}

/// Cuts `text` after the whole sentences that fit in [`TEXT_CHARS`] characters (never before
/// byte `keep_until`); a first sentence more than twice that long is cut at a character
/// boundary. Whether anything was cut.
fn cut_text(text: &mut String, keep_until: usize) -> bool {
    let mut end = crate::text::whole_sentences_end(text, TEXT_CHARS, keep_until);
    let hard = text
        .char_indices()
        .nth(2 * TEXT_CHARS)
        .map_or(text.len(), |(i, _)| i);
    if end > hard && keep_until <= hard {
        end = hard.max(keep_until);
    }
    if text[end..].trim().is_empty() {
        return false;
    }
    text.truncate(end);
    true
}

/// `ask` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct AskParams {
    /// The question, in Chinese (`经开区核定了多少编制？`).
    pub question: String,
    /// Only documents whose path or title contains this.
    #[serde(default)]
    pub doc: Option<String>,
    /// How many candidate passages to return (default 3, at most 10).
    #[serde(default)]
    pub limit: Option<usize>,
}

/// What `ask` returns: the answer in the shape of `zhengce ask --json` (passage texts cut after
/// their evidence when long), and the citation of the evidence when there is an answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AskOutput {
    /// The answer (`answer` is null and `found` false when the documents do not say it; then
    /// `refusal` says why, and `nearest` a figure that is not the answer).
    #[serde(flatten)]
    pub answer: Answer,
    /// The citation of the answering passage, when there is an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

/// `topics` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct TopicsParams {
    /// A document id, path or title: that document's topic profile instead of the list.
    #[serde(default)]
    pub doc: Option<String>,
}

/// What `topics` returns: the topics with how many passages carry each (the shape of
/// `zhengce topics --json`), or one document's profile (`zhengce topics --doc DOC --json`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct TopicsOutput {
    /// Without `doc`: every topic, with the passages of the index that carry it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<TopicSummary>,
    /// With `doc`: the document's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_id: Option<String>,
    /// With `doc`: the document's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// With `doc`: each topic's share of the document by top-level section, strongest first;
    /// topics the document does not touch are left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profile: Vec<DocumentTopic>,
}

/// `compare` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CompareParams {
    /// Two or more document ids, paths or titles.
    pub documents: Vec<String>,
    /// Topic ids or labels to detail (default: the topics that matter most in these documents).
    #[serde(default)]
    pub topics: Vec<String>,
    /// Every passage of every row, not only the detailed rows' first few (large).
    #[serde(default)]
    pub all: bool,
}

/// What `compare` returns: the documents and one row per topic, in the shape of
/// `zhengce compare --json`. Unless `all`, only the detailed rows keep passages, cut to the
/// first few (the shares still count them all).
#[derive(Debug, Serialize, JsonSchema)]
pub struct CompareOutput {
    /// The documents compared, in order.
    pub documents: Vec<ComparedDocument>,
    /// One row per topic.
    pub rows: Vec<TopicRow>,
    /// Whether rows were cut; call again with `all` for every passage.
    pub cut: bool,
}

/// `read` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReadParams {
    /// A passage locator (`DOC_ID:LINE`, `DOC_ID:第N条`, as `search` returns in `id`) or a
    /// document id, path or title.
    pub id: String,
    /// Paragraphs of context either side of the passage (default 1, at most 10). Long reads stop
    /// after about 6,000 characters; `next` reads on.
    #[serde(default)]
    pub context: Option<usize>,
}

/// `outline` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct OutlineParams {
    /// A document id, path or title (or a fragment that names one document).
    pub doc: String,
}

/// `cite` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CiteParams {
    /// A passage locator: `DOC_ID:LINE` or `DOC_ID:第N条`.
    pub id: String,
    /// `plain` (default), `markdown` or `gbt7714`.
    #[serde(default)]
    pub format: Option<String>,
}

/// What `cite` returns: the citation in the shape of `zhengce cite --json`, and its text in the
/// format asked for.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CiteOutput {
    /// The passage locator cited.
    pub id: String,
    /// The citation's fields.
    #[serde(flatten)]
    pub citation: Citation,
    /// The citation formatted.
    pub formatted: String,
}

/// `verify` arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct VerifyParams {
    /// The draft text whose quotations to check.
    pub text: String,
}

/// What `verify` returns: one check per quotation, in the shape of `zhengce verify --json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct VerifyOutput {
    /// Whether every quotation is exact (true, too, when there is none).
    pub all_exact: bool,
    /// The checks, in draft order.
    pub checks: Vec<Check>,
}

/// A tool's result serialised as the command line's `--json` writes it. The protocol's
/// structured content is a JSON value, and an `f32` (a score, a confidence) put into one
/// directly takes the digits of its `f64` widening (`0.9900000095367432`); written as text and
/// read back, it keeps the digits the command line prints (`0.99`).
#[derive(Debug)]
pub struct AsCli<T>(pub T);

impl<T: Serialize> Serialize for AsCli<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let text = serde_json::to_string(&self.0).map_err(S::Error::custom)?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(S::Error::custom)?;
        value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for AsCli<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_at_a_sentence_end_and_keep_what_must_stay() {
        let sentence = "街道办事处统筹协调辖区内的工作并组织实施。";
        let mut text = sentence.repeat(60);
        assert!(cut_text(&mut text, 0));
        assert!(text.chars().count() <= TEXT_CHARS && text.ends_with('。'));
        let mut short = sentence.repeat(3);
        assert!(!cut_text(&mut short, 0));
        let whole = sentence.repeat(60);
        let mut kept = whole.clone();
        let keep_until = whole.len() - sentence.len() / 2;
        cut_text(&mut kept, keep_until);
        assert_eq!(kept, whole, "the evidence near the end stays");
        let mut unbroken = "编".repeat(5 * TEXT_CHARS);
        assert!(cut_text(&mut unbroken, 0));
        assert_eq!(
            unbroken.chars().count(),
            2 * TEXT_CHARS,
            "no sentence end: cut hard"
        );
    }
}
