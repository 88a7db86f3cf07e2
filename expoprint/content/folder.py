"""The content folder, read into the model with every problem collected at once.

Validation never stops at the first problem: a communications officer fixes a file in one
pass, not ten. Only regular files inside the folder are read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import yaml

from ..errors import Report
from ..i18n import _
from ..mapping import translated_key
from ..yamlnodes import read_yaml
from . import translations
from .artefacts import check_duplicate_ids, read_artefacts_table, read_artefacts_yaml
from .exhibition import read_exhibition, read_languages
from .fields import reading_in
from .model import PLACEHOLDER_RE, Artefact, Content, may_hold_placeholder, texts_in, walk_text
from .timeline import read_timeline


def warn_placeholders(value: object, shown: str, report: Report,
                      path: str | Callable[[], str] = "",
                      skip: tuple[str, ...] = ("source", "line"), line: int | None = None,
                      artefact: str = "") -> None:
    """Text such as `à compléter` must not reach a printer unnoticed. All the texts are searched
    at once first: a thousand artefacts without a placeholder cost one search each. `path`
    names the value in a message, made only then when a function (`Artefact.field`): the
    texts are walked again with it, rarely."""
    if not may_hold_placeholder("\n".join(texts_in(value, skip, []))):
        return
    for where, text in walk_text(value, path() if callable(path) else path, skip):
        versions = [(where, text)] if isinstance(text, str) else \
            [(translated_key(where, lang, text.main_lang), version)
             for lang, version in text.texts]
        for field_path, version in versions:
            if version and (match := PLACEHOLDER_RE.search(version)):
                report.warn(shown, line, field_path,
                            _("still holds the placeholder '{placeholder}'").format(
                                placeholder=match.group()),
                            _("replace it with the real text before sending files to print"),
                            artefact=artefact)


def warn_artefact_placeholders(artefacts: list[Artefact], base_url: str | None,
                               report: Report) -> None:
    """`warn_placeholders` for each artefact, after one look at all their texts: a thousand
    artefacts without a placeholder are one substring search, not a thousand."""
    skips = [("source", "line", "url")  # a derived address repeats qr_base_url, reported once
             if base_url is not None and a.url in (base_url + a.id, f"{base_url}{a.id}/")
             else ("source", "line") for a in artefacts]
    texts: list[str] = []
    for artefact, skip in zip(artefacts, skips, strict=True):
        texts_in(artefact, skip, texts)
    if may_hold_placeholder("\n".join(texts)):
        for a, skip in zip(artefacts, skips, strict=True):
            warn_placeholders(a, a.source, report, a.field, skip, a.line, artefact=a.id)


def inside_folder(path: Path, folder: Path, report: Report) -> bool:
    """A content file is read only if it really lives in the content folder: a link to
    /etc/passwd or to another project's files is refused, not followed."""
    if path.resolve().is_relative_to(folder.resolve()):
        return True
    report.error(str(path), None, "", _("is a link to a file outside the content folder"),
                 _("copy the file into the content folder instead of linking to it"))
    return False


ARTEFACT_FILES = ("artefacts.yaml", "artefacts.xlsx", "artefacts.ods", "artefacts.csv")
EVENT_TABLES = ("timeline.xlsx", "timeline.ods", "timeline.csv")
NEAR_FORMATS = ("yaml", "yml", "xlsx", "xls", "xlsm", "ods", "csv", "txt", "tsv", "numbers")


def one_of(folder: Path, names: tuple[str, ...], report: Report) -> Path | None:
    """The one file of `names` the folder holds; two are an error naming both, since which one
    the user last edited is not for us to guess."""
    present = [folder / name for name in names if (folder / name).exists()]
    if len(present) > 1:
        report.error(str(present[1]), None, "", _("and {other} are both in the content "
                                                  "folder").format(other=present[0].name),
                     _("keep one of the two: move the other out of the folder"))
    return present[0] if len(present) == 1 else None


