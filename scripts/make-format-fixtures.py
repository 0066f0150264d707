#!/usr/bin/env python3
"""Writes the made-up legacy-format fixtures in tests/fixtures/formats/.

Word 97 binary files are written from scratch: an OLE compound file (512-byte sectors, one FAT
sector, no mini stream) holding a `WordDocument` stream (FIB, text pieces, PAPX pages) and a
`1Table` stream (style sheet, piece table, footnote tables), laid out as [MS-DOC] and [MS-CFB]
describe. Workbooks are written by two writers from PyPI, xlsxwriter (.xlsx) and xlwt (.xls;
WPS's .et is the same binary format, so the .et fixture is that file under its name). The text
of every fixture is made up. Run from the repository root:

    python3 -m venv /tmp/fixtures-venv
    /tmp/fixtures-venv/bin/pip install xlsxwriter==3.3.4 xlwt==1.3.0
    /tmp/fixtures-venv/bin/python scripts/make-format-fixtures.py
"""

import io
import os
import struct
import zipfile

OUT = os.path.join("tests", "fixtures", "formats")

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams, cyclic=None):
    """An OLE compound file of (name, bytes) streams, each padded past the 4096-byte mini-stream
    cutoff. `cyclic` names a stream whose sector chain is made to loop back to its start."""
    padded = []
    for name, data in streams:
        if len(data) < 4096:
            data = data + b"\0" * (4096 - len(data))
        padded.append((name, data))
    sectors = []  # sector contents
    fat = []

    def chain(data):
        start = len(sectors)
        count = (len(data) + 511) // 512
        for i in range(count):
            sectors.append(data[i * 512:(i + 1) * 512].ljust(512, b"\0"))
            fat.append(start + i + 1 if i + 1 < count else ENDOFCHAIN)
        return start

    def entry(name, kind, color, left, right, child, start, size):
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        e = raw.ljust(64, b"\0")
        e += struct.pack("<HBBIII", len(raw), kind, color, left, right, child)
        e += b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        e += struct.pack("<IQ", start, size)
        assert len(e) == 128
        return e

    # Directory first (one sector: root + up to three streams), then the streams.
    dir_index = len(sectors)
    sectors.append(None)
    fat.append(ENDOFCHAIN)
    starts = [chain(data) for _, data in padded]
    if cyclic is not None:
        i = [n for n, _ in padded].index(cyclic)
        start = starts[i]
        end = start + (len(padded[i][1]) + 511) // 512 - 1
        fat[end] = start
    fat_index = len(sectors)
    sectors.append(None)
    fat.append(FATSECT)
    assert len(fat) <= 128
    fat_bytes = struct.pack("<%dI" % 128, *(fat + [FREESECT] * (128 - len(fat))))
    sectors[fat_index] = fat_bytes
    # A red-black tree of the stream names: the last (longest) at the root, black; the others
    # its left children, red then black.
    names = [n for n, _ in padded]
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    entries = [entry("Root Entry", 5, 1, NOSTREAM, NOSTREAM, 1 + order[-1], ENDOFCHAIN, 0)]
    left_of = {}
    for a, b in zip(order[::-1], order[-2::-1]):
        left_of[a] = b
    for i, (name, data) in enumerate(padded):
        color = 1 if i == order[-1] or i == order[0] and len(order) > 2 else 0
        left = 1 + left_of[i] if i in left_of else NOSTREAM
        entries.append(entry(name, 2, color, left, NOSTREAM, NOSTREAM, starts[i], len(data)))
    while len(entries) < 4:
        entries.append(entry("", 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, 0, 0))
    sectors[dir_index] = b"".join(entries)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIII", 0, 1, dir_index, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN)
    header += struct.pack("<I", 0)
    header += struct.pack("<109I", fat_index, *([FREESECT] * 108))
    assert len(header) == 512, len(header)
    return header + b"".join(sectors)


# Paragraph kinds of the made-up documents.
BODY, TITLE, HEADING1, HEADING2, CELL, ROW_END = "body", "title", "h1", "h2", "cell", "row"
ISTD = {BODY: 0, CELL: 0, ROW_END: 0, HEADING1: 1, TITLE: 2, HEADING2: 3}

# Paragraph sprms: sprmPFInTable, sprmPFTtp.
IN_TABLE = struct.pack("<HB", 0x2416, 1)
ROW_END_MARK = struct.pack("<HB", 0x2417, 1)


