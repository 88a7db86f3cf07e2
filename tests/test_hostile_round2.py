"""Hostile inputs, round 2 (issue 23): SVG and PDF logos, spreadsheets, photos and their
profiles, `--icc`, what `check` must find, the slide's venue line, and messages that blame the
right thing. Each case ends in exit 1 naming the content key and the file (or a report), never
a traceback or an abort, with the output folder as it was, in a child process held to 1 GB of
address space and 30 s."""

from __future__ import annotations

import codecs
import io
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES, ROOT, copy_content

GIB = 1 << 30


def limited_run(*args: str, memory: int = GIB, seconds: float = 30,
                env: dict | None = None) -> subprocess.CompletedProcess:
    """The command as a user runs it, in a child under `memory` bytes of address space; it
    must end (not be killed) within `seconds`."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    started = time.monotonic()
    result = subprocess.run([sys.executable, "generate.py", *args], capture_output=True,
                            text=True, cwd=ROOT, timeout=seconds + 30, preexec_fn=limit, env=env)
    assert time.monotonic() - started < seconds, result.stderr[-2000:]
    assert result.returncode not in (-6, 134), result.stderr[-2000:]  # never an abort
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def refused_build(content: Path, out: Path, *expected: str, memory: int = GIB) -> str:
    """`build --only poster` fails as a user's mistake should: exit 1, each `expected` text
    in its messages, nothing left in `--out` but the user's own file."""
    result = limited_run("build", "--only", "poster", "--content", str(content), "--out",
                         str(out), memory=memory)
    assert result.returncode == 1, result.stderr[-3000:]
    for text in expected:
        assert text in result.stderr, result.stderr[-3000:]
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    return result.stderr


@pytest.fixture
def content(tmp_path):
    folder = copy_content(tmp_path, FIXTURES / "minimal")
    (folder / "logos").mkdir()
    return folder


def with_logo(content: Path, name: str, data: bytes) -> None:
    (content / "logos" / name).write_bytes(data)
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"\npartners:\n  - {{name: Partenaire, logo: logos/{name}}}\n")


# --- (1, 19) SVG logos ----------------------------------------------------------------------------

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'viewBox="0 0 10 10">{}</svg>')


def nested_use(levels: int = 10, each: int = 10) -> bytes:
    """2 KB of <use>, ten deep, ten to a level: 10¹⁰ shapes once expanded."""
    body = ['<defs><rect id="l0" width="1" height="1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}" x="{n}"/>' for n in range(each))
        body.append(f'<g id="l{level}">{uses}</g>')
    body.append(f'</defs><use xlink:href="#l{levels}"/>')
    return SVG.format("".join(body)).encode()


@pytest.mark.parametrize(("data", "message"), [
    (nested_use(), "is too complex for a logo (once its <use> references are followed"),
    (SVG.format('<g id="a"><use href="#a"/></g>').encode(), "has an element that draws itself"),
    (SVG.format('<defs><marker id="m"><g id="g">' + '<rect width="1" height="1"/>' * 500
                + '</g></marker></defs><path marker-mid="url(#m)" d="M0 0'
                + " L1 1" * 2000 + '"/>').encode(), "is too complex for a logo"),
], ids=["use-10x10", "use-itself", "marker-on-every-vertex"])
def test_svg_expansion_is_budgeted(content, out, data, message):
    with_logo(content, "logo.svg", data)
    refused_build(content, out, f"partners[1].logo: logos/logo.svg {message}")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-le", "utf-16-be"])
def test_svg_in_utf16_or_utf32_is_read_as_svg(content, out, encoding):
    """A logo saved in UTF-16 (with its byte order mark or without) is the same drawing:
    refused for what it holds (here live text), not called "not a picture" or blamed on the
    leaflet."""
    text = '<?xml version="1.0" encoding="UTF-16"?>' + SVG.format("<text>Ville</text>")
    with_logo(content, "logo.svg", text.encode(encoding))
    refused_build(content, out, "partners[1].logo: logos/logo.svg has live text")


