"""The one way a document is rendered and written: ``build``, ``report``, the dashboard and the web pages use it.

It alone decides which Word template a document uses (the home's own restyled
one in ``HOME/templates/``, or the built-in one), renders every template in
Jinja's sandbox (there is no other way to render one), falls back to the
built-in template with a warning when the home's own cannot be used, and writes
through :mod:`mfc_docs.output.switch` (atomic, owner-only, inside the output
folder). A PDF is always rendered (and, for a report, written) before the Word
file, so a broken Word template never stops the police pack.

Library use (e.g. a web page)::

    written = write_document(home.root, document, out_dir)            # replace: docx+pdf together
    written = write_document(home.root, document, out_dir, new_folder="2026-11-23_221500")  # a report
    written.paths["pdf"], written.warnings
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from ..documents.base import Document
from ..input.reading import TEMPLATE_LIMIT, UnreadableFile, read_user_file
from ..problems import MfcError
from .build_lock import BuildLock
from .files import OutputError, explain_os_error, guard_output_folder
from .new_files import new_private_folder, write_new_file
from .switch import OutputFile, commit_files

if TYPE_CHECKING:
    from .word_beside import WordBeside

TOO_LONG_FOR_A_PAGE = ("one entry is longer than a whole page can hold, so the document cannot be laid out. "
                       "Shorten the longest text in the files it is made from (a name, a description, a note).")
PDF_FIRST = ("pdf", "docx")


class RenderError(MfcError):
    """Some documents could not be made from valid data (e.g. a one-page sheet with too much on it)."""

    def __init__(self, messages: list[str], *, advice: str = ""):
        super().__init__("\n".join(messages), advice=advice)
        self.messages = messages

    def lines(self) -> list[str]:
        return list(self.messages) + ([self.advice] if self.advice else [])


def builtin_templates_dir() -> Path:
    """Templates shipped with mfc-docs: inside the installed package, or templates/ in a source checkout."""
    packaged = Path(__file__).resolve().parents[1] / "templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "templates"


@dataclass(frozen=True)
class Template:
    """The Word template a document is rendered from."""

    name: str  # e.g. "police_pack.docx"
    data: bytes
    own: bool  # the home's own (restyled) template
    problem: str = ""  # why the home's own template is not used (then this is the built-in one)

    @property
    def fingerprint(self) -> str:
        """What the documents made from it depend on (a fixed own template must rebuild them)."""
        return hashlib.sha256(self.data + self.problem.encode()).hexdigest()


def _builtin(name: str) -> bytes:
    path = builtin_templates_dir() / name
    try:
        return read_user_file(path, TEMPLATE_LIMIT, what="built-in Word template")
    except UnreadableFile:
        raise OutputError(f"the Word template {name} is missing ({path}); run 'make templates' or reinstall "
                          "mfc-docs, or use --format pdf.") from None


def own_template_problem(path: Path) -> tuple[bytes | None, str]:
    """The bytes of a home's own template, or why it cannot be used (a sentence)."""
    if path.is_symlink():
        return None, "it is a symbolic link; keep the restyled file itself in templates/"
    try:
        data = read_user_file(path, TEMPLATE_LIMIT, what="Word template")
    except UnreadableFile as exc:
        return None, exc.message.removeprefix("this Word template ").rstrip(".")
    if not data:
        return None, "the file is empty"
    import zipfile  # only when a Word template is read

    if not zipfile.is_zipfile(io.BytesIO(data)):
        return None, "it is not a Word (.docx) file; save it from Word as 'Word Document (*.docx)'"
    return data, ""


def choose_template(home_root: Path, name: str) -> Template:
    """The home's own restyled template when it exists and can be read, else the built-in one (with why)."""
    own = Path(home_root) / "templates" / name
    if not os.path.lexists(own):
        return Template(name, _builtin(name), own=False)
    data, problem = own_template_problem(own)
    if data is None:
        return Template(name, _builtin(name), own=False, problem=problem)
    return Template(name, data, own=True)


