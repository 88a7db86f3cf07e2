"""What a build is asked and what it answers, in a module that imports nothing heavy: the
command line builds a request, and `unchanged.replay` may answer it, before the pipeline
(`build.py`, the content readers, the products) is even imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .outputs import Output


@dataclass(frozen=True)
class LabelOptions:
    """What an installer sets for an office printer and a partly used sheet."""

    offset_mm: tuple[float, float] = (0.0, 0.0)  # printer calibration: + moves right and down
    first_label: int = 1  # the first free label on the first sheet, counted along the rows
    outline: bool = False  # a test print: draw the die-cut outlines
    # Reprint these artefacts only, as typed: ids, `a,b,c` lists and `first..last` ranges.
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildRequest:
    """Everything a build is asked, whoever asks it (the command line, `serve`, a test): one
    value the phases read, instead of a dozen parameters handed down."""

    content_dir: Path
    out_dir: Path
    only: tuple[str, ...] = ()  # products, by catalog name; empty: all
    sheets: tuple[str, ...] = ()  # label sheet codes (--sheet)
    strict: bool = False  # warnings are errors
    layouts: Path | None = None  # the museum's own layouts (else the content's layouts/)
    fonts: Path | None = None
    icc: Path | None = None  # the printer's profile (--icc)
    label_options: LabelOptions = field(default_factory=LabelOptions)
    formats: tuple[str, ...] = ()  # poster formats (--format); empty: all
    proofs: bool = False  # also the page images and the contact sheet (`proof`)

    @property
    def partial(self) -> bool:
        """A part of the kit: the previous build's other files may stay. A reprint (--id) or a
        test print (--outline) is a set of its own beside the labels' full set."""
        return bool(self.only or self.sheets or self.label_options.ids
                    or self.label_options.outline or self.formats)


@dataclass
class BuildResult:
    outputs: list[Output]
    warnings: list[Problem]
    manifest: dict
    out_dir: Path
    notes: list[str]  # what happened to the previous build's files
    told: list[str] = field(default_factory=list)  # what the products say besides (the web site)
    rendered: list[str] = field(default_factory=list)  # the parts made anew (not from the cache)
    changed: int = 0  # the files whose bytes changed on disk


def content_label(content_dir: Path) -> str:
    """The content folder as the manifest names it: relative to where the build ran, if inside."""
    try:
        return str(content_dir.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(content_dir)
