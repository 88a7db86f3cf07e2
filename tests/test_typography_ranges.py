"""Runs and references as a print shop's review asked: « 1914–1918 » with an en dash, « n° 3 »
never split at the line's end, and what must stay as typed (an ISO date, a code)."""

from __future__ import annotations

import pytest

from expoprint.bundled import FONTS
from expoprint.products.labels.text import register_fonts, wrap
from expoprint.typography import NBSP, typeset


@pytest.mark.parametrize(("typed", "fr", "en"), [
    ("La guerre de 1914-1918.", "La guerre de 1914–1918.", "La guerre de 1914–1918."),
    ("de 1939 - 1945", "de 1939–1945", "de 1939–1945"),
    ("les années 1939-45", "les années 1939–45", "les années 1939–45"),
    ("salles 10-12", "salles 10–12", "salles 10–12"),
    ("le 2025-03-01", "le 2025-03-01", "le 2025-03-01"),  # a date as typed, not a run
    ("code 12-34-56", "code 12-34-56", "code 12-34-56"),
])
def test_a_run_takes_an_en_dash(typed, fr, en):
    assert typeset(typed, "fr").replace(NBSP, " ") == fr
    assert typeset(typed, "en").replace(NBSP, " ") == en


@pytest.mark.parametrize("typed", ["Caisse n° 3", "Caisse n°3", "Caisse N° 3", "Box No. 3"])
def test_a_number_sign_stays_with_its_number(typed):
    sign = typed.split()[1].rstrip("0123456789")
    assert f"{sign}{NBSP}3" in typeset(typed, "fr")


def test_a_label_line_never_ends_between_the_sign_and_its_number():
    register_fonts(FONTS)
    text = typeset("Une caisse de munitions n° 3 du régiment", "fr")
    for width in range(60, 200, 5):
        lines = wrap(text, "Sans", 10, width, "fr")
        assert not any(line.rstrip().endswith("n°") for line in lines), lines
