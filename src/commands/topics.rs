//! `zhengce topics`: the topics with how many passages carry each, or one document's topic
//! profile section by section, drawn as bars.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::{CommandResult, IndexLocation, Outcome};
use crate::cli::TopicsArgs;
use crate::index::{lookup, schema};
use crate::output::{pad_display, write_json_line};
use crate::search::topic::{carrying_counts, document_profile, TopicProfile, TOPIC_MIN_SCORE};
use crate::topics::{Lexicon, Topic};

/// Width of the longest bar, in terminal columns.
const BAR_WIDTH: usize = 32;
/// The label of passages before a document's first heading.
const BEFORE_HEADINGS: &str = "(before the first heading)";

/// A topic as `zhengce topics --json` prints it.
#[derive(Serialize)]
struct TopicLine<'a> {
    id: &'a str,
    label: &'a str,
    description: &'a str,
    /// Passages whose topic score reaches the threshold.
    passages: usize,
    terms: &'a BTreeMap<String, f32>,
}

/// A topic's share of one document, as `zhengce topics --doc … --json` prints it.
#[derive(Serialize)]
struct ProfileLine<'a> {
    id: &'a str,
    label: &'a str,
    /// The topic's score summed over the document's passages.
    score: f32,
    /// Passages of the document that carry it.
    passages: usize,
    /// The score by top-level section, in document order.
    sections: Vec<SectionScore>,
}

#[derive(Serialize)]
struct SectionScore {
    section: String,
    score: f32,
}

/// Runs `zhengce topics`.
pub fn run(location: &IndexLocation, args: TopicsArgs) -> CommandResult {
    let handle = location.open()?;
    let lexicon = Lexicon::load(&handle.dir, args.topics.as_deref())?;
    let reader = handle.reader()?;
    let searcher = reader.searcher();
    let mut out = std::io::stdout().lock();
    let Some(doc) = &args.doc else {
        let counts = carrying_counts(&handle.fields, &handle.analyzer, &searcher, &lexicon.topics)?;
        if !args.json {
            writeln!(
                out,
                "{} topics; passages carrying each (topic score ≥ {TOPIC_MIN_SCORE}):\n",
                lexicon.topics.len()
            )?;
        }
        for (topic, passages) in lexicon.topics.iter().zip(counts) {
            if args.json {
                write_json_line(
                    &mut out,
                    &TopicLine {
                        id: &topic.id,
                        label: &topic.label,
                        description: &topic.description,
                        passages,
                        terms: &topic.terms,
                    },
                )?;
            } else {
                writeln!(
                    out,
                    "  {:<24} {} {:>6} passages   {}",
                    topic.id,
                    pad_display(&topic.label, 16),
                    passages,
                    heaviest_terms(topic, 6).join(" ")
                )?;
            }
        }
        return Ok(Outcome::Found);
    };

    let (_, manifest) = handle.manifest()?;
    let entry = lookup::resolve(&manifest, doc)?;
    let key = schema::doc_key(&entry.root, &entry.path);
    let profiles = document_profile(
        &handle.fields,
        &handle.analyzer,
        &searcher,
        &lexicon.topics,
        &key,
        entry.passages as usize,
    )?;
    // Top-level sections in document order, those before the first heading first.
    let opened = lookup::open(entry)?;
    let order: Vec<&str> = std::iter::once("")
        .chain(
            opened
                .document
                .sections
                .iter()
                .filter(|s| s.depth == 0)
                .map(|s| s.label.as_str()),
        )
        .collect();
    let shown = |label: &str| {
        if label.is_empty() {
            BEFORE_HEADINGS.to_owned()
        } else {
            label.to_owned()
        }
    };
    if args.json {
        for (topic, profile) in lexicon.topics.iter().zip(&profiles) {
            let sections = order
                .iter()
                .filter_map(|label| {
                    profile.by_section.get(*label).map(|&score| SectionScore {
                        section: shown(label),
                        score,
                    })
                })
                .collect();
            write_json_line(
                &mut out,
                &ProfileLine {
                    id: &topic.id,
                    label: &topic.label,
                    score: profile.total,
                    passages: profile.carrying,
                    sections,
                },
            )?;
        }
        return Ok(Outcome::Found);
    }
    writeln!(out, "{} — topic profile\n", entry.metadata.title)?;
    let mut ranked: Vec<(&Topic, &TopicProfile)> = lexicon
        .topics
        .iter()
        .zip(&profiles)
        .filter(|(_, p)| p.total > 0.0)
        .collect();
    ranked.sort_by(|a, b| b.1.total.total_cmp(&a.1.total));
    let overall_max = ranked.first().map_or(0.0, |r| r.1.total);
    writeln!(out, "whole document")?;
    for (topic, profile) in &ranked {
        writeln!(
            out,
            "  {}  {} {:>7.1}  {} passages",
            bar(profile.total, overall_max),
            pad_display(&topic.label, 16),
            profile.total,
            profile.carrying
        )?;
    }
    let section_max = profiles
        .iter()
        .flat_map(|p| p.by_section.values().copied())
        .fold(0.0f32, f32::max);
    for label in order {
        let mut rows: Vec<(&Topic, f32)> = ranked
            .iter()
            .filter_map(|(topic, p)| p.by_section.get(label).map(|&s| (*topic, s)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        writeln!(out, "\n{}", shown(label))?;
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
