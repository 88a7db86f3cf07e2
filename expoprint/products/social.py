"""The announcement for social networks and the slide for the venue's screens (`social/`).

The poster's design on a screen's pixels (`layouts/social.html.j2`): laid out by WeasyPrint with
the same fit groups as the poster (a long title steps its type down, nothing is clipped), then
drawn by pdfium at one image pixel per CSS pixel. The PNG is sRGB (the palette through the press
profile, the profile embedded) and carries its alternative text, to paste beside the picture when
it is posted.
"""

from __future__ import annotations

import io

from ..content import Content
from ..facts import facts
from ..i18n import _
from ..layouts import pair, read_fit, read_layout
from ..yamlnodes import Mapping
from .base import BuildContext, Output, content_locator
from .screen import screen_file, srgb_palette

NAME = "social"
IGNORES = ("timeline", "artefacts")  # the poster's facts only
FOLDER = "social"
PT_PER_PX = 0.75  # CSS: 96 px to the inch, 72 pt


def needs(content: Content) -> str | None:
    return None  # exhibition.yaml alone is enough


def build(ctx: BuildContext) -> list[Output]:
    from ..html import SandboxFetcher, jinja_env, render_html

    spec = read_layout(ctx.layouts, "social.yaml", ctx.report)
    if spec is None:
        return []
    spec.check_keys(["schema", "template", "formats", "fit"])
    template_name = spec.text("template", required=True, example="social.html.j2")
    fit = read_fit(spec)
    formats = []
    for index, node in spec.sequence("formats", required=True, example="- {variant: 1080x1080, …}"):
        entry = Mapping.of(node, spec.file, f"formats[{index}]", ctx.report)
        if entry is None:
            continue
        entry.check_keys(["variant", "file", "size_px"])
        variant = entry.text("variant", required=True, example="1080x1080", max_len=20)
        file = entry.text("file", required=True, example="annonce-1080x1080.png")
        size = pair(entry, "size_px", what=_("[width, height] in pixels"), example="[1080, 1080]")
        if variant and file and size:
            formats.append((variant, file, (round(size[0]), round(size[1]))))
    ctx.report.raise_if_errors()
    assert template_name

    env = jinja_env(ctx.layouts, ctx.fonts, "fr", ctx.palette)
    env.globals["palette"] = srgb_palette(ctx.palette, ctx.press.icc)
    template = env.get_template(template_name)
    exhibition = ctx.content.exhibition
    written = facts(exhibition, "fr")
    alt = alternative_text(ctx, written)
    outputs = []
    for variant, file, size in formats:
        values = dict(ex=exhibition, size=size, facts=written)
        path = f"{FOLDER}/{file}"
        pdf = render_html(lambda settings, v=values: template.render(**v, **settings.context()),
                          ctx.layouts, SandboxFetcher(ctx.roots), path, fit,
                          content_locator(ctx.content), fonts=ctx.fonts).pdf
        outputs.append(screen_file(path, NAME, variant, picture(pdf, size, alt)))
    return outputs


def alternative_text(ctx: BuildContext, written: dict) -> str:
    from ..html import tr

    ex = ctx.content.exhibition
    parts = [tr(ex.kind, "fr"), tr(ex.title, "fr"), tr(ex.subtitle, "fr"), written["dates"],
             written["hours"], f"{tr(ex.venue.name, 'fr')}, {written['address']}",
             tr(ex.admission, "fr") if ex.admission else written["prices_line"]]
    return ". ".join(part for part in parts if part) + "."


def picture(pdf: bytes, size: tuple[int, int], alt: str) -> bytes:
    """The first page's top `size` pixels as an sRGB PNG (the page runs longer below: room to
    measure an overflow whole, never drawn)."""
    import pypdfium2
    from PIL import PngImagePlugin

    from ..colours import srgb_profile

    height = size[1]
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        below = page.get_height() - height * PT_PER_PX
        image = page.render(scale=1 / PT_PER_PX, crop=(0, below, 0, 0)).to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != size:  # a pixel lost to rounding at the edge
        image = image.resize(size)
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Description", alt, lang="fr")
    out = io.BytesIO()
    # zlib's default level: 1.5 % larger than `optimize`, in a third of the time (47 against
    # 157 ms for the 1920×1080 screen image).
    image.save(out, "PNG", compress_level=6, icc_profile=srgb_profile(), pnginfo=info)
    return out.getvalue()
