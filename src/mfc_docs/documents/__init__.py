"""Every kind of document mfc-docs writes: the registry.

Adding a kind is one module here (its layout, its context, its ``KIND``), one Word template
(``make templates`` writes it from the layout) and its name in ``_KIND_MODULES`` below, in the
order the build writes them. The build, the tests and the screenshots take their list of kinds from here.

The registry is made when it is first asked for (``ALL_KINDS``, ``KINDS``, ``ON_DEMAND_KINDS``),
not when the package is imported: ``mfc-docs report`` needs the police pack alone, and a new
process would otherwise pay for importing every other kind (the dashboard's statistics, the
procedure's wording) before it could print one child's pack.
"""

from __future__ import annotations

import importlib

from .base import Document, DocumentKind

# The kinds' modules, in the order of ALL_KINDS.
_KIND_MODULES = ("procedure", "key_contacts", "checklists", "risk_assessment", "police_pack", "response_card",
                 "dashboard", "notification", "transfer")


def _registry() -> dict[str, tuple[DocumentKind, ...]]:
    all_kinds: tuple[DocumentKind, ...] = tuple(importlib.import_module(f"{__name__}.{module}").KIND
                                                for module in _KIND_MODULES)
    return {
        "ALL_KINDS": all_kinds,
        # Written by every build; the others are made on demand by their own command.
        "KINDS": tuple(kind for kind in all_kinds if kind.on_demand is None),
        "ON_DEMAND_KINDS": tuple(kind for kind in all_kinds if kind.on_demand is not None),
    }


def __getattr__(name: str):
    if name in ("ALL_KINDS", "KINDS", "ON_DEMAND_KINDS"):
        globals().update(_registry())
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Document", "DocumentKind", "KINDS", "ON_DEMAND_KINDS", "ALL_KINDS"]
