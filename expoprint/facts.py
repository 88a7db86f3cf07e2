"""How the facts are written: dates, closings, hours, prices, addresses, in French and English.

Every fact is written here from the typed values, never from the author's spelling, so the
poster, the leaflet, the web pages and the English edition agree. French first: « Du 1ᵉʳ mars au
29 juin 2025 », « Fermé le mardi et le 1ᵉʳ mai », « De 10 h à 18 h, le jeudi jusqu’à 21 h »,
« Plein tarif 8 € · Moins de 18 ans gratuit », « 20 rue Gambetta, 25000 Besançon ».
"""

from __future__ import annotations

from collections import Counter
from datetime import date, time
from decimal import Decimal
from functools import cache
from itertools import pairwise

from .content.model import Dates, Exhibition, HourRule, Price, Venue
from .typography import NBSP, NNBSP, SUP


@cache
def _months(lang: str) -> dict[int, str]:
    from babel.dates import get_month_names

    return dict(get_month_names("wide", context="format", locale=lang))


AND = {"fr": "et", "en": "and"}


def day_number(day: date, lang: str) -> str:
    return "1" + SUP["er"] if lang == "fr" and day.day == 1 else str(day.day)


def month_name(day: date, lang: str) -> str:
    return _months(lang)[day.month]