def test_svg_in_utf16_is_converted(tmp_path):
    from expoprint.images.svg import read_svg

    text = SVG.format('<rect width="5" height="5" fill="#ff0000"/>')
    icc = ROOT / "expoprint" / "layouts" / "icc" / "FOGRA39L-expoprint.icc"
    drawing = read_svg(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), icc)
    assert "device-cmyk(" in drawing.text and drawing.size == (10, 10)


# --- (9) PDF logos ---------------------------------------------------------------------------------

def cmyk_logo(content: bytes, resources: dict | None = None, **page) -> pikepdf.Pdf:
    import hostile

    pdf = hostile.one_page(content, resources)
    for key, value in page.items():
        pdf.pages[0].obj[f"/{key}"] = value
    return pdf


def nested_forms(depth: int = 3000) -> bytes:
    pdf = cmyk_logo(b"/Fm0 Do")
    inner = pdf.make_stream(b"0 0 0 1 k 0 0 10 10 re f", Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Form, BBox=[0, 0, 100, 100])
    for _level in range(depth):
        inner = pdf.make_stream(b"/Fm0 Do", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                BBox=[0, 0, 100, 100],
                                Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=inner)))
    pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(Fm0=inner)
    return save(pdf)


def save(pdf: pikepdf.Pdf) -> bytes:
    import hostile

    return hostile.save(pdf)


def colour_space_loop() -> bytes:
    pdf = cmyk_logo(b"/CS0 cs 1 sc 0 0 10 10 re f")
    pdf.pages[0].obj.Resources.ColorSpace = pikepdf.Dictionary(CS0=pikepdf.Name.CS1,
                                                               CS1=pikepdf.Name.CS0)
    return save(pdf)


def indexed_on_itself() -> bytes:
    pdf = cmyk_logo(b"/CS0 cs 0 sc 0 0 10 10 re f")
    pdf.pages[0].obj.Resources.ColorSpace = pikepdf.Dictionary(CS0=pikepdf.Array(
        [pikepdf.Name.Indexed, pikepdf.Name.CS0, 1, pikepdf.String(b"\0\0\0\xff\0\0\0\0")]))
    return save(pdf)


def xobject_as_array() -> bytes:
    pdf = cmyk_logo(b"/Fm0 Do")
    pdf.pages[0].obj.Resources.XObject = pikepdf.Array([pikepdf.Name.Fm0])
    return save(pdf)


PDF_LOGOS = {
    "cs without operand": (lambda: save(cmyk_logo(b"cs 0 0 10 10 re f")),
                           "operator `cs` with no operands, expected a colour space name"),
    "Do without operand": (lambda: save(cmyk_logo(b"Do")),
                           "operator `Do` with no operands, expected an XObject name"),
    "Tf without operands": (lambda: save(cmyk_logo(b"BT Tf (x) Tj ET")),
                            "operator `Tf` with no operands, expected a font name and a size"),
    "colour-space loop": (colour_space_loop, "a colour space is built on itself"),
    "Indexed on itself": (indexed_on_itself, "a colour space is built on itself"),
    "3,000 nested forms": (nested_forms, "forms nested more than 12 deep"),
    "Rotate /Foo": (lambda: save(cmyk_logo(b"0 0 0 1 k 0 0 10 10 re f",
                                           Rotate=pikepdf.Name("/Foo"))),
                    "has a /Rotate that is not a number"),
    "XObject as an array": (xobject_as_array, "XObject /Fm0 is drawn but not defined"),
    "content-stream bomb": (lambda: __import__("hostile").content_bomb(100),
                            "is too complex for a logo (more than 16 MB of drawing instructions)"),
    "1.6 GB image": (lambda: __import__("hostile").giant_image(),
                     "holds a picture of 20,000 × 20,000 px, far more than a logo needs"),
    "image of width /Foo": (lambda: __import__("hostile").image_with_width(pikepdf.Name("/Foo")),
                            "image /Im0 has no size in pixels"),
}


