"""Text whatever program wrote it: the encoding of a CSV file, and text garbled by a wrong one.

Nobody exporting a spreadsheet should have to know what an encoding is. French Excel writes
"CSV (séparateur : point-virgule)" in Windows-1252, "CSV UTF-8" with a byte order mark, "Texte
Unicode" in UTF-16; LibreOffice writes UTF-8 without a mark. Each is recognised from its bytes.

Text that went through a wrong encoding twice ("ChÃ©chia", "dâ€™origine") decodes without any
error and would print garbled on every label: `garbled` recognises it with ftfy, whose tables of
real-world mojibake are far better than any we could write, and gives the repaired text.
"""

from __future__ import annotations

import codecs
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

# UTF-32's marks first: its little-endian one begins with UTF-16's.
BOMS = {codecs.BOM_UTF32_LE: "utf-32-le", codecs.BOM_UTF32_BE: "utf-32-be",
        codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
SAMPLE = 4096  # bytes looked at to recognise UTF-16 written without a byte order mark


def c1_for_undefined(error: UnicodeDecodeError) -> tuple[str, int]:
    """Windows-1252 leaves five bytes undefined; like browsers, read them as the C1 controls of
    Latin-1, which the field checks then report as invisible characters, with their place."""
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("expoprint-c1", c1_for_undefined)


def decode_text(data: bytes) -> str:
    """The text of a file written by a spreadsheet program or a text editor.

    A byte order mark says UTF-8, UTF-16 or UTF-32; without one, UTF-16 and UTF-32 show as zero
    bytes in their places. Otherwise UTF-8 when the bytes are valid UTF-8 (text in another encoding with
    accents almost never is), else Windows-1252, what Excel writes on a French Windows.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    for bom, name in BOMS.items():
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    if name := wide_without_bom(data[:SAMPLE]):
        return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="expoprint-c1")


def wide_without_bom(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 written without a byte order mark, from where its zero bytes fall. No
    text in a one-byte encoding holds a zero byte; Latin text in UTF-16 has one beside each
    letter, in UTF-32 three; Chinese or Japanese text in UTF-16 has few, but its header row (the
    column names) is Latin. The order with the most zeros in the places it expects wins, if
    the sample decodes in it."""
    if b"\0" not in sample:
        return None
    quads = len(sample) // 4 * 4
    characters = quads // 4
    # UTF-32 has two zero bytes in every character below U+10000: tried first when they are there.
    wide = [name for name, places in (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1)))
            if min(sample[i:quads:4].count(0) for i in places) >= characters * 0.9]
    even, odd = sample[0:quads:2].count(0), sample[1:quads:2].count(0)
    narrow = ["utf-16-le"] if odd > even else ["utf-16-be"] if even > odd else []
    for name in wide + narrow:
        try:  # incremental: a character cut by the sample's end is not an error
            codecs.getincrementaldecoder(name)().decode(sample[:quads], final=False)
        except UnicodeDecodeError:
            continue
        return name
    return None


def garbled(text: str) -> str | None:
    """The repaired text when `text` shows the marks of a double encoding, else None.

    Both of ftfy's judgements must agree: the text looks like mojibake, and re-encoding it gives
    something else. Legitimate accented text, guillemets, apostrophes and dashes pass (the tests
    hold a corpus of tens of thousands of names in thirty languages).
    """
    if text.isascii() or not looks_garbled(text):
        return None
    import ftfy  # only for a text that looks garbled: the package takes 40 ms to import

    repaired = ftfy.fix_encoding(text)
    return repaired if repaired != text else None


