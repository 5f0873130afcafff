"""Every kind of document mfc-docs writes: the registry.

Adding a kind is one module here (its layout, its context, its ``KIND``), one Word template
(``make templates`` writes it from the layout) and its entry below (the import and the line in
``ALL_KINDS``). The build, the tests and the screenshots take their list of kinds from here.
"""

from __future__ import annotations

from . import (checklists, dashboard, key_contacts, notification, police_pack, procedure, response_card,
               risk_assessment, transfer)
from .base import Document, DocumentKind

ALL_KINDS: tuple[DocumentKind, ...] = (
    procedure.KIND,
    key_contacts.KIND,
    checklists.KIND,
    risk_assessment.KIND,
    police_pack.KIND,
    response_card.KIND,
    dashboard.KIND,
    notification.KIND,
    transfer.KIND,
)

# Written by every build; the others are made on demand by their own command.
KINDS: tuple[DocumentKind, ...] = tuple(kind for kind in ALL_KINDS if kind.on_demand is None)
ON_DEMAND_KINDS: tuple[DocumentKind, ...] = tuple(kind for kind in ALL_KINDS if kind.on_demand is not None)

__all__ = ["Document", "DocumentKind", "KINDS", "ON_DEMAND_KINDS", "ALL_KINDS"]
