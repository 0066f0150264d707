//! Extraction in a bounded child process, so that a file that exhausts memory or stack, or never
//! finishes, costs one skipped file instead of the whole run.
//!
//! An out-of-memory abort or a stack overflow cannot be caught inside a process. The parent runs
//! the extractor — the zhengce binary's hidden `__extract FORMAT` subcommand — with the file's
//! bytes on standard input; the child caps its own address space (`RLIMIT_AS`) and CPU time
//! before it reads them, and writes its [`Part`]s as JSON on standard output. The parent kills a
//! child that runs past the time limit and reads at most [`MAX_OUTPUT_BYTES`] of its output.
//!
//! Library users that are not the zhengce binary (tests, benchmarks, other programs) get
//! [`Extractor::InProcess`] by default: the same extractors with the same inflation and nesting
//! caps, without the process boundary. [`Extractor::Child`] names an executable to use instead.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::extract::{self, ExtractError, Limits, Part};
use crate::document::Format;

/// The hidden subcommand the child runs.
pub const SUBCOMMAND: &str = "__extract";

/// The most bytes of JSON read from a child.
pub const MAX_OUTPUT_BYTES: u64 = 512 * 1024 * 1024;

/// How long a child may run and how much memory it may map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildLimits {
    /// Wall-clock time before the child is killed.
    pub time: Duration,
    /// The child's address-space limit, in bytes.
    pub memory_bytes: u64,
}

impl Default for ChildLimits {
    fn default() -> Self {
        ChildLimits {
            time: Duration::from_secs(10),
            memory_bytes: 1024 * 1024 * 1024,
        }
    }
}

/// Where risky formats are extracted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extractor {
    /// In this process, with the inflation and nesting caps but no memory or time limit.
    InProcess,
    /// In a child process running this executable's `__extract` subcommand.
    Child {
        /// The zhengce executable.
        program: PathBuf,
        /// Its time and memory limits.
        limits: ChildLimits,
    },
}

impl Default for Extractor {
    /// A child process when this process is the zhengce binary, in-process otherwise.
    fn default() -> Self {
        match std::env::current_exe() {
            Ok(program) if program.file_stem().is_some_and(|s| s == "zhengce") => {
                Extractor::Child {
                    program,
                    limits: ChildLimits::default(),
                }
            }
            _ => Extractor::InProcess,
        }
    }
}

impl Extractor {
    /// Extracts a file of an extracted format (see [`extract::is_extracted`]).
    pub fn extract(&self, format: Format, bytes: &[u8]) -> Result<Vec<Part>, ExtractError> {
        match self {
            Extractor::InProcess => extract::extract(format, bytes, &Limits::default()),
            Extractor::Child { program, limits } => run_child(program, limits, format, bytes),
        }
    }
}

/// The name a format goes by on the child's command line.
pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::Text => "text",
        Format::Markdown => "markdown",
        Format::Html => "html",
        Format::Docx => "docx",
        Format::Doc => "doc",
        Format::Table => "table",
        Format::Pdf => "pdf",
        Format::Ofd => "ofd",
        Format::Zip => "zip",
    }
}

/// Every format the child can be asked to extract, by [`format_name`].
const FORMATS: [Format; 9] = [
    Format::Text,
    Format::Markdown,
    Format::Html,
    Format::Docx,
    Format::Doc,
    Format::Table,
    Format::Pdf,
    Format::Ofd,
    Format::Zip,
];

/// The format named on the child's command line.
pub fn parse_format_name(name: &str) -> Option<Format> {
    FORMATS.into_iter().find(|&f| format_name(f) == name)
}

