"""Typography of the printed text: each language's rules, from its phrasebook's `typography:`.

Every prose field passes through `typeset` exactly once, before any product lays it out, so the
poster, the leaflet and the labels agree. Dates and hours are written here too, from the typed
values, never from the author's spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache

from .phrasebook import languages, phrasebook

NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and inside « »
NBSP = "\u00a0"  # no-break space: before :, between a number and its unit
SUP = {"e": "\u1d49", "er": "\u1d49\u02b3", "re": "\u02b3\u1d49"}


def format_number(value: int, lang: str = "fr") -> str:
    """Thousands grouped the way each language prints them (17 000, 17,000): "1,500" in English
    reads as one and a half in French."""
    return f"{value:,}".replace(",", phrasebook(lang)["typography"]["thousands"])

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
    # « n° 3 » never ends a line between the sign and its number (a label once read « n° / 3 »).
    (re.compile(r"(?<!\w)([nN][°º]|No\.|no\.) ?(?=\d)"), f"\\1{NBSP}"),
    (re.compile(r"(\d(?:ᵉʳ|ʳᵉ|ᵉ)?) (?=[^\W\d_])"), f"\\1{NBSP}"),
    (re.compile(r"(?<=\d) (?=[€$£%])"), NNBSP),
    (re.compile(rf"(?<![\w.])((?:[{UPPER}]\.[-\u2011]?)+) (?=[{UPPER}][a-zß-ÿ])"), f"\\1{NBSP}"),
]

# A run takes an en dash (« salles 10–12 »), and so does a run of years (« 1914–1918 »,
# « 1939–45 »); an ISO date (2025-03-01) is not one.
YEAR_RANGE = (re.compile(r"(?<![\d–-])(\d{3,4}) ?- ?(\d{2}|\d{4})(?![\d–-])"), "\\1–\\2")
SMALL_RANGE = (re.compile(r"(?<![\d–-])\b(\d{1,2}) ?- ?(\d{1,2})\b(?![–-]\d)"), "\\1–\\2")

# Each language's rules are made from its phrasebook's `typography:` (`rules_of`): its quotes,
# the spaces before ; : ! ?, its thousands, and French's own corrections (ordinals, typed hours,
# the capital À, telephone numbers).
SPACES = "[ \u00a0\u202f]"
GUILLEMETS = "«»‹›"
FOREIGN_QUOTES = [("“", "”"), ("«", "»")]  # quotes typed in a text that take the language's own


def rules_of(lang: str) -> list[tuple[re.Pattern[str], object]]:
    """The rules of `lang`'s typography, in the order they apply."""
    return _rules(phrasebook(lang))


@cache
def _rules(book) -> list[tuple[re.Pattern[str], object]]:
    style = book["typography"]
    opens, closes = style["quotes"]
    rules: list[tuple[re.Pattern[str], object]] = [
        (re.compile(r"\s+"), " "),
        (re.compile(r"\.\.\."), "…"),
        (re.compile(r"'"), "’"),
        (re.compile(r'"\s*([^"]*?)\s*"'), f"{opens}\\1{closes}"),
    ]
    for o, c in FOREIGN_QUOTES:
        if (o, c) != (opens.strip(), closes.strip()):
            rules.append((re.compile(rf"{o}[\s\u00a0\u202f]*([^{c}]*?)[\s\u00a0\u202f]*{c}"),
                          f"{opens}\\1{closes}"))
    if opens.strip() in GUILLEMETS:  # « with the language's own spaces inside, or none
        rules += [(re.compile(rf"{re.escape(opens.strip())}[\s\u00a0\u202f]*"), opens),
                  (re.compile(rf"[\s\u00a0\u202f]*{re.escape(closes.strip())}"), closes)]
    before = style["space_before"] or {}
    marks = re.escape("".join(mark for mark in before if mark != ":"))
    if marks:
        space = next(before[mark] for mark in before if mark != ":")
        rules.append((re.compile(rf"(?<=[^\s{marks}]){SPACES}*([{marks}]+)"), f"{space}\\1"))
    if ":" in before:
        rules.append((re.compile(rf"(?<=[^\s:]){SPACES}*:(?=\s|$)"), f"{before[':']}:"))
    if not before:
        rules.append((re.compile(rf"{SPACES}+([;:!?,])"), "\\1"))
    if style["capital_a"]:
        # Capitals keep their accents; only the unambiguous case: "A" alone opening a sentence.
        rules.append((re.compile(r"(?:(?<=^)|(?<=[.!?…] )|(?<=«\u202f))A (?=\w)"), "À "))
    if style["ordinals"]:
        # Ordinals: 1er, 1re, 3e with superior letters; "3ème", "3eme", "3ième" are corrected.
        rules += [(re.compile(r"\b1(?:er)\b"), "1" + SUP["er"]),
                  (re.compile(r"\b1(?:re|ère)\b"), "1" + SUP["re"]),
                  (re.compile(r"\b(\d+)(?:ème|eme|ième|e)\b"), "\\1" + SUP["e"])]
    if style["typed_hours"]:
        # Hours: 10h00 → 10 h, 17h30 → 17 h 30.
        rules += [(re.compile(r"\b(\d{1,2}) ?h ?00\b"), f"\\1{NBSP}h"),
                  (re.compile(r"\b(\d{1,2}) ?h ?([0-5]\d)\b"), f"\\1{NBSP}h{NBSP}\\2"),
                  (re.compile(r"\b(\d{1,2})h\b"), f"\\1{NBSP}h")]
    # Thousands of a quantity: 17000 and 17 000 → 17 000 (17,000; 17.000).
    thousands = style["thousands"]
    rules.append((QUANTITY, lambda match: group_digits(match.group(), thousands)))
    if style["telephone"]:
        rules.append((re.compile(style["telephone"]),
                      lambda match: match.group().replace(" ", NBSP)))
    return [*rules, SMALL_RANGE, YEAR_RANGE, (re.compile(r" - "), " – "), *KEEP_TOGETHER]


