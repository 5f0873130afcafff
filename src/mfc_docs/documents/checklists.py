"""The laminated checklists for the shift folder: one A4 side each, large type, tick boxes.

Six of them (immediate response, ongoing response, the return, post-incident
review, early warning signs, prevention environment). Their steps come from
``home_config.yaml`` so a home can change them without touching code; time
limits in the steps are {placeholders} filled from the home's own limits.
Every sheet ends with the numbers a night worker needs without looking further.
"""

from __future__ import annotations

from .context import home_summary, meta
from ..input.home_data import HomeData
from ..rules.placeholders import fill, placeholder_values
from .base import Document, DocumentKind
from .blocks import Checklist, If, Layout, PageStyle, Text

TITLE = "Shift checklist"

# Order in the shift folder, and the file name of each sheet.
SHEETS = (
    ("immediate_response", "1-immediate-response"),
    ("ongoing_response", "2-ongoing-response"),
    ("return", "3-the-return"),
    ("post_incident_review", "4-post-incident-review"),
    ("early_warning_signs", "5-early-warning-signs"),
    ("prevention_environment", "6-prevention-environment"),
)

LAYOUT = Layout(
    blocks=(
        If("checklist.intro", (Text("{{ checklist.intro }}", "lead"),)),
        If("checklist.steps", (Checklist("checklist.steps"),)),
        If("checklist.ticks", (Checklist("checklist.ticks", plain=True),)),
        Text("Police {{ home.police_emergency }} (emergency) or {{ home.police_non_emergency }}: say "
             "\u201c{{ home.say_when_reporting }}\u201d. On-call manager: {{ home.on_call_manager.phone }}. "
             "{{ home.name }}: {{ home.phone }}.", "strong"),
    ),
    page=PageStyle(kind="laminated", band_expr="checklist.colour", min_font_size=12, max_font_size=16),
)


def sheet_context(config: dict, key: str) -> dict:
    """One checklist with every {placeholder} filled from the home's time limits."""
    sheet = config["checklists"][key]
    values = placeholder_values(config)
    return {
        "title": fill(sheet["title"], values),
        "colour": sheet["colour"],
        "intro": fill(sheet.get("intro") or "", values),
        "steps": [{part: fill(step[part], values) for part in ("action", "who", "when")}
                  for step in sheet.get("steps") or []],
        # Not "items": in Jinja, checklist.items would be the dict's own items() method.
        "ticks": [fill(item, values) for item in sheet.get("items") or []],
    }


def build(home: HomeData) -> list[Document]:
    documents = []
    version = f"procedure v{home.config['procedure']['version']}"
    for key, stem in SHEETS:
        sheet = sheet_context(home.config, key)
        context = {
            "meta": meta(home, sheet["title"], "Shift folder", version),
            "home": home_summary(home.config),
            "limits": placeholder_values(home.config),
            "checklist": sheet,
        }
        documents.append(Document(
            kind=KIND.name, young_person=None, folder="checklists", stem=stem, title=sheet["title"],
            subject=TITLE, context=context, layout=LAYOUT, template=KIND.template,
            too_long_hint=f"Shorten or remove some of the steps under checklists.{key} in home_config.yaml.",
            fit_group=f"checklist {key}",
        ))
    return documents


KIND = DocumentKind(name="checklist", title=TITLE, scope="home", template="checklist.docx", layout=LAYOUT, build=build)
