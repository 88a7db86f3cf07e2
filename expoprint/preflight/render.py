"""The renderer's stage: pdfium draws pages, zxing-cpp reads their QR codes, and the text page
locates runs the rules asked about (their text, and how light the ground around them prints).

Contract: `render_pages(source, jobs, limits, deadline)` yields one `PageRender` per job, in
order. With `limits.isolate` the work runs in a child process with an address-space and a time
limit (pdfium can abort or take gigabytes on a hostile file); a page the child did not finish
comes back with a `note` saying why (out of memory, crashed, out of time), and the pages after
it go to a fresh child. A page is rendered at most at `limits.render_pixels`. If the document
cannot be opened at all, `RenderError` is raised with the reason in words.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..i18n import _
from .findings import one_line
from .limits import Deadline, Limits
from .sandbox import Outcome, run_child

GROUND_DPI = 100.0  # enough to see the ground around 6 pt text
MIN_QR_DPI = 50.0
MAX_CHARS = 200_000
MAX_TEXT = 1_000_000
MAX_CRASHES = 3  # renderers started afresh after one died, before the other pages are given up


class RenderError(Exception):
    """The renderer cannot open the document."""


@dataclass(frozen=True)
class Probe:
    """A text run to locate, by the origin of its first glyph in page space."""

    x: float
    y: float
    size: float  # in points
    glyphs: int
    ground: bool  # measure how light the ground around it is


@dataclass
class Located:
    sample: str | None = None
    ground: float | None = None  # median lightness around the run, 0 black to 1 white


@dataclass
class QRRead:
    text: str
    side_mm: float
    valid: bool
    error: str
    version: int


@dataclass(frozen=True)
class PageJob:
    index: int
    qr: bool
    qr_dpi: float
    probes: tuple[Probe, ...] = ()


@dataclass
class PageRender:
    index: int
    text: str | None = None
    qr: list[QRRead] | None = None
    probes: list[Located] = field(default_factory=list)
    note: str | None = None  # what could not be done on this page, in words


def render_pages(source, jobs: list[PageJob], limits: Limits,
                 deadline: Deadline) -> Iterator[PageRender]:
    if not jobs:
        return
    if not limits.isolate:
        document = open_document(source)
        try:
            for job in jobs:
                yield render_page(document, job, limits)
        finally:
            document.close()
        return
    pending = list(jobs)
    crashes = 0
    while pending:
        done: list[PageRender] = []
        failure: list[str] = []

        def work(send, todo=tuple(pending)):
            try:
                document = open_document(source)
            except RenderError as exc:
                send(("error", f"open:{exc}"))
                return
            for job in todo:
                send(("page", render_page(document, job, limits)))

        def receive(message, done=done, failure=failure):
            if message[0] == "page":
                done.append(message[1])
            elif message[0] == "error":
                failure.append(message[1])

        seconds = max(1.0, deadline.remaining())
        outcome = run_child(work, receive, memory=limits.memory, seconds=seconds)
        yield from done
        pending = pending[len(done):]
        if not pending:
            return
        if failure and failure[0].startswith("open:"):
            raise RenderError(failure[0][5:])
        stopped = pending.pop(0)
        yield PageRender(stopped.index, note=why(outcome, failure, limits, seconds))
        crashes += 1
        if outcome.timed_out or deadline.passed() or crashes >= MAX_CRASHES:
            note = _("not rendered: the renderer failed on {count} pages already").format(
                count=crashes) if crashes >= MAX_CRASHES else _(
                "not rendered: the time allowed for the file ran out")
            for job in pending:
                yield PageRender(job.index, note=note)
            return


def why(outcome: Outcome, failure: list[str], limits: Limits, seconds: float) -> str:
    if outcome.timed_out:
        return _("the renderer took more than {seconds:.0f} s on it and was stopped").format(
            seconds=seconds)
    if failure:
        return _("the renderer failed on it ({reason})").format(reason=one_line(failure[0], 100))
    return _("the renderer stopped on it ({cause}), most likely out of its {memory} MB of "
             "memory").format(cause=outcome.describe(), memory=limits.memory // 2**20)


def open_document(source):
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(source if isinstance(source, bytes) else str(source))
    except pypdfium2.PdfiumError as exc:
        raise RenderError(one_line(str(exc), 100)) from None


def render_page(document, job: PageJob, limits: Limits) -> PageRender:
    import pypdfium2

    try:
        return draw_page(document, job, limits)
    except pypdfium2.PdfiumError as exc:
        return PageRender(job.index, note=_(
            "the renderer cannot draw this page ({reason}): QR codes, placeholders and reversed "
            "text were not checked on it").format(reason=one_line(str(exc), 80)))


def draw_page(document, job: PageJob, limits: Limits) -> PageRender:
    result = PageRender(job.index)
    page = document[job.index]
    width, height = page.get_width(), page.get_height()
    textpage = page.get_textpage()
    count = min(textpage.count_chars(), MAX_CHARS)
    result.text = textpage.get_text_range(0, count)[:MAX_TEXT] if count > 0 else ""
    image, dpi = None, 0.0
    if job.qr or any(p.ground for p in job.probes):
        wanted = job.qr_dpi if job.qr else GROUND_DPI
        area = max(width / 72 * height / 72, 1e-6)
        dpi = min(wanted, math.sqrt(limits.render_pixels / area))
        if dpi < 1:
            result.note = _("the page is {width:,.0f} × {height:,.0f} m: too large to render; QR "
                            "codes and reversed text not checked").format(
                width=width / 72 * 0.0254, height=height / 72 * 0.0254)
        else:
            image = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=False).to_pil()
    if job.qr and image is not None:
        if dpi < MIN_QR_DPI:
            result.note = _("the page is too large to read QR codes at {dpi:.0f} dpi within "
                            "{megapixels} megapixels").format(
                dpi=MIN_QR_DPI, megapixels=limits.render_pixels // 10**6)
        else:
            result.qr = read_qr_codes(image, dpi)
    if job.probes:
        origins = char_grid(textpage, count)
        result.probes = [locate(textpage, page, image, probe, origins) for probe in job.probes]
    return result


def read_qr_codes(image, dpi: float) -> list[QRRead]:
    import zxingcpp

    found = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode,
                                       return_errors=True):
        points = [(p.x, p.y) for p in (code.position.top_left, code.position.top_right,
                                       code.position.bottom_right, code.position.bottom_left)]
        side_px = (math.dist(points[0], points[1]) + math.dist(points[1], points[2])) / 2
        extra = code.extra if isinstance(code.extra, dict) else {}
        try:
            version = int(extra.get("Version", 1))
        except (TypeError, ValueError):
            version = 1
        found.append(QRRead(code.text, side_px / dpi * 25.4, bool(code.valid),
                            error_words(str(code.error)), version))
    return found


def error_words(error: str) -> str:
    """zxing's "ChecksumError @ QRDecoder.cpp:337" as "checksum error", in the user's language
    for the kinds zxing-cpp has (format, checksum, unsupported)."""
    kind = error.split(" @ ")[0].strip()
    words = one_line(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower(), 80)
    known = {"": _("unknown error"), "format error": _("format error"),
             "checksum error": _("checksum error"), "unsupported error": _("unsupported error")}
    return known.get(words, words)


def char_grid(textpage, count: int) -> dict[tuple[int, int], list[tuple[int, float, float]]]:
    """Each character's origin, in 4-point cells, to find the one a run starts with."""
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_double(), ctypes.c_double()
    grid: dict[tuple[int, int], list[tuple[int, float, float]]] = {}
    for index in range(count):
        if pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y):
            grid.setdefault((int(x.value // 4), int(y.value // 4)), []).append(
                (index, x.value, y.value))
    return grid


def locate(textpage, page, image, probe: Probe, grid) -> Located:
    import pypdfium2.raw as pdfium_c

    best, distance = None, 3.0
    cx, cy = int(probe.x // 4), int(probe.y // 4)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for index, x, y in grid.get((cx + dx, cy + dy), ()):
                d = math.hypot(x - probe.x, y - probe.y)
                if d < distance:
                    best, distance = index, d
    if best is None:
        return Located()
    boxes, chars = [], []
    total = textpage.count_chars()
    x, y = ctypes.c_double(), ctypes.c_double()
    line_y = tolerance = previous_x = None
    index = best
    # Writers that show a glyph or two at a time (Chromium) get a readable sample: the line
    # goes on to 40 characters; the ground is measured around the run's own glyphs only.
    wanted = probe.glyphs if probe.glyphs >= 4 else 40
    while index < total and len(boxes) < wanted and len(boxes) < 200:
        if pdfium_c.FPDFText_IsGenerated(textpage, index):
            index += 1  # pdfium's guesses at spaces: the gaps decide instead (words_of)
            continue
        box = textpage.get_charbox(index)
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
        if line_y is None:
            line_y, tolerance = y.value, max(1.0, 0.3 * probe.size)
        elif abs(y.value - line_y) > tolerance or x.value < previous_x - tolerance:
            break  # the run ended: the next character starts another line
        boxes.append(box)
        chars.append(textpage.get_text_range(index, 1))
        previous_x = x.value
        index += 1
    sample = words_of(chars, boxes, probe.size)
    located = Located(sample or None)
    if probe.ground and image is not None and boxes:
        located.ground = ground_lightness(page, image, boxes[: max(probe.glyphs, 1)])
    return located


def words_of(chars: list[str], boxes: list, size: float) -> str:
    """The run's text with its word gaps as spaces. A word gap drawn by positioning, not by a
    space glyph, is a gap clearly wider than the usual gap between letters: letter-spaced
    capitals keep their words without reading as "E X P O S I T I O N"."""
    gaps = [b[0] - a[2] for a, b, c in zip(boxes, boxes[1:], chars[1:], strict=False)
            if c.strip()]
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
    out = chars[:1]
    for previous, box, char in zip(boxes, boxes[1:], chars[1:], strict=False):
        if char.strip() and out[-1].strip() and box[0] - previous[2] > usual + 0.12 * size:
            out.append(" ")
        out.append(char)
    return " ".join("".join(out).split())


def ground_lightness(page, image, boxes) -> float | None:
    """Median lightness of a ring around the run's glyph boxes: the ground the text sits on."""
    import pypdfium2.raw as pdfium_c

    left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
    corners = []
    dx, dy = ctypes.c_int(), ctypes.c_int()
    for x, y in ((left, bottom), (right, top)):
        pdfium_c.FPDF_PageToDevice(page, 0, 0, image.width, image.height, 0, x, y, dx, dy)
        corners.append((dx.value, dy.value))
    x0, x1 = sorted((corners[0][0], corners[1][0]))
    y0, y1 = sorted((corners[0][1], corners[1][1]))
    pad = max(2, round(0.3 * (y1 - y0)))
    outer = (max(0, x0 - pad), max(0, y0 - pad), min(image.width, x1 + pad),
             min(image.height, y1 + pad))
    inner = (max(0, x0), max(0, y0), min(image.width, x1), min(image.height, y1))
    if outer[2] <= outer[0] or outer[3] <= outer[1]:
        return None
    ring = image.crop(outer).histogram()
    if inner[2] > inner[0] and inner[3] > inner[1]:
        ring = [a - b for a, b in zip(ring, image.crop(inner).histogram(), strict=True)]
    total, seen = sum(ring), 0
    for level, n in enumerate(ring):
        seen += n
        if total > 0 and seen * 2 >= total:
            return level / 255
    return None
