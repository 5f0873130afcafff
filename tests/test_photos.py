"""Photos: upright, bounded, stripped of every piece of metadata, JPEG/PNG only, decoded once."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from mfc_docs.input import photos
from mfc_docs.input.photos import PhotoError, clean_photo, clear_cache, photo_format

from .render.conftest import make_gps_photo


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


def _open(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def test_gps_and_all_other_metadata_are_removed(tmp_path):
    src = make_gps_photo(tmp_path / "p.jpg")
    assert b"PhoneCo" in src.read_bytes()  # the fixture really has metadata to remove
    data = clean_photo(src)
    img = _open(data)
    assert img.format == "JPEG"
    assert not img.getexif()
    assert not img.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    for key in ("exif", "icc_profile", "xmp", "comment", "photoshop"):
        assert key not in img.info, key
    for marker in (b"Exif\x00\x00", b"PhoneCo", b"taken at the home", b"http://ns.adobe.com/xap"):
        assert marker not in data


def test_orientation_is_applied(tmp_path):
    src = make_gps_photo(tmp_path / "p.jpg", size=(600, 400), orientation=6)
    img = _open(clean_photo(src))
    assert img.size == (400, 600)
    # Orientation 6 = rotate 90° clockwise to view: the stored left half (blue) ends up on top.
    top, bottom = img.getpixel((200, 50)), img.getpixel((200, 550))
    assert top[2] > top[0] and bottom[0] > bottom[2]


def test_size_is_bounded_and_aspect_kept(tmp_path):
    src = tmp_path / "big.png"
    Image.new("RGB", (3000, 1500), (10, 200, 10)).save(src)
    img = _open(clean_photo(src, max_px=1200))
    assert img.size == (1200, 600)
    small = tmp_path / "small.png"
    Image.new("RGB", (300, 200), (10, 200, 10)).save(small)
    assert _open(clean_photo(small)).size == (300, 200)  # never enlarged


def test_png_transparency_becomes_white_not_black(tmp_path):
    src = tmp_path / "alpha.png"
    Image.new("RGBA", (100, 100), (0, 0, 0, 0)).save(src)
    img = _open(clean_photo(src))
    assert img.mode == "RGB"
    assert min(img.getpixel((50, 50))) > 240


def test_sixteen_bit_greyscale_png_keeps_its_tones(tmp_path):
    src = tmp_path / "grey16.png"
    Image.new("I;16", (40, 40), 32768).save(src)
    r, g, b = _open(clean_photo(src)).getpixel((20, 20))
    assert 100 < r < 160 and r == g == b


@pytest.mark.parametrize(
    "name, content, fmt, message",
    [
        ("photo.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heif",
         "photo.heic is a HEIF image; mfc-docs takes JPEG or PNG. Open it and export or save it as JPEG "
         "(on an iPhone: Settings > Camera > Formats > Most Compatible"),
        ("photo.avif", b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "avif", "photo.avif is an AVIF image"),
        ("photo.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp", "photo.webp is a WebP image"),
        ("photo.gif", b"GIF89a\x01\x00\x01\x00", "gif", "photo.gif is a GIF image"),
        ("photo.bmp", b"BM" + b"\x00" * 40, "bmp", "photo.bmp is a BMP image"),
        ("photo.tif", b"II*\x00" + b"\x00" * 20, "tiff", "photo.tif is a TIFF image"),
        ("scan.pdf", b"%PDF-1.7\n", "pdf", "scan.pdf is a PDF image"),
        ("notes.jpg", b"this is not an image at all", None, "notes.jpg is not an image mfc-docs recognises"),
    ],
)
def test_other_formats_are_refused_with_advice(tmp_path, name, content, fmt, message):
    path = tmp_path / name
    path.write_bytes(content + b"\x00" * 64)
    assert photo_format(path) == fmt
    with pytest.raises(PhotoError) as err:
        clean_photo(path)
    assert message in str(err.value)
    assert "JPEG" in str(err.value)


def test_format_is_judged_by_content_not_name(tmp_path):
    png_named_jpg = tmp_path / "really_png.jpg"
    Image.new("RGB", (10, 10)).save(png_named_jpg, "PNG")
    assert photo_format(png_named_jpg) == "png"
    assert _open(clean_photo(png_named_jpg)).format == "JPEG"
    jpg = make_gps_photo(tmp_path / "x.jpeg")
    assert photo_format(jpg) == "jpeg"


def test_missing_and_damaged_files(tmp_path):
    with pytest.raises(PhotoError, match="does not exist"):
        clean_photo(tmp_path / "nope.jpg")
    with pytest.raises(PhotoError, match="is a folder, not a file"):
        clean_photo(tmp_path)
    broken = tmp_path / "broken.jpg"
    good = make_gps_photo(tmp_path / "good.jpg").read_bytes()
    broken.write_bytes(good[:200])
    with pytest.raises(PhotoError, match="broken.jpg is damaged"):
        clean_photo(broken)


def test_same_photo_is_decoded_once(tmp_path, monkeypatch):
    src = make_gps_photo(tmp_path / "p.jpg")
    calls = []
    real = photos._reencode
    monkeypatch.setattr(photos, "_reencode", lambda p, n, m: calls.append(p) or real(p, n, m))
    first = clean_photo(src)
    for _ in range(5):
        assert clean_photo(src) == first
    assert len(calls) == 1
    clean_photo(src, max_px=300)  # a different size is a different result
    assert len(calls) == 2


def test_changed_file_is_decoded_again(tmp_path):
    src = tmp_path / "p.png"
    Image.new("RGB", (50, 50), (255, 0, 0)).save(src)
    red = _open(clean_photo(src)).getpixel((25, 25))
    Image.new("RGB", (60, 50), (0, 0, 255)).save(src)
    st = src.stat()
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    blue = _open(clean_photo(src)).getpixel((25, 25))
    assert red[0] > 200 and blue[2] > 200


def test_accepts_str_paths(tmp_path):
    src = make_gps_photo(tmp_path / "p.jpg")
    assert clean_photo(str(src)) == clean_photo(Path(src))


def test_a_very_large_photo_prints_no_programmer_warning(tmp_path, monkeypatch):
    import warnings

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # so a small test image counts as "very large"
    path = tmp_path / "big.png"
    Image.new("RGB", (40, 30), "white").save(path)  # 1,200 pixels: above the limit, below twice it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert clean_photo(path).startswith(b"\xff\xd8")
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]


# ---------------------------------------------------------------- uploads: the same cleaning, from bytes


def test_an_upload_is_cleaned_by_the_same_code_as_a_file(tmp_path):
    src = make_gps_photo(tmp_path / "p.jpg")
    from_bytes = photos.clean_photo_bytes(src.read_bytes(), "IMG_0001.jpg")
    assert from_bytes == clean_photo(src)  # identical bytes: one cleaning for the documents and the web
    img = _open(from_bytes)
    assert img.size == (400, 600) and not img.getexif()
    assert b"PhoneCo" not in from_bytes and b"Exif" not in from_bytes


@pytest.mark.parametrize("head, fmt", [
    (b"\xff\xd8\xff\xe0", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heif"), (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00", "heif"),
    (b"\x00\x00\x00\x1cftypavif", "avif"), (b"\x00\x00\x00\x18ftypisom", None), (b"<svg", None), (b"", None),
])
def test_an_upload_is_sniffed_from_its_first_bytes(head, fmt):
    assert photos.format_of_bytes(head + b"\x00" * 40) == fmt


def test_an_uploaded_heic_is_refused_with_how_to_convert_it():
    with pytest.raises(PhotoError) as err:
        photos.clean_photo_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, "IMG_1.HEIC")
    message = str(err.value)
    assert message.startswith("IMG_1.HEIC is a HEIF image; mfc-docs takes JPEG or PNG.")
    assert "Settings > Camera > Formats > Most Compatible" in message and message.endswith("then send the new file.")


def test_an_upload_over_the_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr("mfc_docs.input.reading.PHOTO_LIMIT", 1000)
    with pytest.raises(PhotoError, match="larger than any phone photo"):
        photos.clean_photo_bytes(b"\xff\xd8\xff" + b"\x00" * 2000, "big.jpg")


def test_the_date_taken_comes_from_the_exif_original_date(tmp_path):
    src = make_gps_photo(tmp_path / "p.jpg")
    assert photos.photo_taken_on(src.read_bytes()) is None  # no date in it
    with Image.open(src) as img:
        exif = img.getexif()
        exif[ExifTags.Base.DateTime] = "2026:11:02 08:00:00"  # when it was edited
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:10:30 17:45:12"  # when taken
        img.save(src, "JPEG", exif=exif)
    from datetime import date

    assert photos.photo_taken_on(src.read_bytes()) == date(2026, 10, 30)
    assert photos.photo_taken_on(b"not an image") is None
