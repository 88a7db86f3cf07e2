"""The poster: one template (`layouts/poster.html.j2`), every format of `layouts/poster.yaml`.

With a picture (`image`) the poster composes around it (`images.place.poster_picture`); with
partners, their logos make a strip at its foot. A format whose picture would print under the
format's floor (`ppi` in poster.yaml, by viewing distance) is left out when the parts are
planned, with the pixels it would need: the other formats and products are built. Every other
format is laid out before any is rendered, so logos too many for the foot fail the build at
once; the picture is then converted once, for the largest format, and serves them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import Content
from ..errors import Report
from ..facts import facts
from ..i18n import _
from ..images import partners, place
from ..images.pdf import Overlay, overlay
from ..images.pictures import Placement, Ready, shown
from ..layouts import FitRange, Format, number, pair, read_fit, read_formats, read_layout
from ..mapping import grouped
from ..press import PressJob, finish
from ..qr import QRCode, encode
from ..typography import bind_short_words
from ..wordfit import Cap, fitting, line_count, widest_word_em
from .base import BuildContext, Output, content_locator, size_name

NAME = "poster"
FOLDER = "poster"


IGNORES = ("timeline", "artefacts")


def needs(content: Content) -> str | None:
    return None  # exhibition.yaml alone is enough


@dataclass(frozen=True)
class TitleSpec:
    """`title:` of poster.yaml: the title's type at the reference size, the least scale its
    longest word may be set at before it is hyphenated, and the font that word is measured in."""

    size_mm: float = 37.0
    floor: float = 0.6
    font: str = "EBGaramond12-Regular.ttf"
    subtitle_font: str = "EBGaramond12-Italic.ttf"
    alone_height: tuple[float, float] = (0.3, 0.56)  # the upper part without picture nor motif
    alone_air: float = 0.3  # the share of what the title's block leaves that the sky keeps


def read_title_spec(spec) -> TitleSpec:
    default = TitleSpec()
    t = spec.mapping("title")
    if t is None:
        return default
    t.check_keys(["size_mm", "floor", "font", "subtitle_font", "alone_height", "alone_air"])
    return TitleSpec(number(t, "size_mm", default=default.size_mm) or default.size_mm,
                     number(t, "floor", default=default.floor) or default.floor,
                     t.text("font") or default.font,
                     t.text("subtitle_font") or default.subtitle_font,
                     pair(t, "alone_height", required=False,
                          what=_("[least, most] shares of the height")) or default.alone_height,
                     number(t, "alone_air", default=default.alone_air, positive=False) or 0.0)


@dataclass(frozen=True)
class QrRule:
    """`qr:` of poster.yaml: the QR code sized for the distance it is scanned from."""

    reading_distance_mm: float = 1000.0
    distance_per_size: float = 10.0
    least_mm: float = 22.0

    def width_mm(self, code: QRCode, scale: float) -> float:
        """The code's printed width, quiet zone included: its symbol at least the reading
        distance over `distance_per_size`, and never under `least_mm` at the format's scale."""
        symbol = self.reading_distance_mm / self.distance_per_size
        return max(symbol * code.total_modules / code.size, self.least_mm * scale)


def read_qr_rule(spec) -> QrRule:
    default = QrRule()
    q = spec.mapping("qr")
    if q is None:
        return default
    q.check_keys(["reading_distance_mm", "distance_per_size", "least_mm"])
    return QrRule(
        number(q, "reading_distance_mm", default=default.reading_distance_mm)
        or default.reading_distance_mm,
        number(q, "distance_per_size", default=default.distance_per_size)
        or default.distance_per_size,
        number(q, "least_mm", default=default.least_mm) or default.least_mm)


def title_word_em(ctx: BuildContext, title: TitleSpec, bound: bool = True) -> float:
    """The exhibition title's widest unbreakable word, in ems of the title's font: across the
    band short words are bound to the next (`bound`), in a column beside a picture they are not
    (the template sets them so)."""
    from ..html.templates import tr

    text = tr(ctx.content.exhibition.title, ctx.main_language, ctx.main_language)
    return widest_word_em(bind_short_words(text) if bound else text, ctx.fonts / title.font)


