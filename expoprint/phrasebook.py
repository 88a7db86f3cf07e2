"""Phrasebooks: one file per language (`layouts/phrases/<lang>.yaml`) with the words and the
patterns that write dates, runs, closings, hours, prices, addresses and dates of history, and the
language's typography. `wording`, `facts`, `opening`, `content.history_text` and `typography`
read them; none of them names a language.

A museum's own `layouts/phrases/<lang>.yaml` replaces the bundled one (`use_layouts`); a new
language is one more file there. The French phrasebook is the reference: every other one must
have each of its keys (a list the same length, a mapping the same keys), or it is refused with the
file and the key named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import yaml

from .bundled import LayoutFolders
from .errors import ExpoprintError, Problem, Report
from .i18n import _

SHIPPED = ("fr", "en", "de", "it", "es", "nl")
FOLDER = "phrases"
REFERENCE = "fr"  # the language every phrasebook is checked against
LANGUAGE = re.compile(r"[a-z]{2,3}")
# Tables whose keys are the language's own, not phrases every language must have.
OWN_KEYS = {"elisions", "typography.space_before", "history.ordinal.exact",
            "history.ordinal.last_two", "history.ordinal.last"}

_layouts = LayoutFolders()


class Phrasebook:
    """One language's phrasebook: `book["and"]`, `book.phrase("dates_run", start=…, end=…)`."""

    def __init__(self, lang: str, file: str, data: dict):
        self.lang, self.file, self.data = lang, file, data

    def __getitem__(self, key: str):
        return self.data[key]

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def phrase(self, key: str, verbatim: dict[str, str] | None = None, **values) -> str:
        """The pattern `key` filled with `values`, then its elisions (« de avril » → « d’avril »,
        « dal 8 » → « dall’8 »); the `verbatim` values (the author's own text, a note) are put
        in after the elisions, which only ever see the phrasebook's words."""
        verbatim = verbatim or {}
        text = self.elide(self.data[key].format(**values, **{k: f"\0{k}\0" for k in verbatim}))
        for name, value in verbatim.items():
            text = text.replace(f"\0{name}\0", value)
        return text

    def elide(self, text: str) -> str:
        for pattern, replacement in self.elisions:
            text = pattern.sub(replacement, text)
        return text

    @property
    def elisions(self) -> list[tuple[re.Pattern[str], str]]:
        return _compiled(self.lang, self.file, tuple(map(tuple, self.data["elisions"])))

    def __repr__(self) -> str:
        return f"Phrasebook({self.lang!r}, {self.file!r})"


@cache
def _compiled(lang: str, file: str, rules: tuple) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), replacement) for pattern, replacement in rules]


def use_layouts(layouts: LayoutFolders, report: Report | None = None) -> None:
    """Read the phrasebooks from `layouts` from now on (the museum's own over the bundled), and
    read again any whose file changed since (`serve` builds many times in one process); with a
    `report`, check every one of them into it, so a faulty one is told before a build begins.
    Each build calls it (`build.load`), and each part in a worker (`workers.make`)."""
    global _layouts
    if layouts != _layouts:
        _layouts = layouts
        _books.clear()
    for lang, (stamps, _book) in list(_books.items()):
        if stamps != _stamps_of(lang):
            del _books[lang]
    languages.cache_clear()  # a museum's new phrasebook counts from this build on
    if report is not None:
        for lang in languages():
            try:
                phrasebook(lang)
            except ExpoprintError as error:
                for problem in error.problems:
                    report.error(problem.file, problem.line, problem.field, problem.message,
                                 problem.hint)


@cache
def languages() -> tuple[str, ...]:
    """Every language with a phrasebook: the shipped ones first, then the museum's own."""
    found = dict.fromkeys(SHIPPED)
    for folder in reversed(_layouts.folders):
        if (folder / FOLDER).is_dir():
            found.update(dict.fromkeys(sorted(
                path.stem for path in (folder / FOLDER).glob("*.yaml")
                if LANGUAGE.fullmatch(path.stem))))
    return tuple(found)


def path_of(lang: str) -> Path:
    return _layouts / f"{FOLDER}/{lang}.yaml"


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _stamps_of(lang: str) -> tuple:
    """What a phrasebook read depends on: its file and the French one, as they are now."""
    path, reference = path_of(lang), path_of(REFERENCE)
    return path, _stamp(path), reference, _stamp(reference)


