"""The visitor leaflet: an A4 roll-fold to DL with the timeline (`layouts/leaflet.html.j2`).

One PDF per language the content carries; an English leaflet falls back to the French text
field by field, and says which fields it had to borrow. The exhibition's picture takes the top of
the cover; the partners' logos stand at the foot of the back panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from ..content import Content, Prose, walk_text
from ..content.fields import language_name
from ..content.history_text import span_parts
from ..errors import ExpoprintError, Problem
from ..facts import facts
from ..i18n import _
from ..images import partners, place
from ..images.pdf import Overlay, overlay
from ..images.pictures import Placement, Ready
from ..layouts import Format, number, pair, read_fit, read_layout
from ..mapping import grouped, translated_key, translated_name
from ..press import PressJob, finish
from ..qr import encode
from ..typography import bind_short_words, format_number
from ..wordfit import Cap, fitting, widest_word_em
from .base import BuildContext, Output, content_locator, size_name
from .leaflet_screen import screen_leaflets
from .words import read_words

NAME = "leaflet"
MM_PER_PT = 25.4 / 72
FOLDER = "leaflet"


IGNORES = ("artefacts",)


def parts(ctx: BuildContext) -> list[str]:
    return list(ctx.languages)


def needs(content: Content) -> str | None:
    return None if content.timeline else _("the content folder has no timeline.yaml")


def panel_widths(spec, key: str, total: float) -> tuple[float, ...] | None:
    node = spec.values.get(key)
    items = getattr(node, "value", None)
    try:
        widths = tuple(float(item.value) for item in items)
    except (TypeError, ValueError, AttributeError):
        spec.error(key, _("should be a list of panel widths in mm"),
                   _("e.g. {example}").format(example="[97, 100, 100]"))
        return None
    if abs(sum(widths) - total) > 0.01:
        spec.error(key, _("panels add up to {sum:g} mm, the sheet is {total:g} mm wide").format(
            sum=sum(widths), total=total), _("make the widths add up to the trim width"))
        return None
    return widths


def fallbacks(ctx: BuildContext, lang: str) -> None:
    """Fields with no text in `lang` print in the main language in that leaflet: say which, once
    a field and a language."""
    content = ctx.content
    main = content.main_language
    sources = [(content.exhibition, content.folder / "exhibition.yaml"),
               (content.timeline, content.folder / "timeline.yaml")]
    missing = [(str(source), path) for model, source in sources
               for path, text in walk_text(model) if isinstance(text, Prose) and not text.has(lang)
               and path != "image.alt"]  # the picture's text for screens is not printed
    for source, path in missing:
        key = KEYS.get(path, path)
        ctx.report.warn(source, None, translated_key(key, lang, main),
                        _("has no {language} text; the {language} leaflet prints the "
                          "{main}").format(language=language_name(lang),
                                           main=language_name(main)),
                        _("add `{key}:`").format(key=translated_name(key, lang, main)))


KEYS = {"partners_heading": "partners.heading"}  # model fields whose content key differs


def build(ctx: BuildContext) -> list[Output]:
    from ..html import SandboxFetcher, jinja_env, render_html  # WeasyPrint: imported when used

    spec = read_layout(ctx.layouts, "leaflet.yaml", ctx.report)
    if spec is None:
        return []
    spec.check_keys(["schema", "template", "file_name", "variant", "trim_mm",
                     "outside_panels_mm", "inside_panels_mm", "fold_clearance_mm",
                     "trim_margin_mm", "fold_overrun_mm", "base_pt", "fit",
                     "timeline_capacity_chars", "words", "picture", "partners", "title"])
    template_name = spec.text("template", required=True, example="leaflet.html.j2")
    file_name = spec.text("file_name", required=True, example="depliant-{variant}-{size}.pdf")
    variant = spec.text("variant", required=True, example="A4-DL")
    trim = pair(spec, "trim_mm")
    fold_clearance = number(spec, "fold_clearance_mm")
    trim_margin = number(spec, "trim_margin_mm")
    overrun = number(spec, "fold_overrun_mm", positive=False)
    if overrun is not None and fold_clearance is not None and overrun >= fold_clearance:
        reaches = _("{overrun:g} mm reaches the text beside the fold ({clearance:g} mm away)")
        spec.error("fold_overrun_mm", reaches.format(overrun=overrun, clearance=fold_clearance),
                   _("keep it under fold_clearance_mm, e.g. 1.5"))
    outside = inside = None
    if trim:
        outside = panel_widths(spec, "outside_panels_mm", trim[0])
        inside = panel_widths(spec, "inside_panels_mm", trim[0])
    base_pt = number(spec, "base_pt")
    fit = read_fit(spec)
    capacity = number(spec, "timeline_capacity_chars")
    words = read_words(spec, ctx.languages)
    picture = spec.mapping("picture")
    if picture:
        picture.check_keys(["cover_height"])
    cover_height = pair(picture, "cover_height", required=False,
                        what=_("[least, most] shares of the height"),
                        example="[0.4, 0.5]") if picture else None
    strip_spec = place.read_strip_spec(spec)
    title = read_title(spec)
    ctx.report.raise_if_errors()
    assert template_name and file_name and variant and trim and outside and inside and base_pt

    fmt = Format(variant, trim, ctx.press.bleed_mm)
    exhibition, timeline = ctx.content.exhibition, ctx.content.timeline
    assert timeline is not None and capacity
    check_capacity(ctx, timeline, int(capacity))
    folds = (tuple(accumulate(outside[:-1])), tuple(accumulate(inside[:-1])))
    art = compose(ctx, fmt, outside, trim_margin, fold_clearance, overrun,
                  cover_height or (0.4, 0.5), strip_spec)
    qr = encode(exhibition.website) if exhibition.website else None
    outputs = []
    for lang in (lang for lang in ctx.languages if ctx.wants(lang)):
        if lang != ctx.main_language:
            fallbacks(ctx, lang)
        template = jinja_env(ctx.layouts, ctx.fonts, lang, ctx.palette,
                             ctx.main_language).get_template(template_name)
        values = dict(
            ex=exhibition, timeline=timeline, fmt=fmt, outside=outside, inside=inside,
            fold_clearance=fold_clearance, trim_margin=trim_margin, overrun=overrun,
            base_pt=base_pt, words=words[lang], qr=qr, title_em=title.size_em,
            title_cap=cover_title_cap(ctx, title, lang, outside[2] - trim_margin - fold_clearance,
                                      base_pt * fit["cover"].high if "cover" in fit else base_pt),
            facts=facts(exhibition, lang),
            events=[(event, span_parts(event.date, event.end, lang)) for event in timeline.events],
            split=balanced_split(timeline, lang),
            figures=[(format_number(f.value, lang), f.label) for f in timeline.figures],
            **art["values"],
        )
        name = file_name.format(variant=variant, size=size_name(trim))
        if lang != ctx.main_language:
            name = name.replace(".pdf", f"-{lang}.pdf")
        path = f"{FOLDER}/{name}"
        served = ctx.pictures.served if ctx.pictures else None
        pdf = render_html(lambda settings, t=template, v=values: t.render(**v, **settings.context()),
                          ctx.layouts, SandboxFetcher(ctx.roots, served), path, fit,
                          locate=content_locator(ctx.content), fonts=ctx.fonts).pdf
        pdf = overlay(pdf, art["overlays"])
        job = PressJob(title=f"{exhibition.title.get(lang)} — {words[lang]['leaflet']}",
                       trim_mm=trim, bleed_mm=fmt.bleed_mm, created=ctx.created,
                       folds_mm=folds, language=lang)
        outputs.append(Output(path, NAME, variant if lang == ctx.main_language else f"{variant}-{lang}", trim,
                              fmt.bleed_mm, 2, finish(pdf, job, ctx.press), lang=lang,
                              qr_pages={0: (exhibition.website,)} if qr else {}, folds_mm=folds))
    return outputs + screen_leaflets(ctx)  # its screen twin: `--only leaflet` makes both


@dataclass(frozen=True)
class CoverTitle:
    """`title:` of leaflet.yaml: the cover title's size in ems of the cover's type, the least
    size its longest word is set at on one line before it is hyphenated, its font's file."""

    size_em: float = 3.05
    floor_pt: float = 20.0
    font: str = "EBGaramond12-Regular.ttf"


