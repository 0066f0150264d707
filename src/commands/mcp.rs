//! `zhengce mcp`: the index served to AI assistants over the Model Context Protocol.

use super::{CommandResult, IndexLocation, Outcome};

/// Runs `zhengce mcp` until the client closes standard input.
pub fn run(location: &IndexLocation) -> CommandResult {
    // The default index is built first if need be (its note goes to stderr).
    drop(location.open()?);
    crate::mcp::serve(&location.dir)?;
    Ok(Outcome::Found)
}
