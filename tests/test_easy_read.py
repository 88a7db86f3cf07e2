"""The easy-to-read edition (FALC): built from the content's `falc` texts, measured in the PDF as
the European easy-to-read rules ask (no type under 14 pt, no word split at a line's end, one
sentence a line), its web page, and the check that names each line breaking a rule."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
from pathlib import Path

import pypdfium2
import pypdfium2.raw as raw
import pytest
from browser import chromium_missing
from conftest import ROOT, edit
from pictures import jpeg, scene

from expoprint import catalog
from expoprint.build import run_build
from expoprint.errors import ExpoprintError, Report

FIXTURE = ROOT / "tests" / "fixtures" / "facile"
BOOKLET = "easy-read/facile-a-lire-A4.pdf"


def easy_content(folder: Path) -> Path:
    """The fixture with its pictures (made here: nothing binary is committed)."""
    content = folder / "facile"
    shutil.copytree(FIXTURE, content)
    (content / "images").mkdir()
    (content / "images" / "affiche.jpg").write_bytes(jpeg(scene((1200, 900))))
    (content / "images" / "pendule.jpg").write_bytes(jpeg(scene((900, 1200), label="XII")))
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("easy")
    content = easy_content(folder)
    result = run_build(content, folder / "out", only=("easy-read", "web"))
    return folder / "out", result


def size_pt(text, index: int) -> float:
    """A character's size in points: the size as set times the drawing's scale (WeasyPrint sets
    its type in CSS px on a page scaled by 3/4, so the bare size reads a third too large)."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
    scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    return raw.FPDFText_GetFontSize(text.raw, index) * scale


def lines_of(path: Path) -> list[tuple[str, float]]:
    """Each text line of every page, as pdfium reads it, with its smallest font size in points."""
    document = pypdfium2.PdfDocument(str(path))
    found = []
    try:
        for page in document:
            text = page.get_textpage()
            line, sizes = [], []
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                if char in ("\r", "\n"):
                    if line:
                        found.append(("".join(line), min(sizes, default=0.0)))
                    line, sizes = [], []
                    continue
                line.append(char)
                if char.strip():
                    sizes.append(size_pt(text, index))
            if line:
                found.append(("".join(line), min(sizes, default=0.0)))
    finally:
        document.close()
    return [(text.strip(), size) for text, size in found if text.strip()]


def test_the_booklet_and_the_page_are_built_from_the_easy_read_texts(built):
    out, result = built
    assert (out / BOOKLET).is_file()
    assert (out / "easy-read" / "facile-a-lire-en-A4.pdf").is_file()  # the content has falc_en
    page = (out / "web" / "facile-a-lire" / "index.html").read_text()
    assert "<p>Cette exposition parle des horloges.</p>" in page
    assert "Pendule dorée posée sur une cheminée" in page  # the photo beside, with its text
    assert "Cadran solaire" not in page  # no easy-read text: not in the edition
    index = (out / "web" / "index.html").read_text()
    assert 'href="facile-a-lire/#fr"' in index
    assert 'href="../facile-a-lire/#fr"' in (out / "web" / "accessibilite" / "index.html").read_text()
    manifest = next(o for o in result.outputs if o.path == BOOKLET)
    assert manifest.use == "office" and manifest.bleed_mm == 0
    assert any("easy-to-read logo" in note for note in result.told)


def test_the_booklet_keeps_the_measurable_rules(built):
    out, _result = built
    lines = lines_of(out / BOOKLET)
    assert lines and min(size for _text, size in lines) >= 14  # the rules' floor
    # the layout's body, everywhere (page numbers too), and the headings larger
    assert min(size for _text, size in lines) == pytest.approx(16, abs=0.05)
    assert dict(lines)["Le Jardin des horloges"] == pytest.approx(32, abs=0.05)
    for text, _size in lines:
        assert not re.search(r"[\w][-\u2010\u00ad]$", text), f"a word split at a line's end: {text}"
        # one sentence a line: a sentence's end is only ever the line's end
        assert not re.search(r"[.!?…][\s\u00a0\u202f]+\S", text), f"two sentences: {text}"
    joined = " ".join(text for text, _size in lines)
    for sentence in ("Cette exposition parle des horloges.", "C’est une pendule.",
                     "On la garde dans une poche."):
        assert sentence in joined
    assert "Cadran solaire" not in joined


