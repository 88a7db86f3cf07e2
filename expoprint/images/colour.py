"""Colour: pictures and logo colours into the press's CMYK, through the output intent's profile.

Contract: every function takes the output profile (`icc`, the file the PDF's output intent
embeds: FOGRA39 by default, the printer's own with `--icc`) and returns what may be printed on
that condition — CMYK of at most `INK_LIMIT` in total, or grey meant for the black plate alone.
- `rgb_to_cmyk`: LittleCMS through Pillow's ImageCms, relative colorimetric with black-point
  compensation, from the picture's embedded profile (sRGB when it has none, or one that cannot
  be read), then the total ink clipped to the limit (our FOGRA39 profile, built from measurement
  data, puts up to 320 % in deep shadows; the press takes 300 %).
- `grey_to_k`: a grey picture (or a neutral one saved as RGB) prints on the black plate only,
  its tones matched in lightness (L*) to what K alone prints on this paper, black to K 100.
- `paint`: one sRGB colour of a vector logo as CMYK: pure black is K 100 (never a four-colour
  black under small type), a neutral grey is K only, white is no ink.
"""

from __future__ import annotations

import io
from functools import cache, lru_cache
from pathlib import Path

from ..i18n import _

CMYK = tuple[float, float, float, float]
INK_LIMIT = 2.9  # of 3.00 (300 %): JPEG compression must not carry a pixel past the press's limit
NEUTRAL_TOLERANCE = 2  # of 255: a "grey" that differs by this between channels is still grey
STRIP_ROWS = 256


@cache
def output_profile(icc: Path):
    """The press profile, read into memory. LittleCMS keeps a profile opened by its path open,
    and reads its tags when they are first needed; a worker forked from the process that opened
    it shares the file's position with its sibling, so two workers reading at once read each
    other's bytes ("Could not get profile", or a wrong conversion)."""
    from PIL import ImageCms

    return ImageCms.getOpenProfile(io.BytesIO(icc.read_bytes()))


@lru_cache(maxsize=16)
def embedded_profile(embedded: bytes | None, space: str):
    """The picture's own profile when it is a readable one of its colour space ("RGB" or
    "GRAY"), else None."""
    from PIL import ImageCms

    if not embedded:
        return None
    try:
        profile = ImageCms.getOpenProfile(io.BytesIO(embedded))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None
    return profile if profile.profile.xcolor_space.strip() == space else None


SPACES = {"RGB": "RGB", "RGBA": "RGB", "L": "GRAY", "LA": "GRAY", "CMYK": "CMYK"}


def profile_problem(embedded: bytes, mode: str) -> str | None:
    """Why a picture's embedded profile cannot convert its pixels (of Pillow `mode`), in words:
    LittleCMS cannot read it or build a conversion from it, or it is for another colour space
    (an sRGB or Lab profile in a CMYK JPEG). None when it serves."""
    from PIL import ImageCms

    wanted = SPACES.get(mode)
    try:
        profile = ImageCms.getOpenProfile(io.BytesIO(embedded))
        space = profile.profile.xcolor_space.strip()
        if wanted is None or space != wanted:
            return _("a profile for {space} colour, not for its {mode} pixels").format(
                space=space or "?", mode=wanted or mode)
        ImageCms.buildTransform(profile, ImageCms.createProfile("LAB"),
                                "L" if wanted == "GRAY" else wanted, "LAB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        return _("a profile the colour engine cannot read ({reason})").format(
            reason=str(exc)[:60] or type(exc).__name__)
    return None


def rgb_profile(embedded: bytes | None):
    """An RGB photo without a (usable) profile is, in practice, sRGB."""
    from PIL import ImageCms

    return embedded_profile(embedded, "RGB") or ImageCms.createProfile("sRGB")