def read_title(spec) -> CoverTitle:
    default = CoverTitle()
    t = spec.mapping("title")
    if t is None:
        return default
    t.check_keys(["size_em", "floor_pt", "font"])
    return CoverTitle(number(t, "size_em", default=default.size_em) or default.size_em,
                      number(t, "floor_pt", default=default.floor_pt) or default.floor_pt,
                      t.text("font") or default.font)


def cover_title_cap(ctx: BuildContext, title: CoverTitle, lang: str, width_mm: float,
                    cover_pt: float) -> Cap:
    """How far the cover's title (in `lang`) may be scaled, its type `cover_pt` at the cover
    group's largest, for its longest word to hold on a line of the cover's `width_mm`: a
    25-letter word is set smaller, or hyphenated at `floor_pt`, never refused."""
    from ..html.templates import tr

    size_pt = title.size_em * cover_pt
    widest = widest_word_em(bind_short_words(tr(ctx.content.exhibition.title, lang, ctx.main_language)),
                            ctx.fonts / title.font) * size_pt * MM_PER_PT
    return fitting(widest, width_mm, title.floor_pt / size_pt)


def compose(ctx: BuildContext, fmt: Format, outside: tuple[float, ...], margin: float,
            clearance: float, overrun: float, cover_height: tuple[float, float],
            strip_spec: place.StripSpec) -> dict:
    """The cover's picture and the back panel's logos: laid out, checked, converted."""
    values: dict = {"pic": None, "photo": None, "strip": None}
    drawn: list[Overlay] = []
    art = {"values": values, "overlays": drawn}
    pictures, exhibition = ctx.pictures, ctx.content.exhibition
    if pictures is None:
        return art
    b, height = fmt.bleed_mm, fmt.trim_mm[1]
    shown = str(ctx.content.folder / "exhibition.yaml")
    photo = pictures.get("image") if exhibition.image else None
    if photo:
        cover = place.leaflet_cover(outside[0] + outside[1], outside[2], height, b, overrun,
                                    margin, clearance, photo.aspect, cover_height)
        placement = Placement(_("the leaflet's cover"), (cover.photo.w, cover.photo.h))
        pictures.check(photo, [placement], ctx.report)
        ctx.report.raise_if_errors()
        values["pic"] = cover
        values["photo"] = pictures.ready(photo, [placement.drawn_mm(photo.aspect)], ctx.report,
                                         ctx.palette.get("primary"))
    # The back panel's foot: the partners' strip, and above it, centred, the organiser's own
    # logo, larger; the panel's text box gives up their height.
    own = partners.organiser(pictures, exhibition, strip_spec, 1.0)
    if exhibition.partners or own:
        x, width = b + outside[0] + clearance, outside[1] - 2 * clearance
        bottom, where = b + height - margin, _("the leaflet's back panel")
        floors = (place.PPI_FLOOR, place.PPI_GOOD)
        shown_logos: list[tuple[str, Ready, place.Box]] = []
        foot, heading, top = 0.0, 0.0, bottom
        if exhibition.partners:
            strip = partners.plan(pictures, exhibition, width, strip_spec, 1.0,
                                  _("the foot of the leaflet's back panel"), shown, ctx.report)
            ctx.report.raise_if_errors()
            assert strip is not None
            top = bottom - strip.height
            logos = partners.ready_logos(pictures, exhibition, [(where, strip, floors)],
                                         (0, 0, 0, 0), ctx.report)[0]
            shown_logos = [(logo.name, logo.ready, logo.box.moved(x, top)) for logo in logos]
            foot, heading = strip.height, strip.heading
        if own:
            gap = 2 * strip_spec.row_gap_mm if foot else 0.0
            box = place.Box(x + (width - own[0]) / 2, bottom - foot - gap - own[1], *own)
            logo = partners.ready_organiser(pictures, exhibition, [(where, box, floors)],
                                            (0, 0, 0, 0), ctx.report)[0]
            shown_logos.insert(0, (logo.name, logo.ready, box))
            foot += gap + own[1]
        values["strip"] = dict(x=x, w=width, top=top, heading=heading, foot=foot + 8,
                               logos=shown_logos)
        drawn += [Overlay(0, ready.logo, box.x, box.y, box.w, box.h)  # type: ignore[arg-type]
                  for _name, ready, box in shown_logos if ready.kind == "pdf"]
    return art


