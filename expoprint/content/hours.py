"""`hours` and `hours_text` in `exhibition.yaml`: opening hours as museums state them.

A contract with the visitor, so nothing typed may be lost: a rule gives one or more periods a
day (a lunch break is two periods of one rule), for some weekdays, in a season (months or a run
of dates) or on exceptional days. Rules combine only in the ways a reader of the poster would
assume: a rule for fewer days, a narrower season or a named day overrides a wider one on what
they share. Two rules that claim the same days of the same season with neither more specific —
`[{open: "10:00", close: "12:00"}, {open: "14:00", close: "18:00"}]`, which once printed only the
afternoon — are an error naming both lines, never the last one winning. Every open day of the
exhibition must end up with hours, and a season that never falls during it is said.

The older forms stay valid: `{open, close}`, and a list whose later rules give only the hour that
changes (`{days: [jeudi], close: "21:00"}`, a late opening).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import lru_cache
from itertools import pairwise

import yaml

from ..i18n import _
from ..mapping import Mapping, suggest
from ..yamlnodes import describe, line_of, quote
from .fields import prose, prose_keys, read_run
from .model import Dates, Hours, Opening, Period, Prose, Season, SeasonalHours
from .words import MONTHS, WEEKDAYS, plain_word, weekday_word

HOUR_RE = re.compile(r"^\s*(\d{1,2})\s*(?::|h|H|\.)?\s*(\d{2})?\s*$")
PERIOD_SPLIT = re.compile(r"\s*(?:-|–|—|\bà\b|\bto\b)\s*")
RANGE_SPLIT = re.compile(r"\s*(?:\.\.|-|–|—|\bau\b|\bà\b|\bto\b)\s*")
MAX_RULES = 24
MAX_PERIODS = 4
# The days of the run walked (seasons measured, every open day given its hours): thirty years,
# so a permanent exhibition's dated seasons are seen; a longer run is walked in part.
MAX_DAYS_CHECKED = 30 * 366
RULE_KEYS = ["days", "months", "from", "to", "dates", "periods", "open", "close"]


@dataclass
class Rule:
    """One rule as typed, with what it says once read: for messages and for combining."""

    index: int
    line: int
    where: str
    days: tuple[int, ...] | None  # None: every day the exhibition opens
    season: Season | None
    dates: tuple[date, ...]
    periods: tuple[Period, ...]  # empty when only `open` or `close` is given
    opens: time | None = None
    closes: time | None = None
    note: Prose | None = None
    covers: frozenset[date] = field(default_factory=frozenset)  # the run's days of its season

    @property
    def layer(self) -> int:
        return 2 if self.dates else 1 if self.season else 0


def parse_hour(raw: str) -> time | None:
    match = HOUR_RE.match(raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2) or 0))


def scalar(node: yaml.Node) -> str:
    """A scalar as typed; YAML 1.1 reads an unquoted 10:00 as the sexagesimal number 600."""
    raw = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if raw.isdigit() and node.tag.endswith(":int") and len(raw) < 6 and int(raw) >= 60:
        return f"{int(raw) // 60}:{int(raw) % 60:02d}"
    return raw


def hour_field(r: Mapping, key: str) -> time | None:
    raw = scalar(r.values[key])
    moment = parse_hour(raw)
    if moment is None:
        r.error(key, _("'{value}' is not an hour").format(value=quote(raw)),
                _('write it as "HH:MM" in quotes, e.g. "10:00"'))
    return moment


def open_close(r: Mapping) -> tuple[time | None, time | None]:
    """`open` and `close` as given (either may be left out: a rule that changes one hour), the
    closing after the opening when both are."""
    opens = hour_field(r, "open") if r.present("open") else None
    closes = hour_field(r, "close") if r.present("close") else None
    if opens and closes and closes <= opens:
        r.error("close", _("closing time {closes} is not after opening time {opens}").format(
                    closes=f"{closes:%H:%M}", opens=f"{opens:%H:%M}"),
                _("swap them, or correct the hour"))
    return opens, closes


def read_periods(r: Mapping) -> tuple[Period, ...] | None:
    """`periods: ["10:00-12:00", "14:00-18:00"]`, in order, none overlapping."""
    node = r.values["periods"]
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not items or len(items) > MAX_PERIODS:
        r.error("periods", _("gives {count} periods; a day has 1 to {limit}").format(
                    count=len(items), limit=MAX_PERIODS),
                _('e.g. periods: ["10:00-12:00", "14:00-18:00"]'))
        return None
    periods: list[Period] = []
    for item in items:
        raw = scalar(item)
        ends = PERIOD_SPLIT.split(raw.strip(), maxsplit=1)
        opens, closes = (parse_hour(ends[0]), parse_hour(ends[1])) if len(ends) == 2 else (None, None)
        if opens is None or closes is None:
            r.error("periods", _("'{value}' is not a period of the day").format(
                        value=quote(raw or describe(item))),
                    _('write the opening and the closing hour with a dash, in quotes: '
                      '"10:00-12:00"'))
            return None
        if closes <= opens:
            r.error("periods", _("the period {period} ends before it starts").format(
                        period=quote(raw)), _("correct the hours, e.g. \"14:00-18:00\""))
            return None
        periods.append((opens, closes))
    periods.sort()
    for (first_start, first_end), (second_start, second_end) in pairwise(periods):
        if second_start < first_end:
            r.error("periods", _("the periods {first} and {second} overlap").format(
                        first=f"{first_start:%H:%M}-{first_end:%H:%M}",
                        second=f"{second_start:%H:%M}-{second_end:%H:%M}"),
                    _("give each part of the day once, e.g. \"10:00-12:00\", \"14:00-18:00\""))
            return None
    return tuple(periods)


def named_items(r: Mapping, key: str, names: dict[str, int], example: str,
                size: int, first: int) -> tuple[int, ...] | None:
    """Weekdays or months as typed: names in French or English, numbers for months, and runs
    `mardi..dimanche` (a run may wrap: `samedi..lundi`, `novembre..février`)."""
    node = r.values[key]
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    found: list[int] = []
    for item in items:
        raw = scalar(item).strip()
        ends = RANGE_SPLIT.split(raw, maxsplit=1)
        values = [names.get(plain_word(end)) for end in ends]
        if not raw or None in values:
            bad = next((end for end, value in zip(ends, values, strict=True) if value is None), raw)
            r.report.error(r.file, line_of(item), r.where(key),
                           _("'{value}' is not a {kind}").format(
                               value=quote(bad or describe(item)),
                               kind=_("day of the week") if key == "days" else _("month")),
                           suggest(plain_word(bad), sorted(names)) if bad else
                           _("e.g. {example}").format(example=example))
            return None
        if len(values) == 1:
            found.append(values[0])  # type: ignore[arg-type]
        else:
            start, end = values[0], values[1]
            assert start is not None and end is not None
            span = (end - start) % size
            found.extend((start - first + step) % size + first for step in range(span + 1))
    return tuple(sorted(set(found)))


def read_rule(item: yaml.Node, index: int, m: Mapping, dates: Dates) -> Rule | None:
    r = Mapping.of(item, m.file, f"hours[{index}]", m.report)
    if r is None:
        return None
    before = len(m.report.errors)
    r.check_keys([*RULE_KEYS, *prose_keys("note")])
    days = named_items(r, "days", WEEKDAYS, "mardi..dimanche", 7, 0) if r.present("days") else None
    season = read_season(r)
    listed = read_listed_dates(r, dates)
    if listed and (days is not None or season is not None):
        r.error("dates", _("names days of its own, so `days`, `months`, `from` and `to` have no "
                           "meaning beside it"),
                _("give exceptional days in a rule of their own"))
    periods: tuple[Period, ...] = ()
    opens = closes = None
    if r.present("periods"):
        if r.present("open") or r.present("close"):
            r.error("periods", _("is given with `open` or `close`"),
                    _("give the hours once, as periods"))
        periods = read_periods(r) or ()
    elif r.present("open") or r.present("close"):
        opens, closes = open_close(r)
        if opens and closes:
            periods = ((opens, closes),)
    else:
        r.missing("periods", '["10:00-12:00", "14:00-18:00"]')
    if listed and not periods:
        r.error("dates", _("gives exceptional days without their hours"),
                _('add periods: ["14:00-18:00"]; a day it is closed goes under `closed`'))
    note = prose(r, "note", max_len=80)
    if len(m.report.errors) > before:
        return None
    rule = Rule(index, r.line(), r.path, days, season, listed, periods, opens, closes, note)
    if season is not None:
        rule.covers = frozenset(day for day in open_run(dates) if season.holds(day))
    return rule


def read_season(r: Mapping) -> Season | None:
    if r.present("months"):
        if r.present("from") or r.present("to"):
            r.error("months", _("is given with `from` or `to`"),
                    _("give the season once: months, or a run of dates"))
            return None
        months = named_items(r, "months", MONTHS, "juillet..août", 12, 1)
        return Season(months=months) if months else None
    if not (r.present("from") or r.present("to")):
        return None
    run = read_run(r, ("2025-07-01", "2025-08-31"))
    return Season(start=run[0], end=run[1]) if run else None


def read_listed_dates(r: Mapping, dates: Dates) -> tuple[date, ...]:
    if not r.present("dates"):
        return ()
    node = r.values["dates"]
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    from ..mapping import parse_date

    found: list[date] = []
    for item in items:
        day = parse_date(item, r.file, r.where("dates"), r.report)
        if day is None:
            continue
        if not dates.first <= day <= dates.last or (dates.days and day not in dates.days):
            r.report.error(r.file, line_of(item), r.where("dates"),
                           _("{date} is not a day of the exhibition").format(date=day.isoformat()),
                           _("remove it, or correct the date"))
        elif day in dates.closed_days:
            r.report.error(r.file, line_of(item), r.where("dates"),
                           _("{date} is also listed under `closed`").format(date=day.isoformat()),
                           _("keep it in one of the two: open with these hours, or closed"))
        else:
            found.append(day)
    return tuple(sorted(set(found)))


@lru_cache(maxsize=4)
def open_run(dates: Dates) -> tuple[date, ...]:
    """The days the exhibition is on, less its closed days (weekdays stay: a season may open
    one), at most MAX_DAYS_CHECKED of them; walked once for every season and the last check."""
    if dates.days:
        days: Iterable[date] = dates.days
    else:
        count = min((dates.last - dates.first).days + 1, MAX_DAYS_CHECKED)
        days = (dates.first + timedelta(days=step) for step in range(count))
    closed = set(dates.closed_days)
    return tuple(day for day in days if day not in closed)


def clash(a: Rule, b: Rule) -> bool:
    """Two rules of one layer claim some day alike: neither is the other's exception."""
    if a.layer == 2:
        return bool(set(a.dates) & set(b.dates))
    days_a, days_b = set(a.days if a.days is not None else range(7)), \
        set(b.days if b.days is not None else range(7))
    if not days_a & days_b or (a.layer == 1 and not a.covers & b.covers):
        return False
    if a.layer == 1 and a.covers != b.covers:  # a narrower season is the wider one's exception
        return not (a.covers < b.covers or b.covers < a.covers)
    return not (days_a < days_b or days_b < days_a)


