#!/usr/bin/env python3
"""Writes the made-up OFD fixtures in tests/fixtures/formats/, with two different writers.

- `two-pages.ofd`: a two-page PDF drawn with reportlab (a CID font, so its text is a text
  layer), converted to OFD by easyofd's `pdf2ofd(optional_text=True)` from PyPI. easyofd writes
  each line of the PDF as a `TextObject` whose `TextCode` is placed inside the object's
  `Boundary`, and its own namespace URI. Its `DocInfo` template is given a title and a 文号
  custom datum, and its clock is stopped at a fixed time so the `CreationDate` does not change
  from run to run; everything else is easyofd's own output.
- `own-writer.ofd`: written here from scratch as GB/T 33190-2016 lays a package out (standard
  namespace, an absolute `DocRoot`, a template page with the 红头 banner, `TextObject`s placed
  through a `CTM`, several `TextCode`s in one object, one `TextCode` without `X`, `DeltaX` in
  `g` form), so the reader is checked against a second writer.

The text of every fixture is made up. Run from the repository root:

    python3 -m venv /tmp/ofd-venv
    /tmp/ofd-venv/bin/pip install easyofd==20260427 reportlab==5.1.0 pymupdf==2.0
    /tmp/ofd-venv/bin/python scripts/make-ofd-fixtures.py
"""

import datetime
import io
import os
import tempfile
import zipfile

OUT = os.path.join("tests", "fixtures", "formats")


def easyofd_two_pages():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = io.BytesIO()
    c = canvas.Canvas(pdf, pagesize=(595, 842))
    c.setFont("STSong-Light", 16)
    c.drawString(120, 780, "某某市关于推进数字政务建设的通知")
    c.setFont("STSong-Light", 12)
    c.drawString(72, 740, "各区县人民政府，市政府各部门：")
    c.drawString(72, 716, "一、总体要求")
    c.drawString(72, 692, "到2027年，全市政务服务事项网上可办率达到百分之九十八，")
    c.drawString(72, 674, "企业和群众办事平均跑动次数降至零点三次以下。")
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(72, 780, "二、保障措施")
    c.drawString(72, 756, "各区县设立数字政务专项资金，每年不少于五百万元。")
    c.drawString(380, 700, "某某市人民政府")
    c.drawString(380, 682, "2026年3月2日")
    c.save()

    import easyofd.draw.draw_ofd as draw_ofd
    from easyofd.draw.ofdtemplate import OFDTemplate
    from easyofd.ofd import OFD

    class Fixed(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 3, 2, 9, 30, 0)

    draw_ofd.datetime = Fixed
    info = OFDTemplate.ofdjson["ofd:OFD"]["ofd:DocBody"][0]["ofd:DocInfo"]
    info["ofd:Title"] = "某某市关于推进数字政务建设的通知"
    info["ofd:CustomDatas"] = {
        "ofd:CustomData": [{"@Name": "文号", "#text": "某政发〔2026〕5号"}]
    }
    # easyofd also leaves a copy of the package's parts in ./test: let it do so in a scratch folder.
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            return OFD().pdf2ofd(pdf.getvalue(), optional_text=True)
        finally:
            os.chdir(here)


NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def text_object(oid, boundary, size, codes, ctm=None):
    """A TextObject; `codes` are (x, y, delta_x, text), x None for a code that states no X."""
    attrs = f'ID="{oid}" Boundary="{boundary}" Font="3" Size="{size}"'
    if ctm:
        attrs += f' CTM="{ctm}"'
    out = [f"<ofd:TextObject {attrs}>"]
    for x, y, delta_x, text in codes:
        xa = "" if x is None else f' X="{x}"'
        da = f' DeltaX="{delta_x}"' if delta_x else ""
        out.append(f'<ofd:TextCode{xa} Y="{y}"{da}>{text}</ofd:TextCode>')
    out.append("</ofd:TextObject>")
    return "".join(out)


