"""The site's numbers and words (`layouts/web.yaml`), checked like any layout file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...bundled import LayoutFolders
from ...errors import Report
from ...i18n import _
from ...layouts import number, read_layout
from ...mapping import Mapping
from ..words import read_words


@dataclass(frozen=True)
class Font:
    file: str  # in fonts/
    family: str
    weight: int


@dataclass(frozen=True)
class WebSpec:
    photo_width_px: int
    photo_quality: int
    fonts: tuple[Font, ...]
    page_budget_kb: float
    words: dict[str, dict[str, str]]


def read_spec(layouts: LayoutFolders, fonts_dir: Path, report: Report,
              languages: tuple[str, ...]) -> WebSpec | None:
    """None when the file has an error, which is in `report`."""
    spec = read_layout(layouts, "web.yaml", report)
    if spec is None:
        return None
    spec.check_keys(["schema", "photo_width_px", "photo_quality", "fonts", "page_budget_kb", "words"])
    width = spec.integer("photo_width_px", required=True, example="960")
    quality = spec.integer("photo_quality", required=True, example="78")
    if quality is not None and not 30 <= quality <= 95:
        spec.error("photo_quality", _("{quality} is outside 30–95").format(quality=quality),
                   _("78 keeps a photo sharp and small"))
    budget = number(spec, "page_budget_kb")
    fonts = []
    for index, node in spec.sequence("fonts", required=True, example="- {file: Lato-Regular.ttf, …}"):
        entry = Mapping.of(node, spec.file, f"fonts[{index}]", report)
        if entry is None:
            continue
        entry.check_keys(["file", "family", "weight"])
        file = entry.text("file", required=True, example="Lato-Regular.ttf")
        family = entry.text("family", required=True, example="Lato")
        weight = entry.integer("weight", required=True, example="400")
        if file and not (fonts_dir / file).is_file():
            entry.error("file", _("'{file}' is not in {folder}").format(file=file, folder=fonts_dir),
                        _("name a .ttf file of fonts/"))
        elif file and family and weight:
            fonts.append(Font(file, family, weight))
    words = read_words(spec, languages)  # all: the language switch names each in its own
    if not (width and quality and budget and len(words) == len(languages)):
        return None
    return WebSpec(width, quality, tuple(fonts), budget, words)
