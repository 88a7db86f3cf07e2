"""Place: where a picture or a logo goes, how large, and how sharp it prints there.

Contract: pure geometry in millimetres, from the numbers of `layouts/*.yaml` and a picture's
proportions; no file is read here, so the products, the resolution check and the tests compute
the same boxes. Boxes are measured from the top-left corner of the page as laid out (trim plus
bleed), like the templates' CSS.
- `drawn`: the size the whole picture is drawn at in a box (`cover` fills the box and is
  clipped, `contain` fits inside it): its effective resolution is its pixels over that size.
- `poster_picture`: how the poster composes around its picture. A picture at least as wide as
  `landscape_from` runs across the top to the bleed, its height following its proportions
  within `top_height`, and the title sits on a solid band of the primary colour under it. A
  portrait or tall picture stands beside a title column, from the top and right bleed down to
  the upper part's end (`beside_height`): the column is as wide as the title's longest word
  needs at `beside_title` of its size, the picture takes the rest within `beside_width`, so the
  title keeps its size instead of being squeezed. When even the narrowest picture leaves the
  word less than `beside_floor` of its size, the picture runs across the top instead, cropped
  around its focus, with the title on the band. Text is never set on the picture; the credit
  runs small along its lower edge.
- `logo_strip`: partners' logos at equal optical weight: equal area, not equal width (a logo's
  height goes as the inverse square root of its proportions, so a wide word-mark and a square
  emblem look the same size), never lower than `min_height_mm`,
  in their order, in as few rows as the width allows, the rows balanced and evenly spaced;
  smaller (down to `min_scale`) before one more row than `max_rows` is asked; None if even so
  they do not fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations, pairwise

MM_PER_INCH = 25.4
PPI_GOOD, PPI_FLOOR = 300, 150


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)


def drawn(aspect: float, width: float, height: float, fit: str = "cover") -> tuple[float, float]:
    """The size (mm) the whole picture is drawn at in a `width` × `height` box."""
    wider = aspect > width / height
    if (fit == "cover") == wider:
        return height * aspect, height
    return width, width / aspect


def ppi(pixels: tuple[int, int], size_mm: tuple[float, float]) -> float:
    """Effective resolution of a picture of `pixels` drawn `size_mm` large (the lesser axis)."""
    return min(pixels[0] / (size_mm[0] / MM_PER_INCH), pixels[1] / (size_mm[1] / MM_PER_INCH))


def pixels_for(size_mm: tuple[float, float], resolution: float = PPI_GOOD) -> tuple[int, int]:
    """The pixels a picture drawn `size_mm` large needs for `resolution`, rounded up on each
    axis so that no axis falls a fraction under it."""
    return tuple(math.ceil(v / MM_PER_INCH * resolution - 1e-6) for v in size_mm)  # type: ignore


def largest_print_cm(pixels: tuple[int, int], resolution: float = PPI_FLOOR) -> tuple[int, int]:
    return tuple(int(v / resolution * MM_PER_INCH / 10) for v in pixels)  # type: ignore


# --- the poster ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PictureSpec:
    """`picture:` of poster.yaml, as shares of the trim."""

    landscape_from: float = 0.9
    top_height: tuple[float, float] = (0.28, 0.40)
    band_height: float = 0.2
    band_most: float = 0.3
    band_title: float = 0.8
    beside_width: tuple[float, float] = (0.40, 0.58)
    beside_height: float = 0.45
    beside_floor: float = 0.65
    beside_title: float = 1.2


@dataclass(frozen=True)
class PosterPicture:
    mode: str  # "top": across the top, title on a band under it; "beside": beside the title
    photo: Box
    split: float  # where the upper (primary) part ends, from the trim's top
    title: Box  # the title frame
    credit: Box  # the credit line's box; its text is set flush right
    credit_on_dark: bool  # on the primary colour (reversed type) or on the paper


def poster_picture(trim: tuple[float, float], bleed: float, margin: float, scale: float,
                   aspect: float, spec: PictureSpec, word_mm: float = 0.0,
                   band_mm: float = 0.0) -> PosterPicture:
    """The poster's composition around a picture of `aspect`, for a title whose longest word is
    `word_mm` wide at the title's full size on this format, and whose block needs a band of
    `band_mm` across the top (the band grows from `band_height` up to `band_most` for it, the
    picture giving up that height)."""
    width, height = trim
    b, m = bleed, margin
    gutter = 10 * scale
    low, high = spec.beside_width
    photo_w = min(max(width - m - gutter - word_mm * spec.beside_title, low * width),
                  high * width)
    column = width - photo_w - m - gutter
    if aspect < spec.landscape_from and (not word_mm or column / word_mm >= spec.beside_floor):
        split = spec.beside_height * height
        return PosterPicture(
            "beside", Box(b + width - photo_w, 0, photo_w + b, b + split), split,
            Box(b + m, b + m, column, split - m - 9 * scale),
            Box(b + width - photo_w, b + split + 5.2 * scale, photo_w - m, 5 * scale), False)
    low, high = spec.top_height
    band = min(max(spec.band_height * height, band_mm), spec.band_most * height)
    # A taller band takes its room from the picture (down to its least), not from the facts.
    photo_h = min(max(width / aspect, low * height), high * height,
                  max(low * height, (high + spec.band_height) * height - band))
    split = photo_h + band
    top = b + photo_h + 10 * scale  # under the credit line
    return PosterPicture(
        "top", Box(0, 0, width + 2 * b, b + photo_h), split,
        Box(b + m, top, width - 2 * m, b + split - 9 * scale - top),
        Box(b + m, b + photo_h + 2.5 * scale, width - 2 * m, 6 * scale), True)


# --- the leaflet's cover -------------------------------------------------------------------------

@dataclass(frozen=True)
class CoverPicture:
    photo: Box
    credit: Box
    cut: float  # how much of the cover panel's text box the picture takes, from its top


def leaflet_cover(panel_x: float, panel_w: float, page_h: float, bleed: float, overrun: float,
                  margin: float, clearance: float, aspect: float,
                  height_share: tuple[float, float]) -> CoverPicture:
    """The cover panel's picture: from the top and right bleed, past the fold by the same
    `overrun` as the panel's colour, its height following its proportions within
    `height_share` of the page; the text box starts under it and its credit line."""
    low, high = height_share
    photo_h = min(max(panel_w / aspect, low * page_h), high * page_h)
    return CoverPicture(
        Box(bleed + panel_x - overrun, 0, panel_w + bleed + overrun, bleed + photo_h),
        Box(bleed + panel_x + clearance, bleed + photo_h + 2.5, panel_w - clearance - margin, 5),
        photo_h + 9 - margin)


# --- logo strips --------------------------------------------------------------------------------

@dataclass(frozen=True)
class StripSpec:
    """`partners:` of poster.yaml and leaflet.yaml: the logos' optical height and spacing at
    the reference size, the most rows, how far they may shrink to fit them."""

    logo_height_mm: float = 12
    gap_mm: float = 9
    row_gap_mm: float = 5
    heading_mm: float = 3.2
    max_rows: int = 2
    min_scale: float = 0.75
    min_height_mm: float = 5.0  # no logo lower than this, however wide: its name must read
    organiser_mm: float = 18.0  # the organiser's own logo's optical height, in its own slot


@dataclass(frozen=True)
class Strip:
    boxes: tuple[Box, ...]  # one per logo, in the given order, from the strip's top-left
    height: float  # heading included
    rows: int
    scale: float  # of the optical height: 1 unless the logos had to shrink
    heading: float  # the heading's type size (mm), 0 without a heading


def optical_size(aspect: float, base: float, least: float = 0.0) -> tuple[float, float]:
    """A logo's width and height at the common optical height `base`: the area of a `base`
    square, a tall mark no higher than 1.3 `base`, none lower than `least` (nor 0.3 `base`)."""
    aspect = min(max(aspect, 0.1), 12.0)
    height = min(base / math.sqrt(aspect), 1.3 * base)
    height = max(height, 0.3 * base, least)
    return height * aspect, height


def logo_strip(aspects: list[float], width: float, spec: StripSpec, scale: float,
               heading: bool) -> Strip | None:
    """The partners' logos laid out in `width` mm, or None when they cannot fit."""
    if not aspects:
        return None
    steps = max(1, round((1 - spec.min_scale) / 0.05))
    for step in range(steps + 1):
        shrink = 1 - (1 - spec.min_scale) * step / steps
        sizes = [optical_size(a, spec.logo_height_mm * scale * shrink,
                              spec.min_height_mm * scale) for a in aspects]
        gap = spec.gap_mm * scale * shrink
        for rows in range(1, min(spec.max_rows, len(aspects)) + 1):
            split = balanced_rows([w for w, _ in sizes], gap, rows)
            if max(row_width(sizes[a:b], gap) for a, b in split) <= width + 1e-6:
                return arrange(sizes, split, width, gap, spec, scale, heading, shrink)
    return None


