//! The layering of the crate: data flows one way (ingest → document → structure → analysis →
//! index → search → ask / compare / cite → output → the command line), so a module names only
//! modules of its own stage or earlier ones. Every `crate::` path in `src/` (in `use` lines and
//! inline) is checked against the table of stages below. The structure parser is a pure function
//! of a text and its line roles, below the format readers that call it. [`KNOWN_REACHES`] names
//! reaches that break the table, to be removed; it is empty, and no new one may be added.

use std::collections::BTreeSet;
use std::path::Path;

/// The stage of each top-level module, earliest first. A module may name modules of a lower
/// stage, and its own; two modules of one stage do not name each other.
const STAGES: &[(&str, u32)] = &[
    ("error", 0),
    ("text", 0),
    ("document", 1),
    ("analysis", 1),
    ("structure", 2),
    ("ingest", 3),
    ("index", 4),
    ("topics", 5),
    ("search", 6),
    ("quantity", 6),
    ("cite", 7),
    ("qa", 8),
    ("compare", 8),
    ("verify", 8),
    ("output", 9),
    ("cli", 10),
    ("mcp", 10),
    ("serve", 10),
    ("commands", 11),
];

/// Reaches that break the stages today: (module, the module it names). Each is a debt to pay
/// (see issue 18), not a licence; the test fails when one is paid and still listed, so the list
/// only shrinks.
const KNOWN_REACHES: &[(&str, &str)] = &[];

fn stage(module: &str) -> Option<u32> {
    STAGES.iter().find(|(m, _)| *m == module).map(|(_, s)| *s)
}

/// The top-level module a source file belongs to (`src/qa/extract.rs` → `qa`), or `None` for
/// the crate roots.
fn module_of(path: &Path, src: &Path) -> Option<String> {
    let relative = path.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_owned();
    (!matches!(name.as_str(), "lib" | "main" | "hugepages")).then_some(name)
}

/// Every top-level module a source text names through `crate::…`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        if text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    named.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            named.insert(name);
        }
    }
    named
}

fn source_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn no_module_reaches_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut reaches = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for file in &files {
        let Some(module) = module_of(file, &src) else {
            continue;
        };
        let Some(own) = stage(&module) else {
            unknown.insert(module);
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for named in named_modules(&text) {
            if named == module || matches!(named.as_str(), "Error" | "Result") {
                continue;
            }
            match stage(&named) {
                None => {
                    unknown.insert(named);
                }
                Some(theirs) if theirs > own || (theirs == own && named != module) => {
                    reaches.insert((module.clone(), named, file.display().to_string()));
                }
                Some(_) => {}
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from the stage table: {unknown:?}"
    );
    let found: BTreeSet<(&str, &str)> = reaches
        .iter()
        .map(|(m, n, _)| (m.as_str(), n.as_str()))
        .collect();
    let new: Vec<&(String, String, String)> = reaches
        .iter()
        .filter(|(m, n, _)| !KNOWN_REACHES.contains(&(m.as_str(), n.as_str())))
        .collect();
    assert!(new.is_empty(), "modules reaching a later stage: {new:#?}");
    let paid: Vec<&(&str, &str)> = KNOWN_REACHES
        .iter()
        .filter(|r| !found.contains(r))
        .collect();
    assert!(
        paid.is_empty(),
        "no longer reached; remove from KNOWN_REACHES: {paid:?}"
    );
}

#[test]
fn the_path_reader_sees_groups_and_inline_paths() {
    let text =
        "use crate::{analysis, index::schema};\nlet n = crate::ingest::clean::f(x);\nmy_crate::x";
    let named: Vec<String> = named_modules(text).into_iter().collect();
    assert_eq!(named, ["analysis", "index", "ingest"]);
}

/// The longest a source file may be, its `#[cfg(test)]` code excluded: a room of a readable size.
const MAX_LINES: usize = 800;

/// Files over [`MAX_LINES`] today, to be split by what each part does (issue 18); the test fails
/// when one is split and still listed, so the list only shrinks.
const KNOWN_LONG_FILES: &[&str] = &[
    "ingest/clean.rs",
    "index/build.rs",
    "qa/mod.rs",
    "search/mod.rs",
];

#[test]
fn no_source_file_is_over_800_lines_without_its_tests() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut long = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines = text
            .lines()
            .take_while(|l| !l.starts_with("#[cfg(test)]") && !l.starts_with("#[cfg(all(test"))
            .count();
        if lines > MAX_LINES {
            let name = file.strip_prefix(&src).unwrap().display().to_string();
            long.insert(name);
        }
    }
    let known: BTreeSet<String> = KNOWN_LONG_FILES.iter().map(|s| s.to_string()).collect();
    let new: Vec<&String> = long.difference(&known).collect();
    assert!(new.is_empty(), "files over {MAX_LINES} lines: {new:?}");
    let split: Vec<&String> = known.difference(&long).collect();
    assert!(
        split.is_empty(),
        "now short enough; remove from KNOWN_LONG_FILES: {split:?}"
    );
}
