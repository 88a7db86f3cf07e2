"""The files the pages load: the kit's fonts cut down to WOFF2, and the objects' photos for phones.

Both are made from the kit's own files, never fetched. Fonts keep only the characters the pages
use (in both languages, and their capitals, which `text-transform` asks for), so a page with its
fonts stays within the layout's budget. Photos are turned upright, converted to sRGB through their
own profile (a CMYK photo through the press profile), narrowed to the layout's width, and saved
without the camera's metadata: no date, no device, no GPS position on a public site.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path


def fingerprint(data: bytes) -> str:
    """A short name part that changes with the file, so a browser never keeps a stale copy."""
    return hashlib.sha256(data).hexdigest()[:10]


# What a browser needs of a text font: kerning, ligatures, contextual forms, local forms, marks.
FEATURES = ("kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk")


def woff2_subset(font: Path, characters: set[str]) -> bytes:
    """HarfBuzz cuts the font (in a millisecond, where fontTools takes half a second to read
    Lato's kerning), fontTools writes it as WOFF2."""
    import logging

    import uharfbuzz
    from fontTools.ttLib import TTFont

    wanted = uharfbuzz.SubsetInput()
    for character in characters:
        wanted.unicode_set.add(ord(character))
    wanted.flags = uharfbuzz.SubsetFlags.NO_HINTING  # screens draw outlines smoothly; hints weigh
    features = wanted.sets(uharfbuzz.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    for tag in FEATURES:
        features.add(int.from_bytes(tag.encode(), "big"))
    cut = uharfbuzz.subset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(font))), wanted)
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # HarfBuzz leaves `created` at 0
    loaded = TTFont(io.BytesIO(cut.blob.data), recalcTimestamp=False)  # same input, same bytes
    loaded.flavor = "woff2"
    out = io.BytesIO()
    loaded.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Photo:
    data: bytes
    width: int
    height: int


def web_photo(source, width: int, quality: int, icc: Path) -> Photo:
    """A phone-sized sRGB JPEG of a checked picture (`images.source.Source`), without metadata."""
    from PIL import Image, ImageCms

    from ...images.colour import output_profile

    image = source.image()
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        ground = Image.new("RGB", image.size, "white")  # transparent parts on white, not black
        ground.paste(image, mask=image.convert("RGBA").getchannel("A"))
        image = ground
    srgb = ImageCms.createProfile("sRGB")
    if image.mode == "CMYK":
        own = ImageCms.ImageCmsProfile(io.BytesIO(source.icc)) if source.icc else \
            output_profile(icc)
        image = ImageCms.profileToProfile(image, own, srgb, outputMode="RGB")
    elif source.icc and image.mode == "RGB":
        try:
            image = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(
                io.BytesIO(source.icc)), srgb, outputMode="RGB")
        except ImageCms.PyCMSError:
            image = image.convert("RGB")  # a broken profile: the pixels as they are
    else:
        image = image.convert("RGB")
    if image.width > width:
        image = image.resize((width, max(1, round(image.height * width / image.width))),
                             Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return Photo(out.getvalue(), image.width, image.height)


def web_logo(source, height: int, icc: Path) -> Photo:
    """A partner's logo for the site: `height` px high (twice the shown height, for sharp
    screens), on a transparent ground where it has one, so it sits on the page's paper. A JPEG
    logo goes through `web_photo`; a PNG with transparency stays a PNG; a drawing (SVG, PDF),
    which no browser may be sent as the press has it (CMYK, `device-cmyk`), is drawn by pdfium
    as a PNG: an SVG laid on a page of its size by WeasyPrint first, in the same sandbox as every
    render."""
    if source.kind == "raster":
        image = source.image()
        if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
            return web_photo(source, max(1, round(height * source.aspect)), 90, icc)
        return _png(image.convert("RGBA"), height)
    if source.kind == "svg":
        pdf, box = _svg_page(source.vector.text.encode(), source.vector.size), None
    else:
        pdf, box = source.vector.data, source.vector.box
    return _drawn(pdf, box, height)


def _svg_page(svg: bytes, size: tuple[float, float]) -> bytes:
    from ...html.engine import import_weasyprint

    import_weasyprint()
    from weasyprint import HTML

    from ...html.sandbox import SandboxFetcher

    address = "file:///expoprint/web-logo.svg"
    width, height = size
    html = (f"<style>@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0 }} img {{ display: "
            f"block; width: {width:.3f}pt; height: {height:.3f}pt }}</style><img src=\"{address}\">")
    fetcher = SandboxFetcher([], {address: (svg, "image/svg+xml")})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def _drawn(pdf: bytes, box: tuple[float, float, float, float] | None, height: int) -> Photo:
    """Page 1 of `pdf` (cut to `box`, in PDF points, when given) `height` px high."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        left, bottom, right, top = box or (0.0, 0.0, page.get_width(), page.get_height())
        scale = height / max(top - bottom, 1e-6)
        crop = (left, bottom, page.get_width() - right, page.get_height() - top)
        image = page.render(scale=scale, crop=crop, fill_color=(255, 255, 255, 0)).to_pil()
    finally:
        document.close()
    return _png(image.convert("RGBA"), height)


def _png(image, height: int) -> Photo:
    """`image` `height` px high, as a PNG that keeps its transparency."""
    from PIL import Image

    if image.height != height:
        image = image.resize((max(1, round(image.width * height / image.height)), height),
                             Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return Photo(out.getvalue(), image.width, image.height)
