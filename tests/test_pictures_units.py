"""The pictures' rules one by one: resolution at the thresholds, colour through the profiles,
logo strips, the conversion cache, the portrait layout, the label's photo, a real photograph."""

from __future__ import annotations

import glob
import io
import itertools
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT
from pdfdraw import PT_PER_MM, drawing, rgb_anywhere
from pdfread import char_boxes
from pictures import adobe_rgb_profile, jpeg, scene, write_pictures
from PIL import Image, ImageDraw
from test_pictures import PARTNERS, content_with

from expoprint.build import run_build
from expoprint.errors import Report
from expoprint.images import colour, place
from expoprint.images.pictures import Pictures, Placement
from expoprint.images.source import Source, Use

ICC = ROOT / "expoprint" / "layouts" / "icc" / "FOGRA39L-expoprint.icc"


def files_open() -> set[Path]:
    """The regular files this process holds open (Linux)."""
    held = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = Path(fd.readlink())
        except OSError:
            continue  # the folder's own descriptor, closed once read
        if target.is_file():
            held.add(target)
    return held


def test_the_press_profile_is_held_in_memory_not_as_an_open_file():
    """A profile LittleCMS opens by its path keeps the file open and is read lazily: workers
    forked from the process that opened it would share the file's position, and two converting
    pictures at once would read each other's bytes (a build failed with "Could not get profile")."""
    from expoprint.colours import _transform

    colour.output_profile.cache_clear()
    _transform.cache_clear()
    before = files_open()
    colour.rgb_transform.cache_clear()
    colour.rgb_to_cmyk(Image.new("RGB", (4, 4), "red"), None, ICC)
    _transform(ICC)
    assert ICC.resolve() not in files_open() - before


def source_of(size: tuple[int, int], role: str = "photo") -> Source:
    use = Use("exhibition.yaml", 7, "image.file", "images/photo.jpg", role)
    return Source(use, b"", "0" * 64, "raster", "JPEG", size, "RGB")


# --- resolution ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("ppi", "errors", "warnings"), [
    (149.9, 1, 0), (150.0, 0, 1), (299.9, 0, 1), (300.0, 0, 0)])
def test_resolution_thresholds(ppi, errors, warnings):
    """A 3,000 px wide picture in a box sized for exactly `ppi` (contain: drawn at the box)."""
    width_mm = 3000 / ppi * 25.4
    report = Report()
    Pictures(Path("."), ICC).check(source_of((3000, 2000)), [
        Placement("the A1 poster", (width_mm, width_mm / 1.5), "contain")], report)
    assert (len(report.errors), len(report.warnings)) == (errors, warnings)
    if errors:
        assert "images/photo.jpg (3,000 × 2,000 px) prints at 150 ppi on the A1 poster, under " \
               "the 150 ppi a print needs" in str(report.errors[0])  # 149.9 rounds to 150
        assert "print it at most 50×33 cm" in str(report.errors[0])


def test_cover_crop_counts_the_whole_picture():
    """A 3:2 picture in a tall box is drawn by its height: its width runs past the box."""
    assert place.drawn(1.5, 100, 200, "cover") == (300, 200)
    assert place.drawn(1.5, 100, 200, "contain") == (100, pytest.approx(66.667, abs=0.001))
    assert place.pixels_for((303, 202)) == (3579, 2386)
    assert place.ppi((3579, 2386), (303, 202)) >= 300


# --- colour -------------------------------------------------------------------------------------

def test_embedded_profile_is_used_and_srgb_assumed_without_one():
    green = Image.new("RGB", (1, 1), (0, 200, 0))
    as_srgb = colour.rgb_to_cmyk(green, None, ICC).getpixel((0, 0))
    as_adobe = colour.rgb_to_cmyk(green, adobe_rgb_profile(), ICC).getpixel((0, 0))
    assert as_srgb != as_adobe
    assert colour.rgb_to_cmyk(green, b"not a profile", ICC).getpixel((0, 0)) == as_srgb


def test_ink_is_clipped_to_the_press_limit_keeping_black():
    black = Image.new("RGB", (4, 4), (0, 0, 0))
    cmyk = colour.rgb_to_cmyk(black, None, ICC)
    assert colour.max_ink(cmyk) <= 2.95
    assert cmyk.getpixel((0, 0))[3] >= 240  # K stays: the shadow keeps its depth


