"""How opening hours are written: one sentence per language, every period, day and season in it.

« Du mardi au dimanche de 10 h à 12 h et de 14 h à 18 h ; en juillet et août, de 10 h à 18 h sans
interruption ; ouvert le 21 avril (lundi de Pâques) de 14 h à 18 h », "Tuesday to Sunday 10 am–12 pm
and 2 pm–6 pm; in July and August, 10 am–6 pm without a break". The hours most days keep come
first, the days that differ after them (« le jeudi jusqu'à 21 h »), then each season, then the
exceptional days. The author's own sentence (`hours_text`) replaces all of it when given.
Weekdays the exhibition is closed are the closing line's to say (`facts.format_closed`).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, time

from .content.model import Dates, Hours, Period, Season
from .phrasebook import phrasebook
from .typography import typeset
from .wording import date_words, format_hour, format_time, format_weekdays, join_words, month_of


def format_pair(opens: time, closes: time, lang: str = "fr") -> str:
    """`de 10 h à 17 h`, `10 am to 5 pm`, `10–17 Uhr`."""
    return phrasebook(lang).phrase("pair", opens=format_time(opens, lang),
                                   closes=format_time(closes, lang))


def format_periods(periods: tuple[Period, ...], lang: str) -> str:
    """« de 10 h à 12 h et de 14 h à 18 h », "10 am–12 pm and 2 pm–6 pm"."""
    book = phrasebook(lang)
    return join_words([book.phrase("period", opens=format_time(a, lang),
                                   closes=format_time(b, lang)) for a, b in periods], lang)


def difference(usual: tuple[Period, ...], other: tuple[Period, ...], lang: str) -> str:
    """How a day's hours differ from the usual ones, in the fewest words: « jusqu'à 21 h » when
    only the last closing moves, « à partir de 14 h » when only the first opening does."""
    if len(usual) == len(other):
        if usual[:-1] == other[:-1] and usual[-1][0] == other[-1][0]:
            return phrasebook(lang).phrase("until", hour=format_hour(other[-1][1], lang))
        if usual[1:] == other[1:] and usual[0][1] == other[0][1]:
            return phrasebook(lang).phrase("from", hour=format_hour(other[0][0], lang))
    return format_periods(other, lang)


def week_phrases(week: dict[int, tuple[Period, ...]], name_days: bool, lang: str) -> tuple[
        list[str], tuple[Period, ...]]:
    """The hours most of these days keep (with their days when `name_days`), then the days that
    differ; and those usual hours, for a season to compare itself with."""
    days = sorted(week)
    counts = Counter(week[day] for day in days)
    usual = max(counts, key=lambda periods: (counts[periods],
                                             -min(d for d in days if week[d] == periods)))
    span = format_periods(usual, lang)
    book = phrasebook(lang)
    phrases = [book.phrase("weekday_hours", days=format_weekdays(days, lang), hours=span)
               if name_days else span]
    others: dict[tuple[Period, ...], list[int]] = {}
    for day in days:
        if week[day] != usual:
            others.setdefault(week[day], []).append(day)
    phrases += [book.phrase("weekday_hours", days=format_weekdays(group, lang),
                            hours=difference(usual, periods, lang))
                for periods, group in others.items()]
    return phrases, usual


def season_words(season: Season, dates: Dates, lang: str) -> str:
    """« en juillet et août », « de novembre à février », « du 1ᵉʳ juillet au 31 août »."""
    book = phrasebook(lang)
    if season.months:
        months = list(season.months)
        starts = [m for m in months if (m - 2) % 12 + 1 not in months]
        if len(months) >= 3 and len(starts) == 1:  # one run, perhaps across the new year
            first = starts[0]
            last = (first + len(months) - 2) % 12 + 1
            return book.phrase("months_run", first=month_of(first, lang),
                               last=month_of(last, lang))
        if starts and len(starts) == 1:
            months = sorted(months, key=lambda m: (m - starts[0]) % 12)
        names = [month_of(m, lang) for m in months]
        return book.phrase("in_months", months=join_words(names, lang))
    assert season.start and season.end
    return book.phrase("season_run", start=day_text(season.start, dates, lang),
                       end=day_text(season.end, dates, lang))


def day_text(day: date, dates: Dates, lang: str) -> str:
    return date_words(day, lang, year=dates.first.year != dates.last.year)


def format_hours(hours: Hours, dates: Dates, lang: str = "fr") -> str:
    """The whole sentence; see the module's docstring."""
    return "".join(hours_lines(hours, dates, lang))


