"""What a labels build draws, from the command line's choices: which sheets, which artefacts,
and whether the files are the full set, a reprint or a test print.

Each choice is checked here, against the layouts' sheets and the content's ids, because only
here are the facts that make the message useful (the known sheet codes, the nearest id). A wrong
choice is a command-line error (`OptionError`, exit 2), found before anything is rendered.

Selections, as typed after `--id` (repeatable; `--ids` is the same option):
- an id: `lattre-01`;
- several, separated by commas: `lattre-01,citadelle`;
- a range, both ends included, in the order of the artefacts file: `lattre-01..lattre-05`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ...content import Artefact
from ...errors import OptionError
from ...i18n import _
from ...yamlnodes import quote
from ..base import LabelOptions
from .spec import Sheet

REPRINT = "reprint"
TEST = "test"


@dataclass(frozen=True)
class Selection:
    sheets: tuple[Sheet, ...]  # each preset once, in the order asked
    artefacts: tuple[Artefact, ...]  # in the artefacts file's order
    batch: str  # "": the full set; "reprint", "test" or "reprint-test": files beside it

    @property
    def cut_labels(self) -> bool:
        """A test print is about the sheets' die-cuts: it has no cut labels and no list."""
        return TEST not in self.batch

    def file_name(self, name: str) -> str:
        """`cartels-148x105mm.pdf` → `cartels-148x105mm-reprint.pdf`: never the full set's name."""
        if not self.batch:
            return name
        stem, dot, extension = name.rpartition(".")
        return f"{stem}-{self.batch}.{extension}" if dot else f"{name}-{self.batch}"


def batch_of(options: LabelOptions) -> str:
    parts = ([REPRINT] if options.ids else []) + ([TEST] if options.outline else [])
    return "-".join(parts)


def choose(options: LabelOptions, typed_sheets: tuple[str, ...], presets: dict[str, Sheet],
           default_sheets: tuple[str, ...], artefacts: tuple[Artefact, ...]) -> Selection:
    """The checked selection; `OptionError` names the first option that is wrong."""
    sheets = choose_sheets(typed_sheets, presets) if typed_sheets else \
        tuple(presets[code] for code in default_sheets)
    first = options.first_label
    for sheet in sheets:
        if first > sheet.per_sheet:
            smallest = min(s.per_sheet for s in sheets)
            raise OptionError("--first-label",
                              _("label {number} does not exist on a {sheet} sheet of {count} "
                                "labels").format(number=first, sheet=sheet.code,
                                                 count=sheet.per_sheet),
                              _("give a number from 1 to {most}").format(most=smallest))
    chosen = choose_artefacts(options.ids, artefacts) if options.ids else artefacts
    return Selection(sheets, chosen, batch_of(options))


def choose_sheets(typed: tuple[str, ...], presets: dict[str, Sheet]) -> tuple[Sheet, ...]:
    """Sheet codes in any case (`l7163` is L7163), each once."""
    by_code = {code.casefold(): sheet for code, sheet in presets.items()}
    unknown = [code for code in typed if code.strip().casefold() not in by_code]
    if unknown:
        shown = ", ".join(f"'{quote(code, 40)}'" for code in unknown[:5])
        known = ", ".join(sorted(presets))
        message = _("{sheets} is not a known sheet") if len(unknown) == 1 else \
            _("{sheets} are not known sheets")
        raise OptionError("--sheet", message.format(sheets=shown),
                          _("known sheets: {sheets}; add yours to layouts/sheets.yaml").format(
                              sheets=known))
    chosen = {by_code[code.strip().casefold()].code: by_code[code.strip().casefold()]
              for code in typed}
    return tuple(chosen.values())


def choose_artefacts(typed: tuple[str, ...], artefacts: tuple[Artefact, ...]) -> tuple[Artefact, ...]:
    """The artefacts an `--id` selection names, in the file's order, each once."""
    index = {artefact.id: n for n, artefact in enumerate(artefacts)}
    source = artefacts[0].source if artefacts else _("the artefacts file")
    chosen: set[int] = set()
    for value in typed:
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            if item in index:
                chosen.add(index[item])
            elif ".." in item:
                first, last = span(item, index, source)
                if index[first] > index[last]:
                    raise OptionError("--id",
                                      _("the range '{range}' runs backwards: '{first}' comes after "
                                        "'{last}' in {file}").format(
                                          range=quote(item, 80), first=first, last=last, file=source),
                                      _("write it in the file's order: {range}").format(
                                          range=f"{last}..{first}"))
                chosen.update(range(index[first], index[last] + 1))
            else:
                raise unknown_id(item, index, source)
    if not chosen:
        raise OptionError("--id", _("names no artefact"), _("give an id, e.g. --id {id}").format(
            id=artefacts[0].id if artefacts else "lattre-01"))
    return tuple(artefacts[n] for n in sorted(chosen))


def span(item: str, index: dict[str, int], source: str) -> tuple[str, str]:
    """The two ends of `first..last`. Ids may hold dots, so every `..` is tried as the split."""
    pieces = item.split("..")
    for cut in range(1, len(pieces)):
        first, last = "..".join(pieces[:cut]), "..".join(pieces[cut:])
        if first in index and last in index:
            return first, last
    first, last = item.split("..", 1)
    wrong = first if first not in index else last
    if not wrong:
        raise OptionError("--id", _("the range '{range}' lacks an end").format(range=quote(item, 80)),
                          _("write first..last, e.g. lattre-01..lattre-05"))
    raise unknown_id(wrong, index, source)


def unknown_id(item: str, index: dict[str, int], source: str) -> OptionError:
    close = difflib.get_close_matches(item, list(index), n=1, cutoff=0.6)
    hint = _("did you mean '{id}'?").format(id=close[0]) if close else \
        _("ids are in {file}, e.g. {ids}").format(file=source, ids=", ".join(list(index)[:3]))
    return OptionError("--id", _("no artefact '{id}' in {file}").format(id=quote(item, 80),
                                                                        file=source), hint)
