//! Indexing: bring an index in line with the files under one or more roots.
//!
//! Incremental by content hash: unchanged files are skipped, changed ones replaced, removed ones
//! deleted, all in one commit at the end whose payload names the new manifest. A first build (or
//! `--rebuild`) is made in a hidden folder inside the index folder and moved into place with
//! `meta.json` last, so a killed first run leaves no index rather than an empty one.
//!
//! One thread reads, hashes, decodes and splits files; the calling thread feeds tantivy's
//! writer, whose own thread does the tokenising.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use tantivy::{doc, IndexWriter, TantivyDocument, Term};

use super::manifest::{CommitPayload, FileEntry, Manifest};
use super::schema::{self, Fields};
use super::{exists, IndexHandle, IndexSettings, FORMAT_VERSION};
use crate::analysis::words::analyze_words;
use crate::analysis::{Analyzer, Segmenter};
use crate::document::{section_path, Document, Encoding};
use crate::error::{Error, Result};
use crate::ingest::sandbox::Extractor;
use crate::ingest::{self, FoundFile, Skip};

/// Settings for one indexing run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Files larger than this are skipped.
    pub max_file_bytes: u64,
    /// A user dictionary (its path and contents) to build a new index with.
    pub user_dict: Option<(PathBuf, String)>,
    /// Throw the existing index away and build anew.
    pub rebuild: bool,
    /// tantivy writer memory budget, in bytes.
    pub writer_memory: usize,
    /// Where HTML, .docx and .zip files are extracted: a bounded child process when this is the
    /// zhengce binary, in this process (with the same size caps) otherwise.
    pub extractor: Extractor,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            max_file_bytes: ingest::DEFAULT_MAX_FILE_BYTES,
            user_dict: None,
            rebuild: false,
            // 300 MB per indexing thread: the whole bench corpus (144 MB of text) fits in one
            // segment per thread, which is 10 MB smaller on disk than six segments and has
            // nothing to merge; peak memory stays near 550 MB.
            writer_memory: 600_000_000,
            extractor: Extractor::default(),
        }
    }
}

/// What happened to the files of an indexing run, for the summary.
#[derive(Debug, Default)]
pub struct IndexReport {
    /// The index folder.
    pub index_dir: PathBuf,
    /// Whether this run created the index.
    pub created: bool,
    /// Whether a commit landed.
    pub committed: bool,
    /// Files (re)indexed, by path on disk.
    pub indexed: Vec<PathBuf>,
    /// Files whose content had not changed.
    pub unchanged: usize,
    /// Documents removed because their files are gone (root-relative paths).
    pub removed: Vec<String>,
    /// Files and folders skipped, with reasons.
    pub skipped: Vec<Skip>,
    /// Files that were empty (indexed with no passages).
    pub empty: Vec<PathBuf>,
    /// Files not indexed because their text is the same as a document's already indexed: the
    /// file on disk and the path of the document it copies.
    pub duplicates: Vec<(PathBuf, String)>,
    /// Files decoded from an encoding other than plain UTF-8.
    pub encodings: Vec<(PathBuf, Encoding)>,
    /// Passages added in this run.
    pub passages_added: u64,
    /// Documents and passages in the index after the run.
    pub documents_total: usize,
    /// Passages in the index after the run.
    pub passages_total: u64,
    /// Bytes read from disk.
    pub bytes_read: u64,
    /// Seconds the run took.
    pub seconds: f64,
}

/// A step of an indexing run, for progress display.
#[derive(Debug, Clone)]
pub enum Progress {
    /// The files to look at are known.
    Found(usize),
    /// One more file was looked at.
    File(PathBuf),
    /// Committing.
    Committing,
}

/// One root to index, and the part of it this run covers.
#[derive(Debug, Clone)]
struct Scope {
    root: PathBuf,
    /// Root-relative path of the part covered ("" for all of it).
    prefix: String,
}

impl Scope {
    fn root_str(&self) -> String {
        self.root.to_string_lossy().into_owned()
    }

    fn covers(&self, entry: &FileEntry) -> bool {
        entry.root == self.root_str()
            && (self.prefix.is_empty()
                || entry.path == self.prefix
                || entry.path.starts_with(&format!("{}/", self.prefix)))
    }
}

