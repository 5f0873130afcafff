"""Render a Word template (built by :mod:`mfc_docs.render.templates`) with docxtpl.

* A fresh ``DocxTemplate`` for every document, opened from the template bytes.
* ``autoescape=True`` and ``StrictUndefined``: ``&`` or ``<`` in a value can
  neither break the file nor vanish, and a missing value is an error, never a blank.
* Photos go through :func:`mfc_docs.photos.clean_photo` (upright, bounded, no
  EXIF/GPS) before they are embedded.
* Core properties are set after rendering: nothing says "python-docx".
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment
from PIL import Image

from mfc_docs.photos import clean_photo
from mfc_docs.render.templates import PHOTO_MAX_HEIGHT_MM, PHOTO_WIDTH_MM, make_env

__all__ = ["render_docx", "undeclared_variables", "docx_env"]


class _Photo(InlineImage):
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


class _Template(DocxTemplate):
    """docxtpl's template, remembering its tag clean-up: the same XML always patches the same way."""

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched


class _SharedEnvironment:
    """One Jinja environment for every Word render, caching each template's compiled XML.

    docxtpl compiles the whole document XML with ``from_string`` on every render; the
    XML of a template never changes within a run, so compiling it once per template
    makes a build of hundreds of documents several times faster. The ``photo``
    filter finds the template being rendered through ``current``.
    """

    def __init__(self, sandboxed: bool = False) -> None:
        self.current: DocxTemplate | None = None
        self.env = make_env(autoescape=True, sandboxed=sandboxed)
        self.env.filters["photo"] = lambda path: _photo(self.current, path)
        compile_source = self.env.from_string
        cache: dict[str, object] = {}

        def from_string(source, *args, **kwargs):
            compiled = cache.get(source)
            if compiled is None:
                compiled = cache[source] = compile_source(source, *args, **kwargs)
            return compiled

        self.env.from_string = from_string  # type: ignore[method-assign]


_SHARED: dict[bool, _SharedEnvironment] = {}  # one for our templates, one (sandboxed) for a home's own


def _photo(tpl: DocxTemplate | None, path: object):
    if tpl is None:  # only parsing (undeclared_variables): never called
        raise RuntimeError("photo filter used without a template")
    data = clean_photo(Path(str(path)))
    with Image.open(io.BytesIO(data)) as img:
        w, h = img.size
    if h / w * PHOTO_WIDTH_MM > PHOTO_MAX_HEIGHT_MM:
        return _Photo(tpl, io.BytesIO(data), height=Mm(PHOTO_MAX_HEIGHT_MM))
    return _Photo(tpl, io.BytesIO(data), width=Mm(PHOTO_WIDTH_MM))


def render_docx(template_bytes: bytes, context: dict, *, title: str, subject: str, author: str,
                sandboxed: bool = False) -> bytes:
    """Render ``template_bytes`` against ``context`` and return the .docx bytes.

    Raises jinja2's ``UndefinedError`` when the template uses a value the
    context does not have, ``ValueError`` for a bad notice tone or band
    colour, and ``mfc_docs.photos.PhotoError`` for an unusable photo.
    """
    shared = _SHARED.get(sandboxed)
    if shared is None:
        shared = _SHARED[sandboxed] = _SharedEnvironment(sandboxed)
    tpl = _Template(io.BytesIO(template_bytes))
    shared.current = tpl
    try:
        tpl.render(context, jinja_env=shared.env, autoescape=True)
    finally:
        shared.current = None

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
