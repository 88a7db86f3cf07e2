"""Reading a laid-out document the way a proofreader would, before anything is printed.

For every `data-frame` box: how far its content runs past the bottom or the sides (a word too
wide for its line is as much an overflow as a paragraph too long, and text running past its own
field's block, under the next field, as much as text past the frame), how full it is (for the
layout's fit groups, `data-fit`), and which content field (`data-field`) takes the room, so an
error can name the field rather than the frame. For every paragraph: the line breaks that break
the house's hyphenation rules, as words to keep whole on the next pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..typography import good_break

PX_PER_MM = 96 / 25.4
HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character
WORD = re.compile(r"[\w’'\-\u2010]+")
TOLERANCE_PX = 0.2 * PX_PER_MM


@dataclass(frozen=True)
class FrameReading:
    name: str
    page: int
    group: str | None  # its fit group, `data-fit`
    overflow_mm: float  # past the bottom (negative: room left)
    wide_mm: float  # past a side (0 when nothing is)
    fill: float  # share of the height its content takes, flexible gaps left out
    width_mm: float = 0.0
    height_mm: float = 0.0
    fields: dict[str, float] = field(default_factory=dict)  # field → height it takes, mm
    wide_field: str | None = None  # the field whose text runs out sideways
    wide_text: str = ""  # and that text

    @property
    def overflows(self) -> bool:
        return self.overflow_mm > 0.05 or self.wide_mm > 0.05


@dataclass
class Reading:
    frames: list[FrameReading]
    keep_whole: set[str]  # words whose hyphenation broke a rule


def read_document(document) -> Reading:
    frames: list[FrameReading] = []
    keep: set[str] = set()
    for number, page in enumerate(document.pages, start=1):
        for box, _, _ in _walk(page._page_box, None):
            if (name := _attr(box, "data-frame")) is not None:
                frames.append(_read_frame(box, name, number))
        for block in _line_blocks(page._page_box):
            keep |= hyphenation_faults([_line_text(line) for line in block.children
                                        if type(line).__name__ == "LineBox"])
    return Reading(frames, keep)


def _attr(box, name: str) -> str | None:
    element = getattr(box, "element", None)
    if element is None or not getattr(box, "element_tag", None):
        return None
    return element.get(name)


def _walk(box, field_name: str | None, field_box=None):
    """Every box with the content field it belongs to (the nearest `data-field` above it) and
    that field's own box."""
    # A field's lines carry its element too: they belong to its box, not boxes of their own.
    if (own := _attr(box, "data-field")) is not None and (
            field_box is None or box.element is not field_box.element):
        field_name, field_box = own, box
    yield box, field_name, field_box
    for child in getattr(box, "children", []) or []:
        yield from _walk(child, field_name, field_box)


def run_under(below: dict[int, tuple[object, float]]) -> float:
    """How far a field's lines run on under the field that follows it: text set over text, which
    the frame's own limit never sees (what runs past its block into empty room is harmless)."""
    blocks = [block for block, _lowest in below.values()]
    worst = 0.0
    for block, lowest in below.values():
        end = block.border_box_y() + block.border_height()
        if lowest <= end:
            continue
        for other in blocks:
            start = other.border_box_y()
            side = (other.border_box_x() < block.border_box_x() + block.border_width()
                    and block.border_box_x() < other.border_box_x() + other.border_width())
            if other is not block and side and end - TOLERANCE_PX <= start < lowest:
                worst = max(worst, lowest - start)
    return worst


