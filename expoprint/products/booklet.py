"""The large-print booklet (`large-print/`): every label's text for visitors who cannot read the
labels on the wall, in the order they meet the objects (`layouts/booklet.html.j2`).

Press-ready like the poster (PDF/X-4, CMYK, bleed, marks: a museum may print it in number) and
tagged (WeasyPrint's structure tree survives the press finishing, page numbers and crop marks
are artifacts), so the same file also reads aloud. Beside it, an office file of the same pages at
A4 without bleed or marks, for the desk's printer. The layout's `body_pt` is a floor the template
never goes under; the build's preflight and the tests read the sizes back from the PDF.
"""

from __future__ import annotations

import io
from itertools import groupby

from ..content import Content
from ..facts import facts
from ..i18n import _
from ..layouts import Format, number, pair, read_layout
from ..press import PressJob, finish, finish_office
from ..typography import colon
from .base import BuildContext, Output, size_name
from .screen import visit_order
from .words import read_words

NAME = "booklet"
IGNORES = ("timeline",)  # the labels' texts, not the history
FOLDER = "large-print"
OFFICE = "bureau"  # the office file's variant: A4-bureau
OFFICE_FILE = "gros-caracteres-{variant}-bureau.pdf"


def needs(content: Content) -> str | None:
    return None if content.artefacts else _("the content folder has no artefacts")


def build(ctx: BuildContext) -> list[Output]:
    """The press file (bleed, marks, PDF/X-4) and the office file (`…-bureau.pdf`): the same pages
    at A4 with neither, so a desk printer at 100 % prints the body at `body_pt` exactly (the press
    file printed "fit to page" on A4 shrinks it by a tenth, to about 16 pt)."""
    import pikepdf

    from ..html import jinja_env
    from ..html.templates import mark_borrowed

    spec = read_layout(ctx.layouts, "booklet.yaml", ctx.report)
    if spec is None:
        return []
    spec.check_keys(["schema", "template", "file_name", "office_file_name", "variant", "trim_mm",
                     "margin_mm", "body_pt", "words"])
    template_name = spec.text("template", required=True, example="booklet.html.j2")
    file_name = spec.text("file_name", required=True, example="gros-caracteres-{variant}-{size}.pdf")
    office_name = spec.text("office_file_name") or OFFICE_FILE  # a museum's older copy lacks it
    variant = spec.text("variant", required=True, example="A4")
    trim = pair(spec, "trim_mm", example="[210, 297]")
    margin, body_pt = number(spec, "margin_mm"), number(spec, "body_pt")
    if body_pt is not None and body_pt < 18:
        spec.error("body_pt", _("{size:g} pt is not large print").format(size=body_pt),
                   _("large print starts at 18 pt"))
    words = read_words(spec, ctx.languages)
    ctx.report.raise_if_errors()
    assert template_name and file_name and variant and trim and margin and body_pt

    exhibition, main = ctx.content.exhibition, ctx.main_language
    ordered = visit_order(ctx.content.artefacts or ())
    groups = [(room, list(items)) for room, items in groupby(ordered, key=lambda a: a.room)]
    outputs = []
    for lang in (lang for lang in ctx.languages if ctx.wants(lang)):
        env = jinja_env(ctx.layouts, ctx.fonts, lang, ctx.palette, main)
        mark_borrowed(env, lang, main)
        env.filters["label"] = lambda word, lang=lang: f"{word}{colon(lang)}"
        values = dict(ex=exhibition, margin_mm=margin, body_pt=body_pt, w=words[lang],
                      f=facts(exhibition, lang), rooms=any(a.room for a in ordered), groups=groups)
        title = f"{exhibition.title.get(lang)} — {words[lang]['booklet']}"
        suffix = "" if lang == main else f"-{lang}"
        for bleed, name in ((ctx.press.bleed_mm, file_name), (0.0, office_name)):
            fmt = Format(variant, trim, bleed)
            named = name.format(variant=variant, size=size_name(trim)).replace(
                ".pdf", f"{suffix}.pdf")
            pdf = render(ctx, env.get_template(template_name), {**values, "fmt": fmt}, named)
            with pikepdf.open(io.BytesIO(pdf)) as opened:
                pages = len(opened.pages)
            path = f"{FOLDER}/{named}"
            if bleed:
                job = PressJob(title=title, trim_mm=trim, bleed_mm=bleed, created=ctx.created,
                               language=lang)
                outputs.append(Output(path, NAME, variant + suffix, trim, bleed, pages,
                                      finish(pdf, job, ctx.press), lang=lang))
            else:
                outputs.append(Output(path, NAME, f"{variant}-{OFFICE}{suffix}", trim, 0.0, pages,
                                      finish_office(pdf, title, ctx.created, lang), use="office",
                                      lang=lang))
    return outputs


def parts(ctx: BuildContext) -> list[str]:
    return list(ctx.languages)


def render(ctx: BuildContext, template, values: dict, name: str) -> bytes:
    """One tagged rendering: borrowed parts marked in their language, page numbers as
    artifacts."""
    from ..html import SandboxFetcher, render_html
    from ..html.tags import languages_of_parts, margins_as_artifacts

    with languages_of_parts():
        pdf = render_html(lambda settings: template.render(**values, **settings.context()),
                          ctx.layouts, SandboxFetcher(ctx.roots), name,
                          pdf_options={"pdf_tags": True}, fonts=ctx.fonts).pdf
    return margins_as_artifacts(pdf)
