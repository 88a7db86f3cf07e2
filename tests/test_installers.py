"""The installers' list read from the outside: its order, and slots that match the sheet PDFs (the
QR code decoded inside the die-cut the list names), as a French Excel and a printer would read it."""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from pathlib import Path

import pikepdf
import pytest
import yaml
import zxingcpp
from click.testing import CliRunner
from conftest import FIXTURES
from pdfread import fonts, page_text, render, rgb_uses
from test_labels import SHEETS, die_cuts

from expoprint.cli import main
from expoprint.preflight import check_pdf

BASE = "https://musee.test/objets/"
# (room, position) by file order; the comment gives the place in the list.
PLACES = [("Salle 2", "vitrine 10"),  # 5
          ("Salle 2", "vitrine 9"),   # 4
          (None, None),               # no room: after every room, in file order
          ("salle 10", "mur"),        # after Salle 3: 10 > 3, case aside
          ("Salle 1", None),          # 3: no position, after Salle 1's positions
          ("Salle 1", "vitrine 2"),   # 2
          ("Étage", "1")]             # 1: accents aside, "etage" < "salle"
PLACES += [("Salle 3", f"vitrine {n}") for n in (12, 3, 1, 20, 7)]
PLACES += [(None, "vitrine 1")] + [(None, None)] * 27  # 40 labels: the list runs over pages
IDS = [f"obj-{n:02d}" for n in range(len(PLACES))]
EXPECTED = ["obj-06", "obj-05", "obj-04", "obj-01", "obj-00", "obj-09", "obj-08", "obj-11",
            "obj-07", "obj-10", "obj-03", "obj-02", *IDS[12:]]
DPI = 150


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("installers")
    content = folder / "content"
    content.mkdir()
    (content / "exhibition.yaml").write_text((FIXTURES / "minimal/exhibition.yaml").read_text())
    artefacts = []
    for ident, (room, position) in zip(IDS, PLACES, strict=True):
        entry = {"id": ident, "title": f"Objet {ident}", "url": BASE + ident}
        entry.update({"room": room} if room else {})
        entry.update({"position": position} if position else {})
        artefacts.append(entry)
    (content / "artefacts.yaml").write_text(
        yaml.safe_dump({"schema": 1, "artefacts": artefacts}, allow_unicode=True), encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out),
                                       "--only", "labels", "--sheet", "L7163", "--sheet", "L7165",
                                       "--first-label", "3"])
    assert result.exit_code == 0, result.output
    return out


