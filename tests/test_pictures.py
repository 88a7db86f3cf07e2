"""Pictures and logos as a printer receives them, read back from the PDFs with pikepdf,
pypdfium2 and Ghostscript's separations: CMYK or K only, never RGB; the CMYK JPEG untouched;
logos vector; resolution at placed size as the layout computes it; the credit printed."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES, ROOT, copy_content, plain
from pdfdraw import PT_PER_MM, drawing, rgb_anywhere
from pdfread import page_text, rgb_uses
from pictures import SVG_LOGO, write_pictures

from expoprint.build import run_build

POSTER_A3 = "poster/affiche-A3-297x420mm.pdf"
LEAFLET = "leaflet/depliant-A4-DL-297x210mm.pdf"
CUT = "labels/cartels-148x105mm.pdf"


@pytest.fixture(scope="session")
def picture_files(tmp_path_factory) -> dict[str, Path]:
    return write_pictures(tmp_path_factory.mktemp("pictures"))


def content_with(folder: Path, files: dict[str, Path], yaml: str,
                 artefact_images: dict[str, str] | None = None) -> Path:
    """The minimal exhibition with a timeline, the test pictures and `yaml` appended."""
    content = copy_content(folder, FIXTURES / "minimal")
    shutil.copy(ROOT / "content" / "timeline.yaml", content)
    for path in files.values():
        target = content / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(path, target)
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n" + yaml)
    if artefact_images:
        text = (content / "artefacts.yaml").read_text(encoding="utf-8")
        for ident, image in artefact_images.items():
            text = text.replace(f"{{id: {ident},", f"{{id: {ident}, image: {image}, "
                                f"image_alt: Une photo de l'objet,", 1)
        (content / "artefacts.yaml").write_text(text, encoding="utf-8")
    return content


PARTNERS = """partners:
  heading: Avec le soutien de
  logos:
    - {name: Ville, logo: logos/ville.png}
    - {name: Musée, logo: logos/musee.svg}
    - {name: Région, logo: logos/region.pdf}
"""


@pytest.fixture(scope="session")
def press_kit(tmp_path_factory, picture_files):
    """An Adobe RGB photo, a PNG, an SVG and a PDF logo, a grey TIFF on a label: A3 poster,
    leaflet and labels."""
    folder = tmp_path_factory.mktemp("press")
    content = content_with(folder, picture_files, """image:
  file: images/photo-adobe.jpg
  credit: © Archives municipales
  alt: Un paysage de collines
  focus: [30, 40]
