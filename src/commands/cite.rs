//! `zhengce cite DOC:LOC`: a citation a reader can check.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cite::{cite, passages_at, split_doc_location};
use crate::cli::{CiteArgs, CiteFormat};
use crate::error::Error;
use crate::index::lookup;
use crate::output::write_json_line;

/// Runs `zhengce cite`.
pub fn run(location: &IndexLocation, args: CiteArgs) -> CommandResult {
    let handle = location.open()?;
    let (_, manifest) = handle.manifest()?;
    let (doc_spec, loc) = split_doc_location(&args.target);
    let loc = loc.ok_or_else(|| {
        Error::Argument(format!(
            "`{}`: give a location as DOC:LINE or DOC:第N条 (for example {}:12)",
            args.target, args.target
        ))
    })?;
    let entry = lookup::resolve(&manifest, doc_spec)?;
    let opened = lookup::open(entry)?;
    super::show::warn_if_changed(&opened);
    let passages = passages_at(&opened.document, loc)?;
    let citation = cite(&opened.document, &entry.root, &passages, args.sentence)?;
    let format = if args.json {
        CiteFormat::Json
    } else {
        args.format
    };
    let mut out = std::io::stdout().lock();
    match format {
        CiteFormat::Plain => writeln!(out, "{}", citation.plain())?,
        CiteFormat::Markdown => writeln!(out, "{}", citation.markdown())?,
        CiteFormat::Gbt7714 => writeln!(out, "{}", citation.gbt7714())?,
        CiteFormat::Json => write_json_line(&mut out, &citation)?,
    }
    out.flush()?;
    Ok(Outcome::Found)
}
