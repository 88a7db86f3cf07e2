"""How the facts are written: dates, closings, hours, prices, addresses, in every language with a
phrasebook (`phrasebook`), whose words and patterns these functions fill in.

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
from .phrasebook import phrasebook
from .typography import NBSP, NNBSP
from .wording import date_words, day_number, join_words, with_year


def format_days(days: tuple[date, ...] | list[date], lang: str = "fr") -> str:
    """A list of days: `21 et 22 septembre 2024`, `du 21 au 23 septembre 2024`,
    `30 septembre et 1er octobre`."""
    days = sorted(days)
    if not days:
        return ""
    book = phrasebook(lang)
    consecutive = all((b - a).days == 1 for a, b in pairwise(days))
    first, last = days[0], days[-1]
    if len(days) > 2 and consecutive:
        start = day_number(first, lang)
        if (first.year, first.month) != (last.year, last.month):
            start = date_words(first, lang, tie=" ")
        if first.year != last.year:
            start = with_year(start, first.year, lang)
        end = date_words(last, lang, tie=" ", year=True)
        return book.phrase("days_run", start=start, end=end)
    parts: list[str] = []
    for index, day in enumerate(days):
        following = days[index + 1] if index + 1 < len(days) else None
        text = day_number(day, lang)
        if following is None or (following.year, following.month) != (day.year, day.month):
            text = date_words(day, lang)
        if following is None or following.year != day.year:
            text = with_year(text, day.year, lang)
        parts.append(text)
    return join_words(parts, lang)


# --- a run of dates and its closings --------------------------------------------------------

def format_dates(dates: Dates, lang: str = "fr") -> str:
    """The days listed as they are, or a run: « Du 1ᵉʳ mars au 29 juin 2025 », « Du 3 au
    28 mai 2025 », "From 1 March to 29 June 2025", « 1. März bis 29. Juni 2025 »; a run across
    years is written in full."""
    if dates.days:
        return format_days(dates.days, lang)
    first, last = dates.first, dates.last
    if first == last:
        return date_words(first, lang, year=True)
    start = day_number(first, lang)
    if (first.year, first.month) != (last.year, last.month):
        start = date_words(first, lang)
    if first.year != last.year:
        start = with_year(start, first.year, lang)
    end = date_words(last, lang, year=True)
    return phrasebook(lang).phrase("dates_run", start=start, end=end)


def format_closed(dates: Dates, lang: str = "fr", hours: Hours | None = None) -> str:
    """« Fermé le mardi et le 1ᵉʳ mai », "Closed on Tuesdays and on 1 May"; empty if never.
    A weekday some season opens says so: « Fermé le lundi (sauf en juillet et août) »."""
    book = phrasebook(lang)
    across_years = dates.first.year != dates.last.year
    seasons = seasonal_openings(hours, dates, lang) if hours else {}

    def weekday_text(day: int) -> str:
        every = book["weekday_every"][day]
        if day not in seasons:
            return every
        return book.phrase("closed_except", weekday=every,
                           seasons=join_words(seasons[day], lang))

    def day_text(day: date) -> str:
        return book.phrase("closed_day", day=date_words(day, lang, year=across_years))

    weekdays = [weekday_text(d) for d in dates.closed_weekdays]
    days = [day_text(day) for day in dates.closed_days]
    if not book["closed_group"]:
        items = weekdays + days
        return book.phrase("closed", items=join_words(items, lang)) if items else ""
    # Grouped ("on Tuesdays and Wednesdays and on 1 May"): a comma before the last `and` when
    # a group has its own.
    parts = [book.phrase("closed_group", items=join_words(group, lang))
             for group in (weekdays, days) if group]
    if not parts:
        return ""
    glue = f" {book['and']} "
    if any(glue in part for part in parts):
        glue = "," + glue
    return book.phrase("closed", items=glue.join(parts))


# --- prices, the address, the contact ---------------------------------------------------------

def format_amount(amount: Decimal, lang: str = "fr") -> str:
    """« 8 € », « 4,50 € », « gratuit »; "€8", "€4.50", "free"; « 4,50 € » in German: the
    figures as the phrasebook's babel locale writes them, a space in them a narrow no-break one."""
    from babel.numbers import format_decimal

    book = phrasebook(lang)
    if amount == 0:
        return book["free"]
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    number = format_decimal(amount, format=pattern, locale=book["locale"])
    number = number.replace("\u00a0", NNBSP).replace(" ", NNBSP)
    return book["price"].format(amount=number)


def price_lines(prices: tuple[Price, ...], lang: str = "fr") -> list[tuple[str, str]]:
    """Each price as (label, amount), for a table or a list."""
    from .typography import typeset

    return [(typeset(price.label.get(lang), price.label.lang_for(lang)),
             format_amount(price.amount, lang)) for price in prices]


def format_prices(prices: tuple[Price, ...], lang: str = "fr") -> str:
    """« Plein tarif 8 € · Tarif réduit 5 € · Moins de 18 ans gratuit »."""
    return " · ".join(f"{label}{NBSP}{amount}" for label, amount in price_lines(prices, lang))


def format_address(venue: Venue, lang: str = "fr") -> str:
    """« 20 rue Gambetta, 25000 Besançon »: the city once, the postcode as written; the street
    is typeset as French, the venue's own language."""
    from .typography import typeset

    book = phrasebook(lang)
    town = book.phrase("town", verbatim={"postcode": venue.postcode, "city": venue.city}) \
        if venue.postcode else venue.city
    return book.phrase("address", verbatim={"street": typeset(venue.address), "town": town}) \
        if venue.address else town


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
