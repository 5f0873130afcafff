"""Compiled templates kept on disk: only where asked, private, never a reason to fail."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from jinja2.sandbox import SecurityError

from mfc_docs.render.jinja_cache import cache_dir
from mfc_docs.render.jinja_env import make_env

TEMPLATE = "{{ child.name }} was last seen at {{ place | upper }}{% if note %} ({{ note }}){% endif %}"
CONTEXT = {"child": {"name": "Alex Example"}, "place": "the bus station", "note": "with a friend"}
EXPECTED = "Alex Example was last seen at THE BUS STATION (with a friend)"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("MFC_DOCS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def cached_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_compiled_template_is_kept_privately_in_the_folder_given(cache_home: Path) -> None:
    assert make_env(autoescape=False).from_string(TEMPLATE).render(CONTEXT) == EXPECTED
    files = cached_files(cache_home)
    assert files, "nothing was cached"
    folder = cache_dir()
    assert folder is not None and all(f.parent == folder for f in files)
    assert mode(folder) == mode(folder.parent) == 0o700
    assert all(mode(f) == 0o600 for f in files)
    # The next run (a new environment) renders from the cache, the same text, writing nothing new.
    before = {f: f.stat().st_mtime_ns for f in files}
    assert make_env(autoescape=False).from_string(TEMPLATE).render(CONTEXT) == EXPECTED
    assert {f: f.stat().st_mtime_ns for f in cached_files(cache_home)} == before


def test_expressions_are_cached_and_evaluate_as_before(cache_home: Path) -> None:
    for _ in range(2):
        expression = make_env(autoescape=False).compile_expression("child.name ~ ' (' ~ place ~ ')'",
                                                                   undefined_to_none=False)
        assert expression(**CONTEXT) == "Alex Example (the bus station)"
    assert len(cached_files(cache_home)) == 1


@pytest.mark.parametrize("damage", [b"", b"not a cache file at all", None])
def test_a_damaged_cache_file_is_compiled_again_never_a_failure(cache_home: Path, damage: bytes | None) -> None:
    make_env(autoescape=False).from_string(TEMPLATE)
    for file in cached_files(cache_home):
        data = file.read_bytes()
        file.write_bytes(data[: len(data) // 2] if damage is None else damage)  # None: cut off half-way
    assert make_env(autoescape=False).from_string(TEMPLATE).render(CONTEXT) == EXPECTED
    # ... and the damaged file was replaced by a good one.
    assert make_env(autoescape=False).from_string(TEMPLATE).render(CONTEXT) == EXPECTED


def test_a_cache_folder_that_is_not_private_is_made_private(cache_home: Path) -> None:
    folder = cache_dir()
    os.chmod(folder, 0o777)
    os.chmod(folder.parent, 0o755)
    assert cache_dir() == folder and mode(folder) == mode(folder.parent) == 0o700


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_cache_folder_owned_by_someone_else_is_not_used(cache_home: Path) -> None:
    folder = cache_dir()
    os.chown(folder, 65534, 65534)
    assert cache_dir() is None
    assert make_env(autoescape=False).from_string(TEMPLATE).render(CONTEXT) == EXPECTED


def test_no_usable_cache_folder_means_compiling_as_before(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MFC_DOCS_CACHE_DIR", str(blocked))
    assert cache_dir() is None
    assert make_env(autoescape=False).from_string(TEMPLATE).render(CONTEXT) == EXPECTED
    assert blocked.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("given", [None, "", "relative/folder"])
def test_nothing_is_written_outside_the_homes_folders_unless_a_cache_folder_is_given(
        tmp_path: Path, monkeypatch, given: str | None) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    if given is None:
        monkeypatch.delenv("MFC_DOCS_CACHE_DIR", raising=False)
    else:
        monkeypatch.setenv("MFC_DOCS_CACHE_DIR", given)
    assert cache_dir() is None
    assert make_env(autoescape=False).from_string(TEMPLATE).render(CONTEXT) == EXPECTED
    assert list(tmp_path.iterdir()) == []


def test_a_sandboxed_template_never_runs_code_compiled_for_the_open_environment(cache_home: Path) -> None:
    """A home's own template is rendered sandboxed: the same text compiled without the sandbox
    and cached must not let it reach into Python."""
    reach = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    assert "class" in make_env(autoescape=False).from_string(reach).render({})
    with pytest.raises(SecurityError):
        make_env(autoescape=False, sandboxed=True).from_string(reach).render({})


def test_escaping_is_kept_apart_from_plain_text(cache_home: Path) -> None:
    """Word renders with autoescape, the PDF without: the same text compiles differently."""
    context = {**CONTEXT, "place": "<north> exit & café"}
    assert "&lt;NORTH&gt; EXIT &amp; CAFÉ" in make_env(autoescape=True).from_string(TEMPLATE).render(context)
    assert "<NORTH> EXIT & CAFÉ" in make_env(autoescape=False).from_string(TEMPLATE).render(context)
