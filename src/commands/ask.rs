//! `zhengce ask`: the answer to a question, the sentence it comes from with its citation, and
//! the other candidate passages; exit 1 when nothing answers.

use std::io::Write;

use super::{document_filter, CommandResult, IndexLocation, Outcome};
use crate::cite::Citation;
use crate::cli::AskArgs;
use crate::output::{write_hit, write_json_line, Style};
use crate::qa::{ask, AnswerPassage, AskRequest, ANSWER_THRESHOLD};
use crate::search::synonyms::Synonyms;

/// Runs `zhengce ask`.
pub fn run(location: &IndexLocation, args: AskArgs) -> CommandResult {
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
        let whole_sentence = best.answer_span == Some(best.sentence_span);
        match &answer.answer {
            Some(_) if whole_sentence => writeln!(
                out,
                "答：    ({}, confidence {:.2})",
                answer.answer_type.name(),
                answer.confidence
            )?,
            Some(text) => writeln!(
                out,
                "答：{}    ({}, confidence {:.2})",
                emphasise(text, style),
                answer.answer_type.name(),
                answer.confidence
            )?,
            None => writeln!(
                out,
                "答：— no {} stands in the best passage; the sentence that comes closest:    (confidence {:.2})",
                answer.answer_type.name(),
                answer.confidence
            )?,
        }
        writeln!(out, "   “{}”", quoted_sentence(best, style))?;
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
            writeln!(out, "\nOther passages:")?;
            for (i, passage) in answer.passages.iter().enumerate().skip(1) {
                write_hit(&mut out, i + 1, &passage.hit, style, "")?;
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
            write_hit(&mut out, i + 1, &passage.hit, style, "")?;
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

/// The answering sentence, with the answer span marked on a terminal.
fn quoted_sentence(passage: &AnswerPassage, style: Style) -> String {
    let (start, end) = passage.sentence_span;
    let text = &passage.hit.text;
    match passage.answer_span {
        Some((s, e)) if style.color && s >= start && e <= end && (s, e) != (start, end) => {
            format!(
                "{}{}{}",
                &text[start..s],
                emphasise(&text[s..e], style),
                &text[e..end]
            )
        }
        _ => text[start..end].to_owned(),
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
