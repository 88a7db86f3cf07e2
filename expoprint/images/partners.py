"""Partners: the logo strip a layout prints, from the content's `partners`.

Contract: `plan` lays the partners' logos out in a strip of a given width (`place.logo_strip`) or
reports, against the `partners` key, that they do not fit and how many would; `ready_logos`
checks each raster logo's resolution wherever a strip places it, against that place's floor and
target (a poster's by its viewing distance, like its photo: a logo read from 3 m needs no more
pixels an inch than the picture above it), and converts it once, for the largest place, on the
ground colour under the strip. A layout gets `Logo`s: a box (from the
strip's top-left) and what to draw there — a picture URL, or a PDF logo to overlay. The
organiser's own logo (`logo`) is not one of the partners: `organiser` sizes it for its own
slot, larger, and `ready_organiser` checks and converts it like theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content import Exhibition
from ..errors import Report
from ..i18n import _
from . import place
from .pictures import Pictures, Placement, Ready


@dataclass(frozen=True)
class Logo:
    name: str  # the partner's name: the image's alternative text
    box: place.Box
    ready: Ready


def plan(pictures: Pictures, exhibition: Exhibition, width: float, spec: place.StripSpec,
         scale: float, where: str, shown: str, report: Report) -> place.Strip | None:
    """The partners' strip `width` mm wide, or None (with the problem reported)."""
    sources = [pictures.get(partner.key) for partner in exhibition.partners]
    if not sources or None in sources:
        return None
    aspects = [source.aspect for source in sources if source]
    heading = exhibition.partners_heading is not None
    strip = place.logo_strip(aspects, width, spec, scale, heading)
    if strip is None:
        fitting = max((n for n in range(1, len(aspects))
                       if place.logo_strip(aspects[:n], width, spec, scale, heading)), default=0)
        message = _("{count} logos do not fit {where}: at most {fitting} fit in {rows} row, even "
                    "at {percent:.0f} % of their size") if spec.max_rows <= 1 else \
            _("{count} logos do not fit {where}: at most {fitting} fit in {rows} rows, even at "
              "{percent:.0f} % of their size")
        report.error(shown, exhibition.lines.get("partners"), "partners",
                     message.format(count=len(aspects), where=where, fitting=fitting,
                                    rows=spec.max_rows, percent=spec.min_scale * 100),
                     _("keep the logos the loans and grants require, and thank the others in the "
                       "leaflet's text"))
    return strip


Floors = tuple[float, float]  # ppi: [floor, target] of the place a strip is printed


def ready_logos(pictures: Pictures, exhibition: Exhibition,
                strips: list[tuple[str, place.Strip, Floors]], ground: tuple[float, ...],
                report: Report) -> list[list[Logo]]:
    """For each strip (named for messages, with its resolution floors), its logos ready to
    draw, each converted once."""
    placed: list[list[Logo]] = [[] for _ in strips]
    for index, partner in enumerate(exhibition.partners):
        source = pictures.get(partner.key)
        assert source is not None
        boxes = [(where, strip.boxes[index], floors) for where, strip, floors in strips]
        pictures.check(source, [Placement(where, (box.w, box.h), "contain", floors)
                                for where, box, floors in boxes], report)
        sizes = [(box.w, box.h) for _, box, _ in boxes]
        for number, (_where, box, _floors) in enumerate(boxes):  # each strip asks for the largest size
            placed[number].append(Logo(partner.name, box, pictures.ready(source, sizes, report,
                                                                         ground)))
    return placed


def organiser(pictures: Pictures, exhibition: Exhibition, spec: place.StripSpec,
              scale: float) -> tuple[float, float] | None:
    """The organiser's logo's width and height in its slot, or None without one."""
    source = pictures.get(exhibition.logo.key) if exhibition.logo else None
    if source is None:
        return None
    return place.optical_size(source.aspect, spec.organiser_mm * scale,
                              spec.min_height_mm * scale)


def ready_organiser(pictures: Pictures, exhibition: Exhibition,
                    boxes: list[tuple[str, place.Box, Floors]], ground: tuple[float, ...],
                    report: Report) -> list[Logo]:
    """The organiser's logo in each of its `boxes` (named, with their floors), converted once."""
    assert exhibition.logo is not None
    source = pictures.get(exhibition.logo.key)
    assert source is not None
    pictures.check(source, [Placement(where, (box.w, box.h), "contain", floors)
                            for where, box, floors in boxes], report)
    sizes = [(box.w, box.h) for _, box, _ in boxes]
    return [Logo(exhibition.logo.name, box, pictures.ready(source, sizes, report, ground))
            for _, box, _ in boxes]
