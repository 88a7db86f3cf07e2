"""What the products read on screens share: their files, their colours, the order of the visit.

Screen files (web pages, fonts, photos, social images) are `Output`s like the press PDFs, so the
writer puts them in place with the rest, all or nothing; they have no trim, no bleed and no pages.
Their colours are the palette's CMYK converted through the output profile (`colours.to_srgb`): the
site, the screen PDF and the social images show the colours the printer will print.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..content import Artefact
from ..outputs import TYPE_OF_SUFFIX
from .base import Output


def screen_file(path: str, product: str, variant: str, data: bytes) -> Output:
    """A file read on screen, its type told by its name (a page, a font, a picture, a PDF)."""
    return Output.file(path, product, variant, data, "screen", TYPE_OF_SUFFIX[Path(path).suffix])


def srgb_palette(palette: dict[str, tuple[float, float, float, float]], icc: Path) -> dict[str, str]:
    """Each role as a CSS colour (`#1b2f5c`), through the press profile."""
    from ..colours import to_srgb

    return {role: "#{:02x}{:02x}{:02x}".format(*to_srgb(cmyk, icc)) for role, cmyk in palette.items()}


def _natural(text: str | None) -> tuple:
    """"Salle 2" before "Salle 10": numbers compare as numbers, words without case."""
    if text is None:
        return (1,)  # no room or position given: after those that have one
    return (0, *((int(part), "") if part.isdigit() else (0, part.casefold())
                 for part in re.split(r"(\d+)", text.strip()) if part))


def visit_order(artefacts: tuple[Artefact, ...] | list[Artefact]) -> list[Artefact]:
    """The order a visitor meets the objects: by room, then position in the room ("vitrine 2"
    before "vitrine 10"), then as the file lists them. Objects placed nowhere come last, in
    the file's order."""
    indexed = list(enumerate(artefacts))
    indexed.sort(key=lambda item: (_natural(item[1].room), _natural(item[1].position), item[0]))
    return [artefact for _, artefact in indexed]