/// What the reading thread sends to the writing thread.
enum Work {
    Index {
        scope: usize,
        file: FoundFile,
        document: Box<Document>,
        hash: String,
        bytes: u64,
    },
    Unchanged {
        key: String,
    },
    Skipped(Skip),
}

/// Indexes `paths` into the index in `index_dir`, creating it if needed.
pub fn index_paths(
    index_dir: &Path,
    paths: &[PathBuf],
    options: &IndexOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<IndexReport> {
    let started = Instant::now();
    let dir_existed = index_dir.exists();
    std::fs::create_dir_all(index_dir).map_err(|e| Error::io(index_dir, e))?;
    let lock_path = index_dir.join(".zhengce.lock");
    let lock_existed = lock_path.exists();
    let lock = std::fs::File::create(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
    if lock.try_lock().is_err() {
        return Err(Error::IndexBusy {
            path: index_dir.into(),
        });
    }
    let mut cleanup = FailedRunCleanup {
        index_dir,
        build_dir: None,
        lock_path: (!lock_existed).then(|| lock_path.clone()),
        created_dir: !dir_existed,
    };
    remove_stale_builds(index_dir);

    let fresh = options.rebuild || !exists(index_dir);
    if fresh {
        check_free_for_index(index_dir)?;
    }
    let build_dir = if fresh {
        index_dir.join(format!(".build-{}", std::process::id()))
    } else {
        index_dir.to_path_buf()
    };
    if fresh {
        cleanup.build_dir = Some(build_dir.clone());
    }
    let (handle, mut manifest) = if fresh {
        (create(&build_dir, options)?, Manifest::default())
    } else {
        let handle = IndexHandle::open(index_dir)?;
        if let Some((path, text)) = &options.user_dict {
            if text != handle.analyzer.user_dict() {
                return Err(Error::IndexMismatch {
                    path: index_dir.into(),
                    found: "another user dictionary".into(),
                    expected: format!("{}", path.display()),
                });
            }
        }
        let (_, manifest) = handle.manifest()?;
        (handle, manifest)
    };

    let scopes = resolve_scopes(paths, &mut manifest)?;
    let mut report = IndexReport {
        index_dir: index_dir.into(),
        created: fresh,
        ..IndexReport::default()
    };
    let mut writer: IndexWriter = handle
        .index
        .writer_with_num_threads(2, options.writer_memory)?;
    let fields = handle.fields;
    let mut changed = fresh;

    // Roots that the new roots contain are absorbed: their documents come back under the new root.
    let kept_roots: BTreeSet<String> = manifest.roots.iter().cloned().collect();
    let mut absorbed: Vec<(PathBuf, String)> = Vec::new();
    for key in manifest
        .files
        .iter()
        .filter(|(_, e)| !kept_roots.contains(&e.root))
        .map(|(k, _)| k.clone())
        .collect::<Vec<_>>()
    {
        writer.delete_term(Term::from_field_text(fields.doc_key, &key));
        if let Some(entry) = manifest.files.remove(&key) {
            absorbed.push((super::lookup::file_path(&entry), entry.path));
        }
        changed = true;
    }

    let known: HashMap<String, String> = manifest
        .files
        .iter()
        .map(|(k, e)| (k.clone(), e.hash.clone()))
        .collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    // Copies are found again on every run, in walk order: the first file with a text keeps it.
    let copies_before: HashMap<String, Vec<String>> = manifest
        .files
        .iter()
        .map(|(k, e)| (k.clone(), e.copies.clone()))
        .collect();
    let mut by_text: HashMap<String, String> = HashMap::new();
    let pause_after = test_pause_after();
    let mut added_files = 0usize;

    std::thread::scope(|s| -> Result<()> {
        let (tx, rx) = mpsc::sync_channel::<Work>(32);
        let reading = Reading {
            scopes: &scopes,
            index_dir,
            known: &known,
            max_bytes: options.max_file_bytes,
            extractor: &options.extractor,
        };
        let (count_tx, count_rx) = mpsc::channel::<usize>();
        s.spawn(move || read_files(&reading, tx, count_tx));
        if let Ok(total) = count_rx.recv() {
            progress(Progress::Found(total));
        }
        for work in rx {
            match work {
                Work::Unchanged { key } => {
                    report.unchanged += 1;
                    if let Some(entry) = manifest.files.get_mut(&key) {
                        entry.copies.clear();
                        if !entry.text_hash.is_empty() {
                            by_text
                                .entry(entry.text_hash.clone())
                                .or_insert_with(|| key.clone());
                        }
                    }
                    seen.insert(key);
                }
                Work::Skipped(skip) => {
                    progress(Progress::File(skip.path.clone()));
                    report.skipped.push(skip);
                }
                Work::Index {
                    scope,
                    file,
                    document,
                    hash,
                    bytes,
                } => {
                    progress(Progress::File(file.abs_path.clone()));
                    let root = scopes[scope].root_str();
                    let key = schema::doc_key(&root, &document.path);
                    if known.contains_key(&key) {
                        writer.delete_term(Term::from_field_text(fields.doc_key, &key));
                    }
                    let text_hash = normalised_text_hash(&document);
                    let original = by_text
                        .get(&text_hash)
                        .filter(|k| **k != key)
                        .and_then(|k| manifest.files.get_mut(k));
                    if let Some(original) = original {
                        if !original.copies.contains(&document.path) {
                            original.copies.push(document.path.clone());
                        }
                        report
                            .duplicates
                            .push((file.abs_path.clone(), original.path.clone()));
                        if manifest.files.remove(&key).is_some() {
                            changed = true;
                        }
                        continue;
                    }
                    if !text_hash.is_empty() {
                        by_text.insert(text_hash.clone(), key.clone());
                    }
                    let id = manifest.document_id(&root, &document.path);
                    add_document(
                        &writer,
                        &fields,
                        &**handle.analyzer.jieba(),
                        &root,
                        &key,
                        id,
                        &document,
                    )?;
                    if document.passages.is_empty() {
                        report.empty.push(file.abs_path.clone());
                    }
                    if document.encoding != Encoding::Utf8 {
                        report
                            .encodings
                            .push((file.abs_path.clone(), document.encoding));
                    }
                    report.passages_added += document.passages.len() as u64;
                    report.bytes_read += bytes;
                    report.indexed.push(file.abs_path);
                    manifest.files.insert(
                        key.clone(),
                        FileEntry {
                            root,
                            path: document.path,
                            hash,
                            bytes,
                            passages: document.passages.len() as u32,
                            encoding: document.encoding,
                            metadata: document.metadata,
                            id,
                            text_hash,
                            copies: Vec::new(),
                        },
                    );
                    seen.insert(key);
                    changed = true;
                    added_files += 1;
                    if pause_after == Some(added_files) {
                        eprintln!("zhengce-test: paused after {added_files} files");
                        std::thread::sleep(std::time::Duration::from_secs(600));
                    }
                }
            }
        }
        Ok(())
    })?;

    // An absorbed document whose file the new root no longer holds is gone.
    let still_there: BTreeSet<&PathBuf> = report
        .indexed
        .iter()
        .chain(report.skipped.iter().map(|s| &s.path))
        .collect();
    for (file, path) in &absorbed {
        if !still_there.contains(file) {
            report.removed.push(path.clone());
        }
    }
    for scope in &scopes {
        let gone: Vec<String> = manifest
            .files
            .iter()
            .filter(|(k, e)| scope.covers(e) && !seen.contains(*k))
            .map(|(k, _)| k.clone())
            .collect();
        for key in gone {
            writer.delete_term(Term::from_field_text(fields.doc_key, &key));
            if let Some(entry) = manifest.files.remove(&key) {
                report.removed.push(entry.path);
            }
            changed = true;
        }
    }
    changed |= manifest
        .files
        .iter()
        .any(|(k, e)| copies_before.get(k).is_none_or(|c| *c != e.copies));
    let roots_before = manifest.roots.clone();
    for scope in &scopes {
        let root = scope.root_str();
        if !manifest.roots.contains(&root) {
            manifest.roots.push(root);
        }
    }
    manifest.roots.sort();
    changed |= manifest.roots != roots_before;

    if changed {
        progress(Progress::Committing);
        let (name, hash) = manifest.write(&build_dir)?;
        let payload = CommitPayload {
            format: FORMAT_VERSION,
            manifest: name.clone(),
            manifest_hash: hash,
            committed_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
        };
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(&payload).expect("payload serialises"));
        prepared.commit()?;
        writer.wait_merging_threads()?;
        if fresh {
            move_into_place(&build_dir, index_dir)?;
        }
        Manifest::remove_others(index_dir, &name);
        report.committed = true;
    } else {
        drop(writer);
    }
    report.documents_total = manifest.files.len();
    report.passages_total = manifest.passage_count();
    report.seconds = started.elapsed().as_secs_f64();
    cleanup.disarm();
    drop(lock);
    Ok(report)
}

/// What a run that fails part-way leaves behind is removed when this is dropped, unless the run
/// disarmed it on success: the hidden build folder of a first build, the lock file if the run
/// made it, and the index folder if the run made it (and it is then empty). A failed run thus
/// leaves the folder as it found it; the previous index, if any, is untouched either way.
struct FailedRunCleanup<'a> {
    index_dir: &'a Path,
    build_dir: Option<PathBuf>,
    lock_path: Option<PathBuf>,
    created_dir: bool,
}

