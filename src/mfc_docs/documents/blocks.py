"""The small layout vocabulary every document is written in.

A document kind describes its layout once, as a list of blocks. The same list
is turned into the Word template (by ``mfc_docs.render.templates``, run from
``scripts/build_templates.py``) and into the PDF (by ``mfc_docs.render.pdf``).
Both read the same context, so the Word and PDF versions of a document cannot
disagree about what they say.

Every string that is shown is a Jinja expression or template evaluated against
the document's context:

* ``Text.text`` and ``Heading.text`` are Jinja *templates* (``"Call within
  {{ limits.police_minutes }} minutes"``); plain text is a template too.
* every other ``...expr`` field is a Jinja *expression* (``"child.legal_name"``).

Context values are display-ready strings: the context builders format dates,
ages and missing values ("Not recorded") so renderers never format anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Tone = Literal["info", "warning", "danger"]


@dataclass(frozen=True)
class Heading:
    """A section heading. Level 1 starts a major part, level 2 a section."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Text:
    """A paragraph. ``style`` picks the typographic role."""

    text: str
    style: Literal["body", "lead", "small", "strong"] = "body"


@dataclass(frozen=True)
class Notice:
    """A boxed call-out that must not be missed (risk response, no photo, cautions).

    ``tone`` is a Jinja expression when ``tone_expr`` is set (e.g. the risk
    level's tone), otherwise the literal tone.
    """

    text: str
    tone: Tone = "info"
    tone_expr: str | None = None
    #: The word printed in bold before the text so tones differ in black-and-white
    #: print too. ``None`` uses the tone's word (info NOTE, warning CAUTION,
    #: danger URGENT); ``""`` prints no word.
    label: str | None = None


@dataclass(frozen=True)
class Fields:
    """A two-column label/value table: ``rows`` are (label, expression) pairs."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row and one row per item of the list ``items_expr``.

    ``columns`` are (header, expression) pairs; inside them the current item is
    called ``row`` (``"row.name"``). ``widths`` are relative column widths.
    ``empty`` is shown instead of the table when the list is empty.
    """

    items_expr: str
    columns: tuple[tuple[str, str], ...]
    widths: tuple[float, ...] = ()
    empty: str = "Not recorded."


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of the strings in ``items_expr``."""

    items_expr: str
    empty: str = "Not recorded."


@dataclass(frozen=True)
class Checklist:
    """Steps with an empty tick box, the action, who does it and by when.

    ``items_expr`` is a list of mappings with ``action``, ``who`` and ``when``.
    When ``plain`` is true the items are strings and only box + text are shown
    (early warning signs, environment checks).
    """

    items_expr: str
    plain: bool = False
    #: Shown instead of the checklist when the list is empty.
    empty: str = "Not recorded."


@dataclass(frozen=True)
class Photo:
    """The child's photo beside key facts, or a prominent notice when none is on file.

    ``path_expr`` evaluates to the cleaned photo's file path (str) or to an empty
    value when no photo is on file; ``caption_expr`` says when it was taken and
    whether consent to share is recorded.
    """

    path_expr: str
    caption_expr: str
    missing_text: str = "NO PHOTO ON FILE"
    beside: Fields | None = None


@dataclass(frozen=True)
class WriteIn:
    """Labelled blank lines to be completed by hand (Part 2 of the police pack).

    ``rows`` are (label, expression, lines): when the expression gives a
    non-empty value it is printed, otherwise ``lines`` ruled lines are left.
    """

    rows: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class Chart:
    """A chart drawn with reportlab graphics in the PDF; in Word, the same numbers as a table.

    ``kind="bar"``: ``data_expr`` gives ``{"labels": [...], "values": [...]}``.
    ``kind="grid"``: ``{"rows": [...], "columns": [...], "values": [[...], ...]}``, shaded by value
    (an hour-of-day by day-of-week picture of when children go missing).
    """

    kind: Literal["bar", "grid"]
    data_expr: str
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    """Start a new page; with ``unless_room_mm``, only when less than that much of the page is left.

    A part that follows a short table then starts on the same page instead of leaving most of a
    page blank (the PDF; Word lets the text flow and keeps each heading with what follows).
    """

    unless_room_mm: float = 0


@dataclass(frozen=True)
class If:
    """Show ``blocks`` only when the Jinja expression ``condition`` is true."""

    condition: str
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class ForEach:
    """Repeat ``blocks`` for each item of ``items_expr``, naming the item ``var``."""

    items_expr: str
    var: str
    blocks: tuple["Block", ...]


Block = Union[Heading, Text, Notice, Fields, Table, Bullets, Checklist, Photo, WriteIn, Chart, PageBreak, If, ForEach]


@dataclass(frozen=True)
class PageStyle:
    """How a document is set on the page.

    ``document``: A4 portrait, 10.5 pt body, flows over as many pages as needed.
    ``laminated``: one A4 side, body never below 12 pt, a colour band at the top
    (``band_expr`` gives a hex colour such as ``"#C62828"``), for the shift folder.
    """

    kind: Literal["document", "laminated"] = "document"
    band_expr: str | None = None
    body_size: float = 10.5  # documents only: a denser size for packs that must stay short
    min_font_size: float = 12.0
    max_font_size: float = 16.0


@dataclass(frozen=True)
class Layout:
    """Everything needed to render one kind of document from its context.

    The context always carries ``meta`` with ``title``, ``marking``, ``home``,
    ``subject`` (the child's name, or empty), ``version`` and ``generated`` for
    the header and footer on every page.
    """

    blocks: tuple[Block, ...]
    page: PageStyle = field(default_factory=PageStyle)
