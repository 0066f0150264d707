//! Reading back what the index stores: a passage's own fields, read once per passage, and its
//! document's card, read once per document, for as long as a [`Cards`] lives (one search, say).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use tantivy::columnar::Column;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use super::schema::Fields;
use crate::error::{Error, Result};
use tantivy::error::DataCorruption;

/// What a document's card stores: the fields all its passages share.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Card {
    /// The root the document was indexed from.
    pub root: String,
    /// The document's path relative to its root.
    pub path: String,
    /// The document's title.
    pub title: String,
    /// The document's own date, ISO.
    pub date: Option<String>,
    /// The date the web page it was scraped from stamped on it.
    pub page_date: Option<String>,
    /// The address it was taken from.
    pub url: Option<String>,
    /// The document type.
    pub doc_type: Option<String>,
    /// The region.
    pub region: Option<String>,
    /// The document number (发文字号).
    pub doc_number: Option<String>,
    /// The issuing body.
    pub issuer: Option<String>,
}

/// What a passage stores of its own.
#[derive(Debug, Clone)]
pub struct PassageFields {
    /// The 64-bit id of its document.
    pub doc_id: u64,
    /// 1-based line in the original file.
    pub line: u64,
    /// 0-based position in its document.
    pub ordinal: u64,
    /// Byte offsets in the decoded document text.
    pub byte_start: u64,
    /// See `byte_start`.
    pub byte_end: u64,
    /// Character offsets in the decoded document text.
    pub char_start: u64,
    /// See `char_start`.
    pub char_end: u64,
    /// 1-based paragraph number.
    pub paragraph: u64,
    /// Which paragraph (款) of its article, 0 outside articles.
    pub clause: u64,
    /// The section path, labels joined by [`super::schema::SECTION_SEPARATOR`].
    pub section_path: String,
    /// The original text.
    pub text: String,
    /// The analysed text where it differs from `text` (masked Markdown).
    pub analysis_text: Option<String>,
}

/// The query for the passages of document `doc_id`, its card left out.
pub fn passages_query(fields: &Fields, doc_id: u64) -> tantivy::query::BooleanQuery {
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::Term;
    let term =
        |term: Term| -> Box<dyn Query> { Box::new(TermQuery::new(term, IndexRecordOption::Basic)) };
    BooleanQuery::new(vec![
        (
            Occur::Must,
            term(Term::from_field_u64(fields.doc_id, doc_id)),
        ),
        (Occur::MustNot, term(Term::from_field_u64(fields.card, 1))),
    ])
}

/// The cards read so far from one searcher, by document id, and the segments' `doc_id`
/// columns: the card of a document is read from the store once however many of its passages
/// are loaded.
pub struct Cards<'s> {
    searcher: &'s Searcher,
    fields: Fields,
    by_id: RefCell<HashMap<u64, Rc<Card>>>,
    doc_ids: RefCell<HashMap<u32, Column<u64>>>,
    ordinals: RefCell<HashMap<u32, Column<u64>>>,
    passages: RefCell<HashMap<DocAddress, PassageFields>>,
}

impl<'s> Cards<'s> {
    /// An empty cache over `searcher`.
    pub fn new(searcher: &'s Searcher, fields: &Fields) -> Cards<'s> {
        Cards {
            searcher,
            fields: *fields,
            by_id: RefCell::default(),
            doc_ids: RefCell::default(),
            ordinals: RefCell::default(),
            passages: RefCell::default(),
        }
    }

    /// The id of the document the tantivy document at `address` belongs to (0 if it has none).
    pub fn doc_id(&self, address: DocAddress) -> Result<u64> {
        Ok(self
            .fast_u64(&self.doc_ids, "doc_id", address)?
            .unwrap_or(0))
    }

    /// The position in its document of the passage at `address`, from the `ordinal` fast
    /// field without reading the store; `None` for a document's card.
    pub fn ordinal(&self, address: DocAddress) -> Result<Option<u64>> {
        self.fast_u64(&self.ordinals, "ordinal", address)
    }

    /// The value of the u64 fast field `name` at `address`, its segment's column opened once
    /// and kept in `columns`.
    fn fast_u64(
        &self,
        columns: &RefCell<HashMap<u32, Column<u64>>>,
        name: &str,
        address: DocAddress,
    ) -> Result<Option<u64>> {
        let mut columns = columns.borrow_mut();
        let column = match columns.get(&address.segment_ord) {
            Some(column) => column,
            None => {
                let column = self
                    .searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .u64(name)?;
                columns.entry(address.segment_ord).or_insert(column)
            }
        };
        Ok(column.first(address.doc_id))
    }

    /// The card of document `id`, read from the store the first time it is asked for.
    pub fn card(&self, id: u64) -> Result<Rc<Card>> {
        if let Some(card) = self.by_id.borrow().get(&id) {
            return Ok(Rc::clone(card));
        }
        let card = Rc::new(self.read_card(id)?);
        self.by_id.borrow_mut().insert(id, Rc::clone(&card));
        Ok(card)
    }

    /// The passage at `address` and its document's card.
    pub fn passage(&self, address: DocAddress) -> Result<(PassageFields, Rc<Card>)> {
        let passage = self.passage_fields(address)?;
        let card = self.card(passage.doc_id)?;
        Ok((passage, card))
    }

    /// The passage at `address` alone, without reading its document's card (a search's
    /// re-rank reads the cards of the passages that can make its page only); read from the
    /// store once, since a topic search reads each candidate's neighbours, which are often
    /// candidates or neighbours of candidates too.
    pub fn passage_fields(&self, address: DocAddress) -> Result<PassageFields> {
        if let Some(passage) = self.passages.borrow().get(&address) {
            return Ok(passage.clone());
        }
        let passage = self.read_passage_fields(address)?;
        self.passages.borrow_mut().insert(address, passage.clone());
        Ok(passage)
    }

    /// Reads the passage at `address` from the store.
    fn read_passage_fields(&self, address: DocAddress) -> Result<PassageFields> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        let f = &self.fields;
        let number = |field| number_of(&doc, field);
        let passage = PassageFields {
            doc_id: self.doc_id(address)?,
            line: number(f.line),
            ordinal: number(f.ordinal),
            byte_start: number(f.byte_start),
            byte_end: number(f.byte_end),
            char_start: number(f.char_start),
            char_end: number(f.char_end),
            paragraph: number(f.paragraph),
            clause: number(f.clause),
            section_path: text_of(&doc, f.section_path).unwrap_or_default(),
            text: text_of(&doc, f.text).unwrap_or_default(),
            analysis_text: text_of(&doc, f.analysis_text),
        };
        Ok(passage)
    }

