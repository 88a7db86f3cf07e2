"""The content folder, read into typed models with every problem collected at once.

Prose fields carry their French text and, when the content gives one, the English text of the
same key with `_en` appended. Validation never stops at the first problem: a communications officer
fixes a file in one pass, not ten.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

import yaml

from .errors import Report
from .yamlnodes import Mapping, parse_date, quote, read_regular_file, read_yaml, suggest

SCHEMA = 1
ID_RE = re.compile(r"^[A-Za-z0-9._-]+$")
HOUR_RE = re.compile(r"^\s*(\d{1,2})\s*(?::|h|H)\s*(\d{2})?\s*$")
PLACEHOLDER_RE = re.compile(
    r"example\.(org|com|net)|à compléter|a completer|lorem ipsum|\bTODO\b|\bXXX+\b|\bTBD\b",
    re.IGNORECASE)
MAX_TITLE = 200
MAX_PARAGRAPH = 1500
MAX_EVENTS = 40  # a leaflet's two timeline panels hold a dozen; far beyond is a mistake
MAX_FIGURES = 12
MAX_ABOUT = 12
MAX_TABLE_BYTES = 64 * 1024 * 1024  # ten thousand labels' worth of spreadsheet is a few MB


@dataclass(frozen=True)
class Prose:
    """A text in French, with its English version when the content gives one."""

    fr: str
    en: str | None = None

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.fr


@dataclass(frozen=True)
class Venue:
    name: str
    city: str
    address: str | None = None


@dataclass(frozen=True)
class Exhibition:
    title: Prose
    dates: tuple[date, ...]
    opens: time
    closes: time
    admission: Prose
    venue: Venue
    subtitle: Prose | None = None
    kind: Prose | None = None
    occasion: Prose | None = None
    highlight: Prose | None = None
    call_to_action: Prose | None = None
    about: tuple[Prose, ...] = ()
    website: str | None = None
    qr_base_url: str | None = None
    motif: str | None = None


@dataclass(frozen=True)
class Event:
    date: date
    text: Prose
    end: date | None = None
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


@dataclass(frozen=True)
class Artefact:
    id: str
    title: Prose
    source: str
    line: int
    date: Prose | None = None
    description: Prose | None = None
    lender: Prose | None = None
    inventory: str | None = None
    url: str | None = None


@dataclass
class Content:
    folder: Path
    exhibition: Exhibition
    timeline: Timeline | None
    artefacts: tuple[Artefact, ...] | None
    files: list[Path]
    warnings: list = field(default_factory=list)

    @property
    def has_english(self) -> bool:
        """English versions are built when the content's main facts carry `_en` texts."""
        return self.exhibition.title.en is not None


def prose(m: Mapping, key: str, required: bool = False, example: str = "…",
          max_len: int = MAX_TITLE) -> Prose | None:
    fr = m.text(key, required=required, example=example, max_len=max_len)
    en = m.text(f"{key}_en", max_len=max_len)
    if fr is None:
        if en is not None:
            m.error(f"{key}_en", f"has an English text but `{key}` (French) is missing",
                    f"add `{key}:` with the French text")
        return None
    return Prose(fr, en)


def prose_keys(*keys: str) -> list[str]:
    return [k for key in keys for k in (key, f"{key}_en")]


def check_schema(m: Mapping) -> None:
    if not m.present("schema"):
        m.missing("schema", str(SCHEMA))
    elif m.integer("schema") not in (SCHEMA, None):
        m.error("schema", f"this version of expoprint reads schema {SCHEMA}",
                f"write `schema: {SCHEMA}`")


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


def read_timeline(node: yaml.Node, shown: str, report: Report) -> Timeline | None:
    m = Mapping.of(node, shown, "", report)
    if m is None:
        return None
    m.check_keys(["schema", "events", "figures", *prose_keys("heading", "summary")])
    check_schema(m)
    heading = prose(m, "heading", required=True, example="La libération de Besançon")
    summary = prose(m, "summary", max_len=MAX_PARAGRAPH)
    events: list[Event] = []
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
        value = f.integer("value", required=True)
        label = prose(f, "label", required=True, example="soldats américains")
        if value is not None and label:
            figures.append(Figure(value, label))
    if not (heading and events):
        return None
    return Timeline(heading, tuple(events), summary, tuple(figures))


