//! Extraction cost per MB of input, in-process (no child process), for the Word formats:
//! `.doc`/`.wps` (the binary reader) and `.ofd` against `.docx`, and for the table formats.
//!
//! - `fixture/*`: the made-up fixtures of `tests/fixtures/formats/` — the round-trip pair is one
//!   document as `.doc` and as `.docx`; `fixture/ofd` is both OFD fixtures (two writers);
//! - `synthetic/ofd`: an OFD of 40 pages of 30 lines each, written here, for the cost per MB of
//!   a document larger than the fixtures;
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

/// An OFD package of `pages` pages of `lines` lines, each line a `TextObject` with one
/// `TextCode`, as GB/T 33190 lays a package out.
fn synthetic_ofd(pages: usize, lines: usize) -> Vec<u8> {
    use std::io::Write;
    let ns = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    put(
        "OFD.xml",
        &format!(
            "<ofd:OFD {ns}><ofd:DocBody><ofd:DocInfo><ofd:Title>某某市政府工作报告</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        ),
    );
    let refs: String = (0..pages)
        .map(|p| format!(r#"<ofd:Page ID="{p}" BaseLoc="Pages/Page_{p}/Content.xml"/>"#))
        .collect();
    put(
        "Doc_0/Document.xml",
        &format!("<ofd:Document {ns}><ofd:Pages>{refs}</ofd:Pages></ofd:Document>"),
    );
    for p in 0..pages {
        let objects: String = (0..lines)
            .map(|l| {
                format!(
                    r#"<ofd:TextObject ID="{l}" Boundary="25 {} 160 6" Size="4.2"><ofd:TextCode X="0" Y="4.2" DeltaX="g 35 4.2">第{p}页第{l}行，推进数字政务建设，提升政务服务效能，优化营商环境</ofd:TextCode></ofd:TextObject>"#,
                    30 + l * 8
                )
            })
            .collect();
        put(
            &format!("Doc_0/Pages/Page_{p}/Content.xml"),
            &format!("<ofd:Page {ns}><ofd:Content><ofd:Layer>{objects}</ofd:Layer></ofd:Content></ofd:Page>"),
        );
    }
    zip.finish().unwrap();
    out.into_inner()
}

fn formats(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures/formats");
    let read = |name: &str| vec![std::fs::read(fixtures.join(name)).expect("fixture")];
    bench_group(c, "fixture/doc", Format::Doc, &read("round-trip.doc"));
    bench_group(c, "fixture/docx", Format::Docx, &read("round-trip.docx"));
    let ofd = [read("two-pages.ofd"), read("own-writer.ofd")].concat();
    bench_group(c, "fixture/ofd", Format::Ofd, &ofd);
    bench_group(c, "synthetic/ofd", Format::Ofd, &[synthetic_ofd(40, 30)]);
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
