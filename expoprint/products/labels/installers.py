"""The installers' list (`labels/liste-pose.pdf` and `.csv`): every label of this build in the order
the labels are hung, by room and position, and where each one is printed: the cut-label page and,
on each sheet file, the page and the slot (row and column, as an installer counts them).

Made from the same selection and the same `Sheet.place` the sheet runs draw with, and from the
files this build made, so the list always tells the truth about the files beside it (a
`--first-label` moves both). The PDF is an office document (A4 landscape, K only, fonts embedded,
its header repeated on each page); the CSV opens in French Excel (UTF-8 with BOM, `;`).
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ...content import Artefact
from ...press import PT_PER_MM, finish_office
from ...typography import typeset
from ..base import BuildContext, Output
from .choose import Selection
from .draw import FOLDER, NAME
from .spec import ListWords, Sheet

LANDSCAPE_A4 = (297.0, 210.0)
MARGIN_MM = 12.0
PADDING = 5.0  # pt, each side of a cell's text
FRAME_PADDING = 6.0  # pt: ReportLab's frames keep this inside each edge
MEASURED_TOGETHER = 300  # rows of the list measured in one table
NUMBER = re.compile(r"(\d+)")


def natural(text: str) -> tuple:
    """A sort key that reads numbers as numbers ("vitrine 10" after "vitrine 9"), with case and
    accents aside ("Étage" with "etage")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold().strip())
                    if not unicodedata.combining(c))
    # re.split with a group alternates text and digits, so each position holds one type.
    return tuple(int(piece) if index % 2 else piece
                 for index, piece in enumerate(NUMBER.split(plain)))


def hanging_order(artefacts: tuple[Artefact, ...]) -> list[tuple[int, Artefact]]:
    """(place in the file, artefact) by room then position; no room last, in the file's order;
    in a room, labels with no position after the others."""
    def key(item: tuple[int, Artefact]):
        index, artefact = item
        if not artefact.room:
            return (1, (), 1, (), index)
        position = artefact.position
        return (0, natural(artefact.room), 0 if position else 1, natural(position or ""), index)

    return sorted(enumerate(artefacts), key=key)


@dataclass(frozen=True)
class Printed:
    """Where one file of the build prints the labels: the cut labels, or one sheet preset."""

    path: str
    code: str  # "cut" or the sheet's code
    sheet: Sheet | None

    @property
    def name(self) -> str:
        """The file's name: the list lies beside it in labels/."""
        return self.path.rsplit("/", 1)[-1]


def build_list(ctx: BuildContext, words: ListWords, selection: Selection,
               printed: list[Printed]) -> list[Output]:
    """The list as a PDF and a CSV, beside the label files `printed`."""
    rows = []
    for number, (index, artefact) in enumerate(hanging_order(selection.artefacts), 1):
        places = []
        for where in printed:
            if where.sheet is None:
                places.append((index + 1, None, None))
            else:
                page, slot = where.sheet.place(index, ctx.label_options.first_label)
                places.append((page + 1, *where.sheet.row_column(slot)))
        rows.append((number, artefact, places))
    name = selection.file_name(f"{words.file_name}.pdf")
    base = f"{FOLDER}/{name.removesuffix('.pdf')}"
    pdf, pages = list_pdf(ctx, words, printed, rows)
    csv_data = list_csv(words, printed, rows)
    return [Output(f"{base}.pdf", NAME, words.file_name, LANDSCAPE_A4, 0, pages, pdf, use="office",
                   batch=selection.batch),
            Output.file(f"{base}.csv", NAME, words.file_name, csv_data, "office", "text/csv",
                        selection.batch)]


def slot_text(words: ListWords, place: tuple[int, int | None, int | None]) -> str:
    """"page 1" for a cut label; "page 1" then "ligne 3, colonne 2" on a sheet, on two lines."""
    page, row, column = place
    if row is None:
        return f"{words.page} {page}"
    return f"{words.page} {page}\n{words.row} {row}, {words.column} {column}"


