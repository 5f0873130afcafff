"""Render a Word template (built by :mod:`mfc_docs.render.templates`) with docxtpl.

* A fresh ``DocxTemplate`` for every document, opened from the template bytes.
* ``autoescape=True`` and ``StrictUndefined``: ``&`` or ``<`` in a value can
  neither break the file nor vanish, and a missing value is an error, never a blank.
* Photos go through :func:`mfc_docs.input.photos.clean_photo` (upright, bounded, no
  EXIF/GPS) before they are embedded.
* Core properties are set after rendering: nothing says "python-docx".
"""

from __future__ import annotations

import functools
import io
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml.ns import nsmap
from docx.image.image import Image as WordImage
from docx.oxml.parser import element_class_lookup
from docx.shared import Mm
from docx.package import Package
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment
from lxml import etree

from mfc_docs.input import validation_cache
from mfc_docs.input.photos import clean_photo
from mfc_docs.render.jinja_env import make_env
from mfc_docs.render.theme import PHOTO_MAX_HEIGHT_MM, PHOTO_WIDTH_MM
from mfc_docs.render.word_breaks import add_break_places, style_sizes

__all__ = ["render_docx", "undeclared_variables", "docx_env"]


class _ZeroWrapInlineImage(InlineImage):
    """An inline picture with explicit zero wrap distances.

    python-docx leaves ``distL``/``distR`` out of ``<wp:inline>``; LibreOffice then
    assumes 1/8 inch and shifts every photo 3 mm to the right of its column.
    """

    def _insert_image(self):
        xml = super()._insert_image()
        return xml.replace("<wp:inline ", '<wp:inline distT="0" distB="0" distL="0" distR="0" ', 1)


def docx_env(tpl: DocxTemplate | None = None) -> Environment:
    """The Jinja environment for Word templates, with the ``photo`` filter bound to ``tpl``."""
    env = make_env(autoescape=True)
    env.filters["photo"] = lambda path: _photo(tpl, path)
    return env


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# python-docx's element classes (docxtpl reads the sections afterwards), but without its
# blank-text removal and with docxtpl's tolerance: the same parse docxtpl makes.
_DOCUMENT_PARSER = etree.XMLParser(recover=True, resolve_entities=False)
_DOCUMENT_PARSER.set_element_class_lookup(element_class_lookup)
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # as docxtpl's resolve_listing finds them
_LISTING_CHARACTERS = re.compile("[\t\a\n\f]")


# Parts docxtpl never changes: kept as the template's bytes instead of parsed and written out again.
_UNTOUCHED_PARTS = frozenset({CT.WML_STYLES, CT.WML_SETTINGS, CT.WML_NUMBERING})
_PACKAGES: dict[bytes, PackageReader] = {}


def _part_factory(partname, content_type: str, reltype: str, blob: bytes, package: Package) -> Part:
    if content_type in _UNTOUCHED_PARTS:
        return Part.load(partname, content_type, blob, package)
    return PartFactory(partname, content_type, reltype, blob, package)


def _open_document(template_bytes: bytes):
    """A fresh python-docx document from the template, unzipped once per run.

    What ``docx.Document()`` does, with two differences: the template's unzipped parts are
    reused (each render still gets its own parts), and the parts docxtpl never touches
    (styles, settings, numbering) stay bytes rather than parsed and serialised again.
    """
    reader = _PACKAGES.get(template_bytes)
    if reader is None:
        reader = PackageReader.from_file(io.BytesIO(template_bytes))
        if len(_PACKAGES) < 64:
            _PACKAGES[template_bytes] = reader
    package = Package()
    Unmarshaller.unmarshal(reader, package, _part_factory)
    _link_core_properties(package)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"the template is not a Word document (its main part is {document_part.content_type})")
    return document_part.document


def _link_core_properties(package: Package) -> None:
    """Make python-docx find the template's own document properties.

    LibreOffice's "Office Open XML Text" format links them under another relationship name;
    python-docx then adds a second docProps/core.xml, and Word calls such a file damaged.
    """
    try:
        package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        for part in package.iter_parts():
            if part.content_type == CT.OPC_CORE_PROPERTIES:
                package.relate_to(part, RT.CORE_PROPERTIES)
                return


