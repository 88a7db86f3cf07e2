"""Dates of history as people type them, kept as EDTF (the Library of Congress's Extended Date/Time
Format, ISO 8601-2), the standard museums catalogue with.

A timeline's `date` and `end` and an artefact's `date` may be a day, a year (`1850`), a month
(`1884-03`, « mars 1884 »), an approximate or uncertain date (« vers 1900 », `1900~`, `1900?`,
"c. 1900"), a season (« printemps 1884 »), a decade (« années 1850 »), a century (« XVIIᵉ siècle »,
"17th century"), a year before the common era (« 52 av. J.-C. », `-0051`, "52 BC"), or an interval of
any two of them (« 1850–1950 », `1850/1950`, « de 1850 à 1950 »). The French and English forms are
turned into EDTF here; the `edtf` package then checks the result and gives its first and last day,
so the model holds a standard string and an order, never our reading of the words. Printing is in
`history_text`.

Years are astronomical, as in EDTF: `0000` is 1 BC and `-0051` is 52 BC.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..i18n import _
from ..mapping import Mapping
from ..yamlnodes import quote
from .model import Prose


@dataclass(frozen=True)
class HistoryDate:
    """A date of history: its EDTF string, and its first and last day as (year, month, day) in
    astronomical years, which order dates of any era and precision without a calendar library
    (Python's dates stop at year 1)."""

    edtf: str
    earliest: tuple[int, int, int]
    latest: tuple[int, int, int]


@dataclass(frozen=True, kw_only=True)
class DatedText(Prose):
    """An artefact's date that reads as a date of history: `texts` hold it as printed in each
    language, `when` the date itself, so every product prints it like any other text."""

    when: HistoryDate


class NotHistory(ValueError):
    """A text that is no date of history; `kind` says why: "form", "calendar", "order" or
    "short-run" (`1914-21`: a run of years cut short, or EDTF's season in digits)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


# --- the words ------------------------------------------------------------------------------------

MONTHS = {
    # French, with and without accents, and the abbreviations in use; then English.
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "october": 10, "november": 11, "december": 12,
}
SEASONS = {"printemps": 21, "ete": 22, "automne": 23, "hiver": 24,
           "spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
MONTH = rf"(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?"
APPROXIMATE = re.compile(r"^(?:vers(?: le| la| l'| les)?|v\.|env\.|environ|circa|ca\.?|c\.|"
                         r"about|around|approx\.|approximately) ")
UNCERTAIN = re.compile(r" ?\?$")
BEFORE_ERA = re.compile(r" (?:av\.?|avant) ?j\.? ?-? ?c\.?$| (?:av\.?|avant) (?:notre|n\.) ?ere$"
                        r"| b\.? ?c\.?(?: ?e\.?)?$")
IN_ERA = re.compile(r" (?:apr\.?|ap\.?|apres) ?j\.? ?-? ?c\.?$| a\.? ?d\.?$| c\.? ?e\.?$|^a\.?d\.? ")
YEAR = r"(?P<year>\d{1,4})"

CORE_FORMS = [
    # EDTF as it is written: 1850, 1884-03, 1884-03-14, -0051, 1900~, 16XX, 185X
    ("edtf", re.compile(r"(?P<edtf>-?\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{2}xx|\d{3}x)(?P<q>[~?%])?")),
    ("dmy", re.compile(r"(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})")),
    ("my", re.compile(r"(?P<month>\d{1,2})[/.](?P<year>\d{4})")),
    ("day", re.compile(rf"(?P<day>\d{{1,2}})(?:er)? {MONTH},? {YEAR}")),
    ("day", re.compile(rf"{MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? {YEAR}")),
    ("month", re.compile(rf"{MONTH},? {YEAR}")),
    ("season", re.compile(rf"(?P<season>{'|'.join(SEASONS)}) (?:de |of )?{YEAR}")),
    ("decade", re.compile(r"(?:les )?annees (?P<decade>\d{3}0)|(?P<decade_en>\d{3}0)'?s")),
    ("century", re.compile(r"(?P<century>[ivxlc]+|\d{1,2}) ?(?:e|eme|em|er|°|th|st|nd|rd) ?"
                           r"(?:siecle|s\.|century|cent\.|c\.)")),
    ("year", re.compile(YEAR)),
]
# Between the two ends of an interval, in the order tried: words first, so « de 1850 à 1950 »
# is not read as one end « de 1850 ».
INTERVALS = [
    re.compile(r"^(?:de|du|from) (?P<a>.+?) (?:a|au|to|until|till) (?P<b>.+)$"),
    re.compile(r"^(?P<a>.+?) ?/ ?(?P<b>.+)$"),
    re.compile(r"^(?P<a>.+?) (?:-|–|—|a|to) (?P<b>.+)$"),
    re.compile(r"^(?P<a>.+?)(?:–|—)(?P<b>.+)$"),
    re.compile(r"^(?P<a>-?\d{1,4})-(?P<b>\d{3,4})$"),  # 1850-1950: a month has two digits
]


def folded(text: str) -> str:
    """The text as the patterns read it: compatibility forms (ᵉ is e, a no-break space is a
    space), no accents, no case, single spaces."""
    if text.isascii():  # « 1944 », "circa 1900": nothing to decompose
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
    return " ".join(text.split())


# --- reading ------------------------------------------------------------------------------------

def parse_history(text: str) -> HistoryDate:
    """The date of history a text says, or NotHistory."""
    return _parse(folded(text))


@lru_cache(maxsize=4096)
def _parse(text: str) -> HistoryDate:
    """Cached: a thousand labels dated « XIXᵉ siècle » are read once."""
    for pattern in INTERVALS:
        match = pattern.match(text)
        if match and (ends := interval_ends(match["a"], match["b"])):
            start, end = ends
            if start.earliest > end.latest:
                raise NotHistory("order")
            return checked(f"{start.edtf}/{end.edtf}")
    return checked(point(text))


def interval_ends(a: str, b: str) -> tuple[HistoryDate, HistoryDate] | None:
    """Both ends, when both read as dates; « 100–52 av. J.-C. »: the era of the last end is the
    first's too when the first has none."""
    try:
        end = checked(point(b))
        if BEFORE_ERA.search(b) and not BEFORE_ERA.search(a) and not IN_ERA.search(a):
            a += b[BEFORE_ERA.search(b).start():]
        return checked(point(a)), end
    except NotHistory as refused:
        if refused.kind == "calendar":
            raise
        return None


def point(text: str) -> str:
    """One date as EDTF, without checking it."""
    approximate = uncertain = False
    if match := APPROXIMATE.match(text):
        approximate, text = True, text[match.end():]
    if match := UNCERTAIN.search(text):
        uncertain, text = True, text[:match.start()]
    before_era = in_era = False
    if match := BEFORE_ERA.search(text):
        before_era, text = True, text[:match.start()]
    elif match := IN_ERA.search(text):
        in_era, text = True, text[:match.start()] + text[match.end():]
    core = core_edtf(text.strip(), before_era, in_era)
    if core.endswith(("~", "?", "%")):  # typed in EDTF: a word besides it would say it twice
        if approximate or uncertain:
            raise NotHistory("form")
        return core
    qualifier = "%" if approximate and uncertain else "~" if approximate else "?" if uncertain else ""
    return core + qualifier


def core_edtf(text: str, before_era: bool, in_era: bool = False) -> str:
    """`in_era`: the era is written (« 14 apr. J.-C. »), so a year of one or two digits is one."""
    kind, match = next(((kind, found) for kind, pattern in CORE_FORMS
                        if (found := pattern.fullmatch(text))), ("", None))
    if match is None:
        raise NotHistory("form")
    groups = match.groupdict()
    if kind == "edtf":
        # EDTF's `1914-21` is a season and `1936-38` a semester: typed as digits they are far
        # likelier a run of years cut short (« 1914–21 »), so they are refused, never printed
        # « printemps 1914 »; a season is typed in words (« printemps 1914 »).
        month = match["edtf"].lstrip("-")[5:7]
        if before_era:
            raise NotHistory("form")
        if month and int(month) > 20:
            raise NotHistory("short-run")
        return match["edtf"].upper() + (match["q"] or "")
    if kind == "century":
        number = roman(groups["century"]) if groups["century"].isalpha() else int(groups["century"])
        if not 1 <= number <= 21 or before_era:
            raise NotHistory("form")
        return f"{number - 1:02d}XX"
    if kind == "decade":
        return (groups["decade"] or groups["decade_en"])[:3] + "X"
    year = int(groups["year"])
    if before_era:
        if year == 0:
            raise NotHistory("form")
        year = 1 - year  # astronomical: 1 BC is year 0
    elif kind == "year" and len(groups["year"]) < 3 and not in_era:
        raise NotHistory("form")  # « 12 » alone is a number, not a year
    shown = f"-{-year:04d}" if year < 0 else f"{year:04d}"
    if kind == "season":
        return f"{shown}-{SEASONS[groups['season']]}"
    if kind == "year":
        return shown
    month = groups["month"]
    month_number = MONTHS[month] if month.isalpha() else int(month)
    if kind in ("month", "my"):
        if not 1 <= month_number <= 12:
            raise NotHistory("calendar")
        return f"{shown}-{month_number:02d}"
    return f"{shown}-{month_number:02d}-{int(groups['day']):02d}"


def roman(numeral: str) -> int:
    values = [ROMAN[ch] for ch in numeral]
    total = sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))
    if to_roman(total) != numeral.upper():  # « IIX » is no numeral
        raise NotHistory("form")
    return total


