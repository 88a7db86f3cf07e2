"""Bad pictures: each ends in exit 1 naming the content key and the file, never a traceback,
with the output folder as it was; a picture too small for a format says which formats it can
take; logos too many for their strip name `partners`."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, copy_content, refused
from pictures import jpeg, scene
from PIL import Image
from test_pictures import PARTNERS, content_with

from expoprint.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def content(tmp_path):
    folder = copy_content(tmp_path, FIXTURES / "minimal")
    (folder / "images").mkdir()
    return folder


def with_image(content, name: str, data: bytes | None = None, key: str = "image") -> None:
    if data is not None:
        (content / name).write_bytes(data)
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
        if key == "image":
            handle.write(f"\nimage: {{file: {name}, credit: © Test, alt: Une scène}}\n")
        else:
            handle.write(f"\npartners:\n  - {{name: Partenaire, logo: {name}}}\n")


def bomb_png(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` × `height` pixels, over a few bytes of data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


def cmyk_tiff_with_alpha() -> bytes:
    import numpy as np
    import tifffile

    out = io.BytesIO()
    pixels = np.zeros((40, 60, 5), np.uint8)
    pixels[..., 4] = 255
    tifffile.imwrite(out, pixels, photometric="separated", extrasamples=["unassalpha"])
    return out.getvalue()


def test_missing_file_suggests_the_near_name(content, out):
    (content / "images" / "Affiche.JPG").write_bytes(jpeg(scene((200, 100))))
    with_image(content, "images/affiche.jpg")
    refused(run("build", "--only", "poster", "--content", str(content), "--out", str(out)), out,
            "image.file: images/affiche.jpg does not exist in the content folder",
            "did you mean images/Affiche.JPG?")


def test_file_outside_the_content_folder(content, out, tmp_path):
    (tmp_path / "secret.jpg").write_bytes(jpeg(scene((200, 100))))
    with_image(content, "../secret.jpg")
    refused(run("build", "--only", "poster", "--content", str(content), "--out", str(out)), out,
            "image.file: ../secret.jpg is outside the content folder")


def test_link_out_of_the_content_folder(content, out, tmp_path):
    (tmp_path / "elsewhere.jpg").write_bytes(jpeg(scene((200, 100))))
    os.symlink(tmp_path / "elsewhere.jpg", content / "images" / "photo.jpg")
    with_image(content, "images/photo.jpg")
    refused(run("build", "--only", "poster", "--content", str(content), "--out", str(out)), out,
            "image.file: images/photo.jpg is a link to a file outside the content folder")


@pytest.mark.parametrize(("data", "message"), [
    (jpeg(scene((400, 300)))[:5000], "is cut short (truncated)"),
    (b"This is a letter, not a picture.\n" * 20, "is not a picture expoprint can read"),
    (bomb_png(20_000, 20_000), "is 20,000 × 20,000 px (400 megapixels)"),
    (b"GIF89a" + b"\0" * 100, "is a GIF file"),
], ids=["truncated", "not-a-picture", "decompression-bomb", "gif"])
def test_broken_pictures(content, out, data, message):
    with_image(content, "images/photo.jpg", data)
    refused(run("build", "--only", "poster", "--content", str(content), "--out", str(out)), out,
            f"image.file: images/photo.jpg {message}")


def test_cmyk_tiff_with_alpha(content, out):
    with_image(content, "images/photo.tif", cmyk_tiff_with_alpha())
    refused(run("build", "--only", "poster", "--content", str(content), "--out", str(out)), out,
            "image.file: images/photo.tif is a CMYK TIFF with transparency (an alpha channel)")


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
      'viewBox="0 0 10 10">{}</svg>'


@pytest.mark.parametrize(("body", "message"), [
    ('<use xlink:href="file:///etc/passwd#x"/>', "refers to something outside itself"),
    ('<use href="https://example.com/logo.svg#a"/>', "refers to something outside itself"),
    ('<rect width="5" height="5" style="fill: url(file:///etc/passwd)"/>',
     "refers to something outside itself"),
    ("<script>alert(1)</script>", "holds a script"),
    ('<rect width="5" height="5" onclick="alert(1)"/>', "holds a script"),
    ('<image href="data:image/png;base64,AAAA" width="5" height="5"/>', "holds a picture"),
    ("<text>Ville</text>", "has live text"),
    ('<linearGradient id="g"/><rect fill="url(#g)" width="5" height="5"/>', "uses a gradient"),
], ids=["file-url", "http", "css-url", "script", "handler", "image", "text", "gradient"])
def test_hostile_svg_logos(content, out, body, message):
    with_image(content, "images/logo.svg", SVG.format(body).encode(), key="partners")
    refused(run("build", "--only", "poster", "--content", str(content), "--out", str(out)), out,
            f"partners[1].logo: images/logo.svg {message}")


def test_svg_with_entities_is_refused_without_expanding_them(content, out):
    laughs = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>&b;</title></svg>')
    with_image(content, "images/logo.svg", laughs.encode(), key="partners")
    refused(run("build", "--only", "poster", "--content", str(content), "--out", str(out)), out,
            "partners[1].logo: images/logo.svg declares entities")


def test_rgb_pdf_logo_says_what_to_ask_for(content, out):
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 50))
    canvas.setFillColorRGB(0.9, 0.1, 0.1)
    canvas.rect(10, 10, 50, 30, stroke=0, fill=1)
    canvas.save()
    with_image(content, "images/logo.pdf", buffer.getvalue(), key="partners")
    refused(run("build", "--only", "poster", "--content", str(content), "--out", str(out)), out,
            "partners[1].logo: images/logo.pdf uses RGB colour",
            "ask the designer for the logo as a PDF in CMYK")


def test_a_photo_for_a3_is_too_small_for_the_bus_shelter(content, out):
    """2,000 px across the top of the poster: 168 ppi on A3 (a warning), 42 ppi on 120×176 cm,
    under its 72 ppi floor. Asked for by --format, that format is an error (before anything is
    rendered) with the pixels it needs; not asked for, it is left out (test_resolution_floors)."""
    with_image(content, "images/photo.jpg", jpeg(scene((2000, 1333))))
    result = run("build", "--only", "poster", "--format", "A3", "--format", "120x176cm",
                 "--content", str(content), "--out", str(out))
    refused(result, out, "image.file: images/photo.jpg (2,000 × 1,333 px) prints at 42 ppi on "
            "the 120x176cm poster, under the 72 ppi it needs there",
            "use a file of at least 3,430 × 2,287 px, or leave out --format 120x176cm")
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and "A3 poster" not in errors[0]


def test_the_same_photo_builds_at_a3_with_a_warning(content, out):
    with_image(content, "images/photo.jpg", jpeg(scene((2000, 1333))))
    result = run("build", "--only", "poster", "--format", "a3", "--content", str(content),
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "images/photo.jpg (2,000 × 1,333 px) prints at 168 ppi on the A3 poster " \
           "(300 ppi wanted)" in result.output
    # Said once, naming the content's field: not again by the build's preflight, which can
    # only name the PDF's image resource.
    assert len([line for line in result.output.splitlines() if "ppi" in line]) == 1, result.output
    assert sorted(p.name for p in (out / "poster").iterdir()) == ["affiche-A3-297x420mm.pdf"]


def test_unknown_format_is_a_wrong_command_line(content, out):
    result = run("build", "--format", "A5", "--content", str(content), "--out", str(out))
    assert result.exit_code == 2
    assert "'A5' is not a poster format; the formats are A3, A2, A1, 40x60cm, 120x176cm" \
        in result.output


def test_too_many_logos_name_the_key(tmp_path, out):
    from test_pictures import write_pictures

    files = write_pictures(tmp_path / "pictures")
    logos = "\n".join(f"  - {{name: P{n}, logo: logos/ville.png}}" for n in range(24))
    content = content_with(tmp_path, files, "partners:\n" + logos + "\n")
    refused(run("build", "--only", "poster", "--format", "A3", "--content", str(content),
                "--out", str(out)), out,
            "partners: 24 logos do not fit the foot of the A3 poster: at most", "in 2 rows")


def test_partners_heading_and_logos_parse(tmp_path):
    from test_pictures import write_pictures

    from expoprint.content import load_content
    from expoprint.errors import Report

    files = write_pictures(tmp_path / "pictures")
    content = content_with(tmp_path, files, PARTNERS)
    report = Report()
    loaded = load_content(content, report)
    assert not report.errors
    assert [p.logo for p in loaded.exhibition.partners] == [
        "logos/ville.png", "logos/musee.svg", "logos/region.pdf"]
    assert loaded.exhibition.partners[1].key == "partners.logos[2].logo"
    assert loaded.exhibition.partners_heading.main == "Avec le soutien de"


def test_decoded_grey_tiff_of_16_bits(content):
    """A scanner's 16-bit grey TIFF reads as 8-bit grey, its tones kept."""
    from expoprint.images.source import decode

    image = Image.new("I;16", (4, 1))
    image.putdata([0, 257 * 100, 65535, 257 * 200])
    buffer = io.BytesIO()
    image.save(buffer, "TIFF")
    decoded = decode(buffer.getvalue())[0]
    assert decoded.mode == "L" and list(decoded.tobytes()) == [0, 100, 255, 200]
