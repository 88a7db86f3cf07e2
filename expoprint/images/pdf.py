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
from ..mapping import grouped
from ..yamlnodes import quote
from .refused import Refused

PT_PER_MM = 72 / 25.4
PX_PER_MM = 96 / 25.4
PROCESS = {"/Cyan", "/Magenta", "/Yellow", "/Black"}
# The operators whose operands the logo's check uses: each checked before it is obeyed.
CHECKED = {"cs", "CS", "Do", "Tf", "gs"}


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


# Budgets of one logo's drawing: a logo is a few hundred operators; a hostile file must end in
# a refusal, never in gigabytes (a 292 KB Flate stream inflates to 3.8 GB) or a RecursionError.
MAX_CONTENT = 16 * 1024 * 1024  # decoded content, forms included
MAX_OPERATORS = 100_000
MAX_FORM_DEPTH = 12  # forms inside forms
MAX_SPACE_DEPTH = 8  # colour spaces built on colour spaces (Indexed on Pattern on …)
MAX_IMAGE_PIXELS = 36_000_000  # a picture inside a logo: a logo 20 cm wide at 300 ppi is 5 MP
MEMORY = 1024 * 1024 * 1024  # the reading child's address space, beyond what it inherits
SECONDS = 20.0


def read_pdf(data: bytes) -> Logo:
    """The logo checked and measured in a child process under a memory and time limit: qpdf
    and pdfium read the file, and either may abort or take gigabytes on a hostile one."""
    from ..preflight.sandbox import run_child

    answers: list[tuple] = []

    def work(send) -> None:
        try:
            send(("box", measure(data)))
        except Refused as refused:
            send(("refused", refused.message, refused.hint))

    outcome = run_child(work, answers.append, MEMORY, SECONDS)
    for answer in answers:
        if answer[0] == "box":
            return Logo(data, answer[1])
        if answer[0] == "refused":
            raise Refused(answer[1], answer[2])
    raise Refused(_("is a PDF that cannot be read within {memory} MB of memory and {seconds:g} s "
                    "({reason})").format(memory=MEMORY >> 20, seconds=SECONDS,
                                         reason=answers[0][1] if answers else
                                         outcome.describe()),
                  _("ask for the logo again, saved simply (PDF/X-4 or 'smallest file')"))


def measure(data: bytes) -> tuple[float, float, float, float]:
    """The box of the logo's ink, once its drawing is known to print (see `Checker`)."""
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
        try:
            if not len(pdf.pages):
                raise Refused(_("is a PDF without pages"), _("ask for the logo again"))
            page = pdf.pages[0]
            rotate = page.obj.get("/Rotate", 0)
            if not isinstance(rotate, int) or isinstance(rotate, bool):
                raise Refused(_("has a /Rotate that is not a number"), _("ask for the logo again"))
            if int(rotate) % 360:
                raise Refused(_("is a page turned by /Rotate"), _("save the logo upright"))
            Checker().stream(page.obj, page.obj.get("/Resources"), ())
        except (pikepdf.PdfError, ValueError, TypeError, KeyError, IndexError, AttributeError,
                RecursionError) as exc:
            # What the walk did not foresee in a broken file's objects: still the file's fault.
            raise Refused(_("is a PDF whose drawing cannot be read"), _("ask for the logo again")
                          ) from exc
    return ink_box(data)


def too_much_content() -> Refused:
    return Refused(_("is too complex for a logo (more than {size} MB of drawing "
                     "instructions)").format(size=MAX_CONTENT >> 20),
                   _("ask for a simpler export of the logo"))


def too_many_operators() -> Refused:
    return Refused(_("is too complex for a logo (more than {count} drawing operators)").format(
        count=grouped(MAX_OPERATORS)), _("ask for a simpler export of the logo"))


def damaged(problem: str) -> Refused:
    return Refused(_("is a PDF whose drawing is damaged: {problem}").format(problem=problem),
                   _("ask for the logo again"))


def entry(resources, kind: str, name: str):
    """`resources[kind][name]`, or None when either is missing or not a dictionary."""
    import pikepdf

    group = resources.get(kind) if isinstance(resources, pikepdf.Dictionary) else None
    return group.get(name) if isinstance(group, pikepdf.Dictionary) else None


def is_name(value) -> bool:
    import pikepdf

    from ..preflight.tokens import Name

    return isinstance(value, (pikepdf.Name, Name))


def is_array(value) -> bool:
    import pikepdf

    return isinstance(value, (pikepdf.Array, list))


