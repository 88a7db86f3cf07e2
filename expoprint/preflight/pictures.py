"""Rules about the pictures a page places: their resolution at placed size, judged by the
page's size, and the ink of CMYK images.

Contract: `check_images(drawn, number, report, profile, limits, measured, trim_mm)` reads the
images the interpreter found on a page (`Drawn.images`) and writes `low-resolution-image` and
`ink-coverage` findings; each image's ink is measured once per file (`measured`), on a reduced
copy within `limits`. The floors come from what `judged_by` names while it applies: the layouts
a build placed its photos by, or the numbers an output folder's manifest gives a poster; else
the bundled layouts' poster formats.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import TYPE_CHECKING

from ..i18n import _
from .findings import FileReport
from .interpreter import Drawn, PlacedImage
from .limits import Limits
from .rules import MAX_INK
from .tokens import CHUNK, filters

if TYPE_CHECKING:
    from ..bundled import LayoutFolders

PPI_ERROR, PPI_WARNING = 150, 300  # under every poster format: the leaflet's, the labels'


# What gives the resolution floors (`judged_by`): the layouts the build placed its photos by,
# while it checks what it made (a museum's poster.yaml may lower a floor); the [floor, target]
# an output folder's manifest gives a poster, for `check`; else the bundled layouts.
JUDGING: ContextVar[LayoutFolders | tuple[float, float] | None] = ContextVar("judging",
                                                                              default=None)


@contextmanager
def judged_by(judge: LayoutFolders | tuple[float, float] | None) -> Iterator[None]:
    token = JUDGING.set(judge)
    try:
        yield
    finally:
        JUDGING.reset(token)


def resolution_by_size() -> tuple[tuple[tuple[float, ...], tuple[float, float]], ...]:
    """Each poster format's trim (short side first) with its [floor, target] in ppi, from the
    layouts' poster.yaml: the numbers by viewing distance are kept there, once."""
    from ..bundled import LayoutFolders

    judge = JUDGING.get()
    layouts = judge if isinstance(judge, LayoutFolders) else LayoutFolders()
    try:
        saved = (layouts / "poster.yaml").stat()
    except OSError:
        return formats_resolution(layouts, None)
    return formats_resolution(layouts, (saved.st_mtime_ns, saved.st_size))


@lru_cache(maxsize=8)
def formats_resolution(layouts: LayoutFolders, _saved: tuple[int, int] | None
                       ) -> tuple[tuple[tuple[float, ...], tuple[float, float]], ...]:
    """`resolution_by_size` of these layouts, read again when their poster.yaml is saved."""
    from ..errors import Report
    from ..layouts import read_formats, read_layout

    spec = read_layout(layouts, "poster.yaml", Report())
    return tuple((tuple(sorted(fmt.trim_mm)), fmt.ppi)
                 for fmt in (read_formats(spec, 3.0) if spec else []))


def resolution_limits(trim_mm: list[float] | None) -> tuple[float, float]:
    """The [floor, target] of a page of this trim: those of the largest poster format it
    covers, since a larger sheet is read from farther away; 150 / 300 under them all."""
    if isinstance(judge := JUDGING.get(), tuple):
        return judge  # the numbers the file was made to, as its manifest says
    if not trim_mm:
        return PPI_ERROR, PPI_WARNING
    short, long = sorted(trim_mm)
    limits, area = (float(PPI_ERROR), float(PPI_WARNING)), 0.0
    for (width, height), ppi in resolution_by_size():
        if short >= width - 1 and long >= height - 1 and width * height > area:
            limits, area = ppi, width * height
    return limits