def _join(items: list[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {AND[lang]} " + items[-1]


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
    return _join(parts, lang)


def short_month(day: date, lang: str) -> str:
    """The standard abbreviation ("sept.", "Sept."), or the whole name where there is none
    ("mai", "June"): never a dot after a whole word."""
    if lang == "fr":
        return _short_months("fr")[day.month]
    full, short = month_name(day, "en"), _short_months("en_GB")[day.month]
    return full if len(full) <= 4 or short == full else f"{short}."


@cache
def _short_months(locale: str) -> dict[int, str]:
    from babel.dates import get_month_names

    return dict(get_month_names("abbreviated", context="format", locale=locale))


def format_span(start: date, end: date | None, lang: str = "fr") -> dict:
    """A timeline date in parts, so the day can print large: {ends: [{day, month}], year}.

    One day or one month: the month in full. Two months: both ends abbreviated alike
    ("30 sept. – 1ᵉʳ oct."). Two years: each end carries its year.
    """
    if end is None or (start.year, start.month) == (end.year, end.month):
        day = day_number(start, lang) + (f"–{day_number(end, lang)}" if end else "")
        return {"ends": [{"day": day, "month": month_name(start, lang)}], "year": str(start.year)}
    across_years = start.year != end.year
    ends = [{"day": day_number(d, lang),
             "month": short_month(d, lang) + (f" {d.year}" if across_years else "")}
            for d in (start, end)]
    return {"ends": ends, "year": "" if across_years else str(start.year)}


def span_text(span: dict) -> str:
    """A span as one line of text ("5–6 septembre 1944")."""
    ends = " – ".join(f"{end['day']}{NBSP}{end['month']}" for end in span["ends"])
    return f"{ends} {span['year']}".strip()


def format_hour(moment: time, lang: str = "fr") -> str:
    if lang == "fr":
        return f"{moment.hour}{NBSP}h" + (f"{NBSP}{moment.minute:02d}" if moment.minute else "")
    suffix = "am" if moment.hour < 12 else "pm"
    hour = moment.hour % 12 or 12
    return f"{hour}" + (f".{moment.minute:02d}" if moment.minute else "") + f"{NBSP}{suffix}"


def format_pair(opens: time, closes: time, lang: str = "fr") -> str:
    """`de 10 h à 17 h`, `10 am to 5 pm`."""
    if lang == "fr":
        return f"de {format_hour(opens, lang)} à {format_hour(closes, lang)}"
    return f"{format_hour(opens, lang)} to {format_hour(closes, lang)}"


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


WEEKDAY_NAMES = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def format_closed(dates: Dates, lang: str = "fr") -> str:
    """« Fermé le mardi et le 1ᵉʳ mai », "Closed on Tuesdays and on 1 May"; empty if never."""
    across_years = dates.first.year != dates.last.year

    def day_text(day: date) -> str:
        text = f"{day_number(day, lang)}{NBSP}{month_name(day, lang)}"
        return f"{text} {day.year}" if across_years else text

    if lang == "fr":
        items = [f"le {WEEKDAY_NAMES['fr'][d]}" for d in dates.closed_weekdays]
        items += [f"le {day_text(day)}" for day in dates.closed_days]
        return f"Fermé {_join(items, lang)}" if items else ""
    parts = []
    if dates.closed_weekdays:
        parts.append("on " + _join([WEEKDAY_NAMES["en"][d] + "s" for d in dates.closed_weekdays],
                                   lang))
    if dates.closed_days:
        parts.append("on " + _join([day_text(day) for day in dates.closed_days], lang))
    if not parts:
        return ""
    glue = ", and " if any(" and " in part for part in parts) else " and "
    return "Closed " + glue.join(parts)


# --- hours ----------------------------------------------------------------------------------

def weekly_hours(rules: tuple[HourRule, ...]) -> dict[int, tuple[time, time]]:
    """Each weekday's opening and closing, the later rules overriding the earlier for their days
    (the content reader has checked that every rule's days end up with both hours)."""
    week: dict[int, tuple[time, time]] = {}
    for rule in rules:
        for day in rule.days if rule.days is not None else range(7):
            before = week.get(day)
            opens = rule.opens or (before[0] if before else None)
            closes = rule.closes or (before[1] if before else None)
            if opens and closes:
                week[day] = (opens, closes)
    return week


def format_weekdays(days: list[int], lang: str) -> str:
    """« du mercredi au dimanche », « le samedi et le dimanche »; "Wednesday to Sunday"."""
    names = WEEKDAY_NAMES[lang]
    consecutive = all(b - a == 1 for a, b in pairwise(days))
    if len(days) >= 3 and consecutive:
        if lang == "fr":
            return f"du {names[days[0]]} au {names[days[-1]]}"
        return f"{names[days[0]]} to {names[days[-1]]}"
    if lang == "fr":
        return _join([f"le {names[d]}" for d in days], lang)
    return _join([names[d] for d in days], lang)


def format_hours(rules: tuple[HourRule, ...], dates: Dates | None = None, lang: str = "fr") -> str:
    """One rule: « de 10 h à 17 h ». Rules: the hours most days keep, then the exceptions:
    « De 10 h à 18 h, le jeudi jusqu’à 21 h », "Wednesday to Sunday 10 am–6 pm, Thursday until
    9 pm". Weekdays the exhibition is closed (`closed`) are left to the closing line."""
    if len(rules) == 1 and rules[0].days is None and rules[0].opens and rules[0].closes:
        return format_pair(rules[0].opens, rules[0].closes, lang)
    week = weekly_hours(rules)
    closed = set(dates.closed_weekdays) if dates else set()
    open_days = [day for day in sorted(week) if day not in closed]
    if not open_days:
        return ""
    counts = Counter(week[day] for day in open_days)
    usual = max(counts, key=lambda pair: (counts[pair], -min(d for d in open_days if week[d] == pair)))
    covered = set(week) | closed
    phrases = []
    span = hour_span(*usual, lang)
    if covered != set(range(7)):  # the rules themselves leave days out: say which days
        phrases.append(f"{format_weekdays(open_days, lang)} {span}")
    else:
        phrases.append(span)
    others: dict[tuple[time, time], list[int]] = {}
    for day in open_days:
        if week[day] != usual:
            others.setdefault(week[day], []).append(day)
    for (opens, closes), days in others.items():
        who = format_weekdays(days, lang)
        if opens == usual[0]:
            when = f"jusqu’à {format_hour(closes, lang)}" if lang == "fr" else \
                f"until {format_hour(closes, lang)}"
        elif closes == usual[1]:
            when = f"à partir de {format_hour(opens, lang)}" if lang == "fr" else \
                f"from {format_hour(opens, lang)}"
        else:
            when = hour_span(opens, closes, lang)
        phrases.append(f"{who} {when}")
    text = ", ".join(phrases)
    return text[0].upper() + text[1:]


def hour_span(opens: time, closes: time, lang: str) -> str:
    if lang == "fr":
        return f"de {format_hour(opens, lang)} à {format_hour(closes, lang)}"
    return f"{format_hour(opens, lang)}–{format_hour(closes, lang)}"


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

    return [(typeset(price.label.get(lang), lang if price.label.en or lang == "fr" else "fr"),
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
        "closed": format_closed(exhibition.dates, lang),
        "hours": format_hours(exhibition.hours, exhibition.dates, lang),
        "prices": price_lines(exhibition.prices, lang),
        "prices_line": format_prices(exhibition.prices, lang),
        "address": format_address(exhibition.venue),
        "phone": format_phone(exhibition.contact.phone) if exhibition.contact and
        exhibition.contact.phone else "",
    }