    /// Finds and reads the card whose `card_id` is `id`.
    fn read_card(&self, id: u64) -> Result<Card> {
        let term = Term::from_field_u64(self.fields.card_id, id);
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let postings = segment
                .inverted_index(self.fields.card_id)?
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?;
            let Some(mut postings) = postings else {
                continue;
            };
            while postings.doc() != TERMINATED {
                let doc = postings.doc();
                if !segment.is_deleted(doc) {
                    let address = DocAddress::new(ord as u32, doc);
                    let stored: TantivyDocument = self.searcher.doc(address)?;
                    return Ok(self.card_of(&stored));
                }
                postings.advance();
            }
        }
        Err(Error::Tantivy(tantivy::TantivyError::DataCorruption(
            DataCorruption::comment_only(format!("no card for document {id:016x}")),
        )))
    }

    fn card_of(&self, doc: &TantivyDocument) -> Card {
        let f = &self.fields;
        let nonempty = |field| text_of(doc, field).filter(|s| !s.is_empty());
        Card {
            root: text_of(doc, f.root).unwrap_or_default(),
            path: text_of(doc, f.path).unwrap_or_default(),
            title: text_of(doc, f.title).unwrap_or_default(),
            date: nonempty(f.date),
            page_date: nonempty(f.page_date),
            url: nonempty(f.url),
            doc_type: nonempty(f.stored_doc_type),
            region: text_of(doc, f.stored_region),
            doc_number: nonempty(f.doc_number),
            issuer: nonempty(f.issuer),
        }
    }
}

fn text_of(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

fn number_of(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::build::{index_paths, IndexOptions};
    use crate::index::IndexHandle;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::TermQuery;

    /// Every passage loads with its own document's card, the card of each document is read
    /// once, and a document without a card is an error rather than empty fields.
    #[test]
    fn passages_load_their_own_documents_card() {
        let corpus = tempfile::tempdir().unwrap();
        let index_dir = tempfile::tempdir().unwrap();
        std::fs::write(
            corpus.path().join("甲.txt"),
            "关于机构编制管理的通知\n\n第一段讲人员编制。\n\n第二段讲职能配置。\n",
        )
        .unwrap();
        std::fs::write(
            corpus.path().join("乙.txt"),
            "开发区管理条例\n\n管理委员会是派出机构。\n",
        )
        .unwrap();
        index_paths(
            index_dir.path(),
            &[corpus.path().to_path_buf()],
            &IndexOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        let handle = IndexHandle::open(index_dir.path()).unwrap();
        let reader = handle.reader().unwrap();
        let searcher = reader.searcher();
        let fields = handle.fields;
        let cards = Cards::new(&searcher, &fields);
        let (_, manifest) = handle.manifest().unwrap();
        let all = tantivy::query::AllQuery;
        let card = TermQuery::new(
            Term::from_field_u64(fields.card, 1),
            IndexRecordOption::Basic,
        );
        let card_addresses = searcher.search(&card, &DocSetCollector).unwrap();
        assert_eq!(card_addresses.len(), 2);
        let mut passages = 0;
        for address in searcher.search(&all, &DocSetCollector).unwrap() {
            if card_addresses.contains(&address) {
                continue;
            }
            let (passage, card) = cards.passage(address).unwrap();
            let key = super::super::schema::doc_key(&card.root, &card.path);
            assert_eq!(passage.doc_id, manifest.files[&key].id);
            let file = std::fs::read_to_string(corpus.path().join(&card.path)).unwrap();
            assert!(
                file.contains(&passage.text),
                "{} in {}",
                passage.text,
                card.path
            );
            assert!(file.starts_with(&card.title), "{}", card.title);
            passages += 1;
        }
        assert!(passages >= 3, "{passages}");
        assert_eq!(cards.by_id.borrow().len(), 2);
        assert!(cards.card(12345).is_err());
    }
}
