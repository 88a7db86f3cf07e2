"""Lay out a template until it is right, then print it: the loop every HTML product shares.

A pass renders the template with two settings, then reads the layout (`measure.py`):
- `fit`: a scale per fit group (`data-fit` on a frame; the layout names each group's range). A
  group whose text overflows steps its type down, one that is under-filled steps it up, within
  the range: the layout adapts to short and long content alike, never by stretching the gaps.
- `protected`: words that broke a hyphenation rule on the previous pass, kept whole on this one.
Most documents settle in one or two passes (at most `MAX_PASSES`). Whatever still overflows at
the end of its range is an error naming the content field that takes the room and by how much;
nothing is ever clipped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..bundled import LayoutFolders
from ..errors import ExpoprintError, Problem
from ..i18n import _
from ..layouts import FitRange
from ..yamlnodes import quote
from .measure import FrameReading, Reading, read_document
from .sandbox import SandboxFetcher

MAX_PASSES = 6
# Pages are laid out this much taller than drawn: WeasyPrint drops what runs past a page's end, and
# an overflow must be measured whole to be stepped down or reported. Press finishing keeps the
# top of each page (the drawing) and leaves this room out of the media.
ROOM_MM = 2000
FILL_LOW, FILL_TARGET = 0.8, 0.92  # under-filled below LOW; grow towards TARGET
GROWTH_EXPONENT = 0.55  # text height grows about as scale²: wrapped lines get longer and more


@dataclass(frozen=True)
class Pass:
    """What a template is told besides the content: `fit[group]` scales and words to keep whole."""

    fit: tuple[tuple[str, float], ...] = ()
    protected: frozenset[str] = frozenset()

    def context(self) -> dict:
        return {"fit": dict(self.fit), "protected": self.protected, "room_mm": ROOM_MM}


@dataclass
class Rendered:
    pdf: bytes
    readings: list[FrameReading] = field(default_factory=list)
    fit: dict[str, float] = field(default_factory=dict)


Locate = Callable[[str], tuple[str, int | None]]  # content field → (file, line)


def render_html(make_html: Callable[[Pass], str], layouts: LayoutFolders, fetcher: SandboxFetcher,
                product: str, fit: dict[str, FitRange] | None = None,
                locate: Locate | None = None, pdf_options: dict | None = None, *,
                fonts: Path) -> Rendered:
    """Render until the layout holds, refuse overflows and outside reads, return the PDF.
    `pdf_options` go to WeasyPrint's `write_pdf` (a tagged or PDF/UA document for screens);
    the layout's font faces (`FONT_FACES`) come from `fonts`."""
    from weasyprint import HTML

    faces, font_config = font_faces(layouts, fonts, read_faces(layouts),
                                    tuple((path.name, path.stat().st_mtime_ns)
                                          for path in sorted(fonts.iterdir())))
    ranges = fit or {}
    state = Pass(tuple((group, 1.0) for group in sorted(ranges)))
    bounds = {group: Bounds() for group in ranges}
    seen: set[Pass] = set()
    best: tuple[Pass, object, Reading] | None = None
    for _attempt in range(MAX_PASSES):
        # a museum's own files are found from its layouts folder (its fonts, a picture)
        document = HTML(string=make_html(state), base_url=str(layouts.folders[0]) + "/",
                        url_fetcher=fetcher).render(stylesheets=[faces], font_config=font_config)
        if fetcher.refused:
            break
        reading = read_document(document)
        if not any(frame.overflows for frame in reading.frames):
            best = (state, document, reading)
        seen.add(state)
        following = Pass(adjust(dict(state.fit), reading.frames, ranges, bounds),
                         state.protected | frozenset(reading.keep_whole))
        if following in seen:
            break
        state = following
    raise_if_refused(fetcher, product)
    if best is None:
        raise ExpoprintError(overflow_problems(reading, dict(state.fit), ranges, product,
                                               locate or (lambda _: (product, None))))
    state, document, reading = best
    return Rendered(document.write_pdf(**(pdf_options or {})), reading.frames, dict(state.fit))


FONT_FACES = "_fonts.css.j2"  # in the layouts: the @font-face rules of every HTML product


def read_faces(layouts: LayoutFolders) -> str:
    try:
        return (layouts / FONT_FACES).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = _("is missing") if isinstance(error, FileNotFoundError) else \
            _("cannot be read: {reason}").format(reason=error)
        raise ExpoprintError(Problem(
            str(layouts / FONT_FACES), None, "", reason,
            _("copy it from the project's layouts/ folder: it declares the fonts (@font-face) "
              "of every HTML product"))) from None


