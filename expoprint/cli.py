"""The command line. Commands stay thin: parse, call the library, print, choose the exit code.

Heavy libraries (WeasyPrint, ReportLab, pikepdf) are imported inside the commands, so `--help`
answers at once.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import click

from . import __version__, catalog
from .i18n import _, translate_click
from .terminal import echo, echo_json, printable, styled

translate_click()  # before any help or error is worded


def building(product: str) -> str:
    """The progress line of a product, named as the user's language names it (« fabrication du
    dépliant… », not « fabrication de leaflet… »): whole sentences, each language its article,
    kept with the product in the catalog."""
    entry = catalog.entry(product)
    return _(entry.progress) if entry else _("building {name}…").format(name=product)


class ProductName(click.Choice):
    """`--only NAME`: the products of the catalog, read when the command line is, so a product
    added to the catalog is a choice without a word here."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self) -> list[str]:  # type: ignore[override]
        return catalog.names()

    @choices.setter
    def choices(self, _value) -> None:
        pass


class Millimetres(click.ParamType):
    """A printer calibration in mm: a finite number, a few millimetres at most."""

    name = "mm"
    limit = 20.0

    def convert(self, value, param, ctx) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(_("{value} is not a number of millimetres").format(value=repr(value)),
                      param, ctx)
        if not math.isfinite(number) or abs(number) > self.limit:
            self.fail(_("{value}: give millimetres between -{limit:g} and {limit:g}").format(
                value=repr(value), limit=self.limit), param, ctx)
        return number


class WholeNumber(click.IntRange):
    """A whole number within bounds, named so in the user's language: click calls its type
    "integer range" in its messages ("'x' is not a valid integer range"), in English."""

    @property
    def name(self) -> str:  # type: ignore[override]
        return _("whole number")


def poster_formats(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    """`--format A3 --format a2`: names of layouts/poster.yaml, whatever their case; an unknown
    name is a wrong command line (exit 2) that lists the known ones."""
    if not values:
        return values
    from .bundled import layout_folders
    from .errors import Report
    from .layouts import read_formats, read_layout

    report = Report()
    # --content and --layouts are read first (eager): the museum's own formats count too
    layouts = layout_folders(ctx.params.get("content_dir") or Path("content"),
                             ctx.params.get("layouts"))
    spec = read_layout(layouts, "poster.yaml", report)
    known = {fmt.variant.lower(): fmt.variant for fmt in read_formats(spec, 3.0)} if spec else {}
    if report.errors:  # a broken poster.yaml: the build names its fault, not --format
        return values
    unknown = [value for value in values if value.lower() not in known]
    if unknown:
        raise click.BadParameter(_("{value} is not a poster format; the formats are {formats}").format(
            value=repr(unknown[0]), formats=", ".join(known.values())), ctx, param)
    return tuple(dict.fromkeys(known[value.lower()] for value in values))


def print_problems(problems, failed: bool = False) -> None:
    """`failed`: these problems stopped the build, so each is an error, whatever its kind (a
    warning that --strict turned into an error is an error to the user)."""
    for problem in problems:
        severity = "error" if failed else problem.severity
        word = _("error") if severity == "error" else _("warning")
        label = styled(word, fg="red" if severity == "error" else "yellow", bold=True)
        click.echo(_("{severity}: {problem}").format(severity=label, problem=printable(problem)),
                   err=True)


def summary(outputs, warnings: int, out_dir: Path, rendered: int, changed: int) -> str:
    """One line at the end of a build: how many files, for whom, how many warnings, where, how
    much was made anew (`rendered` parts; the others came from the cache) and how many files that
    changed on disk (`changed`: a part made again may give the same bytes, left untouched)."""
    uses = [output.use for output in outputs]
    audiences = [_("{count} for the printer").format(count=uses.count("press"))
                 if "press" in uses else "",
                 _("{count} for an office printer").format(count=uses.count("office"))
                 if "office" in uses else "",
                 _("{count} for screens").format(count=uses.count("screen"))
                 if "screen" in uses else ""]
    files = (_("1 file") if len(outputs) == 1 else _("{count} files")).format(count=len(outputs))
    told = _("no warnings") if not warnings else _("1 warning") if warnings == 1 else \
        _("{count} warnings").format(count=warnings)
    facts = dict(files=files, folder=str(out_dir).rstrip("/") + "/", warnings=told,
                 audiences=", ".join(a for a in audiences if a))
    if rendered == 0 and changed == 0:
        return _("{files} up to date in {folder} — {audiences}; {warnings}; nothing changed, "
                 "nothing rebuilt").format(**facts)
    if changed == 0:
        return _("{files} up to date in {folder} — {audiences}; {warnings}; {count} part(s) "
                 "rebuilt, every file as it was").format(count=rendered, **facts)
    if changed < len(outputs):
        return _("{files} in {folder}, {changed} of them rewritten — {audiences}; {warnings}; "
                 "{count} part(s) rebuilt").format(count=rendered, changed=changed, **facts)
    return _("{files} written to {folder} — {audiences}; {warnings}; {count} part(s) "
             "rebuilt").format(count=rendered, **facts)


class Formatter(click.HelpFormatter):
    """Help headings punctuated as the language writes them: "Options:", « Options : »."""

    def write_heading(self, heading: str) -> None:
        line = _("{heading}:").format(heading=heading)
        self.write(f"{'':>{self.current_indent}}{line}\n")


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    """A command whose usage line speaks the user's language too: click writes `[OPTIONS]` in
    English, outside its translated messages."""

    context_class = Context

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", _("[OPTIONS]"))
        super().__init__(*args, **kwargs)


class Group(Command, click.Group):
    command_class = Command

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("subcommand_metavar", _("COMMAND [ARGS]..."))
        super().__init__(*args, **kwargs)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
             help=_("Press-ready exhibition printed matter (poster, leaflet, labels) from YAML and "
                    "spreadsheets."))
