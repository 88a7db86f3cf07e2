"""Dates of history: the forms people type, read as EDTF, printed in French and English, ordered
on the leaflet's timeline and printed on an artefact's web page; a value that is none refused
with its place and the forms, in both languages."""

from __future__ import annotations

import itertools

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, copy_content, plain, snapshot, squash
from pdfread import page_text

from expoprint.build import run_build
from expoprint.content import load_content
from expoprint.content.history import NotHistory, calendar_bounds, parse_history
from expoprint.content.history_text import history_text, span_parts, span_text
from expoprint.errors import Report

FR_LEAFLET = "leaflet/depliant-A4-DL-297x210mm.pdf"
EN_LEAFLET = "leaflet/depliant-A4-DL-297x210mm-en.pdf"

# typed → EDTF
READ = [
    ("1944-09-04", "1944-09-04"), ("4 septembre 1944", "1944-09-04"),
    ("1er mars 1884", "1884-03-01"), ("1ᵉʳ mars 1884", "1884-03-01"),
    ("14/03/1884", "1884-03-14"), ("March 14, 1884", "1884-03-14"), ("14 March 1884", "1884-03-14"),
    ("1850", "1850"), ("476", "0476"),
    ("1884-03", "1884-03"), ("mars 1884", "1884-03"), ("Mars 1884", "1884-03"),
    ("March 1884", "1884-03"), ("03/1884", "1884-03"),
    ("vers 1900", "1900~"), ("1900~", "1900~"), ("c. 1900", "1900~"), ("circa 1900", "1900~"),
    ("1900?", "1900?"), ("1900 ?", "1900?"), ("vers 1900 ?", "1900%"), ("1900%", "1900%"),
    ("vers mars 1884", "1884-03~"),
    ("1850–1950", "1850/1950"), ("1850-1950", "1850/1950"), ("1850/1950", "1850/1950"),
    ("1850 – 1950", "1850/1950"), ("de 1850 à 1950", "1850/1950"),
    ("from 1850 to 1950", "1850/1950"), ("vers 1850–1950", "1850~/1950"),
    ("mars 1884 – juin 1890", "1884-03/1890-06"),
    ("XVIIᵉ siècle", "16XX"), ("XVIIe siècle", "16XX"), ("xviie siecle", "16XX"),
    ("17e siècle", "16XX"), ("17th century", "16XX"), ("Iᵉʳ siècle", "00XX"),
    ("52 av. J.-C.", "-0051"), ("52 av. J.-C", "-0051"), ("52 avant J.-C.", "-0051"),
    ("-0051", "-0051"), ("52 BC", "-0051"), ("52 BCE", "-0051"), ("1 av. J.-C.", "0000"),
    ("100–52 av. J.-C.", "-0099/-0051"), ("15 mars 44 av. J.-C.", "-0043-03-15"),
    ("printemps 1884", "1884-21"), ("années 1850", "185X"), ("1850s", "185X"),
]


@pytest.mark.parametrize(("typed", "edtf"), READ)
def test_typed_forms_are_read_as_edtf(typed, edtf):
    assert parse_history(typed).edtf == edtf


# EDTF → (French, English), no-break spaces as spaces
PRINTED = [
    ("1850", "1850", "1850"),
    ("1884-03", "mars 1884", "March 1884"),
    ("1884-03-01", "1ᵉʳ mars 1884", "1 March 1884"),
    ("1850-01-01", "1ᵉʳ janvier 1850", "1 January 1850"),  # a day typed stays a day
    ("1900~", "vers 1900", "c. 1900"),
    ("1900?", "1900 ?", "1900?"),
    ("1900%", "vers 1900 ?", "c. 1900?"),
    ("1884-03~", "vers mars 1884", "c. March 1884"),
    ("1850/1950", "1850–1950", "1850–1950"),
    ("1884-03/1890-06", "mars 1884 – juin 1890", "March 1884 – June 1890"),
    ("16XX", "XVIIᵉ siècle", "17th century"),
    ("00XX", "Iᵉʳ siècle", "1st century"),
    ("20XX", "XXIᵉ siècle", "21st century"),
    ("16XX~", "vers le XVIIᵉ siècle", "c. 17th century"),
    ("-0051", "52 av. J.-C.", "52 BC"),
    ("-0099/-0051", "100–52 av. J.-C.", "100–52 BC"),
    ("-0051/0014", "52 av. J.-C. – 14 apr. J.-C.", "52 BC – 14 AD"),  # across the eras
    ("52 av. J.-C. – 14 apr. J.-C.", "52 av. J.-C. – 14 apr. J.-C.", "52 BC – 14 AD"),
    ("-0043-03-15", "15 mars 44 av. J.-C.", "15 March 44 BC"),
    ("printemps 1884", "printemps 1884", "spring 1884"),  # a season is typed in words
    ("185X", "années 1850", "1850s"),
    ("0476", "476", "476"),
    ("1944-09-05/1944-09-06", "5–6 septembre 1944", "5–6 September 1944"),
    ("1944-09-30/1944-10-01", "30 sept. – 1ᵉʳ oct. 1944", "30 Sept. – 1 Oct. 1944"),
]


