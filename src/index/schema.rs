//! The tantivy schema: one tantivy document per passage, plus one card per document.
//!
//! What a document's passages share (its root, path, title, date, type, region, number and
//! issuer) is stored once, on its card; a passage stores only what is its own. The filters
//! (`--type`, `--region`, `--year`, `--since`/`--until`) are indexed with every passage, unstored.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// Name under which the words tokenizer is registered.
pub const WORDS_TOKENIZER: &str = "zhengce_words";
/// Name under which the bigram tokenizer is registered.
pub const BIGRAMS_TOKENIZER: &str = "zhengce_bigrams";
/// Name under which the tokenizer of terms joined by spaces (title and heading fields) is
/// registered.
pub const TERMS_TOKENIZER: &str = "zhengce_terms";

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Identity of the document the passage belongs to (`root` + `\n` + `path`), for deletes.
    pub doc_key: Field,
    /// A 64-bit hash of `doc_key`, as a fast field, to group and count documents.
    pub doc_id: Field,
    /// On a document's card only: its 64-bit id, so that the card of a passage's document is
    /// one term lookup away.
    pub card_id: Field,
    /// On the card: the root the document was indexed from (absolute path).
    pub root: Field,
    /// On the card: the document's path relative to its root.
    pub path: Field,
    /// On the card: the document's title.
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
    /// On a document's card only: the words of its title, region, year, type, number, issuer
    /// and path, so that a query that names a document ranks its passages (segmented once per
    /// document, given to the index as terms joined by spaces).
    pub title_words: Field,
    /// 1 on a document's card: the one tantivy document per indexed document that carries what
    /// names it, so that this is indexed once per document rather than once per passage.
    pub card: Field,
    /// Words of the passage's section headings (segmented once per section).
    pub heading_words: Field,
    /// The section path, labels joined by ` › `.
    pub section_path: Field,
    /// 1-based paragraph number in the document.
    pub paragraph: Field,
    /// Which paragraph (款) of its article the passage is, 0 outside articles.
    pub clause: Field,
    /// Character offset of the passage in the decoded document text.
    pub char_start: Field,
    /// Character offset of the passage's end.
    pub char_end: Field,
    /// On the card: the document's own date, ISO (`2024-04-01`, `2019`), or absent.
    pub date: Field,
    /// On the card: the date the web page it was scraped from stamped on it, or absent.
    pub page_date: Field,
    /// On the card: the address it was taken from, or absent.
    pub url: Field,
    /// Per passage, for `--year`, `--since`/`--until` and `--sort date`: the document's own date
    /// (its page's stamp when it states none) as a sortable number `YYYYMMDD` (missing parts 0),
    /// 0 when there is neither; a fast field, which range queries read.
    pub date_key: Field,
    /// Per passage, the same with `--page-date`: the page's stamp where there is one, else the
    /// document's own date.
    pub page_date_key: Field,
    /// Per passage, for `--type`: the document type (法律, 条例, 意见, 政府工作报告 …), or
    /// absent.
    pub doc_type: Field,
    /// Per passage, for `--region`: the region's keys (`浙江省` and `浙江`), or absent.
    pub region: Field,
    /// On the card: the document type as shown, or absent.
    pub stored_doc_type: Field,
    /// On the card: the region as shown (`浙江省`), or absent.
    pub stored_region: Field,
    /// On the card: the document number (发文字号), brackets normalised to 〔〕.
    pub doc_number: Field,
    /// On the card: the issuing body, where the text states one.
    pub issuer: Field,
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
    let terms = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TERMS_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        doc_key: b.add_text_field("doc_key", STRING),
        doc_id: b.add_u64_field("doc_id", INDEXED | FAST),
        card_id: b.add_u64_field("card_id", INDEXED),
        root: b.add_text_field("root", STORED),
        path: b.add_text_field("path", STORED),
        title: b.add_text_field("title", STORED),
        line: b.add_u64_field("line", STORED),
        ordinal: b.add_u64_field("ordinal", STORED | FAST),
        byte_start: b.add_u64_field("byte_start", STORED),
        byte_end: b.add_u64_field("byte_end", STORED),
        text: b.add_text_field("text", STORED),
        analysis_text: b.add_text_field("analysis_text", STORED),
        words: b.add_text_field("words", words),
        bigrams: b.add_text_field("bigrams", bigrams),
        title_words: b.add_text_field("title_words", terms.clone()),
        card: b.add_u64_field("card", INDEXED),
        heading_words: b.add_text_field("heading_words", terms),
        section_path: b.add_text_field("section_path", STORED),
        paragraph: b.add_u64_field("paragraph", STORED),
        clause: b.add_u64_field("clause", STORED),
        char_start: b.add_u64_field("char_start", STORED),
        char_end: b.add_u64_field("char_end", STORED),
        date: b.add_text_field("date", STORED),
        page_date: b.add_text_field("page_date", STORED),
        url: b.add_text_field("url", STORED),
        date_key: b.add_u64_field("date_key", FAST),
        page_date_key: b.add_u64_field("page_date_key", FAST),
        doc_type: b.add_text_field("doc_type", STRING),
        region: b.add_text_field("region", STRING),
        stored_doc_type: b.add_text_field("stored_doc_type", STORED),
        stored_region: b.add_text_field("stored_region", STORED),
        doc_number: b.add_text_field("doc_number", STORED),
        issuer: b.add_text_field("issuer", STORED),
    };
    (b.build(), fields)
}

