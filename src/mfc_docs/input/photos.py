"""Children's photos, made safe to put in a document.

A phone photo carries EXIF metadata: where it was taken (GPS), when, on what
device. None of that may leak into a police pack or a risk assessment, so
every photo is decoded, turned the right way up, reduced to a sensible size
and re-encoded as a plain JPEG with no metadata at all (no EXIF, XMP, ICC
profile or comment).

Only JPEG and PNG are accepted. Anything else (HEIC from an iPhone, WebP from
a messaging app...) is refused with a message that says how to fix it, rather
than guessed at.

Decoded photos are cached by (path, modification time, size), so a build that
puts the same photo in six documents decodes it once.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections import OrderedDict
from datetime import date, datetime
from pathlib import Path

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from . import validation_cache

__all__ = ["PhotoError", "clean_photo", "clean_photo_bytes", "format_of_bytes", "photo_format", "photo_taken_on",
           "turn_photo", "clear_cache", "ACCEPTED_FORMATS"]

ACCEPTED_FORMATS = ("jpeg", "png")

#: Human names for formats we recognise but refuse.
_FORMAT_NAMES = {
    "jpeg": "JPEG",
    "png": "PNG",
    "heif": "HEIF",
    "avif": "AVIF",
    "gif": "GIF",
    "webp": "WebP",
    "bmp": "BMP",
    "tiff": "TIFF",
    "pdf": "PDF",
}

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}

_CACHE_SIZE = 32
_cache: "OrderedDict[tuple, bytes]" = OrderedDict()
_cache_lock = threading.Lock()


class PhotoError(Exception):
    """A photo cannot be used. The message says which file and what to do."""


def photo_format(path: Path) -> str | None:
    """The image format of ``path`` judged by its first bytes, not its name (see ``format_of_bytes``).

    Raises ``OSError`` when the file cannot be read.
    """
    with open(path, "rb") as fh:
        return format_of_bytes(fh.read(32))


def format_of_bytes(head: bytes) -> str | None:
    """The image format judged by the first bytes of a file or an upload, never by a name or a Content-Type.

    Returns ``"jpeg"``, ``"png"``, ``"heif"``, ``"avif"``, ``"gif"``, ``"webp"``, ``"bmp"``,
    ``"tiff"``, ``"pdf"`` or ``None`` when the content is not recognised.
    """
    head = head[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "heif"
        if brand in _AVIF_BRANDS:
            return "avif"
        return None
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"%PDF"):
        return "pdf"
    return None


_THEN_YAML = "then point the YAML at the new file"


def _refusal(name: str, fmt: str | None, then: str = _THEN_YAML) -> PhotoError:
    how = "Open it and export or save it as JPEG"
    if fmt == "heif":
        how += (" (on an iPhone: Settings > Camera > Formats > Most Compatible, and new photos are JPEG; for this "
                "one, open it in Photos on Windows or Preview on a Mac and save or export it as JPEG, or email it "
                "from the iPhone, which sends a JPEG)")
    if fmt is None:
        what = f"{name} is not an image mfc-docs recognises"
    else:
        article = "an" if fmt == "avif" else "a"
        what = f"{name} is {article} {_FORMAT_NAMES[fmt]} image"
    return PhotoError(f"{what}; mfc-docs takes JPEG or PNG. {how}, {then}.")


def _require_accepted_format(path: Path) -> None:
    """JPEG or PNG by the file's first bytes, or a PhotoError saying how to convert it."""
    try:
        fmt = photo_format(path)
    except OSError as exc:
        raise PhotoError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    if fmt not in ACCEPTED_FORMATS:
        raise _refusal(path.name, fmt)


def check_photo(path: Path) -> None:
    """Refuse a photo that cannot be used: the whole photo is decoded, so a file cut short is caught.

    A header check alone passed a JPEG missing its second half, which then stopped the police
    pack at the moment of a report. The cleaned photo is cached, so the documents built
    afterwards do not decode it again.
    """
    clean_photo(Path(path))


def clear_cache() -> None:
    """Forget every cleaned photo (tests use this)."""
    with _cache_lock:
        _cache.clear()