def row_width(sizes: list[tuple[float, float]], gap: float) -> float:
    return sum(w for w, _ in sizes) + gap * (len(sizes) - 1)


def balanced_rows(widths: list[float], gap: float, rows: int) -> list[tuple[int, int]]:
    """Cut the sequence into `rows` runs whose widest run is as narrow as can be."""
    n = len(widths)
    best, best_cut = math.inf, [(0, n)]
    for cuts in combinations(range(1, n), rows - 1):
        bounds = [0, *cuts, n]
        spans = list(pairwise(bounds))
        widest = max(sum(widths[a:b]) + gap * (b - a - 1) for a, b in spans)
        if widest < best - 1e-9:
            best, best_cut = widest, spans
    return best_cut


def arrange(sizes, split, width, gap, spec: StripSpec, scale: float, heading: bool,
            shrink: float) -> Strip:
    heading_size = spec.heading_mm * scale if heading else 0.0
    y = heading_size * 1.25 + 2.5 * scale if heading else 0.0
    boxes: list[Box] = []
    for number, (start, end) in enumerate(split):
        row = sizes[start:end]
        spare = width - row_width(row, gap)
        spacing = gap + min(spare / (len(row) + 1), 1.5 * gap)  # evenly, never scattered
        used = sum(w for w, _ in row) + spacing * (len(row) - 1)
        x = (width - used) / 2
        tallest = max(h for _, h in row)
        for w, h in row:
            boxes.append(Box(x, y + (tallest - h) / 2, w, h))
            x += w + spacing
        y += tallest + (spec.row_gap_mm * scale * shrink if number < len(split) - 1 else 0)
    return Strip(tuple(boxes), y, len(split), round(shrink, 3), heading_size)


