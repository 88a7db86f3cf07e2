"""Fonts as the rules need them: how far each glyph advances, and how heavy the face is.

Contract: `font_info()` turns a font resource of any PDF into a `FontInfo` (or None when the
name is not defined, for the caller to say) without raising; widths are read once per font object
and cached by the caller's dict. `weight()` gives 100–900 from the descriptor's /FontWeight, else
the style in the font's name (Light, Bold, Black…), else /ForceBold and /StemV; None when
nothing tells, which the rules read as regular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..i18n import _
from .objects import text

MAX_WIDTHS = 65_536
MAX_ADVANCE_BYTES = 10_000  # longer strings advance by their average width
STYLES = [("hairline", 100), ("extrathin", 100), ("thin", 100), ("extralight", 200),
          ("ultralight", 200), ("semilight", 300), ("light", 300), ("book", 400),
          ("regular", 400), ("normal", 400), ("roman", 400), ("medium", 500), ("semibold", 600),
          ("demibold", 600), ("demi", 600), ("extrabold", 800), ("ultrabold", 800),
          ("extrablack", 950), ("ultrablack", 950), ("bold", 700), ("heavy", 800),
          ("black", 900)]
SUBSET = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True)
class FontInfo:
    name: str
    weight: int | None
    two_byte: bool = False  # Type0: two-byte codes (Identity-H and the usual CMaps)
    first: int = 0
    widths: tuple[float, ...] = ()
    cid_widths: dict[int, float] = field(default_factory=dict, hash=False, compare=False)
    default_width: float = 500.0
    type3_scale: float = 1.0  # a Type3 font's glyph space, as a factor on its size
    width_scale: float = 0.001  # glyph units to text space

    def advance(self, codes: bytes, size: float, char_spacing: float, word_spacing: float) -> float:
        """Horizontal displacement of a string, in unscaled text space."""
        if self.two_byte:
            count = len(codes) // 2
            sample = codes[: 2 * MAX_ADVANCE_BYTES]
            total = sum(self.cid_widths.get(sample[i] << 8 | sample[i + 1], self.default_width)
                        for i in range(0, len(sample) - 1, 2))
            measured = len(sample) // 2
            spaces = 0
        else:
            count = len(codes)
            sample = codes[:MAX_ADVANCE_BYTES]
            widths, first, default = self.widths, self.first, self.default_width
            total = sum(widths[c - first] if 0 <= c - first < len(widths) else default
                        for c in sample)
            measured = len(sample)
            spaces = codes.count(32)
        if measured and count > measured:
            total *= count / measured
        return total * self.width_scale * size + char_spacing * count + word_spacing * spaces


def numbers(array, limit: int) -> list[float]:
    import pikepdf

    if not isinstance(array, pikepdf.Array):
        return []
    out = []
    for value in list(array)[:limit]:
        try:
            out.append(float(value))
        except (TypeError, ValueError):
            out.append(0.0)
    return out


def cid_widths(w) -> dict[int, float]:
    """A CIDFont's /W: `c [w1 w2 …]` and `c_first c_last w` groups."""
    import pikepdf

    out: dict[int, float] = {}
    items = list(w)[:MAX_WIDTHS] if isinstance(w, pikepdf.Array) else []
    i = 0
    while i + 1 < len(items) and len(out) < MAX_WIDTHS:
        try:
            first = int(items[i])
            if isinstance(items[i + 1], pikepdf.Array):
                for offset, width in enumerate(numbers(items[i + 1], MAX_WIDTHS)):
                    out[first + offset] = width
                i += 2
            elif i + 2 < len(items):
                last, width = int(items[i + 1]), float(items[i + 2])
                for code in range(first, min(last, first + MAX_WIDTHS - len(out)) + 1):
                    out[code] = width
                i += 3
            else:
                break
        except (TypeError, ValueError):
            break
    return out


def weight(name: str, descriptor) -> int | None:
    import pikepdf

    descriptor = descriptor if isinstance(descriptor, pikepdf.Dictionary) else {}
    declared = descriptor.get("/FontWeight")
    try:
        if declared is not None and 100 <= float(declared) <= 1000:
            return int(float(declared))
    except (TypeError, ValueError):
        pass
    base = SUBSET.sub("", name).lower()
    style = re.split(r"[-,]", base, maxsplit=1)[1] if re.search(r"[-,]", base) else base
    style = style.replace(" ", "").replace("_", "")
    for word, value in STYLES:
        if word in style and (style != base or base.endswith(word)):
            return value
    flags = descriptor.get("/Flags")
    if isinstance(flags, int) and flags & (1 << 18):
        return 700
    stem = descriptor.get("/StemV")
    try:
        stem = float(stem) if stem is not None else None
    except (TypeError, ValueError):
        stem = None
    if stem is not None and stem <= 50:
        return 300
    if stem is not None and stem >= 140:
        return 700
    return None


def font_info(resources, name: str, cache: dict) -> FontInfo | None:
    import pikepdf

    fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
    font = fonts.get(name) if isinstance(fonts, pikepdf.Dictionary) else None
    if not isinstance(font, pikepdf.Dictionary):
        return None
    key = font.objgen
    if key != (0, 0) and key in cache:
        return cache[key]
    info = read_font(font)
    if key != (0, 0):
        cache[key] = info
    return info


def read_font(font) -> FontInfo:
    import pikepdf

    name = SUBSET.sub("", text(font.get("/BaseFont", "")).lstrip("/"))[:60] or _("(unnamed)")
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        cid = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
        cid = cid if isinstance(cid, pikepdf.Dictionary) else pikepdf.Dictionary()
        try:
            default = float(cid.get("/DW", 1000))
        except (TypeError, ValueError):
            default = 1000.0
        return FontInfo(name, weight(name, cid.get("/FontDescriptor")), two_byte=True,
                        cid_widths=cid_widths(cid.get("/W")), default_width=default)
    descriptor = font.get("/FontDescriptor")
    first = font.get("/FirstChar", 0)
    first = first if isinstance(first, int) else 0
    widths = tuple(numbers(font.get("/Widths"), 256))
    missing = descriptor.get("/MissingWidth") if isinstance(descriptor, pikepdf.Dictionary) else None
    try:
        default = float(missing) if missing is not None else (sum(widths) / len(widths)
                                                              if widths else 500.0)
    except (TypeError, ValueError):
        default = 500.0
    if subtype == "/Type3":
        matrix = numbers(font.get("/FontMatrix"), 6)
        box = numbers(font.get("/FontBBox"), 4)
        scale_x = abs(matrix[0]) if len(matrix) == 6 else 0.001
        scale_y = abs(matrix[3]) if len(matrix) == 6 else 0.001
        scale = scale_y * 1000  # glyphs drawn on the usual 1000-unit em
        if not 0.02 <= scale <= 50 and len(box) == 4 and box[3] != box[1]:
            scale = scale_y * abs(box[3] - box[1])  # an em of its own: judge by the glyph box
        return FontInfo(name, weight(name, descriptor), first=first, widths=widths,
                        default_width=default, type3_scale=scale, width_scale=scale_x)
    return FontInfo(name, weight(name, descriptor), first=first, widths=widths,
                    default_width=default)