""" + PARTNERS, {"objet-1": "images/photo-grey.tif"})
    return run_build(content, folder / "out", formats=("A3",))


@pytest.fixture(scope="session")
def cmyk_kit(tmp_path_factory, picture_files):
    folder = tmp_path_factory.mktemp("cmyk")
    content = content_with(folder, picture_files, "image: {file: images/photo-cmyk.jpg, alt: Une scène}\n")
    return run_build(content, folder / "out", only=("poster", "leaflet"), formats=("A3",))


@pytest.fixture(scope="session")
def grey_kit(tmp_path_factory, picture_files):
    folder = tmp_path_factory.mktemp("grey")
    content = content_with(folder, picture_files, "image: {file: images/photo-grey.tif, alt: Une scène}\n")
    return run_build(content, folder / "out", only=("poster",), formats=("A3",))


def pdf_of(kit, path):
    return pikepdf.open(kit.out_dir / path)


@pytest.mark.parametrize("path", [POSTER_A3, LEAFLET, CUT])
def test_no_rgb_anywhere(press_kit, path):
    with pdf_of(press_kit, path) as pdf:
        assert rgb_uses(pdf) == []
        assert rgb_anywhere(pdf) == []
        for page in pdf.pages:
            for item in drawing(page).images:
                assert str(item.image.ColorSpace) in ("/DeviceCMYK", "/DeviceGray")
                assert "/SMask" not in item.image  # transparency flattened, no soft mask


def test_only_the_chosen_format_is_built(press_kit):
    posters = [o.path for o in press_kit.outputs if o.product == "poster"]
    assert posters == [POSTER_A3]


def test_photo_fills_its_box_at_300_ppi_as_computed(press_kit):
    """A 4,000 × 2,667 px photo across the top of an A3 poster: its box is the full bleed width
    (303 mm) by the bleed plus 40 % of the height (3 + 168 mm: poster.yaml's top_height for a
    3:2 picture); cropped to it (cover), it is drawn 303 mm wide, so it was downsampled to
    ceil(303 / 25.4 × 300) = 3,579 px: 300 ppi, not more."""
    with pdf_of(press_kit, POSTER_A3) as pdf:
        page = pdf.pages[0]
        trim = [float(v) for v in page.obj.TrimBox]
        photo = max(drawing(page).images, key=lambda item: item.image.Width)
        assert int(photo.image.Width) == 3579 and int(photo.image.Height) == 2387
        width_mm, height_mm = photo.size_mm
        assert width_mm == pytest.approx(303, abs=0.05)
        assert height_mm == pytest.approx(303 / 1.5, abs=0.2)  # the whole picture, cropped
        assert photo.ppi == pytest.approx(300, abs=0.2)
        assert photo.box[0] == pytest.approx(trim[0] - 3 * PT_PER_MM, abs=0.1)  # to the bleed
        assert str(photo.image.Filter) == "/DCTDecode"


def test_photo_is_converted_once_for_every_format(tmp_path, picture_files):
    """A3 and A2 from one build: one conversion, the A2's (the larger), embedded in both."""
    content = content_with(tmp_path, picture_files, "image: {file: images/photo-adobe.jpg, alt: Une scène}\n")
    result = run_build(content, tmp_path / "out", only=("poster",), formats=("A3", "a2"))
    digests = set()
    for output in result.outputs:
        with pikepdf.open(result.out_dir / output.path) as pdf:
            photo = max(drawing(pdf.pages[0]).images, key=lambda item: item.image.Width)
            digests.add(hashlib.sha256(photo.image.read_raw_bytes()).hexdigest())
            assert int(photo.image.Width) == 4000  # A2 asks more than the file has: all of it
    assert len(digests) == 1


def test_credit_and_facts_are_printed(press_kit):
    assert "© Archives municipales" in plain(page_text(press_kit.out_dir / POSTER_A3))
    assert "© Archives municipales" in plain(page_text(press_kit.out_dir / LEAFLET))


def test_cmyk_jpeg_passes_through_byte_for_byte(cmyk_kit, picture_files):
    original = picture_files["cmyk"].read_bytes()
    for path in (POSTER_A3, LEAFLET):
        with pdf_of(cmyk_kit, path) as pdf:
            images = drawing(pdf.pages[0]).images
            assert any(item.image.read_raw_bytes() == original for item in images), path
            assert rgb_anywhere(pdf) == []


def test_grey_photo_prints_on_black_only(grey_kit):
    with pdf_of(grey_kit, POSTER_A3) as pdf:
        photo = max(drawing(pdf.pages[0]).images, key=lambda item: item.image.Width)
        assert photo.image.ColorSpace == pikepdf.Name.DeviceGray
    plates = separations(grey_kit.out_dir / POSTER_A3, dpi=20)
    # The photo's box on the page: the top of the poster, down to 40 % of its height.
    area = box_pixels(grey_kit.out_dir / POSTER_A3, (0, 0.62, 1, 1), dpi=20)
    assert inked(plates["Black"], area) and not any(
        inked(plates[name], area) for name in ("Cyan", "Magenta", "Yellow"))


