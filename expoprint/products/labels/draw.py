"""Drawing labels with ReportLab's canvas: one painter for a label's QR code and text, one run for
the press-cut labels (a page each, with bleed and marks), one run per office sheet preset.

A run is fed artefact by artefact and compresses each finished page at once, so memory stays flat
however long the run.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

from ...content import Artefact
from ...errors import Report
from ...i18n import _
from ...images.thumbnail import draw_thumbnail
from ...press import PT_PER_MM, PressJob, finish, finish_office, geometry, marks_stream
from ...qr import MIN_MODULE_MM, QUIET_ZONE, QRCode
from ...readability import Measure, Rules, layout_warnings, x_height
from ...typography import typeset
from ..base import BuildContext, Output, size_name
from .choose import Selection
from .spec import A4, CutSpec, Sheet, SheetStyle, Sizes
from .text import FONTS, LEADING, Placed, fit, label_blocks

NAME = "labels"
FOLDER = "labels"
SINGLE_INK_BELOW_PT = 12  # smaller text prints in one ink
STATIC_ART = "static"  # the cut labels' form: what every page shows
REGISTRATION = "All"  # the separation crop marks print in, on every plate


def label_of(variant: str) -> str:
    """A labels file's label in the words of a message: "the cut label", "the L7165 label"."""
    return _("the cut label") if variant == "cut" else _("the {sheet} label").format(sheet=variant)


class LabelPainter:
    """Draws one label's QR code and fitted text in a box; shared by cut labels and sheets."""

    def __init__(self, canvas, palette, report: Report, sizes: Sizes, qr_mm: float,
                 languages: tuple[str, ...], words: dict[str, str], padding_mm: float,
                 small_below_mm: float | None, fonts: Path):
        from reportlab.lib.colors import CMYKColor

        self.canvas = canvas
        self.colours = {name: CMYKColor(*cmyk) for name, cmyk in palette.items()}
        self.report, self.sizes, self.qr_mm = report, sizes, qr_mm
        self.languages, self.words, self.padding = languages, words, padding_mm
        self.small_below, self.fonts = small_below_mm, fonts
        self.shrunk: list[tuple[Artefact, float]] = []
        self.measures: list[Measure] = []  # each label as drawn, for the readability check

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
            self.report.error(artefact.source, artefact.line, artefact.field("url"),
                              _("its address ({length} characters) needs a QR code of {modules} "
                                "modules: {module:.2f} mm each on the {side:.0f} mm {where} allows "
                                "(at least {minimum} mm)").format(
                                  length=len(code.text), modules=code.total_modules, module=module,
                                  side=side, where=where, minimum=MIN_MODULE_MM),
                              _("shorten the address, e.g. with a short link"))
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
                              artefact.field(longest.field),
                              _("does not fit {where} even at the smallest size ({size:g} pt)").format(
                                  where=where, size=getattr(self.sizes, longest.role)[1]),
                              _("shorten the text of this artefact"))
            return False
        placed, placed_footer, scale = fitted
        if scale < 0.999:
            self.shrunk.append((artefact, scale))
        self.measures.append(self.measure(artefact, placed + placed_footer, code,
                                          side if code else 0.0))
        top = (y_mm + h_mm - pad) * PT_PER_MM
        left = (x_mm + pad) * PT_PER_MM
        self.draw_blocks(placed, left, top)
        footer_height = sum(p.height for p in placed_footer)
        self.draw_blocks(placed_footer, left, (y_mm + pad) * PT_PER_MM + footer_height)
        return True

    def measure(self, artefact: Artefact, placed: list[Placed], code: QRCode | None,
                side_mm: float) -> Measure:
        """What the readability check reads of a drawn label: its body text's lines, its
        smallest type, its QR code's symbol (the quiet zone left out) and module."""
        body = [len(line) for item in placed if item.block.field.startswith("description")
                for line in item.lines]
        smallest = min(placed, key=lambda item: item.size * x_height(self.fonts / FONTS[
            item.block.font]))
        module = code.module_mm(side_mm) if code else 0.0
        symbol = module * (code.total_modules - 2 * QUIET_ZONE) if code else 0.0
        return Measure(artefact, tuple(body), smallest.size,
                       x_height(self.fonts / FONTS[smallest.block.font]), symbol, module)

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
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # compressed streams stay binary: ASCII85 only adds 25 % and time
    canvas = Canvas(buffer, pagesize=page_pt, enforceColorSpace="sep_cmyk", invariant=True,
                    pageCompression=1, initialFontName="Sans", initialFontSize=10)
    canvas.setTitle(title)

    def compress_finished_page(_number: int) -> None:
        page = canvas._doc.Pages.pages[-1]
        text = page.stream.encode("utf-8") if isinstance(page.stream, str) else page.stream
        # The filter as a name, not ReportLab's one-element array: qpdf recompresses a stream
        # filtered by an array when pikepdf saves, 0.14 s for a thousand pages.
        page.Contents = PDFStream(PDFDictionary({"Filter": PDFName("FlateDecode")}),
                                  content=zlib.compress(text))
        page.stream = None

    canvas.setPageCallBack(compress_finished_page)
    return canvas