def specificity(rule: Rule) -> tuple[int, int, int]:
    """Wider rules first, so that a narrower one overrides them and may inherit an hour."""
    days = len(rule.days) if rule.days is not None else 8
    return rule.layer, -len(rule.covers), -days


def read_hours(m: Mapping, dates: Dates | None) -> Hours | None:
    """The rules of `hours` resolved into an `Hours`, or None with every fault reported."""
    text = prose(m, "hours_text", max_len=300)
    node = m.value_node("hours", text is None, '{open: "10:00", close: "17:00"}')
    if node is None:
        return Hours(text=text) if text else None
    if dates is None:
        return None
    if isinstance(node, yaml.MappingNode):
        items = [node]
        one = True
    elif isinstance(node, yaml.SequenceNode) and node.value:
        items, one = node.value, False
    else:
        m.error("hours", _("should be {{open, close}} or a list of rules, found {found}").format(
                    found=describe(node)),
                _('e.g. {example}').format(
                    example='[{days: [mardi..dimanche], periods: ["10:00-12:00", "14:00-18:00"]}]'))
        return None
    if len(items) > MAX_RULES:
        m.error("hours", _("lists {count} rules; at most {limit}").format(
                    count=len(items), limit=MAX_RULES),
                _("merge the rules that give the same hours"))
        return None
    rules = []
    for index, item in enumerate(items, 1):
        if one:
            r = Mapping.of(item, m.file, "hours", m.report)
            assert r is not None
            r.check_keys(["open", "close"])
            before = len(m.report.errors)
            for key, example in (("open", '"10:00"'), ("close", '"17:00"')):
                if not r.present(key):
                    r.missing(key, example)
            opens, closes = open_close(r)
            if len(m.report.errors) > before or not (opens and closes):
                return None
            rules.append(Rule(1, r.line(), "hours", None, None, (), ((opens, closes),)))
        elif (rule := read_rule(item, index, m, dates)) is not None:
            rules.append(rule)
    if len(rules) != len(items):
        return None
    return resolve(rules, m, dates, text)


