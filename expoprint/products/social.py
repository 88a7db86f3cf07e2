"""The announcement for social networks and the slide for the venue's screens (`social/`).

The poster's design on a screen's pixels (`layouts/social.html.j2`): laid out by WeasyPrint with
the same fit groups as the poster (a long title steps its type down, nothing is clipped), then
drawn by pdfium at one image pixel per CSS pixel. The PNG is sRGB (the palette through the press
profile, the profile embedded) and carries its alternative text in each language, also written
beside the images (`social/alt.txt`), to paste beside a picture when it is posted. The images
seen on phones have their text measured as a phone shows it (`legibility.py`): too small or too
faint for its size is a warning naming the text.
"""

from __future__ import annotations

import io

from ..content import Content
from ..errors import ExpoprintError
from ..facts import facts
from ..i18n import _
from ..layouts import number, pair, read_fit, read_layout
from ..mapping import Mapping
from .base import BuildContext, Output, content_locator
from .leaflet_screen import partner_logos
from .legibility import Finding, Rules, findings
from .screen import screen_file, srgb_palette
from .words import read_words

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
    spec.check_keys(["schema", "template", "formats", "fit", "legibility", "words"])
    main = ctx.main_language  # the images speak the main language, as the poster does
    words = read_words(spec, (main,))[main]
    keys = {"hours": "hours_elsewhere", "hours_no_site": "hours_elsewhere_without_site",
            "prices": "prices_elsewhere", "prices_no_site": "prices_elsewhere_without_site"}
    elsewhere = {role: words.get(key) for role, key in keys.items()}
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
    rules, phones = read_rules(spec)
    ctx.report.raise_if_errors()
    assert template_name

    env = jinja_env(ctx.layouts, ctx.fonts, ctx.main_language, ctx.palette, ctx.main_language)
    env.globals["palette"] = srgb_palette(ctx.palette, ctx.press.icc)
    template = env.get_template(template_name)
    exhibition = ctx.content.exhibition
    written = facts(exhibition, ctx.main_language)
    alts = {lang: alternative_text(ctx, lang) for lang in ctx.languages}
    served = picture(ctx, max(max(size) for _, _, size in formats) if formats else 0)
    photo = PHOTO if served else None  # before the logos join what is served
    logos = partner_logos(ctx, served)
    outputs = []
    for variant, file, size in formats:
        phone = rules is not None and variant in phones
        shown = size[0] / rules.phone_px if phone and rules else 0.0  # image px per phone px
        band = logo_band(logos, size)
        values = dict(ex=exhibition, size=size, facts=written, photo=photo,
                      least_px=rules.smallest_px * shown if rules else 0.0,
                      large_bold_px=rules.large_bold_px * shown if rules else 0.0,
                      logos=band[0], band_px=band[1], pitch=True)
        path = f"{FOLDER}/{file}"

        def render_with(shown: dict, left_out: dict, v: dict = values, path: str = path) -> bytes:
            """`shown`: the facts as set; `left_out`: what the image goes without (the pitch,
            the logos)."""
            given = {**v, "facts": shown, **left_out}
            return render_html(lambda settings: template.render(**given, **settings.context()),
                               ctx.layouts, SandboxFetcher(ctx.roots, served), path, fit,
                               content_locator(ctx.content), fonts=ctx.fonts).pdf

        try:
            pdf = render_with(written, {})
        except ExpoprintError as error:
            pdf = facts_elsewhere(ctx, error, written, elsewhere, path, render_with)
        image = render(pdf, size)
        if phone and rules:
            tell_illegible(ctx, path, findings(pdf, image, 1 / PT_PER_PX, size[1], rules), rules)
        outputs.append(screen_file(path, NAME, variant, png(image, alts)))
    text = alt_file([file for _, file, _ in formats], alts)
    outputs.append(screen_file(f"{FOLDER}/{ALT_FILE}", NAME, "alt", text.encode()))
    return outputs


TITLE_FIELDS = ("title", "subtitle", "kind", "occasion")  # the head frame: never given up


