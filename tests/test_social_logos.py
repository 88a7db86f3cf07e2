"""The organiser's and the partners' logos reach the social images, at equal area, in a band
under the facts; an image too crowded for them says so and leaves them to the poster."""

from __future__ import annotations

import numpy
import pytest
from PIL import Image
from variety import corpus, write

from expoprint.build import run_build
from expoprint.products.social import logo_band


def red_pixels(image: Image.Image) -> int:
    pixels = numpy.asarray(image)
    return int(((pixels[..., 0] > 170) & (pixels[..., 1] < 80) & (pixels[..., 2] < 90)).sum())


def test_logos_share_one_area_whatever_their_shape():
    """A wide logo is not favoured over a narrower one; a square one is held to the row."""
    logos = [{"src": "a", "name": "A", "aspect": 2.0}, {"src": "b", "name": "B", "aspect": 4.0},
             {"src": "c", "name": "C", "aspect": 1.0}]
    placed, band = logo_band(logos, (1920, 1080))
    areas = [logo["w"] * logo["h"] for logo in placed]
    assert abs(areas[0] - areas[1]) < 1e-6 * areas[0] and band > 0
    assert placed[2]["h"] <= band and areas[2] < areas[0]
    assert logo_band([], (1080, 1080)) == ([], 0.0)


@pytest.mark.parametrize("photo", [True, False], ids=["with a photo", "without"])
def test_the_slide_shows_the_twelve_logos_and_a_crowded_square_says_it_leaves_them(tmp_path,
                                                                                   photo):
    exhibition = next(e for e in corpus() if e.logos == 12 and e.facts == "weekend"
                      and (e.photo is not None) == photo)
    content = write(exhibition, tmp_path / "content")
    result = run_build(content, tmp_path / "out", only=("social",))
    slide = Image.open(tmp_path / "out" / "social" / "ecran-1920x1080.png").convert("RGB")
    band = slide.crop((1000, 800, 1900, 1060))  # the facts' column, at its foot
    assert red_pixels(band) > 500  # the red logos (tests/variety.py draws every fourth one red)
    told = " ".join(result.notes + result.told)
    assert "social/ecran-1920x1080.png: no room left for the logos" not in told
    if "social/annonce-1080x1080.png: no room left for the logos" in told:
        square = Image.open(tmp_path / "out" / "social" / "annonce-1080x1080.png").convert("RGB")
        foot = square.crop((0, 960, 1080, 1080))
        assert red_pixels(foot) == 0
