"""Artefact labels: press-cut cartels (one a page, with bleed) and office label sheets.

Drawn with ReportLab's canvas, not HTML: a museum may print a thousand labels, and a canvas with
our own line breaking does that in about a second. Every label's text is fitted to its box,
shrinking from the preferred size to a floor; text that still does not fit stops the build with
the artefact and the field, and text shrunk below its preferred size is a warning.

Stages: `spec` reads the layouts, `choose` turns the command line into a checked selection
(sheets, artefacts, full set or reprint or test print), `text` breaks and fits lines, `draw`
paints the runs, `installers` writes the installers' list of the files drawn; this module runs
them in that order.
"""

from __future__ import annotations

from ...content import Content
from ...errors import Problem, Report
from ...i18n import _
from ...qr import encode
from ..base import BuildContext, Output
from .choose import Selection, batch_of, choose
from .draw import FOLDER, NAME, CutRun, SheetRun
from .installers import build_list
from .spec import CutSpec, LabelSpec, Sheet, SheetStyle, read_spec
from .text import register_fonts, wrap

__all__ = ["FOLDER", "IGNORES", "NAME", "batch_of", "build", "check_options", "needs",
           "register_fonts", "wrap"]

IGNORES = ("timeline",)  # the content files labels never read: a new event leaves them as they are


def needs(content: Content) -> str | None:
    if content.artefacts is None:
        return _("the content folder has no artefacts file (artefacts.xlsx, .ods, .csv or .yaml)")
    return None if content.artefacts else _("the artefacts file lists no artefact")


def check_options(ctx: BuildContext) -> None:
    """The label options checked against the layouts and the content before anything renders:
    a mistyped `--sheet` or `--id` is a command-line error (exit 2) found at once. A layout that
    does not read is left for `build` to report, with the rest of its problems."""
    spec = read_spec(ctx.layouts, Report())
    if spec is not None:
        select(ctx, spec)


def select(ctx: BuildContext, spec: LabelSpec) -> Selection:
    return choose(ctx.label_options, ctx.sheets, spec.presets, spec.default_sheets,
                  ctx.content.artefacts or ())


def build(ctx: BuildContext) -> list[Output]:
    spec = read_spec(ctx.layouts, ctx.report)
    ctx.report.raise_if_errors()
    assert spec is not None
    selection = select(ctx, spec)
    register_fonts(ctx.fonts)

    cut = spec.cut if selection.cut_labels else None
    sheets, style, words = list(selection.sheets), spec.style, spec.words
    if len(selection.artefacts) >= PARALLEL_FROM and sheets and cut and can_fork():
        # Two cores: the sheets in a forked worker while this process draws the cut labels.
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(1) as pool:
            sheets_job = pool.apply_async(draw_outputs, (ctx, selection, None, style, sheets, words,
                                                         False))
            outputs = draw_outputs(ctx, selection, cut, style, [], words, True)[0]
            sheet_outputs, sheet_problems = sheets_job.get()
        ctx.report.problems += sheet_problems
        outputs += sheet_outputs
    else:
        outputs = draw_outputs(ctx, selection, cut, style, sheets, words, True)[0]
    ctx.report.raise_if_errors()
    if selection.cut_labels:  # a test print is not hung: it gets no list
        outputs += build_list(ctx, spec.installers, selection, {s.code: s for s in sheets}, outputs)
    return outputs


PARALLEL_FROM = 300  # labels; below this a second process costs more than it saves


def can_fork() -> bool:
    import multiprocessing
    import os

    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def draw_outputs(ctx: BuildContext, selection: Selection, cut: CutSpec | None, style: SheetStyle,
                 sheets: list[Sheet], words: dict[str, str],
                 show_progress: bool) -> tuple[list[Output], list[Problem]]:
    """Draw the selected artefacts on the cut labels (if `cut`) and on each sheet; return the
    outputs and the problems found here (a worker process hands them back to the parent's
    report)."""
    first_problem = len(ctx.report.problems)
    runs: list[CutRun | SheetRun] = [CutRun(ctx, cut, words, selection)] if cut else []
    runs += [SheetRun(ctx, sheet, style, words, selection) for sheet in sheets]
    artefacts = selection.artefacts
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
            task = self.bar.add_task(_("labels"), total=self.total)
            return lambda n: self.bar.advance(task, n)
        return lambda n: None

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()
