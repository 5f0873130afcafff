"""make bench: mfc-docs's speed as ratios of two things timed in the same run.

This machine (and any shared one) runs 1.5-2x faster or slower from hour to hour, so an
absolute time against a fixed target measures the weather. Every figure here is a ratio:
mfc-docs against the floor of its own libraries (a new Python process doing the least
those libraries allow), against the LibreOffice route, or against itself. Both sides are
whole processes, timed in the same run and interleaved (A B A B ...), and each side is
the median of its runs, so a slow spell falls on both sides alike.

The absolute seconds are printed for information, with the machine and its load.
The table is also written to bench-results.json (ignored by git) to compare commits.
Exit 1 when a ratio misses its target.

    python benchmarks/bench.py                 every figure
    python benchmarks/bench.py --only report   the figures whose name contains "report"
    python benchmarks/bench.py --runs 7        more runs per side of the short figures
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
# The code measured is this checkout's (even with another checkout's virtualenv, or a copy of the
# tree made to measure a commit while work goes on).
CODE_PATH = os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))
WORK = REPO / "bench-work"
RESULTS = REPO / "bench-results.json"
MFC = [sys.executable, "-m", "mfc_docs"]
HOMES, CHILDREN_PER_HOME = 50, 6
CHILD = "nhung"  # the sample child whose police pack is reported
PART_2 = ["--last-seen", "22:15", "--where", "Bus station", "--wearing", "Black puffer jacket",
          "--no-interactive"]

# The floor: a new Python process that imports what the police pack needs (reportlab's
# platypus and PyYAML), reads the child's profile and writes a one-page PDF.
FLOOR_PDF = """
import sys
import yaml
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
from xml.sax.saxutils import escape

profile = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
name = profile["name"]["legal"]
SimpleDocTemplate(sys.argv[2]).build([Paragraph(escape(f"{name}: police information pack"),
                                                getSampleStyleSheet()["Title"])])
"""
# The same, also importing docxtpl (what the Word half of the pack needs).
FLOOR_ALL = FLOOR_PDF.replace("import yaml\n", "import yaml\nimport docxtpl\n")
# The floor of drawing a home's PDFs in a new process: importing what drawing needs, drawing nothing.
FLOOR_DRAWING = "import yaml\nfrom reportlab.platypus import Paragraph, SimpleDocTemplate, Table\n"
# The CPU seconds of drawing a home's PDFs alone, in a process that has drawn them once already
# (imports, fonts and first layouts done): what no start-up work can take away.
DRAWING_ALONE = """
import sys, time
from pathlib import Path
from mfc_docs import pipeline

home = pipeline.load_checked(Path(sys.argv[1]))
for timed in (False, True):
    plan = pipeline.plan_build(home, Path(sys.argv[2]), formats=("pdf",), force=True)
    start = time.process_time()
    for task in pipeline._by_document(plan.jobs):
        pipeline.render_document(task)
    if timed:
        print(time.process_time() - start)
"""


class Seconds(float):
    """Wall-clock seconds of one process, carrying the CPU seconds it and its children used."""

    cpu: float = float("nan")


@dataclass
class Side:
    label: str
    runs: list[float] = field(default_factory=list)
    # CPU seconds (user + system) of each run, for information: a loaded machine stretches the
    # wall-clock seconds of both sides, the CPU seconds much less.
    cpu: list[float] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    def add(self, seconds: float) -> None:
        self.runs.append(float(seconds))
        self.cpu.append(getattr(seconds, "cpu", float("nan")))


@dataclass
class Figure:
    name: str
    what: str
    top: Side
    bottom: Side
    target: float
    at_most: bool  # True: ratio <= target; False: ratio >= target
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.top.seconds / self.bottom.seconds

    @property
    def met(self) -> bool:
        return self.ratio <= self.target if self.at_most else self.ratio >= self.target


def run(args: list[str], *, env: dict | None = None) -> Seconds:
    """Wall-clock seconds of one whole process (and its CPU seconds); stops the bench if the process fails."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(args, cwd=REPO, capture_output=True, text=True, env=env)
    elapsed = Seconds(time.perf_counter() - start)
    done = resource.getrusage(resource.RUSAGE_CHILDREN)  # the process and the workers it waited for
    elapsed.cpu = (done.ru_utime - used.ru_utime) + (done.ru_stime - used.ru_stime)
    if result.returncode != 0:
        sys.exit(f"benchmark command failed ({result.returncode}): {' '.join(map(str, args))}\n"
                 f"{result.stdout}\n{result.stderr}")
    return elapsed


