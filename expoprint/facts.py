"""How the facts are written: dates, closings, hours, prices, addresses, in French and English.

Every fact is written here from the typed values, never from the author's spelling, so the
poster, the leaflet, the web pages and the English edition agree. French first: « Du 1ᵉʳ mars au
29 juin 2025 », « Fermé le mardi et le 1ᵉʳ mai », « De 10 h à 18 h, le jeudi jusqu’à 21 h »,
« Plein tarif 8 € · Moins de 18 ans gratuit », « 20 rue Gambetta, 25000 Besançon ».
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

from .content.model import Dates, Exhibition, Hours, Price, Venue
from .opening import format_hours, hours_lines, seasonal_openings
from .typography import NBSP, NNBSP
from .wording import WEEKDAY_NAMES, day_number, join_words, month_name


def format_days(days: tuple[date, ...] | list[date], lang: str = "fr") -> str:
    """A list of days: `21 et 22 septembre 2024`, `du 21 au 23 septembre 2024`,
    `30 septembre et 1er octobre`."""
    days = sorted(days)
    if not days:
        return ""
    consecutive = all((b - a).days == 1 for a, b in pairwise(days))
    first, last = days[0], days[-1]
    if len(days) > 2 and consecutive:
        start = day_number(first, lang)
        if (first.year, first.month) != (last.year, last.month):
            start += " " + month_name(first, lang)
        if first.year != last.year:
            start += f" {first.year}"
        end = f"{day_number(last, lang)} {month_name(last, lang)} {last.year}"
        return f"du {start} au {end}" if lang == "fr" else f"{start} to {end}"
    parts: list[str] = []
    for index, day in enumerate(days):
        following = days[index + 1] if index + 1 < len(days) else None
        text = day_number(day, lang)
        if following is None or (following.year, following.month) != (day.year, day.month):
            text += f"{NBSP}{month_name(day, lang)}"
        if following is None or following.year != day.year:
            text += f" {day.year}"
        parts.append(text)
    return join_words(parts, lang)


# --- a run of dates and its closings --------------------------------------------------------

def format_dates(dates: Dates, lang: str = "fr") -> str:
    """The days listed as they are, or a run: « Du 1ᵉʳ mars au 29 juin 2025 », « Du 3 au
    28 mai 2025 », "From 1 March to 29 June 2025"; a run across years is written in full."""
    if dates.days:
        return format_days(dates.days, lang)
    first, last = dates.first, dates.last
    if first == last:
        return f"{day_number(first, lang)}{NBSP}{month_name(first, lang)} {first.year}"
    start = day_number(first, lang)
    if (first.year, first.month) != (last.year, last.month):
        start += f"{NBSP}{month_name(first, lang)}"
    if first.year != last.year:
        start += f" {first.year}"
    end = f"{day_number(last, lang)}{NBSP}{month_name(last, lang)} {last.year}"
    return f"Du {start} au {end}" if lang == "fr" else f"From {start} to {end}"


def format_closed(dates: Dates, lang: str = "fr", hours: Hours | None = None) -> str:
    """« Fermé le mardi et le 1ᵉʳ mai », "Closed on Tuesdays and on 1 May"; empty if never.
    A weekday some season opens says so: « Fermé le lundi (sauf en juillet et août) »."""
    across_years = dates.first.year != dates.last.year
    seasons = seasonal_openings(hours, dates, lang) if hours else {}

    def except_in(day: int) -> str:
        if day not in seasons:
            return ""
        return f" (sauf {join_words(seasons[day], lang)})" if lang == "fr" else \
            f" (except {join_words(seasons[day], lang)})"

    def day_text(day: date) -> str:
        text = f"{day_number(day, lang)}{NBSP}{month_name(day, lang)}"
        return f"{text} {day.year}" if across_years else text

    if lang == "fr":
        items = [f"le {WEEKDAY_NAMES['fr'][d]}{except_in(d)}" for d in dates.closed_weekdays]
        items += [f"le {day_text(day)}" for day in dates.closed_days]
        return f"Fermé {join_words(items, lang)}" if items else ""
    parts = []
    if dates.closed_weekdays:
        parts.append("on " + join_words([WEEKDAY_NAMES["en"][d] + "s" + except_in(d)
                                         for d in dates.closed_weekdays],
                                   lang))
    if dates.closed_days:
        parts.append("on " + join_words([day_text(day) for day in dates.closed_days], lang))
    if not parts:
        return ""
    glue = ", and " if any(" and " in part for part in parts) else " and "
    return "Closed " + glue.join(parts)


# --- prices, the address, the contact ---------------------------------------------------------

def format_amount(amount: Decimal, lang: str = "fr") -> str:
    """« 8 € », « 4,50 € », « gratuit »; "€8", "€4.50", "free"."""
    from babel.numbers import format_decimal

    if amount == 0:
        return "gratuit" if lang == "fr" else "free"
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    number = format_decimal(amount, format=pattern, locale="fr_FR" if lang == "fr" else "en_GB")
    if lang == "fr":
        return number.replace("\u00a0", NNBSP).replace(" ", NNBSP) + f"{NNBSP}€"
    return f"€{number}"


def price_lines(prices: tuple[Price, ...], lang: str = "fr") -> list[tuple[str, str]]:
    """Each price as (label, amount), for a table or a list."""
    from .typography import typeset

    return [(typeset(price.label.get(lang), price.label.lang_for(lang)),
             format_amount(price.amount, lang)) for price in prices]


def format_prices(prices: tuple[Price, ...], lang: str = "fr") -> str:
    """« Plein tarif 8 € · Tarif réduit 5 € · Moins de 18 ans gratuit »."""
    return " · ".join(f"{label}{NBSP}{amount}" for label, amount in price_lines(prices, lang))


def format_address(venue: Venue) -> str:
    """« 20 rue Gambetta, 25000 Besançon »: the city once, the postcode as written."""
    from .typography import typeset

    town = f"{venue.postcode}{NBSP}{venue.city}" if venue.postcode else venue.city
    return f"{typeset(venue.address)}, {town}" if venue.address else town


def format_phone(phone: str) -> str:
    """A telephone number never breaks across lines."""
    return NBSP.join(phone.split())


def facts(exhibition: Exhibition, lang: str = "fr") -> dict[str, object]:
    """The practical facts of an exhibition as the templates print them."""
    return {
        "dates": format_dates(exhibition.dates, lang),
        "closed": format_closed(exhibition.dates, lang, exhibition.hours),
        "hours": format_hours(exhibition.hours, exhibition.dates, lang),
        "hours_lines": hours_lines(exhibition.hours, exhibition.dates, lang),
        "prices": price_lines(exhibition.prices, lang),
        "prices_line": format_prices(exhibition.prices, lang),
        "address": format_address(exhibition.venue),
        "phone": format_phone(exhibition.contact.phone) if exhibition.contact and
        exhibition.contact.phone else "",
    }
