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
    assert "too long for its box (social/annonce-1080x1350.png, titre) even with its type " \
        "stepped down to 60 %" in message
    assert not (tmp_path / "out" / "social").exists()


def test_the_alternative_text_is_in_each_language_inside_and_beside_the_images(default_kit):
    """Each PNG carries a `Description` per language (iTXt with its language tag), and
    `social/alt.txt` says the same beside them, for the person who posts them."""
    texts = {}
    with open(default_kit.out_dir / "social/annonce-1080x1350.png", "rb") as handle:
        data = handle.read()
    position = 8
    while position < len(data):  # the PNG's chunks, read without Pillow (which keeps one)
        length = int.from_bytes(data[position:position + 4], "big")
        kind, body = data[position + 4:position + 8], data[position + 8:position + 8 + length]
        if kind == b"iTXt":
            key, rest = body.split(b"\0", 1)
            lang, rest = rest[2:].split(b"\0", 1)
            texts[(key.decode(), lang.decode())] = rest.split(b"\0", 1)[1].decode()
        position += 12 + length
    assert "La Libération de Besançon" in plain(texts[("Description", "fr")])
    assert "The Liberation of Besançon. From Provence to the Vosges" in plain(
        texts[("Description", "en")])
    assert "Free admission" in texts[("Description", "en")]
    beside = (default_kit.out_dir / "social/alt.txt").read_text(encoding="utf-8")
    assert texts[("Description", "fr")] in beside and texts[("Description", "en")] in beside
    assert "annonce-1080x1350.png" in beside
    assert any(o.path == "social/alt.txt" and o.media_type == "text/plain"
               for o in default_kit.outputs)


def test_the_phone_images_text_is_legible_at_390_px(default_kit):
    """No warning of the build's legibility check for the kit's own images: at 390 px wide
    every text is 12 px or more, and small text contrasts 4.5:1 with its ground."""
    said = [w.message for w in default_kit.warnings if w.file.startswith("social/")]
    assert said == []


def test_small_red_text_on_a_phone_is_named(tmp_path):
    """The hours in the accent colour at the old 40 px are 14 px on a phone: small text, which
    4.40:1 does not serve. A museum's own template that sets them so is warned about."""
    content = copy_content(tmp_path)
    (content / "layouts").mkdir()
    template = (ROOT / "expoprint/layouts/social.html.j2").read_text(encoding="utf-8")
    for old, new in ((".hours { font-weight: 700; font-size: {{ [52 * fit.facts, large_bold_px]|max }}px",
                      ".hours { font-weight: 700; font-size: {{ 40 * fit.facts }}px"),
                     (".occasion { font-weight: 700; font-size: {{ [34 * fit.title, least_px]|max }}px",
                      ".occasion { font-weight: 700; font-size: {{ 26 * fit.title }}px")):
        assert old in template
        template = template.replace(old, new)
    (content / "layouts/social.html.j2").write_text(template, encoding="utf-8")
    result = run_build(content, tmp_path / "out", only=("social",))
    said = [w.message for w in result.warnings if w.file == "social/annonce-1080x1080.png"]
    assert any(m.startswith("'de 10 h à 17 h' contrasts 4.40:1 with its ground, under the "
                            "4.5:1 its size asks for (14.4 px") for m in said), said
    assert any(m.startswith("'JOURNÉES EUROPÉENNES DU PATRIMOINE' is 9.4 px high on a phone")
               or "is 9.4 px high on a phone (390 px wide), under the 12 px" in m
               for m in said), said


def test_contrast_is_wcags():
    from expoprint.colours import rgb_contrast

    assert round(rgb_contrast((119, 119, 119), (255, 255, 255)), 2) == 4.48
    assert round(rgb_contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
