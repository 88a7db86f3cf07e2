"""The large-print booklet (`large-print/`): every label's text for visitors who cannot read the
labels on the wall, in the order they meet the objects (`layouts/booklet.html.j2`).

Press-ready like the poster (PDF/X-4, CMYK, bleed, marks: a museum may print it in number) and
tagged (WeasyPrint's structure tree survives the press finishing), so the same file also reads
aloud. The layout's `body_pt` is a floor the template never goes under; the build's preflight
and the tests read the sizes back from the PDF.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby

from markupsafe import Markup, escape

from ..content import Content, Prose
from ..facts import facts
from ..i18n import _
from ..layouts import Format, number, pair, read_layout
from ..press import PressJob, finish
from .base import BuildContext, Output, size_name
from .leaflet import read_words
from .screen import visit_order

NAME = "booklet"
IGNORES = ("timeline",)  # the labels' texts, not the history
FOLDER = "large-print"


def needs(content: Content) -> str | None:
    return None if content.artefacts else _("the content folder has no artefacts")


def build(ctx: BuildContext) -> list[Output]:
    import pikepdf

    from ..html import SandboxFetcher, jinja_env, render_html, tr

    spec = read_layout(ctx.layouts, "booklet.yaml", ctx.report)
    if spec is None:
        return []
    spec.check_keys(["schema", "template", "file_name", "variant", "trim_mm", "margin_mm",
                     "body_pt", "words"])
    template_name = spec.text("template", required=True, example="booklet.html.j2")
    file_name = spec.text("file_name", required=True, example="gros-caracteres-{variant}-{size}.pdf")
    variant = spec.text("variant", required=True, example="A4")
    trim = pair(spec, "trim_mm", example="[210, 297]")
    margin, body_pt = number(spec, "margin_mm"), number(spec, "body_pt")
    if body_pt is not None and body_pt < 18:
        spec.error("body_pt", _("{size:g} pt is not large print").format(size=body_pt),
                   _("large print starts at 18 pt"))
    words = read_words(spec, ("fr", "en"))
    ctx.report.raise_if_errors()
    assert template_name and file_name and variant and trim and margin and body_pt

    fmt = Format(variant, trim, ctx.press.bleed_mm)
    exhibition = ctx.content.exhibition
    ordered = visit_order(ctx.content.artefacts or ())
    env = jinja_env(ctx.layouts, ctx.fonts, "fr", ctx.palette)

    def english(value: object) -> Markup:
        if isinstance(value, Prose) and not value.en:
            return Markup(f'<span lang="fr">{escape(tr(value, "fr"))}</span>')
        return escape(tr(value, "en"))

    env.filters["en"] = english
    template = env.get_template(template_name)
    values = dict(
        ex=exhibition, fmt=fmt, margin_mm=margin, body_pt=body_pt, words=words,
        langs=ctx.languages, facts={lang: facts(exhibition, lang) for lang in ctx.languages},
        rooms=any(a.room for a in ordered),
        groups=[(room, list(items)) for room, items in groupby(ordered, key=lambda a: a.room)])
    path = f"{FOLDER}/" + file_name.format(variant=variant, size=size_name(trim))
    with languages_of_parts():
        pdf = render_html(lambda settings: template.render(**values, **settings.context()),
                          ctx.layouts, SandboxFetcher(ctx.roots), path,
                          pdf_options={"pdf_tags": True}, fonts=ctx.fonts).pdf
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        pages = len(opened.pages)
    job = PressJob(title=f"{exhibition.title.fr} — {words['fr']['booklet']}", trim_mm=trim,
                   bleed_mm=fmt.bleed_mm, created=ctx.created)
    return [Output(path, NAME, variant, trim, fmt.bleed_mm, pages, finish(pdf, job, ctx.press))]


@contextmanager
def languages_of_parts() -> Iterator[None]:
    """Tag the English parts as English, so a screen reader switches its voice (WCAG 3.1.2).

    WeasyPrint 70 gives the structure tree the document's language only. While this is open,
    an element with a `lang` attribute gives its structure element a `/Lang`. The hook wraps
    WeasyPrint's own tree builder (`pdf.tags._build_box_tree`, pinned by `weasyprint<71`) and is
    removed on exit; the tests read the `/Lang` entries back."""
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box, parent, *args):
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and box.element_tag not in (
            "html", "body") else None
        for structure in original(box, parent, *args):
            if lang and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original
