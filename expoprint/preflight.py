"""Preflight: what a printer's prepress check would reject, for any PDF, ours or not.

Structure comes from pikepdf (boxes, fonts, colour spaces, output intent, metadata); a small
content-stream interpreter follows the graphics state to measure what is drawn (text size, image
resolution at placed size, ink, crop marks); pypdfium2 renders pages and extracts text; zxing-cpp
reads the QR codes. `build` runs the same checks on what it made, sampling pages on long runs.

Problem codes are stable (README lists them): no-trimbox, no-bleed, marks-in-bleed, no-crop-marks,
font-not-embedded, rgb-colour, no-output-intent, not-pdfx4, low-resolution-image, ink-coverage,
text-too-small, qr-unreadable, qr-too-small, placeholder, javascript, encrypted, not-a-pdf, damaged.
"""

from __future__ import annotations

import io
import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .content import PLACEHOLDER_RE
from .errors import Report

PT_PER_MM = 72 / 25.4
MIN_BLEED_MM = 3.0
MIN_TEXT_PT = 6.0
MAX_INK = 3.0
MIN_MODULE_MM = 0.4
MIN_QR_MM = 10.0
PPI_ERROR, PPI_WARNING = 150, 300
NAMED_FORMATS = {
    "A6": (105, 148), "A5": (148, 210), "A4": (210, 297), "A3": (297, 420), "A2": (420, 594),
    "A1": (594, 841), "A0": (841, 1189), "DL": (99, 210), "40x60cm": (400, 600),
    "120x176cm": (1200, 1760),
}


@dataclass
class Finding:
    severity: str
    code: str
    page: int | None
    message: str


@dataclass
class FileReport:
    path: str
    ok: bool = True
    pages: int = 0
    problems: list[Finding] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)  # per page: trim, format, bleed, QR codes
    document: dict = field(default_factory=dict)  # output intent, PDF/X version, fonts

    def add(self, severity: str, code: str, page: int | None, message: str) -> None:
        self.problems.append(Finding(severity, code, page, message))
        if severity == "error":
            self.ok = False


# --- a small content-stream interpreter -------------------------------------------------------

