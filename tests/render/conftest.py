"""A toy layout that uses every block type, and a context full of awkward values."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ExifTags, Image

from mfc_docs.documents.blocks import (
    Bullets,
    Checklist,
    Fields,
    ForEach,
    Heading,
    If,
    Layout,
    Notice,
    PageBreak,
    PageStyle,
    Photo,
    Table,
    Text,
    WriteIn,
)
from mfc_docs.input.photos import clear_cache

VIETNAMESE = "Nguyễn Thị Hồng Nhung"
POLISH = "Zofia Wiśniewska-Kołodziej"
IRISH = "Saoirse Ní Bhriain"
ROMANIAN = "Ștefan"
PHONE = "07700 900123"
TRICKY = "Tom & Jerry's <b>not bold</b> \"quoted\" > 3"
LONG = " ".join(
    f"Sentence {i}: she often walks to the canal path & the retail park, says she is 'fine', "
    f"and answers <only> to her nickname." for i in range(1, 61)
)

GPS_LATITUDE = (51.0, 30.0, 12.5)


def make_gps_photo(path: Path, size=(600, 400), orientation: int = 6) -> Path:
    """A JPEG that carries GPS coordinates, a camera model, a comment and an orientation tag.

    Stored 600 x 400 (landscape) with Orientation 6: it should be shown 400 x 600 (portrait).
    """
    img = Image.new("RGB", size, (200, 60, 60))
    for x in range(0, size[0] // 2):  # a darker left half so rotation is visible
        for y in range(size[1]):
            img.putpixel((x, y), (40, 40, 160))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Model] = "Phone 15"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    img.save(path, "JPEG", exif=exif, comment=b"taken at the home")
    # the fixture must really carry GPS, or the no-GPS assertions prove nothing
    with Image.open(path) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return path


@pytest.fixture(autouse=True)
def _fresh_photo_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def gps_photo(tmp_path: Path) -> Path:
    return make_gps_photo(tmp_path / "child photo.jpg")


META = {
    "title": "Police information pack",
    "marking": "OFFICIAL-SENSITIVE",
    "home": "Rose & Thorn <House>",
    "subject": VIETNAMESE,
    "version": "3",
    "generated": "1 May 2026",
}


@pytest.fixture
def context(gps_photo: Path) -> dict:
    return make_context(gps_photo)


def make_context(gps_photo: Path) -> dict:
    return {
        "meta": dict(META),
        "child": {
            "name": VIETNAMESE,
            "known_as": "Nhung \"Nhu\" O'Brien",
            "risk": "HIGH <urgent> & rising",
            "tone": "danger",
            "photo": str(gps_photo),
            "caption": "Taken 2 March 2026; consent to share recorded",
            "phone": PHONE,
            "description": LONG,
            "note": "First line\nSecond line",
            "tricky": TRICKY,
            "contacts": [
                {"name": POLISH, "relation": "Aunt & carer", "phone": PHONE},
                {"name": IRISH, "relation": "Friend's mum", "phone": "028 9018 0000"},
            ],
            "signs": [f"Talks about {ROMANIAN} <online>", "Stays out past 22:00 & won't say where"],
            "nothing": [],
            "reported": "12:30 by Ms O'Hara",
            "blank": "",
        },
        "sibling": {"name": ROMANIAN, "photo": "", "caption": "No photo: ask the social worker"},
        "steps": [
            {"action": "Search the house, garden & sheds", "who": "Shift lead", "when": "Immediately"},
            {"action": "Ring the child's phone " + PHONE, "who": "Any staff", "when": "Within 10 minutes"},
        ],
        "places": [{"name": "Canal path <east>", "why": "Meets friends"}, {"name": "Retail park", "why": "Warm"}],
        "limits": {"police_minutes": 30},
    }


def full_layout() -> Layout:
    """Every block type, including the empty-list and missing-photo branches."""
    return Layout(
        blocks=(
            Heading("About {{ child.name }}"),
            Text("Known as {{ child.known_as }}.", style="lead"),
            Notice("Risk: {{ child.risk }}. Call police within {{ limits.police_minutes }} minutes.",
                   tone_expr="child.tone"),
            Notice("Static advice for {{ meta.home }}.", tone="warning"),
            Photo(path_expr="child.photo", caption_expr="child.caption",
                  beside=Fields(rows=(("Name", "child.name"), ("Phone", "child.phone")))),
            Photo(path_expr="sibling.photo", caption_expr="sibling.caption",
                  missing_text="NO PHOTO ON FILE", beside=Fields(rows=(("Name", "sibling.name"),))),
            Heading("Description", level=2),
            Fields(rows=(("Description", "child.description"), ("Note", "child.note"),
                         ("Other names", "child.tricky"))),
            Text("Small print for {{ child.name }}.", style="small"),
            Text("Strong words: {{ child.risk }}", style="strong"),
            Text("Body text with a literal & and <angle> in the layout."),
            Heading("Contacts", level=2),
            Table(items_expr="child.contacts",
                  columns=(("Name", "row.name"), ("Relation", "row.relation"), ("Phone", "row.phone")),
                  widths=(3, 2, 2)),
            Table(items_expr="child.nothing", columns=(("Name", "row.name"),), empty="No other contacts recorded."),
            Bullets(items_expr="child.signs"),
            Bullets(items_expr="child.nothing", empty="No early warning signs recorded."),
            Checklist(items_expr="steps"),
            Checklist(items_expr="child.signs", plain=True),
            Checklist(items_expr="child.nothing", empty="No steps recorded."),
            WriteIn(rows=(("Time reported", "child.reported", 1), ("Last seen wearing", "child.blank", 3))),
            If("child.signs", (Text("Shown because there are signs."),)),
            If("child.nothing", (Text("HIDDEN-IF-TEXT"),)),
            ForEach("places", "place", (
                Heading("Place: {{ place.name }}", level=2),
                Text("{{ loop.index }}. {{ place.why }}"),
            )),
            ForEach("child.nothing", "x", (Text("HIDDEN-LOOP-TEXT"),)),
            PageBreak(),
            Text("After the page break."),
        )
    )


@pytest.fixture
def layout() -> Layout:
    return full_layout()


def expected_values(ctx: dict) -> list[str]:
    """Every value the rendered documents must show, as display text."""
    c = ctx["child"]
    return [
        f"About {c['name']}",
        f"Known as {c['known_as']}.",
        f"Risk: {c['risk']}. Call police within 30 minutes.",
        f"Static advice for {ctx['meta']['home']}.",
        c["caption"],
        c["phone"],
        ctx["sibling"]["name"],
        "NO PHOTO ON FILE",
        ctx["sibling"]["caption"],
        c["description"],
        "First line", "Second line", TRICKY,
        f"Small print for {c['name']}.",
        f"Strong words: {c['risk']}",
        "Body text with a literal & and <angle> in the layout.",
        *[v for contact in c["contacts"] for v in contact.values()],
        "No other contacts recorded.",
        *c["signs"],
        "No early warning signs recorded.",
        *[v for step in ctx["steps"] for v in step.values()],
        "No steps recorded.",
        "Time reported", c["reported"], "Last seen wearing",
        "Shown because there are signs.",
        "Place: Canal path <east>", "1. Meets friends", "Place: Retail park", "2. Warm",
        "After the page break.",
        *[ctx["meta"][k] for k in ("marking", "home", "subject", "title", "version", "generated")],
        VIETNAMESE, POLISH, IRISH, ROMANIAN, PHONE,
    ]


NEVER = ["HIDDEN-IF-TEXT", "HIDDEN-LOOP-TEXT", "None recorded.", "{{", "}}", "{%", "%}", "&amp;", "&lt;", "&#"]

laminated = PageStyle(kind="laminated", band_expr="band")
