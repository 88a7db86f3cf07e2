"""Weekdays and months as people type them, in French and English: the readers' vocabulary.

Compared without case, accents or spaces (`Août`, `aout`, `AOÛT`), singular or plural
(`mardis`), whole or abbreviated as calendars write them (`mar`, `tue`, `sept`, `Aug`).
"""

from __future__ import annotations

import unicodedata

from ..i18n import language
from ..wording import WEEKDAY_NAMES as PRINTED


def plain_word(text: str) -> str:
    """Lower case, no accents, no spaces, no final dot: how a typed name is compared."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower().rstrip("."))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and not ch.isspace())


# as compared (lower case); the printed names are `wording.WEEKDAY_NAMES`
WEEKDAY_NAMES = {lang: [name.lower() for name in names] for lang, names in PRINTED.items()}
_WEEKDAY_SHORT = [("lun", "mon"), ("mar", "tue", "tues"), ("mer", "wed"), ("jeu", "thu", "thur",
                  "thurs"), ("ven", "fri"), ("sam", "sat"), ("dim", "sun")]
WEEKDAYS: dict[str, int] = {
    **{name + plural: day for names in WEEKDAY_NAMES.values()
       for day, name in enumerate(names) for plural in ("", "s")},
    **{short: day for day, shorts in enumerate(_WEEKDAY_SHORT) for short in shorts},
}

_MONTH_NAMES = [
    ("janvier", "january", "janv", "jan"), ("fevrier", "february", "fevr", "fev", "feb"),
    ("mars", "march", "mar"), ("avril", "april", "avr", "apr"), ("mai", "may"),
    ("juin", "june", "jun"), ("juillet", "july", "juil", "jul"), ("aout", "august", "aug"),
    ("septembre", "september", "sept", "sep"), ("octobre", "october", "oct"),
    ("novembre", "november", "nov"), ("decembre", "december", "dec")]
MONTHS: dict[str, int] = {
    **{name: month for month, names in enumerate(_MONTH_NAMES, 1) for name in names},
    **{str(month): month for month in range(1, 13)},
    **{f"{month:02d}": month for month in range(1, 10)},
}


def weekday_word(day: int) -> str:
    """A weekday in the reader's language, for a message."""
    return PRINTED[language()][day]  # every interface language has a phrasebook
