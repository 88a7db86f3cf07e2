"""Colour spaces and colours as a printer sees them: which inks, how light, how to name them.

Contract: `space()` turns any colour-space object of any PDF (a name, an array, garbage) into a
`Space` without raising; what is malformed is returned in `Space.problem`, in words. A `Colour`
answers three questions the rules ask: how many inks print it (`inks`, None when it cannot be
told, e.g. RGB or a pattern), how light it is (`lightness`, 0 black to 1 white, None when
unknown), and what to call it in a message (`describe`, e.g. "C100 M80 Y25 K35").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _
from .objects import text

INK_THRESHOLD = 0.02  # a component under 2 % is not counted as an ink
PROCESS_INKS = {"/Cyan": "C", "/Magenta": "M", "/Yellow": "Y", "/Black": "K"}


@dataclass(frozen=True)
class Space:
    kind: str  # gray, rgb, cmyk, lab, separation, registration, devicen, indexed, pattern, other
    components: int = 1
    names: tuple[str, ...] = ()  # Separation / DeviceN colourants
    tint: tuple | None = None  # a type 2 tint transform: (alternate Space, C0, C1, exponent)
    problem: str | None = None  # malformed, in words
    icc: bool = False

    def initial(self) -> tuple[float, ...]:
        """The colour `cs` sets before any `sc`: black in device spaces, but zeros in an ICC
        space (white, in CMYK) and full tint in a spot space."""
        if self.kind == "cmyk" and not self.icc:
            return (0.0, 0.0, 0.0, 1.0)
        if self.kind in ("separation", "registration", "devicen"):
            return (1.0,) * self.components
        return (0.0,) * self.components


DEVICE = {"/DeviceGray": Space("gray"), "/G": Space("gray"), "/CalGray": Space("gray"),
          "/DeviceRGB": Space("rgb", 3), "/RGB": Space("rgb", 3), "/CalRGB": Space("rgb", 3),
          "/DeviceCMYK": Space("cmyk", 4), "/CMYK": Space("cmyk", 4),
          "/Pattern": Space("pattern", 0), "/Lab": Space("lab", 3)}


def space(obj, resources=None, depth: int = 0) -> Space:
    """The Space of a colour-space object or name (looked up in `resources`)."""
    import pikepdf

    if depth > 4:
        return Space("other", problem=_("colour spaces nested too deep"))
    if isinstance(obj, str | pikepdf.Name):
        name = text(obj)
        if name in DEVICE:
            return DEVICE[name]
        spaces = resources.get("/ColorSpace") if isinstance(resources, pikepdf.Dictionary) else None
        found = spaces.get(name) if isinstance(spaces, pikepdf.Dictionary) else None
        if found is None:
            return Space("other", problem=_("colour space {name} is used but not defined").format(
                name=name))
        return space(found, None, depth + 1)
    if not isinstance(obj, pikepdf.Array) or len(obj) == 0:
        return Space("other", problem=_("a colour space that is neither a name nor an array"))
    family = text(obj[0])
    if family in ("/ICCBased", "/I") and len(obj) > 1:
        stream = obj[1]
        n = stream.get("/N") if isinstance(stream, pikepdf.Stream) else None
        if n is None:
            return Space("other", problem=_("an ICC colour space whose /N is missing (1, 3 or 4 "
                                            "expected)"))
        if not isinstance(n, int) or n not in (1, 3, 4):
            return Space("other", problem=_("an ICC colour space whose /N is {value} (1, 3 or 4 "
                                            "expected)").format(value=text(n, 20)))
        return Space({1: "gray", 3: "rgb", 4: "cmyk"}[n], n, icc=True)
    if family in ("/Separation", "/DeviceN") and len(obj) >= 4:
        names = [text(n) for n in list(obj[1])[:32]] if family == "/DeviceN" and \
            isinstance(obj[1], pikepdf.Array) else [text(obj[1])]
        if family == "/Separation" and names == ["/All"]:
            return Space("registration", 1, ("/All",))
        alternate = space(obj[2], None, depth + 1)
        return Space("separation" if family == "/Separation" else "devicen", len(names),
                     tuple(names[:32]), tint_transform(obj[3], alternate))
    if family in ("/Indexed", "/I") and len(obj) >= 2:
        return Space("indexed", 1, problem=space(obj[1], None, depth + 1).problem)
    if family in DEVICE and family != "/Pattern":
        return DEVICE[family]
    if family == "/Pattern":
        return Space("pattern", 0)
    return Space("other")


def tint_transform(function, alternate: Space) -> tuple | None:
    """An exponential (type 2) tint transform, the one simple enough to evaluate."""
    import pikepdf

    if not isinstance(function, pikepdf.Dictionary) or function.get("/FunctionType") != 2:
        return None
    try:
        c0 = [float(v) for v in function.get("/C0", [0.0])]
        c1 = [float(v) for v in function.get("/C1", [1.0])]
        exponent = float(function.get("/N", 1))
    except (TypeError, ValueError):
        return None
    return alternate, tuple(c0), tuple(c1), exponent


@dataclass(frozen=True)
class Colour:
    space: Space
    values: tuple[float, ...]

    def _process(self) -> tuple[Space, tuple[float, ...]] | None:
        """The colour in a device space, through a simple tint transform when there is one."""
        if self.space.kind in ("gray", "rgb", "cmyk"):
            return self.space, self.values
        if self.space.kind == "separation" and self.space.tint and self.values:
            alternate, c0, c1, exponent = self.space.tint
            t = max(0.0, min(1.0, self.values[0])) ** exponent
            return alternate, tuple(a + t * (b - a) for a, b in zip(c0, c1, strict=False))
        return None

    def inks(self) -> int | None:
        kind, values = self.space.kind, self.values
        if kind == "cmyk" and len(values) == 4:
            return sum(v > INK_THRESHOLD for v in values)
        if kind == "gray" and values:
            return int(1 - values[0] > INK_THRESHOLD)
        if kind == "registration":
            return 4 if values and values[0] > INK_THRESHOLD else 0
        if kind in ("separation", "devicen"):
            return sum(v > INK_THRESHOLD for n, v in zip(self.space.names, values, strict=False)
                       if n != "/None")
        return None

    def lightness(self) -> float | None:
        """Roughly how light the colour prints, from a naive conversion: enough to tell white
        or pale text from dark text, not a colour-managed value."""
        if self.space.kind == "registration":
            return 1 - (self.values[0] if self.values else 1)
        process = self._process()
        if process is None:
            return None
        space_, values = process
        if space_.kind == "gray" and values:
            return max(0.0, min(1.0, values[0]))
        if space_.kind == "rgb" and len(values) == 3:
            r, g, b = values
        elif space_.kind == "cmyk" and len(values) == 4:
            c, m, y, k = values
            r, g, b = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
        else:
            return None
        return max(0.0, min(1.0, 0.2126 * r + 0.7152 * g + 0.0722 * b))

    def describe(self) -> str:
        kind, values = self.space.kind, self.values
        if kind == "cmyk" and len(values) == 4:
            inks = " ".join(f"{letter}{v * 100:.0f}" for letter, v in zip("CMYK", values, strict=True))
            if not any(v > INK_THRESHOLD for v in values):
                return _("white, {inks}").format(inks=inks)
            return inks
        if kind == "gray" and values:
            if 1 - values[0] > INK_THRESHOLD:
                return f"K{(1 - values[0]) * 100:.0f}"
            return _("white, {inks}").format(inks="K0")
        if kind == "registration":
            return _("the registration colour (every plate)")
        if kind in ("separation", "devicen"):
            return " + ".join(f"{PROCESS_INKS.get(n, n.lstrip('/'))[:40]} {v * 100:.0f} %"
                              for n, v in zip(self.space.names, values, strict=False))
        if kind == "rgb" and len(values) == 3:
            return "RGB " + " ".join(f"{v * 255:.0f}" for v in values)
        return _("a {kind} colour").format(kind=kind)


BLACK = Colour(Space("gray"), (0.0,))
