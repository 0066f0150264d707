//! Documents are untrusted input: an escape sequence inside a document never reaches the
//! terminal through `search`, `show`, `cite` or `ask` (each prints `�` in its place).

mod common;

use common::*;

#[test]
fn escape_sequences_in_a_document_never_reach_the_terminal() {
    let dir = leaked_tempdir();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    // Made up for the test: a title and an article with an SGR colour sequence and a title-setting
    // OSC sequence inside.
    std::fs::write(
        docs.join("escape.txt"),
        "测试条例\u{1b}]0;pwned\u{7}\n\n第一条 经开区机关核定专项编制\u{1b}[31m45人\u{1b}[0m，设党工委书记1名。这是用于测试终端转义序列的一段足够长的文字。\n",
    )
    .unwrap();
    let index = dir.join("index");
    let (index, docs) = (index.display().to_string(), docs.display().to_string());
    let out = run(&["index", "--index", &index, &docs]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = {
        let (code, hits) = search_in(std::path::Path::new(&index), "专项编制", &[]);
        assert_eq!(code, 0);
        hits[0]["id"].as_str().unwrap().to_owned()
    };
    let doc_id = id.split(':').next().unwrap().to_owned();
    for args in [
        vec!["search", "--index", &index, "专项编制"],
        vec!["show", "--index", &index, &doc_id],
        vec!["show", "--index", &index, &id],
        vec!["cite", "--index", &index, &id],
        vec!["ask", "--index", &index, "经开区机关核定了多少专项编制？"],
    ] {
        let out = run(&args);
        let text = stdout(&out);
        assert!(!text.is_empty(), "{args:?} printed something");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{args:?} printed a control character: {text:?}"
        );
    }
}
