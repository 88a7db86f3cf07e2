"""Artefact labels: press-cut cartels (one a page, with bleed) and office label sheets.

Drawn with ReportLab's canvas, not HTML: a museum may print a thousand labels, and a canvas with
our own line breaking does that in about a second. Every label's text is fitted to its box,
shrinking from the preferred size to a floor; text that still does not fit stops the build with
the artefact and the field, and text shrunk below its preferred size is a warning.

Stages: `spec` reads the layouts, `text` breaks and fits lines, `draw` paints the runs; this
module decides what is drawn and hands back the outputs.
"""

from __future__ import annotations

from ...content import Content
from ...errors import Problem
from ...layouts import read_layout
from ...qr import encode
from ..base import BuildContext, Output
from .draw import FOLDER, NAME, CutRun, SheetRun
from .spec import CutSpec, Sheet, SheetStyle, read_cut, read_sheet_style, read_sheets
from .text import register_fonts, wrap

__all__ = ["FOLDER", "NAME", "build", "needs", "register_fonts", "wrap"]


def needs(content: Content) -> str | None:
    if content.artefacts is None:
        return "the content folder has no artefacts.yaml or artefacts.csv"
    return None if content.artefacts else "the artefacts file lists no artefact"


def build(ctx: BuildContext) -> list[Output]:
    spec = read_layout(ctx.layouts, "labels.yaml", ctx.report)
    if spec is None:
        return []
    spec.check_keys(["schema", "cut", "sheet", "words"])
    cut = read_cut(spec)
    sheet_spec = spec.mapping("sheet", required=True, example="{default_sheets: [L7165], …}")
    if sheet_spec:
        sheet_spec.check_keys(["file_name", "default_sheets", "padding_mm", "qr_mm",
                               "small_below_mm", "title_pt", "text_pt", "small_pt"])
    style = read_sheet_style(sheet_spec)
    words_table = spec.mapping("words", required=True, example="{fr: {inventory: Inv.}}")
    words_fr = words_table.mapping("fr", required=True) if words_table else None
    words = {key: words_fr.text(key) or "" for key in words_fr.values} if words_fr else {}
    presets = read_sheets(ctx.layouts, ctx.report)
    codes = list(ctx.sheets)
    if not codes and sheet_spec:
        codes = [str(n.value) for _, n in sheet_spec.sequence("default_sheets", required=True)]
    for code in codes:
        if code not in presets:
            ctx.report.problems.append(Problem(
                str(ctx.layouts / "sheets.yaml"), None, f"sheet '{code}'", "is not a known sheet",
                "known sheets: " + ", ".join(sorted(presets)) + " (add yours to sheets.yaml)"))
    first = ctx.label_options.first_label
    for code in (c for c in codes if c in presets and first > presets[c].per_sheet):
        ctx.report.problems.append(Problem(
            "--first-label", None, "", f"label {first} does not exist on a {code} sheet of "
            f"{presets[code].per_sheet}", f"give a number from 1 to {presets[code].per_sheet}"))
    ctx.report.raise_if_errors()
    assert cut and style
    register_fonts(ctx.fonts)

    sheets = [presets[code] for code in codes]
    if len(ctx.content.artefacts or ()) >= PARALLEL_FROM and sheets and can_fork():
        # Two cores: the sheets in a forked worker while this process draws the cut labels.
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(1) as pool:
            sheets_job = pool.apply_async(draw_outputs, (ctx, None, style, sheets, words, False))
            outputs, _ = draw_outputs(ctx, cut, style, [], words, True)
            sheet_outputs, sheet_problems = sheets_job.get()
        ctx.report.problems += sheet_problems
        outputs += sheet_outputs
    else:
        outputs, _ = draw_outputs(ctx, cut, style, sheets, words, True)
    ctx.report.raise_if_errors()
    return outputs


PARALLEL_FROM = 300  # labels; below this a second process costs more than it saves


def can_fork() -> bool:
    import multiprocessing
    import os

    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def draw_outputs(ctx: BuildContext, cut: CutSpec | None, style: SheetStyle, sheets: list[Sheet],
                 words: dict[str, str], show_progress: bool) -> tuple[list[Output], list[Problem]]:
    """Draw every artefact on the cut labels (if `cut`) and on each sheet; return the outputs
    and the problems found here (a worker process hands them back to the parent's report)."""
    first_problem = len(ctx.report.problems)
    runs: list[CutRun | SheetRun] = [CutRun(ctx, cut, words)] if cut else []
    runs += [SheetRun(ctx, sheet, style, words) for sheet in sheets]
    artefacts = ctx.content.artefacts or ()
    with progress_bar(len(artefacts) if show_progress else 0) as advance:
        for artefact in artefacts:
            # Encoded once, drawn on every output of this process.
            code = encode(artefact.url) if artefact.url else None
            for run in runs:
                run.add(artefact, code)
            advance(1)
    problems = ctx.report.problems[first_problem:]
    if any(problem.severity == "error" for problem in problems):
        return [], problems
    outputs = [run.finish() for run in runs]
    return outputs, ctx.report.problems[first_problem:]


class progress_bar:
    """A progress bar on a terminal for long runs; silent in tests, pipes and short runs."""

    def __init__(self, total: int):
        self.total, self.bar = total, None

    def __enter__(self):
        import sys

        if self.total >= 500 and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            task = self.bar.add_task("labels", total=self.total)
            return lambda n: self.bar.advance(task, n)
        return lambda n: None

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()
