"""Is a picture's text legible once shown at a phone's width? Measured on the rendered page.

A social image of 1080 px is seen about 390 px wide on a phone: its 26 px type becomes 9 px. Each
character is read back by pdfium (its size, its weight, its fill colour) and its ground taken from
the rendered pixels around it (the most common colour of its box: the sky, the paper, a badge),
then judged by the rules of `layouts/social.yaml` (`legibility`): a floor for the size as shown,
and WCAG 1.4.3's contrast, 4.5:1 for small text and 3:1 for large text (24 px, or 18.66 px bold,
as shown). Characters of one run (same size, colour and ground) are one finding, with a sample.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from dataclasses import dataclass

from ..colours import rgb_contrast

BOLD = 700  # weights from here count as bold for WCAG's large text
# WeasyPrint's font descriptors all say 400: the weight is read from the font's name too.
BOLD_NAMES = ("bold", "heavy", "black")


@dataclass(frozen=True)
class Rules:
    phone_px: float  # the width the picture is seen at
    smallest_px: float  # no text smaller than this, as seen
    large_px: float  # text this large (as seen) is large text
    large_bold_px: float  # or this large, and bold
    small_contrast: float  # the contrast small text needs
    large_contrast: float  # and large text


@dataclass(frozen=True)
class Finding:
    sample: str
    shown_px: float  # its size at the phone's width
    contrast: float
    needs: float  # the contrast its size asks for
    too_small: bool


def findings(pdf: bytes, image, px_per_pt: float, height_px: int, rules: Rules) -> list[Finding]:
    """Every run of text of page 1 (its top `height_px`, as drawn in `image`) that breaks a rule."""
    import pypdfium2
    import pypdfium2.raw as raw

    scale_shown = rules.phone_px / image.width
    runs: dict[tuple, list[str]] = {}
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        top = page.get_height()
        text = page.get_textpage()
        last = None
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            if not char.strip():
                if last is not None and char == " ":
                    runs[last].append(char)  # the sample keeps its spaces
                continue
            left, right, bottom, up = (ctypes.c_double() for _ in range(4))
            raw.FPDFText_GetCharBox(text.raw, index, left, right, bottom, up)
            box = tuple(round(v * px_per_pt) for v in (left.value, (top - up.value),
                                                       right.value, (top - bottom.value)))
            if box[3] > height_px or box[2] <= box[0] or box[3] <= box[1]:
                continue  # below the picture (the room to measure overflows), or empty
            matrix = raw.FS_MATRIX()
            raw.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
            size_px = raw.FPDFText_GetFontSize(text.raw, index) * px_per_pt * abs(
                matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
            raw.FPDFText_GetFillColor(text.raw, index, red, green, blue, alpha)
            colour = (red.value, green.value, blue.value)
            key = (round(size_px * scale_shown, 1), is_bold(text, index), colour,
                   ground(image, box, colour))
            runs.setdefault(key, []).append(char)
            last = key
    finally:
        document.close()
    out = []
    for (shown, bold, colour, back), chars in runs.items():
        large = shown >= rules.large_px or (bold and shown >= rules.large_bold_px)
        needs = rules.large_contrast if large else rules.small_contrast
        ratio = rgb_contrast(colour, back)
        if ratio < needs or shown < rules.smallest_px:
            out.append(Finding("".join(chars).strip()[:40], shown, ratio, needs, shown < rules.smallest_px))
    return out


def is_bold(text, index: int) -> bool:
    """Whether a character is set bold: by its font's weight, or its name (Lato-Heavy)."""
    import pypdfium2.raw as raw

    if raw.FPDFText_GetFontWeight(text.raw, index) >= BOLD:
        return True
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(text.raw, index, name, len(name), ctypes.byref(flags))
    return any(word in name.value.decode("latin-1").lower() for word in BOLD_NAMES)


def ground(image, box: tuple[int, ...], colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """The colour behind a character: the most common one around and inside its box that is not
    its own (anti-aliased edges blend the two, and are rarer than either)."""
    left, top, right, bottom = box
    margin = max(2, (bottom - top) // 4)
    area = image.crop((max(0, left - margin), max(0, top - margin),
                       min(image.width, right + margin), min(image.height, bottom + margin)))
    # Pillow 13 renamed getdata (deprecated); the project accepts Pillow 10 and later.
    pixels = area.get_flattened_data() if hasattr(area, "get_flattened_data") else area.getdata()
    counts = Counter(pixels)
    for found, _ in counts.most_common():
        if rgb_contrast(found, colour) > 1.2:
            return found
    return colour
