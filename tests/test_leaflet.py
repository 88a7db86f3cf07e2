"""The leaflet read back from its PDF: format, folds, timeline, typography, fit."""

from __future__ import annotations

import itertools
import re

import pikepdf
import pytest
import zxingcpp
from conftest import FIXTURES, copy_content, edit, plain, squash
from pdfread import box_mm, char_boxes, page_text, registration_strokes, render, size_mm

from expoprint.build import run_build
from expoprint.errors import ExpoprintError

FR = "leaflet/depliant-A4-DL-297x210mm.pdf"
EN = "leaflet/depliant-A4-DL-297x210mm-en.pdf"
FOLDS = {0: (97, 197), 1: (100, 200)}  # outside: flap · back · cover; inside: 100 · 100 · 97


@pytest.fixture(scope="module")
def leaflet(default_kit):
    return default_kit.out_dir / FR


def test_two_pages_at_a4_landscape_with_bleed(leaflet):
    with pikepdf.open(leaflet) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            assert size_mm(page.obj.TrimBox) == pytest.approx((297, 210), abs=0.01)
            assert size_mm(page.obj.BleedBox) == pytest.approx((303, 216), abs=0.01)


@pytest.mark.parametrize("index", [0, 1])
def test_fold_marks_sit_in_the_slug_on_the_fold_lines(leaflet, index):
    with pikepdf.open(leaflet) as pdf:
        page = pdf.pages[index]
        tx0 = box_mm(page.obj.TrimBox)[0]
        _, by0, _, by1 = box_mm(page.obj.BleedBox)
        vertical = [s for s in registration_strokes(pdf, page) if abs(s[0] - s[2]) < 1e-6]
        for fold in FOLDS[index]:
            on_fold = [s for s in vertical if abs(s[0] - (tx0 + fold)) < 0.01]
            assert len(on_fold) == 2, f"fold at {fold} mm"
            for _, y0, _, y1 in on_fold:
                assert max(y0, y1) <= by0 + 1e-3 or min(y0, y1) >= by1 - 1e-3


@pytest.mark.parametrize("index", [0, 1])
def test_no_text_near_a_fold_or_the_trim(leaflet, index):
    with pikepdf.open(leaflet) as pdf:
        tx0, ty0, tx1, ty1 = box_mm(pdf.pages[index].obj.TrimBox)
    boxes = char_boxes(leaflet, index)
    assert len(boxes) > 200
    for char, (left, bottom, right, top) in boxes:
        if char in "1944" and top - bottom > 20:
            continue  # the year set large on the cover is background art
        for fold in FOLDS[index]:
            x = tx0 + fold
            assert right < x - 4 or left > x + 4, f"{char!r} within 4 mm of the fold at {fold} mm"
        assert left >= tx0 + 4 and right <= tx1 - 4 and bottom >= ty0 + 4 and top <= ty1 - 4


def test_timeline_dates_in_order_with_ranges(leaflet):
    text = plain(page_text(leaflet, 1))
    expected = ["16 JUIN 1940", "4 SEPTEMBRE 1944", "5–6 SEPTEMBRE 1944", "7 SEPTEMBRE 1944",
                "8 SEPTEMBRE 1944"]
    positions = [squash(text).find(squash(date)) for date in expected]
    assert all(p >= 0 for p in positions), dict(zip(expected, positions, strict=True))
    assert positions == sorted(positions)
    for fact in ("17 000 soldats américains", "pont d’Avanne", "colline du Rosemont",
                 "fort de Chaudanne", "accueillis en héros"):
        assert squash(fact) in squash(text), fact


def test_toll_cover_and_practical_facts(leaflet):
    inside = squash(page_text(leaflet, 1))
    assert squash("près de 400 morts") in inside
    for value, label in (("28", "FFI"), ("29", "civils français"), ("80", "soldats américains"),
                         ("250", "soldats allemands")):
        assert squash(value + label) in inside
    outside = squash(page_text(leaflet, 0))
    for fact in ("La Libération de Besançon", "21 et 22 septembre 2024", "de 10 h à 17 h",
                 "Entrée libre", "Hôtel de Grand Quartier Général de Clévans",
                 "délégation de la 3ᵉ division américaine", "80 ans de la Libération",
                 "prêtés par le Musée de l’Armée"):
        assert squash(fact) in outside, fact


def test_french_typography_survives_into_the_pdf(leaflet):
    text = page_text(leaflet, 0)
    assert "«\u202fceux qui se sont levés" in text
    assert "libéré\u202f»" in text
    assert "3ᵉ" in text and "3e " not in text
    assert "l’armée de Terre" in plain(text) and "'" not in text


def test_english_leaflet_is_english(default_kit):
    text = squash(page_text(default_kit.out_dir / EN, 0) + page_text(default_kit.out_dir / EN, 1))
    for fact in ("The Liberation of Besançon", "21 and 22 September 2024", "10 am to 5 pm",
                 "Free admission", "17,000 American soldiers", "5–6 September 1944"):
        assert squash(fact) in text, fact
    assert squash("Entrée libre") not in text


def test_missing_english_falls_back_with_a_warning(tmp_path):
    content = copy_content(tmp_path)
    edit(content / "timeline.yaml", "    text_en: The city of Besançon is occupied by the Germans.\n", "")
    result = run_build(content, tmp_path / "out", only=("leaflet",))
    warnings = [str(w) for w in result.warnings]
    assert any("events[1].text_en: has no English text" in w for w in warnings)
    english = page_text(tmp_path / "out" / EN, 1)
    assert "occupée par les Allemands" in plain(english)


