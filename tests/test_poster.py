"""The poster as a printer and a passer-by see it, read from the PDF files."""

from __future__ import annotations

import pikepdf
import pytest
from conftest import EPOCH, ROOT, plain, squash
from pdfread import (
    box_mm,
    char_boxes,
    fonts,
    page_text,
    registration_strokes,
    render,
    rgb_uses,
    size_mm,
)

from expoprint.build import run_build

FORMATS = {  # variant: (file, trim, bleed)
    "A3": ("poster/affiche-A3-297x420mm.pdf", (297, 420), 3),
    "A2": ("poster/affiche-A2-420x594mm.pdf", (420, 594), 3),
    "A1": ("poster/affiche-A1-594x841mm.pdf", (594, 841), 3),
    "40x60cm": ("poster/affiche-40x60cm-400x600mm.pdf", (400, 600), 3),
    "120x176cm": ("poster/affiche-120x176cm-1200x1760mm.pdf", (1200, 1760), 5),
}


@pytest.fixture(scope="module")
def posters(default_kit):
    return {variant: default_kit.out_dir / file for variant, (file, _, _) in FORMATS.items()}


def test_manifest_lists_every_poster_with_its_facts(default_kit):
    import hashlib
    import json

    manifest = json.loads((default_kit.out_dir / "manifest.json").read_text())
    assert manifest["schema"] == 1
    entries = {e["path"]: e for e in manifest["outputs"] if e["product"] == "poster"}
    assert set(entries) == {file for file, _, _ in FORMATS.values()}
    for variant, (file, trim, bleed) in FORMATS.items():
        entry = entries[file]
        assert (entry["variant"], entry["trim_mm"], entry["bleed_mm"], entry["pages"]) == \
            (variant, list(trim), bleed, 1)
        assert entry["sha256"] == hashlib.sha256((default_kit.out_dir / file).read_bytes()).hexdigest()


@pytest.mark.parametrize("variant", FORMATS)
def test_boxes_bleed_and_marks(posters, variant):
    _, trim, bleed = FORMATS[variant]
    with pikepdf.open(posters[variant]) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert size_mm(page.obj.TrimBox) == pytest.approx(trim, abs=0.01)
        tx0, ty0, tx1, ty1 = box_mm(page.obj.TrimBox)
        bx0, by0, bx1, by1 = box_mm(page.obj.BleedBox)
        assert [tx0 - bx0, ty0 - by0, bx1 - tx1, by1 - ty1] == pytest.approx([bleed] * 4, abs=0.01)
        mx0, my0, mx1, my1 = box_mm(page.mediabox)
        assert mx0 <= bx0 - 5 and my0 <= by0 - 5 and mx1 >= bx1 + 5 and my1 >= by1 + 5
        marks = registration_strokes(pdf, page)
        assert len(marks) == 8  # two at each corner
        for x0, y0, x1, y1 in marks:
            for x, y in ((x0, y0), (x1, y1)):
                outside_bleed = x <= bx0 + 1e-3 or x >= bx1 - 1e-3 or y <= by0 + 1e-3 or y >= by1 - 1e-3
                assert outside_bleed, "a crop mark enters the bleed"
            # each mark lies on the prolongation of a trim edge
            assert any(abs(v - edge) < 0.01 for v in (x0, y0) for edge in (tx0, ty0, tx1, ty1))


@pytest.mark.parametrize("variant", FORMATS)
def test_press_colour_fonts_and_pdfx(posters, variant):
    with pikepdf.open(posters[variant]) as pdf:
        assert rgb_uses(pdf) == []
        used = fonts(pdf)
        assert used and all(embedded for _, embedded in used)
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert int(intent.DestOutputProfile.N) == 4
        assert intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"
        assert pdf.pdf_version == "1.6"
        meta = pdf.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert pdf.docinfo.Trapped == pikepdf.Name("/False")  # Name.False_ would be /False_
        assert "Libération de Besançon" in str(pdf.docinfo.Title)
        assert str(pdf.docinfo.CreationDate) == "D:20240921000000Z"
        assert not pdf.is_encrypted


@pytest.mark.parametrize("variant", FORMATS)
def test_the_facts_are_printed(posters, variant):
    text = page_text(posters[variant])
    # Lato draws U+00A0 with its space glyph, so only U+202F survives text extraction.
    assert "X\u202f!" in text.replace(" ", "")
    assert "21 et 22 septembre 2024" in plain(text)
    assert "de 10 h à 17 h" in plain(text)
    for fact in ("La Libération de Besançon", "De la Provence aux Vosges en passant par Besançon",
                 "Hôtel de Grand Quartier Général de Clévans", "Besançon", "Exposition",
                 "Journées européennes du patrimoine", "Entrée libre", "Venez nombreux !",
                 "Des objets uniques ayant appartenu au général de Lattre, exceptionnellement "
                 "prêtés par le Musée de l’Armée, seront présentés au public !"):
        assert squash(fact) in squash(text), fact


