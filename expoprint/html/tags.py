"""What WeasyPrint 70's tagged PDFs lack, added around it: languages of parts, and page furniture
as artifacts. Shared by the screen leaflet and the large-print booklet; the tests read both back
with pikepdf (`tests/pdfua.py`).

- `languages_of_parts`: WeasyPrint gives the structure tree the document's language only; an
  element with a `lang` attribute (an English part, a French text borrowed in the English
  edition) gets its own `/Lang`, so a screen reader switches its voice (WCAG 3.1.2).
- `margins_as_artifacts`: WeasyPrint marks the text of page margins (page numbers) with MCIDs that
  no structure element reaches (its own comment: "could be included as Artifact, but that's only
  allowed in PDF 2.0"). PDF/UA wants such furniture marked `/Artifact`: the marks are rewritten.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def languages_of_parts() -> Iterator[None]:
    """While open, an element with a `lang` attribute gives its structure element a `/Lang`.

    The hook wraps WeasyPrint's own tree builder (`pdf.tags._build_box_tree`, pinned by
    `weasyprint<71`) and is removed on exit."""
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box, parent, *args):
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and box.element_tag not in (
            "html", "body") else None
        for structure in original(box, parent, *args):
            if lang and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original


def reached_mcids(pdf) -> set[tuple[int, int]]:
    """(page index, MCID) of every marked content a structure element reaches from the root."""
    import pikepdf

    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    reached: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    stack = [(pdf.Root.StructTreeRoot.get("/K"), None)]
    while stack:
        item, page = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack += [(child, page) for child in item]
        elif isinstance(item, int):
            if page is not None:
                reached.add((pages.get(page.objgen, -1), int(item)))
        elif isinstance(item, pikepdf.Dictionary):
            if item.is_indirect:
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
            page = item.get("/Pg", page)
            if item.get("/Type") == "/MCR":
                stack.append((int(item.MCID), page))
            elif "/K" in item:
                stack.append((item.K, page))
    return reached


def margins_as_artifacts(data: bytes) -> bytes:
    """The PDF with every marked content no structure element reaches re-marked as a pagination
    artifact (`/Artifact <</Type /Pagination>> BDC`), and dropped from the parent tree."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return data
        reached = reached_mcids(pdf)
        changed = False
        for index, page in enumerate(pdf.pages):
            instructions = pikepdf.parse_content_stream(page)
            orphaned = False
            out = []
            for operands, operator in instructions:
                if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                        and "/MCID" in operands[1] and (index, int(operands[1].MCID)) not in reached:
                    operands = [pikepdf.Name.Artifact,
                                pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
                    orphaned = True
                out.append(pikepdf.ContentStreamInstruction(operands, operator))
            if orphaned:
                page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
                changed = True
        if not changed:
            return data
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
        return buffer.getvalue()
