"""The large-print booklets (one a language) read back: type sizes from pypdfium2, text, order,
tags, press checks."""

from __future__ import annotations

import ctypes

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from conftest import ROOT, copy_content, edit, plain, squash
from pdfread import fonts, page_text, size_mm

from expoprint.build import run_build
from expoprint.content import load_content
from expoprint.errors import Report
from expoprint.preflight import check_pdf

PATH = "large-print/gros-caracteres-A4-210x297mm.pdf"
ENGLISH = "large-print/gros-caracteres-A4-210x297mm-en.pdf"


@pytest.fixture(scope="module")
def booklet(default_kit):
    return default_kit.out_dir / PATH


@pytest.fixture(scope="module")
def english(default_kit):
    return default_kit.out_dir / ENGLISH


def sizes(path) -> list[tuple[str, float]]:
    """Every printed character with its font size in points, as pdfium reads it."""
    out = []
    with pypdfium2.PdfDocument(str(path)) as document:
        for page in document:
            text = page.get_textpage()
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                if char.strip():
                    matrix = pdfium_c.FS_MATRIX()  # the size as set, times the drawing's scale
                    pdfium_c.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
                    scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                    out.append((char, pdfium_c.FPDFText_GetFontSize(text.raw, index) * scale))
    return out


def all_text(path) -> str:
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    return " ".join(page_text(path, index) for index in range(count))


def test_no_glyph_under_18_pt_and_headings_larger(booklet, english):
    found = sizes(booklet) + sizes(english)
    assert len(found) > 1500
    small = [(char, size) for char, size in found if size < 17.99]
    assert small == [], small[:10]
    assert max(size for _, size in found) >= 30  # the title
    assert min(size for _, size in found) == pytest.approx(18, abs=0.05)


def test_every_label_text_is_in_each_languages_booklet(booklet, english):
    """Each booklet prints every object's texts in its language, the French standing in where
    the content gives no English, in the order of the visit."""
    from expoprint.typography import typeset  # the labels' own typesetting (17 000, d’infanterie)

    content = load_content(ROOT / "content", Report())
    for lang, path in (("fr", booklet), ("en", english)):
        text = squash(plain(all_text(path)))
        previous = -1
        for artefact in content.artefacts:
            fields = [artefact.title, artefact.date, artefact.description, artefact.lender]
            for field in (f for f in fields if f):
                printed = squash(plain(typeset(field.get(lang), field.lang_for(lang))))
                assert printed in text, (lang, field.get(lang)[:40])
            if artefact.inventory:
                assert squash(artefact.inventory) in text
            title = text.find(squash(plain(typeset(artefact.title.get(lang),
                                                   artefact.title.lang_for(lang)))), previous + 1)
            assert title > previous, (lang, artefact.id)  # the visit's order (two may share one)
            previous = title


def test_left_aligned_sans_serif_without_italics_or_hyphens(booklet):
    with pikepdf.open(booklet) as pdf:
        names = [name for name, _ in fonts(pdf)]
    assert names and all("Lato" in name and "Italic" not in name for name in names), names
    text = all_text(booklet)
    assert "\u2010" not in text and "\u00ad" not in text  # no word cut at a line's end
    lines = []  # (left, right) of each line of text, in points
    with pypdfium2.PdfDocument(str(booklet)) as document:
        for page in document:
            textpage = page.get_textpage()
            lines += [textpage.get_rect(i)[::2] for i in range(textpage.count_rects())]
    margin = min(left for left, _ in lines)
    assert all(left - margin < 5 for left, _ in lines), "a line not at the left margin"
    long_lines = [right for left, right in lines if right - left > 250]
    assert max(long_lines) - min(long_lines) > 30, "the right edge is straight: justified?"


@pytest.mark.parametrize(("path", "lang"), [(PATH, "fr"), (ENGLISH, "en")])
def test_press_ready_and_tagged(default_kit, path, lang):
    booklet = default_kit.out_dir / path
    report = check_pdf(booklet.read_bytes(), path, "press")
    assert [p for p in report.problems if p.severity == "error"] == []
    with pikepdf.open(booklet) as pdf:
        for page in pdf.pages:
            assert size_mm(page.obj.TrimBox) == pytest.approx((210, 297), abs=0.01)
            assert size_mm(page.obj.BleedBox) == pytest.approx((216, 303), abs=0.01)
        assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == lang
        assert "/GTS_PDFX" in [str(i.S) for i in pdf.Root.OutputIntents]
        tagged = {str(obj.get("/Lang")) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)
                  and obj.get("/Type") == pikepdf.Name.StructElem and "/Lang" in obj}
    # The English booklet's French stand-ins (a room, a place, a text not translated) are marked.
    assert tagged == ({"fr"} if lang == "en" else set()), tagged


def test_objects_follow_the_visit_room_then_position_then_the_file(tmp_path):
    content = copy_content(tmp_path)
    places = {"liberation-1944": ("Salle 10", "vitrine 1"), "3e-division-us": ("Salle 2", "vitrine 10"),
              "citadelle": ("Salle 2", "vitrine 9")}
    for ident, (room, position) in places.items():
        edit(content / "artefacts.yaml", f"  - id: {ident}\n",
             f"  - id: {ident}\n    room: {room}\n    position: {position}\n")
    result = run_build(content, tmp_path / "out", only=("booklet",))
    text = squash(plain(all_text(result.out_dir / PATH)))
    order = ["Salle 2", "Du fort de Chaudanne", "La 3ᵉ division", "Salle 10", "Du 4 au 8 septembre",
             "Objet ayant appartenu"]  # rooms and objects placed first, then the others in order
    position = text.find(squash("Textes en gros caractères"))  # after the front page
    for marker in order:
        found = text.find(squash(plain(marker)), position)
        assert found >= 0, f"{marker!r} missing, or not after the text before it"
        position = found + 1
    assert squash("Emplacement : vitrine 10") in text.replace("\u202f", "")
