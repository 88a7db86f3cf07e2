"""PDF/UA essentials read back with pikepdf, independently of how the PDF was made: the structure
tree's Figures and their /Alt, the language of every text run, and content outside any tag.

A text run's language is the nearest /Lang on its structure element or an ancestor, else the
catalog's: a run tagged inside a French span of an English document is French. Content is
"untagged" when a page draws it outside any marked-content sequence, and "orphan" when its MCID
is in no structure element reachable from the root (WeasyPrint 70 does that to page margins).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

PAINT = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh"}
TEXT = {"Tj", "TJ", "'", '"'}


@dataclass
class Audit:
    figures_without_alt: list[str] = field(default_factory=list)
    runs_without_lang: int = 0
    untagged: list[str] = field(default_factory=list)  # "page 1: Tj"
    orphans: list[str] = field(default_factory=list)  # "page 1: MCID 7"
    langs: dict[str, set[str]] = field(default_factory=dict)  # text → languages it is tagged in
    figures: list[str] = field(default_factory=list)  # their /Alt


def text_of(content: list, fonts) -> str:
    """The characters a run of text operators shows, as far as a simple font maps them."""
    out = []
    for operands, operator in content:
        if str(operator) in ("Tj", "'", '"'):
            out.append(bytes(operands[-1]))
        elif str(operator) == "TJ":
            out += [bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)]
    return b"".join(out).hex()


def audit(path) -> Audit:
    found = Audit()
    with pikepdf.open(path) as pdf:
        root_lang = str(pdf.Root.get("/Lang", ""))
        reachable: dict[tuple[int, int], str] = {}  # (page index, mcid) → language
        page_index = {page.objgen: index for index, page in enumerate(pdf.pages)}
        tree = pdf.Root.get("/StructTreeRoot")

        def walk(element, lang: str, page) -> None:
            if isinstance(element, pikepdf.Array):
                for item in element:
                    walk(item, lang, page)
                return
            if isinstance(element, int):
                reachable[(page_index.get(page.objgen, -1) if page is not None else -1,
                           int(element))] = lang
                return
            if not isinstance(element, pikepdf.Dictionary):
                return
            if element.get("/Type") == "/MCR":
                walk(int(element.MCID), lang, element.get("/Pg", page))
                return
            lang = str(element.get("/Lang", lang)) or lang
            page = element.get("/Pg", page)
            if element.get("/S") == "/Figure":
                alt = element.get("/Alt")
                if alt is None or not str(alt).strip():
                    found.figures_without_alt.append(str(element.get("/S")))
                else:
                    found.figures.append(str(alt))
            if "/K" in element:
                walk(element.K, lang, page)

        if tree is not None:
            walk(tree.get("/K"), root_lang, None)
        for index, page in enumerate(pdf.pages):
            depth, current = 0, []
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BMC", "BDC"):
                    tag = str(operands[0])
                    mcid = None
                    if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                        mcid = operands[1].get("/MCID")
                    current.append((tag, None if mcid is None else int(mcid)))
                    depth += 1
                elif name == "EMC":
                    current.pop()
                    depth -= 1
                elif name in PAINT:
                    if not current:
                        found.untagged.append(f"page {index + 1}: {name}")
                        continue
                    if any(tag == "/Artifact" for tag, _ in current):
                        continue
                    ids = [mcid for _, mcid in current if mcid is not None]
                    if not ids:
                        found.untagged.append(f"page {index + 1}: {name} in {current[-1][0]}")
                    elif (index, ids[-1]) not in reachable:
                        found.orphans.append(f"page {index + 1}: MCID {ids[-1]}")
                    elif name in TEXT and not reachable[(index, ids[-1])]:
                        found.runs_without_lang += 1
    found.orphans = sorted(set(found.orphans))
    return found
