"""Artefact labels: press-cut cartels (one a page, with bleed) and office label sheets.

Drawn with ReportLab's canvas, not HTML: a museum may print a thousand labels, and a canvas with
our own line breaking does that in about a second. Every label's text is fitted to its box,
shrinking from the preferred size to a floor; text that still does not fit stops the build with
the artefact and the field, and text shrunk below its preferred size is a warning.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..content import Artefact, Content
from ..errors import Problem, Report
from ..layouts import number, pair, read_layout
from ..press import PT_PER_MM, PressJob, finish, finish_office
from ..qr import MIN_MODULE_MM, QRCode, encode
from ..typography import typeset
from ..yamlnodes import Mapping
from .base import BuildContext, LabelOptions, Output, size_name

NAME = "labels"
FOLDER = "labels"
A4 = (210.0, 297.0)
LEADING = 1.22
FONTS = {  # ReportLab name: file in fonts/
    "Serif": "EBGaramond12-Regular.ttf", "Serif-Italic": "EBGaramond12-Italic.ttf",
    "Sans": "Lato-Regular.ttf", "Sans-Bold": "Lato-Bold.ttf", "Sans-Italic": "Lato-Italic.ttf",
    "Sans-Black": "Lato-Black.ttf",
}


def needs(content: Content) -> str | None:
    if content.artefacts is None:
        return "the content folder has no artefacts.yaml or artefacts.csv"
    return None if content.artefacts else "the artefacts file lists no artefact"


# --- layout specifications ---------------------------------------------------------------------

@dataclass(frozen=True)
class Sizes:
    """Preferred and floor sizes in pt of the three kinds of text on a label."""

    title: tuple[float, float]
    text: tuple[float, float]
    small: tuple[float, float]


@dataclass(frozen=True)
class Sheet:
    code: str
    columns: int
    rows: int
    label_mm: tuple[float, float]
    left_mm: float
    top_mm: float
    pitch_mm: tuple[float, float]
    corner_mm: float = 2.5

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def origin(self, slot: int, offset: tuple[float, float]) -> tuple[float, float]:
        """Bottom-left corner in mm (PDF axes) of a slot counted along the rows."""
        row, column = divmod(slot, self.columns)
        x = self.left_mm + column * self.pitch_mm[0] + offset[0]
        top = self.top_mm + row * self.pitch_mm[1] + offset[1]
        return x, A4[1] - top - self.label_mm[1]


def sizes(m: Mapping) -> Sizes | None:
    out = {}
    for role in ("title", "text", "small"):
        value = pair(m, f"{role}_pt")
        if value and value[1] > value[0]:
            m.error(f"{role}_pt", "the floor is larger than the preferred size",
                    "write [preferred, floor], e.g. [11, 9]")
            value = None
        out[role] = value
    return Sizes(**out) if all(out.values()) else None


def read_sheets(layouts: Path, report: Report) -> dict[str, Sheet]:
    m = read_layout(layouts, "sheets.yaml", report)
    table = m.mapping("sheets", required=True, example="{L7165: {…}}") if m else None
    if m is None or table is None:
        return {}
    m.check_keys(["schema", "sheets"])
    sheets = {}
    for code in table.values:
        s = table.mapping(code)
        if s is None:
            continue
        s.check_keys(["columns", "rows", "label_mm", "left_mm", "top_mm", "pitch_mm", "corner_mm"])
        columns, rows = s.integer("columns", required=True), s.integer("rows", required=True)
        label, pitch = pair(s, "label_mm"), pair(s, "pitch_mm")
        left, top = number(s, "left_mm", positive=False), number(s, "top_mm", positive=False)
        corner = number(s, "corner_mm", default=2.5, positive=False)
        if None in (columns, rows, label, pitch, left, top) or not columns or not rows:
            continue
        sheet = Sheet(code, columns, rows, label, left, top, pitch, corner or 0)
        right = left + (columns - 1) * pitch[0] + label[0]
        bottom = top + (rows - 1) * pitch[1] + label[1]
        if right > A4[0] + 0.01 or bottom > A4[1] + 0.01:
            table.error(code, f"the grid reaches {right:.1f} × {bottom:.1f} mm, beyond the A4 sheet",
                        "check the margins, pitch and label size against the maker's template")
            continue
        sheets[code] = sheet
    return sheets


# --- text fitting ------------------------------------------------------------------------------

@cache
def register_fonts(fonts: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts / file)))


@cache
def hyphenator(lang: str):
    import pyphen

    return pyphen.Pyphen(lang="fr_FR" if lang == "fr" else "en_GB")


@cache
def wrap(text: str, font: str, size: float, width_pt: float, lang: str) -> tuple[str, ...]:
    """Greedy line breaking with hyphenation of common words (proper nouns stay whole)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width_pt:
            current = candidate
            continue
        if word[:1].islower():
            for head, tail in hyphenator(lang).iterate(word):
                piece = f"{current} {head}-" if current else f"{head}-"
                if stringWidth(piece, font, size) <= width_pt:
                    lines.append(piece)
                    current = tail
                    break
            else:
                lines.append(current) if current else None
                current = word
        else:
            if current:
                lines.append(current)
            current = word
        if stringWidth(current, font, size) > width_pt:
            return ()  # a single word wider than the line: this size cannot work
    if current:
        lines.append(current)
    return tuple(lines)


