"""Missing episodes recorded per child in ``young_people/<id>/episodes.yaml``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .problems import Problem


def load_episodes(path: Path, display: str, child, config: dict | None, today: date) -> tuple[list[dict], list[Problem]]:
    """Load and check one child's episodes (filled in by the episodes issue)."""
    return [], []


def historical_pattern(episodes: list[dict], today: date) -> dict | None:
    """The pattern computed from recorded episodes (filled in by the episodes issue)."""
    return None
