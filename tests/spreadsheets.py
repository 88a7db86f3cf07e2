"""The same 25 artefacts written the way users' programs write them: YAML, xlsx (openpyxl), ods
(odfpy) and CSV in the encodings and separators of Excel and LibreOffice.

A cell value is text, a whole number (a number cell in a workbook, its digits elsewhere) or a
date (a date cell in a workbook; elsewhere the text a date cell must print as).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import yaml

HEADER = ["Identifiant", "Titre", "Titre (anglais)", "Datation", "Datation (anglais)",
          "Description", "Description (anglais)", "Prêteur", "N° d'inventaire", "Lien", "Salle",
          "Emplacement"]
KEYS = ["id", "title", "title_en", "date", "date_en", "description", "description_en", "lender",
        "inventory", "url", "room", "position"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]
EXHIBITION = """schema: 1
title: Exposition d'essai
title_en: Trial exhibition
dates: [2025-05-17]
hours: {open: "9:30", close: "18:00"}
admission: Entrée libre
venue: {name: Salle des fêtes, city: Dole}
qr_base_url: https://musee.test/objets/
"""

TITLES = [
    "Casque Adrian, modèle 1926", "Képi du général de Lattre", "“Le Chant des partisans”",
    "Affiche « Besançon libérée »", "Brassard FFI ; tissu et encre", "Lettre d’un soldat – 1944",
    "Carte d'état-major…", "Gourde en aluminium", "Œuvre de cœur : un dessin d'enfant",
    'Drapeau dit "de la Citadelle"', "Poste de radio SCR-300", "Jumelles de campagne",
    "Casque M1 de la 3e division", "Photographie du pont d'Avanne", "Insigne du 6e corps",
    "Ration K américaine", "Tract allemand", "Carnet de route", "Baïonnette", "Ceinturon",
    "Médaille de la Résistance", "Journal « Le Comtois »", "Clé de la Citadelle",
    "Fanion du bataillon", "Plaque d'identité",
]


def rows() -> list[list[object]]:
    """25 artefacts, each row in KEYS order; None is an empty cell."""
    out: list[list[object]] = []
    for i, title in enumerate(TITLES, start=1):
        day = date(1944, 9, 1 + (i % 8))
        when: object = day if i % 3 == 0 else f"{day.day} {MONTHS_FR[day.month - 1]} 1944"
        when_en: object = day if i % 3 == 0 else (f"{day.day} September 1944" if i % 2 else None)
        description = (f"Objet n° {i}, prêté pour l'exposition ; état : bon, restauré en 2023."
                       if i % 4 else f"Sur deux lignes,\nla seconde avec « guillemets » ({i}).")
        inventory: object = ["1944.12.3", "01000", 1944, None, "MA-2024-017"][i % 5]
        out.append([
            f"objet-{i:02d}", title, f"Object {i}" if i % 2 else None, when, when_en,
            description, f"Object number {i}, on loan." if i % 2 else None,
            "Prêt du Musée de l'Armée" if i % 3 else "Collection particulière", inventory,
            f"https://musee.test/fiche/{i}" if i % 7 == 0 else None,
            f"Salle {1 + i % 3}", f"vitrine {i}" if i % 2 else None,
        ])
    return out


def long_date(day: date, english: bool) -> str:
    """What a date cell prints as: "1er septembre 1944", "4 September 1944"."""
    if english:
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{'1er' if day.day == 1 else day.day} {MONTHS_FR[day.month - 1]} {day.year}"


def as_text(value: object, key: str) -> str | None:
    if isinstance(value, date):
        return long_date(value, key.endswith("_en"))
    return None if value is None else str(value)


def write_content(folder: Path, name: str, data: bytes | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "exhibition.yaml").write_text(EXHIBITION, encoding="utf-8")
    if data is not None:
        (folder / name).write_bytes(data)
    return folder


def yaml_bytes(table: list[list[object]]) -> bytes:
    items = [{key: as_text(value, key) for key, value in zip(KEYS, row, strict=True)
              if value is not None} for row in table]
    return yaml.safe_dump({"schema": 1, "artefacts": items}, allow_unicode=True,
                          sort_keys=False, width=1000).encode()


def csv_bytes(table: list[list[object]], encoding: str, separator: str, newline: str = "\r\n",
              header: list[str] = HEADER) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=separator, lineterminator=newline)
    writer.writerow(header)
    for row in table:
        writer.writerow(["" if v is None else as_text(v, k) for k, v in zip(KEYS, row, strict=True)])
    return out.getvalue().encode(encoding)


def xlsx_bytes(table: list[list[object]], header: list[str] = HEADER) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in table:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_bytes(table: list[list[object]], header: list[str] = HEADER) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Objets")
    for values in [header, *table]:
        row = TableRow()
        for value in values:
            if value is None:
                cell = TableCell()
            elif isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.strftime("%d/%m/%Y")))
            elif isinstance(value, int):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                for line in str(value).split("\n"):
                    cell.addElement(P(text=line))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


# name: (file name, bytes): every way the users save the same table
def formats() -> dict[str, tuple[str, bytes]]:
    table = rows()
    return {
        "yaml": ("artefacts.yaml", yaml_bytes(table)),
        "xlsx": ("artefacts.xlsx", xlsx_bytes(table)),
        "ods": ("artefacts.ods", ods_bytes(table)),
        "csv-utf8-bom-semicolon": ("artefacts.csv", b"\xef\xbb\xbf" + csv_bytes(table, "utf-8", ";")),
        "csv-utf8-comma": ("artefacts.csv", csv_bytes(table, "utf-8", ",", "\n")),
        "csv-cp1252-semicolon-crlf": ("artefacts.csv", csv_bytes(table, "cp1252", ";", "\r\n")),
        "csv-utf16-tab": ("artefacts.csv", csv_bytes(table, "utf-16", "\t")),
    }
