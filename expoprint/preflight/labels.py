"""`check --profile labels`: the readability rules of the build (`layouts/readability.yaml`) read
back from a label PDF, ours or not, a page at a time.

A page is a label (a cut label) or a sheet of them: its text is read by pdfium (characters, their
size and box), its QR codes by zxing-cpp on a render. Measured as a visitor meets them: the body
text's average line (the lines set at the page's most common size), the words of each sentence
and of the page, the smallest type's x-height (from the glyphs' own boxes: a, c, e, m, n, o…)
against the reading distance, and each QR code's width and module against the scanning
distance. A sheet holds several labels a page: its words are not counted, only its lines, type and
codes. The file has passed `check` first, in its child process: only readable PDFs come here,
and at most `MAX_PAGES` pages are read.
"""

from __future__ import annotations

import ctypes
import math
import statistics
from collections import Counter
from pathlib import Path

from ..i18n import _

MAX_PAGES = 200
X_LETTERS = set("acemnorsuvwxz")  # letters without ascender or descender: their height is the x-height
QR_DPI = 300
PT_MM = 25.4 / 72


def label_problems(path: Path, kind: str) -> list[dict]:
    """The findings of each page, as `check --json` lists problems (all warnings). `kind` is
    `cut` (read at the cut labels' distances) or `sheet`."""
    import pypdfium2

    from ..bundled import LayoutFolders
    from ..errors import Report
    from ..readability import SENTENCE_END, read_rules, words

    rules = read_rules(LayoutFolders(), Report())
    if rules is None:
        return []
    found: list[dict] = []

    def tell(code: str, page: int, message: str) -> None:
        found.append({"severity": "warning", "code": code, "page": page, "message": message})

    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            chars = read_chars(page)
            number = index + 1
            text = "".join(char for char, _size, _height, _line in chars)
            body = Counter(size for _c, size, _h, _l in chars if not _c.isspace()).most_common(1)
            lines = [sum(1 for c in chars if c[3] == line and c[1] == body[0][0])
                     for line in sorted({c[3] for c in chars if body and c[1] == body[0][0]})]
            if lines and (average := sum(lines) / len(lines)) > rules.line_characters:
                tell("label-line-length", number, _(
                    "lines of {chars:.0f} characters on average, over the {most:g} that read "
                    "easily").format(chars=average, most=rules.line_characters))
            sentences = [s for block in blocks(chars) for s in SENTENCE_END.split(block)]
            for sentence in sentences if kind == "cut" else ():
                if (count := words(sentence)) > rules.sentence_words:
                    tell("label-sentence", number, _(
                        "a sentence of {count} words, over {most:g}: '{start}…'").format(
                        count=count, most=rules.sentence_words,
                        start=" ".join(sentence.split()[:6])))
            if kind == "cut" and (count := words(text)) > rules.label_words:
                tell("label-words", number, _(
                    "the page holds {count} words, over the {most:g} a visitor reads standing "
                    "(every language counted)").format(count=count, most=rules.label_words))
            sized = [c for c in chars if c[2] > 0]
            if sized:
                smallest = min(size for _c, size, _h, _l in sized)
                x_height = statistics.median(h for _c, size, h, _l in sized if size == smallest)
                least = rules.least_x_height_mm(kind)
                if x_height < least - 1e-6:
                    tell("label-type-size", number, _(
                        "type at {size:.1f} pt has an x-height of {x:.2f} mm, too small to read "
                        "at {distance:g} mm (at least {least:.2f} mm)").format(
                        size=smallest, x=x_height, least=least,
                        distance=rules.distances[kind].reading_mm))
            for code in read_codes(page):
                side, module = code
                if side < rules.least_code_mm(kind) - 1e-6:
                    tell("label-qr-size", number, _(
                        "a QR code {size:.1f} mm wide: a phone at {distance:g} mm needs "
                        "{least:.1f} mm ({ratio:g}:1)").format(
                        size=side, distance=rules.distances[kind].scan_mm,
                        least=rules.least_code_mm(kind), ratio=rules.distance_ratio))
                if module < rules.least_module_mm(kind) - 1e-6:
                    tell("label-qr-module", number, _(
                        "a QR code's modules are {module:.2f} mm: a phone at {distance:g} mm needs "
                        "{least:.2f} mm").format(module=module,
                                                 distance=rules.distances[kind].scan_mm,
                                                 least=rules.least_module_mm(kind)))
    finally:
        document.close()
    return found


def blocks(chars: list[tuple[str, float, float, int]]) -> list[str]:
    """The page's text in blocks: a change of size between two lines (a title, then its text)
    ends a block, as a full stop ends a sentence."""
    lines: dict[int, list[tuple[str, float]]] = {}
    for char, size, _height, line in chars:
        lines.setdefault(line, []).append((char, size))
    out: list[str] = []
    previous = None
    for line in lines.values():  # in the order the page draws them
        size = Counter(s for c, s in line if not c.isspace()).most_common(1)
        size = size[0][0] if size else previous
        text = " ".join("".join(c for c, _s in line).split())
        if out and size == previous:
            out[-1] += " " + text
        else:
            out.append(text)
        previous = size
    return out


def read_chars(page) -> list[tuple[str, float, float, int]]:
    """Each character: itself, its size in points as printed, its glyph's height in mm when it
    is an x-height letter (else 0), and its line (its baseline, in half points)."""
    import pypdfium2.raw as raw

    text = page.get_textpage()
    out = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        matrix = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
        size = raw.FPDFText_GetFontSize(text.raw, index) * math.sqrt(
            abs(matrix.a * matrix.d - matrix.b * matrix.c))
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        raw.FPDFText_GetCharBox(text.raw, index, left, right, bottom, top)
        x, y = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(text.raw, index, x, y)
        height = (top.value - bottom.value) * PT_MM if char in X_LETTERS else 0.0
        out.append((char, round(size, 1), height, round(y.value * 2)))
    return out


def read_codes(page) -> list[tuple[float, float]]:
    """Each QR code of the page: its width (the symbol, without its quiet zone) and its module,
    in mm."""
    from .render import read_qr_codes

    image = page.render(scale=QR_DPI / 72).to_pil().convert("L")
    return [(code.side_mm, code.side_mm / (17 + 4 * code.version))
            for code in read_qr_codes(image, QR_DPI) if code.valid]


UNREADABLE = {"not-a-pdf", "encrypted", "damaged"}


def add_label_problems(targets, reports) -> None:
    """`check --profile labels`: each file that `check` could read, read again as labels (a
    press file as cut labels, an office file as sheets), its findings added as warnings."""
    for target, report in zip(targets, reports, strict=True):
        if any(problem.code in UNREADABLE for problem in report.problems):
            continue
        kind = "cut" if target.profile == "press" else "sheet"
        for problem in label_problems(Path(target.path), kind):
            report.add(problem["code"], problem["page"], problem["message"], "warning")
