"""`exhibition.yaml`: the event — its title, when and where, what it costs, how it looks."""

from __future__ import annotations

import re
from datetime import date, time

import yaml

from ..errors import Report
from ..yamlnodes import Mapping, parse_date, quote
from .fields import MAX_PARAGRAPH, check_schema, prose, prose_keys
from .model import Exhibition, Prose, Venue

HOUR_RE = re.compile(r"^\s*(\d{1,2})\s*(?::|h|H)\s*(\d{2})?\s*$")
MAX_ABOUT = 12


def parse_hour(m: Mapping, key: str) -> time | None:
    node = m.values.get(key)
    raw = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if node is not None and raw.isdigit() and node.tag.endswith(":int") and ":" not in raw:
        # YAML 1.1 reads an unquoted 10:00 as the sexagesimal number 600.
        raw = f"{int(raw) // 60}:{int(raw) % 60:02d}"
    match = HOUR_RE.match(raw)
    if node is None or not m.present(key):
        m.missing(key, '"10:00"')
        return None
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        m.error(key, f"'{quote(raw)}' is not an hour", 'write it as "HH:MM" in quotes, e.g. "10:00"')
        return None
    return time(int(match.group(1)), int(match.group(2) or 0))


def read_exhibition(node: yaml.Node, shown: str, report: Report) -> Exhibition | None:
    m = Mapping.of(node, shown, "", report)
    if m is None:
        return None
    m.check_keys(["schema", "dates", "hours", "venue", "website", "qr_base_url", "motif",
                  "about", "about_en",
                  *prose_keys("title", "subtitle", "kind", "admission", "occasion",
                              "highlight", "call_to_action")])
    check_schema(m)
    title = prose(m, "title", required=True, example="La Libération de Besançon")
    dates: list[date] = []
    for index, item in m.sequence("dates", required=True, example="[2024-09-21, 2024-09-22]"):
        parsed = parse_date(item, shown, f"dates[{index}]", report)
        if parsed:
            dates.append(parsed)
    if len(set(dates)) != len(dates):
        m.error("dates", "lists the same day twice", "list each day once")
    elif dates != sorted(dates):
        m.error("dates", "are not in calendar order", "list the days from first to last")
    opens = closes = None
    if hours := m.mapping("hours", required=True, example='{open: "10:00", close: "17:00"}'):
        hours.check_keys(["open", "close"])
        opens, closes = parse_hour(hours, "open"), parse_hour(hours, "close")
        if opens and closes and closes <= opens:
            hours.error("close", f"closing time {closes:%H:%M} is not after opening time "
                        f"{opens:%H:%M}", "swap them, or correct the hour")
    admission = prose(m, "admission", required=True, example="Entrée libre")
    venue = None
    if v := m.mapping("venue", required=True,
                      example="{name: Hôtel de Grand Quartier Général de Clévans, city: Besançon}"):
        v.check_keys(["name", "city", "address"])
        name = v.text("name", required=True, example="Hôtel de Grand Quartier Général de Clévans")
        city = v.text("city", required=True, example="Besançon")
        address = v.text("address")
        if name and city:
            venue = Venue(name, city, address)
    for key in ("about", "about_en"):
        if m.present(key) and len(getattr(m.values[key], "value", ())) > MAX_ABOUT:
            m.error(key, f"has {len(m.values[key].value)} paragraphs; the leaflet's flap holds "
                    f"{MAX_ABOUT} at the most", "keep the paragraphs that matter most")
            return None
    about = tuple(Prose(fr) for fr in m.text_list("about", MAX_PARAGRAPH) or [])
    about_en = m.text_list("about_en", MAX_PARAGRAPH) or []
    if about_en and len(about_en) != len(about):
        m.error("about_en", f"has {len(about_en)} paragraphs but `about` has {len(about)}",
                "give one English paragraph for each French one, in the same order")
    elif about_en:
        about = tuple(Prose(p.fr, en) for p, en in zip(about, about_en, strict=True))
    fields = dict(
        subtitle=prose(m, "subtitle"), kind=prose(m, "kind"), occasion=prose(m, "occasion"),
        highlight=prose(m, "highlight", max_len=400),
        call_to_action=prose(m, "call_to_action"), website=m.url("website"),
        qr_base_url=m.url("qr_base_url"), motif=m.text("motif", max_len=12))
    if not (title and dates and opens and closes and admission and venue):
        return None
    return Exhibition(title=title, dates=tuple(dates), opens=opens, closes=closes,
                      admission=admission, venue=venue, about=about, **fields)


