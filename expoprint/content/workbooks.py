"""The first sheet of an `.xlsx` or `.ods` workbook as rows of cells, for `tables`.

Contract: `workbook_rows(data, shown, report)` gives every row of the first sheet, numbered as
the spreadsheet program numbers them, each cell the text it shows or a date; or None with the
reason reported (not a workbook, protected by a password, empty, too large to lay out).
`early_dates` then reads again, for an .xlsx, the dates before 1900 calamine gives as times.

The file is anyone's: calamine reads it in a child process under a memory and time limit
(`preflight.sandbox`), while this process measures from the archive's XML how far its cells
lie, so a stray value in XFD1048576 is refused with a message naming it, not by an abort.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..errors import Report
from ..i18n import _
from ..mapping import grouped
from ..yamlnodes import quote
from .cells import Cell, Row, TimeOfDay, column_letters

# calamine lays a sheet out as a full grid, from its first used cell to its last: one stray value
# in cell XFD1048576 would ask for 17 billion cells and abort the process (tafia/calamine#693).
MAX_CELLS = 20_000_000
MAX_SHEET_XML = 512 * 1024 * 1024  # what is decompressed of a sheet to find where its cells lie


def workbook_rows(data: bytes, shown: str, report: Report) -> list[Row] | None:
    """Rows of the workbook's first sheet, read with calamine (Excel and OpenDocument alike).

    The sizes that matter are first read from the archive's XML (`sheet_fits`), for a message
    that says where the far cell is; calamine then reads in a child process under a memory and
    time limit, since it lays a sheet out as a full grid and aborts the process when an
    allocation fails: whatever slipped past the XML check ends in a message, not an abort."""
    if not data.startswith(b"PK"):  # both formats are zip archives
        not_a_workbook(data, shown, report)
        return None

    def fits() -> bool:  # while calamine reads, on the other core: the time of one, not both
        if not sheet_fits(data, shown, report):
            return False
        if password_protected_ods(data):
            report.error(shown, None, "", _("is protected by a password"),
                         _("save a copy without the password in the content folder"))
            return False
        return True

    read = read_in_child(data, fits)
    if read[0] == "refused":
        return None
    if read[0] == "password":
        report.error(shown, None, "", _("is protected by a password"),
                     _("save a copy without the password in the content folder"))
        return None
    if read[0] == "unreadable":
        report.error(shown, None, "", _("cannot be read as a workbook: {reason}").format(
            reason=quote(read[1])), _("open it in your spreadsheet program and save it again"))
        return None
    if read[0] == "too large":
        report.error(shown, None, "", _("could not be read within {memory} MB of memory and "
                                        "{seconds} s ({reason}): its sheet is far larger than "
                                        "its table").format(memory=READ_MEMORY >> 20,
                                                            seconds=READ_SECONDS, reason=read[1]),
                     _("delete the rows and columns after the table (a value typed far below or "
                       "to the right of it), or save the sheet again as CSV"))
        return None
    _kind, names, values = read
    if not names:
        report.error(shown, None, "", _("holds no sheet"), _("put the table on the first sheet"))
        return None
    if not any(cell != "" for cells in values for cell in cells):
        if len(names) > 1:
            report.error(shown, None, "", _("its first sheet, '{sheet}', is empty (the workbook "
                                            "has {count} sheets)").format(
                                                sheet=quote(names[0]),
                                                count=len(names)),
                         _("expoprint reads the first sheet: move the table's sheet first"))
        else:
            report.error(shown, None, "", _("is empty"),
                         _("the first row names the columns (identifiant, titre, …), one row a "
                           "label below"))
        return None
    return [Row(index, tuple(cell_value(value) for value in cells))
            for index, cells in enumerate(values, start=1)]


def password_protected_ods(data: bytes) -> bool:
    """LibreOffice's "Save with password" encrypts the parts and says so in the manifest;
    calamine would only say it "cannot detect the file format"."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("META-INF/manifest.xml")
            if info.file_size > 1 << 20:
                return False
            return b"encryption-data" in archive.read(info)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
            ValueError, NotImplementedError):
        return False


READ_MEMORY = 1024 * 1024 * 1024  # the reading child's address space beyond what it inherits
READ_SECONDS = 25


def read_in_child(data: bytes, fits: Callable[[], bool]) -> tuple:
    """("rows", sheet names, the first sheet's values) as calamine reads them, in a child
    process; or ("password",), ("unreadable", reason), ("too large", what ended the child);
    ("refused",) when `fits`, the parent's check of the file made meanwhile, refused it."""
    # Imported here, once a process: each child inherits it instead of importing it anew.
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    from ..preflight.sandbox import run_child

    answers: list[tuple] = []

    def work(send) -> None:
        # A Rust panic that prints a backtrace when memory has run out hangs on a lock
        # instead of ending: without it, the child ends and says so.
        os.environ["RUST_BACKTRACE"] = "0"
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            if not book.sheet_names:
                send(("rows", [], []))
                return
            # With the empty rows and columns before the table, so indexes are the sheet's own.
            values = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
            send(("rows", list(book.sheet_names), values))
        except PasswordError:
            send(("password",))
        except CalamineError as exc:
            send(("unreadable", str(exc)))

    outcome = run_child(work, answers.append, READ_MEMORY, READ_SECONDS, fits)
    if outcome.refused:
        return ("refused",)
    if answers and answers[0][0] != "error":
        return answers[0]
    return ("too large", answers[0][1] if answers else outcome.describe())


