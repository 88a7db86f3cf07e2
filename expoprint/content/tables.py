"""Spreadsheets as rows of cells: the first sheet of an `.xlsx` or `.ods`, or a `.csv` export.

The first stage of reading a table, bytes to cells (`cells`; a workbook's are read by
`workbooks`); `columns` then names the columns and turns each row into fields. Every row keeps
the number the user's program shows beside it, so a message can say "row 12". Cells come out
as the text the user typed: numbers that are identifiers keep their form (an inventory
"1944.12" stays "1944.12", a whole number has no ".0"), a CSV cell is never read as a number at
all (a postcode "01000" keeps its zero), and only a date cell stays a date, for the field to
write in its own way.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..encodings import decode_text
from ..errors import Report
from ..i18n import _
from ..mapping import grouped
from ..yamlnodes import read_regular_file
from .cells import Row, cell_filled

MAX_TABLE_BYTES = 64 * 1024 * 1024  # ten thousand labels' worth of spreadsheet is a few MB
MAX_ROWS = 100_000
SEPARATORS = (";", ",", "\t")  # French Excel's, everyone else's, "Texte Unicode"'s


@dataclass(frozen=True)
class Table:
    file: str  # as messages show it
    header: Row  # the first row that is not empty
    rows: tuple[Row, ...]  # the rows below it that hold something


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a table's rows become artefacts: they make tens of
    thousands of small objects and no cycle, and every object that lives on is scanned again
    at each of the collector's passes (5 µs of a row's 50 for a thousand rows, more for ten
    thousand). Resumed at the end, as it was, whatever happens."""
    paused = gc.isenabled()  # False: someone paused it already, and resumes it
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def read_table(path: Path, shown: str, report: Report) -> Table | None:
    """The header row and the rows below it, or None with the reason reported."""
    data = read_regular_file(path, shown, report, MAX_TABLE_BYTES)
    if data is None:
        return None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = csv_rows(data, shown, report)
    else:
        from .workbooks import early_dates, workbook_rows  # zip, XML and a child: not for a CSV

        rows = workbook_rows(data, shown, report)
        if rows is not None and suffix == ".xlsx":
            rows = early_dates(data, rows)
    if rows is None:
        return None
    rows = [row for row in rows if any(cell_filled(cell) for cell in row.cells)]
    if not rows:
        report.error(shown, None, "", _("is empty"),
                     _("the first row names the columns (identifiant, titre, …), one row a line "
                       "below"))
        return None
    if len(rows) > MAX_ROWS:
        report.error(shown, None, "", _("has {count} rows, more than the {limit} expoprint "
                                        "reads").format(count=grouped(len(rows)),
                                                        limit=grouped(MAX_ROWS)),
                     _("check it is the right file"))
        return None
    return Table(shown, rows[0], tuple(rows[1:]))


# --- CSV ----------------------------------------------------------------------------------------

def csv_rows(data: bytes, shown: str, report: Report) -> list[Row] | None:
    """Rows of a CSV export in whatever encoding and separator the program chose.

    The separator is the one of `;`, `,` and tab the header row holds most often outside
    quotes (a quoted « N°, réf. » holds no separator); Excel's `sep=;` first line,
    when present, says it outright (Excel hides that line, so rows are numbered after it).
    Quoted cells may hold separators and line breaks; lines may end as Windows (CRLF), Unix
    (LF) or an old Mac's « CSV (Macintosh) » (CR) end them.
    """
    # Line breaks as "\n" everywhere, a cell's (Windows writes "\r\n") as between rows, which
    # the reader takes alike: one pass over the text, not one over each of 12,000 cells.
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    first, _newline, rest = text.partition("\n")
    if hint := re.fullmatch(r"sep=(.)", first):
        separator, text = hint.group(1), rest
    else:
        separator = max(SEPARATORS, key=separators_in_header(text).get)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(Row(number, tuple(cells)))
    except csv.Error as exc:
        report.error(shown, len(rows) + 1, "", _("cannot be read as CSV: {reason}").format(
            reason=exc), _("open the file in your spreadsheet program and save it again as CSV"))
        return None
    return rows


def separators_in_header(text: str) -> dict[str, int]:
    """How often each separator stands outside quotes in the first row that holds something:
    a quoted cell may hold separators and line breaks (« Titre, anglais », a header typed on
    two lines with Alt+Entrée)."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = seen = False
    for character in text[:100_000]:
        if character == '"':
            quoted, seen = not quoted, True
        elif quoted:
            continue
        elif character == "\n":
            if seen:
                break
            counts = dict.fromkeys(SEPARATORS, 0)  # a row of nothing but separators: Excel's empty row
        elif character in counts:
            counts[character] += 1
        elif not character.isspace():
            seen = True
    return counts