@lru_cache(maxsize=16)
def rgb_transform(embedded: bytes | None, icc: Path):
    from PIL import ImageCms

    return ImageCms.buildTransform(
        rgb_profile(embedded), output_profile(icc), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def strips(image) -> list[tuple[int, int, int, int]]:
    """The picture's boxes of STRIP_ROWS rows: a large picture is worked on a strip at a time,
    so the memory a conversion takes beyond its input and its output is a strip's."""
    width, height = image.size
    return [(0, top, width, min(height, top + STRIP_ROWS)) for top in range(0, height, STRIP_ROWS)]


def rgb_to_cmyk(image, embedded: bytes | None, icc: Path):
    """An RGB picture as CMYK for this press, its total ink within the limit."""
    from PIL import Image, ImageCms

    transform = rgb_transform(embedded, icc)
    result = Image.new("CMYK", image.size)
    for box in strips(image):
        result.paste(ImageCms.applyTransform(image.crop(box), transform), box[:2])
    return limit_ink(result, owned=True)


def limit_ink(image, limit: float = INK_LIMIT, owned: bool = False):
    """Clip the total ink of a CMYK picture: where C+M+Y+K passes the limit, C, M and Y give
    way in proportion and K stays, so shadows keep their depth and their black. Strip by strip;
    an `owned` picture is changed in place, another copied only if a pixel is over."""
    import numpy as np
    from PIL import Image

    most = int(limit * 255)
    out = image if owned else None
    for box in strips(image):
        pixels = np.asarray(image.crop(box))  # C, M, Y, K, 0–255 each
        over = pixels.sum(axis=2, dtype=np.uint16) > most
        if not over.any():
            continue
        fixed = pixels.copy()
        chosen = fixed[over].astype(np.float32)  # only the pixels over the limit: shadows are few
        room = np.maximum(most - chosen[:, 3], 0)
        chosen[:, :3] *= (room / np.maximum(chosen[:, :3].sum(axis=1), 1))[:, None]
        fixed[over] = np.floor(chosen).astype(np.uint8)
        if out is None:
            out = image.copy()
        out.paste(Image.fromarray(fixed, "CMYK"), box[:2])
    return image if out is None else out


def max_ink(image) -> float:
    """The largest C+M+Y+K of a CMYK picture, 0–4."""
    import numpy as np

    return max(int(np.asarray(image.crop(box)).sum(axis=2, dtype=np.uint16).max())
               for box in strips(image)) / 255


@lru_cache(maxsize=16)
def grey_ramp(embedded: bytes | None, mode: str, icc: Path) -> tuple[int, ...]:
    """For each grey level 0–255 of a picture, the K (0–255) that prints its lightness.

    Relative colorimetric with black-point compensation, as for colour: the picture's white is
    the paper, its black K 100, and the tones between keep their place in L* between the two."""
    from PIL import Image, ImageCms

    lab = ImageCms.createProfile("LAB")
    ramp = Image.frombytes("L", (256, 1), bytes(range(256)))
    grey = embedded_profile(embedded, "GRAY") if mode == "L" else None
    if grey is not None:
        source = ImageCms.applyTransform(ramp, ImageCms.buildTransform(grey, lab, "L", "LAB"))
    else:  # a grey without its own profile is sRGB's grey, as an RGB photo is sRGB
        rgb = rgb_profile(embedded if mode == "RGB" else None)
        source = ImageCms.applyTransform(Image.merge("RGB", (ramp, ramp, ramp)),
                                         ImageCms.buildTransform(rgb, lab, "RGB", "LAB"))
    wanted = list(source.getchannel(0).tobytes())  # L*, 0–255
    k_ramp = Image.merge("CMYK", (Image.new("L", (256, 1)),) * 3 + (ramp,))
    printed = ImageCms.applyTransform(k_ramp, ImageCms.buildTransform(
        output_profile(icc), lab, "CMYK", "LAB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC))
    k_lightness = list(printed.getchannel(0).tobytes())
    darkest, lightest = wanted[0], wanted[255]
    paper, solid = k_lightness[0], k_lightness[255]
    out = []
    for level in range(256):
        share = (wanted[level] - darkest) / max(lightest - darkest, 1)
        target = solid + share * (paper - solid)
        out.append(k_for(target, k_lightness))
    out[0], out[255] = 255, 0
    return tuple(out)


def k_for(lightness: float, k_lightness: list[int]) -> int:
    """The K whose printed L* is nearest `lightness` (L* falls as K grows)."""
    best, distance = 0, float("inf")
    for k, value in enumerate(k_lightness):
        if abs(value - lightness) < distance:
            best, distance = k, abs(value - lightness)
    return best


def grey_to_k(image, embedded: bytes | None, icc: Path):
    """A grey picture (mode L, or a neutral RGB one) as the black plate: mode L, where 0 is
    K 100 and 255 no ink, as PDF's DeviceGray reads it."""
    mode = "L" if image.mode == "L" else "RGB"
    grey = image if image.mode == "L" else image.getchannel("G")
    k = grey_ramp(embedded, mode, icc)
    return grey.point([255 - value for value in k])


def is_neutral(image) -> bool:
    """An RGB picture whose every pixel is grey: printed on the black plate alone."""
    from PIL import ImageChops

    for box in strips(image):
        red, green, blue = image.crop(box).convert("RGB").split()
        spread = max(ImageChops.difference(red, green).getextrema()[1],
                     ImageChops.difference(green, blue).getextrema()[1])
        if spread > NEUTRAL_TOLERANCE:
            return False
    return True


@lru_cache(maxsize=4096)
def paint(red: float, green: float, blue: float, icc: Path) -> CMYK:
    """One sRGB colour (0–1) of a logo as CMYK (0–1) for this press."""
    from PIL import Image, ImageCms

    levels = tuple(max(0, min(255, round(v * 255))) for v in (red, green, blue))
    if max(levels) - min(levels) <= NEUTRAL_TOLERANCE:
        k = grey_ramp(None, "RGB", icc)[round(sum(levels) / 3)]
        return (0.0, 0.0, 0.0, round(k / 255, 3))
    pixel = Image.new("RGB", (1, 1), levels)  # type: ignore[arg-type]
    cmyk = limit_ink(ImageCms.applyTransform(pixel, rgb_transform(None, icc))).getpixel((0, 0))
    return tuple(round(v / 255, 3) for v in cmyk)  # type: ignore[return-value]


def on_ground(cmyk_image, alpha, ground: CMYK):
    """A CMYK picture with transparency laid on a flat CMYK ground, as the press would print
    it over that ground: no transparency left in the file. The picture is changed in place,
    a strip at a time (it is the conversion's own)."""
    from PIL import Image

    width = cmyk_image.width
    flat = Image.new("CMYK", (width, STRIP_ROWS), tuple(round(v * 255) for v in ground))
    for box in strips(cmyk_image):
        rows = box[3] - box[1]
        ground_strip = flat if rows == STRIP_ROWS else flat.crop((0, 0, width, rows))
        cmyk_image.paste(Image.composite(cmyk_image.crop(box), ground_strip, alpha.crop(box)),
                         box[:2])
    return cmyk_image
