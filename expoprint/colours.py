"""Colours as a reader sees them: an exhibition's own colours, and which role each can play.

A `style` in exhibition.yaml replaces roles of the layout palette (primary, accent, paper,
highlight); `choose_roles` then gives every role the templates set text in a colour that reads
there, as a designer keeps a brand's light orange for rules and badges and sets no text in it.
Contrast is judged the way WCAG does, on the colours the press will print: each CMYK colour goes
through the output intent's profile (LittleCMS, via Pillow's ImageCms) to sRGB, not through a
naive formula that calls a rich navy and a dull grey the same. `text_role` keeps text under
12 pt in one ink.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .content.model import Exhibition
from .errors import Problem, Report
from .i18n import _

CMYK = tuple[float, float, float, float]
TEXT, LARGE = 4.5, 3.0  # WCAG AA: text, and type of 12 pt and more (also the least between grounds)
SINGLE_INK_BELOW_PT = 11.95  # the preflight's 12 pt, less its tolerance for a size's rounding
INK_THRESHOLD = 0.02  # a component under 2 % is not an ink (as the preflight counts)


def tint(colour: CMYK) -> CMYK:
    """A lighter shade of a colour, for the motif and the timeline's line."""
    cyan, magenta, yellow, black = colour
    return (round(cyan * 0.9, 3), round(magenta * 0.85, 3), round(yellow * 0.8, 3),
            round(black * 0.5, 3))


def apply_style(palette: dict[str, CMYK], exhibition: Exhibition) -> dict[str, CMYK]:
    """The palette with the exhibition's own colours in place of the layout's."""
    style = dict(exhibition.style)
    if not style:
        return palette
    merged = {**palette, **style}
    if "primary" in style:
        merged["primary_tint"] = tint(style["primary"])
    return merged


@cache
def _transform(icc: Path):
    """The profile's own tables, not LittleCMS's optimised resampling of them: a build converts
    a dozen colours, and building the resampled table took 20 to 50 ms of every build (its
    grid also moved colours by up to 6 levels of 255)."""
    from PIL import ImageCms

    from .images.colour import output_profile

    return ImageCms.buildTransform(
        output_profile(icc), ImageCms.createProfile("sRGB"), "CMYK", "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, flags=ImageCms.Flags.NOOPTIMIZE)


@cache
def srgb_profile() -> bytes:
    """LittleCMS's sRGB profile to embed in screen images, with its creation date cleared:
    the same picture must give the same bytes whatever day it is made."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes(12)  # the header's date and time
    return bytes(data)


def to_srgb(colour: CMYK, icc: Path) -> tuple[int, int, int]:
    from PIL import Image, ImageCms

    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in colour))
    return ImageCms.applyTransform(pixel, _transform(icc)).getpixel((0, 0))


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def rgb_contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio of two sRGB colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast(first: CMYK, second: CMYK, icc: Path) -> float:
    """The ratio of two press colours as they print: through the output profile to sRGB."""
    return rgb_contrast(to_srgb(first, icc), to_srgb(second, icc))



def inks(colour: CMYK) -> int:
    """How many plates print a colour (components over 2 %, as the preflight counts them)."""
    return sum(value > INK_THRESHOLD for value in colour)


# The roles the templates set text in, chosen from the others; each holds a colour that reads
# where it is used, whatever the exhibition's `style` gives.
CHOSEN = ("primary_type", "accent_type", "badge", "on_badge")


@dataclass
class Roles:
    """Choosing the roles: the palette being chosen, the measures, and what changed."""

    palette: dict[str, CMYK]
    icc: Path
    style: dict[str, CMYK]
    shown: str
    line: int | None
    notices: list[Problem] = field(default_factory=list)

    def ratio(self, text: str, ground: str) -> float:
        return contrast(self.palette[text], self.palette[ground], self.icc)

    def tell(self, keys: tuple[str, ...], message: str) -> None:
        """A role changed because of the style's `keys` (the first given names the field):
        said, unless the layout's own palette made the choice (nothing for the exhibition's
        author to know)."""
        if given := [key for key in keys if key in self.style]:
            self.notices.append(Problem(self.shown, self.line, f"style.{given[0]}", message,
                                        severity="warning"))


def choose_roles(palette: dict[str, CMYK], exhibition: Exhibition, icc: Path, shown: str,
                 report: Report) -> tuple[dict[str, CMYK], list[Problem]]:
    """Every role given the colour that reads where the templates use it, measured through the
    output profile: a brand's colours are facts a museum cannot change, so a colour too light
    for text is kept for what it can do (rules, dots, badge grounds, large type on the primary)
    and its text goes to the primary or to black. Only a palette on which no text can be read
    is an error (to `report`), naming its fields. Returns the palette with the chosen roles
    (`CHOSEN`) and the warnings saying which role changed and why: they are the brand's, not
    the content's to fix, so `--strict` does not make them errors."""
    roles = Roles(dict(palette), icc, dict(exhibition.style), shown, exhibition.lines.get("style"))
    if not refused(roles, report):
        choose_reversed(roles)
        choose_type(roles)
        choose_badge(roles)
        choose_highlight(roles)
    return roles.palette, roles.notices


