"""Where ordinary French prose trips YAML, and the line the user should have typed.

Three traps catch people who write prose, not code: " : " inside a sentence turns it into a
`key: value` pair (or a syntax error), " #" silently starts a comment that drops the rest of the
line, and French autocorrect puts a no-break space before a key's colon. PyYAML reports none of
them in words a writer understands, and drops comments without a trace, so the raw source line,
which every node's mark keeps, is read again here to recognise them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .i18n import _

SHOWN = 60  # characters of the user's text a message quotes
SHOWN_LINE = 120  # a suggested line is cut there, like any echo of the user's text
# `key: text`, or `- key: text`, where the text is plain (not quoted, not a list or a block).
PLAIN_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?[^\s#:'\"\[\]{}][^:#]*?:\s+)"
                        r"(?P<text>[^\s'\"\[{>|&*!].*?)\s*$")


def quote(text: object, limit: int = SHOWN) -> str:
    """At most one line of the user's text, cut to `limit` characters: a message names a value,
    it never echoes a file (a link to /etc/passwd must not print the file back)."""
    line = str(text).strip().split("\n", 1)[0]
    cut = len(line) > limit or "\n" in str(text).strip()
    return (line[:limit].rstrip() + "…") if cut else line


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, on one line."""
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def suggested(line: str) -> str:
    return line if len(line) <= SHOWN_LINE else line[:SHOWN_LINE].rstrip() + "…"


def source(node: yaml.Node) -> str | None:
    """The text the node was read from, or None for nodes made in memory (spreadsheet rows)."""
    buffer = getattr(node.start_mark, "buffer", None)
    return buffer if isinstance(buffer, str) else None


def colon_text(node: yaml.Node) -> str | None:
    """A prose field that YAML read as `key: value` because of a colon in the sentence: the
    sentence as typed, on one line. None when the mapping looks meant (flow style, nested)."""
    text = source(node)
    if text is None or not isinstance(node, yaml.MappingNode) or node.flow_style:
        return None
    for key, value in node.value:
        for part in (key, value):
            if not isinstance(part, yaml.ScalarNode) or part.style is not None:
                return None
    typed = " ".join(text[node.start_mark.index:node.end_mark.index].split())
    return typed or None


def cut_comment(node: yaml.Node) -> str | None:
    """What a " #" on the same line dropped from an unquoted text, or None.

    Only plain (unquoted) text can be cut: inside quotes or after `>-` a # is a character, and
    after a closing quote a comment is plainly meant.
    """
    text = source(node)
    if text is None or not isinstance(node, yaml.ScalarNode) or node.style is not None:
        return None
    start = node.end_mark.index
    end = text.find("\n", start)
    rest = text[start:end if end >= 0 else len(text)].rstrip("\0")
    if rest[:1] in (" ", "\t") and rest.strip().startswith("#"):
        return rest.strip()
    return None


