"""Regenerate the Word templates in templates/ from the document layouts (``make templates``).

The templates are built from code so that Jinja tags are never split across
Word runs, and committed so a home can restyle them in Word. A test checks the
committed templates still match the layouts.
"""

from pathlib import Path

from mfc_docs.documents import ALL_KINDS
from mfc_docs.render.templates import build_template

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    for kind in ALL_KINDS:
        target = TEMPLATES / kind.template
        data = build_template(kind.layout, kind.title)
        if target.exists() and target.read_bytes() == data:
            continue
        target.write_bytes(data)
        print(f"wrote {target.relative_to(TEMPLATES.parent)}")


if __name__ == "__main__":
    main()
