"""The history the leaflet tells: `timeline.yaml`, and its events from a spreadsheet if wished.

`timeline.yaml` holds the heading, the summary and the figures, and the events unless a table
gives them: `timeline.xlsx`, `.ods` or `.csv`, one event a row (columns date, fin, titre, texte,
and titre/texte (anglais)), for a chronology kept in a spreadsheet like the artefacts. The table
may also stand alone: the leaflet then heads the timeline "Chronologie" ("Timeline" in English),
a heading that fits any history; a `timeline.yaml` beside it says otherwise. Events in both
places are an error: which would win is not for us to guess.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import Report
from ..i18n import _
from ..mapping import Mapping
from .columns import Field, read_rows
from .fields import LANGUAGES, MAX_PARAGRAPH, check_schema, main_lang, prose, prose_keys
from .history import HistoryDate, history_date
from .history_text import history_text
from .model import Event, Figure, Prose, Timeline
from .tables import read_table

MAX_EVENTS = 40  # a leaflet's two timeline panels hold a dozen; far beyond is a mistake
MAX_FIGURES = 12


def default_heading() -> Prose:
    """A timeline given as a table alone is headed as the leaflet names one, in each language
    being read (« Chronologie », „Zeittafel“)."""
    from ..phrasebook import phrasebook

    return Prose.of({lang: phrasebook(lang)["words"]["leaflet"]["timeline"]
                     for lang in LANGUAGES.get()})
EVENT_KEYS = ["date", "end"]
EVENT_COLUMNS = (
    Field("date", ("date", "début", "date de début", "start"), date=True),
    Field("end", ("fin", "end", "date de fin"), date=True),
    Field("title", ("titre", "title"), translated=True),
    Field("text", ("texte", "text", "description", "récit"), translated=True),
)


def read_timeline(node: yaml.Node | None, shown: str, report: Report,
                  table: tuple[Path, str] | None = None) -> Timeline | None:
    """`node`: timeline.yaml, if the folder has one; `table`: the events' spreadsheet (path, name
    shown), if it has one. At least one of the two is given."""
    m = Mapping.of(node, shown, "", report) if node is not None else None
    if node is not None and m is None:
        return None
    heading: Prose | None = None
    summary = None
    if m is None:  # the events' table alone
        heading = default_heading()
    else:
        m.check_keys(["schema", "events", "figures", *prose_keys("heading", "summary")])
        check_schema(m)
        heading = prose(m, "heading", required=True, example="La libération de Besançon")
        summary = prose(m, "summary", max_len=MAX_PARAGRAPH)
    if table and m and m.present("events"):
        m.error("events", _("are also listed in {file}").format(file=Path(table[1]).name),
                _("keep the events in one place: delete `events:` here, or {file}").format(
                    file=Path(table[1]).name))
        return None
    lines = dict(m.lines) if m else {}  # where each field is, for a message about its layout
    events = read_events_table(*table, report, lines) if table else \
        read_events_yaml(m, shown, report, lines)
    figures = read_figures(m, shown, report, lines) if m else []
    if not (heading and events) or figures is None:
        return None
    return Timeline(heading, tuple(events), summary, tuple(figures), lines)


def written(when: HistoryDate) -> str:
    """A date in a message as the leaflet prints it (« XVIIᵉ siècle », « 4 septembre 1944 »),
    not as EDTF (`16XX`), which the user never typed."""
    return history_text(when, main_lang())


def read_event(e: Mapping, events: list[Event]) -> None:
    """One event, appended if it is whole; `events` so far, for the date order, which compares
    the first day of each date (« 1850–1950 » comes before « 1900 », « 52 av. J.-C. » before
    both)."""
    e.check_keys([*EVENT_KEYS, *prose_keys("title", "text")])
    start = history_date(e, "date", required=True, example="1944-09-04")
    end = history_date(e, "end")
    if start and end and "/" in start.edtf:
        e.error("end", _("the date {start} is already an interval").format(start=written(start)),
                _("give the whole interval in `date` (1850/1950), or its first date only"))
        end = None
    elif start and end and end.latest <= start.latest:
        e.error("end", _("{end} is not after the start {start}").format(
                    end=written(end), start=written(start)),
                _("give the last day of the event, or none"))
        end = None
    if start and events and start.earliest < events[-1].date.earliest:
        e.error("date", _("{date} comes before the previous event ({previous})").format(
                    date=written(start), previous=written(events[-1].date)),
                _("list the events in date order"))

    title = prose(e, "title")
    text = prose(e, "text", required=True, max_len=MAX_PARAGRAPH,
                 example="Les Américains entrent dans Besançon.")
    if start and text:
        events.append(Event(start, text, end, title))


def read_events_yaml(m: Mapping | None, shown: str, report: Report,
                     lines: dict[str, int]) -> list[Event]:
    events: list[Event] = []
    if m is None:
        return events
    if m.present("events") and len(getattr(m.values["events"], "value", ())) > MAX_EVENTS:
        m.error("events", _("lists {count} events; the leaflet's timeline holds {limit} at the "
                            "most").format(count=len(m.values["events"].value), limit=MAX_EVENTS),
                _("keep the events that tell the story"))
        return events
    for index, item in m.sequence("events", required=True,
                                  example="{date: 1944-09-04, text: …}"):
        if e := Mapping.of(item, shown, f"events[{index}]", report):
            lines[f"events[{index}]"] = e.line()
            read_event(e, events)
    return events


def read_events_table(path: Path, shown: str, report: Report,
                      lines: dict[str, int]) -> list[Event]:
    events: list[Event] = []
    table = read_table(path, shown, report)
    if table is None:
        return events
    if not table.rows:
        report.error(shown, None, "", _("has no event below its header row (row {number})").format(
            number=table.header.number), _("add one event a row: date, titre, texte"))
    elif len(table.rows) > MAX_EVENTS:
        report.error(shown, None, "", _("lists {count} events; the leaflet's timeline holds {limit} "
                                        "at the most").format(count=len(table.rows),
                                                              limit=MAX_EVENTS),
                     _("keep the events that tell the story"))
        return events
    for index, row in enumerate(read_rows(table, EVENT_COLUMNS, ("date", "text"), report), 1):
        lines[f"events[{index}]"] = row.line()
        read_event(row, events)
    return events


def read_figures(m: Mapping, shown: str, report: Report,
                 lines: dict[str, int]) -> list[Figure] | None:
    figures: list[Figure] = []
    if m.present("figures") and len(getattr(m.values["figures"], "value", ())) > MAX_FIGURES:
        m.error("figures", _("lists {count} figures; the leaflet's panel holds {limit} at the "
                             "most").format(count=len(m.values["figures"].value),
                                            limit=MAX_FIGURES),
                _("keep the figures that matter most"))

        return None
    for index, item in m.sequence("figures", example="{value: 80, label: soldats américains}"):
        f = Mapping.of(item, shown, f"figures[{index}]", report)
        if f is None:
            continue
        f.check_keys(["value", *prose_keys("label")])
        lines[f"figures[{index}]"] = f.line()
        value = f.integer("value", required=True)
        label = prose(f, "label", required=True, example="soldats américains")
        if value is not None and label:
            figures.append(Figure(value, label))
    return figures
