"""Labels read back from the PDFs: QR codes decode to their address and sit in their die-cut."""

from __future__ import annotations

import pikepdf
import pytest
import zxingcpp
from conftest import FIXTURES, ROOT, copy_content, edit, squash
from pdfread import char_boxes, page_text, registration_strokes, render, size_mm

from expoprint.build import run_build
from expoprint.errors import ExpoprintError
from expoprint.products.base import LabelOptions

BASE = "https://example.org/liberation-besancon/objets/"
IDS = ["liberation-1944", "3e-division-us", "citadelle", "lattre-01", "lattre-02"]
# Die-cut geometry from the makers' templates (shared PRINT.md), not from our layouts/.
SHEETS = {  # columns, rows, label w, h, left, top, pitch x, pitch y
    "L7163": (2, 7, 99.1, 38.1, 4.67, 15.15, 101.6, 38.1),
    "L7165": (2, 4, 99.1, 67.7, 4.67, 13.04, 101.6, 67.73),
    "L7173": (2, 5, 99.1, 57.0, 4.67, 6.0, 101.6, 57.0),
    "L7160": (3, 7, 63.5, 38.1, 7.2, 15.15, 66.04, 38.1),
}


def die_cuts(code: str, offset=(0.0, 0.0)):
    """Each label's rectangle in mm from the sheet's top-left corner, along the rows."""
    columns, rows, w, h, left, top, px, py = SHEETS[code]
    return [(left + c * px + offset[0], top + r * py + offset[1], w, h)
            for r in range(rows) for c in range(columns)]


def qr_codes(path, index: int, dpi: int = 200):
    """Decoded QR codes with their boxes in mm from the page's top-left corner."""
    image = render(path, index, dpi=dpi)
    out = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        xs = [p.x for p in (code.position.top_left, code.position.top_right,
                            code.position.bottom_left, code.position.bottom_right)]
        ys = [p.y for p in (code.position.top_left, code.position.top_right,
                            code.position.bottom_left, code.position.bottom_right)]
        scale = 25.4 / dpi
        out.append((code.text, min(xs) * scale, min(ys) * scale, max(xs) * scale,
                    max(ys) * scale, int(code.extra["Version"])))
    return out


@pytest.fixture(scope="module")
def cut(default_kit):
    return default_kit.out_dir / "labels/cartels-148x105mm.pdf"


def test_cut_labels_are_press_ready_a6(cut):
    with pikepdf.open(cut) as pdf:
        assert len(pdf.pages) == len(IDS)
        for page in pdf.pages:
            assert size_mm(page.obj.TrimBox) == pytest.approx((148, 105), abs=0.01)
            assert size_mm(page.obj.BleedBox) == pytest.approx((154, 111), abs=0.01)
            assert len(registration_strokes(pdf, page)) == 8
        assert pdf.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFX


@pytest.mark.parametrize("index", range(len(IDS)))
def test_each_cut_label_qr_reads_its_address_and_is_big_enough(cut, index):
    codes = qr_codes(cut, index)
    assert [c[0] for c in codes] == [f"{BASE}{IDS[index]}/"]  # the object's folder of the site
    _, x0, _, x1, _, version = codes[0]
    symbol_mm = x1 - x0
    with_quiet_zone = symbol_mm * (17 + 4 * version + 8) / (17 + 4 * version)
    assert with_quiet_zone >= 20
    assert symbol_mm / (17 + 4 * version) >= 0.4


def test_cut_label_text_and_english(cut):
    text = squash(page_text(cut, 0))
    for fact in ("La libération de Besançon", "4–8 septembre 1944", "près de 400 morts",
                 "The Liberation of Besançon", "nearly 400 dead"):
        assert squash(fact) in text, fact
    credit = squash(page_text(cut, 3))
    assert squash("Prêt exceptionnel du Musée de l’Armée") in credit
    assert squash("Inv. à compléter") in credit


@pytest.mark.parametrize("code", ["L7163", "L7165", "L7173"])
def test_default_sheets_put_every_code_inside_its_die_cut(default_kit, code):
    path = default_kit.out_dir / f"labels/etiquettes-{code}-210x297mm.pdf"
    cuts = die_cuts(code)
    decoded = qr_codes(path, 0)
    assert sorted(c[0] for c in decoded) == sorted(f"{BASE}{i}/" for i in IDS)
    for text, x0, y0, x1, y1, _ in decoded:
        slot = IDS.index(text.removeprefix(BASE).rstrip("/"))
        left, top, w, h = cuts[slot]
        assert left + 1.5 <= x0 and x1 <= left + w - 1.5, (text, x0, x1)
        assert top + 1.5 <= y0 and y1 <= top + h - 1.5, (text, y0, y1)