# What PyYAML's parser and scanner say, and what a writer most likely typed to make it say so.
QUOTED_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?(?:[^\s#'\"\[\]{}][^:#]*?:\s+)?)"
                         r"(?P<quote>['\"])(?P<rest>.*?)\s*$")
VALUE_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?(?:[^\s#'\"\[\]{}][^:#]*?:\s+)?)(?P<text>\S.*?)\s*$")
INDENT = re.compile(r"^[ \t]*")
PATH_LIKE = re.compile(r"\w\\\w")
CLOSING = {"{": "}", "[": "]"}


@dataclass(frozen=True)
class Syntax:
    """A syntax error as PyYAML saw it: its words, the lines (0-based) it points at, the text."""

    problem: str
    context: str
    at: int | None  # where the parser stopped
    opened: int | None  # where the construct it was reading began (a quote, a brace, a key)
    column: int
    lines: tuple[str, ...]

    def typed(self, index: int | None) -> str:
        return self.lines[index] if index is not None and 0 <= index < len(self.lines) else ""


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str, str]:
    """PyYAML's syntax error in words: the line of the likely cause, what it is, and the fix with
    the corrected line. Each reading is tried in turn, the most telling first; what none of them
    recognises still gets a sentence and a line, never the parser's own English."""
    syntax = Syntax(exc.problem or "", exc.context or "",
                    exc.problem_mark.line if exc.problem_mark else None,
                    exc.context_mark.line if exc.context_mark else None,
                    exc.problem_mark.column if exc.problem_mark else 0, tuple(text.splitlines()))
    for reader in (tab_trap, escape_trap, quote_trap, colon_trap, flow_trap, key_trap,
                   indent_trap, character_trap):
        if found := reader(syntax):
            number, message, hint = found
            return number + 1, _("is not valid YAML: {cause}").format(cause=message), hint
    return ((syntax.at + 1 if syntax.at is not None else None),
            _("is not valid YAML: YAML cannot read this line"),
            _("check its indentation (spaces, like the lines around it), its colons and its quotes"))


Found = tuple[int, str, str] | None


def tab_trap(s: Syntax) -> Found:
    """A tab, which YAML never reads as indentation (editors insert them on Tab)."""
    if s.at is None or not s.problem.startswith("found character '\\t'"):
        return None
    line = s.typed(s.at)
    indent = INDENT.match(line).group()
    if "\t" in indent:
        fixed = " " * expected_indent(s, s.at) + line.lstrip(" \t")
        return s.at, _("a tab indents this line; YAML indents with spaces only"), \
            _("indent it with spaces, like the lines around it: {line}").format(line=suggested(fixed))
    return s.at, _("a tab stands between the words of this line, where YAML expects a space"), \
        _("replace the tab with a space: {line}").format(line=suggested(line.replace("\t", " ")))


def quote_trap(s: Syntax) -> Found:
    """An apostrophe inside single quotes (`'Entrez dans l'atelier !'`) ends the text early; a
    quotation mark inside double quotes likewise; a quote never closed swallows the lines after."""
    if "quoted scalar" in s.context and s.opened is not None:
        line = s.typed(s.opened)
        if match := QUOTED_LINE.match(line):
            fixed = line.rstrip() + match["quote"]
            return s.opened, _("the quotation mark opened on this line is never closed"), \
                _("close it at the end of the text: {line}").format(line=suggested(fixed))
    if s.at is None or "but found '<scalar>'" not in s.problem:
        return None
    line = s.typed(s.at)
    match = QUOTED_LINE.match(line)
    mark, rest = (match["quote"], match["rest"]) if match else ("", "")
    inner = rest[:-1] if rest.endswith(mark) else rest
    if not mark or mark not in inner:
        return unclosed_quote(s)
    if mark == "'":
        fixed = match["lead"] + (f'"{inner}"' if '"' not in inner else
                                 "'" + inner.replace("'", "''") + "'")
        return s.at, _("the apostrophe in '{text}' closes the single quotes the text opened").format(
            text=quote(inner)), \
            _("write the text in double quotes: {line}").format(line=suggested(fixed))
    fixed = match["lead"] + (f"'{inner}'" if "'" not in inner else quoted(inner))
    return s.at, _("the quotation mark inside '{text}' closes the double quotes the text "
                 "opened").format(text=quote(inner)), \
        _("write the text in single quotes, or use « » inside it: {line}").format(
            line=suggested(fixed))


def unclosed_quote(s: Syntax) -> Found:
    """A quote left open runs on to the next quotation mark, lines below (`title: "Expo` then
    `hours: {open: "9:30"`), where the parser stops: the cause is the nearest line above whose
    quoted text does not close on it."""
    for index in range(s.at, -1, -1):
        line = s.typed(index)
        if (match := QUOTED_LINE.match(line)) and not closes(match["rest"], match["quote"]):
            return index, _("the quotation mark opened on this line is never closed"), \
                _("close it at the end of the text: {line}").format(
                    line=suggested(line.rstrip() + match["quote"]))
    return None


def closes(rest: str, mark: str) -> bool:
    """Whether a text after its opening quote closes it on the same line (`''` is an apostrophe
    inside single quotes, `\\"` a quotation mark inside double ones)."""
    text = rest.replace("''", "") if mark == "'" else rest.replace('\\\\', "").replace('\\"', "")
    return mark in text


def escape_trap(s: Syntax) -> Found:
    """A backslash inside double quotes starts an escape (`\\n`): a Windows path breaks there."""
    if s.at is None or not s.problem.startswith("found unknown escape character"):
        return None
    line = s.typed(s.at)
    if PATH_LIKE.search(line):
        return s.at, _("a backslash inside double quotes starts an escape such as \\n"), \
            _("write the path with / between folders: {line}").format(
                line=suggested(line.replace("\\", "/")))
    return s.at, _("a backslash inside double quotes starts an escape such as \\n"), \
        _("write the text in single quotes: {line}").format(
            line=suggested(line.replace('"', "'", 2) if "'" not in line else line))


def colon_trap(s: Syntax) -> Found:
    """`key: text: more`: a colon followed by a space inside a plain text starts a second key.
    When the colon is the line's own `key:`, the line is indented deeper than its block."""
    if s.at is None or s.problem != "mapping values are not allowed here":
        return None
    line = s.typed(s.at)
    match = PLAIN_LINE.match(line)
    if match and s.column >= len(match["lead"]):
        return s.at, _("the colon in '{text}' reads as a second `key:`").format(
            text=quote(match["text"])), _("put the text in quotes: {line}").format(
                line=suggested(match["lead"].rstrip() + " " + quoted(match["text"])))
    return indent_trap(s, force=True)


def flow_trap(s: Syntax) -> Found:
    """A `{` or `[` never closed, or a value inside one that holds a comma, colon or quote."""
    if s.opened is None or not s.context.startswith("while parsing a flow"):
        return None
    line = s.typed(s.opened)
    missing = unclosed(line)
    brace = "{" if "mapping" in s.context else "["
    if missing:
        return s.opened, _("the `{brace}` opened on this line is never closed").format(brace=brace), \
            _("close it at the end of the line: {line}").format(
                line=suggested(line.rstrip() + missing))
    return s.opened, _("a value inside the `{brace}…{closing}` holds a comma, a colon or a quotation "
                     "mark that YAML reads as punctuation").format(brace=brace,
                                                                   closing=CLOSING[brace]), \
        _("put each such value in double quotes, e.g. {example}").format(
            example='{label: Plein tarif, price: "6,00 €"}')


def key_trap(s: Syntax) -> Found:
    """A line with no colon inside a block of `key: value` lines."""
    if s.opened is None or s.problem != "could not find expected ':'":
        return None
    line = s.typed(s.opened)
    word = line.strip()
    if word.startswith("-") and not word.startswith("- "):
        dash = line.index("-")
        return s.opened, _("a `-` starts a list item only when a space follows it"), \
            _("add the space: {line}").format(line=suggested(f"{line[:dash + 1]} {line[dash + 1:]}"))
    if word and " " not in word:
        return s.opened, _("this line is neither `key: value` nor a `- ` list item"), \
            _("add the colon after the key: {line}").format(line=suggested(line.rstrip() + ": …"))
    return s.opened, _("this line is neither `key: value` nor a `- ` list item"), \
        _("add the colon after its key, or indent a text that continues the line above deeper "
          "than its key")


def indent_trap(s: Syntax, force: bool = False) -> Found:
    """A line indented differently from the lines of its block."""
    if s.at is None or not (force or "but found" in s.problem):
        return None
    line = s.typed(s.at)
    if not line.strip():
        return None
    fixed = " " * expected_indent(s, s.at) + line.lstrip()
    if fixed == line:
        return None
    return s.at, _("this line is indented differently from the lines of its block"), \
        _("indent it like the lines around it: {line}").format(line=suggested(fixed))


def character_trap(s: Syntax) -> Found:
    """`@`, a backquote, `%`, `*`: characters YAML keeps for itself at the start of a value."""
    if s.at is None or not s.problem.startswith(
            ("found character", "expected alphabetic or numeric", "found undefined alias")):
        return None
    line = s.typed(s.at)
    match = VALUE_LINE.match(line)
    if not match or match.start("text") != s.column:  # the character is not where a text starts
        return None
    return s.at, _("a text cannot start with `{character}` unless it is in quotes").format(
        character=match["text"][0]), _("put the text in quotes: {line}").format(
            line=suggested(match["lead"] + quoted(match["text"])))


def expected_indent(s: Syntax, at: int) -> int:
    """The indentation a line most likely wants: the previous line's, deeper after a `key:`."""
    for index in range(at - 1, -1, -1):
        above = s.typed(index)
        if above.strip() and not above.lstrip().startswith("#"):
            width = len(INDENT.match(above).group().replace("\t", "  "))
            if above.rstrip().endswith(":"):
                return width + 2
            if above.lstrip().startswith("- ") and not s.typed(at).lstrip().startswith("- "):
                return width + 2
            return width
    return 0


def unclosed(line: str) -> str:
    """The `}` and `]` a line lacks, in the order they close; quoted text is skipped."""
    stack: list[str] = []
    inside: str | None = None
    for ch in line:
        if inside:
            inside = None if ch == inside else inside
        elif ch in "'\"":
            inside = ch
        elif ch in CLOSING:
            stack.append(CLOSING[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
    return "".join(reversed(stack))
