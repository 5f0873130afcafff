"""Write docs/schema/*.json, the JSON Schemas editors use, from the schemas (run after changing a schema).

The sample files' first lines point at these files; a test fails when they are out of date.
"""

from pathlib import Path

from mfc_docs.input.json_schema import FILE_KINDS, json_schema_text

folder = Path(__file__).resolve().parents[1] / "docs" / "schema"
folder.mkdir(exist_ok=True)
for name in FILE_KINDS:
    (folder / name).write_text(json_schema_text(name), encoding="utf-8")
    print(f"wrote {folder / name}")
