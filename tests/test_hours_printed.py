"""Opening hours read back from what a visitor holds: the poster, both leaflets, the web page.

The watch museum's hours (a lunch break, continuous summer hours, Mondays closed, 1 May closed,
Easter Monday opened) are printed whole in every product; a property test draws rules and checks
that every period, day and season that validates can be read back in words, and that rules that
contradict each other are refused.
"""

from __future__ import annotations

import html
import re
import shutil
from datetime import time

import pytest
import yaml
from conftest import FIXTURES, plain, squash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfread import page_text

from expoprint.build import run_build
from expoprint.content.exhibition import read_dates
from expoprint.content.hours import read_hours
from expoprint.errors import Report
from expoprint.facts import format_closed
from expoprint.mapping import Mapping
from expoprint.opening import format_hours, format_periods
from expoprint.wording import WEEKDAY_NAMES, month_of

HOURS_FR = ("Du mardi au dimanche de 10 h à 12 h et de 14 h à 18 h ; en juillet et août, de 10 h à "
            "18 h sans interruption ; ouvert le 21 avril (lundi de Pâques) de 14 h à 18 h")
HOURS_EN = ("Tuesday to Sunday 10 am–12 pm and 2 pm–6 pm; in July and August, 10 am–6 pm without "
            "a break; open on 21 April (Easter Monday), 2 pm–6 pm")


@pytest.fixture(scope="module")
def watch_museum(tmp_path_factory):
    out = tmp_path_factory.mktemp("horlogerie")
    run_build(FIXTURES / "horlogerie", out, only=("poster", "leaflet", "web"), formats=("A3",))
    return out


def pdf_text(path, pages) -> str:
    return squash(" ".join(page_text(path, index) for index in pages))


def test_the_poster_prints_every_period_and_season(watch_museum):
    poster = next((watch_museum / "poster").glob("*A3*.pdf"))
    text = pdf_text(poster, (0,))
    assert squash(HOURS_FR) in text
    assert squash("Fermé le lundi et le 1ᵉʳ mai") in text


def test_both_leaflets_print_every_period_and_season(watch_museum):
    leaflets = sorted((watch_museum / "leaflet").glob("depliant-*.pdf"))
    french = next(p for p in leaflets if not p.stem.endswith("-en"))
    english = next(p for p in leaflets if p.stem.endswith("-en"))
    assert squash(HOURS_FR) in pdf_text(french, (0, 1))
    assert squash(HOURS_EN) in pdf_text(english, (0, 1))
    assert squash("Closed on Mondays and on 1 May") in pdf_text(english, (0, 1))


def test_the_web_page_prints_every_period_and_season(watch_museum):
    page = plain(html.unescape(re.sub(r"<[^>]+>", " ", (watch_museum / "web" / "index.html")
                                      .read_text(encoding="utf-8"))))
    assert plain(HOURS_FR) in page and plain(HOURS_EN) in page


def test_a_price_typed_with_its_cents_and_euro_sign_prints_as_a_price(watch_museum):
    poster = next((watch_museum / "poster").glob("*A3*.pdf"))
    text = pdf_text(poster, (0,))
    assert squash("Plein tarif 6 €") in text and squash("Moins de 18 ans gratuit") in text


# --- property: whatever validates is printed; whatever contradicts is refused -------------------

DAYS_FR = WEEKDAY_NAMES["fr"]
RUN = "dates: {from: 2025-01-01, to: 2025-12-31}\n"


@st.composite
def periods(draw) -> list[tuple[int, int]]:
    """One to three periods of a day, in whole half-hours, in order, apart."""
    count = draw(st.integers(1, 3))
    marks = sorted(draw(st.sets(st.integers(14, 44), min_size=2 * count, max_size=2 * count)))
    return [(marks[2 * i], marks[2 * i + 1]) for i in range(count)]


def period_text(pair: tuple[int, int]) -> str:
    return "-".join(f"{mark // 2:02d}:{30 * (mark % 2):02d}" for mark in pair)


