"""The web site the labels' QR codes open (`web/`): a page per object and the exhibition's page.

Uploading `web/` to the folder that `qr_base_url` names makes every code built from it resolve:
`<qr_base_url><id>` is the folder `web/<id>/`, whose `index.html` a web server returns. The pages
are static, French and English, phone first, and load nothing from another site: their stylesheet,
the kit's fonts (WOFF2 subsets) and the photos are files of `web/`, and the screen leaflet is
offered for download from it, and so are the large-print texts and the easy-to-read edition,
which has a page of its own (`facile-a-lire/`). Stages: `spec` (layouts/web.yaml), `pages` (the templates),
`assets` (fonts and photos), `codes` (which QR codes the site serves, said at the end of the build).
"""

from __future__ import annotations

from ...content import Content
from ...i18n import _
from ..base import BuildContext, Output
from ..screen import screen_file, srgb_palette, visit_order
from .assets import fingerprint, web_logo, web_photo, woff2_subset
from .codes import check_ids, codes_notes
from .pages import (
    EASY_READ,
    STATEMENT,
    environment,
    page_values,
    render_artefact,
    render_easy_read,
    render_index,
    render_statement,
)
from .spec import WebSpec, read_spec

NAME = "web"
FOLDER = "web"
CSS_STAND_IN = "assets/site-stylesheet.css"  # replaced by the real name once the fonts are cut
ASCII = {chr(code) for code in range(32, 127)}
JPEG_MAGIC = b"\xff\xd8"
LOGO_HEIGHT_PX = 120  # a logo's pixels: twice the 60 px (3.75rem) it is shown, for 2× screens
# the site offers the screen leaflet, the large-print office file and the easy-to-read booklet
AFTER = ("leaflet", "booklet", "easy-read")


def needs(content: Content) -> str | None:
    return None  # exhibition.yaml alone makes the exhibition's page


def offered_leaflets(ctx: BuildContext) -> list[Output]:
    """The screen leaflets to offer: the leaflet's own when this build made it (the same bytes,
    rendered once), else rendered here (`build --only web`)."""
    from .. import leaflet_screen

    if "leaflet" in ctx.earlier:
        return [output for output in ctx.earlier["leaflet"]
                if output.use == "screen" and output.is_pdf]
    return leaflet_screen.screen_leaflets(ctx) if ctx.content.timeline else []


def offered_booklets(ctx: BuildContext) -> list[Output]:
    """The large-print booklets' office files (A4, printed at 100 % at home or at the desk), one
    a language: the booklet's own when this build made them, else rendered here; none without
    artefacts."""
    from .. import booklet

    if "booklet" in ctx.earlier:
        made = ctx.earlier["booklet"]
    else:
        made = booklet.build(ctx) if booklet.needs(ctx.content) is None else []
    return [output for output in made if output.use == "office"]


def offered_easy_read(ctx: BuildContext) -> list[Output]:
    """The easy-to-read booklets (one a language): the edition's own when this build made them,
    else rendered here; none when the content gives no easy-read text."""
    from .. import easyread

    if "easy-read" in ctx.earlier:
        return [output for output in ctx.earlier["easy-read"] if output.is_pdf]
    return easyread.build(ctx) if easyread.needs(ctx.content) is None else []