fn run_child(
    program: &PathBuf,
    limits: &ChildLimits,
    format: Format,
    bytes: &[u8],
) -> Result<Vec<Part>, ExtractError> {
    let failed = |what: String| ExtractError::Hostile(what);
    let mut child = Command::new(program)
        .arg(SUBCOMMAND)
        .arg(format_name(format))
        .arg("--memory-mb")
        .arg((limits.memory_bytes / 1_048_576).to_string())
        .arg("--cpu-seconds")
        .arg(limits.time.as_secs().max(1).saturating_mul(2).to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0")
        .spawn()
        .map_err(|e| {
            failed(format!(
                "could not start the extractor {}: {e}",
                program.display()
            ))
        })?;
    let started = Instant::now();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let (status, output, messages) = std::thread::scope(|s| {
        // A child that dies early closes its end; the write error is then not the story.
        s.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let output = s.spawn(move || {
            let mut out = Vec::new();
            let _ = (&mut stdout)
                .take(MAX_OUTPUT_BYTES + 1)
                .read_to_end(&mut out);
            out
        });
        let messages = s.spawn(move || {
            let mut out = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut out);
            out
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() >= limits.time => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        (
            status,
            output.join().unwrap_or_default(),
            messages.join().unwrap_or_default(),
        )
    });
    let Some(status) = status else {
        return Err(failed(format!(
            "extraction took longer than {} s and was stopped",
            limits.time.as_secs()
        )));
    };
    if !status.success() {
        let first = String::from_utf8_lossy(&messages)
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(|l| format!(": {}", l.trim()))
            .unwrap_or_default();
        return Err(failed(format!(
            "the extractor died ({}, memory limit {} MB){first}",
            describe_status(&status),
            limits.memory_bytes / 1_048_576
        )));
    }
    if output.len() as u64 > MAX_OUTPUT_BYTES {
        return Err(failed(format!(
            "the extracted text is over {} MB",
            MAX_OUTPUT_BYTES / 1_048_576
        )));
    }
    serde_json::from_slice::<Result<Vec<Part>, ExtractError>>(&output)
        .map_err(|e| failed(format!("the extractor's output was not readable: {e}")))?
}

/// How a child ended, in words.
fn describe_status(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(libc::SIGABRT) => "aborted: out of memory or stack".into(),
        Some(libc::SIGSEGV) => "crashed: stack overflow or bad memory access".into(),
        Some(libc::SIGKILL) => "killed".into(),
        Some(libc::SIGXCPU) => "CPU time limit".into(),
        Some(signal) => format!("signal {signal}"),
        None => format!("exit code {}", status.code().unwrap_or(-1)),
    }
}

/// The child's side: caps this process's address space and CPU time, reads a file's bytes from
/// standard input, extracts them and writes the result as JSON to standard output.
pub fn serve(format: Format, memory_mb: u64, cpu_seconds: u64) -> std::io::Result<()> {
    limit_resources(memory_mb.saturating_mul(1_048_576), cpu_seconds);
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    test_fault();
    let result = extract::extract(format, &bytes, &Limits::default());
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &result).map_err(std::io::Error::other)?;
    out.flush()
}

/// Sets this process's address-space, CPU-time and core-file limits.
fn limit_resources(memory_bytes: u64, cpu_seconds: u64) {
    let set = |resource, value: u64| {
        let limit = libc::rlimit {
            rlim_cur: value as libc::rlim_t,
            rlim_max: value as libc::rlim_t,
        };
        // SAFETY: setrlimit reads a valid, initialised struct; it touches no Rust memory.
        unsafe { libc::setrlimit(resource, &limit) };
    };
    set(libc::RLIMIT_AS, memory_bytes);
    set(libc::RLIMIT_CPU, cpu_seconds);
    set(libc::RLIMIT_CORE, 0);
}

/// The test hook: `ZHENGCE_TEST_EXTRACT_FAULT=hang` makes the child never finish and `=balloon`
/// makes it allocate without end, so tests can check that the limits hold.
fn test_fault() {
    match std::env::var("ZHENGCE_TEST_EXTRACT_FAULT").as_deref() {
        Ok("hang") => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        Ok("balloon") => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1u8; 64 * 1024 * 1024]);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in FORMATS {
            assert_eq!(parse_format_name(format_name(format)), Some(format));
        }
        assert_eq!(parse_format_name("xls"), None);
    }

    #[test]
    fn in_process_extraction_is_the_fallback_outside_the_binary() {
        assert_eq!(Extractor::default(), Extractor::InProcess);
        let parts = Extractor::InProcess
            .extract(Format::Html, "<p>正文</p>".as_bytes())
            .unwrap();
        assert!(matches!(&parts[..], [Part::Document(e)] if e.text == "正文"));
    }
}
