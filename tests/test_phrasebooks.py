"""Phrasebooks, one file per language: each shipped one has every phrase the French one has, a
faulty one is refused with its file and key named, and German, Italian, Spanish and Dutch facts
read as their readers write them."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
import yaml
from conftest import FIXTURES, ROOT, build_fails, copy_content

from expoprint import phrasebook as phrasebooks
from expoprint.bundled import LAYOUTS, LayoutFolders
from expoprint.content.history import HistoryDate
from expoprint.content.history_text import history_text
from expoprint.content.model import Dates, Hours, Opening, Season, SeasonalHours
from expoprint.errors import ExpoprintError, Report
from expoprint.facts import format_amount, format_closed, format_dates, format_days
from expoprint.opening import format_hours, format_pair
from expoprint.phrasebook import SHIPPED, lacks, language_name, phrasebook, use_layouts
from expoprint.typography import HYPHENATION, NBSP, NNBSP, format_number, typeset
from expoprint.wording import WEEKDAY_NAMES, format_hour

PHRASES = LAYOUTS / "phrases"


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace(NNBSP, " ")


def read(lang: str) -> dict:
    return yaml.safe_load((PHRASES / f"{lang}.yaml").read_text(encoding="utf-8"))


def keys(table: dict, where: str = "") -> set[str]:
    """Every phrase's dotted key (the tables of a language's own keys left whole)."""
    found = set()
    for key, value in table.items():
        name = f"{where}.{key}" if where else str(key)
        found.add(name)
        if isinstance(value, dict) and name not in phrasebooks.OWN_KEYS:
            found |= keys(value, name)
    return found


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_shipped_phrasebook_covers_every_phrase(lang):
    """Each shipped phrasebook has each key of the French one, in the same shape, and loads."""
    assert list(lacks(read("fr"), read(lang))) == []
    assert keys(read("fr")) <= keys(read(lang))
    book = phrasebook(lang)
    assert book["language"] == lang
    assert set(book["names"]) >= set(SHIPPED)  # its name in every shipped language
    assert len(book["weekdays"]) == len(book["weekday_every"]) == 7
    assert set(book["words"]) == {"leaflet", "booklet", "easyread", "labels", "social", "web"}


def test_the_shipped_phrasebooks_are_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"layouts/*/*"' in pyproject  # layouts/phrases/*.yaml ships in the wheel
    assert sorted(path.stem for path in PHRASES.glob("*.yaml")) == sorted(SHIPPED)


def test_a_phrasebook_lacking_a_phrase_is_refused_naming_the_file_and_the_key(tmp_path):
    own = tmp_path / "layouts"
    (own / "phrases").mkdir(parents=True)
    german = read("de")
    del german["closed_except"]
    del german["history"]["before_era"]
    german["weekdays"] = german["weekdays"][:6]
    (own / "phrases" / "de.yaml").write_text(yaml.safe_dump(german, allow_unicode=True),
                                             encoding="utf-8")
    try:
        use_layouts(LayoutFolders(LAYOUTS, own))
        with pytest.raises(ExpoprintError) as refused:
            phrasebook("de")
        said = str(refused.value)
        assert str(own / "phrases" / "de.yaml") in said
        assert "lacks `closed_except`" in said and "lacks `history.before_era`" in said
        assert "weekdays: has 6 items, not 7" in said
        report = Report()
        use_layouts(LayoutFolders(LAYOUTS, own), report)  # as a build begins: told, not raised
        assert any(p.field == "closed_except" and p.file.endswith("de.yaml")
                   for p in report.problems)
    finally:
        use_layouts(LayoutFolders())
    assert phrasebook("de")["and"] == "und"


def test_a_museum_phrasebook_replaces_the_bundled_one_and_adds_a_language(tmp_path):
    own = tmp_path / "layouts"
    (own / "phrases").mkdir(parents=True)
    german = read("de")
    german["free"] = "Eintritt frei"
    (own / "phrases" / "de.yaml").write_text(yaml.safe_dump(german, allow_unicode=True),
                                             encoding="utf-8")
    swiss = read("de") | {"language": "gsw"}
    (own / "phrases" / "gsw.yaml").write_text(yaml.safe_dump(swiss, allow_unicode=True),
                                              encoding="utf-8")
    try:
        use_layouts(LayoutFolders(LAYOUTS, own))
        assert format_amount(Decimal(0), "de") == "Eintritt frei"
        german["free"] = "kostenlos"  # saved while `serve` runs: the next build reads it
        (own / "phrases" / "de.yaml").write_text(yaml.safe_dump(german, allow_unicode=True),
                                                 encoding="utf-8")
        use_layouts(LayoutFolders(LAYOUTS, own))
        assert format_amount(Decimal(0), "de") == "kostenlos"
        assert phrasebooks.languages()[-1] == "gsw"
        assert format_amount(Decimal(0), "gsw") == "frei"
    finally:
        use_layouts(LayoutFolders())
    assert format_amount(Decimal(0), "de") == "frei"


def test_a_museum_phrasebook_written_before_the_months_takes_babel_s(tmp_path):
    """A copy made by an earlier `new --with-layouts` has no `months`: its locale's names are
    babel's, as they were when the copy was made, French's reference included."""
    own = tmp_path / "layouts"
    (own / "phrases").mkdir(parents=True)
    for lang in ("fr", "de"):
        older = {key: value for key, value in read(lang).items()
                 if key not in ("months", "months_short")}
        (own / "phrases" / f"{lang}.yaml").write_text(yaml.safe_dump(older, allow_unicode=True),
                                                       encoding="utf-8")
    try:
        use_layouts(LayoutFolders(LAYOUTS, own))
        assert plain(format_dates(Dates(date(2025, 3, 1), date(2025, 6, 29)), "de")) == \
            "1. März bis 29. Juni 2025"
        assert plain(history_text(HistoryDate("1944-09", (0, 0, 0), (0, 0, 0)), "fr")) == \
            "septembre 1944"
    finally:
        use_layouts(LayoutFolders())


def test_an_unreadable_phrasebook_is_a_problem_not_a_traceback(tmp_path):
    own = tmp_path / "layouts"
    (own / "phrases").mkdir(parents=True)
    (own / "phrases" / "nl.yaml").write_text("and: [en\n", encoding="utf-8")
    try:
        use_layouts(LayoutFolders(LAYOUTS, own))
        with pytest.raises(ExpoprintError) as refused:
            phrasebook("nl")
        assert str(own / "phrases" / "nl.yaml") in str(refused.value)
        with pytest.raises(ExpoprintError, match="no phrasebook for the language 'xx'"):
            phrasebook("xx")
    finally:
        use_layouts(LayoutFolders())


def test_a_build_with_a_faulty_phrasebook_fails_naming_it(tmp_path, out):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    (content / "layouts" / "phrases").mkdir(parents=True)
    dutch = read("nl")
    del dutch["hour"]["alone"]
    (content / "layouts" / "phrases" / "nl.yaml").write_text(
        yaml.safe_dump(dutch, allow_unicode=True), encoding="utf-8")
    try:
        said = build_fails(content, out)
    finally:
        use_layouts(LayoutFolders())
    assert "layouts/phrases/nl.yaml: hour.alone: lacks `hour.alone`" in said
    assert "bundled phrases/nl.yaml" in said  # what to go back to


def test_each_language_is_named_in_each_language():
    assert language_name("de", "fr") == "allemand"
    assert language_name("de", "en") == "German"
    assert language_name("fr", "de") == "Französisch"
    assert language_name("nl", "nl") == "Nederlands"


# --- German -------------------------------------------------------------------------------

LUNCH = ((time(10), time(12)), (time(14), time(18)))


def test_german_dates():
    assert format_dates(Dates(date(2025, 3, 1), date(2025, 6, 29)), "de") == \
        f"1.{NBSP}März bis 29.{NBSP}Juni 2025"  # a day never parted from its month
    assert plain(format_dates(Dates(date(2025, 5, 3), date(2025, 5, 28)), "de")) == \
        "3. bis 28. Mai 2025"
    assert plain(format_dates(Dates(date(2024, 12, 15), date(2025, 1, 5)), "de")) == \
        "15. Dezember 2024 bis 5. Januar 2025"
    assert plain(format_days([date(2024, 9, 21), date(2024, 9, 22)], "de")) == \
        "21. und 22. September 2024"


def test_german_closing():
    dates = Dates(date(2025, 3, 1), date(2025, 6, 29), closed_weekdays=(1,),
                  closed_days=(date(2025, 5, 1),))
    assert plain(format_closed(dates, "de")) == "Geschlossen: dienstags und am 1. Mai"
    summer = SeasonalHours(Season(months=(7, 8)), tuple((d, LUNCH) for d in range(7)), 1)
    week = tuple((d, LUNCH) for d in range(7) if d != 0)
    assert plain(format_closed(Dates(date(2025, 3, 1), date(2025, 9, 29), closed_weekdays=(0,)),
                               "de", Hours(week, (summer,)))) == \
        "Geschlossen: montags (außer im Juli und August)"


def test_german_hours_are_on_the_24_hour_clock():
    assert plain(format_hour(time(14, 30), "de")) == "14:30 Uhr"
    assert plain(format_pair(time(10), time(18), "de")) == "10–18 Uhr"
    dates = Dates(date(2025, 3, 1), date(2025, 6, 29), closed_weekdays=(0,))
    week = tuple((d, LUNCH if d != 3 else ((time(10), time(12)), (time(14), time(21))))
                 for d in range(1, 7))
    assert plain(format_hours(Hours(week), dates, "de")) == \
        "Dienstag bis Sonntag 10–12 Uhr und 14–18 Uhr, Donnerstag bis 21 Uhr"
    summer = SeasonalHours(Season(months=(7, 8)),
                           tuple((d, ((time(10), time(18, 30)),)) for d in range(1, 7)), 1)
    opening = Opening(date(2025, 4, 21), ((time(14), time(18)),))
    assert plain(format_hours(Hours(week, (summer,), (opening,)), dates, "de")) == (
        "Dienstag bis Sonntag 10–12 Uhr und 14–18 Uhr, Donnerstag bis 21 Uhr; "
        "im Juli und August, 10–18:30 Uhr durchgehend; geöffnet am 21. April, 14–18 Uhr")


def test_german_prices():
    assert format_amount(Decimal(8), "de") == f"8{NBSP}€"
    assert format_amount(Decimal("4.50"), "de") == f"4,50{NBSP}€"
    assert format_amount(Decimal(1500), "de") == f"1.500{NBSP}€"
    assert format_amount(Decimal(0), "de") == "frei"
    assert format_number(17000, "de") == "17.000"


def test_german_typography():
    assert typeset('Sie sagte "Freiheit" ...', "de") == "Sie sagte „Freiheit“ …"
    assert typeset("ein “Wort” und « noch eins »", "de") == "ein „Wort“ und „noch eins“"
    assert typeset("Achtung : 1234567 Besucher !", "de") == f"Achtung: 1.234.567{NBSP}Besucher!"
    assert typeset("25000 Besançon", "de") == f"25000{NBSP}Besançon"  # a postcode, and a noun
    assert typeset(typeset('"a" und "b"', "de"), "de") == "„a“ und „b“"


def test_german_history_dates():
    def when(edtf):
        return plain(history_text(HistoryDate(edtf, (0, 0, 0), (0, 0, 0)), "de"))
    assert when("16XX") == "17. Jahrhundert"
    assert when("1900~") == "um 1900"
    assert when("-0051") == "52 v. Chr."
    assert when("1884-03-01") == "1. März 1884"
    assert when("1944-09-05/1944-09-06") == "5.–6. September 1944"


def test_german_compounds_hyphenate_by_the_german_patterns():
    """Through the labels' own hyphenator and the house's rule on fragments, as the HTML
    products' check of WeasyPrint's breaks (both read typography.HYPHENATION)."""
    import pyphen

    from expoprint.products.labels.text import hyphenator
    from expoprint.typography import good_break

    assert HYPHENATION["de"] == "de_DE"
    breaks = {(head, tail) for head, tail in hyphenator("de").iterate("Ausstellungseröffnung")
              if good_break(head, tail)}
    assert ("Ausstellungs", "eröffnung") in breaks
    assert hyphenator("de").inserted("Donaudampfschifffahrt") == "Donau-dampf-schiff-fahrt"
    assert hyphenator("de").inserted("Ausstellungseröffnung") == pyphen.Pyphen(
        lang="de_DE", left=3, right=3).inserted("Ausstellungseröffnung")


def test_german_words_break_on_a_label():
    from expoprint.products.labels import register_fonts, wrap

    register_fonts(ROOT / "expoprint" / "fonts")
    text = "die außergewöhnlichen und unverhältnismäßigen Schwierigkeiten"
    lines = next(lines for width in range(60, 200, 5)
                 if (lines := wrap(text, "Sans", 11.0, float(width), "de"))
                 and any(line.endswith("-") for line in lines))
    assert " ".join(lines).replace("- ", "") == text


# --- Italian, Spanish, Dutch ----------------------------------------------------------------

RUN = Dates(date(2025, 3, 1), date(2025, 6, 29), closed_weekdays=(1,),
            closed_days=(date(2025, 5, 1),))
WEEK = tuple((d, LUNCH) for d in range(7) if d != 1)


@pytest.mark.parametrize(("lang", "dates", "closed", "hours", "price", "quoted", "century"), [
    ("it", "Dal 1º marzo al 29 giugno 2025", "Chiuso il martedì e il 1º maggio",
     "Dalle 10 alle 12 e dalle 14 alle 18", "4,50 €", "«libertà»", "XVII secolo"),
    ("es", "Del 1 de marzo al 29 de junio de 2025", "Cerrado los martes y el 1 de mayo",
     "De 10:00 a 12:00 y de 14:00 a 18:00", "4,50 €", "«libertad»", "siglo XVII"),
    ("nl", "1 maart t/m 29 juni 2025", "Gesloten op dinsdag en op 1 mei",
     "10.00–12.00 uur en 14.00–18.00 uur", "€ 4,50", "“vrijheid”", "17e eeuw"),
])
def test_italian_spanish_dutch(lang, dates, closed, hours, price, quoted, century):
    assert plain(format_dates(RUN, lang)) == dates
    assert plain(format_closed(RUN, lang)) == closed
    assert plain(format_hours(Hours(WEEK), RUN, lang)) == hours
    assert plain(format_amount(Decimal("4.50"), lang)) == price
    word = quoted[1:-1]
    assert typeset(f'"{word}"', lang) == quoted
    assert plain(history_text(HistoryDate("16XX", (0, 0, 0), (0, 0, 0)), lang)) == century
    assert WEEKDAY_NAMES[lang][0] == phrasebook(lang)["weekdays"][0]


def test_italian_elides_before_eight_and_eleven():
    assert plain(format_dates(Dates(date(2025, 3, 8), date(2025, 3, 29)), "it")) == \
        "Dall’8 al 29 marzo 2025"
    assert plain(format_closed(Dates(date(2025, 3, 1), date(2025, 6, 29),
                                     closed_days=(date(2025, 5, 8),)), "it")) == \
        "Chiuso l’8 maggio"


@pytest.mark.parametrize("lang", SHIPPED)
def test_typeset_and_hyphenation_for_every_language(lang):
    text = typeset('Un "mot" ... 17000 fois', lang)
    assert "..." not in text and '"' not in text
    import pyphen

    assert pyphen.language_fallback(HYPHENATION[lang]) is not None
