import re
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expoprint.content.history import parse_history
from expoprint.content.history_text import span_parts, span_text
from expoprint.facts import format_days
from expoprint.opening import format_pair
from expoprint.typography import NBSP, NNBSP, WRITTEN_BY_RULES, bind_short_words, format_number, typeset


@pytest.mark.parametrize(("raw", "expected"), [
    ("Venez nombreux!", f"Venez nombreux{NNBSP}!"),
    ("Venez nombreux !", f"Venez nombreux{NNBSP}!"),
    ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("un; deux", f"un{NNBSP}; deux"),
    ("ceci : cela", f"ceci{NBSP}: cela"),
    ("« ceux qui se sont levés »", f"«{NNBSP}ceux qui se sont levés{NNBSP}»"),
    ('"citation"', f"«{NNBSP}citation{NNBSP}»"),
    ("l'armée", "l’armée"),
    ("la 3e division", f"la 3ᵉ{NBSP}division"),
    ("la 3ème division", f"la 3ᵉ{NBSP}division"),
    ("le 1er régiment", f"le 1ᵉʳ{NBSP}régiment"),
    ("la 1re armée", f"la 1ʳᵉ{NBSP}armée"),
    ("de 10h00 à 17h30", f"de 10{NBSP}h à 17{NBSP}h{NBSP}30"),
    ("17000 soldats", f"17{NNBSP}000{NBSP}soldats"),
    ("en 1944", "en 1944"),
    ("4-8 septembre", f"4–8{NBSP}septembre"),
    ("à 10:00 précises", f"à 10:00{NBSP}précises"),
    # Keep together: particle and name, number and noun or unit, initials and surname.
    ("le général de Lattre", f"le général de{NBSP}Lattre"),
    ("près de 400 morts, 28 FFI", f"près de 400{NBSP}morts, 28{NBSP}FFI"),
    ("J.-M. Dupont", f"J.-M.{NBSP}Dupont"),
    ("5 €", f"5{NNBSP}€"),
    # Capitals keep their accents where that is unambiguous.
    ("A cette occasion", "À cette occasion"),
    ("Fin. A la suite", "Fin. À la suite"),
    ("Une classe A pour", "Une classe A pour"),
    # Quantities are grouped; postcodes, references, telephones and years never.
    ("69007 Lyon", f"69007{NBSP}Lyon"),
    ("01000 Bourg", f"01000{NBSP}Bourg"),
    ("n° 12345", f"n°{NBSP}12345"),  # never grouped, and never split from its sign
    ("Inv. 123456", "Inv. 123456"),
    ("03 81 87 81 50", NBSP.join(["03", "81", "87", "81", "50"])),
    ("1234567 visiteurs", f"1{NNBSP}234{NNBSP}567{NBSP}visiteurs"),
    # Straight and English quotes in French text become guillemets.
    ("un “mot” ici", f"un «{NNBSP}mot{NNBSP}» ici"),
    ("voir https://x.test/a?b=1; ici", "voir https://x.test/a?b=1; ici"),
])
def test_french_rules(raw, expected):
    assert typeset(raw, "fr") == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Come one , come all !", "Come one, come all!"),
    ("It's \"free\"", "It’s “free”"),
    ("Note : this", "Note: this"),
    ("17000 soldiers", f"17,000{NBSP}soldiers"),
    ("a «quote»", "a “quote”"),
])
def test_english_rules(raw, expected):
    assert typeset(raw, "en") == expected


def test_dates_in_french_and_english():
    assert format_days([date(2024, 9, 21), date(2024, 9, 22)]) == f"21 et 22{NBSP}septembre 2024"
    assert format_days([date(2024, 9, 21), date(2024, 9, 22)], "en") == \
        f"21 and 22{NBSP}September 2024"
    assert format_days([date(2024, 9, 30), date(2024, 10, 1)]) == \
        f"30{NBSP}septembre et 1ᵉʳ{NBSP}octobre 2024"
    assert format_days([date(2024, 9, 20), date(2024, 9, 21), date(2024, 9, 22)]) == \
        "du 20 au 22 septembre 2024"
    assert format_days([date(2024, 9, 21)]) == f"21{NBSP}septembre 2024"


def test_hours():
    assert format_pair(time(10), time(17)) == f"de 10{NBSP}h à 17{NBSP}h"
    assert format_pair(time(9, 30), time(17, 30)) == f"de 9{NBSP}h{NBSP}30 à 17{NBSP}h{NBSP}30"
    assert format_pair(time(10), time(17), "en") == f"10{NBSP}am to 5{NBSP}pm"


def format_span(start: date, end: date | None, lang: str = "fr") -> dict:
    """A timeline span of two days, as the leaflet sets it (dates of history read from ISO)."""
    return span_parts(parse_history(start.isoformat()),
                      parse_history(end.isoformat()) if end else None, lang)


def test_span_and_numbers():
    assert format_span(date(1944, 9, 5), date(1944, 9, 6)) == \
        {"ends": [{"before": "", "day": "5–6", "month": "septembre"}], "year": "1944"}
    assert format_span(date(1940, 6, 16), None)["ends"][0]["month"] == "juin"
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


@pytest.mark.parametrize(("start", "end", "lang", "expected"), [
    (date(1944, 9, 30), date(1944, 10, 1), "fr", f"30{NBSP}sept. – 1ᵉʳ{NBSP}oct. 1944"),
    (date(1944, 8, 20), date(1944, 9, 2), "fr", f"20{NBSP}août – 2{NBSP}sept. 1944"),
    (date(1944, 5, 30), date(1944, 6, 2), "fr", f"30{NBSP}mai – 2{NBSP}juin 1944"),
    (date(1944, 9, 30), date(1944, 10, 1), "en", f"30{NBSP}Sept. – 1{NBSP}Oct. 1944"),
    (date(1944, 8, 20), date(1944, 9, 2), "en", f"20{NBSP}Aug. – 2{NBSP}Sept. 1944"),
    (date(1944, 6, 30), date(1944, 7, 2), "en", f"30{NBSP}June – 2{NBSP}July 1944"),
    (date(1944, 12, 30), date(1945, 1, 2), "fr", f"30{NBSP}déc. 1944 – 2{NBSP}janv. 1945"),
    (date(1944, 9, 1), None, "fr", f"1ᵉʳ{NBSP}septembre 1944"),
])
def test_spans_use_whole_names_or_standard_abbreviations(start, end, lang, expected):
    text = span_text(format_span(start, end, lang))
    assert text == expected
    assert not re.search(r"\b(?:octo|Octo|Augu|août)\.", text)  # never a dot after a whole word


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAeèrhn°1230 -'\".:;!?«»“”\u00a0\u202f", max_size=40),
       st.sampled_from(["fr", "en"]))
def test_typesetting_writes_no_character_beyond_those_the_glyph_check_adds(text, lang):
    """The build checks the fonts against the texts plus WRITTEN_BY_RULES before typesetting
    anything: a rule writing another character would let it reach the page unchecked."""
    assert set(typeset(text, lang)) <= set(text) | WRITTEN_BY_RULES
