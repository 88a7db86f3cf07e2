"""What the vendored fonts can draw: a character none of them has is an error, not a tofu box."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def font_cmaps(fonts_dir: Path) -> dict[str, frozenset[int]]:
    """Each font's characters, read by HarfBuzz: half the time fontTools takes to parse them."""
    import uharfbuzz

    return {path.name: frozenset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path))).unicodes)
            for path in sorted(fonts_dir.glob("*.ttf"))}


@cache
def covered_codepoints(fonts_dir: Path) -> frozenset[int]:
    return frozenset().union(*font_cmaps(fonts_dir).values())


@cache
def covered_characters(fonts_dir: Path) -> frozenset[str]:
    """The same as characters, plus those that need no glyph (spaces, the soft hyphen): a
    thousand labels' texts are then checked by one set difference each."""
    return frozenset(map(chr, covered_codepoints(fonts_dir))) | frozenset(" \t\n\r\u00ad")


def missing_glyphs(text: str, fonts_dir: Path) -> set[str]:
    """Characters no vendored font can draw; WeasyPrint would print them as empty boxes."""
    return {ch for ch in set(text) - covered_characters(fonts_dir) if not ch.isspace()}
