//! `zhengce verify [FILE|-]`: a draft's quotations checked against the documents.

use std::io::{Read, Write};

use super::{CommandResult, IndexLocation, Outcome};
use crate::cli::VerifyArgs;
use crate::error::Error;
use crate::output::{terminal_safe, write_json_line};
use crate::verify::{verify, Check, Verdict};

/// Runs `zhengce verify`.
pub fn run(location: &IndexLocation, args: VerifyArgs) -> CommandResult {
    let draft = read_draft(args.file.as_deref())?;
    let handle = location.open()?;
    let checks = verify(&handle, &draft)?;
    let mut out = std::io::stdout().lock();
    if checks.is_empty() {
        eprintln!("zhengce: the draft holds no quotation that names a source (《…》 or a 发文字号); nothing to check");
    }
    for check in &checks {
        if args.json {
            write_json_line(&mut out, check)?;
        } else {
            write_check(&mut out, check)?;
        }
    }
    out.flush()?;
    Ok(if checks.iter().all(|c| c.verdict == Verdict::Exact) {
        Outcome::Found
    } else {
        Outcome::NothingFound
    })
}

/// The draft's text: a file (any encoding zhengce reads) or standard input.
fn read_draft(file: Option<&std::path::Path>) -> Result<String, Error> {
    let (bytes, name) = match file {
        Some(path) if path != std::path::Path::new("-") => (
            std::fs::read(path).map_err(|e| Error::io(path, e))?,
            path.display().to_string(),
        ),
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                Error::Argument(format!("reading the draft from standard input: {e}"))
            })?;
            (bytes, "standard input".to_owned())
        }
    };
    crate::ingest::decode::decode(&bytes)
        .map(|(text, _)| text)
        .map_err(|e| Error::Argument(format!("{name}: {e}")))
}

/// One check for people: the quotation as the draft has it, the verdict in words, the true
/// citation and, for a near match, the difference.
fn write_check(out: &mut dyn Write, check: &Check) -> std::io::Result<()> {
    let source = match (&check.claimed.title, &check.claimed.number) {
        (Some(t), _) => format!("《{t}》"),
        (None, Some(n)) => n.clone(),
        (None, None) => String::new(),
    };
    let place = match (check.claimed.article, check.claimed.clause) {
        (Some(a), Some(c)) => format!("第{a}条第{c}款"),
        (Some(a), None) => format!("第{a}条"),
        _ => String::new(),
    };
    let quoted = if check.kind == crate::verify::QuoteKind::DocumentNumber {
        String::new()
    } else {
        format!("：“{}”", check.quote)
    };
    writeln!(
        out,
        "{}. draft line {} ({}) {}",
        check.quotation,
        check.draft_line,
        check.kind.name(),
        terminal_safe(&format!("{source}{place}{quoted}"))
    )?;
    writeln!(
        out,
        "   {}: {}",
        check.verdict.name(),
        terminal_safe(&check.note)
    )?;
    if let Some(diff) = &check.diff {
        writeln!(out, "   difference [原文→引文]: {}", terminal_safe(diff))?;
    }
    if let (Some(citation), Some(id)) = (&check.citation, &check.id) {
        writeln!(out, "   {}  id {id}", terminal_safe(&citation.plain()))?;
    }
    Ok(())
}