def resolve(rules: list[Rule], m: Mapping, dates: Dates, text: Prose | None) -> Hours | None:
    before = len(m.report.errors)
    for later_index, later in enumerate(rules):
        for earlier in rules[:later_index]:
            if later.layer == earlier.layer and clash(earlier, later):
                m.report.error(m.file, later.line, later.where,
                               _("claims the same days as {other} (line {line}), and neither is "
                                 "the other's exception").format(other=earlier.where,
                                                                 line=earlier.line),
                               hint_for_clash(earlier, later))
    closed = set(dates.closed_weekdays)
    for rule in rules:
        if rule.layer == 0 and rule.days is not None and (shut := closed & set(rule.days)):
            m.report.error(m.file, rule.line, rule.where,
                           _("gives hours for {day}, a day `closed` says the exhibition is "
                             "closed").format(day=weekday_word(min(shut))),
                           _("remove the day from one of the two; to open it in a season only, "
                             "give the rule `months` or `from` and `to`"))
        if rule.layer == 1 and not rule.covers:
            m.warn(rule.where, _("never applies: its season falls outside the "
                                             "exhibition's dates, so it is not printed"),
                   _("correct the months or the dates, or remove the rule"))
    if len(m.report.errors) > before:
        return None
    week: dict[int, tuple[Period, ...]] = {}
    seasons: list[SeasonalHours] = []
    openings: list[Opening] = []
    for rule in sorted(rules, key=specificity):
        if rule.layer == 2:
            openings.extend(Opening(day, rule.periods, rule.note) for day in rule.dates)
            continue
        if rule.layer == 1 and not rule.covers:
            continue
        base = dict(week)
        if rule.layer == 1:
            for seasonal in seasons:
                if rule.covers <= frozenset(d for d in rule.covers if seasonal.season.holds(d)):
                    base.update(seasonal.week)
        # A season without `days` holds on the days open beneath it (the usual week, or the
        # wider season it lies in), never on a weekday they keep closed.
        if rule.days is not None:
            days = rule.days
        elif rule.layer == 1 and base:
            days = tuple(sorted(base))
        else:
            days = tuple(day for day in range(7) if day not in closed)
        changed: dict[int, tuple[Period, ...]] = {}
        for day in days:
            periods = inherit(rule, base.get(day), m, day)
            if periods is None:
                return None
            changed[day] = periods
        if rule.layer == 0:
            week.update(changed)
        else:
            assert rule.season is not None
            merged = next((s for s in seasons if s.season == rule.season), None)
            if merged:
                seasons[seasons.index(merged)] = SeasonalHours(
                    rule.season, tuple(sorted({**dict(merged.week), **changed}.items())),
                    merged.line)
            else:
                seasons.append(SeasonalHours(rule.season, tuple(sorted(changed.items())), rule.line))
    hours = Hours(tuple(sorted(week.items())), tuple(seasons), tuple(sorted(
        openings, key=lambda o: o.day)), text)
    return hours if every_day_has_hours(hours, dates, m) else None


