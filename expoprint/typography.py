"""Typography of the printed text: French rules for French, English rules for English.

Every prose field passes through `typeset` exactly once, before any product lays it out, so the
poster, the leaflet and the labels agree. Dates and hours are written here too, from the typed
values, never from the author's spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time
from functools import cache, lru_cache
from itertools import pairwise

NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and inside « »
NBSP = "\u00a0"  # no-break space: before :, between a number and its unit
SUP = {"e": "\u1d49", "er": "\u1d49\u02b3", "re": "\u02b3\u1d49"}

URL = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+\.\S+)")


def _outside_urls(text: str, rules: Iterable[tuple[re.Pattern[str], str]]) -> str:
    """Apply rules to the prose between web addresses, which must print untouched."""
    parts = URL.split(text)
    for index in range(0, len(parts), 2):
        for pattern, replacement in rules:
            parts[index] = pattern.sub(replacement, parts[index])
    return "".join(parts)


UPPER = "A-ZÀ-ÖØ-Þ"
# A number is a quantity, and is grouped, unless it is a reference (n°, inv., tél.), carries a
# leading zero (a telephone, a postcode such as 01000) or is a postcode before its city:
# "69007 Lyon" and "n° 12345" stay whole, "17000 soldats" becomes "17 000 soldats".
NOT_A_QUANTITY = ("".join(rf"(?<!{re.escape(word)} )" for word in ("n°", "N°", "nº", "no.", "No.",
                                                                    "Inv.", "inv.", "Tél.", "tél.",
                                                                    "Tel.", "tel."))
                  + rf"(?<![\w.,])(?!0)(?!\d{{5}} [{UPPER}])")
QUANTITY = re.compile(NOT_A_QUANTITY + r"\b(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{5,})\b(?![,.]\d)")
TELEPHONE = re.compile(r"\b0\d(?: \d\d){4}\b")


def group_digits(number: str, separator: str) -> str:
    digits = re.sub(r"\D", "", number)
    head = len(digits) % 3 or 3
    return separator.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


# Words that must not end a line: a particle before its name ("de Lattre", "von Choltitz"), a
# number before its noun or unit ("28 FFI", "400 morts", "10 h"), initials before a surname.
KEEP_TOGETHER = [
    (re.compile(rf"(?<!\S)(de|du|des|von|van|der|den|di|da|del|della|dos|ten|ter) (?=[{UPPER}])"),
     f"\\1{NBSP}"),
    (re.compile(r"(\d(?:ᵉʳ|ʳᵉ|ᵉ)?) (?=[^\W\d_])"), f"\\1{NBSP}"),
    (re.compile(r"(?<=\d) (?=[€$£%])"), NNBSP),
    (re.compile(rf"(?<![\w.])((?:[{UPPER}]\.[-\u2011]?)+) (?=[{UPPER}][a-zß-ÿ])"), f"\\1{NBSP}"),
]

FRENCH_RULES = [
    (re.compile(r"\s+"), " "),
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"'"), "’"),
    # Straight and English quotes become guillemets: Word's “…” must not print in a French text.
    (re.compile(r'"\s*([^"]*?)\s*"'), f"«{NNBSP}\\1{NNBSP}»"),
    (re.compile(r"“\s*([^”]*?)\s*”"), f"«{NNBSP}\\1{NNBSP}»"),
    (re.compile(r"«[\s\u00a0\u202f]*"), f"«{NNBSP}"),
    (re.compile(r"[\s\u00a0\u202f]*»"), f"{NNBSP}»"),
    (re.compile(r"(?<=[^\s;!?])[ \u00a0\u202f]*([;!?]+)"), f"{NNBSP}\\1"),
    (re.compile(r"(?<=[^\s:])[ \u00a0\u202f]*:(?=\s|$)"), f"{NBSP}:"),
    # Capitals keep their accents; only the unambiguous case: "A" alone opening a sentence.
    (re.compile(r"(?:(?<=^)|(?<=[.!?…] )|(?<=«\u202f))A (?=\w)"), "À "),
    # Ordinals: 1er, 1re, 3e with superior letters; "3ème", "3eme", "3ième" are corrected.
    (re.compile(r"\b1(?:er)\b"), "1" + SUP["er"]),
    (re.compile(r"\b1(?:re|ère)\b"), "1" + SUP["re"]),
    (re.compile(r"\b(\d+)(?:ème|eme|ième|e)\b"), "\\1" + SUP["e"]),
    # Hours: 10h00 → 10 h, 17h30 → 17 h 30.
    (re.compile(r"\b(\d{1,2}) ?h ?00\b"), f"\\1{NBSP}h"),
    (re.compile(r"\b(\d{1,2}) ?h ?([0-5]\d)\b"), f"\\1{NBSP}h{NBSP}\\2"),
    (re.compile(r"\b(\d{1,2})h\b"), f"\\1{NBSP}h"),
    # Thousands of a quantity: 17000 and 17 000 → 17 000 with a narrow no-break space.
    (QUANTITY, lambda match: group_digits(match.group(), NNBSP)),
    (TELEPHONE, lambda match: match.group().replace(" ", NBSP)),
    (re.compile(r"\b(\d{1,2}) ?- ?(\d{1,2})\b"), "\\1–\\2"),
    (re.compile(r" - "), " – "),
    *KEEP_TOGETHER,
]

ENGLISH_RULES = [
    (re.compile(r"\s+"), " "),
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r'"\s*([^"]*?)\s*"'), "“\\1”"),
    (re.compile(r"«[\s\u00a0\u202f]*([^»]*?)[\s\u00a0\u202f]*»"), "“\\1”"),
    (re.compile(r"'"), "’"),
    (re.compile(r"[ \u00a0\u202f]+([;:!?,])"), "\\1"),
    (QUANTITY, lambda match: group_digits(match.group(), ",")),
    (re.compile(r"\b(\d{1,2}) ?- ?(\d{1,2})\b"), "\\1–\\2"),
    (re.compile(r" - "), " – "),
    *KEEP_TOGETHER,
]


@lru_cache(maxsize=8192)
def typeset(text: str, lang: str = "fr") -> str:
    """Apply the typographic rules of the text's language; the result is still plain text."""
    rules = FRENCH_RULES if lang == "fr" else ENGLISH_RULES
    return _outside_urls(text.strip(), rules)


SHORT_WORD = re.compile(r"(?<!\S)(\w{1,2}) (?=\S)")


def bind_short_words(text: str) -> str:
    """Keep one- and two-letter words with the next word, as French display type does."""
    return SHORT_WORD.sub(f"\\1{NBSP}", text)


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


def format_dates(days: tuple[date, ...] | list[date], lang: str = "fr") -> str:
    """`21 et 22 septembre 2024`, `du 21 au 23 septembre 2024`, `30 septembre et 1er octobre`."""
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


def format_hours(opens: time, closes: time, lang: str = "fr") -> str:
    """`de 10 h à 17 h`, `10 am to 5 pm`."""
    if lang == "fr":
        return f"de {format_hour(opens, lang)} à {format_hour(closes, lang)}"
    return f"{format_hour(opens, lang)} to {format_hour(closes, lang)}"


def format_number(value: int, lang: str = "fr") -> str:
    """Thousands grouped the way each language prints them (17 000, 17,000)."""
    grouped = f"{value:,}"
    return grouped.replace(",", NNBSP) if lang == "fr" else grouped
