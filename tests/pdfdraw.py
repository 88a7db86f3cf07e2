"""What a page draws, read from its content streams with pikepdf: images with the box they are
drawn in, filled paths with their box and colour. Independent of the code that made the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

PT_PER_MM = 72 / 25.4


def multiply(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def apply(m, x, y):
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def bounds(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass
class DrawnImage:
    name: str
    image: pikepdf.Stream
    box: tuple[float, float, float, float]  # pt, page space

    @property
    def size_mm(self) -> tuple[float, float]:
        return ((self.box[2] - self.box[0]) / PT_PER_MM, (self.box[3] - self.box[1]) / PT_PER_MM)

    @property
    def ppi(self) -> float:
        width_in = (self.box[2] - self.box[0]) / 72
        height_in = (self.box[3] - self.box[1]) / 72
        return min(int(self.image.Width) / width_in, int(self.image.Height) / height_in)


@dataclass
class Fill:
    space: str  # the fill colour space: DeviceCMYK, DeviceGray, DeviceRGB…
    colour: tuple[float, ...]
    box: tuple[float, float, float, float]  # pt, page space


@dataclass
class Drawing:
    images: list[DrawnImage] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)


def drawing(page) -> Drawing:
    out = Drawing()
    walk(page.obj, page.obj.get("/Resources"), [1, 0, 0, 1, 0, 0], out, 0)
    return out


def walk(stream, resources, ctm, out: Drawing, depth: int) -> None:
    stack, points, start = [], [], None  # a moveto counts once something is drawn from it
    space, colour = "DeviceGray", (0.0,)
    for operands, operator in pikepdf.parse_content_stream(stream):
        op = str(operator)
        if op == "q":
            stack.append((ctm, space, colour))
        elif op == "Q" and stack:
            ctm, space, colour = stack.pop()
        elif op == "cm":
            ctm = multiply([float(v) for v in operands], ctm)
        elif op == "cs":
            space = str(operands[0]).lstrip("/")
        elif op in ("sc", "scn"):
            colour = tuple(float(v) for v in operands if not isinstance(v, pikepdf.Name))
        elif op == "k":
            space, colour = "DeviceCMYK", tuple(float(v) for v in operands)
        elif op == "g":
            space, colour = "DeviceGray", (float(operands[0]),)
        elif op == "rg":
            space, colour = "DeviceRGB", tuple(float(v) for v in operands)
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            points += [apply(ctm, x, y), apply(ctm, x + w, y + h)]
        elif op == "m":
            start = apply(ctm, float(operands[0]), float(operands[1]))
        elif op in ("l", "c", "v", "y"):
            values = [float(v) for v in operands]
            points += [start] if start else []
            start = None
            points += [apply(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2)]
        elif op in ("f", "F", "f*", "B", "B*", "b", "b*"):
            if points:
                out.fills.append(Fill(space, colour, bounds(points)))
            points, start = [], None
        elif op in ("n", "S", "s"):
            points, start = [], None
        elif op == "Do" and depth < 8:
            xobject = resources.get("/XObject", {}).get(str(operands[0]))
            if xobject is None:
                continue
            if xobject.get("/Subtype") == pikepdf.Name.Image:
                corners = [apply(ctm, x, y) for x in (0, 1) for y in (0, 1)]
                out.images.append(DrawnImage(str(operands[0]), xobject, bounds(corners)))
            elif xobject.get("/Subtype") == pikepdf.Name.Form:
                out.forms.append(str(operands[0]))
                matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                walk(xobject, xobject.get("/Resources", resources), multiply(matrix, ctm), out,
                     depth + 1)


def rgb_anywhere(pdf: pikepdf.Pdf) -> list[str]:
    """RGB a press file must not hold: device RGB spaces, RGB ICC profiles, RGB transparency
    groups, RGB images, anywhere in the file."""
    found = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/N") == 3:  # only ICC profiles have /N
            found.append(f"RGB ICC profile {obj.objgen}")
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        for key in ("/ColorSpace", "/CS"):
            value = obj.get(key)
            if value in (pikepdf.Name.DeviceRGB, pikepdf.Name.CalRGB):
                found.append(f"{key} {value} in {obj.objgen}")
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and group.get("/CS") == pikepdf.Name.DeviceRGB:
            found.append(f"RGB transparency group in {obj.objgen}")
    return found
