"""Small python-docx and raw OOXML helpers for building the Word templates.

python-docx covers paragraphs, runs and tables; borders, shading, cell margins, fixed widths,
fields (page numbers) and row properties need the XML underneath. The package helpers at the
end make a template small and its bytes reproducible.
"""

from __future__ import annotations

import io
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .theme import FONT_WORD

def oxml_element(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k), str(v))
    return el


def text_run(paragraph, text: str, *, bold: bool | None = None, size: float | None = None,
         color: str | None = None, italic: bool | None = None):
    """Add ``text`` as ONE run with ONE ``<w:t>`` (python-docx would turn \\n into breaks)."""
    run = paragraph.add_run()
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if size is not None:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = RGBColor.from_string(color)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run._r.append(t)
    return run


def set_fonts(rpr, name: str = FONT_WORD) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for k in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(k), name)


def paragraph_borders(paragraph, sides: dict[str, tuple[str, float, str]], space: int = 1) -> None:
    """Paragraph borders: side -> (style, width pt, colour)."""
    ppr = paragraph._p.get_or_add_pPr()
    old = ppr.find(qn("w:pBdr"))
    if old is not None:
        ppr.remove(old)
    bdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right", "between"):
        if side in sides:
            style, width, color = sides[side]
            bdr.append(oxml_element(f"w:{side}", **{"w:val": style, "w:sz": str(int(width * 8)),
                                          "w:space": str(space), "w:color": color}))
    # pBdr must come before shd/tabs/spacing/ind/jc in CT_PPr order
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        ppr.append(bdr)


def shade_cell(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    old = tcpr.find(qn("w:shd"))
    if old is not None:
        tcpr.remove(old)
    shd = oxml_element("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill})
    # CT_TcPr order: tcW, gridSpan, vMerge, tcBorders, shd, noWrap, tcMar, textDirection, tcFitText, vAlign
    after = None
    for tag in ("w:tcBorders", "w:vMerge", "w:gridSpan", "w:tcW"):
        after = tcpr.find(qn(tag))
        if after is not None:
            break
    if after is not None:
        after.addnext(shd)
    else:
        tcpr.insert(0, shd)


def cell_borders(cell, sides: dict[str, tuple[str, float, str]]) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    old = tcpr.find(qn("w:tcBorders"))
    if old is not None:
        tcpr.remove(old)
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            style, width, color = sides[side]
            borders.append(oxml_element(f"w:{side}", **{"w:val": style, "w:sz": str(int(width * 8)),
                                              "w:space": "0", "w:color": color}))
    after = None
    for tag in ("w:vMerge", "w:gridSpan", "w:tcW"):
        after = tcpr.find(qn(tag))
        if after is not None:
            break
    if after is not None:
        after.addnext(borders)
    else:
        tcpr.insert(0, borders)


def table_borders(table, style: str, width: float = 0.5, color: str = "000000") -> None:
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(oxml_element(f"w:{side}", **{"w:val": style, "w:sz": str(int(width * 8)),
                                          "w:space": "0", "w:color": color}))
    insert_table_property(tblpr, borders)


def insert_table_property(tblpr, el) -> None:
    order = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
             "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
             "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"]
    mine = order.index(el.tag.replace("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}", "w:"))
    for child in tblpr:
        tag = child.tag.replace("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}", "w:")
        if tag in order and order.index(tag) > mine:
            child.addprevious(el)
            return
    tblpr.append(el)


def cell_margins(table, top_mm: float, side_mm: float) -> None:
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblCellMar"))
    if old is not None:
        tblpr.remove(old)
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("top", top_mm), ("left", side_mm), ("bottom", top_mm), ("right", side_mm)):
        mar.append(oxml_element(f"w:{side}", **{"w:w": str(int(v * 56.7)), "w:type": "dxa"}))
    insert_table_property(tblpr, mar)


def fix_widths(table, widths_mm: list[float]) -> None:
    """Fixed layout with explicit grid and cell widths (Word and LibreOffice both honour it)."""
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = tblpr.find(qn("w:tblLayout"))
    if layout is None:
        insert_table_property(tblpr, oxml_element("w:tblLayout", **{"w:type": "fixed"}))
    total = sum(widths_mm)
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = oxml_element("w:tblW")
        insert_table_property(tblpr, tblw)
    tblw.set(qn("w:w"), str(int(total * 56.7)))
    tblw.set(qn("w:type"), "dxa")
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(w * 56.7)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def repeat_as_header_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(oxml_element("w:tblHeader"))


def keep_row_on_one_page(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(oxml_element("w:cantSplit"))


def add_field(paragraph, instr: str, placeholder: str, **run_kw) -> None:
    r1 = paragraph.add_run()
    r1._r.append(oxml_element("w:fldChar", **{"w:fldCharType": "begin"}))
    r2 = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    it.text = f" {instr} "
    r2._r.append(it)
    r3 = paragraph.add_run()
    r3._r.append(oxml_element("w:fldChar", **{"w:fldCharType": "separate"}))
    text_run(paragraph, placeholder, **run_kw)
    r5 = paragraph.add_run()
    r5._r.append(oxml_element("w:fldChar", **{"w:fldCharType": "end"}))


_STYLE_REFS = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")


def slim_package(doc) -> None:
    """Keep only what the template uses.

    python-docx's blank document carries every built-in style (350 KB of styles.xml),
    a second copy of them for Word 2010 (stylesWithEffects.xml, 440 KB) and a
    bibliography part. Every render parses and every save compresses them again, so
    they were most of the time a Word document took. Word restores built-in styles
    itself when a home restyles a template.
    """
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            doc.part.drop_rel(rel.rId)
    styles = doc.styles.element
    parts = [doc.part] + [rel.target_part for rel in doc.part.rels.values()
                          if rel.reltype.endswith(("/header", "/footer", "/numbering"))]
    used: set[str] = set()
    for part in parts:
        for name in _STYLE_REFS:
            used.update(el.get(qn("w:val")) for el in part.element.iter(qn(f"w:{name}")))
    by_id = {style.get(qn("w:styleId")): style for style in styles.iter(qn("w:style"))}
    defaults = {sid for sid, style in by_id.items() if style.get(qn("w:default")) == "1"}
    keep: set[str] = set()
    pending = [sid for sid in used | defaults if sid in by_id]
    while pending:  # a kept style keeps the styles it is based on, links to and is followed by
        sid = pending.pop()
        if sid in keep:
            continue
        keep.add(sid)
        for name in ("basedOn", "link", "next"):
            ref = by_id[sid].find(qn(f"w:{name}"))
            if ref is not None and ref.get(qn("w:val")) in by_id:
                pending.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def drop_thumbnail(doc) -> None:
    """python-docx's blank template carries a thumbnail of someone else's page: remove it."""
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del rels[rid]
            rels._target_parts_by_rId.pop(rid, None)


def normalise_zip(data: bytes) -> bytes:
    """Same layout in, same bytes out: fixed timestamps and order, so a regenerated
    template only shows up in git when it really changed."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()
