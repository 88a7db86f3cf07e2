"""Where ordinary French prose trips YAML, and the line the user should have typed.

Three traps catch people who write prose, not code: " : " inside a sentence turns it into a
`key: value` pair (or a syntax error), " #" silently starts a comment that drops the rest of the
line, and French autocorrect puts a no-break space before a key's colon. PyYAML reports none of
them in words a writer understands, and drops comments without a trace, so the raw source line,
which every node's mark keeps, is read again here to recognise them.
"""

from __future__ import annotations

import re

import yaml

SHOWN_LINE = 120  # a suggested line is cut there, like any echo of the user's text
# `key: text`, or `- key: text`, where the text is plain (not quoted, not a list or a block).
PLAIN_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?[^\s#:'\"\[\]{}][^:#]*?:\s+)"
                        r"(?P<text>[^\s'\"\[{>|&*!].*?)\s*$")


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


def colon_line(problem: str | None, text: str, line: int) -> tuple[str, str] | None:
    """For PyYAML's "mapping values are not allowed here" on a line that is a key followed by a
    sentence holding a colon: the sentence, and the line rewritten with it in quotes."""
    lines = text.splitlines()
    if problem != "mapping values are not allowed here" or not 0 <= line < len(lines):
        return None
    match = PLAIN_LINE.match(lines[line])
    if not match:
        return None
    sentence = match.group("text")
    return sentence, suggested(match.group("lead").strip() + " " + quoted(sentence))
