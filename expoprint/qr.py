"""QR codes as vector geometry: dark modules in K 100, a 4-module quiet zone, error correction M.

zxing-cpp encodes (its Zint encoder chooses the mask by the ISO/IEC 18004 penalty rules, like
segno or qrcode, in 0.2 ms instead of 4 ms); this module draws the dark modules as rectangles
and hands them to the renderers: SVG for the HTML products, PDF operators for ReportLab. The label
run encodes each address once and draws it on every output it makes; the small cache serves the
HTML products, which print the same website on several formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

QUIET_ZONE = 4
MIN_MODULE_MM = 0.4


@dataclass(frozen=True)
class QRCode:
    text: str
    size: int  # modules per side, without the quiet zone
    rectangles: tuple[int, ...]  # the dark modules: x, y, width, height, … in module units, y down

    # Each renderer's path is written when first asked for: the labels draw PDF operators only,
    # the HTML products SVG only, and a thousand labels would otherwise format both.
    @cached_property
    def pdf_path(self) -> str:
        """The rectangles as PDF `re` operators, for a matrix whose y axis points down."""
        return ("{} {} {} {} re " * (len(self.rectangles) // 4)).format(*self.rectangles)

    @cached_property
    def svg_path(self) -> str:
        """The rectangles as "M x y h w v h h-w Z" path commands, y downwards."""
        x, y, w, h = (self.rectangles[i::4] for i in range(4))
        return "".join(f"M{a} {b}h{c}v{d}h-{c}Z" for a, b, c, d in zip(x, y, w, h, strict=True))

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


@lru_cache(maxsize=64)
def encode(text: str, error: str = "m") -> QRCode:
    """Encode with zxing-cpp (Zint inside), then draw the dark modules as rectangles: each row's
    runs, a run continuing the same run of the row above growing its rectangle downwards (a
    third fewer drawing operators than runs). Read from the code's bitmap with NumPy: half the
    time of parsing zxing-cpp's own SVG."""
    import numpy as np
    import zxingcpp

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=error.upper())
    dark = np.asarray(code.to_image(add_quiet_zones=False, scale=1)) < 128
    size = dark.shape[0]
    if dark.shape != (size, size) or not dark.any():
        raise RuntimeError(f"unexpected QR code bitmap from zxing-cpp: {dark.shape}")
    return QRCode(text, size, tuple(rectangles(dark).ravel().tolist()))


def rectangles(dark):
    """(x, y, width, height) of rectangles covering the True cells exactly, y downwards."""
    import numpy as np

    size = dark.shape[0]
    padded = np.zeros((size, size + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    edges = np.diff(padded, axis=1)
    ys, starts = np.nonzero(edges == 1)
    widths = np.nonzero(edges == -1)[1] - starts
    order = np.lexsort((ys, widths, starts))  # the same run down the rows, one after the other
    ys, starts, widths = ys[order], starts[order], widths[order]
    begins = np.ones(len(ys), dtype=bool)
    begins[1:] = (starts[1:] != starts[:-1]) | (widths[1:] != widths[:-1]) | (ys[1:] != ys[:-1] + 1)
    first = np.flatnonzero(begins)
    heights = np.diff(np.append(first, len(ys)))
    return np.column_stack([starts[first], ys[first], widths[first], heights])
