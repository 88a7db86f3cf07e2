"""What each content-stream operator takes, so a malformed one is named, not obeyed.

Contract: `fits(operands, kinds)` says whether operands match a signature of `SIGNATURES`;
`expected(op)` says in words what the operator takes ("6 numbers", "a font name and a size"),
`describe_operands()` what was given instead ("6 strings", "1 name", "no operands"). Only the
operators the interpreter acts on are listed: the others are skipped. The words are made at
each call, in the user's language.
"""

from __future__ import annotations

from ..i18n import _
from .tokens import Name

# operator: operand kinds. n number, i rendering mode, N name, s string, a array.
SIGNATURES = {
    "cm": "nnnnnn", "Tm": "nnnnnn", "Tf": "Nn", "Td": "nn", "TD": "nn", "Tz": "n", "TL": "n",
    "Tc": "n", "Tw": "n", "Ts": "n", "Tr": "i", "Tj": "s", "'": "s", '"': "nns", "TJ": "a",
    "cs": "N", "CS": "N", "g": "n", "G": "n", "rg": "nnn", "RG": "nnn", "k": "nnnn", "K": "nnnn",
    "m": "nn", "l": "nn", "re": "nnnn", "c": "nnnnnn", "v": "nnnn", "y": "nnnn", "Do": "N",
    "gs": "N",
}
KINDS = {float: "number", bytes: "string", Name: "name", list: "array", dict: "dictionary",
         bool: "boolean", type(None): "null"}


def expected(op: str) -> str:
    """What a person is told operator `op` (one of SIGNATURES) takes."""
    special = {
        "Tf": _("a font name and a size"), "Tr": _("a rendering mode 0–7"),
        "Tj": _("a string"), "'": _("a string"), '"': _("2 numbers and a string"),
        "TJ": _("an array"), "cs": _("a colour space name"), "CS": _("a colour space name"),
        "g": _("a grey level"), "G": _("a grey level"), "Do": _("an XObject name"),
        "gs": _("a graphics state name"),
    }
    if op in special:
        return special[op]
    count = len(SIGNATURES[op])
    return _("a number") if count == 1 else _("{count} numbers").format(count=count)


def kind_count(kind: str, count: int) -> str:
    """"1 name", "6 strings": one kind of operand, counted."""
    if count == 1:
        words = {"number": _("{count} number"), "string": _("{count} string"),
                 "name": _("{count} name"), "array": _("{count} array"),
                 "dictionary": _("{count} dictionary"), "boolean": _("{count} boolean"),
                 "null": _("{count} null"), "value": _("{count} value")}
    else:
        words = {"number": _("{count} numbers"), "string": _("{count} strings"),
                 "name": _("{count} names"), "array": _("{count} arrays"),
                 "dictionary": _("{count} dictionaries"), "boolean": _("{count} booleans"),
                 "null": _("{count} nulls"), "value": _("{count} values")}
    return words[kind].format(count=count)


def describe_operands(operands: list) -> str:
    if not operands:
        return _("no operands")
    counts: dict[str, int] = {}
    for value in operands:
        kind = KINDS.get(type(value), "value")
        counts[kind] = counts.get(kind, 0) + 1
    parts = [kind_count(kind, n) for kind, n in counts.items()]
    said = parts[0]
    for part in parts[1:]:
        said = _("{first} and {then}").format(first=said, then=part)
    return said


def fits(operands: list, kinds: str) -> bool:
    if len(operands) != len(kinds):
        return False
    for value, kind in zip(operands, kinds, strict=True):
        if kind == "n" and type(value) is not float:
            return False
        if kind == "N" and type(value) is not Name:
            return False
        if kind == "s" and type(value) is not bytes:
            return False
        if kind == "a" and type(value) is not list:
            return False
        if kind == "i" and not (type(value) is float and value.is_integer() and 0 <= value <= 7):
            return False
    return True
