"""The artefacts, one label each: from `artefacts.yaml` or a spreadsheet (xlsx, ods, csv).

Both forms meet in `read_artefact`: a spreadsheet row is read as a mapping (`columns.TableRow`),
so a field is checked by the same code whatever the file, and only the words differ.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from ..errors import Report, place
from ..i18n import _
from ..mapping import Mapping
from ..yamlnodes import quote
from .columns import Field, read_rows
from .fields import MAX_PARAGRAPH, check_schema, easy_read, prose, prose_keys, translations
from .history_text import dated_text
from .model import Artefact
from .tables import collector_paused, read_table

ID_RE = re.compile(r"^[A-Za-z0-9._-]+$")
# An id names the artefact's folder of the web site, which a museum may copy to a Windows
# machine: there, these names are devices (`CON`, `com1.txt` too) and a name cannot end in a dot.
WINDOWS_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)

def artefact_keys() -> tuple[str, ...]:
    """An artefact's keys, with the texts' `_de`… of the languages being read."""
    return keys_in(translations())


@cache
def keys_in(languages: tuple[str, ...]) -> tuple[str, ...]:  # once, not at each of 1,000 rows
    return ("id", "inventory", "url", "image", "room", "position",
            *prose_keys("title", "date", "description", "lender", "image_alt", "falc"))


# The columns of a spreadsheet, French name first (the kit's header row), then English and the
# other words a museum uses for the same thing. Any of the prose ones may have an English column.
ARTEFACT_COLUMNS = (
    Field("id", ("identifiant", "id", "référence", "ref", "identifier")),
    Field("title", ("titre", "title", "désignation"), translated=True),
    Field("date", ("datation", "date"), translated=True, date=True),  # a date cell: ISO, read as history
    Field("description", ("description", "texte", "notice", "text"), translated=True),
    Field("lender", ("prêteur", "lender", "crédit", "credit", "credit line"), translated=True),
    Field("inventory", ("n° d'inventaire", "inventory", "inventaire", "numéro d'inventaire",
                        "nº d'inventaire", "inventory number")),
    Field("url", ("lien", "url", "link", "adresse web")),
    Field("image", ("photo", "image", "photograph")),
    Field("image_alt", ("texte alternatif", "image_alt", "alt", "alternative text",
                        "description de la photo", "image description"), translated=True),
    Field("falc", ("facile à lire", "falc", "easy read", "easy to read", "easy-to-read"),
          translated=True),
    Field("room", ("salle", "room")),
    Field("position", ("emplacement", "position")),
)


def read_artefact(m: Mapping, report: Report, base_url: str | None) -> Artefact | None:
    m.check_keys(artefact_keys())
    ident = m.text("id", required=True, example="lattre-kepi", max_len=80)
    if ident and not ID_RE.match(ident):
        m.error("id", _("'{value}' may only hold letters, digits, '.', '_' and '-'").format(
            value=quote(ident)), _("replace spaces and accents, e.g. lattre-kepi"))
        ident = None
    elif ident and (WINDOWS_DEVICE.match(ident) or ident.endswith(".")):
        m.error("id", _("'{value}' cannot name a folder of the web site on Windows (a device name "
                        "such as CON, AUX, NUL, COM1 or LPT1, or a name ending in '.')").format(
            value=quote(ident)), _("choose another id, e.g. {example}").format(
            example=quote(f"{ident.split('.')[0]}-1")))
        ident = None
    title = prose(m, "title", required=True, example="Képi du général de Lattre")
    fields = dict(date=dated_text(prose(m, "date", max_len=60)), description=prose(m, "description",
                  max_len=MAX_PARAGRAPH), lender=prose(m, "lender"),
                  inventory=m.text("inventory", max_len=80), url=m.url("url"),
                  room=m.text("room", max_len=80), position=m.text("position", max_len=80),
                  image=m.file_path("image"),  # the file is checked by expoprint.images
                  image_alt=prose(m, "image_alt", max_len=400), falc=easy_read(m))
    if fields["image"] and fields["image_alt"] is None and not m.present("image_alt"):
        # A screen reader reads this instead of the photo: the title is already read out.
        m.error("image_alt", _("a photo is given without its alternative text (what the photo "
                               "shows, for visitors who cannot see it)"),
                m.fill_hint("image_alt", "Képi bleu horizon posé sur ses gants, vu de face"))
    if not (ident and title):
        return None
    if base_url and fields["url"] in (None, base_url + ident):
        # The object's folder of the site, with its final `/`: `…/citadelle` opens on a host that
        # redirects it, but one that serves the folder's index.html directly leaves the page's
        # relative links (its stylesheet, its photo) pointing one folder too high.
        fields["url"] = base_url + ident + ("/" if base_url.endswith("/") else "")
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


def read_artefacts_table(path: Path, shown: str, report: Report,
                         base_url: str | None) -> list[Artefact]:
    """A spreadsheet's first sheet (xlsx, ods) or a CSV export: a header row, one row a label."""
    table = read_table(path, shown, report)
    if table is None:
        return []
    with collector_paused():
        rows = read_rows(table, ARTEFACT_COLUMNS, ("id", "title"), report)
        return [artefact for row in rows if (artefact := read_artefact(row, report, base_url))]


def check_duplicate_ids(artefacts: list[Artefact], report: Report) -> None:
    seen: dict[str, Artefact] = {}
    for a in artefacts:
        if a.id in seen:
            report.error(a.source, a.line, f"id '{a.id}'",
                         _("is used twice (first on {place})").format(
                             place=place(a.source, seen[a.id].line)),
                         _("give each artefact its own id"))

        else:
            seen[a.id] = a
