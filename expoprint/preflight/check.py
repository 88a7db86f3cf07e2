"""One file, all stages: open → document rules → each page (structure, interpreter, rules) →
render (text, QR codes, the ground of light text) → judgments that need the render.

Contract: `check_pdf` returns a `FileReport` for any input, PDF or not, and never raises for
what the file contains: what cannot be read is `damaged` (naming the object), what the budgets
cut short is `check-limited`. Profiles: `press` (every rule), `office` (no trim, bleed, marks,
output intent or PDF/X; RGB only a warning), `screen` (no press rules at all: RGB, ink and image
resolution are fine; fonts must still be embedded). `check_outputs` is the build's preflight of
its own outputs, in process and sampled.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Report
from ..i18n import _
from .document import check_actions, check_fonts, check_output_intent, check_pdfx, check_transfer_functions
from .findings import FileReport, one_line
from .interpreter import interpret_page
from .limits import Deadline, Limits
from .pictures import check_images, judged_by
from .render import PageJob, RenderError, render_pages
from .rules import (
    check_boxes,
    check_colour,
    check_marks,
    check_page_text,
    check_qr_codes,
    check_small_text,
    text_probes,
)

if TYPE_CHECKING:
    from ..bundled import LayoutFolders

PROFILES = ("press", "office", "screen")
HEADER_WINDOW = 1024  # where readers look for %PDF-
ACTION_PAGES = 10_000  # pages whose annotations are searched for JavaScript, beyond sampling
LIBRARY_PREFIX = re.compile(r"^(?:stream )?<[\w.]+ object at 0x[0-9a-fA-F]+>: ")


def sample_pages(count: int, limit: int) -> list[int]:
    """All pages up to `limit`; beyond, the first three quarters of the budget in a row, and the
    rest spread through the file up to the last page."""
    if count <= limit:
        return list(range(count))
    head = max(1, limit * 3 // 4)
    rest = max(1, limit - head)
    step = (count - head) / rest
    spread = sorted({min(count - 1, head + round((i + 1) * step) - 1) for i in range(rest)})
    return list(range(head)) + spread


def read_header(source: bytes | Path) -> bytes:
    if isinstance(source, bytes):
        return source[:HEADER_WINDOW]
    with open(source, "rb") as file:
        return file.read(HEADER_WINDOW)


def open_pdf(source: bytes | Path, report: FileReport):
    """The pikepdf document, or None with the reason reported."""
    import pikepdf

    try:
        header = read_header(source)
    except OSError as exc:
        report.add("not-a-pdf", None,
                   _("cannot be read: {reason}").format(reason=exc.strerror or exc))
        return None
    if b"%PDF-" not in header:
        report.add("not-a-pdf", None, _("this file is not a PDF"))
        return None
    try:
        return pikepdf.open(source if isinstance(source, Path) else io.BytesIO(source))
    except pikepdf.PasswordError:
        report.add("encrypted", None, _("the file is encrypted; printers need it open"))
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as exc:
        # qpdf starts its message with the stream's name: a Python repr for bytes, the path
        # for a file; the report names the file already.
        reason = LIBRARY_PREFIX.sub("", one_line(str(exc), 200))
        if isinstance(source, Path):
            reason = reason.removeprefix(f"{source}: ")
        report.add("damaged", None,
                   _("the file is damaged and cannot be opened: {reason}").format(
                       reason=one_line(reason, 160)))
    return None


def check_pdf(source: bytes | Path, path: str, profile: str = "press", *, sample: int | None = None,
              qr: bool = True, qr_dpi: float = 300.0, limits: Limits | None = None,
              report: FileReport | None = None) -> FileReport:
    """Check one PDF (bytes, or a path read by the libraries without loading it whole).
    `sample` checks only that many pages one by one, as the caller chose, without a warning."""
    limits = limits or Limits()
    report = report or FileReport(path)
    report.max_problems = limits.problems
    report.set("profile", profile)
    deadline = Deadline(limits.seconds)
    pdf = open_pdf(source, report)
    if pdf is None:
        return report
    with pdf:
        if pdf.is_encrypted:
            report.add("encrypted", None, _("the file is encrypted; printers need it open"))
        report.enter(_("reading the page tree"))
        try:
            count = len(pdf.pages)
        except Exception as exc:
            if limits.trusted:
                raise
            report.add("damaged", None, _("the page tree cannot be read: {reason}").format(
                reason=one_line(str(exc), 160)))
            return report
        report.set_pages(count)
        pages = sample_pages(count, sample or limits.pages)
        if sample is None and len(pages) < count:
            report.add("check-limited", None,
                       _("the file has {count:,} pages: {checked} were checked one by one (the "
                         "first {first} and others spread to the last page)").format(
                           count=count, checked=len(pages), first=limits.pages * 3 // 4))
        pdfx = guarded(report, limits, None, _("the document structure cannot be read: {reason}"),
                       lambda: check_document(pdf, pages, count, profile, report, limits))
        checked = []
        fonts: dict = {}  # font metrics, and images measured for ink: once per file
        measured: dict = {}
        for position, index in enumerate(pages):
            if deadline.passed():
                left = [i + 1 for i in pages[position:]]
                report.add("check-limited", None,
                           _("the time allowed ({seconds:g} s) ran out: pages {first}–{last} were "
                             "not checked ({count} pages)").format(
                               seconds=limits.seconds, first=left[0], last=left[-1],
                               count=len(left)))
                break
            report.enter(_("reading page {number}").format(number=index + 1))
            page = guarded(report, limits, index + 1, _("page {number} cannot be read: {reason}"),
                           lambda index=index: check_structure(pdf, index, profile, bool(pdfx),
                                                               report, limits, deadline, fonts,
                                                               measured))
            if page is not None:
                checked.append(page)
        report.enter(_("rendering the pages"))
        check_rendered(source, checked, profile, qr, qr_dpi, report, limits, deadline)
    return report


def guarded(report: FileReport, limits: Limits, page: int | None, message: str, stage):
    """Run a stage; on an untrusted file, a failure it did not foresee is reported as damage
    to that part (`message`, with `{reason}` and the page as `{number}`), and the other parts
    are still checked."""
    try:
        return stage()
    except Exception as exc:
        if limits.trusted:
            raise
        report.add("damaged", page,
                   message.format(number=page, reason=one_line(str(exc), 160)))
        return None


def check_document(pdf, pages: list[int], count: int, profile: str, report: FileReport,
                   limits: Limits) -> bool:
    """The document-wide rules. True when the file declares PDF/X-4 and is checked as such."""
    report.enter(_("reading the document structure"))
    pdfx = False
    if profile == "press":
        check_output_intent(pdf, report)
        version = check_pdfx(pdf, report)
        pdfx = bool(version and version.startswith("PDF/X-4"))
    check_actions(pdf, list(range(count)) if count <= ACTION_PAGES else pages, report, limits,
                  pdfx)
    check_fonts(pdf, pages, report)
    return pdfx


def check_structure(pdf, index: int, profile: str, pdfx: bool, report: FileReport,
                    limits: Limits, deadline: Deadline, fonts: dict, measured: dict) -> tuple:
    """A page's own rules, before any rendering; returns what the render stage needs."""
    number = index + 1
    page_obj = pdf.pages[index].obj
    press = profile == "press"
    facts = check_boxes(page_obj, number, report, press)
    drawn = interpret_page(page_obj, limits, deadline, fonts)
    for message in drawn.damaged:
        report.add("damaged", number, message)
    for message in drawn.limited:
        report.add("check-limited", number,
                   _("the page was not fully checked: {reason}").format(reason=message))
    if press:
        check_marks(drawn, facts, number, report)
        if pdfx:
            check_transfer_functions(page_obj, number, report)
    check_colour(drawn, number, report, profile)
    check_images(drawn, number, report, profile, limits, measured, facts.get("trim_mm"))
    probes = text_probes(drawn, profile)
    return number, facts, drawn, probes