def test_the_booklet_is_tagged_pdf_ua(built):
    import pikepdf
    from pdfua import audit

    out, _result = built
    with pikepdf.open(out / BOOKLET) as pdf:
        assert "pdfuaid" in str(pdf.open_metadata())
        assert str(pdf.Root.Lang) == "fr"
    found = audit(out / BOOKLET)
    assert not found.figures_without_alt and not found.untagged
    assert "Pendule dorée posée sur une cheminée, vue de face" in found.figures
    english = out / "easy-read" / "facile-a-lire-en-A4.pdf"
    found = audit(english)
    assert not found.figures_without_alt and not found.untagged
    assert "Gilded clock on a mantelpiece, seen from the front" in found.figures
    with pikepdf.open(english) as pdf:
        assert str(pdf.Root.Lang) == "en"
        # « Montre de poche » has no English text: its title and sentences are tagged French
        borrowed = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)
                    and obj.get("/Type") == "/StructElem" and str(obj.get("/Lang", "")) == "fr"]
        assert {str(obj.S) for obj in borrowed} >= {"/H2"}


def broken(tmp_path: Path, edits: list[tuple[str, str, str]]) -> list:
    content = easy_content(tmp_path)
    for name, old, new in edits:
        edit(content / name, old, new)
    from expoprint.bundled import layout_folders
    from expoprint.content import load_content
    from expoprint.layouts import read_layout
    from expoprint.products.easyread import check_texts, read_rules

    report = Report()
    loaded = load_content(content, report)
    spec = read_layout(layout_folders(content), "easyread.yaml", report)
    check_texts(loaded, read_rules(spec), report)
    return report.warnings


BREAKS = [
    ("exhibition.yaml", "  - Une horloge donne l’heure.",
     "  - Une horloge donne l’heure et les minutes et les secondes à tous les gens qui passent "
     "devant elle chaque jour."),
    ("exhibition.yaml", "  - Vous allez voir 23 horloges.",
     "  - Vous allez voir des horloges. Elles sont belles."),
    ("exhibition.yaml", "  - Certaines horloges sont très anciennes.",
     "  - Certaines horloges sont très ANCIENNES à la SNCF."),
    ("artefacts.yaml", "      Elle sonne toutes les heures.", "      Elle sonne vingt-trois fois."),
]


def test_the_check_names_each_broken_rule_with_its_file_line_and_field(tmp_path):
    warnings = broken(tmp_path, BREAKS)
    said = {(w.code, Path(w.file).name, w.line, w.field) for w in warnings}
    assert said == {
        ("easy-read-sentence", "exhibition.yaml", 16, "falc[2]"),
        ("easy-read-line", "exhibition.yaml", 17, "falc[3]"),
        ("easy-read-capitals", "exhibition.yaml", 18, "falc[4]"),  # SNCF, 4 letters, may stay
        # the third line of a `|` block: its own line in the file
        ("easy-read-number", "artefacts.yaml", 14, "artefact 'pendule'.falc"),
    }
    messages = " ".join(str(w) for w in warnings)
    assert "a sentence of 20 words, over 15" in messages
    assert "holds 2 sentences on one line" in messages
    assert "writes 'ANCIENNES' in capital letters" in messages
    assert "writes the number 'vingt-trois' in words" in messages


def test_the_check_speaks_french(tmp_path, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "fr")
    messages = " ".join(str(w) for w in broken(tmp_path, BREAKS))
    assert "une phrase de 20 mots, au-delà de 15" in messages
    assert "2 phrases sur une même ligne" in messages
    assert "écrit « ANCIENNES » en capitales" in messages
    assert "écrit le nombre « vingt-trois » en lettres" in messages


def test_the_check_reads_english_texts(tmp_path):
    warnings = broken(tmp_path, [("exhibition.yaml", "  - A clock tells the time.",
                                  "  - A clock has twelve hours.")])
    assert [(w.code, w.line, w.field) for w in warnings] == [
        ("easy-read-number", 22, "falc_en[2]")]


