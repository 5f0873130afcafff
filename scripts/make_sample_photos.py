"""Draw the placeholder "photos" for the fictional sample children.

FICTIONAL SAMPLE DATA - not a real home or child.

The sample home ships with a photo for each child so that every document can be
tried out, but no real face may ever be used. This script draws a plainly
artificial picture instead: a coloured background, a flat head-and-shoulders
silhouette, the words "SAMPLE - NOT A REAL CHILD" and the child's first name.

For every ``young_people/<id>/profile.yaml`` that has a ``photo:`` section, the
picture is saved as a JPEG under the file name that section gives. Children
with no ``photo:`` section (such as a new placement) are skipped.

Run from the project folder:

    .venv/bin/python scripts/make_sample_photos.py

The output is the same every time (colours come from the child's id), so the
files can be committed and re-made without noise.
"""

from __future__ import annotations

import colorsys
import hashlib
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "src" / "mfc_docs" / "fonts"
SIZE = (600, 750)  # portrait, 4:5, like a passport-style photo
BANNER = "SAMPLE - NOT A REAL CHILD"



def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _background(child_id: str) -> tuple[int, int, int]:
    """A soft pastel colour whose hue comes from the child's id (same id, same colour)."""
    digest = hashlib.sha256(child_id.encode("utf-8")).digest()
    hue = int.from_bytes(digest[:2], "big") / 65536
    red, green, blue = colorsys.hsv_to_rgb(hue, 0.28, 0.93)
    return int(red * 255), int(green * 255), int(blue * 255)


def _darker(colour: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(int(c * factor) for c in colour)  # type: ignore[return-value]


def _first_name(profile: dict) -> str:
    """The name the child uses (preferred), or the first word of the legal name."""
    name = profile.get("name") or {}
    return (name.get("preferred") or name.get("legal") or "?").split()[0]


def _fit(draw: ImageDraw.ImageDraw, text: str, max_width: int, start: int) -> ImageFont.FreeTypeFont:
    """The largest bold font, from ``start`` points down, in which ``text`` fits ``max_width``."""
    size = start
    while size > 10:
        font = _font(size)
        if draw.textlength(text, font=font) <= max_width:
            return font
        size -= 2
    return _font(10)


def draw_placeholder(child_id: str, first_name: str) -> Image.Image:
    """A flat, obviously drawn head-and-shoulders picture; never a face."""
    width, height = SIZE
    background = _background(child_id)
    figure = _darker(background, 0.55)

    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)

    # Diagonal stripes make it plain at a glance that this is an illustration.
    stripe = _darker(background, 0.92)
    for x in range(-height, width, 60):
        draw.line([(x, height), (x + height, 0)], fill=stripe, width=18)

    # Shoulders: a rounded block; head: a plain circle. No eyes, mouth or hair.
    cx = width // 2
    draw.rounded_rectangle([cx - 210, 470, cx + 210, 830], radius=150, fill=figure)
    draw.rectangle([cx - 45, 380, cx + 45, 480], fill=figure)  # neck
    draw.ellipse([cx - 115, 170, cx + 115, 420], fill=figure)

    # Top banner with the warning, bottom banner with the name.
    draw.rectangle([0, 0, width, 92], fill=(255, 255, 255))
    warning = _fit(draw, BANNER, width - 40, 38)
    draw.text((cx, 46), BANNER, font=warning, fill=(183, 28, 28), anchor="mm")

    draw.rectangle([0, height - 130, width, height], fill=(255, 255, 255))
    name_font = _fit(draw, first_name, width - 40, 64)
    draw.text((cx, height - 78), first_name, font=name_font, fill=(33, 33, 33), anchor="mm")
    small = _font(20, bold=False)
    draw.text((cx, height - 24), "Illustration for the sample home only", font=small,
              fill=(97, 97, 97), anchor="mm")

    draw.rectangle([0, 0, width - 1, height - 1], outline=(33, 33, 33), width=4)
    return image


def main(home: Path = ROOT) -> int:
    folder = home / "young_people"
    made = 0
    for profile_path in sorted(folder.glob("*/profile.yaml")):
        child_id = profile_path.parent.name
        # BaseLoader keeps every value as text, as mfc-docs itself reads these files.
        profile = yaml.load(profile_path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
        photo = profile.get("photo")
        if not photo or not photo.get("file"):
            print(f"{child_id}: no photo section, skipped")
            continue
        target = profile_path.parent / photo["file"]
        image = draw_placeholder(child_id, _first_name(profile))
        image.save(target, "JPEG", quality=88, optimize=True)
        print(f"{child_id}: drew {target.relative_to(home)}")
        made += 1
    print(f"{made} placeholder photo(s) drawn")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT))