@dataclass(frozen=True)
class Block:
    field: str  # the content field, to name in messages
    text: str
    font: str
    role: str  # title, text or small
    colour: str
    gap_before: float = 0.0  # in em of the block's size


@dataclass(frozen=True)
class Placed:
    block: Block
    size: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return (self.block.gap_before + len(self.lines)) * self.size * LEADING


def fit(blocks: list[Block], footer: list[Block], width_pt: float, height_pt: float,
        sizes: Sizes, lang: str) -> tuple[list[Placed], list[Placed], float] | None:
    """Shrink every text together, step by step, until the blocks fit; None if even the floors
    do not. Returns the placed blocks and the scale used (1.0 = preferred sizes)."""
    scale = 1.0
    while True:
        placed: list[list[Placed]] = [[], []]
        ok = True
        for group, target in ((blocks, placed[0]), (footer, placed[1])):
            for block in group:
                preferred, floor = getattr(sizes, block.role)
                size = max(floor, preferred * scale)
                lines = wrap(block.text, block.font, round(size, 2), width_pt, lang)
                if not lines:
                    ok = False
                    break
                target.append(Placed(block, round(size, 2), lines))
        total = sum(p.height for group in placed for p in group)
        if ok and total <= height_pt:
            return placed[0], placed[1], scale
        floors_reached = all(
            getattr(sizes, b.role)[0] * scale <= getattr(sizes, b.role)[1] for b in blocks + footer)
        if floors_reached:
            return None
        scale -= 0.03


def label_blocks(artefact: Artefact, languages: tuple[str, ...], small: bool,
                 words: dict[str, str]) -> tuple[list[Block], list[Block]]:
    """What a label says, in reading order; a small label keeps title and credit only."""
    blocks = [Block("title", typeset(artefact.title.fr, "fr"), "Serif", "title", "navy")]
    if not small and artefact.date:
        blocks.append(Block("date", typeset(artefact.date.fr, "fr"), "Sans-Bold", "text", "red",
                            0.25))
    if not small and artefact.description:
        blocks.append(Block("description", typeset(artefact.description.fr, "fr"), "Sans", "text",
                            "black", 0.4))
    if "en" in languages and not small:
        if artefact.title.en:
            blocks.append(Block("title_en", typeset(artefact.title.en, "en"), "Serif-Italic", "text",
                                "grey", 0.7))
        if artefact.description and artefact.description.en:
            blocks.append(Block("description_en", typeset(artefact.description.en, "en"),
                                "Sans-Italic", "text", "grey", 0.2))
    footer = []
    if artefact.lender:
        footer.append(Block("lender", typeset(artefact.lender.fr, "fr"), "Sans-Italic", "small",
                            "black"))
    if artefact.inventory and not small:
        footer.append(Block("inventory", f"{words['inventory']} {artefact.inventory}", "Sans",
                            "small", "grey"))
    return blocks, footer


