"""Part 2 of the police pack: what is asked and printed about this episode, defined once.

The same names are used everywhere an episode is described: the keys of
``episodes.yaml``, the questions ``mfc-docs report`` asks (and its options),
the web form of ``mfc-docs serve``, the police pack's context and
``report.json``. A field added here reaches all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "time", "yes_no", "risk"]


@dataclass(frozen=True)
class Part2Field:
    key: str  # the episode key: episodes.yaml, report.json, the pack's ``episode.<key>``
    label: str  # printed on the pack
    prompt: str  # asked by ``report`` in a terminal and by the web form
    option: str  # ``mfc-docs report --<option>`` ("" when it has no option of its own)
    kind: FieldKind = "text"
    lines: int = 1  # ruled lines left for handwriting when the value is not known yet
    first_page: bool = False  # on the pack's one-page summary, with the photo
    help: str = ""  # for the data-format reference, where the field is also an episodes.yaml key


PART2_FIELDS: tuple[Part2Field, ...] = (
    # On page 1, in the order a call handler asks.
    Part2Field("found_gone_at", "Found gone at", "When did staff find them gone (e.g. 22:40)", "found-gone",
               "time", first_page=True),
    Part2Field("last_seen_at", "Last seen at", "When last seen (e.g. 22:15, 'yesterday 23:40')", "last-seen",
               "time", first_page=True),
    Part2Field("last_seen_where", "Last seen where", "Where last seen", "where", first_page=True),
    Part2Field("last_seen_with", "Last seen with, may be with", "Who they were with, or may be with", "with",
               first_page=True,
               help="Who the child was last seen with, or may be with."),
    Part2Field("wearing", "Wearing and carrying", "What they were wearing and carrying (phone, bag)", "wearing",
               first_page=True, help="Clothing and belongings when last seen."),
    Part2Field("why_worried", "Why staff are worried", "Why are staff worried now", "why-worried",
               first_page=True, help="Why staff are worried this time."),
    Part2Field("out_of_character", "Out of character", "Is this out of character (yes/no)", "out-of-character",
               "yes_no", first_page=True, help="Whether going missing like this is out of character (yes or no)."),
    Part2Field("taken", "What they took", "What did they take (cash, cards, passport, medication)", "taken",
               first_page=True, help="What the child took: cash, cards, passport, medication, clothes."),
    # After Part 1: Part 2, the rest of this episode (the risk level at this report is on page 1 too).
    Part2Field("before", "What happened before", "What happened before they went", "before", lines=3,
               help="What happened before the child went missing."),
    Part2Field("direction", "Direction of travel, where they may be going", "Direction of travel, where they "
               "may be going", "direction", lines=2, help="Direction of travel, or where the child may be going."),
    Part2Field("actions", "Actions taken so far (searches, calls, places checked)", "Actions taken so far",
               "actions", lines=4, help="What staff have done so far: searches, calls, places checked."),
    Part2Field("risk_level", "Risk level at this report", "", "", "risk", help=""),
    Part2Field("police_reference", "Police incident or reference number", "Police incident or reference number",
               "police-ref"),
    Part2Field("reported_at", "Reported to police at", "When were the police called (Enter if not yet)",
               "reported-at", "time"),
    Part2Field("reported_by", "Reported by (name and role)", "Your name and role", "reported-by"),
)

FIRST_PAGE_FIELDS = tuple(f for f in PART2_FIELDS if f.first_page)
LATER_FIELDS = tuple(f for f in PART2_FIELDS if not f.first_page)
# The fields a person answers (the risk level is chosen separately: it may be raised, not lowered).
ASKED_FIELDS = tuple(f for f in PART2_FIELDS if f.kind != "risk")
# The fields ``episodes.yaml`` records under the same name (the others live elsewhere in the episode:
# times and police details have their own keys there, and found_gone_at is defined with the clock rules).
EPISODE_TEXT_FIELDS = tuple(f for f in PART2_FIELDS if f.help)
