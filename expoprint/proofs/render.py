"""Page images: every page of a PDF rendered with PDFium, as a person will see it.

Contract: for each page, a large PNG (at most `LARGE_PX` on the long side and `MAX_DPI`, so a
120×176 cm poster stays a few hundred kB), a thumbnail (`THUMB_PX` on the long side) and a
fingerprint of the rendered pixels. Press pages are cut at the TrimBox (what the reader holds after
the guillotine) and show each fold as a thin dashed line; office and screen pages are shown whole.

The fingerprint is a sha256 of the rendered bitmap before any fold line is drawn: it changes when
what the page shows changes, and not when only the file's bytes do (a font subset that grew for
another page, a new document id). The same PDFium gives the same pixels for the same page.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from ..products.base import Output

LARGE_PX = 2000
MAX_DPI = 300
THUMB_PX = 300
FOLD_RGB = (214, 0, 110)  # magenta: seen on any paper colour, never mistaken for the design
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class PageImage:
    number: int  # from 1
    large: bytes
    thumb: bytes
    large_px: tuple[int, int]
    thumb_px: tuple[int, int]
    fingerprint: str


def render_pages(output: Output) -> list[PageImage]:
    import pypdfium2

    document = pypdfium2.PdfDocument(output.data)
    try:
        return [render_page(document[index], index, output) for index in range(len(document))]
    finally:
        document.close()


def render_page(page, index: int, output: Output) -> PageImage:
    from PIL import Image

    left, bottom, right, top = page.get_cropbox()
    crop = (0.0, 0.0, 0.0, 0.0)
    if output.press:
        t_left, t_bottom, t_right, t_top = page.get_trimbox()
        crop = (max(t_left - left, 0), max(t_bottom - bottom, 0), max(right - t_right, 0),
                max(top - t_top, 0))
    width_pt = right - left - crop[0] - crop[2]
    height_pt = top - bottom - crop[1] - crop[3]
    scale = min(LARGE_PX / max(width_pt, height_pt), MAX_DPI / 72)
    image = page.render(scale=scale, crop=crop, may_draw_forms=False).to_pil().convert("RGB")
    fingerprint = hashlib.sha256(f"{image.width}x{image.height}\0".encode() + image.tobytes()).hexdigest()
    thumb_scale = THUMB_PX / max(image.size)
    thumb = image.resize((max(1, round(image.width * thumb_scale)),
                          max(1, round(image.height * thumb_scale))), Image.Resampling.LANCZOS)
    folds = output.folds_mm[index] if index < len(output.folds_mm) else ()
    for picture in (image, thumb):
        px_per_mm = picture.width / (width_pt * MM_PER_PT)
        for fold in folds:
            draw_fold(picture, round(fold * px_per_mm))
    return PageImage(index + 1, png(image), png(thumb), image.size, thumb.size, fingerprint)


def draw_fold(picture, x: int) -> None:
    """A thin dashed vertical line: a fold, not a cut, and thin enough to see the text under it."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(picture)
    dash, gap = max(4, picture.height // 150), max(3, picture.height // 250)
    for y in range(0, picture.height, dash + gap):
        draw.line([(x, y), (x, min(y + dash, picture.height - 1))], fill=FOLD_RGB, width=1)


def png(picture) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=6)  # no timestamps or text chunks: same pixels, same bytes
    return out.getvalue()