@pytest.mark.parametrize("case", list(PDF_LOGOS))
def test_hostile_pdf_logo_is_refused_by_what_is_wrong(case):
    from expoprint.images.pdf import read_pdf
    from expoprint.images.source import Refused

    make, message = PDF_LOGOS[case]
    with pytest.raises(Refused) as refused:
        read_pdf(make())
    assert message in refused.value.message


@pytest.mark.parametrize("case", ["content-stream bomb", "3,000 nested forms", "cs without operand"])
def test_hostile_pdf_logo_ends_the_build_with_its_key(content, out, case):
    make, message = PDF_LOGOS[case]
    with_logo(content, "logo.pdf", make())
    refused_build(content, out, "partners[1].logo: logos/logo.pdf is", message)


# --- (2, 3, 19) spreadsheets -----------------------------------------------------------------------

def workbook() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["identifiant", "titre"])
    book.active.append(["a-1", "Casque"])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def rewritten(data: bytes, change) -> bytes:
    """The archive with `change(name, bytes)` giving each part's new (name, bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name, part = change(info.filename, source.read(info))
            target.writestr(name, part)
    return out.getvalue()


def far_cell(cell: bytes, row: bytes = b"<row>", sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with one more row holding `cell`, its sheet stored as `sheet`."""
    def change(name: str, part: bytes):
        if name == "xl/worksheets/sheet1.xml":
            part = part.replace(b"</sheetData>", row + cell + b"</row></sheetData>")
            return sheet, part
        if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            part = part.replace(b"worksheets/sheet1.xml", sheet.removeprefix("xl/").encode())
        return name, part
    return rewritten(workbook(), change)


FAR = b'<c t="inlineStr"{}><is><t>x</t></is></c>'
SPREADSHEETS = {
    "lower-case reference": (far_cell(FAR.replace(b"{}", b' r="xfd1048576"')),
                             "has a value as far as row 1,048,576, column XFD"),
    "single-quoted reference": (far_cell(FAR.replace(b"{}", b" r='XFD1048576'")),
                                "has a value as far as row 1,048,576, column XFD"),
    "sheet at another path": (far_cell(FAR.replace(b"{}", b' r="XFD1048576"'),
                                       sheet="xl/data/feuille.xml"),
                              "has a value as far as row 1,048,576, column XFD"),
    "sheet named .XML": (far_cell(FAR.replace(b"{}", b' r="XFD1048576"'),
                                  sheet="xl/worksheets/sheet1.XML"),
                         "has a value as far as row 1,048,576, column XFD"),
    # Far columns by the cells' order alone, placed as a reader places them.
    "cells without r": (far_cell(FAR.replace(b"{}", b"") * 16_384, b'<row r="1048576">'),
                        "has a value as far as row 1,048,576, column XFD"),
}


