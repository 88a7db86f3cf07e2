"""The command line. Commands stay thin: parse, call the library, print, choose the exit code.

Heavy libraries (WeasyPrint, ReportLab, pikepdf) are imported inside the commands, so `--help`
answers at once.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import click

from . import __version__

PRODUCT_NAMES = ("poster", "leaflet", "labels")  # kept equal to products.PRODUCTS by a test


class Millimetres(click.ParamType):
    """A printer calibration in mm: a finite number, a few millimetres at most."""

    name = "mm"
    limit = 20.0

    def convert(self, value, param, ctx) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of millimetres", param, ctx)
        if not math.isfinite(number) or abs(number) > self.limit:
            self.fail(f"{value!r}: give millimetres between -{self.limit:g} and {self.limit:g}",
                      param, ctx)
        return number


def poster_formats(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    """`--format A3 --format a2`: names of layouts/poster.yaml, whatever their case; an unknown
    name is a wrong command line (exit 2) that lists the known ones."""
    if not values:
        return values
    from .build import PROJECT
    from .errors import Report
    from .layouts import read_formats, read_layout

    report = Report()
    spec = read_layout(PROJECT / "layouts", "poster.yaml", report)
    known = {fmt.variant.lower(): fmt.variant for fmt in read_formats(spec, 3.0)} if spec else {}
    unknown = [value for value in values if value.lower() not in known]
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is not a poster format; the formats are "
                                 + ", ".join(known.values()), ctx, param)
    return tuple(dict.fromkeys(known[value.lower()] for value in values))


def print_problems(problems, failed: bool = False) -> None:
    """`failed`: these problems stopped the build, so each is an error, whatever its kind (a
    warning that --strict turned into an error is an error to the user)."""
    for problem in problems:
        severity = "error" if failed else problem.severity
        label = click.style(severity, fg="red" if severity == "error" else "yellow", bold=True)
        click.echo(f"{label}: {problem}", err=True)


def summary(outputs, warnings: int, out_dir: Path) -> str:
    """One line at the end of a build: how many files, for whom, how many warnings, where."""
    uses = [output.use for output in outputs]
    audiences = [f"{uses.count('press')} for the printer" if "press" in uses else "",
                 f"{uses.count('office')} for an office printer" if "office" in uses else "",
                 f"{uses.count('screen')} for screens" if "screen" in uses else ""]
    files = f"{len(outputs)} file" if len(outputs) == 1 else f"{len(outputs)} files"
    told = "no warnings" if not warnings else "1 warning" if warnings == 1 else f"{warnings} warnings"
    where = str(out_dir).rstrip("/") + "/"
    return f"{files} written to {where} — {', '.join(a for a in audiences if a)}; {told}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="expoprint")
def main() -> None:
    """Press-ready exhibition printed matter (poster, leaflet, labels) from YAML content."""


@main.command()
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default="content",
              show_default=True, help="Folder holding exhibition.yaml, timeline.yaml, artefacts.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default="output",
              show_default=True, help="Folder the PDFs and manifest.json are written to.")
@click.option("--only", multiple=True, type=click.Choice(PRODUCT_NAMES),
              help="Build only this product (repeatable).")
@click.option("--sheet", "sheets", multiple=True, metavar="CODE",
              help="Office label sheet preset, e.g. L7165 (repeatable).")
@click.option("--strict", is_flag=True, help="Treat warnings (placeholders, shrunk text) as errors.")
@click.option("--icc", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your printer's CMYK ICC profile, instead of the FOGRA39 default.")
@click.option("--first-label", type=click.IntRange(min=1), default=1, show_default=True,
              help="First free label on a partly used sheet, counted along the rows.")
@click.option("--offset", type=(Millimetres(), Millimetres()), default=(0.0, 0.0), metavar="RIGHT DOWN",
              help="Printer calibration for label sheets, in mm (e.g. --offset 0.5 -1).")
@click.option("--outline", is_flag=True, help="Test print: draw the die-cut outlines on sheets.")
@click.option("--format", "formats", multiple=True, metavar="NAME", callback=poster_formats,
              help="Build only this poster format, e.g. A3 (repeatable; default: all of them).")
def build(content_dir: Path, out_dir: Path, only: tuple[str, ...], sheets: tuple[str, ...],
          strict: bool, icc: Path | None, first_label: int, offset: tuple[float, float],
          outline: bool, formats: tuple[str, ...]) -> None:
    """Render every product of the content folder into the output folder."""
    from .build import run_build
    from .errors import ExpoprintError
    from .products.base import LabelOptions

    options = LabelOptions(offset_mm=offset, first_label=first_label, outline=outline)
    try:
        result = run_build(content_dir, out_dir, only=only, sheets=sheets, strict=strict,
                           icc=icc, label_options=options, formats=formats,
                           progress=lambda name: click.echo(f"building {name}…", err=True),
                           notice=lambda line: click.echo(line, err=True))
    except ExpoprintError as exc:
        print_problems(sorted(exc.problems, key=lambda p: (p.file, p.line or 0)), failed=True)
        hidden = f" ({len(exc.warnings)} warning(s) not shown)" if exc.warnings else ""
        click.echo(click.style(f"build failed: {len(exc.problems)} problem(s){hidden}; "
                               f"{out_dir} was left as it was", fg="red"), err=True)
        sys.exit(1)
    print_problems(result.warnings)
    for output in result.outputs:
        click.echo(f"  {out_dir / output.path}")
    for note in result.notes:
        click.echo(note)
    click.echo(summary(result.outputs, len(result.warnings), out_dir))


@main.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--office", is_flag=True,
              help="Files for an office printer (label sheets): no bleed, marks or PDF/X asked.")
def check(pdfs: tuple[Path, ...], as_json: bool, office: bool) -> None:
    """Preflight any PDF the way a printer would; exit 1 if any error is found."""
    from .preflight import check_files, print_report, report_json

    reports = check_files(list(pdfs), press=not office)
    if as_json:
        click.echo(report_json(reports))
    else:
        print_report(reports)
    sys.exit(0 if all(r.ok for r in reports) else 1)


if __name__ == "__main__":
    main()
