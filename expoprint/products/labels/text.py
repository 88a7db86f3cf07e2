"""Text on a label: fonts, line breaking with hyphenation, and fitting every block into its box.

Our own line breaking, not ReportLab's paragraphs: a thousand labels are fitted in about a second,
and the breaks follow the same rules as the HTML products (3 letters each side of a break, proper
nouns whole, no lone syllable on a line).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ...content import Artefact
from ...typography import typeset
from .spec import Sizes

LEADING = 1.22
FONTS = {  # ReportLab name: file in fonts/
    "Serif": "EBGaramond12-Regular.ttf", "Serif-Italic": "EBGaramond12-Italic.ttf",
    "Sans": "Lato-Regular.ttf", "Sans-Bold": "Lato-Bold.ttf", "Sans-Italic": "Lato-Italic.ttf",
    "Sans-Black": "Lato-Black.ttf",
}

@cache
def register_fonts(fonts: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts / file)))


@cache
def hyphenator(lang: str):
    import pyphen

    # At least 3 letters on each side of a break, as hyphenate-limit-chars in the HTML products.
    return pyphen.Pyphen(lang="fr_FR" if lang == "fr" else "en_GB", left=3, right=3)


def breakable(word: str) -> bool:
    """A common word: not a proper noun (no capital anywhere: "l’Armée" stays whole) nor words
    tied by a no-break space ("de Lattre", "28 FFI")."""
    return word[:1].islower() and not any(c.isupper() or c in "\u00a0\u202f" for c in word)


@lru_cache(maxsize=4096)
def wrap(text: str, font: str, size: float, width_pt: float, lang: str) -> tuple[str, ...]:
    """Greedy line breaking with hyphenation of common words (proper nouns stay whole), by the
    rules the HTML products follow too: never a line holding a lone syllable, never the last
    line starting with the tail of a split word, at most two hyphenated lines in a row."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def fits(line: str) -> bool:
        return stringWidth(line, font, size) <= width_pt

    words = text.split(" ")
    lines: list[str] = []
    current = ""
    hyphens_in_a_row = 0
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        split = None
        if breakable(word) and current and hyphens_in_a_row < 2:
            rest = " ".join(words[index + 1:])
            for head, tail in hyphenator(lang).iterate(word):
                if fits(f"{current} {head}-") and not fits(f"{tail} {rest}".strip()):
                    split = head, tail
                    break
        if split:
            lines.append(f"{current} {split[0]}-")
            current = split[1]
            hyphens_in_a_row += 1
        else:
            if current:
                lines.append(current)
            current = word
            hyphens_in_a_row = 0
        if not fits(current):
            return ()  # a single word wider than the line: this size cannot work
    if current:
        lines.append(current)
    return tuple(lines)


@dataclass(frozen=True)
class Block:
    field: str  # the content field, to name in messages
    text: str
    font: str
    role: str  # title, text or small
    colour: str  # a palette role; under 12 pt a role of several inks prints as `text` (K)
    gap_before: float = 0.0  # in em of the block's size
    lang: str = "fr"  # the hyphenation patterns its words break with


@dataclass(frozen=True)
class Placed:
    block: Block
    size: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return (self.block.gap_before + len(self.lines)) * self.size * LEADING


def fit(blocks: list[Block], footer: list[Block], width_pt: float, height_pt: float,
        sizes: Sizes) -> tuple[list[Placed], list[Placed], float] | None:
    """Shrink every text together, step by step, until the blocks fit; None if even the floors
    do not. Returns the placed blocks and the scale used (1.0 = preferred sizes)."""
    scale = 1.0
    while True:
        placed: list[list[Placed]] = [[], []]
        ok = True
        for group, target in ((blocks, placed[0]), (footer, placed[1])):
            for block in group:
                preferred, floor = getattr(sizes, block.role)
                size = max(floor, preferred * scale)
                lines = wrap(block.text, block.font, round(size, 2), width_pt, block.lang)
                if not lines:
                    ok = False
                    break
                target.append(Placed(block, round(size, 2), lines))
        total = sum(p.height for group in placed for p in group)
        if ok and total <= height_pt:
            return placed[0], placed[1], scale
        floors_reached = all(
            getattr(sizes, b.role)[0] * scale <= getattr(sizes, b.role)[1] for b in blocks + footer)
        if floors_reached:
            return None
        scale -= 0.03


def label_blocks(artefact: Artefact, languages: tuple[str, ...], small: bool,
                 words: dict[str, str]) -> tuple[list[Block], list[Block]]:
    """What a label says, in reading order; a small label keeps title and credit only."""
    blocks = [Block("title", typeset(artefact.title.fr, "fr"), "Serif", "title",
                    "primary_type")]
    if not small and artefact.date:
        blocks.append(Block("date", typeset(artefact.date.fr, "fr"), "Sans-Bold", "text",
                            "accent_type", 0.25))
    if not small and artefact.description:
        blocks.append(Block("description", typeset(artefact.description.fr, "fr"), "Sans", "text",
                            "text", 0.4))
    if "en" in languages and not small:
        if artefact.title.en:
            blocks.append(Block("title_en", typeset(artefact.title.en, "en"), "Serif-Italic", "text",
                                "muted", 0.7, "en"))
        if artefact.description and artefact.description.en:
            blocks.append(Block("description_en", typeset(artefact.description.en, "en"),
                                "Sans-Italic", "text", "muted", 0.2, "en"))
    footer = []
    if artefact.lender:
        footer.append(Block("lender", typeset(artefact.lender.fr, "fr"), "Sans-Italic", "small",
                            "text"))
    if artefact.inventory and not small:
        footer.append(Block("inventory", f"{words['inventory']} {artefact.inventory}", "Sans",
                            "small", "muted"))
    return blocks, footer