def ods(row: bytes) -> bytes:
    """An OpenDocument spreadsheet (odfpy) whose table is a header row then `row`."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Feuille1")
    document.spreadsheet.addElement(table)
    header = TableRow()
    table.addElement(header)
    for text in ("identifiant", "titre"):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
        header.addElement(cell)
    data = io.BytesIO()
    document.save(data)
    return rewritten(data.getvalue(), lambda name, part: (name, part.replace(
        b"</table:table-row></table:table>", b"</table:table-row>" + row + b"</table:table>")))


VALUE = b'<table:table-cell office:value-type="string"{}><text:p>x</text:p></table:table-cell>'
SPREADSHEETS.update({
    "ods repeated cells": (ods(b'<table:table-row table:number-rows-repeated="1000000">'
                               + VALUE.replace(b"{}", b' table:number-columns-repeated="16000"')
                               + b"</table:table-row>"),
                           "has a value as far as row 1,000,001, column WQJ"),
    # The value after an empty cell of the repeated row.
    "ods repeated rows": (ods(b'<table:table-row table:number-rows-repeated="1000000">'
                              b'<table:table-cell/>' + VALUE.replace(
                                  b"{}", b' table:number-columns-repeated="16000"')
                              + b"</table:table-row>"),
                          "has a value as far as row 1,000,001, column WQK"),
})


def inflating_shared_strings() -> bytes:
    """A workbook whose shared strings say they inflate to 3.9 GB (the size in the archive's
    directory, which is what a reader allocates by)."""
    def change(name: str, part: bytes):
        if name == "[Content_Types].xml":
            part = part.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                b'ContentType="application/vnd.openxmlformats-officedocument.'
                                b'spreadsheetml.sharedStrings+xml"/></Types>')
        return name, part
    data = bytearray(rewritten(workbook(), change))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert "xl/sharedStrings.xml" not in archive.namelist()
    out = io.BytesIO(bytes(data))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>x</t></si>" * 1000 + b"</sst>")
    data = bytearray(out.getvalue())
    central = data.rindex(b"PK\x01\x02")  # the last entry's central directory record
    data[central + 24:central + 28] = (4_000_000_000).to_bytes(4, "little")
    return bytes(data)


SPREADSHEETS["shared strings of 3.9 GB"] = (
    inflating_shared_strings(), "holds a part (xl/sharedStrings.xml) of 3,814 MB once uncompressed")
# Excel's "Encrypt with password": an OLE container holding the encrypted package.
SPREADSHEETS["encrypted xlsx"] = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le")
    + bytes(50) + "EncryptedPackage".encode("utf-16-le") + bytes(2000),
    "is protected by a password (Excel encrypts such a workbook)")


def password_ods() -> bytes:
    """LibreOffice's "Save with password": the parts encrypted, the manifest saying how."""
    def change(name: str, part: bytes):
        if name == "content.xml":
            return name, bytes(range(256)) * 12
        if name == "META-INF/manifest.xml":
            return name, part.replace(
                b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
                b'manifest:full-path="content.xml" manifest:media-type="text/xml">'
                b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum='
                b'"AAAA"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
                b'manifest:initialisation-vector="AAAA"/></manifest:encryption-data>'
                b"</manifest:file-entry>")
        return name, part
    return rewritten(ods(b""), change)


SPREADSHEETS["ods with a password"] = (password_ods(), "is protected by a password")


@pytest.mark.parametrize("case", list(SPREADSHEETS))
def test_hostile_spreadsheet_ends_in_a_message(tmp_path, out, case):
    import spreadsheets

    data, message = SPREADSHEETS[case]
    name = "artefacts.ods" if case.startswith("ods") else "artefacts.xlsx"
    folder = spreadsheets.write_content(tmp_path / "content", name, data)
    result = limited_run("build", "--only", "labels", "--content", str(folder), "--out", str(out))
    assert result.returncode == 1, result.stderr[-3000:]
    assert f"{name}: {message}" in result.stderr, result.stderr[-3000:]
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]  # no stage or lock file


def test_a_sheet_too_large_for_the_reader_ends_in_a_message(monkeypatch):
    """What slips past the XML check is read in a child under a memory limit: here 18 million
    cells (under the 20 million the check allows; calamine lays them out in 576 MB) against a
    limit lowered to 64 MB. The child dies; the message says so, and the process goes on."""
    from expoprint.content import workbooks
    from expoprint.errors import Report

    monkeypatch.setattr(workbooks, "READ_MEMORY", 64 << 20)
    report = Report()
    data = far_cell(FAR.replace(b"{}", b' r="T900000"'), b'<row r="900000">')
    assert workbooks.workbook_rows(data, "artefacts.xlsx", report) is None
    [problem] = report.problems
    assert problem.message.startswith("could not be read within 64 MB of memory and 25 s")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_wide_csv_is_read_whatever_its_byte_order_mark(tmp_path, out, encoding):
    """A CSV in UTF-16 without its mark, or in UTF-32: the cells are read, and the real
    problem is said (here: Chinese that the fonts cannot print), not an empty column " t i t r e "."""
    import spreadsheets

    text = "identifiant\ttitre\r\nobj-1\t北京故宫的青铜器\r\nobj-2\tCasque\r\n"
    folder = spreadsheets.write_content(tmp_path / "content", "artefacts.csv", text.encode(encoding))
    result = limited_run("build", "--only", "labels", "--content", str(folder), "--out", str(out))
    assert result.returncode == 1, result.stderr[-3000:]
    assert "artefact 'obj-1'.title: has characters the fonts cannot print" in result.stderr
    assert "is empty" not in result.stderr and "U+0000" not in result.stderr


