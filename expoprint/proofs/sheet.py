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
from functools import lru_cache
from pathlib import PurePosixPath

from .. import catalog
from ..errors import Problem
from ..i18n import _, language
from ..outputs import Output
from .render import PageImage, page_paths

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


def product_title(product: str) -> str:
    entry = catalog.entry(product)
    return _(entry.title) if entry else product.title()


def use_text(use: str) -> str:
    return {"press": _("for the printer"), "office": _("for an office printer"),
            "screen": _("for screens")}[use]


def count_of(count: int, one: str, many: str) -> str:
    """`one` (written for 1) or `many` with the count: "1 warning", "3 warnings"."""
    return one if count == 1 else many.format(count=count)


def words() -> dict[str, str]:
    """The contact sheet's own words, in the user's language; those with a placeholder are
    filled in the template (`words.page.format(number=…)`)."""
    return {
        "proofs": _("Proofs — {title}"), "first": _("First proof in this folder"),
        "first_note": _("The next proof marks the pages that change from this one."),
        "changed_since": _("Changed since the previous proof"),
        "gone": _("no longer built: {file}"),
        "nothing": _("Nothing changed since the previous proof"),
        "nothing_note": _("Every page looks as it did."),
        "general": _("Warnings about the whole kit"), "also": _("Also as a spreadsheet:"),
        "page": _("page {number}"), "file_page": _("{file}, page {number}"),
        "changed": _("changed"), "new": _("new"),
        "one_warning": _("1 warning"), "warnings": _("{count} warnings"),
    }


def headline(files: int, pages: int, warnings: int, compared: bool, changed: int) -> str:
    """The line under the title: what the sheet shows, and what changed since the last proof."""
    parts = [_("{files} files, {pages} pages").format(files=files, pages=pages),
             _("no warnings") if not warnings else count_of(warnings, _("1 warning"),
                                                            _("{count} warnings"))]
    if compared:
        parts.append(_("no page changed since the previous proof") if not changed else count_of(
            changed, _("1 page changed since the previous proof"),
            _("{count} pages changed since the previous proof")))
    return " · ".join(parts)


def anchor_of(path: str, page: int | None = None) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", path.removesuffix(".pdf")).strip("-")
    return f"{slug}-p{page}" if page else slug


def facts_of(output: Output) -> str:
    """What a printer asks first: the format, the size, for whom, how many pages."""
    width, height = (f"{v:g}" for v in output.trim_mm)
    kind = _("cut labels, one a page") if output.variant == "cut" else output.variant
    size = _("{width} × {height} mm, {bleed:g} mm bleed") if output.bleed_mm else \
        _("{width} × {height} mm")
    pages = count_of(output.pages, _("1 page"), _("{count} pages"))
    facts = [kind, size.format(width=width, height=height, bleed=output.bleed_mm),
             use_text(output.use), pages]
    return " · ".join([*facts, output.batch] if output.batch else facts)


def attach(warnings: list[Problem], outputs: list[Output]) -> tuple[dict[str, list[tuple[int | None, str]]],
                                                                     list[str]]:
    """Each warning beside the files (and pages) it concerns; the rest concern the whole kit.

    Placed by the problem's fields, never by its words: a warning about a file (`output`, the
    build's preflight) goes beside it, on its `page`; a warning about an `artefact` goes to every
    page showing that artefact, or only to those of its `output` when it names one (a label
    shrunk on the L7173 sheet)."""
    by_file: dict[str, list[tuple[int | None, str]]] = {}
    general: list[str] = []
    paths = {output.path for output in outputs}
    for problem in warnings:
        text = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
        output = problem.output or problem.file  # a product's warning about its own file
        if output in paths and not problem.artefact:
            by_file.setdefault(output, []).append((problem.page, text))
            continue
        showing = [(output, page + 1) for output in outputs if problem.artefact
                   for page, ids in output.page_artefacts.items() if problem.artefact in ids]
        named = [(o, p) for o, p in showing if o.path == problem.output]
        if not showing:
            general.append(str(problem))
            continue
        for output, page in named or showing:
            by_file.setdefault(output.path, []).append((page, f"{problem.field}: {text}"))
    return by_file, general


@lru_cache(maxsize=1)
def sheet_template():
    """The contact sheet's template, compiled once a process: serve writes the sheet at every
    build, and compiling it took longer than filling it (0.1 s)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("expoprint.proofs", "."),
                              autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                              lstrip_blocks=True)
    return environment.get_template("contact.html.j2")


def contact_sheet(title: str, outputs: list[Output], images: dict[str, list[PageImage]],
                  states: dict[str, list[str]], gone: list[str], warnings: list[Problem],
                  compared: bool, colours: dict[str, str]) -> bytes:
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
            count = sum(1 for page, _text in by_file.get(output.path, ()) if page == image.number)
            view = PageView(image.number, anchor_of(output.path, image.number), large, thumb,
                            image.thumb_px, state, count)
            pages.append(view)
            if state:
                changed.append((_("{file}, page {number}").format(file=output.path,
                                                                  number=image.number), view.anchor))
        view_file = FileView(output.path, f"../{output.path}", anchor_of(output.path), facts_of(output),
                             pages, sorted(by_file.get(output.path, []), key=lambda w: (w[0] or 0)))
        if companion := companions.get(output.path.removesuffix(".pdf")):
            view_file.also.append((PurePosixPath(companion.path).name, f"../{companion.path}"))
        sections.setdefault(output.product, []).append(view_file)
    html = sheet_template().render(
        title=title, sections=[(product_title(p), p, files) for p, files in sections.items()],
        general=general, changed=changed, gone=gone, compared=compared, colours=colours,
        display=DISPLAY, lang=language(), words=words(),
        headline=headline(sum(len(files) for files in sections.values()),
                          sum(len(f.pages) for files in sections.values() for f in files),
                          len(warnings), compared, len(changed)))
    return html.encode("utf-8")