@st.composite
def rules(draw) -> str:
    """A usual rule, perhaps narrower day rules, perhaps seasons and an exceptional day."""
    lines = []
    usual_days = draw(st.sampled_from([None, (1, 6), (2, 6), (0, 4)]))
    days = "" if usual_days is None else f"days: [{DAYS_FR[usual_days[0]]}..{DAYS_FR[usual_days[1]]}], "
    lines.append(f"{{{days}periods: [{', '.join(repr(period_text(p)) for p in draw(periods()))}]}}")
    named = set(range(7)) if usual_days is None else set(range(usual_days[0], usual_days[1] + 1))
    for day in draw(st.sets(st.sampled_from(sorted(named)), max_size=2)):
        lines.append(f"{{days: [{DAYS_FR[day]}], periods: "
                     f"[{', '.join(repr(period_text(p)) for p in draw(periods()))}]}}")
    for months in draw(st.sampled_from([[], [[7, 8]], [[7, 8], [12]], [[4, 5, 6]]])):
        names = ", ".join(month_of(m, "fr") for m in months)
        lines.append(f"{{months: [{names}], periods: "
                     f"[{', '.join(repr(period_text(p)) for p in draw(periods()))}]}}")
    if draw(st.booleans()):
        lines.append(f"{{dates: [2025-11-11], periods: "
                     f"[{', '.join(repr(period_text(p)) for p in draw(periods()))}]}}")
    return RUN + "hours:\n" + "".join(f"  - {line}\n" for line in lines)


def read(text: str):
    report = Report()
    m = Mapping.of(yaml.compose(text), "exhibition.yaml", "", report)
    dates = read_dates(m)
    return dates, read_hours(m, dates), report


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow],
          deadline=None)
@given(rules())
def test_every_rule_that_validates_can_be_read_back_in_words(text):
    dates, hours, report = read(text)
    assert hours is not None and not report.errors, (text, [str(p) for p in report.problems])
    for lang in ("fr", "en"):
        sentence = format_hours(hours, dates, lang) + " " + format_closed(dates, lang, hours)
        written = [format_periods(p, lang) for _day, p in hours.week]
        for seasonal in hours.seasons:
            written += [format_periods(p, lang) for _day, p in seasonal.week]
            months = [month_of(m, lang) for m in seasonal.season.months]
            # every month by name, or a run from its first to its last (« d'avril à juin »)
            assert all(name in sentence for name in months) or (
                len(months) >= 3 and months[0] in sentence and months[-1] in sentence), sentence
        written += [format_periods(o.periods, lang) for o in hours.openings]
        written += ["11" + "\u00a0" + month_of(11, lang) for _o in hours.openings]
        for words in written:
            # a period printed alone, or as the end of a shortened « jusqu'à 21 h »
            found = {words, words.replace("–", " to "), words.rsplit(" ", 3)[-1],
                     words.rsplit("–", 1)[-1]}
            assert any(form in sentence for form in found), (lang, words, sentence)
        if len(hours.week) < 7:
            assert {day for day, _p in hours.week} <= named_days(sentence, lang), (lang, sentence)


def named_days(sentence: str, lang: str) -> set[int]:
    """The weekdays a sentence names, one by one or as a run (« du mardi au dimanche »)."""
    names = WEEKDAY_NAMES[lang]
    pattern = "|".join(names)
    run = rf"du ({pattern}) au ({pattern})" if lang == "fr" else rf"({pattern}) to ({pattern})"
    found = set()
    for first, last in re.findall(run, sentence, re.IGNORECASE):
        found |= set(range(names.index(first.lower() if lang == "fr" else first),
                           names.index(last) + 1))
    found |= {names.index(name) for name in re.findall(rf"\b({pattern})\b", sentence)}
    return found


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "mardi..vendredi", "jeudi..dimanche", "mardi..dimanche"]),
                          st.sampled_from([None, "juillet, août", "août, septembre"])),
                min_size=2, max_size=4))
def test_rules_claiming_the_same_days_of_the_same_season_are_refused(claims):
    def clash(a, b) -> bool:
        def days(value):
            return set(range(7)) if value is None else {"mardi..vendredi": {1, 2, 3, 4},
                                                        "jeudi..dimanche": {3, 4, 5, 6},
                                                        "mardi..dimanche": {1, 2, 3, 4, 5, 6}}[value]

        def months(value):
            return None if value is None else {"juillet, août": {7, 8}, "août, septembre": {8, 9}}[value]

        if (a[1] is None) != (b[1] is None) or not days(a[0]) & days(b[0]):
            return False
        if a[1] is not None and months(a[1]) != months(b[1]):
            return bool(months(a[1]) & months(b[1]))
        return not (days(a[0]) < days(b[0]) or days(b[0]) < days(a[0]))

    lines = []
    for day_range, season in claims:
        parts = ([f"days: [{day_range}]"] if day_range else []) + \
            ([f"months: [{season}]"] if season else []) + ['periods: ["10:00-18:00"]']
        lines.append("{" + ", ".join(parts) + "}")
    text = RUN + "hours:\n" + "".join(f"  - {line}\n" for line in lines)
    _dates, hours, report = read(text)
    expected = any(clash(a, b) for i, a in enumerate(claims) for b in claims[:i])
    refused = any("claims the same days" in p.message for p in report.errors)
    assert refused == expected, (text, [str(p) for p in report.problems])
    if not refused and not report.errors:
        assert hours is not None


