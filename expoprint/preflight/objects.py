"""Reading the objects of an untrusted PDF without trusting their types.

Contract: every helper here takes whatever pikepdf hands over (the right type, the wrong type,
None) and returns a value or None plus, where it matters, what was wrong in words; none raises
on a malformed object. Walks over object graphs (page tree, resources, forms) are bounded and
see each indirect object once, so a cycle in a hostile file ends instead of looping.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import islice

MAX_WALK = 5_000  # resource dictionaries visited per page
MAX_ENTRIES = 10_000  # entries read from one dictionary


def kind_of(obj) -> str:
    """What an object is, in words: "an integer", "a dictionary"…"""
    import pikepdf

    if obj is None:
        return "missing"
    for kind, words in ((bool, "a boolean"), (int, "an integer"), (pikepdf.Name, "a name"),
                        (pikepdf.String, "a string"), (pikepdf.Stream, "a stream"),
                        (pikepdf.Dictionary, "a dictionary"), (pikepdf.Array, "an array")):
        if isinstance(obj, kind):
            return words
    return "a number" if isinstance(obj, float) or type(obj).__name__ == "Decimal" else "a value"


def text(obj, limit: int = 60) -> str:
    """An object as text, for a message or to compare a name: never raises. (pikepdf turns a
    name into str through UTF-8; a name that is not UTF-8 is shown as written, escaped.)"""
    try:
        value = str(obj)
    except (UnicodeDecodeError, ValueError, TypeError):
        try:
            value = obj.unparse().decode("latin-1")
        except Exception:  # whatever else it is, it has no words to show
            value = "(unreadable)"
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
    for _ in range(64):
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
        return None, f"{key[1:]} is {kind_of(box)}, expected 4 numbers"
    if len(box) != 4:
        return None, f"{key[1:]} has {len(box)} numbers, expected 4"
    try:
        x0, y0, x1, y1 = (float(v) for v in box)
    except (TypeError, ValueError):
        return None, f"{key[1:]} holds something that is not a number"
    if not all(math.isfinite(v) and abs(v) < 3.4e38 for v in (x0, y0, x1, y1)):
        return None, f"{key[1:]} holds a number out of range"
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), None


def content_streams(obj) -> list:
    import pikepdf

    contents = obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, pikepdf.Array):
        return [s for s in islice(contents, MAX_ENTRIES) if isinstance(s, pikepdf.Stream)]
    return []


def resource_dicts(page_obj) -> Iterator[tuple[str, object]]:
    """The page's resources and those of every form, tiling pattern and Type3 font it can
    reach, each once, as (where, dictionary): where fonts and graphics states are found."""
    import pikepdf

    stack: list[tuple[str, object]] = [("", inherited(page_obj, "/Resources"))]
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
                stack.append((f"{'form' if group == '/XObject' else group[1:].lower()} {name[:40]}",
                              child.get("/Resources")))
