"""QR codes as vector geometry: dark modules in K 100, a 4-module quiet zone, error correction M.

zxing-cpp encodes (its C++ port of ZXing's encoder chooses the mask by the ISO/IEC 18004 penalty
rules, like segno or qrcode, in 0.2 ms instead of 4 ms); this module turns the matrix into
horizontal runs that any renderer draws as rectangles: SVG for the HTML products, a path for
ReportLab. Codes are cached by text, so the cut labels and every sheet preset of one build encode
each address once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

QUIET_ZONE = 4
MIN_MODULE_MM = 0.4


@dataclass(frozen=True)
class QRCode:
    text: str
    size: int  # modules per side, without the quiet zone
    runs: tuple[tuple[int, int, int], ...]  # (row, first column, length) of dark modules

    @property
    def total_modules(self) -> int:
        return self.size + 2 * QUIET_ZONE

    def module_mm(self, width_mm: float) -> float:
        """Module size when the code, quiet zone included, is printed `width_mm` wide."""
        return width_mm / self.total_modules

    def svg(self, width_mm: float, colour: str = "device-cmyk(0 0 0 1)") -> str:
        path = "".join(f"M{c + QUIET_ZONE} {r + QUIET_ZONE}h{n}v1h-{n}z" for r, c, n in self.runs)
        total = self.total_modules
        return (f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {total}"'
                f' width="{width_mm:.3f}mm" height="{width_mm:.3f}mm" shape-rendering="crispEdges">'
                f'<path fill="{colour}" d="{path}"/></svg>')


@lru_cache(maxsize=4096)
def encode(text: str, error: str = "m") -> QRCode:
    import zxingcpp

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=error.upper())
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    size = image.shape[0]
    pixels = image.tobytes()  # one byte a module, 0 for dark
    runs = []
    for row in range(size):
        line = pixels[row * size:(row + 1) * size]
        column = 0
        while column < size:
            if line[column] < 128:
                start = column
                while column < size and line[column] < 128:
                    column += 1
                runs.append((row, start, column - start))
            else:
                column += 1
    return QRCode(text, size, tuple(runs))
