"""Faulty and hostile PDFs for the preflight, made with pikepdf (structure) and ReportLab (text).

Each maker returns the bytes of a small file. The bombs are built from repeated zlib blocks, so a
100 MB content stream or a 1.6 GB image costs kilobytes and milliseconds to make.
"""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

A4 = (595, 842)
NAVY = CMYKColor(1, 0.8, 0.25, 0.35)
WHITE = CMYKColor(0, 0, 0, 0)


def save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def one_page(content: bytes = b"", resources: dict | None = None) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A4)
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    page.obj.Resources = pikepdf.Dictionary(resources or {})
    return pdf


def page_with(content: bytes, resources: dict | None = None) -> bytes:
    return save(one_page(content, resources))


def helvetica(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))


def repeated_flate(chunk: bytes, times: int, adler: int | None = None) -> bytes:
    """zlib data for `chunk` repeated `times`, made from one compressed block repeated."""
    engine = zlib.compressobj(9)
    first = engine.compress(chunk) + engine.flush(zlib.Z_FULL_FLUSH)
    again = engine.compress(chunk) + engine.flush(zlib.Z_FULL_FLUSH)
    tail = engine.flush(zlib.Z_FINISH)
    if adler is None:
        adler = 1
        for _ in range(times):
            adler = zlib.adler32(chunk, adler)
    return first + again * (times - 1) + tail[:-4] + struct.pack(">I", adler)


def flate_stream(pdf: pikepdf.Pdf, compressed: bytes, **keys) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(compressed, filter=pikepdf.Name.FlateDecode)
    for key, value in keys.items():
        stream[f"/{key}"] = value
    return stream


# --- structure that is wrong ---------------------------------------------------------------------

def open_action_destination() -> bytes:
    """Legal: the document opens on page 1, fitted. A destination, not an action."""
    pdf = one_page(b"0 0 0 1 k 10 10 100 100 re f")
    pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
    return save(pdf)


def trimbox_of_three_numbers() -> bytes:
    pdf = one_page()
    pdf.pages[0].obj.TrimBox = pikepdf.Array([0, 0, 100])
    return save(pdf)


BAD_OPERATORS = {
    "strings for cm": (b"(a) (b) (c) (d) (e) (f) cm", "operator `cm` with 6 strings"),
    "Tf without size": (b"BT /F1 Tf (x) Tj ET", "operator `Tf` with 1 name"),
    "bare m": (b"m 10 10 l S", "operator `m` with no operands"),
    "name for Tr": (b"BT /Foo Tr ET", "operator `Tr` with 1 name"),
    "1e400": (b"1e400 0 0 1 0 0 cm", "operator `cm` with `1e400`, not a PDF number"),
}


def bad_operator(content: bytes) -> bytes:
    pdf = one_page(content)
    pdf.pages[0].obj.Resources.Font = pikepdf.Dictionary(F1=helvetica(pdf))
    return save(pdf)


def output_intents(value) -> bytes:
    pdf = one_page(b"0 0 0 1 k 10 10 100 100 re f")
    pdf.Root.OutputIntents = value
    return save(pdf)


def image_with_width(width) -> bytes:
    pdf = one_page(b"q 100 0 0 100 50 50 cm /Im0 Do Q")
    image = pdf.make_stream(bytes(4 * 10 * 10), Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Image, Width=width, Height=10,
                            ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8)
    pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(Im0=image)
    return save(pdf)


def icc_with_n(n) -> bytes:
    pdf = one_page(b"/CS0 cs 0.5 sc 10 10 100 100 re f")
    profile = pdf.make_stream(b"not really a profile", N=n)
    pdf.pages[0].obj.Resources.ColorSpace = pikepdf.Dictionary(
        CS0=pikepdf.Array([pikepdf.Name.ICCBased, profile]))
    return save(pdf)


# --- tiny files that ask for a lot ---------------------------------------------------------------

def self_drawing_form(calls: int = 4) -> bytes:
    """A form XObject that draws itself `calls` times: endless, and exponential for a renderer."""
    pdf = one_page(b"/Fm0 Do")
    form = pdf.make_stream(b"0.5 0 0 0.5 0 0 cm " + b"/Fm0 Do " * calls + b"0 0 10 10 re f",
                           Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 595, 842])
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form))
    pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(Fm0=form)
    return save(pdf)


