"""What a sheet holds: rows of cells, each the text it shows or a date.

The types `tables` (CSV) and `workbooks` (xlsx, ods) read into, and `columns` reads from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

Cell = str | date


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet program numbers it: the first row is 1
    cells: tuple[Cell, ...]


def cell_filled(cell: Cell) -> bool:
    return not isinstance(cell, str) or bool(cell.strip())


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class TimeOfDay(str):
    """A cell calamine read as a time of day: one, or an Excel date before 1900 (see
    `early_dates`). Prints as the time it shows ("10:30")."""

    __slots__ = ()
