"""Readers shared by the content files: prose with its English, the schema line, limits."""

from __future__ import annotations

from datetime import date

import yaml

from ..i18n import _
from ..yamlnodes import Mapping, line_of
from .model import EasyRead, Prose

SCHEMA = 1
MAX_TITLE = 200
MAX_PARAGRAPH = 1500
MAX_EASY_LINES = 40  # an easy-read text is a few short sentences: past this, it is not one


def prose(m: Mapping, key: str, required: bool = False, example: str = "…",
          max_len: int = MAX_TITLE) -> Prose | None:
    fr = m.text(key, required=required, example=example, max_len=max_len, prose=True)
    en = m.text(f"{key}_en", max_len=max_len, prose=True)
    if fr is None:
        if en is not None and not required and not m.present(key):  # else reported already
            m.error(f"{key}_en", _("has an English text but {name} (French) is missing").format(
                name=m.name_of(key)), m.fill_hint(key, "…"))
        return None
    return Prose(fr, en)


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
    return [k for key in keys for k in (key, f"{key}_en")]


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
    """An easy-to-read text (`falc`, with `falc_en`): a list of sentences, or a text with one
    sentence a line (a spreadsheet's cell, a YAML `|` block). Whether each line follows the
    easy-to-read rules is the easy-read edition's check, not the reader's: a text that breaks them
    still builds, with warnings naming its lines."""
    fr, lines = easy_lines(m, key)
    en, lines_en = easy_lines(m, f"{key}_en")
    if not fr:
        if en and not m.present(key):
            m.error(f"{key}_en", _("has an English text but {name} (French) is missing").format(
                name=m.name_of(key)), m.fill_hint(key, "…"))
        return None
    return EasyRead(tuple(fr), tuple(en), tuple(lines), tuple(lines_en))


def easy_lines(m: Mapping, key: str) -> tuple[list[str], list[int]]:
    """The non-empty lines of an easy-read text, each with its line in the file."""
    node = m.values.get(key)
    if not m.present(key) or node is None:
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
