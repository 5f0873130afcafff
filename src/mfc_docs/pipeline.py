"""load -> validate -> context -> render -> write, usable as a library.

``plan_build`` does everything that can fail on bad data (loading, checking,
building every context) and decides which documents changed since the last
build; ``run_build`` renders them and writes them all at once. Nothing is
written until everything has been rendered.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from . import __version__, collect_garbage_less_often
from .documents import KINDS, Document
from .input.home_data import HOME_CONFIG, HomeData, load_home
from .output.build_lock import BuildLock, worker_initializer
from .output.cleanup import leftovers
from .output.files import sha256_bytes, sha256_file
from .output.manifest import WrittenFiles, file_stat, read_manifest
from .output.switch import OutputFile, commit_files, switch_pending
from .output.publish import TOO_LONG_FOR_A_PAGE, RenderError, Template, Templates, builtin_templates_dir, render
from .problems import DataError

if TYPE_CHECKING:
    from .output.pdf_beside import PdfBeside

FORMATS = ("docx", "pdf")
PARALLEL_THRESHOLD = 4  # fewer files than this render faster in this process than in two workers


def start_method() -> str:
    """How worker processes start: 'spawn' (every system) unless MFC_DOCS_START_METHOD says 'fork' (Linux, faster).

    The default follows Python's own on each system ('fork' on Linux until Python 3.14, 'spawn'
    on Windows and macOS); CI runs the build tests once with MFC_DOCS_START_METHOD=spawn.
    """
    import multiprocessing

    wanted = os.environ.get("MFC_DOCS_START_METHOD", "").strip().lower()
    methods = multiprocessing.get_all_start_methods()
    if wanted in methods:
        return wanted
    return "fork" if "fork" in methods else "spawn"


@dataclass
class Job:
    """One file to render: a document in one format."""

    document: Document
    format: str
    inputs_hash: str
    template: Template | None = None  # the Word template chosen for it (docx only)

    @property
    def relative_path(self) -> str:
        return self.document.relative_path(self.format)


@dataclass
class BuildPlan:
    home: HomeData
    out_dir: Path
    jobs: list[Job]  # to render
    unchanged: list[dict]  # manifest entries kept as they are
    stale: list[dict]  # manifest entries whose document no longer exists (a child was removed)
    sources: dict[str, str]
    formats: tuple[str, ...] = FORMATS
    source_stats: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class BuildResult:
    out_dir: Path
    written: list[dict]
    unchanged: list[dict]
    removed: list[dict]
    kept_stale: list[dict]
    warnings: list[str]
    overdue: int = 0  # items `mfc-docs check` lists as overdue


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The tool is an input too: its version and its code (a changed renderer must rebuild)."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _inputs_hash(document: Document, fmt: str, template_hash: str) -> str:
    """Everything a document is made from: its context (not the day it was made), photo, template, tool version."""
    context = dict(document.context)
    context["meta"] = {k: v for k, v in context.get("meta", {}).items() if k != "generated"}
    digest = hashlib.sha256()
    layout = repr(document.layout) if fmt == "pdf" else ""  # the PDF's layout is code, not a template file
    digest.update(json.dumps([document.kind, fmt, tool_fingerprint(), template_hash, layout], sort_keys=True).encode())
    digest.update(json.dumps(context, sort_keys=True, default=str, ensure_ascii=False).encode())
    photo = document.context.get("child", {}).get("photo_path")
    if photo:
        digest.update(sha256_file(Path(photo)).encode())
    return digest.hexdigest()


def source_files(home_dir: Path) -> list[Path]:
    """Every file a home's documents can depend on: the config, all of young_people/, templates/."""
    return sorted(Path(path) for _, path in _source_names(os.fspath(home_dir)))


def _source_names(home: str) -> list[tuple[str, str]]:
    """Each source file of the home folder ``home`` as (its name under the home, with '/', its path), unsorted.

    Strings, not Paths: the up-to-date check of a provider's 50 homes lists them all."""
    config = os.path.join(home, HOME_CONFIG)
    files = [config] if os.path.exists(config) else []
    for folder in ("young_people", "templates"):
        folder = os.path.join(home, folder)
        if os.path.isdir(folder):
            files += _files_under(folder)
    cut = len(os.path.join(home, ""))
    return [(path[cut:].replace(os.sep, "/"), path) for path in files]