def facts_elsewhere(ctx: BuildContext, error: ExpoprintError, written: dict,
                    words: dict[str, str | None], path: str, render_with) -> bytes:
    """An image too small for its facts gives up, in this order, what a designer would take off
    an announcement: a price list (« Tarifs : » and where to find them), a long schedule
    (« Horaires détaillés : »), the pitch, then the logos' band; never a part of a fact (a
    visitor would trust the part), and the build says which image did what. The alternative
    text posted beside the image keeps every fact whole. An overflow of the title stands."""
    website = ctx.content.exhibition.website
    exhibition = ctx.content.exhibition
    said_instead = _("{path}: too long to set legibly there; it says « {line} », and its "
                     "alternative text gives it in full")
    steps = []  # (the field it relieves, the facts it changes, what it leaves out, the note)
    if len(exhibition.prices) > 1 and words["prices"] and words["prices_no_site"]:
        line = words["prices"].format(website=website) if website else words["prices_no_site"]
        steps.append(("admission", {"prices_line": line}, {},
                      said_instead.format(path=path, line=line)))
    if words["hours"] and words["hours_no_site"]:
        line = words["hours"].format(website=website) if website else words["hours_no_site"]
        if len(line) < len(written["hours"]):  # only a schedule longer than where to find it
            steps.append(("hours", {"hours": line, "hours_lines": [line]}, {},
                          said_instead.format(path=path, line=line)))
    if exhibition.highlight:
        steps.append(("highlight", {}, {"pitch": False}, _(
            "{path}: no room left for the highlight; the poster and the leaflet carry it")
            .format(path=path)))
    if exhibition.partners or exhibition.logo:
        steps.append(("logos", {}, {"logos": []}, _(
            "{path}: no room left for the logos; the poster and the leaflet carry them")
            .format(path=path)))
    named = {problem.field for problem in error.problems}
    steps.sort(key=lambda step: step[0] not in named)  # the field the overflow names, first
    shown, left_out = dict(written), {}
    for _field, facts_change, leaves, told in steps:
        if all(problem.field in TITLE_FIELDS for problem in error.problems):
            break  # the facts fit: what is left is the title's own
        shown.update(facts_change)
        left_out.update(leaves)
        ctx.notes.append(told)
        try:
            return render_with(shown, left_out)
        except ExpoprintError as again:
            error = again
    raise error


LOGO_ROW_PX = 64  # a row of logos on a 1080 px image: the strip a poster's foot is, shrunk
LOGO_GAP_PX = 28


def logo_band(logos: list[dict], size: tuple[int, int]) -> tuple[list[dict], float]:
    """The organiser's and the partners' logos at equal area (as on the poster: a wide logo is
    not favoured over a square one), in one row, or two when they are many; their sizes in px
    and the band's height, which the facts leave free at the image's foot."""
    if not logos:
        return [], 0.0
    row = LOGO_ROW_PX * max(size) / 1080 if size[0] <= size[1] else LOGO_ROW_PX
    room = (size[0] * (0.45 if size[0] > size[1] else 1.0)) - 2 * 72
    area = (0.8 * row) ** 2 * 2  # a 2:1 logo at 0.8 of the row's height
    for _step in range(12):
        placed = [{**logo, "h": min(row, (area / logo["aspect"]) ** 0.5)} for logo in logos]
        for logo in placed:
            logo["w"] = logo["h"] * logo["aspect"]
        width = sum(logo["w"] for logo in placed) + LOGO_GAP_PX * (len(placed) - 1)
        rows = 1 if width <= room else 2
        if width <= rows * room - LOGO_GAP_PX * (rows - 1):
            return placed, rows * row + (rows - 1) * LOGO_GAP_PX / 2
        area *= 0.8
    return placed, 2 * row + LOGO_GAP_PX / 2


PHOTO = "file:///expoprint/social-photo.jpg"  # served from memory, never read from disk