class _Template(DocxTemplate):
    """docxtpl's template, with shortcuts that give the same document faster.

    * The template is unzipped once per run (see :func:`_open_document`).
    * Its tag clean-up is remembered: the same XML always patches the same way (in a report, also
      between runs, in the home's ``output/.validation-cache/``: see :mod:`mfc_docs.input.validation_cache`).
    * Line breaks and tabs in values are turned into Word's only in paragraphs that have one.
    * The rendered body goes back in by parsing the whole ``document.xml`` once, not by
      moving a separately parsed body into the open document: lxml's move re-checks the
      namespaces of every element and took most of a Word render (7 ms of 11 for a police
      pack). A table whose columns a template loop changed is still repaired by docxtpl.
    """

    _patched: dict[str, str] = {}
    _document_ends: dict[bytes, tuple[str, str]] = {}  # by template

    def __init__(self, template_bytes: bytes) -> None:
        super().__init__(io.BytesIO(template_bytes))
        self._template_bytes = template_bytes

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            self.docx = _open_document(self._template_bytes)
            self.is_rendered = False

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = validation_cache.recall_text(_PATCHED, src_xml, _docxtpl_version())  # an earlier report's
            if patched is None:
                patched = super().patch_xml(src_xml)
                validation_cache.remember_text(_PATCHED, src_xml, _docxtpl_version(), patched)
            self._patched[src_xml] = patched
        return patched

    def resolve_listing(self, xml: str) -> str:
        """docxtpl's line breaks and tabs from values, worked out only for the paragraphs that have one."""
        return _PARAGRAPH.sub(lambda m: super(_Template, self).resolve_listing(m.group(0))
                              if _LISTING_CHARACTERS.search(m.group(0)) else m.group(0), xml)

    def fix_tables(self, xml: str):
        """The whole rendered ``w:document``, its table grids repaired as docxtpl would."""
        before, after = self._around_body()
        xml = add_break_places(xml, self._style_sizes())  # an address too wide for its cell breaks at "@" or "."
        tree = etree.fromstring(before + xml + after, _DOCUMENT_PARSER)
        if any(_grid_differs(table) for table in tree.iter(f"{_W}tbl")):
            repaired = etree.tostring(super().fix_tables(xml), encoding="unicode")
            tree = etree.fromstring(before + repaired + after, _DOCUMENT_PARSER)
        return tree

    _sizes: dict[bytes, dict[str, float]] = {}  # by template: each style's font size

    def _style_sizes(self) -> dict[str, float]:
        sizes = self._sizes.get(self._template_bytes)
        if sizes is None:
            part = next((p for p in self.docx.part.package.iter_parts() if p.content_type == CT.WML_STYLES), None)
            sizes = style_sizes(part.blob if part is not None else None)
            if len(self._sizes) < 64:
                self._sizes[self._template_bytes] = sizes
        return sizes

    def fix_docpr_ids(self, tree) -> None:
        """docxtpl's renumbering of picture ids, through lxml's own ``xpath`` (python-docx's
        element classes replace it with one that takes no namespaces)."""
        for picture in etree._Element.xpath(tree, "//wp:docPr", namespaces=nsmap):
            self.docx_ids_index += 1
            picture.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree) -> None:
        """``tree`` is the whole rendered ``w:document``: it becomes the part's XML as it is."""
        self.docx._part._element = tree
        self.docx._element = tree

    def _around_body(self) -> tuple[str, str]:
        """The template's ``document.xml`` before and after ``<w:body>``, to wrap a rendered body."""
        ends = self._document_ends.get(self._template_bytes)
        if ends is None:
            root = etree.tostring(self.docx._element, encoding="unicode")
            start = re.search(r"<w:body[ >]", root)
            if start is None:
                raise ValueError("the Word template has no document body")
            end = root.rindex("</w:body>") + len("</w:body>")
            ends = self._document_ends[self._template_bytes] = (root[:start.start()], root[end:])
        return ends


_PATCHED = "docx-patched-xml"


@functools.lru_cache(maxsize=1)
def _docxtpl_version() -> str:
    """The docxtpl that cleans the tags: its version and its template module's size and time."""
    import docxtpl.template

    info = os.stat(docxtpl.template.__file__)
    return f"docxtpl {getattr(docxtpl, '__version__', '?')} {info.st_size} {info.st_mtime_ns}"


def _grid_differs(table) -> bool:
    """True when docxtpl's ``fix_tables`` would change this table: its grid columns do not
    match its widest row (counted as docxtpl counts them, rows of nested tables included)."""
    grid = table.find(f"{_W}tblGrid")
    columns = 0 if grid is None else len(grid.findall(f"{_W}gridCol"))
    widest = 0
    for row in table.iter(f"{_W}tr"):
        width = 0
        for cell in row.findall(f"{_W}tc"):
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            width += int(span.get(f"{_W}val")) if span is not None else 1
        widest = max(widest, width)
    return widest != columns


