"""The layout specifications of labels: `layouts/labels.yaml` (sizes, the cut label, the sheet
style) and `layouts/sheets.yaml` (the die-cut grids), read into plain data.

Every number a label is drawn with comes from here; a mistyped or impossible value is a layout
problem reported with its file, line and key, never a default silently used.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...bundled import LayoutFolders
from ...errors import Report
from ...i18n import _
from ...layouts import number, pair, read_layout, read_table
from ...mapping import Mapping
from ...yamlnodes import line_of
from ..words import read_words

A4 = (210.0, 297.0)


@dataclass(frozen=True)
class Sizes:
    """Preferred and floor sizes in pt of the three kinds of text on a label."""

    title: tuple[float, float]
    text: tuple[float, float]
    small: tuple[float, float]


@dataclass(frozen=True)
class Sheet:
    code: str
    columns: int
    rows: int
    label_mm: tuple[float, float]
    left_mm: float
    top_mm: float
    pitch_mm: tuple[float, float]
    corner_mm: float = 2.5

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def place(self, index: int, first_label: int) -> tuple[int, int]:
        """Page and slot (both from 0; slots along the rows) of the index-th label of a run whose
        first sheet starts at `first_label`. The sheet run and the installers' list both ask
        here, so the list cannot disagree with the sheets."""
        return divmod(first_label - 1 + index, self.per_sheet)

    def row_column(self, slot: int) -> tuple[int, int]:
        """Row and column of a slot, from 1, as an installer counts them on the sheet."""
        row, column = divmod(slot, self.columns)
        return row + 1, column + 1

    def origin(self, slot: int, offset: tuple[float, float]) -> tuple[float, float]:
        """Bottom-left corner in mm (PDF axes) of a slot counted along the rows."""
        row, column = divmod(slot, self.columns)
        x = self.left_mm + column * self.pitch_mm[0] + offset[0]
        top = self.top_mm + row * self.pitch_mm[1] + offset[1]
        return x, A4[1] - top - self.label_mm[1]


def sizes(m: Mapping) -> Sizes | None:
    out = {}
    for role in ("title", "text", "small"):
        value = pair(m, f"{role}_pt")
        if value and value[1] > value[0]:
            m.error(f"{role}_pt", _("the floor is larger than the preferred size"),
                    _("write [preferred, floor], e.g. [11, 9]"))
            value = None
        out[role] = value
    return Sizes(**out) if all(out.values()) else None


def read_sheets(layouts: LayoutFolders, report: Report) -> dict[str, Sheet]:
    table = read_table(layouts, "sheets.yaml", "sheets", "{L7165: {…}}", report)
    if table is None:
        return {}
    sheets = {}
    for code in table.values:
        s = table.mapping(code)
        if s is None:
            continue
        s.check_keys(["columns", "rows", "label_mm", "left_mm", "top_mm", "pitch_mm", "corner_mm"])
        columns, rows = s.integer("columns", required=True), s.integer("rows", required=True)
        label, pitch = pair(s, "label_mm"), pair(s, "pitch_mm")
        left, top = number(s, "left_mm", positive=False), number(s, "top_mm", positive=False)
        corner = number(s, "corner_mm", default=2.5, positive=False)
        if None in (columns, rows, label, pitch, left, top) or not columns or not rows:
            continue
        sheet = Sheet(code, columns, rows, label, left, top, pitch, corner or 0)
        right = left + (columns - 1) * pitch[0] + label[0]
        bottom = top + (rows - 1) * pitch[1] + label[1]
        if right > A4[0] + 0.01 or bottom > A4[1] + 0.01:
            table.error(code, _("the grid reaches {width:.1f} × {height:.1f} mm, beyond the A4 "
                                "sheet").format(width=right, height=bottom),
                        _("check the margins, pitch and label size against the maker's template"))
            continue
        sheets[code] = sheet
    return sheets



@dataclass(frozen=True)
class CutSpec:
    file_name: str
    size_mm: tuple[float, float]
    margin_mm: float
    band_mm: float
    band_pt: float
    qr_mm: float
    sizes: Sizes


@dataclass(frozen=True)
class SheetStyle:
    file_name: str
    padding_mm: float
    qr_mm: float
    small_below_mm: float
    sizes: Sizes


def read_cut(spec: Mapping) -> CutSpec | None:
    c = spec.mapping("cut", required=True, example="{size_mm: [148, 105], …}")
    if c is None:
        return None
    c.check_keys(["file_name", "size_mm", "margin_mm", "band_mm", "band_pt", "qr_mm", "title_pt",
                  "text_pt", "small_pt"])
    band_pt = number(c, "band_pt")
    if band_pt is not None and band_pt < 9:
        c.error("band_pt", _("{size:g} pt is too small for white text on the band").format(
            size=band_pt), _("reversed text needs 9 pt bold at the least"))
        band_pt = None
    values = (c.text("file_name", required=True, example="cartels-{size}.pdf"),
              pair(c, "size_mm"), number(c, "margin_mm"), number(c, "band_mm"), band_pt,
              number(c, "qr_mm"), sizes(c))
    return CutSpec(*values) if all(values) else None


def read_sheet_style(s: Mapping | None) -> SheetStyle | None:
    if s is None:
        return None
    values = (s.text("file_name", required=True, example="etiquettes-{code}-{size}.pdf"),
              number(s, "padding_mm"), number(s, "qr_mm"), number(s, "small_below_mm"),
              sizes(s))
    return SheetStyle(*values) if all(values) else None



@dataclass(frozen=True)
class ListWords:
    """The installers' list's own words (it is printed for the people who hang the labels)."""

    file_name: str  # without extension: the list is a .pdf and a .csv
    title: str
    number: str
    room: str
    position: str
    id: str
    label_title: str
    cut: str
    page: str
    row: str
    column: str
    files: str
    count: str  # "{count} labels, by room and position"


LIST_KEYS = ["file_name", "title", "number", "room", "position", "id", "label_title", "cut", "page",
             "row", "column", "files", "count"]


def read_list_words(spec: Mapping) -> ListWords | None:
    m = spec.mapping("installers", required=True, example="{file_name: liste-pose, title: …}")
    if m is None:
        return None
    m.check_keys(LIST_KEYS)
    values = {key: m.text(key, required=True, max_len=120) for key in LIST_KEYS}
    if values["count"] and "{count}" not in values["count"]:
        m.error("count", _("does not say where the number goes"),
                _("write {count} in it, e.g. \"{count} étiquettes\""))
        return None
    return ListWords(**values) if all(values.values()) else None  # type: ignore[arg-type]


@dataclass(frozen=True)
class LabelSpec:
    """All of labels.yaml and sheets.yaml, checked."""

    cut: CutSpec
    style: SheetStyle
    words: dict[str, str]
    installers: ListWords
    default_sheets: tuple[str, ...]
    presets: dict[str, Sheet]


def read_spec(layouts: LayoutFolders, report: Report, main: str) -> LabelSpec | None:
    """The labels' layout, or None with its problems in `report`."""
    errors_before = len(report.errors)
    spec = read_layout(layouts, "labels.yaml", report)
    if spec is None:
        return None
    spec.check_keys(["schema", "cut", "sheet", "words", "installers"])
    cut = read_cut(spec)
    sheet_spec = spec.mapping("sheet", required=True, example="{default_sheets: [L7165], …}")
    if sheet_spec:
        sheet_spec.check_keys(["file_name", "default_sheets", "padding_mm", "qr_mm",
                               "small_below_mm", "title_pt", "text_pt", "small_pt"])
    style = read_sheet_style(sheet_spec)
    words = read_words(spec, (main,))[main]  # a label's own words are the main language's
    installers = read_list_words(spec)
    presets = read_sheets(layouts, report)
    defaults: list[str] = []
    if sheet_spec:
        for _index, node in sheet_spec.sequence("default_sheets", required=True):
            code = str(node.value)
            if code in presets:
                defaults.append(code)
            else:
                report.error(str(layouts / "labels.yaml"), line_of(node),
                             f"sheet.default_sheets: '{code}'", _("is not a known sheet"),
                             _("known sheets: {sheets} (add yours to sheets.yaml)").format(
                                 sheets=", ".join(sorted(presets))))
    if not (cut and style and installers) or len(report.errors) > errors_before:
        return None
    return LabelSpec(cut, style, words, installers, tuple(dict.fromkeys(defaults)), presets)
