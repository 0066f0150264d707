//! `zhengce index`: bring the index in line with files and folders, and say what happened.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use super::{CommandResult, IndexLocation, Outcome, DEFAULT_CORPUS};
use crate::cli::IndexArgs;
use crate::error::Error;
use crate::index::build::{index_paths, IndexOptions, IndexReport, Progress};

/// How many skipped files are listed one by one before the rest are counted.
const SKIPS_LISTED: usize = 50;

/// Runs `zhengce index`.
pub fn run(location: &IndexLocation, args: IndexArgs) -> CommandResult {
    let paths = if !args.paths.is_empty() {
        args.paths
    } else if args.rebuild && crate::index::exists(&location.dir) {
        crate::index::recorded_roots(&location.dir)?
    } else {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    };
    let user_dict = match &args.dict {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            Some((path.clone(), text))
        }
        None => None,
    };
    let options = IndexOptions {
        max_file_bytes: args.max_file_mb.saturating_mul(1_000_000),
        user_dict,
        rebuild: args.rebuild,
        ..IndexOptions::default()
    };
    let bar = if !args.quiet && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} files {elapsed} {wide_msg}",
            )
            .expect("valid template"),
        );
        Some(bar)
    } else {
        None
    };
    let mut on_progress = |step: Progress| {
        if let Some(bar) = &bar {
            match step {
                Progress::Found(n) => bar.set_length(n as u64),
                Progress::File(path) => {
                    bar.inc(1);
                    bar.set_message(path.display().to_string());
                }
                Progress::Committing => bar.set_message("committing…"),
            }
        }
    };
    let report = index_paths(&location.dir, &paths, &options, &mut on_progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = report?;
    print_summary(&report, args.quiet)?;
    Ok(Outcome::Found)
}

/// Prints the summary line, then what happened to each file that was not simply indexed.
fn print_summary(report: &IndexReport, quiet: bool) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    if !quiet {
        for (i, skip) in report.skipped.iter().enumerate() {
            if i == SKIPS_LISTED {
                writeln!(
                    err,
                    "  … and {} more skipped",
                    report.skipped.len() - SKIPS_LISTED
                )?;
                break;
            }
            writeln!(err, "  skipped {}: {}", skip.path.display(), skip.reason)?;
        }
        for path in &report.empty {
            writeln!(err, "  note: {} is empty (no passages)", path.display())?;
        }
        for (path, original) in &report.duplicates {
            writeln!(
                err,
                "  copy: {} has the same text as {original}; indexed once, under {original}",
                path.display()
            )?;
        }
        for (path, encoding) in &report.encodings {
            writeln!(err, "  decoded {} from {}", path.display(), encoding.name())?;
        }
        for path in &report.removed {
            writeln!(err, "  removed {path} (no longer on disk)")?;
        }
    }
    let mb = report.bytes_read as f64 / 1e6;
    let seconds = report.seconds.max(1e-9);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} files indexed, {} unchanged, {} removed, {} skipped; {} passages added ({} documents, {} passages in the index); {:.2} MB in {:.2} s ({:.1} MB/s){} → {}",
        report.indexed.len(),
        report.unchanged,
        report.removed.len(),
        report.skipped.len(),
        report.passages_added,
        report.documents_total,
        report.passages_total,
        mb,
        report.seconds,
        mb / seconds,
        if report.committed { "" } else { "; nothing changed, no commit" },
        report.index_dir.display(),
    )
}
