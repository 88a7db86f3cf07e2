"""What every product receives and returns: the whole contract between the pipeline and a product.

A product module has a `NAME`, a `needs(content)` that says why it cannot be built from this
content (or None), and a `build(context)` that returns finished PDFs in memory. It writes nothing:
the pipeline checks every output first and writes them all, or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..content import Content
from ..errors import Report
from ..images import Pictures
from ..press import PressProfile

USES = ("press", "office", "screen")


@dataclass(frozen=True)
class Output:
    """One finished PDF, with the facts the manifest and the preflight need."""

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

    def __post_init__(self) -> None:
        if not self.use:
            object.__setattr__(self, "use", "press" if self.press else "office")
        if self.use not in USES:
            raise ValueError(f"use must be one of {USES}, not {self.use!r}")
        object.__setattr__(self, "press", self.use == "press")


@dataclass(frozen=True)
class LabelOptions:
    """What an installer sets for an office printer and a partly used sheet."""

    offset_mm: tuple[float, float] = (0.0, 0.0)  # printer calibration: + moves right and down
    first_label: int = 1  # the first free label on the first sheet, counted along the rows
    outline: bool = False  # a test print: draw the die-cut outlines


@dataclass
class BuildContext:
    content: Content
    layouts: Path
    fonts: Path
    press: PressProfile
    created: datetime
    report: Report
    palette: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()
    label_options: LabelOptions = field(default_factory=lambda: LabelOptions())
    pictures: Pictures | None = None  # every picture the content names, read and checked
    formats: tuple[str, ...] = ()  # the poster formats asked for (--format); empty: all

    @property
    def languages(self) -> tuple[str, ...]:
        return ("fr", "en") if self.content.has_english else ("fr",)

    @property
    def roots(self) -> list[Path]:
        """The only folders a renderer may read."""
        return [self.layouts, self.fonts, self.content.folder]


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