@cache
def mojibake_heuristic() -> ModuleType:
    """ftfy's `badness` module, which needs only `re`, loaded without the package around it:
    importing `ftfy` builds its codecs, HTML entities and width tables first, 40 ms of every
    build, when nearly every text passes this one regular expression untouched."""
    package = importlib.util.find_spec("ftfy")
    assert package is not None and package.submodule_search_locations, "ftfy is a dependency"
    path = Path(next(iter(package.submodule_search_locations))) / "badness.py"
    spec = importlib.util.spec_from_file_location("expoprint.encodings.ftfy_badness", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class MojibakeStarts:
    """Where a match of ftfy's pattern can be: `spots` finds each character beyond ASCII that
    can be the first one an alternative requires (followed by another such character when each
    of those alternatives requires one right after); a match starts at most `leads[character]`
    characters before it. `alone` finds the characters that are a spot with no company."""

    leads: dict[str, int]
    spots: re.Pattern[str]
    alone: re.Pattern[str]


def looks_garbled(text: str) -> bool:
    """ftfy's `is_bad`, tried only where a match can be (`mojibake_starts`). Mojibake is two or
    three odd characters in a row; French text has accents, each followed by a plain letter,
    where no alternative of the pattern can begin. A sentence is one scan in C, not an attempt
    of forty alternatives at every character: a thousand artefacts' texts in a few
    milliseconds, not 65."""
    heuristic = mojibake_heuristic()
    starts = mojibake_starts()
    if starts is None:  # a pattern this reading does not understand: search it all, as ftfy does
        return heuristic.is_bad(text)
    if not may_look_garbled(text):
        return False
    match = heuristic.BADNESS_RE.match
    tried = -1
    for spot in starts.spots.finditer(text):
        here = spot.start()
        for start in range(max(here - starts.leads[spot.group()], tried + 1), here + 1):
            if match(text, start):
                return True
        tried = here
    return False


def may_look_garbled(text: str) -> bool:
    """False when no spot (`mojibake_starts`) can be in `text`: no two characters beyond ASCII
    in a row (each is one "?"), and none of those that are a spot alone. A French sentence has
    accents, seldom two together: four times quicker than finding the spots, and the texts of
    a thousand cells joined by a space are one look (`mapping.plain_texts`)."""
    starts = mojibake_starts()
    return starts is None or b"??" in text.encode("ascii", "replace") or \
        starts.alone.search(text) is not None


@cache
def mojibake_starts() -> MojibakeStarts | None:
    """Read from ftfy's pattern itself, alternative by alternative, element by element: the
    first element each requires beyond ASCII, how many characters may come before it, and
    whether it requires another right after. None if an alternative could match ASCII alone,
    or holds what this reading does not measure (a group, an unbounded repeat, case-blind
    matching, a class of thousands: a later ftfy may write its pattern otherwise)."""
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]

    pattern = mojibake_heuristic().BADNESS_RE
    if pattern.flags & re.IGNORECASE:
        return None

    def beyond_ascii(op, value) -> bool:
        if op is sre.LITERAL:
            return value >= 128
        return op is sre.IN and all(
            (kind is sre.LITERAL and item >= 128) or (kind is sre.RANGE and item[0] >= 128)
            for kind, item in value)

    def characters(op, value) -> list[str]:
        if op is sre.LITERAL:
            return [chr(value)]
        found = []
        for kind, item in value:
            if kind is sre.LITERAL:
                found.append(chr(item))
            elif item[1] - item[0] < 4096:
                found += map(chr, range(item[0], item[1] + 1))
            else:
                raise ValueError("a class of thousands")
        return found

    def width(op, value) -> int | None:  # the most characters an element takes
        if op in (sre.LITERAL, sre.IN, sre.ANY, sre.NOT_LITERAL):
            return 1
        if op is sre.AT:  # ^, \b: a place, not a character
            return 0
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            _low, high, inner = value
            if high is not sre.MAXREPEAT and len(inner) == 1 and width(*inner[0]) == 1:
                return high
        return None

    try:
        tree = parser.parse(pattern.pattern, pattern.flags)
        alternatives = tree[0][1][1] if len(tree) == 1 and tree[0][0] is sre.BRANCH else [tree]
        leads: dict[str, int] = {}
        alone: set[str] = set()  # characters some alternative requires with no other after
        for alternative in alternatives:
            elements, before = list(alternative), 0
            for index, (op, value) in enumerate(elements):
                if beyond_ascii(op, value):
                    followed = index + 1 < len(elements) and beyond_ascii(*elements[index + 1])
                    for character in characters(op, value):
                        leads[character] = max(leads.get(character, 0), before)
                        if not followed:
                            alone.add(character)
                    break
                if (taken := width(op, value)) is None:
                    return None
                before += taken
            else:
                return None  # no character beyond ASCII is required
    except Exception:  # re's parser is private: any surprise means searching it all
        return None

    def one_of(found) -> str:
        return "[" + "".join(re.escape(character) for character in sorted(found)) + "]"

    company = set(leads) - alone
    spots = "|".join(part for part in (company and f"{one_of(company)}(?=[^\x00-\x7f])",
                                       alone and one_of(alone)) if part)
    return MojibakeStarts(leads, re.compile(spots), re.compile(one_of(alone) if alone else "(?!)"))
