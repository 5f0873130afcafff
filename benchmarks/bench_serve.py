"""make bench, serve: the web page's waits, against a running `mfc-docs serve` (real process, real HTTP).

* server start to the first page (process start, imports, bind, token swap, the home read);
* the front page of a home of 6 children, warm (the median of five);
* "child is missing" sent to the police pack PDF ready (the POST returns once the episode is
  written and the pack made; the median of three, each for another child).
"""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def six_children(home: Path) -> None:
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    shutil.copy(REPO / "home_config.yaml", home / "home_config.yaml")
    shutil.copytree(REPO / "young_people", home / "young_people")
    for source, copy in (("oisin", "oisin-2"), ("zofia", "zofia-2")):
        shutil.copytree(home / "young_people" / source, home / "young_people" / copy)


def rows(work: Path) -> list[tuple[str, str, float, float | None]]:
    home = work / "serve-home"
    six_children(home)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mfc_docs", "serve", str(home), "--port", "0", "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = process.stdout.readline().strip().split(" is at ", 1)[1]
        base = url.split("/?", 1)[0]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with opener.open(url) as response:
            page = response.read().decode()
        started = time.perf_counter() - start
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', opener.open(base + "/children/oisin/missing").read()
                         .decode()).group(1)

        def front() -> float:
            begin = time.perf_counter()
            with opener.open(base + "/") as response:
                response.read()
            return time.perf_counter() - begin

        fronts = [front() for _ in range(5)]

        def report(child: str) -> float:
            found = (datetime.now() - timedelta(minutes=10)).strftime("%H:%M")
            data = urllib.parse.urlencode({"csrf_token": csrf, "found_gone_at": found, "recorded_by": "Bench"}).encode()
            request = urllib.request.Request(base + f"/children/{child}/missing", data=data,
                                             headers={"Origin": base})
            begin = time.perf_counter()
            with opener.open(request) as response:  # follows the redirect to the page offering the pack
                body = response.read().decode()
            elapsed = time.perf_counter() - begin
            assert "episode is recorded" in body, body[:500]
            return elapsed

        reports = [report(child) for child in ("oisin", "zofia", "stefan")]
    finally:
        # SIGTERM, not SIGINT: a shell's background job ignores SIGINT (the bench then waited 15 s and
        # failed); the server stops just as cleanly on SIGTERM (web/server.py).
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    assert "Larkspur House" in page
    return [
        ("serve: start to the first page", "< 2 s", started, 2.0),
        ("serve: front page, 6 children, warm", "< 0.1 s", statistics.median(fronts), 0.1),
        ("serve: 'child is missing' sent to the pack PDF ready", "< 0.3 s", statistics.median(reports), 0.3),
    ]


if __name__ == "__main__":
    for row in rows(REPO / "bench-work"):
        print(row)