def not_a_workbook(data: bytes, shown: str, report: Report) -> None:
    """Say what the file is instead, in the words a user knows."""
    again = _("open it in your spreadsheet program and save it as Excel (.xlsx), OpenDocument "
              "(.ods) or CSV (.csv)")
    head = data[:2048]
    if data.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in data:
        # Excel keeps a workbook saved with a password in an OLE container, like an old .xls.
        report.error(shown, None, "", _("is protected by a password (Excel encrypts such a "
                                        "workbook)"),
                     _("save a copy without the password in the content folder (File › Info › "
                       "Protect Workbook › Encrypt with Password: empty it)"))
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        report.error(shown, None, "", _("is an old Excel file (.xls) under another name"), again)
    elif head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\0" not in head:
        report.error(shown, None, "", _("is a text file (perhaps a CSV export) under a workbook's "
                                        "name"),
                     _("rename it {name}.csv, or save it again as a workbook").format(
                         name=Path(shown).stem))
    else:
        report.error(shown, None, "", _("is not a spreadsheet"), again)


# Cell and row references as any writer may spell them: lower case, single quotes, `$`, and
# more digits than a sheet allows (a reference beyond the sheet is far, not ignored).
CELL_REF = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\sr\s*=\s*["']\$?([A-Za-z]{1,4})\$?([0-9]{1,10})["']""")
ROW_REF = re.compile(rb"""<(?:\w+:)?row\b[^>]*?\sr\s*=\s*["']([0-9]{1,10})["']""")
DIMENSION = re.compile(rb"""<(?:\w+:)?dimension\b[^>]*?\sref\s*=\s*["'][^"':]*:"""
                       rb"""\$?([A-Za-z]{1,4})\$?([0-9]{1,10})["']""")
# A cell or row without its reference (`r`): placed after the one before it.
UNREFERENCED = re.compile(rb"""<(?:\w+:)?(?:c|row)(?=[\s/>])(?![^>]*\sr\s*=)""")
XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
XLSX_R = re.compile(rb"""\sr\s*=\s*["']([^"']{0,16})["']""")
CELL_POSITION = re.compile(rb"\$?([A-Za-z]{1,4})\$?([0-9]{1,10})$")
# OpenDocument rows and cells, which may be repeated (LibreOffice writes a repeat for each run
# of equal cells, and a million-fold one for the empty rows after the table, which calamine
# does not lay out): where the last value lies counts, repeats included.
ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell)\b([^>]*)>")
REPEATS = re.compile(rb"""number-(?:rows|columns)-repeated\s*=\s*["']([0-9]{1,12})["']""")


def sheet_fits(data: bytes, shown: str, report: Report) -> bool:
    """Refuse, with a message naming why, a workbook that would exhaust calamine's memory (which
    reads it meanwhile in its child, killed then): a part that inflates beyond what a sheet
    holds (shared strings of gigabytes), or a last cell so far away that laying the sheet out
    would take billions of cells. Every XML part is read
    (whatever its path or the case of its name: a sheet may sit anywhere the workbook's
    relationships say), at most MAX_SHEET_XML of each."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.filename.lower().endswith(".xml"):
                    continue
                if info.file_size > MAX_SHEET_XML:
                    report.error(shown, None, "", _("holds a part ({part}) of {size} MB once "
                                                    "uncompressed, more than a table's {most} "
                                                    "MB").format(
                                                        part=quote(info.filename, 60),
                                                        size=grouped(info.file_size >> 20),
                                                        most=MAX_SHEET_XML >> 20),
                                 _("check it is the right file, or save the table as CSV"))
                    return False
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
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError,
            NotImplementedError) as exc:
        report.error(shown, None, "", _("cannot be read as a workbook: {reason}").format(
            reason=quote(exc)), _("open it in your spreadsheet program and save it again"))
        return False
    return True


def bounded_chunks(archive: zipfile.ZipFile, name: str):
    """A part's bytes a megabyte at a time, at most MAX_SHEET_XML of them (ValueError past)."""
    read = 0
    with archive.open(name) as stream:
        while chunk := stream.read(1 << 20):
            read += len(chunk)
            if read > MAX_SHEET_XML:
                raise ValueError(_("a sheet holds more than {size} MB of cells").format(
                    size=MAX_SHEET_XML >> 20))
            yield chunk


