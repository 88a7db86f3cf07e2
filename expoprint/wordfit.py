"""How large a title may be set before its longest word runs out of its column.

A title is never hyphenated while a legible size holds its longest word on one line, so its type
size is bounded by that word's width, measured with the font HarfBuzz shapes it with (kerning
included): the layouts cap the title's scale at `fitting(...).scale`, and stepping it down further is left to
the render's fit loop (for height). A word that would need type under the layout's floor is
hyphenated by the language's patterns at the floor instead (`Cap.hyphenate`), never refused. A
word joined by a hyphen (« Saint-Ferjeux », « Franche-Comté ») counts as one: a line never
breaks at its own hyphen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .outlines import _font, outline

WORD = re.compile(r"[^ \t\r\n]+")  # no-break spaces join words
# Shaping leaves out what a line box adds: a hair of side bearing and rounding.
SLACK = 1.03


def widest_word_em(text: str, font_path: Path, tracking_em: float = 0.0) -> float:
    """The width of `text`'s widest word (no-break spaces join words), in ems of the font."""
    units = _font(font_path)[1]["head"].unitsPerEm
    return max((outline(word, font_path, tracking_em).box[2] / units * SLACK
                for word in WORD.findall(text)), default=0.0)


@dataclass(frozen=True)
class Cap:
    scale: float  # the most the layout's title size may be scaled by
    hyphenate: bool  # the widest word does not fit at the floor: hyphenate it there


def fitting(widest_mm: float, width_mm: float, floor: float) -> Cap:
    """The scale at which a title whose widest word is `widest_mm` wide at scale 1 holds that
    word on a line `width_mm` long, never under `floor`."""
    if widest_mm <= 0:
        return Cap(1.0, False)
    fits = width_mm / widest_mm
    return Cap(round(max(fits, floor), 3), fits < floor)


def advance_em(text: str, font_path: Path, features: tuple[str, ...] = ("kern", "liga")) -> float:
    """How far `text` moves the pen, in ems (spaces included, which an ink box leaves out)."""
    import uharfbuzz

    hb_font, tt_font = _font(font_path)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(hb_font, buffer, dict.fromkeys(features, True))
    return sum(p.x_advance for p in buffer.glyph_positions) / tt_font["head"].unitsPerEm


def line_count(text: str, font_path: Path, size_mm: float, width_mm: float) -> int:
    """The lines `text` takes set `size_mm` large in `width_mm`, broken greedily at spaces (as
    a browser does, no-break spaces joining words): to size a frame before it is rendered."""
    words = WORD.findall(text)
    if not words:
        return 0
    space = advance_em(" ", font_path) * size_mm
    lines, used = 1, 0.0
    for word in words:
        width = advance_em(word, font_path) * size_mm * SLACK
        if used and used + space + width > width_mm:
            lines, used = lines + 1, width
        else:
            used += (space if used else 0.0) + width
    return lines
