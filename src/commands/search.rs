//! `zhengce search`: passages (or documents) best first, with highlights, section paths and
//! `path:line`; filters by year, date, type, region and document.

use std::io::Write;

use tantivy::Searcher;

use super::{document_filter, CommandError, CommandResult, IndexLocation, Outcome};
use std::collections::HashMap;
use std::rc::Rc;

use crate::cite::{cite, passages_at, Citation, Location};
use crate::cli::{SearchArgs, SortArg};
use crate::error::Error;
use crate::index::lookup::{self, OpenedDocument};
use crate::index::schema::is_valid_date;
use crate::index::IndexHandle;
use crate::output::{write_hit, write_json_line, Style};
use crate::search::synonyms::Synonyms;
use crate::search::{
    plan_request, search_documents_with, search_with, topic_scores, FallbackScope, Filters, Hit,
    SearchRequest, SortOrder,
};
use crate::topics::{Lexicon, Topic};

/// Runs `zhengce search`.
pub fn run(location: &IndexLocation, args: SearchArgs) -> CommandResult {
    let handle = location.open()?;
    for (flag, value) in [("--since", &args.since), ("--until", &args.until)] {
        if let Some(date) = value {
            if !is_valid_date(date) {
                return Err(Error::Argument(format!(
                    "{flag} {date}: expected a date that exists, as YYYY, YYYY-MM or YYYY-MM-DD"
                ))
                .into());
            }
        }
    }
    let documents = document_filter(&handle, args.doc.as_deref())?;
    // The lexicon only for searches that use it: every other search is spared reading it.
    let lexicon = if args.topic.is_empty() && !args.explain && args.query.is_empty() {
        Lexicon::default()
    } else {
        Lexicon::load(&handle.dir, args.topics.as_deref())?
    };
    let topics = args
        .topic
        .iter()
        .map(|name| lexicon.resolve(name).cloned())
        .collect::<Result<Vec<Topic>, Error>>()?;
    let mut request = SearchRequest {
        query: args.query.join(" "),
        limit: args.limit,
        offset: args.offset,
        filters: Filters {
            year: args.year,
            page_date: args.page_date,
            since: args.since.clone(),
            until: args.until.clone(),
            doc_type: args.doc_type.clone(),
            region: args.region.clone(),
            documents,
        },
        sort: match args.sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Date => SortOrder::Date {
                page_first: args.page_date,
            },
        },
        topics,
        synonyms: Synonyms::load(&handle.dir)?,
        per_document: args.per_doc,
        named_topics: Vec::new(),
    };
    request.name_topics(&lexicon);
    let accessed = super::cite::accessed_date(args.accessed.as_deref())?;
    let citations = HitCitations::new(&handle, args.cite)?;
    let style = Style::for_stdout();
    let mut out = std::io::stdout().lock();
    let reader = handle.reader()?;
    let searcher = reader.searcher();
    if args.explain {
        explain_request(&mut out, &handle, &searcher, &request)?;
    }
    let print = |out: &mut dyn Write,
                 rank: usize,
                 hit: &Hit,
                 note: &str,
                 topic_scores: Option<&Vec<(f32, &str)>>|
     -> Result<(), CommandError> {
        write_hit(out, rank, hit, style, note)?;
        for topic in &hit.topics {
            writeln!(
                out,
                "   {} {}: {}",
                topic.label,
                topic.id,
                if topic.terms.is_empty() {
                    "—".to_owned()
                } else {
                    topic.terms.join("、")
                }
            )?;
        }
        if let Some(scores) = topic_scores {
            let line: Vec<String> = scores
                .iter()
                .map(|(s, label)| format!("{label} {s:.1}"))
                .collect();
            writeln!(
                out,
                "   topics: {}",
                if line.is_empty() {
                    "none".to_owned()
                } else {
                    line.join(", ")
                }
            )?;
        }
        if args.cite {
            let citation = citations.of(hit)?;
            for line in citation.format(args.format, &accessed).lines() {
                writeln!(out, "   {line}")?;
            }
        }
        Ok(())
    };
    let (total, shown) = if args.docs {
        let results = search_documents_with(&handle, &searcher, &request)?;
        let bests: Vec<&Hit> = results.hits.iter().map(|h| &h.best).collect();
        let explained = explain_topics(&handle, &searcher, &lexicon, &bests, args.explain)?;
        if !args.json {
            write_count(
                &mut out,
                results.total,
                "documents",
                request.offset,
                results.hits.len(),
            )?;
        }
        for (i, hit) in results.hits.iter().enumerate() {
            if args.json {
                write_json_line(&mut out, hit)?;
            } else {
                let note = format!("  {} matching passages", hit.matching_passages);
                print(
                    &mut out,
                    request.offset + i + 1,
                    &hit.best,
                    &note,
                    explained.get(i),
                )?;
            }
        }
        (results.total, results.hits.len())
    } else {
        let results = search_with(&handle, &searcher, &request)?;
        let shown: Vec<&Hit> = results.hits.iter().collect();
        let explained = explain_topics(&handle, &searcher, &lexicon, &shown, args.explain)?;
        if !args.json {
            for rewrite in &results.fallback {
                writeln!(
                    out,
                    "No passage holds “{}”: searched its parts {} within one {} instead.",
                    rewrite.word,
                    rewrite.parts.join(" + "),
                    match rewrite.within {
                        FallbackScope::Clause => "clause",
                        FallbackScope::Passage => "passage",
                    }
                )?;
            }
            write_count(
                &mut out,
                results.total,
                "passages",
                request.offset,
                results.hits.len(),
            )?;
        }
        for (i, hit) in results.hits.iter().enumerate() {
            if args.json {
                write_json_line(&mut out, hit)?;
            } else {
                print(&mut out, request.offset + i + 1, hit, "", explained.get(i))?;
            }
        }
        (results.total, results.hits.len())
    };
    out.flush()?;
    if total == 0 {
        eprintln!("zhengce: no passages match `{}`", request.query);
        return Ok(Outcome::NothingFound);
    }
    if shown == 0 {
        eprintln!(
            "zhengce: {total} {} match `{}`, none after --offset {}",
            if args.docs { "documents" } else { "passages" },
            request.query,
            request.offset
        );
        return Ok(Outcome::NothingFound);
    }
    Ok(Outcome::Found)
}