@pytest.mark.parametrize(("edtf", "french", "english"), PRINTED)
def test_printed_in_french_and_english(edtf, french, english):
    when = parse_history(edtf)
    assert plain(history_text(when, "fr")) == french
    assert plain(history_text(when, "en")) == english


def test_the_marks_are_set_as_each_language_sets_them():
    assert history_text(parse_history("1900?"), "fr") == "1900\u202f?"  # a narrow space before ?
    assert "\u1d49" in history_text(parse_history("XVIIe siècle"), "fr")  # SUP["e"], not "e"
    assert history_text(parse_history("vers 1900"), "fr") == "vers\u00a01900"  # never split
    assert history_text(parse_history("1850–1950"), "fr") == "1850\u20131950"  # en dash, tight


def test_an_event_with_an_end_prints_as_a_span():
    start, end = parse_history("1944-09-05"), parse_history("1944-09-06")
    assert plain(span_text(span_parts(start, end, "fr"))) == "5–6 septembre 1944"
    start, end = parse_history("1850"), parse_history("vers 1900")
    assert plain(span_text(span_parts(start, end, "fr"))) == "1850 – vers 1900"
    assert plain(span_text(span_parts(start, end, "en"))) == "1850 – c. 1900"


@pytest.mark.parametrize(("typed", "kind"), [
    ("le 5 septembre", "form"), ("hier", "form"), ("12", "form"), ("10:30", "form"),
    ("XXIIIe siècle", "form"), ("IIXe siècle", "form"), ("vers 1900~", "form"),
    ("1884-03-14 10:30", "form"),
    ("1944-09-31", "calendar"), ("31/09/1944", "calendar"), ("1884-13", "calendar"),
    ("30 février 1900", "calendar"),
    ("1950–1850", "order"), ("1950/1850", "order"),
])
def test_what_is_no_date_of_history(typed, kind):
    with pytest.raises(NotHistory) as refused:
        parse_history(typed)
    assert refused.value.kind == kind


@pytest.mark.parametrize("edtf", ["1850", "0476", "1884-03", "1900-02", "2000-02", "1884-03-14",
                                  "1850/1950", "1884-03-01/1890", "1899-12-31/1900-01"])
def test_the_calendar_bounds_level_0_as_the_edtf_package_does(edtf):
    """Days, months and years are bounded without the package's grammar (4 ms a value): the
    same first and last days."""
    from edtf import parse_edtf

    parsed = parse_edtf(edtf)
    assert calendar_bounds(edtf) == (tuple(parsed.lower_strict()[:3]),
                                     tuple(parsed.upper_strict()[:3]))
    assert calendar_bounds("1900~") is None and calendar_bounds("-0051") is None


def test_a_thousand_dated_labels_are_read_in_a_blink():
    """A spreadsheet's dates are days: read by the calendar, not by a parser of 4 ms each."""
    import time

    started = time.perf_counter()
    for index in range(1000):
        parse_history(f"{1 + index % 28}/03/{1000 + index}")
    assert time.perf_counter() - started < 1.0


