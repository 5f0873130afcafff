"""The package layout is the pipeline: nothing imports a stage above its own.

``LAYERS`` below is the one list of the allowed direction (docs/architecture.md draws it). A module
may import modules of its own layer and of any layer below it, never one above: a document says what
it contains and does not write files, a renderer does not load YAML into a build, and so on. This is
what keeps the layout from decaying: a new upward import fails here, with the line to move.

Imports inside ``if TYPE_CHECKING:`` are exempt: they name a type for the reader and the type
checker, and never run. Imports inside functions count (they run, just later).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import mfc_docs

# Lowest first. A module belongs to the longest prefix that names it.
LAYERS: tuple[tuple[str, ...], ...] = (
    # Foundation: the version, the one problem type, the file formats as plain data.
    ("mfc_docs", "mfc_docs.problems", "mfc_docs.input.schema"),
    # Rules about plain values (dates, review cycles, placeholders): input's checks apply them.
    ("mfc_docs.rules.dates", "mfc_docs.rules.review_cycles", "mfc_docs.rules.placeholders"),
    # Input: the home's files as written, validated and checked.
    ("mfc_docs.input",),
    # Rules over a loaded home: what is due, what is overdue, the month's figures.
    ("mfc_docs.rules",),
    # Documents: what each document says (its context and its layout).
    ("mfc_docs.documents",),
    # Render: how a layout becomes Word and PDF bytes.
    ("mfc_docs.render",),
    # Output: writing files safely.
    ("mfc_docs.output",),
    # The build, usable as a library.
    ("mfc_docs.pipeline",),
    # The ways in.
    ("mfc_docs.commands", "mfc_docs.cli", "mfc_docs.__main__", "mfc_docs.web"),
)

# Known upward imports, each waiting for named work; the test below fails once one is gone, so the
# line is removed with the fix. (None now: the dashboard writes through the one render-and-write path.)
NOT_YET: set[tuple[str, str]] = set()

PACKAGE_DIR = Path(mfc_docs.__file__).parent


def all_modules() -> list[str]:
    found = ["mfc_docs"]
    for info in pkgutil.walk_packages([str(PACKAGE_DIR)], prefix="mfc_docs."):
        found.append(info.name)
    return sorted(found)


def layer_of(module: str) -> int | None:
    best, best_len = None, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    return best


def source_of(module: str) -> Path:
    relative = Path(*module.split(".")[1:])
    package = PACKAGE_DIR / relative / "__init__.py"
    return package if package.exists() else (PACKAGE_DIR / relative).with_suffix(".py")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(module: str) -> list[tuple[str, int]]:
    """Every mfc_docs module that ``module`` imports when it runs, with the line, TYPE_CHECKING blocks left out."""
    path = source_of(module)
    tree = ast.parse(path.read_text(), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names if alias.name.split(".")[0] == "mfc_docs")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "mfc_docs":
                for alias in node.names:  # "from . import x" may name a module
                    candidate = f"{target}.{alias.name}"
                    found.append((candidate if candidate in MODULES else target, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


MODULES = all_modules()


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports_and_has_a_layer(module):
    if module != "mfc_docs.__main__":  # running it runs the command line
        importlib.import_module(module)
    assert layer_of(module) is not None, (
        f"{module} is in no layer: add it (or its package) to LAYERS in {__file__} and to docs/architecture.md")


def upward_imports() -> dict[tuple[str, str], str]:
    """(importer, imported) -> where, for every import from a higher stage into a lower one."""
    upward = {}
    for module in MODULES:
        for target, line in imports_of(module):
            if layer_of(target) > layer_of(module):
                upward.setdefault((module, target), f"{source_of(module).relative_to(PACKAGE_DIR.parent)}:{line}")
    return upward


def test_nothing_imports_a_stage_above_its_own():
    upward = {pair: where for pair, where in upward_imports().items() if pair not in NOT_YET}
    assert not upward, "imports from a higher stage into a lower one (move the code, or the import's user, so " \
        "the import points down):\n" + "\n".join(f"{where}: {a} imports {b}" for (a, b), where in upward.items())


def test_known_upward_imports_are_still_there():
    gone = NOT_YET - set(upward_imports())
    assert not gone, f"these imports no longer point up: remove them from NOT_YET in {__file__}: {sorted(gone)}"


def import_loops() -> list[list[str]]:
    """Groups of modules that import each other, directly or round a circle (strongly connected components)."""
    graph = {module: sorted({target for target, _ in imports_of(module) if (module, target) not in NOT_YET} - {module})
             for module in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, ()):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for module in MODULES:
        if module not in index:
            connect(module)
    return loops


def test_no_import_loops():
    loops = import_loops()
    assert not loops, "modules that import each other:\n" + "\n".join(" <-> ".join(loop) for loop in loops)
