//! The command line, declared once with clap's derive; each flag documented where it is defined.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// zhengce (政策): index Chinese policy documents and search them, with citations.
#[derive(Debug, Parser)]
#[command(name = "zhengce", version, about, long_about = None)]
pub struct Cli {
    /// The index folder [default: ./index; built from ./corpus on first use].
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index files and folders (.txt, .md), incrementally: only new and changed files are read.
    #[command(
        after_help = "Examples:\n  zhengce index                      # ./corpus into ./index\n  zhengce index ../shared/corpus-small --index /tmp/idx\n  zhengce index reports/ --dict my-words.txt"
    )]
    Index(IndexArgs),
    /// Search passages (or documents with --docs).
    #[command(
        after_help = "Query syntax:\n  经开区 编制        words, ranked by BM25; about half of them must match\n  \"行政审批制度改革\"  an exact phrase\n  +编制 -街道        must / must not\n\nExamples:\n  zhengce search 人员编制\n  zhengce search '\"两张皮\"' --json\n  zhengce search 交叉任职 --docs"
    )]
    Search(SearchArgs),
    /// Show what the index holds: roots, documents, passages, last commit.
    Status(StatusArgs),
}

/// Arguments of `zhengce index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files and folders to index [default: ./corpus].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// A user dictionary in jieba's `word freq tag` format, for a new index (stored with it).
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,

    /// Discard the existing index and build it anew (needed to change the dictionary).
    #[arg(long)]
    pub rebuild: bool,

    /// Skip files larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub max_file_mb: u64,

    /// Print only the summary line, no progress bar and no list of skipped files.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `zhengce search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (several arguments are joined with spaces).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    /// How many results to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,

    /// How many of the best results to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,

    /// Rank documents instead of passages.
    #[arg(long)]
    pub docs: bool,

    /// Print JSON Lines, one hit per line.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `zhengce status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}
