//! The tantivy schema: one tantivy document per passage.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// Name under which the words tokenizer is registered.
pub const WORDS_TOKENIZER: &str = "zhengce_words";
/// Name under which the bigram tokenizer is registered.
pub const BIGRAMS_TOKENIZER: &str = "zhengce_bigrams";

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Identity of the document the passage belongs to (`root` + `\n` + `path`), for deletes.
    pub doc_key: Field,
    /// A 64-bit hash of `doc_key`, as a fast field, to group and count documents.
    pub doc_id: Field,
    /// The root the document was indexed from (absolute path).
    pub root: Field,
    /// The document's path relative to its root.
    pub path: Field,
    /// The document's title.
    pub title: Field,
    /// 1-based line in the original file.
    pub line: Field,
    /// 0-based position of the passage in its document.
    pub ordinal: Field,
    /// Byte offset of the passage in the decoded document text.
    pub byte_start: Field,
    /// Byte offset of the passage's end in the decoded document text.
    pub byte_end: Field,
    /// The passage's original text.
    pub text: Field,
    /// The analysed text, stored only where it differs from `text` (masked Markdown).
    pub analysis_text: Field,
    /// Jieba words and sub-words, frequencies only.
    pub words: Field,
    /// CJK bigrams with positions.
    pub bigrams: Field,
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(WORDS_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let bigrams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BIGRAMS_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        doc_key: b.add_text_field("doc_key", STRING),
        doc_id: b.add_u64_field("doc_id", FAST),
        root: b.add_text_field("root", STORED),
        path: b.add_text_field("path", STORED),
        title: b.add_text_field("title", STORED),
        line: b.add_u64_field("line", STORED),
        ordinal: b.add_u64_field("ordinal", STORED | INDEXED),
        byte_start: b.add_u64_field("byte_start", STORED),
        byte_end: b.add_u64_field("byte_end", STORED),
        text: b.add_text_field("text", STORED),
        analysis_text: b.add_text_field("analysis_text", STORED),
        words: b.add_text_field("words", words),
        bigrams: b.add_text_field("bigrams", bigrams),
    };
    (b.build(), fields)
}

/// The key that identifies a document across runs.
pub fn doc_key(root: &str, path: &str) -> String {
    format!("{root}\n{path}")
}

/// The 64-bit id of a document key.
pub fn doc_id(key: &str) -> u64 {
    let hash = blake3::hash(key.as_bytes());
    u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
}