# Every character a rule above may write into a text (beside the digits and letters it moves):
# a text whose own characters and these are all in the fonts prints without a missing glyph,
# whatever the rules do to it. tests/test_typography.py reads the rules to keep this complete.
WRITTEN_BY_RULES = frozenset(" " + NNBSP + NBSP + "…’«»“”„À–,." + "".join(SUP.values()))


def typeset(text: str, lang: str = "fr") -> str:
    """Apply the typographic rules of the text's language; the result is still plain text."""
    return _typeset(text, phrasebook(lang))


@lru_cache(maxsize=8192)
def _typeset(text: str, book) -> str:  # by the phrasebook read, so an edited one applies
    return _outside_urls(text.strip(), _rules(book))


SHORT_WORD = re.compile(r"(?<!\S)(\w{1,2}) (?=\S)")


def colon(lang: str) -> str:
    """A colon after a label, with the space the language puts before it: « Prêt : », "Lender:"."""
    return f"{(phrasebook(lang)['typography']['space_before'] or {}).get(':', '')}:"


def bind_short_words(text: str) -> str:
    """Keep one- and two-letter words with the next word, as French display type does."""
    return SHORT_WORD.sub(f"\\1{NBSP}", text)


# Where a word may be hyphenated: at least 3 letters each side of the break, counted from an
# elision or a hyphen already in the word (« d’in-fanterie » leaves 2), never at that hyphen
# (« Saint- / Ferjeux »). Labels, drawn by our own line breaker, and the HTML products' check of
# WeasyPrint's breaks (html/measure.py) follow the same rule.
MIN_FRAGMENT = 3
JOINS = re.compile(r"[’'\-\u2010\u2011]")
# Each language breaks by its phrasebook's pyphen dictionary: English by the American patterns
# (« vic-to-ries »): pyphen's en and en_GB dictionaries give « victor-ies », which a print shop
# marks as wrong.
class _Hyphenation(Mapping):
    """pyphen's dictionary for each language with a phrasebook (its `hyphenation:`)."""

    def __getitem__(self, lang: str) -> str:
        from .errors import ExpoprintError

        try:
            return phrasebook(lang)["hyphenation"]
        except ExpoprintError:
            raise KeyError(lang) from None

    def __iter__(self) -> Iterator[str]:
        return iter(languages())

    def __len__(self) -> int:
        return len(languages())


HYPHENATION: Mapping[str, str] = _Hyphenation()


def good_break(head: str, tail: str) -> bool:
    """Whether a word split into `head` / `tail` follows the house's rules."""
    if not head or not tail or JOINS.fullmatch(head[-1]) or JOINS.fullmatch(tail[0]):
        return False
    first, last = JOINS.split(head)[-1], JOINS.split(tail)[0]
    return (sum(c.isalpha() for c in first) >= MIN_FRAGMENT
            and sum(c.isalpha() for c in last) >= MIN_FRAGMENT)
