"""Spreadsheet date cells of any era: a day before 1900 or in a 1904 workbook prints the same from
xlsx, ods and CSV, and a date never prints as a time ("00:00"); a time stays a time."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

import pytest
import spreadsheets as sheets
from conftest import plain

from expoprint.build import run_build
from expoprint.content import load_content
from expoprint.errors import Report

HEADER = ["Identifiant", "Titre", "Datation", "Description"]
DAYS = [date(1884, 3, 14), date(1900, 11, 12), date(1899, 6, 15), date(1900, 1, 1),
        date(1944, 9, 4), date(52, 3, 1)]
PRINTED = {"fr": ["14 mars 1884", "12 novembre 1900", "15 juin 1899", "1ᵉʳ janvier 1900",
                  "4 septembre 1944", "1ᵉʳ mars 52"],
           "en": ["14 March 1884", "12 November 1900", "15 June 1899", "1 January 1900",
                  "4 September 1944", "1 March 52"]}


def table(cells: list[object]) -> list[list[object]]:
    return [[f"objet-{i}", f"Objet {i}", cell, f"Texte {i}."] for i, cell in enumerate(cells, 1)]


def csv_text(cells: list[object]) -> bytes:
    """What French Excel exports: the day as it shows it, 14/03/1884."""
    lines = [";".join(HEADER)]
    for ident, title, day, text in table(cells):
        lines.append(f"{ident};{title};{day:%d/%m/}{day.year:04d};{text}")
    return "\r\n".join(lines).encode("cp1252")


def xlsx_1904(cells: list[object]) -> bytes:
    """A workbook of the 1904 date system (old Mac Excel, `workbookPr date1904`)."""
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.append(HEADER)
    for row in table(cells):
        sheet.append(row)
        sheet.cell(sheet.max_row, 3).number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FILES = {
    "xlsx": lambda: ("artefacts.xlsx", sheets.xlsx_bytes(table(DAYS), header=HEADER)),
    "ods": lambda: ("artefacts.ods", sheets.ods_bytes(table(DAYS), header=HEADER)),
    "csv": lambda: ("artefacts.csv", csv_text(DAYS)),
    "xlsx-1904": lambda: ("artefacts.xlsx", xlsx_1904(DAYS)),
    "xlsx-text": lambda: ("artefacts.xlsx", sheets.xlsx_bytes(
        table([f"{day:%d/%m/}{day.year:04d}" for day in DAYS]), header=HEADER)),
}


def load(tmp_path, name: str):
    folder = sheets.write_content(tmp_path / name / "content", *FILES[name]())
    report = Report()
    content = load_content(folder, report)
    assert report.errors == [], report.errors
    return folder, content


@pytest.mark.parametrize("name", list(FILES))
def test_a_day_of_any_era_prints_the_same_from_every_file(tmp_path, name):
    _, content = load(tmp_path, name)
    for lang in ("fr", "en"):
        assert [plain(a.date.get(lang)) for a in content.artefacts] == PRINTED[lang], lang
    assert [a.date.when.edtf for a in content.artefacts] == [
        "1884-03-14", "1900-11-12", "1899-06-15", "1900-01-01", "1944-09-04", "0052-03-01"]


def test_the_web_pages_print_the_csv_s_words_from_xlsx_and_ods(tmp_path):
    pages = {}
    for name in ("csv", "xlsx", "ods"):
        folder, _ = load(tmp_path, name)
        result = run_build(folder, tmp_path / name / "out", only=("web",))
        page = (result.out_dir / "web" / "objet-1" / "index.html").read_text(encoding="utf-8")
        pages[name] = re.findall(r'<p class="date">([^<]*)</p>', page)
    assert pages["csv"] == ["14\u00a0mars 1884", "14\u00a0March 1884"]
    assert pages["xlsx"] == pages["ods"] == pages["csv"]


def test_a_time_stays_a_time_and_a_date_never_becomes_one(tmp_path):
    """calamine reads an Excel date before 1900 (a negative serial) as a time of day: "00:00"
    for 14/03/1884, "10:30" for 14/03/1884 10:30. A real time cell is one, and says so."""
    rows = table([date(1884, 3, 14), datetime(1884, 3, 14, 10, 30), date(1944, 9, 4)])
    rows[0][3] = time(10, 30)  # a time in a text column: the time it shows
    folder = sheets.write_content(tmp_path / "content", "artefacts.xlsx",
                                  sheets.xlsx_bytes(rows, header=HEADER))
    report = Report()
    first, second, third = load_content(folder, report).artefacts
    assert report.errors == []
    assert plain(first.date.main) == "14 mars 1884" and first.description.main == "10:30"
    assert second.date.main == "1884-03-14 10:30"  # a moment, not a day: kept as the cell shows it
    assert plain(third.date.main) == "4 septembre 1944"
    assert not any("00:00" in str(a) for a in (first, second, third))


def test_timeline_dates_from_a_workbook_before_1900(tmp_path):
    events = [["1850", "1950", "Le siècle des montres."],
              [date(1884, 3, 14), None, "L'école ouvre."],
              [date(1899, 6, 15), None, "La fin du siècle."]]
    for name, data in (("timeline.xlsx", sheets.xlsx_bytes(events, ["date", "fin", "texte"])),
                       ("timeline.ods", sheets.ods_bytes(events, ["date", "fin", "texte"]))):
        folder = sheets.write_content(tmp_path / name / "content", name, data)
        report = Report()
        timeline = load_content(folder, report).timeline
        assert report.errors == [], name
        assert [(e.date.edtf, e.end and e.end.edtf) for e in timeline.events] == [
            ("1850", "1950"), ("1884-03-14", None), ("1899-06-15", None)], name


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_time_or_a_bad_day_in_a_date_column_is_refused(tmp_path, previous_output, language):
    """A timeline's date cell that holds a time, or a text day out of the calendar: exit 1, the
    row and the column named, in the user's language, the output folder untouched."""
    from click.testing import CliRunner
    from conftest import snapshot

    from expoprint.cli import main

    rows = [[time(10, 30), "L'école ouvre."], ["14/13/1884", "Une date fausse."]]
    folder = sheets.write_content(tmp_path / "content", "timeline.xlsx",
                                  sheets.xlsx_bytes(rows, header=["Date", "Texte"]))
    before = snapshot(previous_output)
    result = CliRunner().invoke(main, ["build", "--content", str(folder), "--out",
                                       str(previous_output)],
                                env={"LANGUAGE": language, "LC_ALL": "", "LC_MESSAGES": ""},
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    output = plain(result.output.replace(f"{folder}/", ""))
    expected = {
        "en": ["timeline.xlsx, row 2: column \"Date\": '10:30' is not a date of history (write a "
               "day (1944-09-04, 4 September 1944)",
               "timeline.xlsx, row 3: column \"Date\": '14/13/1884' is not a real calendar date "
               "(check the day and the month)"],
        "fr": ["timeline.xlsx, ligne 2: colonne \"Date\": '10:30' n’est pas une date historique "
               "(écrivez un jour (1944-09-04, 4 septembre 1944)",
               "timeline.xlsx, ligne 3: colonne \"Date\": '14/13/1884' n’existe pas dans le "
               "calendrier (vérifiez le jour et le mois)"]}[language]
    for message in expected:
        assert plain(message) in output, output
    assert snapshot(previous_output) == before