def test_every_date_read_prints_in_both_languages():
    """Whatever combination of words and marks is accepted can be printed: never a traceback
    where a message is due."""
    cores = ["1850", "1884-03", "1884-03-14", "-0051", "16xx", "-01xx", "185x", "1884-21", "0000",
             "-0001-03", "1900~", "16XX?", "185X%", "mars 1884", "xviie siecle", "annees 1850",
             "52 av. j.-c.", "printemps 1884", "1er mars 1884", "1 av. J.-C."]
    read = 0
    for before, core, after in itertools.product(["", "vers ", "c. "], cores, ["", " ?", "?"]):
        typed = f"{before}{core}{after}"
        for text in (typed, f"{typed}–1950", f"de {typed} à 1960", f"{typed}/{core}"):
            try:
                when = parse_history(text)
            except NotHistory:
                continue
            read += 1
            assert history_text(when, "fr") and history_text(when, "en"), text
    assert read > 300


def test_dates_order_by_their_first_day():
    typed = ["vers 1900", "mars 1884", "1850–1950", "XVIIᵉ siècle", "52 av. J.-C.", "1884",
             "4 septembre 1944"]
    ordered = sorted(typed, key=lambda t: parse_history(t).earliest)
    assert ordered == ["52 av. J.-C.", "XVIIᵉ siècle", "1850–1950", "1884", "mars 1884",
                       "vers 1900", "4 septembre 1944"]


# --- in the content ------------------------------------------------------------------------------

HISTORY = """schema: 1
heading: Quatre siècles d'horlogerie
heading_en: Four centuries of watchmaking
events:
  - {date: 52 av. J.-C., text: César à Vesontio., text_en: Caesar at Vesontio.}
  - {date: XVIIᵉ siècle, text: Les premières horloges comtoises., text_en: The first clocks.}
  - {date: 1850–1950, text: Le siècle des montres., text_en: The century of watches.}
  - {date: mars 1884, text: L'école d'horlogerie ouvre., text_en: The school opens.}
  - {date: vers 1900, text: Dix mille horlogers., text_en: Ten thousand watchmakers.}
"""


def history_content(tmp_path, timeline: str = HISTORY):
    """The minimal exhibition, in both languages, with this timeline."""
    content = copy_content(tmp_path, FIXTURES / "minimal")
    exhibition = content / "exhibition.yaml"
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace(
        "title: Exposition d'essai\n", "title: Exposition d'essai\ntitle_en: Trial exhibition\n"),
        encoding="utf-8")
    (content / "timeline.yaml").write_text(timeline, encoding="utf-8")
    return content


def test_timeline_events_keep_their_edtf(tmp_path):
    report = Report()
    content = load_content(history_content(tmp_path), report)
    assert report.errors == []
    assert [e.date.edtf for e in content.timeline.events] == ["-0051", "16XX", "1850/1950",
                                                              "1884-03", "1900~"]


def test_leaflet_timeline_prints_dates_of_history_in_order(tmp_path):
    result = run_build(history_content(tmp_path), tmp_path / "out", only=("leaflet",))
    for name, dates in ((FR_LEAFLET, ["52 av. J.-C.", "XVIIᵉ siècle", "1850–1950", "mars 1884",
                                      "vers 1900"]),
                        (EN_LEAFLET, ["52 BC", "17th century", "1850–1950", "March 1884",
                                      "c. 1900"])):
        text = squash(plain(page_text(result.out_dir / name, 1)))
        positions = [text.find(squash(date)) for date in dates]
        assert all(p >= 0 for p in positions), dict(zip(dates, positions, strict=True))
        assert positions == sorted(positions), name


def test_artefact_dated_vers_1900_on_its_web_page(tmp_path):
    content = history_content(tmp_path)  # in both languages: the page has its English half
    artefacts = content / "artefacts.yaml"
    artefacts.write_text(artefacts.read_text(encoding="utf-8").replace(
        "title: Premier objet,", "title: Premier objet, date: vers 1900,"), encoding="utf-8")
    result = run_build(content, tmp_path / "out", only=("web",))
    page = plain((result.out_dir / "web" / "objet-1" / "index.html").read_text(encoding="utf-8"))
    assert "vers 1900" in page and "c. 1900" in page
    index = plain((result.out_dir / "web" / "index.html").read_text(encoding="utf-8"))
    assert "vers 1900" in index


