"""A content-stream interpreter that measures what a page prints, within budgets.

Contract: `interpret_page(page, limits, deadline)` follows the graphics state (q/Q, cm, colour,
text state, paths, XObjects) through the page and its forms, and returns a `Drawn`: the text
runs that matter to the rules (small, or light, or in several inks), stroke segments that may be
crop marks, placed images, the highest ink, RGB uses. It streams the content (tokens.py) and
stops at the budgets: operators per page, decoded bytes per page, forms nested, and the file's
deadline. It never raises on a malformed page: what is wrong goes to `Drawn.damaged` ("operator
`cm` with 6 strings, expected 6 numbers", "form /Fm0 draws itself"), what was cut short to
`Drawn.limited`, and `Drawn.unrenderable` says why the page should not go to the renderer.
Problems that could recur at every operator are put into words once (`Problems.once`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..i18n import _
from .colour import BLACK, Colour, Space, space
from .fonts import FontInfo, font_info
from .limits import Deadline, Limits
from .objects import content_streams, inherited, text
from .operators import SIGNATURES, describe_operands, expected, fits
from .tokens import Budget, Invalid, Name, Problems, decode, instructions

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
SMALL_TEXT_PT = 12.0  # runs under this size are kept for the rules
MAX_RUNS = 2_000
MAX_STROKES = 20_000
MAX_PATH = 10_000
MAX_IMAGES = 1_000
MAX_STATE_DEPTH = 256
MAX_SPACES = 256  # colour spaces remembered per stream, by name
MARK_MAX_PT = 20 * 72 / 25.4  # a crop mark is a short stroke
# What printed in RGB, as (kind, detail) in `Drawn.rgb`; rules.py says it in words, in this order.
RGB_OPERATOR, RGB_IMAGE, RGB_INLINE_IMAGE, RGB_SPACE = range(4)


def multiply(a, b) -> tuple:
    """PDF matrices [a b c d e f]: the result applies a, then b."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


@dataclass(frozen=True)
class TextRun:
    """One text-showing operator's run, in page space."""

    size: float  # effective size in points
    colour: Colour
    font: FontInfo | None
    x: float  # origin of the first glyph
    y: float
    glyphs: int


@dataclass(frozen=True)
class PlacedImage:
    name: str
    obj: object  # the pikepdf image stream; None for an inline image
    width_px: int
    height_px: int
    width_pt: float
    height_pt: float
    space: Space


@dataclass
class Drawn:
    smallest_text: float | None = None
    runs: list[TextRun] = field(default_factory=list)
    strokes: list[tuple[float, float, float, float, bool]] = field(default_factory=list)
    images: list[PlacedImage] = field(default_factory=list)
    max_ink: float = 0.0
    rgb: set[tuple[int, str]] = field(default_factory=set)
    damaged: Problems = field(default_factory=Problems)
    limited: list[str] = field(default_factory=list)
    operators: int = 0
    unrenderable: str | None = None


@dataclass
class State:
    ctm: tuple = IDENTITY
    fill: Colour = BLACK
    stroke: Colour = BLACK
    font: FontInfo | None = None
    font_size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    mode: int = 0


@lru_cache(maxsize=1024)
def matters(colour: Colour) -> bool:
    """Small text in this colour may break a rule: several inks, or light enough to be reversed."""
    inks, light = colour.inks(), colour.lightness()
    return (inks is not None and inks >= 2) or (light is not None and light >= 0.7)


def interpret_page(page_obj, limits: Limits, deadline: Deadline,
                   fonts: dict | None = None) -> Drawn:
    """Interpret one page; `fonts` caches font metrics across the pages of a file."""
    interpreter = Interpreter(limits, deadline, {} if fonts is None else fonts)
    problems = Problems()
    data = b"\n".join(decode(stream, interpreter.budget, problems)
                      for stream in content_streams(page_obj))
    for message in problems:
        interpreter.drawn.damaged.say(_("the page content: {problem}").format(problem=message))
    interpreter.run(data, inherited(page_obj, "/Resources"), State(), ())
    interpreter.finish()
    return interpreter.drawn


