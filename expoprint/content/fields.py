"""Readers shared by the content files: prose in the content's languages, the schema line, limits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

import yaml

from ..i18n import _
from ..mapping import Mapping
from ..yamlnodes import line_of
from .model import EasyRead, Prose

SCHEMA = 1
MAX_TITLE = 200
MAX_PARAGRAPH = 1500
MAX_EASY_LINES = 40
DEFAULT_LANGUAGES = ("fr", "en")  # an easy-read text is a few short sentences: past this, it is not one


# The languages texts may be given in while a content folder is read, the main one (that of the
# plain keys) first: `languages:` in exhibition.yaml, read before the other files. Set for the
# length of one read (`reading_in`), so every reader of a text, in YAML or in a table, knows which
# `_<lang>` keys and columns are the content's without each being handed the list.
LANGUAGES: ContextVar[tuple[str, ...]] = ContextVar("languages", default=DEFAULT_LANGUAGES)


@contextmanager
def reading_in(languages: tuple[str, ...]) -> Iterator[None]:
    token = LANGUAGES.set(languages)
    try:
        yield
    finally:
        LANGUAGES.reset(token)


def translations() -> tuple[str, ...]:
    """The languages a text may be translated into: all but the main one."""
    return LANGUAGES.get()[1:]


def prose(m: Mapping, key: str, required: bool = False, example: str = "…",
          max_len: int = MAX_TITLE) -> Prose | None:
    languages = LANGUAGES.get()
    main = m.text(key, required=required, example=example, max_len=max_len, prose=True)
    texts = [(lang, text) for lang in languages[1:]
             if (text := m.text(f"{key}_{lang}", max_len=max_len, prose=True)) is not None]
    if main is None:
        if texts and not required:  # else reported already, or nothing given
            main_missing(m, key, [lang for lang, _text in texts])
        return None
    return Prose(((languages[0], main), *texts))


def main_missing(m: Mapping, key: str, translated: list[str]) -> None:
    """Translations given for a text whose main language's is not: each is an error."""
    if m.present(key):  # there, but wrong: reported already
        return
    for lang in translated:
        m.error(f"{key}_{lang}", _("has a translation but {name} ({language}) is missing").format(
            name=m.name_of(key), language=language_name(main_lang())), m.fill_hint(key, "…"))


def main_lang() -> str:
    return LANGUAGES.get()[0]


def language_name(lang: str) -> str:
    """A language as the messages name it, in the interface's language: « anglais », "German"."""
    from babel import Locale

    from ..i18n import language

    try:
        return Locale.parse(lang).get_display_name(language()) or lang
    except (ValueError, LookupError):
        return lang


def read_run(m: Mapping, example: tuple[str, str]) -> tuple[date, date] | None:
    """`from` and `to`, a run of days (the exhibition's, a season's), the end not before the
    start; None when either is missing or wrong (reported)."""
    first = m.iso_date("from", required=True, example=example[0])
    last = m.iso_date("to", required=True, example=example[1])
    if first and last and last < first:
        m.error("to", _("{end} comes before the start {start}").format(
                    end=last.isoformat(), start=first.isoformat()),
                _("swap `from` and `to`, or correct the year"))
        return None
    return (first, last) if first and last else None


def prose_keys(*keys: str) -> list[str]:
    return [k for key in keys for k in (key, *(f"{key}_{lang}" for lang in translations()))]


def check_schema(m: Mapping) -> None:
    if not m.present("schema"):
        m.missing("schema", str(SCHEMA))
    elif m.integer("schema") not in (SCHEMA, None):
        m.error("schema", _("this version of expoprint reads schema {schema}").format(
            schema=SCHEMA), _("write `schema: {schema}`").format(schema=SCHEMA))



def folder_url(url: str | None) -> str | None:
    """`qr_base_url` names the folder the web site is uploaded to, and an artefact's id is
    appended to it: `…/objets` means `…/objets/`, else every code would open `…/objetsliberation`.
    An address with a query or a fragment (`…?id=`) is someone else's scheme and kept as it is."""
    if url is None or url.endswith("/") or "?" in url or "#" in url:
        return url
    return url + "/"


def easy_read(m: Mapping, key: str = "falc") -> EasyRead | None:
    """An easy-to-read text (`falc`, with `falc_en`, `falc_de`…): a list of sentences, or a text
    with one sentence a line (a spreadsheet's cell, a YAML `|` block). Whether each line follows
    the easy-to-read rules is the easy-read edition's check, not the reader's: a text that breaks
    them still builds, with warnings naming its lines."""
    if not (m.present(key) or any(m.present(f"{key}_{lang}") for lang in translations())):
        return None  # most labels have none
    main, lines = easy_lines(m, key)
    others = {lang: easy_lines(m, f"{key}_{lang}") for lang in translations()}
    if not main:
        main_missing(m, key, [lang for lang, (texts, _numbers) in others.items() if texts])
        return None
    return EasyRead(((main_lang(), tuple(main), tuple(lines)),
                     *((lang, tuple(texts), tuple(numbers))
                       for lang, (texts, numbers) in others.items() if texts)))


def easy_lines(m: Mapping, key: str) -> tuple[list[str], list[int]]:
    """The non-empty lines of an easy-read text, each with its line in the file."""
    node = m.value_node(key, False, "")
    if node is None:
        return [], []
    if isinstance(node, yaml.SequenceNode):
        texts = m.text_list(key, MAX_TITLE) or []
        if len(texts) == len(node.value):  # else an item was refused (reported)
            pairs = list(zip(texts, (line_of(item) for item in node.value), strict=True))
        else:
            pairs = [(text, m.line(key)) for text in texts]
    else:
        text = m.text(key, max_len=MAX_EASY_LINES * MAX_TITLE, prose=True) or ""
        # a `|` block's text starts on the line after its key; a cell's lines are all its row's
        block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
        first = line_of(node) + 1 if block else m.line(key)
        pairs = [(line.strip(), first + index if block else first)
                 for index, line in enumerate(text.split("\n")) if line.strip()]
    if len(pairs) > MAX_EASY_LINES:
        m.error(key, _("has {count} lines; an easy-to-read text holds {limit} at the most").format(
            count=len(pairs), limit=MAX_EASY_LINES), _("keep the sentences that matter most"))
        return [], []
    return [text for text, _line in pairs], [line for _text, line in pairs]