@click.version_option(__version__, prog_name="expoprint", help=_("Show the version and exit."))
def main() -> None:
    """The command group; its help is `help=` above, in the user's language."""


def content_option(function):
    return click.option("--content", "content_dir", type=click.Path(path_type=Path),
                        default="content", show_default=True, metavar=_("FOLDER"), is_eager=True,
                        help=_("Folder holding exhibition.yaml, timeline.yaml, artefacts."))(function)


def layouts_option(function):
    return click.option("--layouts", "layouts", type=click.Path(exists=True, file_okay=False,
                                                                path_type=Path),
                        metavar=_("FOLDER"), is_eager=True,
                        help=_("Your own layouts, over the bundled ones file by file (default: "
                               "the content folder's layouts/, if any)."))(function)


def format_option(function):
    return click.option("--format", "formats", multiple=True, metavar=_("NAME"),
                        callback=poster_formats,
                        help=_("Build only this poster format, e.g. A3 (repeatable; default: all "
                               "of them)."))(function)


def out_option(function):
    return click.option("--out", "out_dir", type=click.Path(path_type=Path), default="output",
                        show_default=True, metavar=_("FOLDER"),
                        help=_("Folder the files and manifest.json are written to."))(function)


def run(out_dir: Path, **arguments):
    """Build, or say why not: a problem in the content or a layout exits 1, a command-line value
    that the content or the layouts refuse exits 2, as click's own usage errors do."""
    from .errors import ExpoprintError, OptionError
    from .request import BuildRequest
    from .unchanged import replay

    def progress(name: str) -> None:
        echo(building(name), err=True)

    def notice(line: str) -> None:
        echo(line, err=True)

    try:
        request = BuildRequest(out_dir=out_dir, **arguments)
        if (result := replay(request, notice)) is not None:  # nothing changed: told again
            return result
        from .build import Listeners, build

        return build(request, Listeners(progress, notice))
    except OptionError as exc:
        raise click.BadParameter(printable(exc.usage), ctx=click.get_current_context(),
                                 param_hint=f"'{exc.option}'") from None
    except ExpoprintError as exc:
        print_problems(sorted(exc.problems, key=lambda p: (p.file, p.line or 0)), failed=True)
        if exc.warnings:
            failed = _("build failed: {count} problem(s) ({warnings} warning(s) not shown); "
                       "{folder} was left as it was").format(
                count=len(exc.problems), warnings=len(exc.warnings), folder=out_dir)
        else:
            failed = _("build failed: {count} problem(s); {folder} was left as it was").format(
                count=len(exc.problems), folder=out_dir)
        click.echo(styled(failed, fg="red"), err=True)
        sys.exit(1)