class Interpreter:
    def __init__(self, limits: Limits, deadline: Deadline, fonts: dict):
        self.limits = limits
        self.fonts = fonts
        self.deadline = deadline
        self.budget = Budget(limits.content_bytes)
        self.drawn = Drawn()
        self.forms: dict[tuple, bytes] = {}  # decoded once per page
        self.stopped: str | None = None
        self.seen_images: set[tuple] = set()

    def finish(self) -> None:
        drawn = self.drawn
        if self.budget.exceeded:
            drawn.limited.append(_("its content is larger than {size} MB decompressed; only the "
                                   "first part was checked").format(
                size=self.limits.content_bytes // 2**20))
            drawn.unrenderable = _("its content is over the checker's size limit")
        if self.stopped:
            drawn.limited.append(self.stopped)
            drawn.unrenderable = drawn.unrenderable or _("its content is over the checker's limits")

    def say(self, message: str) -> None:
        self.drawn.damaged.say(message)

    def once(self, key, make) -> None:
        """Say what `make()` words, the first time `key` comes on this page."""
        self.drawn.damaged.once(key, make)

    def run(self, data: bytes, resources, state: State, forms: tuple) -> None:
        """Interpret one content stream (the page's or a form's) from `state`."""
        drawn = self.drawn
        problems = Problems()
        stack: list[State] = []
        spaces: dict[str, Space] = {}  # this stream's colour spaces, looked up (and worded) once
        tm = line = IDENTITY
        path: list[tuple[float, float, float, float]] = []
        current = start = (0.0, 0.0)
        for operands, op in instructions(data, problems):
            drawn.operators += 1
            if drawn.operators > self.limits.operators:
                self.stopped = _("it has more than {count:,} operators (forms included); the "
                                 "rest was not checked").format(count=self.limits.operators)
                break
            if not drawn.operators & 4095 and self.deadline.passed():
                self.stopped = _("the time allowed for the file ran out in its content")
                break
            signature = SIGNATURES.get(op)
            if signature and not fits(operands, signature):
                self.wrong_operands(op, operands)
                continue
            if op in ("Tj", "TJ", "'", '"'):
                if op in ("'", '"'):
                    if op == '"':
                        state.word_spacing, state.char_spacing = operands[0], operands[1]
                    tm = line = multiply((1, 0, 0, 1, 0, -state.leading), line)
                tm = self.show(state, tm, operands[-1] if op != "TJ" else operands[0])
            elif op in ("Td", "TD"):
                if op == "TD":
                    state.leading = -operands[1]
                tm = line = multiply((1, 0, 0, 1, operands[0], operands[1]), line)
            elif op == "Tm":
                tm = line = tuple(operands)
            elif op == "T*":
                tm = line = multiply((1, 0, 0, 1, 0, -state.leading), line)
            elif op == "BT":
                tm = line = IDENTITY
            elif op == "Tf":
                state.font = font_info(resources, str(operands[0]), self.fonts)
                if state.font is None:
                    name = str(operands[0])[:40]
                    self.once(("font", name), lambda name=name: _(
                        "font {name} is used but not defined").format(name=name))
                state.font_size = operands[1]
            elif op in ("Tc", "Tw", "Tz", "TL", "Ts"):
                value = operands[0]
                if op == "Tc":
                    state.char_spacing = value
                elif op == "Tw":
                    state.word_spacing = value
                elif op == "Tz":
                    state.scale = value / 100
                elif op == "TL":
                    state.leading = value
                else:
                    state.rise = value
            elif op == "Tr":
                state.mode = int(operands[0])
            elif op == "q":
                if len(stack) < MAX_STATE_DEPTH:
                    stack.append(replace(state))
                else:
                    self.once("depth", lambda: _(
                        "graphics states saved (q) more than {depth} deep").format(
                        depth=MAX_STATE_DEPTH))
            elif op == "Q":
                if stack:
                    state = stack.pop()
            elif op == "cm":
                state.ctm = multiply(operands, state.ctm)
            elif op == "l":
                point = apply(state.ctm, operands[0], operands[1])
                if len(path) < MAX_PATH:
                    path.append((*current, *point))
                current = point
            elif op == "m":
                current = start = apply(state.ctm, operands[0], operands[1])
            elif op == "re":
                x, y, w, h = operands
                corners = [apply(state.ctm, x, y), apply(state.ctm, x + w, y),
                           apply(state.ctm, x + w, y + h), apply(state.ctm, x, y + h)]
                if len(path) < MAX_PATH:
                    path += [(*a, *b) for a, b in zip(corners, corners[1:] + corners[:1],
                                                      strict=True)]
                current = start = corners[0]
            elif op in ("c", "v", "y"):
                current = apply(state.ctm, operands[-2], operands[-1])
            elif op == "h":
                current = start
            elif op in ("S", "s", "B", "B*", "b", "b*"):  # every painting operator that strokes
                self.strokes(path, state.stroke.space.kind == "registration")
                self.ink(state.stroke)
                if op not in ("S", "s"):
                    self.ink(state.fill)
                path = []
            elif op in ("f", "F", "f*", "n"):
                if op != "n":
                    self.ink(state.fill)
                path = []
            elif op in ("cs", "CS", "sc", "scn", "SC", "SCN", "g", "G", "rg", "RG", "k", "K"):
                self.colour(op, operands, resources, state, spaces)
            elif op == "Do":
                self.xobject(str(operands[0]), resources, state, forms)
            elif op == "BI":
                self.inline_image(operands[0], state)
            if self.stopped:
                break
        for message in problems:
            self.say(message)

    def wrong_operands(self, op: str, operands: list) -> None:
        invalid = next((v for v in operands if isinstance(v, Invalid)), None)
        if invalid is not None:
            self.once(("invalid", op, invalid, invalid.too_large), lambda: _(
                "operator `{operator}` with `{value}`, {reason}").format(
                operator=op[:20], value=invalid, reason=invalid.reason()))
        else:
            self.once(("operands", op, *map(type, operands)), lambda: _(
                "operator `{operator}` with {operands}, expected {expected}").format(
                operator=op, operands=describe_operands(operands), expected=expected(op)))

    # --- what the operators do -----------------------------------------------------------------

    def show(self, state: State, tm: tuple, shown) -> tuple:
        """Record a text run and return the text matrix after it."""
        font = state.font
        if font is None:
            self.once("no font", lambda: _("text is shown before its font is chosen (Tf)"))
        if state.font_size == 0:
            return tm  # nothing visible: a zero-size font (or a failed Tf)
        m = multiply(tm, state.ctm)
        type3 = font.type3_scale if font else 1.0
        size = abs(state.font_size) * math.hypot(m[2], m[3]) * min(1.0, state.scale) * type3
        if state.mode in (3, 7):  # invisible text (OCR layers) and clipping only
            return self.advance(state, tm, shown)
        drawn = self.drawn
        drawn.smallest_text = size if drawn.smallest_text is None else min(drawn.smallest_text, size)
        strings = [shown] if isinstance(shown, bytes) else shown
        lead = 0.0
        for item in strings:
            if type(item) is float:
                lead -= item / 1000 * state.font_size * state.scale
            else:
                break
        colour = state.stroke if state.mode in (1, 5) else state.fill
        self.ink(colour)
        if size < SMALL_TEXT_PT and len(drawn.runs) < MAX_RUNS and matters(colour):
            glyphs = sum(len(s) for s in strings if type(s) is bytes)
            if font and font.two_byte:
                glyphs //= 2
            x, y = apply(m, lead, state.rise)
            drawn.runs.append(TextRun(size, colour, font, x, y, glyphs))
        return self.advance(state, tm, shown)

    def advance(self, state: State, tm: tuple, shown) -> tuple:
        """Move the text matrix past the run, so the next run starts where this one ended."""
        font = state.font
        if font is None:
            return tm
        tx = 0.0
        for item in [shown] if isinstance(shown, bytes) else shown:
            if type(item) is float:
                tx -= item / 1000 * state.font_size
            elif type(item) is bytes:
                tx += font.advance(item, state.font_size, state.char_spacing, state.word_spacing)
        return multiply((1, 0, 0, 1, tx * state.scale, 0), tm)

    def strokes(self, path: list, registration: bool) -> None:
        """Keep the segments that could be crop marks: short, horizontal or vertical."""
        strokes = self.drawn.strokes
        for x0, y0, x1, y1 in path:
            if len(strokes) >= MAX_STROKES:
                return
            if (abs(x1 - x0) < 0.03 or abs(y1 - y0) < 0.03) and \
                    math.hypot(x1 - x0, y1 - y0) <= MARK_MAX_PT:
                strokes.append((x0, y0, x1, y1, registration))

    def ink(self, colour: Colour) -> None:
        if colour.space.kind == "cmyk" and len(colour.values) == 4:
            self.drawn.max_ink = max(self.drawn.max_ink, sum(colour.values))

    def colour(self, op: str, operands: list, resources, state: State,
               spaces: dict[str, Space]) -> None:
        fill = op in ("cs", "sc", "scn", "g", "rg", "k")
        if op in ("cs", "CS"):
            found = spaces.get(operands[0])
            if found is None:
                found = space(operands[0], resources)
                if len(spaces) < MAX_SPACES:
                    spaces[operands[0]] = found
            if found.problem:
                self.say(found.problem)
            if found.kind == "rgb":
                self.drawn.rgb.add((RGB_SPACE, str(operands[0])[:40]))
            colour = Colour(found, found.initial())
        elif op in ("sc", "scn", "SC", "SCN"):
            values = operands[:-1] if operands and type(operands[-1]) is Name else operands
            if not values and operands:  # a pattern by name: its colours are its own
                return
            if not 0 < len(values) <= 32 or any(type(v) is not float for v in values):
                self.once(("components", op, *map(type, operands)), lambda: _(
                    "operator `{operator}` with {operands}, expected colour components").format(
                    operator=op, operands=describe_operands(operands)))
                return
            current = state.fill if fill else state.stroke
            colour = Colour(current.space, tuple(values))
        elif op in ("g", "G"):
            colour = Colour(Space("gray"), tuple(operands))
        elif op in ("rg", "RG"):
            self.drawn.rgb.add((RGB_OPERATOR, op))
            colour = Colour(Space("rgb", 3), tuple(operands))
        else:
            colour = Colour(Space("cmyk", 4), tuple(operands))
        if fill:
            state.fill = colour
        else:
            state.stroke = colour

    def xobject(self, name: str, resources, state: State, forms: tuple) -> None:
        import pikepdf

        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        xobject = xobjects.get(name) if isinstance(xobjects, pikepdf.Dictionary) else None
        if not isinstance(xobject, pikepdf.Stream):
            self.once(("xobject", name), lambda: _(
                "XObject {name} is drawn but not defined").format(name=name[:40]))
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self.image(name, xobject, state)
        elif subtype == "/Form":
            self.form(name, xobject, resources, state, forms)

    def form(self, name: str, form, resources, state: State, forms: tuple) -> None:
        key = form.objgen
        if key in forms:
            self.once(("loop", name), lambda: _("form {name} draws itself, endlessly").format(
                name=name[:40]))
            self.drawn.unrenderable = _("a form on it draws itself")
            return
        if len(forms) >= self.limits.depth:
            self.drawn.limited.append(_("forms are nested more than {depth} deep; the deeper ones "
                                        "were not checked").format(depth=self.limits.depth))
            return
        matrix = form.get("/Matrix", IDENTITY)
        try:
            matrix = tuple(float(v) for v in matrix)
        except (TypeError, ValueError):
            matrix = ()
        if len(matrix) != 6 or not all(map(math.isfinite, matrix)):
            self.once(("matrix", name), lambda: _(
                "form {name} has a /Matrix that is not 6 numbers").format(name=name[:40]))
            return
        if key not in self.forms:
            problems = Problems()
            self.forms[key] = decode(form, self.budget, problems)
            for message in problems:
                self.say(_("form {name}: {problem}").format(name=name[:40], problem=message))
        own = form.get("/Resources")
        inner = replace(state, ctm=multiply(matrix, state.ctm))
        self.run(self.forms[key], own if own is not None else resources, inner, (*forms, key))

    def image(self, name: str, image, state: State) -> None:
        width, height = image.get("/Width"), image.get("/Height")
        for label, value in (("/Width", width), ("/Height", height)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                shown = text(value, 20)
                self.once(("pixels", name, label, shown), lambda label=label, shown=shown: _(
                    "image {name}: {key} is {value}, expected a number of pixels").format(
                    name=name[:40], key=label, value=shown))
                return
        found = space(image.get("/ColorSpace"), None) if "/ColorSpace" in image else \
            Space("other")  # image masks and JPX images carry no colour space
        if found.problem:
            self.say(_("image {name}: {problem}").format(name=name[:40], problem=found.problem))
        if found.kind == "rgb":
            self.drawn.rgb.add((RGB_IMAGE, ""))
        self.place(name, image, width, height, found, state)

    def inline_image(self, header: dict, state: State) -> None:
        width, height = header.get("/W", header.get("/Width")), header.get("/H", header.get("/Height"))
        if type(width) is not float or type(height) is not float or width <= 0 or height <= 0:
            self.once("inline size", lambda: _("an inline image without a valid width and height"))
            return
        found = space(header.get("/CS", header.get("/ColorSpace", "/DeviceGray")), None)
        if found.kind == "rgb":
            self.drawn.rgb.add((RGB_INLINE_IMAGE, ""))
        self.place(_("(inline)"), None, int(width), int(height), found, state)

    def place(self, name: str, obj, width: int, height: int, found: Space, state: State) -> None:
        ctm = state.ctm
        width_pt, height_pt = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
        key = (obj.objgen if obj is not None else name, round(width_pt), round(height_pt))
        if key in self.seen_images or len(self.drawn.images) >= MAX_IMAGES:
            return
        self.seen_images.add(key)
        self.drawn.images.append(PlacedImage(name, obj, width, height, width_pt, height_pt, found))
        if width * height > self.limits.render_image_pixels:
            self.drawn.unrenderable = _("image {name} has {width:,}×{height:,} pixels, more than "
                                        "the renderer is allowed").format(
                name=name[:40], width=width, height=height)
