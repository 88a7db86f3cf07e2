"""The contact sheet, `proofs/index.html`: the whole build on one page a person opens in a browser.

Contract: every output of the build, grouped by product, with its format, who prints it and its
pages as thumbnails, each a link to the large image; the build's warnings beside the file and the
page they concern; the pages changed since the previous proof marked, and listed at the top.
A static page: system fonts, inline style, no script, every address relative (the page images,
the PDFs), so it reads the same offline, from any copy of the folder, and asks nothing of any
other site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..errors import Problem
from ..products.base import Output
from .render import PageImage

PRODUCT_TITLES = {"poster": "Poster", "leaflet": "Leaflet", "labels": "Labels"}
USE_TEXT = {"press": "for the printer", "office": "for an office printer", "screen": "for screens"}
ARTEFACT = re.compile(r"artefact '([^']+)'")
DISPLAY = 2 / 3  # CSS pixels per thumbnail pixel: sharp on screens of 1.5 device pixels per px


@dataclass
class PageView:
    number: int
    anchor: str
    large: str  # addresses relative to proofs/
    thumb: str
    thumb_px: tuple[int, int]
    state: str = ""  # "", "changed" or "new" (since the previous proof)
    warnings: int = 0

    @property
    def classes(self) -> str:
        return " ".join(filter(None, (self.state, "warned" if self.warnings else "")))


@dataclass
class FileView:
    path: str
    href: str
    anchor: str
    facts: str
    pages: list[PageView]
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    also: list[tuple[str, str]] = field(default_factory=list)  # (name, href) of companion files

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def wide(self) -> bool:
        """A card of its own row: many pages, or warnings to read. The others sit side by side."""
        shown = sum(page.thumb_px[0] * DISPLAY + 16 for page in self.pages)
        return bool(self.warnings) or shown > 300


def anchor_of(path: str, page: int | None = None) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", path.removesuffix(".pdf")).strip("-")
    return f"{slug}-p{page}" if page else slug


def facts_of(output: Output) -> str:
    """What a printer asks first: the format, the size, for whom, how many pages."""
    width, height = (f"{v:g}" for v in output.trim_mm)
    kind = "cut labels, one a page" if output.variant == "cut" else output.variant
    bleed = f", {output.bleed_mm:g} mm bleed" if output.bleed_mm else ""
    pages = "1 page" if output.pages == 1 else f"{output.pages} pages"
    batch = f" · {output.batch}" if output.batch else ""
    return f"{kind} · {width} × {height} mm{bleed} · {USE_TEXT[output.use]} · {pages}{batch}"


def attach(warnings: list[Problem], outputs: list[Output]) -> tuple[dict[str, list[tuple[int | None, str]]],
                                                                     list[str]]:
    """Each warning beside the files (and pages) it concerns; the rest concern the whole kit.

    A warning about a file names it (the build's preflight); a warning about an artefact names it
    (`artefact 'id'`) and goes to every page showing that artefact, or only to the file whose
    label it names ("… the L7173 label", "… the cut label")."""
    by_file: dict[str, list[tuple[int | None, str]]] = {}
    general: list[str] = []
    paths = {output.path for output in outputs}
    for problem in warnings:
        text = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
        if problem.file in paths:
            page = re.fullmatch(r"page (\d+)", problem.field)
            by_file.setdefault(problem.file, []).append((int(page[1]) if page else None, text))
            continue
        found = ARTEFACT.search(problem.field)
        showing = [(output, page + 1) for output in outputs if found
                   for page, ids in output.page_artefacts.items() if found[1] in ids]
        named = [(o, p) for o, p in showing
                 if f"the {'cut' if o.variant == 'cut' else o.variant} label" in problem.message]
        if not showing:
            general.append(str(problem))
            continue
        for output, page in named or showing:
            by_file.setdefault(output.path, []).append((page, f"{problem.field}: {text}"))
    return by_file, general


def page_paths(output: Output, number: int) -> tuple[str, str]:
    """Where a page's images go inside proofs/: beside a mirror of the PDF's own path."""
    stem = PurePosixPath(output.path).with_suffix("")
    width = max(2, len(str(output.pages)))
    return f"{stem}-p{number:0{width}d}.png", f"{stem}-p{number:0{width}d}-small.png"


def contact_sheet(title: str, outputs: list[Output], images: dict[str, list[PageImage]],
                  states: dict[str, list[str]], gone: list[str], warnings: list[Problem],
                  compared: bool, colours: dict[str, str]) -> bytes:
    from jinja2 import Environment, PackageLoader, select_autoescape

    by_file, general = attach(warnings, outputs)
    companions = {o.path.removesuffix(".csv"): o for o in outputs if o.media_type == "text/csv"}
    sections: dict[str, list[FileView]] = {}
    changed: list[tuple[str, str]] = []
    for output in outputs:
        if not output.is_pdf:
            continue
        pages = []
        for image, state in zip(images[output.path], states[output.path], strict=True):
            large, thumb = page_paths(output, image.number)
            count = sum(1 for page, _ in by_file.get(output.path, ()) if page == image.number)
            view = PageView(image.number, anchor_of(output.path, image.number), large, thumb,
                            image.thumb_px, state, count)
            pages.append(view)
            if state:
                changed.append((f"{output.path}, page {image.number}", view.anchor))
        view_file = FileView(output.path, f"../{output.path}", anchor_of(output.path), facts_of(output),
                             pages, sorted(by_file.get(output.path, []), key=lambda w: (w[0] or 0)))
        if companion := companions.get(output.path.removesuffix(".pdf")):
            view_file.also.append((PurePosixPath(companion.path).name, f"../{companion.path}"))
        sections.setdefault(output.product, []).append(view_file)
    environment = Environment(loader=PackageLoader("expoprint.proofs", "."),
                              autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                              lstrip_blocks=True)
    html = environment.get_template("contact.html.j2").render(
        title=title, sections=[(PRODUCT_TITLES.get(p, p.title()), p, files) for p, files in sections.items()],
        general=general, changed=changed, gone=gone, compared=compared, colours=colours,
        display=DISPLAY,
        files=sum(len(files) for files in sections.values()),
        pages=sum(len(f.pages) for files in sections.values() for f in files),
        warnings=len(warnings))
    return html.encode("utf-8")