def test_a_period_reads_back_as_typed():
    assert format_periods(((time(10), time(12)), (time(14), time(18))), "fr") == \
        "de 10\u00a0h à 12\u00a0h et de 14\u00a0h à 18\u00a0h"


# --- the lunch break typed the natural way: refused in words, in both languages -----------------

LUNCH_AS_TWO_RULES = ('  - {open: "10:00", close: "12:00"}\n'
                      '  - {open: "14:00", close: "18:00"}\n')


@pytest.mark.parametrize(("lang", "expected"), [
    ("C.UTF-8", ["exhibition.yaml:10: hours[2]: claims the same days as hours[1] (line 9)",
                 'periods: ["10:00-12:00", "14:00-18:00"]']),
    ("fr_FR.UTF-8", ["exhibition.yaml:10: hours[2]: vise les mêmes jours que hours[1] (ligne 9)",
                     'pour une pause de midi, donnez les deux plages dans une seule règle']),
])
def test_two_rules_for_the_same_days_are_refused_and_nothing_written(tmp_path, monkeypatch, out,
                                                                      lang, expected):
    from click.testing import CliRunner
    from conftest import refused

    from expoprint.cli import main

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "horlogerie", content)
    text = (content / "exhibition.yaml").read_text(encoding="utf-8")
    start = text.index("hours:\n") + len("hours:\n")
    end = text.index("admission:")
    (content / "exhibition.yaml").write_text(text[:start] + LUNCH_AS_TWO_RULES + text[end:],
                                             encoding="utf-8")
    monkeypatch.setenv("LANG", lang)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out)])
    refused(result, out, *expected)


# --- property, read back from the files: a few drawn rules built into every product that says them

@settings(max_examples=4, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rules())
def test_drawn_rules_are_read_back_from_the_poster_the_leaflets_and_the_web_page(tmp_path_factory,
                                                                              text):
    content = tmp_path_factory.mktemp("drawn") / "content"
    shutil.copytree(FIXTURES / "horlogerie", content)
    exhibition = (content / "exhibition.yaml").read_text(encoding="utf-8")
    start, end = exhibition.index("dates:"), exhibition.index("admission:")
    (content / "exhibition.yaml").write_text(exhibition[:start] + text + exhibition[end:],
                                             encoding="utf-8")
    out = content.parent / "out"
    run_build(content, out, only=("poster", "leaflet", "web"), formats=("A3",))
    dates, hours, _report = read(text)
    poster = pdf_text(next((out / "poster").glob("*A3*.pdf")), (0,))
    leaflets = sorted((out / "leaflet").glob("depliant-A4-*.pdf"))
    french = pdf_text(next(p for p in leaflets if not p.stem.endswith("-en")), (0, 1))
    english = pdf_text(next(p for p in leaflets if p.stem.endswith("-en")), (0, 1))
    page = squash(html.unescape(re.sub(r"<[^>]+>", " ", (out / "web" / "index.html")
                                       .read_text(encoding="utf-8"))))
    said_fr = squash(format_hours(hours, dates, "fr"))
    said_en = squash(format_hours(hours, dates, "en"))
    assert said_fr in poster and said_fr in french and said_fr in page
    assert said_en in english and said_en in page


def test_an_image_too_small_for_the_hours_says_where_they_are_never_part_of_them(tmp_path):
    """The announcements cannot set three clauses of hours legibly: they say where the hours
    are (the note says which images), the slide prints them in full, and the alternative text
    posted beside the images gives them in full."""
    result = run_build(FIXTURES / "horlogerie", tmp_path / "out", only=("social",))
    told = " ".join(result.notes + result.told)
    assert "social/annonce-1080x1080.png: too long to set legibly there; it says « Horaires" in told
    assert "social/ecran-1920x1080.png" not in told
    alt = plain((tmp_path / "out" / "social" / "alt.txt").read_text(encoding="utf-8"))
    assert plain(HOURS_FR) in alt and plain(HOURS_EN) in alt