@pytest.mark.parametrize("code", ["L7163", "L7165"])
def test_sheet_text_stays_inside_its_label(default_kit, code):
    path = default_kit.out_dir / f"labels/etiquettes-{code}-210x297mm.pdf"
    cuts = die_cuts(code)
    for char, (left, bottom, right, top) in char_boxes(path, 0):
        y_top, y_bottom = 297 - top, 297 - bottom
        inside = [c for c in cuts if c[0] + 1.5 <= left and right <= c[0] + c[2] - 1.5
                  and c[1] + 1.5 <= y_top and y_bottom <= c[1] + c[3] - 1.5]
        assert inside, f"{char!r} at {left:.1f},{y_top:.1f} mm is outside every label"


def test_small_labels_carry_title_credit_and_qr_only(default_kit):
    small = squash(page_text(default_kit.out_dir / "labels/etiquettes-L7163-210x297mm.pdf", 0))
    assert squash("Du fort de Chaudanne à la Citadelle") in small
    assert squash("Prêt exceptionnel du Musée de l’Armée") in small
    assert squash("attaquent la Citadelle") not in small
    large = squash(page_text(default_kit.out_dir / "labels/etiquettes-L7165-210x297mm.pdf", 0))
    assert squash("attaquent la Citadelle") in large


def test_partly_used_sheet_offset_and_outline(tmp_path):
    options = LabelOptions(offset_mm=(1.0, 2.0), first_label=3, outline=True)
    run_build(FIXTURES / "minimal", tmp_path, only=("labels",), sheets=("L7160",),
              label_options=options)
    path = tmp_path / "labels/etiquettes-L7160-210x297mm-test.pdf"  # never the real sheet's name
    cuts = die_cuts("L7160", offset=(1.0, 2.0))
    (text, x0, y0, x1, y1, _), = qr_codes(path, 0)
    assert text == "https://musee.test/objet-1"
    left, top, w, h = cuts[2]  # the third label: first row, third column
    assert left < x0 < x1 < left + w and top < y0 < y1 < top + h
    with pikepdf.open(path) as pdf:
        strokes = [op for _, op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op) == "S"]
        assert len(strokes) >= 21  # every die-cut of the sheet outlined


def test_text_too_long_for_a_label_names_artefact_and_field(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    long_text = "Un texte bien trop long pour une étiquette. " * 32
    edit(content / "exhibition.yaml", "title: Exposition d'essai", "title: Essai\ntitle_en: Trial")
    edit(content / "artefacts.yaml", "description: Un texte court.",
         f"description: {long_text}, description_en: {long_text}")
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("labels",), sheets=("L7165",))
    assert "artefact 'objet-2'.description: does not fit the cut label even at the smallest " \
           "size (9 pt)" in str(caught.value)


def test_shrunk_text_warns_and_strict_refuses(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "artefacts.yaml", "description: Un texte court.",
         "description: " + "Un texte un peu long pour cette étiquette-là. " * 22)
    result = run_build(content, tmp_path / "out", only=("labels",), sheets=("L7165",))
    assert any("'objet-2': text shrunk to" in str(w) for w in result.warnings)
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "strict", only=("labels",), sheets=("L7165",), strict=True)
    assert "text shrunk to" in str(caught.value)


def test_address_too_long_for_the_qr_space(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "artefacts.yaml", 'url: "https://musee.test/objet-1"',
         'url: "https://musee.test/' + "tres-long-chemin/" * 10 + '"')
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("labels",), sheets=("L7163",))
    assert "artefact 'objet-1'.url: its address" in str(caught.value)
    assert "at least 0.4 mm" in str(caught.value)


def test_labels_reproducible(tmp_path):
    first = run_build(FIXTURES / "minimal", tmp_path / "a", only=("labels",))
    second = run_build(FIXTURES / "minimal", tmp_path / "b", only=("labels",))
    assert [o.data for o in first.outputs] == [o.data for o in second.outputs]


