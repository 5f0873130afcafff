"""``mfc-docs transfer``: the encrypted pack that goes with a child to the next placement, and its record.

Only the encrypted PDF is written (there is no readable copy to leave lying about): a new
folder under ``young_people/<id>/transfers/`` of the output folder, a file name that names no
child, a passphrase made for it and handed back to be said once, never stored. With
``sent_to``, the child's profile records what was sent, when, to whom and by whom
(``transfers:``), through the one writer forms use (``output.home_file_edits.edit_file``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import __version__
from ..input.home_data import HOME_CONFIG
from ..output.protect import ProtectedCopy
from ..rules.dates import british_datetime, home_now
from .report import ReportError, fingerprint, load_for_report


class TransferError(ReportError):
    """The transfer pack cannot be made; the message says what to do."""


@dataclass
class TransferResult:
    protected: ProtectedCopy
    folder: Path
    episodes: int
    recorded: bool
    record_problem: str  # the pack was made, but its sending could not be recorded: why, and what to do
    warnings: list[str]


def make_transfer(home_dir: Path, child_id: str, *, sent_to: str | None = None, by: str = "",
                  out_dir: Path | None = None, now: datetime | None = None) -> TransferResult:
    """Write the encrypted transfer pack and, with ``sent_to``, record the sending in the child's profile.

    Raises DataError or TransferError when nothing could be made. When the pack is made but the
    record cannot be written, the result says why (``record_problem``): the passphrase must still be
    given, since the file exists.
    """
    from ..documents import transfer
    from ..output.audit import append_audit
    from ..output.episode_edits import clean_text
    from ..output.files import explain_os_error, guard_output_folder, make_private_dir, sha256_bytes
    from ..output.new_files import new_private_folder, write_new_file
    from ..output.protect import ProtectError, write_encrypted
    from ..output.publish import render
    from ..problems import DataError

    now = (now or home_now()).replace(second=0, microsecond=0)
    home_dir = Path(home_dir)
    out_dir = Path(out_dir) if out_dir else home_dir / "output"
    try:
        home = load_for_report(home_dir, child_id, now.date())
    except DataError as exc:
        exc.advice = f"Cannot make the transfer pack until the errors above in {child_id}'s files are fixed."
        raise
    child = home.child(child_id)
    sent_to = clean_text(sent_to) if sent_to else ""
    by = clean_text(by) if by else ""
    short, sources = fingerprint(child.input_files() + [home_dir / HOME_CONFIG], home_dir)
    stem = f"transfer-pack-{now:%Y-%m-%d-%H%M}-encrypted"
    document = transfer.transfer_document(
        home, child, to=sent_to or "Not said when the pack was made", by=by, made=british_datetime(now),
        provenance=f"This pack was generated {british_datetime(now)} by mfc-docs {__version__} from data "
                   f"fingerprint {short}.", stem=stem)
    rendered = render(document, "pdf")
    if isinstance(rendered, str):
        raise TransferError(rendered.split(": ", 1)[-1])
    guard_output_folder(home_dir, out_dir)
    try:
        make_private_dir(out_dir)
        stamp = now.strftime("%Y-%m-%d_%H%M%S")
        folder = new_private_folder(out_dir / document.folder, lambda n: stamp if n == 1 else f"{stamp}-{n}",
                                    within=out_dir)
        protected = write_encrypted(out_dir, folder / f"{stem}.pdf", rendered.data)
        record = {"generated_at": now.isoformat(timespec="seconds"), "tool_version": __version__,
                  "young_person": child_id, "data_fingerprint": short, "sources": sources,
                  "sent_to": sent_to, "by": by, "episodes": len(child.episodes),
                  "files": {protected.path.name: sha256_bytes(protected.path.read_bytes())}}
        write_new_file(out_dir, folder / "transfer.json",
                       (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    except ProtectError as exc:
        raise TransferError(f"the transfer pack could not be encrypted: {exc}") from None
    except OSError as exc:
        raise TransferError(explain_os_error(exc, out_dir)) from None
    relative = protected.path.resolve().relative_to(out_dir.resolve()).as_posix()
    append_audit(out_dir, who=by, file=relative, record="transfer pack",
                 action="made an encrypted transfer pack" + (f" to send to {sent_to}" if sent_to else ""),
                 after=record["files"][protected.path.name], when=now)
    problem = record_transfer(home_dir, child, sent_to, by, now, out_dir, transfer.what_was_sent(child)) \
        if sent_to else ""
    warnings = [] if child.data["placement"].get("placing_authority_reference") else [
        f"warning: the placing authority's reference for {child_id} is not recorded "
        f"(placement.placing_authority_reference in {child.source.display}); the pack says 'Not recorded'."]
    return TransferResult(protected, folder, len(child.episodes), bool(sent_to and not problem), problem, warnings)


def record_transfer(home_dir: Path, child, to: str, by: str, now: datetime, out_dir: Path, what: str) -> str:
    """Add {at, to, by, what} to the profile's ``transfers`` list; '' when done, else what went wrong."""
    from ..input.schema.young_person import YOUNG_PERSON_SCHEMA
    from ..output.home_file_edits import edit_file
    from ..output.record_versions import RecordError

    relative = child.source.display  # as the home names it: a linked folder is refused by edit_file, not followed
    entry = {"at": now.strftime("%Y-%m-%d %H:%M"), "to": to, **({"by": by} if by else {}), "what": what}
    index = len(child.data.get("transfers") or [])
    try:
        edit_file(home_dir, relative, YOUNG_PERSON_SCHEMA, {("transfers", index): entry}, base_sha=None,
                  who=by or "mfc-docs transfer", out_dir=out_dir)
    except RecordError as exc:
        details = "".join(f"\n  {p}" for p in exc.problems)
        return (f"The transfer pack was made, but that it was sent could not be recorded: {exc.message}{details} "
                f"Record it by hand under 'transfers:' in {relative}: at {entry['at']}, to {to}.")
    return ""


__all__ = ["TransferError", "TransferResult", "make_transfer", "record_transfer"]