# --- drawing -----------------------------------------------------------------------------------

class LabelPainter:
    """Draws one label's QR code and fitted text in a box; shared by cut labels and sheets."""

    def __init__(self, canvas, palette, report: Report, sizes: Sizes, qr_mm: float,
                 languages: tuple[str, ...], words: dict[str, str], padding_mm: float,
                 small_below_mm: float | None):
        from reportlab.lib.colors import CMYKColor

        self.canvas = canvas
        self.colours = {name: CMYKColor(*cmyk) for name, cmyk in palette.items()}
        self.report, self.sizes, self.qr_mm = report, sizes, qr_mm
        self.languages, self.words, self.padding = languages, words, padding_mm
        self.small_below = small_below_mm
        self.shrunk: list[tuple[Artefact, float]] = []

    def qr_side(self, artefact: Artefact, code: QRCode, room_mm: float, where: str) -> float | None:
        side = min(self.qr_mm, room_mm)
        module = code.module_mm(side)
        if module < MIN_MODULE_MM:
            self.report.error(artefact.source, artefact.line, f"artefact '{artefact.id}'.url",
                              f"its address ({len(code.text)} characters) needs a QR code of "
                              f"{code.total_modules} modules: {module:.2f} mm each on the "
                              f"{side:.0f} mm the {where} allows (at least {MIN_MODULE_MM} mm)",
                              "shorten the address, e.g. with a short link")
            return None
        return side

    def draw(self, artefact: Artefact, x_mm: float, y_mm: float, w_mm: float, h_mm: float,
             where: str) -> bool:
        pad = self.padding
        inner_w, inner_h = w_mm - 2 * pad, h_mm - 2 * pad
        text_w = inner_w
        if artefact.url:
            code = encode(artefact.url)
            side = self.qr_side(artefact, code, inner_h, where)
            if side is None:
                return False
            qr_x, qr_y = x_mm + w_mm - pad - side, y_mm + pad
            self.draw_qr(code, qr_x, qr_y, side)
            text_w = inner_w - side - 3
        small = self.small_below is not None and h_mm < self.small_below
        blocks, footer = label_blocks(artefact, self.languages, small, self.words)
        fitted = fit(blocks, footer, text_w * PT_PER_MM, inner_h * PT_PER_MM, self.sizes,
                     "fr")
        if fitted is None:
            longest = max(blocks + footer, key=lambda b: len(b.text))
            self.report.error(artefact.source, artefact.line,
                              f"artefact '{artefact.id}'.{longest.field}",
                              f"does not fit the {where} even at the smallest size "
                              f"({getattr(self.sizes, longest.role)[1]:g} pt)",
                              "shorten the text of this artefact")
            return False
        placed, placed_footer, scale = fitted
        if scale < 0.999:
            self.shrunk.append((artefact, scale))
        top = (y_mm + h_mm - pad) * PT_PER_MM
        left = (x_mm + pad) * PT_PER_MM
        self.draw_blocks(placed, left, top)
        footer_height = sum(p.height for p in placed_footer)
        self.draw_blocks(placed_footer, left, (y_mm + pad) * PT_PER_MM + footer_height)
        return True

    def draw_blocks(self, placed: list[Placed], left: float, top: float) -> None:
        canvas = self.canvas
        y = top
        for item in placed:
            y -= item.block.gap_before * item.size * LEADING
            canvas.setFillColor(self.colours[item.block.colour])
            text = canvas.beginText()
            text.setFont(item.block.font, item.size, item.size * LEADING)
            # the first baseline sits one cap height below the top
            text.setTextOrigin(left, y - item.size * 0.8)
            for line in item.lines:
                text.textLine(line)
            canvas.drawText(text)
            y -= len(item.lines) * item.size * LEADING

    def draw_qr(self, code: QRCode, x_mm: float, y_mm: float, side_mm: float) -> None:
        """Dark modules in K 100, quiet zone included in `side_mm`, one path of rectangles."""
        module = side_mm * PT_PER_MM / code.total_modules
        origin_x = x_mm * PT_PER_MM + 4 * module
        top = (y_mm + side_mm) * PT_PER_MM - 4 * module
        path = self.canvas.beginPath()
        for row, column, length in code.runs:
            path.rect(origin_x + column * module, top - (row + 1) * module, length * module, module)
        self.canvas.setFillColor(self.colours["black"])
        self.canvas.drawPath(path, stroke=0, fill=1)