def refused(roles: Roles, report: Report) -> bool:
    """A palette of the style's with which no legible text is possible, reported."""
    style, errors = roles.style, len(report.errors)
    if "paper" in style and (black := roles.ratio("text", "paper")) < TEXT:
        report.error(roles.shown, roles.line, "style.paper",
                     _("black text reads at {ratio:.1f}:1 on the paper, under the {least:g}:1 "
                       "text needs: no text can be read on it").format(ratio=black, least=TEXT),
                     _("make `paper` lighter"))
    elif ("primary" in style or "paper" in style) and \
            (apart := roles.ratio("primary", "paper")) < LARGE:
        report.error(roles.shown, roles.line, "style.primary, style.paper",
                     _("the primary colour and the paper are too close ({ratio:.1f}:1, under "
                       "{least:g}:1): headings, rules and the primary's band would not stand "
                       "out from the paper").format(ratio=apart, least=LARGE),
                     _("make `primary` darker or `paper` lighter"))
    if "primary" in style and max(white := roles.ratio("reversed", "primary"),
                                  black := roles.ratio("text", "primary")) < TEXT:
        report.error(roles.shown, roles.line, "style.primary",
                     _("no text reads on the primary colour: white at {white:.1f}:1, black at "
                       "{black:.1f}:1, under the {least:g}:1 text needs").format(
                         white=white, black=black, least=TEXT),
                     _("make `primary` darker"))
    return len(report.errors) > errors


def choose_reversed(roles: Roles) -> None:
    """Text on the primary ground: white, or black on a primary too light for white."""
    if (white := roles.ratio("reversed", "primary")) < TEXT <= roles.ratio("text", "primary"):
        roles.palette["reversed"] = roles.palette["text"]
        roles.tell(("primary",), _("white text reads at {ratio:.1f}:1 on the primary colour, under "
                                "the {least:g}:1 text needs: text on it is set in black").format(
                                    ratio=white, least=TEXT))


def choose_type(roles: Roles) -> None:
    """Type on the paper in the primary's and the accent's places."""
    palette = roles.palette
    primary = roles.ratio("primary", "paper")
    palette["primary_type"] = palette["primary"] if primary >= TEXT else palette["text"]
    if primary < TEXT:
        roles.tell(("primary", "paper"), _("text in the primary colour reads at {ratio:.1f}:1 on the "
                                "paper, under the {least:g}:1 text needs: the primary is kept "
                                "for grounds and rules, and its text is set in black").format(
                                    ratio=primary, least=TEXT))
    accent = roles.ratio("accent", "paper")
    if accent >= LARGE:
        palette["accent_type"] = palette["accent"]
        return
    palette["accent_type"] = palette["primary_type"]
    on_primary = "highlight" not in roles.style and roles.ratio("accent", "primary") >= LARGE
    if on_primary:  # the brand's colour where it reads: large type on the primary ground
        palette["highlight"] = palette["accent"]
    fallback = _("the primary colour") if primary >= TEXT else _("black")
    message = (_("type in the accent colour reads at {ratio:.1f}:1 on the paper, under the "
                 "{least:g}:1 large type needs: the accent is kept for rules, dots, badges and "
                 "large type on the primary colour, and its type on the paper is set in "
                 "{fallback}") if on_primary else
               _("type in the accent colour reads at {ratio:.1f}:1 on the paper, under the "
                 "{least:g}:1 large type needs: the accent is kept for rules, dots and badges, "
                 "and its type is set in {fallback}"))
    roles.tell(("accent", "paper"), message.format(ratio=accent, least=LARGE, fallback=fallback))


def choose_badge(roles: Roles) -> None:
    """A badge (the admission) on the accent with white or black text, whichever reads; on
    the primary when neither does."""
    palette = roles.palette
    white, black = roles.ratio("reversed", "accent"), roles.ratio("text", "accent")
    if max(white, black) >= TEXT:
        palette["badge"] = palette["accent"]
        palette["on_badge"] = palette["reversed"] if white >= black else palette["text"]
        if white < black and palette["reversed"] != palette["text"]:
            roles.tell(("accent",), _("white text reads at {ratio:.1f}:1 on the accent, under the "
                                   "{least:g}:1 text needs: text on its badges is set in "
                                   "black").format(ratio=white, least=TEXT))
        return
    palette["badge"], palette["on_badge"] = palette["primary"], palette["reversed"]
    roles.tell(("accent", "primary"), _("neither white ({white:.1f}:1) nor black ({black:.1f}:1) text reads "
                           "on the accent at the {least:g}:1 text needs: badges take the "
                           "primary colour").format(white=white, black=black, least=TEXT))


def choose_highlight(roles: Roles) -> None:
    """Large type on the primary ground: the highlight, else the accent, else white or black."""
    palette = roles.palette
    if (ratio := roles.ratio("highlight", "primary")) >= LARGE:
        return
    accent = roles.ratio("accent", "primary") >= LARGE
    palette["highlight"] = palette["accent"] if accent else palette["reversed"]
    fallback = _("the accent colour") if accent else _("the primary's text colour")
    roles.tell(("highlight", "primary"),
               _("large type in the highlight colour reads at {ratio:.1f}:1 on the primary "
                 "colour, under the {least:g}:1 it needs: it is set in {fallback}").format(
                   ratio=ratio, least=LARGE, fallback=fallback))


def text_role(palette: dict[str, CMYK], role: str, size_pt: float, ground: str = "paper") -> str:
    """The role text of `size_pt` takes in `role`'s place: the same, unless the text is under
    12 pt and `role` prints in several inks, whose misregistration blurs small letters; then one
    ink, the one that reads on its `ground` (`paper`, `primary` or `badge`)."""
    if size_pt >= SINGLE_INK_BELOW_PT or inks(palette[role]) <= 1:
        return role
    return {"paper": "text", "primary": "reversed", "badge": "on_badge"}[ground]
