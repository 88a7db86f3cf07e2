"""The screen leaflet read back: tagged PDF/UA structure, language, title, reading order, RGB."""

from __future__ import annotations

import itertools

import pikepdf
import pytest
from conftest import plain, squash
from pdfread import page_text, size_mm

FILES = {"fr": "leaflet/depliant-web.pdf", "en": "leaflet/depliant-en-web.pdf"}
# What a reader meets, in the order of the panels on paper: cover, flap, timeline, figures, back.
ORDER = {
    "fr": ["Journées européennes du patrimoine", "La Libération de Besançon",
           "21 et 22 septembre 2024", "À découvrir", "Des objets uniques", "Les années 2024",
           "Chronologie", "16 juin 1940", "La ville de Besançon est occupée", "8 septembre 1944",
           "En chiffres", "près de 400 morts", "soldats allemands", "Informations pratiques",
           "Entrée libre", "Venez nombreux"],
    "en": ["European Heritage Days", "The Liberation of Besançon", "21 and 22 September 2024",
           "Not to be missed", "Unique objects", "The years 2024 and 2025", "Timeline",
           "16 June 1940", "The city of Besançon is occupied", "In figures", "nearly 400 dead",
           "Visitor information", "Free admission", "Come one, come all"],
}


@pytest.fixture(scope="module", params=["fr", "en"])
def screen(default_kit, request):
    return request.param, default_kit.out_dir / FILES[request.param]


def structure(pdf: pikepdf.Pdf) -> list[str]:
    """The structure tree's element types, depth first, in the order a screen reader reads."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(str(node.S).lstrip("/"))
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def test_tagged_with_language_title_and_pdfua_identification(screen):
    lang, path = screen
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == lang
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        title = plain(str(pdf.docinfo.Title))
        assert title.startswith("La Libération de Besançon" if lang == "fr" else "The Liberation")
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"
            assert plain(meta.get("dc:title")) == title
        tags = structure(pdf)
    assert tags[0] == "Document"
    headings = [tag for tag in tags if tag in ("H1", "H2", "H3")]
    assert headings[0] == "H1" and headings.count("H1") == 1
    assert headings.count("H2") == 4  # flap, timeline, figures, back; no level skipped
    for before, after in itertools.pairwise(headings):
        assert int(after[1]) <= int(before[1]) + 1
    assert {"P", "L", "LI"} <= set(tags)


def test_text_reads_in_the_order_of_the_panels(screen):
    lang, path = screen
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    text = squash(plain(" ".join(page_text(path, index) for index in range(count))))
    position = 0
    for marker in ORDER[lang]:  # each after the one before: a fact on the cover and the back
        found = text.find(squash(plain(marker)), position)
        assert found >= 0, f"{marker!r} missing, or not after the text before it"
        position = found + 1


def test_rgb_only_no_marks_no_bleed_and_small(screen):
    _lang, path = screen
    assert path.stat().st_size < 1_000_000
    with pikepdf.open(path) as pdf:
        assert "/OutputIntents" not in pdf.Root
        for page in pdf.pages:
            assert size_mm(page.mediabox) == pytest.approx((100, 210), abs=0.01)
            for box in ("/TrimBox", "/BleedBox"):  # no bleed: every box is the page
                assert [float(v) for v in page.obj.get(box, page.mediabox)] == \
                    [float(v) for v in page.mediabox]
            for _operands, operator in pikepdf.parse_content_stream(page):
                assert str(operator) not in ("k", "K"), "CMYK colour"
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Array) and len(obj) and obj[0] == pikepdf.Name.Separation:
                raise AssertionError("a separation colour (registration marks?)")
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                for key in ("/ColorSpace", "/CS"):
                    assert obj.get(key) != pikepdf.Name.DeviceCMYK
                if obj.get("/N") == 4 and obj.get("/Alternate") is not None:
                    raise AssertionError("a CMYK ICC colour space")


def test_only_leaflet_makes_the_print_leaflet_and_its_screen_twin(tmp_path):
    from conftest import ROOT

    from expoprint.build import run_build

    result = run_build(ROOT / "content", tmp_path / "out", only=("leaflet",))
    assert sorted(o.path for o in result.outputs) == sorted(
        ["leaflet/depliant-A4-DL-297x210mm.pdf", "leaflet/depliant-A4-DL-297x210mm-en.pdf",
         *FILES.values()])
    assert {o.use for o in result.outputs if o.path in FILES.values()} == {"screen"}