class Templates:
    """Each template chosen and read once per run."""

    def __init__(self, home_root: Path):
        self.home_root = Path(home_root)
        self._chosen: dict[str, Template] = {}

    def get(self, name: str) -> Template:
        if name not in self._chosen:
            self._chosen[name] = choose_template(self.home_root, name)
        return self._chosen[name]


def _fallback_warning(relative_path: str, name: str, reason: str) -> str:
    return (f"{relative_path}: warning: the home's own Word template templates/{name} cannot be used ({reason}), "
            "so the built-in one was used. Fix it in Word, keeping every {{ ... }} and {% ... %} tag exactly as "
            "it was, or delete it.")


@dataclass(frozen=True)
class Rendered:
    relative_path: str
    format: str
    data: bytes
    pages: int | None = None
    warning: str | None = None


def render(document: Document, fmt: str, template: Template | None = None) -> Rendered | str:
    """Render one document in one format: the file, or one line saying why it could not be made.

    A one-page sheet with too much on it is still made, over two sides, with a warning: the
    shift folder's contacts page must never stop the police packs from being written. A home's
    own Word template that fails in any way (syntax, a name the data does not have, an
    {% include %}, an attempt to reach Python) gives way to the built-in one, with a warning.
    """
    from ..input.photos import PhotoError

    relative = document.relative_path(fmt)
    if fmt == "pdf":
        return _render_pdf_file(document, relative)
    try:
        if fmt != "docx":
            raise ValueError(f"unknown format {fmt!r}")
        template = template or Template(document.template, _builtin(document.template), own=False)
        warning = _fallback_warning(relative, template.name, template.problem) if template.problem else None
        if not template.own:
            return Rendered(relative, fmt, _render_docx(document, template.data), None, warning)
        try:
            with _time_limit(OWN_TEMPLATE_SECONDS):
                return Rendered(relative, fmt, _render_docx(document, template.data))
        except PhotoError:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever a restyled template does, the built-in one is used
            reason = f"{type(exc).__name__}: {exc}"
            return Rendered(relative, fmt, _render_docx(document, _builtin(template.name)), None,
                            _fallback_warning(relative, template.name, reason))
    except PhotoError as exc:
        return f"{relative}: {exc}"


def _render_pdf_file(document: Document, relative: str) -> Rendered | str:
    """:func:`render` for a PDF (its libraries imported only here: a Word file needs none of them)."""
    from reportlab.platypus.doctemplate import LayoutError

    from ..input.photos import PhotoError
    from ..render.pdf import DoesNotFit

    try:
        try:
            data, pages = _render_pdf(document)
            return Rendered(relative, "pdf", data, pages)
        except DoesNotFit as exc:
            hint = f" {document.too_long_hint}" if document.too_long_hint else ""
            data, pages = _render_pdf(document, allow_overflow=True)
            return Rendered(relative, "pdf", data, pages,
                            f"{relative}: warning: {exc} Until then it is printed over {pages} sides.{hint}")
    except LayoutError:
        return f"{relative}: {TOO_LONG_FOR_A_PAGE}"
    except PhotoError as exc:
        return f"{relative}: {exc}"


# A restyled template renders in well under a second; one that loops for ever (nested range() loops
# pass the sandbox) must not hang the police pack, so it gives way to the built-in one after this.
OWN_TEMPLATE_SECONDS = 20


class TemplateTooSlow(Exception):
    def __str__(self) -> str:
        return f"it was still rendering after {OWN_TEMPLATE_SECONDS} seconds"


@contextlib.contextmanager
def _time_limit(seconds: int):
    """Stop the block after ``seconds`` (POSIX, main thread: where every command renders; elsewhere no limit)."""
    import signal
    import threading

    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise TemplateTooSlow()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _author(document: Document) -> str:
    return document.context.get("home", {}).get("name", "mfc-docs")


