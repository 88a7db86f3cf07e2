"""Rules about each page: geometry, marks, colour, ink, text, QR codes (the pictures it places:
`pictures`). One function per code family; each reads what the interpreter measured (`Drawn`)
or the renderer saw (`PageRender`) and writes findings to the report.

Contract: no rule reads the PDF's content itself (the interpreter did, within budgets); rules
that look at an object (boxes, images) read it through objects.py and report a malformed one as
`damaged`. Rules about text under 12 pt (`small-text-multi-ink`, `reversed-text-too-small`)
need the renderer's help: `text_probes()` says which runs to locate and `check_small_text()`
judges them once located (sample text, and the lightness of the ground around them).
"""

from __future__ import annotations

from collections import defaultdict

from ..content import PLACEHOLDER_RE
from ..i18n import _
from .findings import FileReport, one_line, quote, side_name
from .interpreter import (
    RGB_IMAGE,
    RGB_INLINE_IMAGE,
    RGB_OPERATOR,
    Drawn,
    TextRun,
)
from .objects import read_box, text
from .render import PageRender, Probe

PT_PER_MM = 72 / 25.4
MIN_BLEED_MM = 3.0
MIN_TEXT_PT = 6.0
MAX_INK = 3.0
MIN_MODULE_MM = 0.4
MIN_QR_MM = 10.0
SINGLE_INK_BELOW_PT = 12.0
REVERSED_MIN_PT = 9.0
REVERSED_REGULAR_BELOW_PT = 12.0
REGULAR = 400
LIGHT_TEXT = 0.7  # lightness of the text's colour from which it may be reversed
DARK_GROUND = 0.45  # lightness of the ground under which it is dark
BOX_TOLERANCE_PT = 0.01 * PT_PER_MM
NAMED_FORMATS = {
    "A6": (105, 148), "A5": (148, 210), "A4": (210, 297), "A3": (297, 420), "A2": (420, 594),
    "A1": (594, 841), "A0": (841, 1189), "DL": (99, 210), "40x60cm": (400, 600),
    "120x176cm": (1200, 1760),
}


# --- geometry ------------------------------------------------------------------------------------

def named_format(width: float, height: float) -> str | None:
    for name, (w, h) in NAMED_FORMATS.items():
        if abs(width - w) <= 1 and abs(height - h) <= 1:
            return name
        if abs(width - h) <= 1 and abs(height - w) <= 1:
            return f"{name} landscape"
    return None


def mm_box(box: tuple[float, float, float, float]) -> tuple[float, ...]:
    return tuple(v / PT_PER_MM for v in box)


def inside(inner, outer) -> bool:
    t = BOX_TOLERANCE_PT
    return (inner[0] >= outer[0] - t and inner[1] >= outer[1] - t and inner[2] <= outer[2] + t
            and inner[3] <= outer[3] + t)


def check_boxes(page_obj, number: int, report: FileReport, press: bool) -> dict:
    """Media, trim and bleed: the finished size, the bleed on each side, and that they nest."""
    facts: dict = {"page": number}
    boxes = {}
    for key in ("/MediaBox", "/TrimBox", "/BleedBox"):
        boxes[key], problem = read_box(page_obj, key)
        if problem:
            report.add("damaged", number, problem)
            return facts
    media, trim, bleed = boxes["/MediaBox"], boxes["/TrimBox"], boxes["/BleedBox"]
    if media is None:
        report.add("damaged", number, _("the page has no MediaBox: its size is unknown"))
        return facts
    rotate = page_obj.get("/Rotate", 0)
    if not isinstance(rotate, int) or isinstance(rotate, bool) or rotate % 90:
        report.add("damaged", number, _("/Rotate is {value}, expected a multiple of "
                                                 "90").format(value=text(rotate, 20)))
    media_mm = mm_box(media)
    facts["media_mm"] = [round(media_mm[2] - media_mm[0], 2), round(media_mm[3] - media_mm[1], 2)]
    facts["_media"] = media
    if trim is None:
        if press:
            report.add("no-trimbox", number,
                       _("no TrimBox: the printer cannot know the finished size"))
        return facts
    trim_mm = mm_box(trim)
    width, height = trim_mm[2] - trim_mm[0], trim_mm[3] - trim_mm[1]
    facts["trim_mm"] = [round(width, 2), round(height, 2)]
    facts["format"] = named_format(round(width), round(height))
    bleed = bleed or trim
    bleed_mm = mm_box(bleed)
    sides = {"left": trim_mm[0] - bleed_mm[0], "bottom": trim_mm[1] - bleed_mm[1],
             "right": bleed_mm[2] - trim_mm[2], "top": bleed_mm[3] - trim_mm[3]}
    facts["bleed_mm"] = {side: round(value, 2) for side, value in sides.items()}
    facts["_trim"], facts["_bleed"] = trim_mm, bleed_mm
    if not press:
        return facts
    short = [f"{side_name(side)} {value:.1f} mm" for side, value in sides.items()
             if value < MIN_BLEED_MM - 0.05]
    if short:
        report.add("no-bleed", number, _("bleed under {minimum:g} mm: {sides}").format(
            minimum=MIN_BLEED_MM, sides=", ".join(short)))
    declared_bleed = boxes["/BleedBox"]
    nesting = [("TrimBox", trim, "BleedBox", bleed), ("BleedBox", bleed, "MediaBox", media)] \
        if declared_bleed else [("TrimBox", trim, "MediaBox", media)]
    for inner_name, inner, outer_name, outer in nesting:
        if not inside(inner, outer):
            report.add("pdfx-invalid", number,
                       _("the {inner} reaches outside the {outer} ({inner_box} in {outer_box})")
                       .format(inner=inner_name, outer=outer_name, inner_box=describe_box(inner),
                               outer_box=describe_box(outer)))
    return facts


