"""What each content-stream operator takes, so a malformed one is named, not obeyed.

Contract: `fits(operands, kinds)` says whether operands match a signature of `SIGNATURES`;
`describe_operands()` says what was given instead, in words ("6 strings", "1 name", "no
operands"). Only the operators the interpreter acts on are listed: the others are skipped.
"""

from __future__ import annotations

from .tokens import Name

# operator: (operand kinds, what a person is told is expected). n number, i rendering mode,
# N name, s string, a array.
SIGNATURES = {
    "cm": ("nnnnnn", "6 numbers"), "Tm": ("nnnnnn", "6 numbers"),
    "Tf": ("Nn", "a font name and a size"), "Td": ("nn", "2 numbers"), "TD": ("nn", "2 numbers"),
    "Tz": ("n", "a number"), "TL": ("n", "a number"), "Tc": ("n", "a number"),
    "Tw": ("n", "a number"), "Ts": ("n", "a number"), "Tr": ("i", "a rendering mode 0–7"),
    "Tj": ("s", "a string"), "'": ("s", "a string"), '"': ("nns", "2 numbers and a string"),
    "TJ": ("a", "an array"), "cs": ("N", "a colour space name"), "CS": ("N", "a colour space name"),
    "g": ("n", "a grey level"), "G": ("n", "a grey level"), "rg": ("nnn", "3 numbers"),
    "RG": ("nnn", "3 numbers"), "k": ("nnnn", "4 numbers"), "K": ("nnnn", "4 numbers"),
    "m": ("nn", "2 numbers"), "l": ("nn", "2 numbers"), "re": ("nnnn", "4 numbers"),
    "c": ("nnnnnn", "6 numbers"), "v": ("nnnn", "4 numbers"), "y": ("nnnn", "4 numbers"),
    "Do": ("N", "an XObject name"), "gs": ("N", "a graphics state name"),
}
KINDS = {float: "number", bytes: "string", Name: "name", list: "array", dict: "dictionary",
         bool: "boolean", type(None): "null"}


def describe_operands(operands: list) -> str:
    if not operands:
        return "no operands"
    counts: dict[str, int] = {}
    for value in operands:
        kind = KINDS.get(type(value), "value")
        counts[kind] = counts.get(kind, 0) + 1
    plural = {"dictionary": "dictionaries"}
    parts = [f"{n} {plural.get(kind, kind + 's') if n > 1 else kind}" for kind, n in counts.items()]
    return " and ".join(parts)


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