def clean_photo(path: Path, max_px: int = 1200) -> bytes:
    """Return ``path`` as JPEG bytes without any metadata, upright, at most ``max_px`` on its long side.

    Raises ``PhotoError`` (naming the file and saying what to do) when the
    file is missing, unreadable, damaged, or not a JPEG or PNG.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise PhotoError(f"photo {path} does not exist; check the file name in the YAML") from None
    except OSError as exc:
        raise PhotoError(f"photo {path} cannot be read: {exc.strerror or exc}") from None
    from .reading import PHOTO_LIMIT, file_kind

    if not path.is_file():
        raise PhotoError(f"{path.name} is {file_kind(stat.st_mode)}. Write the name of the photo itself "
                         f"(a JPEG or PNG in {path.parent.name}/), for example photo.jpg.")

    if stat.st_size > PHOTO_LIMIT:
        raise PhotoError(f"photo {path} is {stat.st_size // (1024 * 1024)} MB, larger than any phone photo "
                         f"(the limit is {PHOTO_LIMIT // (1024 * 1024)} MB); save a smaller copy and use that")

    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, max_px)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]

    original = _bytes_to_remember(path)  # a report: the same bytes cleaned before are not decoded again
    data = validation_cache.recall_photo(Path(key[0]), original, max_px) if original is not None else None
    if data is None:
        if original is None:
            _require_accepted_format(path)
        elif format_of_bytes(original) not in ACCEPTED_FORMATS:
            raise _refusal(path.name, format_of_bytes(original))
        data = _reencode(path if original is None else io.BytesIO(original), path.name, max_px)
        if original is not None:
            validation_cache.remember_photo(Path(key[0]), original, max_px, data)
    with _cache_lock:
        _cache[key] = data
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def _bytes_to_remember(path: Path) -> bytes | None:
    """The photo's bytes when checks are being remembered (``validation_cache``), read once; else None."""
    if not validation_cache.active():
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None  # said as before, by the checks below


def clean_photo_bytes(data: bytes, name: str, max_px: int = 1200) -> bytes:
    """An uploaded photo made safe exactly as ``clean_photo`` makes a file safe: JPEG, upright, no metadata.

    The format is judged by the bytes (``name`` is only for messages); anything but JPEG or PNG is a
    ``PhotoError`` saying how to convert it and send it again.
    """
    from .reading import PHOTO_LIMIT

    if len(data) > PHOTO_LIMIT:
        raise PhotoError(f"{name} is {len(data) // (1024 * 1024)} MB, larger than any phone photo "
                         f"(the limit is {PHOTO_LIMIT // (1024 * 1024)} MB); send a smaller copy")
    fmt = format_of_bytes(data)
    if fmt not in ACCEPTED_FORMATS:
        raise _refusal(name, fmt, then="then send the new file")
    return _reencode(io.BytesIO(data), name, max_px)


def photo_taken_on(data: bytes) -> date | None:
    """The day the camera says the photo was taken (EXIF DateTimeOriginal, else DateTime), or None.

    Read from the original before its metadata is removed; only a proposal: the person saving the
    photo confirms or corrects it.
    """
    try:
        with Image.open(io.BytesIO(data)) as img:
            exif = img.getexif()
            text = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    except Exception:  # no date is a fine answer for a photo that cannot be read here; cleaning reports it
        return None
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    try:
        return datetime.strptime(str(text).strip()[:10], "%Y:%m:%d").date()
    except ValueError:
        return None


def _reencode(source, name: str, max_px: int) -> bytes:
    """``source`` (a path or a file object) decoded, turned upright, reduced and re-encoded with no metadata."""
    try:
        with warnings.catch_warnings():
            # A photo of 90 to 180 megapixels (some phones take them) is fine: it is scaled down while
            # decoding. Pillow's warning would only print a line meant for programmers.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as img:
                if img.format == "JPEG":
                    # Let the JPEG decoder scale down by a power of two while decoding:
                    # a 12-megapixel phone photo then decodes in a fraction of the time.
                    img.draft("RGB", (max_px, max_px))
                img.load()
                upright = ImageOps.exif_transpose(img)
                rgb = _to_srgb(upright)
    except PhotoError:
        raise
    except Image.DecompressionBombError:
        raise PhotoError(f"photo {name} is far too large to be a photo; use a normal camera photo") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(
            f"{name} is damaged or incomplete and cannot be opened ({exc}); "
            "copy it again from the original"
        ) from None

    rgb.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    return _bare_jpeg(rgb)


def _bare_jpeg(rgb: Image.Image) -> bytes:
    """JPEG bytes of ``rgb`` with nothing but the pixels."""
    # A brand-new image carries no info dict at all: nothing (EXIF, XMP,
    # comment, ICC profile, DPI) can be copied from the original by accident.
    bare = Image.frombytes("RGB", rgb.size, rgb.tobytes())
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=85, optimize=True, exif=b"", icc_profile=None)
    return out.getvalue()


def turn_photo(cleaned: bytes, clockwise: bool) -> bytes:
    """A cleaned photo turned a quarter, for one whose file did not say which way up it was (a scan, an old camera)."""
    with Image.open(io.BytesIO(cleaned)) as img:
        img.load()
        turned = img.convert("RGB").transpose(Image.Transpose.ROTATE_270 if clockwise else Image.Transpose.ROTATE_90)
    return _bare_jpeg(turned)


def _to_srgb(img: Image.Image) -> Image.Image:
    """Convert to plain RGB, honouring an embedded colour profile and flattening transparency on white."""
    icc = img.info.get("icc_profile")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale PNG: scale to 8 bits rather than clip to white.
        img = img.convert("I").point(lambda v: v / 256).convert("L")
    if icc and img.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            from PIL import ImageCms

            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            dst = ImageCms.createProfile("sRGB")
            return ImageCms.profileToProfile(img, src, dst, outputMode="RGB")
        except Exception:  # a broken profile is ignored: the pixels are still usable
            pass
    return img.convert("RGB")
