"""A YAML mapping's fields, read and checked: the reader every content file and layout goes
through, and that a spreadsheet's row stands in for (`content.columns.TableRow`).

Contract: `Mapping.of(node, file, path, report)` wraps a mapping node (anything else is reported
and gives None); each typed reader (`text`, `url`, `file_path`, `integer`, `iso_date`,
`mapping`, `sequence`…) returns the value or None, and every fault it finds is reported with
the file, the line, the key's path and how to fix it. Reading never stops at the first fault.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import yaml

from .encodings import garbled, may_look_garbled
from .errors import Report
from .i18n import _, language
from .typography import format_number
from .yamlnodes import NULL_TAG, describe, line_of
from .yamltraps import SHOWN, colon_text, cut_comment, quote, quoted, source, suggested

NO_BREAK = "\u00a0\u202f\u2007\u2060"
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
# Any case (`HTTPS://`), and hosts in any script (`bücher.example`, an IDN): a real address is
# never refused as "not a web address".
URL_RE = re.compile(r"^https?://[^\W_](?:[\w-]|\.(?=[^\W_]))*\.?(:\d+)?([/?#]\S*)?$", re.IGNORECASE)
MAX_DIGITS = 15


def grouped(number: int) -> str:
    """A whole number in a message, its thousands set apart as the reader's language writes them."""
    return format_number(number, language())


def first_three(names: list[str]) -> str:
    """The first three names, then how many more: a note stays one readable line."""
    if len(names) <= 3:
        return ", ".join(names)
    return _("{names} and {count} more").format(names=", ".join(names[:3]), count=len(names) - 3)


def translated_key(path: str, lang: str, main: str) -> str:
    """Where a field's text in `lang` is written: the field itself in the main language,
    `title` → `title_de`, `events[2].text` → `events[2].text_de`, and for a list of lines,
    `accessibility[1]` → `accessibility_de[1]` (the translated lines are a list beside the main
    one, never a key of its own per line)."""
    if lang == main:
        return path
    return re.sub(r"((?:\[\d+\])*)$", rf"_{lang}\1", path, count=1)


def translated_name(path: str, lang: str, main: str) -> str:
    """The key a user types for a field's text in `lang`: `accessibility[1]` → `accessibility_de`."""
    return re.sub(r"\[\d+\]$", "", translated_key(path, lang, main).rsplit(".", 1)[-1])


# `title_de`: a text's key and a language code, as a translation is written beside its text
TRANSLATED_KEY = re.compile(r"(.+)_([a-z]{2,3})")