def multiply(a: list[float], b: list[float]) -> list[float]:
    """PDF matrices [a b c d e f]: the result applies a, then b."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


@dataclass
class Drawn:
    text_sizes: list[float] = field(default_factory=list)
    strokes: list[tuple[float, float, float, float, bool]] = field(default_factory=list)
    images: list[tuple[str, object, float, float]] = field(default_factory=list)  # name, image, w, h
    max_ink: float = 0.0
    rgb: list[str] = field(default_factory=list)


def colour_space_kind(resources, name: str) -> str:
    """'cmyk', 'rgb', 'gray', 'registration' or 'other' for a named or device colour space."""
    import pikepdf

    if name in ("/DeviceCMYK", "/CMYK"):
        return "cmyk"
    if name in ("/DeviceRGB", "/RGB", "/CalRGB"):
        return "rgb"
    if name in ("/DeviceGray", "/G", "/CalGray"):
        return "gray"
    spaces = resources.get("/ColorSpace") if resources is not None else None
    space = spaces.get(name) if isinstance(spaces, pikepdf.Dictionary) else None
    return describe_space(space)


def describe_space(space) -> str:
    import pikepdf

    if space is None:
        return "other"
    if isinstance(space, pikepdf.Name):
        return colour_space_kind(None, str(space))
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family == "/ICCBased":
            n = int(space[1].get("/N", 0))
            return {1: "gray", 3: "rgb", 4: "cmyk"}.get(n, "other")
        if family == "/Separation":
            return "registration" if str(space[1]) == "/All" else "spot"
        if family == "/Indexed":
            return describe_space(space[1])
        if family == "/DeviceN":
            return "spot"
        if family in ("/CalRGB", "/Lab"):
            return "rgb" if family == "/CalRGB" else "other"
    return "other"


def interpret(page, resources=None, ctm=None, drawn: Drawn | None = None, depth: int = 0) -> Drawn:
    """Follow q/Q/cm, text state, paths and XObjects far enough to measure what prints."""
    import pikepdf

    drawn = drawn or Drawn()
    resources = resources if resources is not None else page.obj.get("/Resources")
    ctm = ctm or [1, 0, 0, 1, 0, 0]
    stack: list[list[float]] = []
    tm = [1, 0, 0, 1, 0, 0]
    line = [1, 0, 0, 1, 0, 0]
    font_size, leading, rise_scale, render_mode = 0.0, 0.0, 1.0, 0
    path: list[tuple[float, float, float, float]] = []
    current = (0.0, 0.0)
    fill_space = stroke_space = "gray"
    try:
        instructions = pikepdf.parse_content_stream(page)
    except pikepdf.PdfError:
        return drawn
    for operands, operator in instructions:
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = multiply([float(v) for v in operands], ctm)
        elif op == "BT":
            tm, line = [1, 0, 0, 1, 0, 0], [1, 0, 0, 1, 0, 0]
        elif op == "Tf":
            font_size = float(operands[1])
        elif op == "Tz":
            rise_scale = float(operands[0]) / 100
        elif op == "TL":
            leading = float(operands[0])
        elif op == "Tr":
            render_mode = int(operands[0])
        elif op == "Tm":
            tm = line = [float(v) for v in operands]
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            if op == "TD":
                leading = -ty
            tm = line = multiply([1, 0, 0, 1, tx, ty], line)
        elif op in ("T*", "'", '"'):
            tm = line = multiply([1, 0, 0, 1, 0, -leading], line)
        if op in ("Tj", "TJ", "'", '"') and render_mode != 3:
            m = multiply(tm, ctm)
            drawn.text_sizes.append(abs(font_size) * math.hypot(m[2], m[3]) * min(1, rise_scale))
        elif op in ("cs", "CS"):
            kind = colour_space_kind(resources, str(operands[0]))
            if op == "cs":
                fill_space = kind
            else:
                stroke_space = kind
            if kind == "rgb":
                drawn.rgb.append(f"colour space {operands[0]}")
        elif op in ("rg", "RG"):
            drawn.rgb.append(f"RGB colour operator {op}")
        elif op in ("k", "K"):
            drawn.max_ink = max(drawn.max_ink, sum(float(v) for v in operands))
        elif op in ("sc", "scn", "SC", "SCN"):
            space = fill_space if op in ("sc", "scn") else stroke_space
            if space == "cmyk" and len(operands) == 4:
                drawn.max_ink = max(drawn.max_ink, sum(float(v) for v in operands))
        elif op == "m":
            current = apply(ctm, float(operands[0]), float(operands[1]))
        elif op == "l":
            point = apply(ctm, float(operands[0]), float(operands[1]))
            path.append((*current, *point))
            current = point
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            corners = [apply(ctm, x, y), apply(ctm, x + w, y), apply(ctm, x + w, y + h),
                       apply(ctm, x, y + h)]
            path += [(*a, *b) for a, b in zip(corners, corners[1:] + corners[:1], strict=True)]
        elif op in ("S", "s", "B", "B*", "b", "b*"):  # every painting operator that strokes
            registration = stroke_space == "registration"
            drawn.strokes += [(*segment, registration) for segment in path]
            path = []
        elif op in ("f", "F", "f*", "n"):
            path = []
        elif op == "Do" and depth < 8:
            xobjects = resources.get("/XObject") if resources is not None else None
            xobject = xobjects.get(str(operands[0])) if xobjects is not None else None
            if xobject is None:
                continue
            subtype = xobject.get("/Subtype")
            if subtype == pikepdf.Name.Image:
                width_pt = math.hypot(ctm[0], ctm[1])
                height_pt = math.hypot(ctm[2], ctm[3])
                drawn.images.append((str(operands[0]), xobject, width_pt, height_pt))
                check_image(xobject, drawn)
            elif subtype == pikepdf.Name.Form:
                form_matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                interpret(xobject, xobject.get("/Resources", resources),
                          multiply(form_matrix, ctm), drawn, depth + 1)
    return drawn


def check_image(image, drawn: Drawn) -> None:
    space = describe_space(image.get("/ColorSpace"))
    if space == "rgb":
        drawn.rgb.append("RGB image")
    elif space == "cmyk":
        drawn.max_ink = max(drawn.max_ink, image_max_ink(image))


def image_max_ink(image) -> float:
    """The highest C+M+Y+K of a CMYK image, read on a copy of at most 256 px a side."""
    import pikepdf

    try:
        picture = pikepdf.PdfImage(image).as_pil_image()
    except Exception:  # an image pikepdf cannot decode is judged by its resolution only
        return 0.0
    if picture.mode != "CMYK":
        return 0.0
    # An Adobe CMYK JPEG stores its inks inverted and its /Decode says so for PDF readers;
    # Pillow has already turned them back when it decoded the JPEG: invert only what it did not.
    inverted = image.get("/Decode") is not None and float(image.Decode[0]) == 1 \
        and "adobe" not in picture.info
    picture.thumbnail((256, 256))
    raw = picture.tobytes()  # C, M, Y, K bytes, pixel after pixel
    top = max((sum(raw[i:i + 4]) for i in range(0, len(raw), 4)), default=0) / 255
    return 4 - top if inverted else top


# --- the checks --------------------------------------------------------------------------------

def box_mm(box) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) / PT_PER_MM for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def named_format(width: float, height: float) -> str | None:
    for name, (w, h) in NAMED_FORMATS.items():
        if abs(width - w) <= 1 and abs(height - h) <= 1:
            return name
        if abs(width - h) <= 1 and abs(height - w) <= 1:
            return f"{name} landscape"
    return None


def check_boxes(page, number: int, report: FileReport, press: bool) -> dict:
    media = box_mm(page.mediabox)
    facts: dict = {"page": number, "media_mm": [round(media[2] - media[0], 2),
                                                 round(media[3] - media[1], 2)]}
    if "/TrimBox" not in page.obj:
        if press:
            report.add("error", "no-trimbox", number,
                       "no TrimBox: the printer cannot know the finished size")
        return facts
    trim = box_mm(page.obj.TrimBox)
    width, height = trim[2] - trim[0], trim[3] - trim[1]
    facts["trim_mm"] = [round(width, 2), round(height, 2)]
    facts["format"] = named_format(round(width), round(height))
    bleed = box_mm(page.obj.BleedBox) if "/BleedBox" in page.obj else trim
    sides = {"left": trim[0] - bleed[0], "bottom": trim[1] - bleed[1],
             "right": bleed[2] - trim[2], "top": bleed[3] - trim[3]}
    facts["bleed_mm"] = {side: round(value, 2) for side, value in sides.items()}
    short = [f"{side} {value:.1f} mm" for side, value in sides.items()
             if value < MIN_BLEED_MM - 0.05]
    if press and short:
        report.add("error", "no-bleed", number,
                   f"bleed under {MIN_BLEED_MM:g} mm: " + ", ".join(short))
    facts["_trim"], facts["_bleed"] = trim, bleed
    return facts


def check_marks(drawn: Drawn, facts: dict, number: int, report: FileReport) -> None:
    """Crop marks are short strokes outside the trim; none may enter the bleed."""
    if "_trim" not in facts:
        return
    trim, bleed = facts["_trim"], facts["_bleed"]
    marks_found = False
    for x0, y0, x1, y1, _registration in drawn.strokes:
        x0, y0, x1, y1 = (v / PT_PER_MM for v in (x0, y0, x1, y1))
        length = math.hypot(x1 - x0, y1 - y0)
        axis_aligned = abs(x1 - x0) < 0.01 or abs(y1 - y0) < 0.01
        inside_trim = all(trim[0] - 0.01 <= x <= trim[2] + 0.01 for x in (x0, x1)) and all(
            trim[1] - 0.01 <= y <= trim[3] + 0.01 for y in (y0, y1))
        if not axis_aligned or length > 20 or inside_trim:
            continue
        on_trim_line = any(abs(v - edge) < 0.05 for v in (x0, y0) for edge in trim)
        if not on_trim_line:
            continue
        marks_found = True
        in_bleed = any(
            bleed[0] + 0.01 < x < bleed[2] - 0.01 and bleed[1] + 0.01 < y < bleed[3] - 0.01
            for x, y in ((x0, y0), (x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2)))
        if in_bleed:
            report.add("error", "marks-in-bleed", number,
                       "a crop mark is drawn inside the bleed and would print on the cut edge")
            return
    if not marks_found and facts["media_mm"] != facts.get("trim_mm"):
        report.add("warning", "no-crop-marks", number, "no crop marks found outside the bleed")


def font_objects(pdf, pages: list[int] | None):
    """Font dictionaries of the whole file, or of the sampled pages (and their forms) only."""
    import pikepdf

    if pages is None:
        yield from pdf.objects
        return

    def walk(resources, depth=0):
        if not isinstance(resources, pikepdf.Dictionary) or depth > 8:
            return
        yield from (resources.get("/Font") or {}).values()
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == pikepdf.Name.Form:
                yield from walk(xobject.get("/Resources"), depth + 1)

    for index in pages:
        for font in walk(pdf.pages[index].obj.get("/Resources")):
            yield font
            yield from font.get("/DescendantFonts", [])


def check_fonts(pdf, report: FileReport, pages: list[int] | None = None) -> list[dict]:
    import pikepdf

    fonts, seen = [], set()
    for obj in font_objects(pdf, pages):
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != pikepdf.Name.Font:
            continue
        subtype = str(obj.get("/Subtype", ""))
        if subtype in ("/Type0", "/Type3") or obj.objgen in seen:
            continue  # Type0 fonts are checked through their descendant; Type3 carry glyphs
        seen.add(obj.objgen)
        name = str(obj.get("/BaseFont", "?")).lstrip("/")
        descriptor = obj.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        subset = bool(re.match(r"^[A-Z]{6}\+", name))
        fonts.append({"name": name, "embedded": embedded, "subset": subset})
        if not embedded:
            report.add("error", "font-not-embedded", None,
                       f"font {name} is not embedded: the printer would substitute it")
    return fonts


def check_output_intent(pdf, report: FileReport) -> None:
    import pikepdf

    intents = pdf.Root.get("/OutputIntents")
    pdfx = [i for i in (intents or []) if i.get("/S") == pikepdf.Name.GTS_PDFX]
    if not pdfx or "/DestOutputProfile" not in pdfx[0]:
        report.add("error", "no-output-intent", None,
                   "no PDF/X output intent with an embedded CMYK profile")
    else:
        report.document["output_intent"] = str(pdfx[0].get("/OutputConditionIdentifier", ""))
    version = None
    try:
        with pdf.open_metadata() as meta:
            version = meta.get("pdfxid:GTS_PDFXVersion")
    except Exception:  # unreadable XMP is reported as missing below
        version = None
    info = pdf.trailer.get("/Info")
    version = version or (str(info.get("/GTS_PDFXVersion")) if info is not None
                          and "/GTS_PDFXVersion" in info else None)
    report.document["pdfx_version"] = version
    if version != "PDF/X-4":
        report.add("warning", "not-pdfx4", None,
                   f"declared PDF/X version is {version or 'none'}, expected PDF/X-4")


def check_javascript(pdf, report: FileReport) -> None:
    names = pdf.Root.get("/Names")
    if (names is not None and "/JavaScript" in names) or ("/OpenAction" in pdf.Root and \
            "/JS" in pdf.Root.OpenAction):
        report.add("error", "javascript", None, "the file carries JavaScript")


def check_page_text(text: str, number: int, report: FileReport) -> None:
    if match := PLACEHOLDER_RE.search(text):
        report.add("warning", "placeholder", number,
                   f"placeholder text left in: '{match.group()}'")


def check_qr_codes(pdf_page, number: int, facts: dict, report: FileReport,
                   max_dpi: float = 300.0) -> None:
    """Render the page and read every QR code; report size, module size and unreadable ones."""
    import zxingcpp

    width_in = pdf_page.get_width() / 72
    height_in = pdf_page.get_height() / 72
    dpi = max(100.0, min(max_dpi, math.sqrt(30e6 / (width_in * height_in))))
    image = pdf_page.render(scale=dpi / 72, grayscale=True).to_pil()
    codes = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode,
                                       return_errors=True):
        points = [(p.x, p.y) for p in (code.position.top_left, code.position.top_right,
                                       code.position.bottom_right, code.position.bottom_left)]
        side_px = (math.dist(points[0], points[1]) + math.dist(points[1], points[2])) / 2
        side_mm = side_px / dpi * 25.4
        if not code.valid:
            report.add("error", "qr-unreadable", number,
                       f"a QR code of about {side_mm:.0f} mm cannot be read ({code.error})")
            continue
        version = int(code.extra.get("Version", 1)) if isinstance(code.extra, dict) else 1
        module_mm = side_mm / (17 + 4 * version)
        codes.append({"text": code.text, "size_mm": round(side_mm, 1),
                      "with_quiet_zone_mm": round(side_mm + 8 * module_mm, 1),
                      "module_mm": round(module_mm, 3)})
        if module_mm < MIN_MODULE_MM - 0.005 or side_mm < MIN_QR_MM:
            report.add("error", "qr-too-small", number,
                       f"QR code '{code.text}' is {side_mm:.1f} mm wide with modules of "
                       f"{module_mm:.2f} mm (a phone needs ≥ {MIN_MODULE_MM} mm modules)")
        if match := PLACEHOLDER_RE.search(code.text):
            report.add("warning", "placeholder", number,
                       f"QR code points to a placeholder address ('{match.group()}')")
    facts["qr_codes"] = codes


def sample_pages(count: int, sample: int | None) -> list[int]:
    if sample is None or count <= sample:
        return list(range(count))
    head = list(range(sample - 1))
    return [*head, count - 1]


def check_pdf(data: bytes, path: str, press: bool = True, sample: int | None = None,
              qr: bool = True, qr_dpi: float = 300.0) -> FileReport:
    """Check one PDF. `sample` limits the per-page checks on long documents (label runs)."""
    import pikepdf
    import pypdfium2

    report = FileReport(path)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        report.add("error", "not-a-pdf", None, "this file is not a PDF")
        return report
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        report.add("error", "encrypted", None, "the file is encrypted; printers need it open")
        return report
    except pikepdf.PdfError as exc:
        report.add("error", "damaged", None, f"the file is damaged: {exc}")
        return report
    with pdf:
        if pdf.is_encrypted:
            report.add("error", "encrypted", None, "the file is encrypted; printers need it open")
        report.pages = len(pdf.pages)
        if press:
            check_output_intent(pdf, report)
        check_javascript(pdf, report)
        sampled = sample_pages(len(pdf.pages), sample)
        report.document["fonts"] = check_fonts(pdf, report,
                                               sampled if sample is not None else None)
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            report.add("error", "damaged", None, f"the pages cannot be rendered: {exc}")
            return report
        for index in sampled:
            number = index + 1
            page = pdf.pages[index]
            facts = check_boxes(page, number, report, press)
            drawn = interpret(page)
            if press:
                check_marks(drawn, facts, number, report)
            for where in sorted(set(drawn.rgb))[:3]:
                report.add("error" if press else "warning", "rgb-colour", number,
                           f"{where}: press files must be CMYK")
            if drawn.max_ink > MAX_INK + 0.001:
                report.add("error", "ink-coverage", number,
                           f"total ink reaches {drawn.max_ink * 100:.0f} % (at most 300 %)")
            small = [size for size in drawn.text_sizes if size < MIN_TEXT_PT - 0.05]
            if small:
                report.add("warning", "text-too-small", number,
                           f"text at {min(small):.1f} pt, below {MIN_TEXT_PT:g} pt")
            check_images(drawn, number, report)
            pdfium_page = document[index]
            check_page_text(pdfium_page.get_textpage().get_text_range(), number, report)
            if qr:
                check_qr_codes(pdfium_page, number, facts, report, qr_dpi)
            report.facts.append({k: v for k, v in facts.items() if not k.startswith("_")})
        document.close()
    return report


def check_images(drawn: Drawn, number: int, report: FileReport) -> None:
    for name, image, width_pt, height_pt in drawn.images:
        if width_pt <= 0:
            continue
        ppi = min(int(image.get("/Width", 0)) / (width_pt / 72),
                  int(image.get("/Height", 0)) / (height_pt / 72) if height_pt else 1e9)
        if ppi < PPI_ERROR:
            report.add("error", "low-resolution-image", number,
                       f"image {name} prints at {ppi:.0f} ppi (at least {PPI_ERROR}, "
                       f"{PPI_WARNING} wanted)")
        elif ppi < PPI_WARNING:
            report.add("warning", "low-resolution-image", number,
                       f"image {name} prints at {ppi:.0f} ppi ({PPI_WARNING} wanted)")


def check_files(paths: list[Path], press: bool = True) -> list[FileReport]:
    reports = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            report = FileReport(str(path))
            report.add("error", "not-a-pdf", None, f"cannot be read: {exc.strerror}")
            reports.append(report)
            continue
        reports.append(check_pdf(data, str(path), press=press))
    return reports


def check_outputs(outputs, report: Report) -> None:
    """The build's own preflight: press rules for press files, sampled on long runs."""
    for output in outputs:
        # 200 dpi gives a 0.4 mm module three pixels: enough to read back what we drew.
        result = check_pdf(output.data, output.path, press=output.press, sample=3, qr_dpi=200,
                           qr=bool(output.qr_pages))
        for fact in result.facts:
            expected = set(output.qr_pages.get(fact["page"] - 1, ()))
            found = {code["text"] for code in fact.get("qr_codes", [])}
            if expected - found:
                result.add("error", "qr-unreadable", fact["page"],
                           f"QR code(s) drawn but not read back: {sorted(expected - found)}")
        for finding in result.problems:
            where = f"page {finding.page}" if finding.page else ""
            target = report.error if finding.severity == "error" else report.warn
            if finding.code != "placeholder":  # the content check already named the field
                target(output.path, None, where, f"[{finding.code}] {finding.message}")


