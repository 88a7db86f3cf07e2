"""Random content streams and resource graphs (hypothesis, a fixed seed, 200 examples each)
fed to the PDF logo reader and to `check`: whatever the file holds, the logo is read or refused
(`Refused`), and `check` gives a report, never an exception, each in bounded time.

The files are valid PDF structure (pikepdf writes them) around hostile drawing: operators with
missing, extra or wrongly typed operands, names that lead nowhere, resources of the wrong type,
colour spaces and forms built on themselves, pages turned by something that is not a number."""

from __future__ import annotations

import time

import pikepdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NAMES = ["/F1", "/Fm0", "/Fm1", "/CS0", "/CS1", "/Im0", "/GS0", "/Sh0", "/P0", "/Foo"]
OPERATORS = ["q", "Q", "cm", "re", "f", "S", "m", "l", "k", "K", "g", "G", "rg", "cs", "CS",
             "sc", "scn", "SCN", "Do", "BT", "ET", "Tf", "Tj", "TJ", "'", "Td", "Tm", "Tr", "gs",
             "sh", "d0", "BX", "EX", "BDC", "EMC", "W", "n", "zz"]

operand = st.recursive(
    st.one_of(
        st.integers(-10**12, 10**12).map(lambda n: str(n).encode()),
        st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda x: f"{x:.3f}".encode()),
        st.sampled_from([*NAMES, "/DeviceRGB", "/DeviceCMYK", "/Pattern"]).map(str.encode),
        st.binary(max_size=8).map(lambda b: b"<" + b.hex().encode() + b">"),
        st.sampled_from([b"(abc)", b"()", b"1e400", b"true", b"null", b"(unclosed"]),
    ),
    lambda inner: st.lists(inner, max_size=4).map(lambda items: b"[" + b" ".join(items) + b"]"),
    max_leaves=6)
instruction = st.tuples(st.lists(operand, max_size=7), st.sampled_from(OPERATORS)).map(
    lambda pair: b" ".join([*pair[0], pair[1].encode()]))
content = st.lists(instruction, max_size=25).map(b"\n".join)

# A resource graph: each slot's kind, filled by `build` (the same names reach the same objects,
# so forms and colour spaces can lead back to each other).
colour_space = st.sampled_from([
    "DeviceCMYK", "DeviceRGB", "loop", "indexed-self", "indexed-cmyk", "icc-3", "icc-junk",
    "separation-spot", "separation-black", "devicen", "lab", "int", "empty-array", "pattern"])
form_kind = st.sampled_from(["form", "self-form", "image", "image-rgb", "array", "int", "missing"])
graph = st.fixed_dictionaries({
    "content": content,
    "forms": st.lists(st.tuples(form_kind, content), max_size=3),
    "spaces": st.lists(colour_space, max_size=3),
    "xobject_holder": st.sampled_from(["dict", "array", "int"]),
    "font": st.sampled_from(["embedded-junk", "not-embedded", "type3", "int", "missing"]),
    "state": st.sampled_from(["smask-form", "plain", "int", "missing"]),
    "rotate": st.sampled_from([0, 0, 0, 0, 0, 90, "name", 1.5, None]),
})