def picture(ctx: BuildContext, largest_px: int) -> dict[str, tuple[bytes, str]]:
    """The exhibition's photo as the site shows it (sRGB, at most the largest image's side),
    served to the renderer at `PHOTO`: it takes the motif's place in the images' sky, as on the
    poster. Nothing without a photo (or with a drawing)."""
    from .web.assets import web_photo

    source = ctx.pictures.get("image") if ctx.pictures and ctx.content.exhibition.image else None
    if source is None or source.kind != "raster" or not largest_px:
        return {}
    return {PHOTO: (web_photo(source, largest_px, 85, ctx.press.icc).data, "image/jpeg")}


ALT_FILE = "alt.txt"


def alternative_text(ctx: BuildContext, lang: str) -> str:
    """What the images say, in `lang`: to paste beside them when they are posted."""
    from ..html import tr

    ex = ctx.content.exhibition
    written = facts(ex, lang)
    main = ctx.main_language
    parts = [tr(ex.kind, lang, main), tr(ex.title, lang, main), tr(ex.subtitle, lang, main),
             written["dates"], written["hours"], f"{tr(ex.venue.name, lang, main)}, "
             f"{written['address']}",
             tr(ex.admission, lang, main) if ex.admission else written["prices_line"]]
    return ". ".join(part for part in parts if part) + "."


def alt_file(files: list[str], alts: dict[str, str]) -> str:
    from .web.pages import own_name

    """`social/alt.txt`: the images' alternative text in each language, beside them, for the
    person who posts them (a network asks for it in a field of its own)."""
    lines = [", ".join(files), ""]
    for lang, alt in alts.items():
        lines += [f"{own_name(lang)}:", alt, ""]
    return "\n".join(lines)


def read_rules(spec) -> tuple[Rules | None, list[str]]:
    """`legibility:` of social.yaml, and the formats it is for; no check when a museum's own
    file leaves it out."""
    rules = spec.mapping("legibility")
    if rules is None:
        return None, []
    names = ("phone_width_px", "smallest_px", "large_px", "large_bold_px", "small_contrast",
             "large_contrast")
    rules.check_keys(["phone_formats", *names])
    phones = rules.text_list("phone_formats") or []
    values = [number(rules, name) for name in names]
    if any(value is None for value in values):
        return None, []
    return Rules(*values), phones


def tell_illegible(ctx: BuildContext, path: str, found: list[Finding], rules: Rules) -> None:
    """A warning for each run of text a phone shows too small or too faint."""
    for finding in found:
        if finding.too_small:
            message = _("'{text}' is {shown:.1f} px high on a phone ({width:g} px wide), under "
                        "the {least:g} px it needs to be read")
        else:
            message = _("'{text}' contrasts {ratio:.2f}:1 with its ground, under the {needs:g}:1 "
                        "its size asks for ({shown:.1f} px on a phone {width:g} px wide)")
        ctx.report.warn(path, None, "", message.format(
            text=finding.sample, shown=finding.shown_px, width=rules.phone_px,
            least=rules.smallest_px, ratio=finding.contrast, needs=finding.needs),
            _("set it larger, or in a darker colour (layouts/social.html.j2)"))


def render(pdf: bytes, size: tuple[int, int]):
    """The first page's top `size` pixels (the page runs longer below: room to measure an
    overflow whole, never drawn)."""
    import pypdfium2

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
    return image


def png(image, alts: dict[str, str]) -> bytes:
    """An sRGB PNG carrying its alternative text in each language (iTXt `Description`, tagged
    with its language). The main language's comes last: a reader that keeps one keeps the last."""
    from PIL import PngImagePlugin

    from ..colours import srgb_profile

    info = PngImagePlugin.PngInfo()
    for lang in reversed(list(alts)):
        info.add_itxt("Description", alts[lang], lang=lang)
    out = io.BytesIO()
    # zlib's default level: 1.5 % larger than `optimize`, in a third of the time (47 against
    # 157 ms for the 1920×1080 screen image).
    image.save(out, "PNG", compress_level=6, icc_profile=srgb_profile(), pnginfo=info)
    return out.getvalue()