class Checker:
    """Walks a page's drawing (content, forms, patterns, shadings, images, soft masks) for
    colour spaces and fonts a press file cannot hold. Content is decoded within `MAX_CONTENT`
    and read one instruction at a time (the preflight's tokenizer), every operand checked
    before it is used: a damaged file is refused by what is wrong in it."""

    def __init__(self):
        from ..preflight.tokens import Budget

        self.seen: set[tuple[int, int]] = set()
        self.budget = Budget(MAX_CONTENT)
        self.operators = 0

    def once(self, obj) -> bool:
        if not getattr(obj, "is_indirect", False):
            return True
        if obj.objgen in self.seen:
            return False
        self.seen.add(obj.objgen)
        return True

    def stream(self, holder, resources, forms: tuple) -> None:
        """One content stream (a page's, a form's, a pattern's); `forms` are the forms being
        drawn around it, to refuse a form that draws itself and forms nested too deep."""
        import pikepdf

        # Imported here: the preflight's package imports the products, which import this module.
        from ..preflight.operators import SIGNATURES, describe_operands, expected, fits
        from ..preflight.tokens import Problems, decode, instructions

        if len(forms) > MAX_FORM_DEPTH:
            raise Refused(_("is too complex for a logo (forms nested more than {depth} deep)").format(
                depth=MAX_FORM_DEPTH), _("ask for a simpler export of the logo"))
        resources = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
        group = holder.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and "/CS" in group:
            self.space(group.CS, resources, group=True)
        problems = Problems()
        contents = holder.get("/Contents") if "/Contents" in holder else holder
        pieces = contents if isinstance(contents, pikepdf.Array) else [contents]
        data = b"\n".join(decode(piece, self.budget, problems) for piece in pieces
                          if isinstance(piece, pikepdf.Stream))
        if self.budget.exceeded:
            raise too_much_content()
        font = None
        for operands, op in instructions(data, problems):
            self.operators += 1
            if self.operators > MAX_OPERATORS:
                raise too_many_operators()
            if op in ("rg", "RG"):
                raise Refused(_("uses RGB colour"), ask())
            signature = SIGNATURES.get(op) if op in CHECKED else None
            if signature and not fits(operands, signature):
                raise damaged(_("operator `{operator}` with {operands}, expected {expected}").format(
                    operator=op, operands=describe_operands(operands), expected=expected(op)))
            if op in ("cs", "CS"):
                self.space(pikepdf.Name(operands[0]), resources)
            elif op == "sh":
                if not (len(operands) == 1 and is_name(operands[0])):
                    raise damaged(_("operator `sh` with {operands}, expected a shading name").format(
                        operands=describe_operands(operands)))
                self.shading(entry(resources, "/Shading", operands[0]), resources, forms)
            elif op == "Do":
                self.xobject(operands[0], resources, forms)
            elif op == "BI":
                inline = operands[0]
                space = inline.get("/CS", inline.get("/ColorSpace"))
                if space is not None and not inline.get("/IM", inline.get("/ImageMask", False)):
                    self.space(space, resources)
            elif op == "Tf":
                font = entry(resources, "/Font", operands[0])
                if font is None:
                    raise damaged(_("font {name} is used but not defined").format(
                        name=quote(operands[0], 40)))
            elif op in ("Tj", "TJ", "'", '"') and font is not None:
                self.font(font)  # a font that prints (files set fonts they never print with)
            elif op == "gs":
                state = entry(resources, "/ExtGState", operands[0])
                mask = state.get("/SMask") if isinstance(state, pikepdf.Dictionary) else None
                if isinstance(mask, pikepdf.Dictionary) and isinstance(mask.get("/G"), pikepdf.Stream) \
                        and self.once(mask.G):
                    self.stream(mask.G, mask.G.get("/Resources", resources), (*forms, mask.G.objgen))
        if problems:
            raise damaged(problems[0])
        self.unused(resources, forms)

    def unused(self, resources, forms: tuple) -> None:
        """The forms a drawing's resources hold but it never draws: they do not print, so their
        colours pass, but they are measured within the same budgets, since placing the logo
        copies them and its font pruning reads them."""
        import pikepdf

        from ..preflight.tokens import Problems, decode, instructions

        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(xobjects, pikepdf.Dictionary) or len(forms) > MAX_FORM_DEPTH:
            return
        for form in list(xobjects.values())[:1000]:
            if not isinstance(form, pikepdf.Stream) or form.get("/Subtype") != pikepdf.Name.Form \
                    or not self.once(form):
                continue
            problems = Problems()
            data = decode(form, self.budget, problems)
            if self.budget.exceeded:
                raise too_much_content()
            for _instruction in instructions(data, problems):
                self.operators += 1
                if self.operators > MAX_OPERATORS:
                    raise too_many_operators()
            self.unused(form.get("/Resources"), (*forms, form.objgen))

    def xobject(self, name: str, resources, forms: tuple) -> None:
        import pikepdf

        xobject = entry(resources, "/XObject", name)
        if not isinstance(xobject, pikepdf.Stream):
            raise damaged(_("XObject {name} is drawn but not defined").format(name=quote(name, 40)))
        if xobject.is_indirect and xobject.objgen in forms:
            raise damaged(_("form {name} draws itself, endlessly").format(name=quote(name, 40)))
        if not self.once(xobject):
            return
        if xobject.get("/Subtype") == pikepdf.Name.Image:
            width, height = xobject.get("/Width", 0), xobject.get("/Height", 0)
            if not isinstance(width, int) or not isinstance(height, int) or width < 0 or height < 0:
                raise damaged(_("image {name} has no size in pixels").format(name=quote(name, 40)))
            if width * height > MAX_IMAGE_PIXELS:
                raise Refused(_("holds a picture of {width} × {height} px, far more than a logo "
                                "needs").format(width=grouped(width), height=grouped(height)),
                              _("ask for the logo as vector drawing, or with its pictures at "
                                "300 ppi"))
            if not xobject.get("/ImageMask", False):
                self.space(xobject.get("/ColorSpace", pikepdf.Name.DeviceGray), resources)
        elif xobject.get("/Subtype") == pikepdf.Name.Form:
            self.stream(xobject, xobject.get("/Resources", resources), (*forms, xobject.objgen))

    def shading(self, shading, resources, forms: tuple = ()) -> None:
        import pikepdf

        if shading is None:
            raise damaged(_("a shading is drawn but not defined"))
        if isinstance(shading, pikepdf.Dictionary) and self.once(shading):
            self.space(shading.get("/ColorSpace"), resources)

    def space(self, space, resources, group: bool = False, depth: int = 0) -> None:
        """Gray, CMYK, patterns and process-colour DeviceN pass; RGB, Lab and spots do not."""
        if depth > MAX_SPACE_DEPTH:
            raise damaged(_("a colour space is built on itself (or on more than {depth} others)"
                            ).format(depth=MAX_SPACE_DEPTH))
        if is_name(space):
            name = str(space)
            if name in ("/DeviceGray", "/DeviceCMYK", "/G", "/CMYK", "/Pattern", "/I"):
                if name == "/Pattern":
                    self.patterns(resources)
                return
            if name in ("/DeviceRGB", "/RGB") and group:
                return  # a transparency group's blending space: press finishing makes it CMYK
            if name in ("/DeviceRGB", "/RGB", "/CalRGB"):
                raise Refused(_("uses RGB colour"), ask())
            named = entry(resources, "/ColorSpace", name)
            if named is None:
                raise Refused(_("names a colour space it does not define ({name})").format(
                    name=quote(name, 30)), ask())
            return self.space(named, resources, group, depth + 1)
        if is_array(space) and len(space) and is_name(space[0]):
            family = str(space[0])
            if family == "/ICCBased":
                import pikepdf

                profile = space[1] if len(space) > 1 else None
                components = profile.get("/N", 0) if isinstance(profile, pikepdf.Stream) else 0
                if components == 3:
                    raise Refused(_("uses RGB colour (an RGB ICC profile)"), ask())
                if components not in (1, 4):
                    raise Refused(_("uses an ICC colour space of neither gray nor CMYK"), ask())
            elif family in ("/CalRGB", "/Lab"):
                raise Refused(_("uses {space} colour").format(space=family[1:]), ask())
            elif family == "/CalGray":
                return
            elif family in ("/Indexed", "/I") and len(space) > 1:
                self.space(space[1], resources, depth=depth + 1)
            elif family == "/Pattern":
                self.patterns(resources)
                if len(space) > 1:
                    self.space(space[1], resources, depth=depth + 1)
            elif family == "/Separation" and len(space) > 1:
                if str(space[1]) not in PROCESS | {"/All", "/None"}:
                    raise Refused(_("uses the spot colour '{colour}'").format(
                        colour=quote(str(space[1])[1:], 40)),
                        _("ask for the logo in process colours (CMYK), as a PDF or SVG"))
            elif family == "/DeviceN" and len(space) > 1 and is_array(space[1]):
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

        patterns = resources.get("/Pattern") if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(patterns, pikepdf.Dictionary):
            return
        for pattern in patterns.values():
            if not isinstance(pattern, pikepdf.Dictionary) or not self.once(pattern):
                continue
            if pattern.get("/PatternType", 1) == 2:
                self.shading(pattern.get("/Shading"), resources)
            elif isinstance(pattern, pikepdf.Stream):
                self.stream(pattern, pattern.get("/Resources", resources), (pattern.objgen,))

    def font(self, font) -> None:
        import pikepdf

        if not isinstance(font, pikepdf.Dictionary) or not self.once(font) \
                or font.get("/Subtype") == pikepdf.Name.Type3:
            return
        descendants = font.get("/DescendantFonts")
        described = descendants[0] if is_array(descendants) and len(descendants) else font
        descriptor = described.get("/FontDescriptor") \
            if isinstance(described, pikepdf.Dictionary) else None
        if not isinstance(descriptor, pikepdf.Dictionary) or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
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
    xobjects = resources.get("/XObject")
    for xobject in xobjects.values() if isinstance(xobjects, pikepdf.Dictionary) else ():
        if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == pikepdf.Name.Form:
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
