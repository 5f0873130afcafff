"""Write docs/data-format.md from the schemas (run after changing a schema)."""

from pathlib import Path

from mfc_docs.input.schema.reference import markdown

target = Path(__file__).resolve().parents[1] / "docs" / "data-format.md"
target.write_text(markdown(), encoding="utf-8")
print(f"wrote {target}")