def _files_under(folder: str) -> list[str]:
    """Every file under ``folder`` whose name, and every folder's on the way, does not start with a dot;
    links to files count, links to folders are not followed, unreadable folders are passed over
    (what ``Path.rglob('*')`` filtered by ``is_file()`` gives, with one ``scandir`` per folder
    instead of a Path and a stat per entry: the up-to-date check of a provider's 50 homes lists them all)."""
    found: list[str] = []
    folders = [folder]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            folders.append(entry.path)
                        elif entry.is_file():
                            found.append(entry.path)
                    except OSError:
                        continue
        except OSError:
            continue
    return found


def _stat_key(path: str) -> list[int]:
    try:
        info = os.stat(path)
    except OSError:
        return [-1, -1]
    return [info.st_size, info.st_mtime_ns]


def home_sources(home_dir: Path, known: dict | None = None) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Each source file's sha256, and its size and modification time.

    A file whose size and modification time are as recorded in ``known`` (the last
    manifest's ``source_stats`` and ``sources``) keeps its recorded hash without being
    read again, as make and rsync do; any other file is hashed.
    """
    old_hashes = (known or {}).get("sources", {})
    old_stats = (known or {}).get("source_stats", {})
    hashes: dict[str, str] = {}
    stats: dict[str, list[int]] = {}
    for name, path in sorted(_source_names(os.fspath(home_dir))):  # found under home_dir: no need to resolve links
        stats[name] = stat = _stat_key(path)
        if old_stats.get(name) == stat and name in old_hashes:
            hashes[name] = old_hashes[name]
        else:
            try:
                hashes[name] = sha256_file(Path(path))
            except OSError as exc:  # unreadable: loading says so; here it only makes the home look changed
                hashes[name] = f"unreadable ({exc.errno})"
    return hashes, stats


def up_to_date(home_dir: Path, out_dir: Path, today: date, formats: Iterable[str]) -> BuildResult | None:
    """The last build's result when nothing it was made from has changed since, on the same day.

    Ages, review warnings and "generated" dates depend on the day, so a build on a new day
    always looks at every document; within a day, a home whose files, templates and tool are
    unchanged is not even loaded. This keeps a provider's run after one edit under a second.
    """
    if switch_pending(out_dir) or leftovers(out_dir):
        return None  # a killed run's switch or files: the full build takes the lock and repairs them first
    manifest = read_manifest(out_dir)
    if (manifest.get("built_on") != today.isoformat() or manifest.get("tool_fingerprint") != tool_fingerprint()
            or not set(formats) <= set(manifest.get("formats", []))):
        return None
    if manifest.get("sources") != home_sources(home_dir, manifest)[0]:
        return None
    documents = [e for e in manifest.get("documents", []) if e.get("format") in set(formats)]
    written = WrittenFiles(out_dir)
    if not all(written.as_written(e) for e in documents):  # verified, not trusted
        return None
    current = [e for e in documents if not e.get("stale")]
    stale = [e for e in documents if e.get("stale")]
    return BuildResult(out_dir, [], current, [], stale, list(manifest.get("warnings", [])),
                       int(manifest.get("overdue", 0)))


def load_checked(home_dir: Path, today: date | None = None) -> HomeData:
    """Load and check every file of the home. Raises DataError listing every problem when there are errors."""
    home = load_home(Path(home_dir), today)
    if home.errors:
        raise DataError(home.problems, home.files_checked)
    return home


def default_out_dir(home_dir: Path) -> Path:
    return Path(home_dir) / "output"


def plan_build(home: HomeData, out_dir: Path, *, formats: Iterable[str] = FORMATS,
               force: bool = False, kinds: Iterable[str] | None = None) -> BuildPlan:
    """Build every context and decide what to render against the last manifest. Call with the lock held."""
    home_dir = home.root
    wanted = set(kinds) if kinds else None
    documents = [doc for kind in KINDS if wanted is None or kind.name in wanted for doc in kind.build(home)]

    templates = Templates(home_dir)  # the home's own Word templates, or the built-in ones: chosen once, here
    manifest = read_manifest(out_dir)
    previous = {entry["path"]: entry for entry in manifest.get("documents", [])}
    jobs: list[Job] = []
    unchanged: list[dict] = []
    planned: set[str] = set()
    written = WrittenFiles(out_dir)
    for document in documents:
        for fmt in formats:
            template = templates.get(document.template) if fmt == "docx" else None
            job = Job(document, fmt, _inputs_hash(document, fmt, template.fingerprint if template else ""), template)
            planned.add(job.relative_path)
            old = previous.get(job.relative_path)
            if not force and old and old.get("inputs_hash") == job.inputs_hash and written.as_written(old):
                unchanged.append({**old, "stat": file_stat(out_dir / job.relative_path)})
            else:
                jobs.append(job)
    # Optional items (the card's lists, the pack's first places and people) are chosen when the
    # document is rendered (render_document), where the measuring runs in parallel too.
    # Only documents of the kinds and formats being built can go stale.
    stale = [entry for path, entry in previous.items() if path not in planned
             and entry.get("format") in formats and (wanted is None or entry.get("kind") in wanted)]
    hashes, stats = home_sources(home_dir, manifest)
    return BuildPlan(home, out_dir, jobs, unchanged, stale, hashes, formats=tuple(formats), source_stats=stats)


def render_job(job: Job) -> tuple[bytes, int | None, str | None] | str:
    """Render one file through the one render path: its bytes, pages and any warning, or why it could not be made."""
    result = render(job.document, job.format, job.template)
    if isinstance(result, str):
        return result
    return result.data, result.pages, result.warning


def render_document(jobs: list[Job]) -> list[tuple[bytes, int | None, str | None] | str]:
    """Every format of one document: its optional items chosen once (measured on the PDF's page), so
    that its Word and PDF versions show the same, then each file rendered.

    One document is one task, so a page-filling search runs in a worker beside the other renders.
    """
    document = _filled(jobs[0].document)
    for job in jobs:
        job.document = document
    return [render_job(job) for job in jobs]


def _filled(document: Document) -> Document:
    """The document with its optional items chosen (as it is when it has none, or its photo went)."""
    if document.fill is None:
        return document
    from .input.photos import PhotoError
    from .render.fill import filled

    try:
        return filled(document)
    except PhotoError:
        return document  # the photo went after the home was read: render() says so for each file, in plain words


def _render_task(jobs: list[Job], memory: tuple[Path, date] | None) -> tuple[list, list]:
    """:func:`render_document` in a worker, remembering where the build does (``input.validation_cache``:
    where page-filling searches ended, Word templates' cleaned XML); what it would keep comes back to be
    kept by the build once its documents are written."""
    if memory is None:
        return render_document(jobs), []
    from .input.validation_cache import remembering

    held: list = []
    with remembering(memory[0], memory[1], held=held):
        return render_document(jobs), held


def _by_document(jobs: list[Job]) -> list[list[Job]]:
    """The jobs grouped by document, in the order the documents first appear."""
    groups: dict[int, list[Job]] = {}
    for job in jobs:
        groups.setdefault(id(job.document), []).append(job)
    return list(groups.values())


@functools.lru_cache(maxsize=1)
def _batch_garbage_collection() -> None:
    """Collect garbage less often while rendering many documents.

    reportlab and docxtpl allocate many short-lived objects; with Python's default
    thresholds the cyclic collector re-scans the long-lived ones (fonts, templates,
    caches) over and over. Freezing those and collecting less often saves about 6%.
    """
    import gc

    gc.freeze()
    collect_garbage_less_often()


BESIDE_DOCUMENTS = 4  # up to this many documents, one helper draws the PDFs while this process makes the Word files


def _prepare_helper() -> None:
    """What the PDF helper does as soon as it is forked: let go of locks, import reportlab, read the fonts."""
    worker_initializer()
    _batch_garbage_collection()
    from .render import pdf

    pdf.register_fonts()


def start_beside(formats: Iterable[str]) -> PdfBeside | None:
    """Fork the helper that will draw a small build's PDFs (:mod:`mfc_docs.output.pdf_beside`), as soon as it is
    known that a home must be built; None when it would not help (no Word files or no PDFs to make, worker
    processes started with 'spawn', no core free): then the build renders as before."""
    from .output.pdf_beside import PdfBeside

    if not {"docx", "pdf"} <= set(formats) or start_method() != "fork":
        return None
    return PdfBeside.start(_prepare_helper, _filled, render_job)


def _render_beside(tasks: list[list[Job]], beside: PdfBeside, progress: Callable[[int, int], None] | None,
                   run_meanwhile: Callable[[], None], memory: tuple[Path, date] | None, kept: list) -> list:
    """Each document's optional items chosen and its PDF drawn by the helper, its Word file made here
    (from the context the helper chose); whatever the helper does not answer is done here, the same way."""
    total = sum(map(len, tasks))
    done = 0
    filling = [(index, task[0].document) for index, task in enumerate(tasks) if task[0].document.fill is not None]
    drawing = [(index, position, job) for index, task in enumerate(tasks) for position, job in enumerate(task)
               if job.format == "pdf"]
    beside.send(memory, filling, drawing)
    results: dict[tuple[int, int], object] = {}
    # Word files of documents with nothing to choose first, while the helper chooses the others' items.
    for index, task in sorted(enumerate(tasks), key=lambda item: item[1][0].document.fill is not None):
        document = task[0].document
        if document.fill is not None:
            answer = beside.filled(index)
            if answer is None:
                document = _filled(document)
            elif answer[0]:
                document = replace(document, context=answer[1], fill=None)
        for job in task:
            job.document = document
        for position, job in enumerate(task):
            if job.format != "pdf":
                results[index, position] = render_job(job)
                done += 1
                if progress:
                    progress(done, total)
    run_meanwhile()
    for index, position, job in drawing:
        drawn = beside.pdf(index, position)
        results[index, position] = render_job(job) if drawn is None else drawn
        done += 1
        if progress:
            progress(done, total)
    kept.extend(beside.held())
    return [results[index, position] for index, task in enumerate(tasks) for position in range(len(task))]


def _render_many(jobs: list[Job], jobs_count: int, progress: Callable[[int, int], None] | None,
                 meanwhile: Callable[[], None] = lambda: None, *, beside: PdfBeside | None = None,
                 memory: tuple[Path, date, list] | None = None) -> list[tuple[bytes, int | None]]:
    """Render every job; ``meanwhile`` runs in this process while the workers render (its
    error, if any, is raised after the renders' own failures). ``beside`` is a started PDF helper
    (closed here whether used or not); ``memory`` where and for which day the build remembers
    (``input.validation_cache``), and the list what is to be kept once the documents are written goes into."""
    from .input.validation_cache import remembering

    kept: list = memory[2] if memory is not None else []
    in_here = remembering(memory[0], memory[1], held=kept) if memory is not None else contextlib.nullcontext()
    try:
        with in_here:
            return _render_all(jobs, jobs_count, progress, meanwhile, beside, memory[:2] if memory else None, kept)
    finally:
        if beside is not None:
            beside.close()  # used up, or not used: no process is left behind


def _render_all(jobs: list[Job], jobs_count: int, progress: Callable[[int, int], None] | None,
                meanwhile: Callable[[], None], beside: PdfBeside | None, memory: tuple[Path, date] | None,
                kept: list) -> list[tuple[bytes, int | None]]:
    results: list = []
    _batch_garbage_collection()
    tasks = _by_document(jobs)
    late: list[BaseException] = []

    def run_meanwhile() -> None:
        try:
            meanwhile()
        except Exception as exc:  # noqa: BLE001 - raised below, after the renders' failures
            late.append(exc)

    if beside is not None and not beside.gone and 0 < len(tasks) <= BESIDE_DOCUMENTS \
            and {job.format for job in jobs} == {"docx", "pdf"}:
        results = _render_beside(tasks, beside, progress, run_meanwhile, memory, kept)
    elif jobs_count <= 1 or len(jobs) < PARALLEL_THRESHOLD:
        if beside is not None:
            beside.close()
        for task in tasks:
            results.extend(render_document(task))
            if progress:
                progress(len(results), len(jobs))
        run_meanwhile()
    else:
        if beside is not None:
            beside.close()
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor  # here: a report or a small build never starts workers

        from .render import pdf as _pdf  # imported once here, inherited by each worker

        if any(job.format == "docx" for job in jobs):  # docxtpl only when Word files are made
            from .render import docx as _docx  # noqa: F401
        _pdf.register_fonts()
        context = multiprocessing.get_context(start_method())
        with ProcessPoolExecutor(max_workers=jobs_count, mp_context=context, initializer=worker_initializer) as pool:
            futures = [pool.submit(_render_task, task, memory) for task in tasks]
            run_meanwhile()
            for future in futures:
                rendered, held = future.result()
                results.extend(rendered)
                kept.extend(held)
                if progress:
                    progress(len(results), len(jobs))
    failures = [result for result in results if isinstance(result, str)]
    if failures:
        raise RenderError(failures)
    if late:
        raise late[0]
    return results


def run_build(plan: BuildPlan, *, prune: bool = False, jobs_count: int | None = None,
              progress: Callable[[int, int], None] | None = None, beside: PdfBeside | None = None,
              remember: list | None = None) -> BuildResult:
    """Render what the plan says and write it all at once. Call with the lock held.

    ``beside``: a PDF helper started for this build (:func:`start_beside`), closed here. ``remember``: the
    list of what the build keeps in ``input.validation_cache`` once its documents are written (the
    ``held`` of its ``remembering``), when it remembers at all; rendering then recalls and adds to it.
    Raises on failure, leaving the old output as it was.
    """
    from .rules.deadlines import OVERDUE, findings

    jobs_count = jobs_count or os.cpu_count() or 1
    overdue_count: list[int] = []

    def count_overdue() -> None:  # for the summary line; while the workers render (bank holidays load slowly)
        overdue_count.append(sum(f.status == OVERDUE for f in findings(plan.home)))

    memory = (plan.out_dir, plan.home.today, remember) if remember is not None else None
    rendered = _render_many(plan.jobs, jobs_count, progress, count_overdue, beside=beside, memory=memory)
    overdue = overdue_count[0]
    files: list[OutputFile] = []
    written: list[dict] = []
    for job, (data, pages, warning) in zip(plan.jobs, rendered):
        files.append(OutputFile(job.relative_path, data))
        entry = {
            "kind": job.document.kind,
            "young_person": job.document.young_person,
            "format": job.format,
            "path": job.relative_path,
            "sha256": sha256_bytes(data),
            "inputs_hash": job.inputs_hash,
            "title": job.document.title,
        }
        if pages is not None:
            entry["pages"] = pages
        if warning:
            entry["warning"] = warning  # kept while the document is unchanged, so it is said at every build
        written.append(entry)
    render_warnings = [e["warning"] for e in written + plan.unchanged if e.get("warning")]
    removed = plan.stale if prune else []
    kept_stale = [] if prune else [{**entry, "stale": True} for entry in plan.stale]
    documents = sorted(written + plan.unchanged + kept_stale, key=lambda e: e["path"])
    formats = sorted({job.format for job in plan.jobs} | {e["format"] for e in plan.unchanged} | set(plan.formats))
    manifest = {
        "generated_at": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "tool_version": __version__,
        "tool_fingerprint": tool_fingerprint(),
        "built_on": plan.home.today.isoformat(),
        "formats": formats,
        "home": plan.home.config["home"]["name"],
        "sources": dict(sorted(plan.sources.items())),
        "source_stats": dict(sorted(plan.source_stats.items())),
        "warnings": [str(p) for p in plan.home.problems if not p.is_error] + render_warnings,
        "overdue": overdue,
        "documents": documents,
    }
    commit_files(plan.out_dir, files, manifest, remove=[e["path"] for e in removed])
    return BuildResult(plan.out_dir, written, plan.unchanged, removed, kept_stale,
                       [str(p) for p in plan.home.problems if not p.is_error] + render_warnings, overdue)


def build(home_dir: Path, out_dir: Path | None = None, *, today: date | None = None, prune: bool = False,
          jobs_count: int | None = None, **plan_options) -> BuildResult:
    """Check, plan and run a build in one call (the library entry point)."""
    home = load_checked(home_dir, today)
    out_dir = Path(out_dir) if out_dir else default_out_dir(home_dir)
    with BuildLock(out_dir, home.root):
        plan = plan_build(home, out_dir, **plan_options)
        return run_build(plan, prune=prune, jobs_count=jobs_count)


__all__ = ["build", "plan_build", "run_build", "BuildPlan", "BuildResult", "FORMATS", "HOME_CONFIG", "RenderError",
           "TOO_LONG_FOR_A_PAGE", "builtin_templates_dir", "start_method"]
