"""QR codes as vector geometry: dark modules in K 100, a 4-module quiet zone, error correction M.

zxing-cpp encodes (its Zint encoder chooses the mask by the ISO/IEC 18004 penalty rules, like
segno or qrcode, in 0.2 ms instead of 4 ms) and draws the dark modules as rectangles, which this
module hands to the renderers: SVG for the HTML products, PDF operators for ReportLab. The label
run encodes each address once and draws it on every output it makes; the small cache serves the
HTML products, which print the same website on several formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

QUIET_ZONE = 4
MIN_MODULE_MM = 0.4


@dataclass(frozen=True)
class QRCode:
    text: str
    size: int  # modules per side, without the quiet zone
    svg_path: str  # dark modules as rectangles "M x y h w v h h-w Z", module units, y downwards
    pdf_path: str  # the same rectangles as PDF `re` operators, for a matrix whose y axis points down

    @property
    def total_modules(self) -> int:
        return self.size + 2 * QUIET_ZONE

    def module_mm(self, width_mm: float) -> float:
        """Module size when the code, quiet zone included, is printed `width_mm` wide."""
        return width_mm / self.total_modules

    def svg(self, width_mm: float, colour: str = "device-cmyk(0 0 0 1)") -> str:
        total = self.total_modules
        return (f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {total}"'
                f' width="{width_mm:.3f}mm" height="{width_mm:.3f}mm" shape-rendering="crispEdges">'
                f'<path transform="translate({QUIET_ZONE} {QUIET_ZONE})" fill="{colour}" '
                f'd="{self.svg_path}"/></svg>')


SVG_RECTS = re.compile(r"(?:M\d+ \d+h\d+v\d+h-\d+Z)*")
SVG_RECT_END = re.compile(r"h-\d+Z")
SVG_SIZE = re.compile(r'<svg width="(\d+)"')
SVG_PATH = re.compile(r' d="([^"]*)"')


@lru_cache(maxsize=64)
def encode(text: str, error: str = "m") -> QRCode:
    """Encode with zxing-cpp (Zint inside), whose SVG already merges dark modules into
    rectangles across rows and columns: fewer drawing operators than module runs."""
    import zxingcpp

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=error.upper())
    svg = code.to_svg(add_quiet_zones=False)
    size, path = SVG_SIZE.search(svg), SVG_PATH.search(svg)
    if not size or not path or not SVG_RECTS.fullmatch(path.group(1)):
        raise RuntimeError(f"unexpected QR code drawing from zxing-cpp: {svg[:200]}")
    # "M12 0h1v5h-1Z" → "12 0 1 5 re ": plain replacements, no per-rectangle Python call.
    pdf = SVG_RECT_END.sub(" re ", path.group(1)).replace("M", "").replace("h", " ")
    return QRCode(text, int(size.group(1)), path.group(1), pdf.replace("v", " "))
