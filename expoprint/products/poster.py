"""The poster: one template (`layouts/poster.html.j2`), every format of `layouts/poster.yaml`."""

from __future__ import annotations

from ..content import Content
from ..facts import facts
from ..layouts import number, pair, read_fit, read_formats, read_layout
from ..press import PressJob, finish
from ..qr import encode
from .base import BuildContext, Output, content_locator, size_name

NAME = "poster"
FOLDER = "poster"


IGNORES = ("timeline", "artefacts")


def needs(content: Content) -> str | None:
    return None  # exhibition.yaml alone is enough


def parts(ctx: BuildContext) -> list[str]:
    spec = read_layout(ctx.layouts, "poster.yaml", ctx.report)
    return [fmt.variant for fmt in read_formats(spec, ctx.press.bleed_mm)] if spec else []


def build(ctx: BuildContext) -> list[Output]:
    from ..html import SandboxFetcher, jinja_env, render_html  # WeasyPrint: imported when used

    spec = read_layout(ctx.layouts, "poster.yaml", ctx.report)
    if spec is None:
        return []
    spec.check_keys(["schema", "template", "file_name", "reference_mm", "safe_margin_min_mm",
                     "safe_margin_percent", "fit", "formats"])
    template_name = spec.text("template", required=True, example="poster.html.j2")
    file_name = spec.text("file_name", required=True, example="affiche-{variant}.pdf")
    reference = pair(spec, "reference_mm")
    safe_min = number(spec, "safe_margin_min_mm") or 5.0
    safe_percent = number(spec, "safe_margin_percent") or 1.5
    formats = read_formats(spec, ctx.press.bleed_mm)
    fit = read_fit(spec)
    ctx.report.raise_if_errors()
    assert template_name and file_name and reference

    template = jinja_env(ctx.layouts, ctx.fonts, "fr", ctx.palette).get_template(template_name)
    exhibition = ctx.content.exhibition
    qr = encode(exhibition.website) if exhibition.website else None
    written = facts(exhibition, "fr")
    outputs = []
    locate = content_locator(ctx.content)
    for fmt in (fmt for fmt in formats if ctx.wants(fmt.variant)):
        width, height = fmt.trim_mm
        values = dict(
            ex=exhibition, fmt=fmt, qr=qr, fonts_url=ctx.fonts.resolve().as_uri() + "/",
            scale=min(width / reference[0], height / reference[1]),
            safe_mm=max(safe_min, min(width, height) * safe_percent / 100),
            facts=written,
        )
        path = f"{FOLDER}/" + file_name.format(variant=fmt.variant, size=size_name(fmt.trim_mm))
        pdf = render_html(lambda settings, v=values: template.render(**v, **settings.context()),
                          ctx.layouts, SandboxFetcher(ctx.roots), path, fit, locate).pdf
        job = PressJob(title=f"{exhibition.title.fr} — affiche {fmt.variant}",
                       trim_mm=fmt.trim_mm, bleed_mm=fmt.bleed_mm, created=ctx.created)
        outputs.append(Output(path, NAME, fmt.variant, fmt.trim_mm, fmt.bleed_mm, 1,
                              finish(pdf, job, ctx.press),
                              qr_pages={0: (exhibition.website,)} if qr else {}))
    return outputs