@pytest.mark.parametrize("address", ["HTTPS://Example.ORG/expo", "https://bücher.example/expo"])
def test_upper_case_and_international_addresses_are_addresses(address):
    from expoprint.mapping import URL_RE

    assert URL_RE.match(address)
    assert not URL_RE.match(address.replace("/expo", " expo"))


# --- (13) --icc ------------------------------------------------------------------------------------

PRESS_ICC = ROOT / "expoprint" / "layouts" / "icc" / "FOGRA39L-expoprint.icc"


@pytest.mark.parametrize(("make", "message"), [
    (lambda path: path.write_bytes(PRESS_ICC.read_bytes()[:60_000]),
     "is cut short: its header says 246,996 bytes, the file has 60,000"),
    (lambda path: path.write_bytes(PRESS_ICC.read_bytes()[:12] + b"mntr"
                                   + PRESS_ICC.read_bytes()[16:]),
     "is not a printer (output) profile, but of the class 'mntr'"),
    (lambda path: path.write_bytes(PRESS_ICC.read_bytes()[:200] + bytes(246_796)),
     "cannot be read by the colour engine"),
    (lambda path: path.open("wb").truncate(3 << 30), "is 3,072 MB, far more than an ICC profile"),
], ids=["truncated", "monitor-class", "garbage-tags", "3-GB-sparse"])
def test_unusable_icc_is_refused_by_name_before_use(tmp_path, make, message):
    profile = tmp_path / "printer.icc"
    make(profile)
    out = tmp_path / "out"
    result = limited_run("build", "--only", "poster", "--icc", str(profile), "--out", str(out),
                         seconds=20)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"printer.icc: {message}" in result.stderr, result.stderr[-2000:]
    assert not out.exists() or not any(out.iterdir())


def test_check_refuses_a_truncated_output_intent_profile(tmp_path):
    import hostile

    pdf = hostile.one_page(b"0 0 0 1 k 10 10 100 100 re f")
    profile = pdf.make_stream(PRESS_ICC.read_bytes()[:60_000], N=4)
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String("FOGRA39"), DestOutputProfile=profile)])
    path = tmp_path / "cut.pdf"
    path.write_bytes(hostile.save(pdf))
    result = limited_run("check", "--json", str(path))
    assert result.returncode == 1
    [report] = __import__("json").loads(result.stdout)["files"]
    assert any(p["code"] == "no-output-intent" and "profile is cut short" in p["message"]
               for p in report["problems"]), report["problems"]


# --- (10, 11) photos -------------------------------------------------------------------------------

