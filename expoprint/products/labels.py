"""Artefact labels: press-cut cartels (one a page, with bleed) and office label sheets.

Drawn with ReportLab's canvas, not HTML: a museum may print a thousand labels, and a canvas with
our own line breaking does that in about a second. Every label's text is fitted to its box,
shrinking from the preferred size to a floor; text that still does not fit stops the build with
the artefact and the field, and text shrunk below its preferred size is a warning.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..content import Artefact, Content
from ..errors import Problem, Report
from ..images.thumbnail import draw_thumbnail
from ..layouts import number, pair, read_layout, read_table
from ..press import PT_PER_MM, PressJob, finish, finish_office, geometry, mark_lines
from ..qr import MIN_MODULE_MM, QUIET_ZONE, QRCode, encode
from ..typography import typeset
from ..yamlnodes import Mapping
from .base import BuildContext, Output, size_name

NAME = "labels"
FOLDER = "labels"
A4 = (210.0, 297.0)
LEADING = 1.22
SINGLE_INK_BELOW_PT = 12  # smaller text prints in one ink
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
    table = read_table(layouts, "sheets.yaml", "sheets", "{L7165: {…}}", report)
    if table is None:
        return {}
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

    # At least 3 letters on each side of a break, as hyphenate-limit-chars in the HTML products.
    return pyphen.Pyphen(lang="fr_FR" if lang == "fr" else "en_GB", left=3, right=3)


def breakable(word: str) -> bool:
    """A common word: not a proper noun (no capital anywhere: "l’Armée" stays whole) nor words
    tied by a no-break space ("de Lattre", "28 FFI")."""
    return word[:1].islower() and not any(c.isupper() or c in "\u00a0\u202f" for c in word)


@lru_cache(maxsize=4096)
def wrap(text: str, font: str, size: float, width_pt: float, lang: str) -> tuple[str, ...]:
    """Greedy line breaking with hyphenation of common words (proper nouns stay whole), by the
    rules the HTML products follow too: never a line holding a lone syllable, never the last
    line starting with the tail of a split word, at most two hyphenated lines in a row."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def fits(line: str) -> bool:
        return stringWidth(line, font, size) <= width_pt

    words = text.split(" ")
    lines: list[str] = []
    current = ""
    hyphens_in_a_row = 0
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        split = None
        if breakable(word) and current and hyphens_in_a_row < 2:
            rest = " ".join(words[index + 1:])
            for head, tail in hyphenator(lang).iterate(word):
                if fits(f"{current} {head}-") and not fits(f"{tail} {rest}".strip()):
                    split = head, tail
                    break
        if split:
            lines.append(f"{current} {split[0]}-")
            current = split[1]
            hyphens_in_a_row += 1
        else:
            if current:
                lines.append(current)
            current = word
            hyphens_in_a_row = 0
        if not fits(current):
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
    colour: str  # a palette role; under 12 pt a role of several inks prints as `text` (K)
    gap_before: float = 0.0  # in em of the block's size
    lang: str = "fr"  # the hyphenation patterns its words break with


@dataclass(frozen=True)
class Placed:
    block: Block
    size: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return (self.block.gap_before + len(self.lines)) * self.size * LEADING


