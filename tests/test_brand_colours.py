"""A museum's brand colours are facts, not content to fix: an orange or a yellow accent that
cannot carry text on the paper is kept for rules, dots and badges, its text goes to the primary
colour or to black, a warning says which role changed, and every press file stays silent in the
build's own preflight and in `check` — small text included, read back from the content streams.
Only a palette on which no text can be read is refused, naming its fields."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, copy_content, edit
from pdfdraw import multiply

from expoprint.build import run_build
from expoprint.bundled import LAYOUTS
from expoprint.cli import main
from expoprint.colours import choose_roles, contrast, text_role
from expoprint.errors import Report

ICC = LAYOUTS / "icc" / "FOGRA39L-expoprint.icc"
BURGUNDY = "[0.15, 0.9, 0.6, 0.45]"  # four inks: blurred in small type
ORANGE, YELLOW = (0.0, 0.45, 1.0, 0.0), (0.0, 0.1, 0.95, 0.0)
PRESS = ("poster", "leaflet", "labels", "booklet")


def branded(folder: Path, accent: tuple[float, ...], primary: str = BURGUNDY) -> Path:
    """The spring exhibition under a museum's brand, its practical panel full enough that the
    leaflet sets it under 12 pt (where a four-ink primary used to blur)."""
    content = copy_content(folder, FIXTURES / "printemps")
    yaml = content / "exhibition.yaml"
    edit(yaml, "primary: [0.85, 0.2, 0.95, 0.45]", f"primary: {primary}")
    edit(yaml, "accent: [0, 0.75, 1, 0.2]", "accent: [{:g}, {:g}, {:g}, {:g}]".format(*accent))
    edit(yaml, "  - {label: Moins de 18 ans, label_en: Under 18, price: 0}",
         "  - {label: Étudiants et enseignants, label_en: Students and teachers, price: 4}\n"
         "  - {label: Groupes (plus de 10 personnes), label_en: Groups (more than 10), price: 6}\n"
         "  - {label: Moins de 18 ans, label_en: Under 18, price: 0}")
    edit(yaml, "  name: Musée des Jardins", "  name: Musée des Jardins et des Paysages de la Métropole")
    edit(yaml, "accessibility: Accessible aux personnes à mobilité réduite\n"
               "accessibility_en: Accessible to people with reduced mobility",
         "accessibility:\n"
         "  - Accessible aux personnes à mobilité réduite par l'entrée de la rue des Tilleuls\n"
         "  - Boucle magnétique à l'accueil, visites en langue des signes chaque mois\n"
         "  - Fauteuils roulants et sièges pliants prêtés à l'accueil\n"
         "accessibility_en:\n"
         "  - Accessible to people with reduced mobility through the rue des Tilleuls entrance\n"
         "  - Induction loop at the desk, sign-language tours every month\n"
         "  - Wheelchairs and folding seats lent at the desk")
    return content


@pytest.fixture(scope="module", params=[(ORANGE, PRESS, ("A3", "120x176cm")),
                                        (YELLOW, ("poster", "leaflet"), ("A3",))],
                ids=["orange", "yellow"])
def brand(request, tmp_path_factory):
    """Every press product under the orange brand; the poster and the leaflet under the yellow."""
    accent, only, formats = request.param
    folder = tmp_path_factory.mktemp("brand")
    result = run_build(branded(folder, accent), folder / "out", only=only, formats=formats)
    return accent, result


def text_runs(path: Path) -> list[tuple[int, float, tuple[float, ...], float]]:
    """Every text-showing operator of the file: page, size (pt, as printed), its fill colour
    (CMYK; gray as K) and how far down the page it starts (0 top, 1 bottom). Read from the
    content streams with pikepdf, forms included: independent of the code that wrote them."""
    runs: list[tuple[int, float, tuple[float, ...], float]] = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            box = [float(v) for v in page.obj.MediaBox]
            walk(page.obj, page.obj.get("/Resources"), [1, 0, 0, 1, 0, 0], runs, number, box, 0)
    return runs


def walk(stream, resources, ctm, runs, number, box, depth) -> None:
    stack: list = []
    colour: tuple[float, ...] = (0.0, 0.0, 0.0, 1.0)
    matrix, size = [1.0, 0, 0, 1, 0, 0], 0.0
    for operands, operator in pikepdf.parse_content_stream(stream):
        op = str(operator)
        if op == "q":
            stack.append((ctm, colour, size))
        elif op == "Q" and stack:
            ctm, colour, size = stack.pop()
        elif op == "cm":
            ctm = multiply([float(v) for v in operands], ctm)
        elif op == "k":
            colour = tuple(float(v) for v in operands)
        elif op == "g":
            colour = (0.0, 0.0, 0.0, 1 - float(operands[0]))
        elif op in ("sc", "scn"):
            values = tuple(float(v) for v in operands if not isinstance(v, pikepdf.Name))
            colour = values if len(values) == 4 else (0.0, 0.0, 0.0, 1 - values[0]) if values \
                else colour
        elif op == "BT":
            matrix = [1.0, 0, 0, 1, 0, 0]
        elif op == "Tf":
            size = float(operands[1])
        elif op == "Tm":
            matrix = [float(v) for v in operands]
        elif op in ("Tj", "TJ", "'", '"'):
            placed = multiply(matrix, ctm)
            down = (box[3] - placed[5]) / (box[3] - box[1])
            runs.append((number, size * math.hypot(placed[2], placed[3]), colour, down))
        elif op == "Do" and depth < 8:
            form = resources.get("/XObject", {}).get(str(operands[0]))
            if form is not None and form.get("/Subtype") == pikepdf.Name.Form:
                inner = [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                walk(form, form.get("/Resources", resources), multiply(inner, ctm), runs, number,
                     box, depth + 1)


def inks(colour: tuple[float, ...]) -> int:
    return sum(value > 0.02 for value in colour)


def press_files(result) -> list[Path]:
    return [result.out_dir / o.path for o in result.outputs if o.use == "press" and o.is_pdf]


def test_a_light_accent_builds_and_the_warning_names_the_role(brand):
    accent, result = brand
    # Orange: two posters, the leaflet and the large print in two languages, the cut labels.
    assert len(press_files(result)) == (7 if accent == ORANGE else 3)
    said = [w for w in result.warnings if w.field == "style.accent"]
    assert said, [str(w) for w in result.warnings]
    assert "type in the accent colour reads at" in said[0].message
    assert "is kept for rules, dots, badges and large type on the primary colour" in said[0].message
    assert "its type on the paper is set in the primary colour" in said[0].message
    # The badge: black text on the accent, which reads where white does not.
    assert any("text on its badges is set in black" in w.message for w in said)
    assert {"poster/affiche-A3-297x420mm.pdf",
            "leaflet/depliant-A4-DL-297x210mm.pdf"} <= {o.path for o in result.outputs}


def test_the_builds_own_preflight_and_check_are_silent_on_press_files(brand):
    _accent, result = brand
    files = {o.path for o in result.outputs}
    about_files = [str(w) for w in result.warnings if w.file in files]
    assert about_files == []
    report = CliRunner().invoke(main, ["check", "--json", str(result.out_dir)])
    assert report.exit_code == 0, report.output
    for entry in json.loads(report.stdout)["files"]:
        if entry["profile"] == "press":
            assert entry["problems"] == [], (entry["path"], entry["problems"])


def test_small_text_is_one_ink_under_a_four_ink_primary(brand):
    _accent, result = brand
    small = []
    for path in press_files(result):
        runs = text_runs(path)
        small += [(path.name, page, round(size, 2), colour) for page, size, colour, _down in runs
                  if size < 11.95]
        assert not [run for run in small if inks(run[3]) > 1], path
    # The leaflet's practical panel is set under 12 pt here: in black, not in the burgundy.
    leaflet = [run for run in small if run[0] == "depliant-A4-DL-297x210mm.pdf" and run[1] == 1]
    assert any(9 < size < 11.95 and colour == (0, 0, 0, 1) for _, _, size, colour in leaflet)


def test_the_accent_is_type_only_on_the_primary_ground(brand):
    """On the poster, the accent sets no type on the paper (the lower part): the hours and the
    call to action go to the primary; it stays in the rules and the flag."""
    accent, result = brand
    runs = text_runs(result.out_dir / "poster/affiche-A3-297x420mm.pdf")
    in_accent = [down for _page, _size, colour, down in runs
                 if tuple(round(v, 3) for v in colour) == accent]
    assert all(down < 0.56 for down in in_accent), in_accent
    with pikepdf.open(result.out_dir / "poster/affiche-A3-297x420mm.pdf") as pdf:
        fills = {tuple(round(float(v), 3) for v in operands)
                 for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])
                 if str(operator) == "k" or (str(operator) == "scn" and len(operands) == 4)}
    assert accent in fills
    burgundy = (0.15, 0.9, 0.6, 0.45)
    assert any(tuple(round(v, 3) for v in colour) == burgundy and down > 0.56
               for _page, _size, colour, down in runs)


def test_the_web_site_is_not_refused_for_its_accent(tmp_path):
    content = branded(tmp_path, ORANGE)
    result = CliRunner().invoke(main, ["build", "--only", "web", "--content", str(content),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "style.accent" in result.output


def test_proof_takes_format_and_shows_the_role_beside_the_pages(tmp_path):
    content = branded(tmp_path, ORANGE)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["proof", "--format", "A3", "--content", str(content),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "poster").iterdir()) == ["affiche-A3-297x420mm.pdf"]
    sheet = (out / "proofs" / "index.html").read_text(encoding="utf-8")
    assert "style.accent" in sheet and "type in the accent colour reads at" in sheet


class Stub:
    """An exhibition with only its `style` and its line: all the palette choice reads."""

    def __init__(self, style: dict) -> None:
        self.style = tuple(style.items())
        self.lines = {"style": 40}


PALETTE = {"primary": (1, 0.8, 0.25, 0.35), "primary_tint": (0.92, 0.7, 0.2, 0.18),
           "accent": (0, 0.95, 0.85, 0.05), "highlight": (0.05, 0.22, 0.7, 0.05),
           "paper": (0, 0.03, 0.1, 0), "text": (0, 0, 0, 1), "muted": (0, 0, 0, 0.7),
           "reversed": (0, 0, 0, 0), "outline": (0, 0, 0, 0.35)}


def choose(**style: tuple[float, ...]):
    report = Report()
    stub = Stub(style)
    palette, notices = choose_roles({**PALETTE, **style}, stub, ICC,  # type: ignore[arg-type]
                                    "exhibition.yaml", report)
    return palette, notices, report


def test_primary_too_close_to_the_paper_is_refused_naming_both_fields():
    _palette, _notices, report = choose(primary=(0.05, 0.05, 0.15, 0))
    assert [str(p) for p in report.errors] == [
        "exhibition.yaml:40: style.primary, style.paper: the primary colour and the paper are "
        "too close (1.1:1, under 3:1): headings, rules and the primary's band would not stand "
        "out from the paper (make `primary` darker or `paper` lighter)"]


def test_a_paper_too_dark_for_black_text_is_refused():
    _palette, _notices, report = choose(paper=(0.6, 0.5, 0.5, 0.5))
    assert report.errors and report.errors[0].field == "style.paper"
    assert "make `paper` lighter" in str(report.errors[0])


def test_text_falls_back_to_black_where_the_primary_does_not_read():
    """A teal that reads as a ground and for white text, not for text on the cream paper."""
    palette, notices, report = choose(primary=(1, 0, 0.5, 0.22))
    assert not report.errors
    assert palette["primary_type"] == PALETTE["text"] and palette["reversed"] == (0, 0, 0, 0)
    assert {n.field for n in notices} == {"style.primary"}
    assert any("its text is set in black" in n.message for n in notices)


def test_a_primary_lighter_than_its_paper_takes_black_text():
    palette, notices, report = choose(primary=(0, 0, 0, 0), paper=(0.1, 0.1, 0.3, 0.47))
    assert not report.errors
    assert palette["reversed"] == PALETTE["text"]
    assert "text on it is set in black" in notices[0].message


def test_the_layouts_own_palette_is_chosen_silently():
    plain, told, report = choose()
    assert not report.errors and told == []
    assert plain["accent_type"] == PALETTE["accent"] and plain["primary_type"] == PALETTE["primary"]
    assert plain["badge"] == PALETTE["accent"] and plain["on_badge"] == PALETTE["reversed"]


def test_every_chosen_text_role_reads_on_its_ground():
    for accent in (ORANGE, YELLOW, (0, 0.75, 1, 0.2), (0.6, 0, 0.2, 0)):
        palette, _notices, report = choose(accent=accent)
        assert not report.errors
        assert contrast(palette["accent_type"], palette["paper"], ICC) >= 3
        assert contrast(palette["primary_type"], palette["paper"], ICC) >= 4.5
        assert contrast(palette["on_badge"], palette["badge"], ICC) >= 4.5
        assert contrast(palette["highlight"], palette["primary"], ICC) >= 3


def test_small_text_role_is_one_ink():
    palette = {**PALETTE, "on_badge": (0, 0, 0, 1)}
    assert text_role(palette, "primary", 10.5) == "text"
    assert text_role(palette, "primary", 12) == "primary"
    assert text_role(palette, "highlight", 10.5, "primary") == "reversed"
    assert text_role(palette, "muted", 8) == "muted"  # one ink already
