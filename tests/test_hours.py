"""Opening hours as museums state them: every period, day and season printed, none lost.

The rules are read from YAML as a user types them, then written in French and English; the
contradictions that once let the last rule win silently are refused, naming both lines.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from conftest import plain

from expoprint.content.exhibition import read_dates
from expoprint.content.hours import read_hours
from expoprint.errors import Report
from expoprint.facts import format_closed
from expoprint.mapping import Mapping
from expoprint.opening import format_hours

RUN = "dates: {from: 2025-03-01, to: 2025-06-29}\n"
MORTEAU = """\
dates: {from: 2025-03-01, to: 2025-12-31}
closed: [lundi, 2025-05-01]
hours:
  - {days: [mardi..dimanche], periods: ["10:00-12:00", "14:00-18:00"]}
  - {months: [juillet, août], periods: ["10:00-18:00"]}
"""


def read(text: str):
    report = Report()
    m = Mapping.of(yaml.compose(text), "exhibition.yaml", "", report)
    assert m is not None
    dates = read_dates(m)
    hours = read_hours(m, dates) if dates else None
    return dates, hours, report


def written(text: str) -> tuple[str, str, str, str]:
    dates, hours, report = read(text)
    assert hours is not None, [str(p) for p in report.problems]
    return (plain(format_hours(hours, dates, "fr")), plain(format_hours(hours, dates, "en")),
            plain(format_closed(dates, "fr", hours)), plain(format_closed(dates, "en", hours)))


def refused(text: str) -> list[str]:
    _dates, hours, report = read(text)
    assert hours is None
    return [f"{p.line} {p.field}: {p.message} ({p.hint})" for p in report.errors]


@pytest.mark.parametrize(("rules", "fr", "en"), [
    ('[{open: "10:00", close: "18:00"}, {days: [jeudi], close: "21:00"}]',
     "De 10 h à 18 h, le jeudi jusqu’à 21 h", "10 am–6 pm, Thursday until 9 pm"),
    ('[{days: [mercredi..dimanche], open: "10:00", close: "18:00"}, {days: [jeudi], close: "21:00"}]',
     "Du mercredi au dimanche de 10 h à 18 h, le jeudi jusqu’à 21 h",
     "Wednesday to Sunday 10 am–6 pm, Thursday until 9 pm"),
    ('[{open: "10:00", close: "18:00"}, {days: [jeudi], close: "21:00"}, '
     '{days: [samedi, dimanche], open: "11:00", close: "19:00"}]',
     "De 10 h à 18 h, le jeudi jusqu’à 21 h, le samedi et le dimanche de 11 h à 19 h",
     "10 am–6 pm, Thursday until 9 pm, Saturday and Sunday 11 am–7 pm"),
    ('[{open: "10:00", close: "18:00"}, {days: [dimanche], open: "14:00"}]',
     "De 10 h à 18 h, le dimanche à partir de 14 h", "10 am–6 pm, Sunday from 2 pm"),
    ('{open: "10:00", close: "17:00"}', "de 10 h à 17 h", "10 am to 5 pm"),
    # the narrower rule first: it is still the exception, whatever the order
    ('[{days: [jeudi], periods: ["10:00-21:00"]}, {periods: ["10:00-18:00"]}]',
     "De 10 h à 18 h, le jeudi jusqu’à 21 h", "10 am–6 pm, Thursday until 9 pm"),
])
def test_the_older_forms_still_read_as_before(rules, fr, en):
    assert written(f"{RUN}hours: {rules}\n")[:2] == (fr, en)


def test_morteau_a_lunch_break_a_summer_season_and_a_closing():
    fr, en, closed_fr, closed_en = written(MORTEAU)
    assert fr == ("Du mardi au dimanche de 10 h à 12 h et de 14 h à 18 h ; en juillet et août, "
                  "de 10 h à 18 h sans interruption")
    assert en == ("Tuesday to Sunday 10 am–12 pm and 2 pm–6 pm; in July and August, 10 am–6 pm "
                  "without a break")
    assert closed_fr == "Fermé le lundi et le 1ᵉʳ mai"
    assert closed_en == "Closed on Mondays and on 1 May"


def test_the_days_are_named_when_the_rules_leave_some_out():
    fr, en, _closed_fr, _closed_en = written(
        f'{RUN}hours:\n  - {{days: [mardi..dimanche], periods: ["10:00-12:00", "14:00-18:00"]}}\n')
    assert fr == "Du mardi au dimanche de 10 h à 12 h et de 14 h à 18 h"
    assert en == "Tuesday to Sunday 10 am–12 pm and 2 pm–6 pm"


def test_a_season_may_open_a_closed_weekday_and_the_closing_line_says_so():
    fr, _en, closed_fr, closed_en = written(
        "dates: {from: 2025-03-01, to: 2025-10-31}\nclosed: [lundi]\nhours:\n"
        '  - {periods: ["10:00-18:00"]}\n'
        '  - {months: [juillet, août], days: [lundi], periods: ["14:00-18:00"]}\n')
    assert fr == "Du mardi au dimanche de 10 h à 18 h ; en juillet et août, le lundi de 14 h à 18 h"
    assert closed_fr == "Fermé le lundi (sauf en juillet et août)"
    assert closed_en == "Closed on Mondays (except in July and August)"


def test_seasons_by_months_across_the_new_year_and_by_dates():
    fr, en, _c, _e = written(
        "dates: {from: 2025-01-01, to: 2025-12-31}\nhours:\n"
        '  - {months: [avril..octobre], periods: ["10:00-18:00"]}\n'
        '  - {months: [novembre..mars], periods: ["14:00-17:00"]}\n'
        '  - {from: 2025-07-14, to: 2025-08-15, periods: ["09:00-19:00"]}\n')
    assert "D’avril à octobre, de 10 h à 18 h" in fr
    assert "de novembre à mars, de 14 h à 17 h" in fr
    assert "du 14 juillet au 15 août, de 9 h à 19 h" in fr
    assert "November to March, 2 pm–5 pm" in en and "from 14 July to 15 August, 9 am–7 pm" in en


def test_exceptional_days_with_their_note():
    fr, en, _c, _e = written(
        f"{RUN}closed: [lundi]\nhours:\n"
        '  - {periods: ["10:00-18:00"]}\n'
        '  - {dates: [2025-04-21], periods: ["14:00-18:00"], note: lundi de Pâques, '
        "note_en: Easter Monday}\n"
        '  - {dates: [2025-05-31], periods: ["10:00-12:00"]}\n')
    assert fr == ("Du mardi au dimanche de 10 h à 18 h ; ouvert le 21 avril (lundi de Pâques) de "
                  "14 h à 18 h ; le 31 mai, de 10 h à 12 h")
    assert en == ("Tuesday to Sunday 10 am–6 pm; open on 21 April (Easter Monday), 2 pm–6 pm; "
                  "on 31 May, 10 am–12 pm")


def test_the_authors_own_sentence_replaces_the_written_one():
    fr, en, _c, _e = written(f"{RUN}hours_text: Ouvert aux heures de la marée basse\n"
                             "hours_text_en: Open at low tide\n")
    assert (fr, en) == ("Ouvert aux heures de la marée basse", "Open at low tide")


@pytest.mark.parametrize(("rules", "expected"), [
    # Morteau typed the natural way: the morning was silently dropped
    ('[{open: "10:00", close: "12:00"}, {open: "14:00", close: "18:00"}]',
     ['2 hours[2]: claims the same days as hours[1] (line 2), and neither is the other\'s '
      'exception (for a lunch break, give both periods in one rule: periods: ["10:00-12:00", '
      '"14:00-18:00"]; for other days, give each rule its `days`)']),
    ('[{days: [mardi..vendredi], periods: ["10:00-18:00"]}, '
     '{days: [jeudi..dimanche], periods: ["11:00-19:00"]}]',
     ["claims the same days as hours[1]"]),
    ('[{periods: ["10:00-18:00"]}, {months: [juin..août], periods: ["10:00-19:00"]}, '
     '{months: [août, septembre], periods: ["09:00-19:00"]}]',
     ["hours[3]: claims the same days as hours[2]"]),
    ('[{periods: ["10:00-13:00", "12:00-18:00"]}]', ["overlap"]),
    ('[{periods: ["18:00-10:00"]}]', ["ends before it starts"]),
    ('[{periods: ["10h-midi"]}]', ["is not a period of the day"]),
    ('[{days: [juillet], periods: ["10:00-18:00"]}]', ["'juillet' is not a day of the week"]),
    ('[{months: [juilet], periods: ["10:00-18:00"]}]', ["'juilet' is not a month",
                                                        "juillet"]),
    ('[{periods: ["10:00-18:00"], lunch: "12:00"}]', ["hours[1].lunch: unknown key"]),
    ('[{months: [juillet], periods: ["10:00-18:00"]}]', ["no rule gives the hours of"]),
    ('[{periods: ["10:00-18:00"]}, {dates: [2026-01-01], periods: ["10:00-12:00"]}]',
     ["2026-01-01 is not a day of the exhibition"]),
])
def test_contradictions_and_mistakes_are_refused_by_line(rules, expected):
    messages = " | ".join(refused(f"dates: {{from: 2025-03-01, to: 2025-10-31}}\nhours: {rules}\n"))
    for part in expected:
        assert part in messages


def test_the_two_rules_of_a_contradiction_are_named_by_their_lines():
    messages = refused(f"{RUN}hours:\n"
                       '  - {open: "10:00", close: "12:00"}\n'
                       '  - {open: "14:00", close: "18:00"}\n')
    assert messages[0].startswith("4 hours[2]: claims the same days as hours[1] (line 3)")


def test_a_closed_weekday_given_hours_names_both():
    messages = " | ".join(refused(f"{RUN}closed: [lundi]\nhours: "
                                  '[{days: [lundi..dimanche], periods: ["10:00-18:00"]}]\n'))
    assert "gives hours for Monday, a day `closed` says the exhibition is closed" in messages


def test_a_season_outside_the_exhibition_is_said_not_printed():
    _dates, hours, report = read(f'{RUN}hours: [{{periods: ["10:00-18:00"]}}, '
                                '{months: [décembre], periods: ["10:00-12:00"]}]\n')
    assert hours is not None and not hours.seasons
    assert any("never applies" in p.message for p in report.warnings)


def test_every_day_of_the_run_has_its_hours():
    dates, hours, _report = read(MORTEAU)
    assert hours is not None and dates is not None
    assert [(a.hour, b.hour) for a, b in hours.on(date(2025, 3, 4), dates.closed_weekdays)] == \
        [(10, 12), (14, 18)]
    assert [(a.hour, b.hour) for a, b in hours.on(date(2025, 7, 8), dates.closed_weekdays)] == \
        [(10, 18)]
    assert hours.on(date(2025, 3, 3), dates.closed_weekdays) == ()  # a Monday


def test_a_season_without_days_keeps_the_weekdays_closed_beneath_it():
    """Usual hours Tuesday to Sunday: a summer season without `days` does not open Mondays, and
    the sentence and the hours of a Monday agree."""
    dates, hours, _report = read("dates: {from: 2025-03-01, to: 2025-10-31}\nhours:\n"
                                 '  - {days: [mardi..dimanche], periods: ["10:00-18:00"]}\n'
                                 '  - {months: [juillet, août], periods: ["10:00-19:00"]}\n')
    assert hours is not None and dates is not None
    assert hours.on(date(2025, 7, 7)) == ()  # a Monday in July
    assert [(a.hour, b.hour) for a, b in hours.on(date(2025, 7, 8))] == [(10, 19)]
    fr = plain(format_hours(hours, dates, "fr"))
    assert fr == "Du mardi au dimanche de 10 h à 18 h ; en juillet et août, de 10 h à 19 h"


def test_a_narrower_season_without_days_takes_the_days_of_the_season_it_lies_in():
    dates, hours, _report = read(
        "dates: {from: 2025-03-01, to: 2025-10-31}\nclosed: [lundi]\nhours:\n"
        '  - {periods: ["10:00-18:00"]}\n'
        '  - {months: [juillet, août], days: [lundi..dimanche], periods: ["10:00-19:00"]}\n'
        '  - {from: 2025-08-01, to: 2025-08-15, periods: ["09:00-20:00"]}\n')
    assert hours is not None and dates is not None
    monday = date(2025, 8, 4)
    assert [(a.hour, b.hour) for a, b in hours.on(monday, dates.closed_weekdays)] == [(9, 20)]


def test_a_dated_season_years_into_a_permanent_exhibition_is_seen():
    dates, hours, report = read("dates: {from: 2025-01-01, to: 2040-12-31}\nhours:\n"
                                '  - {periods: ["10:00-18:00"]}\n'
                                '  - {from: 2039-07-01, to: 2039-08-31, periods: ["09:00-20:00"]}\n')
    assert hours is not None and dates is not None and len(hours.seasons) == 1
    assert not report.warnings
