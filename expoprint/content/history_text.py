"""Dates of history printed in each language's words and typography (its phrasebook's
`history:`), from their EDTF.

« vers 1900 », « mars 1884 », « 1850–1950 », « XVIIᵉ siècle », « 52 av. J.-C. », « 1ᵉʳ mars 1884 »;
"c. 1900", "March 1884", "1850–1950", "17th century", "52 BC". The words come from the stored EDTF,
never from the author's spelling, so `1900~`, « vers 1900 » and "c. 1900" print alike.

A date prints in parts so the leaflet can set one of them large, as it does a day: each end of a
span is {before, day, month} (« vers » · « 1900 » · « », « 1ᵉʳ » · « mars », « XVIIᵉ » · « siècle »)
and a span has a shared `year` when its ends are days of one year. `span_text` joins the parts
into a line for the web pages and the artefacts.

Lives in `content` because an artefact's date is printed as it is read (`history.DatedText`); it
must import nothing of the products or of `facts`, which import the content.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..phrasebook import phrasebook
from ..typography import NBSP
from ..wording import day_of_month, month_names, month_of, with_year
from .fields import LANGUAGES
from .history import DatedText, HistoryDate, NotHistory, parse_history, to_roman
from .model import Prose

POINT = re.compile(r"(?P<year>-?\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[~?%])?")
CENTURY = re.compile(r"(?P<century>\d{2})XX(?P<q>[~?%])?")
DECADE = re.compile(r"(?P<decade>\d{3})X(?P<q>[~?%])?")
Part = dict[str, str]  # {before, day, month}: small, large, small


def short_month(month: int, lang: str) -> str:
    """The standard abbreviation ("sept.", "Sept."), or the whole name where there is none
    ("mai", "June"): never a dot after a whole word, always one after a cut one."""
    short = month_names(lang, "abbreviated")[month]
    full = month_names(lang)[month]
    if short.endswith(".") or short == full:
        return short
    return full if len(full) <= 4 else f"{short}."


def history_words(lang: str) -> dict:
    """The phrasebook's words for dates of history (its `history:`)."""
    return phrasebook(lang)["history"]


def ordinal(number: int, lang: str) -> str:
    """The ending of an ordinal: « ᵉʳ », « ᵉ »; "st", "nd", "th"; "." in German."""
    endings = history_words(lang)["ordinal"]
    for table, key in (("exact", number), ("last_two", number % 100), ("last", number % 10)):
        if str(key) in (endings[table] or {}):
            return endings[table][str(key)]
    return endings["other"]


def filled(part: dict, **values) -> Part:
    return {key: text.format(**values) for key, text in part.items()}


def year_text(year: int, lang: str) -> tuple[str, str]:
    """The year's digits and its era (astronomical 0 is 1 BC): ("52", "av. J.-C.")."""
    return (str(year), "") if year > 0 else (str(1 - year), history_words(lang)["before_era"])


def uncertain(part: Part, lang: str) -> Part:
    """« 1900 ? » in French (the phrasebook's space before the mark), "1900?" in English."""
    mark = phrasebook(lang)["typography"]["space_before"].get("?", "") + "?"
    part["month" if part["month"] else "day"] += mark
    return part


def end_parts(edtf: str, lang: str) -> Part:
    """One end of a date, in parts; a day carries its year after the month."""
    words = history_words(lang)
    if match := CENTURY.fullmatch(edtf):
        number = int(match["century"]) + 1
        part = filled(words["century"], number=number, roman=to_roman(number),
                      ordinal=ordinal(number, lang))
        approximate = words["approximate"]["century"]
    elif match := DECADE.fullmatch(edtf):
        part = filled(words["decade"], decade=f"{match['decade']}0")
        approximate = words["approximate"]["decade"]
    else:
        match = POINT.fullmatch(edtf)
        assert match, edtf  # history.checked admits no other form
        digits, era = year_text(int(match["year"]), lang)
        month = int(match["month"]) if match["month"] else None
        approximate = words["approximate"]["year"]
        if match["day"]:
            year = f"{digits} {era}".strip()
            part = {"before": "", "day": day_of_month(int(match["day"]), lang),
                    "month": words["day_month"].format(month=month_of(month, lang), year=year)}
            approximate = words["approximate"]["day"]
        elif month and month > 12:
            part = {"before": words["month"].format(month=words["seasons"][month - 21]),
                    "day": digits, "month": era}
        elif month:
            part = {"before": words["month"].format(month=month_of(month, lang)), "day": digits,
                    "month": era}
        else:
            part = {"before": "", "day": digits, "month": era}
    if match["q"] in ("~", "%"):
        part["before"] = f"{approximate} {part['before']}".strip()
    if match["q"] in ("?", "%"):
        part = uncertain(part, lang)
    return part


