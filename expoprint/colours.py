"""Colours as a reader sees them: an exhibition's own colours, and whether text stays readable.

A `style` in exhibition.yaml replaces roles of the layout palette (primary, accent, paper,
highlight). Contrast is judged the way WCAG does, on the colours the press will print: each CMYK
colour goes through the output intent's profile (LittleCMS, via Pillow's ImageCms) to sRGB, not
through a naive formula that calls a rich navy and a dull grey the same.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .content.model import Exhibition
from .errors import Report
from .i18n import _

CMYK = tuple[float, float, float, float]
# (text role, ground role, the least contrast)
PAIRS = (
    ("primary", "paper", 4.5),
    ("accent", "paper", 3.0),
    ("reversed", "primary", 4.5),
    ("highlight", "primary", 3.0),
)


def too_faint(text: str) -> str:
    """What is wrong when the pair whose text role is `text` reads too faintly: a sentence of its
    own for each pair, with the measured `{ratio}` and the `{least}` needed to fill in."""
    return {
        "primary": _("text in the primary colour on the paper reads at a contrast of "
                     "{ratio:.1f}:1, under the {least:g}:1 text needs"),
        "accent": _("large text in the accent colour on the paper reads at a contrast of "
                    "{ratio:.1f}:1, under the {least:g}:1 text needs"),
        "reversed": _("white text on the primary colour reads at a contrast of {ratio:.1f}:1, "
                      "under the {least:g}:1 text needs"),
        "highlight": _("large text in the highlight colour on the primary colour reads at a "
                       "contrast of {ratio:.1f}:1, under the {least:g}:1 text needs"),
    }[text]


def tint(colour: CMYK) -> CMYK:
    """A lighter shade of a colour, for the motif and the timeline's line."""
    cyan, magenta, yellow, black = colour
    return (round(cyan * 0.9, 3), round(magenta * 0.85, 3), round(yellow * 0.8, 3),
            round(black * 0.5, 3))


def apply_style(palette: dict[str, CMYK], exhibition: Exhibition) -> dict[str, CMYK]:
    """The palette with the exhibition's own colours in place of the layout's."""
    style = dict(exhibition.style)
    if not style:
        return palette
    merged = {**palette, **style}
    if "primary" in style:
        merged["primary_tint"] = tint(style["primary"])
    return merged


@cache
def _transform(icc: Path):
    from PIL import ImageCms

    from .images.colour import output_profile

    return ImageCms.buildTransform(
        output_profile(icc), ImageCms.createProfile("sRGB"), "CMYK", "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@cache
def srgb_profile() -> bytes:
    """LittleCMS's sRGB profile to embed in screen images, with its creation date cleared:
    the same picture must give the same bytes whatever day it is made."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes(12)  # the header's date and time
    return bytes(data)


def to_srgb(colour: CMYK, icc: Path) -> tuple[int, int, int]:
    from PIL import Image, ImageCms

    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in colour))
    return ImageCms.applyTransform(pixel, _transform(icc)).getpixel((0, 0))


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: CMYK, second: CMYK, icc: Path) -> float:
    lighter, darker = sorted((luminance(to_srgb(first, icc)), luminance(to_srgb(second, icc))),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def check_contrast(palette: dict[str, CMYK], exhibition: Exhibition, icc: Path, shown: str,
                   report: Report) -> None:
    """Each pair that involves one of the exhibition's own colours must stay readable."""
    style = dict(exhibition.style)
    for text, ground, least in PAIRS:
        if text not in style and ground not in style:
            continue
        ratio = contrast(palette[text], palette[ground], icc)
        if ratio < least:
            key = text if text in style else ground
            darker = key == text or text == "reversed"
            if key == ground and text != "reversed":
                darker = False
            report.error(shown, exhibition.lines.get("style"), f"style.{key}",
                         too_faint(text).format(ratio=ratio, least=least),
                         (_("make `{key}` darker") if darker else
                          _("make `{key}` lighter")).format(key=key))

