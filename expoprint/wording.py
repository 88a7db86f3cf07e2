"""The small forms every fact is written with, in every language with a phrasebook: day numbers
(« 1ᵉʳ », "1.", "1º"), month and weekday names, hours (« 14 h 30 », "2.30 pm", "14:30 Uhr"), and
lists (« a, b et c »). The words and patterns are the phrasebooks' (`phrasebook`).

Shared by the facts of the event (`facts`), the opening hours (`opening`) and the dates of history
(`content.history_text`), so that a date or an hour reads the same wherever it is printed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, time
from itertools import pairwise

from .phrasebook import languages, phrasebook
from .typography import NBSP


class _Weekdays(Mapping):
    """The printed weekday names of every language with a phrasebook: WEEKDAY_NAMES["fr"]."""

    def __getitem__(self, lang: str) -> list[str]:
        return list(phrasebook(lang)["weekdays"])

    def __iter__(self) -> Iterator[str]:
        return iter(languages())

    def __len__(self) -> int:
        return len(languages())


WEEKDAY_NAMES: Mapping[str, list[str]] = _Weekdays()


def and_word(lang: str) -> str:
    return phrasebook(lang)["and"]


def month_names(lang: str, width: str = "wide") -> dict[int, str]:
    """The phrasebook's names of the months, 1 to 12, `wide` or `abbreviated` (`months`,
    `months_short`: babel's, copied into the phrasebooks so that no build loads babel's locale
    data to write a date; English's are en_GB's, "Sept", which `history_text.short_month` ends
    with a dot)."""
    names = phrasebook(lang)["months" if width == "wide" else "months_short"]
    return dict(enumerate(names, start=1))


def day_of_month(day: int, lang: str) -> str:
    """« 1ᵉʳ » in French (the first of a month is an ordinal), "1." in German, the digits in
    English: the phrasebook's `first_of_month` and `day`."""
    book = phrasebook(lang)
    if day == 1 and book["first_of_month"]:
        return book["first_of_month"]
    return book["day"].format(day=day)


def day_number(day: date, lang: str) -> str:
    return day_of_month(day.day, lang)


def month_name(day: date, lang: str) -> str:
    return month_names(lang)[day.month]


def month_of(month: int, lang: str) -> str:
    return month_names(lang)[month]


def date_words(day: date, lang: str, tie: str = NBSP, year: bool = False) -> str:
    """« 1ᵉʳ mars », "1 March", "1. März", "1 de marzo": the day and its month tied by `tie`
    (the phrasebook's spaces become it), with the year after when `year`."""
    text = phrasebook(lang)["date"].replace(" ", tie).format(
        day=day_number(day, lang), month=month_name(day, lang))
    return with_year(text, day.year, lang) if year else text


def with_year(text: str, year: int | str, lang: str) -> str:
    """« 1ᵉʳ mars 2025 », "1 de marzo de 2025"."""
    return phrasebook(lang)["with_year"].format(date=text, year=year)


def join_words(items: list[str], lang: str) -> str:
    """« a, b et c », "a, b and c"."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {and_word(lang)} " + items[-1]


def format_time(moment: time, lang: str = "fr") -> str:
    """A time as a pair or a period writes it: « 14 h 30 », "2.30 pm", "14:30" (German "Uhr"
    follows the pair, "10–18 Uhr")."""
    hour = phrasebook(lang)["hour"]
    suffix = ""
    number = moment.hour
    if hour["clock"] == 12:
        suffix = hour["am"] if moment.hour < 12 else hour["pm"]
        number = moment.hour % 12 or 12
    pattern = hour["minutes"] if moment.minute else hour["whole"]
    return pattern.format(hour=number, minute=moment.minute, suffix=suffix)


def format_hour(moment: time, lang: str = "fr") -> str:
    """A time on its own: « 14 h », « 14 h 30 »; "2 pm", "2.30 pm"; "14:30 Uhr"."""
    return phrasebook(lang)["hour"]["alone"].format(time=format_time(moment, lang))


def format_weekdays(days: list[int], lang: str) -> str:
    """« du mercredi au dimanche », « le samedi et le dimanche »; "Wednesday to Sunday"."""
    book = phrasebook(lang)
    names = book["weekdays"]
    consecutive = all(b - a == 1 for a, b in pairwise(days))
    if len(days) >= 3 and consecutive:
        return book.phrase("weekday_run", first=names[days[0]], last=names[days[-1]])
    return join_words([book.phrase("weekday_item", weekday=names[d]) for d in days], lang)
