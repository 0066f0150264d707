//! One commit of the index for one request: the searcher, the manifest, the topic lexicon, the
//! synonyms and which passages carry each topic (for the facets), all of the same commit. The last one is kept and handed to every request until
//! the index's opstamp changes; then the next request reloads the reader to the new commit (the
//! requests still working on the old one keep it until they finish).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::{IndexReader, Searcher};

use crate::error::Result;
use crate::index::manifest::{CommitPayload, Manifest};
use crate::index::IndexHandle;
use crate::search::facets::TopicMembership;
use crate::search::synonyms::Synonyms;
use crate::topics::Lexicon;

/// What a request reads, all of one commit.
pub struct Snapshot {
    /// The open index.
    pub handle: Arc<IndexHandle>,
    /// A searcher on the commit's segments.
    pub searcher: Searcher,
    /// The commit's payload.
    pub payload: CommitPayload,
    /// The manifest the commit names.
    pub manifest: Manifest,
    /// The topic lexicon beside the index.
    pub lexicon: Lexicon,
    /// The synonym groups beside the index.
    pub synonyms: Synonyms,
    /// Which passages carry each of the lexicon's topics, for the facets of every search.
    pub topic_membership: TopicMembership,
    opstamp: u64,
}

/// The open index and its reader, opened on the first request.
struct Open {
    handle: Arc<IndexHandle>,
    reader: IndexReader,
}

/// The commits of one index folder, handed out one per request.
pub struct Snapshots {
    dir: PathBuf,
    open: Mutex<Option<Open>>,
    last: Mutex<Option<Arc<Snapshot>>>,
}

impl Snapshots {
    /// The commits of the index in `dir` (nothing is read until the first request, so a server
    /// may start before the index exists and answer 503 until it does).
    pub fn new(dir: &Path) -> Snapshots {
        Snapshots {
            dir: dir.to_path_buf(),
            open: Mutex::new(None),
            last: Mutex::new(None),
        }
    }

    /// The index's last commit.
    pub fn current(&self) -> Result<Arc<Snapshot>> {
        let (handle, reader) = {
            let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
            if open.is_none() {
                let handle = IndexHandle::open(&self.dir)?;
                // The full jieba (built once, about 100 ms) segments each search's candidates
                // as a jieba made per text from the word list would, without making one per
                // text: a topic search segments hundreds of texts.
                handle.analyzer.jieba();
                let reader = handle.reader()?;
                *open = Some(Open {
                    handle: Arc::new(handle),
                    reader,
                });
            }
            let open = open.as_ref().expect("opened above");
            (Arc::clone(&open.handle), open.reader.clone())
        };
        let opstamp = handle.index.load_metas()?.opstamp;
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(snapshot) = last.as_ref() {
            if snapshot.opstamp == opstamp {
                return Ok(Arc::clone(snapshot));
            }
        }
        let view = handle.commit_view(&reader)?;
        let lexicon = Lexicon::load(&handle.dir, None)?;
        let snapshot = Arc::new(Snapshot {
            manifest: Manifest::load(&handle.dir, &view.payload)?,
            topic_membership: TopicMembership::new(&handle, &view.searcher, &lexicon.topics)?,
            lexicon,
            synonyms: Synonyms::load(&handle.dir)?,
            searcher: view.searcher,
            payload: view.payload,
            opstamp: view.opstamp,
            handle,
        });
        *last = Some(Arc::clone(&snapshot));
        Ok(snapshot)
    }
}