/// The citations `--cite` prints: each hit's as `zhengce cite PATH:LINE` gives it, from the
/// document as it is on disk (re-read once per document), so that the two print the same.
struct HitCitations {
    manifest: Option<crate::index::manifest::Manifest>,
    opened: std::cell::RefCell<HashMap<String, Rc<OpenedDocument>>>,
}

impl HitCitations {
    /// Reads the manifest when citations are wanted.
    fn new(handle: &IndexHandle, wanted: bool) -> Result<HitCitations, Error> {
        let manifest = if wanted {
            Some(handle.manifest()?.1)
        } else {
            None
        };
        Ok(HitCitations {
            manifest,
            opened: Default::default(),
        })
    }

    /// The citation of the paragraph on the hit's line; the hit's own passage, as indexed, when
    /// its file can no longer be read.
    fn of(&self, hit: &Hit) -> Result<Citation, Error> {
        let key = crate::index::schema::doc_key(&hit.root, &hit.path);
        let entry = self.manifest.as_ref().and_then(|m| m.files.get(&key));
        let Some(entry) = entry else {
            return Ok(Citation::from_hit(hit));
        };
        let cached = self.opened.borrow().get(&key).cloned();
        let opened = match cached {
            Some(opened) => opened,
            None => match lookup::open(entry) {
                Ok(opened) => {
                    super::show::warn_if_changed(&opened);
                    let opened = Rc::new(opened);
                    self.opened.borrow_mut().insert(key, Rc::clone(&opened));
                    opened
                }
                Err(_) => return Ok(Citation::from_hit(hit)),
            },
        };
        let document = &opened.document;
        match passages_at(document, Location::Line(hit.line as u32)) {
            Ok(passages) => cite(document, &entry.root, &passages, None),
            Err(_) => Ok(Citation::from_hit(hit)),
        }
    }
}

/// The line above the hits: how many match and which are shown (nothing when none match).
fn write_count(
    out: &mut dyn Write,
    total: usize,
    what: &str,
    offset: usize,
    shown: usize,
) -> std::io::Result<()> {
    if total == 0 || shown == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "{total} {what} match; showing {}–{}\n",
        offset + 1,
        offset + shown
    )
}

/// For `--explain`: each hit's score for every topic of the lexicon that it has any of, best
/// first; one topic query per topic over all the hits shown. Empty without `--explain`.
fn explain_topics<'l>(
    handle: &IndexHandle,
    searcher: &Searcher,
    lexicon: &'l Lexicon,
    hits: &[&Hit],
    explain: bool,
) -> Result<Vec<Vec<(f32, &'l str)>>, Error> {
    if !explain {
        return Ok(Vec::new());
    }
    let mut per_hit: Vec<Vec<(f32, &str)>> = vec![Vec::new(); hits.len()];
    for topic in &lexicon.topics {
        let scores = topic_scores(handle, searcher, topic, hits)?;
        for (row, score) in per_hit.iter_mut().zip(scores) {
            if score > 0.0 {
                row.push((score, topic.label.as_str()));
            }
        }
    }
    for row in &mut per_hit {
        row.sort_by(|a, b| b.0.total_cmp(&a.0));
    }
    Ok(per_hit)
}

/// Prints the expanded query: the plan's clauses with synonyms, and the topics' terms.
fn explain_request(
    out: &mut dyn Write,
    handle: &IndexHandle,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<(), CommandError> {
    let (plan, _) = plan_request(handle, searcher, request)?;
    writeln!(out, "query: {}", request.query)?;
    for line in plan.describe() {
        writeln!(out, "  {line}")?;
    }
    for topic in &request.topics {
        let mut terms: Vec<(&String, &f32)> = topic.terms.iter().collect();
        terms.sort_by(|a, b| b.1.total_cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let terms: Vec<String> = terms.iter().map(|(t, w)| format!("{t}×{w}")).collect();
        writeln!(
            out,
            "  topic {} {} (every hit carries it): {}",
            topic.id,
            topic.label,
            terms.join(" ")
        )?;
        if !topic.exclude.is_empty() {
            writeln!(out, "    not counted inside: {}", topic.exclude.join("、"))?;
        }
    }
    writeln!(out)?;
    Ok(())
}