def misnamed(folder: Path, names: tuple[str, ...], report: Report) -> None:
    """Warn of a file meant as one of `names` but named otherwise ("Artefacts.xlsx", an old
    ".xls", a ".yml"): case matters on this system, and without a word the user would wonder
    why a file plainly there is not read. Backups ("artefacts.yaml.bak") are left alone."""
    if any((folder / name).exists() for name in names):
        return
    stems = {name.split(".")[0] for name in names}
    for entry in sorted(folder.iterdir()):
        stem, _dot, suffix = entry.name.partition(".")
        if entry.name in names or stem.casefold() not in stems \
                or suffix.casefold() not in NEAR_FORMATS:
            continue
        wanted = f"{stem.casefold()}.{suffix.casefold()}"
        if wanted in names:
            report.warn(str(entry), None, "", _("is not read: its name must be in small letters"),
                        _("rename it {name}").format(name=wanted))
        elif suffix.casefold() == "yml":
            report.warn(str(entry), None, "", _("is not read"),
                        _("rename it {name}").format(name=f"{stem.casefold()}.yaml"))
        elif len(names) > 1:
            report.warn(str(entry), None, "", _("is in a format expoprint does not read"),
                        _("save it as YAML (.yaml), Excel (.xlsx), OpenDocument (.ods) or CSV "
                          "(.csv), named {stem}.xlsx (or .ods, .csv)").format(
                              stem=stem.casefold()))


def load_content(folder: Path, report: Report) -> Content | None:
    """Read every content file; the caller raises if the report holds errors."""
    if not folder.is_dir():
        report.error(str(folder), None, "", _("is not a folder"),
                     _("give the content folder with --content, e.g. --content content"))
        return None
    files = []

    def readable(path: Path) -> bool:
        if not inside_folder(path, folder, report):
            return False
        files.append(path)
        return True

    def node_of(path: Path) -> yaml.Node | None:
        return read_yaml(path, str(path), report) if readable(path) else None

    shown = str(folder / "exhibition.yaml")
    node = None
    if (folder / "exhibition.yaml").exists():
        node = node_of(folder / "exhibition.yaml")
    else:
        misnamed(folder, ("exhibition.yaml",), report)
        report.error(shown, None, "", _("is missing"),
                     _("create exhibition.yaml in the content folder (see README), or start a "
                       "new folder with: expoprint new FOLDER"))
    languages, declared = read_languages(node, shown, report)
    with reading_in(languages):
        return read_files(folder, node, declared, files, readable, node_of, report)


def read_files(folder: Path, node: yaml.Node | None, declared: bool, files: list[Path],
               readable, node_of, report: Report) -> Content | None:
    """The content's files, read in the languages `languages` gives (see `fields.reading_in`)."""
    shown = str(folder / "exhibition.yaml")
    exhibition = read_exhibition(node, shown, report, declared) if node else None
    if exhibition:
        warn_placeholders(exhibition, shown, report)

    timeline = None
    timeline_yaml = folder / "timeline.yaml"
    has_yaml, table = timeline_yaml.exists(), one_of(folder, EVENT_TABLES, report)
    misnamed(folder, ("timeline.yaml", *EVENT_TABLES), report)
    if has_yaml or table:
        node = node_of(timeline_yaml) if has_yaml else None
        table_readable = table is None or readable(table)
        if (node is not None or not has_yaml) and table_readable:
            timeline = read_timeline(node, str(timeline_yaml), report,
                                     (table, str(table)) if table else None)
    if timeline and table:
        warn_placeholders(timeline.events, str(table), report, "events")
        warn_placeholders(replace(timeline, events=()), str(timeline_yaml), report)
    elif timeline:
        warn_placeholders(timeline, str(timeline_yaml), report)

    base_url = exhibition.qr_base_url if exhibition else None
    artefacts: list[Artefact] | None = None
    source = one_of(folder, ARTEFACT_FILES, report)
    misnamed(folder, ARTEFACT_FILES, report)
    if source is not None and source.suffix == ".yaml":
        node = node_of(source)
        artefacts = read_artefacts_yaml(node, str(source), report, base_url) if node else []
    elif source is not None and readable(source):
        artefacts = read_artefacts_table(source, str(source), report, base_url)
    if artefacts is not None:
        check_duplicate_ids(artefacts, report)
        warn_artefact_placeholders(artefacts, base_url, report)
    if exhibition is None:
        return None
    content = Content(folder, exhibition, timeline,
                      tuple(artefacts) if artefacts is not None else None, files)
    return translations.apply(content, report, readable)  # a translator's, beside `_de` keys