# --- the outputs: one cut-label run and one run per sheet preset, fed artefact by artefact ------

class CutRun:
    """Press-cut labels: one page per artefact, drawn at bleed size for the press finishing."""

    def __init__(self, ctx: BuildContext, spec: CutSpec, words: dict[str, str],
                 selection: Selection, rules: Rules | None = None):
        self.ctx, self.spec, self.selection, self.rules = ctx, spec, selection, rules
        self.bleed = ctx.press.bleed_mm
        title = ctx.content.exhibition.title.main
        self.job = PressJob(title=f"{title} — cartels {size_name(spec.size_mm)}",
                            trim_mm=spec.size_mm, bleed_mm=self.bleed, created=ctx.created)
        self.geometry = geometry(self.job, ctx.press)
        self.marks = marks_stream(self.job, ctx.press, space=REGISTRATION).decode()
        self.buffer = io.BytesIO()
        self.canvas = new_canvas(self.buffer, self.geometry.media, self.job.title)
        self.canvas.setBleedBox(self.geometry.bleed_box)
        self.canvas.setTrimBox(self.geometry.trim_box)
        self.painter = LabelPainter(self.canvas, ctx.palette, ctx.report, spec.sizes, spec.qr_mm,
                                    ctx.languages, words, 0, None, ctx.fonts)
        self.pages = 0
        self.qr_pages: dict[int, tuple[str, ...]] = {}
        self.page_artefacts: dict[int, tuple[str, ...]] = {}
        self.draw_static_art(typeset(title, ctx.main_language).upper())

    def draw_static_art(self, band_title: str) -> None:
        """The band with the exhibition's title, the same on every page: drawn once, as a
        form each page shows (with the marks written once, a tenth of a run's drawing time)."""
        canvas, spec, bleed = self.canvas, self.spec, self.bleed
        width, height = spec.size_mm
        canvas.beginForm(STATIC_ART)
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
        band_text.textOut(band_title)
        canvas.drawText(band_text)
        canvas.restoreState()
        canvas.endForm()  # ReportLab's forms name no colour space: the marks are drawn on pages

    def add(self, artefact: Artefact, code: QRCode | None) -> None:
        """One page: the band and the marks, then the label drawn at bleed size, moved into
        the media."""
        canvas, spec, bleed = self.canvas, self.spec, self.bleed
        width, height = spec.size_mm
        canvas.doForm(STATIC_ART)
        canvas.saveState()
        canvas.translate(self.geometry.slug, self.geometry.slug)
        body_height = height - spec.band_mm - 5 - 2 * spec.margin_mm
        column = spec.qr_mm if artefact.image else 0.0  # the photo's column, above any QR code
        drawn = self.painter.draw(artefact, code, bleed + spec.margin_mm, bleed + spec.margin_mm,
                                  width - 2 * spec.margin_mm, body_height, label_of("cut"), column)
        if drawn and code:
            self.qr_pages[self.pages] = (code.text,)
        if drawn and column:
            below = min(spec.qr_mm, body_height) + 3 if code else 0.0
            draw_thumbnail(canvas, self.ctx, artefact, (
                bleed + width - spec.margin_mm - column, bleed + spec.margin_mm + below,
                column, body_height - below))
        self.page_artefacts[self.pages] = (artefact.id,)
        canvas.restoreState()
        self.draw_marks()
        canvas.showPage()
        self.pages += 1

    def draw_marks(self) -> None:
        """The marks, written once for the run: the stroke colour only names the registration
        separation in this page's resources."""
        from reportlab.lib.colors import CMYKColorSep

        self.canvas.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName=REGISTRATION))
        self.canvas.addLiteral(self.marks)

    def finish(self) -> Output:
        warn_shrunk(self.painter, self.ctx.report, label_of("cut"),
                    cut_path(self.spec, self.selection))
        if self.rules:
            layout_warnings(self.painter.measures, "cut", self.rules, label_of("cut"),
                            cut_path(self.spec, self.selection), self.ctx.report)
        self.canvas.save()
        pages, self.canvas, self.buffer = self.buffer.getvalue(), None, None  # free the pages
        data = finish(pages, self.job, self.ctx.press, placed=True)
        return Output(cut_path(self.spec, self.selection), NAME, "cut", self.spec.size_mm,
                      self.bleed, self.pages, data,
                      qr_pages=self.qr_pages, page_artefacts=self.page_artefacts,
                      batch=self.selection.batch)