def check_capacity(ctx: BuildContext, timeline, capacity: int) -> None:
    """Fail at once, naming the longest events, when the timeline holds far more text than its
    two panels can at their smallest type: laying it out would take minutes to say the same."""
    for lang in ctx.languages:
        lengths = [(len(e.text.get(lang)) + len(e.title.get(lang) if e.title else ""), index)
                   for index, e in enumerate(timeline.events, 1)]
        total = sum(length for length, _index in lengths)
        if total > capacity:
            longest = ", ".join(f"events[{index}] ({grouped(length)})" for length, index in
                                sorted(lengths, reverse=True)[:3])
            message = _("the events hold {total} characters; the leaflet's two timeline panels "
                        "hold about {capacity}") if lang == "fr" else \
                _("the events hold {total} characters in English; the leaflet's two timeline "
                  "panels hold about {capacity}")
            raise ExpoprintError(Problem(
                str(ctx.content.folder / "timeline.yaml"), None, "events",
                message.format(total=grouped(total), capacity=grouped(capacity)),
                _("shorten the longest: {events}").format(events=longest)))


def balanced_split(timeline, lang: str) -> int:
    """How many events go on the first timeline panel: the split that leaves the two panels'
    text lengths closest. Both panels start under the heading (the second under an invisible
    copy, so their events align), so the heading weighs on neither: counting it on the first
    alone sent one event there and three to the second, a panel two-thirds empty."""
    weights = [len(e.text.get(lang)) + 2 * len(e.title.get(lang) if e.title else "") + 120
               for e in timeline.events]
    totals = [abs(sum(weights[:k]) - sum(weights[k:])) for k in range(len(weights) + 1)]
    return totals.index(min(totals))
