"""What the vendored fonts can draw: a character none of them has is an error, not a tofu box."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .content import Content, walk_text
from .content.model import NOT_WALKED, texts_in
from .errors import Report
from .i18n import _
from .mapping import translated_key
from .typography import WRITTEN_BY_RULES, typeset


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


def check_glyphs(content: Content, fonts: Path, report: Report) -> None:
    """A character the fonts cannot draw is an error naming its field, never a tofu box.

    All the texts are looked at together first, with every character typesetting may write:
    when the fonts have them all, as they nearly always do, no field is typeset or named here
    (a thousand labels' texts in 5 ms, not 30)."""
    every_text: list[str] = []
    for model in (content.exhibition, content.timeline, *(content.artefacts or ())):
        texts_in(model, NOT_WALKED, every_text)
    if not missing_glyphs("".join((*WRITTEN_BY_RULES, *every_text)), fonts):
        return
    sources = [(content.exhibition, str(content.folder / "exhibition.yaml"), None, ""),
               (content.timeline, str(content.folder / "timeline.yaml"), None, "")]
    sources += [(a, a.source, a.line, a.field()) for a in content.artefacts or ()]
    texts = [(source, line, field_path, version, lang)
             for model, source, line, root in sources
             for path, text in walk_text(model, root)
             for field_path, version, lang in (
                 [(path, text, content.main_language)] if isinstance(text, str) else
                 [(translated_key(path, lang, text.main_lang), version, lang)
                  for lang, version in text.texts])
             if version]
    for source, line, field_path, version, lang in texts:
        if missing := missing_glyphs(typeset(version, lang), fonts):
            shown = " ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in sorted(missing)[:5])
            report.error(source, line, field_path,
                         _("has characters the fonts cannot print: {characters}").format(
                             characters=shown),
                         _("remove them or replace them with plain text"))