_books: dict[str, tuple[tuple, Phrasebook]] = {}


def phrasebook(lang: str) -> Phrasebook:
    """The phrasebook of `lang`, read once (`use_layouts` reads it again when its file
    changes); ExpoprintError naming the file and the key when it is missing, unreadable or lacks
    a phrase the French one has."""
    if (known := _books.get(lang)) is not None:
        return known[1]
    stamps = _stamps_of(lang)
    path, _, reference, _ = stamps
    data = _read(path, lang)
    if lang != REFERENCE:
        problems = [Problem(str(path), None, key, message, hint)
                    for key, message, hint in lacks(_read(reference, REFERENCE), data)]
        if problems:
            raise ExpoprintError(problems)
    book = Phrasebook(lang, str(path), data)
    _books[lang] = (stamps, book)
    return book


def _read(path: Path, lang: str) -> dict:
    if not path.is_file():
        raise ExpoprintError(Problem(str(path), None, "", _(
            "there is no phrasebook for the language '{lang}'").format(lang=lang), _(
            "write layouts/phrases/{lang}.yaml, a copy of the French one translated (see the "
            "README: Adding a language)").format(lang=lang)))
    try:
        # libyaml's parser when PyYAML has it: six phrasebooks in milliseconds, not a tenth of
        # a second at every start (their values are data; a museum's mistake is still named)
        data = yaml.load(path.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise ExpoprintError(Problem(str(path), None if line is None else line + 1, "", _(
            "cannot be read: {reason}").format(reason=getattr(error, "problem", None) or error),
            _("correct the YAML"))) from None
    if not isinstance(data, dict):
        raise ExpoprintError(Problem(str(path), None, "", _("is not a phrasebook (a mapping of "
                                                            "phrases)"),
                                     _("start from the French phrasebook")))
    return with_months(data)


def with_months(data: dict) -> dict:
    """A phrasebook copied before the months were among its phrases (a museum's own, from an
    earlier `expoprint new --with-layouts`) takes them from babel for its `locale`, where every
    phrasebook took them then; without a locale babel knows, `lacks` names what is missing."""
    locale = data.get("locale")
    if ("months" in data and "months_short" in data) or not isinstance(locale, str):
        return data
    from babel import UnknownLocaleError
    from babel.dates import get_month_names

    try:
        names = {width: list(get_month_names(width, context="format", locale=locale).values())
                 for width in ("wide", "abbreviated")}
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return data
    return {"months": names["wide"], "months_short": names["abbreviated"], **data}


def language_name(lang: str, reader: str) -> str:
    """`lang`'s name in `reader`'s language, for a column header: ("de", "fr") → "allemand";
    its own name when its phrasebook does not name it in `reader`'s."""
    names = phrasebook(lang)["names"]
    return names.get(reader) or names.get(lang) or lang


def lacks(reference: Mapping, book: Mapping, where: str = "") -> Iterator[tuple[str, str, str]]:
    """(key, message, fix) for each phrase of `reference` that `book` has not, or has in another
    shape: a list of another length, a text where a mapping is wanted. A null stands for "not in
    this language" (`first_of_month` in English) and may meet anything."""
    for key, wanted in reference.items():
        name = f"{where}.{key}" if where else str(key)
        if key not in book:
            yield name, _("lacks `{key}`").format(key=name), _(
                "add `{key}:` as the French phrasebook has it").format(key=name)
            continue
        given = book[key]
        if wanted is None or given is None or name in OWN_KEYS:
            continue
        if isinstance(wanted, dict):
            if not isinstance(given, dict):
                yield name, _("should be a mapping"), _("as in the French phrasebook")
            else:
                yield from lacks(wanted, given, name)
        elif isinstance(wanted, list):
            if not isinstance(given, list):
                yield name, _("should be a list"), _("as in the French phrasebook")
            elif len(given) != len(wanted):
                yield name, _("has {given} items, not {wanted}").format(
                    given=len(given), wanted=len(wanted)), _("as in the French phrasebook")
        elif isinstance(given, (dict, list)):
            yield name, _("should be a text"), _("as in the French phrasebook")