# --- the layouts' numbers -----------------------------------------------------------------------

def read_picture_spec(m) -> PictureSpec:
    """`picture:` of poster.yaml (a `layouts.Mapping`); the defaults above when absent."""
    from ..i18n import _
    from ..layouts import number, pair

    p = m.mapping("picture")
    if p is None:
        return PictureSpec()
    p.check_keys(["landscape_from", "top_height", "band_height", "band_most", "band_title",
                  "beside_width", "beside_height", "beside_floor", "beside_title"])
    shares = _("[least, most] shares of the trim, e.g. [0.28, 0.4]")
    default = PictureSpec()
    return PictureSpec(
        number(p, "landscape_from", default=default.landscape_from) or default.landscape_from,
        pair(p, "top_height", required=False, what=shares) or default.top_height,
        number(p, "band_height", default=default.band_height) or default.band_height,
        number(p, "band_most", default=default.band_most) or default.band_most,
        number(p, "band_title", default=default.band_title) or default.band_title,
        pair(p, "beside_width", required=False, what=shares) or default.beside_width,
        number(p, "beside_height", default=default.beside_height) or default.beside_height,
        number(p, "beside_floor", default=default.beside_floor) or default.beside_floor,
        number(p, "beside_title", default=default.beside_title) or default.beside_title)


def read_strip_spec(m) -> StripSpec:
    """`partners:` of a layout file: the logo strip's numbers at the reference size."""
    from ..i18n import _
    from ..layouts import number

    s = m.mapping("partners")
    default = StripSpec()
    if s is None:
        return default
    s.check_keys(["logo_height_mm", "gap_mm", "row_gap_mm", "heading_mm", "max_rows", "min_scale",
                  "min_height_mm", "organiser_mm"])
    min_scale = number(s, "min_scale", default=default.min_scale) or default.min_scale
    if min_scale > 1:
        s.error("min_scale", _("{value:g} is more than 1").format(value=min_scale),
                _("logos may shrink, e.g. 0.75"))
    return StripSpec(
        number(s, "logo_height_mm", default=default.logo_height_mm) or default.logo_height_mm,
        number(s, "gap_mm", default=default.gap_mm) or default.gap_mm,
        number(s, "row_gap_mm", default=default.row_gap_mm) or default.row_gap_mm,
        number(s, "heading_mm", default=default.heading_mm) or default.heading_mm,
        s.integer("max_rows") or default.max_rows, min(min_scale, 1.0),
        number(s, "min_height_mm", default=default.min_height_mm) or default.min_height_mm,
        number(s, "organiser_mm", default=default.organiser_mm) or default.organiser_mm)
