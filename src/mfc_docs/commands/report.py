"""The police pack at the moment a child is reported missing.

Made for the worst moment of a shift: it works even when another child's file
is broken, it refuses only when this child's own data would make the pack
wrong, it never overwrites an earlier report, and every pack says when it was
made and from exactly which data, so it can later be shown what was handed over.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..rules.dates import british_datetime, home_now, never_happened
from ..input.home_data import HOME_CONFIG, PHOTO_FILE, HomeData, load_home
from ..input.validation_cache import remembering
from ..output.files import sha256_bytes, sha256_file
from ..output.publish import RenderError, write_document
from ..problems import DataError, MfcError, Problem

if TYPE_CHECKING:  # the encryption module is imported only when a copy is encrypted
    from ..output.protect import ProtectedCopy
    from ..output.word_beside import WordBeside

RISK_ORDER = {"low": 0, "medium": 1, "high": 2}


HAND_OVER = "Meanwhile hand over the last printed police pack from the shift folder."


class ReportError(MfcError):
    """The report cannot be made; the message says exactly what to do."""


_TIME = r"(\d{1,2})[:.](\d{2})"


_TWELVE_HOUR = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\b\.?")


def _as_24_hour(match: re.Match) -> str:
    """'10pm' -> '22:00', '12.15am' -> '00:15'; an hour that is not 1-12 is left to be refused."""
    hour, minute = int(match[1]), match[2] or "00"
    if not 1 <= hour <= 12:
        return match[0]
    return f"{hour % 12 + (12 if match[3] == 'p' else 0):02d}:{minute}"


def parse_when(text: str, now: datetime) -> datetime:
    """Times as a tired person types them: '22:15', '22.15', '10pm', 'yesterday 23:40', '2026-11-23 22:15', '23/11 22:15'.

    A bare time later than now means yesterday (22:15 typed at half past midnight), a day and month
    later than today last year ('31/12 23:40' typed on New Year's Day). A time more than a year ago is
    refused: it is a year typed wrong, never a child reported missing now.
    """
    value = _TWELVE_HOUR.sub(_as_24_hour, text.strip().lower())
    value = {"midnight": "00:00", "noon": "12:00", "midday": "12:00"}.get(value, value)
    if value in ("now", "just now"):
        return now.replace(second=0, microsecond=0)
    patterns: list[tuple[str, callable]] = [
        (rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})[ t]+{_TIME}", lambda m: datetime(
            int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]))),
        (rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{2}}|\d{{4}})\s+{_TIME}", lambda m: datetime(
            _year(m[3]), int(m[2]), int(m[1]), int(m[4]), int(m[5]))),
        (rf"(\d{{1,2}})/(\d{{1,2}})\s+{_TIME}", lambda m: _this_year_or_last(
            now, int(m[2]), int(m[1]), int(m[3]), int(m[4]))),
        (rf"yesterday\s+(?:at\s+)?{_TIME}", lambda m: _at(now.date() - timedelta(days=1), m[1], m[2])),
        (rf"today\s+(?:at\s+)?{_TIME}", lambda m: _at(now.date(), m[1], m[2])),
        (rf"{_TIME}\s+yesterday", lambda m: _at(now.date() - timedelta(days=1), m[1], m[2])),
        (rf"{_TIME}(?:\s+today)?", lambda m: _bare_time(now, m[1], m[2])),
    ]
    for pattern, make in patterns:
        match = re.fullmatch(pattern, value)
        if match:
            try:
                result = make(match)
            except ValueError:
                break
            if never_happened(result):
                raise ReportError(f"{result:%H:%M} {never_happened(result)}.")
            if result > now + timedelta(minutes=5):
                raise ReportError(f"'{text}' is in the future. Check the day and the time, e.g. 22:15 or "
                                  "'yesterday 23:40'.")
            if result < now - timedelta(days=366):
                raise ReportError(f"'{text}' is {british_datetime(result)}, more than a year ago. Check the year, "
                                  "or write the time like 22:15 or 'yesterday 23:40'.")
            return result
    raise ReportError(f"'{text}' is not a time mfc-docs understands. Write it like 22:15, 'yesterday 23:40' "
                      "or 2026-11-23 22:15.")


def read_answer(field, text: str, now: datetime) -> str:
    """One Part 2 answer as the pack prints it: a time the British way, yes/no as Yes/No, text as typed.

    Raises ReportError with what to type instead; ``report``'s prompts and the web form both use it.
    """
    if field.kind == "time":
        return british_datetime(parse_when(text, now))
    if field.kind == "yes_no":
        word = text.strip().lower()
        if word in ("y", "yes"):
            return "Yes"
        if word in ("n", "no"):
            return "No"
        raise ReportError(f"'{text}' is not yes or no. {field.label}: answer yes or no, and say why "
                          "under 'why staff are worried'.")
    return text


def _this_year_or_last(now: datetime, month: int, day: int, hour: int, minute: int) -> datetime:
    """'31/12 23:40' typed in the first days of January is last year's (a later day this year is refused)."""
    result = datetime(now.year, month, day, hour, minute)
    if result > now + timedelta(minutes=5) and result.replace(year=now.year - 1) >= now - timedelta(days=31):
        return result.replace(year=now.year - 1)
    return result


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _at(day: date, hour: str, minute: str) -> datetime:
    return datetime(day.year, day.month, day.day, int(hour), int(minute))


def _bare_time(now: datetime, hour: str, minute: str) -> datetime:
    result = _at(now.date(), hour, minute)
    return result - timedelta(days=1) if result > now + timedelta(minutes=5) else result


@dataclass
class ReportResult:
    folder: Path
    pdf: Path
    docx: Path | None
    warnings: list[Problem]
    fingerprint: str
    cautions: list[str]


def _suggest(child_id: str, home: HomeData) -> str:
    import difflib

    ids = sorted(source.id for source in home.child_sources)
    if not ids:
        return f"there is no child with the id '{child_id}', and young_people/ has no children yet."
    close = difflib.get_close_matches(child_id.lower(), ids, n=1, cutoff=0.4)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"there is no child with the id '{child_id}'.{hint} The ids are: {', '.join(ids)}."


def fingerprint(files: list[Path], root: Path) -> tuple[str, dict[str, str]]:
    """A short hash of exactly the data the pack was made from, and each file's own hash."""
    sources = {}
    for path in sorted(files):
        try:
            name = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            name = path.as_posix()
        try:
            sources[name] = sha256_file(path)
        except OSError as exc:  # e.g. a photo nobody may read: the pack is printed without it, saying why
            sources[name] = f"unreadable ({exc.strerror})"
    digest = hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()
    return digest[:12], sources


def _blocking(home: HomeData, child_id: str) -> list[Problem]:
    """The errors that stop this child's pack: in the home config or in this child's own files.

    A photo that cannot be used does not stop the pack: it is printed without it, saying why.
    """
    return [p for p in home.problems_for(child_id)
            if p.is_error and not (home.child(child_id) and p.path == PHOTO_FILE)]


def load_for_report(home_dir: Path, child_id: str, today: date, home: HomeData | None = None) -> HomeData:
    """The home, checked only as far as this child's pack needs. Raises ReportError or DataError.

    Called before any question is asked, so a mistyped id or a broken field is said at once,
    not after the shift lead has typed every detail of the episode.
    """
    if home is None:  # the web page passes the home it has just read
        # This child and the home config first: the pack needs nothing else. Only when that cannot
        # make the pack is the whole home loaded, so the refusal lists exactly what it always did.
        # Files checked without a problem by an earlier report are not checked again (input.validation_cache).
        with remembering(Path(home_dir) / "output", today):
            home = load_home(Path(home_dir), today, only=child_id)
        if home.config is not None and home.child(child_id) is not None and not _blocking(home, child_id):
            return home
        home = load_home(Path(home_dir), today)
    if home.config is not None and child_id not in {s.id for s in home.child_sources}:
        raise ReportError(_suggest(child_id, home))
    blocking = _blocking(home, child_id)
    if home.config is None or blocking:
        raise DataError(blocking or [p for p in home.problems if p.is_error], home.files_checked,
                        advice=f"Cannot make {child_id}'s report until the errors above are fixed. {HAND_OVER}")
    if home.child(child_id) is None:
        raise ReportError(_suggest(child_id, home))  # pragma: no cover - an erroneous child is caught above
    return home


def make_report(home_dir: Path, child_id: str, episode: dict[str, str], *, out_dir: Path | None = None,
                now: datetime | None = None, pdf_only: bool = False, reporter_risk: str | None = None,
                home: HomeData | None = None, word_beside: bool = False) -> ReportResult:
    """Write this child's police pack with Part 2 filled in. Raises DataError or ReportError when it cannot.

    ``word_beside`` (the command line): the Word file is rendered in a second process while this
    one makes the PDF (:mod:`mfc_docs.output.word_beside`); the same files and messages either way.
    """
    word = None
    if word_beside and not pdf_only:
        from ..output.word_beside import WordBeside
        from ..render.pdf_styles import register_fonts

        register_fonts()  # both halves measure text with the fonts: read once, before the fork
        word = WordBeside.start(home_dir, (now or home_now()).date())
    try:
        return _make_report(home_dir, child_id, episode, out_dir=out_dir, now=now, pdf_only=pdf_only,
                            reporter_risk=reporter_risk, home=home, word=word)
    finally:
        if word is not None:
            word.close()


def _make_report(home_dir: Path, child_id: str, episode: dict[str, str], *, out_dir: Path | None,
                 now: datetime | None, pdf_only: bool, reporter_risk: str | None, home: HomeData | None,
                 word: WordBeside | None) -> ReportResult:
    from ..documents import police_pack
    from ..documents.base import Document, child_cautions
    from ..render.fill import fill_context

    now = now or home_now()
    home_dir = Path(home_dir)
    home = home or load_for_report(home_dir, child_id, now.date())
    child = home.child(child_id)
    mine = home.problems_for(child_id)

    assessed = child.data["risk"]["level"]
    level = reporter_risk or assessed
    if RISK_ORDER[level] < RISK_ORDER[assessed]:
        raise ReportError(f"the risk assessment says {assessed.upper()}; a report can raise the level but not lower it. "
                          "Report at that level, and ask the manager to review the risk assessment.")
    if reporter_risk is None:
        risk_text = f"{assessed.upper()} in the risk assessment; not reassessed when this pack was printed"
    elif level != assessed:
        risk_text = f"{level.upper()} (raised at this report from {assessed.upper()} in the risk assessment)"
    else:
        risk_text = f"{level.upper()} (reassessed at this report; the same as the risk assessment)"
    short, sources = fingerprint(child.input_files() + [home_dir / HOME_CONFIG], home_dir)
    warnings = [p for p in mine if not p.is_error or p.path == PHOTO_FILE]  # the unusable photo: said, not fatal
    cautions = child_cautions(home, child_id)
    filled = {**episode, "risk_level": risk_text}
    provenance = (f"This pack was generated {british_datetime(now)} by mfc-docs {__version__} from data "
                  f"fingerprint {short}.")
    context = police_pack.pack_context(
        home, child, episode=filled, provenance=provenance, cautions=cautions,
        part2_intro=f"Completed at the time of the report, {british_datetime(now)}. Blank lines were not known "
                    "when it was printed: add them by hand.",
    )
    context["meta"]["version"] = f"report {now:%Y-%m-%d %H:%M}, data {short}"
    lawful_basis = context["child"]["lawful_basis"]
    with remembering(home_dir / "output", now.date()):  # page 1's search starts where the last report's ended
        context = fill_context(police_pack.LAYOUT, context, police_pack.page_one_fill(context),
                               remembered_as=f"police pack page 1 of {child_id}")
    stem = f"{child_id}-police-pack-{now:%Y-%m-%d-%H%M}"
    document = Document(kind=police_pack.KIND.name, young_person=child_id,
                        folder=f"young_people/{child_id}/reports", stem=stem,
                        title=f"{police_pack.TITLE}: {context['child']['legal_name']}",
                        subject="Police information pack (report)", context=context, layout=police_pack.LAYOUT,
                        template=police_pack.KIND.template)
    if word is not None:
        word.send(document)  # its Word file is rendered beside the PDF, from this very document

    def record(paths: dict[str, Path], data: dict[str, bytes]) -> tuple[str, bytes]:
        return "report.json", _record(now, child_id, short, sources, filled,
                                      {paths[fmt].name: sha256_bytes(data[fmt]) for fmt in paths}, lawful_basis)

    out_dir = Path(out_dir) if out_dir else home_dir / "output"
    try:
        with remembering(home_dir / "output", now.date()):  # the Word template's cleaned tags, kept by an earlier report
            written = write_document(home_dir, document, out_dir, formats=("pdf",) if pdf_only else ("pdf", "docx"),
                                     new_folder=now.strftime("%Y-%m-%d_%H%M%S"), record=record, word=word)
    except RenderError as exc:
        raise ReportError(f"{child.source.display}: " + " ".join(m.split(": ", 1)[-1] for m in exc.messages),
                          advice=HAND_OVER) from None
    except DataError as exc:
        exc.advice = exc.advice or HAND_OVER
        raise
    except MfcError as exc:  # a full disk, a folder in the way: said as the report's own error
        raise ReportError(str(exc), advice=exc.advice or HAND_OVER) from None
    notes = [Problem(document.relative_path("docx"), None, None, "", w.split(": warning: ", 1)[-1], "warning")
             for w in written.warnings]
    return ReportResult(written.folder, written.paths["pdf"], written.paths.get("docx"), warnings + notes, short,
                        cautions)


def _record(now: datetime, child_id: str, short: str, sources: dict, filled: dict, files: dict[str, str],
            lawful_basis: str) -> bytes:
    """report.json: exactly what was handed over, from which data, so it can be shown later."""
    record = {
        "generated_at": now.isoformat(timespec="seconds"),
        "tool_version": __version__,
        "young_person": child_id,
        "data_fingerprint": short,
        "sources": sources,
        "episode": filled,
        "lawful_basis_for_sharing": lawful_basis,
        "files": files,
    }
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode()


def protect_report(result: ReportResult, now: datetime, out_dir: Path) -> ProtectedCopy:
    """An AES-256 copy of the report's PDF beside it, for email, with a file name that names no child.

    The printable pack stays as it is (owner-only, in the home's output folder); only the copy
    leaves the home, and its passphrase goes another way (read out on the phone).
    """
    return protect_pack(result.pdf, out_dir, now)


def protect_pack(pdf: Path, out_dir: Path, now: datetime) -> ProtectedCopy:
    """An encrypted copy of a printed pack ``pdf``, in its folder: ``police-pack-<when>-encrypted.pdf``.

    The web page makes one from the latest pack, perhaps a minute after the last: a name already
    taken gets ``-2``, ``-3`` (nothing is ever overwritten).
    """
    from ..output.files import explain_os_error
    from ..output.protect import ProtectError, write_encrypted

    folder = pdf.parent
    try:
        data = pdf.read_bytes()
        for attempt in range(1, 100):
            suffix = "" if attempt == 1 else f"-{attempt}"
            path = folder / f"police-pack-{now:%Y-%m-%d-%H%M}{suffix}-encrypted.pdf"
            if os.path.lexists(path):
                continue
            try:
                return write_encrypted(out_dir, path, data)
            except FileExistsError:
                continue
        raise ReportError(f"the encrypted copy could not be named: 99 copies were made in {folder} this minute.")
    except ProtectError as exc:
        raise ReportError(f"the pack was written ({pdf}) but the encrypted copy for email could not be made: "
                          f"{exc} Print the pack, or run the report again.") from None
    except OSError as exc:
        raise ReportError(f"the pack was written ({pdf}) but the encrypted copy could not be saved: "
                          f"{explain_os_error(exc, folder)}") from None


__all__ = ["load_for_report", "make_report", "parse_when", "protect_pack", "protect_report", "read_answer",
           "ReportError", "ReportResult"]