def test_grey_prints_on_black_alone_from_paper_to_solid():
    ramp = colour.grey_ramp(None, "L", ICC)
    assert ramp[0] == 255 and ramp[255] == 0
    assert all(a >= b for a, b in itertools.pairwise(ramp))
    assert colour.paint(0, 0, 0, ICC) == (0, 0, 0, 1)
    assert colour.paint(1, 1, 1, ICC) == (0, 0, 0, 0)
    assert colour.paint(0.5, 0.5, 0.5, ICC)[:3] == (0, 0, 0)


# --- logo strips --------------------------------------------------------------------------------

def test_logos_keep_their_order_and_a_common_optical_size():
    aspects = [1.0, 4.0, 0.5, 2.0, 1.0, 3.0, 1.5, 2.5]
    strip = place.logo_strip(aspects, 150, place.StripSpec(), 1.0, heading=True)
    assert strip is not None and strip.rows == 2 and strip.scale == 1
    boxes = strip.boxes
    rows = [[b for b in boxes if b.y < boxes[4].y - 1], [b for b in boxes if b.y >= boxes[4].y - 1]]
    assert [len(row) for row in rows] == [4, 4]  # balanced, in the given order
    for row in rows:
        assert all(a.x + a.w < b.x for a, b in itertools.pairwise(row))
    areas = [b.w * b.h for b, a in zip(boxes, aspects, strict=True) if 0.6 < a < 4]
    assert max(areas) == pytest.approx(min(areas), rel=0.01)  # the same optical weight
    gaps = [b.x - (a.x + a.w) for a, b in zip(rows[0], rows[0][1:], strict=False)]
    assert max(gaps) == pytest.approx(min(gaps))  # evenly spaced


def test_logos_shrink_before_giving_up():
    assert place.logo_strip([3.0] * 12, 150, place.StripSpec(), 1.0, False).scale == 0.85
    assert place.logo_strip([3.0] * 40, 150, place.StripSpec(), 1.0, False) is None


# --- the conversion cache -----------------------------------------------------------------------

def test_one_conversion_per_file_and_size(tmp_path):
    data = jpeg(scene((3000, 2000)))
    pictures = Pictures(tmp_path, ICC)
    from expoprint.images.source import identify

    source = identify(data, Use("x", 1, "image.file", "p.jpg", "photo"))
    report = Report()
    sizes = [(200, 133), (100, 66)]  # two formats, each asking for the build's largest
    large = pictures.ready(source, sizes, report)
    again = pictures.ready(source, sizes, report)
    assert large.url == again.url and pictures.conversions == 1
    assert large.pixels == (2363, 1571)  # 300 ppi at 200 × 133 mm, from 3,000 px
    small = pictures.ready(source, [(100, 66)], report)  # another size: its own conversion
    assert small.pixels == (1182, 780) and pictures.conversions == 2
    pictures.cache = False
    pictures.ready(source, sizes, report)
    assert pictures.conversions == 3
    assert Image.open(io.BytesIO(large.data)).mode == "CMYK"


# --- a portrait picture, beside the title; a photo on the label ---------------------------------

@pytest.fixture(scope="module")
def portrait_kit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("portrait")
    files = write_pictures(folder / "pictures")
    content = content_with(folder, files, "image: {file: images/portrait.jpg, credit: © Test, "
                           "alt: Un portrait}\n" + PARTNERS, {"objet-2": "images/portrait.jpg"})
    return run_build(content, folder / "out", only=("poster", "labels"), formats=("A3",))


def test_portrait_picture_stands_beside_the_title_and_no_text_is_on_it(portrait_kit):
    path = portrait_kit.out_dir / "poster/affiche-A3-297x420mm.pdf"
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        trim = [float(v) / PT_PER_MM for v in page.obj.TrimBox]
        bleed = [float(v) / PT_PER_MM for v in page.obj.BleedBox]
        photo = max(drawing(page).images, key=lambda item: item.image.Height)
        x0, y0, x1, y1 = (v / PT_PER_MM for v in photo.box)
    # Portrait 2:3 beside the title column: the upper 45 % of the height, to the right and top
    # bleed, as wide as the title's column leaves it within 36–58 % of the width (poster.yaml),
    # cropped to that box around its focus (drawn at least as large as the box). No text lies
    # on the part it always covers, the narrowest such box.
    box = (bleed[2] - 3 - 0.36 * 297, trim[3] - 0.45 * 420, bleed[2], bleed[3])
    assert x1 >= box[2] - 0.1 and y1 >= box[3] - 0.1 and x0 <= box[0] + 0.1
    assert y0 <= box[1] + 0.1
    for char, (left, bottom, right, top) in char_boxes(path):
        inside = left < box[2] and right > box[0] + 0.5 and bottom < box[3] and top > box[1] + 0.5
        assert not inside, f"'{char}' is printed on the picture"


