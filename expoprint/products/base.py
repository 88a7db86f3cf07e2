"""What every product receives and returns: the whole contract between the pipeline and a product.

A product module (`Product`, named in `expoprint.catalog`) has a `NAME`, a `FOLDER`, a
`needs(content)` that says why it cannot be built from this content (or None), and a
`build(context)` that returns finished files in memory. It writes nothing: the pipeline checks
every output first and writes them all, or none.

Two optional names let the pipeline share the work and skip what has not changed:
- `parts(context)`: independent pieces (the poster's formats, the leaflet's languages) that can
  be built in separate processes; `build` then makes only `context.part` when it is set.
- `IGNORES`: the content files (by stem) the product never reads, so that changing an artefact
  rebuilds the labels and not the posters. Everything else of the content folder is its input.
- `AFTER`: the products whose files this one offers too (the web site offers the screen
  leaflet): its parts start once theirs are made, and find their files in `context.earlier`,
  so nothing is rendered twice. A build without those products leaves `earlier` empty.
- `OPTIONAL = True`: a product only some content asks for (the easy-to-read edition, when the
  content gives easy-read texts). When `needs` finds nothing to make it from, the build says so
  in a line at its end, not in a warning, which `--strict` would turn into an error for every
  exhibition without it; `--only` it all the same, and it is an error as for any product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ..bundled import LayoutFolders
from ..content import Content
from ..errors import Report
from ..images import Pictures
from ..outputs import Output
from ..press import PressProfile
from ..request import LabelOptions

# `Output` is the products' to return: it is offered here beside the rest of their contract.
__all__ = ["BuildContext", "LabelOptions", "Output", "Product", "content_locator", "size_name"]


class Product(Protocol):
    """A product module, as the catalog (`expoprint.catalog`) names it and the build uses it:
    `parts`, `IGNORES` and `AFTER` may also be given (see the module's docstring)."""

    NAME: str
    FOLDER: str

    def needs(self, content: Content) -> str | None: ...

    def build(self, ctx: BuildContext) -> list[Output]: ...


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
    names: tuple[str, ...] = ()  # the products this build makes, in the kit's order
    part: str | None = None  # the one part of the product to build, None for all
    # The files of the products named by this product's AFTER, made earlier in this build.
    earlier: dict[str, list[Output]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # lines the build prints at its end

    def wants(self, part: str) -> bool:
        return self.part is None or self.part == part

    @property
    def languages(self) -> tuple[str, ...]:
        """The kit's languages, the main one first."""
        return self.content.languages

    @property
    def main_language(self) -> str:
        return self.content.main_language

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