@dataclass
class Art:
    """What one format shows besides its text: the picture's layout and the partners' strip."""

    split: float = 0.0  # where the upper part ends without a picture, from the trim's top
    title_cap: Cap = field(default_factory=lambda: Cap(1.0, False))  # the title's type's cap, for its width
    picture: place.PosterPicture | None = None
    strip: place.Strip | None = None
    strip_origin: tuple[float, float] = (0.0, 0.0)  # mm, the strip's top-left
    strip_w: float = 0.0  # the strip's width: the foot's, less the organiser's slot
    foot: float = 0.0  # the height the strip takes off the facts' frame
    rule_y: float = 0.0  # the hairline above the strip
    photo: Ready | None = None
    logos: list[partners.Logo] = field(default_factory=list)
    organiser_box: place.Box | None = None  # the organiser's logo's slot, absolute
    organiser: partners.Logo | None = None

    def drawn(self) -> list[tuple[str, Ready, place.Box]]:
        """Every logo at the foot with its absolute box: the organiser's, then the partners'."""
        x, y = self.strip_origin
        own = [(self.organiser.name, self.organiser.ready, self.organiser.box)] \
            if self.organiser else []
        return own + [(logo.name, logo.ready, logo.box.moved(x, y)) for logo in self.logos]

    def values(self) -> dict:
        """The template's view: absolute boxes in mm."""
        x, y = self.strip_origin
        return dict(pic=self.picture, photo=self.photo, foot=self.foot, title_cap=self.title_cap,
                    split_alone=self.split,
                    rule_y=self.rule_y if self.foot else None, logos=self.drawn(),
                    strip=self.strip and dict(heading=self.strip.heading, top=y, x=x,
                                              w=self.strip_w))

    def overlays(self) -> list[Overlay]:
        return [Overlay(0, ready.logo, box.x, box.y, box.w, box.h)  # type: ignore[arg-type]
                for _, ready, box in self.drawn() if ready.kind == "pdf"]


def chosen_formats(ctx: BuildContext, formats: list[Format], shown: str) -> list[Format]:
    """The formats of `--format` (case aside), in the layout's order; all when none is named."""
    if not ctx.formats:
        return formats
    known = {fmt.variant.lower(): fmt for fmt in formats}
    for name in ctx.formats:
        if name.lower() not in known:
            ctx.report.error(shown, None, f"--format {name}", _("is not a poster format of the layout"),
                             _("formats: {formats}").format(
                                 formats=", ".join(fmt.variant for fmt in formats)))
    wanted = {name.lower() for name in ctx.formats}
    return [fmt for fmt in formats if fmt.variant.lower() in wanted]


def parts(ctx: BuildContext) -> list[str]:
    """One part a format (those of `--format`, or all, that the picture allows), each built in
    its own process."""
    spec = read_layout(ctx.layouts, "poster.yaml", ctx.report)
    if spec is None:
        return []
    formats = chosen_formats(ctx, read_formats(spec, ctx.press.bleed_mm), spec.file)
    return [fmt.variant for fmt in printable(ctx, spec, formats, ctx.report)]


def printable(ctx: BuildContext, spec, formats: list[Format], report: Report) -> list[Format]:
    """The formats the exhibition's picture prints on at their floor. Each other one is left
    out with a warning naming the pixels it would need (an error with --strict, or when
    --format asked for it): a photo too small for the bus shelter must not stop the leaflet,
    the labels or the A3 poster."""
    photo = ctx.pictures.get("image") if ctx.pictures and ctx.content.exhibition.image else None
    if photo is None or photo.kind != "raster":
        return formats
    reference = pair(spec, "reference_mm")
    safe_min = number(spec, "safe_margin_min_mm") or 5.0
    safe_percent = number(spec, "safe_margin_percent") or 1.5
    picture_spec = place.read_picture_spec(spec)
    if reference is None:
        return formats
    title = read_title_spec(spec)
    word_mm = title_word_em(ctx, title, bound=False) * title.size_mm
    kept = []
    for fmt in formats:
        geometry = frame(fmt, reference, safe_min, safe_percent)
        placement = photo_placement(fmt, geometry, photo.aspect, picture_spec, word_mm,
                                    title_band(ctx, title, picture_spec, fmt, geometry))
        if (needed := ctx.pictures.needs(photo, placement)) is None:
            kept.append(fmt)
            continue
        use = photo.use
        facts = dict(picture=shown(photo), ppi=placement.resolution(photo), format=fmt.variant,
                     floor=f"{fmt.ppi[0]:g}", width=grouped(needed[0]), height=grouped(needed[1]))
        if fmt.variant.lower() in {name.lower() for name in ctx.formats}:
            report.error(use.shown, use.line, use.key,
                         _("{picture} prints at {ppi:.0f} ppi on the {format} poster, under the "
                           "{floor} ppi it needs there").format(**facts),
                         _("use a file of at least {width} × {height} px, or leave out --format "
                           "{format}").format(**facts))
        else:
            report.warn(use.shown, use.line, use.key,
                        _("{picture} prints at {ppi:.0f} ppi on the {format} poster, under the "
                          "{floor} ppi it needs there: the {format} poster is left out").format(
                            **facts),
                        _("for the {format} poster, use a file of at least {width} × {height} "
                          "px").format(**facts))
    return kept


