"""The build, top to bottom: hold the output folder → load → validate → render each product →
finish → check → write.

The output folder is checked and locked first, so a folder that cannot take the build fails in
a blink, not after the render. Everything between happens in memory, and the write is all or
nothing, so any failure leaves the output folder as it was. Read this file to know what a build
does; each step lives in its own module.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .colours import apply_style, check_contrast
from .content import Content, load_content, walk_text
from .errors import ExpoprintError, Problem, Report
from .fonts import missing_glyphs
from .images import load_pictures
from .layouts import read_palette, read_press
from .products import PRODUCTS
from .products.base import BuildContext, LabelOptions, Output
from .typography import typeset
from .writer import OutputFolder, content_digest
from .yamlnodes import quote

PROJECT = Path(__file__).resolve().parent.parent


@dataclass
class BuildResult:
    outputs: list[Output]
    warnings: list[Problem]
    manifest: dict
    out_dir: Path
    notes: list[str]  # what happened to the previous build's files


LATEST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: a PDF date has four digits for the year


def build_date(files: Iterable[Path]) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else when the content last changed."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not re.fullmatch(r"[0-9]{1,12}", epoch) or int(epoch) > LATEST_EPOCH:
            raise ExpoprintError(Problem(
                "SOURCE_DATE_EPOCH", None, "", f"'{quote(epoch, 20)}' is not a moment between "
                "1970 and 9999 in seconds", "unset it, or give whole seconds such as 1726876800"))
        return datetime.fromtimestamp(int(epoch), UTC)
    newest = max((int(path.stat().st_mtime) for path in files), default=0)
    return datetime.fromtimestamp(min(max(newest, 0), LATEST_EPOCH), UTC)


def check_glyphs(content: Content, fonts: Path, report: Report) -> None:
    """A character the fonts cannot draw is an error naming its field, never a tofu box."""
    sources = [(content.exhibition, str(content.folder / "exhibition.yaml"), None, ""),
               (content.timeline, str(content.folder / "timeline.yaml"), None, "")]
    sources += [(a, a.source, a.line, f"artefact '{a.id}'") for a in content.artefacts or ()]
    for model, source, line, root in sources:
        for path, text in walk_text(model, root):
            versions = [(path, text, "fr")] if isinstance(text, str) else \
                [(path, text.fr, "fr"), (f"{path}_en", text.en, "en")]
            for field_path, version, lang in versions:
                if version and (missing := missing_glyphs(typeset(version, lang), fonts)):
                    shown = " ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in sorted(missing)[:5])
                    report.error(source, line, field_path,
                                 f"has characters the fonts cannot print: {shown}",
                                 "remove them or replace them with plain text")


def run_build(content_dir: Path, out_dir: Path, only: tuple[str, ...] = (),
              sheets: tuple[str, ...] = (), strict: bool = False,
              layouts: Path | None = None, fonts: Path | None = None, icc: Path | None = None,
              label_options: LabelOptions | None = None,
              progress: Callable[[str], None] | None = None,
              notice: Callable[[str], None] | None = None,
              formats: tuple[str, ...] = ()) -> BuildResult:
    """`progress` hears each product's name as it starts, `notice` anything worth a line before
    the end (waiting for another build in the same folder); `formats` narrows the posters."""
    # Held for the whole build: checked before the render, one build at a time (writer/lock.py).
    with OutputFolder(out_dir, content_dir, notice=notice) as folder:
        return build_in(folder, content_dir, out_dir, only, sheets, strict, layouts, fonts, icc,
                        label_options, progress, formats)


def build_in(folder: OutputFolder, content_dir: Path, out_dir: Path, only: tuple[str, ...],
             sheets: tuple[str, ...], strict: bool, layouts: Path | None, fonts: Path | None,
             icc: Path | None, label_options: LabelOptions | None,
             progress: Callable[[str], None] | None, formats: tuple[str, ...] = ()) -> BuildResult:
    """The build proper, into a folder already checked and held."""
    layouts = layouts or PROJECT / "layouts"
    fonts = fonts or PROJECT / "fonts"
    report = Report()

    content = load_content(content_dir, report)
    press = read_press(layouts, report, icc=icc)
    palette = read_palette(layouts, report)
    report.raise_if_errors(strict)
    assert content is not None and press is not None
    check_glyphs(content, fonts, report)
    pictures = load_pictures(content, press.icc, report)  # every file checked before rendering
    report.raise_if_errors(strict)

    names = []
    for name in dict.fromkeys(only or PRODUCTS):  # --only poster --only poster builds it once
        if reason := PRODUCTS[name].needs(content):
            if only:
                report.error(str(content_dir), None, name, f"cannot be built: {reason}")
            else:
                report.warn(str(content_dir), None, name, f"skipped: {reason}")
        else:
            names.append(name)
    report.raise_if_errors(strict)

    palette = apply_style(palette, content.exhibition)
    check_contrast(palette, content.exhibition, press.icc,
                   str(content.folder / "exhibition.yaml"), report)
    report.raise_if_errors(strict)

    ctx = BuildContext(content=content, layouts=layouts, fonts=fonts, press=press,
                       created=build_date(content.files), report=report, palette=palette,
                       sheets=sheets, label_options=label_options or LabelOptions(),
                       pictures=pictures, formats=formats)
    outputs: list[Output] = []
    for name in names:
        if progress:
            progress(name)
        outputs += PRODUCTS[name].build(ctx)
    report.raise_if_errors(strict)

    from .preflight import check_outputs

    release_memory()
    check_outputs(outputs, report)
    report.raise_if_errors(strict)
    if not outputs:
        raise ExpoprintError(Problem(str(content_dir), None, "", "nothing to build",
                                     "check --only and the content files"))
    # A part of the kit chosen by the user: the previous build's other files may stay, if they
    # come from the same content. --sheet narrows the labels and --format the posters, whose
    # other files are then kept.
    narrowed = ({"labels"} if sheets else set()) | ({"poster"} if formats else set())
    written = folder.write(outputs, content_label(content_dir),
                           content_digest(content.folder, content.files),
                           partial=bool(only or sheets or formats), complete=set(names) - narrowed)
    return BuildResult(outputs, report.warnings + written.warnings, written.manifest, out_dir,
                       written.notes)


def release_memory() -> None:
    """Hand the renderers' freed memory back to the system before the preflight opens the
    files: a long label run otherwise keeps its peak for the rest of the build."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def content_label(content_dir: Path) -> str:
    try:
        return str(content_dir.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(content_dir)
