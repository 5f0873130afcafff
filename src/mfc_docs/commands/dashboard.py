"""What ``mfc-docs dashboard`` does: check the home, then write one month's dashboard through the one write path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..documents.dashboard import dashboard_document
from ..input.left_children import with_left_children
from ..output.publish import Written, write_document
from ..pipeline import default_out_dir, load_checked


def build_dashboard(home_dir: Path, month: date, out_dir: Path | None = None,
                    formats: tuple[str, ...] = ("docx", "pdf"), today: date | None = None) -> Written:
    """Check the home, make the dashboard for ``month`` and write OUT/dashboard/dashboard-YYYY-MM.{docx,pdf}.

    Both formats are replaced together or not at all. Raises :class:`mfc_docs.problems.DataError`
    when the data has errors (nothing is written), or another :class:`mfc_docs.problems.MfcError`.
    """
    checked = load_checked(Path(home_dir), today)
    home = with_left_children(checked)  # a child who left still counts for their months
    document = dashboard_document(home, month)
    out = Path(out_dir) if out_dir else default_out_dir(Path(home_dir))
    written = write_document(home.root, document, out, formats=formats)
    # A child who left whose files cannot be read is left out of the figures: said, as the dashboard is written.
    written.warnings[:0] = [str(problem) for problem in home.problems[len(checked.problems):]]
    return written