impl FailedRunCleanup<'_> {
    /// The run succeeded: keep everything.
    fn disarm(&mut self) {
        self.build_dir = None;
        self.lock_path = None;
        self.created_dir = false;
    }
}

impl Drop for FailedRunCleanup<'_> {
    fn drop(&mut self) {
        if let Some(build_dir) = &self.build_dir {
            let _ = std::fs::remove_dir_all(build_dir);
        }
        if let Some(lock_path) = &self.lock_path {
            let _ = std::fs::remove_file(lock_path);
        }
        if self.created_dir {
            // Only an empty folder is removed: anything else in it is not this run's.
            let _ = std::fs::remove_dir(self.index_dir);
        }
    }
}

/// The hash by which copies of one document are recognised: its analysed text (page furniture
/// and markup masked) without white space, so line breaks and formats do not matter; empty when
/// nothing is left.
fn normalised_text_hash(document: &Document) -> String {
    hash_without_white_space(&document.analysis_text)
}

/// The hex blake3 hash of `text` with its white space removed, or empty when nothing is left.
/// The runs between white space are hashed as they are found, without building that text.
fn hash_without_white_space(text: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    let mut hashed_any = false;
    for run in text
        .split(char::is_whitespace)
        .filter(|run| !run.is_empty())
    {
        hasher.update(run.as_bytes());
        hashed_any = true;
    }
    if !hashed_any {
        return String::new();
    }
    hasher.finalize().to_hex().to_string()
}

