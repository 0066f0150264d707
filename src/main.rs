//! The `zhengce` binary: parse the command line, run one subcommand, map the outcome to an exit
//! code (0 results, 1 none, 2 error).

use std::process::ExitCode;

use clap::Parser;

/// Large allocations (indexing's term tables and arena pages) on transparent huge pages.
#[global_allocator]
static ALLOCATOR: zhengce::hugepages::HugePageAlloc = zhengce::hugepages::HugePageAlloc;

fn main() -> ExitCode {
    let cli = zhengce::cli::Cli::parse();
    if matches!(cli.command, zhengce::cli::Command::Index(_)) {
        // SAFETY: nothing of SLOT/2 bytes or more has been allocated yet: the process has only
        // parsed its arguments.
        unsafe { zhengce::hugepages::enable() };
    }
    ExitCode::from(zhengce::commands::run(cli))
}
