"""Children who have left the home: their files, moved to ``left/<id>-<date>/``, read for the figures only.

A child who leaves is no longer a current child: no documents, no checks, no front-page card.
But the months they lived in the home happened: a dashboard made again for October after a child
left in December must count that child's October episodes, as the one made in November did, or
the figures a manager sent to Ofsted would change after the event. So the dashboard (and only
the dashboard) adds these children's episodes to the home's; a left child's file that can no
longer be read is left out with a warning, never a failure.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

from ..problems import Problem
from .child_ids import slug
from .episodes import load_episodes
from .home_data import EPISODES, PROFILE, Child, ChildSource, HomeData
from .loading import load_yaml
from .schema.young_person import YOUNG_PERSON_SCHEMA
from .validation import validate_file

LEFT = "left"
_FOLDER = re.compile(r"([a-z0-9][a-z0-9-]*?)-(\d{4}-\d{2}-\d{2})(?:-\d{1,3})?")


def left_folders(root: Path) -> list[tuple[str, date, Path]]:
    """(child id, date left, folder) for each folder of ``left/``, oldest departure first."""
    folder = Path(root) / LEFT
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for entry in sorted(folder.iterdir()):
        match = _FOLDER.fullmatch(entry.name)
        if not match or not entry.is_dir() or entry.is_symlink():
            continue
        try:
            left_on = date.fromisoformat(match.group(2))
        except ValueError:
            continue
        found.append((match.group(1), left_on, entry))
    return sorted(found, key=lambda item: (item[1], item[0]))


def _profile_of(child_id: str, folder: Path) -> Path | None:
    if (folder / PROFILE).is_file():
        return folder / PROFILE
    single = folder / f"{child_id}.yaml"
    return single if single.is_file() else None


def _not_named_as_left(root: Path, known: set[str], today: date) -> list[Problem]:
    """A child's folder moved into left/ by hand, without the day they left: said, never silently uncounted."""
    folder = root / LEFT
    if not folder.is_dir() or folder.is_symlink():
        return []
    return [Problem(f"{LEFT}/{entry.name}", None, None, "", "this folder's name does not say when the child left, so "
                    "their episodes are not counted on the dashboard. Rename it to the child's id and the day they "
                    f"left, for example {slug(entry.name) or 'jay'}-{today.isoformat()}.", "warning")
            for entry in sorted(folder.iterdir())
            if entry.name not in known and not entry.name.startswith(".") and entry.is_dir() and not entry.is_symlink()]


def load_left(root: Path, config: dict | None, today: date) -> tuple[list[Child], list[Problem]]:
    """Every child who left, with their episodes (checked as when they lived here), and what could not be read."""
    root = Path(root)
    children: list[Child] = []
    problems: list[Problem] = []
    known = left_folders(root)
    problems.extend(_not_named_as_left(root, {folder.name for _, _, folder in known}, today))
    for child_id, _left_on, folder in known:
        profile = _profile_of(child_id, folder)
        display = folder.relative_to(root).as_posix()
        if profile is None:
            continue
        source = ChildSource(child_id, profile, folder, profile.relative_to(root).as_posix())
        loaded, load_problems = load_yaml(profile, source.display)
        data = None
        if loaded is not None and not any(p.is_error for p in load_problems):
            data, _ = validate_file(loaded, YOUNG_PERSON_SCHEMA)
        if data is None:
            problems.append(Problem(display, None, None, "", "this child left the home and their profile can no "
                                    "longer be read, so their episodes are not counted on the dashboard.", "warning"))
            continue
        child = Child(child_id, data, source, loaded)
        episodes_path = folder / EPISODES
        if profile.name == PROFILE and episodes_path.is_file():
            child.episodes, episode_problems = load_episodes(episodes_path, f"{display}/{EPISODES}", child, config,
                                                             today)
            if any(p.is_error for p in episode_problems):
                problems.append(Problem(display, None, None, "", "this child left the home and their episodes can "
                                        "no longer be read, so they are not counted on the dashboard.", "warning"))
                continue
        children.append(child)
    return children, problems


def with_left_children(home: HomeData) -> HomeData:
    """The home with the children who left added (for the dashboard's figures); a current id always wins."""
    left, problems = load_left(home.root, home.config, home.today)
    current = {child.id for child in home.children}
    extra = [child for child in left if child.id not in current]
    if not extra and not problems:
        return home
    return dataclasses.replace(home, children=home.children + extra, problems=home.problems + problems)


__all__ = ["LEFT", "left_folders", "load_left", "with_left_children"]