def photo_placement(fmt: Format, geometry: tuple[float, float], aspect: float,
                    picture_spec: place.PictureSpec, word_mm: float, band_mm: float) -> Placement:
    """Where a format's poster prints its picture, with the format's resolution floor;
    `word_mm`: the title's widest word at the title's full size on the reference format,
    `band_mm`: the band its block needs on this format (`title_band`)."""
    scale, safe = geometry
    margin = max(safe, 16 * scale)  # the template's margin
    picture = place.poster_picture(fmt.trim_mm, fmt.bleed_mm, margin, scale, aspect,
                                   picture_spec, word_mm * scale, band_mm)
    return Placement(_("the {format} poster").format(format=fmt.variant),
                     (picture.photo.w, picture.photo.h), ppi=fmt.ppi)


def build(ctx: BuildContext) -> list[Output]:
    from ..html import SandboxFetcher, jinja_env, render_html  # WeasyPrint: imported when used

    spec = read_layout(ctx.layouts, "poster.yaml", ctx.report)
    if spec is None:
        return []
    spec.check_keys(["schema", "template", "file_name", "reference_mm", "safe_margin_min_mm",
                     "safe_margin_percent", "fit", "formats", "picture", "partners", "title",
                     "qr"])
    template_name = spec.text("template", required=True, example="poster.html.j2")
    file_name = spec.text("file_name", required=True, example="affiche-{variant}.pdf")
    reference = pair(spec, "reference_mm")
    safe_min = number(spec, "safe_margin_min_mm") or 5.0
    safe_percent = number(spec, "safe_margin_percent") or 1.5
    formats = chosen_formats(ctx, read_formats(spec, ctx.press.bleed_mm), spec.file)
    formats = printable(ctx, spec, formats, Report())  # said by parts(), once a build
    fit = read_fit(spec)
    picture_spec, strip_spec = place.read_picture_spec(spec), place.read_strip_spec(spec)
    title = read_title_spec(spec)
    qr_rule = read_qr_rule(spec)
    ctx.report.raise_if_errors()
    assert template_name and file_name and reference

    main = ctx.main_language  # a poster speaks the main language only
    template = jinja_env(ctx.layouts, ctx.fonts, main, ctx.palette, main).get_template(template_name)
    exhibition = ctx.content.exhibition
    qr = encode(exhibition.website) if exhibition.website else None
    written = facts(exhibition, ctx.main_language)
    outputs = []
    locate = content_locator(ctx.content)
    geometry = {fmt.variant: frame(fmt, reference, safe_min, safe_percent) for fmt in formats}
    art = compose(ctx, formats, geometry, picture_spec, strip_spec, title)
    for fmt in formats:
        if not art[fmt.variant].picture:
            art[fmt.variant].split = upper_part(ctx, fmt, geometry[fmt.variant], title,
                                                art[fmt.variant].title_cap,
                                                fit.get("title_alone"))
    for fmt in (fmt for fmt in formats if ctx.wants(fmt.variant)):
        scale, safe = geometry[fmt.variant]
        values = dict(
            ex=exhibition, fmt=fmt, qr=qr, title_size_mm=title.size_mm,
            qr_mm=qr_rule.width_mm(qr, scale) if qr else 0.0,
            qr_least_mm=qr_rule.least_mm * scale,
            scale=scale, safe_mm=safe, facts=written, **art[fmt.variant].values(),
        )
        path = f"{FOLDER}/" + file_name.format(variant=fmt.variant, size=size_name(fmt.trim_mm))
        served = ctx.pictures.served if ctx.pictures else None
        pdf = render_html(lambda settings, v=values: template.render(**v, **settings.context()),
                          ctx.layouts, SandboxFetcher(ctx.roots, served), path, fit, locate,
                          fonts=ctx.fonts).pdf
        pdf = overlay(pdf, art[fmt.variant].overlays())
        job = PressJob(title=f"{exhibition.title.main} — affiche {fmt.variant}",
                       trim_mm=fmt.trim_mm, bleed_mm=fmt.bleed_mm, created=ctx.created)
        outputs.append(Output(path, NAME, fmt.variant, fmt.trim_mm, fmt.bleed_mm, 1,
                              finish(pdf, job, ctx.press),
                              qr_pages={0: (exhibition.website,)} if qr else {},
                              ppi=fmt.ppi))
    return outputs


