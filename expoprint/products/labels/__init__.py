"""Artefact labels: press-cut cartels (one a page, with bleed) and office label sheets.

Drawn with ReportLab's canvas, not HTML: a museum may print a thousand labels, and a canvas with
our own line breaking does that in about a second. Every label's text is fitted to its box,
shrinking from the preferred size to a floor; text that still does not fit stops the build with
the artefact and the field, and text shrunk below its preferred size is a warning.

Stages: `spec` reads the layouts, `choose` turns the command line into a checked selection
(sheets, artefacts, full set or reprint or test print), `text` breaks and fits lines, `draw`
paints the runs, `installers` writes the installers' list of the files drawn; this module runs
them in that order. A long run comes in `parts` (the cut labels, each sheet, the list) that the
build's workers make side by side.
"""

from __future__ import annotations

from ...content import Content
from ...errors import Report
from ...i18n import _
from ...qr import encode
from ...readability import Rules, read_rules, text_findings
from ..base import BuildContext, Output
from .choose import Selection, batch_of, choose
from .draw import FOLDER, NAME, CutRun, SheetRun, cut_path, sheet_path
from .installers import Printed, build_list
from .spec import CutSpec, LabelSpec, Sheet, SheetStyle, read_spec
from .text import label_languages, register_fonts, wrap

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
    spec = read_spec(ctx.layouts, Report(), ctx.main_language)
    if spec is not None:
        select(ctx, spec)


def select(ctx: BuildContext, spec: LabelSpec) -> Selection:
    return choose(ctx.label_options, ctx.sheets, spec.presets, spec.default_sheets,
                  ctx.content.artefacts or ())


CUT, LIST = "cut", "list"  # the parts of a long run besides one per sheet preset
PARALLEL_FROM = 300  # labels; below this, more than one part costs more than it saves


def parts(ctx: BuildContext) -> list[str | None]:
    """A long run in parts the workers make side by side: the cut labels, each sheet preset,
    the installers' list. A short run is one part."""
    if len(ctx.content.artefacts or ()) < PARALLEL_FROM:
        return [None]  # decided without reading the layouts: a build with nothing to do is quick
    spec = read_spec(ctx.layouts, Report(), ctx.main_language)
    if spec is None:
        return [None]  # `build` says what is wrong with the layout
    selection = select(ctx, spec)
    pieces = [CUT] if selection.cut_labels and spec.cut else []
    pieces += [sheet.code for sheet in selection.sheets]
    pieces += [LIST] if selection.cut_labels else []
    return pieces if len(selection.artefacts) >= PARALLEL_FROM and len(pieces) > 1 else [None]


def build(ctx: BuildContext) -> list[Output]:
    spec = read_spec(ctx.layouts, ctx.report, ctx.main_language)
    ctx.report.raise_if_errors()
    assert spec is not None
    selection = select(ctx, spec)
    register_fonts(ctx.fonts)
    rules = read_rules(ctx.layouts, ctx.report)
    if rules and ctx.wants(CUT) and not ctx.label_options.outline:
        for artefact in selection.artefacts:  # the text's own length: said once, by one part
            text_findings(artefact, label_languages(ctx.languages), rules, ctx.report)

    cut = spec.cut if selection.cut_labels and ctx.wants(CUT) else None
    sheets = [sheet for sheet in selection.sheets if ctx.wants(sheet.code)]
    outputs = draw_outputs(ctx, selection, cut, spec.style, sheets, spec.words, rules) \
        if cut or sheets else []
    if selection.cut_labels and ctx.wants(LIST):  # a test print is not hung: it gets no list
        outputs += build_list(ctx, spec.installers, selection, printed_files(spec, selection))
    return outputs


def printed_files(spec: LabelSpec, selection: Selection) -> list[Printed]:
    """The label files of the whole selection, whichever part draws them."""
    printed = [Printed(cut_path(spec.cut, selection), CUT, None)] \
        if selection.cut_labels and spec.cut else []
    return printed + [Printed(sheet_path(spec.style, sheet, selection), sheet.code, sheet)
                      for sheet in selection.sheets]


def draw_outputs(ctx: BuildContext, selection: Selection, cut: CutSpec | None, style: SheetStyle,
                 sheets: list[Sheet], words: dict[str, str], rules: Rules | None) -> list[Output]:
    """Draw the selected artefacts on the cut labels (if `cut`) and on each sheet; each run
    measures its labels against the readability `rules` (warnings)."""
    runs: list[CutRun | SheetRun] = [CutRun(ctx, cut, words, selection, rules)] if cut else []
    runs += [SheetRun(ctx, sheet, style, words, selection, rules) for sheet in sheets]
    artefacts = selection.artefacts
    with progress_bar(len(artefacts)) as advance:
        for artefact in artefacts:
            # Encoded once, drawn on every output of this part.
            code = encode(artefact.url) if artefact.url else None
            for run in runs:
                run.add(artefact, code)
            advance(1)
    ctx.report.raise_if_errors()
    return [run.finish() for run in runs]


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
