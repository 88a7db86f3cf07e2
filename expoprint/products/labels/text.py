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
from ...typography import HYPHENATION, good_break, typeset
from .spec import Sizes

LEADING = 1.22
FONTS = {  # ReportLab name: file in fonts/
    "Serif": "EBGaramond12-Regular.ttf", "Serif-Italic": "EBGaramond12-Italic.ttf",
    "Sans": "Lato-Regular.ttf", "Sans-Bold": "Lato-Bold.ttf", "Sans-Italic": "Lato-Italic.ttf",
    "Sans-Black": "Lato-Black.ttf",
}

# ReportLab applies no OpenType feature: what WeasyPrint's products get from `liga` and `lnum`
# is done here. Ligatures: fi and fl drawn as the font's own ligature glyphs (mapped at U+FB01
# and U+FB02 in both kit fonts), so the f no longer touches the dot of the i.
LIGATURES = (("fi", "\ufb01"), ("fl", "\ufb02"))
ligatures_of: dict[str, tuple[tuple[str, str], ...]] = {}  # ReportLab name → the pairs it has


@cache
def register_fonts(fonts: Path) -> None:
    """Register the label fonts with ReportLab; the serif's figures are its lining ones."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in FONTS.items():
        source = lining(fonts / file) if name.startswith("Serif") else str(fonts / file)
        pdfmetrics.registerFont(TTFont(name, source))
        ligatures_of[name] = font_ligatures(fonts / file)


def lining(path: Path):
    """The font with its figures' code points mapped to its lining figures (`lnum`): EB
    Garamond's default figures are old-style, right in running text, wrong on a label where a
    date, a height or an inventory number must be read at a glance. A font without `lnum` is
    returned as it is."""
    import io

    from fontTools.ttLib import TTFont as Font

    font = Font(path, recalcTimestamp=False)  # the build's clock in the font: other bytes each second
    swaps = feature_mapping(font, "lnum")
    if not swaps:
        return str(path)
    for table in font["cmap"].tables:
        if table.isUnicode():
            for code, glyph in list(table.cmap.items()):
                if glyph in swaps and chr(code).isdigit():
                    table.cmap[code] = swaps[glyph]
    data = io.BytesIO()
    font.save(data)
    data.seek(0)
    return data


def feature_mapping(font, tag: str) -> dict[str, str]:
    """The single substitutions of an OpenType feature: glyph → glyph."""
    if "GSUB" not in font:
        return {}
    table = font["GSUB"].table
    found: dict[str, str] = {}
    for record in table.FeatureList.FeatureRecord:
        if record.FeatureTag != tag:
            continue
        for index in record.Feature.LookupListIndex:
            for sub in table.LookupList.Lookup[index].SubTable:
                sub = getattr(sub, "ExtSubTable", sub)
                found.update(getattr(sub, "mapping", None) or {})
    return found


def font_ligatures(path: Path) -> tuple[tuple[str, str], ...]:
    from fontTools.ttLib import TTFont as Font

    cmap = Font(path, lazy=True).getBestCmap()
    return tuple(pair for pair in LIGATURES if ord(pair[1]) in cmap)


def with_ligatures(line: str, font: str) -> str:
    """`line` with the ligatures its font has (registered by `register_fonts`)."""
    for letters, ligature in ligatures_of.get(font, ()):
        line = line.replace(letters, ligature)
    return line


@cache
def hyphenator(lang: str):
    import pyphen

    # At least 3 letters on each side of a break, as hyphenate-limit-chars in the HTML products
    # (and `good_break`, which counts them from an elision or a hyphen).
    return pyphen.Pyphen(lang=HYPHENATION.get(lang, "fr_FR"), left=3, right=3)


def breakable(word: str, lang: str) -> bool:
    """A common word: not a proper noun (no capital anywhere: "l’Armée" stays whole) nor words
    tied by a no-break space ("de Lattre", "28 FFI"). Where every noun takes a capital (German:
    « Gartenbaubetriebsnotizbuch »), a capital first is no sign of a name; capitals inside are."""
    from ...phrasebook import phrasebook

    if any(c in "\u00a0\u202f" for c in word) or any(c.isupper() for c in word[1:]):
        return False
    return word[:1].islower() or bool(phrasebook(lang)["typography"]["capitalised_nouns"])


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
        if breakable(word, lang) and current and hyphens_in_a_row < 2:
            rest = " ".join(words[index + 1:])
            for head, tail in hyphenator(lang).iterate(word):
                if not good_break(head, tail):
                    continue
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
    lines: tuple[str, ...]  # as drawn: broken, hyphenated, with the font's ligatures

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
                target.append(Placed(block, round(size, 2),
                                     tuple(with_ligatures(line, block.font) for line in lines)))
        total = sum(p.height for group in placed for p in group)
        if ok and total <= height_pt:
            return placed[0], placed[1], scale
        floors_reached = all(
            getattr(sizes, b.role)[0] * scale <= getattr(sizes, b.role)[1] for b in blocks + footer)
        if floors_reached:
            return None
        scale -= 0.03


LABEL_LANGUAGES = 3  # the main language and two translations: a label read standing holds no more


def label_languages(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a label carries: the main one, then the first two translations."""
    return languages[:LABEL_LANGUAGES]


def label_blocks(artefact: Artefact, languages: tuple[str, ...], small: bool,
                 words: dict[str, str]) -> tuple[list[Block], list[Block]]:
    """What a label says, in reading order; a small label keeps title and credit only."""
    main = languages[0]
    blocks = [Block("title", typeset(artefact.title.main, main), "Serif", "title",
                    "primary_type")]
    if not small and artefact.date:
        blocks.append(Block("date", typeset(artefact.date.main, main), "Sans-Bold", "text",
                            "accent_type", 0.25))
    if not small and artefact.description:
        blocks.append(Block("description", typeset(artefact.description.main, main), "Sans",
                            "text", "text", 0.4))
    for lang in label_languages(languages)[1:] if not small else ():
        if title := artefact.title.translation(lang):
            blocks.append(Block(f"title_{lang}", typeset(title, lang), "Serif-Italic", "text",
                                "muted", 0.7, lang))
        if artefact.description and (description := artefact.description.translation(lang)):
            blocks.append(Block(f"description_{lang}", typeset(description, lang),
                                "Sans-Italic", "text", "muted", 0.2, lang))
    footer = []
    if artefact.lender:
        footer.append(Block("lender", typeset(artefact.lender.main, main), "Sans-Italic", "small",
                            "text"))
    if artefact.inventory and not small:
        footer.append(Block("inventory", f"{words['inventory']} {artefact.inventory}", "Sans",
                            "small", "muted"))
    return blocks, footer

