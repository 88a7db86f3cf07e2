"""What the vendored fonts can draw: a character none of them has is an error, not a tofu box."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def font_cmaps(fonts_dir: Path) -> dict[str, frozenset[int]]:
    from fontTools.ttLib import TTFont

    out = {}
    for path in sorted(fonts_dir.glob("*.ttf")):
        font = TTFont(path, lazy=True)
        out[path.name] = frozenset(font.getBestCmap())
    return out


@cache
def covered_codepoints(fonts_dir: Path) -> frozenset[int]:
    return frozenset().union(*font_cmaps(fonts_dir).values())


def missing_glyphs(text: str, fonts_dir: Path) -> set[str]:
    """Characters no vendored font can draw; WeasyPrint would print them as empty boxes."""
    covered = covered_codepoints(fonts_dir)
    return {ch for ch in text if ord(ch) not in covered and not ch.isspace() and ch != "\u00ad"}