class SheetRun:
    """One office sheet preset: labels fill the die-cuts along the rows, sheet after sheet."""

    def __init__(self, ctx: BuildContext, sheet: Sheet, style: SheetStyle, words: dict[str, str],
                 selection: Selection, rules: Rules | None = None):
        self.ctx, self.sheet, self.style, self.selection = ctx, sheet, style, selection
        self.rules = rules
        self.options = ctx.label_options
        self.title = f"{ctx.content.exhibition.title.main} — étiquettes {sheet.code}"
        self.buffer = io.BytesIO()
        self.canvas = new_canvas(self.buffer, (A4[0] * PT_PER_MM, A4[1] * PT_PER_MM), self.title)
        self.painter = LabelPainter(self.canvas, ctx.palette, ctx.report, style.sizes,
                                    style.qr_mm, ctx.languages, words,
                                    max(style.padding_mm, 1.5), style.small_below_mm, ctx.fonts)
        self.count = 0  # labels drawn so far
        self.page = 0
        self.qr_pages: dict[int, tuple[str, ...]] = {}
        self.page_artefacts: dict[int, tuple[str, ...]] = {}
        self.start_sheet()

    def start_sheet(self) -> None:
        if self.options.outline:
            draw_outlines(self.canvas, self.sheet, self.options.offset_mm,
                          self.painter.colours["outline"])

    def add(self, artefact: Artefact, code: QRCode | None) -> None:
        page, slot = self.sheet.place(self.count, self.options.first_label)
        while self.page < page:
            self.canvas.showPage()
            self.page += 1
            self.start_sheet()
        x, y = self.sheet.origin(slot, self.options.offset_mm)
        if self.painter.draw(artefact, code, x, y, *self.sheet.label_mm,
                             label_of(self.sheet.code)) and code:
            self.qr_pages[page] = (*self.qr_pages.get(page, ()), code.text)
        self.page_artefacts[page] = (*self.page_artefacts.get(page, ()), artefact.id)
        self.count += 1

    def finish(self) -> Output:
        warn_shrunk(self.painter, self.ctx.report, label_of(self.sheet.code),
                    sheet_path(self.style, self.sheet, self.selection))
        if self.rules:
            layout_warnings(self.painter.measures, "sheet", self.rules,
                            label_of(self.sheet.code),
                            sheet_path(self.style, self.sheet, self.selection), self.ctx.report)
        self.canvas.showPage()
        self.canvas.save()
        pages, self.canvas, self.buffer = self.buffer.getvalue(), None, None  # free the pages
        data = finish_office(pages, self.title, self.ctx.created)
        return Output(sheet_path(self.style, self.sheet, self.selection), NAME, self.sheet.code, A4,
                      0, self.page + 1, data, press=False, qr_pages=self.qr_pages,
                      page_artefacts=self.page_artefacts, batch=self.selection.batch)


def cut_path(spec: CutSpec, selection: Selection) -> str:
    return f"{FOLDER}/" + selection.file_name(spec.file_name.format(size=size_name(spec.size_mm)))


def sheet_path(style: SheetStyle, sheet: Sheet, selection: Selection) -> str:
    return f"{FOLDER}/" + selection.file_name(style.file_name.format(code=sheet.code,
                                                                     size=size_name(A4)))


def draw_outlines(canvas, sheet: Sheet, offset: tuple[float, float], colour) -> None:
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.3)
    for slot in range(sheet.per_sheet):
        x, y = sheet.origin(slot, offset)
        canvas.roundRect(x * PT_PER_MM, y * PT_PER_MM, sheet.label_mm[0] * PT_PER_MM,
                         sheet.label_mm[1] * PT_PER_MM, sheet.corner_mm * PT_PER_MM)


def warn_shrunk(painter: LabelPainter, report: Report, where: str, output: str) -> None:
    """Each label whose text was set smaller, placed on its artefact and its file (`output`)."""
    for artefact, scale in painter.shrunk:
        report.warn(artefact.source, artefact.line, artefact.field(),
                    _("text shrunk to {percent:.0f} % of its preferred size to fit {where}").format(
                        percent=scale * 100, where=where),
                    _("shorten the text, or accept the smaller type"),
                    artefact=artefact.id, output=output)

