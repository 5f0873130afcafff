"""``mfc-docs notify``: the placing authority's notification of an episode (or of the return), and its record.

The document is made from the episode as recorded in episodes.yaml, so what the
authority is told is what the home's record says. Nothing is sent by mfc-docs:
the shift lead emails the file or pastes the text into the authority's portal,
then ``--sent-to`` records in the episode what was sent, when and to whom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..documents import notification
from ..input.home_data import HomeData
from ..rules.dates import british_datetime, home_now
from .report import ReportError, load_for_report


class NotifyError(ReportError):
    """The notification cannot be made; the message says what to do."""


@dataclass
class NotifyResult:
    folder: Path
    pdf: Path
    docx: Path | None
    text: Path
    body: str
    episode_number: int
    warnings: list[str]
    recorded: bool
    send_to: list[str]


def choose_episode(home: HomeData, child_id: str, number: int | None) -> tuple[int, dict]:
    """The episode to notify about: the given one (1 = the oldest, as in the file) or the latest."""
    episodes = home.child(child_id).episodes
    where = f"young_people/{child_id}/episodes.yaml"
    if not episodes:
        raise NotifyError(f"{child_id} has no missing episode recorded in {where}. Record the episode first "
                          "(in 'mfc-docs serve', or by hand), then make the notification.")
    if number is None:
        return len(episodes), episodes[-1]
    if not 1 <= number <= len(episodes):
        listed = "; ".join(f"{i}: {british_datetime(ep.get('found_gone_at') or ep.get('confirmed_missing_at'))}"
                           for i, ep in enumerate(episodes, 1))
        raise NotifyError(f"{child_id} has no episode {number}: {where} has {len(episodes)} "
                          f"(1 is the oldest). They are {listed}.")
    return number, episodes[number - 1]


def make_notification(home_dir: Path, child_id: str, *, kind: str = notification.MISSING,
                      episode_number: int | None = None, out_dir: Path | None = None, now: datetime | None = None,
                      sender: str = "", sent_to: str | None = None, pdf_only: bool = False) -> NotifyResult:
    """Write the notification (PDF, Word, text) into a new folder and, with ``sent_to``, record the sending.

    Rendered and written through the one path every document takes (output.publish.write_document):
    a new folder under young_people/<id>/notifications/ that is never overwritten, PDF first.
    """
    from ..output.publish import RenderError, write_document
    from ..problems import DataError

    now = now or home_now()
    home_dir = Path(home_dir)
    try:
        home = load_for_report(home_dir, child_id, now.date())
    except DataError as exc:
        exc.advice = f"Cannot make the notification until the errors above in {child_id}'s files are fixed."
        raise
    child = home.child(child_id)
    number, episode = choose_episode(home, child_id, episode_number)
    if kind == notification.RETURN and not episode.get("returned_at"):
        raise NotifyError(f"episode {number} has no returned_at yet in young_people/{child_id}/episodes.yaml: "
                          "record the return first, then make the return notification.")
    warnings = []
    if not (episode.get("police") or {}).get("reference"):
        warnings.append(f"warning: episode {number} has no police reference (police.reference): some placing "
                        "authorities refuse a notification without it. Add it when the police give it, and send again.")
    if not child.data["placement"].get("placing_authority_reference"):
        warnings.append(f"warning: the placing authority's reference for {child_id} is not recorded "
                        f"(placement.placing_authority_reference in young_people/{child_id}/profile.yaml).")
    document = notification.notification_document(home, child, episode, number, kind, sender)
    body = notification.plain_text(document.context)
    out_dir = Path(out_dir) if out_dir else home_dir / "output"
    try:
        written = write_document(home_dir, document, out_dir, formats=("pdf",) if pdf_only else ("pdf", "docx"),
                                 new_folder=now.strftime("%Y-%m-%d_%H%M%S"),
                                 record=lambda paths, data: (f"{document.stem}.txt", body.encode("utf-8")))
    except RenderError as exc:
        raise NotifyError(" ".join(m.split(": ", 1)[-1] for m in exc.messages)) from None
    warnings += written.warnings
    recorded = False
    if sent_to:
        record_sent(home, child_id, episode, notification.SENT_WHAT[kind], sent_to, sender, now, out_dir)
        recorded = True
    return NotifyResult(written.folder, written.paths["pdf"], written.paths.get("docx"),
                        written.folder / f"{document.stem}.txt", body, number, warnings, recorded,
                        document.context["n"]["send_to"])


def record_sent(home: HomeData, child_id: str, episode: dict, what: str, to: str, by: str, now: datetime,
                out_dir: Path) -> None:
    """Add {what, at, to, by} to the episode's ``sent`` list, with the round-trip writer serve uses."""
    from ..output.episode_edits import append_entry, clean_text, episode_key
    from ..output.episodes_yaml import edit_episodes
    from ..output.record_versions import RecordError

    entry = {"what": what, "at": now.strftime("%Y-%m-%d %H:%M"), "to": clean_text(to)}
    if by:
        entry["by"] = clean_text(by)
    try:
        edit_episodes(home, child_id, append_entry(episode_key(episode), "sent", entry,
                                                   f"recorded that the {what.replace('_', ' ')} was sent"),
                      base_sha=None, who=by or "mfc-docs notify", out_dir=out_dir, today=now.date())
    except RecordError as exc:
        details = "".join(f"\n  {p}" for p in exc.problems)
        raise NotifyError(f"the {what.replace('_', ' ')} was written, but that it was sent could not be recorded: "
                          f"{exc.message}{details} Record it by hand under 'sent:' in the episode.") from None


def pack_episode(home: HomeData, child_id: str) -> tuple[int, dict]:
    """The episode a police pack made now is sent about: the latest, which must still be open.

    ``report`` does not record an episode itself, so a child back from the last one and missing
    again has no episode for this pack yet: recording it in the ended one would be false.
    """
    number, episode = choose_episode(home, child_id, None)
    if episode.get("returned_at"):
        raise NotifyError(f"the latest episode in young_people/{child_id}/episodes.yaml (episode {number}) ended at "
                          f"{british_datetime(episode['returned_at'])}, so the sending cannot be recorded in it. Record "
                          "this episode first (in 'mfc-docs serve', or by hand), then run the report with --sent-to.")
    return number, episode


def record_pack_sent(home: HomeData, child_id: str, to: str, by: str, now: datetime, out_dir: Path) -> int:
    """Record in the child's open episode (its ``sent`` list) that the police pack was sent to ``to``.

    Returns the episode's number (1 = the oldest). ``report --sent-to`` checks with
    ``pack_episode`` that there is one before anything is made.
    """
    number, episode = pack_episode(home, child_id)
    record_sent(home, child_id, episode, "police_pack", to, by, now, out_dir)
    return number


__all__ = ["NotifyError", "NotifyResult", "choose_episode", "make_notification", "pack_episode", "record_pack_sent",
           "record_sent"]
