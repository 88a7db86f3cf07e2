"""Messages in the user's language: French when the locale says French, English otherwise.

Every sentence a user reads — an error, a warning, a note, the command line's help — is written
in English at its call site inside `_()`, with named placeholders filled by `.format()` after the
translation (`_("'{value}' is not an hour").format(value=…)`), so that Babel can extract it and a
translator sees the whole sentence. The French lives in one catalog,
`expoprint/locale/fr/LC_MESSAGES/expoprint.po`, kept equal to the source by a test (every message
extracted from the code has its French, and the catalog holds nothing else). The catalog is read
with Babel at the first French message: no compiled file to keep in step.

The language is chosen at each message from the environment, as gettext does (`LANGUAGE`,
`LC_ALL`, `LC_MESSAGES`, `LANG`), so a test may switch it; the command line's help is read when
the program starts.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

CATALOG = Path(__file__).resolve().parent / "locale" / "fr" / "LC_MESSAGES" / "expoprint.po"


def language() -> str:
    """"fr" or "en", from the first of the locale variables that is set."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            first = value.split(":")[0].lower()
            return "fr" if first.startswith("fr") else "en"
    return "en"


@cache
def french() -> dict[str, str]:
    from babel.messages.pofile import read_po

    try:
        with CATALOG.open("rb") as handle:
            catalog = read_po(handle)
    except OSError:
        return {}
    return {message.id: message.string for message in catalog
            if message.id and isinstance(message.id, str) and message.string}


def _(message: str) -> str:
    """`message` in the user's language (as written when no translation exists)."""
    if language() == "fr":
        return french().get(message, message)
    return message


def extracted() -> dict[str, list[str]]:
    """Every `_()` message of the source, with the files it is used in: what the catalog must
    translate (scripts/messages.py updates it, tests/test_i18n.py checks it)."""
    from babel.messages.extract import extract_from_dir

    package = Path(__file__).resolve().parent
    found: dict[str, list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            package, method_map=[("**.py", "python")], keywords={"_": None}):
        if isinstance(message, str) and message:
            found.setdefault(message, []).append(f"expoprint/{filename}")
    return found
