"""Live text in an SVG logo, converted to outlines when its font can be found.

A logo exported with live `<text>` prints in whatever font the press has, or none: the letters
must be paths. A partner's communication officer rarely has Inkscape at hand, so rather than
refuse the file, `outline_text` draws each text run as a path with the font the logo names —
one of the kit's fonts (`expoprint/fonts`) or one the system has, found through fontconfig's
`fc-match` and accepted only when it is that family (never a look-alike, nor a generic family
for text that names none) — shaped by HarfBuzz as the motif is (`outlines.py`). The caller
says so in a warning (the letters are the font's; the logo's own kerning and effects may
differ). When a font cannot be found the file is refused as before, with the one command that
converts it.

Handled: `<text>` and its `<tspan>`s with `x`, `y`, `font-family`, `font-size`, `font-weight`,
`font-style`, `text-anchor` and `fill` given as attributes or in `style`, inherited from the text
element; a `transform` on the text is kept. Anything else stays as it was (`textPath` is
refused by the SVG reader, as are the fonts it cannot find).
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from ..bundled import FONTS
from ..i18n import _
from ..outlines import _font, outline
from ..wordfit import advance_em
from ..yamlnodes import quote
from .refused import Refused

SVG_NS = "http://www.w3.org/2000/svg"
HAS_TEXT = re.compile(rb"<(?:[\w.-]+:)?text[\s>/]")
# Lato's head table dates it before 1970; fontTools says so on every read, to no one's use.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
CONVERT = "inkscape --export-text-to-path --export-plain-svg --export-filename={out} {name}"


def command(name: str) -> str:
    """The one command that converts a logo's text to outlines (Inkscape 1.x)."""
    stem = Path(name)
    return CONVERT.format(out=stem.with_name(f"{stem.stem}-outlines.svg").as_posix(), name=name)


def outline_text(data: bytes, name: str) -> tuple[bytes, tuple[Path, ...]]:
    """The SVG with its live text drawn as paths, and the font files used (none: unchanged):
    the kit's, or the system's, which the build then counts among its inputs."""
    if not HAS_TEXT.search(data):
        return data, ()
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ET.ParseError, ValueError):
        return data, ()  # the SVG reader says what is wrong with the file
    used: list[Path] = []
    for parent in list(root.iter()):
        for index, node in enumerate(list(parent)):
            if isinstance(node.tag, str) and node.tag.rsplit("}", 1)[-1] == "text":
                parent.remove(node)
                parent.insert(index, text_paths(node, name, used))
    ET.register_namespace("", SVG_NS)
    return ET.tostring(root, encoding="utf-8"), tuple(dict.fromkeys(used))


def style_of(node, inherited: dict[str, str]) -> dict[str, str]:
    """The text properties of `node`: its attributes and `style`, over what it inherits."""
    found = dict(inherited)
    for key in ("font-family", "font-size", "font-weight", "font-style", "text-anchor", "fill"):
        if node.get(key):
            found[key] = node.get(key).strip()
    for item in (node.get("style") or "").split(";"):
        key, _sep, value = item.partition(":")
        if key.strip() in ("font-family", "font-size", "font-weight", "font-style",
                           "text-anchor", "fill") and value.strip():
            found[key.strip()] = value.strip()
    return found