def list_pdf(ctx: BuildContext, words: ListWords, printed: list[Printed],
             rows: list[tuple[int, Artefact, list]]) -> tuple[bytes, int]:
    from reportlab.lib.colors import CMYKColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    black, rule = CMYKColor(0, 0, 0, 1), CMYKColor(0, 0, 0, 0.45)
    header_ground, stripe, paper = CMYKColor(0, 0, 0, 0.14), CMYKColor(0, 0, 0, 0.05), \
        CMYKColor(0, 0, 0, 0)
    body = ParagraphStyle("body", fontName="Sans", fontSize=8, leading=10, textColor=black)
    bold = ParagraphStyle("bold", parent=body, fontName="Sans-Bold")
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.2)
    heading = ParagraphStyle("heading", parent=body, fontName="Sans-Bold", fontSize=15, leading=19)

    def paragraph(text: str, style=body) -> Paragraph:
        # ReportLab's markup: &, < and > escaped (html's escape, not xml.sax's: that one
        # imports urllib.request, 25 ms of every command)
        return Paragraph(html.escape(text, quote=False).replace("\n", "<br/>"), style)

    exhibition = ctx.content.exhibition.title.main
    title = f"{words.title} — {exhibition}"
    files = " · ".join(f"{words.cut if w.sheet is None else w.code} : {w.name}" for w in printed)
    story = [paragraph(title, heading), paragraph(words.count.format(count=len(rows))),
             paragraph(f"{words.files} : {files}", small), Spacer(0, 3 * PT_PER_MM)]

    usable = (LANDSCAPE_A4[0] - 2 * MARGIN_MM) * PT_PER_MM
    sheet_count = sum(w.sheet is not None for w in printed)
    fixed = [9, 28, 28, 34] + [16 if w.sheet is None else 29 for w in printed]
    widths = [w * PT_PER_MM for w in fixed]
    title_width = max(usable - sum(widths), 45 * PT_PER_MM)
    if sheet_count and usable - sum(widths) < 45 * PT_PER_MM:  # many sheets: narrower slot columns
        spare = usable - title_width - sum(widths[:4]) - 16 * PT_PER_MM
        widths = widths[:4] + [16 * PT_PER_MM if w.sheet is None else spare / sheet_count
                               for w in printed]
    widths.insert(4, title_width)

    def cell(text: str, column: int, style=body):
        """Plain text where it fits its column (fast: a thousand rows in a blink), a wrapping
        paragraph where it does not."""
        room = widths[column] - 2 * PADDING
        if all(stringWidth(line, style.fontName, style.fontSize) <= room for line in text.split("\n")):
            return text
        return paragraph(text, style)

    header = [words.number, words.room, words.position, words.id, words.label_title]
    header += [words.cut if w.sheet is None else w.code for w in printed]
    table_rows = [[cell(text, column, bold) for column, text in enumerate(header)]]
    for number, artefact, places in rows:
        line = [str(number), artefact.room or "—", artefact.position or "—", artefact.id,
                typeset(artefact.title.main, artefact.title.main_lang)]
        table_rows.append([cell(text, column) for column, text in enumerate(line)]
                          + [cell(slot_text(words, place), column, small)
                             for column, place in enumerate(places, len(line))])
    def style(first_row: int) -> list[tuple]:
        """The table's style; its stripes go on from `first_row` (1: the list's first row)."""
        stripes = [paper, stripe] if first_row % 2 else [stripe, paper]
        return [
            # Every font and colour named: ReportLab's defaults are Helvetica (not embedded) and RGB.
            ("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading),
            ("FONT", (0, 0), (-1, 0), bold.fontName, bold.fontSize, bold.leading),
            ("FONT", (5, 1), (-1, -1), small.fontName, small.fontSize, small.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), black),
            ("BACKGROUND", (0, 0), (-1, 0), header_ground),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), stripes),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, rule),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(black)
        canvas.setFont("Sans", 7.5)
        canvas.drawString(MARGIN_MM * PT_PER_MM, 7 * PT_PER_MM,
                          f"{title} — {words.page} {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=(LANDSCAPE_A4[0] * PT_PER_MM, LANDSCAPE_A4[1] * PT_PER_MM),
        leftMargin=MARGIN_MM * PT_PER_MM, rightMargin=MARGIN_MM * PT_PER_MM,
        topMargin=MARGIN_MM * PT_PER_MM, bottomMargin=14 * PT_PER_MM, title=title,
        invariant=1, pageCompression=1, enforceColorSpace="cmyk", initialFontName="Sans")
    room = doc.height - 2 * FRAME_PADDING  # the frame's, inside its paddings
    above = sum(flowable.wrap(doc.width - 2 * FRAME_PADDING, room)[1] for flowable in story)
    story += page_tables(table_rows, widths, style, room - above, room)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return finish_office(buffer.getvalue(), title, ctx.created), doc.page


def page_tables(rows: list[list], widths: list[float], style: Callable[[int], list[tuple]],
                first_room: float, room: float) -> list:
    """The list's table as one table a page, each with the header row, pages apart.

    ReportLab cuts one long table by building the rest of it again at each page, which grows
    as the square of the rows (3,000 labels: 1.4 s for the list alone). Here every row is
    measured once, by ReportLab, and the rows are dealt out by the same rule it cuts with: as
    many as fit under the header. `first_room` is the height left under the title. Rows are
    measured a few hundred at a time, under the header as on a page: ReportLab looks for each
    next row to measure from the start of the table."""
    from reportlab.platypus import PageBreak, Table

    heights = []
    for first in range(1, len(rows), MEASURED_TOGETHER):
        block = Table([rows[0], *rows[first:first + MEASURED_TOGETHER]], colWidths=widths,
                      style=style(1))
        block.wrap(sum(widths), float("inf"))
        heights += block._rowHeights[0 if first == 1 else 1:]
    pages, start, used, limit = [], 1, heights[0], first_room
    for index in range(1, len(rows)):
        if used + heights[index] > limit and index > start:
            pages.append((start, index))
            start, used, limit = index, heights[0], room
        used += heights[index]
    pages.append((start, len(rows)))
    story: list = []
    for start, end in pages:
        story += [PageBreak()] if story else []
        story.append(Table([rows[0], *rows[start:end]], colWidths=widths, repeatRows=1,
                           rowHeights=[heights[0], *heights[start:end]], style=style(start)))
    return story


def spreadsheet_cell(text: str) -> str:
    """A cell Excel shows as text: one starting like a formula would be run as one."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def list_csv(words: ListWords, printed: list[Printed], rows: list[tuple[int, Artefact, list]]) -> bytes:
    header = [words.number, words.room, words.position, words.id, words.label_title]
    for where in printed:
        header.append(f"{where.name} {words.page}")
        if where.sheet is not None:
            header += [f"{where.name} {words.row}", f"{where.name} {words.column}"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for number, artefact, places in rows:
        line = [str(number), artefact.room or "", artefact.position or "", artefact.id,
                artefact.title.main]
        for place in places:
            line += [str(value) for value in place if value is not None]
        writer.writerow([spreadsheet_cell(value) for value in line])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