def test_svg_logo_is_vector_in_cmyk_and_its_black_is_k_only(press_kit):
    with pdf_of(press_kit, POSTER_A3) as pdf:
        drawn = drawing(pdf.pages[0])
        blacks = [f for f in drawn.fills if f.space == "DeviceCMYK" and f.colour == (0, 0, 0, 1)]
        blues = [f for f in drawn.fills if f.space == "DeviceCMYK" and f.colour[0] > 0.8
                 and f.colour[2] < 0.1]  # #0055a4 as cyan and magenta
        logo = [f for f in blacks + blues if f.box[1] < 60 * PT_PER_MM]  # at the poster's foot
        assert len([f for f in logo if f in blacks]) >= 2 and any(f in blues for f in logo)
        for fill in logo:
            for image in drawn.images:
                assert not overlaps(fill.box, image.box), "an image drawn where the SVG is"
        assert not [f for f in drawn.fills if f.space == "DeviceRGB"]


def test_pdf_logo_is_drawn_as_a_form_clipped_to_its_ink(press_kit):
    with pdf_of(press_kit, POSTER_A3) as pdf:
        drawn = drawing(pdf.pages[0])
        assert [name for name in drawn.forms if name.startswith("/Logo")]
        xobjects = pdf.pages[0].Resources.XObject
        form = next(xobjects[name] for name in xobjects if name.startswith("/Logo"))
        x0, y0, x1, y1 = (float(v) for v in form.BBox)
        # The logo's ink: a 120 × 80 pt rectangle and a disc of 80 pt on a 400 × 300 pt page.
        assert (x1 - x0, y1 - y0) == (pytest.approx(200, abs=3), pytest.approx(80, abs=3))
        oranges = [f for f in drawn.fills if f.colour == (0, 0.6, 1, 0)]
        assert oranges and all(f.box[1] < 60 * PT_PER_MM for f in oranges)


def test_png_logo_is_flattened_onto_the_paper(press_kit):
    """The logo's transparent margin is cut, and what shows around its ink is the paper's
    colour, as the poster's paper under it: no soft mask, no RGB."""
    from PIL import Image

    with pdf_of(press_kit, POSTER_A3) as pdf:
        logos = [item for item in drawing(pdf.pages[0]).images
                 if item.box[1] < 60 * PT_PER_MM]
        assert len(logos) == 1
        picture = pikepdf.PdfImage(logos[0].image).as_pil_image()
        assert picture.mode == "CMYK"
        corner = picture.getpixel((0, 0))
        cream = tuple(round(v * 255) for v in (0, 0.03, 0.1, 0))  # palette.yaml's paper
        assert all(abs(a - b) <= 3 for a, b in zip(corner, cream, strict=True))
        assert isinstance(picture, Image.Image)
        width_mm, height_mm = logos[0].size_mm
        assert width_mm / height_mm == pytest.approx(picture.width / picture.height, rel=0.02)


def test_separations_photo_on_four_plates_black_logo_on_k_and_ink_within_300(press_kit):
    path = press_kit.out_dir / LEAFLET
    plates = separations(path, dpi=150)
    with pikepdf.open(path) as pdf:
        drawn = drawing(pdf.pages[0])
        media_h = float(pdf.pages[0].mediabox[3])
        bleed = [float(v) for v in pdf.pages[0].obj.BleedBox]
        photo = max(drawn.images, key=lambda item: item.image.Width)
        blacks = [f for f in drawn.fills if f.colour == (0, 0, 0, 1)
                  and (f.box[2] - f.box[0]) > 2 * PT_PER_MM and f.box[1] < 40 * PT_PER_MM]
    photo_area = to_pixels(photo.box, media_h, 150)
    for name in ("Cyan", "Magenta", "Yellow", "Black"):
        assert inked(plates[name], photo_area), f"the photo is missing from the {name} plate"
    assert blacks, "the SVG logo's black bar"
    for fill in blacks:
        inner = shrink(to_pixels(fill.box, media_h, 150), 2)
        assert inked(plates["Black"], inner)
        for name in ("Cyan", "Magenta", "Yellow"):
            assert not inked(plates[name], inner), f"the black logo prints on {name}"
    # Inside the bleed: the crop marks outside it print on every plate, as they must.
    assert total_ink(plates, shrink(to_pixels(bleed, media_h, 150), 2)) <= 300 + 2  # gs rounds


