"""Find, load and check every file of one home, collecting every problem at once.

A home folder holds ``home_config.yaml`` and ``young_people/``, where each
child is either a folder ``young_people/<id>/`` with ``profile.yaml`` (and the
photo, and later ``episodes.yaml``) or a single file ``young_people/<id>.yaml``.
The file or folder name is the child's id: what commands and output paths use.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..problems import Problem
from ..rules.dates import home_today
from .child_ids import ID_LONGEST, ID_MAX, ID_PATTERN, slug
from .checks import check_child, check_home  # cross-file and date checks build on the loaded data
from .episodes import load_episodes
from .loading import LoadedFile, load_yaml, load_yaml_bytes
from .reading import describe_os_error
from .printable import unprintable_in
from .schema.home import HOME_SCHEMA
from .schema.young_person import YOUNG_PERSON_SCHEMA
from .validation import validate_file

HOME_CONFIG = "home_config.yaml"
YOUNG_PEOPLE = "young_people"
PROFILE = "profile.yaml"
EPISODES = "episodes.yaml"


@dataclass
class ChildSource:
    """Where one child's data lives."""

    id: str
    profile: Path
    folder: Path  # photo and episodes paths are relative to this
    display: str  # profile path relative to the home folder, for messages

    @property
    def episodes(self) -> Path | None:
        path = self.folder / EPISODES
        return path if self.profile.name == PROFILE and path.exists() else None


@dataclass
class Child:
    """One child's validated data, ready for the context builders."""

    id: str
    data: dict
    source: ChildSource
    loaded: LoadedFile
    episodes: list[dict] = field(default_factory=list)
    # Why the photo cannot be used, when that is the child's only error: ``report`` still prints
    # the police pack (without the photo, saying why); ``build`` and ``validate`` stop at the error.
    photo_problem: str | None = None

    @property
    def photo_path(self) -> Path | None:
        photo = self.data.get("photo")
        return self.source.folder / photo["file"] if photo else None

    @functools.cached_property
    def has_unprintable_text(self) -> bool:
        """Whether the PDFs would show some of this child's record as boxes or back to front (see printable)."""
        return unprintable_in([self.data, self.episodes])

    @property
    def display_name(self) -> str:
        return self.data["name"]["legal"]

    @property
    def known_as(self) -> str:
        """The name the child goes by: the preferred name, or the legal name when no other is given."""
        return self.data["name"].get("preferred") or self.data["name"]["legal"]

    def input_files(self) -> list[Path]:
        """Every file this child's documents are made from (for hashes in the manifest)."""
        files = [self.source.profile]
        if self.photo_path and self.photo_path.exists():
            files.append(self.photo_path)
        if self.source.episodes:
            files.append(self.source.episodes)
        return files


@dataclass
class HomeData:
    """Everything loaded from one home folder, and everything wrong with it."""

    root: Path
    today: date
    config: dict | None
    config_file: LoadedFile | None
    children: list[Child]
    problems: list[Problem]
    files_checked: int
    child_sources: list[ChildSource] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def problems_for(self, child_id: str) -> list[Problem]:
        """Problems in the home config or in this child's own files (what a single-child command cares about)."""
        mine = {HOME_CONFIG}
        for source in self.child_sources:
            if source.id == child_id:
                mine.add(source.display)
                mine.add(_relative(source.folder / EPISODES, self.root))
                mine.add(_relative(source.folder, self.root))
        return [p for p in self.problems if p.file in mine or p.file.startswith(f"{YOUNG_PEOPLE}/{child_id}/")]

    def child(self, child_id: str) -> Child | None:
        return next((c for c in self.children if c.id == child_id), None)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _looks_like_yaml(path: Path) -> bool:
    """A file meant as YAML, whatever an editor did to its name ("x.yaml.txt", "x.YML", "x.yaml ")."""
    return path.is_file() and re.search(r"\.ya?ml(\.|$)", path.name.strip().lower()) is not None


def _base_name(name: str) -> str:
    """"episodes.yaml.txt" -> "episodes": the name before the first dot, as it was meant."""
    return name.strip().split(".")[0].strip().lower()


def find_children(root: Path) -> tuple[list[ChildSource], list[Problem]]:
    """Every child file or folder in ``young_people/``, with problems about names and layout."""
    folder = root / YOUNG_PEOPLE
    problems: list[Problem] = []
    sources: list[ChildSource] = []
    if folder.exists() and not folder.is_dir():
        problems.append(Problem(YOUNG_PEOPLE, None, None, "",
                                "young_people is a file, not a folder, so no child can be read. Rename it, create a "
                                "folder young_people/ and put one file or folder per child in it."))
        return sources, problems
    if not folder.is_dir():
        problems.append(Problem(YOUNG_PEOPLE, None, None, "",
                                "the folder young_people/ is missing. Create it and add one file per child.", "warning"))
        return sources, problems
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        problems.append(Problem(YOUNG_PEOPLE, None, None, "",
                                f"the folder young_people/ cannot be read: {describe_os_error(exc)}."))
        return sources, problems
    for entry in entries:
        try:
            _find_child(entry, root, sources, problems)
        except OSError as exc:
            problems.append(Problem(_relative(entry, root), None, None, "",
                                    f"this child's folder cannot be read: {describe_os_error(exc)}."))
    return _unique_ids(sources, problems)


