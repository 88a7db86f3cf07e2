"""Spreadsheets as rows of cells: the first sheet of an `.xlsx` or `.ods`, or a `.csv` export.

The first stage of reading a table, bytes to cells; `columns` then names the columns and turns
each row into fields. Every row keeps the number the user's program shows beside it, so a message
can say "row 12". Cells come out as the text the user typed: numbers that are identifiers keep
their form (an inventory "1944.12" stays "1944.12", a whole number has no ".0"), a CSV cell is
never read as a number at all (a postcode "01000" keeps its zero), and only a date cell stays a
date, for the field to write in its own way.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..errors import Report
from ..i18n import _
from ..yamlnodes import grouped, quote, read_regular_file
from .encodings import decode_text

MAX_TABLE_BYTES = 64 * 1024 * 1024  # ten thousand labels' worth of spreadsheet is a few MB
MAX_ROWS = 100_000
# calamine lays a sheet out as a full grid, from its first used cell to its last: one stray value
# in cell XFD1048576 would ask for 17 billion cells and abort the process (tafia/calamine#693).
MAX_CELLS = 20_000_000
MAX_SHEET_XML = 512 * 1024 * 1024  # what is decompressed of a sheet to find where its cells lie
SEPARATORS = (";", ",", "\t")  # French Excel's, everyone else's, "Texte Unicode"'s

Cell = str | date


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet program numbers it: the first row is 1
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    file: str  # as messages show it
    header: Row  # the first row that is not empty
    rows: tuple[Row, ...]  # the rows below it that hold something


def read_table(path: Path, shown: str, report: Report) -> Table | None:
    """The header row and the rows below it, or None with the reason reported."""
    data = read_regular_file(path, shown, report, MAX_TABLE_BYTES)
    if data is None:
        return None
    suffix = path.suffix.lower()
    rows = csv_rows(data, shown, report) if suffix == ".csv" else workbook_rows(data, shown, report)
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


def cell_filled(cell: Cell) -> bool:
    return not isinstance(cell, str) or bool(cell.strip())


# --- CSV ----------------------------------------------------------------------------------------

def csv_rows(data: bytes, shown: str, report: Report) -> list[Row] | None:
    """Rows of a CSV export in whatever encoding and separator the program chose.

    The separator is the one of `;`, `,` and tab that splits the header line most; Excel's
    `sep=;` first line, when present, says it outright (Excel hides that line, so rows are
    numbered after it). Quoted cells may hold separators and line breaks; CRLF is welcome.
    """
    text = decode_text(data)
    first, _newline, rest = text.partition("\n")
    if hint := re.fullmatch(r"sep=(.)\r?", first):
        separator, text = hint.group(1), rest
    else:
        header = next((line for line in text.split("\n", 50)[:50] if line.strip()), "")
        separator = max(SEPARATORS, key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(Row(number, tuple(cell.replace("\r\n", "\n").replace("\r", "\n")
                                          for cell in cells)))
    except csv.Error as exc:
        report.error(shown, len(rows) + 1, "", _("cannot be read as CSV: {reason}").format(
            reason=exc), _("open the file in your spreadsheet program and save it again as CSV"))
        return None
    return rows


# --- xlsx and ods -------------------------------------------------------------------------------

def workbook_rows(data: bytes, shown: str, report: Report) -> list[Row] | None:
    """Rows of the workbook's first sheet, read with calamine (Excel and OpenDocument alike)."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    if not data.startswith(b"PK"):  # both formats are zip archives
        not_a_workbook(data, shown, report)
        return None
    if Path(shown).suffix.lower() == ".xlsx" and not sheet_fits(data, shown, report):
        return None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            report.error(shown, None, "", _("holds no sheet"), _("put the table on the first sheet"))
            return None
        sheet = book.get_sheet_by_index(0)
        # With the empty rows and columns before the table, so indexes are the sheet's own.
        values = sheet.to_python(skip_empty_area=False)
    except PasswordError:
        report.error(shown, None, "", _("is protected by a password"),
                     _("save a copy without the password in the content folder"))
        return None
    except CalamineError as exc:
        report.error(shown, None, "", _("cannot be read as a workbook: {reason}").format(
            reason=quote(exc)), _("open it in your spreadsheet program and save it again"))
        return None
    if not any(cell != "" for cells in values for cell in cells):
        if len(book.sheet_names) > 1:
            report.error(shown, None, "", _("its first sheet, '{sheet}', is empty (the workbook "
                                            "has {count} sheets)").format(
                                                sheet=quote(sheet.name),
                                                count=len(book.sheet_names)),
                         _("expoprint reads the first sheet: move the table's sheet first"))
        else:
            report.error(shown, None, "", _("is empty"),
                         _("the first row names the columns (identifiant, titre, …), one row a "
                           "label below"))
        return None
    return [Row(index, tuple(cell_value(value) for value in cells))
            for index, cells in enumerate(values, start=1)]


def not_a_workbook(data: bytes, shown: str, report: Report) -> None:
    """Say what the file is instead, in the words a user knows."""
    again = _("open it in your spreadsheet program and save it as Excel (.xlsx), OpenDocument "
              "(.ods) or CSV (.csv)")
    head = data[:2048]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        report.error(shown, None, "", _("is an old Excel file (.xls) under another name"), again)
    elif head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\0" not in head:
        report.error(shown, None, "", _("is a text file (perhaps a CSV export) under a workbook's "
                                        "name"),
                     _("rename it {name}.csv, or save it again as a workbook").format(
                         name=Path(shown).stem))
    else:
        report.error(shown, None, "", _("is not a spreadsheet"), again)


CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})"')
ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]{1,7})"')


def sheet_fits(data: bytes, shown: str, report: Report) -> bool:
    """Refuse, before calamine sees it, a sheet whose last cell lies so far away that laying it
    out would exhaust the memory: the cell references are read from the sheets' XML."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                    continue
                rows, columns = sheet_extent(archive, info.filename)
                if rows * columns > MAX_CELLS:
                    report.error(shown, None, "", _("has a value as far as row {row}, column "
                                                    "{column}: a sheet of {cells} cells").format(
                                                        row=grouped(rows),
                                                        column=column_letters(columns),
                                                        cells=grouped(rows * columns)),
                                 _("delete the rows and columns after the table (a value typed "
                                   "far below or to the right of it)"))
                    return False
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
        report.error(shown, None, "", _("cannot be read as a workbook: {reason}").format(
            reason=quote(exc)), _("open it in your spreadsheet program and save it again"))
        return False
    return True


def sheet_extent(archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
    """The last row and column any cell of the sheet names, reading at most MAX_SHEET_XML."""
    rows = columns = 0
    tail = b""
    read = 0
    with archive.open(name) as stream:
        while chunk := stream.read(1 << 20):
            read += len(chunk)
            if read > MAX_SHEET_XML:
                raise ValueError(_("a sheet holds more than {size} MB of cells").format(
                    size=MAX_SHEET_XML >> 20))

            text = tail + chunk
            if cells := CELL_REF.findall(text):  # sets first: a sheet has few distinct columns
                columns = max(columns, *(column_number(c.decode()) for c in {c for c, _ in cells}))
                rows = max(rows, *map(int, {r for _, r in cells}))
            if marks := ROW_REF.findall(text):
                rows = max(rows, *map(int, set(marks)))
            tail = text[-512:]
    return rows, max(columns, 1)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_value(value: object) -> Cell:
    """A cell as the text it shows, except a date, which stays a date."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"  # as French Excel shows it
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, float):
        # Every number is a float to a spreadsheet: 1944 must not print as "1944.0".
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    return str(value)