def build(ctx: BuildContext) -> list[Output]:
    spec = read_spec(ctx.layouts, ctx.fonts, ctx.report, ctx.languages)
    ctx.report.raise_if_errors()
    assert spec is not None
    content = ctx.content
    ordered = visit_order(content.artefacts or ())
    check_ids(ordered, ctx.report)
    ctx.report.raise_if_errors()

    outputs: list[Output] = []
    leaflet: dict[str, dict] = {}
    for pdf in offered_leaflets(ctx):
        name = pdf.path.rsplit("/", 1)[-1]
        outputs.append(screen_file(f"{FOLDER}/{name}", NAME, f"leaflet-{pdf.lang}", pdf.data))
        size = f"{max(1, round(len(pdf.data) / 1000))} {spec.words[pdf.lang]['kilobytes']}"
        leaflet[pdf.lang] = {"href": name, "size": size}

    booklet: dict[str, dict] = {}
    for large_print in offered_booklets(ctx):
        name = large_print.path.rsplit("/", 1)[-1]
        main = large_print.lang == ctx.main_language
        outputs.append(screen_file(f"{FOLDER}/{name}", NAME,
                                   "large-print" if main else f"large-print-{large_print.lang}",
                                   large_print.data))
        booklet[large_print.lang] = {
            "href": name, "size": f"{max(1, round(len(large_print.data) / 1000))} "
                                  f"{spec.words[large_print.lang]['kilobytes']}"}

    easy_files: dict[str, dict] = {}
    for pdf in offered_easy_read(ctx):
        name = pdf.path.rsplit("/", 1)[-1]
        outputs.append(screen_file(f"{FOLDER}/{name}", NAME, f"easy-read-{pdf.lang}", pdf.data))
        easy_files[pdf.lang] = {"href": name, "size": f"{max(1, round(len(pdf.data) / 1000))} "
                                                      f"{spec.words[pdf.lang]['kilobytes']}"}

    env = environment(ctx.layouts, srgb_palette(ctx.palette, ctx.press.icc), ctx.main_language)
    values = page_values(content, ctx.languages, spec.words, CSS_STAND_IN, leaflet, booklet)
    values["easy_read"] = f"{EASY_READ}/" if easy_files else None
    picture = picture_output(ctx, "image", "", spec, outputs)
    logos = [logo_output(ctx, partner.key, partner.name, outputs)
             for partner in content.exhibition.partners]
    pages = {f"{FOLDER}/index.html": render_index(env, values, ordered, picture, logos),
             f"{FOLDER}/{STATEMENT}/index.html": render_statement(env, values)}
    photos = {"exhibition": picture} if picture else {}
    for index, artefact in enumerate(ordered):
        photo = picture_output(ctx, artefact.field("image"), f"{artefact.id}/", spec, outputs) \
            if artefact.image else None
        if photo:
            photos[artefact.id] = {**photo, "src": f"{artefact.id}/{photo['src']}"}
        previous = ordered[index - 1] if index else None
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        pages[f"{FOLDER}/{artefact.id}/index.html"] = render_artefact(
            env, values, artefact, previous, following, photo)
    if easy_files:
        pages[f"{FOLDER}/{EASY_READ}/index.html"] = render_easy_read(env, values, content,
                                                                     photos, easy_files)
    ctx.report.raise_if_errors()

    characters = ASCII | set("".join(page.decode() for page in pages.values()))
    characters |= {ch for text in (str.upper, str.lower) for ch in text("".join(characters))}
    fonts = []
    for font in spec.fonts:
        data = woff2_subset(ctx.fonts / font.file, characters)
        path = f"assets/{font.file.rsplit('.', 1)[0].lower()}-{fingerprint(data)}.woff2"
        outputs.append(screen_file(f"{FOLDER}/{path}", NAME, "font", data))
        fonts.append({"family": font.family, "weight": font.weight, "url": path[len("assets/"):]})
    css = env.get_template("web/site.css.j2").render(fonts=fonts, langs=ctx.languages).encode()
    css_path = f"assets/site-{fingerprint(css)}.css"
    outputs.append(screen_file(f"{FOLDER}/{css_path}", NAME, "stylesheet", css))
    for path, html in pages.items():
        html = html.replace(CSS_STAND_IN.encode(), css_path.encode())
        outputs.append(screen_file(path, NAME, "page", html))

    check_budget(ctx, spec.page_budget_kb, pages, len(css) + sum(
        len(o.data) for o in outputs if o.variant == "font"))
    ctx.notes += codes_notes(content, ordered)
    return outputs


def picture_output(ctx: BuildContext, key: str, folder: str, spec: WebSpec,
                   outputs: list[Output]) -> dict | None:
    """A photo of the content (an object's, the exhibition's picture) beside the page that shows
    it, in `folder` of the site. The file was read and checked with the build's other pictures
    (expoprint.images), which refused anything unusable naming its key."""
    source = ctx.pictures.get(key) if ctx.pictures else None
    if source is None or source.kind != "raster":
        return None
    photo = web_photo(source, spec.photo_width_px, spec.photo_quality, ctx.press.icc)
    name = f"photo-{fingerprint(photo.data)}.jpg"
    outputs.append(screen_file(f"{FOLDER}/{folder}{name}", NAME, "photo", photo.data))
    return {"src": name, "width": photo.width, "height": photo.height}


def logo_output(ctx: BuildContext, key: str, name: str, outputs: list[Output]) -> dict:
    """A partner's logo for the exhibition's page, its partner's name for its `alt`."""
    source = ctx.pictures.get(key) if ctx.pictures else None
    if source is None:
        return {"name": name}  # shown as the name, in words
    logo = web_logo(source, LOGO_HEIGHT_PX, ctx.press.icc)
    suffix = "jpg" if logo.data.startswith(JPEG_MAGIC) else "png"
    file = f"logo-{fingerprint(logo.data)}.{suffix}"
    if all(output.path != f"{FOLDER}/{file}" for output in outputs):  # two partners, one file
        outputs.append(screen_file(f"{FOLDER}/{file}", NAME, "logo", logo.data))
    return {"name": name, "src": file, "width": logo.width // 2, "height": logo.height // 2}


def check_budget(ctx: BuildContext, budget_kb: float, pages: dict[str, bytes], shared: int) -> None:
    """A page with its stylesheet and fonts over the layout's budget is named (a warning)."""
    for path, html in pages.items():
        weight = (len(html) + shared) / 1000
        if weight > budget_kb:
            ctx.report.warn(path, None, "",
                            _("weighs {weight:.0f} KB with its stylesheet and fonts, over the "
                              "{budget:g} KB a phone on a weak signal opens quickly").format(
                                weight=weight, budget=budget_kb),
                            _("shorten the longest texts, or split the objects' list"))

