"""A museum exhibition, not a weekend: a run of dates, closings, hour rules, a price list, an
address, access, a contact and the exhibition's own colours, read back from the PDFs."""

from __future__ import annotations

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, copy_content, edit, squash
from pdfread import page_text

from expoprint.build import run_build
from expoprint.cli import main

POSTERS = ["A3", "A2", "A1", "40x60cm-400x600mm", "120x176cm-1200x1760mm"]
LEAFLET = "leaflet/depliant-A4-DL-297x210mm.pdf"
LEAFLET_EN = "leaflet/depliant-A4-DL-297x210mm-en.pdf"


@pytest.fixture(scope="module")
def spring(tmp_path_factory):
    out = tmp_path_factory.mktemp("spring")
    result = run_build(FIXTURES / "printemps", out, only=("poster", "leaflet"))
    return out, result


def text_of(path, pages=(0,)) -> str:
    return squash(" ".join(page_text(path, index) for index in pages))


def test_every_format_builds_without_overflow(spring):
    _, result = spring
    files = {output.path for output in result.outputs}
    assert len([f for f in files if f.startswith("poster/")]) == 5
    assert {LEAFLET, LEAFLET_EN} <= files


FACTS_FR = ["Du 1ᵉʳ mars au 29 juin 2025", "Fermé le mardi et le 1ᵉʳ mai",
            "De 10 h à 18 h, le jeudi jusqu’à 21 h, le samedi et le dimanche de 11 h à 19 h",
            "12 rue des Tilleuls, 69007 Lyon", "Plein tarif", "8 €", "19,50 €", "2,50 €",
            "Moins de 18 ans", "Accessible aux personnes à mobilité réduite"]


@pytest.mark.parametrize("variant", POSTERS)
def test_poster_prints_the_facts(spring, variant):
    out, _ = spring
    name = next(p for p in (out / "poster").iterdir() if f"-{variant}" in p.name)
    text = text_of(name)
    for fact in FACTS_FR:
        assert squash(fact) in text, fact
    assert squash("gratuit") in text
    assert "69 007" not in page_text(name, 0)  # a postcode is never grouped


def test_leaflet_prints_the_facts_and_the_contact(spring):
    out, _ = spring
    text = text_of(out / LEAFLET, (0, 1))
    for fact in [*FACTS_FR, "gratuit", "04 72 00 00 00", "jardins@musee.test"]:
        assert squash(fact) in text, fact


def test_english_leaflet_prints_the_facts_in_english(spring):
    out, _ = spring
    text = text_of(out / LEAFLET_EN, (0, 1))
    for fact in ["From 1 March to 29 June 2025", "Closed on Tuesdays and on 1 May",
                 "10 am–6 pm, Thursday until 9 pm, Saturday and Sunday 11 am–7 pm",
                 "Full price", "€8", "€19.50", "Under 18", "free",
                 "Accessible to people with reduced mobility", "12 rue des Tilleuls, 69007 Lyon"]:
        assert squash(fact) in text, fact


@pytest.mark.parametrize(("run", "fr", "en"), [
    ("{from: 2025-05-03, to: 2025-05-28}", "Du 3 au 28 mai 2025", "From 3 to 28 May 2025"),
    ("{from: 2024-12-15, to: 2025-01-05}", "Du 15 décembre 2024 au 5 janvier 2025",
     "From 15 December 2024 to 5 January 2025"),
])
def test_runs_within_a_month_and_across_years(tmp_path, run, fr, en):
    content = copy_content(tmp_path, FIXTURES / "printemps")
    edit(content / "exhibition.yaml", "{from: 2025-03-01, to: 2025-06-29}", run)
    edit(content / "exhibition.yaml", "closed: [mardi, 2025-05-01]", "closed: [mardi]")
    run_build(content, tmp_path / "out", only=("leaflet",))
    assert squash(fr) in text_of(tmp_path / "out" / LEAFLET, (0,))
    assert squash(en) in text_of(tmp_path / "out" / LEAFLET_EN, (0,))