ARTEFACT_KEYS = ["id", "inventory", "url", *prose_keys("title", "date", "description", "lender")]


def read_artefact(m: Mapping, report: Report, base_url: str | None) -> Artefact | None:
    m.check_keys(ARTEFACT_KEYS)
    ident = m.text("id", required=True, example="lattre-kepi", max_len=80)
    if ident and not ID_RE.match(ident):
        m.error("id", f"'{quote(ident)}' may only hold letters, digits, '.', '_' and '-'",
                "replace spaces and accents, e.g. lattre-kepi")
        ident = None
    title = prose(m, "title", required=True, example="Képi du général de Lattre")
    fields = dict(date=prose(m, "date", max_len=60), description=prose(m, "description",
                  max_len=MAX_PARAGRAPH), lender=prose(m, "lender"),
                  inventory=m.text("inventory", max_len=80), url=m.url("url"))
    if not (ident and title):
        return None
    if fields["url"] is None and base_url:
        fields["url"] = base_url + ident
    return Artefact(ident, title, m.file, m.line(), **fields)


def read_artefacts_yaml(node: yaml.Node, shown: str, report: Report,
                        base_url: str | None) -> list[Artefact]:
    m = Mapping.of(node, shown, "", report)
    if m is None:
        return []
    m.check_keys(["schema", "artefacts"])
    check_schema(m)
    out = []
    for index, item in m.sequence("artefacts", required=True, example="- {id: …, title: …}"):
        a = Mapping.of(item, shown, f"artefacts[{index}]", report)
        if a and (artefact := read_artefact(a, report, base_url)):
            out.append(artefact)
    return out


def read_artefacts_csv(path: Path, shown: str, report: Report,
                       base_url: str | None) -> list[Artefact]:
    """A spreadsheet export: Excel's UTF-8 BOM, `;` or `,`, quoted multi-line cells."""
    data = read_regular_file(path, shown, report, MAX_TABLE_BYTES)
    if data is None:
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.error(shown, None, "", "is not UTF-8 text",
                     "in Excel: Save As › 'CSV UTF-8 (comma delimited)'")
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        report.error(shown, 1, "", "is empty", "the first row names the columns: id;title;…")
        return []
    for column in header:
        if column not in ARTEFACT_KEYS:
            report.error(shown, 1, f"column '{column}'", "unknown column",
                         suggest(column, ARTEFACT_KEYS))
    out: list[Artefact] = []
    line = reader.line_num + 1
    try:
        for row in reader:
            row_line, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                report.error(shown, row_line, f"row {row_line}", f"has {len(row)} cells but the "
                             f"header names {len(header)} columns",
                             f"check the '{delimiter}' inside a cell is quoted")
                continue
            node = csv_row_node(header, row, row_line)
            a = Mapping(node, shown, f"row {row_line}", report)
            if artefact := read_artefact(a, report, base_url):
                out.append(artefact)
    except csv.Error as exc:
        report.error(shown, reader.line_num, "", f"cannot be read as CSV: {exc}",
                     "check the quotes on that row")
    return out


def csv_row_node(header: list[str], row: list[str], line: int) -> yaml.MappingNode:
    """Present a CSV row as a YAML mapping so both formats share one validator."""
    mark = yaml.Mark("csv", 0, line - 1, 0, None, None)
    pairs = []
    for column, cell in zip(header, row, strict=False):
        if cell.strip() and column in ARTEFACT_KEYS:
            key = yaml.ScalarNode("tag:yaml.org,2002:str", column, mark, mark)
            text = cell.replace("\r\n", "\n").replace("\r", "\n")  # a line break typed in a cell
            pairs.append((key, yaml.ScalarNode("tag:yaml.org,2002:str", text, mark, mark)))
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, mark, mark)


