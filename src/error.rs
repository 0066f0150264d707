//! The library's typed error: every failure a caller can act on, with the file or argument it
//! concerns, so the CLI can print one readable line and pick the exit code.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file or folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The folder holds no index yet.
    #[error("no index in {path}: run `zhengce index PATH --index {path}` first")]
    NoIndex {
        /// The index folder that was asked for.
        path: PathBuf,
    },
    /// The index was built by another format or analyser than this binary's.
    #[error("the index in {path} was built with {found}, this zhengce uses {expected}: rebuild it with `zhengce index --rebuild --index {path}` (it re-reads the folders it was built from)")]
    IndexMismatch {
        /// The index folder.
        path: PathBuf,
        /// What the index on disk says.
        found: String,
        /// What this binary expects.
        expected: String,
    },
    /// The index files are present but not readable as a zhengce index.
    #[error("the index in {path} is damaged: {reason}")]
    CorruptIndex {
        /// The index folder.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// Another process is indexing into the same folder.
    #[error("another `zhengce index` is writing to {path}; wait for it to finish")]
    IndexBusy {
        /// The index folder.
        path: PathBuf,
    },
    /// A user dictionary could not be read or parsed.
    #[error("dictionary {path}: {reason}")]
    Dictionary {
        /// The dictionary file (or `<bundled>`).
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// The query is empty or has nothing that can be searched.
    #[error("{0}")]
    Query(String),
    /// A command-line argument or option is not usable.
    #[error("{0}")]
    Argument(String),
    /// An error inside tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
