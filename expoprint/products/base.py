"""What every product receives and returns: the whole contract between the pipeline and a product.

A product module has a `NAME`, a `needs(content)` that says why it cannot be built from this
content (or None), and a `build(context)` that returns finished files in memory. It writes
nothing: the pipeline checks every output first and writes them all, or none.

Two optional names let the pipeline share the work and skip what has not changed:
- `parts(context)`: independent pieces (the poster's formats, the leaflet's languages) that can
  be built in separate processes; `build` then makes only `context.part` when it is set.
- `IGNORES`: the content files (by stem) the product never reads, so that changing an artefact
  rebuilds the labels and not the posters. Everything else of the content folder is its input.
- `AFTER`: the products whose files this one offers too (the web site offers the screen
  leaflet): its parts start once theirs are made, and find their files in `context.earlier`,
  so nothing is rendered twice. A build without those products leaves `earlier` empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..bundled import LayoutFolders
from ..content import Content
from ..errors import Report
from ..images import Pictures
from ..press import PressProfile

USES = ("press", "office", "screen")
PDF = "application/pdf"
MEDIA_TYPES = (PDF, "image/png", "image/jpeg", "text/html", "text/css", "text/csv", "font/woff2")
# A file's type by its name, for the files that are not printed layouts.
TYPE_OF_SUFFIX = {".pdf": PDF, ".png": "image/png", ".jpg": "image/jpeg", ".html": "text/html",
                  ".css": "text/css", ".csv": "text/csv", ".woff2": "font/woff2"}


@dataclass(frozen=True)
class Output:
    """One finished file, with the facts the manifest, the preflight and the proofs need.

    Mostly PDFs: a PDF has a trim size, a bleed and pages. Other files (page images, the proofs'
    contact sheet, a spreadsheet) are made with `Output.file` and say what they are by
    `media_type`; the preflight reads PDFs only."""

    path: str  # relative to the output folder, e.g. poster/affiche-A2-420x594mm.pdf
    product: str
    variant: str
    trim_mm: tuple[float, float]
    bleed_mm: float
    pages: int
    data: bytes
    press: bool = True  # press files get the full PDF/X-4 preflight; office sheets do not
    lang: str = "fr"
    # QR texts expected on each page (0-based), so the build's preflight can read them back.
    qr_pages: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Who prints it: `press` (a printer), `office` (an office printer), `screen` (read on screen).
    # Given alone, `press` decides it (False: office), and `use` decides `press` when given.
    use: str = ""
    media_type: str = PDF
    # Per page (0-based), where each fold lies: x in mm from the trim's left edge (a leaflet's two
    # faces differ). The proofs draw them; the press marks come from the same numbers.
    folds_mm: tuple[tuple[float, ...], ...] = ()
    # Per page (0-based), the ids of the artefacts it shows: the proofs hang an artefact's
    # warnings on its pages.
    page_artefacts: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # "" for the product's full set; a set made beside it and never replacing it names itself
    # ("reprint", "test"): the writer replaces a set only with the same set.
    batch: str = ""

    def __post_init__(self) -> None:
        if not self.use:
            object.__setattr__(self, "use", "press" if self.press else "office")
        if self.use not in USES:
            raise ValueError(f"use must be one of {USES}, not {self.use!r}")
        if self.media_type not in MEDIA_TYPES:
            raise ValueError(f"media_type must be one of {MEDIA_TYPES}, not {self.media_type!r}")
        object.__setattr__(self, "press", self.use == "press")

    @property
    def is_pdf(self) -> bool:
        return self.media_type == PDF

    def record(self) -> dict:
        """Everything but the bytes, as JSON holds it (the build cache keeps it)."""
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__
                  if name not in ("data", "press")}
        return json.loads(json.dumps(fields))

    @classmethod
    def from_record(cls, record: dict, data: bytes) -> Output:
        """The output a `record` describes, with its bytes; TypeError or ValueError if the
        record does not describe one."""
        typed = dict(record)
        typed["trim_mm"] = tuple(typed["trim_mm"])
        typed["folds_mm"] = tuple(tuple(page) for page in typed.get("folds_mm", ()))
        for key in ("qr_pages", "page_artefacts"):
            typed[key] = {int(page): tuple(items) for page, items in typed.get(key, {}).items()}
        return cls(data=data, **typed)

    @classmethod
    def file(cls, path: str, product: str, variant: str, data: bytes, use: str, media_type: str,
             batch: str = "") -> Output:
        """A file that is not a printed layout: no trim, no bleed, one piece."""
        return cls(path, product, variant, (0.0, 0.0), 0.0, 1, data, use=use,
                   media_type=media_type, batch=batch)


@dataclass(frozen=True)
class LabelOptions:
    """What an installer sets for an office printer and a partly used sheet."""

    offset_mm: tuple[float, float] = (0.0, 0.0)  # printer calibration: + moves right and down
    first_label: int = 1  # the first free label on the first sheet, counted along the rows
    outline: bool = False  # a test print: draw the die-cut outlines
    # Reprint these artefacts only, as typed: ids, `a,b,c` lists and `first..last` ranges.
    ids: tuple[str, ...] = ()


@dataclass
class BuildContext:
    content: Content
    layouts: LayoutFolders
    fonts: Path
    press: PressProfile
    created: datetime
    report: Report
    palette: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()
    label_options: LabelOptions = field(default_factory=lambda: LabelOptions())
    pictures: Pictures | None = None  # every picture the content names, read and checked
    formats: tuple[str, ...] = ()  # the poster formats asked for (--format); empty: all
    part: str | None = None  # the one part of the product to build, None for all
    # The files of the products named by this product's AFTER, made earlier in this build.
    earlier: dict[str, list[Output]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # lines the build prints at its end

    def wants(self, part: str) -> bool:
        return self.part is None or self.part == part

    @property
    def languages(self) -> tuple[str, ...]:
        return ("fr", "en") if self.content.has_english else ("fr",)

    @property
    def roots(self) -> list[Path]:
        """The only folders a renderer may read."""
        return [*self.layouts.folders, self.fonts, self.content.folder]


def size_name(trim_mm: tuple[float, float]) -> str:
    width, height = (f"{v:g}" for v in trim_mm)
    return f"{width}x{height}mm"


def content_locator(content: Content):
    """The file and line a `data-field` of a layout comes from, for a message about its room."""
    timeline_fields = ("heading", "summary", "events", "figures")

    def locate(field: str) -> tuple[str, int | None]:
        in_timeline = field.startswith(timeline_fields)
        model = content.timeline if in_timeline else content.exhibition
        lines = getattr(model, "lines", {}) if model else {}
        item = field.split(".")[0]  # events[3].text → events[3]
        line = lines.get(item) or lines.get(item.split("[")[0])
        name = "timeline.yaml" if in_timeline else "exhibition.yaml"
        return str(content.folder / name), line

    return locate