def fill_colours(path) -> set[tuple[float, ...]]:
    """Every CMYK colour the pages' content streams set, forms included."""
    found = set()
    with pikepdf.open(path) as pdf:
        streams = [page for page in pdf.pages]
        streams += [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                    and o.get("/Subtype") == pikepdf.Name.Form]
        for stream in streams:
            for operands, operator in pikepdf.parse_content_stream(stream):
                if str(operator) in ("k", "K") or (str(operator) in ("sc", "scn", "SC", "SCN")
                                                   and len(operands) == 4):
                    found.add(tuple(round(float(v), 3) for v in operands))
    return found


def test_style_colours_replace_the_palette_and_nothing_else(tmp_path):
    styled = copy_content(tmp_path, FIXTURES / "printemps")
    plain_copy = tmp_path / "plain"
    plain_copy.mkdir()
    for file in styled.iterdir():
        (plain_copy / file.name).write_bytes(file.read_bytes())
    text = (plain_copy / "exhibition.yaml").read_text(encoding="utf-8")
    (plain_copy / "exhibition.yaml").write_text(text.split("style:")[0] + "about:" +
                                                text.split("about:")[1], encoding="utf-8")
    run_build(styled, tmp_path / "styled-out", only=("poster",))
    run_build(plain_copy, tmp_path / "plain-out", only=("poster",))
    poster = "poster/affiche-A3-297x420mm.pdf"
    with_style = fill_colours(tmp_path / "styled-out" / poster)
    without = fill_colours(tmp_path / "plain-out" / poster)
    style = {(0.85, 0.2, 0.95, 0.45), (0.0, 0.75, 1.0, 0.2), (0.03, 0.0, 0.08, 0.0)}
    assert style <= with_style
    navy, red, cream = (1.0, 0.8, 0.25, 0.35), (0.0, 0.95, 0.85, 0.05), (0.0, 0.03, 0.1, 0.0)
    assert {navy, red, cream} <= without and not {navy, red, cream} & with_style
    tint = (0.765, 0.17, 0.76, 0.225)  # the primary's lighter shade, for the flag's first stripe
    assert with_style - style - {tint} == without - {navy, red, cream, (0.92, 0.7, 0.2, 0.18)}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


BAD = [
    ("{from: 2025-03-01, to: 2025-06-29}", "{from: 2025-06-29, to: 2025-03-01}",
     "exhibition.yaml:10: dates.to: 2025-03-01 comes before the start 2025-06-29"),
    ("closed: [mardi, 2025-05-01]", "closed: [mardi, 2025-08-15]",
     "exhibition.yaml:11: closed[2]: 2025-08-15 is outside the exhibition"),
    ("closed: [mardi, 2025-05-01]", "closed: [mradi, 2025-05-01]",
     "exhibition.yaml:11: closed[1]: 'mradi' is not a day of the week (did you mean `mardi`?)"),
    ('{days: [jeudi], close: "21:00"}', '{days: [jeudi], close: "09:00"}',
     "exhibition.yaml:14: hours[2].close: closing time 09:00 is not after opening time 10:00 "
     "on Thursday"),
    ("label_en: Reduced price, price: 5}", "label_en: Reduced price, price: -5}",
     "exhibition.yaml:19: admission[2].price: -5 is a negative price"),
    ("  accent: [0, 0.75, 1, 0.2]", "  accent: [0, 1.5, 1, 0.2]",
     "style.accent: should be [C, M, Y, K] with values from 0 to 1"),
    ("  primary: [0.85, 0.2, 0.95, 0.45]", "  primary: [0.05, 0.05, 0.15, 0]",
     "style.primary, style.paper: the primary colour and the paper are too close (1.1:1, "
     "under 3:1)"),
    ("  primary: [0.85, 0.2, 0.95, 0.45]", "  primary: [1, 1, 1, 0.5]",
     "style.primary: total ink 350 % is over 300 %"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD, ids=[case[2][:40] for case in BAD])
def test_bad_facts_are_refused_with_their_field(tmp_path, old, new, message):
    content = copy_content(tmp_path, FIXTURES / "printemps")
    edit(content / "exhibition.yaml", old, new)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("a file of the user's")
    result = run("build", "--content", str(content), "--out", str(out))
    assert result.exit_code == 1
    assert message in result.output.replace(str(content) + "/", ""), result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