def fit(blocks: list[Block], footer: list[Block], width_pt: float, height_pt: float,
        sizes: Sizes) -> tuple[list[Placed], list[Placed], float] | None:
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
                lines = wrap(block.text, block.font, round(size, 2), width_pt, block.lang)
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
    blocks = [Block("title", typeset(artefact.title.fr, "fr"), "Serif", "title", "primary")]
    if not small and artefact.date:
        blocks.append(Block("date", typeset(artefact.date.fr, "fr"), "Sans-Bold", "text", "accent",
                            0.25))
    if not small and artefact.description:
        blocks.append(Block("description", typeset(artefact.description.fr, "fr"), "Sans", "text",
                            "text", 0.4))
    if "en" in languages and not small:
        if artefact.title.en:
            blocks.append(Block("title_en", typeset(artefact.title.en, "en"), "Serif-Italic", "text",
                                "muted", 0.7, "en"))
        if artefact.description and artefact.description.en:
            blocks.append(Block("description_en", typeset(artefact.description.en, "en"),
                                "Sans-Italic", "text", "muted", 0.2, "en"))
    footer = []
    if artefact.lender:
        footer.append(Block("lender", typeset(artefact.lender.fr, "fr"), "Sans-Italic", "small",
                            "text"))
    if artefact.inventory and not small:
        footer.append(Block("inventory", f"{words['inventory']} {artefact.inventory}", "Sans",
                            "small", "muted"))
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

    def ink(self, role: str, size_pt: float):
        """The role's colour, unless the text is under 12 pt and the colour needs several inks:
        misregistration would blur it, so it prints in `text` (one ink) instead."""
        colour = self.colours[role]
        inks = sum(value > 0.02 for value in (colour.cyan, colour.magenta, colour.yellow,
                                              colour.black))
        return self.colours["text"] if size_pt < SINGLE_INK_BELOW_PT and inks > 1 else colour

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

    def draw(self, artefact: Artefact, code: QRCode | None, x_mm: float, y_mm: float,
             w_mm: float, h_mm: float, where: str, column_mm: float = 0.0) -> bool:
        """`column_mm`: a right-hand column kept free of text (a thumbnail's) without a QR code."""
        pad = self.padding
        inner_w, inner_h = w_mm - 2 * pad, h_mm - 2 * pad
        text_w = inner_w - (column_mm + 3 if column_mm else 0)
        if code:
            side = self.qr_side(artefact, code, inner_h, where)
            if side is None:
                return False
            qr_x, qr_y = x_mm + w_mm - pad - side, y_mm + pad
            self.draw_qr(code, qr_x, qr_y, side)
            text_w = inner_w - side - 3
        small = self.small_below is not None and h_mm < self.small_below
        blocks, footer = label_blocks(artefact, self.languages, small, self.words)
        fitted = fit(blocks, footer, text_w * PT_PER_MM, inner_h * PT_PER_MM, self.sizes)
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
            canvas.setFillColor(self.ink(item.block.colour, item.size))
            text = canvas.beginText()
            text.setFont(item.block.font, item.size, item.size * LEADING)
            # the first baseline sits one cap height below the top
            text.setTextOrigin(left, y - item.size * 0.8)
            for line in item.lines:
                text.textLine(line)
            canvas.drawText(text)
            y -= len(item.lines) * item.size * LEADING

    def draw_qr(self, code: QRCode, x_mm: float, y_mm: float, side_mm: float) -> None:
        """Dark modules in K 100, quiet zone included in `side_mm`: one path of rectangles in
        module units under a matrix whose y axis points down, written directly (a thousand
        codes through ReportLab's path object cost seconds)."""
        module = side_mm * PT_PER_MM / code.total_modules
        origin_x = x_mm * PT_PER_MM + QUIET_ZONE * module
        origin_y = (y_mm + side_mm) * PT_PER_MM - QUIET_ZONE * module
        self.canvas.addLiteral(f"q 0 0 0 1 k {module:.5f} 0 0 {-module:.5f} {origin_x:.4f} "
                               f"{origin_y:.4f} cm {code.pdf_path} f Q")


def new_canvas(buffer: io.BytesIO, page_pt: tuple[float, float], title: str):
    """A CMYK-only canvas (the registration separation allowed) that compresses each page as
    soon as it is finished: ReportLab would otherwise hold every page's text until saving, and
    memory would grow with the run."""
    from reportlab import rl_config
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # compressed streams stay binary: ASCII85 only adds 25 % and time
    canvas = Canvas(buffer, pagesize=page_pt, enforceColorSpace="sep_cmyk", invariant=True,
                    pageCompression=1, initialFontName="Sans", initialFontSize=10)
    canvas.setTitle(title)

    def compress_finished_page(_number: int) -> None:
        page = canvas._doc.Pages.pages[-1]
        text = page.stream.encode("utf-8") if isinstance(page.stream, str) else page.stream
        page.Contents = PDFStream(PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}),
                                  content=zlib.compress(text))
        page.stream = None

    canvas.setPageCallBack(compress_finished_page)
    return canvas


