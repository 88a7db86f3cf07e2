"""Thumbnail: an artefact's photo on its cut label, in the label's right-hand column.

Contract: `draw_thumbnail(canvas, ctx, artefact, column)` draws the artefact's `image` fitted
(never cropped: the object is shown whole) into the top of `column` — the room the label keeps
above its QR code, in mm with PDF's axes — once its resolution there is checked (an error under
150 ppi names `artefact 'id'.image`), converted for that size (CMYK or K only, on the label's
white). A column lower than `MIN_MM` has no room, and the label is drawn without it.
"""

from __future__ import annotations

import io

from ..i18n import _
from . import place
from .pictures import Placement

MIN_MM = 12.0
PT_PER_MM = 72 / 25.4


def draw_thumbnail(canvas, ctx, artefact, column: tuple[float, float, float, float]) -> None:
    from reportlab.lib.utils import ImageReader

    x, y, width, height = column
    pictures = ctx.pictures
    source = pictures.get(artefact.field("image")) if pictures else None
    if source is None or height < MIN_MM or width < MIN_MM:
        return
    drawn_w, drawn_h = place.drawn(source.aspect, width, height, "contain")
    if not pictures.check(source, [Placement(_("the cut label"), (width, height), "contain")],
                          ctx.report):
        return
    ready = pictures.ready(source, [(drawn_w, drawn_h)], ctx.report, (0, 0, 0, 0))
    left, top = x + width - drawn_w, y + height  # against the column's top and right edges
    canvas.drawImage(ImageReader(io.BytesIO(ready.data)), left * PT_PER_MM,
                     (top - drawn_h) * PT_PER_MM, drawn_w * PT_PER_MM, drawn_h * PT_PER_MM)
