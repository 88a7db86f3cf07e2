"""HTML products: Jinja2 templates from `layouts/`, laid out by WeasyPrint, measured, then printed.

Three guarantees live here, shared by every HTML product:
- content is text: autoescaping is on and undefined names fail, so `<b>` or `{{ x }}` print literally;
- the renderer reads only the project's own folders and never the network (`SandboxFetcher`);
- nothing is clipped silently: every `data-frame` box is measured after layout, and text that does
  not fit, or a glyph the fonts lack, fails the build with the place and the amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from markupsafe import Markup, escape
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .content import Prose
from .errors import ExpoprintError, Problem
from .typography import bind_short_words, typeset

PX_PER_MM = 96 / 25.4
PROPER_NOUN = re.compile(r"\b([A-ZÀ-ÖØ-Þ][\w’'-]*[\w])", re.UNICODE)


class SandboxFetcher(URLFetcher):
    """Serves `file:` URLs inside the allowed folders; refuses everything else and remembers it,
    so the build can fail naming what a layout tried to read."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file"})
        self.roots = [root.resolve() for root in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                return URLFetcherResponse(url, path.read_bytes())
        self.refused.append(url)
        raise ValueError(f"expoprint renders offline from its own folders; refused {url}")


@dataclass(frozen=True)
class Frame:
    """A fixed box of the layout and how much its content overflows it, in mm."""

    name: str
    page: int
    overflow_mm: float


def jinja_env(layouts: Path, lang: str, palette: dict[str, tuple[float, ...]]):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["t"] = lambda value: tr(value, lang)
    env.filters["heading"] = lambda value: bind_short_words(tr(value, lang))
    env.filters["prose"] = lambda value: prose_markup(tr(value, lang))
    env.filters["mm"] = lambda value: f"{value:.3f}mm"
    env.filters["pt"] = lambda value: f"{value:.2f}pt"
    env.globals["lang"] = lang
    env.globals["palette"] = {name: "device-cmyk({} {} {} {})".format(*(f"{v:g}" for v in cmyk))
                              for name, cmyk in palette.items()}
    return env


def tr(value: Any, lang: str) -> str:
    """The text of a Prose field in the render language, typeset for it."""
    if value is None:
        return ""
    if isinstance(value, Prose):
        used = lang if lang == "fr" or value.en else "fr"  # borrowed French keeps French rules
        return typeset(value.get(used), used)
    return typeset(str(value), "fr")  # plain fields: names of places, in French


def prose_markup(text: str) -> Markup:
    """Escape text and keep proper nouns whole: hyphenation must not cut "Be-sançon"."""
    escaped = str(escape(text))
    return Markup(PROPER_NOUN.sub(r'<span class="pn">\1</span>', escaped))


def measure_frames(document) -> list[Frame]:
    """Compare each `data-frame` box with the lowest point any of its descendants reaches.

    Looking at every descendant, not only the children, matters: a flex item may shrink to its
    frame while its own text runs past it, invisible but for this measure.
    """
    frames = []
    for number, page in enumerate(document.pages, start=1):
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            name = element.get("data-frame") if element is not None and box.element_tag else None
            if not name:
                continue
            bottom = box.content_box_y() + box.height
            lowest = max((child.position_y + child.margin_height()
                          for child in _descendants(box) if child is not box), default=bottom)
            frames.append(Frame(name, number, round((lowest - bottom) / PX_PER_MM, 2)))
    return frames


def _descendants(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _descendants(child)


def render_html(html: str, base: Path, fetcher: SandboxFetcher, product: str) -> bytes:
    """Lay out, refuse overflows and outside reads, and return WeasyPrint's PDF bytes."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render()
    problems = [
        Problem(product, None, f"frame '{frame.name}' (page {frame.page})",
                f"text overflows its box by {frame.overflow_mm:.1f} mm",
                "shorten the text of that part")
        for frame in measure_frames(document) if frame.overflow_mm > 0.05
    ]
    problems += [Problem(product, None, "", f"the layout tried to read {url}",
                         "templates may only use files from layouts/ and fonts/")
                 for url in fetcher.refused]
    if problems:
        raise ExpoprintError(problems)
    return document.write_pdf()