def new_canvas(buffer: io.BytesIO, page_mm: tuple[float, float], title: str):
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(buffer, pagesize=(page_mm[0] * PT_PER_MM, page_mm[1] * PT_PER_MM),
                    enforceColorSpace="cmyk", invariant=True, pageCompression=1,
                    initialFontName="Sans", initialFontSize=10)  # not the unembedded Helvetica
    canvas.setTitle(title)
    return canvas


# --- the two outputs ---------------------------------------------------------------------------

def build_cut(ctx: BuildContext, spec: Mapping, words: dict[str, str],
              progress) -> Output | None:
    c = spec.mapping("cut", required=True, example="{size_mm: [148, 105], …}")
    if c is None:
        return None
    c.check_keys(["file_name", "size_mm", "margin_mm", "band_mm", "qr_mm", "title_pt",
                  "text_pt", "small_pt"])
    size, margin, band = pair(c, "size_mm"), number(c, "margin_mm"), number(c, "band_mm")
    qr_mm, text_sizes = number(c, "qr_mm"), sizes(c)
    file_name = c.text("file_name", required=True, example="cartels-{size}.pdf")
    if not (size and margin and band and qr_mm and text_sizes and file_name):
        return None
    bleed = ctx.press.bleed_mm
    exhibition = ctx.content.exhibition
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (size[0] + 2 * bleed, size[1] + 2 * bleed),
                        f"{exhibition.title.fr} — cartels")
    painter = LabelPainter(canvas, ctx.palette, ctx.report, text_sizes, qr_mm, ctx.languages,
                           words, 0, None)
    band_title = typeset(exhibition.title.fr, "fr").upper()
    artefacts = ctx.content.artefacts or ()
    qr_pages = {}
    for index, artefact in enumerate(artefacts):
        # background art: the band runs to the bleed on three sides
        canvas.setFillColor(painter.colours["navy"])
        band_bottom = (bleed + size[1] - band) * PT_PER_MM
        canvas.rect(0, band_bottom, (size[0] + 2 * bleed) * PT_PER_MM,
                    (band + bleed) * PT_PER_MM, stroke=0, fill=1)
        canvas.setFillColor(painter.colours["white"])
        band_text = canvas.beginText((bleed + margin) * PT_PER_MM,
                                     band_bottom + (band / 2 - 1) * PT_PER_MM)
        band_text.setFont("Sans-Bold", 8)  # reversed text: 8 pt at the least
        band_text.setCharSpace(1.6)
        band_text.textOut(band_title)
        band_text.setCharSpace(0)  # Tc outlives the text object: reset it for the label's text
        canvas.drawText(band_text)
        body_top = size[1] - band - 5
        if painter.draw(artefact, bleed + margin, bleed + margin, size[0] - 2 * margin,
                        body_top - margin, "cut label") and artefact.url:
            qr_pages[index] = (artefact.url,)
        canvas.showPage()
        progress(1)
    if ctx.report.errors:
        return None
    warn_shrunk(painter, ctx.report, "cut label")
    canvas.save()
    path = f"{FOLDER}/{file_name.format(size=size_name(size))}"
    job = PressJob(title=f"{exhibition.title.fr} — cartels {size_name(size)}", trim_mm=size,
                   bleed_mm=bleed, created=ctx.created)
    return Output(path, NAME, "cut", size, bleed, len(artefacts),
                  finish(buffer.getvalue(), job, ctx.press), qr_pages=qr_pages)


