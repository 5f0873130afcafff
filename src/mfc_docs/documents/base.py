"""What a document kind is, and what one document to write is.

A kind is one module in this package plus one Word template: it names itself,
gives its layout (shared by Word and PDF) and turns a home's data into the
documents of that kind. Adding a kind touches that module, its template and one
line in the registry (``mfc_docs.documents.ALL_KINDS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

from ..input.home_data import HomeData
from .blocks import Block, Layout


@dataclass(frozen=True)
class Fill:
    """Optional items a document shows as far as its page allows, measured, never counted in characters.

    ``with_items(context, k)`` gives the context showing the first ``k`` of ``count`` optional items
    (in order of importance) and saying how many were left out. The renderer picks the largest ``k``
    for which ``blocks`` (default: the whole layout) fit on one page, at ``text_size`` points or more
    for a laminated sheet, and never fewer than ``minimum``. Word and PDF then print the same items.
    """

    count: int
    with_items: Callable[[dict, int], dict]
    minimum: int = 0
    blocks: tuple[Block, ...] | None = None
    text_size: float | None = None


@dataclass(frozen=True)
class Document:
    """One document to write, in each requested format."""

    kind: str
    young_person: str | None
    folder: str  # folder inside the output, e.g. "young_people/jay"
    stem: str  # file name without extension, e.g. "jay-police-pack"
    title: str
    subject: str
    context: dict
    layout: Layout
    template: str  # file name in templates/
    too_long_hint: str = ""  # for one-page documents: what to shorten when it does not fit
    # One-page sheets that usually fit at the same text size (every child's card; the same
    # checklist in every home): the search for the size starts where the last one fitted.
    fit_group: str = ""
    fill: Fill | None = None  # optional items shown as far as the page allows

    def relative_path(self, extension: str) -> str:
        return f"{self.folder}/{self.stem}.{extension}"


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its manifest name, its layout and how to make it from a home's data.

    Two kinds of kind: most are written by every ``build`` (``build`` gives every document of
    the kind a home has); an on-demand kind is made only when its own command asks for one
    (``on_demand`` names that command; the dashboard is made for a month someone chooses).
    """

    name: str
    title: str
    scope: Literal["home", "child"]
    template: str
    layout: Layout
    build: Callable[[HomeData], list[Document]] | None = None
    on_demand: str | None = None  # the command that makes it, e.g. "mfc-docs dashboard"

    def __post_init__(self) -> None:
        if (self.build is None) == (self.on_demand is None):
            raise ValueError(f"document kind {self.name!r}: give either build (written by every build) "
                             "or on_demand (the command that makes it)")


def child_folder(child_id: str) -> str:
    return f"young_people/{child_id}"


def child_cautions(home: HomeData, child_id: str) -> list[str]:
    """What may be out of date in this child's documents (old photo, overdue checks, episodes since)."""
    from .context import cautions

    child = home.child(child_id)
    return cautions(child, home) if child else []
