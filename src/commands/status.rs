//! `zhengce status`: what the index holds.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::index::status::Status;
use crate::output::write_json_line;

/// Runs `zhengce status`.
pub fn run(location: &IndexLocation, args: crate::cli::StatusArgs) -> CommandResult {
    let handle = location.open()?;
    let (payload, manifest) = handle.manifest()?;
    let status = Status::of(&handle, &payload, &manifest);
    let mut out = std::io::stdout().lock();
    if args.json {
        write_json_line(&mut out, &status)?;
    } else {
        writeln!(out, "index:       {}", status.index)?;
        for root in &status.roots {
            writeln!(out, "root:        {root}")?;
        }
        writeln!(out, "documents:   {}", status.documents)?;
        writeln!(out, "passages:    {}", status.passages)?;
        let formats: Vec<String> = status
            .formats
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        writeln!(out, "formats:     {}", formats.join(", "))?;
        writeln!(
            out,
            "last commit: {} (unix time {})",
            format_time(status.last_commit),
            status.last_commit
        )?;
        writeln!(
            out,
            "format:      {} (analyser {})",
            status.format, status.analyzer
        )?;
    }
    Ok(Outcome::Found)
}

/// A Unix time as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn format_time(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        crate::cite::civil_date(days),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_unix_time() {
        assert_eq!(super::format_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(super::format_time(1_711_958_400), "2024-04-01 08:00:00 UTC");
    }
}