def test_label_fonts_carry_no_build_time(tmp_path):
    """Two builds a second apart must give the same bytes: the serif embedded in the labels
    keeps the shipped font's `modified` date, not the clock of the build that remapped its
    figures (a test building twice within one second would not see it)."""
    import io

    from fontTools.ttLib import TTFont

    from expoprint.bundled import FONTS

    result = run_build(FIXTURES / "minimal", tmp_path / "out", only=("labels",))
    shipped = TTFont(FONTS / "EBGaramond12-Regular.ttf", lazy=True)["head"].modified
    embedded = []
    with pikepdf.open(io.BytesIO(result.outputs[0].data)) as pdf:
        for obj in pdf.objects:
            if (isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj
                    and str(obj.FontName).endswith("EBGaramond12-Regular")):
                embedded.append(TTFont(io.BytesIO(obj.FontFile2.read_bytes()))["head"].modified)
    assert embedded and set(embedded) == {shipped}


def test_parallel_and_serial_runs_give_the_same_files(tmp_path, monkeypatch):
    """Long runs come in parts made side by side (cut labels, each sheet, the list); the files
    must not depend on it."""
    import expoprint.products.labels as labels

    serial = run_build(FIXTURES / "minimal", tmp_path / "serial", only=("labels",))
    assert serial.rendered == ["labels"]
    monkeypatch.setattr(labels, "PARALLEL_FROM", 1)
    parallel = run_build(FIXTURES / "minimal", tmp_path / "parallel", only=("labels",))
    assert sorted(parallel.rendered) == ["labels L7163", "labels L7165", "labels L7173", "labels cut",
                                        "labels list"]
    assert [(o.path, o.data) for o in serial.outputs] == [(o.path, o.data) for o in parallel.outputs]


def test_label_line_breaks_follow_the_hyphenation_rules():
    from expoprint.products.labels import register_fonts, wrap

    register_fonts(ROOT / "expoprint" / "fonts")
    text = ("Les soldats américains progressent méthodiquement vers les fortifications "
            "abandonnées, extraordinairement encombrées, incontestablement détruites "
            "du général de\u00a0Lattre à l’Armée")
    for width in range(90, 260, 7):
        lines = wrap(text, "Sans", 11.0, float(width), "fr")
        if not lines:
            continue
        hyphenated = [line.endswith("-") for line in lines]
        # never a lone syllable on a line, never the last line starting with a word's tail
        assert all(" " in line for line, cut in zip(lines, hyphenated, strict=True) if cut), lines
        assert not hyphenated[-2:-1] or not hyphenated[-2], lines
        # at most two hyphenated lines in a row
        assert "TTT" not in "".join("T" if cut else "F" for cut in hyphenated), lines
        assert " ".join(lines).replace("- ", "") == text
        assert not any(line.endswith(("de\u00a0-", "l’Ar-", "de-")) for line in lines), lines


def embedded_fonts(path) -> dict[str, bytes]:
    with pikepdf.open(path) as pdf:
        return {str(obj.FontName).lstrip("/"): obj.FontFile2.read_bytes() for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary)
                and obj.get("/Type") == pikepdf.Name.FontDescriptor and "/FontFile2" in obj}


def test_font_subsets_are_named_by_their_glyphs_and_carry_no_hinting(default_kit):
    """Two label files imposed together must not hold two different fonts under one name, and
    Ghostscript must read every subset without a word."""
    import hashlib
    import io
    import shutil
    import subprocess

    from fontTools.ttLib import TTFont

    programs: dict[str, str] = {}
    for output in default_kit.outputs:
        if output.product != "labels" or not output.is_pdf:
            continue
        path = default_kit.out_dir / output.path
        for name, program in embedded_fonts(path).items():
            assert not name.startswith("AAAAAA+"), name
            digest = hashlib.sha256(program).hexdigest()
            assert programs.setdefault(name, digest) == digest, f"{name}: one tag, two glyph sets"
            font = TTFont(io.BytesIO(program))
            assert not {"fpgm", "prep", "cvt "} & set(font.keys()), name
            glyphs = font["glyf"]
            for glyph_name in font.getGlyphOrder():
                program = getattr(glyphs[glyph_name], "program", None)
                assert program is None or not program.getBytecode(), (name, glyph_name)
        if shutil.which("gs"):
            result = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage",
                                     str(path)], capture_output=True, text=True)
            assert result.returncode == 0 and "TT instructions" not in result.stdout + result.stderr
