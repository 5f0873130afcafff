"""What to say when reporting a child missing: the numbers to call and the words, from the home's own settings.

Shown on the web page next to the police pack, so the person on the phone reads
out the facts the call handler asks for first, in order, and nothing is invented:
a fact not recorded is said to be not known yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..input.home_data import Child
from ..rules.dates import age_on, british_datetime
from ..rules.placeholders import fill, placeholder_values
from .context import contact


@dataclass(frozen=True)
class Call:
    who: str
    number: str
    when: str


def calls_to_make(config: dict, child: Child | None, level: str) -> list[Call]:
    """Who to ring now, in order: the police as this risk level says, then the managers and social care."""
    police = config["police"]
    response = config["risk_levels"][level]
    police_call = fill(response["police_call"], placeholder_values(config))
    number = police["emergency"] if level == "high" else police["non_emergency"]
    calls = [Call(f"Police ({police['force']})", number, police_call)]
    on_call = contact(config["managers"].get("on_call_manager"))
    if on_call.get("phone"):
        calls.append(Call(f"On-call manager ({on_call.get('name', '')})".replace(" ()", ""), on_call["phone"], "At once"))
    if child is not None:
        placement = child.data["placement"]
        worker = placement.get("social_worker") or {}
        if worker.get("phone"):
            calls.append(Call(f"Social worker ({worker.get('name', '')})", worker["phone"],
                              str(worker.get("hours") or "In working hours")))
        edt = placement.get("emergency_duty_team") or config["contacts"].get("emergency_duty_team") or {}
        if edt.get("phone"):
            calls.append(Call(f"Emergency duty team ({edt.get('name', '')})", edt["phone"], "Out of hours"))
    return calls


def words_to_say(config: dict, child: Child | None, child_id: str, episode: dict, level: str, today) -> list[str]:
    """The script, line by line. Values come from the child's files and this episode; gaps are said as gaps."""
    home = config["home"]
    say = config["police"]["say_when_reporting"]
    lines = [f"\u201c{say}.\u201d",
             f"\u201cI am calling from {home['name']}, a children's home, {_one_line(home['address'])}.\u201d"]
    if child is not None:
        name = child.data["name"]
        born = child.data["date_of_birth"]
        lines.append(f"\u201c{name['legal']}, known as {child.known_as}, aged "
                     f"{age_on(born, today)} (born {born.day} {born:%B %Y}). A looked-after child, placed by "
                     f"{child.data['placement']['placing_authority']}.\u201d")
    else:
        lines.append(f"\u201cThe child's name and date of birth: (read them from the police pack; {child_id}'s file "
                     "could not be read).\u201d")
    lines.append(f"\u201cWe assess the risk as {level.upper()}.\u201d")
    gone = episode.get("found_gone_at") or episode.get("confirmed_missing_at")
    lines.append(f"\u201cStaff found them gone at {_time(gone)}.\u201d")
    seen = episode.get("last_seen_at")
    where = episode.get("last_seen_where")
    if seen or where:
        lines.append(f"\u201cLast seen {('at ' + _time(seen)) if seen else ''}"
                     f"{(' at ' if seen else 'at ') + where if where else ''}.\u201d".replace("  ", " "))
    else:
        lines.append("\u201cWe do not know yet when and where they were last seen.\u201d")
    for key, words in (("last_seen_with", "They may be with"), ("wearing", "They were wearing"),
                       ("taken", "They took"), ("why_worried", "We are worried because")):
        if episode.get(key):
            lines.append(f"\u201c{words}: {_one_line(str(episode[key]))}.\u201d")
    if episode.get("out_of_character") is True:
        lines.append("\u201cThis is out of character for them.\u201d")
    lines.append(f"\u201cOur 24-hour number is {home['phone']}. I can send you the police information pack "
                 "now.\u201d")
    lines.append("Write down the police reference number and the name of the call handler, then record them "
                 "in the live log.")
    return lines


def _time(value) -> str:
    return british_datetime(value) if isinstance(value, datetime) else str(value or "not known")


def _one_line(text: str) -> str:
    return ", ".join(part.strip().rstrip(".") for part in str(text).splitlines() if part.strip())


__all__ = ["Call", "calls_to_make", "words_to_say"]