def interleaved(top: Side, bottom: Side, runs: int, top_cmd: Callable[[], float],
                bottom_cmd: Callable[[], float]) -> None:
    """A B A B ...: a slow spell of the machine falls on both sides, not on one."""
    for _ in range(runs):
        top.add(top_cmd())
        bottom.add(bottom_cmd())


def fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    return folder


def copy_sample(target: Path) -> Path:
    fresh(target).mkdir(parents=True)
    shutil.copy(REPO / "home_config.yaml", target / "home_config.yaml")
    shutil.copytree(REPO / "young_people", target / "young_people")
    return target


def make_provider(root: Path) -> list[Path]:
    """50 homes of 6 children each, every home and child distinct (names, ids), built from the sample."""
    fresh(root)
    homes = []
    sample_children = sorted(p for p in (REPO / "young_people").iterdir() if (p / "profile.yaml").exists())
    config = (REPO / "home_config.yaml").read_text(encoding="utf-8")
    for h in range(1, HOMES + 1):
        home = root / f"home-{h:02d}"
        home.mkdir(parents=True)
        (home / "home_config.yaml").write_text(
            config.replace("name: Larkspur House", f"name: Larkspur House {h:02d}", 1), encoding="utf-8")
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


def machine() -> dict:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    memory = ""
    try:
        kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")))
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"host": platform.node(), "cpu": model or platform.processor() or platform.machine(),
            "cores": os.cpu_count(), "memory": memory, "os": platform.platform(),
            "python": sys.version.split()[0], "load_at_start": list(os.getloadavg())}


