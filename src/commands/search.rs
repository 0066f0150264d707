//! `zhengce search`: passages (or documents) best first, with highlights, section paths and
//! `path:line`; filters by year, date, type, region and document.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cite::Citation;
use crate::cli::{SearchArgs, SortArg};
use crate::error::Error;
use crate::index::lookup;
use crate::output::{write_hit, write_json_line, Style};
use crate::search::{search, search_documents, Filters, Hit, SearchRequest, SortOrder};

/// Runs `zhengce search`.
pub fn run(location: &IndexLocation, args: SearchArgs) -> CommandResult {
    let handle = location.open()?;
    for (flag, value) in [("--since", &args.since), ("--until", &args.until)] {
        if let Some(date) = value {
            if !is_date(date) {
                return Err(Error::Argument(format!(
                    "{flag} {date}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD"
                ))
                .into());
            }
        }
    }
    let documents = match &args.doc {
        Some(pattern) => {
            let (_, manifest) = handle.manifest()?;
            let keys: Vec<String> = lookup::matching(&manifest, pattern)
                .into_iter()
                .map(|e| crate::index::schema::doc_key(&e.root, &e.path))
                .collect();
            if keys.is_empty() {
                return Err(Error::Argument(format!(
                    "--doc {pattern}: no document's path or title contains it"
                ))
                .into());
            }
            Some(keys)
        }
        None => None,
    };
    let request = SearchRequest {
        query: args.query.join(" "),
        limit: args.limit,
        offset: args.offset,
        filters: Filters {
            year: args.year,
            since: args.since.clone(),
            until: args.until.clone(),
            doc_type: args.doc_type.clone(),
            region: args.region.clone(),
            documents,
        },
        sort: match args.sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Date => SortOrder::Date,
        },
    };
    let style = Style::for_stdout();
    let mut out = std::io::stdout().lock();
    let print = |out: &mut dyn Write, rank: usize, hit: &Hit, note: &str| -> std::io::Result<()> {
        write_hit(out, rank, hit, style, note)?;
        if args.cite {
            writeln!(out, "   {}", Citation::from_hit(hit).plain())?;
        }
        Ok(())
    };
    let total = if args.docs {
        let results = search_documents(&handle, &request)?;
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
                print(&mut out, request.offset + i + 1, &hit.best, &note)?;
            }
        }
        results.total
    } else {
        let results = search(&handle, &request)?;
        if !args.json {
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
                print(&mut out, request.offset + i + 1, hit, "")?;
            }
        }
        results.total
    };
    out.flush()?;
    if total == 0 {
        eprintln!("zhengce: no passages match `{}`", request.query);
        return Ok(Outcome::NothingFound);
    }
    Ok(Outcome::Found)
}

/// The line above the hits: how many match and which are shown (nothing when none match).
fn write_count(
    out: &mut dyn Write,
    total: usize,
    what: &str,
    offset: usize,
    shown: usize,
) -> std::io::Result<()> {
    if total == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "{total} {what} match; showing {}–{}\n",
        offset + 1,
        offset + shown
    )
}

/// Whether `text` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let lengths_ok = matches!(
        parts.iter().map(|p| p.len()).collect::<Vec<_>>().as_slice(),
        [4] | [4, 2] | [4, 2, 2] | [4, 1] | [4, 1, 1] | [4, 2, 1] | [4, 1, 2]
    );
    lengths_ok && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}