def hours_lines(hours: Hours, dates: Dates, lang: str = "fr") -> list[str]:
    """The sentence cut where a designer sets it on several lines: each clause (the usual week,
    a season, an exceptional day) on a line of its own, the separator ending the line before."""
    book = phrasebook(lang)
    if hours.text:
        return [typeset(hours.text.get(lang), hours.text.lang_for(lang))]
    closed = set(dates.closed_weekdays)
    week = {day: periods for day, periods in hours.week if day not in closed}
    # Say which days the hours are for when the rules leave days out, and when the days open
    # make one run (« Du mardi au dimanche », as museums write it beside « Fermé le lundi »).
    open_days = sorted(week)
    one_run = len(open_days) >= 3 and open_days == list(range(open_days[0], open_days[-1] + 1))
    name_days = set(dict(hours.week)) | closed != set(range(7)) or bool(closed and one_run)
    if not (name_days or hours.seasons or hours.openings) and len(set(week.values())) == 1 \
            and len(periods := next(iter(week.values()))) == 1:
        (opens, closes), = periods
        return [format_pair(opens, closes, lang)]
    clauses: list[str] = []
    usual: tuple[Period, ...] = ()
    if week:
        phrases, usual = week_phrases(week, name_days, lang)
        clauses.append(", ".join(phrases))
    for seasonal in hours.seasons:
        changed = dict(seasonal.week)
        usual_days = set(week) or set(range(7)) - closed
        phrases, seasonal_usual = week_phrases(changed, set(changed) != usual_days, lang)
        if len(usual) > 1 and len(seasonal_usual) == 1:
            phrases[0] += f" {book['no_break']}"
        clauses.append(book.phrase("season_hours", season=season_words(seasonal.season, dates,
                                                                         lang),
                                   hours=", ".join(phrases)))
    clauses += opening_clauses(hours, dates, lang)
    clauses[0] = clauses[0][:1].upper() + clauses[0][1:]
    return [clause + book["separator"] for clause in clauses[:-1]] + clauses[-1:]


def opening_clauses(hours: Hours, dates: Dates, lang: str) -> list[str]:
    """« ouvert le 21 avril (lundi de Pâques) de 14 h à 18 h » for a day that is otherwise
    closed, « le 24 décembre, de 10 h à 12 h » for one that keeps other hours."""
    book = phrasebook(lang)
    ordinary = Hours(hours.week, hours.seasons)
    clauses = []
    for opening in hours.openings:
        note = f" ({typeset(opening.note.get(lang), opening.note.lang_for(lang))})" \
            if opening.note else ""
        when = day_text(opening.day, dates, lang)
        periods = format_periods(opening.periods, lang)
        key = "opening" if ordinary.on(opening.day, dates.closed_weekdays) else "opening_closed"
        clauses.append(book.phrase(key, day=when, periods=periods, verbatim={"note": note}))
    return clauses


def seasonal_openings(hours: Hours, dates: Dates, lang: str) -> dict[int, list[str]]:
    """The seasons in which a weekday `closed` names opens all the same: for the closing line's
    « Fermé le lundi (sauf en juillet et août) »."""
    found: dict[int, list[str]] = {}
    for seasonal in hours.seasons:
        for day, _periods in seasonal.week:
            if day in dates.closed_weekdays:
                found.setdefault(day, []).append(season_words(seasonal.season, dates, lang))
    return found
