"""Reading the objects of an untrusted PDF without trusting their types.

Contract: every helper here takes whatever pikepdf hands over (the right type, the wrong type,
None) and returns a value or None plus, where it matters, what was wrong in words; none raises
on a malformed object. Walks over object graphs (page tree, resources, forms) are bounded and
see each indirect object once, so a cycle in a hostile file ends instead of looping.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from itertools import islice

from ..i18n import _

MAX_WALK = 5_000  # resource dictionaries visited per page
MAX_ENTRIES = 10_000  # entries read from one dictionary


def pages_at(pdf, indices: Iterable[int]) -> dict[int, object]:
    """The page dictionaries at `indices`, found in one walk of the page list. pikepdf's
    `pdf.pages[i]` lists the pages again at each call (0.4 ms in a file of 10,000 pages): the
    search for JavaScript in every page of a 10,000-label run took 4.4 s."""
    wanted = set(indices)
    found: dict[int, object] = {}
    last = max(wanted, default=-1)
    for index, page in enumerate(pdf.pages):
        if index > last:
            break
        if index in wanted:
            found[index] = page.obj
    return found


def kind_of(obj) -> str:
    """What an object is, in words: "an integer", "a dictionary"…"""
    import pikepdf

    if obj is None:
        return _("missing")
    for kind, words in ((bool, _("a boolean")), (int, _("an integer")), (pikepdf.Name, _("a name")),
                        (pikepdf.String, _("a string")), (pikepdf.Stream, _("a stream")),
                        (pikepdf.Dictionary, _("a dictionary")), (pikepdf.Array, _("an array"))):
        if isinstance(obj, kind):
            return words
    if isinstance(obj, float) or type(obj).__name__ == "Decimal":
        return _("a number")
    return _("a value")


def text(obj, limit: int = 60) -> str:
    """An object as text, for a message or to compare a name: never raises. (pikepdf turns a
    name into str through UTF-8; a name that is not UTF-8 is shown as written, escaped.)"""
    try:
        value = str(obj)
    except (UnicodeDecodeError, ValueError, TypeError):
        try:
            value = obj.unparse().decode("latin-1")
        except Exception:  # whatever else it is, it has no words to show
            value = _("(unreadable)")
    return value[:limit]


def entries(obj) -> list[tuple[str, object]]:
    """A dictionary's items, at most MAX_ENTRIES of them; nothing for anything else, nor for a
    dictionary whose keys pikepdf cannot turn into text."""
    import pikepdf

    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return []
    try:
        return list(islice(obj.items(), MAX_ENTRIES))
    except UnicodeDecodeError:
        return []


def inherited(page_obj, key: str):
    """A page attribute, looked up the page tree as PDF allows (Resources, MediaBox…)."""
    import pikepdf

    node, seen = page_obj, set()
    for _step in range(64):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node.get(key)
        if node.is_indirect:
            if node.objgen in seen:
                return None
            seen.add(node.objgen)
        node = node.get("/Parent")
    return None


def read_box(page_obj, key: str) -> tuple[tuple[float, float, float, float] | None, str | None]:
    """A page box in points as (x0, y0, x1, y1) normalised, or what is wrong with it."""
    import pikepdf

    box = inherited(page_obj, key) if key in ("/MediaBox", "/CropBox") else page_obj.get(key)
    if box is None:
        return None, None
    if not isinstance(box, pikepdf.Array):
        return None, _("{box} is {kind}, expected 4 numbers").format(box=key[1:], kind=kind_of(box))
    if len(box) != 4:
        return None, _("{box} has {count} numbers, expected 4").format(box=key[1:], count=len(box))
    try:
        x0, y0, x1, y1 = (float(v) for v in box)
    except (TypeError, ValueError):
        return None, _("{box} holds something that is not a number").format(box=key[1:])
    if not all(math.isfinite(v) and abs(v) < 3.4e38 for v in (x0, y0, x1, y1)):
        return None, _("{box} holds a number out of range").format(box=key[1:])
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), None


def content_streams(obj) -> list:
    import pikepdf

    contents = obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, pikepdf.Array):
        return [s for s in islice(contents, MAX_ENTRIES) if isinstance(s, pikepdf.Stream)]
    return []


def resource_dicts(page_obj) -> Iterator[tuple[tuple[str, str] | None, object]]:
    """The page's resources and those of every form, tiling pattern and Type3 font it can
    reach, each once, as (where, dictionary): where fonts and graphics states are found, None
    for the page's own, else ("/XObject", "/Fm0"), ("/Pattern", …) or ("/Font", …), for
    `place()` to say in words when a rule needs it."""
    import pikepdf

    stack: list[tuple[tuple[str, str] | None, object]] = [
        (None, inherited(page_obj, "/Resources"))]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack and visited < MAX_WALK:
        where, resources = stack.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        visited += 1
        yield where, resources
        for group in ("/XObject", "/Pattern", "/Font"):
            for name, child in entries(resources.get(group)):
                if not isinstance(child, pikepdf.Dictionary | pikepdf.Stream) or (
                        child.is_indirect and child.objgen in seen):
                    continue
                if group == "/XObject" and child.get("/Subtype") != "/Form":
                    continue
                if group == "/Font" and child.get("/Subtype") != "/Type3":
                    continue
                if child.is_indirect:
                    seen.add(child.objgen)
                stack.append(((group, name[:40]), child.get("/Resources")))


def place(where: tuple[str, str]) -> str:
    """Where resources were found, in words: "form /Fm0", "pattern /P1", "font /T3"."""
    group, name = where
    if group == "/XObject":
        return _("form {name}").format(name=name)
    if group == "/Pattern":
        return _("pattern {name}").format(name=name)
    return _("font {name}").format(name=name)