def sheet_extent(archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
    """The last row and column any cell, row or dimension of the part names (an OpenDocument
    table: `ods_extent`), reading at most MAX_SHEET_XML."""
    rows = columns = 0
    unreferenced = False
    if name.lower().endswith("content.xml"):
        return ods_extent(archive, name)
    tail = b""
    for chunk in bounded_chunks(archive, name):
        text = tail + chunk
        for pattern in (CELL_REF, DIMENSION):
            if cells := pattern.findall(text):  # sets first: a sheet has few distinct columns
                columns = max(columns, *(column_number(c.decode()) for c in {c for c, _ in cells}))
                rows = max(rows, *map(int, {r for _, r in cells}))
        if marks := ROW_REF.findall(text):
            rows = max(rows, *map(int, set(marks)))
        unreferenced = unreferenced or bool(UNREFERENCED.search(text))
        tail = text[-512:]
    if unreferenced:
        return positional_extent(archive, name)
    return rows, max(columns, 1)


def positional_extent(archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
    """The last row and column of a sheet some of whose rows or cells go without their `r`:
    each then follows the one before it, as a reader places it. Read tag by tag, so only for
    such a sheet (rare: most writers number every cell)."""
    rows = columns = row = column = 0
    tail = b""
    with archive.open(name) as stream:
        while chunk := stream.read(1 << 20):  # the size was measured by the first reading
            text = tail + chunk
            cut = text.rfind(b">") + 1  # a tag cut by the chunk's end waits for the next one
            for kind, attributes in XLSX_TAG.findall(text, 0, cut):
                reference = XLSX_R.search(attributes)
                if kind == b"row":
                    row = int(reference[1]) if reference and reference[1].isdigit() else row + 1
                    column = 0
                    rows = max(rows, row)
                    continue
                cell = CELL_POSITION.match(reference[1]) if reference else None
                column = column_number(cell[1].decode()) if cell else column + 1
                rows, columns = max(rows, int(cell[2]) if cell else row), max(columns, column)
            tail = text[cut:][-4096:]
    return rows, max(columns, 1)


def ods_extent(archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
    """The last row and column of an OpenDocument table that hold a value, counting every
    repeat before them, reading at most MAX_SHEET_XML."""
    rows = columns = row = column = 0
    row_repeat, row_filled = 1, False
    tail = b""
    for chunk in bounded_chunks(archive, name):
        text = tail + chunk
        cut = text.rfind(b">") + 1  # a tag cut by the chunk's end waits for the next one
        for closing, kind, attributes in ODS_TAG.findall(text, 0, cut):
            if kind == b"table-row":
                if closing or attributes.endswith(b"/"):  # a row's end, or an empty row
                    if not closing:
                        row_repeat, row_filled = repeats(attributes), False
                    row += row_repeat
                    if row_filled:
                        rows = max(rows, row)
                    continue
                row_repeat, row_filled, column = repeats(attributes), False, 0
                continue
            if closing:
                continue
            column += repeats(attributes)
            if b"office:value-type" in attributes:
                columns, row_filled = max(columns, column), True
        tail = text[cut:][-4096:]
    return rows, max(columns, 1)


def repeats(attributes: bytes) -> int:
    repeat = REPEATS.search(attributes)
    return int(repeat[1]) if repeat else 1


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def early_dates(data: bytes, rows: list[Row]) -> list[Row]:
    """Excel counts days from 1900 (or 1904, `date1904`), so a date before, typed in LibreOffice
    or written by a program, is a negative serial number, which calamine gives as a time of day:
    14/03/1884 would print "00:00". Those cells alone are read again with openpyxl, which counts
    back from the workbook's own epoch; a true time stays a time. openpyxl reads in a child
    under the limits calamine reads under, the file being anyone's; if it cannot, the times
    stand as calamine read them."""
    wanted = {(row.number, index) for row in rows for index, cell in enumerate(row.cells)
              if isinstance(cell, TimeOfDay)}
    if not wanted:
        return rows
    from ..preflight.sandbox import run_child

    def work(send) -> None:
        import openpyxl

        found: dict[tuple[int, int], Cell] = {}
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        values = book.worksheets[0].iter_rows(max_row=max(r for r, _ in wanted),
                                              max_col=max(c for _, c in wanted) + 1,
                                              values_only=True)
        for number, cells in enumerate(values, start=1):
            for index, value in enumerate(cells):
                if (number, index) in wanted and isinstance(value, datetime):
                    found[number, index] = cell_value(value)
        book.close()
        send(("dates", found))

    answers: list[tuple] = []
    run_child(work, answers.append, READ_MEMORY, READ_SECONDS)
    found = answers[0][1] if answers and answers[0][0] == "dates" else {}
    return [Row(row.number, tuple(found.get((row.number, index), cell)
                                  for index, cell in enumerate(row.cells))) for row in rows]


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
        return TimeOfDay(value.strftime("%H:%M"))
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, float):
        # Every number is a float to a spreadsheet: 1944 must not print as "1944.0".
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    return str(value)
