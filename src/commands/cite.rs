//! `zhengce cite DOC:LOC`: a citation a reader can check.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cite::{cite, passages_at, split_doc_location};
use crate::cli::{CiteArgs, CiteFormat};
use crate::error::Error;
use crate::index::lookup;
use crate::output::terminal_safe;

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
    let accessed = accessed_date(args.accessed.as_deref())?;
    let mut out = std::io::stdout().lock();
    // Document text is untrusted: no terminal escapes (JSON escapes control characters itself).
    writeln!(
        out,
        "{}",
        terminal_safe(&citation.format(format, &accessed))
    )?;
    out.flush()?;
    Ok(Outcome::Found)
}

/// The 引用日期 given with `--accessed` (checked), or today's.
pub fn accessed_date(given: Option<&str>) -> Result<String, Error> {
    match given {
        Some(date) => {
            crate::cite::check_accessed(date)?;
            Ok(date.to_owned())
        }
        None => Ok(crate::cite::today()),
    }
}
