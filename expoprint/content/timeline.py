"""`timeline.yaml`: the history the leaflet tells, in date order, and its figures."""

from __future__ import annotations

import yaml

from ..errors import Report
from ..yamlnodes import Mapping
from .fields import MAX_PARAGRAPH, check_schema, prose, prose_keys
from .model import Event, Figure, Timeline

MAX_EVENTS = 40  # a leaflet's two timeline panels hold a dozen; far beyond is a mistake
MAX_FIGURES = 12


def read_timeline(node: yaml.Node, shown: str, report: Report) -> Timeline | None:
    m = Mapping.of(node, shown, "", report)
    if m is None:
        return None
    m.check_keys(["schema", "events", "figures", *prose_keys("heading", "summary")])
    check_schema(m)
    heading = prose(m, "heading", required=True, example="La libération de Besançon")
    summary = prose(m, "summary", max_len=MAX_PARAGRAPH)
    events: list[Event] = []
    lines = dict(m.lines)  # where each field is, for a message about its layout
    if m.present("events") and len(getattr(m.values["events"], "value", ())) > MAX_EVENTS:
        m.error("events", f"lists {len(m.values['events'].value)} events; the leaflet's timeline "
                f"holds {MAX_EVENTS} at the most", "keep the events that tell the story")
        return None
    for index, item in m.sequence("events", required=True,
                                  example="{date: 1944-09-04, text: …}"):
        e = Mapping.of(item, shown, f"events[{index}]", report)
        if e is None:
            continue
        e.check_keys(["date", "end", *prose_keys("title", "text")])
        lines[f"events[{index}]"] = e.line()
        start = e.iso_date("date", required=True, example="1944-09-04")
        end = e.iso_date("end")
        if start and end and end <= start:
            e.error("end", f"{end.isoformat()} is not after the start {start.isoformat()}",
                    "give the last day of the event, or remove `end`")
            end = None
        if start and events and start < events[-1].date:
            e.error("date", f"{start.isoformat()} comes before the previous event "
                    f"({events[-1].date.isoformat()})", "list the events in date order")
        title = prose(e, "title")
        text = prose(e, "text", required=True, max_len=MAX_PARAGRAPH,
                     example="Les Américains entrent dans Besançon.")
        if start and text:
            events.append(Event(start, text, end, title))
    figures: list[Figure] = []
    if m.present("figures") and len(getattr(m.values["figures"], "value", ())) > MAX_FIGURES:
        m.error("figures", f"lists {len(m.values['figures'].value)} figures; the leaflet's panel "
                f"holds {MAX_FIGURES} at the most", "keep the figures that matter most")
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
    if not (heading and events):
        return None
    return Timeline(heading, tuple(events), summary, tuple(figures), lines)