def source_digest() -> str:
    """mfc-docs's code: a build rebuilds everything when it changes, so it must not change mid-run."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "src").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def commit() -> str:
    result = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True)
    return result.stdout.strip() or os.environ.get("MFC_BENCH_COMMIT", "unknown")  # a copy of the tree: given


# ---------------------------------------------------------------------------------------------
# The figures


def report_vs_floor(runs: int, *, pdf_only: bool) -> Figure:
    sample = WORK / "sample"
    reports = WORK / "reports"
    floor_out = WORK / "floor.pdf"
    profile = sample / "young_people" / CHILD / "profile.yaml"
    mode = ["--pdf-only"] if pdf_only else []

    def ours() -> float:
        fresh(reports)
        return run([*MFC, "report", CHILD, str(sample), *PART_2, *mode, "-o", str(reports)])

    floor_code = FLOOR_PDF if pdf_only else FLOOR_ALL
    top = Side(f"mfc-docs report {CHILD} {'--pdf-only' if pdf_only else '(PDF and Word)'}")
    bottom = Side("floor: python, import platypus + yaml" + ("" if pdf_only else " + docxtpl") + ", one-page PDF")
    interleaved(top, bottom, runs, ours, lambda: run([sys.executable, "-c", floor_code, str(profile), str(floor_out)]))
    if pdf_only:
        return Figure("report-pdf", "report --pdf-only / floor-PDF", top, bottom, 1.5, True)
    return Figure("report-all", "report (PDF + Word) / floor-all", top, bottom, 1.5, True)


def libreoffice_vs_ours(runs: int) -> Figure | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    sample = WORK / "sample"
    documents = sorted((sample / "output").rglob("*.docx"))
    ours_out = WORK / "pdf-only"
    top = Side(f"LibreOffice converting the sample's {len(documents)} Word files to PDF")
    bottom = Side(f"mfc-docs build --format pdf --force: the same {len(documents)} PDFs")

    # The route as document tools take it: a headless soffice with a profile of its own (so it never
    # collides with a LibreOffice the user has open). The profile is made once, by a first run that
    # is not timed, as mfc-docs's bytecode is compiled before any run is timed: each side's one-off
    # setup is left out, and each timed run is a whole soffice process converting every file.
    with tempfile.TemporaryDirectory(prefix="mfc-bench-lo-") as tmp:
        convert = [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf"]
        first = run([*convert, "--outdir", f"{tmp}/first", *map(str, documents)])
        outs = iter(range(runs))
        floor: list[Seconds] = []

        def ours() -> float:
            floor.append(run([sys.executable, "-c", FLOOR_DRAWING]))  # beside ours, in the same hour
            return run([*MFC, "build", str(sample), "-q", "--force", "--format", "pdf", "-o", str(ours_out)])

        interleaved(top, bottom, runs,
                    lambda: run([*convert, "--outdir", f"{tmp}/out-{next(outs)}", *map(str, documents)]), ours)
    drawing = float(subprocess.run([sys.executable, "-c", DRAWING_ALONE, str(sample), str(WORK / "drawing-alone")],
                                   cwd=REPO, capture_output=True, text=True, check=True).stdout.split()[-1])
    cores = os.cpu_count() or 1
    floor_wall, floor_cpu = statistics.median(floor), statistics.median(f.cpu for f in floor)
    best_wall, best_cpu = floor_wall + drawing / cores, floor_cpu + drawing
    return Figure("libreoffice", "LibreOffice (Word to PDF) / mfc-docs drawing the PDFs", top, bottom, 10.0, False,
                  f"LibreOffice as a document tool runs it: headless, with its own profile, made by a first "
                  f"run not timed ({first:.2f} s with making the profile). Our floor: a new Python process "
                  f"importing reportlab's platypus and PyYAML takes {floor_wall:.2f} s ({floor_cpu:.2f} CPU s), "
                  f"and drawing the {len(documents)} PDFs alone (in a process that has drawn them once) "
                  f"{drawing:.2f} CPU s. No build can take less than about {best_wall:.2f} s on {cores} cores "
                  f"or {best_cpu:.2f} CPU s, so with today's drawing LibreOffice / ours is at most about "
                  f"{top.seconds / best_wall:.1f}x in seconds ({top.cpu_seconds / best_cpu:.1f}x in CPU seconds, "
                  f"which a loaded machine stretches less)")


def edit_vs_report(runs: int, homes: list[Path]) -> Figure:
    sample = WORK / "sample"
    reports = WORK / "reports"
    run([*MFC, "build", *map(str, homes), "-q"])  # the provider is built, so only the edit is rebuilt
    edits = iter(homes[10:10 + runs])

    def edit_and_build() -> float:
        home = next(edits)
        child = sorted(p for p in (home / "young_people").iterdir() if (p / "profile.yaml").exists())[0]
        profile = child / "profile.yaml"
        profile.write_text(profile.read_text(encoding="utf-8").replace("\n  hair: ", "\n  hair: (dyed) ", 1),
                           encoding="utf-8")
        return run([*MFC, "build", *map(str, homes), "-q"])

    def report() -> float:
        fresh(reports)
        return run([*MFC, "report", CHILD, str(sample), *PART_2, "-o", str(reports)])

    top = Side(f"provider ({HOMES} homes): build after editing one child")
    bottom = Side(f"mfc-docs report {CHILD} (PDF and Word)")
    interleaved(top, bottom, runs, edit_and_build, report)
    return Figure("edit", "rebuild after editing one child / report", top, bottom, 1.5, True)


def provider_vs_sample(runs: int, sample_runs: int) -> tuple[Figure, list[Path]]:
    sample = WORK / "sample-build"
    homes: list[Path] = []

    def provider() -> float:
        nonlocal homes
        homes = make_provider(WORK / "provider")
        return run([*MFC, "build", *map(str, homes), "-q"])

    def one_sample() -> float:
        copy_sample(sample)
        return run([*MFC, "build", str(sample), "-q"])

    top = Side(f"provider: {HOMES} homes, {HOMES * CHILDREN_PER_HOME} children, full build")
    bottom = Side("sample home, full build (Word + PDF), from an empty output")
    # The provider takes as long as dozens of sample builds: several sample builds sit between
    # two provider builds, so both sides see the same hours of the machine.
    for _ in range(runs):
        top.add(provider())
        for _ in range(sample_runs):
            bottom.add(one_sample())
    scaled = Side(f"{HOMES} x {bottom.label}", [s * HOMES for s in bottom.runs], [c * HOMES for c in bottom.cpu])
    return Figure("provider", f"provider full build / ({HOMES} x sample full build)", top, scaled, 0.4, True), homes


# ---------------------------------------------------------------------------------------------


def print_table(figures: list[Figure], info: dict) -> None:
    print()
    print(f"{'figure':<55} {'ratio':>7}  {'target':<8} result")
    print("-" * 82)
    for f in figures:
        target = f"{'<=' if f.at_most else '>='} {f.target:g}"
        shown = f"{f.ratio:.2f}" if f.at_most else f"{f.ratio:.1f}x"
        print(f"{f.what:<55} {shown:>7}  {target:<8} {'ok' if f.met else 'MISSED'}")
    print()
    print("Both sides of each ratio (whole processes, interleaved A B A B ..., median of the runs; seconds for")
    print("information only: this machine's speed varies from hour to hour, the ratios are what count; the CPU")
    print("seconds of the process and its workers, which a loaded machine stretches much less, also for information):")
    for f in figures:
        print(f"  {f.what}")
        for side in (f.top, f.bottom):
            runs = " ".join(f"{r:.2f}" for r in side.runs)
            print(f"    {side.seconds:8.2f} s  {side.label}   [runs: {runs}]  (CPU {side.cpu_seconds:.2f} s)")
        if f.note:
            print(f"    ({f.note})")
    m = info["machine"]
    print(f"\nmachine: {m['host']}, {m['cpu']}, {m['cores']} cores, {m['memory']}, {m['os']}, Python {m['python']}")
    print(f"load average (1, 5, 15 min) at start {' '.join(f'{x:.2f}' for x in m['load_at_start'])}, "
          f"at end {' '.join(f'{x:.2f}' for x in m['load_at_end'])}; commit {info['commit']}; {info['finished']}")
    if info["source_changed_during_run"]:
        print("WARNING: the source of mfc-docs changed during the run, so builds were redone: run it again.")
    print(f"written to {RESULTS.relative_to(REPO)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[],
                        help="run only the figures whose name contains this (report-pdf, report-all, "
                             "libreoffice, edit, provider, serve); may be repeated")
    parser.add_argument("--runs", type=int, default=5, help="runs per side of the short figures (default 5)")
    options = parser.parse_args(argv)
    wanted = lambda name: not options.only or any(o in name for o in options.only)  # noqa: E731

    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    os.environ["PYTHONPATH"] = CODE_PATH  # every process measured runs this checkout's code
    # Compiled once, as an installed copy is (pip compiles on install), so no timed run pays for
    # turning mfc-docs's source into bytecode.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""}, capture_output=True)
    info = {"commit": commit(), "machine": machine()}
    code = source_digest()
    WORK.mkdir(exist_ok=True)
    sample = copy_sample(WORK / "sample")
    run([*MFC, "build", str(sample), "-q"])  # the Word files LibreOffice converts; warms the disk cache
    runs = max(1, options.runs)
    figures: list[Figure] = []
    if wanted("report-pdf"):
        figures.append(report_vs_floor(runs, pdf_only=True))
    if wanted("report-all"):
        figures.append(report_vs_floor(runs, pdf_only=False))
    if wanted("libreoffice"):
        figure = libreoffice_vs_ours(max(1, runs // 2 + 1))
        if figure:
            figures.append(figure)
        else:
            print("LibreOffice (soffice) is not installed: that ratio is left out.")
    homes: list[Path] = []
    if wanted("provider"):
        figure, homes = provider_vs_sample(2, max(1, runs // 2 + 1))
        figures.append(figure)
    if wanted("edit"):
        figures.append(edit_vs_report(3, homes or make_provider(WORK / "provider")))

    serve: list[tuple[str, str, float, float | None]] = []
    if wanted("serve"):
        # The web page's waits (issue 14), measured by benchmarks/bench_serve.py: absolute times
        # against that targets, printed after the ratios.
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_serve import rows as serve_rows

        serve = serve_rows(WORK)

    info["machine"]["load_at_end"] = list(os.getloadavg())
    info["source_changed_during_run"] = source_digest() != code
    info["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    print_table(figures, info)
    if serve:
        print("\nmfc-docs serve (absolute seconds against issue 14's targets; not ratios):")
        for what, target, seconds, limit in serve:
            verdict = "" if limit is None else ("ok" if seconds < limit else "MISSED")
            print(f"  {what:<55} {seconds:7.3f} s  {target:<8} {verdict}")
    RESULTS.write_text(json.dumps({
        **info,
        "figures": [{"name": f.name, "what": f.what, "ratio": round(f.ratio, 3),
                     "target": f"{'<=' if f.at_most else '>='} {f.target:g}", "met": f.met, "note": f.note,
                     "top": {**asdict(f.top), "seconds": f.top.seconds, "cpu_seconds": f.top.cpu_seconds},
                     "bottom": {**asdict(f.bottom), "seconds": f.bottom.seconds,
                                "cpu_seconds": f.bottom.cpu_seconds}} for f in figures],
        "serve": [{"what": what, "target": target, "seconds": round(seconds, 3),
                   "met": limit is None or seconds < limit} for what, target, seconds, limit in serve],
    }, indent=2) + "\n", encoding="utf-8")
    serve_met = all(limit is None or seconds < limit for _, _, seconds, limit in serve)
    return 0 if all(f.met for f in figures) and serve_met and not info["source_changed_during_run"] else 1


if __name__ == "__main__":
    sys.exit(main())