def _render_pdf(document: Document, *, allow_overflow: bool = False) -> tuple[bytes, int]:
    from ..render import pdf

    return pdf.render_pdf_counted(document.layout, document.context, title=document.title, subject=document.subject,
                                  author=_author(document), allow_overflow=allow_overflow,
                                  fit_group=document.fit_group or document.kind)


def _render_docx(document: Document, template: bytes) -> bytes:
    from ..render import docx

    return docx.render_docx(template, document.context, title=document.title, subject=document.subject,
                            author=_author(document))


@dataclass
class Written:
    """What :func:`write_document` wrote: each format's path, and what the user should be told."""

    paths: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    folder: Path | None = None


def write_document(home_root: Path, document: Document, out_dir: Path, *, formats: Iterable[str] = PDF_FIRST,
                   new_folder: str | None = None,
                   record: Callable[[dict[str, Path], dict[str, bytes]], tuple[str, bytes]] | None = None,
                   word: WordBeside | None = None) -> Written:
    """Render ``document`` and write it under ``out_dir`` (guarded: never beside the home's own files).

    Without ``new_folder``, its formats replace the previous ones together or not at all, under
    the output folder's lock (the dashboard). With ``new_folder`` (a name, e.g. a time stamp),
    a folder that did not exist is made in ``document.folder`` (``-2``, ``-3``... when taken) and
    nothing is ever overwritten (a report): the PDF is rendered and written first, then the Word
    file (rendered meanwhile by ``word``, a second process, when given), then ``record(paths, data)``
    may add one more file (e.g. report.json).
    Raises :class:`RenderError` or :class:`OutputError`; warnings come back in ``Written``.
    """
    out_dir = Path(out_dir)
    formats = [fmt for fmt in PDF_FIRST if fmt in set(formats)]
    templates = Templates(home_root)
    guard_output_folder(home_root, out_dir)
    if new_folder is None:
        rendered = [render(document, fmt, templates.get(document.template) if fmt == "docx" else None)
                    for fmt in formats]
        failures = [r for r in rendered if isinstance(r, str)]
        if failures:
            raise RenderError(failures)
        written = Written(warnings=[r.warning for r in rendered if r.warning])
        with BuildLock(out_dir, home_root):
            commit_files(out_dir, [OutputFile(r.relative_path, r.data) for r in rendered], None)
        written.paths = {r.format: out_dir / r.relative_path for r in rendered}
        written.folder = out_dir / document.folder
        return written
    return _write_into_new_folder(home_root, document, out_dir, formats, new_folder, templates, record, word)


def _write_into_new_folder(home_root: Path, document: Document, out_dir: Path, formats: list[str], name: str,
                           templates: Templates, record, word: WordBeside | None = None) -> Written:
    import shutil

    written = Written()
    first = render(document, formats[0], templates.get(document.template) if formats[0] == "docx" else None)
    if isinstance(first, str):
        raise RenderError([first])
    folder = None
    data: dict[str, bytes] = {}
    try:
        from .files import make_private_dir

        make_private_dir(out_dir)
        folder = new_private_folder(out_dir / document.folder, lambda n: name if n == 1 else f"{name}-{n}",
                                    within=out_dir)
        written.folder = folder
        for fmt in formats:
            result = first if fmt == formats[0] else (word.result() if word and fmt == "docx" else None)
            if result is None:
                result = render(document, fmt, templates.get(document.template))
            if isinstance(result, str):
                written.warnings.append(result)  # the PDF is written: the Word file is only a convenience
                continue
            if result.warning:
                written.warnings.append(result.warning)
            path = folder / f"{document.stem}.{fmt}"
            write_new_file(out_dir, path, result.data)
            written.paths[fmt] = path
            data[fmt] = result.data
        if record is not None:
            record_name, record_bytes = record(written.paths, data)
            write_new_file(out_dir, folder / record_name, record_bytes)
    except OSError as exc:
        if folder is not None:  # never leave a half-written pack that someone could print
            shutil.rmtree(folder, ignore_errors=True)
        raise OutputError(explain_os_error(exc, out_dir)) from None
    return written
