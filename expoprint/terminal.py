"""Everything expoprint writes to the terminal passes here, with its control characters shown.

The text of a message often comes from a file: a font name read from a PDF, a cell of a
spreadsheet, a warning kept in the build cache. A terminal obeys the escape sequences such text
may hold (move the cursor, rewrite a line, change the window's title, hide what follows), so a
file could make the report say something else than what was found. Control characters of the
text are therefore shown as Python writes them (`\\x1b`), and only our own styling (click.style,
rich's markup), applied after, reaches the terminal as codes. New lines and tabs are kept.
"""

from __future__ import annotations

import re
from typing import Any

import click

# C0 controls but tab and new line, DEL, C1 controls (0x9b alone starts a sequence on some
# terminals), and the bidirectional overrides that reorder what a line shows.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` with each control character written as an escape, e.g. `\\x1b`."""
    return CONTROL.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"),
                       str(text))


def echo(text: object = "", err: bool = False) -> None:
    """click.echo of a message whose control characters are shown, not sent."""
    click.echo(printable(text), err=err)


def echo_json(text: str) -> None:
    """JSON on standard output: json.dumps already escapes the C0 controls; the others can
    only stand inside its strings, where `\\u009b` is the same text to a JSON reader."""
    click.echo(CONTROL.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text))


def styled(text: object, **style: Any) -> str:
    """click.style of a message whose control characters are shown, not sent."""
    return click.style(printable(text), **style)


def console(**options: Any):
    """A rich Console whose every string (printed, or a table's cell) has its control
    characters shown before rich reads its markup and adds its own styling."""
    from rich.console import Console

    class Shown(Console):
        def render_str(self, text: str, **kwargs: Any):
            return super().render_str(printable(text), **kwargs)

    return Shown(**options)
