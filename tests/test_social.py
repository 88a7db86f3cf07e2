"""The social images read back with Pillow: pixel sizes, sRGB, the press colours, the alt text."""

from __future__ import annotations

import io

import pytest
from conftest import ROOT, copy_content, edit, plain
from PIL import Image, ImageCms

from expoprint.build import run_build
from expoprint.colours import to_srgb
from expoprint.errors import ExpoprintError, Report
from expoprint.layouts import read_palette

SIZES = {"social/annonce-1080x1350.png": (1080, 1350), "social/annonce-1080x1080.png": (1080, 1080),
         "social/ecran-1920x1080.png": (1920, 1080)}


@pytest.mark.parametrize("path", SIZES)
def test_srgb_png_at_its_size_in_the_printed_colours(default_kit, path):
    with Image.open(default_kit.out_dir / path) as image:
        assert image.format == "PNG" and image.mode == "RGB" and image.size == SIZES[path]
        profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
        assert "sRGB" in ImageCms.getProfileDescription(profile)
        palette = read_palette(ROOT / "expoprint" / "layouts", Report())
        icc = ROOT / "expoprint/layouts/icc/FOGRA39L-expoprint.icc"
        sky, paper = (to_srgb(palette[role], icc) for role in ("primary", "paper"))
        assert max(abs(a - b) for a, b in zip(image.getpixel((5, 5)), sky, strict=True)) <= 2
        corner = (image.width - 5, image.height - 5)
        assert max(abs(a - b) for a, b in zip(image.getpixel(corner), paper, strict=True)) <= 2
        alt = plain(image.info["Description"])
        for fact in ("La Libération de Besançon", "21 et 22 septembre 2024", "de 10 h à 17 h",
                     "Hôtel de Grand Quartier Général de Clévans", "Entrée libre"):
            assert fact in alt


def test_a_title_too_long_for_the_images_is_named_not_clipped(tmp_path):
    content = copy_content(tmp_path)
    edit(content / "exhibition.yaml", "title: La Libération de Besançon",
         "title: " + " ".join(["Anticonstitutionnellement"] * 7))
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("social",))
    message = str(caught.value)
    assert "exhibition.yaml:7: title: the text is" in message
    assert "too long for its box (social/annonce-1080x1080.png, titre) even with its type " \
        "stepped down to 60 %" in message
    assert not (tmp_path / "out" / "social").exists()