# --- the outputs: one cut-label run and one run per sheet preset, fed artefact by artefact ------

@dataclass(frozen=True)
class CutSpec:
    file_name: str
    size_mm: tuple[float, float]
    margin_mm: float
    band_mm: float
    band_pt: float
    qr_mm: float
    sizes: Sizes


@dataclass(frozen=True)
class SheetStyle:
    file_name: str
    padding_mm: float
    qr_mm: float
    small_below_mm: float
    sizes: Sizes


def read_cut(spec: Mapping) -> CutSpec | None:
    c = spec.mapping("cut", required=True, example="{size_mm: [148, 105], …}")
    if c is None:
        return None
    c.check_keys(["file_name", "size_mm", "margin_mm", "band_mm", "band_pt", "qr_mm", "title_pt",
                  "text_pt", "small_pt"])
    band_pt = number(c, "band_pt")
    if band_pt is not None and band_pt < 9:
        c.error("band_pt", f"{band_pt:g} pt is too small for white text on the band",
                "reversed text needs 9 pt bold at the least")
        band_pt = None
    values = (c.text("file_name", required=True, example="cartels-{size}.pdf"),
              pair(c, "size_mm"), number(c, "margin_mm"), number(c, "band_mm"), band_pt,
              number(c, "qr_mm"), sizes(c))
    return CutSpec(*values) if all(values) else None


def read_sheet_style(s: Mapping | None) -> SheetStyle | None:
    if s is None:
        return None
    values = (s.text("file_name", required=True, example="etiquettes-{code}-{size}.pdf"),
              number(s, "padding_mm"), number(s, "qr_mm"), number(s, "small_below_mm"),
              sizes(s))
    return SheetStyle(*values) if all(values) else None


class CutRun:
    """Press-cut labels: one page per artefact, drawn at bleed size for the press finishing."""

    def __init__(self, ctx: BuildContext, spec: CutSpec, words: dict[str, str]):
        self.ctx, self.spec = ctx, spec
        self.bleed = ctx.press.bleed_mm
        title = ctx.content.exhibition.title.fr
        self.job = PressJob(title=f"{title} — cartels {size_name(spec.size_mm)}",
                            trim_mm=spec.size_mm, bleed_mm=self.bleed, created=ctx.created)
        self.geometry = geometry(self.job, ctx.press)
        self.marks = mark_lines(self.job, ctx.press)
        self.buffer = io.BytesIO()
        self.canvas = new_canvas(self.buffer, self.geometry.media, self.job.title)
        self.canvas.setBleedBox(self.geometry.bleed_box)
        self.canvas.setTrimBox(self.geometry.trim_box)
        self.painter = LabelPainter(self.canvas, ctx.palette, ctx.report, spec.sizes, spec.qr_mm,
                                    ctx.languages, words, 0, None)
        self.band_title = typeset(title, "fr").upper()
        self.pages = 0
        self.qr_pages: dict[int, tuple[str, ...]] = {}

    def add(self, artefact: Artefact, code: QRCode | None) -> None:
        """One page: the label drawn at bleed size, moved into the media, then the marks."""
        canvas, spec, bleed = self.canvas, self.spec, self.bleed
        width, height = spec.size_mm
        canvas.saveState()
        canvas.translate(self.geometry.slug, self.geometry.slug)
        # Background art: the band runs to the bleed on three sides.
        canvas.setFillColor(self.painter.colours["primary"])
        band_bottom = (bleed + height - spec.band_mm) * PT_PER_MM
        canvas.rect(0, band_bottom, (width + 2 * bleed) * PT_PER_MM,
                    (spec.band_mm + bleed) * PT_PER_MM, stroke=0, fill=1)
        canvas.setFillColor(self.painter.colours["reversed"])
        band_text = canvas.beginText((bleed + spec.margin_mm) * PT_PER_MM,
                                     band_bottom + (spec.band_mm / 2 - 1) * PT_PER_MM)
        band_text.setFont("Sans-Bold", spec.band_pt)  # reversed text: 9 pt bold at the least
        band_text.setCharSpace(1.6)
        band_text.textOut(self.band_title)
        band_text.setCharSpace(0)  # Tc outlives the text object: reset it for the label's text
        canvas.drawText(band_text)
        body_height = height - spec.band_mm - 5 - 2 * spec.margin_mm
        column = spec.qr_mm if artefact.image else 0.0  # the photo's column, above any QR code
        drawn = self.painter.draw(artefact, code, bleed + spec.margin_mm, bleed + spec.margin_mm,
                                  width - 2 * spec.margin_mm, body_height, "cut label", column)
        if drawn and code:
            self.qr_pages[self.pages] = (code.text,)
        if drawn and column:
            below = min(spec.qr_mm, body_height) + 3 if code else 0.0
            draw_thumbnail(canvas, self.ctx, artefact, (
                bleed + width - spec.margin_mm - column, bleed + spec.margin_mm + below,
                column, body_height - below))
        canvas.restoreState()
        self.draw_marks()
        canvas.showPage()
        self.pages += 1

    def draw_marks(self) -> None:
        from reportlab.lib.colors import CMYKColorSep

        canvas = self.canvas
        canvas.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All"))  # registration
        canvas.setLineWidth(self.ctx.press.mark_width_pt)
        for x0, y0, x1, y1, _ in self.marks:
            canvas.line(x0, y0, x1, y1)

    def finish(self) -> Output:
        warn_shrunk(self.painter, self.ctx.report, "cut label")
        self.canvas.save()
        pages, self.canvas, self.buffer = self.buffer.getvalue(), None, None  # free the pages
        size = self.spec.size_mm
        path = f"{FOLDER}/{self.spec.file_name.format(size=size_name(size))}"
        data = finish(pages, self.job, self.ctx.press, placed=True)
        return Output(path, NAME, "cut", size, self.bleed, self.pages, data,
                      qr_pages=self.qr_pages)


