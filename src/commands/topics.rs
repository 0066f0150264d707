//! `zhengce topics`: the topics with how many passages carry each, or one document's topic
//! profile section by section, drawn as bars.

use std::io::Write;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cli::TopicsArgs;
use crate::index::lookup;
use crate::output::{pad_display, write_json_line};
use crate::search::topic::{document_topics, topic_summaries, DocumentTopic, TOPIC_MIN_SCORE};
use crate::topics::{Lexicon, Topic};

/// Width of the longest bar, in terminal columns.
const BAR_WIDTH: usize = 32;

/// Runs `zhengce topics`.
pub fn run(location: &IndexLocation, args: TopicsArgs) -> CommandResult {
    let handle = location.open()?;
    let lexicon = Lexicon::load(&handle.dir, args.topics.as_deref())?;
    let reader = handle.reader()?;
    let searcher = reader.searcher();
    let mut out = std::io::stdout().lock();
    let Some(doc) = &args.doc else {
        let summaries = topic_summaries(&handle, &searcher, &lexicon.topics)?;
        if !args.json {
            writeln!(
                out,
                "{} topics; passages carrying each (topic score ≥ {TOPIC_MIN_SCORE}):\n",
                lexicon.topics.len()
            )?;
        }
        for (topic, summary) in lexicon.topics.iter().zip(&summaries) {
            if args.json {
                write_json_line(&mut out, summary)?;
            } else {
                writeln!(
                    out,
                    "  {:<24} {} {:>6} passages   {}",
                    topic.id,
                    pad_display(&topic.label, 16),
                    summary.passages,
                    heaviest_terms(topic, 6).join(" ")
                )?;
            }
        }
        return Ok(Outcome::Found);
    };

    let (_, manifest) = handle.manifest()?;
    let entry = lookup::resolve(&manifest, doc)?;
    let profile = document_topics(&handle, &searcher, &lexicon.topics, entry)?;
    if args.json {
        for topic in &profile.topics {
            write_json_line(&mut out, topic)?;
        }
        return Ok(Outcome::Found);
    }
    writeln!(out, "{} — topic profile\n", entry.metadata.title)?;
    let mut ranked: Vec<&DocumentTopic> = profile.topics.iter().filter(|t| t.score > 0.0).collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    let overall_max = ranked.first().map_or(0.0, |t| t.score);
    writeln!(out, "whole document")?;
    for topic in &ranked {
        writeln!(
            out,
            "  {}  {} {:>7.1}  {} passages",
            bar(topic.score, overall_max),
            pad_display(&topic.label, 16),
            topic.score,
            topic.passages
        )?;
    }
    let section_max = profile
        .topics
        .iter()
        .flat_map(|t| t.sections.iter().map(|s| s.score))
        .fold(0.0f32, f32::max);
    for label in &profile.sections {
        let mut rows: Vec<(&DocumentTopic, f32)> = ranked
            .iter()
            .filter_map(|topic| {
                topic
                    .sections
                    .iter()
                    .find(|s| &s.section == label)
                    .map(|s| (*topic, s.score))
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        writeln!(out, "\n{label}")?;
        for (topic, score) in rows {
            writeln!(
                out,
                "  {}  {} {:>7.1}",
                bar(score, section_max),
                pad_display(&topic.label, 16),
                score
            )?;
        }
    }
    Ok(Outcome::Found)
}

/// A topic's `n` heaviest terms.
fn heaviest_terms(topic: &Topic, n: usize) -> Vec<&str> {
    let mut terms: Vec<(&String, &f32)> = topic.terms.iter().collect();
    terms.sort_by(|a, b| b.1.total_cmp(a.1).then_with(|| a.0.cmp(b.0)));
    terms.into_iter().take(n).map(|(t, _)| t.as_str()).collect()
}

/// A bar of block characters, [`BAR_WIDTH`] columns for `max`, in eighths.
pub fn bar(value: f32, max: f32) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = if max > 0.0 {
        ((value / max).clamp(0.0, 1.0) * (BAR_WIDTH * 8) as f32).round() as usize
    } else {
        0
    };
    let mut bar = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        bar.push(PARTS[eighths % 8]);
    }
    format!("{bar:<width$}", width = BAR_WIDTH)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bars_scale_in_eighths() {
        assert_eq!(
            super::bar(1.0, 1.0).trim_end().chars().count(),
            super::BAR_WIDTH
        );
        assert_eq!(super::bar(0.0, 1.0).trim_end(), "");
        assert_eq!(super::bar(1.0, 64.0).trim_end(), "▌");
        assert_eq!(super::bar(1.0, 1.0).chars().count(), super::BAR_WIDTH);
    }
}
