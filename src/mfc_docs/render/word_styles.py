"""The Word template's page, styles, header and footer.

Every font reference is Arial (no theme fonts), the language British English, and the
paragraph styles ("MFC Table", "MFC Notice"...) are the ones a home sees when restyling the
template in Word.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .ooxml import add_field, paragraph_borders, text_run, set_fonts
from .theme import (FONT_WORD, HEADING_INK, INK, MARGIN_MM, MISSING_RED, MUTED_INK, PAGE_HEIGHT_MM, PAGE_WIDTH_MM,
                    RULE, TEXT_WIDTH_MM, TextSizes)


def setup_page(doc) -> None:
    """A4 portrait with the margins both renderers use."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = Mm(20)
        section.bottom_margin = Mm(18)
        section.header_distance = Mm(8)
        section.footer_distance = Mm(7)


def setup_settings(doc) -> None:
    settings = doc.settings.element
    # Word 2013+ layout: table borders line up with the page margin (Word 2010 mode
    # pushes every table out to the left by its cell margin).
    for cs in settings.iter(qn("w:compatSetting")):
        if cs.get(qn("w:name")) == "compatibilityMode":
            cs.set(qn("w:val"), "15")
    for lang in settings.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), "en-GB")


def setup_styles(doc, sz: TextSizes, laminated: bool) -> None:
    """Arial everywhere, British English, and the paragraph styles the builder uses, at these sizes."""
    styles = doc.styles
    root = styles.element
    # Every font reference becomes Arial: no theme fonts (Calibri/Cambria) anywhere.
    for fonts in root.iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for k in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(k), FONT_WORD)
    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "en-GB")
    lang.set(qn("w:bidi"), "ar-SA")

    normal = styles["Normal"]
    normal.font.name = FONT_WORD
    normal.font.size = Pt(sz.body)
    normal.font.color.rgb = RGBColor.from_string(INK)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(4 if not laminated else 5)
    pf.line_spacing = 1.1
    pf.widow_control = True

    def para_style(name: str, *, size: float, bold: bool = False, color: str = INK,
                   italic: bool = False, before: float = 0, after: float = 4,
                   keep_next: bool = False, base: str = "Normal"):
        try:
            st = styles[name]
        except KeyError:
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles[base]
        st.quick_style = True
        f = st.font
        f.name = FONT_WORD
        f.size = Pt(size)
        f.bold = bold
        f.italic = italic
        f.color.rgb = RGBColor.from_string(color)
        p = st.paragraph_format
        p.space_before = Pt(before)
        p.space_after = Pt(after)
        p.keep_with_next = keep_next
        rpr = st.element.get_or_add_rPr()
        set_fonts(rpr)
        return st

    h1 = para_style("Heading 1", size=sz.h1, bold=True, color=HEADING_INK, before=12, after=5,
                    keep_next=True)
    para_style("Heading 2", size=sz.h2, bold=True, color=HEADING_INK, before=9, after=3,
               keep_next=True)
    h1.paragraph_format.page_break_before = False
    para_style("MFC Lead", size=sz.lead, after=6)
    para_style("MFC Small", size=sz.small, color=INK if laminated else "333333", after=3)
    para_style("MFC Strong", size=sz.body, bold=True, after=4)
    para_style("MFC Empty", size=sz.table, italic=True, color=MUTED_INK, after=4)
    para_style("MFC Table", size=sz.table, after=0)
    para_style("MFC Table Header", size=sz.table, bold=True, after=0, keep_next=True)
    para_style("MFC Notice", size=sz.body, bold=True, after=0)
    para_style("MFC Caption", size=sz.small, color="333333" if not laminated else INK,
               after=0)
    para_style("MFC Missing Photo", size=sz.missing, bold=True, color=MISSING_RED, after=0)
    para_style("MFC Band Title", size=sz.band_title, bold=True, color="FFFFFF", after=0)
    para_style("MFC Spacer", size=sz.spacer, after=0)
    tag = para_style("MFC Template Tag", size=8, color="7F7F7F", after=0)
    tag.hidden = False
    para_style("MFC Header", size=sz.header, color="333333", after=0)
    bullet = styles["List Bullet"]
    bullet.font.name = FONT_WORD
    bullet.font.size = Pt(sz.body)
    bullet.paragraph_format.space_after = Pt(2)
    set_fonts(bullet.element.get_or_add_rPr())
    spacer = styles["MFC Spacer"].paragraph_format
    spacer.line_spacing = 1.0


def setup_header_footer(doc) -> None:
    """Marking and home in the header; title, version, date and page X of Y in the footer."""
    section = doc.sections[0]
    width = Mm(TEXT_WIDTH_MM)
    hp = section.header.paragraphs[0]
    hp.style = doc.styles["MFC Header"]
    hp.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    text_run(hp, "{{ meta.marking }}", bold=True, color=INK)
    hp.add_run().add_tab()
    text_run(hp, "{{ meta.home }}{% if meta.subject %} · {{ meta.subject }}{% endif %}")
    paragraph_borders(hp, {"bottom": ("single", 0.75, RULE)}, space=3)

    fp = section.footer.paragraphs[0]
    fp.style = doc.styles["MFC Header"]
    fp.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    text_run(fp, "{{ meta.title }} · version {{ meta.version }} · generated {{ meta.generated }}")
    fp.add_run().add_tab()
    text_run(fp, "Page ")
    add_field(fp, "PAGE", "1")
    text_run(fp, " of ")
    add_field(fp, "NUMPAGES", "1")
    paragraph_borders(fp, {"top": ("single", 0.75, RULE)}, space=3)

# -- small emitters ------------------------------------------------
