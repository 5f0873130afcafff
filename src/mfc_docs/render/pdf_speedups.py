"""reportlab, made faster where mfc-docs' documents spend their time, with the same output.

Each speed-up is measured in ``make bench``; none changes a byte of the PDF.
"""

from __future__ import annotations

import hashlib
import io

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, Paragraph

# Binary (compressed) streams: ASCII85 text encoding only makes files bigger and slower to write.
rl_config.useA85 = 0

_FRAGMENTS: dict[tuple, list] = {}


class OnceWrappedParagraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    reportlab wraps a table cell's paragraph two or three times at the same width (to
    size the row, to try a split, to draw it); the lines depend only on the width.
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth, availHeight):
        if self._wrapped_width == availWidth and "blPara" in self.__dict__:  # reportlab may drop it
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return result


def cached_paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph, reusing the parse of the same text in the same style.

    Labels, headers and a child's facts recur across documents; reportlab parses each
    paragraph's text with an HTML parser, which was an eighth of a document's time.
    Each paragraph gets its own copies of the fragments, so none is shared.
    """
    key = (markup, style.name, style.fontName, style.fontSize, style.leading, repr(style.textColor))
    cached = _FRAGMENTS.get(key)
    if cached is None:
        paragraph = OnceWrappedParagraph(markup, style)
        if len(_FRAGMENTS) < 50_000:
            _FRAGMENTS[key] = [fragment.clone() for fragment in paragraph.frags]
        return paragraph
    return OnceWrappedParagraph(markup, style, frags=[fragment.clone() for fragment in cached])


class JpegReader(ImageReader):
    """A cleaned photo (always a JPEG), drawn without decoding its pixels.

    reportlab embeds a JPEG's bytes as they are, but first names the image by hashing
    its decoded pixels, which took 5 ms a photo, as long as the rest of a response card.
    Here the name comes from the JPEG's own bytes: the same photo, the same name.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        if getattr(self._image, "format", None) != "JPEG":
            raise ValueError("only a JPEG can be drawn without decoding")
        self._dataA = None  # no transparency in a JPEG
        self._signature = b"jpeg:" + hashlib.sha256(data).digest()

    def getRGBData(self) -> bytes:  # only read for the image's name: a JPEG is embedded as it is
        return self._signature


class PhotoFlowable(Image):
    """A photo flowable drawn through :class:`JpegReader`."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._reader = JpegReader(data)

    def draw(self) -> None:
        self.canv.drawImage(self._reader, getattr(self, "_offs_x", 0), getattr(self, "_offs_y", 0),
                            self.drawWidth, self.drawHeight, mask=self._mask)