def frame(fmt: Format, reference: tuple[float, float], safe_min: float,
          safe_percent: float) -> tuple[float, float]:
    """A format's scale (of the reference size's type and spacing) and its safe margin."""
    width, height = fmt.trim_mm
    return (min(width / reference[0], height / reference[1]),
            max(safe_min, min(width, height) * safe_percent / 100))


def compose(ctx: BuildContext, formats: list[Format], geometry: dict[str, tuple[float, float]],
            picture_spec: place.PictureSpec, strip_spec: place.StripSpec,
            title: TitleSpec) -> dict[str, Art]:
    """Every format's picture and strip laid out and checked, then each picture converted once
    for the largest place it takes; the title's type capped to hold its widest word."""
    art = {fmt.variant: Art() for fmt in formats}
    word_em, column_em = title_word_em(ctx, title), title_word_em(ctx, title, bound=False)
    for fmt in formats:
        scale, safe = geometry[fmt.variant]
        margin = max(safe, 16 * scale)
        # alone in the upper part, a short word may stand on its line (`free_breaks`)
        alone = word_em if ctx.content.exhibition.motif else column_em
        art[fmt.variant].title_cap = cap_title(alone, title, scale,
                                               fmt.trim_mm[0] - 2 * margin)
    pictures, exhibition = ctx.pictures, ctx.content.exhibition
    if pictures is None:
        return art
    shown = str(ctx.content.folder / "exhibition.yaml")
    photo = pictures.get("image") if exhibition.image else None
    for fmt in formats:
        scale, safe = geometry[fmt.variant]
        margin = max(safe, 16 * scale)  # the template's margin
        width, height = fmt.trim_mm
        if photo:
            one = art[fmt.variant]
            one.picture = place.poster_picture(
                fmt.trim_mm, fmt.bleed_mm, margin, scale, photo.aspect, picture_spec,
                column_em * title.size_mm * scale,
                title_band(ctx, title, picture_spec, fmt, geometry[fmt.variant]))
            one.title_cap = cap_title(column_em if one.picture.mode == "beside" else word_em,
                                      title, scale, one.picture.title.w)
        # The foot: the organiser's logo in its own slot on the left, the partners' strip in
        # the width it leaves; the facts' frame gives up the taller of the two.
        one, bottom = art[fmt.variant], fmt.bleed_mm + height - margin
        own = partners.organiser(pictures, exhibition, strip_spec, scale)
        room = own[0] + 2 * strip_spec.gap_mm * scale if own else 0.0
        one.strip_w = width - 2 * margin - room
        strip = partners.plan(pictures, exhibition, one.strip_w, strip_spec, scale,
                              foot_of(fmt.variant), shown, ctx.report) \
            if exhibition.partners else None
        foot = max(strip.height if strip else 0.0, own[1] if own else 0.0)
        if foot:
            one.foot, one.rule_y = foot + 12 * scale, bottom - foot - 6 * scale
        if strip:
            one.strip, one.strip_origin = strip, (fmt.bleed_mm + margin + room,
                                                  bottom - strip.height)
        if own:
            one.organiser_box = place.Box(fmt.bleed_mm + margin, bottom - own[1], *own)
    if photo:
        placements = [photo_placement(fmt, geometry[fmt.variant], photo.aspect, picture_spec,
                                      column_em * title.size_mm,
                                      title_band(ctx, title, picture_spec, fmt,
                                                 geometry[fmt.variant]))
                      for fmt in formats]
        pictures.check(photo, placements, ctx.report)
    ctx.report.raise_if_errors()
    if photo:  # each format asks for the largest: the build converts once (pictures.cache)
        sizes = [p.drawn_mm(photo.aspect) for p in placements]
        for one in art.values():
            one.photo = pictures.ready(photo, sizes, ctx.report, ctx.palette.get("primary"))
    floors = {fmt.variant: fmt.ppi for fmt in formats}
    strips = [(foot_of(variant), one.strip, floors[variant]) for variant, one in art.items()
              if one.strip]
    if strips:
        logos = partners.ready_logos(pictures, exhibition, strips, ctx.palette["paper"], ctx.report)
        for (variant, one), placed in zip(((v, a) for v, a in art.items() if a.strip), logos,
                                          strict=True):
            assert variant and one.strip
            one.logos = placed
    slots = [(foot_of(variant), one.organiser_box, floors[variant])
             for variant, one in art.items() if one.organiser_box]
    if slots:
        for one, logo in zip((a for a in art.values() if a.organiser_box),
                             partners.ready_organiser(pictures, exhibition, slots,
                                                      ctx.palette["paper"], ctx.report),
                             strict=True):
            one.organiser = logo
    ctx.report.raise_if_errors()
    return art


