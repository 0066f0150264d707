//! `zhengce eval`: Hit@1, Hit@5, MRR@10, answer accuracy, precision and refusals of `ask` (or of plain search) on a
//! question set, with each question's rank.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cli::EvalArgs;
use crate::output::write_json_line;
use crate::qa::eval::{evaluate, read_questions, EvalMode, DEPTH};
use crate::search::synonyms::Synonyms;

/// Runs `zhengce eval`.
pub fn run(location: &IndexLocation, args: EvalArgs) -> CommandResult {
    let questions = read_questions(&args.file)?;
    let handle = location.open()?;
    let synonyms = Synonyms::load(&handle.dir)?;
    let mode = if args.search {
        EvalMode::Search
    } else if args.baseline {
        EvalMode::Baseline
    } else {
        EvalMode::Ask
    };
    let reader = handle.reader()?;
    let report = evaluate(&handle, &reader.searcher(), &questions, mode, &synonyms)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        write_json_line(&mut out, &report)?;
    } else {
        for o in &report.outcomes {
            let rank = o.rank.map_or("-".to_owned(), |r| r.to_string());
            let answer = match (&o.gold, o.answer_correct) {
                (Some(gold), Some(ok)) => format!(
                    "  answer {} {} (gold {gold}, confidence {:.2})",
                    if ok { "✓" } else { "✗" },
                    o.answer.as_deref().unwrap_or("—"),
                    o.confidence
                ),
                _ if !o.answerable => match o.found {
                    Some(false) => "  no answer ✓".to_owned(),
                    Some(true) => format!(
                        "  answer ✗ {} (the documents hold none)",
                        o.answer.as_deref().unwrap_or("—")
                    ),
                    None => String::new(),
                },
                _ => String::new(),
            };
            writeln!(
                out,
                "{:<10} {:<8} rank {:>2}  {:>6.1} ms  {}{answer}",
                o.id, o.kind, rank, o.millis, o.question
            )?;
        }
        writeln!(
            out,
            "\n{} over {} questions: Hit@1 {:.3}  Hit@5 {:.3}  MRR@{DEPTH} {:.3}",
            match mode {
                EvalMode::Ask => "ask",
                EvalMode::Search => "search",
                EvalMode::Baseline => "baseline",
            },
            report.answerable,
            report.hit_at_1,
            report.hit_at_5,
            report.mrr_at_10
        )?;
        if mode == EvalMode::Ask {
            writeln!(
                out,
                "answer accuracy {:.3} ({}/{} questions with a gold answer); precision {:.3} ({}/{} answers given right); median answer {} characters",
                report.answer_accuracy,
                report.answers_correct,
                report.with_answer,
                report.precision,
                report.answers_correct,
                report.answered,
                report.median_answer_chars
            )?;
            writeln!(out, "by confidence: band  answered  right")?;
            for band in report.bands.iter().filter(|b| b.answered > 0) {
                writeln!(
                    out,
                    "  {:.2}–{:.2}  {:>8}  {:>5}",
                    band.from, band.to, band.answered, band.right
                )?;
            }
            let unanswerable = report.questions - report.answerable;
            if unanswerable > 0 {
                writeln!(
                    out,
                    "refused {}/{unanswerable} questions the documents do not answer ({:.3})",
                    report.unanswerable_refused, report.refusal_rate
                )?;
            }
            writeln!(
                out,
                "no answer found (wrongly) for {}/{} questions that have one",
                report.answerable_refused, report.answerable
            )?;
        }
        if let Some((id, ms)) = &report.slowest {
            writeln!(
                out,
                "median {:.1} ms per question; slowest {id} at {ms:.1} ms",
                report.median_millis
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::Found)
}
