//! `zhengce compare DOC DOC…`: documents side by side, topic by topic.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cli::{CompareArgs, CompareFormat};
use crate::compare::compare;
use crate::error::Error;
use crate::index::lookup;
use crate::output::comparison::{write_json, write_markdown, write_table, View};
use crate::topics::{Lexicon, Topic};

/// Runs `zhengce compare`.
pub fn run(location: &IndexLocation, args: CompareArgs) -> CommandResult {
    let handle = location.open()?;
    let (_, manifest) = handle.manifest()?;
    let lexicon = Lexicon::load(&handle.dir, args.topics.as_deref())?;
    let named = args
        .topic
        .iter()
        .map(|name| lexicon.resolve(name).cloned())
        .collect::<Result<Vec<Topic>, Error>>()?;
    let entries = args
        .documents
        .iter()
        .map(|spec| lookup::resolve(&manifest, spec))
        .collect::<Result<Vec<_>, Error>>()?;
    let reader = handle.reader()?;
    let searcher = reader.searcher();
    let comparison = compare(&handle, &searcher, &entries, &lexicon.topics, &named)?;
    let format = if args.json {
        CompareFormat::Json
    } else {
        args.format
    };
    let view = View { all: args.all };
    let mut out = std::io::stdout().lock();
    match format {
        CompareFormat::Table => write_table(&mut out, &comparison, view)?,
        CompareFormat::Markdown => write_markdown(&mut out, &comparison, view)?,
        CompareFormat::Json => write_json(&mut out, &comparison)?,
    }
    out.flush()?;
    let any = comparison
        .rows
        .iter()
        .any(|row| row.documents.iter().any(|share| share.passages > 0));
    if !any {
        eprintln!("zhengce: no passage of these documents is mostly about the topics asked for");
        return Ok(Outcome::NothingFound);
    }
    Ok(Outcome::Found)
}