/// Creates a new, empty index in `dir` with the run's analyser settings.
fn create(dir: &Path, options: &IndexOptions) -> Result<IndexHandle> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let (user_dict_path, user_dict) = options
        .user_dict
        .clone()
        .unwrap_or_else(|| (PathBuf::from("<none>"), String::new()));
    let analyzer = Analyzer::new(&user_dict, &user_dict_path)?;
    let settings = IndexSettings {
        format: FORMAT_VERSION,
        analyzer: analyzer.fingerprint(),
    };
    let settings_path = dir.join(super::SETTINGS_FILE);
    std::fs::write(
        &settings_path,
        serde_json::to_vec_pretty(&settings).expect("settings serialise"),
    )
    .map_err(|e| Error::io(&settings_path, e))?;
    let dict_path = dir.join(super::USER_DICT_FILE);
    std::fs::write(&dict_path, &user_dict).map_err(|e| Error::io(&dict_path, e))?;
    let (schema, _) = schema::build();
    let index = tantivy::Index::builder()
        .schema(schema)
        .settings(tantivy::IndexSettings {
            // Level 1: level 6 took the compressing thread from about 4 % of the indexing CPU
            // to 10 % for a store 2.5 % smaller; reading back is as fast at either level.
            docstore_compression: tantivy::store::Compressor::Zstd(
                tantivy::store::ZstdCompressor {
                    compression_level: Some(1),
                },
            ),
            ..tantivy::IndexSettings::default()
        })
        .create_in_dir(dir)?;
    Ok(IndexHandle::new(dir, index, analyzer))
}