def test_artefact_date_that_is_no_date_is_kept_as_typed(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    artefacts = content / "artefacts.yaml"
    artefacts.write_text(artefacts.read_text(encoding="utf-8").replace(
        "title: Premier objet,", "title: Premier objet, date: fin du règne de Louis XV,"
    ).replace("title: Second objet,", "title: Second objet, date: XVIIe siècle,"),
        encoding="utf-8")
    report = Report()
    first, second = load_content(content, report).artefacts
    assert report.errors == []
    assert (first.date.main, first.date.translation("en")) == ("fin du règne de Louis XV", None)
    assert (plain(second.date.main), plain(second.date.translation("en"))) == ("XVIIᵉ siècle", "17th century")
    assert second.date.when.edtf == "16XX"


# --- refused -------------------------------------------------------------------------------------

def build(content, out, language: str = "en"):
    from expoprint.cli import main

    env = {"LANGUAGE": language, "LC_ALL": "", "LC_MESSAGES": ""}
    return CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out)],
                              env=env, catch_exceptions=False)


REFUSED = [
    ("  - {date: vers 1900, text: Dix", "  - {date: vers l'an 1900, text: Dix",
     "timeline.yaml:9: events[5].date: 'vers l'an 1900' is not a date of history (write a day "
     "(1944-09-04, 4 September 1944), a year (1850), a month",
     "timeline.yaml:9: events[5].date: 'vers l'an 1900' n’est pas une date historique "
     "(écrivez un jour (1944-09-04, 4 septembre 1944), une année (1850), un mois"),
    ("  - {date: 1850–1950,", "  - {date: 1950–1850,",
     "timeline.yaml:7: events[3].date: '1950–1850' ends before it starts",
     "timeline.yaml:7: events[3].date: '1950–1850' finit avant de commencer"),
    ("  - {date: mars 1884,", "  - {date: 31/02/1884,",
     "timeline.yaml:8: events[4].date: '31/02/1884' is not a real calendar date",
     "timeline.yaml:8: events[4].date: '31/02/1884' n’existe pas dans le calendrier"),
    ("  - {date: mars 1884,", "  - {date: 1600,",
     "timeline.yaml:8: events[4].date: 1600 comes before the previous event (1850–1950)",
     "timeline.yaml:8: events[4].date: 1600 vient avant l’événement précédent (1850–1950)"),
    ("  - {date: XVIIᵉ siècle,", "  - {date: XVIIᵉ siècle, end: 1600,",
     "timeline.yaml:6: events[2].end: 1600 is not after the start XVIIᵉ siècle",
     "timeline.yaml:6: events[2].end: 1600 n’est pas après le début, XVIIᵉ siècle"),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("old", "new", "english", "french"), REFUSED,
                         ids=[case[1].split("date: ")[-1].split(",")[0] for case in REFUSED])
def test_a_value_that_is_no_date_of_history_is_refused(tmp_path, previous_output, language, old,
                                                       new, english, french):
    timeline = HISTORY.replace(old, new)
    assert timeline != HISTORY
    content = history_content(tmp_path, timeline)
    before = snapshot(previous_output)
    result = build(content, previous_output, language)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    output = plain(result.output.replace(f"{content}/", ""))
    assert plain(english if language == "en" else french) in output
    assert snapshot(previous_output) == before


@pytest.mark.parametrize("typed", ["1914-21", "1870-22", "1936-38", "1939-41"])
def test_a_run_of_years_cut_short_is_refused_not_printed_as_a_season(tmp_path, typed):
    """EDTF reads `1914-21` as spring 1914 and `1936-38` as a semester: typed as digits they are
    a run of years cut short, refused with the run written in full (never « printemps 1914 »,
    never a traceback)."""
    from expoprint.cli import main

    content = copy_content(tmp_path, FIXTURES / "minimal")
    timeline = content / "timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace("1944-09-04", typed, 1),
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out",
                                       str(tmp_path / "out"), "--only", "leaflet"])
    assert result.exit_code == 1, result.output
    assert f"'{typed}' is not a month of {typed[:4]}" in result.output
    assert {"1914-21": "1914–1921", "1870-22": "1870–1922", "1936-38": "1936–1938",
            "1939-41": "1939–1941"}[typed] in result.output
    assert "Traceback" not in result.output
    assert parse_history("printemps 1914").edtf == "1914-21"  # in words, a season it is
