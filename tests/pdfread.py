"""Independent readings of a produced PDF: pikepdf for structure, pypdfium2 for text and pixels."""

from __future__ import annotations

import pikepdf
import pypdfium2

PT_PER_MM = 72 / 25.4


def box_mm(box) -> list[float]:
    return [float(v) / PT_PER_MM for v in box]


def size_mm(box) -> tuple[float, float]:
    x0, y0, x1, y1 = box_mm(box)
    return abs(x1 - x0), abs(y1 - y0)


def page_text(path, index: int = 0) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[index].get_textpage().get_text_range()
    finally:
        document.close()


def char_boxes(path, index: int = 0) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every printed character with its box in mm, in the page's own coordinates."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        text = document[index].get_textpage()
        out = []
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char.strip():
                left, bottom, right, top = text.get_charbox(i)
                out.append((char, tuple(v / PT_PER_MM for v in (left, bottom, right, top))))
        return out
    finally:
        document.close()


def render(path, index: int = 0, dpi: float = 50):
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[index]
        return page.render(scale=dpi / 72, may_draw_forms=False).to_pil().convert("RGB")
    finally:
        document.close()


def rgb_uses(pdf: pikepdf.Pdf) -> list[str]:
    """Every DeviceRGB use a printer's preflight would find."""
    found = []
    streams = list(pdf.pages) + [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                                 and o.get("/Subtype") == pikepdf.Name.Form]
    for stream in streams:
        for operands, operator in pikepdf.parse_content_stream(stream):
            if str(operator) in ("rg", "RG"):
                found.append(str(operator))
            if str(operator) in ("cs", "CS") and str(operands[0]) == "/DeviceRGB":
                found.append("cs /DeviceRGB")
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in ("/ColorSpace", "/CS"):
                if obj.get(key) == pikepdf.Name.DeviceRGB:
                    found.append(f"{key} /DeviceRGB in {obj.objgen}")
    return found


def fonts(pdf: pikepdf.Pdf) -> list[tuple[str, bool]]:
    """(name, embedded) for every font program the file uses."""
    out = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font \
                and str(obj.get("/Subtype")) not in ("/Type0", "/Type3"):
            descriptor = obj.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((str(obj.get("/BaseFont")), embedded))
    return out


def registration_strokes(pdf: pikepdf.Pdf, page) -> list[tuple[float, float, float, float]]:
    """Line segments stroked in a /Separation /All colour (crop and fold marks), in mm; its tint
    set by SCN, as ISO 32000-1 asks for a Separation."""
    spaces = page.obj.Resources.get("/ColorSpace", {})
    registration = {name for name, space in spaces.items()
                    if isinstance(space, pikepdf.Array) and str(space[0]) == "/Separation"
                    and str(space[1]) == "/All"}
    segments, active, depth, start = [], False, 0, None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            depth += 1
        elif op == "Q":
            depth -= 1
            active = False if depth == 0 else active
        elif op == "CS":
            active = str(operands[0]) in registration
        elif op == "SC" and active:  # SC is for device, CIE-based and Indexed spaces only
            raise AssertionError("the registration separation's tint is set with SC, not SCN")
        elif op == "cm" and active:
            raise AssertionError("marks are expected in default user space")
        elif op == "m" and active:
            start = [float(v) / PT_PER_MM for v in operands]
        elif op == "l" and active and start:
            end = [float(v) / PT_PER_MM for v in operands]
            segments.append((*start, *end))
    return segments