def suggest(key: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return _("did you mean `{key}`?").format(key=close[0])
    return _("allowed keys: {keys}").format(keys=", ".join(sorted(allowed)))


@dataclass
class Mapping:
    """A YAML mapping with its file and key path, reading typed fields and reporting misuse.

    Construction checks unknown keys at once; reading a field records it as known.
    """

    node: yaml.MappingNode
    file: str
    path: str
    report: Report
    artefact: str = ""  # the id of the artefact this mapping describes, for the proofs

    def __post_init__(self) -> None:
        self.values: dict[str, yaml.Node] = {}
        self.lines: dict[str, int] = {}
        for key_node, value_node in self.node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.report.error(self.file, line_of(key_node), self.path or _("(top level)"),
                                  _("has {found} as a key").format(found=describe(key_node)),
                                  _("a key is a plain word followed by a colon"))
                continue
            key = str(key_node.value)
            if key.strip() != key and key.strip():
                # French autocorrect types a no-break space before a colon: `admission : …`.
                self.key_spaces(key, line_of(key_node))
                key = key.strip()
            if len(key) > SHOWN:
                self.report.error(self.file, line_of(key_node), self.path or _("(top level)"),
                                  _("has a key of {length} characters ('{key}')").format(
                                      length=grouped(len(key)), key=quote(key, 20)),
                                  _("a key is a short word followed by a colon"))
                continue
            if key in self.values:
                self.report.error(self.file, line_of(key_node), self.where(key),
                                  _("appears twice"), _("keep one of the two"))
            self.values[key] = value_node
            self.lines[key] = line_of(key_node)

    def key_spaces(self, key: str, line: int) -> None:
        name = key.strip()
        if key.rstrip() != key and any(ch in NO_BREAK for ch in key):
            self.report.error(self.file, line, self.where(name),
                              _("the key is followed by a no-break space before its colon"),
                              _("delete the space between `{key}` and the colon: `{key}:`").format(
                                  key=name))
        elif key.rstrip() != key:
            self.report.error(self.file, line, self.where(name),
                              _("the key is followed by a space inside its quotes"),
                              _("write the key without it: `{key}:`").format(key=name))
        else:
            self.report.error(self.file, line, self.where(name), _("the key starts with a space"),
                              _("delete the space before `{key}`").format(key=name))

    @classmethod
    def of(cls, node: yaml.Node | None, file: str, path: str, report: Report) -> Mapping | None:
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            report.error(file, line_of(node), path or _("(top level)"),
                         _("should be a mapping of `key: value` lines, found {found}").format(
                             found=describe(node)))
            return None
        return cls(node, file, path, report)

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def check_keys(self, allowed: Sequence[str]) -> None:
        cut = self.cut_numbers()
        for key, line in self.lines.items():
            if key in cut:
                previous, typed, fixed = cut[key]
                self.report.error(self.file, line, self.where(previous),
                                  _("'{value}' was cut at its comma: inside {braces} a comma ends "
                                    "a value, so YAML read '{rest}' as a key").format(
                                      value=quote(typed), braces="{…}", rest=quote(key)),
                                  _("put the value in quotes: {line}").format(line=fixed))
            elif key not in allowed and (translated := TRANSLATED_KEY.fullmatch(key)) and \
                    any(other.startswith(f"{translated[1]}_") for other in allowed):
                self.report.error(self.file, line, self.where(key),
                                  _("is a translation into '{code}', which `languages` in "
                                    "exhibition.yaml does not list").format(code=translated[2]),
                                  _("add `{code}` to `languages`, e.g. languages: [fr, en, "
                                    "{code}]").format(code=translated[2]))
            elif key not in allowed:
                self.report.error(self.file, line, self.where(key), _("unknown key"),
                                  suggest(key, allowed))

    def cut_numbers(self) -> dict[str, tuple[str, str, str]]:
        """Keys that are the tail of a number split at its comma, as in `{label: Plein tarif,
        price: 6,00 €}`: YAML ends `price` at the comma and reads `00 €` as a key with no value.
        Each such key → the key whose value was cut, the value as typed, the line corrected."""
        text = source(self.node)
        if text is None or not self.node.flow_style:
            return {}
        found = {}
        for (before, value), (key, rest) in pairwise(self.node.value):
            if (isinstance(value, yaml.ScalarNode) and value.style is None
                    and isinstance(key, yaml.ScalarNode) and key.style is None
                    and isinstance(rest, yaml.ScalarNode) and rest.tag == NULL_TAG
                    and str(value.value)[-1:].isdigit() and str(key.value)[:1].isdigit()):
                start, end = value.start_mark.index, key.end_mark.index
                first = text.rfind("\n", 0, start) + 1
                last = text.find("\n", end)
                line = text[first:last if last >= 0 else len(text)]
                typed = text[start:end]
                fixed = line[:start - first] + quoted(typed) + line[end - first:]
                found[str(key.value)] = (str(before.value), typed, suggested(fixed.strip()))
        return found

    def line(self, key: str | None = None) -> int:
        if key and key in self.lines:
            return self.lines[key]
        return line_of(self.node)

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.report.error(self.file, self.line(key), self.where(key), message, hint,
                          artefact=self.artefact)

    def warn(self, key: str, message: str, hint: str = "") -> None:
        self.report.warn(self.file, self.line(key), self.where(key), message, hint,
                         artefact=self.artefact)

    def present(self, key: str) -> bool:
        node = self.values.get(key)
        return node is not None and not (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG)

    def value_node(self, key: str, required: bool, example: str) -> yaml.Node | None:
        """The value's node, or None when absent (reported if the key is required)."""
        if not self.present(key):
            if required:
                self.missing(key, example)
            return None
        return self.values[key]

    def missing(self, key: str, example: str) -> None:
        self.report.error(self.file, line_of(self.node), self.where(key),
                          _("is required but missing"), self.fill_hint(key, example))

    def fill_hint(self, key: str, example: str) -> str:
        """How to give a missing value, in the words of the file (a spreadsheet says columns)."""
        return _("add a line such as `{key}: {example}`").format(key=key, example=example)

    def name_of(self, key: str) -> str:
        """The key as the user sees it in a message."""
        return f"`{key}`"

    def text(self, key: str, required: bool = False, example: str = "…",
             max_len: int = 500, prose: bool = False) -> str | None:
        """A one-piece text, taken exactly as written (so `Non` stays `Non`).

        `prose`: the text is a sentence, so the YAML traps of sentences are looked for (a colon
        that made it a mapping, a " #" that cut it); a trapped text is reported and returned as
        typed, so that nothing else complains about a missing value.
        """
        node = self.value_node(key, required, example)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            if prose and (typed := colon_text(node)):
                self.colon_trap(key, line_of(node), typed, f"{key}: ")
                return self.clean_text(key, typed, max_len)
            self.error(key, _("should be text, found {found}").format(found=describe(node)),
                       _("write the text on the same line, quoted if it has a colon"))
            return None
        if prose:
            self.comment_trap(key, node, f"{key}: ")
        return self.clean_text(key, str(node.value), max_len)

    def file_path(self, key: str, required: bool = False, example: str = "images/photo.jpg",
                  max_len: int = 300) -> str | None:
        r"""A file of the content folder, named from there. A path typed with Windows' `\`
        (`images\horloge.jpg`, as the Explorer's address bar shows it) names no file where the
        build runs, and a "missing file" would hide why: the error gives the path with `/`,
        which every system reads."""
        name = self.text(key, required=required, example=example, max_len=max_len)
        if name and "\\" in name and not name.startswith("\\"):
            self.error(key, _("'{value}' separates its folders with \\, which only Windows "
                              "reads").format(value=quote(name)),
                       _("write it with /: {path}").format(path=quote(name.replace("\\", "/"))))
            return None
        return name

    def colon_trap(self, where: str, line: int, typed: str, lead: str) -> None:
        self.report.error(self.file, line, self.where(where),
                          _("YAML read the colon in '{text}' as `key: value`").format(
                              text=quote(typed)),
                          _("put the text in quotes, or on the lines after `>-`: {line}").format(
                              line=suggested(lead + quoted(typed))))

    def comment_trap(self, where: str, node: yaml.ScalarNode, lead: str) -> None:
        if dropped := cut_comment(node):
            self.report.error(self.file, line_of(node), self.where(where),
                              _("the text stops before '{dropped}': YAML reads ' #' as the start "
                                "of a comment and dropped the rest of the line").format(
                                  dropped=quote(dropped)),
                              _("put the whole text in quotes: {line}").format(
                                  line=suggested(lead + quoted(f"{node.value} {dropped}"))))

    def clean_text(self, key: str, value: str, max_len: int) -> str | None:
        value = value.strip()
        if not value.isascii() and (repaired := garbled(value)):
            self.error(key, _("'{value}' is garbled by a wrong encoding").format(value=quote(value)),
                       _("it should read '{repaired}': retype it, or export the file "
                         "again").format(repaired=quote(repaired)))
            return None
        if not value.isprintable() and (bad := CONTROL_CHARS.search(value)):  # each is unprintable
            self.error(key, _("contains an invisible control character (U+{code})").format(
                code=f"{ord(bad.group()):04X}"), _("retype the text, or paste it as plain text"))
            return None
        if len(value) > max_len:
            self.error(key, _("is {length} characters long, more than the {limit} this field can "
                              "print").format(length=grouped(len(value)), limit=grouped(max_len)),
                       _("shorten it"))
            return None
        if not value:
            self.error(key, _("is empty"), _("write the text or remove the key"))
            return None
        return value

    def text_list(self, key: str, max_len: int = 2000) -> list[str] | None:
        node = self.value_node(key, False, "")
        if node is None:
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.error(key, _("should be a list of paragraphs (lines starting with `- `), found "
                              "{found}").format(found=describe(node)))
            return None
        out = []
        for index, item in enumerate(node.value):
            where = f"{key}[{index + 1}]"
            if typed := colon_text(item):
                # Kept as typed, so that the English paragraphs still count right.
                self.colon_trap(where, line_of(item), typed, "- ")
                out.append(typed)
                continue
            if not isinstance(item, yaml.ScalarNode) or item.tag == NULL_TAG:
                self.report.error(self.file, line_of(item), self.where(where),
                                  _("should be a paragraph of text, found {found}").format(
                                      found=describe(item)))
                continue
            self.comment_trap(where, item, "- ")
            value = self.clean_text(key, str(item.value), max_len)
            if value:
                out.append(value)
        return out

    def iso_date(self, key: str, required: bool = False, example: str = "2024-09-21") -> date | None:
        node = self.value_node(key, required, example)
        if node is None:
            return None
        return parse_date(node, self.file, self.where(key), self.report)

    def url(self, key: str) -> str | None:
        value = self.text(key, example="https://…")
        if value is not None and not URL_RE.match(value):
            self.error(key, _("'{value}' is not a web address").format(value=quote(value)),
                       _("write a full address starting with https://"))
            return None
        return value

    def integer(self, key: str, required: bool = False, example: str = "80") -> int | None:
        node = self.value_node(key, required, example)
        if node is None:
            return None
        raw = str(node.value).replace("\u202f", "").replace(" ", "") \
            if isinstance(node, yaml.ScalarNode) else ""
        if not re.fullmatch(r"[0-9]+", raw):
            self.error(key, _("should be a whole number, found {found}").format(
                found=describe(node)), _("e.g. `{key}: 80`").format(key=key))
            return None
        if len(raw.lstrip("0")) > MAX_DIGITS:
            self.error(key, _("{value} is too large a number to print").format(
                value=quote(raw, 20)), _("check the value"))
            return None
        return int(raw)

    def mapping(self, key: str, required: bool = False, example: str = "{…}") -> Mapping | None:
        node = self.value_node(key, required, example)
        return Mapping.of(node, self.file, self.where(key), self.report) if node is not None else None

    def sequence(self, key: str, required: bool = False, example: str = "[…]") -> Iterator[
            tuple[int, yaml.Node]]:
        node = self.value_node(key, required, example)
        if node is None:
            return
        if not isinstance(node, yaml.SequenceNode):
            self.error(key, _("should be a list (lines starting with `- `), found {found}").format(
                found=describe(node)))
            return
        if not node.value and required:
            self.error(key, _("is an empty list"),
                       _("add at least one entry, e.g. {example}").format(example=example))
        yield from enumerate(node.value, start=1)


def plain_texts(texts: list[str]) -> bool:
    """True when `Mapping.clean_text` can find nothing wrong in any of these texts, each
    stripped and not empty, but its length: none is garbled, none holds a control character.
    Looked at together, in C: a table's column of a thousand cells is two scans, not a
    thousand calls (the space that joins them is neither odd nor a control character)."""
    joined = " ".join(texts)
    if not joined.isascii() and may_look_garbled(joined):
        return False
    return joined.isprintable() or not CONTROL_CHARS.search(joined)  # each of them unprintable


def parse_date(node: yaml.Node, file: str, where: str, report: Report) -> date | None:
    if not isinstance(node, yaml.ScalarNode):
        report.error(file, line_of(node), where,
                     _("should be a date, found {found}").format(found=describe(node)),
                     _("write it as YYYY-MM-DD, e.g. 2024-09-21"))
        return None
    raw = str(node.value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        report.error(file, line_of(node), where,
                     _("'{value}' is not a date in the form YYYY-MM-DD").format(value=quote(raw)),
                     _("e.g. {example}").format(example="2024-09-21"))
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        report.error(file, line_of(node), where,
                     _("'{value}' is not a real calendar date").format(value=quote(raw)),
                     _("check the day and the month"))

        return None