def check_duplicate_ids(artefacts: list[Artefact], report: Report) -> None:
    seen: dict[str, Artefact] = {}
    for a in artefacts:
        if a.id in seen:
            report.error(a.source, a.line, f"id '{a.id}'",
                         f"is used twice (first on line {seen[a.id].line})",
                         "give each artefact its own id")
        else:
            seen[a.id] = a


def walk_text(value: object, path: str = "", skip: tuple[str, ...] = ("source", "line")):
    """Every text of a model with its field path: (path, Prose or str)."""
    if isinstance(value, Prose | str):
        yield path, value
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value, 1):
            yield from walk_text(item, f"{path}[{index}]", skip)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            if name not in skip:
                yield from walk_text(getattr(value, name), f"{path}.{name}" if path else name, skip)


def warn_placeholders(value: object, shown: str, report: Report, path: str = "",
                      skip: tuple[str, ...] = ("source", "line")) -> None:
    """Text such as `à compléter` must not reach a printer unnoticed."""
    for where, text in walk_text(value, path, skip):
        versions = [(where, text)] if isinstance(text, str) else \
            [(where, text.fr), (f"{where}_en", text.en)]
        for field_path, version in versions:
            if version and (match := PLACEHOLDER_RE.search(version)):
                report.warn(shown, None, field_path,
                            f"still holds the placeholder '{match.group()}'",
                            "replace it with the real text before sending files to print")


def inside_folder(path: Path, folder: Path, report: Report) -> bool:
    """A content file is read only if it really lives in the content folder: a link to
    /etc/passwd or to another project's files is refused, not followed."""
    if path.resolve().is_relative_to(folder.resolve()):
        return True
    report.error(str(path), None, "", "is a link to a file outside the content folder",
                 "copy the file into the content folder instead of linking to it")
    return False


def load_content(folder: Path, report: Report) -> Content | None:
    """Read every content file; the caller raises if the report holds errors."""
    if not folder.is_dir():
        report.error(str(folder), None, "", "is not a folder",
                     "give the content folder with --content, e.g. --content content")
        return None
    files = []

    def node_of(name: str, required: bool) -> tuple[yaml.Node | None, str]:
        path = folder / name
        shown = str(path)
        if not path.exists():
            if required:
                report.error(shown, None, "", "is missing",
                             f"create {name} in the content folder (see README)")
            return None, shown
        if not inside_folder(path, folder, report):
            return None, shown
        files.append(path)
        return read_yaml(path, shown, report), shown

    node, shown = node_of("exhibition.yaml", True)
    exhibition = read_exhibition(node, shown, report) if node else None
    if exhibition:
        warn_placeholders(exhibition, shown, report)
    node, shown = node_of("timeline.yaml", False)
    timeline = read_timeline(node, shown, report) if node else None
    if timeline:
        warn_placeholders(timeline, shown, report)
    base_url = exhibition.qr_base_url if exhibition else None
    artefacts: list[Artefact] | None = None
    yaml_path, csv_path = folder / "artefacts.yaml", folder / "artefacts.csv"
    if yaml_path.exists() and csv_path.exists():
        report.error(str(csv_path), None, "", "and artefacts.yaml both exist",
                     "keep one of the two files")
    elif csv_path.exists() and inside_folder(csv_path, folder, report):
        files.append(csv_path)
        artefacts = read_artefacts_csv(csv_path, str(csv_path), report, base_url)
    elif yaml_path.exists():
        node, shown = node_of("artefacts.yaml", False)
        artefacts = read_artefacts_yaml(node, shown, report, base_url) if node else []
    if artefacts is not None:
        check_duplicate_ids(artefacts, report)
        for a in artefacts:
            derived = base_url is not None and a.url == base_url + a.id
            # A derived address repeats qr_base_url, which is reported once already.
            warn_placeholders(a, a.source, report, f"artefact '{a.id}'",
                              ("source", "line", "url") if derived else ("source", "line"))
    if exhibition is None:
        return None
    return Content(folder, exhibition, timeline,
                   tuple(artefacts) if artefacts is not None else None, files)

