"""ICC output profiles: is this file one a press file can declare as its output intent?

Contract: `read_output_profile(path)` returns the bytes of a CMYK output (printer) profile that
LittleCMS reads and converts with, or raises `Unusable` saying why in the user's words: not a
regular file, too large (judged by `stat`, before a byte is read), cut short (the size its
header declares is not the file's), not an ICC profile, not CMYK, not a printer profile, or a
profile LittleCMS cannot build a conversion with. `output_profile_problem(data)` says the same of
bytes already in memory (an output intent's profile inside a PDF). Every press file embeds the
profile and every colour goes through it: a broken one would print wrong without a word.
"""

from __future__ import annotations

import io
import os
import stat
from functools import lru_cache
from pathlib import Path

from .i18n import _
from .mapping import grouped

MAX_PROFILE_BYTES = 16 * 1024 * 1024  # printer profiles are 0.5–4 MB; 3 GB is not a profile
HEADER = 128


class Unusable(Exception):
    """A profile that cannot serve as the press's: the message completes "<file> …"."""


def read_output_profile(path: Path) -> bytes:
    """The profile's bytes, checked; `Unusable` otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not hang the open
    except OSError as exc:
        raise Unusable(_("cannot be opened ({reason})").format(reason=exc.strerror)) from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Unusable(_("is not a regular file"))
        if info.st_size > MAX_PROFILE_BYTES:
            raise Unusable(_("is {size} MB, far more than an ICC profile").format(
                size=grouped(info.st_size >> 20)))
        data = handle.read(MAX_PROFILE_BYTES + 1)
    if problem := output_profile_problem(data):
        raise Unusable(problem)
    return data


@lru_cache(maxsize=4)
def output_profile_problem(data: bytes) -> str | None:
    """What makes `data` unusable as a CMYK output profile, in words; None if it is one.
    Remembered: the build's own preflight asks it of every press file, with the same bytes."""
    if len(data) < HEADER or data[36:40] != b"acsp":
        return _("is not a CMYK ICC profile")
    declared = int.from_bytes(data[:4], "big")
    if declared > len(data):
        return _("is cut short: its header says {declared} bytes, the file has {size}").format(
            declared=grouped(declared), size=grouped(len(data)))
    if data[16:20] != b"CMYK":
        return _("is not a CMYK ICC profile (its colour space is {space})").format(
            space=data[16:20].decode("latin-1").strip() or "?")
    if data[12:16] != b"prtr":
        return _("is not a printer (output) profile, but of the class '{kind}'").format(
            kind=data[12:16].decode("latin-1").strip() or "?")
    from PIL import Image, ImageCms

    try:
        profile = ImageCms.getOpenProfile(io.BytesIO(data))
        # A conversion both ways, as the build makes them: a profile may parse and still lack
        # the tables (tags) a conversion needs.
        to_press = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK")
        ImageCms.applyTransform(Image.new("RGB", (1, 1)), to_press)
        ImageCms.buildTransform(profile, ImageCms.createProfile("LAB"), "CMYK", "LAB")
    except (ImageCms.PyCMSError, OSError, ValueError) as exc:
        return _("cannot be read by the colour engine (LittleCMS: {reason})").format(
            reason=str(exc)[:80])
    return None