@pytest.mark.parametrize("variant", FORMATS)
def test_text_stays_inside_the_safe_margin(posters, variant):
    _, (width, height), _ = FORMATS[variant]
    safe = max(5, min(width, height) * 0.015)
    with pikepdf.open(posters[variant]) as pdf:
        tx0, ty0, tx1, ty1 = box_mm(pdf.pages[0].obj.TrimBox)
    motif = set("1944")
    for char, (left, bottom, right, top) in char_boxes(posters[variant]):
        if char in motif and top - bottom > 50:
            continue  # the year set large behind the title is background art, free to bleed
        assert left >= tx0 + safe - 0.5 and right <= tx1 - safe + 0.5, char
        assert bottom >= ty0 + safe - 0.5 and top <= ty1 - safe + 0.5, char


def test_background_runs_to_the_bleed_edge(posters):
    image = render(posters["A3"], dpi=30)
    with pikepdf.open(posters["A3"]) as pdf:
        bx0, by0, bx1, by1 = box_mm(pdf.pages[0].obj.BleedBox)
        my1 = box_mm(pdf.pages[0].mediabox)[3]
    px = 30 / 25.4
    for x_mm, y_mm in ((bx0 + 0.5, by0 + 0.5), (bx1 - 0.5, by0 + 0.5), (bx0 + 0.5, by1 - 0.5),
                       (bx1 - 0.5, by1 - 0.5)):
        pixel = image.getpixel((int(x_mm * px), int((my1 - y_mm) * px)))
        assert pixel != (255, 255, 255), (x_mm, y_mm)
    assert image.getpixel((2, 2)) == (255, 255, 255)  # the slug itself stays paper


def test_two_builds_are_byte_identical(tmp_path):
    first = run_build(ROOT / "content", tmp_path / "one", only=("poster",))
    second = run_build(ROOT / "content", tmp_path / "two", only=("poster",))
    assert [o.data for o in first.outputs] == [o.data for o in second.outputs]
    assert (tmp_path / "one" / "manifest.json").read_bytes() == \
        (tmp_path / "two" / "manifest.json").read_bytes()


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    result = run_build(ROOT / "content", tmp_path, only=("poster",))
    with pikepdf.open(tmp_path / result.outputs[0].path) as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20240922000000Z"


def test_website_prints_with_its_qr_code_on_the_poster(tmp_path):
    import zxingcpp
    from conftest import FIXTURES, copy_content, edit

    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "exhibition.yaml", "schema: 1\n", "schema: 1\nwebsite: https://musee.test/expo\n")
    run_build(content, tmp_path / "out", only=("poster",))
    poster = tmp_path / "out/poster/affiche-A3-297x420mm.pdf"
    codes = zxingcpp.read_barcodes(render(poster, dpi=150), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == ["https://musee.test/expo"]
    width_px = codes[0].position.top_right.x - codes[0].position.top_left.x
    assert width_px / 150 * 25.4 >= 15  # the symbol alone; with its quiet zone ≥ 20 mm


def font_sizes(path, index: int = 0) -> dict[str, float]:
    """The largest font size (pt) each word is printed at, read by pdfium."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(str(path))
    try:
        text = document[index].get_textpage()
        sizes: dict[str, float] = {}
        word, size = "", 0.0
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char.isalnum():
                word += char.lower()
                size = max(size, pdfium_c.FPDFText_GetFontSize(text.raw, i))
            elif word:
                sizes[word] = max(sizes.get(word, 0), size)
                word, size = "", 0.0
        return sizes
    finally:
        document.close()


@pytest.mark.parametrize("variant", FORMATS)
def test_where_and_how_much_outrank_the_sentence(posters, variant):
    """Read from three metres: the venue and the admission are never smaller than the slogan."""
    sizes = font_sizes(posters[variant])
    highlight = sizes["objets"]  # a word of the sentence no line break can cut
    assert sizes["clévans"] >= highlight and sizes["libre"] >= highlight
    assert sizes["septembre"] > sizes["clévans"]  # and when comes first


def same_drawing(first, second, columns: int = 8, rows: int = 12) -> list[tuple[int, int]]:
    """Cells where two renderings of a page differ in what is drawn: edge density compared cell
    by cell, so colour management and anti-aliasing (which differ between renderers) do not
    count, while a shape one renderer drops does."""
    from PIL import ImageFilter, ImageStat

    edges = [image.convert("L").filter(ImageFilter.FIND_EDGES) for image in (first, second)]
    width, height = edges[0].size
    differing = []
    for row in range(rows):
        for column in range(columns):
            box = (column * width // columns, row * height // rows,
                   (column + 1) * width // columns, (row + 1) * height // rows)
            a, b = (ImageStat.Stat(edge.crop(box)).mean[0] for edge in edges)
            if abs(a - b) > 2 + 0.2 * max(a, b):
                differing.append((row, column))
    return differing


@pytest.mark.parametrize("variant", FORMATS)
def test_poppler_draws_the_same_poster_as_pdfium(posters, variant, tmp_path):
    """A print shop's preview may be poppler's: the giant motif must not vanish there."""
    import shutil
    import subprocess

    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils is not installed")
    dpi = 600 / max(FORMATS[variant][1]) * 25.4  # about 600 px on the long side
    subprocess.run(["pdftoppm", "-r", f"{dpi:.3f}", "-png", "-singlefile", str(posters[variant]),
                    str(tmp_path / "poppler")], check=True)
    poppler = Image.open(tmp_path / "poppler.png").convert("RGB")
    pdfium = render(posters[variant], dpi=dpi).resize(poppler.size)
    assert same_drawing(poppler, pdfium) == []
