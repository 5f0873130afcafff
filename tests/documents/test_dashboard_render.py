"""The sample home's monthly dashboard, really rendered: figures in both formats, charts in the PDF."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from mfc_docs.cli import main

from ..conftest import TODAY, require_tool
from ..render.helpers import docx_text, norm, pdf_text


def test_dashboard_renders_in_both_formats_with_its_figures(sample_home: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["dashboard", str(sample_home), "--month", "2026-10",
                                       "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    folder = sample_home / "output" / "dashboard"
    pdf_bytes = (folder / "dashboard-2026-10.pdf").read_bytes()
    word_bytes = (folder / "dashboard-2026-10.docx").read_bytes()
    for text in (pdf_text(pdf_bytes), docx_text(word_bytes)):
        for fact in ("Missing from care: monthly oversight, October 2026", "Episodes this month",
                     "Return home interview offered within 24 hours of the child's return", "Episodes per month", "Reg 40"):
            assert norm(fact) in text, fact
    reader = PdfReader(folder / "dashboard-2026-10.pdf")
    assert len(reader.pages) <= 4
    # the charts are drawings (vector paths), so the PDF has far more drawing operators than a table
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert content.count(b" re") > 100  # the bars and the hour-by-day grid squares
    soffice = require_tool("soffice")
    converted = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "lo-out"), str(folder / "dashboard-2026-10.docx")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    assert (tmp_path / "lo-out" / "dashboard-2026-10.pdf").exists(), converted.stderr