def to_roman(number: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out += letters * count
    return out


CALENDAR_SHAPE = re.compile(r"-?\d{4}-\d{2}(?:-\d{2})?[~?%]?")


@lru_cache(maxsize=4096)
def checked(edtf_text: str) -> HistoryDate:
    """The EDTF string as the `edtf` package reads it, with its first and last day; a day that is
    not in the calendar (« 31/09/1944 ») is refused as such.

    ISO 8601's own days, months and years of the common era (EDTF level 0, what a spreadsheet of
    a thousand labels holds) are bounded by the calendar instead: the package's grammar takes
    4 ms a value, and a thousand dated labels would wait four seconds for what `calendar` says
    at once. A test holds the two readings equal."""
    if bounds := calendar_bounds(edtf_text):
        return HistoryDate(edtf_text, *bounds)
    from edtf import parse_edtf  # pyparsing grammar: built at the first date, not at start-up
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(edtf_text)
        earliest, latest = parsed.lower_strict()[:3], parsed.upper_strict()[:3]
    except (EDTFParseException, ValueError, TypeError, OverflowError) as exc:
        # A month or a day out of the calendar (« 31/09/1944 », `1884-13`), or no EDTF at all.
        shaped = all(CALENDAR_SHAPE.fullmatch(part) for part in edtf_text.split("/"))
        raise NotHistory("calendar" if shaped else "form") from exc
    return HistoryDate(edtf_text, tuple(earliest), tuple(latest))


LEVEL_0 = re.compile(r"(?!0000)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
Day = tuple[int, int, int]


def calendar_bounds(edtf_text: str) -> tuple[Day, Day] | None:
    """First and last day of an EDTF level 0 date or interval of the common era; None for any
    other EDTF."""
    ends = [LEVEL_0.fullmatch(part) for part in edtf_text.split("/")]
    if len(ends) > 2 or not all(ends):
        return None
    bounds = []
    for match in ends:
        year, month, day = (int(part) if part else None for part in match.groups())
        if month is not None and not 1 <= month <= 12:
            return None  # a season (`1884-21`), or no month: the package says which
        last = calendar.monthrange(year, month)[1] if month else 31
        if day is not None and not 1 <= day <= last:
            raise NotHistory("calendar")
        bounds.append(((year, month or 1, day or 1), (year, month or 12, day or last)))
    return bounds[0][0], bounds[-1][1]


# --- in a content file --------------------------------------------------------------------------

def accepted_forms() -> str:
    """The forms a message offers, in the user's language."""
    return _("write a day (1944-09-04, 4 September 1944), a year (1850), a month (1884-03, "
             "March 1884), c. 1900, 1900?, an interval (1850–1950, 1850/1950), a century (17th "
             "century) or a year before the common era (52 BC)")


def history_date(m: Mapping, key: str, required: bool = False,
                 example: str = "1944-09-04") -> HistoryDate | None:
    """A field that must hold a date of history; anything else is reported with the forms."""
    typed = m.text(key, required=required, example=example, max_len=80)
    if typed is None:
        return None
    try:
        return parse_history(typed)
    except NotHistory as refused:
        report_refusal(m, key, typed, refused)
        return None


def report_refusal(m: Mapping, key: str, typed: str, refused: NotHistory) -> None:
    if refused.kind == "calendar":
        m.error(key, _("'{value}' is not a real calendar date").format(value=quote(typed)),
                _("check the day and the month"))
    elif refused.kind == "order":
        m.error(key, _("'{value}' ends before it starts").format(value=quote(typed)),
                _("write the earlier date first, e.g. 1850–1950"))
    elif refused.kind == "short-run":
        year, tail = typed.strip()[:4], typed.strip()[5:7]
        century = year[:2] if tail > year[2:] else str(int(year[:2]) + 1)
        m.error(key, _("'{value}' is not a month of {year}").format(value=quote(typed),
                                                                    year=year),
                _("write a run of years in full, e.g. {run}, and a season in words, e.g. "
                  "printemps {year}").format(run=f"{year}–{century}{tail}", year=year))
    else:
        m.error(key, _("'{value}' is not a date of history").format(value=quote(typed)),
                accepted_forms())
