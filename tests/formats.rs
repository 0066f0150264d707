//! Real-world formats through the real binary: .docx (made here, and the real ones in
//! `../shared/formats/`), a GBK HTML page with navigation around its article, .zip archives with
//! GBK member names, other archives reported with a hint, and hostile files reported and skipped
//! while the good files beside them are committed. Every fixture written here is made up for the
//! test.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;

/// A temporary folder with an empty `docs/` folder in it, and where an index may go.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let idx = tmp.path().join("idx");
    (tmp, docs, idx)
}

/// `../shared/formats/KIND` beside the repository (tests that use it need `../shared`).
fn shared_formats(kind: &str) -> PathBuf {
    shared(&format!("formats/{kind}"))
}

/// A .docx written the way Word lays one out: a title paragraph, numbered headings (the number
/// drawn by Word from numbering.xml), body paragraphs, a table and a footnote.
fn write_docx(path: &Path) {
    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let p = |style: &str, num: &str, text: &str| {
        format!("<w:p><w:pPr>{style}{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    };
    let title = "<w:pStyle w:val=\"Title\"/>";
    let list = "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>";
    let body = [
        p(title, "", "某县开发区管理体制改革方案"),
        p("", list, "总体要求"),
        p("", "", "坚持精简统一效能的原则，推行大部门制改革。"),
        p("", list, "机构设置"),
        "<w:p><w:r><w:t>管委会内设综合办公室、经济发展局和规划建设局</w:t></w:r><w:r><w:footnoteReference w:id=\"2\"/></w:r><w:r><w:t>，实行扁平化管理。</w:t></w:r></w:p>".to_owned(),
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>机构</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>编制数</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>综合办公室</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>八名</w:t></w:r></w:p></w:tc></w:tr></w:tbl>".to_owned(),
    ]
    .concat();
    let parts = [
        ("word/document.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>{body}</w:body></w:document>")),
        ("word/styles.xml", format!("<?xml version=\"1.0\"?><w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style></w:styles>")),
        ("word/numbering.xml", format!("<?xml version=\"1.0\"?><w:numbering {W}><w:abstractNum w:abstractNumId=\"3\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"3\"/></w:num></w:numbering>")),
        ("word/footnotes.xml", format!("<?xml version=\"1.0\"?><w:footnotes {W}><w:footnote w:id=\"2\"><w:p><w:r><w:t>依据县委编委会议纪要。</w:t></w:r></w:p></w:footnote></w:footnotes>")),
    ];
    let mut writer = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in parts {
        writer.start_file(name, options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn a_docx_is_indexed_found_and_cited_by_paragraph() {
    let (_tmp, docs, idx) = workspace();
    write_docx(&docs.join("方案.docx"));
    let out = index_paths(&idx, &[&docs], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("1 files indexed"),
        "{}",
        stdout(&out)
    );

    let hits = hits_in(&idx, "\"经济发展局和规划建设局\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(hit["title"], "某县开发区管理体制改革方案");
    assert_eq!(hit["path"], "方案.docx");
    assert_eq!(hit["section"][0], "二、机构设置");
    assert_eq!(hit["paragraph"], 5);

    let citation = cite_json(&idx, "方案.docx:5");
    assert_eq!(citation["paragraph"], 5);
    assert!(citation["text"]
        .as_str()
        .unwrap()
        .starts_with("管委会内设综合办公室、经济发展局和规划建设局[1]"));
    let plain = run(&["cite", "--index", &idx.display().to_string(), "方案.docx:5"]);
    assert!(stdout(&plain).contains("第5段"), "{}", stdout(&plain));

    // Table rows and the footnote are passages of their own.
    let row = &hits_in(&idx, "\"综合办公室 | 八名\"");
    assert!(row.is_empty() || text(&row[0]).contains("八名"));
    let rows = hits_in(&idx, "八名");
    assert_eq!(text(&rows[0]), "综合办公室 | 八名");
    let note = hits_in(&idx, "\"编委会议纪要\"");
    assert_eq!(text(&note[0]), "[1] 依据县委编委会议纪要。");

    // `show` prints the extracted text, one paragraph per line.
    let out = run(&[
        "show",
        "--index",
        &idx.display().to_string(),
        "方案.docx:3",
        "-C",
        "0",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("坚持精简统一效能的原则"),
        "{}",
        stdout(&out)
    );
}

#[test]
#[ignore = "needs ../shared/formats"]
fn real_docx_files_are_read_in_place() {
    let dir = shared_formats("docx");
    let (_tmp, _, idx) = workspace();
    let out = index_paths(&idx, &[&dir], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("10 files indexed, 0 unchanged, 0 removed, 0 skipped"),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let hits = hits_in(&idx, "\"经研究决定，辞退\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(hit["path"], "附件2-关于辞退×××的决定.docx");
    assert!(
        hit["title"].as_str().unwrap().contains("关于辞退×××的决定"),
        "{hit}"
    );
    let target = format!("附件2-关于辞退×××的决定.docx:{}", hit["line"]);
    let citation = cite_json(&idx, &target);
    assert!(
        citation["text"]
            .as_str()
            .unwrap()
            .contains("经研究决定，辞退"),
        "{citation}"
    );
    // A form: its table rows are searchable, spaced-out labels joined (`姓  名` → `姓名`).
    let rows = hits_in(&idx, "\"公务员登记表\"");
    assert!(!rows.is_empty());
}

#[test]
#[ignore = "needs ../shared/formats"]
fn other_archives_are_reported_with_a_hint() {
    let rar = shared_formats("rar");
    let (_tmp, docs, idx) = workspace();
    fs::write(docs.join("good.txt"), "本文件讲营商环境优化。\n").unwrap();
    let out = index_paths(&idx, &[&rar, &docs], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("gwydrspb.rar: archive .rar is not read"),
        "{err}"
    );
    assert!(
        stdout(&out).starts_with("1 files indexed, 0 unchanged, 0 removed, 1 skipped"),
        "{}",
        stdout(&out)
    );
}

#[test]
#[ignore = "needs ../shared/formats"]
fn real_zip_archives_with_gbk_names_are_opened() {
    let dir = shared_formats("zip");
    let (_tmp, _, idx) = workspace();
    let out = index_paths(&idx, &[&dir], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("~$：1.公务员申诉案件受理通知书.docx: an Office lock file"),
        "{err}"
    );
    let hits = hits_in(&idx, "\"提供据以作出人事处理决定的有关材料\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        hits[0]["path"],
        "gwyss.zip/附件：3.公务员申诉案件应诉通知书.docx"
    );
    let target = format!(
        "gwyss.zip/附件：3.公务员申诉案件应诉通知书.docx:{}",
        hits[0]["line"]
    );
    let citation = cite_json(&idx, &target);
    assert!(citation["text"].as_str().unwrap().contains("有关材料"));
    // Unchanged archives are not read again.
    let again = index_paths(&idx, &[&dir], &[]);
    assert!(
        stdout(&again).starts_with("0 files indexed, 4 unchanged"),
        "{}",
        stdout(&again)
    );
}

/// The CRC-32 (IEEE) of `data`, for the hand-written zip below.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip of stored members whose names are raw bytes without the UTF-8 flag, as Windows tools
/// in a Chinese locale write them.
fn raw_name_zip(members: &[(&[u8], &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in members {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags: no UTF-8 bit
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name);
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[test]
fn zip_members_with_gbk_names_are_indexed_under_the_archive() {
    let (_tmp, docs, idx) = workspace();
    let (name, _, _) = encoding_rs::GBK.encode("公开目录/编制通知.txt");
    let (html_name, _, _) = encoding_rs::GBK.encode("页面.html");
    let bundle = raw_name_zip(&[
        (&name, "各单位严格控制机构编制总量。\n".as_bytes()),
        (&html_name, "<p>推进政务服务一网通办。</p>".as_bytes()),
        (b"old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ]);
    fs::write(docs.join("bundle.zip"), bundle).unwrap();
    let out = index_paths(&idx, &[&docs], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("bundle.zip/old.doc: damaged or malformed: not a readable compound file"),
        "{}",
        stderr(&out)
    );
    let hits = hits_in(&idx, "\"控制机构编制总量\"");
    assert_eq!(hits[0]["path"], "bundle.zip/公开目录/编制通知.txt");
    let hits = hits_in(&idx, "\"一网通办\"");
    assert_eq!(hits[0]["path"], "bundle.zip/页面.html");
    let citation = cite_json(&idx, "bundle.zip/公开目录/编制通知.txt:1");
    assert_eq!(citation["text"], "各单位严格控制机构编制总量。");
}

/// A GBK page: site navigation, a breadcrumb, the article, a related-links sidebar and a
/// footer.
fn gbk_page() -> Vec<u8> {
    let page = r#"<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于进一步优化营商环境的实施意见_某市人民政府</title>
<script type="text/javascript">document.write("<p>脚本里的虚假段落</p>");</script>
<style>.nav { color: #333 }</style></head>
<body>
<div class="header"><div class="logo">某市人民政府门户网站</div>
<ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/zwgk">政务公开导航栏目</a></li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政策文件</div>
<div class="article">
<h1>关于进一步优化营商环境的实施意见</h1>
<p>各县（市、区）人民政府，市政府各部门：</p>
<p>为深入推进“放管服”改革，持续打造市场化法治化国际化营商环境，
结合我市实际，提出如下意见。</p>
<p>一、全面推行企业开办“一网通办”，压缩开办时间至一个工作日以内。</p>
</div>
<div class="sidebar"><h3>相关链接</h3><ul><li>侧栏里的热点专题推荐</li></ul></div>
<div id="footer">主办单位：某市人民政府办公室　网站标识码页脚备案信息</div>
</body></html>"#;
    let (bytes, _, _) = encoding_rs::GBK.encode(page);
    bytes.into_owned()
}

#[test]
fn a_gbk_page_is_indexed_without_its_navigation_and_footer() {
    let (_tmp, docs, idx) = workspace();
    fs::write(docs.join("yijian.html"), gbk_page()).unwrap();
    let out = index_paths(&idx, &[&docs], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("yijian.html from GB18030/GBK"),
        "{}",
        stderr(&out)
    );

    let hits = hits_in(&idx, "\"压缩开办时间\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["title"], "关于进一步优化营商环境的实施意见");
    // The line is the line of the extracted text, which `show` prints.
    let line = hits[0]["line"].as_u64().unwrap();
    let citation = cite_json(&idx, &format!("yijian.html:{line}"));
    assert!(citation["text"].as_str().unwrap().contains("压缩开办时间"));
    let out = run(&[
        "show",
        "--index",
        &idx.display().to_string(),
        &format!("yijian.html:{line}"),
        "-C",
        "1",
    ]);
    assert!(
        stdout(&out).contains(&format!("L{line}  一、全面推行企业开办")),
        "{}",
        stdout(&out)
    );
    // A paragraph broken across source lines is one line of text.
    assert_eq!(hits_in(&idx, "\"国际化营商环境，结合我市实际\"").len(), 1);

    for furniture in [
        "政务公开导航栏目",
        "门户网站",
        "热点专题推荐",
        "页脚备案信息",
        "虚假段落",
        "当前位置",
    ] {
        assert!(
            hits_in(&idx, &format!("\"{furniture}\"")).is_empty(),
            "{furniture} was indexed"
        );
    }
}

#[test]
fn hostile_files_are_reported_and_the_good_ones_committed() {
    let (_tmp, docs, idx) = workspace();
    fs::write(docs.join("good.txt"), "甲方核定专项编制十名。\n").unwrap();
    fs::write(docs.join("good.html"), "<p>乙方设立政务服务中心。</p>").unwrap();
    write_docx(&docs.join("good.docx"));
    let bomb = zip_bomb("zeros.txt", 200 << 20);
    assert!(bomb.len() < 1 << 20, "the bomb is {} bytes", bomb.len());
    fs::write(docs.join("bomb.zip"), &bomb).unwrap();
    fs::write(
        docs.join("bomb.docx"),
        zip_bomb("word/document.xml", 200 << 20),
    )
    .unwrap();
    fs::write(
        docs.join("deep.html"),
        "<div>".repeat(200_000) + "深处的文字",
    )
    .unwrap();
    let whole = fs::read(docs.join("good.docx")).unwrap();
    fs::write(docs.join("truncated.docx"), &whole[..whole.len() / 2]).unwrap();
    fs::write(docs.join("notzip.docx"), "这不是一个 Word 文件").unwrap();

    let out = index_paths(&idx, &[&docs], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("bomb.zip: refused as unsafe: a member declares 200.0 MB, past the 64 MB a member may inflate to"),
        "{err}"
    );
    assert!(
        err.contains("bomb.docx: refused as unsafe: a member declares 200.0 MB, past the 64 MB a member may inflate to"),
        "{err}"
    );
    assert!(
        err.contains("deep.html: refused as unsafe: elements nested more than 10000 levels deep"),
        "{err}"
    );
    assert!(
        err.contains("truncated.docx: damaged or malformed: not a readable zip archive"),
        "{err}"
    );
    assert!(err.contains("notzip.docx: damaged or malformed"), "{err}");
    assert!(
        stdout(&out).starts_with("3 files indexed, 0 unchanged, 0 removed, 5 skipped"),
        "{}",
        stdout(&out)
    );
    assert_eq!(hits_in(&idx, "\"专项编制十名\"").len(), 1);
    assert_eq!(hits_in(&idx, "\"政务服务中心\"").len(), 1);
    assert_eq!(hits_in(&idx, "\"经济发展局\"").len(), 1);
    assert!(hits_in(&idx, "\"深处的文字\"").is_empty());
}

#[test]
fn an_extractor_past_its_time_or_memory_limit_is_stopped() {
    for (fault, reason) in [
        ("hang", "extraction took longer than 10 s and was stopped"),
        ("balloon", "the extractor died"),
    ] {
        let (_tmp, docs, idx) = workspace();
        fs::write(docs.join("good.txt"), "甲方核定专项编制十名。\n").unwrap();
        fs::write(docs.join("page.html"), "<p>页面正文。</p>").unwrap();
        let started = std::time::Instant::now();
        let out = index_paths(&idx, &[&docs], &[("ZHENGCE_TEST_EXTRACT_FAULT", fault)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert!(
            err.contains(&format!("page.html: refused as unsafe: {reason}")),
            "{fault}: {err}"
        );
        assert!(
            stdout(&out).starts_with("1 files indexed"),
            "{}",
            stdout(&out)
        );
        assert_eq!(hits_in(&idx, "\"专项编制十名\"").len(), 1);
        eprintln!(
            "{fault}: the run took {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
}

/// A PDF with a text layer in Chinese, written by hand the way office software writes one: a
/// Type0 font with the Identity-H encoding (two-byte glyph ids) and a ToUnicode CMap from the
/// glyph ids to the characters, one content stream per page, each line placed with `Td`. A line
/// of `pages` that does not end a sentence is broken by the layout inside a paragraph.
fn text_pdf(pages: &[&[&str]]) -> Vec<u8> {
    pdf_with_trailer(pages, "")
}

/// A PDF encrypted with the standard security handler (RC4, revision 2) under a user password
/// that is not empty: the text cannot be read without it.
fn encrypted_pdf() -> Vec<u8> {
    let o = "0".repeat(64);
    let u = "1".repeat(64);
    pdf_with_trailer(
        PDF_PAGES,
        &format!("<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <{o}> /U <{u}> >>"),
    )
}

/// [`text_pdf`], with `encrypt` (when not empty) as the `/Encrypt` dictionary of the trailer.
fn pdf_with_trailer(pages: &[&[&str]], encrypt: &str) -> Vec<u8> {
    let mut chars: Vec<char> = pages
        .iter()
        .flat_map(|p| p.iter().flat_map(|l| l.chars()))
        .collect();
    chars.sort_unstable();
    chars.dedup();
    let glyph = |c: char| chars.iter().position(|&d| d == c).unwrap() + 1;
    let cmap_entries: String = chars
        .iter()
        .map(|&c| format!("<{:04X}> <{:04X}>\n", glyph(c), c as u32))
        .collect();
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Test-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{} beginbfchar\n{cmap_entries}endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        chars.len()
    );
    let page_count = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, 6 CMap, then per page a
    // page object and its content stream.
    let kids: String = (0..page_count)
        .map(|i| format!("{} 0 R ", 7 + 2 * i))
        .collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {page_count} >>"),
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>".to_owned(),
        "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{cmap}endstream", cmap.len()),
    ];
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::from("BT\n/F1 12 Tf\n72 770 Td\n");
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                content.push_str("0 -18 Td\n");
            }
            let hex: String = line.chars().map(|c| format!("{:04X}", glyph(c))).collect();
            content.push_str(&format!("<{hex}> Tj\n"));
        }
        content.push_str("ET\n");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            8 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let encryption = if encrypt.is_empty() {
        String::new()
    } else {
        objects.push(encrypt.to_owned());
        format!(
            " /Encrypt {} 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
            objects.len()
        )
    };
    let mut pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{encryption} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

const PDF_PAGES: &[&[&str]] = &[
    &[
        "关于推进政务服务标准化的实施意见",
        "一、总体要求",
        "坚持以人民为中心的发展思想，全面推进政务服",
        "务标准化、规范化、便利化建设。",
    ],
    &[
        "二、主要任务",
        "各级政务服务中心实行一窗受理、集成服务，",
        "办事群众只进一扇门。",
    ],
];

#[test]
fn a_text_layer_pdf_is_indexed_found_and_cited_by_page() {
    let (_tmp, docs, idx) = workspace();
    fs::write(docs.join("意见.pdf"), text_pdf(PDF_PAGES)).unwrap();
    fs::write(docs.join("good.txt"), "甲方核定专项编制十名。\n").unwrap();
    let out = index_paths(&idx, &[&docs], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("2 files indexed, 0 unchanged, 0 removed, 0 skipped"),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );

    // The paragraph broken across two layout lines is found as one phrase.
    let hits = hits_in(&idx, "\"推进政务服务标准化、规范化\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(hit["path"], "意见.pdf");
    assert_eq!(hit["title"], "关于推进政务服务标准化的实施意见");
    assert_eq!(hit["section"][0], "一、总体要求");

    let hits = hits_in(&idx, "\"办事群众只进一扇门\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let target = format!("意见.pdf:{}", hits[0]["line"]);
    let citation = cite_json(&idx, &target);
    assert_eq!(citation["page"]["page"], 2, "{citation}");
    assert_eq!(citation["page"]["line"], 2, "{citation}");
    assert_eq!(
        citation["text"],
        "各级政务服务中心实行一窗受理、集成服务，办事群众只进一扇门。"
    );
    let plain = run(&["cite", "--index", &idx.display().to_string(), &target]);
    assert!(stdout(&plain).contains("第2页第2行"), "{}", stdout(&plain));

    // The page marker is not found as text; `show` prints the passage.
    assert!(hits_in(&idx, "\"第2页\"").is_empty());
    let out = run(&[
        "show",
        "--index",
        &idx.display().to_string(),
        &target,
        "-C",
        "1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("办事群众只进一扇门"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn scanned_encrypted_broken_and_truncated_pdfs_are_reported_and_skipped() {
    let (_tmp, docs, idx) = workspace();
    fs::write(docs.join("good.txt"), "甲方核定专项编制十名。\n").unwrap();
    let good = text_pdf(PDF_PAGES);
    fs::write(docs.join("truncated.pdf"), &good[..good.len() / 3]).unwrap();
    // The xref table and trailer overwritten with junk: no object can be found.
    let xref = good.windows(5).rposition(|w| w == b"xref\n").unwrap();
    let mut broken = good[..xref].to_vec();
    broken.extend_from_slice(
        b"xref\n0 zz\nnot a table\ntrailer\n<< /Size x >>\nstartxref\n99999\n%%EOF\n",
    );
    fs::write(docs.join("broken-xref.pdf"), &broken).unwrap();
    fs::write(
        docs.join("garbage.pdf"),
        b"%PDF-1.7\n<<< /Pages 2 0 R [[[\nxref\n0 1\nstartxref\n12\n%%EOF\n",
    )
    .unwrap();
    fs::write(docs.join("scan.pdf"), text_pdf(&[&[]])).unwrap();
    fs::write(docs.join("locked.pdf"), encrypted_pdf()).unwrap();

    let out = index_paths(&idx, &[&docs], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("truncated.pdf: damaged or malformed: truncated"),
        "{err}"
    );
    assert!(err.contains("garbage.pdf: damaged or malformed"), "{err}");
    assert!(
        err.contains("scan.pdf: scanned PDF (no text layer)"),
        "{err}"
    );
    assert!(
        err.contains("locked.pdf: encrypted (password-protected); not read"),
        "{err}"
    );
    assert!(
        stdout(&out).starts_with("2 files indexed, 0 unchanged, 0 removed, 4 skipped"),
        "{}",
        stdout(&out)
    );
    assert_eq!(hits_in(&idx, "\"专项编制十名\"").len(), 1);
    // A cross-reference table that is junk is rebuilt from the objects themselves (lopdf scans
    // the file for them), so that file's text is not lost.
    let recovered = hits_in(&idx, "\"办事群众只进一扇门\"");
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    assert_eq!(recovered[0]["path"], "broken-xref.pdf");
}

#[test]
fn the_same_text_in_two_files_is_indexed_once_and_listed_with_both_paths() {
    let (_tmp, docs, idx) = workspace();
    fs::write(docs.join("意见.pdf"), text_pdf(PDF_PAGES)).unwrap();
    // The same document as the PDF's text layer gives it, saved as text by someone else.
    fs::write(
        docs.join("意见.txt"),
        "关于推进政务服务标准化的实施意见\n一、总体要求\n坚持以人民为中心的发展思想，全面推进政务服务标准化、规范化、便利化建设。\n二、主要任务\n各级政务服务中心实行一窗受理、集成服务，办事群众只进一扇门。\n",
    )
    .unwrap();
    fs::write(docs.join("other.txt"), "甲方核定专项编制十名。\n").unwrap();
    let idx_arg = idx.display().to_string();

    let out = index_paths(&idx, &[&docs], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("意见.txt has the same text as 意见.pdf; indexed once"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).starts_with("2 files indexed"),
        "{}",
        stdout(&out)
    );
    let hits = hits_in(&idx, "\"办事群众只进一扇门\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["path"], "意见.pdf");
    let outline = run(&["show", "--index", &idx_arg, "意见.pdf", "--outline"]);
    assert!(stdout(&outline).contains("copy:"), "{}", stdout(&outline));
    assert!(
        stdout(&outline).contains("意见.txt"),
        "{}",
        stdout(&outline)
    );

    // Nothing changed: still once, the copy still listed.
    let out = index_paths(&idx, &[&docs], &[]);
    assert!(
        stdout(&out).starts_with("0 files indexed, 2 unchanged, 0 removed"),
        "{}",
        stdout(&out)
    );
    assert_eq!(hits_in(&idx, "\"办事群众只进一扇门\"").len(), 1);
    let outline = run(&["show", "--index", &idx_arg, "意见.pdf", "--outline"]);
    assert!(
        stdout(&outline).contains("意见.txt"),
        "{}",
        stdout(&outline)
    );

    // The first file gone, the copy is indexed in its place.
    fs::remove_file(docs.join("意见.pdf")).unwrap();
    let out = index_paths(&idx, &[&docs], &[]);
    assert!(
        stdout(&out).starts_with("1 files indexed, 1 unchanged, 1 removed"),
        "{}",
        stdout(&out)
    );
    let hits = hits_in(&idx, "\"办事群众只进一扇门\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["path"], "意见.txt");
}
