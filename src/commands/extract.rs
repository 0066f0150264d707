//! `zhengce __extract FORMAT` (hidden): the child process that extracts one risky file within
//! memory and CPU limits, for `zhengce index`. See [`crate::ingest::sandbox`].

use super::{CommandResult, Outcome};
use crate::cli::ExtractArgs;
use crate::error::Error;
use crate::ingest::sandbox;

/// Runs the extraction child.
pub fn run(args: ExtractArgs) -> CommandResult {
    let format = sandbox::parse_format_name(&args.format).ok_or_else(|| {
        Error::Argument(format!(
            "__extract: unknown format `{}` (html, docx, doc, table, pdf, ofd or zip)",
            args.format
        ))
    })?;
    sandbox::serve(format, args.memory_mb, args.cpu_seconds)?;
    Ok(Outcome::Found)
}