def inherit(rule: Rule, before: tuple[Period, ...] | None, m: Mapping,
            day: int) -> tuple[Period, ...] | None:
    """A rule's periods on one weekday; a rule giving one hour changes the day's first opening
    or last closing, from the wider rule beneath it."""
    if rule.periods:
        return rule.periods
    if not before:
        key = "open" if rule.opens is None else "close"
        m.report.error(m.file, rule.line, f"{rule.where}.{key}",
                       _("is not given and no earlier rule gives it for {day}").format(
                           day=weekday_word(day)),
                       _("give both hours, or put a rule without `days` first"))
        return None
    periods = list(before)
    if rule.opens:
        periods[0] = (rule.opens, periods[0][1])
    if rule.closes:
        periods[-1] = (periods[-1][0], rule.closes)
    if any(closes <= opens for opens, closes in periods):
        opens, closes = (periods[0] if rule.opens else periods[-1])
        m.report.error(m.file, rule.line, f"{rule.where}.{'open' if rule.opens else 'close'}",
                       _("closing time {closes} is not after opening time {opens} on "
                         "{day}").format(closes=f"{closes:%H:%M}", opens=f"{opens:%H:%M}",
                                         day=weekday_word(day)),
                       _("correct the hour, or the days of this rule"))
        return None
    return tuple(periods)


def hint_for_clash(earlier: Rule, later: Rule) -> str:
    if earlier.days == later.days and earlier.periods and later.periods and earlier.layer == 0:
        both = sorted(earlier.periods + later.periods)
        shown = ", ".join(f'"{a:%H:%M}-{b:%H:%M}"' for a, b in both)
        return _("for a lunch break, give both periods in one rule: periods: [{periods}]; for "
                 "other days, give each rule its `days`").format(periods=shown)
    return _("give each rule the days it is for, so that no day has two sets of hours")


def every_day_has_hours(hours: Hours, dates: Dates, m: Mapping) -> bool:
    """Every day the exhibition is on has hours. Weekdays the usual rules leave out are closed
    (the sentence names the days it is for); with no usual rule, a day outside every season
    would print nothing at all."""
    named = {day for day, _periods in hours.week}
    for day in open_run(dates):
        if day.weekday() in dates.closed_weekdays or (named and day.weekday() not in named):
            continue
        if not hours.on(day, dates.closed_weekdays):
            m.error("hours", _("no rule gives the hours of {weekday} {date}").format(
                        weekday=weekday_word(day.weekday()), date=day.isoformat()),
                    _("add a rule without `months` for the rest of the year, add the day to "
                      "a rule's `days`, or close it under `closed`"))
            return False
    return True
