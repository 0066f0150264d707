//! `zhengce generate`: shell completions and man pages from the clap definitions in
//! [`crate::cli`], so they never disagree with the program.

use std::io::Write;

use clap::CommandFactory;

use super::{CommandResult, Outcome};
use crate::cli::{Cli, GenerateArgs, GenerateWhat};
use crate::error::Error;

/// Runs `zhengce generate`.
pub fn run(args: GenerateArgs) -> CommandResult {
    let mut command = Cli::command();
    match args.what {
        GenerateWhat::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "zhengce", &mut out);
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&out)?;
            stdout.flush()?;
        }
        GenerateWhat::Man { out } => {
            std::fs::create_dir_all(&out).map_err(|e| Error::io(&out, e))?;
            clap_mangen::generate_to(command, &out).map_err(|e| Error::io(&out, e))?;
            eprintln!("man pages written to {}", out.display());
        }
    }
    Ok(Outcome::Found)
}