def describe_box(box) -> str:
    x0, y0, x1, y1 = mm_box(box)
    return f"{x0:.2f} {y0:.2f} {x1:.2f} {y1:.2f} mm"


def check_marks(drawn: Drawn, facts: dict, number: int, report: FileReport) -> None:
    """Crop marks are short strokes outside the trim; none may enter the bleed."""
    if "_trim" not in facts:
        return
    trim, bleed = facts["_trim"], facts["_bleed"]
    marks_found = False
    for x0, y0, x1, y1, _registration in drawn.strokes:
        x0, y0, x1, y1 = (v / PT_PER_MM for v in (x0, y0, x1, y1))
        inside_trim = all(trim[0] - 0.01 <= x <= trim[2] + 0.01 for x in (x0, x1)) and all(
            trim[1] - 0.01 <= y <= trim[3] + 0.01 for y in (y0, y1))
        if inside_trim:
            continue
        if not any(abs(v - edge) < 0.05 for v in (x0, y0) for edge in trim):
            continue
        marks_found = True
        in_bleed = any(
            bleed[0] + 0.01 < x < bleed[2] - 0.01 and bleed[1] + 0.01 < y < bleed[3] - 0.01
            for x, y in ((x0, y0), (x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2)))
        if in_bleed:
            report.add("marks-in-bleed", number,
                       _("a crop mark is drawn inside the bleed and would print on the cut edge"))
            return
    if not marks_found and facts.get("media_mm") != facts.get("trim_mm"):
        report.add("no-crop-marks", number, _("no crop marks found outside the bleed"))


# --- colour, ink, text size ----------------------------------------------------------------------

def rgb_use(kind: int, detail: str) -> str:
    """What printed in RGB (`Drawn.rgb`), in words."""
    if kind == RGB_OPERATOR:
        return _("RGB colour operator {operator}").format(operator=detail)
    if kind == RGB_IMAGE:
        return _("RGB image")
    if kind == RGB_INLINE_IMAGE:
        return _("RGB inline image")
    return _("colour space {name}").format(name=detail)


def check_colour(drawn: Drawn, number: int, report: FileReport, profile: str) -> None:
    if profile != "screen":
        for kind, detail in sorted(drawn.rgb)[:3]:
            report.add("rgb-colour", number,
                       _("{where}: press files must be CMYK").format(where=rgb_use(kind, detail)))
        if drawn.max_ink > MAX_INK + 0.001:
            report.add("ink-coverage", number,
                       _("total ink reaches {ink:.0f} % (at most 300 %)").format(
                           ink=drawn.max_ink * 100))
    if drawn.smallest_text is not None and drawn.smallest_text < MIN_TEXT_PT - 0.05:
        report.add("text-too-small", number,
                   _("text at {size:.1f} pt, below {minimum:g} pt").format(
                       size=drawn.smallest_text, minimum=MIN_TEXT_PT))


# --- small text: one ink, and reversed text ------------------------------------------------------

def reversed_candidate(run: TextRun) -> bool:
    light = run.colour.lightness()
    if light is None or light < LIGHT_TEXT or run.size >= REVERSED_REGULAR_BELOW_PT:
        return False
    weight = run.font.weight if run.font and run.font.weight else REGULAR
    return run.size < REVERSED_MIN_PT - 0.05 or weight < REGULAR


def multi_ink(run: TextRun) -> bool:
    inks = run.colour.inks()
    return inks is not None and inks >= 2 and run.size < SINGLE_INK_BELOW_PT - 0.05


def text_probes(drawn: Drawn, profile: str, limit: int = 60) -> list[tuple[TextRun, Probe]]:
    """The runs the renderer should locate: every reversed candidate (its ground decides), and
    one run of each kind of multi-ink text (for a sample in the message)."""
    if profile == "screen":
        return []
    out, kinds = [], set()
    for run in drawn.runs:
        if len(out) >= limit:
            break
        if reversed_candidate(run) and profile in ("press", "office"):
            out.append((run, Probe(run.x, run.y, run.size, run.glyphs, True)))
        elif profile == "press" and multi_ink(run) and (kind := multi_ink_kind(run)) not in kinds:
            kinds.add(kind)
            out.append((run, Probe(run.x, run.y, run.size, run.glyphs, False)))
    return out


