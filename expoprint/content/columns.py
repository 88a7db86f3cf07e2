"""A table's columns named in French or English, and each row read like a YAML mapping.

The second stage of reading a spreadsheet, after `tables`. The header row is matched against the
fields the file may hold whatever the case, accents, spacing or language ("Titre", "TITLE",
"N° d'inventaire", "Titre (anglais)", "title_de"); a column it cannot place is named once, not
once a row. Each row then becomes a `TableRow`, which the same validators as YAML read, and which
words their messages in rows and columns ("row 12: column "Titre": is empty").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import yaml

from .. import phrasebook
from ..errors import Report, place_pattern
from ..i18n import _
from ..mapping import Mapping, plain_texts
from ..yamlnodes import quote
from .cells import cell_filled, column_letters
from .fields import LANGUAGES, language_name, main_lang, translations
from .tables import Table

STR_TAG = "tag:yaml.org,2002:str"
# A column's language, after its name: « Titre (allemand) », "Title (German)", `title_de`,
# « Titre en anglais ». A code is read only in brackets or after `_`/`-`: « Titre de » is no German.
LANGUAGE_MARK = re.compile(
    r"^(?P<base>.+?)(?:\s*[(\[](?P<bracket>[^)\]]+)[)\]]|[_-]+(?P<code>[a-z]{2,3})"
    r"|[\s_-]+(?:en\s+|in\s+)?(?P<name>[^\s_-]+))$")
INTERFACE_LANGUAGES = ("fr", "en", "de", "it", "es", "nl")  # whose names of languages a header may use


@dataclass(frozen=True)
class Field:
    """A field a table may hold, and the column names that mean it."""

    key: str
    names: tuple[str, ...]  # the first is the French name the kit's header row uses
    translated: bool = False  # a translation may sit in "<name> (allemand)" or "<name>_de"
    date: bool = False  # a date of history: a date cell gives ISO text, for `history` to read


def normal(name: str) -> str:
    """A column name without case, accents, spaces or punctuation: "N° d'inventaire" and
    "n°d’inventaire" are the same column."""
    text = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def column(name: str) -> str:
    """A column as a message names it: by the header the user typed."""
    return _('column "{name}"').format(name=name)


def folded(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).strip()


@dataclass
class TableRow(Mapping):
    """One row of a table, read as a mapping whose keys are the fields its columns hold.

    A row is read by the same readers as a YAML mapping, but holds no YAML: `cells` gives each
    filled cell's text by its field's key, and `number` is the row's number in the file. A
    thousand rows made of YAML nodes cost a quarter of their reading. `labels` names each
    field's column as the user typed it (or, for a column the table lacks, the French name to
    add); `columns` holds the fields the table has a column for.
    """

    cells: dict[str, str] = field(default_factory=dict)
    number: int = 0
    plain: frozenset[str] = frozenset()  # the fields whose every cell is plain (`plain_texts`)
    labels: dict[str, str] = field(default_factory=dict)
    columns: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        """The keys are the fields' own names, given by `read_rows`, never typed: nothing to
        check in them."""

    def check_keys(self, allowed: Sequence[str]) -> None:
        """Nothing to check: a row's keys are its table's columns, each checked once, on the
        header row (`read_columns`), and each a field of its reader's
        (`tests/test_tables.py` holds the column tables and the readers' keys in step)."""

    @property
    def values(self) -> dict[str, yaml.Node]:  # type: ignore[override]
        """`Mapping.values`, for a reader that asks for nodes: made only then."""
        return {key: node for key in self.cells if (node := self.value_node(key, False, ""))}

    @property
    def lines(self) -> dict[str, int]:  # type: ignore[override]
        return dict.fromkeys(self.cells, self.number)

    def line(self, key: str | None = None) -> int:
        return self.number

    def present(self, key: str) -> bool:
        return key in self.cells  # an empty cell is no value

    def value_node(self, key: str, required: bool, example: str) -> yaml.Node | None:
        """A cell as the node a YAML reader of a field expects (`easy_read`), made only then."""
        value = self.cells.get(key)
        if value is None:
            if required:
                self.missing(key, example)
            return None
        mark = yaml.Mark(self.file, 0, self.number - 1, 0, None, None)
        return yaml.ScalarNode(STR_TAG, value, mark, mark)

    def text(self, key: str, required: bool = False, example: str = "…",
             max_len: int = 500, prose: bool = False) -> str | None:
        """`Mapping.text` for a cell: a filled cell is always text (an empty one is no value),
        and YAML's traps (a colon, a " #") are YAML's, not a spreadsheet's. A thousand rows
        call this 16,000 times."""
        value = self.cells.get(key)
        if value is None:
            if required:
                self.missing(key, example)
            return None
        if key in self.plain and len(value) <= max_len:
            return value  # its column was found plain (`plain_texts`): only its length was left
        return self.clean_text(key, value, max_len)

    def where(self, key: str) -> str:
        return column(self.labels.get(key, key))

    def name_of(self, key: str) -> str:
        return self.where(key)

    def fill_hint(self, key: str, example: str) -> str:
        if key in self.columns:
            return _("fill in the cell, e.g. {example}").format(example=example)
        return _('add a column "{name}"').format(name=self.labels.get(key, key))

    def missing(self, key: str, example: str) -> None:
        if key in self.columns:  # a column the table lacks is reported once, on its header row
            self.report.error(self.file, self.line(), self.where(key), _("is empty"),
                              self.fill_hint(key, example))


def read_rows(table: Table, fields: tuple[Field, ...], required: tuple[str, ...],
              report: Report) -> list[TableRow]:
    """Every row of the table as a `TableRow`; the header's problems are reported once."""
    columns = read_columns(table, fields, required, report)
    if columns is None:
        return []
    by_key = {f.key: f for f in fields}
    labels = {f.key: f.names[0] for f in fields}
    labels |= {f"{f.key}_{lang}": f"{f.names[0]} ({phrasebook.language_name(lang, 'fr')})"
               for f in fields if f.translated for lang in translations()}
    labels |= {key: header for key, (_, header) in columns.items()}
    width = len(table.header.cells)
    # What each column gives, worked out once, not at each of a thousand rows: its field's key,
    # its place in the row, the field and the language it is in.
    given = [(key, index, by_key[key.partition("_")[0]], key.partition("_")[2] or main_lang())
             for key, (index, _header) in columns.items()]
    keys, row_place = frozenset(columns), place_pattern(table.file)
    # The shared node stands for the table in what `Mapping` keeps; a row answers for its lines.
    node = yaml.MappingNode("tag:yaml.org,2002:map", [],
                            yaml.Mark(table.file, 0, table.header.number - 1, 0, None, None))
    rows: list[tuple[int, dict[str, str]]] = []
    for row in table.rows:
        if len(row.cells) > width and any(cell_filled(c) for c in row.cells[width:]):
            report.error(table.file, row.number, "",
                         _("has {cells} cells but row {number} names {columns} columns").format(
                             cells=len(row.cells), number=table.header.number, columns=width),
                         _("a cell holding the separator (; or ,) must be in quotes: export the "
                           "file again from your spreadsheet program"))
            continue
        cells = {}
        for key, index, spec, lang in given:
            cell = row.cells[index] if index < len(row.cells) else ""
            # a filled cell (`cell_filled`), stripped as `clean_text` strips
            if text := (cell if isinstance(cell, str) else cell_text(cell, spec, lang)).strip():
                cells[key] = text
        rows.append((row.number, cells))
    # A column whose cells are all plain text is checked once, not cell by cell.
    plain = frozenset(key for key in keys
                      if plain_texts([cells[key] for _number, cells in rows if key in cells]))
    return [TableRow(node, table.file, row_place.format(number=number), report, cells=cells,
                     number=number, plain=plain, labels=labels, columns=keys)
            for number, cells in rows]


def cell_text(cell: date, spec: Field, lang: str) -> str:
    """A date cell becomes ISO text for a date field, read then as a date of history like the
    same day typed (« 12/11/1900 » in a CSV), so xlsx, ods and CSV print it alike; in a text field,
    the date as a reader writes it ("4 septembre 1944", "4 September 1944")."""
    if spec.date:
        return cell.isoformat()
    from ..wording import date_words

    return date_words(cell, lang, tie=" ", year=True)  # « 1ᵉʳ septembre 1944 », "4. September"


@cache
def language_marks() -> dict[str, str]:
    """Every name of a language a header may give (« allemand », "German", « Deutsch ») → its
    code, in the languages whose phrasebooks expoprint ships."""
    from babel import Locale

    marks = {"eng": "en"}
    for interface in INTERFACE_LANGUAGES:
        for code, name in Locale.parse(interface).languages.items():
            if len(code) in (2, 3) and code.isalpha():
                marks.setdefault(normal(name), code)
    return marks


def languages_line(lang: str) -> str:
    """The `languages` line that adds `lang` to the content's."""
    return f"languages: [{', '.join((*LANGUAGES.get(), lang))}]"


def header_cell(name: str, index: int, row: int) -> str:
    """A header cell as a message names it: what the user typed, and where the spreadsheet
    program shows it (`column "Titre" (B1)`)."""
    return _('column "{name}" ({cell})').format(name=name, cell=f"{column_letters(index + 1)}{row}")


def read_columns(table: Table, fields: tuple[Field, ...], required: tuple[str, ...],
                 report: Report) -> dict[str, tuple[int, str]] | None:
    """field key → (index, header as typed), or None when the header names no column we know.

    Nothing a column holds is dropped without a word, and what has no safe reading stops the
    build: values under a blank header cell (often a header merged over two columns, such as
    « Localisation » over the room and the position) and a field named by two columns are
    errors, since no guess about which cells were meant can be trusted. A column expoprint does
    not know stays a warning (an error with --strict): its cells were never for the products,
    and museums keep their own columns (« Assurance », « État ») in the same sheet.
    """
    by_name = {normal(name): f for f in fields for name in f.names}
    header = table.header
    found: dict[str, tuple[int, str]] = {}
    unknown: list[tuple[int, str]] = []
    merged: set[int] = set()  # named cells a blank neighbour's error already names
    for index, cell in enumerate(header.cells):
        typed = " ".join(str(cell).split())
        if not typed:
            if filled := [row.number for row in table.rows
                          if index < len(row.cells) and cell_filled(row.cells[index])]:
                merged |= blank_header(table, index, filled[0], report)
            continue
        named = column_field(typed, by_name)
        if named is None:
            unknown.append((index, typed))
            continue
        spec, lang = named
        key = spec.key if lang in (None, main_lang()) else f"{spec.key}_{lang}"
        if lang not in (None, main_lang()) and not spec.translated:
            report.warn(table.file, header.number, header_cell(typed, index, header.number),
                        _('"{name}" is never translated, so its cells are ignored').format(
                            name=spec.names[0]),
                        _("rename the column, or delete it"))
        elif lang not in (None, *LANGUAGES.get()):
            report.error(table.file, header.number, header_cell(typed, index, header.number),
                         _("is in {language}, which `languages` in exhibition.yaml does not "
                           "list").format(language=language_name(lang)),
                         _("add `{code}` to `languages`, e.g. {example}; or delete the "
                           "column").format(code=lang, example=languages_line(lang)))
        elif key in found:
            other, before = found[key][1], found[key][0]
            report.error(table.file, header.number, header_cell(typed, index, header.number),
                         _('holds the same field as column "{other}" ({cell}): only one of the '
                           'two could be read').format(
                             other=other, cell=f"{column_letters(before + 1)}{header.number}"),
                         _('keep one of the two, or mark the translated one: "{other} '
                           '(anglais)"').format(other=other))
        else:
            found[key] = (index, typed)
    if not found:
        shown = ", ".join(f'"{quote(typed, 30)}"' for _index, typed in unknown[:4])
        report.error(table.file, header.number, "",
                     _("names no column expoprint knows ({names})").format(names=shown),
                     _("the first row names the columns: {names}").format(
                         names=", ".join(f.names[0] for f in fields)))
        return None
    for index, typed in unknown:
        if index not in merged:
            report.warn(table.file, header.number, header_cell(typed, index, header.number),
                        _("is not a column expoprint knows, so its cells are ignored"),
                        near_miss(typed, fields))
    for key in [k for k in found if "_" in k and k.partition("_")[0] not in found]:
        main = next(f.names[0] for f in fields if f.key == key.partition("_")[0])
        index, typed = found.pop(key)
        report.error(table.file, header.number, header_cell(typed, index, header.number),
                     _('is a translation with no column "{name}" beside it').format(name=main),
                     _('add the column "{name}": the main language\'s text is printed '
                       'first').format(name=main))
    for f in fields:
        if f.key in required and f.key not in found:
            report.error(table.file, header.number, "",
                         _('has no column "{name}" (or "{other}")').format(
                             name=f.names[0], other=f.names[1]),
                         _("add it to row {number}: every row needs one").format(
                             number=header.number))
    return found


def blank_header(table: Table, index: int, first: int, report: Report) -> set[int]:
    """Values under a blank header cell: an error at that cell. When the cell just left of it
    is named, the two were most likely merged (« Localisation » over « Salle » and
    « Emplacement »), and the message says so. Returns the named cell it spoke of, if any."""
    header = table.header
    cell = f"{column_letters(index + 1)}{header.number}"
    left = next((i for i in range(index - 1, -1, -1)
                 if " ".join(str(header.cells[i]).split())), None)
    fix = _("name each column in its own cell of row {number}, e.g. « salle » and "
            "« emplacement »").format(number=header.number)
    if left is not None:
        name = " ".join(str(header.cells[left]).split())
        report.error(table.file, header.number, _("column {cell}").format(cell=cell),
                     _('holds values (from row {row}) under an empty header cell, perhaps merged '
                       'with "{name}" ({other}), so they cannot be read').format(
                         row=first, name=quote(name, 30),
                         other=f"{column_letters(left + 1)}{header.number}"),
                     _("unmerge the header cells and {fix}").format(fix=fix))
        return {left}
    report.error(table.file, header.number, _("column {cell}").format(cell=cell),
                 _("holds values (from row {row}) under an empty header cell, so they cannot be "
                   "read").format(row=first),
                 _("{fix}, or delete the column").format(fix=fix))
    return set()


def column_field(typed: str, by_name: dict[str, Field]) -> tuple[Field, str | None] | None:
    """The field a header names, and the language it is marked in (None: unmarked); None when
    unknown."""
    if spec := by_name.get(normal(typed)):
        return spec, None
    if (match := LANGUAGE_MARK.match(folded(typed))) and (spec := by_name.get(normal(match["base"]))):
        mark = match["bracket"] or match["name"]
        lang = match["code"] if match["code"] else language_marks().get(normal(mark or ""))
        if lang is None and mark and len(normal(mark)) in (2, 3) and match["bracket"]:
            lang = normal(mark)  # « Titre (de) »
        if lang is not None:
            return spec, lang
    return None


def near_miss(typed: str, fields: tuple[Field, ...]) -> str:
    """A suggestion among the known names in both languages, as the user would type them."""
    names = [name for f in fields for name in f.names]
    names += [f"{name} ({phrasebook.language_name(lang, 'fr')})" for f in fields if f.translated
              for name in f.names[:1] for lang in translations()]
    spelled = {normal(name): name for name in names}
    close = difflib.get_close_matches(normal(typed), list(spelled), n=1, cutoff=0.75)
    if close:
        return _('did you mean "{name}"?').format(name=spelled[close[0]])
    return _("the columns are: {names} (or their English names)").format(
        names=", ".join(f.names[0] for f in fields))