def check_rendered(source, checked: list[tuple], profile: str, qr: bool, qr_dpi: float,
                   report: FileReport, limits: Limits, deadline: Deadline) -> None:
    jobs = [PageJob(number - 1, qr, qr_dpi, tuple(probe for _run, probe in probes))
            for number, _facts, drawn, probes in checked if drawn.unrenderable is None]
    renders = {}
    try:
        for render in render_pages(source, jobs, limits, deadline):
            renders[render.index] = render
    except RenderError as exc:
        report.add("damaged", None,
                   _("the pages cannot be rendered: {reason}").format(reason=exc))
    for number, facts, drawn, probes in checked:
        render = renders.get(number - 1)
        if drawn.unrenderable:
            report.add("check-limited", number,
                       _("not rendered ({reason}): QR codes, placeholders and reversed text were "
                         "not checked on it").format(reason=drawn.unrenderable))
        elif render is not None and render.note:
            report.add("check-limited", number, render.note)
        if render is not None:
            check_page_text(render.text, number, report)
            if qr and render.qr is not None:
                check_qr_codes(render, number, facts, report)
        check_small_text(drawn, probes, render, number, report, profile)
        report.add_fact({k: v for k, v in facts.items() if not k.startswith("_")})


# What the build's content checks already said, naming the field and the fix: a placeholder
# text, and a picture under its target (images/pictures.py measures every placement). A picture
# the preflight finds under its page's floor is still said: the two measures would disagree, a bug.
SAID_BY_THE_CONTENT_CHECKS = {("placeholder", "warning"),
                              ("low-resolution-image", "warning")}


def check_outputs(outputs, report: Report, layouts: LayoutFolders | None = None) -> None:
    """The build's own preflight: each output's rules by its use, sampled on long runs, in
    process (our own files: a crash here is a bug to see, not a hostile file to survive); a
    photo's resolution judged by the floors of the `layouts` the build placed it by."""
    with judged_by(layouts):
        check_each(outputs, report)


def check_each(outputs, report: Report) -> None:
    limits = Limits.for_build(pages=3)
    for output in outputs:
        profile = getattr(output, "use", None) or ("press" if output.press else "office")
        # 200 dpi gives a 0.4 mm module three pixels: enough to read back what we drew.
        result = check_pdf(output.data, output.path, profile, sample=3, qr_dpi=200,
                           qr=bool(output.qr_pages), limits=limits)
        for fact in result.facts:
            expected = set(output.qr_pages.get(fact["page"] - 1, ()))
            found = {code["text"] for code in fact.get("qr_codes", [])}
            if expected - found:
                result.add("qr-unreadable", fact["page"],
                           _("QR code(s) drawn but not read back: {codes}").format(
                               codes=sorted(expected - found)))
        for finding in result.problems:
            where = _("page {number}").format(number=finding.page) if finding.page else ""
            target = report.error if finding.severity == "error" else report.warn
            if (finding.code, finding.severity) not in SAID_BY_THE_CONTENT_CHECKS:
                target(output.path, None, where, f"[{finding.code}] {finding.message}",
                   code=finding.code, output=output.path, page=finding.page)