def content_bomb(megabytes: int = 100) -> bytes:
    """About 250 KB that inflate to `megabytes` MB of content."""
    chunk = b"q 1 0 0 1 0 0 cm Q\n" * (2**20 // 19)
    pdf = one_page()
    pdf.pages[0].obj.Contents = flate_stream(pdf, repeated_flate(chunk, megabytes))
    return save(pdf)


def giant_image(side: int = 20_000) -> bytes:
    """A CMYK image of side × side pixels (1.6 GB decoded at 20,000) in about 1.5 MB."""
    row = side * 4
    adler = (row * side % 65521) << 16 | 1  # adler-32 of zeros
    pdf = one_page(b"q 500 0 0 500 40 40 cm /Im0 Do Q")
    image = flate_stream(pdf, repeated_flate(bytes(row), side, adler),
                         Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=side,
                         Height=side, ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8)
    pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(Im0=image)
    return save(pdf)


def many_pages(count: int = 100_000) -> bytes:
    """`count` pages sharing one content stream, written out directly: pikepdf would take
    seconds to build as many page objects, and the file is the same."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
               + b"] /Count %d >>" % count,
               b"<< /Length 30 >>\nstream\n0 0 0 1 K 10 10 m 100 100 l S\nendstream"]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R " \
           b"/Resources << >> >>"
    objects += [page] * count
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def huge_media() -> bytes:
    pdf = one_page(b"0 0 0 1 k 10 10 100 100 re f")
    pdf.pages[0].obj.MediaBox = pikepdf.Array([0, 0, 10_000_000, 10_000_000])
    return save(pdf)


# --- JavaScript wherever it can hide -------------------------------------------------------------

def javascript(place: str) -> bytes:
    pdf = one_page(b"0 0 0 1 k 10 10 100 100 re f")
    page = pdf.pages[0].obj
    script = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                  JS=pikepdf.String("app.alert('hi')")))
    if place == "page AA":
        page.AA = pikepdf.Dictionary(O=script)
    elif place == "catalog AA":
        pdf.Root.AA = pikepdf.Dictionary(WC=script)
    elif place == "link A":
        page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[10, 10, 50, 50],
            A=script))]))
    elif place == "widget AA":
        widget = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, Rect=[10, 10, 50, 50],
            FT=pikepdf.Name.Tx, T=pikepdf.String("name"), AA=pikepdf.Dictionary(K=script)))
        page.Annots = pikepdf.Array([widget])
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([widget]))
    elif place == "OpenAction Next":
        goto = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([page, pikepdf.Name.Fit]),
                                  Next=pdf.make_indirect(pikepdf.Dictionary(
                                      S=pikepdf.Name.GoTo, D=pikepdf.Array([page, pikepdf.Name.Fit]),
                                      Next=pikepdf.Array([script]))))
        pdf.Root.OpenAction = goto
    elif place == "Next cycle":
        first = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.GoTo,
                                                     D=pikepdf.Array([page, pikepdf.Name.Fit])))
        second = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.GoTo, Next=first,
                                                      D=pikepdf.Array([page, pikepdf.Name.Fit])))
        first.Next = second
        pdf.Root.OpenAction = first
    return save(pdf)


# --- text a printer would warn about (ReportLab, CMYK) -------------------------------------------

def text_page(draw, font: str = "Lato-Regular") -> bytes:
    """A page drawn by `draw(canvas)`; `font` is the one the canvas starts with (ReportLab
    selects it on every page, so Helvetica, unembedded, would be in every file)."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(160 * mm, 222 * mm), initialFontName=font)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def register_fonts() -> None:
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = Path(__file__).resolve().parent.parent / "expoprint" / "fonts"
    for name in ("Lato-Regular", "Lato-Light", "Lato-Bold"):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fonts / f"{name}.ttf")))


def text_on(ground, colour, size: float, font: str = "Lato-Regular",
            text: str = "Entrée libre tous les jours") -> bytes:
    """One line of text in `colour` at `size`, on a rectangle of `ground` (None: the paper)."""
    register_fonts()

    def draw(canvas):
        if ground is not None:
            canvas.setFillColor(ground)
            canvas.rect(20 * mm, 90 * mm, 120 * mm, 30 * mm, fill=1, stroke=0)
        canvas.setFillColor(colour)
        canvas.setFont(font, size)
        canvas.drawString(25 * mm, 100 * mm, text)

    return text_page(draw)