def tell(result, out_dir: Path) -> None:
    print_problems(result.warnings)
    for output in result.outputs:
        if output.product != "proofs":  # dozens of page images: the contact sheet says them all
            echo(f"  {out_dir / output.path}")
    for note in result.told + result.notes:
        echo(note)
    echo(summary(result.outputs, len(result.warnings), out_dir, len(result.rendered),
                 result.changed))


@main.command(help=_("Render every product of the content folder into the output folder."))
@content_option
@out_option
@layouts_option
@click.option("--only", multiple=True, type=ProductName(),
              help=_("Build only this product (repeatable)."))
@click.option("--sheet", "sheets", multiple=True, metavar="CODE",
              help=_("Office label sheet preset, e.g. L7165, in any case (repeatable)."))
@click.option("--strict", is_flag=True,
              help=_("Treat warnings (placeholders, shrunk text) as errors."))
@click.option("--icc", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar=_("FILE"),
              help=_("Your printer's CMYK ICC profile, instead of the FOGRA39 default."))
@click.option("--first-label", type=WholeNumber(min=1), default=1, show_default=True,
              metavar="N",
              help=_("First free label on a partly used sheet, counted along the rows."))
@click.option("--offset", type=(Millimetres(), Millimetres()), default=(0.0, 0.0),
              metavar=_("RIGHT DOWN"),
              help=_("Printer calibration for label sheets, in mm (e.g. --offset 0.5 -1)."))
@click.option("--outline", is_flag=True,
              help=_("Test print: the sheets with their die-cut outlines, into …-test.pdf files."))
@click.option("--id", "--ids", "ids", multiple=True, metavar="ID",
              help=_("Reprint these labels only, into …-reprint.pdf files: an id, a,b,c, or a range "
                     "first..last in the artefacts file's order (repeatable)."))
@format_option
def build(content_dir: Path, out_dir: Path, layouts: Path | None, only: tuple[str, ...],
          sheets: tuple[str, ...],
          strict: bool, icc: Path | None, first_label: int, offset: tuple[float, float],
          outline: bool, ids: tuple[str, ...], formats: tuple[str, ...]) -> None:
    from .request import LabelOptions

    options = LabelOptions(offset_mm=offset, first_label=first_label, outline=outline, ids=ids)
    result = run(out_dir, content_dir=content_dir, layouts=layouts, only=only, sheets=sheets,
                 strict=strict, icc=icc, label_options=options, formats=formats)
    tell(result, out_dir)


@main.command(help=_("Show every product in a browser, rebuilt each time a content or layout file "
                     "is saved."))
@content_option
@out_option
@click.option("--port", type=WholeNumber(0, 65535), default=8000, show_default=True,
              metavar="N",
              help=_("Port on 127.0.0.1 (the next free one if it is taken; 0: any)."))
@format_option
def serve(content_dir: Path, out_dir: Path, port: int, formats: tuple[str, ...]) -> None:
    import signal

    from .bundled import LAYOUTS
    from .errors import ExpoprintError
    from .serve import serve as run_server

    try:
        run_server(content_dir, out_dir, LAYOUTS, port,
                   tell=lambda line: echo(line, err=True), formats=formats)
        # Stopped and said so: a Ctrl-C pressed again now would kill the interpreter as it
        # ends (Python resets its handlers to the default then, but leaves an ignored signal
        # ignored), so from here on it is ignored.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ExpoprintError as exc:
        print_problems(exc.problems, failed=True)
        sys.exit(1)
    except KeyboardInterrupt:  # before serve took Ctrl-C over: stopped all the same, one line
        echo(_("expoprint serve: stopped"), err=True)
        sys.exit(130)


@main.command(help=_("Build everything, then write page images and a contact sheet to look at "
                     "(proofs/)."))
@content_option
@out_option
@layouts_option
@format_option
def proof(content_dir: Path, out_dir: Path, layouts: Path | None,
          formats: tuple[str, ...]) -> None:
    from .proofs import INDEX

    result = run(out_dir, content_dir=content_dir, layouts=layouts, proofs=True, formats=formats)
    tell(result, out_dir)
    index = (out_dir / INDEX).resolve()
    echo(_("proofs: open {address} in a browser").format(address=index.as_uri()))