@lru_cache(maxsize=4)
def font_faces(layouts: LayoutFolders, fonts: Path, source: str, files: tuple) -> tuple[object, object]:
    """The layouts' font faces, loaded once a process for every document it renders: read
    from each document's own style, WeasyPrint loaded eight font files again at each pass
    (20 ms). Keyed by their source and the font `files`' dates, so a face or a font changed
    while `serve` runs is loaded anew."""
    import jinja2
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = SandboxFetcher([*layouts.folders, fonts])
    config = FontConfiguration()
    css = CSS(string=jinja2.Template(source).render(fonts_url=fonts.resolve().as_uri() + "/"),
              base_url=str((layouts / FONT_FACES).parent) + "/", url_fetcher=fetcher,
              font_config=config)
    raise_if_refused(fetcher, str(layouts / FONT_FACES))
    return css, config


def raise_if_refused(fetcher: SandboxFetcher, where: str) -> None:
    """Every read the sandbox refused, as a problem of `where` (a product's file, a layout)."""
    if fetcher.refused:
        raise ExpoprintError([Problem(where, None, "",
                                      _("the layout tried to read {address}").format(address=url),
                                      _("templates may only use files from layouts/ and fonts/"))
                              for url in fetcher.refused])


@dataclass
class Bounds:
    """What the passes so far taught about a group: the largest scale that fit, the smallest
    that overflowed. The next guess stays between them, so the search cannot oscillate."""

    fits: float = 0.0
    overflows: float = float("inf")


def adjust(scales: dict[str, float], frames: list[FrameReading], ranges: dict[str, FitRange],
           bounds: dict[str, Bounds]) -> tuple[tuple[str, float], ...]:
    """The next scale of each fit group, from how full (or how overfull) its frames are."""
    for group, limits in ranges.items():
        members = [frame for frame in frames if frame.group == group]
        if not members:
            continue
        scale, known = scales.get(group, 1.0), bounds[group]
        if any(frame.overflows for frame in members):
            known.overflows = min(known.overflows, scale)
            # Shrink by what the overflow asks, a little more: text height goes as scale².
            need = min(min(f.height_mm / (f.height_mm + max(f.overflow_mm, 0)),
                           f.width_mm / (f.width_mm + f.wide_mm)) for f in members)
            guess = scale * need ** 0.75 * 0.98
        else:
            known.fits = max(known.fits, scale)
            fill = max(frame.fill for frame in members)
            if fill >= FILL_LOW:
                continue
            guess = scale * (FILL_TARGET / max(fill, 0.2)) ** GROWTH_EXPONENT
        if not known.fits < guess < known.overflows:
            guess = (known.fits + min(known.overflows, limits.high)) / 2 if known.fits else guess
        if known.overflows - known.fits < 0.02:
            guess = known.fits or guess  # close enough: settle on what fits
        scales[group] = round(min(limits.high, max(limits.low, guess)), 3)
    return tuple(sorted(scales.items()))


def overflow_problems(reading: Reading, scales: dict[str, float], ranges: dict[str, FitRange],
                      product: str, locate: Locate) -> list[Problem]:
    problems = []
    for frame in reading.frames:
        if not frame.overflows:
            continue
        stepped = frame.group in ranges and ranges[frame.group].low < 1
        facts = dict(where=f"{product}, {frame.name}",
                     scale=scales[frame.group] * 100 if stepped else 100.0)
        if frame.wide_mm > 0.05:
            field_name = frame.wide_field or frame.name
            file, line = locate(field_name) if frame.wide_field else (product, None)
            runs = _("'{text}' runs {mm:.1f} mm past the side of its box ({where}) even with its "
                     "type stepped down to {scale:.0f} %") if stepped else \
                _("'{text}' runs {mm:.1f} mm past the side of its box ({where})")
            problems.append(Problem(
                file, line, field_name,
                runs.format(text=quote(frame.wide_text) or _("its text"), mm=frame.wide_mm, **facts),
                _("shorten its longest word or number, or split it with a space or a hyphen")))
        if frame.overflow_mm > 0.05:
            problems.append(too_long(frame, stepped, facts, product, locate))
    return problems


def too_long(frame: FrameReading, stepped: bool, facts: dict, product: str,
             locate: Locate) -> Problem:
    """A frame whose text runs past its bottom: the field that takes the most room is named."""
    if not frame.fields:
        message = _("the text is {mm:.1f} mm too long for its box ({where}) even with its type "
                    "stepped down to {scale:.0f} %") if stepped else \
            _("the text is {mm:.1f} mm too long for its box ({where})")
        return Problem(product, None, f"frame '{frame.name}'",
                       message.format(mm=frame.overflow_mm, **facts),
                       _("shorten the text of that part"))
    field_name = max(frame.fields, key=frame.fields.get)
    file, line = locate(field_name)
    message = _("the text is {mm:.1f} mm too long for its box ({where}) even with its type "
                "stepped down to {scale:.0f} %; `{field}` takes the most room ({taken:.0f} mm)") \
        if stepped else _("the text is {mm:.1f} mm too long for its box ({where}); `{field}` takes "
                          "the most room ({taken:.0f} mm)")
    return Problem(file, line, field_name,
                   message.format(mm=frame.overflow_mm, field=field_name,
                                  taken=frame.fields[field_name], **facts),
                   _("shorten `{field}`").format(field=field_name))
