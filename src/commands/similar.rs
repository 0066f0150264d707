//! `zhengce similar DOC[:LOC]`: the passages (or documents) across the index most like it.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cite::{split_doc_location, Citation};
use crate::cli::SimilarArgs;
use crate::compare::similar::{similar_to, SimilarResults};
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
    let SimilarResults {
        what,
        hits,
        changed,
    } = similar_to(
        &handle,
        &searcher,
        &manifest,
        entry,
        loc,
        args.limit,
        args.elsewhere,
    )?;
    if let Some(file) = &changed {
        super::show::warn_changed(file);
    }
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