def test_a_text_longer_than_a_page_is_named(tmp_path):
    content = easy_content(tmp_path)
    long = "".join(f"      Phrase courte numéro {n}.\n" for n in range(1, 26))
    edit(content / "artefacts.yaml", "      Elle sonne toutes les heures.\n", long)
    result = run_build(content, tmp_path / "out", only=("easy-read",))
    pages = [w for w in result.warnings if w.code == "easy-read-page"]
    assert [(w.field, w.output) for w in pages] == [("artefact 'pendule'.falc", BOOKLET)]
    assert re.search(r"runs over \d pages of easy-read/facile-a-lire-A4.pdf \(pages 2–", str(pages[0]))


def test_no_easy_read_text_no_edition_and_no_error(tmp_path):
    content = easy_content(tmp_path)
    text = (content / "exhibition.yaml").read_text()
    (content / "exhibition.yaml").write_text(text[:text.index("falc:")])
    edit(content / "artefacts.yaml", "    falc: |\n      C’est une pendule.\n"
         "      On la pose sur une cheminée.\n      Elle sonne toutes les heures.\n"
         "    falc_en: |\n      This is a clock.\n      It stands on a mantelpiece.\n", "")
    edit(content / "artefacts.yaml", "    falc:\n      - C’est une montre.\n"
         "      - On la garde dans une poche.\n", "")
    run_build(content, tmp_path / "out", only=("web", "booklet"), strict=True)
    assert not (tmp_path / "out" / "easy-read").exists()
    assert not (tmp_path / "out" / "web" / "facile-a-lire").exists()
    assert "facile-a-lire" not in (tmp_path / "out" / "web" / "index.html").read_text()
    whole = run_build(content, tmp_path / "all")  # optional: said, never a warning
    assert not any(w.field == "easy-read" for w in whole.warnings)
    assert any(note.startswith("easy-read: not built") for note in whole.told)
    with pytest.raises(ExpoprintError, match="easy-read: cannot be built"):
        run_build(content, tmp_path / "only", only=("easy-read",))


def test_only_easy_read_builds_the_booklet_alone(tmp_path):
    assert "easy-read" in catalog.names() and "easy-read" in catalog.output_folders()
    content = easy_content(tmp_path)
    result = run_build(content, tmp_path / "out", only=("easy-read",))
    assert sorted(o.path for o in result.outputs) == [BOOKLET, "easy-read/facile-a-lire-en-A4.pdf"]


def test_a_layout_under_14_pt_is_refused(tmp_path):
    content = easy_content(tmp_path)
    layouts = content / "layouts"
    layouts.mkdir()
    shutil.copy(ROOT / "expoprint" / "layouts" / "easyread.yaml", layouts)
    edit(layouts / "easyread.yaml", "body_pt: 16", "body_pt: 12")
    with pytest.raises(ExpoprintError, match="12 pt is under the 14 pt"):
        run_build(content, tmp_path / "out", only=("easy-read",))


def test_the_spreadsheet_column_is_read(tmp_path):
    from expoprint.content import load_content

    content = easy_content(tmp_path)
    (content / "artefacts.yaml").unlink()
    (content / "artefacts.csv").write_text(
        'Identifiant;Titre;Facile à lire\nmontre;Montre;"C’est une montre.\nElle est petite."\n',
        encoding="utf-8")
    report = Report()
    loaded = load_content(content, report)
    assert not report.errors, report.errors
    falc = loaded.artefacts[0].falc
    assert falc.texts[0] == ("fr", ("C’est une montre.", "Elle est petite."), (2, 2))


@pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
@pytest.mark.parametrize("width", [320, 1280])
def test_the_easy_read_page_passes_axe_and_fits_a_phone(built, width):
    from browser import chromium, serve, set_viewport
    from test_web_browser import axe_problems, layout

    out, _result = built
    with serve(out / "web", "/musee/") as (origin, _requested), chromium() as driver:
        set_viewport(driver, width, 800, mobile=width < 800)
        for view in ("", "#en"):
            driver.get(f"{origin}/musee/facile-a-lire/{view}")
            seen = layout(driver)
            assert seen["scroll"] <= width, f"{view}: too wide"
            assert not seen["broken"], seen["broken"]
            assert axe_problems(driver) == [], view
        if os.environ.get("EXPOPRINT_SHOTS"):
            driver.get(f"{origin}/musee/facile-a-lire/")
            driver.save_screenshot(str(Path(os.environ["EXPOPRINT_SHOTS"]) / f"easy-{width}.png"))
