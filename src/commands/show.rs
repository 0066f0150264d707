//! `zhengce show`: a document's outline, or a passage in its context.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cite::{split_doc_location, Location};
use crate::cli::ShowArgs;
use crate::document::Metadata;
use crate::index::lookup::{self, OpenedDocument};
use crate::index::schema::short_id;
use crate::output::{display_path, terminal_safe, write_json_line};

/// Runs `zhengce show`.
pub fn run(location: &IndexLocation, args: ShowArgs) -> CommandResult {
    let handle = location.open()?;
    let (_, manifest) = handle.manifest()?;
    let (doc_spec, loc) = split_doc_location(&args.target);
    let entry = lookup::resolve(&manifest, doc_spec)?;
    let opened = lookup::open(entry)?;
    warn_if_changed(&opened);
    let mut out = std::io::stdout().lock();
    match loc {
        Some(loc) if !args.outline => {
            show_passage(&mut out, &opened, loc, args.context, args.json)?
        }
        _ => {
            let document = &opened.document;
            if args.json {
                write_json_line(&mut out, &lookup::Outline::of(entry, document))?;
            } else {
                write_outline(&mut out, &opened, entry)?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Found)
}

/// Tells the user when a file changed since it was indexed (what is shown is what is on disk).
pub fn warn_if_changed(opened: &OpenedDocument) {
    if opened.changed {
        warn_changed(&opened.file);
    }
}

/// Tells the user that `file` changed since it was indexed.
pub fn warn_changed(file: &std::path::Path) {
    eprintln!(
        "zhengce: warning: {} changed since it was indexed; showing it as it is now (run `zhengce index` to update)",
        file.display()
    );
}

fn write_outline(
    out: &mut dyn Write,
    opened: &OpenedDocument,
    entry: &crate::index::manifest::FileEntry,
) -> std::io::Result<()> {
    let document = &opened.document;
    let meta = &document.metadata;
    writeln!(out, "{}", terminal_safe(&meta.title))?;
    writeln!(
        out,
        "  file:      {}  (id {})",
        display_path(&entry.root, &entry.path),
        short_id(entry.id)
    )?;
    for copy in &entry.copies {
        writeln!(out, "  copy:      {}", display_path(&entry.root, copy))?;
    }
    for (name, value) in outline_fields(meta) {
        writeln!(out, "  {:<11}{}", format!("{name}:"), terminal_safe(&value))?;
    }
    writeln!(
        out,
        "  passages:  {} in {} paragraphs, {} sections\n",
        document.passages.len(),
        document.passages.last().map_or(0, |p| p.paragraph),
        document.sections.len()
    )?;
    if document.sections.is_empty() {
        writeln!(out, "  (no headings)")?;
    }
    for section in &document.sections {
        writeln!(
            out,
            "  {:>5}  {}{}",
            format!("L{}", section.line),
            "  ".repeat(section.depth as usize),
            terminal_safe(&section.label)
        )?;
    }
    Ok(())
}

/// The metadata lines of an outline, as (name, value): only what the document states, each
/// date saying what it is — the document's own and where it was read, or the page's stamp and
/// whether the date filters go by it.
fn outline_fields(meta: &Metadata) -> Vec<(&'static str, String)> {
    let mut fields = Vec::new();
    if let Some(date) = &meta.date {
        let source = meta
            .date_source
            .map(|s| format!(" ({})", s.describe()))
            .unwrap_or_default();
        fields.push(("date", format!("{date}{source}")));
    }
    if let Some(page_date) = &meta.page_date {
        let note = if meta.date.is_some() {
            "the page's upload stamp, not the document's date"
        } else {
            "the page's upload stamp, not the document's date; it states none, so --year, --since and --sort date use this"
        };
        fields.push(("page date", format!("{page_date} ({note})")));
    }
    let rest = [
        ("type", &meta.doc_type),
        ("region", &meta.region),
        ("number", &meta.doc_number),
        ("issuer", &meta.issuer),
        ("url", &meta.url),
    ];
    for (name, value) in rest {
        if let Some(value) = value {
            fields.push((name, value.clone()));
        }
    }
    fields
}

fn show_passage(
    out: &mut dyn Write,
    opened: &OpenedDocument,
    loc: Location,
    context: usize,
    json: bool,
) -> Result<(), super::CommandError> {
    let document = &opened.document;
    let (path, paragraphs) = crate::cite::context(document, loc, context)?;
    if !json {
        writeln!(out, "{}", terminal_safe(&document.metadata.title))?;
        if !path.is_empty() {
            writeln!(out, "{}", terminal_safe(&path.join(" › ")))?;
        }
        writeln!(out)?;
    }
    for paragraph in paragraphs {
        if json {
            write_json_line(out, &paragraph)?;
        } else {
            let mark = if paragraph.target { "▶" } else { " " };
            writeln!(
                out,
                "{mark} {:>5}  {}",
                format!("L{}", paragraph.line),
                terminal_safe(&paragraph.text)
            )?;
        }
    }
    Ok(())
}
