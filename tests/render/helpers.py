"""Text extraction and normalisation shared by the rendering tests."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from pypdf import PdfReader


def norm(text: str) -> str:
    """Collapse every run of whitespace (line wraps, breaks, tabs) to one space."""
    return re.sub(r"\s+", " ", text).strip()


def _block_text(parent) -> list[str]:
    out: list[str] = []
    for child in parent.iter_inner_content():
        if isinstance(child, DocxParagraph):
            out.append(child.text)
        elif isinstance(child, DocxTable):
            out.extend(_table_text(child))
    return out


def _table_text(table: DocxTable) -> list[str]:
    out: list[str] = []
    for row in table.rows:
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells are reported once per grid column
                continue
            seen.add(id(cell._tc))
            out.extend(_block_text(cell))
    return out


def docx_parts(data: bytes) -> dict[str, list[str]]:
    """Text of a .docx: body (paragraphs and tables, nested ones included, in order), headers, footers."""
    d = docx.Document(io.BytesIO(data))
    headers, footers = [], []
    for section in d.sections:
        headers.extend(p.text for p in section.header.paragraphs)
        footers.extend(p.text for p in section.footer.paragraphs)
    return {"body": _block_text(d), "header": headers, "footer": footers}


def docx_text(data: bytes) -> str:
    parts = docx_parts(data)
    return norm(" ".join(parts["header"] + parts["body"] + parts["footer"]))


def docx_xml(data: bytes) -> str:
    """Every XML part of the package, concatenated (for searches such as 'python-docx')."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return norm(" ".join(pdf_pages(data)))


def pdf_body_text(data: bytes, furniture: list[str]) -> str:
    """PDF text without the header/footer lines, so text that flows over a page break reads on."""
    text = pdf_text(data)
    for item in furniture:
        text = text.replace(norm(item), " ")
    text = re.sub(r"Page \d+ of \d+", " ", text)
    return norm(text)


def restyled_template(home, name: str, old: bytes, new: bytes, part: str = "word/document.xml"):
    """A copy of the built-in Word template ``name`` in HOME/templates/, its first ``old`` in ``part`` made ``new``:
    a home's own restyled template, as a manager would save it from Word."""
    from mfc_docs.pipeline import builtin_templates_dir

    (home / "templates").mkdir(exist_ok=True)
    target = home / "templates" / name
    with zipfile.ZipFile(builtin_templates_dir() / name) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.namelist():
            data = source.read(item)
            if item == part:
                assert old in data
                data = data.replace(old, new, 1)
            out.writestr(item, data)
    return target
