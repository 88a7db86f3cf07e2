from datetime import date, time

import pytest

from expoprint.typography import (
    NBSP,
    NNBSP,
    bind_short_words,
    format_dates,
    format_hours,
    format_number,
    format_span,
    typeset,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Venez nombreux!", f"Venez nombreux{NNBSP}!"),
    ("Venez nombreux !", f"Venez nombreux{NNBSP}!"),
    ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("un; deux", f"un{NNBSP}; deux"),
    ("ceci : cela", f"ceci{NBSP}: cela"),
    ("« ceux qui se sont levés »", f"«{NNBSP}ceux qui se sont levés{NNBSP}»"),
    ('"citation"', f"«{NNBSP}citation{NNBSP}»"),
    ("l'armée", "l’armée"),
    ("la 3e division", "la 3ᵉ division"),
    ("la 3ème division", "la 3ᵉ division"),
    ("le 1er régiment", "le 1ᵉʳ régiment"),
    ("la 1re armée", "la 1ʳᵉ armée"),
    ("de 10h00 à 17h30", f"de 10{NBSP}h à 17{NBSP}h{NBSP}30"),
    ("17000 soldats", f"17{NNBSP}000 soldats"),
    ("en 1944", "en 1944"),
    ("4-8 septembre", "4–8 septembre"),
    ("à 10:00 précises", "à 10:00 précises"),
    ("voir https://x.test/a?b=1; ici", "voir https://x.test/a?b=1; ici"),
])
def test_french_rules(raw, expected):
    assert typeset(raw, "fr") == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Come one , come all !", "Come one, come all!"),
    ("It's \"free\"", "It’s “free”"),
    ("Note : this", "Note: this"),
])
def test_english_rules(raw, expected):
    assert typeset(raw, "en") == expected


def test_dates_in_french_and_english():
    assert format_dates([date(2024, 9, 21), date(2024, 9, 22)]) == f"21 et 22{NBSP}septembre 2024"
    assert format_dates([date(2024, 9, 21), date(2024, 9, 22)], "en") == \
        f"21 and 22{NBSP}September 2024"
    assert format_dates([date(2024, 9, 30), date(2024, 10, 1)]) == \
        f"30{NBSP}septembre et 1ᵉʳ{NBSP}octobre 2024"
    assert format_dates([date(2024, 9, 20), date(2024, 9, 21), date(2024, 9, 22)]) == \
        "du 20 au 22 septembre 2024"
    assert format_dates([date(2024, 9, 21)]) == f"21{NBSP}septembre 2024"


def test_hours():
    assert format_hours(time(10), time(17)) == f"de 10{NBSP}h à 17{NBSP}h"
    assert format_hours(time(9, 30), time(17, 30)) == f"de 9{NBSP}h{NBSP}30 à 17{NBSP}h{NBSP}30"
    assert format_hours(time(10), time(17), "en") == f"10{NBSP}am to 5{NBSP}pm"


def test_span_and_numbers():
    assert format_span(date(1944, 9, 5), date(1944, 9, 6)) == \
        {"day": "5–6", "month": "septembre", "year": "1944"}
    assert format_span(date(1940, 6, 16), None)["month"] == "juin"
    assert format_number(17000) == f"17{NNBSP}000"
    assert format_number(17000, "en") == "17,000"


def test_short_words_stay_with_the_next():
    assert bind_short_words("La Libération de Besançon") == f"La{NBSP}Libération de{NBSP}Besançon"


def test_markup_keeps_text_literal_and_proper_nouns_whole():
    from expoprint.html import prose_markup

    html = str(prose_markup("<b>Le général de Lattre</b> à Besançon & Saint-Ferjeux"))
    assert "&lt;b&gt;" in html and "&amp;" in html and "<b>" not in html
    assert '<span class="pn">Besançon</span>' in html
    assert '<span class="pn">Saint-Ferjeux</span>' in html
    assert '<span class="pn">Lattre</span>' in html
    assert "général" in html and '<span class="pn">général' not in html