@main.command(help=_("Preflight PDFs the way a printer would; a folder is searched for PDFs, and an "
                     "output folder's manifest.json says which are press, office or screen files. "
                     "Exit 1 if any error is found."))
@click.argument("paths", nargs=-1, required=True, metavar=_("PDF|DIR..."),
                type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help=_("Print the report as JSON."))
@click.option("--office", is_flag=True,
              help=_("Files for an office printer (label sheets): no bleed, marks or PDF/X asked. "
                     "Applies to the files named, and to files no manifest describes."))
@click.option("--profile", type=click.Choice(["labels"]),
              help=_("Also read the files as artefact labels: line length, words per sentence and "
                     "per label, type size and QR codes against the reading distance "
                     "(layouts/readability.yaml); warnings."))
def check(paths: tuple[Path, ...], as_json: bool, office: bool, profile: str | None) -> None:
    from .preflight import check_files, find_targets, print_report, report_json

    targets, notes = find_targets(list(paths), office)
    for note in notes:
        echo(note, err=True)
    if not targets:
        raise click.UsageError(_("no PDF to check in the paths given"))
    reports = check_files(targets)
    if profile == "labels":
        from .preflight.labels import add_label_problems

        add_label_problems(targets, reports)
    if as_json:
        echo_json(report_json(reports))
    else:
        print_report(reports)
    sys.exit(0 if all(r.ok for r in reports) else 1)


@main.group(help=_("A translator's round trip: every text out as one PO file, its translations "
                   "back into the content folder."))
def translate() -> None:
    """The `translate` commands; their help is `help=` above, in the user's language."""


@translate.command("export", help=_("Write every text of the exhibition, its timeline and its "
                                    "artefacts as one PO file, for a translator into LANG."))
@content_option
@click.option("--lang", "lang", required=True, metavar=_("CODE"),
              help=_("The language to translate into, one of `languages` (e.g. de)."))
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              metavar=_("FILE"), help=_("Where to write it (default: LANG.po here)."))
def translate_export(content_dir: Path, lang: str, out_file: Path | None) -> None:
    from .content.translations import check_export_language, export
    from .errors import ExpoprintError

    try:
        content = loaded(content_dir)
        check_export_language(content, lang)
    except ExpoprintError as exc:
        print_problems(exc.problems, failed=True)
        sys.exit(1)
    target = out_file or Path(f"{lang}.po")
    target.write_text(export(content, lang), encoding="utf-8")
    echo(_("{file}: every text to translate into {lang}; send it to the translator, then: "
           "expoprint translate import {file}").format(file=target, lang=lang))


@translate.command("import", help=_("Store a translator's PO file in the content folder "
                                    "(translations/LANG.po); every build reads it."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                metavar=_("FILE"))
@content_option
def translate_import(file: Path, content_dir: Path) -> None:
    from .content.translations import import_file
    from .errors import ExpoprintError

    try:
        lang, count, stored = import_file(loaded(content_dir), file)
    except ExpoprintError as exc:
        print_problems(exc.problems, failed=True)
        sys.exit(1)
    echo(_("{count} text(s) in {lang} stored in {file}").format(count=count, lang=lang,
                                                                 file=stored))


def loaded(content_dir: Path):
    """The content folder read and checked, or the problems that stop it."""
    from .content import load_content
    from .errors import Report

    report = Report()
    content = load_content(content_dir, report)
    report.raise_if_errors()
    assert content is not None
    return content


@main.command(help=_("Start a content folder to fill in: commented YAML and an artefacts "
                     "spreadsheet."))
@click.argument("folder", type=click.Path(path_type=Path), metavar=_("FOLDER"))
@click.option("--with-layouts", is_flag=True,
              help=_("Also copy the bundled layouts into FOLDER/layouts/, to make them yours."))
def new(folder: Path, with_layouts: bool) -> None:
    from .content.kit import new_kit
    from .errors import ExpoprintError

    try:
        written = new_kit(folder, with_layouts)
    except ExpoprintError as exc:
        print_problems(exc.problems, failed=True)
        sys.exit(1)
    for path in written:
        echo(f"  {path}")
    echo(_("fill in these files (each « à compléter »), then: "
           "expoprint build --content {folder}").format(folder=folder))


if __name__ == "__main__":
    main()
