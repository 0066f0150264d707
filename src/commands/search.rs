//! `zhengce search`: passages (or documents) best first, with highlights and `path:line`.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cli::SearchArgs;
use crate::output::{write_hit, write_json_line, Style};
use crate::search::{search, search_documents, SearchRequest};

/// Runs `zhengce search`.
pub fn run(location: &IndexLocation, args: SearchArgs) -> CommandResult {
    let handle = location.open()?;
    let request = SearchRequest {
        query: args.query.join(" "),
        limit: args.limit,
        offset: args.offset,
    };
    let style = Style::for_stdout();
    let mut out = std::io::stdout().lock();
    let (total, shown) = if args.docs {
        let results = search_documents(&handle, &request)?;
        if !args.json && results.total > 0 {
            writeln!(
                out,
                "{} documents match; showing {}–{}\n",
                results.total,
                request.offset + 1,
                request.offset + results.hits.len()
            )?;
        }
        for (i, hit) in results.hits.iter().enumerate() {
            if args.json {
                write_json_line(&mut out, hit)?;
            } else {
                let note = format!(", {} matching passages", hit.matching_passages);
                write_hit(&mut out, request.offset + i + 1, &hit.best, style, &note)?;
            }
        }
        (results.total, results.hits.len())
    } else {
        let results = search(&handle, &request)?;
        if !args.json && results.total > 0 {
            writeln!(
                out,
                "{} passages match; showing {}–{}\n",
                results.total,
                request.offset + 1,
                request.offset + results.hits.len()
            )?;
        }
        for (i, hit) in results.hits.iter().enumerate() {
            if args.json {
                write_json_line(&mut out, hit)?;
            } else {
                write_hit(&mut out, request.offset + i + 1, hit, style, "")?;
            }
        }
        (results.total, results.hits.len())
    };
    out.flush()?;
    if total == 0 {
        eprintln!("zhengce: no passages match `{}`", request.query);
        return Ok(Outcome::NothingFound);
    }
    let _ = shown;
    Ok(Outcome::Found)
}