def _find_child(entry: Path, root: Path, sources: list[ChildSource], problems: list[Problem]) -> None:
    """One entry of young_people/: a child's folder or file, or something to say about it."""
    if entry.name.lower() in ("readme.md", "readme.txt"):
        return
    display = _relative(entry, root)
    if entry.name.startswith("."):
        # Hidden: an editor's or a system's own file, unless it looks like a child (".stefan" from a slip).
        if (entry.is_dir() and (entry / PROFILE).exists()) or (entry.is_file() and _looks_like_yaml(entry)):
            name = entry.name.lstrip(".")
            problems.append(Problem(display, None, None, "",
                                    f"this is not read: a name starting with a dot is hidden, so this child would "
                                    f"get no documents. If it is a child, rename it to '{name}'.", "warning"))
        return
    if entry.is_dir():
        child_id, profile = entry.name, entry / PROFILE
        if not profile.exists():
            yaml_files = sorted(p.name for p in entry.iterdir() if _looks_like_yaml(p) and p.name != EPISODES)
            hint = (f" (found {', '.join(repr(n) for n in yaml_files)}: rename it to {PROFILE})" if yaml_files else
                    f". Put the child's {PROFILE} in it (copy another child's as a start), or delete the folder if "
                    "it is not a child's")
            problems.append(Problem(display, None, None, "",
                                    f"this child's folder has no {PROFILE}{hint}."))
            return
        sources.append(ChildSource(child_id, profile, entry, _relative(profile, root)))
        for stray in sorted(entry.iterdir()):  # a misnamed file would be silently left out
            if _looks_like_yaml(stray) and stray.name not in (PROFILE, EPISODES):
                base = _base_name(stray.name)
                guess = difflib.get_close_matches(base + ".yaml", [PROFILE, EPISODES], n=1, cutoff=0.8)
                hint = f" Did you mean {guess[0]}? Rename it." if guess else \
                    f" A child's folder holds {PROFILE}, {EPISODES} and the photo; move it out."
                problems.append(Problem(_relative(stray, root), None, None, "",
                                        f"this file is not read by mfc-docs, so nothing in it reaches any document.{hint}"))
    elif entry.suffix.lower() in (".yaml", ".yml"):
        child_id = entry.stem
        sources.append(ChildSource(child_id, entry, entry.parent, display))
    elif _looks_like_yaml(entry):  # "jay.yaml.txt" (Notepad), "jay.yaml " (a trailing space)
        problems.append(Problem(display, None, None, "",
                                f"this file is not read by mfc-docs, so this child would get no documents. "
                                f"Rename it to {_base_name(entry.name)}.yaml."))
    # anything else (photos and notes kept beside the files) is fine


def _episodes_alone(source: ChildSource, root: Path, config: dict | None, today: date,
                    problems: list[Problem]) -> int:
    """The episodes of a child whose profile cannot be used, checked on their own (every file's problems at
    once); 1 when there is such a file."""
    if not source.episodes:
        return 0
    problems.extend(load_episodes(source.episodes, _relative(source.episodes, root), None, config, today)[1])
    return 1


def _home_around(root: Path) -> Path | None:
    """The home this folder is inside (a child's folder, young_people/, output/), if any."""
    return next((folder for folder in Path(root).resolve().parents[:3] if (folder / HOME_CONFIG).is_file()), None)


def no_config_message(root: Path, command: str = "validate") -> str:
    """There is no home_config.yaml here; when this folder is inside a home (a child's folder), where that is."""
    here = root.resolve()
    home = _home_around(root)
    if home is None:
        return (f"there is no {HOME_CONFIG} in {here}. Run the command from the home's folder, "
                f"or give the folder, e.g. 'mfc-docs {command} path/to/home'.")
    return (f"there is no {HOME_CONFIG} in {here}: this folder is inside the home at {home}. Run the command there "
            f"(cd {home}), or give it: 'mfc-docs {command} {home}'.")