def foot_of(variant: str) -> str:
    """Where a format's partners' strip goes, in the words of a message."""
    return _("the foot of the {format} poster").format(format=variant)


def cap_title(word_em: float, title: TitleSpec, scale: float, width_mm: float) -> Cap:
    """How far a format's title may be scaled with its widest word on one line of `width_mm`."""
    return fitting(word_em * title.size_mm * scale, width_mm, title.floor)


def upper_part(ctx: BuildContext, fmt: Format, geometry: tuple[float, float], title: TitleSpec,
               title_cap: Cap, alone: FitRange | None) -> float:
    """Where the upper part ends on a poster without a picture. With a motif it keeps the most
    of `alone_height` (the motif fills what the title leaves). Without one, the part is as tall
    as the title's block set at its largest, within `alone_height`, and `alone_air` of the
    height that block leaves, which the template shares above and below the title (centred):
    a title that cannot grow wider than its longest word leaves no wide empty sky, and the
    facts take the rest."""
    low, high = title.alone_height
    height = fmt.trim_mm[1]
    if ctx.content.exhibition.motif:
        return high * height
    scale, safe = geometry
    margin = max(safe, 16 * scale)
    grown = min(alone.high if alone else 1.0, title_cap.scale)
    block = title_block(ctx, title, scale, grown, fmt.trim_mm[0] - 2 * margin, bound=False)
    block += margin + 23 * scale  # the frame's margins, the empty motif's
    return min(max(block + (high * height - block) * title.alone_air, low * height),
               high * height)


def title_band(ctx: BuildContext, title: TitleSpec, picture_spec: place.PictureSpec,
               fmt: Format, geometry: tuple[float, float]) -> float:
    """The band a format's title block needs under a picture across the top, at `band_title`
    of the title's size: the block, the credit line above it and the frame's margins."""
    scale, safe = geometry
    margin = max(safe, 16 * scale)
    return title_block(ctx, title, scale, picture_spec.band_title,
                       fmt.trim_mm[0] - 2 * margin) + 19 * scale


def title_block(ctx: BuildContext, title: TitleSpec, scale: float, grown: float,
                width: float, bound: bool = True) -> float:
    """The height (mm) of the title frame's text at `grown` times the title's size on a format
    of `scale`, in `width`: the kicker, the title's lines (short words `bound` to the next, as
    the template sets them on a band), the subtitle, with the template's sizes and margins (5 %
    more, for what line boxes add)."""
    from ..html.templates import tr

    exhibition, main = ctx.content.exhibition, ctx.main_language
    size = title.size_mm * scale * grown
    text = tr(exhibition.title, main, main)
    lines = line_count(bind_short_words(text) if bound else text, ctx.fonts / title.font, size,
                       width)
    block = lines * 0.96 * size
    if exhibition.kind:
        block += (6 * 1.2 + 5) * scale * grown
    if exhibition.subtitle:
        block += (6 + 1.15 * 10 * line_count(tr(exhibition.subtitle, main, main),
                                             ctx.fonts / title.subtitle_font,
                                             10 * scale * grown, width)) * scale * grown
    if exhibition.occasion:
        block += 5.5 * 1.2 * scale
    return (block + 3 * scale) * 1.05  # and the frame's room for descenders
