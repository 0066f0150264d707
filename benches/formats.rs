//! Extraction cost per MB of input, in-process (no child process), for the Word formats:
//! `.doc`/`.wps` (the binary reader) against `.docx`, and for the table formats.
//!
//! - `fixture/*`: the made-up fixtures of `tests/fixtures/formats/` — the round-trip pair is one
//!   document as `.doc` and as `.docx`;
//! - `shared/*`: the real files of `../shared/formats/` (the `.doc`, both `.wps`, the ten
//!   `.docx`, the `.csv` export), each group over all its files, when `../shared` is beside the
//!   repository (skipped otherwise).
//!
//! Usage: `cargo bench --bench formats`; criterion prints each case's time and MiB/s of input.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zhengce::document::Format;
use zhengce::ingest::extract::{extract, Limits};

fn files(dir: &Path, ext: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == ext));
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("readable"))
        .collect()
}

fn bench_group(c: &mut Criterion, name: &str, format: Format, inputs: &[Vec<u8>]) {
    if inputs.is_empty() {
        return;
    }
    let bytes: usize = inputs.iter().map(Vec::len).sum();
    let limits = Limits::default();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("{} files, {bytes} bytes", inputs.len()), |b| {
        b.iter(|| {
            for input in inputs {
                let parts = extract(format, input, &limits).expect("extracts");
                std::hint::black_box(parts);
            }
        })
    });
    group.finish();
}

fn formats(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures/formats");
    let read = |name: &str| vec![std::fs::read(fixtures.join(name)).expect("fixture")];
    bench_group(c, "fixture/doc", Format::Doc, &read("round-trip.doc"));
    bench_group(c, "fixture/docx", Format::Docx, &read("round-trip.docx"));
    bench_group(c, "fixture/xlsx", Format::Table, &read("two-sheets.xlsx"));
    bench_group(c, "fixture/xls", Format::Table, &read("two-sheets.xls"));
    let shared = root.join("../shared/formats");
    bench_group(
        c,
        "shared/doc",
        Format::Doc,
        &files(&shared.join("doc"), "doc"),
    );
    bench_group(
        c,
        "shared/wps",
        Format::Doc,
        &files(&shared.join("wps"), "wps"),
    );
    bench_group(
        c,
        "shared/docx",
        Format::Docx,
        &files(&shared.join("docx"), "docx"),
    );
    bench_group(
        c,
        "shared/csv",
        Format::Table,
        &files(&shared.join("csv"), "csv"),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = formats
}
criterion_main!(benches);
