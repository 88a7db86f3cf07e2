"""Messages in the user's language: that of the locale when a catalog speaks it, English
otherwise. French is complete and kept so by a test; another language is one more catalog.

Every sentence a user reads — an error, a warning, a note, the command line's help — is written
in English at its call site inside `_()`, with named placeholders filled by `.format()` after the
translation (`_("'{value}' is not an hour").format(value=…)`), so that Babel can extract it and a
translator sees the whole sentence. Each language lives in one catalog; French's is
`expoprint/locale/fr/LC_MESSAGES/expoprint.po`, kept equal to the source by a test (every message
extracted from the code has its French, and the catalog holds nothing else). The catalog is read
with Babel at the first French message: no compiled file to keep in step.

The language is chosen at each message from the environment, as gettext does (`LANGUAGE`,
`LC_ALL`, `LC_MESSAGES`, `LANG`), so a test may switch it; the command line's help is read when
the program starts.

click words its own messages and help headings ("Usage:", "No such option") through gettext in
English. Their French lives in the same catalog, extracted from click's source like ours, so that
a click upgrade that changes a message fails the catalog's test instead of printing English.
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / "locale"
CATALOG = LOCALE / "fr" / "LC_MESSAGES" / "expoprint.po"  # French: complete, kept equal to the source


@cache
def catalogs() -> frozenset[str]:
    """The languages the interface speaks besides English: those with a catalog in `locale/`
    (a translator adds `locale/de/LC_MESSAGES/expoprint.po`, and `de` is one)."""
    return frozenset(path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/expoprint.po"))


def language() -> str:
    """The user's language among those with a catalog, else "en": from the first locale variable
    that is set, whose languages (`LANGUAGE=de:fr`) are tried in order, as gettext does."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            for item in value.split(":"):
                code = item.lower()[:2]
                if code == "en" or code in catalogs():
                    return code
            return "en"
    return "en"


@cache
def translations(lang: str) -> dict[str, str]:
    return {message: string for message, string in catalog(lang)[0].items()
            if isinstance(message, str) and isinstance(string, str)}


@cache
def plurals(lang: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """The messages that change with a number (click's "Got unexpected extra argument(s)"):
    (singular, plural) → their forms in `lang`, in the order the catalog's plural rule numbers
    them (French: 0 and 1; a round million, « 1 000 000 de »; any other number)."""
    return {message: string for message, string in catalog(lang)[0].items()
            if isinstance(message, tuple) and isinstance(string, tuple)}


@cache
def catalog(lang: str = "fr") -> tuple[dict[str | tuple[str, str], str | tuple[str, ...]],
                                       Callable[[int], int]]:
    """A catalog's translated messages, and its rule choosing a plural form."""
    from babel.messages.pofile import read_po

    try:
        with (LOCALE / lang / "LC_MESSAGES" / "expoprint.po").open("rb") as handle:
            messages = read_po(handle)
    except OSError:
        return {}, lambda count: int(count > 1)
    return ({message.id: message.string for message in messages
             if message.id and (all(message.string) if isinstance(message.string, tuple)
                                else message.string)},
            gettext.c2py(messages.plural_expr))


def _(message: str) -> str:
    """`message` in the user's language (as written when no translation exists)."""
    lang = language()
    if lang != "en":
        return translations(lang).get(message, message)
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count`, in the user's language (French says "0 fichier",
    "1 fichier", "2 fichiers")."""
    lang = language()
    if lang != "en" and (forms := plurals(lang).get((singular, plural))):
        return forms[min(catalog(lang)[1](count), len(forms) - 1)]
    return singular if count == 1 else plural


def translate_click() -> None:
    """Make click's own messages speak the user's language.

    Each click module binds gettext's functions at import (`from gettext import gettext as _`),
    which read compiled catalogs of the process-wide domain only: rebinding those two names to
    ours is the one way to reach them without shipping a compiled file beside the catalog. Only
    names still bound to gettext's own functions are replaced, so calling this twice is harmless.
    The modules `import click` loads are the ones a command line uses (help, errors, types);
    the others (the editor, the progress bar, shell completion, Windows' console) are not
    imported here: some of them may only be imported on their own system.
    """
    import click  # noqa: F401  (loads the modules whose names are rebound below)

    for name, module in list(sys.modules.items()):
        if not name.startswith("click.") or module is None:
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = ngettext  # type: ignore[attr-defined]


def extracted() -> dict[str | tuple[str, str], list[str]]:
    """Every `_()` message of the source, and every `_()` and `ngettext()` message of click, with
    the files it is used in: what the catalog must translate (scripts/messages.py updates it,
    tests/test_i18n.py checks it)."""
    import click
    from babel.messages.extract import extract_from_dir

    package = Path(__file__).resolve().parent
    found: dict[str | tuple[str, str], list[str]] = {}
    for folder, prefix, keywords in (
            (package, "expoprint", {"_": None, "N_": None}),
            (Path(click.__file__).resolve().parent, "click", {"_": None, "ngettext": (1, 2)})):
        for filename, _line, message, _comments, _context in extract_from_dir(
                folder, method_map=[("**.py", "python")], keywords=keywords):
            if message and (isinstance(message, str) or len(message) == 2):
                found.setdefault(message, []).append(f"{prefix}/{filename}")
    return found