def build_sheet(ctx: BuildContext, sheet: Sheet, s: Mapping, words: dict[str, str],
                options: LabelOptions, progress) -> Output | None:
    padding, qr_mm, text_sizes = number(s, "padding_mm"), number(s, "qr_mm"), sizes(s)
    small_below = number(s, "small_below_mm")
    file_name = s.text("file_name", required=True, example="etiquettes-{code}-{size}.pdf")
    if not (padding and qr_mm and text_sizes and small_below and file_name):
        return None
    exhibition = ctx.content.exhibition
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, f"{exhibition.title.fr} — étiquettes {sheet.code}")
    painter = LabelPainter(canvas, ctx.palette, ctx.report, text_sizes, qr_mm, ctx.languages,
                           words, max(padding, 1.5), small_below)
    artefacts = ctx.content.artefacts or ()
    first = options.first_label - 1
    slots = first + len(artefacts)
    pages = -(-slots // sheet.per_sheet)
    qr_pages: dict[int, tuple[str, ...]] = {}
    for page in range(pages):
        if options.outline:
            draw_outlines(canvas, sheet, options.offset_mm, painter.colours["outline"])
        for slot in range(sheet.per_sheet):
            index = page * sheet.per_sheet + slot - first
            if not 0 <= index < len(artefacts):
                continue
            artefact = artefacts[index]
            x, y = sheet.origin(slot, options.offset_mm)
            if painter.draw(artefact, x, y, *sheet.label_mm, f"{sheet.code} label") \
                    and artefact.url:
                qr_pages[page] = (*qr_pages.get(page, ()), artefact.url)
            progress(1)
        canvas.showPage()
    if ctx.report.errors:
        return None
    warn_shrunk(painter, ctx.report, f"{sheet.code} label")
    canvas.save()
    path = f"{FOLDER}/{file_name.format(code=sheet.code, size=size_name(A4))}"
    data = finish_office(buffer.getvalue(), f"{exhibition.title.fr} — étiquettes {sheet.code}",
                         ctx.created)
    return Output(path, NAME, sheet.code, A4, 0, pages, data, press=False, qr_pages=qr_pages)


def draw_outlines(canvas, sheet: Sheet, offset: tuple[float, float], colour) -> None:
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.3)
    for slot in range(sheet.per_sheet):
        x, y = sheet.origin(slot, offset)
        canvas.roundRect(x * PT_PER_MM, y * PT_PER_MM, sheet.label_mm[0] * PT_PER_MM,
                         sheet.label_mm[1] * PT_PER_MM, sheet.corner_mm * PT_PER_MM)


def warn_shrunk(painter: LabelPainter, report: Report, where: str) -> None:
    for artefact, scale in painter.shrunk:
        report.warn(artefact.source, artefact.line, f"artefact '{artefact.id}'",
                    f"text shrunk to {scale * 100:.0f} % of its preferred size to fit the {where}",
                    "shorten the text, or accept the smaller type")


def build(ctx: BuildContext) -> list[Output]:
    spec = read_layout(ctx.layouts, "labels.yaml", ctx.report)
    if spec is None:
        return []
    spec.check_keys(["schema", "cut", "sheet", "words"])
    sheet_spec = spec.mapping("sheet", required=True, example="{default_sheets: [L7165], …}")
    if sheet_spec:
        sheet_spec.check_keys(["file_name", "default_sheets", "padding_mm", "qr_mm",
                               "small_below_mm", "title_pt", "text_pt", "small_pt"])
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
    options = ctx.label_options
    if options.first_label > 1 and codes:
        smallest = min((presets[c].per_sheet for c in codes if c in presets), default=0)
        if options.first_label > smallest:
            ctx.report.problems.append(Problem(
                "--first-label", None, "", f"label {options.first_label} does not exist on a "
                f"sheet of {smallest}", f"give a number from 1 to {smallest}"))
    ctx.report.raise_if_errors()
    register_fonts(ctx.fonts)

    artefacts = ctx.content.artefacts or ()
    with progress_bar(len(artefacts) * (1 + len(codes))) as advance:
        outputs = [build_cut(ctx, spec, words, advance)]
        ctx.report.raise_if_errors()
        for code in codes:
            outputs.append(build_sheet(ctx, presets[code], sheet_spec, words, options, advance))
            ctx.report.raise_if_errors()
    return [o for o in outputs if o is not None]


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
