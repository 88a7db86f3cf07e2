"""Load: every picture the content names, read safely and decoded once, or refused by name.

Contract: `read_source(folder, use, report)` returns a `Source` — the file's bytes, their sha256
and what they hold (a raster picture decoded and turned upright, an SVG or a PDF) — or None with
one problem reported against the content key (`image.file`, `partners[2].logo`, `artefact 'x'.image`)
and the file as the user wrote it. Refused: a missing file (with the near name when there is
one), a file outside the content folder or a link out of it, anything but a regular file of a
sane size, a file that is not a picture (or a kind we do not print), a picture cut short, one of
more pixels than a press picture has (a decompression bomb is refused from its header, before
any pixel is decoded), a colour mode a press cannot take (Lab, a CMYK TIFF with an alpha
channel). WeasyPrint loads truncated images silently (it sets Pillow's LOAD_TRUNCATED_IMAGES),
so the decoding here sets the safe values for its own duration.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Report
from ..i18n import _
from ..mapping import grouped
from ..yamlnodes import quote, read_regular_file
from .refused import Refused

MAX_FILE_BYTES = 300 * 1024 * 1024  # a 100-megapixel TIFF is about that
MAX_PIXELS = 120_000_000  # a medium-format camera gives 100 MP; 20,000 × 20,000 is refused
# What converting a picture holds at once, per pixel of its decoded mode, as measured: RGB is
# decoded (3 bytes), converted to CMYK (4), then the CMYK and its JPEG decoded again to check
# the ink (4 + 4, the RGB released by then); transparency adds its mask and its ground; 16-bit
# grey is widened to 32 bits on its way to 8. (The file's own bytes come on top: an uncompressed
# TIFF is as large as its pixels.) A picture's conversion stays within PICTURE_MEMORY: about 80
# megapixels of RGB or CMYK, 65 of RGBA or 16-bit grey, the 120 of MAX_PIXELS of 8-bit grey.
PICTURE_MEMORY = 640 * 1024 * 1024
BYTES_PER_PIXEL = {"1": 3, "L": 3, "LA": 6, "La": 6, "P": 8, "RGB": 8, "YCbCr": 8, "CMYK": 8,
                   "RGBX": 8, "PA": 10, "RGBA": 10, "RGBa": 10, "I;16": 10, "I;16B": 10,
                   "I;16L": 10, "I": 10}
RASTER_FORMATS = {"JPEG", "PNG", "TIFF"}
# Files people send that we name rather than call "not a picture".
OTHER_FORMATS = {b"GIF8": "GIF", b"BM": "BMP", b"8BPS": "Photoshop (PSD)", b"%!PS": "PostScript"}


@dataclass(frozen=True)
class Use:
    """Where the content names a picture: what every message about it points at."""

    shown: str  # the content file, e.g. content/exhibition.yaml
    line: int | None
    key: str  # image.file, partners[2].logo, artefact 'kepi'.image
    name: str  # the file name as the user wrote it
    role: str  # "photo", "logo" or "thumbnail": what the picture is for
    artefact: str = ""  # the id of the artefact it shows, if any


@dataclass
class Source:
    """One picture file, read and checked. `kind` is raster, svg or pdf."""

    use: Use
    data: bytes
    sha256: str
    kind: str
    format: str  # JPEG, PNG, TIFF, SVG, PDF
    size: tuple[int, int] = (0, 0)  # pixels (raster, upright) or points (vector, its drawn box)
    mode: str = ""  # Pillow mode, after the few normalisations in `decode`
    icc: bytes | None = None  # the embedded profile, when there is one
    oriented: bool = False  # the camera's EXIF orientation was applied (the bytes no longer fit)
    vector: Any = None  # svg.Drawing or pdf.Logo for vector sources
    path: Path | None = None  # inside the content folder
    fonts: tuple[Path, ...] = ()  # the font files an SVG's live text was drawn with
    crop: tuple[int, int, int, int] | None = None  # a logo's margins cut off, in pixels
    _image: Any = field(default=None, repr=False)  # the decoded picture, until converted

    @property
    def aspect(self) -> float:
        return self.size[0] / self.size[1] if self.size[1] else 1.0

    def __getstate__(self) -> dict:
        """Sent to a worker process without the decoded picture: it decodes again if it needs
        to, rather than receive tens of megabytes of pixels with every part."""
        return {**self.__dict__, "_image": None}

    def image(self):
        """The decoded, upright picture (decoded again if it was released), margins cut."""
        if self._image is None:
            self._image = decode(self.data)[0]
            if self.crop:
                self._image = self._image.crop(self.crop)
        return self._image

    def trim(self) -> None:
        """Cut a raster logo's empty margins (transparent, or white where it has no alpha):
        logos are sized by their ink, and files come with any amount of margin."""
        from PIL import ImageChops, ImageOps

        image = self.image()
        if image.mode in ("RGBA", "LA"):
            found = image.getchannel("A").point(lambda v: 255 if v > 8 else 0).getbbox()
        elif image.mode == "CMYK":
            inks = image.split()
            most = ImageChops.lighter(ImageChops.lighter(inks[0], inks[1]),
                                      ImageChops.lighter(inks[2], inks[3]))
            found = most.point(lambda v: 255 if v > 8 else 0).getbbox()
        else:
            found = ImageOps.invert(image.convert("L")).point(
                lambda v: 255 if v > 8 else 0).getbbox()
        if not found:
            raise Refused(_("is blank: nothing is drawn in it"), _("check it is the right file"))
        if found != (0, 0, *image.size):
            self.crop = found
            self._image = image.crop(found)
            self.size = self._image.size

    def release(self) -> None:
        """Give the decoded pixels back once every size the build needs is converted."""
        self._image = None


def read_source(folder: Path, use: Use, report: Report, icc: Path | None = None) -> Source | None:
    """The checked picture, or None with the reason reported against its key."""
    shown = quote(use.name, 80)
    try:
        path = locate(folder, use.name)
        problems = Report()
        data = read_regular_file(path, shown, problems, MAX_FILE_BYTES)
        if data is None:
            problem = problems.problems[0]
            raise Refused(problem.message, problem.hint)
        source = identify(data, use)
        source.path = path
        if source.kind != "raster" and use.role != "logo":
            raise Refused(_("is a drawing ({format}), not a photo").format(format=source.format),
                          _("give a JPEG, PNG or TIFF; SVG and PDF are for the partners' logos"))
        if source.kind == "svg":
            from .svg import read_svg
            from .svgtext import command, outline_text

            data, source.fonts = outline_text(data, use.name)
            source.vector = read_svg(data, icc)
            source.size = source.vector.size
            if source.fonts:
                report.warn(use.shown, use.line, use.key,
                            _("{name} has live text: it is drawn as outlines in {fonts}").format(
                                name=shown, fonts=", ".join(font.name for font in source.fonts)),
                            _("check it on the proof; the designer's own outlines are exact "
                              "({command})").format(command=command(use.name)))
        elif source.kind == "pdf":
            from .pdf import read_pdf

            source.vector = read_pdf(data)
            source.size = source.vector.size
        elif use.role == "logo":
            source.trim()
        if source.kind == "raster" and source.icc:
            drop_unusable_profile(source, report)
        # Decoded again where it is converted: a build's photos are never all held at once.
        source.release()

    except Refused as refused:
        report.error(use.shown, use.line, use.key, f"{shown} {refused.message}", refused.hint,
                     artefact=use.artefact)
        return None
    return source


def drop_unusable_profile(source: Source, report: Report) -> None:
    """A profile that cannot convert the picture's pixels (damaged, or made for another colour
    space) is set aside with a warning naming the one assumed instead, so every product (press,
    web pages) converts the picture the same, stated way."""
    from .colour import profile_problem

    problem = profile_problem(source.icc, source.mode)
    if problem is None:
        return
    assumed = _("the press's profile (that of the output intent)") if source.mode == "CMYK" \
        else "sRGB"
    use = source.use
    report.warn(use.shown, use.line, use.key,
                _("{name} carries {problem}: it is printed as if its colours were in {assumed}"
                  ).format(name=quote(use.name, 80), problem=problem, assumed=assumed),
                _("export the picture again with its colour profile (or with none)"),
                artefact=use.artefact)
    source.icc = None


def locate(folder: Path, name: str) -> Path:
    """The file inside the content folder, never outside it, whatever links or `..` say."""
    root = folder.resolve()
    path = folder / name
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise Refused(_("cannot be followed to a file"), _("copy the picture into the content "
                      "folder instead of linking to it")) from exc
    if not resolved.is_relative_to(root):
        linked = path.is_symlink() or any(parent.is_symlink() for parent in path.parents)
        raise Refused(_("is a link to a file outside the content folder") if linked else
                      _("is outside the content folder"),
                      _("copy the picture into the content folder and name it from there"))
    if not path.exists():
        raise Refused(_("does not exist in the content folder"), near_name(folder, name))
    return path


def near_name(folder: Path, name: str) -> str:
    """The file the user probably meant: same folder, a case or a letter apart."""
    parent = (folder / name).parent
    with contextlib.suppress(OSError):
        if parent.resolve().is_relative_to(folder.resolve()) and parent.is_dir():
            names = [p.name for p in parent.iterdir() if p.is_file()][:2000]
            wanted = Path(name).name
            same_case = [n for n in names if n.lower() == wanted.lower()]
            close = same_case or difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
            if close:
                shown = str(Path(name).parent / close[0]) if "/" in name else close[0]
                return _("did you mean {name}?").format(name=quote(shown, 80))
    return _("check the name and the folder; names are relative to the content folder")


def identify(data: bytes, use: Use) -> Source:
    """What the bytes are, from their first bytes (never from the file's extension)."""
    digest = hashlib.sha256(data).hexdigest()
    head = data[:1024]
    if head.startswith(b"%PDF-") or b"%PDF-" in head:
        return Source(use, data, digest, "pdf", "PDF")
    if looks_like_svg(data):
        return Source(use, data, digest, "svg", "SVG")
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")):
        image, fmt, icc, oriented = decode(data)
        return Source(use, data, digest, "raster", fmt, image.size, image.mode, icc, oriented,
                      _image=image)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        other = "WebP"
    elif head[4:8] == b"ftyp":
        other = _("HEIC or AVIF")
    else:
        other = next((name for magic, name in OTHER_FORMATS.items() if head.startswith(magic)), "")
    what = _("is a {format} file").format(format=other) if other else \
        _("is not a picture expoprint can read")
    raise Refused(what, _("give a JPEG, PNG or TIFF photo, or an SVG or PDF logo"))


def looks_like_svg(data: bytes) -> bool:
    """An SVG by its first bytes, in UTF-8, UTF-16 or UTF-32."""
    from .svg import wide_encoding

    if wide := wide_encoding(data):
        name, mark = wide
        data = data[mark:262_144].decode(name, errors="ignore").encode()
    text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE")) and b"<svg" in data[:65536]


@contextlib.contextmanager
def strict_decoding():
    """Pillow's safe settings for the duration: a cut-short file fails. A bomb is refused by
    `check_pixels` from the header's size, before any pixel is decoded, with the size in the
    message (Pillow's own check is left off, it would say less)."""
    from PIL import Image, ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    Image.MAX_IMAGE_PIXELS = None
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS = before


def decode(data: bytes):
    """(upright image, format, embedded ICC profile, whether EXIF turned it) from the bytes.

    Modes are normalised to the few a press conversion handles: RGB(A), L(A), CMYK."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    with strict_decoding():
        try:
            image = Image.open(io.BytesIO(data))
            fmt = image.format or ""
            check_pixels(image.size, image.mode)
            image.load()
        except UnidentifiedImageError as exc:
            raise Refused(*tiff_trouble(data) or (
                _("is not a picture Pillow can read (damaged, or an unusual variant)"),
                _("export it again as JPEG, PNG or TIFF"))) from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            cut = "truncated" in str(exc) or "broken" in str(exc) or isinstance(exc, EOFError)
            message = _("is cut short (truncated)") if cut else _("is damaged and cannot be decoded")
            raise Refused(message, _("copy or export the picture again")) from exc
    if fmt not in RASTER_FORMATS:
        raise Refused(_("is a {format} file").format(format=fmt), _("give a JPEG, PNG or TIFF picture"))
    icc = image.info.get("icc_profile") or None
    oriented = image.getexif().get(0x0112, 1) not in (1, None)
    if oriented:
        image = ImageOps.exif_transpose(image)
    return normalise_mode(image), fmt, icc, oriented


def check_pixels(size: tuple[int, int], mode: str = "RGB") -> None:
    """Refuse, from the header, a picture of more pixels than a press picture has, or whose
    conversion would take more than PICTURE_MEMORY (its pixels in `mode` times what the
    conversion holds of each at once: BYTES_PER_PIXEL)."""
    width, height = size
    if width * height > MAX_PIXELS:
        raise Refused(_("is {width} × {height} px ({megapixels} megapixels), more than the "
                        "{most} a picture for print may have").format(
                          width=grouped(width), height=grouped(height),
                          megapixels=grouped(round(width * height / 1e6)),
                          most=grouped(MAX_PIXELS // 1_000_000)),
                      _("save a smaller copy: 300 ppi at the printed size is enough"))
    if width < 1 or height < 1:
        raise Refused(_("has no pixels"), _("export the picture again"))
    cost = BYTES_PER_PIXEL.get(mode, max(BYTES_PER_PIXEL.values()))
    if width * height * cost > PICTURE_MEMORY:
        raise Refused(_("is {width} × {height} px: converting its {mode} pixels for print would "
                        "take about {memory} MB, more than the {most} MB a picture may "
                        "take").format(width=grouped(width), height=grouped(height), mode=mode,
                                       memory=grouped(width * height * cost >> 20),
                                       most=grouped(PICTURE_MEMORY >> 20)),
                      _("save a smaller copy, of at most {megapixels} megapixels: 300 ppi at the "
                        "printed size is enough").format(
                          megapixels=grouped(PICTURE_MEMORY // cost // 1_000_000)))


def normalise_mode(image):
    mode = image.mode
    if mode in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return image
    if mode == "1":
        return image.convert("L")
    if mode in ("P", "PA"):
        return image.convert("RGBA" if "transparency" in image.info or mode == "PA" else "RGB")
    if mode in ("RGBX", "YCbCr"):
        return image.convert("RGB")
    if mode == "RGBa":
        return image.convert("RGBA")
    if mode == "La":
        return image.convert("LA")
    if mode.startswith("I;16") or mode == "I":
        # 16-bit grey (scanners, TIFF): its top eight bits.
        return image.convert("I").point(lambda value: value / 257).convert("L")
    if mode == "LAB":
        raise Refused(_("is in Lab colour"), _("save it as RGB (or CMYK) TIFF or JPEG"))
    raise Refused(_("is in the colour mode {mode}, which a press conversion cannot take").format(
        mode=mode), _("save it as an 8-bit RGB, greyscale or CMYK picture"))


def tiff_trouble(data: bytes) -> tuple[str, str] | None:
    """Why Pillow could not open a TIFF, from its tags: the cases a user can fix by name."""
    from PIL.TiffImagePlugin import ImageFileDirectory_v2

    if not data.startswith((b"II*\x00", b"MM\x00*")):
        return None
    try:
        tags = ImageFileDirectory_v2(ifh=data[:8])
        handle = io.BytesIO(data)
        handle.seek(tags.next)
        tags.load(handle)
    except Exception:  # a TIFF whose tags cannot even be read is simply damaged
        return None
    photometric, extra = tags.get(262), tags.get(338) or ()
    if photometric == 5 and any(kind in (1, 2) for kind in extra):
        return (_("is a CMYK TIFF with transparency (an alpha channel)"),
                _("flatten it (no alpha channel) or save it as a CMYK JPEG"))
    if photometric == 5:
        return (_("is a CMYK TIFF of a kind Pillow cannot read (not 8 bits a channel, or more "
                  "than four inks)"), _("save it as an 8-bit CMYK TIFF or JPEG"))
    bits = tags.get(258) or ()
    if any(b not in (1, 8, 16) for b in bits):
        return (_("is a TIFF of {bits} bits a channel").format(bits=max(bits)),
                _("save it as an 8-bit TIFF or a JPEG"))
    return None
