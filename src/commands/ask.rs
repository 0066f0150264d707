//! `zhengce ask`: the answer to a question, the sentence it comes from with its citation, and
//! the other candidate passages; exit 1 when nothing answers.

use std::io::Write;

use super::{document_filter, CommandResult, IndexLocation, Outcome};
use crate::cite::Citation;
use crate::cli::AskArgs;
use crate::output::{terminal_safe, write_hit, write_json_line, Style};
use crate::qa::{ask, trust, AnswerPassage, AskRequest, ANSWER_THRESHOLD};
use crate::search::synonyms::Synonyms;

/// Runs `zhengce ask`.
pub fn run(location: &IndexLocation, args: AskArgs) -> CommandResult {
    if args.each {
        return run_each(location, args);
    }
    let handle = location.open()?;
    let mut request = AskRequest::new(args.question.join(" "), args.limit);
    request.synonyms = Synonyms::load(&handle.dir)?;
    request.filters.documents = document_filter(&handle, args.doc.as_deref())?;
    let reader = handle.reader()?;
    let answer = ask(&handle, &reader.searcher(), &request)?;
    let style = Style::for_stdout();
    let mut out = std::io::stdout().lock();
    if args.json {
        write_json_line(&mut out, &answer)?;
    } else if answer.found {
        let best = &answer.passages[0];
        let text = answer.answer.as_deref().unwrap_or_default();
        if answer.passage_answer {
            writeln!(
                out,
                "答（the passage that answers）：    ({}, confidence {:.2})",
                answer.answer_type.name(),
                answer.confidence
            )?;
        } else {
            writeln!(
                out,
                "答：{}    ({}, confidence {:.2})",
                emphasise(&terminal_safe(text), style),
                answer.answer_type.name(),
                answer.confidence
            )?;
        }
        writeln!(out, "   “{}”", quoted_evidence(best, style))?;
        let citation = Citation::from_hit(&best.hit);
        writeln!(
            out,
            "   —《{}》{}（{}:{}）",
            citation.title,
            citation.place(),
            crate::output::display_path(&best.hit.root, &best.hit.path),
            citation.line
        )?;
        if !answer.named_documents.is_empty() {
            writeln!(
                out,
                "   (read as asking about: {})",
                answer.named_documents.join("、")
            )?;
        }
        if answer.passages.len() > 1 {
            writeln!(out, "\nOther passages (score: how well each answers):")?;
            for (i, passage) in answer.passages.iter().enumerate().skip(1) {
                write_ranked(&mut out, i + 1, passage, style)?;
            }
        }
    } else if !answer.unknown_titles.is_empty() {
        writeln!(
            out,
            "No answer found for “{}”: no indexed document is titled {}.",
            answer.question,
            answer
                .unknown_titles
                .iter()
                .map(|t| format!("《{t}》"))
                .collect::<Vec<_>>()
                .join("、")
        )?;
    } else if let Some(reason) = &answer.refusal {
        writeln!(out, "No answer found for “{}”: {reason}.", answer.question)?;
        if let Some(nearest) = &answer.nearest {
            writeln!(
                out,
                "Nearest figure (not the answer): {}{}",
                terminal_safe(&nearest.text),
                nearest
                    .year
                    .map(|y| format!(" ({y}年)"))
                    .unwrap_or_default()
            )?;
        }
    } else {
        writeln!(
            out,
            "No answer found for “{}”: the best passage scores {:.2}, below {ANSWER_THRESHOLD:.2}.",
            answer.question, answer.confidence
        )?;
    }
    if !args.json && !answer.found && !answer.passages.is_empty() {
        writeln!(out, "\nNearest passages:")?;
        for (i, passage) in answer.passages.iter().enumerate() {
            write_ranked(&mut out, i + 1, passage, style)?;
        }
    }
    out.flush()?;
    if answer.found {
        Ok(Outcome::Found)
    } else {
        eprintln!("zhengce: no answer found for `{}`", answer.question);
        Ok(Outcome::NothingFound)
    }
}

/// A passage as search prints a hit, with the score `ask` ranked it by.
fn write_ranked(
    out: &mut dyn Write,
    rank: usize,
    passage: &AnswerPassage,
    style: Style,
) -> std::io::Result<()> {
    let mut hit = passage.hit.clone();
    hit.score = passage.relevance;
    write_hit(out, rank, &hit, style, "")
}

