"""A new content folder to fill in (`expoprint new DIR`): what a user starts from.

The kit is commented YAML in French (`kit/`, every key, the optional ones as notes with an
example) and an artefacts spreadsheet whose header row comes from the very column table the
reader uses, so the two cannot drift apart. It builds as it is, with a warning for each
"à compléter" left, so the user sees every product at once and replaces the placeholders.

It lives with the readers, not in `layouts/` (how things look, a designer's files): it is the
other face of what `content` accepts, and tests hold it valid against the readers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..bundled import LAYOUTS
from ..errors import ExpoprintError, Problem
from ..i18n import _
from .artefacts import ARTEFACT_COLUMNS

KIT = Path(__file__).resolve().parent / "kit"
FILES = ("exhibition.yaml", "timeline.yaml")
EXAMPLE = {  # the one example row of artefacts.xlsx, by field
    "id": "objet-01",
    "title": "Titre de l'objet (à compléter)",
    "date": "1944",
    "description": "Ce que le visiteur doit savoir de l'objet, en deux ou trois phrases "
                   "(à compléter).",
    "lender": "Collection particulière",
    "room": "Salle 1",
    "position": "Vitrine 1",
}
WIDTHS = {"id": 16, "title": 40, "date": 16, "description": 60, "lender": 30, "inventory": 18,
          "url": 36, "image": 24, "image_alt": 40, "falc": 50, "room": 12,
          "position": 16}  # in characters
TEXT = "@"  # Excel's Text format: what is typed stays as typed ("01000", "1944.12")


def new_kit(folder: Path, with_layouts: bool = False) -> list[Path]:
    """Write the kit into `folder`, new or empty; return the files written. `with_layouts`: the
    bundled layouts too, into `layouts/`, for a museum to make its own look from.

    An existing folder that holds anything is refused, so nothing of the user's is overwritten.
    """
    if folder.exists() and not folder.is_dir():
        raise ExpoprintError(Problem(str(folder), None, "", _("is a file, not a folder"),
                                     _("give the name of a new folder, e.g. expo-2026")))
    if folder.is_dir() and (held := sorted(path.name for path in folder.iterdir())):
        shown = ", ".join(held[:3]) + (", …" if len(held) > 3 else "")
        raise ExpoprintError(Problem(str(folder), None, "",
                                     _("already holds files ({files})").format(files=shown),
                                     _("`new` only fills a new or empty folder, so that nothing "
                                       "of yours is overwritten: give a new folder name")))
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            (folder / name).write_bytes((KIT / name).read_bytes())
            written.append(folder / name)
        write_artefacts_sheet(folder / "artefacts.xlsx")
        written.append(folder / "artefacts.xlsx")
        if with_layouts:
            shutil.copytree(LAYOUTS, folder / "layouts", ignore=shutil.ignore_patterns("icc"))
            written.append(folder / "layouts")
    except OSError as exc:
        raise ExpoprintError(Problem(str(folder), None, "",
                                     _("cannot be written: {reason}").format(reason=exc.strerror),
                                     _("choose a folder you may write to"))) from exc

    return written


def header() -> list[tuple[str, str]]:
    """(field key, column name) in the kit's order: French names, the English columns last."""
    columns = [(f.key, f.names[0][:1].upper() + f.names[0][1:]) for f in ARTEFACT_COLUMNS]
    columns += [(f"{key}_en", f"{name} (anglais)") for (key, name), f
                in zip(columns, ARTEFACT_COLUMNS, strict=True) if f.translated]
    return columns


def write_artefacts_sheet(path: Path) -> None:
    """The header row in French, one example row, columns wide enough to read, the header
    frozen, and every column in Text format so Excel keeps identifiers as typed."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Objets"
    columns = header()
    sheet.append([name for _key, name in columns])
    sheet.append([EXAMPLE.get(key) for key, _name in columns])
    for index, (key, _name) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = WIDTHS[key.removesuffix("_en")]
        dimension.number_format = TEXT
        if key.startswith(("description", "falc")):  # several lines in a cell
            dimension.alignment = Alignment(wrap_text=True, vertical="top")
        title = sheet.cell(row=1, column=index)
        title.font = Font(bold=True)
        title.fill = PatternFill("solid", fgColor="DDE4EE")
        sheet.cell(row=2, column=index).number_format = TEXT
    sheet.freeze_panes = "A2"
    book.save(path)
