//! `zhengce similar DOC[:LOC]`: the passages (or documents) across the index most like it.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cite::{passages_at, split_doc_location, Citation};
use crate::cli::SimilarArgs;
use crate::compare::passages::document_passages;
use crate::compare::similar::{similar_documents, similar_passages};
use crate::index::lookup;
use crate::output::{write_hit, write_json_line, Style};

/// Runs `zhengce similar`.
pub fn run(location: &IndexLocation, args: SimilarArgs) -> CommandResult {
    let handle = location.open()?;
    let (_, manifest) = handle.manifest()?;
    let (doc_spec, loc) = split_doc_location(&args.target);
    let entry = lookup::resolve(&manifest, doc_spec)?;
    let reader = handle.reader()?;
    let searcher = reader.searcher();
    let (what, hits) = match loc {
        Some(loc) => {
            // The location's passages, found in the file as it is on disk, then in the index.
            let opened = lookup::open(entry)?;
            super::show::warn_if_changed(&opened);
            let ordinals: Vec<u64> = passages_at(&opened.document, loc)?
                .iter()
                .map(|p| u64::from(p.ordinal))
                .collect();
            let query: Vec<_> = document_passages(&handle, &searcher, entry)?
                .into_iter()
                .filter(|p| ordinals.contains(&p.hit.passage))
                .collect();
            let hits = similar_passages(&handle, &searcher, &query, args.limit, args.elsewhere)?;
            let what = match query.first() {
                Some(first) => format!(
                    "passages most similar to {}",
                    Citation::from_hit(&first.hit).place()
                ),
                None => "passages".to_owned(),
            };
            (what, hits)
        }
        None => (
            "documents most similar to it".to_owned(),
            similar_documents(&handle, &searcher, &manifest, entry, args.limit)?,
        ),
    };
    let mut out = std::io::stdout().lock();
    if !args.json && !hits.is_empty() {
        writeln!(
            out,
            "{}: {what} (score: cosine similarity)\n",
            entry.metadata.title
        )?;
    }
    let style = Style::for_stdout();
    for (rank, hit) in hits.iter().enumerate() {
        if args.json {
            write_json_line(&mut out, hit)?;
        } else {
            write_hit(&mut out, rank + 1, hit, style, "")?;
            let citation = Citation::from_hit(hit);
            writeln!(
                out,
                "   《{}》{}（{}:{}）",
                citation.title,
                citation.place(),
                citation.path,
                citation.line
            )?;
        }
    }
    out.flush()?;
    if hits.is_empty() {
        eprintln!(
            "zhengce: nothing in the index is similar to {}",
            args.target
        );
        return Ok(Outcome::NothingFound);
    }
    Ok(Outcome::Found)
}
