"""Prove a speed change changed nothing a user sees: every file and every message, before and after.

Issue 16's rule: no output byte (apart from timestamps) and no message may change. This runs the
same commands with two copies of mfc-docs's code (``--before`` and ``--after``, each a ``src``
folder) on several homes: the sample, tests' second and minimal homes, and a stress home (the
sample with every list of every child four times as long). Each command runs in the same folder
with both codes, its output folder kept aside; then every file is compared byte for byte, and
each command's exit code, stdout and stderr. PDFs are made with reportlab's invariant mode
(``RL_invariant=1``: no creation date, a fixed document ID); Word files are compared part by
part, with ``docProps/core.xml``'s created/modified times left out; the JSON records (manifest,
report.json) with hashes, file times and the build's own time left out.

    python benchmarks/same_output.py --before /tmp/base/src --after src
    (the code before: git archive main src templates | tar -x -C /tmp/base: the built-in Word
    templates are read from templates/ beside src/, so without them the before side renders
    Word files from another copy, and the police packs differ when nothing changed)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
NOW = "2026-11-24 00:30"
TODAY = "2026-11-24"
PART_2 = ["--last-seen", "22:15", "--where", "Bus station", "--wearing", "Black puffer jacket", "--no-interactive",
          "--now", NOW]


def copy_home(source: Path | None, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    if source is None:  # the sample
        target.mkdir(parents=True)
        shutil.copy(REPO / "home_config.yaml", target / "home_config.yaml")
        shutil.copytree(REPO / "young_people", target / "young_people")
    else:
        shutil.copytree(source, target)
    return target


def stretch(value, times: int = 4):
    """Every list of records four times as long (each copy's text marked), recursively."""
    if isinstance(value, list):
        out = []
        for n in range(times if value and all(isinstance(v, dict) for v in value) else 1):
            out.extend(_marked(stretch(v, times), n) for v in value)
        return out
    if isinstance(value, dict):
        return {k: stretch(v, times) for k, v in value.items()}
    return value


def _marked(value, n: int):
    if n == 0 or not isinstance(value, dict):
        return value
    return {k: (f"{v} ({n + 1})" if k in ("name", "place", "address", "what", "details") and isinstance(v, str) else v)
            for k, v in value.items()}


def stress_home(target: Path) -> Path:
    """The sample with every child's lists of records (people, places, medicines, risks ...) four times as long."""
    copy_home(None, target)
    for profile in sorted((target / "young_people").glob("*/profile.yaml")):
        data = yaml.load(profile.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        keep = {k: data[k] for k in ("date_of_birth", "photo") if k in data}
        data = {**stretch(data), **keep}
        profile.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return target


def commands(home: Path) -> list[list[str]]:
    children = sorted(p.name for p in (home / "young_people").iterdir() if (p / "profile.yaml").exists())
    runs = [["validate", str(home), "--today", TODAY],
            ["build", str(home), "--today", TODAY],
            ["check", str(home), "--today", TODAY, "--json"],
            ["dashboard", str(home), "--month", "2026-10", "--today", TODAY]]
    for child in children:  # the second report of a child reads what the first remembered, if anything
        runs.append(["report", child, str(home), *PART_2, "--pdf-only"])
        runs.append(["report", child, str(home), *PART_2, "-o", str(home / "output-full")])
    return runs


def run_side(src: Path, homes: dict[str, Path | None], work: Path, keep: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(src.resolve()), "RL_invariant": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MFC_DOCS_CACHE_DIR", None)
    if keep.exists():
        shutil.rmtree(keep)
    keep.mkdir(parents=True)
    for name, source in homes.items():
        home = stress_home(work / name) if source == "stress" else copy_home(source, work / name)
        log = []
        for args in commands(home):
            done = subprocess.run([sys.executable, "-m", "mfc_docs", *args], capture_output=True, text=True,
                                  env=env, cwd=work)
            log.append(f"$ mfc-docs {' '.join(args)}\nexit {done.returncode}\n--stdout\n{done.stdout}--stderr\n{done.stderr}")
        # Then one child's file edited and the home built again: only that child's documents are made
        # (the first build's output kept aside to be compared too).
        if (home / "output").is_dir():
            shutil.copytree(home / "output", home / "output-first-build")
        edited = _edit_first_child(home)
        if edited:
            args = ["build", str(home), "--today", TODAY]
            done = subprocess.run([sys.executable, "-m", "mfc_docs", *args], capture_output=True, text=True,
                                  env=env, cwd=work)
            log.append(f"$ (edited {edited}) mfc-docs {' '.join(args)}\nexit {done.returncode}\n"
                       f"--stdout\n{done.stdout}--stderr\n{done.stderr}")
        (home / "commands.log").write_text("\n".join(log), encoding="utf-8")
        shutil.move(str(home), keep / name)


def _edit_first_child(home: Path) -> str:
    """Change one value in the first child's profile (their hair, or failing that their preferred name)."""
    for profile in sorted((home / "young_people").glob("*/profile.yaml")):
        text = profile.read_text(encoding="utf-8")
        for key in ("\n  hair: ", "\n  preferred: "):
            if key in text:
                profile.write_text(text.replace(key, f"{key}(edited) ", 1), encoding="utf-8")
                return profile.relative_to(home).as_posix()
    return ""


def docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", parts["docProps/core.xml"])
    return parts


def _masked(value, key: str = ""):
    """A record's JSON with what differs at every run left out: hashes (of Word files, whose zip holds a
    time; every file hashed is compared itself), file times in nanoseconds and the build's own time."""
    if key == "stat":  # a file's size and time: each file is compared itself
        return "<stat>"
    if isinstance(value, dict):
        return {k: _masked(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value):
        return "<sha256>"
    if isinstance(value, int) and not isinstance(value, bool) and value > 10 ** 15:
        return "<time in ns>"
    if key == "generated_at" and isinstance(value, str):
        return "<generated at>"
    return value


def _same(a: Path, b: Path) -> bool:
    if a.suffix == ".docx":
        return docx_parts(a) == docx_parts(b)
    if a.suffix == ".json" and a.read_bytes() != b.read_bytes():
        return _masked(json.loads(a.read_bytes())) == _masked(json.loads(b.read_bytes()))
    return a.read_bytes() == b.read_bytes()


def _compared(folder: Path) -> set[Path]:
    """Every file a run leaves, but its own caches (``.validation-cache``: what it remembers, not what it says)."""
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and ".validation-cache" not in p.parts}


def compare(before: Path, after: Path) -> tuple[list[str], int]:
    differences = []
    files_before, files_after = _compared(before), _compared(after)
    for missing in sorted(files_before ^ files_after):
        differences.append(f"only {'before' if missing in files_before else 'after'}: {missing}")
    for rel in sorted(files_before & files_after):
        a, b = before / rel, after / rel
        if not _same(a, b):
            differences.append(f"differs: {rel}")
    return differences, len(files_before & files_after)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the src folder of the code before")
    parser.add_argument("--after", type=Path, default=REPO / "src", help="the src folder of the code after")
    parser.add_argument("--work", type=Path, default=Path("/tmp/mfc-same-output"))
    parser.add_argument("--keep-before", action="store_true",
                        help="reuse the before side of an earlier run in the same --work folder")
    options = parser.parse_args()
    homes = {"sample": None, "second": FIXTURES / "second_home", "minimal": FIXTURES / "minimal_home",
             "stress": "stress"}
    work = options.work / "run"
    work.mkdir(parents=True, exist_ok=True)
    if not (options.keep_before and (options.work / "before").is_dir()):
        run_side(options.before, homes, work, options.work / "before")
    run_side(options.after, homes, work, options.work / "after")
    differences, compared = compare(options.work / "before", options.work / "after")
    for line in differences:
        print(line)
    print(f"{compared} files compared (documents, records and each command's exit code and messages); "
          f"{len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
