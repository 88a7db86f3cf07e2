#!/usr/bin/env python3
"""Reading artefacts from spreadsheets at scale: `python benchmarks/tables.py [--rows 10000]`.

Writes the same N artefacts as .xlsx (openpyxl), .ods (odfpy, if installed) and CSV (UTF-8 with
BOM and Windows-1252), then times `load_content` on each: the whole read, from the file's bytes
to checked artefacts (encoding, columns, every field's checks, placeholders), best of 3.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from expoprint.content import load_content  # noqa: E402
from expoprint.errors import Report  # noqa: E402

HEADER = ["Identifiant", "Titre", "Titre (anglais)", "Datation", "Description", "Prêteur",
          "N° d'inventaire", "Salle", "Emplacement"]


def rows(count: int) -> list[list[str]]:
    return [[f"objet-{n:05d}", f"Objet n° {n} de la collection", f"Object {n}", "1944",
             "Un objet prêté pour l'exposition, décrit en deux phrases courtes. Il a été "
             "conservé par une famille de Besançon.", "Collection particulière",
             f"1944.{n}.3", f"Salle {n % 5}", f"vitrine {n % 40}"] for n in range(count)]


def csv_bytes(table: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([HEADER, *table])
    return out.getvalue().encode(encoding)


def xlsx_bytes(table: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in [HEADER, *table]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_bytes(table: list[list[str]]) -> bytes | None:
    try:
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P
    except ImportError:
        return None
    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Objets")
    for values in [HEADER, *table]:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def time_read(folder: Path, count: int) -> float:
    best = float("inf")
    for _ in range(3):
        report = Report()
        start = time.perf_counter()
        content = load_content(folder, report)
        best = min(best, time.perf_counter() - start)
        assert not report.errors, report.errors[:3]
        assert len(content.artefacts) == count
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    count = parser.parse_args().rows
    table = rows(count)
    files = {"xlsx": ("artefacts.xlsx", xlsx_bytes(table)),
             "ods": ("artefacts.ods", ods_bytes(table)),
             "csv UTF-8 BOM": ("artefacts.csv", b"\xef\xbb\xbf" + csv_bytes(table, "utf-8")),
             "csv Windows-1252": ("artefacts.csv", csv_bytes(table, "cp1252"))}
    exhibition = (ROOT / "tests/fixtures/minimal/exhibition.yaml").read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        for label, (name, data) in files.items():
            if data is None:
                print(f"{label:18} skipped (pip install odfpy)")
                continue
            folder = Path(tmp) / label.replace(" ", "-")
            folder.mkdir()
            (folder / "exhibition.yaml").write_bytes(exhibition)
            (folder / name).write_bytes(data)
            seconds = time_read(folder, count)
            print(f"{label:18} {count:,} rows, {len(data) / 1e6:5.1f} MB: {seconds:6.2f} s "
                  f"({seconds / count * 1e6:.0f} µs a row)")


if __name__ == "__main__":
    main()
