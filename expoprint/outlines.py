"""Display type as vector outlines: a motif set thousands of points high is drawn as paths.

Some renderers drop glyphs of huge sizes (poppler's pdftoppm draws nothing of a 2,290 pt "1944"),
so the print shop's preview would differ from the printed poster. Paths render the same
everywhere. HarfBuzz shapes the text (kerning, lining figures), fontTools gives the outlines; the
SVG's viewBox is the ink's own bounding box, so a template places the visible shape exactly.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Outline:
    """Text drawn as one path, in font units with y pointing down, cropped to its ink."""

    path: str
    box: tuple[float, float, float, float]  # x, y, width, height of the ink

    @property
    def aspect(self) -> float:
        return self.box[2] / self.box[3] if self.box[3] else 1.0

    def svg(self, fill: str, css_class: str = "", align: str = "xMaxYMin",
            title: str = "") -> Markup:
        """Inline SVG that scales to the box a template gives it, keeping its proportions.
        Hidden from assistive technology, unless a `title` names it: a tagged PDF makes the SVG a
        Figure, whose /Alt WeasyPrint takes from the `<title>` (PDF/UA wants one)."""
        x, y, width, height = self.box
        named = (f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
                 if title else 'aria-hidden="true">')
        return Markup(
            f'<svg class="{escape(css_class)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="{x:.0f} {y:.0f} {width:.0f} {height:.0f}" '
            f'preserveAspectRatio="{escape(align)} meet" {named}<path fill="{escape(fill)}" '
            f'd="{self.path}"/></svg>')


@cache
def _font(path: Path):
    """HarfBuzz's face and fontTools' lazy font, both from the file's bytes: a lazy font opened
    by its path holds the file open, and processes forked after would share its position."""
    import uharfbuzz
    from fontTools.ttLib import TTFont

    data = path.read_bytes()
    return uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(data))), TTFont(io.BytesIO(data), lazy=True)


@cache
def outline(text: str, font_path: Path, tracking_em: float = 0.0,
            features: tuple[str, ...] = ("kern", "lnum")) -> Outline:
    """Shape `text` and return its outline; `tracking_em` adds (or removes) space between letters."""
    import uharfbuzz
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    hb_font, tt_font = _font(font_path)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(hb_font, buffer, dict.fromkeys(features, True))
    glyph_set = tt_font.getGlyphSet()
    order = tt_font.getGlyphOrder()
    tracking = tracking_em * tt_font["head"].unitsPerEm
    svg_pen = SVGPathPen(glyph_set, ntos=lambda v: f"{v:.0f}")
    bounds_pen = BoundsPen(glyph_set)
    x = 0.0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        name = order[info.codepoint]
        # y flipped: SVG's axis points down, the font's up.
        transform = (1, 0, 0, -1, x + position.x_offset, -position.y_offset)
        glyph_set[name].draw(TransformPen(svg_pen, transform))
        glyph_set[name].draw(TransformPen(bounds_pen, transform))
        x += position.x_advance + tracking
    if bounds_pen.bounds is None:  # only spaces: nothing to draw
        return Outline("", (0, 0, 1, 1))
    x0, y0, x1, y1 = bounds_pen.bounds
    return Outline(svg_pen.getCommands(), (x0, y0, x1 - x0, y1 - y0))