def text_paths(text, name: str, used: list[Path]):
    """A `<g>` of paths drawing `text`'s runs (the text element, then each tspan)."""
    import xml.etree.ElementTree as ET

    group = ET.Element(f"{{{SVG_NS}}}g")
    if text.get("transform"):
        group.set("transform", text.get("transform"))
    base = style_of(text, {})
    x, y = number(text.get("x")), number(text.get("y"))
    runs = [(x, y, text.text or "", base)]
    for span in text:
        if not isinstance(span.tag, str) or span.tag.rsplit("}", 1)[-1] != "tspan":
            continue
        style = style_of(span, base)
        has_x, has_y = span.get("x") is not None, span.get("y") is not None
        runs.append((number(span.get("x")) if has_x else None,
                     number(span.get("y")) if has_y else None, span.text or "", style))
        if span.tail:
            runs.append((None, None, span.tail, base))
    pen_x, pen_y = x, y
    for index, (run_x, run_y, words, style) in enumerate(runs):
        pen_x = pen_x if run_x is None else run_x
        pen_y = pen_y if run_y is None else run_y
        words = re.sub(r"\s+", " ", words)  # SVG's default: white space collapsed, ends trimmed
        words = words.lstrip() if index == 0 else words
        words = words.rstrip() if index == len(runs) - 1 else words
        if not words:
            continue
        font = find_font(style, name)
        size = number(style.get("font-size", "16"), 16.0)
        if not words.strip():  # a space between two runs moves the pen
            pen_x += advance_em(words, font) * size
            continue
        used.append(font)
        drawn = outline(words, font, 0.0, ("kern", "liga"))
        units = _font(font)[1]["head"].unitsPerEm
        advance = advance_em(words, font) * size
        anchor = style.get("text-anchor", "start")
        left = pen_x - (advance / 2 if anchor == "middle" else advance if anchor == "end" else 0)
        if drawn.path:
            path = ET.SubElement(group, f"{{{SVG_NS}}}path", d=drawn.path)
            path.set("transform", f"translate({left:.3f} {pen_y:.3f}) scale({size / units:.6f})")
            if style.get("fill"):
                path.set("fill", style["fill"])
        pen_x = left + advance
    return group


def number(value: str | None, default: float = 0.0) -> float:
    match = re.match(r"\s*([-+]?(?:\d+\.?\d*|\.\d+))", value or "")
    return float(match.group(1)) if match else default


def find_font(style: dict[str, str], name: str) -> Path:
    """The font file for a run's family, weight and style: the kit's, else the system's."""
    if not style.get("font-family"):  # the designer's font is unknown: nothing to draw it with
        raise Refused(_("has live text in no named font"),
                      _("convert its text to outlines: {command}").format(command=command(name)))
    families = [f.strip().strip("'\"") for f in style["font-family"].split(",")]
    weight = style.get("font-weight", "normal")
    bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
    italic = style.get("font-style", "normal") in ("italic", "oblique")
    for family in families:
        if found := kit_font(family, bold, italic) or system_font(family, bold, italic):
            return found
    raise Refused(
        _("has live text in {font}, a font neither the kit nor this computer has").format(
            font=quote(families[0], 40)),
        _("convert its text to outlines: {command}").format(command=command(name)))


def squeezed(family: str) -> str:
    return re.sub(r"[\s_-]", "", family).lower()


@cache
def kit_families() -> dict[tuple[str, bool, bool], Path]:
    """The kit's fonts by (family, bold, italic), read from their name tables."""
    from fontTools.ttLib import TTFont

    found: dict[tuple[str, bool, bool], Path] = {}
    for path in sorted(FONTS.glob("*.ttf")):
        font = TTFont(path, lazy=True)
        names = font["name"]
        family = str(names.getDebugName(16) or names.getDebugName(1) or "")
        sub = str(names.getDebugName(17) or names.getDebugName(2) or "").lower()
        weight = font["OS/2"].usWeightClass
        key = (squeezed(family), 600 <= weight < 800, "italic" in sub)
        found.setdefault(key, path)
        font.close()
    return found


def kit_font(family: str, bold: bool, italic: bool) -> Path | None:
    return kit_families().get((squeezed(family), bold, italic))


@cache
def system_font(family: str, bold: bool, italic: bool) -> Path | None:
    """fontconfig's file for the family, only when it is that family: fc-match always answers,
    with a fallback (DejaVu for "sans-serif") when it has no such font, never the logo's."""
    tool = shutil.which("fc-match")
    if tool is None:
        return None
    pattern = f"{family}:weight={200 if bold else 80}:slant={100 if italic else 0}"
    try:
        answer = subprocess.run([tool, "-f", "%{family}\n%{file}", pattern], capture_output=True,
                                text=True, timeout=10, check=False).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return None
    if len(answer) < 2 or not answer[1].endswith((".ttf", ".otf", ".TTF", ".OTF")):
        return None
    names = {squeezed(n) for n in answer[0].split(",")}
    if squeezed(family) not in names:
        return None
    return Path(answer[1])
