"""Layout specifications (`layouts/*.yaml`): the numbers of each product, kept out of Python.

They are read with the same node reader as the content, so a designer who mistypes a key gets
the same `file:line: key: message (fix)` as a communications officer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from .bundled import LayoutFolders
from .errors import Problem, Report
from .i18n import _
from .icc import Unusable, read_output_profile
from .mapping import Mapping, suggest
from .press import PressProfile
from .yamlnodes import line_of, quote, read_yaml


def read_layout(layouts: LayoutFolders, name: str, report: Report) -> Mapping | None:
    """A layout file, the museum's version when it has one (a fault in it is told with the
    bundled file it replaces: `own_layout_faults`)."""
    path = layouts / name
    if not path.exists():
        report.error(str(path), None, "", _("is missing"),
                     _("reinstall expoprint: its own layouts are incomplete"))
        return None
    return Mapping.of(read_yaml(path, str(path), report), str(path), "", report)


def own_layout_faults(problems: list[Problem], layouts: LayoutFolders) -> list[Problem]:
    """The problems, and after those of each file of the museum's own layouts one line saying
    which bundled file it replaces: what to go back to if it cannot be mended."""
    if layouts.own is None:
        return problems
    own = layouts.own.resolve()
    told: set[str] = set()
    noted: list[Problem] = []
    for problem in problems:
        noted.append(problem)
        path = Path(problem.file).resolve()
        if problem.file not in told and path.is_relative_to(own) and path.is_file():
            told.add(problem.file)
            bundled = path.relative_to(own).as_posix()
            noted.append(Problem(problem.file, None, "", _(
                "is your version of the bundled {name}").format(name=bundled), _(
                "correct it, or delete it to use the bundled {name}").format(name=bundled)))
    return noted


def read_table(layouts: LayoutFolders, name: str, key: str, example: str, report: Report) -> Mapping | None:
    """The one table a layout file holds under `key` (palette colours, sheet presets)."""
    m = read_layout(layouts, name, report)
    if m is None:
        return None
    m.check_keys(["schema", key])
    return m.mapping(key, required=True, example=example)


def number(m: Mapping, key: str, required: bool = True, default: float | None = None,
           positive: bool = True) -> float | None:
    """A decimal number of mm or pt; layouts need fractions (L7165's 67.73 mm pitch)."""
    if not m.present(key):
        if required and default is None:
            m.missing(key, "10")
        return default
    node = m.values[key]
    raw = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        m.error(key, _("'{value}' is not a number").format(value=quote(raw)),
                _("e.g. `{key}: 4.5`").format(key=key))
        return None
    if positive and value <= 0:
        m.error(key, _("{value} must be more than 0").format(value=f"{value:g}"))
        return None
    return value


def pair(m: Mapping, key: str, required: bool = True, what: str | None = None,
         example: str = "[297, 420]") -> tuple[float, float] | None:
    """A pair of positive numbers: `[width, height]` in mm unless `what` says otherwise (what
    the pair is, to complete "should be …")."""
    if not m.present(key):
        if required:
            m.missing(key, example)
        return None
    node = m.values[key]
    items = getattr(node, "value", None)
    try:
        assert isinstance(items, list) and len(items) == 2
        width, height = (float(item.value) for item in items)
        assert width > 0 and height > 0
    except (AssertionError, ValueError, AttributeError):
        m.report.error(m.file, line_of(node), m.where(key),
                       _("should be {what}").format(what=what or _("[width, height] in mm")),
                       _("e.g. {example}").format(example=example))
        return None
    return width, height


@dataclass(frozen=True)
class FitRange:
    """How far a fit group's type may step down and up (1.0: the layout's own sizes)."""

    low: float = 1.0
    high: float = 1.0


def read_fit(m: Mapping) -> dict[str, FitRange]:
    """`fit: {group: [low, high]}`: how far each fit group's type may step down and up."""
    table = m.mapping("fit", required=True, example="{facts: [0.8, 1.0]}")
    ranges = {}
    for group in table.values if table else ():
        limits = pair(table, group, what=_("[low, high], scales of the layout's type"),
                      example="[0.85, 1.2]")
        if limits and not limits[0] <= 1 <= limits[1]:
            table.error(group, _("{pair} does not contain 1 (the layout's own sizes)").format(
                            pair=f"[{limits[0]:g}, {limits[1]:g}]"),
                        _("write [low, high] with low ≤ 1 ≤ high, e.g. [0.85, 1.2]"))
        elif limits:
            ranges[group] = FitRange(*limits)
    return ranges


@dataclass(frozen=True)
class Format:
    variant: str
    trim_mm: tuple[float, float]
    bleed_mm: float
    # A picture's effective resolution on this format: under `floor` the format is left out,
    # under `target` a warning. A poster read from metres away needs fewer pixels an inch.
    ppi: tuple[float, float] = (150.0, 300.0)


def read_formats(m: Mapping, default_bleed: float) -> list[Format]:
    formats = []
    for index, node in m.sequence("formats", required=True, example="- {variant: A3, …}"):
        f = Mapping.of(node, m.file, f"formats[{index}]", m.report)
        if f is None:
            continue
        f.check_keys(["variant", "trim_mm", "bleed_mm", "ppi"])
        variant = f.text("variant", required=True, example="A3", max_len=20)
        trim = pair(f, "trim_mm")
        bleed = number(f, "bleed_mm", default=default_bleed)
        ppi = pair(f, "ppi", required=False, what=_("[floor, target] in pixels an inch"),
                   example="[150, 300]") or Format.ppi
        if ppi[0] > ppi[1]:
            f.error("ppi", _("the floor {floor:g} is above the target {target:g}").format(
                        floor=ppi[0], target=ppi[1]), _("e.g. [150, 300]"))
        if variant and trim and bleed:
            formats.append(Format(variant, trim, bleed, ppi))
    return formats


ROLES = ("primary", "primary_tint", "accent", "highlight", "paper", "text", "muted", "reversed",
         "outline")
Palette = dict[str, tuple[float, float, float, float]]


def read_cmyk(m: Mapping, key: str) -> tuple[float, float, float, float] | None:
    """[C, M, Y, K] from 0 to 1, at most 300 % in all: the one check every colour passes."""
    node = m.values[key]
    try:
        values = tuple(float(item.value) for item in node.value)
        assert len(values) == 4 and all(0 <= v <= 1 for v in values)
    except (AssertionError, AttributeError, TypeError, ValueError):
        m.error(key, _("should be [C, M, Y, K] with values from 0 to 1"),
                _("e.g. {example}").format(example="[1, 0.8, 0.25, 0.35]"))
        return None
    if sum(values) > 3:
        m.error(key, _("total ink {ink:.0f} % is over 300 %").format(ink=sum(values) * 100),
                _("lower one of the four values"))
        return None
    return values  # type: ignore[return-value]


def read_palette(layouts: LayoutFolders, report: Report) -> Palette:
    """The colour of each role (layouts/palette.yaml): named colours, then what each is for."""
    m = read_layout(layouts, "palette.yaml", report)
    if m is None:
        return {}
    m.check_keys(["schema", "colours", "roles"])
    colours_table = m.mapping("colours", required=True, example="{navy: [1, 0.8, 0.25, 0.35]}")
    roles_table = m.mapping("roles", required=True, example="{primary: navy}")
    if colours_table is None or roles_table is None:
        return {}
    colours = {name: value for name in colours_table.values
               if (value := read_cmyk(colours_table, name)) is not None}
    roles_table.check_keys(list(ROLES))
    palette: Palette = {}
    for role in ROLES:
        name = roles_table.text(role, required=True, example="navy", max_len=40)
        if name is None:
            continue
        if name not in colours:
            roles_table.error(role, _("names the colour '{name}', which `colours` does not "
                                      "define").format(name=name),
                              suggest(name, list(colours)))
            continue
        palette[role] = colours[name]
    return palette


def read_press(layouts: LayoutFolders, report: Report, icc: Path | None = None,
               condition: str | None = None) -> PressProfile | None:
    m = read_layout(layouts, "press.yaml", report)
    if m is None:
        return None
    m.check_keys(["schema", "icc", "output_condition", "output_condition_info", "bleed_mm",
                  "mark_length_mm", "mark_gap_mm", "mark_width_pt", "slug_margin_mm"])
    icc_path = icc or layouts / (m.text("icc", required=True, example="icc/FOGRA39L.icc") or "")
    if not icc_path.is_file():
        m.error("icc", _("{file} is not a file").format(file=icc_path),
                _("name an ICC profile inside layouts/"))
        return None
    try:
        # the package's own profile was proven when it shipped; a printer's or a museum's
        # is read through LittleCMS before any file is made with it
        if icc_path.resolve().parent != (layouts.bundled / "icc").resolve():
            read_output_profile(icc_path)
    except Unusable as unusable:
        report.error(str(icc_path), None, "", str(unusable),
                     _("press files need the printer's CMYK output profile (ask the printer for "
                       "its .icc file)"))
        return None
    return PressProfile(
        icc=icc_path,
        output_condition=condition or m.text("output_condition", required=True,
                                             example="FOGRA39") or "FOGRA39",
        output_condition_info=m.text("output_condition_info") or "",
        mark_length_mm=number(m, "mark_length_mm", default=5.0) or 5.0,
        mark_gap_mm=number(m, "mark_gap_mm", default=3.0) or 3.0,
        mark_width_pt=number(m, "mark_width_pt", default=0.25) or 0.25,
        slug_margin_mm=number(m, "slug_margin_mm", default=2.0) or 2.0,
        bleed_mm=number(m, "bleed_mm", default=3.0) or 3.0,
    )
