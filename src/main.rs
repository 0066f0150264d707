//! The `zhengce` binary: parse the command line, run one subcommand, map the outcome to an exit
//! code (0 results, 1 none, 2 error).

use std::process::ExitCode;

use clap::Parser;

mod hugepages;

/// Large allocations (indexing's term tables and arena pages) on transparent huge pages.
#[global_allocator]
static ALLOCATOR: hugepages::HugePageAlloc = hugepages::HugePageAlloc::new();

fn main() -> ExitCode {
    if let Some(args) = zhengce::cli::extract_invocation() {
        return ExitCode::from(zhengce::commands::run_extract(args));
    }
    let cli = zhengce::cli::Cli::parse();
    if matches!(cli.command, zhengce::cli::Command::Index(_)) {
        ALLOCATOR.enable();
    }
    ExitCode::from(zhengce::commands::run(cli))
}
