"""Render the first page of each kind of document from the sample home into docs/screenshots/ (make screenshots).

The README shows these, so a manager can see the documents before installing anything.
Needs poppler-utils (pdftoppm). The sample is built as of the date its data was written for.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from mfc_docs.documents.dashboard import build_dashboard
from mfc_docs.pipeline import build

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "docs" / "screenshots"
SAMPLE_DAY = date(2026, 11, 24)
PAGES = {
    "procedure": "home/missing-from-care-procedure.pdf",
    "checklist": "checklists/1-immediate-response.pdf",
    "key-contacts": "home/key-contacts.pdf",
    "response-card": "young_people/nhung/nhung-response-card.pdf",
    "police-pack": "young_people/zofia/zofia-police-pack.pdf",
    "risk-assessment": "young_people/oisin/oisin-risk-assessment.pdf",
    "dashboard": "dashboard/dashboard-2026-10.pdf",
}


def main() -> None:
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise SystemExit("pdftoppm is needed: apt-get install poppler-utils")
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "sample"
        home.mkdir()
        shutil.copy(REPO / "home_config.yaml", home / "home_config.yaml")
        shutil.copytree(REPO / "young_people", home / "young_people")
        build(home, today=SAMPLE_DAY, formats=("pdf",))
        build_dashboard(home, date(2026, 10, 1), formats=("pdf",), today=SAMPLE_DAY)
        for name, relative in PAGES.items():
            subprocess.run([pdftoppm, "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile",
                            str(home / "output" / relative), str(TARGET / name)], check=True)
            print(f"wrote docs/screenshots/{name}.png")


if __name__ == "__main__":
    main()
