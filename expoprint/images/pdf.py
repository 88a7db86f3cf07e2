"""PDF logos: checked for press colour, measured to their ink, drawn as vector by overlay.

Contract: `read_pdf(data)` returns a `Logo` (the file and the box its ink takes on its first
page, in points) or raises `Refused`: an encrypted or damaged file, a page turned by /Rotate, a
font not embedded, and any colour a CMYK press cannot take as it is — RGB (device, calibrated or
ICC), Lab, a spot colour — each named, with what to ask the designer for. Gray and CMYK pass;
DeviceRGB transparency groups are allowed (press finishing blends them in CMYK).

WeasyPrint cannot embed a PDF, so the layout leaves the logo's box empty and `overlay` draws the
logo's page there afterwards, as a form XObject clipped to its ink box, with pikepdf.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..i18n import _
from ..yamlnodes import quote
from .source import Refused

PT_PER_MM = 72 / 25.4
PX_PER_MM = 96 / 25.4
PROCESS = {"/Cyan", "/Magenta", "/Yellow", "/Black"}


def ask() -> str:
    """What to ask for instead of a logo in colours a press does not print."""
    return _("ask the designer for the logo as a PDF in CMYK (or as an SVG, which expoprint "
             "converts)")


@dataclass(frozen=True)
class Logo:
    data: bytes
    box: tuple[float, float, float, float]  # the ink's box on page 1, PDF user space (pt)

    @property
    def size(self) -> tuple[float, float]:
        return self.box[2] - self.box[0], self.box[3] - self.box[1]


def read_pdf(data: bytes) -> Logo:
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise Refused(_("is encrypted"), _("ask for the logo without a password")) from exc
    except pikepdf.PdfError as exc:
        raise Refused(_("is a damaged PDF"), _("ask for the logo again")) from exc
    with pdf:
        if pdf.is_encrypted:
            raise Refused(_("is encrypted"), _("ask for the logo without restrictions"))
        if not len(pdf.pages):
            raise Refused(_("is a PDF without pages"), _("ask for the logo again"))
        page = pdf.pages[0]
        if int(page.obj.get("/Rotate", 0)) % 360:
            raise Refused(_("is a page turned by /Rotate"), _("save the logo upright"))
        try:
            Checker().stream(page.obj, page.obj.get("/Resources"))
        except (pikepdf.PdfError, ValueError, TypeError, KeyError) as exc:
            raise Refused(_("is a PDF whose drawing cannot be read"), _("ask for the logo again")) from exc
    return Logo(data, ink_box(data))


class Checker:
    """Walks a page's drawing (content, forms, patterns, shadings, images, soft masks) for
    colour spaces and fonts a press file cannot hold."""

    def __init__(self):
        self.seen: set[tuple[int, int]] = set()

    def once(self, obj) -> bool:
        if not obj.is_indirect:
            return True
        if obj.objgen in self.seen:
            return False
        self.seen.add(obj.objgen)
        return True

    def stream(self, holder, resources) -> None:
        import pikepdf

        resources = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
        if isinstance(holder.get("/Group"), pikepdf.Dictionary) and "/CS" in holder.Group:
            self.space(holder.Group.CS, resources, group=True)
        font = None
        for operands, operator in pikepdf.parse_content_stream(holder):
            op = str(operator)
            if op in ("rg", "RG"):
                raise Refused(_("uses RGB colour"), ask())
            if op in ("cs", "CS"):
                self.space(operands[0], resources)
            elif op == "sh":
                self.shading(resources.get("/Shading", {}).get(str(operands[0])), resources)
            elif op == "Do":
                self.xobject(resources.get("/XObject", {}).get(str(operands[0])), resources)
            elif op == "INLINE IMAGE":
                inline = operands[0].obj
                space = inline.get("/CS", inline.get("/ColorSpace"))
                if space is not None and not inline.get("/IM", inline.get("/ImageMask", False)):
                    self.space(space, resources)
            elif op == "Tf":
                font = resources.get("/Font", {}).get(str(operands[0]))
            elif op in ("Tj", "TJ", "'", '"') and font is not None:
                self.font(font)  # a font that prints (files set fonts they never print with)
            elif op == "gs":
                state = resources.get("/ExtGState", {}).get(str(operands[0]))
                mask = state.get("/SMask") if state is not None else None
                if isinstance(mask, pikepdf.Dictionary) and "/G" in mask and self.once(mask.G):
                    self.stream(mask.G, mask.G.get("/Resources", resources))

    def xobject(self, xobject, resources) -> None:
        import pikepdf

        if xobject is None or not self.once(xobject):
            return
        if xobject.get("/Subtype") == pikepdf.Name.Image:
            if not xobject.get("/ImageMask", False):
                self.space(xobject.get("/ColorSpace", pikepdf.Name.DeviceGray), resources)
        elif xobject.get("/Subtype") == pikepdf.Name.Form:
            self.stream(xobject, xobject.get("/Resources", resources))

    def shading(self, shading, resources) -> None:
        if shading is not None and self.once(shading):
            self.space(shading.get("/ColorSpace"), resources)

    def space(self, space, resources, group: bool = False) -> None:
        """Gray, CMYK, patterns and process-colour DeviceN pass; RGB, Lab and spots do not."""
        import pikepdf

        if isinstance(space, pikepdf.Name):
            name = str(space)
            if name in ("/DeviceGray", "/DeviceCMYK", "/G", "/CMYK", "/Pattern", "/I"):
                if name == "/Pattern":
                    self.patterns(resources)
                return
            if name in ("/DeviceRGB", "/RGB") and group:
                return  # a transparency group's blending space: press finishing makes it CMYK
            if name in ("/DeviceRGB", "/RGB", "/CalRGB"):
                raise Refused(_("uses RGB colour"), ask())
            named = resources.get("/ColorSpace", {}).get(name)
            if named is None:
                raise Refused(_("names a colour space it does not define ({name})").format(
                    name=quote(name, 30)), ask())
            return self.space(named, resources, group)
        if isinstance(space, pikepdf.Array) and len(space):
            family = str(space[0])
            if family == "/ICCBased":
                components = int(space[1].get("/N", 0))
                if components == 3:
                    raise Refused(_("uses RGB colour (an RGB ICC profile)"), ask())
                if components not in (1, 4):
                    raise Refused(_("uses an ICC colour space of neither gray nor CMYK"), ask())
            elif family in ("/CalRGB", "/Lab"):
                raise Refused(_("uses {space} colour").format(space=family[1:]), ask())
            elif family == "/CalGray":
                return
            elif family in ("/Indexed", "/I"):
                self.space(space[1], resources)
            elif family == "/Pattern":
                self.patterns(resources)
                if len(space) > 1:
                    self.space(space[1], resources)
            elif family == "/Separation":
                if str(space[1]) not in PROCESS | {"/All", "/None"}:
                    raise Refused(_("uses the spot colour '{colour}'").format(
                        colour=quote(str(space[1])[1:], 40)),
                        _("ask for the logo in process colours (CMYK), as a PDF or SVG"))
            elif family == "/DeviceN":
                spots = [str(n)[1:] for n in space[1] if str(n) not in PROCESS | {"/None"}]
                if spots:
                    raise Refused(_("uses the spot colour '{colour}'").format(colour=quote(spots[0], 40)),
                                  _("ask for the logo in process colours (CMYK), as a PDF or SVG"))
            else:
                raise Refused(_("uses the colour space {space}").format(space=quote(family[1:], 30)),
                              ask())
            return
        if space is not None:
            raise Refused(_("has a colour space expoprint cannot read"), ask())

    def patterns(self, resources) -> None:
        import pikepdf

        for pattern in resources.get("/Pattern", {}).values():
            if not self.once(pattern):
                continue
            if int(pattern.get("/PatternType", 1)) == 2:
                self.shading(pattern.get("/Shading"), resources)
            elif isinstance(pattern, pikepdf.Stream):
                self.stream(pattern, pattern.get("/Resources", resources))

    def font(self, font) -> None:
        import pikepdf

        if not self.once(font) or font.get("/Subtype") == pikepdf.Name.Type3:
            return
        described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                                    "/FontFile3")):
            name = str(font.get("/BaseFont", "/?"))[1:]
            raise Refused(_("uses the font {font} without embedding it").format(font=quote(name, 40)),
                          _("ask for the logo with its text converted to outlines"))


def ink_box(data: bytes) -> tuple[float, float, float, float]:
    """Where the logo's ink lies on its first page, in PDF points: pages are often larger than
    their logo, and logos must be sized by what shows."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        left, bottom, right, top = page.get_cropbox()
        width, height = right - left, top - bottom
        scale = min(4.0, 800 / max(width, height, 1))
        image = page.render(scale=scale, grayscale=True, may_draw_forms=False).to_pil()
    finally:
        document.close()
    from PIL import ImageOps

    found = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 6 else 0).getbbox()
    if not found:
        raise Refused(_("draws nothing on its first page"), _("ask for the logo again"))
    x0, y0, x1, y1 = found
    pad = 1 / scale
    return (max(left, left + x0 / scale - pad), max(bottom, top - y1 / scale - pad),
            min(right, left + x1 / scale + pad), min(top, top - y0 / scale + pad))


