"""The artefacts, one label each: from `artefacts.yaml` or a spreadsheet export (CSV)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import yaml

from ..errors import Report
from ..yamlnodes import Mapping, quote, read_regular_file, suggest
from .fields import MAX_PARAGRAPH, check_schema, prose, prose_keys
from .model import Artefact

ID_RE = re.compile(r"^[A-Za-z0-9._-]+$")
MAX_TABLE_BYTES = 64 * 1024 * 1024  # ten thousand labels' worth of spreadsheet is a few MB


ARTEFACT_KEYS = ["id", "inventory", "url", "room", "position", "image",
                 *prose_keys("title", "date", "description", "lender")]


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
                  inventory=m.text("inventory", max_len=80), url=m.url("url"),
                  room=m.text("room", max_len=80), position=m.text("position", max_len=80),
                  image=m.text("image", max_len=300))  # the file is checked by expoprint.images
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