def check_images(drawn: Drawn, number: int, report: FileReport, profile: str, limits: Limits,
                 measured: dict, trim_mm: list[float] | None = None) -> None:
    """Resolution at placed size, judged by the image's dictionary against the floor and target
    of the page's size (`resolution_limits`); ink of CMYK images, measured on a reduced copy
    (each image once per file, in `measured`)."""
    if profile == "screen":
        return
    floor, target = resolution_limits(trim_mm)
    for placed in drawn.images:
        if placed.width_pt > 0 and placed.height_pt > 0:
            ppi = min(placed.width_px / (placed.width_pt / 72),
                      placed.height_px / (placed.height_pt / 72))
            if ppi < floor:
                report.add("low-resolution-image", number,
                           _("image {name} prints at {ppi:.0f} ppi (at least {minimum}, {wanted} "
                             "wanted)").format(name=placed.name, ppi=ppi, minimum=f"{floor:g}",
                                               wanted=f"{target:g}"), severity="error")
            elif ppi < target:
                report.add("low-resolution-image", number,
                           _("image {name} prints at {ppi:.0f} ppi ({wanted} wanted)").format(
                               name=placed.name, ppi=ppi, wanted=f"{target:g}"), severity="warning")
        if placed.space.kind != "cmyk" or placed.obj is None:
            continue
        key = placed.obj.objgen
        if key not in measured:
            measured[key] = image_max_ink(placed, limits)
        ink = measured[key]
        if ink is None:
            report.add("check-limited", number,
                       _("image {name} ({width:,}×{height:,} px) is too large to measure its ink; "
                         "its ink coverage was not checked").format(
                           name=placed.name, width=placed.width_px, height=placed.height_px))
        elif ink > MAX_INK + 0.001:
            report.add("ink-coverage", number,
                       _("total ink reaches {ink:.0f} % in image {name} (at most 300 %)").format(
                           ink=ink * 100, name=placed.name))


def image_max_ink(placed: PlacedImage, limits: Limits) -> float | None:
    """The highest C+M+Y+K of a CMYK image, averaged over cells of about 1/256 of its side (as a
    press sees areas, not single pixels); None when it is too large to measure within the limits.
    A JPEG is decoded at a reduced scale, an 8-bit Flate image a strip of rows at a time (memory
    stays small whatever its size, and inflating stops at its declared size); anything else is
    decoded whole, under a smaller pixel cap."""
    import pikepdf
    from PIL import Image

    image = placed.obj
    names, params = filters(image)
    pixels = placed.width_px * placed.height_px
    decode = image.get("/Decode")
    inverted = isinstance(decode, pikepdf.Array) and len(decode) > 0 and decode[0] == 1
    try:
        if names in (["/DCTDecode"], ["/DCT"]):
            picture = Image.open(io.BytesIO(image.read_raw_bytes()))
            picture.draft("CMYK", (256, 256))
            if picture.size[0] * picture.size[1] > limits.image_pixels:
                return None
        elif names in (["/FlateDecode"], ["/Fl"]) and params == [None] \
                and image.get("/BitsPerComponent") == 8:
            if pixels > limits.streamed_image_pixels:
                return None
            return peak_ink(flate_strips(image, placed.width_px, placed.height_px), inverted)
        elif pixels > limits.image_pixels:
            return None
        else:
            picture = pikepdf.PdfImage(image).as_pil_image()
    except Exception:  # an image that cannot be decoded is judged by its resolution only
        return 0.0
    if picture.mode != "CMYK":
        return 0.0
    # An Adobe CMYK JPEG stores its inks inverted and its /Decode says so for PDF readers;
    # Pillow has already turned them back when it decoded the JPEG: invert only what it did not.
    inverted = inverted and "adobe" not in picture.info
    picture.thumbnail((256, 256))
    return peak_ink([picture], inverted)


def peak_ink(pictures, inverted: bool) -> float:
    top = 0
    for picture in pictures:
        raw = picture.tobytes()
        top = max(top, max((sum(raw[i:i + 4]) for i in range(0, len(raw), 4)), default=0))
    return 4 - top / 255 if inverted else top / 255


def flate_strips(image, width: int, height: int):
    """The image as strips of rows reduced by the same factor, inflated piece by piece and
    never beyond its declared size."""
    from PIL import Image

    factor = max(1, -(-max(width, height) // 256))
    row = width * 4
    strip = row * factor * max(1, (4 * 2**20) // (row * factor))  # about 4 MB of rows
    raw = image.read_raw_bytes()
    pieces = (raw[i:i + CHUNK] for i in range(0, len(raw), CHUNK))
    engine = zlib.decompressobj()
    pending, feed, left = bytearray(), b"", row * height
    while left > 0:
        wanted = min(strip, left)
        while len(pending) < wanted and not engine.eof:
            feed = feed or next(pieces, b"")
            if not feed:
                break
            pending += engine.decompress(feed, wanted - len(pending))
            feed = engine.unconsumed_tail
        take = min(len(pending), wanted)
        take -= take % row
        if take == 0:
            return
        yield Image.frombytes("CMYK", (width, take // row), bytes(pending[:take])).reduce(factor)
        del pending[:take]
        left -= take
