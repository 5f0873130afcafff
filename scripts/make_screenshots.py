"""Render the first page of each kind of document from the sample home into docs/screenshots/ (make screenshots).

The README shows these, so a manager can see the documents before installing anything.
Needs poppler-utils (pdftoppm). The sample is built as of the date its data was written for.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from datetime import date, datetime
from pathlib import Path

from mfc_docs.documents import KINDS, ON_DEMAND_KINDS
from mfc_docs.commands.dashboard import build_dashboard
from mfc_docs.commands.notify import make_notification
from mfc_docs.pipeline import build

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "docs" / "screenshots"
SAMPLE_DAY = date(2026, 11, 24)
# Kinds made on demand need their command's question answered: which month, which episode.
ON_DEMAND = {
    "dashboard": lambda home: build_dashboard(home, date(2026, 10, 1), formats=("pdf",), today=SAMPLE_DAY).paths["pdf"],
    "notification": lambda home: make_notification(home, "nhung", now=datetime(2026, 11, 24, 10, 0), pdf_only=True,
                                                   sender="Jess Armitage, shift lead").pdf,
    "transfer": lambda home: transfer_sample(home),
}


def transfer_sample(home: Path) -> Path:
    """The transfer pack as it reads once opened (the written one is encrypted, so it is rendered here unlocked)."""
    from mfc_docs.documents.transfer import transfer_document
    from mfc_docs.input.home_data import load_home
    from mfc_docs.output.publish import render

    loaded = load_home(home, SAMPLE_DAY)
    document = transfer_document(loaded, loaded.child("nhung"), to="Larchfield House (fictional), manager",
                                 by="Marianne Oduya, Registered Manager", made="Tue 24 November 2026, 10:00",
                                 provenance="Sample.", stem="transfer-pack-sample")
    path = home / "output" / "transfer-pack-sample.pdf"
    path.write_bytes(render(document, "pdf").data)
    return path


def pages(home: Path) -> dict[str, Path]:
    """One PDF per kind in the registry: the sample's fullest document of that kind (most pages, then most bytes)."""
    output = home / "output"
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    chosen = {}
    for kind in KINDS:
        paths = [output / e["path"] for e in manifest["documents"] if e["kind"] == kind.name and e["format"] == "pdf"]
        chosen[kind.name] = max(paths, key=lambda path: (len(_page_breaks(path)), path.stat().st_size))
    missing = {kind.name for kind in ON_DEMAND_KINDS} - set(ON_DEMAND)
    if missing:
        raise SystemExit(f"say in ON_DEMAND how to make a sample of: {', '.join(sorted(missing))}")
    for kind in ON_DEMAND_KINDS:
        chosen[kind.name] = Path(ON_DEMAND[kind.name](home))
    return chosen


def _page_breaks(path: Path) -> list[bytes]:
    return re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes())


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
        for name, pdf in pages(home).items():
            picture = name.replace("_", "-")
            subprocess.run([pdftoppm, "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile",
                            str(pdf), str(TARGET / picture)], check=True)
            print(f"wrote docs/screenshots/{picture}.png ({pdf.name})")


if __name__ == "__main__":
    main()