# --- reading Ghostscript's separations ----------------------------------------------------------

def separations(path: Path, dpi: int) -> dict:
    """One grey image per plate (255: no ink), page 1, from Ghostscript's tiffsep."""
    from PIL import Image

    out = path.parent / f"{path.stem}-sep"
    out.mkdir(exist_ok=True)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep",
                    f"-r{dpi}", "-dFirstPage=1", "-dLastPage=1",
                    f"-sOutputFile={out / 'p.tif'}", str(path)], check=True, capture_output=True)
    return {name: Image.open(out / f"p({name}).tif").convert("L")
            for name in ("Cyan", "Magenta", "Yellow", "Black")}


def to_pixels(box, media_h: float, dpi: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    scale = dpi / 72
    return (round(x0 * scale), round((media_h - y1) * scale), round(x1 * scale),
            round((media_h - y0) * scale))


def box_pixels(path: Path, shares, dpi: int) -> tuple[int, int, int, int]:
    """A box given as shares of the trim (x0, y0, x1, y1 from the bottom-left), in pixels."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        tx0, ty0, tx1, ty1 = (float(v) for v in page.obj.TrimBox)
        media_h = float(page.mediabox[3])
    w, h = tx1 - tx0, ty1 - ty0
    box = (tx0 + shares[0] * w, ty0 + shares[1] * h, tx0 + shares[2] * w, ty0 + shares[3] * h)
    return shrink(to_pixels(box, media_h, dpi), 1)


def shrink(area, by: int):
    return area[0] + by, area[1] + by, area[2] - by, area[3] - by


def inked(plate, area, share: float = 0.0) -> bool:
    """Whether the plate prints in `area` (in more than `share` of it when asked)."""
    crop = plate.crop(area)
    inks = [255 - v for v in crop.tobytes()]
    if share:
        return sum(1 for v in inks if v > 200) >= share * len(inks)
    return max(inks, default=0) > 12


def total_ink(plates, area) -> float:
    import numpy as np

    stack = sum(255 - np.asarray(plates[name].crop(area), dtype=np.int32)
                for name in ("Cyan", "Magenta", "Yellow", "Black"))
    return float(stack.max()) / 255 * 100


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_svg_logo_text_holds_no_rgb(picture_files):
    from expoprint.images.svg import read_svg

    drawing_ = read_svg(SVG_LOGO.encode(), ROOT / "expoprint" / "layouts" / "icc" / "FOGRA39L-expoprint.icc")
    assert "#0055a4" not in drawing_.text and "rgb(" not in drawing_.text
    assert "sodipodi" not in drawing_.text and "namedview" not in drawing_.text
    assert 'fill="device-cmyk(0 0 0 1)"' in drawing_.text  # the default black, as K 100
    assert drawing_.size == (300, 100)


def test_a_portrait_photo_keeps_the_small_coloured_words_at_12_pt(tmp_path, picture_files):
    """Beside a portrait photo the title's frame is narrow and its type steps down; the word
    above the title (`kind`, in the highlight colour: several inks) stays at 12 pt, where
    misregister does not blur it (PRINT.md), so the build's own preflight finds nothing to say."""
    content = copy_content(tmp_path, FIXTURES / "printemps")
    (content / "images").mkdir()
    shutil.copy(picture_files["portrait"], content / "images")
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nimage: {file: images/portrait.jpg, alt: Un portrait}\n")
    result = run_build(content, tmp_path / "out", only=("poster",), formats=("A3",))
    assert "EXPOSITION" in "".join(page_text(result.out_dir / POSTER_A3).split())  # spaced
    assert not [w for w in result.warnings if "small-text-multi-ink" in w.message], result.warnings