def own_writer():
    ofd_xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD {NS} Version="1.0" DocType="OFD">
<ofd:DocBody>
<ofd:DocInfo>
<ofd:DocID>6f66642d6669787475726573</ofd:DocID>
<ofd:Title>某某县关于开展政务公开质量提升行动的通知</ofd:Title>
<ofd:Author>某某县政府办公室</ofd:Author>
<ofd:CreationDate>2026-04-15</ofd:CreationDate>
<ofd:CustomDatas>
<ofd:CustomData Name="发文字号">某县政办发〔2026〕12号</ofd:CustomData>
</ofd:CustomDatas>
</ofd:DocInfo>
<ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot>
</ofd:DocBody>
</ofd:OFD>
"""
    document_xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document {NS}>
<ofd:CommonData>
<ofd:MaxUnitID>20</ofd:MaxUnitID>
<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>
<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>
</ofd:CommonData>
<ofd:Pages>
<ofd:Page ID="10" BaseLoc="Pages/Page_0/Content.xml"/>
</ofd:Pages>
</ofd:Document>
"""
    public_res = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res {NS} BaseLoc="Res">
<ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>
</ofd:Res>
"""
    banner = text_object(4, "40 20 130 15", 10, [(0, 10, "g 8 12", "某某县人民政府办公室文件")])
    template = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {NS}><ofd:Content><ofd:Layer ID="5">{banner}</ofd:Layer></ofd:Content></ofd:Page>
"""
    body = [
        # The document number, centred under the banner.
        text_object(11, "75 45 60 8", 4.2, [(0, 5, "", "某县政办发〔2026〕12号")]),
        # The title, set at half size and scaled up by its CTM.
        text_object(
            12,
            "30 60 150 12",
            3.5,
            [(0, 4, "g 19 3.5", "某某县关于开展政务公开质量提升行动的通知")],
            ctm="2 0 0 2 0 0",
        ),
        # A paragraph: three lines in one object, the third TextCode with no X (it keeps the
        # second's).
        text_object(
            13,
            "25 90 160 40",
            4.2,
            [
                (0, 5, "g 36 4.2", "各乡镇人民政府，县政府各部门："),
                (8.4, 12, "", "为提升政务公开质量，县政府决定于2026年开展专项行动，重点公开"),
                (None, 19, "", "重大行政决策、财政预决算和行政执法信息。"),
            ],
        ),
        # A line drawn in two objects, the right half first, with Latin words between them.
        text_object(14, "110 118 70 8", 4.2, [(0, 5, "", "open data，按季度更新。")]),
        text_object(15, "25 118 80 8", 4.2, [(8.4, 5, "", "公开目录采用")]),
        text_object(16, "120 150 60 8", 4.2, [(0, 5, "", "某某县人民政府办公室")]),
        text_object(17, "125 158 60 8", 4.2, [(0, 5, "", "2026年4月15日")]),
    ]
    page = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {NS}>
<ofd:Template TemplateID="2" ZOrder="Background"/>
<ofd:Content><ofd:Layer ID="6"><ofd:PageBlock ID="7">{''.join(body)}</ofd:PageBlock></ofd:Layer></ofd:Content>
</ofd:Page>
"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [
            ("OFD.xml", ofd_xml),
            ("Doc_0/Document.xml", document_xml),
            ("Doc_0/PublicRes.xml", public_res),
            ("Doc_0/Tpls/Tpl_0/Content.xml", template),
            ("Doc_0/Pages/Page_0/Content.xml", page),
        ]:
            info = zipfile.ZipInfo(name, date_time=(2026, 4, 15, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))
    return out.getvalue()


def main():
    with open(os.path.join(OUT, "two-pages.ofd"), "wb") as f:
        f.write(easyofd_two_pages())
    with open(os.path.join(OUT, "own-writer.ofd"), "wb") as f:
        f.write(own_writer())


if __name__ == "__main__":
    main()
