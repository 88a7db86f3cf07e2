"""The content folder, read into the model with every problem collected at once.

Validation never stops at the first problem: a communications officer fixes a file in one
pass, not ten. Only regular files inside the folder are read.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import Report
from ..yamlnodes import read_yaml
from .artefacts import check_duplicate_ids, read_artefacts_csv, read_artefacts_yaml
from .exhibition import read_exhibition
from .model import PLACEHOLDER_RE, Artefact, Content, walk_text
from .timeline import read_timeline


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