def build(spec: dict) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0].obj
    page.Contents = pdf.make_stream(spec["content"])
    resources = pikepdf.Dictionary()
    page.Resources = resources
    rotate = spec["rotate"]
    if rotate == "name":
        page.Rotate = pikepdf.Name("/Foo")
    elif rotate is not None:
        page.Rotate = rotate
    xobjects = pikepdf.Dictionary()
    for index, (kind, stream) in enumerate(spec["forms"]):
        name = f"/Fm{index}" if kind != "image" and kind != "image-rgb" else "/Im0"
        if kind in ("form", "self-form"):
            form = pdf.make_stream(stream, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                   BBox=[0, 0, 100, 100])
            form.Resources = resources if kind == "self-form" else pikepdf.Dictionary()
            xobjects[name] = form
        elif kind.startswith("image"):
            space = pikepdf.Name.DeviceRGB if kind == "image-rgb" else pikepdf.Name.DeviceCMYK
            xobjects[name] = pdf.make_stream(bytes(4 * 4), Type=pikepdf.Name.XObject,
                                             Subtype=pikepdf.Name.Image, Width=2, Height=2,
                                             ColorSpace=space, BitsPerComponent=8)
        elif kind == "array":
            xobjects[name] = pikepdf.Array([1, 2])
        elif kind == "int":
            xobjects[name] = 7
    holder = spec["xobject_holder"]
    resources.XObject = xobjects if holder == "dict" else \
        pikepdf.Array(list(xobjects.values())) if holder == "array" else 3
    spaces = pikepdf.Dictionary()
    for index, kind in enumerate(spec["spaces"]):
        spaces[f"/CS{index}"] = space_of(pdf, kind, index)
    resources.ColorSpace = spaces
    resources.Font = pikepdf.Dictionary(F1=font_of(pdf, spec["font"])) \
        if spec["font"] != "missing" else pikepdf.Dictionary()
    state = spec["state"]
    if state == "smask-form" and xobjects.get("/Fm0") is not None:
        resources.ExtGState = pikepdf.Dictionary(GS0=pikepdf.Dictionary(
            SMask=pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=xobjects["/Fm0"])))
    elif state == "plain":
        resources.ExtGState = pikepdf.Dictionary(GS0=pikepdf.Dictionary(CA=0.5))
    elif state == "int":
        resources.ExtGState = 5
    resources.Shading = pikepdf.Dictionary(Sh0=pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name("/CS0"), Coords=[0, 0, 1, 1]))
    out = __import__("io").BytesIO()
    pdf.save(out)
    return out.getvalue()


def space_of(pdf: pikepdf.Pdf, kind: str, index: int):
    name = pikepdf.Name
    if kind in ("DeviceCMYK", "DeviceRGB"):
        return name(f"/{kind}")
    if kind == "loop":
        return name(f"/CS{index + 1}") if index == 0 else name("/CS0")
    if kind == "indexed-self":
        return pikepdf.Array([name.Indexed, name(f"/CS{index}"), 1, pikepdf.String(b"\0" * 8)])
    if kind == "indexed-cmyk":
        return pikepdf.Array([name.Indexed, name.DeviceCMYK, 1, pikepdf.String(b"\0" * 8)])
    if kind.startswith("icc"):
        profile = pdf.make_stream(b"junk", N=3 if kind == "icc-3" else name("/Foo"))
        return pikepdf.Array([name.ICCBased, profile])
    if kind.startswith("separation"):
        colour = name("/Spot") if kind == "separation-spot" else name("/Black")
        return pikepdf.Array([name.Separation, colour, name.DeviceCMYK, pdf.make_stream(b"{}")])
    if kind == "devicen":
        return pikepdf.Array([name.DeviceN, 5, name.DeviceCMYK])
    if kind == "lab":
        return pikepdf.Array([name.Lab, pikepdf.Dictionary(WhitePoint=[0.95, 1, 1.09])])
    if kind == "int":
        return 4
    if kind == "empty-array":
        return pikepdf.Array()
    return pikepdf.Array([name.Pattern, name.DeviceCMYK])


def font_of(pdf: pikepdf.Pdf, kind: str):
    if kind == "int":
        return 9
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
                              BaseFont=pikepdf.Name("/Junk"))
    if kind == "type3":
        font.Subtype = pikepdf.Name.Type3
    elif kind == "embedded-junk":
        font.FontDescriptor = pikepdf.Dictionary(FontFile2=pdf.make_stream(b"not a font" * 20))
    return pdf.make_indirect(font)


@settings(derandomize=True, max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(graph)
def test_the_logo_reader_reads_or_refuses_any_drawing(spec):
    from expoprint.images.pdf import measure
    from expoprint.images.source import Refused

    data = build(spec)
    started = time.monotonic()
    try:
        box = measure(data)  # the work of read_pdf's child, in process: any exception shows
    except Refused as refused:
        # Each refusal says what is wrong: the catch-all for what the walk did not foresee
        # ("cannot be read") would hide an exception here.
        assert refused.message != "is a PDF whose drawing cannot be read", refused.__cause__
    else:
        assert len(box) == 4
    assert time.monotonic() - started < 5


@settings(derandomize=True, max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(graph)
def test_check_reports_on_any_drawing(spec):
    from expoprint.preflight import Limits, check_pdf

    data = build(spec)
    started = time.monotonic()
    # trusted: a stage's unforeseen exception is raised here, not reported as damage
    report = check_pdf(data, "random.pdf", qr=False,
                       limits=Limits(isolate=False, trusted=True, seconds=10))
    assert report.problems is not None
    assert time.monotonic() - started < 5
