"""The leaflet's screen twin (`leaflet/…-web.pdf`): one accessible PDF per language to put online.

Made with the print leaflet (`build --only leaflet` gives both) and offered by the web site, which
builds after the leaflet and takes these files from it (`AFTER`, products/base.py). WeasyPrint's
PDF/UA-1 variant tags the structure (headings, paragraphs, lists, in the HTML's order, which is the order
the panels are read on paper), sets `/Lang` from the page's language (and, through
`html.tags`, on every French text the English edition borrows), gives the motif and the picture
their /Alt, marks page furniture as artifacts, `/MarkInfo /Marked true`,
and asks viewers to show the title. Colours are sRGB through the press profile, pictures are
downsampled for screens, and there are no marks and no bleed: it is never printed by a press.
"""

from __future__ import annotations

import io

from .. import catalog
from ..content.history_text import span_parts
from ..facts import facts
from ..layouts import number, pair, read_layout
from ..typography import format_number
from .base import BuildContext, Output
from .screen import srgb_palette
from .words import read_words

VARIANT = "web"
# The print leaflet's twin: its files go with the leaflet's (`--only leaflet` makes both).
LEAFLET = catalog.entry("leaflet")
assert LEAFLET is not None
SCREEN_PICTURE_PX = 1200  # the cover picture's width: twice the 590 px of 150 dpi across 100 mm


def screen_leaflets(ctx: BuildContext) -> list[Output]:
    """The screen leaflet in each language the context wants (its part's, or all)."""
    import pikepdf

    from ..html import SandboxFetcher, jinja_env, render_html
    from ..html.tags import languages_of_parts, margins_as_artifacts
    from ..html.templates import mark_borrowed

    spec = read_layout(ctx.layouts, "leaflet-screen.yaml", ctx.report)
    print_spec = read_layout(ctx.layouts, "leaflet.yaml", ctx.report)
    if spec is None or print_spec is None:
        ctx.report.raise_if_errors()
        return []
    spec.check_keys(["schema", "template", "file_name", "page_mm", "margin_mm", "base_pt",
                     "image_dpi"])
    template_name = spec.text("template", required=True, example="leaflet-screen.html.j2")
    file_name = spec.text("file_name", required=True, example="depliant{lang}-web.pdf")
    page = pair(spec, "page_mm", example="[100, 210]")
    margin, base_pt = number(spec, "margin_mm"), number(spec, "base_pt")
    dpi = number(spec, "image_dpi")
    words = read_words(print_spec, ctx.languages)  # the print leaflet's words
    ctx.report.raise_if_errors()
    assert template_name and file_name and page and margin and base_pt and dpi

    exhibition, timeline = ctx.content.exhibition, ctx.content.timeline
    assert timeline is not None
    palette = srgb_palette(ctx.palette, ctx.press.icc)
    options = dict(pdf_variant="pdf/ua-1", optimize_images=True, dpi=int(dpi), jpeg_quality=80)
    served = cover_picture(ctx)
    logos = partner_logos(ctx, served)
    outputs = []
    for lang in (lang for lang in ctx.languages if ctx.wants(lang)):
        env = jinja_env(ctx.layouts, ctx.fonts, lang, ctx.palette, ctx.main_language)
        env.globals["palette"] = palette
        mark_borrowed(env, lang, ctx.main_language)
        values = dict(
            ex=exhibition, timeline=timeline, words=words[lang], page_mm=page, margin_mm=margin,
            base_pt=base_pt, picture=COVER if COVER in served else None, logos=logos,
            facts=facts(exhibition, lang), created=ctx.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            events=[(event, span_parts(event.date, event.end, lang)) for event in timeline.events],
            figures=[(format_number(f.value, lang), f.label) for f in timeline.figures])
        template = env.get_template(template_name)
        path = f"{LEAFLET.folder}/" + file_name.format(lang="" if lang == ctx.main_language else f"-{lang}")
        with languages_of_parts():
            pdf = render_html(lambda settings, t=template, v=values: t.render(**v, **settings.context()),
                              ctx.layouts, SandboxFetcher(ctx.roots, served), path,
                              pdf_options=options, fonts=ctx.fonts).pdf
        pdf = margins_as_artifacts(pdf)
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            pages = len(opened.pages)
        variant = VARIANT if lang == ctx.main_language else f"{VARIANT}-{lang}"
        outputs.append(Output(path, LEAFLET.name, variant, page,
                              0.0, pages, pdf, use="screen", lang=lang))
    return outputs


COVER = "file:///expoprint/screen-cover.jpg"  # served from memory, never read from disk


def cover_picture(ctx: BuildContext) -> dict[str, tuple[bytes, str]]:
    """The exhibition's picture for the cover, as the site shows it (sRGB, screen-sized), served
    to the renderer at `COVER`; nothing when the content has none or it is a drawing."""
    from .web.assets import web_photo

    source = ctx.pictures.get("image") if ctx.pictures else None
    if source is None or source.kind != "raster":
        return {}
    photo = web_photo(source, SCREEN_PICTURE_PX, 80, ctx.press.icc)
    return {COVER: (photo.data, "image/jpeg")}


LOGO_PX = 160  # a logo's height: 150 dpi at the 12 mm the back page shows it, twice


def partner_logos(ctx: BuildContext, served: dict[str, tuple[bytes, str]]) -> list[dict]:
    """The organiser's own logo (`logo`), then the partners', for the back page, as the site
    shows them (PNG, or JPEG for a photo-like file), each served to the renderer and described
    by its name."""
    from .web.assets import web_logo

    logos = []
    exhibition = ctx.content.exhibition
    for index, partner in enumerate((*filter(None, [exhibition.logo]), *exhibition.partners)):
        source = ctx.pictures.get(partner.key) if ctx.pictures else None
        if source is None:
            continue
        logo = web_logo(source, LOGO_PX, ctx.press.icc)
        jpeg = logo.data.startswith(b"\xff\xd8")
        address = f"file:///expoprint/screen-logo-{index}.{'jpg' if jpeg else 'png'}"
        served[address] = (logo.data, "image/jpeg" if jpeg else "image/png")
        logos.append({"src": address, "name": partner.name,
                      "aspect": logo.width / max(logo.height, 1)})
    return logos
