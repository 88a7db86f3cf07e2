"""A finished file in memory, as the whole pipeline hands it on: the ground floor of the build.

Products make `Output`s; the preflight checks them, the writer writes them, the cache keeps their
records, the proofs draw their pages. None of those needs a product to know what a file is, so
this module imports nothing of expoprint: every stage may read it without pulling the products
(and their renderers) in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

USES = ("press", "office", "screen")
PDF = "application/pdf"
MEDIA_TYPES = (PDF, "image/png", "image/jpeg", "text/html", "text/css", "text/csv", "text/plain",
               "font/woff2")
# A file's type by its name, for the files that are not printed layouts.
TYPE_OF_SUFFIX = {".pdf": PDF, ".png": "image/png", ".jpg": "image/jpeg", ".html": "text/html",
                  ".css": "text/css", ".csv": "text/csv", ".txt": "text/plain",
                  ".woff2": "font/woff2"}


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
    # A poster's [floor, target] of a photo's resolution, in ppi, as its layout asks: the
    # manifest says it, so `check` judges the file by the numbers it was made to.
    ppi: tuple[float, float] | None = None

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
                  if name not in ("data", "press") and not (name == "ppi" and self.ppi is None)}
        return json.loads(json.dumps(fields))

    @classmethod
    def from_record(cls, record: dict, data: bytes) -> Output:
        """The output a `record` describes, with its bytes; TypeError or ValueError if the
        record does not describe one."""
        typed = dict(record)
        typed["trim_mm"] = tuple(typed["trim_mm"])
        if typed.get("ppi") is not None:
            typed["ppi"] = tuple(typed["ppi"])
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
