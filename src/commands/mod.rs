//! One module per subcommand. Each returns an [`Outcome`] or an error; [`run`] turns that into
//! the exit code and prints errors as one line on stderr.

pub mod ask;
pub mod cite;
pub mod compare;
pub mod eval;
pub mod extract;
pub mod generate;
pub mod index;
pub mod mcp;
pub mod search;
pub mod serve;
pub mod show;
pub mod similar;
pub mod status;
pub mod topics;
pub mod verify;

use std::io;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::index::IndexHandle;

/// The default index folder.
pub const DEFAULT_INDEX: &str = "index";
/// The default corpus folder (the bundled research report).
pub const DEFAULT_CORPUS: &str = "corpus";

/// What a command found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Results were printed (exit 0).
    Found,
    /// Nothing matched (exit 1).
    NothingFound,
}

/// An error from a command: the library's, or a failed write to standard output.
#[derive(Debug)]
pub enum CommandError {
    /// A library error.
    Library(Error),
    /// Writing output failed (a closed pipe ends quietly).
    Output(io::Error),
}

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        CommandError::Library(e)
    }
}

impl From<io::Error> for CommandError {
    fn from(e: io::Error) -> Self {
        CommandError::Output(e)
    }
}

/// What a command returns.
pub type CommandResult = std::result::Result<Outcome, CommandError>;

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let index = IndexLocation::from_flag(cli.index);
    let result = match cli.command {
        Command::Index(args) => index::run(&index, args),
        Command::Search(args) => search::run(&index, args),
        Command::Show(args) => show::run(&index, args),
        Command::Cite(args) => cite::run(&index, args),
        Command::Ask(args) => ask::run(&index, args),
        Command::Eval(args) => eval::run(&index, args),
        Command::Status(args) => status::run(&index, args),
        Command::Topics(args) => topics::run(&index, args),
        Command::Compare(args) => compare::run(&index, args),
        Command::Similar(args) => similar::run(&index, args),
        Command::Verify(args) => verify::run(&index, args),
        Command::Mcp(_) => mcp::run(&index),
        Command::Serve(args) => serve::run(&index, args),
        Command::Generate(args) => generate::run(args),
    };
    exit_code(result)
}

/// Runs the extraction child (`zhengce __extract`) and returns the process exit code.
pub fn run_extract(args: crate::cli::ExtractArgs) -> u8 {
    exit_code(extract::run(args))
}

/// The exit code of a command's result: 0 results, 1 none, 2 an error (reported on stderr); a
/// closed pipe ends quietly with 0.
fn exit_code(result: CommandResult) -> u8 {
    match result {
        Ok(Outcome::Found) => 0,
        Ok(Outcome::NothingFound) => 1,
        Err(CommandError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(CommandError::Output(e)) => {
            eprintln!("zhengce: error: writing output: {e}");
            2
        }
        Err(CommandError::Library(e)) => {
            eprintln!("zhengce: error: {e}");
            2
        }
    }
}

/// Where the index is, and whether the user named it.
#[derive(Debug, Clone)]
pub struct IndexLocation {
    /// The index folder.
    pub dir: PathBuf,
    /// Whether `--index` was given (an explicit folder without an index is an error; the
    /// default one is built from `./corpus`).
    pub explicit: bool,
}

impl IndexLocation {
    /// From the `--index` flag.
    pub fn from_flag(flag: Option<PathBuf>) -> Self {
        match flag {
            Some(dir) => IndexLocation {
                dir,
                explicit: true,
            },
            None => IndexLocation {
                dir: PathBuf::from(DEFAULT_INDEX),
                explicit: false,
            },
        }
    }

    /// Opens the index; the default one is first built from `./corpus` if it holds none.
    pub fn open(&self) -> Result<IndexHandle> {
        if !self.explicit && !crate::index::exists(&self.dir) {
            let corpus = Path::new(DEFAULT_CORPUS);
            if !corpus.is_dir() {
                return Err(Error::NoIndex {
                    path: self.dir.clone(),
                });
            }
            eprintln!(
                "zhengce: no index in ./{DEFAULT_INDEX} yet: building it from ./{DEFAULT_CORPUS} (the bundled report)"
            );
            crate::index::build::index_paths(
                &self.dir,
                &[corpus.to_path_buf()],
                &Default::default(),
                &mut |_| {},
            )?;
        }
        IndexHandle::open(&self.dir)
    }
}

/// The document keys a `--doc PATTERN` flag selects (documents whose path or title contains
/// it), or `None` without the flag; a pattern that selects nothing is an error naming it.
pub fn document_filter(handle: &IndexHandle, pattern: Option<&str>) -> Result<Option<Vec<String>>> {
    if pattern.is_none() {
        return Ok(None);
    }
    let (_, manifest) = handle.manifest()?;
    crate::index::lookup::document_filter(&manifest, pattern)
}
