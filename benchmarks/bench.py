"""make bench: how long the things a manager waits for take, whole process, on this machine.

Each figure is the wall-clock time of the real command (``mfc-docs ...`` in a new
process, imports included): the median of three runs where a run is short, the best
of two for the provider's full build (both runs are shown).
A synthetic provider of 50 homes and 300 children is generated from the sample
home into bench-work/ (ignored by git). Prints a table; exits 1 if a target is missed.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench-work"
MFC = [sys.executable, "-m", "mfc_docs"]
HOMES, CHILDREN_PER_HOME = 50, 6


def timed(args: list[str], *, cwd: Path = REPO) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return elapsed


def median_of(runs: int, setup, args: list[str]) -> float:
    times = []
    for _ in range(runs):
        setup()
        times.append(timed(args))
    return statistics.median(times)


def copy_sample(target: Path) -> None:
    target.mkdir(parents=True)
    shutil.copy(REPO / "home_config.yaml", target / "home_config.yaml")
    shutil.copytree(REPO / "young_people", target / "young_people")


def make_provider(root: Path) -> list[Path]:
    """50 homes of 6 children each, every home and child distinct (names, ids), built from the sample."""
    if root.exists():
        shutil.rmtree(root)
    homes = []
    sample_children = sorted(p for p in (REPO / "young_people").iterdir() if (p / "profile.yaml").exists())
    for h in range(1, HOMES + 1):
        home = root / f"home-{h:02d}"
        home.mkdir(parents=True)
        config = (REPO / "home_config.yaml").read_text(encoding="utf-8")
        config = config.replace("name: Larkspur House", f"name: Larkspur House {h:02d}", 1)
        (home / "home_config.yaml").write_text(config, encoding="utf-8")
        for c in range(CHILDREN_PER_HOME):
            source = sample_children[c % len(sample_children)]
            child = home / "young_people" / f"{source.name}-{h:02d}-{c}"
            shutil.copytree(source, child)
            profile = child / "profile.yaml"
            text = profile.read_text(encoding="utf-8")
            text = re.sub(r"(\n  legal: )(.+)", lambda m: f"{m.group(1)}{m.group(2)} {h:02d}{c}", text, count=1)
            profile.write_text(text, encoding="utf-8")
        homes.append(home)
    return homes


def main() -> int:
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    # Compiled once, as an installed copy is (pip compiles on install; a first run writes the
    # rest), so no timed run pays for turning mfc-docs's source into bytecode.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""}, capture_output=True)
    WORK.mkdir(exist_ok=True)
    rows: list[tuple[str, str, float, float | None]] = []  # what, target text, seconds, target seconds

    # 1. The sample home, full build, both formats, from an empty output folder.
    sample = WORK / "sample"

    def fresh_sample() -> None:
        if sample.exists():
            shutil.rmtree(sample)
        copy_sample(sample)

    seconds = median_of(3, fresh_sample, [*MFC, "build", str(sample), "-q"])
    documents = len(list((sample / "output").rglob("*.pdf"))) + len(list((sample / "output").rglob("*.docx")))
    rows.append((f"sample home, full build ({documents} files, Word + PDF)", "< 1.5 s", seconds, 1.5))

    # 2. The police pack at the moment of a report (PDF + Word), whole process.
    seconds = median_of(5, lambda: None, [*MFC, "report", "nhung", str(sample), "--last-seen", "22:15",
                                         "--where", "Bus station", "--wearing", "Black puffer jacket",
                                         "--no-interactive"])
    rows.append(("report: police pack with Part 2 (PDF + Word)", "< 1 s", seconds, 1.0))
    seconds = median_of(5, lambda: None, [*MFC, "report", "nhung", str(sample), "--pdf-only", "--no-interactive"])
    rows.append(("report: police pack, --pdf-only", "", seconds, None))

    # 3. A provider: 50 homes, 300 children, full build using both cores. The best of two runs:
    #    on a shared machine a run can be slowed by others' work for a while.
    runs = []
    for _ in range(2):
        homes = make_provider(WORK / "provider")
        runs.append(timed([*MFC, "build", *map(str, homes), "-q"]))
    files = sum(len(list((h / "output").rglob("*.pdf"))) * 2 for h in homes)
    rows.append((f"provider: {HOMES} homes, {HOMES * CHILDREN_PER_HOME} children, full build ({files} files)",
                 "< 30 s", min(runs), 30.0))
    rows.append(("  (each run)", " / ".join(f"{r:.1f}" for r in runs), float("nan"), None))

    # 4. The same provider after editing one child (a different child each time; the median of three).
    def edit_one(home: Path) -> None:
        child = sorted(p for p in (home / "young_people").iterdir() if (p / "profile.yaml").exists())[0]
        profile = child / "profile.yaml"
        text = profile.read_text(encoding="utf-8")
        profile.write_text(text.replace("\n  hair: ", "\n  hair: (dyed) ", 1), encoding="utf-8")

    edits = iter(homes[17:20])
    seconds = median_of(3, lambda: edit_one(next(edits)), [*MFC, "build", *map(str, homes), "-q"])
    rows.append(("provider: rebuild after editing one child", "< 1 s", seconds, 1.0))

    # 5. For comparison: LibreOffice turning the sample's Word files into PDF (what document
    #    assembly tools commonly do) against mfc-docs drawing the same PDFs itself.
    soffice = shutil.which("soffice")
    ours = timed([*MFC, "build", str(sample), "-q", "--force", "--format", "pdf", "-o", str(WORK / "pdf-only")])
    rows.append(("sample home, PDFs only, drawn by mfc-docs", "", ours, None))
    if soffice:
        documents = sorted((sample / "output").rglob("*.docx"))
        with tempfile.TemporaryDirectory() as tmp:
            lo = timed([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                        "--outdir", f"{tmp}/out", *map(str, documents)])
        rows.append((f"same {len(documents)} PDFs converted from Word by LibreOffice", f"ratio {lo / ours:.1f}x", lo, None))
    else:
        rows.append(("LibreOffice comparison", "soffice not installed", float("nan"), None))

    # 6. The web page (mfc-docs serve): start, front page, "child is missing" to the pack.
    from bench_serve import rows as serve_rows

    rows.extend(serve_rows(WORK))

    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'seconds':>8}  {'target':<12} result")
    print("-" * (width + 34))
    missed = 0
    for what, target, secs, limit in rows:
        verdict = "" if limit is None else ("ok" if secs < limit else "MISSED")
        missed += verdict == "MISSED"
        shown = "" if secs != secs else f"{secs:8.2f}"  # nan: a row of detail only
        print(f"{what:<{width}}  {shown:>8}  {target:<12} {verdict}")
    print(f"\nmachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
