"""Content streams as a lazy sequence of instructions, read within a byte budget.

Contract: `decode()` returns a stream's decoded bytes, never more than the budget leaves (Flate
is inflated with a cap, so a 250 KB stream cannot become 100 MB in memory); `instructions()`
yields `(operands, operator)` one at a time from those bytes, so a page is never held as a list
of millions of objects. Neither raises on malformed input: what is wrong is appended, in words,
to the `problems` list given, and parsing goes on the way viewers do.

Operands are plain Python values: float (numbers), `Name` (str), bytes (strings), list, dict,
True/False/None, or `Invalid` (a token that is not a PDF value, such as `1e400`).

A malformed token may repeat a million times in a hostile stream: problems that recur per token
are given to `Problems.once` with a key, and put into words (translated) only the first time.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable, Iterator

from ..i18n import _

MAX_OPERANDS = 64  # no operator takes more; the rest of a longer run is dropped
MAX_NESTING = 32
MAX_ITEMS = 100_000  # per array or dictionary
MAX_PROBLEMS = 8  # per stream: the first ones say enough
CHUNK = 64 * 1024

WHITESPACE = b"\x00\t\n\x0c\r "
REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
# Whitespace and comments before a token are part of its match: one match a token, not two.
TOKEN = re.compile(rb"""
    [\x00\t\n\x0c\r ]*
    (?:
      (?P<comment>%[^\r\n]*)
    | (?P<name>/""" + REGULAR + rb"""*)
    | (?P<word>""" + REGULAR + rb"""+)
    | (?P<dict><<) | (?P<dict_end>>>)
    | (?P<hex><[^<>]*>)
    | (?P<string>\()
    | (?P<array>\[) | (?P<array_end>\])
    | (?P<other>.)
    | (?P<end>\Z)
    )
""", re.X | re.S)
# A digit run splits one way only (not `\d+\.?\d*`): a pattern that fails after a long run gives
# it up in one scan.
NUMBER_PATTERN = rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
NUMBER = re.compile(NUMBER_PATTERN)
# Most instructions are numbers then an operator ("0 0 0 1 k", "1 0 0 1 31.2 284.9 Tm"): read in
# one match. Anything else (names, strings, arrays, keywords, BI) takes the token-by-token path.
PLAIN_INSTRUCTION = re.compile(
    rb"[\x00\t\n\x0c\r ]*((?:" + NUMBER_PATTERN + rb"[\x00\t\n\x0c\r ]+)*)"
    rb"([A-Za-z'\"][A-Za-z0-9*'\"]*)(?=[\x00\t\n\x0c\r ()<>\[\]{}/%]|\Z)")
NUMBER_STARTS = frozenset(b"+-.0123456789")
EXPONENT = re.compile(NUMBER_PATTERN + rb"[eE][+-]?\d+")
LITERAL_SPECIAL = re.compile(rb"[()\\]")
OCTAL = re.compile(rb"[0-7]{1,3}")
ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
           ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}
INLINE_DATA = re.compile(rb"(?<=[\x00\t\n\x0c\r ])ID(?=[\x00\t\n\x0c\r ])")
END_OF_INLINE_IMAGE = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")
KEYWORDS = {b"true": True, b"false": False, b"null": None}
LARGEST = 3.403e38  # PDF readers hold reals as 32-bit floats


class Name(str):
    """A PDF name, written with its slash: `/F1`."""


class Invalid(str):
    """A number as written that no PDF reader takes: too large, or with an exponent. Why, in
    words, is asked only when an operator receiving it is reported (`reason()`)."""

    too_large: bool = False

    @classmethod
    def number(cls, text: str, too_large: bool) -> Invalid:
        value = cls(text)
        value.too_large = too_large
        return value

    def reason(self) -> str:
        if self.too_large:
            return _("a number too large for any PDF reader")
        return _("not a PDF number (PDF numbers have no exponent)")


class Problems(list):
    """Messages about one stream, each said once and only the first few."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: set = set()

    def say(self, message: str) -> None:
        if message not in self and len(self) < MAX_PROBLEMS:
            self.append(message)

    def once(self, key, make: Callable[[], str]) -> None:
        """Say `make()` the first time `key` comes, while there is room: the words of a
        problem that recurs per token or per operator are made once."""
        if key not in self.keys and len(self) < MAX_PROBLEMS:
            self.keys.add(key)
            self.say(make())


def name_of(raw: bytes) -> Name:
    if b"#" in raw:
        raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    try:  # pikepdf spells names in UTF-8: the same text finds them in its dictionaries
        return Name(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Name(raw.decode("latin-1"))


def number(raw: bytes) -> float | Invalid | None:
    """The value of a regular token if it is a number, None if it is a keyword or operator.
    A number no reader can hold, or one written with an exponent, is `Invalid`: the operator
    that receives it names it."""
    if raw[0] not in NUMBER_STARTS:  # an operator or keyword: no pattern to try
        return None
    if NUMBER.fullmatch(raw):
        return held(raw)
    if EXPONENT.fullmatch(raw):
        return Invalid.number(raw[:20].decode(), too_large=False)
    return None


def held(raw: bytes) -> float | Invalid:
    """The value of a token known to be a number, `Invalid` if no reader can hold it."""
    value = float(raw)
    return value if abs(value) <= LARGEST else Invalid.number(raw[:20].decode(), too_large=True)


def literal(data: bytes, pos: int, problems: Problems) -> tuple[bytes, int]:
    """A (string) starting after its parenthesis, with nested parentheses and escapes."""
    out, depth = bytearray(), 1
    while True:
        m = LITERAL_SPECIAL.search(data, pos)
        if m is None:
            problems.say(_("a string is not closed before the end of the stream"))
            return bytes(out + data[pos:]), len(data)
        out += data[pos:m.start()]
        char, pos = data[m.start()], m.end()
        if char == 0x5C:  # backslash
            if pos >= len(data):
                continue
            escaped = data[pos]
            if escaped in ESCAPES:
                out += ESCAPES[escaped]
                pos += 1
            elif 0x30 <= escaped <= 0x37:
                digits = OCTAL.match(data, pos).group()
                out.append(int(digits, 8) & 0xFF)
                pos += len(digits)
            elif escaped in b"\r\n":
                pos += 2 if data[pos:pos + 2] == b"\r\n" else 1
            else:
                pos += 1  # an unknown escape stands for the character itself, minus the backslash
                out.append(escaped)
        elif char == 0x28:
            depth += 1
            out.append(char)
        else:
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out.append(char)


def hex_string(raw: bytes, problems: Problems) -> bytes:
    digits = bytes(b for b in raw[1:-1] if b not in WHITESPACE)
    if len(digits) % 2:
        digits += b"0"
    try:
        return binascii.unhexlify(digits)
    except binascii.Error:
        problems.once("hex", lambda: _("a hexadecimal string holds characters that are not "
                                       "hexadecimal digits"))
        return b""


def instructions(data: bytes, problems: Problems) -> Iterator[tuple[list, str]]:
    """(operands, operator) pairs, lazily. Inline images come as ([dict], "BI")."""
    pos, end = 0, len(data)
    operands: list = []
    extra = 0  # operands dropped beyond MAX_OPERANDS before the next operator
    open_: list[tuple[str, list]] = []  # arrays and dictionaries being read
    match, plain = TOKEN.match, PLAIN_INSTRUCTION.match
    # After the shortcut fails, the token path reads up to the next operator before it is tried
    # again: a million numbers without an operator are scanned once, not a million times.
    shortcut = True
    while pos < end:
        run = plain(data, pos) if shortcut and not open_ else None
        if run and run[2] not in KEYWORDS and run[2] != b"BI":
            pos = run.end()
            # NUL is PDF whitespace too
            operands += [held(raw) for raw in run[1].replace(b"\0", b" ").split()]
            if len(operands) > MAX_OPERANDS:
                extra += len(operands) - MAX_OPERANDS
                del operands[:-MAX_OPERANDS]
            op = run[2].decode("latin-1")
            if extra:
                too_many(problems, op, extra + len(operands))
            yield operands, op
            operands, extra = [], 0
            continue
        shortcut = False
        m = match(data, pos)
        kind, pos = m.lastgroup, m.end()
        if kind == "comment":
            continue
        if kind == "end":
            break
        if kind == "word":
            raw = m.group(kind)
            value = number(raw)
            if value is None:
                if raw in KEYWORDS:
                    value = KEYWORDS[raw]
                elif open_:
                    op = raw[:20].decode("latin-1")
                    problems.once(("inside", op), lambda op=op: _(
                        "operator `{operator}` inside an array or dictionary").format(operator=op))
                    open_.clear()
                    operands, extra, shortcut = [], 0, True
                    continue
                else:
                    op = raw.decode("latin-1")
                    if extra:
                        too_many(problems, op, extra + len(operands))
                    if op == "BI":
                        image, pos = inline_image(data, pos, problems)
                        yield [image], "BI"
                    else:
                        yield operands, op
                    operands, extra, shortcut = [], 0, True
                    continue
        elif kind == "name":
            value = name_of(m.group(kind))
        elif kind == "hex":
            value = hex_string(m.group(kind), problems)
        elif kind == "string":
            value, pos = literal(data, pos, problems)
        elif kind in ("array", "dict"):
            if len(open_) >= MAX_NESTING:
                problems.say(_("arrays or dictionaries nested deeper than {depth}").format(
                    depth=MAX_NESTING))
                return
            open_.append((kind, []))
            continue
        elif kind in ("array_end", "dict_end"):
            if not open_ or open_[-1][0] != kind[:-4]:
                stray = m.group(kind).decode()
                problems.once(("stray", stray), lambda stray=stray: _("a stray `{token}`").format(
                    token=stray))
                continue
            opened, items = open_.pop()
            value = items if opened == "array" else dictionary(items, problems)
        else:
            char = m.group(kind).decode("latin-1")
            problems.once(("char", char), lambda char=char: _(
                "an unexpected character `{character}`").format(character=char))
            continue
        if open_:
            items = open_[-1][1]
            if len(items) < MAX_ITEMS:
                items.append(value)
            else:
                problems.once("items", lambda: _(
                    "an array or dictionary of more than {count:,} items").format(count=MAX_ITEMS))
        else:
            operands.append(value)
            if len(operands) > MAX_OPERANDS:
                del operands[0]
                extra += 1
    if open_:
        problems.say(_("an array or dictionary is not closed before the end of the stream"))


def too_many(problems: Problems, op: str, count: int) -> None:
    problems.once(("follows", op[:20], count), lambda: _(
        "operator `{operator}` follows {count} operands; no operator takes that many").format(
            operator=op[:20], count=count))


def dictionary(items: list, problems: Problems) -> dict:
    if len(items) % 2 or not all(isinstance(k, Name) for k in items[::2]):
        problems.once("keys", lambda: _("a dictionary whose keys are not all names"))
    return {k: v for k, v in zip(items[::2], items[1::2], strict=False) if isinstance(k, Name)}


def inline_image(data: bytes, pos: int, problems: Problems) -> tuple[dict, int]:
    """BI <key value>… ID <binary> EI: the dictionary, and where the content goes on."""
    start = INLINE_DATA.search(data, pos)
    if start is None:
        problems.say(_("an inline image (BI) without its data (ID)"))
        return {}, len(data)
    items: list = []
    for operands, _op in instructions(data[pos:start.start()] + b" ID", problems):
        items = operands
    image = dictionary(items, problems)
    end = END_OF_INLINE_IMAGE.search(data, start.end() + 1)
    if end is None:
        problems.say(_("an inline image's data runs to the end of the stream (no EI)"))
        return image, len(data)
    return image, end.end()


# --- decoding within a budget -------------------------------------------------------------------

class Budget:
    """Decoded bytes left for one page, forms included."""

    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit
        self.exceeded = False

    def take(self, size: int) -> None:
        self.left = max(0, self.left - size)


def filters(stream) -> tuple[list[str], list]:
    """The stream's filter names and their parameters, as lists of the same length."""
    import pikepdf

    names = stream.get("/Filter")
    params = stream.get("/DecodeParms")
    names = list(names) if isinstance(names, pikepdf.Array) else [] if names is None else [names]
    params = list(params) if isinstance(params, pikepdf.Array) else [params] * len(names)
    return [str(n) for n in names], (params + [None] * len(names))[: len(names)]


def inflate(raw: bytes, cap: int, budget: Budget, problems: Problems) -> bytes:
    """Flate-decode at most `cap` bytes, feeding the input in pieces: a bomb stops at the cap,
    and damaged data keeps what came before the damage, as viewers do."""
    engine = zlib.decompressobj()
    out = bytearray()
    for offset in range(0, len(raw), CHUNK):
        try:
            out += engine.decompress(raw[offset:offset + CHUNK], cap - len(out) + 1)
        except zlib.error as exc:
            problems.say(_("compressed data is damaged ({reason})").format(reason=exc))
            break
        if len(out) > cap:
            budget.exceeded = True
            del out[cap:]
            break
        if engine.eof:
            break
    return bytes(out)


def decode(stream, budget: Budget, problems: Problems) -> bytes:
    """A content stream's bytes, decoded, with at most what the budget has left kept."""
    import pikepdf

    length = stream.get("/Length")
    if budget.left <= 0 or (isinstance(length, int) and length > budget.left):
        budget.exceeded = True  # judged by its dictionary: not even read
        return b""
    names, params = filters(stream)
    data = stream.read_raw_bytes()
    for name, parms in zip(names, params, strict=True):
        predictor = isinstance(parms, pikepdf.Dictionary) and parms.get("/Predictor", 1) != 1
        if name in ("/FlateDecode", "/Fl") and not predictor:
            data = inflate(data, budget.left, budget, problems)
        elif name in ("/ASCIIHexDecode", "/AHx"):
            data = hex_string(b"<" + data.split(b">")[0] + b">", problems)
        elif name in ("/ASCII85Decode", "/A85"):
            try:
                data = base64.a85decode(data.strip().removesuffix(b"~>"), ignorechars=WHITESPACE)
            except ValueError:
                problems.say(_("ASCII85 data is damaged"))
                return b""
        elif len(data) * 64 > budget.left:
            # Other filters (LZW, predictors…) are rare in content; qpdf decodes them when the
            # raw size shows that the result cannot be out of proportion.
            budget.exceeded = True
            return b""
        else:
            try:
                data = stream.read_bytes()
            except pikepdf.PdfError as exc:
                problems.say(_("the stream cannot be decoded ({reason})").format(reason=exc))
                return b""
            break
    if len(data) > budget.left:
        budget.exceeded = True
        data = data[: budget.left]
    budget.take(len(data))
    return data
