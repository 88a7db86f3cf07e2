"""The small forms every fact is written with, in French and English: day numbers (« 1ᵉʳ »),
month and weekday names, hours (« 14 h 30 », "2.30 pm"), and lists (« a, b et c »).

Shared by the facts of the event (`facts`), the opening hours (`opening`) and the dates of history
(`content.history_text`), so that a date or an hour reads the same wherever it is printed.
"""

from __future__ import annotations

from datetime import date, time
from functools import cache
from itertools import pairwise

from .typography import NBSP, SUP

AND = {"fr": "et", "en": "and"}
WEEKDAY_NAMES = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


@cache
def month_names(lang: str, width: str = "wide") -> dict[int, str]:
    """babel's names of the months, shared by the event's dates and history's; English
    abbreviations are en_GB's ("Sept"), which `history_text.short_month` ends with a dot."""
    from babel.dates import get_month_names

    locale = "en_GB" if lang == "en" and width == "abbreviated" else lang
    return dict(get_month_names(width, context="format", locale=locale))


def day_of_month(day: int, lang: str) -> str:
    """« 1ᵉʳ » in French (the first of a month is an ordinal), the digits otherwise."""
    return "1" + SUP["er"] if lang == "fr" and day == 1 else str(day)


def day_number(day: date, lang: str) -> str:
    return day_of_month(day.day, lang)


def month_name(day: date, lang: str) -> str:
    return month_names(lang)[day.month]


def month_of(month: int, lang: str) -> str:
    return month_names(lang)[month]


def join_words(items: list[str], lang: str) -> str:
    """« a, b et c », "a, b and c"."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {AND[lang]} " + items[-1]


def format_hour(moment: time, lang: str = "fr") -> str:
    """« 14 h », « 14 h 30 »; "2 pm", "2.30 pm"."""
    if lang == "fr":
        return f"{moment.hour}{NBSP}h" + (f"{NBSP}{moment.minute:02d}" if moment.minute else "")
    suffix = "am" if moment.hour < 12 else "pm"
    hour = moment.hour % 12 or 12
    return f"{hour}" + (f".{moment.minute:02d}" if moment.minute else "") + f"{NBSP}{suffix}"


def format_weekdays(days: list[int], lang: str) -> str:
    """« du mercredi au dimanche », « le samedi et le dimanche »; "Wednesday to Sunday"."""
    names = WEEKDAY_NAMES[lang]
    consecutive = all(b - a == 1 for a, b in pairwise(days))
    if len(days) >= 3 and consecutive:
        if lang == "fr":
            return f"du {names[days[0]]} au {names[days[-1]]}"
        return f"{names[days[0]]} to {names[days[-1]]}"
    if lang == "fr":
        return join_words([f"le {names[d]}" for d in days], lang)
    return join_words([names[d] for d in days], lang)
