"""The content model: what an exhibition is, once read and checked. Plain frozen data.

Prose fields carry the main language's text and the translations the content gives (`title_en`,
`title_de`…). Every product reads these types; none reads YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:  # history reads dates into these types and imports Prose from here
    from .history import HistoryDate

PLACEHOLDER_RE = re.compile(
    r"example\.(org|com|net)|à compléter|a completer|lorem ipsum|\bTODO\b|\bXXX+\b|\bTBD\b",
    re.IGNORECASE)
# A piece of every placeholder above, in small letters: a text that holds none (once lowered)
# holds no placeholder, and a substring test is ten times quicker than the search (a thousand
# artefacts' texts in 1.5 ms, not 18). None of their letters has a case-blind twin that
# lower() misses (as ſ is an s to the search): tests/test_content.py holds the two in step.
PLACEHOLDER_PIECES = ("example.", "compl", "lorem", "todo", "xxx", "tbd")


def may_hold_placeholder(text: str) -> bool:
    lowered = text.lower()
    return any(piece in lowered for piece in PLACEHOLDER_PIECES)


@dataclass(frozen=True)
class Prose:
    """A text in the content's languages: the main language's (the key as written, `title`),
    then each translation the content gives (`title_de`, a « Titre (allemand) » column, a
    translator's file), in the order of `languages`. A language without its translation reads the
    main text, and `lang_for` says so, for typesetting rules and language tags."""

    texts: tuple[tuple[str, str], ...]  # (language, text), the main language first

    @classmethod
    def of(cls, texts: dict[str, str | None]) -> Prose:
        """From a mapping language → text, the main language first; empty translations are
        left out."""
        return cls(tuple((lang, text) for lang, text in texts.items() if text is not None))

    @property
    def main(self) -> str:
        return self.texts[0][1]

    @property
    def main_lang(self) -> str:
        return self.texts[0][0]

    def has(self, lang: str) -> bool:
        return any(code == lang for code, _text in self.texts)

    def lang_for(self, lang: str) -> str:
        """The language of the text `get(lang)` gives: `lang`, or the main one standing in."""
        return lang if self.has(lang) else self.main_lang

    def get(self, lang: str) -> str:
        return dict(self.texts).get(lang, self.main)

    def translation(self, lang: str) -> str | None:
        return dict(self.texts).get(lang)

    def with_text(self, lang: str, text: str) -> Prose:
        """This text with `lang`'s translation given (a translator's file adds it)."""
        return replace(self, texts=(*((code, t) for code, t in self.texts if code != lang),
                                    (lang, text)))


@dataclass(frozen=True)
class EasyRead:
    """An easy-to-read text (FALC, « facile à lire et à comprendre »): short sentences, one a line
    as the author typed them, per language, the main one first. Each line keeps its line in its
    file (a spreadsheet's row), so the easy-read check can name the very line that breaks a rule."""

    texts: tuple[tuple[str, tuple[str, ...], tuple[int, ...]], ...]  # (language, lines, their lines)

    @property
    def main_lang(self) -> str:
        return self.texts[0][0]

    def has(self, lang: str) -> bool:
        return any(code == lang for code, _lines, _numbers in self.texts)

    def lang_for(self, lang: str) -> str:
        return lang if self.has(lang) else self.main_lang

    def get(self, lang: str) -> tuple[str, ...]:
        return next((lines for code, lines, _n in self.texts if code == lang), self.texts[0][1])


@dataclass(frozen=True)
class Venue:
    name: str
    city: str
    address: str | None = None
    postcode: str | None = None  # as written: "01000" keeps its zero, "25000" is never grouped


@dataclass(frozen=True)
class Dates:
    """When the exhibition is on: the days listed, or a run from `first` to `last`, less the
    weekdays (0 is Monday) and the days it is closed."""

    first: date
    last: date
    days: tuple[date, ...] = ()  # the listed days; empty for a run
    closed_weekdays: tuple[int, ...] = ()
    closed_days: tuple[date, ...] = ()

    @property
    def is_run(self) -> bool:
        return not self.days

    @property
    def open_weekdays(self) -> tuple[int, ...]:
        """The weekdays it can be visited (those of the listed days, for a list)."""
        if self.days:
            return tuple(sorted({day.weekday() for day in self.days}))
        return tuple(day for day in range(7) if day not in self.closed_weekdays)


Period = tuple[time, time]  # opens, closes
Week = tuple[tuple[int, tuple[Period, ...]], ...]  # weekday (0 is Monday) → its periods, in order


@dataclass(frozen=True)
class Season:
    """A part of the year some hours hold in: months (1–12, any year), or a run of dates."""

    months: tuple[int, ...] = ()
    start: date | None = None
    end: date | None = None

    def holds(self, day: date) -> bool:
        if self.months:
            return day.month in self.months
        assert self.start and self.end
        return self.start <= day <= self.end


@dataclass(frozen=True)
class SeasonalHours:
    """The hours of some weekdays during a season, replacing the usual ones on those days
    (a weekday the exhibition is `closed` opens in that season if listed here)."""

    season: Season
    week: Week
    line: int  # of the rule, for messages


@dataclass(frozen=True)
class Opening:
    """The hours of one exceptional day (a bank holiday opened, a shortened Christmas Eve)."""

    day: date
    periods: tuple[Period, ...]
    note: Prose | None = None


@dataclass(frozen=True)
class Hours:
    """When the doors are open, resolved from the rules as typed: the usual week, the seasons
    that change it (narrowest last), the exceptional days, and the author's own sentence, which
    replaces the written one when the rules cannot say it."""

    week: Week = ()  # only the weekdays the rules name; `closed` weekdays are the Dates' to say
    seasons: tuple[SeasonalHours, ...] = ()
    openings: tuple[Opening, ...] = ()
    text: Prose | None = None

    def on(self, day: date, closed_weekdays: tuple[int, ...] = ()) -> tuple[Period, ...]:
        """The periods the doors are open on `day` (empty: closed), the exceptional day first,
        then the narrowest season, then the usual week."""
        for opening in self.openings:
            if opening.day == day:
                return opening.periods
        for seasonal in reversed(self.seasons):
            if seasonal.season.holds(day) and (found := dict(seasonal.week).get(day.weekday())):
                return found
        if day.weekday() in closed_weekdays:
            return ()
        return dict(self.week).get(day.weekday(), ())


@dataclass(frozen=True)
class Price:
    label: Prose
    amount: Decimal  # 0 prints « gratuit » / "free"


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Picture:
    """The exhibition's picture: a file in the content folder, its credit line, its text for
    screens, and the point every crop keeps (`focus`, in % of the width and the height)."""

    file: str  # as written, relative to the content folder
    line: int  # of `file`, for messages
    key: str = "image.file"  # the key that names the file, for messages
    credit: Prose | None = None
    alt: Prose | None = None
    focus: tuple[float, float] = (50.0, 50.0)


@dataclass(frozen=True)
class Partner:
    """An organiser or lender whose logo the poster and the leaflet carry, in the given order."""

    name: str
    logo: str  # a file in the content folder: SVG, PDF, PNG or JPEG
    line: int  # of `logo`, for messages
    key: str = "partners[1].logo"  # the key that names the file, for messages


@dataclass(frozen=True)
class Exhibition:
    title: Prose
    languages: tuple[str, ...]  # the kit's languages, the main one (that of plain keys) first
    dates: Dates
    hours: Hours
    venue: Venue
    admission: Prose | None = None  # a line of text, or
    prices: tuple[Price, ...] = ()  # a price list
    subtitle: Prose | None = None
    kind: Prose | None = None
    occasion: Prose | None = None
    highlight: Prose | None = None
    call_to_action: Prose | None = None
    about: tuple[Prose, ...] = ()
    accessibility: tuple[Prose, ...] = ()
    contact: Contact | None = None
    website: str | None = None
    qr_base_url: str | None = None
    motif: str | None = None
    style: tuple[tuple[str, tuple[float, float, float, float]], ...] = ()  # role → CMYK
    image: Picture | None = None
    partners: tuple[Partner, ...] = ()
    partners_heading: Prose | None = None  # « Avec le soutien de »
    logo: Partner | None = None  # the organiser's own logo (`logo`), in its own slot
    falc: EasyRead | None = None  # the exhibition told in easy-to-read sentences (optional)
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # key → line, for messages


@dataclass(frozen=True)
class Event:
    date: HistoryDate  # a day, a year, « vers 1900 », « XVIIᵉ siècle »… (or an interval)
    text: Prose
    end: HistoryDate | None = None
    title: Prose | None = None


@dataclass(frozen=True)
class Figure:
    value: int
    label: Prose


@dataclass(frozen=True)
class Timeline:
    heading: Prose
    events: tuple[Event, ...]
    summary: Prose | None = None
    figures: tuple[Figure, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # field → line, for messages


@dataclass(frozen=True)
class Artefact:
    id: str
    title: Prose
    source: str
    line: int
    date: Prose | None = None  # a history.DatedText when it reads as a date of history
    description: Prose | None = None
    lender: Prose | None = None
    inventory: str | None = None
    url: str | None = None
    room: str | None = None  # where it hangs, for the installers' list ("Salle 2")
    position: str | None = None  # and where in the room ("vitrine 4")
    image: str | None = None  # a photo of the object, a file in the content folder
    image_alt: Prose | None = None  # what the photo shows, for screens (required with `image`)
    falc: EasyRead | None = None  # the object told in easy-to-read sentences (optional)

    def field(self, name: str = "") -> str:
        """How a message names this artefact, or one of its fields: "objet 'lattre-01'.url"."""
        shown = _("artefact '{id}'").format(id=self.id)
        return f"{shown}.{name}" if name else shown


@dataclass
class Content:
    folder: Path
    exhibition: Exhibition
    timeline: Timeline | None
    artefacts: tuple[Artefact, ...] | None
    files: list[Path]
    warnings: list = field(default_factory=list)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the kit is made in, the main one first (`languages:`)."""
        return self.exhibition.languages

    @property
    def main_language(self) -> str:
        """The language of the content's own keys (`title`), the kit's first."""
        return self.exhibition.languages[0]


# Fields naming a file or a key: not text to print or to check for placeholders.
NOT_TEXT = ("file", "logo", "image", "key")
# Fields holding no text of the content's: where it was read, how it is drawn, a date's EDTF.
NOT_WALKED = ("source", "line", "lines", "style", "focus", "edtf")


def texts_in(value: object, skip: tuple[str, ...], out: list[str], name: str = "") -> list[str]:
    """The texts `walk_text` yields, without the paths it makes for each: what a quick look
    for a placeholder in a thousand artefacts needs (`warn_placeholders`), in a fifth of the
    time. `name` is the field holding `value`: a text in one of `NOT_TEXT` is no text.
    tests/test_content.py holds the two walks in step."""
    if isinstance(value, str):
        if name not in NOT_TEXT:
            out.append(value)
    elif isinstance(value, Prose):
        out.extend(text for _lang, text in value.texts)
    elif isinstance(value, tuple | list):
        for item in value:
            texts_in(item, skip, out)
    elif hasattr(value, "__dataclass_fields__"):
        for field_name in walked_fields(type(value), skip):
            item = getattr(value, field_name)
            # A label's fields, most of them none, a text or a Prose: not worth a call
            if item is None:
                continue
            if isinstance(item, str):
                if field_name not in NOT_TEXT:
                    out.append(item)
            elif isinstance(item, Prose):
                out.extend([text for _lang, text in item.texts])
            else:
                texts_in(item, skip, out, field_name)
    return out


@cache
def walked_fields(kind: type, skip: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for name in kind.__dataclass_fields__ if name not in skip)  # type: ignore[attr-defined]


def walk_text(value: object, path: str = "", skip: tuple[str, ...] = NOT_WALKED):
    """Every text of a model with its field path: (path, Prose or str)."""
    if isinstance(value, str) and path.rsplit(".", 1)[-1] in NOT_TEXT:
        return
    if isinstance(value, Prose | str):
        yield path, value
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value, 1):
            yield from walk_text(item, f"{path}[{index}]", skip)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            if name not in skip:
                yield from walk_text(getattr(value, name), f"{path}.{name}" if path else name, skip)