def png_header(width: int, height: int, colour_type: int = 2) -> bytes:
    """A PNG whose header claims `width` × `height` pixels (colour type 2: RGB), over a few
    bytes of data: refused from the header or never."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("size", "colour_type", "message"), [
    ((10_000, 10_000), 2, "is 10,000 × 10,000 px: converting its RGB pixels for print would take "
                          "about 762 MB, more than the 640 MB a picture may take"),
    ((8_500, 8_500), 6, "is 8,500 × 8,500 px: converting its RGBA pixels for print would take "
                        "about 689 MB"),
], ids=["100-MP-RGB", "72-MP-RGBA"])
def test_photo_under_120_megapixels_but_over_the_memory_bound_is_refused(
        content, out, size, colour_type, message):
    (content / "images").mkdir()
    (content / "images" / "photo.png").write_bytes(png_header(*size, colour_type))
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nimage: {file: images/photo.png, credit: © Test, alt: Une scène}\n")
    stderr = refused_build(content, out, f"image.file: images/photo.png {message}")
    assert f"save a smaller copy, of at most {83 if colour_type == 2 else 67} megapixels" in stderr


def test_a_photo_converts_within_its_stated_bytes_per_pixel(tmp_path):
    """A 16-megapixel RGB photo converted for the bus shelter poster in a child: the peak memory
    beyond the process's own is within BYTES_PER_PIXEL (8 bytes a pixel, 128 MB), where the
    whole-picture arithmetic took 20."""
    from pictures import jpeg, scene

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg(scene((4000, 4000))))
    script = f"""
import resource
from pathlib import Path
from expoprint.images.convert import convert
from expoprint.images.source import Use, identify
data = Path({str(photo)!r}).read_bytes()
source = identify(data, Use("x", None, "image.file", "photo.jpg", "photo"))
source.release()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
convert(source, source.size, None, Path({str(PRESS_ICC)!r}))
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    grown = int(result.stdout.split()[-1])
    assert grown < 8 * 16_000_000 * 1.1, grown


def lab_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()


def srgb_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.parametrize(("mode", "profile", "said"), [
    ("RGB", lambda: b"acsp" * 200, "carries a profile the colour engine cannot read"),
    ("RGB", lab_profile, "carries a profile for Lab colour, not for its RGB pixels: it is printed "
                         "as if its colours were in sRGB"),
    ("CMYK", srgb_profile, "carries a profile for RGB colour, not for its CMYK pixels: it is "
                           "printed as if its colours were in the press's profile"),
    ("CMYK", lab_profile, "carries a profile for Lab colour, not for its CMYK pixels"),
], ids=["corrupt-on-RGB", "Lab-on-RGB", "sRGB-on-CMYK", "Lab-on-CMYK"])
def test_photo_with_an_unusable_profile_builds_with_a_warning(content, out, mode, profile, said):
    """Poster, labels and web pages (where the traceback was): built, with a warning naming the
    profile assumed."""
    from pictures import jpeg, scene

    (content / "images").mkdir()
    picture = scene((600, 400))
    picture = picture.convert("CMYK") if mode == "CMYK" else picture
    (content / "images" / "photo.jpg").write_bytes(jpeg(picture, icc_profile=profile()))
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nqr_base_url: https://musee.test/objets/\n")
    text = (content / "artefacts.yaml").read_text(encoding="utf-8")
    (content / "artefacts.yaml").write_text(text.replace(
        "{id: objet-2,", "{id: objet-2, image: images/photo.jpg, image_alt: Une scène,"), encoding="utf-8")
    result = limited_run("build", "--only", "web", "--only", "labels", "--content", str(content),
                         "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"artefact 'objet-2'.image: images/photo.jpg {said}" in result.stderr, \
        result.stderr[-3000:]
    assert (out / "web" / "objet-2" / "index.html").exists()


# --- (14) what check must find ---------------------------------------------------------------------

def scripted(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                JS=pikepdf.String("app.alert('hi')")))


def deep_bookmark(depth: int = 100) -> bytes:
    import hostile

    pdf = hostile.one_page(b"0 0 0 1 k 10 10 100 100 re f")
    node = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("deep"), A=scripted(pdf)))
    for level in range(depth):
        node = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(f"{level}"), First=node,
                                                    Last=node, Count=1))
    pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines,
                                                             First=node, Last=node, Count=1))
    return hostile.save(pdf)


def deep_field(depth: int = 40) -> bytes:
    import hostile

    pdf = hostile.one_page(b"0 0 0 1 k 10 10 100 100 re f")
    field = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("deep"),
                                                 AA=pikepdf.Dictionary(K=scripted(pdf))))
    for level in range(depth):
        field = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String(f"f{level}"),
                                                     Kids=pikepdf.Array([field])))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))
    return hostile.save(pdf)


