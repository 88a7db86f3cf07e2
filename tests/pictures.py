"""Test pictures made with Pillow (gradients, shapes and text), and an Adobe RGB profile made by
hand: nothing binary is committed, and each file is exactly what its test needs."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "expoprint" / "fonts" / "Lato-Black.ttf"
# Adobe RGB (1998), its colorants adapted to D50 as ICC profiles give them, gamma 563/256.
ADOBE_COLORANTS = ((0.60974, 0.31111, 0.01947), (0.20528, 0.62567, 0.06087),
                   (0.14919, 0.06322, 0.74457))
D50 = (0.9642, 1.0, 0.82491)


def s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def adobe_rgb_profile() -> bytes:
    """A matrix/TRC ICC v2 display profile with Adobe RGB (1998)'s primaries and gamma."""
    def xyz(values) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(s15(v) for v in values)

    description = b"Adobe RGB (1998) compatible, made by the expoprint tests"
    tags = [
        (b"desc", b"desc\0\0\0\0" + struct.pack(">I", len(description) + 1) + description
         + b"\0" + b"\0" * 8 + b"\0\0\0" + b"\0" * 67),
        (b"cprt", b"text\0\0\0\0No copyright, test data\0"),
        (b"wtpt", xyz(D50)),
        (b"rXYZ", xyz(ADOBE_COLORANTS[0])), (b"gXYZ", xyz(ADOBE_COLORANTS[1])),
        (b"bXYZ", xyz(ADOBE_COLORANTS[2])),
    ]
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 563) + b"\0\0"
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    table, body = [], b""
    offset = 128 + 4 + 12 * len(tags)
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)
        table.append(signature + struct.pack(">II", offset + len(body), len(data)))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2024, 1, 1, 0, 0, 0) + b"acsp" + b"\0" * 24 + b"\0" * 4
              + s15(D50[0]) + s15(D50[1]) + s15(D50[2]) + b"\0" * 4 + b"\0" * 16 + b"\0" * 28)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(table) + body


def scene(size: tuple[int, int], mode: str = "RGB", label: str = "1944") -> Image.Image:
    """A picture with something in it: a sky gradient, a hill, a sun, large type."""
    width, height = size
    sky = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (sky.point(lambda v: 40 + v // 3), sky.point(lambda v: 90 + v // 3),
                                sky.point(lambda v: 200 - v // 4)))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.62, height * 0.12, width * 0.82, height * 0.42), fill=(250, 190, 40))
    draw.polygon([(0, height), (0, height * 0.7), (width * 0.4, height * 0.55),
                  (width, height * 0.8), (width, height)], fill=(30, 110, 50))
    draw.rectangle((width * 0.1, height * 0.1, width * 0.3, height * 0.3), fill=(0, 160, 60))
    font = ImageFont.truetype(str(FONT), max(12, height // 5))
    draw.text((width * 0.08, height * 0.58), label, font=font, fill=(255, 255, 255))
    draw.rectangle((width * 0.45, height * 0.85, width * 0.55, height), fill=(0, 0, 0))
    return image.convert(mode) if mode != "RGB" else image


def jpeg(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **options)
    return out.getvalue()


def write_pictures(folder: Path) -> dict[str, Path]:
    """The pictures of the picture tests, in `folder/images` and `folder/logos`."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "logos").mkdir(parents=True, exist_ok=True)
    files = {
        "adobe": folder / "images" / "photo-adobe.jpg",
        "cmyk": folder / "images" / "photo-cmyk.jpg",
        "grey": folder / "images" / "photo-grey.tif",
        "portrait": folder / "images" / "portrait.jpg",
        "png": folder / "logos" / "ville.png",
        "svg": folder / "logos" / "musee.svg",
        "pdf": folder / "logos" / "region.pdf",
    }
    files["adobe"].write_bytes(jpeg(scene((4000, 2667)), icc_profile=adobe_rgb_profile()))
    # A naive separation, well under the ink limit: it only has to be a CMYK JPEG.
    cmyk = Image.merge("CMYK", [c.point(lambda v: v * 7 // 10)
                                for c in scene((1800, 1200)).convert("CMYK").split()])
    files["cmyk"].write_bytes(jpeg(cmyk))
    scene((2400, 1600), "L").save(files["grey"], compression="tiff_lzw")
    files["portrait"].write_bytes(jpeg(scene((1200, 1800), label="39")))
    logo_png(files["png"])
    files["svg"].write_text(SVG_LOGO, encoding="utf-8")
    files["pdf"].write_bytes(pdf_logo())
    return files


def logo_png(path: Path) -> None:
    """An sRGB PNG with transparency and a margin: a red disc and a word in dark blue."""
    image = Image.new("RGBA", (900, 360), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 320, 320), fill=(226, 0, 26, 255))
    draw.text((360, 110), "VILLE", font=ImageFont.truetype(str(FONT), 140), fill=(0, 40, 110, 255))
    image.save(path, icc_profile=None)


# An SVG logo as an editor exports it: RGB fills in attributes, in a style sheet and in style
# attributes, a black word drawn with the default fill, Inkscape's own elements.
SVG_LOGO = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" width="300" height="100"
     viewBox="0 0 300 100">
  <sodipodi:namedview pagecolor="#ffffff" inkscape:zoom="1"/>
  <style>.blue { fill: #0055a4 } .red { fill: rgb(239, 65, 53) }</style>
  <rect class="blue" x="0" y="0" width="30" height="100"/>
  <rect x="30" y="0" width="30" height="100" fill="#ffffff" stroke="#000" stroke-width="1"/>
  <rect class="red" x="60" y="0" width="30" height="100"/>
  <path d="M110 20 h20 v60 h-20 z M140 20 h20 l20 60 h-20 z M190 20 h100 v20 h-100 z"/>
  <circle cx="240" cy="70" r="20" style="fill: #000000; stroke: none"/>
</svg>
"""


def pdf_logo() -> bytes:
    """A PDF logo in CMYK, on a page larger than its ink (as designers send them)."""
    from reportlab.lib.colors import CMYKColor
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(400, 300), enforceColorSpace="cmyk", invariant=True)
    canvas.setFillColor(CMYKColor(0, 0.6, 1, 0))
    canvas.rect(100, 100, 120, 80, stroke=0, fill=1)
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.circle(260, 140, 40, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
