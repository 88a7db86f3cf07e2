"""How the facts of an exhibition are written, French first, English likewise."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from expoprint.content.model import Dates, HourRule, Price, Prose, Venue
from expoprint.facts import (
    format_address,
    format_amount,
    format_closed,
    format_dates,
    format_hours,
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


RUN = Dates(date(2025, 3, 1), date(2025, 6, 29))


@pytest.mark.parametrize(("rules", "dates", "fr", "en"), [
    ((HourRule(None, time(10), time(18)), HourRule((3,), None, time(21))), RUN,
     "De 10 h à 18 h, le jeudi jusqu’à 21 h", "10 am–6 pm, Thursday until 9 pm"),
    ((HourRule((2, 3, 4, 5, 6), time(10), time(18)), HourRule((3,), None, time(21))), RUN,
     "Du mercredi au dimanche de 10 h à 18 h, le jeudi jusqu’à 21 h",
     "Wednesday to Sunday 10 am–6 pm, Thursday until 9 pm"),
    ((HourRule(None, time(10), time(18)), HourRule((3,), None, time(21)),
      HourRule((5, 6), time(11), time(19))), RUN,
     "De 10 h à 18 h, le jeudi jusqu’à 21 h, le samedi et le dimanche de 11 h à 19 h",
     "10 am–6 pm, Thursday until 9 pm, Saturday and Sunday 11 am–7 pm"),
    ((HourRule(None, time(10), time(18)), HourRule((6,), time(14), None)), RUN,
     "De 10 h à 18 h, le dimanche à partir de 14 h", "10 am–6 pm, Sunday from 2 pm"),
    ((HourRule(None, time(10), time(17)),), RUN, "de 10 h à 17 h", "10 am to 5 pm"),
])
def test_hour_rules(rules, dates, fr, en):
    assert plain(format_hours(rules, dates, "fr")) == fr
    assert plain(format_hours(rules, dates, "en")) == en


def test_prices_with_a_free_tier():
    prices = (Price(Prose("Plein tarif", "Full price"), Decimal(8)),
              Price(Prose("Tarif réduit", "Reduced"), Decimal("4.50")),
              Price(Prose("Moins de 18 ans", "Under 18"), Decimal(0)))
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