@dataclass(frozen=True)
class Overlay:
    """A PDF logo to draw: page index, its box in mm from the top-left of the laid-out page."""

    page: int
    logo: Logo
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float


def prune_fonts(form, depth: int = 0) -> None:
    """Drop the fonts a logo sets but never prints with (ReportLab, for one, sets Helvetica on
    every page), and the operators that set them: a press file's preflight would take them for
    missing fonts."""
    import pikepdf

    resources = form.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary) or depth > 8:
        return
    instructions = list(pikepdf.parse_content_stream(form))
    used, current = set(), None
    for operands, operator in instructions:
        if str(operator) == "Tf":
            current = str(operands[0])
        elif str(operator) in ("Tj", "TJ", "'", '"') and current:
            used.add(current)
    fonts = resources.get("/Font")
    unused = [name for name in fonts if name not in used] \
        if isinstance(fonts, pikepdf.Dictionary) else []
    if unused:
        for name in unused:
            del fonts[name]
        kept = [item for item in instructions
                if not (str(item[1]) == "Tf" and str(item[0][0]) in unused)]
        form.write(pikepdf.unparse_content_stream(kept))
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == pikepdf.Name.Form:
            prune_fonts(xobject, depth + 1)


def overlay(pdf_data: bytes, overlays: list[Overlay]) -> bytes:
    """The laid-out PDF with each logo drawn in its box, as vector."""
    if not overlays:
        return pdf_data
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(pdf_data))
    forms: dict[bytes, pikepdf.Object] = {}
    drawn: dict[int, list[str]] = {}
    for item in overlays:
        page = pdf.pages[item.page]
        if item.logo.data not in forms:
            with pikepdf.open(io.BytesIO(item.logo.data)) as source:
                form = source.pages[0].as_form_xobject()
                form.BBox = list(item.logo.box)  # clipped to its ink, whatever else the page holds
                forms[item.logo.data] = pdf.copy_foreign(form)
                prune_fonts(forms[item.logo.data])
        name = page.add_resource(forms[item.logo.data], pikepdf.Name.XObject, prefix="Logo")
        x0, y0, x1, _ = item.logo.box
        scale = item.width_mm * PT_PER_MM / (x1 - x0)
        left = item.x_mm * PT_PER_MM - x0 * scale
        bottom = float(page.mediabox[3]) - (item.y_mm + item.height_mm) * PT_PER_MM - y0 * scale
        drawn.setdefault(item.page, []).append(
            f"q {scale:.6f} 0 0 {scale:.6f} {left:.4f} {bottom:.4f} cm {name} Do Q")
    for index, draws in drawn.items():
        page = pdf.pages[index]
        # WeasyPrint's page starts with a y-flip it never restores: wrap it, then draw.
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(("\nQ\n" + "\n".join(draws) + "\n").encode()))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)  # the press finishing seeds its ids from these bytes
    return out.getvalue()