def _unique_ids(sources: list[ChildSource], problems: list[Problem]) -> tuple[list[ChildSource], list[Problem]]:
    """Children whose id can be used in commands and file names, each once."""
    seen: dict[str, ChildSource] = {}
    kept: list[ChildSource] = []
    for source in sources:
        if not ID_PATTERN.fullmatch(source.id) or len(source.id) > ID_LONGEST:
            why = (f"is {len(source.id)} characters long; it names every document's file, so use at most {ID_MAX}"
                   if ID_PATTERN.fullmatch(source.id) else
                   "is used in commands and file names, so it may only have lowercase letters, digits and hyphens")
            problems.append(Problem(source.display, None, None, "",
                                    f"the child's id '{source.id}' (the file or folder name) {why}. "
                                    f"Rename it, for example to '{slug(source.id) or 'first-name'}'."))
            continue
        if source.id in seen:
            problems.append(Problem(source.display, None, None, "",
                                    f"there is already a child with the id '{source.id}' ({seen[source.id].display}). "
                                    "Each child needs exactly one file or folder; remove or rename one."))
            continue
        seen[source.id] = source
        kept.append(source)
    return kept, problems


PHOTO_FILE = "photo.file"  # where a photo that cannot be used is reported


def _only_the_photo(problems: list[Problem]) -> bool:
    """No errors, or only errors about the photo's file name (the pack can be printed without the photo)."""
    return all(p.path == PHOTO_FILE for p in problems if p.is_error)


def load_home(root: Path, today: date | None = None, *, only: str | None = None,
              overrides: dict[Path, bytes] | None = None) -> HomeData:
    """Load and check every file of the home at ``root``; never raises for bad data.

    ``only`` names one child: then the home config and that child's files are loaded and
    checked, and the other children are found (their ids, for suggestions) but not read.
    ``report`` uses it to print one police pack without waiting for every other file;
    the other children's problems are ``validate``'s business. ``problems`` and
    ``files_checked`` then cover only what was read. ``overrides`` gives a file's would-be bytes
    (a form's save, checked in memory before anything is written) in place of what is on disk.
    """

    def read(path: Path, display: str):
        if overrides and path in overrides:
            return load_yaml_bytes(overrides[path], path, display)
        return load_yaml(path, display)

    today = today or home_today()
    root = Path(root)
    problems: list[Problem] = []
    files_checked = 0

    config: dict | None = None
    config_file: LoadedFile | None = None
    config_path = root / HOME_CONFIG
    if not root.is_dir():
        what = "is a file, not a folder" if root.exists() else "does not exist"
        problems.append(Problem(str(root), None, None, "",
                                f"the folder {root} {what}. Give the home's folder (the one holding "
                                f"{HOME_CONFIG} and young_people/), e.g. 'mfc-docs validate path/to/home'."))
        return HomeData(root, today, None, None, [], problems, 0, [])
    if not config_path.exists():
        problems.append(Problem(HOME_CONFIG, None, None, "", no_config_message(root)))
        if _home_around(root) is not None:  # e.g. output/, whose young_people/ holds documents, not children
            return HomeData(root, today, None, None, [], problems, 0, [])
    else:
        files_checked += 1
        config_file, load_problems = read(config_path, HOME_CONFIG)
        problems.extend(load_problems)
        if config_file is not None and not any(p.is_error for p in load_problems):
            config, schema_problems = validate_file(config_file, HOME_SCHEMA)
            problems.extend(schema_problems)
            if config is not None:
                problems.extend(check_home(config, config_file, today))

    sources, source_problems = find_children(root)
    problems.extend(source_problems)
    children: list[Child] = []
    for source in sources:
        if only is not None and source.id != only:
            continue
        files_checked += 1
        loaded, load_problems = read(source.profile, source.display)
        problems.extend(load_problems)
        if loaded is None or not _only_the_photo(load_problems):
            files_checked += _episodes_alone(source, root, config, today, problems)
            continue
        data, schema_problems = validate_file(loaded, YOUNG_PERSON_SCHEMA)
        problems.extend(schema_problems)
        photo_problems = [p for p in load_problems + schema_problems if p.is_error]
        if photo_problems and _only_the_photo(photo_problems):
            # A photo file name that cannot be used (outside the folder, a control character) is an error
            # like any other, but the rest of the file is good: report still prints the pack without it.
            without = dataclasses.replace(loaded, data={k: v for k, v in loaded.data.items() if k != "photo"})
            data, _ = validate_file(without, YOUNG_PERSON_SCHEMA)
        if data is None:
            files_checked += _episodes_alone(source, root, config, today, problems)
            continue
        child = Child(source.id, data, source, loaded)
        if photo_problems:
            child.photo_problem = photo_problems[0].message
        child_problems = check_child(child, config, today)
        if source.episodes:
            files_checked += 1
            episodes, episode_problems = load_episodes(source.episodes, _relative(source.episodes, root), child, config, today)
            child.episodes = episodes
            child_problems.extend(episode_problems)
        problems.extend(child_problems)
        errors = [p for p in child_problems if p.is_error]
        if all(p.path == PHOTO_FILE for p in errors):  # no errors, or only an unusable photo
            if errors:
                child.photo_problem = child.photo_problem or errors[0].message
                child.data = {**child.data, "photo": None}
            children.append(child)
    return HomeData(root, today, config, config_file, children, problems, files_checked, sources)
