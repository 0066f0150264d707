//! `zhengce serve`: the index as a local web page and JSON API.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cli::ServeArgs;
use crate::serve::{serve, Options};

/// Runs `zhengce serve` until the process is stopped. The address it listens on is printed on
/// standard output as soon as it does (with `--bind …:0`, the port chosen), then flushed, so a
/// script or test can read it.
pub fn run(location: &IndexLocation, args: ServeArgs) -> CommandResult {
    // The default index is built first if need be (its note goes to stderr); an explicit
    // folder without an index is served anyway, answering 503 until one is built there.
    if !location.explicit {
        drop(location.open()?);
    }
    if !args.bind.ip().is_loopback() {
        eprintln!(
            "zhengce: warning: listening on {}, which other machines can reach: anyone who can connect reads the whole index (use 127.0.0.1 to keep it on this machine)",
            args.bind
        );
    }
    let options = Options::new(&location.dir, args.bind);
    let mut result = Ok(());
    serve(&options, |bound| {
        let mut out = std::io::stdout().lock();
        result = writeln!(
            out,
            "zhengce: serving {} on http://{bound}/",
            location.dir.display()
        )
        .and_then(|_| out.flush());
    })?;
    result?;
    Ok(Outcome::Found)
}
