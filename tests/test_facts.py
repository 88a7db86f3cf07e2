"""How the facts of an exhibition are written, French first, English likewise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from expoprint.content.model import Dates, Price, Prose, Venue
from expoprint.facts import (
    format_address,
    format_amount,
    format_closed,
    format_dates,
    format_prices,
)
from expoprint.typography import NBSP, NNBSP


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace(NNBSP, " ")


@pytest.mark.parametrize(("first", "last", "fr", "en"), [
    (date(2025, 3, 1), date(2025, 6, 29), "Du 1ᵉʳ mars au 29 juin 2025",
     "From 1 March to 29 June 2025"),
    (date(2025, 5, 3), date(2025, 5, 28), "Du 3 au 28 mai 2025", "From 3 to 28 May 2025"),
    (date(2024, 12, 15), date(2025, 1, 5), "Du 15 décembre 2024 au 5 janvier 2025",
     "From 15 December 2024 to 5 January 2025"),
    (date(2025, 5, 3), date(2025, 5, 3), "3 mai 2025", "3 May 2025"),
])
def test_a_run_of_dates(first, last, fr, en):
    run = Dates(first, last)
    assert plain(format_dates(run, "fr")) == fr
    assert plain(format_dates(run, "en")) == en


def test_a_list_of_days_still_reads_as_before():
    days = Dates(date(2024, 9, 21), date(2024, 9, 22), (date(2024, 9, 21), date(2024, 9, 22)))
    assert plain(format_dates(days, "fr")) == "21 et 22 septembre 2024"


@pytest.mark.parametrize(("weekdays", "days", "fr", "en"), [
    ((1,), (date(2025, 5, 1),), "Fermé le mardi et le 1ᵉʳ mai", "Closed on Tuesdays and on 1 May"),
    ((0, 1), (), "Fermé le lundi et le mardi", "Closed on Mondays and Tuesdays"),
    ((0, 1), (date(2025, 5, 1), date(2025, 7, 14)),
     "Fermé le lundi, le mardi, le 1ᵉʳ mai et le 14 juillet",
     "Closed on Mondays and Tuesdays, and on 1 May and 14 July"),
    ((), (), "", ""),
])
def test_closings(weekdays, days, fr, en):
    run = Dates(date(2025, 3, 1), date(2025, 9, 29), (), weekdays, days)
    assert plain(format_closed(run, "fr")) == fr
    assert plain(format_closed(run, "en")) == en


def test_prices_with_a_free_tier():
    prices = (Price(Prose.of({"fr": "Plein tarif", "en": "Full price"}), Decimal(8)),
              Price(Prose.of({"fr": "Tarif réduit", "en": "Reduced"}), Decimal("4.50")),
              Price(Prose.of({"fr": "Moins de 18 ans", "en": "Under 18"}), Decimal(0)))
    assert format_prices(prices, "fr") == \
        f"Plein tarif{NBSP}8{NNBSP}€ · Tarif réduit{NBSP}4,50{NNBSP}€ · Moins de 18{NBSP}ans{NBSP}gratuit"
    assert plain(format_prices(prices, "en")) == "Full price €8 · Reduced €4.50 · Under 18 free"
    assert format_amount(Decimal(1200), "fr") == f"1{NNBSP}200{NNBSP}€"


def test_an_address_prints_the_city_once_and_the_postcode_as_written():
    assert plain(format_address(Venue("Musée", "Besançon", "20 rue Gambetta", "25000"))) == \
        "20 rue Gambetta, 25000 Besançon"
    assert plain(format_address(Venue("Musée", "Bourg-en-Bresse", None, "01000"))) == \
        "01000 Bourg-en-Bresse"
    assert format_address(Venue("Musée", "Besançon")) == "Besançon"