/// The key that identifies a document across runs.
pub fn doc_key(root: &str, path: &str) -> String {
    format!("{root}\n{path}")
}

/// The separator between section labels in a stored section path.
pub const SECTION_SEPARATOR: &str = " › ";

/// The 64-bit id of a document key.
pub fn doc_id(key: &str) -> u64 {
    let hash = blake3::hash(key.as_bytes());
    u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// The short id of a document that search prints and `show`/`cite` accept: the first 8 hex
/// digits of its 64-bit id.
pub fn short_id(id: u64) -> String {
    format!("{:016x}", id)[..8].to_owned()
}

/// A passage's locator, `DOC_ID:LINE` (the document's short id and the passage's line), which
/// every command that takes a document accepts.
pub fn passage_locator(id: u64, line: u32) -> String {
    format!("{}:{line}", short_id(id))
}

/// Whether `text` is a date that exists, as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (month and day
/// of one or two digits): `2019-13`, `2019-00` and `2019-02-30` are not.
pub fn is_valid_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let Some(numbers) = numbers else {
        return false;
    };
    if parts[0].len() != 4 || parts[1..].iter().any(|p| p.len() > 2) {
        return false;
    }
    match numbers[..] {
        [_] => true,
        [_, month] => (1..=12).contains(&month),
        [year, month, day] => {
            (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)
        }
        _ => false,
    }
}

/// The number of days in a month of the Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date `YYYY[-MM[-DD]]` as the sortable number `YYYYMMDD` (missing parts 0).
pub fn date_key(date: &str) -> u64 {
    let mut parts = date.split('-').map(|p| p.parse::<u64>().unwrap_or(0));
    let year = parts.next().unwrap_or(0);
    let month = parts.next().unwrap_or(0);
    let day = parts.next().unwrap_or(0);
    year * 10_000 + month * 100 + day
}

/// The forms of a region name that `--region` matches: the name and the name without its
/// administrative suffix (`浙江省` → `浙江`, `广西壮族自治区` → `广西`).
pub fn region_keys(region: &str) -> Vec<String> {
    let mut keys = vec![region.to_owned()];
    const SUFFIXES: &[&str] = &[
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "特别行政区",
        "自治区",
        "自治州",
        "自治县",
        "省",
        "市",
        "县",
        "区",
    ];
    for suffix in SUFFIXES {
        if let Some(short) = region.strip_suffix(suffix) {
            if short.chars().count() >= 2 {
                keys.push(short.to_owned());
            }
            // An autonomous prefecture or county goes by its place name, without the peoples
            // it is named for: 阿坝藏族羌族自治州 is 阿坝, 阿坝州.
            if matches!(*suffix, "自治州" | "自治县") {
                let mut place = short;
                while let Some(rest) = ETHNIC_GROUPS
                    .iter()
                    .find_map(|g| place.strip_suffix(g))
                    .filter(|r| r.chars().count() >= 2)
                {
                    place = rest;
                }
                if place != short {
                    keys.push(place.to_owned());
                }
                let unit = if *suffix == "自治州" { "州" } else { "县" };
                keys.push(format!("{place}{unit}"));
            }
            break;
        }
    }
    keys
}

/// Peoples that autonomous prefectures and counties are named for, longest names first where
/// one ends another (哈萨克族 before 克族 would matter; none of these is a suffix of another
/// except as listed).
const ETHNIC_GROUPS: &[&str] = &[
    "柯尔克孜族",
    "哈萨克族",
    "维吾尔族",
    "土家族",
    "布依族",
    "哈尼族",
    "傈僳族",
    "景颇族",
    "纳西族",
    "仡佬族",
    "蒙古族",
    "朝鲜族",
    "达斡尔族",
    "鄂温克族",
    "拉祜族",
    "毛南族",
    "仫佬族",
    "藏族",
    "羌族",
    "彝族",
    "苗族",
    "侗族",
    "壮族",
    "傣族",
    "白族",
    "回族",
    "黎族",
    "瑶族",
    "畲族",
    "水族",
    "土族",
    "满族",
    "佤族",
    "怒族",
    "京族",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dates_that_exist_are_valid() {
        for good in [
            "2019",
            "2019-1",
            "2019-12",
            "2019-02-28",
            "2020-02-29",
            "2000-2-29",
            "2023-12-31",
        ] {
            assert!(is_valid_date(good), "{good}");
        }
        for bad in [
            "2019-13",
            "2019-00",
            "2019-02-30",
            "1900-02-29",
            "2019-04-31",
            "2019-1-0",
            "19",
            "2019-",
            "2019-001",
            "二〇一九",
            "2019/01",
            "",
            "2019-01-01-01",
        ] {
            assert!(!is_valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn date_keys_sort_and_region_keys_shorten() {
        assert_eq!(date_key("2024-04-01"), 20240401);
        assert_eq!(date_key("2019"), 20190000);
        assert!(date_key("2019-12") < date_key("2020"));
        assert_eq!(region_keys("浙江省"), ["浙江省", "浙江"]);
        assert_eq!(region_keys("广西壮族自治区"), ["广西壮族自治区", "广西"]);
        assert_eq!(region_keys("北京"), ["北京"]);
        assert_eq!(
            region_keys("阿坝藏族羌族自治州"),
            ["阿坝藏族羌族自治州", "阿坝藏族羌族", "阿坝", "阿坝州"]
        );
    }
}
