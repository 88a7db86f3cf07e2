"""SVG logos: sanitised, every colour converted to the press's CMYK, kept as vector paths.

Contract: `read_svg(data, icc)` returns a `Drawing` — SVG text that holds only drawing (paths,
shapes, groups, clip paths, internal references), every colour written `device-cmyk(…)` through
the output profile (pure black as K 100, greys on K alone: `colour.paint`), the root painting
black as K 100 where the file left the default (WeasyPrint's default black is RGB) — or raises
`Refused` naming what the file holds. It is parsed with defusedxml (no entity expansion, no
external entity or DTD fetched), and refused when it holds a script, an event handler, a reference
to anything outside itself (`href` other than `#id`, `url()` other than `url(#id)`, `file:`,
`http:`, `data:`), a picture, live text (its font would be missing: text must be outlines),
or what WeasyPrint would paint in RGB (gradients, filters, masks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from ..mapping import grouped
from ..yamlnodes import quote
from .refused import Refused

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_SVG_BYTES = 5 * 1024 * 1024
MAX_ELEMENTS = 50_000
MAX_DEPTH = 64
# What a renderer draws once every <use>, marker and clip path is expanded: a 2 KB file of
# <use> nested ten deep, ten to a level, draws 10¹⁰ shapes (and never ends).
MAX_DRAWN = 200_000
MARKED = ("marker-start", "marker-mid", "marker-end", "marker")
REFERENCE = re.compile(r"url\(\s*['\"]?#([^)'\"]*)['\"]?\s*\)", re.IGNORECASE)
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
KEPT = {"svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
        "polyline", "polygon", "clipPath", "title", "desc", "style", "pattern", "marker", "switch"}
DROPPED = {"metadata"}  # editor data: removed with everything inside
# Elements refused (`refusal` says why, and what to ask the designer for).
REFUSED = {"script", "foreignObject", "image", "text", "tspan", "textPath", "linearGradient",
           "radialGradient", "meshgradient", "filter", "mask", "a"}
PAINT = ("fill", "stroke", "color", "stop-color", "flood-color", "lighting-color")
KEYWORDS = {"none", "currentcolor", "inherit", "initial", "unset", "context-fill",
            "context-stroke", "auto"}
INTERNAL_URL = re.compile(r"url\(\s*(['\"]?)#[^)'\"]*\1\s*\)", re.IGNORECASE)
BLACK = "device-cmyk(0 0 0 1)"
UNITS_PX = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54,
            "in": 96.0}


def ask_pdf() -> str:
    return _("ask for the logo as a PDF in CMYK, or as an SVG in flat colours")


def refusal(name: str) -> Refused:
    """Why an element of REFUSED is refused, and what to ask the designer for."""
    if name == "script":
        return Refused(_("holds a script"), _("a logo is only drawing: ask for a clean export"))
    if name == "foreignObject":
        return Refused(_("holds HTML (<foreignObject>)"), _("ask for a clean SVG export"))
    if name == "image":
        return Refused(_("holds a picture (<image>)"),
                       _("give the logo as PNG, or ask for an SVG of paths only"))
    if name in ("text", "tspan", "textPath"):
        return Refused(_("has live text, whose font the press would not have"),
                       _("ask for the logo with its text converted to outlines (paths)"))
    if name.endswith(("Gradient", "gradient")):
        return Refused(_("uses a gradient, which would print in RGB"), ask_pdf())
    if name == "filter":
        return Refused(_("uses a filter (blur, shadow…), which cannot print as vector"), ask_pdf())
    if name == "mask":
        return Refused(_("uses a mask, which would print in RGB"), ask_pdf())
    return Refused(_("holds a link"), _("ask for a clean SVG export"))


@dataclass(frozen=True)
class Drawing:
    """A sanitised SVG in CMYK, and the size of its view box (its proportions)."""

    text: str
    size: tuple[float, float]


def read_svg(data: bytes, icc: Path | None) -> Drawing:
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if len(data) > MAX_SVG_BYTES:
        raise Refused(_("is {size:.0f} MB, far more than a logo's drawing").format(
            size=len(data) / 1e6), _("ask for a simpler export of the logo"))
    data = text_of(data)
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise Refused(_("declares entities or external references, which a logo does not need"),
                      _("save it again as plain SVG (Inkscape: 'Plain SVG'; Illustrator: SVG 1.1)")
                      ) from exc
    except (ET.ParseError, ValueError) as exc:
        raise Refused(_("is not a well-formed SVG ({reason})").format(reason=quote(exc, 60)),
                      _("export the logo again as SVG")) from exc
    if local(root.tag) != "svg" or namespace(root.tag) not in ("", SVG_NS):
        raise Refused(_("is XML but not an SVG drawing"), _("export the logo again as SVG"))
    assert icc is not None, "an SVG logo is converted with the output profile"
    cleaner = Cleaner(icc)
    clean = cleaner.element(root, 0)
    Expansion(clean).check()
    size = view_box(clean)
    root_style = clean.get("style", "")
    if "fill" not in clean.attrib and not re.search(r"(^|;)\s*fill\s*:", root_style):
        clean.set("fill", BLACK)  # the default black, as K 100 instead of RGB
    if "color" not in clean.attrib and not re.search(r"(^|;)\s*color\s*:", root_style):
        clean.set("color", BLACK)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return Drawing(ET.tostring(clean, encoding="unicode"), size)


def wide_encoding(data: bytes) -> tuple[str, int] | None:
    """(codec, length of its byte order mark) of text saved in UTF-16 or UTF-32: with the mark
    editors write, or without it, by where its zero bytes fall (`wide_without_bom`)."""
    from ..encodings import BOMS, wide_without_bom

    for bom, name in BOMS.items():
        if data.startswith(bom):
            return name, len(bom)
    name = wide_without_bom(data[:4096]) if b"\0" in data[:4096] else None
    return (name, 0) if name else None


def text_of(data: bytes) -> bytes:
    """The SVG as UTF-8 bytes: a file saved in UTF-16 or UTF-32 is read as the same drawing,
    not blamed as something else."""
    wide = wide_encoding(data)
    if wide is None:
        return data
    name, mark = wide
    try:
        text = data[mark:].decode(name)
    except UnicodeDecodeError as exc:
        raise Refused(_("is an SVG in {encoding} with bytes that are not text").format(
            encoding=name.upper()), _("save it again as SVG in UTF-8")) from exc
    # The declaration's encoding no longer holds once the text is UTF-8.
    text = re.sub(r"^(\s*<\?xml[^>]*?)\sencoding=(['\"])[^'\"]*\2", r"\1", text)
    return text.encode("utf-8")


class Expansion:
    """How many shapes the drawing makes once every reference is followed: a `<use>` draws
    its target again, a marker is drawn at each vertex of the shape that names it, a clip path
    or pattern once per reference. Counted on the tree, each element's total once (so nesting
    costs no time), a reference that leads back to itself refused."""

    def __init__(self, root):
        self.by_id = {node.get("id"): node for node in root.iter() if node.get("id")}
        self.root = root
        self.totals: dict[int, int] = {}
        self.open: set[int] = set()  # the elements being counted: the path to the current one
        # A style sheet's url(#…) may apply to any shape: counted on every one (an upper bound).
        self.everywhere = [m for node in root.iter() if local(node.tag) == "style"
                           for m in REFERENCE.findall(node.text or "")]

    def check(self) -> None:
        if self.total(self.root) > MAX_DRAWN:
            raise too_complex()

    def total(self, node) -> int:
        key = id(node)
        if key in self.totals:
            return self.totals[key]
        if key in self.open:
            raise Refused(_("has an element that draws itself (a <use> or url(#…) that leads "
                            "back to it)"), _("ask for a clean SVG export"))
        if len(self.open) > 4 * MAX_DEPTH:  # references chained deeper than any drawing needs
            raise too_complex()
        self.open.add(key)
        count = 1
        for child in node:
            count += self.total(child)
            if count > MAX_DRAWN:
                raise too_complex()
        count += self.references(node)
        self.open.discard(key)
        self.totals[key] = count
        return count

    def references(self, node) -> int:
        name = local(node.tag)
        count = 0
        href = node.get("href") or node.get(f"{{{XLINK_NS}}}href")
        if name == "use" and href and href.startswith("#") and href[1:] in self.by_id:
            count += self.total(self.by_id[href[1:]])
        if name in ("defs", "symbol", "marker", "clipPath", "pattern", "style", "title", "desc"):
            return count
        named = [m for value in node.attrib.values() for m in REFERENCE.findall(value)]
        if name in ("path", "line", "polyline", "polygon", "rect", "circle", "ellipse"):
            named += self.everywhere
        vertices = 2 + len(NUMBER.findall(node.get("d", "") + node.get("points", ""))) // 2
        marked = any(key in node.attrib for key in MARKED) or "marker" in node.get("style", "") \
            or bool(self.everywhere)
        for target in named:
            if target in self.by_id:
                each = self.total(self.by_id[target])
                count += each * vertices if marked and \
                    local(self.by_id[target].tag) == "marker" else each
            if count > MAX_DRAWN:
                raise too_complex()
        return count


def too_complex() -> Refused:
    return Refused(_("is too complex for a logo (once its <use> references are followed, it "
                     "draws more than {most} shapes)").format(most=grouped(MAX_DRAWN)),
                   _("ask for a simpler export of the logo (shapes drawn once, not copied by "
                     "<use>)"))


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


class Cleaner:
    """Copies the drawing part of an SVG tree, converting colours as it goes."""

    def __init__(self, icc: Path):
        self.icc = icc
        self.count = 0

    def element(self, node, depth: int):
        import xml.etree.ElementTree as ET

        self.count += 1
        if self.count > MAX_ELEMENTS or depth > MAX_DEPTH:
            raise Refused(_("is too complex for a logo (too many or too deeply nested elements)"),
                          _("ask for a simpler export of the logo"))
        name = local(node.tag)
        if name in REFUSED:
            raise refusal(name)
        if name not in KEPT:
            raise Refused(_("uses <{element}>, which expoprint does not print").format(
                element=quote(name, 30)), ask_pdf())
        copy = ET.Element(f"{{{SVG_NS}}}{name}")
        for key, value in node.attrib.items():
            kept = self.attribute(key, value)
            if kept is not None:
                copy.set(*kept)
        if name == "style":
            copy.text = self.stylesheet(node.text or "")
        elif name in ("title", "desc"):
            copy.text = node.text
        for child in node:
            if not isinstance(child.tag, str):  # comments, processing instructions
                continue
            space = namespace(child.tag)
            if space not in ("", SVG_NS) or local(child.tag) in DROPPED:
                continue  # an editor's own data (Inkscape, Illustrator, RDF): not drawing
            copy.append(self.element(child, depth + 1))
        return copy

    def attribute(self, key: str, value: str) -> tuple[str, str] | None:
        space, name = namespace(key), local(key)
        if name.lower().startswith("on"):
            raise Refused(_("holds a script (the attribute {name})").format(name=quote(name, 30)),
                          _("a logo is only drawing: ask for a clean export"))
        if name == "href" and space in ("", XLINK_NS):
            if not value.strip().startswith("#"):
                raise outside(value)
            return (f"{{{XLINK_NS}}}href" if space else "href"), value.strip()
        if space not in ("", ):
            return None  # xml:space and editors' attributes: not needed to draw
        check_urls(value)
        if name == "style":
            return name, self.declarations(value)
        if name in PAINT:
            return name, self.paint(value)
        return name, value

    def paint(self, value: str) -> str:
        """A paint or colour value in CMYK: keywords and internal references kept."""
        text = value.strip()
        if text.lower() in KEYWORDS or text.lower().startswith("device-cmyk("):
            return text
        if text.lower().startswith("url("):
            match = INTERNAL_URL.match(text)
            rest = text[match.end():].strip() if match else ""
            return text if not rest else f"{text[:match.end()]} {self.paint(rest)}"
        from tinycss2.color4 import parse_color

        colour = parse_color(text)
        if colour is None or not hasattr(colour, "to"):
            raise Refused(_("has a colour expoprint cannot read ({colour})").format(
                colour=quote(text, 40)), _("ask for an SVG with plain colours (#RRGGBB)"))
        if colour.alpha == 0:
            return "none"
        from .colour import paint

        red, green, blue = (min(1.0, max(0.0, v)) for v in colour.to("srgb").coordinates)
        cmyk = " ".join(f"{v:g}" for v in paint(red, green, blue, self.icc))
        return f"device-cmyk({cmyk})" if colour.alpha >= 1 else \
            f"device-cmyk({cmyk} / {colour.alpha:g})"

    def declarations(self, text: str) -> str:
        import tinycss2

        out = []
        for item in tinycss2.parse_blocks_contents(text, skip_comments=True,
                                                   skip_whitespace=True):
            if item.type != "declaration":
                continue  # at-rules and errors inside a style: nothing a logo draws with
            value = tinycss2.serialize(item.value).strip()
            check_urls(value)
            if item.lower_name in PAINT:
                value = self.paint(value)
            important = " !important" if item.important else ""
            out.append(f"{item.name}: {value}{important}")
        return "; ".join(out)

    def stylesheet(self, text: str) -> str:
        import tinycss2

        rules = []
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if rule.type == "at-rule":
                raise Refused(_("has a style sheet with @{rule}").format(rule=quote(rule.at_keyword, 20)),
                              _("ask for an SVG whose styles are plain rules (no @import, @font-face)"))
            if rule.type != "qualified-rule":
                continue
            prelude = tinycss2.serialize(rule.prelude).strip()
            check_urls(prelude)
            rules.append(f"{prelude} {{ {self.declarations(tinycss2.serialize(rule.content))} }}")
        return "\n".join(rules)


def check_urls(value: str) -> None:
    """Anything that points outside the drawing is refused: url() other than url(#id), or a
    scheme such as file:, http: or data: written anywhere in a value."""
    lowered = value.lower()
    if "url(" in lowered and len(INTERNAL_URL.findall(value)) != lowered.count("url("):
        raise outside(value)
    if re.search(r"\b(?:file|https?|ftp|data|javascript):", lowered):
        raise outside(value)


def outside(value: str) -> Refused:
    return Refused(_("refers to something outside itself ({value})").format(value=quote(value, 60)),
                   _("ask for a self-contained SVG of the logo"))


def view_box(root) -> tuple[float, float]:
    """The drawing's proportions, from its viewBox (or its width and height, which then
    become its viewBox so every renderer scales it the same way)."""
    numbers = re.split(r"[\s,]+", root.get("viewBox", "").strip())
    try:
        if len(numbers) == 4:
            width, height = float(numbers[2]), float(numbers[3])
        else:
            width, height = (length(root.get(key, "")) for key in ("width", "height"))
            root.set("viewBox", f"0 0 {width:g} {height:g}")
        assert width > 0 and height > 0
    except (AssertionError, ValueError) as exc:
        raise Refused(_("has no size (no viewBox, nor width and height)"),
                      _("export it again with its artboard, or add viewBox=\"0 0 W H\"")) from exc
    for key in ("width", "height"):  # the layout gives the size; the view box the shape
        root.attrib.pop(key, None)
    return width, height


def length(text: str) -> float:
    match = re.fullmatch(r"\s*([0-9.]+)\s*(px|pt|pc|mm|cm|in)?\s*", text)
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * UNITS_PX[match.group(2) or ""]