def rows(out: Path) -> list[dict[str, str]]:
    data = (out / "labels/liste-pose.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: French Excel then reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_one_row_per_label_in_room_and_position_order(kit):
    table = rows(kit)
    assert [row["Identifiant"] for row in table] == EXPECTED
    assert [row["N°"] for row in table] == [str(n) for n in range(1, len(IDS) + 1)]
    first = table[0]
    assert (first["Salle"], first["Emplacement"], first["Titre"]) == ("Étage", "1", "Objet obj-06")
    assert list(first)[5:] == [
        "cartels-148x105mm.pdf page",
        "etiquettes-L7163-210x297mm.pdf page", "etiquettes-L7163-210x297mm.pdf ligne",
        "etiquettes-L7163-210x297mm.pdf colonne",
        "etiquettes-L7165-210x297mm.pdf page", "etiquettes-L7165-210x297mm.pdf ligne",
        "etiquettes-L7165-210x297mm.pdf colonne"]


@cache
def sheet_page(path: Path, index: int):
    return render(path, index, dpi=DPI)


def qr_in(image, box_mm: tuple[float, float, float, float]) -> list[str]:
    left, top, width, height = (v * DPI / 25.4 for v in box_mm)
    crop = image.crop((round(left), round(top), round(left + width), round(top + height)))
    return [code.text for code in zxingcpp.read_barcodes(crop, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("code", ["L7163", "L7165"])
def test_the_slots_are_where_the_sheets_print_each_label(kit, code):
    table = rows(kit)
    name = f"etiquettes-{code}-210x297mm.pdf"
    columns = SHEETS[code][0]
    cuts = die_cuts(code)
    for row in [*table[::3], table[-1]]:  # a spread of rows, the last one too
        page, line, column = (int(row[f"{name} {k}"]) for k in ("page", "ligne", "colonne"))
        image = sheet_page(kit / "labels" / name, page - 1)
        slot = (line - 1) * columns + column - 1
        assert qr_in(image, cuts[slot]) == [BASE + row["Identifiant"]], (code, row)
    # --first-label 3: the first artefact of the file sits in the third die-cut of page 1.
    first = next(row for row in table if row["Identifiant"] == IDS[0])
    assert (first[f"{name} page"], first[f"{name} ligne"], first[f"{name} colonne"]) == ("1", "2", "1")


def test_the_cut_label_pages(kit):
    for row in rows(kit)[::7]:
        page = int(row["cartels-148x105mm.pdf page"])
        image = render(kit / "labels/cartels-148x105mm.pdf", page - 1, dpi=DPI)
        found = [c.text for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
        assert found == [BASE + row["Identifiant"]]


def test_the_pdf_is_a_readable_office_document(kit):
    path = kit / "labels/liste-pose.pdf"
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 2
        assert all(embedded for _, embedded in fonts(pdf)) and fonts(pdf)
        assert rgb_uses(pdf) == []
        for page in pdf.pages:  # K only: every colour set is CMYK with no C, M or Y
            for operands, operator in pikepdf.parse_content_stream(page):
                assert str(operator) not in ("g", "G", "sc", "scn", "SC", "SCN"), operator
                if str(operator) in ("k", "K"):
                    assert [float(v) for v in operands[:3]] == [0, 0, 0], operands
        size = [float(v) / 72 * 25.4 for v in pdf.pages[0].mediabox[2:]]
        assert size == pytest.approx([297, 210], abs=0.1)
        count = len(pdf.pages)
    text = ""
    for index in range(count):
        page = page_text(path, index)
        assert "Identifiant" in page and "Emplacement" in page, index  # the header on every page
        text += page
    positions = [text.index(ident) for ident in EXPECTED]
    assert positions == sorted(positions)
    report = check_pdf(path.read_bytes(), str(path), "office")
    assert [p for p in report.problems if p.severity == "error"] == []


def test_each_page_of_the_list_is_filled_before_the_next(kit):
    """The list is dealt out a table a page: a page is filled before the next begins, and none
    holds a few rows left over from a table that did not fit (each row here is two lines high,
    so every full page holds the same count)."""
    path = kit / "labels/liste-pose.pdf"
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    assert count >= 3
    rows_per_page = [len(re.findall(r"Objet obj-\d\d\b", page_text(path, index)))  # titles
                     for index in range(count)]
    assert sum(rows_per_page) == len(IDS)
    full = max(rows_per_page)
    assert rows_per_page[1:-1] == [full] * (count - 2), rows_per_page
    assert 0 < rows_per_page[0] < full and 0 < rows_per_page[-1] <= full, rows_per_page


def test_a_reprint_has_its_own_list(kit, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(kit, out)
    content = kit.parent / "content"
    before = (out / "labels/liste-pose.csv").read_bytes()
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out),
                                       "--only", "labels", "--sheet", "L7165", "--id", "obj-03,obj-05"])
    assert result.exit_code == 0, result.output
    assert (out / "labels/liste-pose.csv").read_bytes() == before
    reprint = list(csv.DictReader(io.StringIO(
        (out / "labels/liste-pose-reprint.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [(r["Identifiant"], r["etiquettes-L7165-210x297mm-reprint.pdf page"],
             r["etiquettes-L7165-210x297mm-reprint.pdf ligne"],
             r["etiquettes-L7165-210x297mm-reprint.pdf colonne"]) for r in reprint] == \
        [("obj-05", "1", "1", "2"), ("obj-03", "1", "1", "1")]  # Salle 1 before salle 10