def long_chain(length: int = 300) -> bytes:
    import hostile

    pdf = hostile.one_page(b"0 0 0 1 k 10 10 100 100 re f")
    action = scripted(pdf)
    page = pdf.pages[0].obj
    for _step in range(length):
        action = pdf.make_indirect(pikepdf.Dictionary(
            S=pikepdf.Name.GoTo, D=pikepdf.Array([page, pikepdf.Name.Fit]), Next=action))
    pdf.Root.OpenAction = action
    return hostile.save(pdf)


def xfa_script() -> bytes:
    import hostile

    pdf = hostile.one_page(b"0 0 0 1 k 10 10 100 100 re f")
    template = pdf.make_stream(b'<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/">'
                               b'<subform><event activity="initialize"><script contentType='
                               b'"application/x-javascript">app.alert(1)</script></event>'
                               b"</subform></template>")
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=pikepdf.Array(
        [pikepdf.String("template"), template]))
    return hostile.save(pdf)


def javascript_link() -> bytes:
    import hostile

    pdf = hostile.one_page(b"0 0 0 1 k 10 10 100 100 re f")
    pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[10, 10, 50, 50],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(" JavaScript:alert(1)"))))])
    return hostile.save(pdf)


def garbage_font() -> bytes:
    import hostile

    pdf = hostile.one_page(b"BT /F1 12 Tf 20 20 Td (abc) Tj ET")
    program = pdf.make_stream(bytes(range(256)) * 40)
    descriptor = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+Garbage"), Flags=32,
        FontBBox=[0, 0, 1000, 1000], ItalicAngle=0, Ascent=800, Descent=-200, CapHeight=700,
        StemV=80, FontFile2=program))
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
        BaseFont=pikepdf.Name("/ABCDEF+Garbage"), FirstChar=97, LastChar=99,
        Widths=[500, 500, 500], FontDescriptor=descriptor))
    pdf.pages[0].obj.Resources.Font = pikepdf.Dictionary(F1=font)
    return hostile.save(pdf)


FINDINGS = {
    "bookmark 100 deep": (deep_bookmark, "javascript", "the file carries JavaScript, in a bookmark"),
    "form field 40 deep": (deep_field, "javascript", "the file carries JavaScript, in a form field"),
    "after 300 chained actions": (long_chain, "javascript",
                                  "the file carries JavaScript, in the document's open action"),
    "XFA script": (xfa_script, "javascript", "the file carries JavaScript, in the XFA form's scripts"),
    "javascript: link": (javascript_link, "javascript",
                         "the file carries JavaScript, in a link (a javascript: address)"),
    "garbage embedded font": (garbage_font, "damaged", "font ABCDEF+Garbage embeds a program that "
                                                       "is not a TrueType font"),
}


def test_check_finds_what_hides_deep(tmp_path):
    paths = []
    for number, (make, _code, _message) in enumerate(FINDINGS.values()):
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(make())
        paths.append(path)
    result = limited_run("check", "--office", "--json", *map(str, paths))
    assert result.returncode == 1
    reports = __import__("json").loads(result.stdout)["files"]
    for (case, (_make, code, message)), report in zip(FINDINGS.items(), reports, strict=True):
        assert any(p["code"] == code and message in p["message"] for p in report["problems"]), \
            (case, report["problems"])


# --- (16) the slide's venue line -------------------------------------------------------------------