class SheetRun:
    """One office sheet preset: labels fill the die-cuts along the rows, sheet after sheet."""

    def __init__(self, ctx: BuildContext, sheet: Sheet, style: SheetStyle, words: dict[str, str]):
        self.ctx, self.sheet, self.style = ctx, sheet, style
        self.options = ctx.label_options
        self.title = f"{ctx.content.exhibition.title.fr} — étiquettes {sheet.code}"
        self.buffer = io.BytesIO()
        self.canvas = new_canvas(self.buffer, (A4[0] * PT_PER_MM, A4[1] * PT_PER_MM), self.title)
        self.painter = LabelPainter(self.canvas, ctx.palette, ctx.report, style.sizes,
                                    style.qr_mm, ctx.languages, words,
                                    max(style.padding_mm, 1.5), style.small_below_mm)
        self.slot = self.options.first_label - 1
        self.page = 0
        self.qr_pages: dict[int, tuple[str, ...]] = {}
        self.start_sheet()

    def start_sheet(self) -> None:
        if self.options.outline:
            draw_outlines(self.canvas, self.sheet, self.options.offset_mm,
                          self.painter.colours["outline"])

    def add(self, artefact: Artefact, code: QRCode | None) -> None:
        if self.slot == self.sheet.per_sheet:
            self.canvas.showPage()
            self.page += 1
            self.slot = 0
            self.start_sheet()
        x, y = self.sheet.origin(self.slot, self.options.offset_mm)
        if self.painter.draw(artefact, code, x, y, *self.sheet.label_mm,
                             f"{self.sheet.code} label") and code:
            self.qr_pages[self.page] = (*self.qr_pages.get(self.page, ()), code.text)
        self.slot += 1

    def finish(self) -> Output:
        warn_shrunk(self.painter, self.ctx.report, f"{self.sheet.code} label")
        self.canvas.showPage()
        self.canvas.save()
        pages, self.canvas, self.buffer = self.buffer.getvalue(), None, None  # free the pages
        name = self.style.file_name.format(code=self.sheet.code, size=size_name(A4))
        data = finish_office(pages, self.title, self.ctx.created)
        return Output(f"{FOLDER}/{name}", NAME, self.sheet.code, A4, 0, self.page + 1, data,
                      press=False, qr_pages=self.qr_pages)


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