def report_json(reports: list[FileReport]) -> str:
    files = []
    for r in reports:
        files.append({"path": r.path, "ok": r.ok, "pages": r.pages,
                      "problems": [asdict(p) for p in r.problems], "pages_info": r.facts,
                      **r.document})
    return json.dumps({"files": files}, indent=2, ensure_ascii=False)


def print_report(reports: list[FileReport]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for r in reports:
        status = "[green]OK[/green]" if r.ok else "[red]REJECTED[/red]"
        console.print(f"[bold]{r.path}[/bold]: {status}, {r.pages} page(s)")
        if r.document.get("output_intent") or r.document.get("pdfx_version"):
            console.print(f"  output intent {r.document.get('output_intent') or 'none'}, "
                          f"{r.document.get('pdfx_version') or 'no PDF/X version'}")
        for font in r.document.get("fonts", []):
            state = "embedded" if font["embedded"] else "[red]NOT embedded[/red]"
            subset = ", subset" if font["subset"] else ""
            console.print(f"  font {font['name']}: {state}{subset}")
        for fact in r.facts[:3]:
            trim = fact.get("trim_mm")
            if trim:
                bleed = fact.get("bleed_mm", {})
                console.print(f"  page {fact['page']}: trim {trim[0]:g}×{trim[1]:g} mm"
                              f" ({fact.get('format') or 'custom size'}), bleed "
                              + " ".join(f"{k} {v:g}" for k, v in bleed.items()))
            for code in fact.get("qr_codes", []):
                console.print(f"  page {fact['page']}: QR {code['text']}: {code['size_mm']} mm "
                              f"({code['with_quiet_zone_mm']} mm with its quiet zone), "
                              f"module {code['module_mm']} mm")
        if r.problems:
            table = Table("severity", "code", "page", "message", show_lines=False)
            for p in r.problems:
                colour = "red" if p.severity == "error" else "yellow"
                table.add_row(f"[{colour}]{p.severity}[/{colour}]", p.code,
                              str(p.page or ""), p.message)
            console.print(table)