def test_text_run_under_the_next_field_is_an_overflow():
    """WeasyPrint shrinks a flex column's block below its text when the frame is a little
    short: the lines run on under the badge below, inside the frame. The measure counts them."""
    from expoprint.html.engine import import_weasyprint
    from expoprint.html.measure import read_document

    import_weasyprint()
    import weasyprint

    venue = "Musée départemental d’histoire et d’archéologie " * 12
    for height, overflows in ((560, True), (640, False)):
        html = (f"<style>@page {{ size: 800px 800px; margin: 0 }} .facts {{ position: absolute; "
                f"left: 10px; top: 10px; width: 300px; height: {height}px; overflow: hidden; "
                "display: flex; flex-direction: column; justify-content: center; } p { margin: 0; "
                "font-size: 20px }</style><div class='facts' data-frame='f'><p data-field='dates'>"
                f"17 mai</p><p data-field='venue'>{venue}</p><p data-field='admission' "
                "style='background: red'>ENTRÉE LIBRE</p></div>")
        [frame] = read_document(weasyprint.HTML(string=html).render()).frames
        assert frame.overflows is overflows, (height, frame)


def test_a_480_character_venue_on_the_slide_is_fitted_or_named(content, out):
    venue = ("Musée départemental d'histoire et d'archéologie de la ville " * 10)[:480].strip()
    text = (content / "exhibition.yaml").read_text(encoding="utf-8")
    (content / "exhibition.yaml").write_text(text.replace(
        "venue: {name: Salle des fêtes, city: Dole}",
        f'venue: {{name: "{venue}", address: "{venue[:200]}", city: Dole}}'), encoding="utf-8")
    result = limited_run("build", "--only", "social", "--content", str(content), "--out", str(out))
    if result.returncode:
        assert result.returncode == 1 and "venue" in result.stderr, result.stderr[-2000:]
    else:
        assert (out / "social" / "ecran-1920x1080.png").exists()


@pytest.mark.parametrize("case", list(PDF_LOGOS))
def test_check_reports_each_hostile_logo(case):
    """The same files given to `check`: a finding says what is wrong (or what was not checked),
    and no stage raises (trusted: an unforeseen exception would surface here)."""
    from expoprint.preflight import Limits, check_pdf

    make, _message = PDF_LOGOS[case]
    report = check_pdf(make(), "logo.pdf", qr=False,
                       limits=Limits(isolate=False, trusted=True, seconds=10))
    assert {p.code for p in report.problems} & {"damaged", "check-limited"}, report.problems


def test_a_bomb_in_a_form_the_logo_never_draws_is_refused():
    """Placing a logo copies every form of its resources and reads them to prune its fonts:
    a content bomb in a form it never draws is measured too."""
    import hostile

    from expoprint.images.pdf import read_pdf
    from expoprint.images.source import Refused

    pdf = cmyk_logo(b"0 0 0 1 k 0 0 10 10 re f")
    chunk = b"q 1 0 0 1 0 0 cm Q\n" * (2**20 // 19)
    unused = hostile.flate_stream(pdf, hostile.repeated_flate(chunk, 100), Type=pikepdf.Name.XObject,
                                  Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10])
    pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(Fm9=unused)
    with pytest.raises(Refused) as refused:
        read_pdf(save(pdf))
    assert "more than 16 MB of drawing instructions" in refused.value.message


def test_memory_running_out_while_converting_names_the_picture(monkeypatch, tmp_path):
    """Past what the bound foresees (a smaller machine, a limit on the process): the picture
    and its key are named, not a MemoryError traceback."""
    from pictures import jpeg, scene

    from expoprint.errors import ExpoprintError, Report
    from expoprint.images import pictures
    from expoprint.images.source import Use, identify

    def no_memory(*_args):
        raise MemoryError

    monkeypatch.setattr(pictures, "convert", no_memory)
    use = Use("exhibition.yaml", 7, "image.file", "images/photo.jpg", "photo")
    source = identify(jpeg(scene((600, 400))), use)
    kept = pictures.Pictures(tmp_path, PRESS_ICC, cache=False)
    with pytest.raises(ExpoprintError) as error:
        kept.ready(source, [(100.0, 70.0)], Report())
    [problem] = error.value.problems
    assert problem.field == "image.file"
    assert problem.message == ("images/photo.jpg (600 × 400 px) could not be converted for print: "
                               "the memory ran out")