def style_sheet():
    """Normal, heading 1 (built-in id 1), Title (built-in id 62) and a user style `标题 2`."""
    stshi = struct.pack("<HHHHHH", 4, 10, 1, 0x5B, 0x0F, 0) + b"\0" * 6

    def std(sti, name):
        base = struct.pack("<HHHHH", sti, 1 | (0xFFF << 4), 1 | (0 << 4), 0, 0)
        raw = name.encode("utf-16-le")
        body = base + struct.pack("<H", len(name)) + raw + b"\0\0"
        if len(body) % 2:
            body += b"\0"
        body += struct.pack("<HH", 2, 0)  # the paragraph UPX: its istd, no sprms
        return struct.pack("<H", len(body)) + body

    styles = [std(0, "Normal"), std(1, "heading 1"), std(62, "Title"), std(0xFFE, "标题 2")]
    return struct.pack("<H", len(stshi)) + stshi + b"".join(styles)


def word_doc(paragraphs, footnotes=(), encrypted=False, past_stream=False):
    """A Word 97 .doc of paragraphs [(text, kind, eight_bit)]: `eight_bit` writes that paragraph
    as an 8-bit GBK piece, else UTF-16LE. `\\x02` in a body paragraph marks a footnote reference;
    `\\x13…\\x14…\\x15` is a field. `footnotes` are the notes' texts in order."""
    text_start = 1024
    word = bytearray(b"\0" * text_start)
    pieces = []  # (cp, cp_end, fc, compressed)
    runs = []  # (fc, fc_end, papx grpprl with istd)
    cp = 0

    def add_piece(text, eight_bit, props):
        nonlocal cp
        if eight_bit:
            data = text.encode("gbk")
            n = len(data)
        else:
            data = text.encode("utf-16-le")
            n = len(data) // 2
        fc = len(word)
        word.extend(data)
        pieces.append((cp, cp + n, fc, eight_bit))
        if props is not None:
            runs.append((fc, len(word), props))
        cp += n

    def papx(kind):
        grpprl = struct.pack("<H", ISTD[kind])
        if kind in (CELL, ROW_END):
            grpprl += IN_TABLE
        if kind == ROW_END:
            grpprl += ROW_END_MARK
        return grpprl

    for text, kind, eight_bit in paragraphs:
        mark = "\x07" if kind in (CELL, ROW_END) else "\r"
        add_piece(text + mark, eight_bit, papx(kind))
    ccp_text = cp
    refs = [i for i, c in enumerate(_main_text(paragraphs)) if c == "\x02"]
    note_bounds = [0]
    for note in footnotes:
        add_piece("\x02" + note + "\r", False, papx(BODY))
        note_bounds.append(cp - ccp_text)
    ccp_ftn = cp - ccp_text
    if footnotes:
        note_bounds.append(ccp_ftn + 1)
        add_piece("\r", False, papx(BODY))  # the paragraph mark closing all stories
    # One PAPX FKP page at the next 512-byte boundary.
    while len(word) % 512:
        word.append(0)
    pn = len(word) // 512
    page = bytearray(512)
    crun = len(runs)
    offset = 511
    for i, (fc, fc_end, grpprl) in enumerate(runs):
        struct.pack_into("<I", page, i * 4, fc)
        struct.pack_into("<I", page, (i + 1) * 4, fc_end)
    bx_at = 4 * (crun + 1)
    for i, (_, _, grpprl) in enumerate(runs):
        papx_bytes = bytes([0, len(grpprl) // 2 + len(grpprl) % 2]) + grpprl.ljust(
            2 * (len(grpprl) // 2 + len(grpprl) % 2), b"\0"
        )
        offset -= len(papx_bytes)
        offset -= offset % 2
        page[offset:offset + len(papx_bytes)] = papx_bytes
        page[bx_at + i * 13] = offset // 2
    assert bx_at + crun * 13 < offset, "the PAPX page overflows"
    page[511] = crun
    word.extend(page)
    # The table stream: style sheet, footnote tables, PlcBtePapx, CLX.
    table = bytearray()
    pairs = {}

    def put(index, data):
        pairs[index] = (len(table), len(data))
        table.extend(data)

    put(1, style_sheet())
    if footnotes:
        put(2, struct.pack("<%dI" % (len(refs) + 1), *(refs + [ccp_text])) + struct.pack(
            "<%dH" % len(refs), *([1] * len(refs))))
        put(3, struct.pack("<%dI" % len(note_bounds), *note_bounds))
    put(13, struct.pack("<II", runs[0][0], runs[-1][1]) + struct.pack("<I", pn))
    cps = [p[0] for p in pieces] + [pieces[-1][1]]
    pcds = b""
    for _, _, fc, compressed in pieces:
        if past_stream:
            fc = 0x00F00000
        stored = (fc * 2) | 0x40000000 if compressed else fc
        pcds += struct.pack("<HIH", 0, stored, 0)
    plc = struct.pack("<%dI" % len(cps), *cps) + pcds
    put(33, b"\x02" + struct.pack("<I", len(plc)) + plc)
    # The FIB.
    flags = 0x0200 | (0x0100 if encrypted else 0)
    fib = struct.pack("<HHHHHHHH", 0xA5EC, 0xC1, 0, 0x0804, 0, flags, 0xBF, 0) + b"\0" * 16
    rgw = [0] * 14
    rgw[13] = 0x0804
    fib += struct.pack("<H", 14) + struct.pack("<14H", *rgw)
    rglw = [0] * 22
    rglw[0] = len(word)
    rglw[3], rglw[4] = ccp_text, ccp_ftn
    fib += struct.pack("<H", 22) + struct.pack("<22I", *rglw)
    blob = [0] * (93 * 2)
    for index, (fc, lcb) in pairs.items():
        blob[2 * index], blob[2 * index + 1] = fc, lcb
    fib += struct.pack("<H", 93) + struct.pack("<%dI" % len(blob), *blob) + struct.pack("<H", 0)
    assert len(fib) <= text_start
    word[0:len(fib)] = fib
    return bytes(word), bytes(table)


def _main_text(paragraphs):
    return "".join(t + ("\x07" if k in (CELL, ROW_END) else "\r") for t, k, _ in paragraphs)


def doc_file(paragraphs, footnotes=(), cyclic=False, **kw):
    word, table = word_doc(paragraphs, footnotes, **kw)
    return compound_file([("1Table", table), ("WordDocument", word)],
                         cyclic="WordDocument" if cyclic else None)


# The made-up document of the round trip: a title, numbered headings in the text, a heading in
# the built-in style and one in a user style, a table, a field and a footnote.
ROUND_TRIP = [
    ("关于推进政务数据共享的实施意见", TITLE, False),
    ("为提升政务服务效能，现就推进政务数据共享提出如下意见。", BODY, False),
    ("一、总体要求", HEADING1, False),
    ("到2027年，省市县三级政务数据共享率达到95%以上\x02。", BODY, False),
    ("二、重点任务", HEADING1, False),
    ("（一）建设共享平台", HEADING2, False),
    ("依托\x13 HYPERLINK \"http://example.invalid\" \x14一体化平台\x15建设数据目录。", BODY, False),
    ("指标", CELL, False), ("2026年", CELL, False), ("2027年", CELL, False), ("", ROW_END, False),
    ("共享率", CELL, False), ("80%", CELL, False), ("95%", CELL, False), ("", ROW_END, False),
    ("三、保障措施", HEADING1, False),
    ("各地要明确责任分工，抓好贯彻落实。", BODY, False),
]
ROUND_TRIP_NOTES = ["共享率按接入系统数计算。"]

# A .doc mixing 8-bit GBK pieces with UTF-16 ones, with a table whose rows are form labels.
MIXED = [
    ("某某县机构编制登记表", BODY, True),
    ("填报单位：某某县编办", BODY, False),
    ("单位名称", CELL, True), ("某某县数据资源局", CELL, False), ("", ROW_END, False),
    ("编制数", CELL, False), ("十二名", CELL, True), ("", ROW_END, False),
    ("本表所填编制数以批复文件为准。", BODY, True),
]

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_file(paragraphs, footnotes):
    """The same made-up document as a .docx, as Word lays it out."""
    body = []
    row = []
    refs = iter(range(1, len(footnotes) + 1))
    style = {TITLE: "a3", HEADING1: "1", HEADING2: "2"}

    def runs(text):
        out = ""
        while text:
            if text.startswith("\x02"):
                out += '<w:r><w:footnoteReference w:id="%d"/></w:r>' % next(refs)
                text = text[1:]
            elif text.startswith("\x13"):
                code, rest = text[1:].split("\x14", 1)
                result, text = rest.split("\x15", 1)
                out += ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>%s'
                        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                        '<w:r><w:t>%s</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                        % (escape(code), escape(result)))
            else:
                cut = min([i for i in (text.find("\x02"), text.find("\x13")) if i >= 0],
                          default=len(text))
                out += "<w:r><w:t>%s</w:t></w:r>" % escape(text[:cut])
                text = text[cut:]
        return out

    for text, kind, _ in paragraphs:
        if kind == CELL:
            row.append("<w:tc><w:p>%s</w:p></w:tc>" % runs(text))
        elif kind == ROW_END:
            body.append("<w:tr>%s</w:tr>" % "".join(row))
            row = []
        else:
            if body and body[-1].startswith("<w:tr>"):
                # Close the table the rows before made.
                rows = []
                while body and body[-1].startswith("<w:tr>"):
                    rows.insert(0, body.pop())
                body.append("<w:tbl>%s</w:tbl>" % "".join(rows))
            ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style[kind] if kind in style else ""
            body.append("<w:p>%s%s</w:p>" % (ppr, runs(text)))
    notes = "".join(
        '<w:footnote w:id="%d"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>%s</w:t></w:r></w:p>'
        "</w:footnote>" % (i + 1, escape(n)) for i, n in enumerate(footnotes))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, "".join(body)),
        "word/styles.xml": '<?xml version="1.0"?><w:styles %s><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style></w:styles>' % W,
        "word/footnotes.xml": '<?xml version="1.0"?><w:footnotes %s>%s</w:footnotes>' % (W, notes),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            z.writestr(info, content.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


RTF = (r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}"
       r"{\info{\title RTF}}{\header \'d2\'b3\'c3\'bc\par}" "\n"
       r"\pard\outlinelevel0 " + "".join("\\'%02x" % b for b in "关于报送统计数据的通知".encode("gbk"))
       + r"\par" "\n" r"\pard " + "".join("\\'%02x" % b for b in "各单位于每月五日前报送月度数据。".encode("gbk"))
       + r"\par" "\n" r"\trowd\intbl " + "".join("\\u%d?" % ord(c) for c in "指标") + r"\cell "
       + "".join("\\u%d?" % ord(c) for c in "数值") + r"\cell\row" "\n}")


# A made-up statistical annex in GBK, with an empty row and a purely numeric filler row.
GBK_CSV = (
    "指标,2025年,增长\r\n"
    "某某市地区生产总值,\"1,234.5亿元\",5.2%\r\n"
    ",,\r\n"
    "1,2,3\r\n"
    "一般公共预算收入,86.7亿元,3.1%\r\n"
)


# A made-up workbook of two sheets: a statistical table and a list of documents.
SHEETS = [
    ("主要指标", [
        ["指标", "2025年", "增长"],
        ["某某市地区生产总值", "1234.5亿元", "5.2%"],
        [],
        ["规上工业增加值", "456.7亿元", "6.1%"],
    ]),
    ("文件清单", [
        ["序号", "文件名称", "发文字号"],
        [1, "关于促进数字经济发展的若干措施", "某政发〔2025〕3号"],
        [2, "关于优化营商环境的实施意见", "某政办发〔2025〕12号"],
    ]),
]


def workbooks():
    """The two-sheet workbook as .xlsx (xlsxwriter) and .xls (xlwt)."""
    import xlsxwriter
    import xlwt

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": __import__("datetime").datetime(2026, 1, 1)})
    for name, rows in SHEETS:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    book.close()
    xlsx = out.getvalue()
    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in SHEETS:
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return xlsx, out.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {
        "round-trip.doc": doc_file(ROUND_TRIP, ROUND_TRIP_NOTES),
        "round-trip.docx": docx_file(ROUND_TRIP, ROUND_TRIP_NOTES),
        "gbk-and-utf16.doc": doc_file(MIXED),
        "really-rtf.doc": RTF.encode("ascii"),
        "encrypted.doc": doc_file(MIXED, encrypted=True),
        "hostile-cyclic-chain.doc": doc_file(MIXED, cyclic=True),
        "hostile-piece-past-stream.doc": doc_file(MIXED, past_stream=True),
        "gbk-table.csv": GBK_CSV.encode("gbk"),
    }
    xlsx, xls = workbooks()
    files["two-sheets.xlsx"] = xlsx
    files["two-sheets.xls"] = xls
    files["two-sheets.et"] = xls
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(name, len(data))


if __name__ == "__main__":
    main()