def is_plain_day(edtf: str) -> bool:
    """A day of the common era, sure and exact: printed as the timeline always printed days."""
    match = POINT.fullmatch(edtf)
    return bool(match and match["day"] and not match["q"] and not match["year"].startswith("-"))


def span_parts(start: HistoryDate, end: HistoryDate | None = None, lang: str = "fr") -> dict:
    """A timeline date in parts, so one part can print large: {ends: [{before, day, month}], year}.

    Days as always: one day or one month, the month in full (« 5–6 septembre 1944 »); two months,
    both abbreviated alike (« 30 sept. – 1ᵉʳ oct. »); two years, each end with its year. Any other
    date of history: its ends as `end_parts` writes them (« 1850 » – « 1950 »).
    """
    first, *rest = start.edtf.split("/")
    last = end.edtf if end else (rest[0] if rest else None)
    if is_plain_day(first) and (last is None or is_plain_day(last)):
        return day_span(first, last, lang)
    if last is None:
        return {"ends": [end_parts(first, lang)], "year": ""}
    ends = [end_parts(first, lang), end_parts(last, lang)]
    era = history_words(lang)["before_era"]
    if ends[0]["month"] == era and ends[1]["month"] == era and not ends[0]["before"]:
        ends[0]["month"] = ""  # « 100–52 av. J.-C. »: the era once
    elif first.startswith("-") and not last.startswith("-"):  # across the eras: both named
        ends[1]["month"] = f"{ends[1]['month']} {history_words(lang)['in_era']}".strip()
    return {"ends": ends, "year": ""}


def day_span(first: str, last: str | None, lang: str) -> dict:
    start = tuple(int(v) for v in first.split("-"))
    end = tuple(int(v) for v in last.split("-")) if last else None
    words = history_words(lang)
    if end is None or start[:2] == end[:2]:
        day = day_of_month(start[2], lang) + (f"–{day_of_month(end[2], lang)}" if end else "")
        return {"ends": [{"before": "", "day": day,
                          "month": words["span_month"].format(month=month_of(start[1], lang))}],
                "year": words["span_year"].format(year=start[0])}
    across_years = start[0] != end[0]
    ends = []
    for d in (start, end):
        month = words["span_month"].format(month=short_month(d[1], lang))
        ends.append({"before": "", "day": day_of_month(d[2], lang),
                     "month": with_year(month, d[0], lang) if across_years else month})
    return {"ends": ends, "year": "" if across_years else words["span_year"].format(
        year=start[0])}


def span_text(span: dict) -> str:
    """A span as one line of text: « 5–6 septembre 1944 », « 1850–1950 », « 100–52 av. J.-C. »,
    « mars 1884 – juin 1890 »: the en dash is spaced unless the first end is a lone figure."""
    ends = span["ends"]
    words = [NBSP.join(filter(None, (end["before"], end["day"], end["month"]))) for end in ends]
    lone = not (ends[0]["before"] or ends[0]["month"]) and not ends[-1]["before"]
    return f"{('–' if lone else ' – ').join(words)} {span['year']}".strip()


def history_text(when: HistoryDate, lang: str = "fr") -> str:
    """A date of history as one line, in the language's typography."""
    return written(when, lang, phrasebook(lang))


@lru_cache(maxsize=4096)
def written(when: HistoryDate, lang: str, book) -> str:
    """`history_text`, once a date, a language and a phrasebook (a phrasebook saved during
    `serve` is a new one): a thousand artefacts dated « 1944 » are written once."""
    return span_text(span_parts(when, None, lang))


def dated_text(typed: Prose | None) -> Prose | None:
    """An artefact's date as read: a date of history is kept as one (`DatedText`, printed per
    language from its EDTF); any other text (« fin du règne de Louis XV ») is kept as typed, so
    nothing the user wrote is lost. The main language's text decides; a translation that is a
    date of history prints from its own EDTF, any other translation as typed, and a language
    without one prints the date in its own words."""
    if typed is None:
        return None
    try:
        when = parse_history(typed.main)
    except NotHistory:
        return typed
    texts = {typed.main_lang: history_text(when, typed.main_lang)}
    translated = dict(typed.texts)
    for lang in LANGUAGES.get()[1:]:
        given = translated.get(lang)
        try:
            texts[lang] = history_text(parse_history(given), lang) if given else \
                history_text(when, lang)
        except NotHistory:
            texts[lang] = given or ""
    return DatedText(tuple(texts.items()), when=when)