/// Refuses to create an index in a folder that holds other people's files.
fn check_free_for_index(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && !is_index_file(&name) {
            return Err(Error::Argument(format!(
                "{} holds files that are not an index (such as {name}); choose an empty folder for --index",
                dir.display()
            )));
        }
    }
    Ok(())
}

/// Whether a file name is one that an index folder holds.
fn is_index_file(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        ".idx",
        ".pos",
        ".term",
        ".store",
        ".fast",
        ".fieldnorm",
        ".del",
    ];
    name == "meta.json"
        || name == super::SETTINGS_FILE
        || name == super::USER_DICT_FILE
        || (name.starts_with("manifest-") && name.ends_with(".json"))
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Removes hidden build folders left by killed runs (the caller holds the lock).
fn remove_stale_builds(index_dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(index_dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(".build-") {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Moves a finished build into the index folder, `meta.json` last, then removes the previous
/// index's files that the new one does not use.
fn move_into_place(build_dir: &Path, index_dir: &Path) -> Result<()> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(build_dir).map_err(|e| Error::io(build_dir, e))? {
        let entry = entry.map_err(|e| Error::io(build_dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".lock") {
            continue;
        }
        names.push(name);
    }
    names.sort_by_key(|n| n == "meta.json");
    for name in &names {
        let to = index_dir.join(name);
        std::fs::rename(build_dir.join(name), &to).map_err(|e| Error::io(&to, e))?;
    }
    let keep: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    if let Ok(entries) = std::fs::read_dir(index_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_index_file(&name) && !keep.contains(name.as_str()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let _ = std::fs::remove_dir_all(build_dir);
    Ok(())
}

/// Turns the command line's paths into roots and scopes; updates the manifest's roots for roots
/// the new ones contain (their documents will be re-indexed under the new root).
fn resolve_scopes(paths: &[PathBuf], manifest: &mut Manifest) -> Result<Vec<Scope>> {
    let mut scopes = Vec::new();
    for path in paths {
        let canonical = path.canonicalize().map_err(|e| {
            Error::Argument(format!("{}: {}", path.display(), ingest::describe_io(&e)))
        })?;
        let inside = manifest.roots.iter().find_map(|root| {
            let root = Path::new(root);
            canonical.strip_prefix(root).ok().map(|rest| Scope {
                root: root.to_path_buf(),
                prefix: rest
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            })
        });
        let scope = match inside {
            Some(scope) => scope,
            None => {
                manifest
                    .roots
                    .retain(|root| !Path::new(root).starts_with(&canonical));
                Scope {
                    root: canonical,
                    prefix: String::new(),
                }
            }
        };
        scopes.push(scope);
    }
    Ok(scopes)
}

/// What the reading thread needs.
struct Reading<'a> {
    scopes: &'a [Scope],
    index_dir: &'a Path,
    /// The content hash of each document already indexed, by key.
    known: &'a HashMap<String, String>,
    max_bytes: u64,
    extractor: &'a Extractor,
}

/// The reading thread: walks the scopes, reads and hashes each file, and decodes (or extracts)
/// the changed ones. The members of a `.zip` share the archive's hash.
fn read_files(reading: &Reading, tx: mpsc::SyncSender<Work>, count_tx: mpsc::Sender<usize>) {
    let mut walked = Vec::new();
    for (i, scope) in reading.scopes.iter().enumerate() {
        let start = if scope.prefix.is_empty() {
            scope.root.clone()
        } else {
            scope.root.join(&scope.prefix)
        };
        let (files, skips) = ingest::walk(&start, Some(reading.index_dir));
        walked.push((i, files, skips));
    }
    let _ = count_tx.send(walked.iter().map(|(_, f, s)| f.len() + s.len()).sum());
    for (i, files, skips) in walked {
        let scope = &reading.scopes[i];
        for skip in skips {
            if tx.send(Work::Skipped(skip)).is_err() {
                return;
            }
        }
        for mut file in files {
            if !scope.prefix.is_empty() {
                file.rel_path = if file.abs_path == scope.root.join(&scope.prefix) {
                    scope.prefix.clone()
                } else {
                    format!("{}/{}", scope.prefix, file.rel_path)
                };
            }
            for work in read_one(reading, i, file) {
                if tx.send(work).is_err() {
                    return;
                }
            }
        }
    }
}

/// What one file gives the writing thread: its documents, or that they are unchanged, or why it
/// (or a member of it) was skipped.
fn read_one(reading: &Reading, scope: usize, file: FoundFile) -> Vec<Work> {
    let key = schema::doc_key(&reading.scopes[scope].root_str(), &file.rel_path);
    let bytes = match ingest::read_bytes(&file.abs_path, reading.max_bytes) {
        Ok(bytes) => bytes,
        Err(reason) => {
            return vec![Work::Skipped(Skip {
                path: file.abs_path,
                reason,
            })]
        }
    };
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let unchanged: Vec<String> = if file.format.holds_documents() {
        // An archive's members, or a table's rows, or the table itself.
        let members = format!("{key}/");
        reading
            .known
            .iter()
            .filter(|(k, h)| (k.starts_with(&members) || **k == key) && **h == hash)
            .map(|(k, _)| k.clone())
            .collect()
    } else if reading.known.get(&key) == Some(&hash) {
        vec![key]
    } else {
        Vec::new()
    };
    if !unchanged.is_empty() {
        return unchanged
            .into_iter()
            .map(|key| Work::Unchanged { key })
            .collect();
    }
    let contents = match ingest::read_file(&file, &bytes, reading.extractor) {
        Ok(contents) => contents,
        Err(err) => {
            return vec![Work::Skipped(Skip {
                path: file.abs_path,
                reason: err.to_string(),
            })]
        }
    };
    let mut work: Vec<Work> = contents.skipped.into_iter().map(Work::Skipped).collect();
    let mut size = bytes.len() as u64;
    for document in contents.documents {
        work.push(Work::Index {
            scope,
            file: file.clone(),
            document: Box::new(document),
            hash: hash.clone(),
            // An archive's bytes are counted once, with its first member.
            bytes: std::mem::take(&mut size),
        });
    }
    work
}

/// Adds the document's card (what names it) and one tantivy document per passage. The title
/// context and each section's headings are segmented once, and their terms are given joined by
/// spaces to the whitespace tokenizer of the title and heading fields.
fn add_document(
    writer: &IndexWriter,
    fields: &Fields,
    jieba: &dyn Segmenter,
    root: &str,
    key: &str,
    id: u64,
    document: &Document,
) -> Result<()> {
    let meta = &document.metadata;
    let title_terms = joined_terms(jieba, &title_context(document));
    let mut heading_cache: HashMap<Option<u32>, (String, String)> = HashMap::new();
    let date_key = schema::date_key(meta.filter_date(false).unwrap_or_default());
    let page_date_key = schema::date_key(meta.filter_date(true).unwrap_or_default());
    let regions = meta
        .region
        .as_deref()
        .map(schema::region_keys)
        .unwrap_or_default();
    let mut card: TantivyDocument = doc!(
        fields.doc_key => key,
        fields.doc_id => id,
        fields.card_id => id,
        fields.card => 1u64,
        fields.title_words => title_terms,
        fields.root => root,
        fields.path => document.path.as_str(),
        fields.title => meta.title.as_str(),
    );
    let optional = [
        (fields.date, meta.date.as_deref()),
        (fields.page_date, meta.page_date.as_deref()),
        (fields.url, meta.url.as_deref()),
        (fields.stored_doc_type, meta.doc_type.as_deref()),
        (fields.stored_region, meta.region.as_deref()),
        (fields.doc_number, meta.doc_number.as_deref()),
        (fields.issuer, meta.issuer.as_deref()),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            card.add_text(field, value);
        }
    }
    writer.add_document(card)?;
    let mut chars_before = 0usize;
    let mut counted_to = 0usize;
    for passage in &document.passages {
        let text = document.passage_text(passage);
        let analysis = document.passage_analysis_text(passage);
        chars_before += document.text[counted_to..passage.span.start]
            .chars()
            .count();
        counted_to = passage.span.start;
        let char_len = text.chars().count();
        let (section_path, headings) = heading_cache
            .entry(passage.section)
            .or_insert_with(|| {
                let labels = section_path(&document.sections, passage.section);
                (
                    labels.join(schema::SECTION_SEPARATOR),
                    joined_terms(jieba, &labels.join(" ")),
                )
            })
            .clone();
        let mut tdoc: TantivyDocument = doc!(
            fields.doc_key => key,
            fields.doc_id => id,
            fields.line => u64::from(passage.line),
            fields.ordinal => u64::from(passage.ordinal),
            fields.byte_start => passage.span.start as u64,
            fields.byte_end => passage.span.end as u64,
            fields.char_start => chars_before as u64,
            fields.char_end => (chars_before + char_len) as u64,
            fields.paragraph => u64::from(passage.paragraph),
            fields.clause => u64::from(passage.clause.unwrap_or(0)),
            fields.section_path => section_path,
            fields.text => text,
            fields.words => analysis,
            fields.bigrams => analysis,
            fields.date_key => date_key,
            fields.page_date_key => page_date_key,
        );
        tdoc.add_text(fields.heading_words, &headings);
        if analysis != text {
            tdoc.add_text(fields.analysis_text, analysis);
        }
        if let Some(doc_type) = &meta.doc_type {
            tdoc.add_text(fields.doc_type, doc_type);
        }
        for region in &regions {
            tdoc.add_text(fields.region, region);
        }
        writer.add_document(tdoc)?;
    }
    Ok(())
}

/// What a query may name a document by: its title, region, year (its own, else its page's), type,
/// number, issuer (unless read from the adoption line of its header: see
/// [`crate::document::Metadata::issuer_adopted`]) and the folders and name of its path (`reports/gov-work/provincial/辽宁省/2007.md`).
fn title_context(document: &Document) -> String {
    let meta = &document.metadata;
    let mut parts: Vec<&str> = vec![meta.title.as_str()];
    let regions = meta
        .region
        .as_deref()
        .map(super::schema::region_keys)
        .unwrap_or_default();
    parts.extend(regions.iter().map(String::as_str));
    parts.extend(meta.doc_type.as_deref());
    parts.extend(meta.doc_number.as_deref());
    if !meta.issuer_adopted {
        parts.extend(meta.issuer.as_deref());
    }
    // The year a filter goes by (the page's when the document states none), as before.
    let year = meta
        .filter_date(false)
        .map(|d| d[..4.min(d.len())].to_owned())
        .unwrap_or_default();
    parts.push(&year);
    let path = document
        .path
        .rsplit_once('.')
        .map_or(document.path.as_str(), |(stem, _)| stem);
    let path = path.replace(['/', '_', '-'], " ");
    parts.push(&path);
    parts.join(" ")
}

/// The words of `text` (search mode, normalised), joined by spaces: jieba terms never contain
/// a space, so the whitespace tokenizer gives them back as they are.
fn joined_terms(jieba: &dyn Segmenter, text: &str) -> String {
    analyze_words(jieba, text, true)
        .into_iter()
        .map(|t| t.term)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The test hook: `ZHENGCE_TEST_PAUSE_AFTER_FILES=N` pauses the run after N files are added, so
/// a test can kill it part-way or search while it runs.
fn test_pause_after() -> Option<usize> {
    std::env::var("ZHENGCE_TEST_PAUSE_AFTER_FILES")
        .ok()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Hashing the runs between white space is hashing the text without its white space.
        #[test]
        fn text_hash_is_the_hash_of_the_text_without_white_space(
            text in "[ \t\n\u{3000}\u{a0}a-z编制〇，。]{0,40}"
        ) {
            let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let expected = if squeezed.is_empty() {
                String::new()
            } else {
                blake3::hash(squeezed.as_bytes()).to_hex().to_string()
            };
            proptest::prop_assert_eq!(hash_without_white_space(&text), expected);
        }
    }
}