/// The evidence of the answering passage, its pieces joined with `…` where cut, Markdown
/// markup taken out, the answer marked on a terminal.
fn quoted_evidence(passage: &AnswerPassage, style: Style) -> String {
    let text = &passage.hit.text;
    let ranges = if passage.evidence.is_empty() {
        vec![passage.sentence_span]
    } else {
        passage.evidence.clone()
    };
    let safe = |t: &str| terminal_safe(t).into_owned();
    match passage.answer_span {
        Some((s, e)) if style.color && !ranges.contains(&(s, e)) => {
            let marked: Vec<(usize, usize)> = ranges.clone();
            let plain = safe(&trust::quote(text, &marked));
            let answer = safe(&text[s..e]);
            plain.replacen(&answer, &emphasise(&answer, style), 1)
        }
        _ => safe(&trust::quote(text, &ranges)),
    }
}

/// Bold on a terminal, as it is in a pipe.
fn emphasise(text: &str, style: Style) -> String {
    if style.color {
        format!("\x1b[1;31m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Runs `zhengce ask --each`: the question asked of every document the filters select, printed
/// as a table (or Markdown, CSV, xlsx, JSON Lines); a progress bar on standard error when it is
/// a terminal.
fn run_each(location: &IndexLocation, args: AskArgs) -> CommandResult {
    use crate::cli::{EachFormat, EachSort};
    use crate::qa::each::{ask_each, sort_rows, DocumentFilters, EachRequest, RowOrder};
    use std::io::IsTerminal;

    let handle = location.open()?;
    let request = EachRequest {
        question: args.question.join(" "),
        filters: DocumentFilters {
            doc_type: args.doc_type.clone(),
            year: args.year,
            region: args.region.clone(),
            pattern: args.doc.clone(),
            level: args.level.map(Into::into),
        },
        max_docs: args.max_docs,
        synonyms: Synonyms::load(&handle.dir)?,
        limit: args.limit.min(EACH_PASSAGES),
    };
    if args.format == EachFormat::Xlsx && args.output.is_none() {
        return Err(crate::error::Error::Argument(
            "--format xlsx needs --output FILE (a workbook is not written to a terminal)".into(),
        )
        .into());
    }
    let reader = handle.reader()?;
    let searcher = reader.searcher();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} documents asked")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let mut result = ask_each(&handle, &searcher, &request, &progress)?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let order = match args.sort {
        None => RowOrder::Path,
        Some(EachSort::Answer) => RowOrder::Answer,
        Some(EachSort::Region) => RowOrder::Region,
        Some(EachSort::Date) => RowOrder::Date,
    };
    sort_rows(&mut result.rows, order);
    let rows = &result.rows;
    let answered = rows.iter().filter(|r| r.answer.found).count();
    if args.format == EachFormat::Xlsx {
        let path = args.output.as_deref().unwrap_or(std::path::Path::new(""));
        crate::output::each::write_xlsx(path, rows)?;
    } else {
        let mut file;
        let mut stdout;
        let out: &mut dyn Write = match &args.output {
            Some(path) => {
                file = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| {
                    crate::error::Error::Argument(format!("cannot write {}: {e}", path.display()))
                })?);
                &mut file
            }
            None => {
                stdout = std::io::stdout().lock();
                &mut stdout
            }
        };
        if args.json {
            for row in rows {
                write_json_line(out, row)?;
            }
        } else {
            match args.format {
                EachFormat::Markdown => crate::output::each::write_markdown(out, rows)?,
                EachFormat::Csv => crate::output::each::write_csv(out, rows)?,
                _ => crate::output::each::write_table(out, rows)?,
            }
        }
        out.flush()?;
    }
    let asked = match args.max_docs {
        Some(max) if max < result.selected => format!(" (the first {max} of {})", result.selected),
        _ => String::new(),
    };
    eprintln!("{answered} of {} reports answer{asked}", rows.len());
    if answered > 0 {
        Ok(Outcome::Found)
    } else {
        Ok(Outcome::NothingFound)
    }
}

/// How many passages of each document `ask --each` ranks and keeps.
const EACH_PASSAGES: usize = 6;