def test_label_carries_the_photo_beside_its_text(portrait_kit):
    path = portrait_kit.out_dir / "labels/cartels-148x105mm.pdf"
    with pikepdf.open(path) as pdf:
        assert rgb_anywhere(pdf) == []
        assert not drawing(pdf.pages[0]).images  # objet-1 has no image
        images = drawing(pdf.pages[1]).images
        assert len(images) == 1 and images[0].image.ColorSpace == pikepdf.Name.DeviceCMYK
        photo = images[0]
    assert photo.ppi >= 300
    left = photo.box[0] / PT_PER_MM
    for _, (_x0, bottom, x1, top) in char_boxes(path, 1):
        if bottom > photo.box[1] / PT_PER_MM:
            assert x1 < left or top > photo.box[3] / PT_PER_MM, "text runs under the photo"


# --- a real photograph --------------------------------------------------------------------------

REAL = sorted(glob.glob("/usr/share/backgrounds/mate/nature/*.jpg"))


@pytest.mark.skipif(not REAL, reason="Debian's mate-backgrounds is not installed (.ci/run installs it)")
def test_a_real_photograph(tmp_path):
    """A camera's JPEG (EXIF, no profile: sRGB) through the poster and the leaflet."""
    photo = Path(next(p for p in REAL if p.endswith("Garden.jpg")) if any(
        p.endswith("Garden.jpg") for p in REAL) else REAL[0])
    files = write_pictures(tmp_path / "pictures")
    files["real"] = photo
    content = content_with(tmp_path, files,
                           f"image: {{file: {photo.parent.name}/{photo.name}, alt: Un jardin}}\n")
    result = run_build(content, tmp_path / "out", only=("poster", "leaflet"), formats=("A3",))
    with pikepdf.open(result.out_dir / "poster/affiche-A3-297x420mm.pdf") as pdf:
        assert rgb_anywhere(pdf) == []
        picture = max(drawing(pdf.pages[0]).images, key=lambda item: item.image.Width)
        assert picture.image.ColorSpace == pikepdf.Name.DeviceCMYK
        with Image.open(photo) as original:
            assert int(picture.image.Width) == min(original.width, 3579)
    assert any("prints at" in str(w) for w in result.warnings) or picture.ppi >= 300


def test_pale_and_cmyk_logos_build(tmp_path):
    """A pale grey logo on transparency (under 100 % ink everywhere: a preflight that reads an
    Adobe JPEG's inks twice inverted takes it for 300 %) and a CMYK JPEG logo, whose margins are
    measured on its four inks."""
    files = write_pictures(tmp_path / "pictures")
    pale = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(pale).ellipse((20, 20, 580, 180), fill=(170, 170, 170, 255))
    pale.save(files["png"])
    content = content_with(tmp_path, files, "partners:\n  - {name: A, logo: logos/ville.png}\n"
                           "  - {name: B, logo: images/photo-cmyk.jpg}\n")
    result = run_build(content, tmp_path / "out", only=("poster",), formats=("A3",))
    with pikepdf.open(result.out_dir / "poster/affiche-A3-297x420mm.pdf") as pdf:
        assert len(drawing(pdf.pages[0]).images) == 2


def test_a_camera_turned_picture_is_read_upright():
    """EXIF orientation 6 (turned a quarter): the file's 300 × 200 px are a 200 × 300 portrait."""
    from expoprint.images.source import identify

    image = scene((300, 200))
    exif = image.getexif()
    exif[0x0112] = 6
    data = jpeg(image, exif=exif)
    source = identify(data, Use("x", 1, "image.file", "p.jpg", "photo"))
    assert source.size == (200, 300) and source.oriented and source.aspect < 1