def multi_ink_kind(run: TextRun) -> tuple:
    return round(run.size, 1), run.colour.describe()


def check_small_text(drawn: Drawn, probes: list, render: PageRender | None, number: int,
                     report: FileReport, profile: str) -> None:
    located = dict(zip((id(run) for run, _probe in probes), render.probes if render else [],
                       strict=False))
    if profile == "press":
        groups: dict[tuple, list[TextRun]] = defaultdict(list)
        for run in drawn.runs:
            if multi_ink(run):
                groups[multi_ink_kind(run)].append(run)
        for (size, colour), runs in sorted(groups.items())[:8]:
            found = next((located[id(r)] for r in runs if id(r) in located), None)
            report.add("small-text-multi-ink", number, multi_ink_message(
                found.sample if found else None, len(runs)).format(
                size=size, inks=runs[0].colour.inks(), colour=colour,
                sample=quote(found.sample) if found and found.sample else "", count=len(runs)))
    said: set[tuple] = set()
    for run, _probe in probes:
        found = located.get(id(run))
        if found is None or found.ground is None or not reversed_candidate(run):
            continue
        light = run.colour.lightness() or 0.0
        if found.ground > DARK_GROUND or light - found.ground < 0.3:
            continue  # light text on a light ground is not reversed (nor this rule's business)
        weight = run.font.weight if run.font and run.font.weight else REGULAR
        small = run.size < REVERSED_MIN_PT - 0.05
        key = (round(run.size, 1), run.colour.describe(), weight, small)
        if key in said:
            continue
        said.add(key)
        if small:
            message = _("{size:g} pt reversed text ({colour} on a dark ground): {sample}; reversed "
                        "text needs at least {minimum:g} pt") if found.sample else _(
                "{size:g} pt reversed text ({colour} on a dark ground); reversed text needs at "
                "least {minimum:g} pt")
        else:
            message = _("{size:g} pt reversed text in a {weight} weight ({font}): {sample}; under "
                        "12 pt reversed text needs a regular weight or heavier") if found.sample \
                else _("{size:g} pt reversed text in a {weight} weight ({font}); under 12 pt "
                       "reversed text needs a regular weight or heavier")
        report.add("reversed-text-too-small", number, message.format(
            size=round(run.size, 1), colour=run.colour.describe(), minimum=REVERSED_MIN_PT,
            sample=quote(found.sample) if found.sample else "", weight=weight_name(weight),
            font=run.font.name if run.font else _("its font")))


def multi_ink_message(sample: str | None, runs: int) -> str:
    """The small-text-multi-ink message, with a sample of the text when it was read and the
    number of runs when there are several."""
    if sample and runs > 1:
        return _("{size:g} pt text printed in {inks} inks ({colour}): {sample} ({count} runs); "
                 "under 12 pt use one ink (K, or a single process colour)")
    if sample:
        return _("{size:g} pt text printed in {inks} inks ({colour}): {sample}; under 12 pt use "
                 "one ink (K, or a single process colour)")
    if runs > 1:
        return _("{size:g} pt text printed in {inks} inks ({colour}) ({count} runs); under 12 pt "
                 "use one ink (K, or a single process colour)")
    return _("{size:g} pt text printed in {inks} inks ({colour}); under 12 pt use one ink (K, or "
             "a single process colour)")


def weight_name(weight: int) -> str:
    """A weight under regular, in words."""
    return {100: _("thin"), 200: _("extra-light")}.get(weight // 100 * 100, _("light"))


# --- what the renderer read ----------------------------------------------------------------------

def check_page_text(text: str | None, number: int, report: FileReport) -> None:
    if text and (match := PLACEHOLDER_RE.search(text)):
        report.add("placeholder", number,
                   _("placeholder text left in: '{text}'").format(text=one_line(match.group(), 40)))


def check_qr_codes(render: PageRender, number: int, facts: dict, report: FileReport) -> None:
    codes = []
    for code in render.qr or []:
        if not code.valid:
            report.add("qr-unreadable", number,
                       _("a QR code of about {size:.0f} mm cannot be read ({reason})").format(
                           size=code.side_mm, reason=code.error))
            continue
        module_mm = code.side_mm / (17 + 4 * code.version)
        shown = one_line(code.text, 120)
        codes.append({"text": code.text[:2000], "size_mm": round(code.side_mm, 1),
                      "with_quiet_zone_mm": round(code.side_mm + 8 * module_mm, 1),
                      "module_mm": round(module_mm, 3)})
        if module_mm < MIN_MODULE_MM - 0.005 or code.side_mm < MIN_QR_MM:
            report.add("qr-too-small", number,
                       _("QR code '{text}' is {size:.1f} mm wide with modules of {module:.2f} mm "
                         "(a phone needs ≥ {minimum} mm modules)").format(
                           text=shown, size=code.side_mm, module=module_mm, minimum=MIN_MODULE_MM))
        if match := PLACEHOLDER_RE.search(code.text):
            report.add("placeholder", number,
                       _("QR code points to a placeholder address ('{text}')").format(
                           text=one_line(match.group(), 40)))
    facts["qr_codes"] = codes