class _SharedEnvironment:
    """One sandboxed Jinja environment for every Word render, caching each template's compiled XML.

    Every Word template is rendered in Jinja's sandbox, ours and a home's own alike: a
    restyled template arrives by email, and there is no flag that could turn the sandbox
    off by mistake. Repeating text (``*``, ``**``) is capped so a template cannot fill the
    memory. docxtpl compiles the whole document XML with ``from_string`` on every render;
    the XML of a template never changes within a run, so compiling it once per template
    makes a build of hundreds of documents several times faster. The ``photo`` filter
    finds the template being rendered through ``current``, and embeds only the photos the
    data names (never any other file a template might name).
    """

    def __init__(self) -> None:
        self.current: DocxTemplate | None = None
        self.photos: frozenset[str] = frozenset()
        self.env = make_env(autoescape=True, sandboxed=True)
        self.env.intercepted_binops = frozenset({"*", "**"})
        self.env.call_binop = _limited_binop  # type: ignore[method-assign]
        self.env.filters["photo"] = self._photo
        compile_source = self.env.from_string
        cache: dict[str, object] = {}

        def from_string(source, *args, **kwargs):
            compiled = cache.get(source)
            if compiled is None:
                compiled = cache[source] = compile_source(source, *args, **kwargs)
            return compiled

        self.env.from_string = from_string  # type: ignore[method-assign]

    def _photo(self, path: object):
        if str(path) not in self.photos:
            from jinja2.exceptions import SecurityError

            raise SecurityError("the photo filter only takes the photo named in the child's file")
        return _photo(self.current, path)


_LARGEST_RESULT = 1_000_000


def _limited_binop(context, operator: str, left, right):
    """``*`` and ``**`` as Python does them, refusing results no document needs (a template's memory bomb)."""
    from jinja2.exceptions import SecurityError

    if operator == "**":
        if isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError("a power larger than 64 is not allowed in a Word template")
        return left ** right
    for value, times in ((left, right), (right, left)):
        if isinstance(value, (str, bytes, list, tuple)) and isinstance(times, int) and len(value) * times > _LARGEST_RESULT:
            raise SecurityError("repeated text that long is not allowed in a Word template")
    return left * right


def _photo_paths(value: object, found: set[str] | None = None, depth: int = 0) -> set[str]:
    """Every text in a render context that could name a photo: the only files the photo filter may embed
    (a path written into a template itself is refused)."""
    found = set() if found is None else found
    if depth > 8:
        return found
    if isinstance(value, dict):
        value = value.values()
    if isinstance(value, (list, tuple, type({}.values()))):
        for item in value:
            if isinstance(item, (str, Path)):
                text = str(item)
                if 0 < len(text) < 4096:
                    found.add(text)
            elif isinstance(item, (dict, list, tuple)):
                _photo_paths(item, found, depth + 1)
    return found


_SHARED: list[_SharedEnvironment] = []


def _photo(tpl: DocxTemplate | None, path: object):
    if tpl is None:  # only parsing (undeclared_variables): never called
        raise RuntimeError("photo filter used without a template")
    data = clean_photo(Path(str(path)))
    # Its size from the JPEG's own header, as python-docx reads it to embed it (the same numbers Pillow
    # gives; opening it with Pillow imported five image formats' modules, 6 ms of a report's Word file).
    header = WordImage.from_blob(data)
    w, h = header.px_width, header.px_height
    if h / w * PHOTO_WIDTH_MM > PHOTO_MAX_HEIGHT_MM:
        return _ZeroWrapInlineImage(tpl, io.BytesIO(data), height=Mm(PHOTO_MAX_HEIGHT_MM))
    return _ZeroWrapInlineImage(tpl, io.BytesIO(data), width=Mm(PHOTO_WIDTH_MM))


def render_docx(template_bytes: bytes, context: dict, *, title: str, subject: str, author: str) -> bytes:
    """Render ``template_bytes`` against ``context`` and return the .docx bytes.

    Raises jinja2's ``UndefinedError`` when the template uses a value the
    context does not have, ``ValueError`` for a bad notice tone or band
    colour, ``mfc_docs.input.photos.PhotoError`` for an unusable photo, and
    jinja2's ``SecurityError`` when the template reaches for anything but the data.
    Always sandboxed: callers choose the template (see :mod:`mfc_docs.output.publish`), not the sandbox.
    """
    if not _SHARED:
        _SHARED.append(_SharedEnvironment())
    shared = _SHARED[0]
    tpl = _Template(template_bytes)
    shared.current = tpl
    shared.photos = frozenset(_photo_paths(context))
    try:
        tpl.render(context, jinja_env=shared.env, autoescape=True)
    finally:
        shared.current = None
        shared.photos = frozenset()

    now = datetime.now(timezone.utc).replace(microsecond=0)
    cp = tpl.docx.core_properties
    # Word's document properties hold at most 255 characters; a very long name is cut there only.
    cp.title = title[:255]
    cp.subject = subject[:255]
    cp.author = author[:255]
    cp.last_modified_by = author[:255]
    cp.comments = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    cp.created = now
    cp.modified = now

    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def undeclared_variables(template_bytes: bytes, context: dict) -> set[str]:
    """Names the template uses that ``context`` does not provide (empty when all is well)."""
    tpl = DocxTemplate(io.BytesIO(template_bytes))
    return set(tpl.get_undeclared_template_variables(jinja_env=docx_env(None), context=context))
