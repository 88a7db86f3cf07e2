"""A product that is not part of expoprint: one A6 card for screens, made with ReportLab.

It exists to prove that a product is one module and one catalog entry (tests/test_registry.py):
nothing else of the tool names it.
"""

from __future__ import annotations

import io

from expoprint.content import Content
from expoprint.products.base import BuildContext, Output

NAME = "card"
FOLDER = "card"


def needs(content: Content) -> str | None:
    return None


def build(ctx: BuildContext) -> list[Output]:
    from reportlab.lib.pagesizes import A6
    from reportlab.pdfgen.canvas import Canvas

    data = io.BytesIO()
    canvas = Canvas(data, pagesize=A6, invariant=True)
    canvas.drawString(40, 300, ctx.content.exhibition.title.main)
    canvas.showPage()
    canvas.save()
    return [Output(f"{FOLDER}/carte.pdf", NAME, "A6", (105.0, 148.0), 0.0, 1, data.getvalue(),
                   use="screen")]