def test_website_prints_with_a_readable_qr_code(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "exhibition.yaml", "schema: 1\n", "schema: 1\nwebsite: https://musee.test/expo\n")
    run_build(content, tmp_path / "out", only=("leaflet",))
    image = render(tmp_path / "out" / FR, 0, dpi=200)
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == ["https://musee.test/expo"]
    assert "https://musee.test/expo" in page_text(tmp_path / "out" / FR, 0)


def test_overfull_panel_fails_naming_it_and_writes_nothing(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    long_text = "Un texte beaucoup trop long pour tenir dans son panneau. " * 24
    events = "".join(f"  - {{date: 1944-09-{day:02d}, text: {long_text}}}\n" for day in range(7, 11))
    with (content / "timeline.yaml").open("a", encoding="utf-8") as timeline:
        timeline.write(events)
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("leaflet",))
    message = str(caught.value)
    # The panel, the content field that takes the room, its file, and by how much.
    assert "timeline (inside, " in message and "mm too long for its box" in message
    assert re.search(r"timeline\.yaml:\d+: events\[\d\]", message)
    assert "stepped down to 80 %" in message
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("index", "fold", "side", "panel"), [
    (0, 97, +1, "flap"),    # the cream flap runs past its fold into the back panel
    (0, 197, -1, "cover"),  # the navy cover runs back past its fold
    (1, 200, -1, "figures"),  # the cream inside panel likewise
])
def test_panel_colour_runs_past_its_fold(leaflet, index, fold, side, panel):
    """Folding drifts by a millimetre: a panel's colour runs 1.5 mm past its fold."""
    dpi = 254  # 10 px a mm
    image = render(leaflet, index, dpi=dpi)
    with pikepdf.open(leaflet) as pdf:
        tx0, _, _, ty1 = box_mm(pdf.pages[index].obj.TrimBox)
        my1 = box_mm(pdf.pages[index].mediabox)[3]
    y = int((my1 - ty1 + 100) * 10)  # 100 mm down from the top of the trim

    def colour(x_mm):
        return image.getpixel((int((tx0 + x_mm) * 10), y))

    inside_panel = colour(fold - side * 3)
    assert inside_panel != (255, 255, 255)
    assert colour(fold + side * 1.0) == inside_panel, f"{panel}: white sliver past the fold"
    assert colour(fold + side * 3) != inside_panel, f"{panel}: colour runs too far"


def test_timeline_reads_in_date_order_from_level_tops(leaflet):
    """Down the first timeline panel, then down the second, both lines starting level."""
    boxes = char_boxes(leaflet, 1)
    with pikepdf.open(leaflet) as pdf:
        tx0 = box_mm(pdf.pages[1].obj.TrimBox)[0]
    # The day numbers are the largest red figures: find each date's first character.
    days = ["16", "4", "5–6", "7", "8"]
    text = "".join(char for char, _ in boxes)
    found, start = [], 0
    for day in days:
        at = text.find(day, start)
        while at >= 0:
            _, (_, bottom, _, top) = boxes[at]
            if top - bottom > 5:  # the large figure, not a day in running text
                break
            at = text.find(day, at + 1)
        assert at >= 0, day
        found.append(boxes[at][1])
        start = at + len(day)
    columns = [0 if left - tx0 < 100 else 1 for left, *_ in found]
    assert columns == sorted(columns) and set(columns) == {0, 1}
    for column in (0, 1):
        tops = [top for (left, bottom, right, top), c in zip(found, columns, strict=True) if c == column]
        assert tops == sorted(tops, reverse=True), "events go down the panel in date order"
    first_left = next(top for (_, _, _, top), c in zip(found, columns, strict=True) if c == 0)
    first_right = next(top for (_, _, _, top), c in zip(found, columns, strict=True) if c == 1)
    assert abs(first_left - first_right) < 1, "the second panel's line starts level with the first"


def test_french_setting_rules_in_the_pdf(leaflet):
    outside, inside = page_text(leaflet, 0), page_text(leaflet, 1)
    assert "À cette occasion" in outside and "A cette occasion" not in outside
    # Words tied by a no-break space never end and start two lines.
    for text in (outside, inside):
        lines = [line.strip() for line in text.replace("\r", "").split("\n")]
        for before, after in itertools.pairwise(lines):
            for first, second in (("de", "Lattre"), ("400", "morts"), ("000", "soldats"),
                                  ("3ᵉ", "division"), ("6ᵉ", "corps"), ("8", "septembre")):
                assert not (before.endswith(f" {first}") and after.startswith(second)), \
                    (before, after)
            assert not re.fullmatch(r"\S+[\u2010-]", before), f"a lone syllable: {before!r}"


def test_months_across_a_span_are_abbreviated_alike(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    with (content / "timeline.yaml").open("a", encoding="utf-8") as timeline:
        timeline.write("  - {date: 1944-09-30, end: 1944-10-01, text: Deux jours.}\n")
    run_build(content, tmp_path / "out", only=("leaflet",))
    text = plain(page_text(tmp_path / "out" / FR, 1))
    assert squash("30 SEPT. – 1ᵉʳ OCT. 1944") in squash(text)
    assert "OCTO." not in text and "OCTOBRE." not in text