def _read_frame(frame, name: str, page: int) -> FrameReading:
    # A frame clips at its padding box (`overflow: hidden`): that is the limit, and its padding
    # is where a layout keeps room for the descenders of its last line.
    top, left = frame.content_box_y(), frame.padding_box_x()
    bottom = top + frame.height + frame.padding_bottom
    right = left + frame.padding_width()
    lowest, wide_rank, wide_field, wide_text = top, (False, 0.0), None, ""
    gaps = 0.0
    extents: dict[str, list[float]] = {}
    below: dict[int, tuple[object, float]] = {}  # a field's block → its lowest line
    for box, field_name, field_box in _walk(frame, None):
        if box is frame:
            continue
        box_bottom = box.border_box_y() + box.border_height()
        lowest = max(lowest, box_bottom)
        if field_box is not None and box is not field_box and type(box).__name__ == "LineBox" \
                and type(field_box).__name__ == "BlockBox":
            # A flex column shrinks a field's block below its text when the frame is short:
            # the lines run on under the next field (the slide's badge) and never past the
            # frame. Lines are measured, not glyphs (they may hang below a tight line-height).
            below[id(field_box)] = (field_box, max(box_bottom, below.get(
                id(field_box), (None, 0.0))[1]))
        if _attr(box, "data-gap") is not None:
            gaps += box.border_height()
        past = max(box.border_box_x() + box.border_width() - right, left - box.border_box_x())
        # A word wider than the whole frame is the cause; boxes it merely pushed aside are not.
        rank = (type(box).__name__ == "TextBox" and box.width > right - left, past)
        if past > TOLERANCE_PX and rank > wide_rank and _has_ink(box):
            wide_rank, wide_field = rank, field_name
            wide_text = _text_of(field_box if field_box is not None else box)
        if field_name:
            span = extents.setdefault(field_name, [box.border_box_y(), box_bottom])
            span[0], span[1] = min(span[0], box.border_box_y()), max(span[1], box_bottom)
    hidden = run_under(below)
    height = (bottom - top) or 1
    return FrameReading(
        name, page, _attr(frame, "data-fit"),
        overflow_mm=round(max(lowest - bottom, hidden if hidden > TOLERANCE_PX else -1e9)
                          / PX_PER_MM, 2),
        wide_mm=round(wide_rank[1] / PX_PER_MM, 2),
        fill=round((lowest - top - gaps) / height, 3), width_mm=round((right - left) / PX_PER_MM, 2),
        height_mm=round((bottom - top) / PX_PER_MM, 2),
        fields={name: round((b - a) / PX_PER_MM, 1) for name, (a, b) in extents.items()},
        wide_field=wide_field, wide_text=wide_text.strip())


def _text_of(box) -> str:
    return " ".join(b.text.strip() for b, _, _ in _walk(box, None)
                    if type(b).__name__ == "TextBox" and b.text.strip())


def _has_ink(box) -> bool:
    """Text, or a box that paints: an empty block running wide paints nothing."""
    kind = type(box).__name__
    if kind == "TextBox":
        return bool(box.text.strip())
    if kind in ("InlineReplacedBox", "BlockReplacedBox"):
        return True
    style = box.style
    return bool(style["background_color"].alpha) or any(
        style[f"border_{side}_width"] for side in ("top", "right", "bottom", "left"))


def _line_blocks(box):
    """Block containers that hold lines of text: the paragraphs."""
    children = getattr(box, "children", []) or []
    if any(type(child).__name__ == "LineBox" for child in children):
        yield box
    for child in children:
        yield from _line_blocks(child)


def _line_text(line) -> str:
    return "".join(box.text for box, _, _ in _walk(line, None) if type(box).__name__ == "TextBox")


def hyphenation_faults(lines: list[str]) -> set[str]:
    """Words to keep whole so the paragraph follows the rules of French (and English) setting:
    its last line never starts with the tail of a split word, at most two hyphenated lines in a
    row, never a line holding a lone syllable, no fragment under 3 letters counted from an
    elision (« d’in- »), and no line ending at a hyphen the word already has (« Saint- /
    Ferjeux »: the compound is kept whole, `.pn` in _base.css does not break it)."""
    words: set[str] = set()
    hyphenated = [line.rstrip().endswith(HYPHEN) for line in lines]  # not a hard hyphen
    run = 0
    for index, line in enumerate(lines):
        run = run + 1 if hyphenated[index] else 0
        if index + 1 >= len(lines):
            continue
        tokens, following = WORD.findall(line), WORD.findall(lines[index + 1])
        if not tokens or not following:
            continue
        if not hyphenated[index]:
            if line.rstrip().endswith("-") and tokens[-1].rstrip("-"):
                words.add(tokens[-1] + following[0])  # broken at the word's own hyphen
            continue
        head = tokens[-1].rstrip(HYPHEN)
        word = head + following[0]
        is_last_break = index + 2 == len(lines)
        lone_syllable = len(tokens) == 1
        if is_last_break or run > 2 or lone_syllable or not good_break(head, following[0]):
            words.add(word)
    return words
