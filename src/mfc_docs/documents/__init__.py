"""Every kind of document mfc-docs writes. Adding a kind: a module here, a template, a line below."""

from __future__ import annotations

from . import checklists, dashboard, key_contacts, police_pack, procedure, response_card, risk_assessment
from .base import Document, DocumentKind

KINDS: tuple[DocumentKind, ...] = (
    procedure.KIND,
    key_contacts.KIND,
    checklists.KIND,
    risk_assessment.KIND,
    police_pack.KIND,
    response_card.KIND,
)

# Kinds with a template that ``build`` does not write on its own (made by their own commands).
OTHER_KINDS: tuple[DocumentKind, ...] = (dashboard.KIND,)

ALL_KINDS = KINDS + OTHER_KINDS

__all__ = ["Document", "DocumentKind", "KINDS", "ALL_KINDS"]
