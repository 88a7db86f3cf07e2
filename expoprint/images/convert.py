"""Convert: a raster picture as the press takes it, at the size it is needed.

Contract: `convert(source, pixels, ground, icc)` returns a `Converted` JPEG that WeasyPrint and
ReportLab embed as they are (DCTDecode): CMYK for colour, grey (DeviceGray, the black plate)
for grey, never RGB, never transparency.
- A CMYK JPEG passes through byte for byte (it was separated for print by whoever made it),
  unless it had to be turned upright or carries more ink than the press's limit.
- Larger pictures are resampled (Lanczos) to `pixels` first — never enlarged — so the colour
  conversion handles no pixel the page will not use.
- RGB goes through the output profile (`colour.rgb_to_cmyk`); grey, and RGB that is all grey,
  through the K ramp (`colour.grey_to_k`); CMYK is kept, its ink limited.
- Transparency is flattened onto `ground`, the flat colour the layout puts under the picture
  (the paper of the poster's foot, the white of the leaflet's back): the result prints as the
  transparent picture would over that ground, with no soft mask or blending left to the RIP.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .source import Source, strict_decoding

MAX_INK = 3.0  # the press's limit, 300 %
PHOTO_QUALITY = 92
LOGO_QUALITY = 95  # sharp edges of lettering: little quantisation, no chroma subsampling


@dataclass(frozen=True)
class Converted:
    data: bytes
    pixels: tuple[int, int]
    mode: str  # CMYK or L
    passed_through: bool = False
    ink_limited: bool = False  # a CMYK picture over the press's ink limit, clipped


def convert(source: Source, pixels: tuple[int, int], ground: tuple[float, ...] | None,
            icc: Path) -> Converted:
    from PIL import Image

    from .colour import grey_to_k, is_neutral, limit_ink, max_ink, on_ground, rgb_to_cmyk

    image = source.image()
    over_limit = image.mode == "CMYK" and max_ink(image) > 3.0
    if source.format == "JPEG" and image.mode == "CMYK" and not source.oriented \
            and source.crop is None and not over_limit:
        return Converted(source.data, image.size, "CMYK", passed_through=True)
    if pixels[0] < image.width or pixels[1] < image.height:
        image = image.resize(pixels, Image.Resampling.LANCZOS, reducing_gap=3.0)
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") else None
    if alpha is not None and alpha.getextrema()[0] == 255:
        alpha = None  # an alpha channel that hides nothing
    colour = image.convert("RGB") if image.mode in ("RGBA", "P") else image
    colour = colour.convert("L") if colour.mode == "LA" else colour
    if colour is not image:  # only the copy in colour (and the mask) is needed from here
        image = None
        source.release()
    if colour.mode == "L" or (colour.mode == "RGB" and is_neutral(colour)):
        result = grey_to_k(colour, source.icc, icc)
        if alpha is not None and ground is not None and any(ground[:3]):
            k = Image.eval(result, lambda v: 255 - v)
            blank = Image.new("L", result.size, 0)
            result = on_ground(Image.merge("CMYK", (blank, blank, blank, k)), alpha, ground)
        elif alpha is not None:
            paper = round(255 - 255 * (ground[3] if ground else 0))
            result = Image.composite(result, Image.new("L", result.size, paper), alpha)
    elif colour.mode == "CMYK":
        result = limit_ink(colour)
    else:
        result = rgb_to_cmyk(colour, source.icc, icc)
    if alpha is not None and result.mode == "CMYK":
        result = on_ground(result, alpha, ground or (0, 0, 0, 0))
    # The decoded picture is no longer needed: its memory goes before the JPEG is made and
    # checked (a 100-megapixel photo is 300 MB decoded, as much again converted).
    del image, colour, alpha
    source.release()
    quality = LOGO_QUALITY if source.use.role == "logo" else PHOTO_QUALITY
    return Converted(encode(result, quality), result.size, result.mode, ink_limited=over_limit)


def encode(image, quality: int) -> bytes:
    """The JPEG, its total ink checked once decoded (and once resampled, as a preflight reads
    it): compression and resampling ring around fine dark detail (a logo's lettering) and may
    carry a pixel past the limit the picture was clipped to; the picture is then clipped lower
    by what overshot, and encoded again."""
    from PIL import Image

    from .colour import INK_LIMIT, limit_ink, max_ink

    limit = INK_LIMIT
    for _ in range(4):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, subsampling=0, optimize=False)
        if image.mode != "CMYK":
            break
        with strict_decoding():  # our own JPEG: its size is the picture's, already checked
            decoded = Image.open(io.BytesIO(out.getvalue()))
            decoded.load()
        whole = max_ink(decoded)
        decoded.thumbnail((256, 256))  # as a preflight samples it: resampling rings too
        overshoot = max(whole, max_ink(decoded)) - MAX_INK
        del decoded
        if overshoot <= 0:
            break
        limit -= overshoot + 0.02
        image = limit_ink(image, limit)
    return out.getvalue()
