"""The web site read from the outside: served by http.server, reached through the labels' QR codes
as a phone would, and parsed as HTML; fonts, photos and sizes checked with independent readers."""

from __future__ import annotations

import io
import itertools
import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import zxingcpp
from browser import serve
from conftest import ROOT, copy_content, edit, plain
from pdfread import render

from expoprint.build import run_build
from expoprint.errors import ExpoprintError

BASE = "https://example.org/liberation-besancon/objets/"
IDS = ["liberation-1944", "3e-division-us", "citadelle", "lattre-01", "lattre-02"]
TITLES = {"citadelle": ("Du fort de Chaudanne à la Citadelle", "From Fort Chaudanne to the Citadel"),
          "3e-division-us": ("La 3ᵉ division d’infanterie US", "The US 3rd Infantry Division")}


@pytest.fixture(scope="module")
def web(default_kit) -> Path:
    return default_kit.out_dir / "web"


class Page(HTMLParser):
    """What a checker needs from a page: its elements with their attributes and its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    @property
    def plain_text(self) -> str:
        return plain(" ".join(self.text))


def pages(web: Path) -> list[Path]:
    return sorted(web.rglob("*.html"))


def label_codes(out: Path) -> list[str]:
    """Every QR code the label PDFs carry, read from their pictures."""
    import pypdfium2

    texts = []
    for pdf in sorted((out / "labels").glob("*.pdf")):
        with pypdfium2.PdfDocument(str(pdf)) as document:
            count = len(document)
        for index in range(count):
            image = render(pdf, index, dpi=150)
            texts += [code.text for code in
                      zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    return texts


def test_every_qr_code_of_the_labels_opens_its_page(default_kit, web):
    codes = label_codes(default_kit.out_dir)
    assert sorted(set(codes)) == sorted(f"{BASE}{ident}/" for ident in IDS)  # the folder itself
    assert len(codes) >= 4 * len(IDS)  # the cut labels and three sheet presets
    with serve(web, urlparse(BASE).path) as (origin, requested):
        for code in sorted(set(codes)):
            local = origin + urlparse(code).path  # the host rewritten to the local server
            with urllib.request.urlopen(local, timeout=10) as response:  # follows …/id → …/id/
                assert response.status == 200
                html = response.read().decode()
            ident = code.rstrip("/").rsplit("/", 1)[-1]
            assert Page(html).all("html")[0]["lang"] == "fr"
            if ident in TITLES:
                for title in TITLES[ident]:
                    assert plain(title) in Page(html).plain_text
        assert all(path.startswith(urlparse(BASE).path) for path in requested)


def test_pages_are_french_and_english_with_a_switch_and_no_script(web):
    for path in pages(web):
        html = path.read_text(encoding="utf-8")
        page = Page(html)
        parts = {attrs["id"]: attrs["lang"] for attrs in page.all("div")
                 if "part" in (attrs.get("class") or "")}
        assert parts == {"fr": "fr", "en": "en"}, path
        switch = [a["href"] for a in page.all("a") if a.get("hreflang")]
        assert "#en" in switch and "#fr" in switch, path
        assert not page.all("script") and "<script" not in html.lower()
        assert not re.search(r"\son[a-z]+\s*=", html), f"event handler in {path}"
        assert all(landmark in html for landmark in ("<header", "<main", "<footer", "<nav"))


def test_headings_go_down_one_level_at_a_time(web):
    for path in pages(web):
        levels = [int(tag[1]) for tag, _ in Page(path.read_text(encoding="utf-8")).elements
                  if re.fullmatch(r"h[1-6]", tag)]
        assert levels and levels[0] == 1, path
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{path}: h{before} then h{after}"


def test_every_link_and_file_stays_inside_web(web):
    """Nothing a page loads comes from another site, and every link inside the site resolves."""
    for path in pages(web):
        page = Page(path.read_text(encoding="utf-8"))
        base = "file://" + str(path)
        for tag, attr in (("link", "href"), ("img", "src"), ("a", "href")):
            for attrs in page.all(tag):
                target = attrs[attr] or ""
                if target.startswith(("data:", "mailto:", "tel:")) or (
                        tag == "a" and target.startswith("https://")):
                    assert tag != "img", f"{path}: an image from {target}"
                    continue
                resolved = Path(urlparse(urljoin(base, target)).path)
                assert resolved.is_relative_to(web), f"{path}: {target} leaves web/"
                if resolved.is_dir():
                    resolved = resolved / "index.html"
                assert resolved.is_file(), f"{path}: {target} is missing"
    for css in web.glob("assets/*.css"):
        for target in re.findall(r"url\(\"?([^\")]+)", css.read_text()):
            assert (css.parent / target).is_file() and "//" not in target


def test_the_exhibition_page_has_the_facts_the_timeline_the_objects_and_the_leaflet(web):
    page = Page((web / "index.html").read_text(encoding="utf-8"))
    text = page.plain_text
    for fact in ("21 et 22 septembre 2024", "de 10 h à 17 h", "Hôtel de Grand Quartier Général",
                 "Entrée libre", "21 and 22 September 2024", "10 am to 5 pm", "Free admission",
                 "Les années 2024 et 2025", "The years 2024 and 2025", "16 juin 1940",
                 "8 September 1944", "17 000 soldats américains"):
        assert plain(fact) in text, fact
    links = [a["href"] for a in page.all("a")]
    assert [f"{ident}/#fr" for ident in IDS] == [h for h in links if h.endswith("/#fr")
                                                  and h not in ("../#fr", "accessibilite/#fr")]
    assert "depliant-web.pdf" in links and "depliant-en-web.pdf" in links
    assert (web / "depliant-web.pdf").read_bytes()[:5] == b"%PDF-"


def test_artefact_pages_carry_the_label_and_link_back(web):
    html = (web / "lattre-01/index.html").read_text(encoding="utf-8")
    text = Page(html).plain_text
    for part in ("Prêt exceptionnel du Musée de l’Armée", "On exceptional loan from the Musée de "
                 "l’Armée", "N° d’inventaire", "Inventory number", "Objet ayant appartenu"):
        assert plain(part) in text, part
    hrefs = [a["href"] for a in Page(html).all("a")]
    assert "../#fr" in hrefs and "../#en" in hrefs and "../" in hrefs
    assert "../citadelle/#fr" in hrefs and "../lattre-02/#en" in hrefs  # previous and next


def test_a_page_with_its_stylesheet_and_fonts_weighs_under_100_kb(web):
    shared = sum(path.stat().st_size for path in (web / "assets").iterdir())
    for path in pages(web):
        assert path.stat().st_size + shared < 100_000, path


def test_fonts_are_woff2_subsets_that_cover_the_pages(web):
    from fontTools.ttLib import TTFont

    text = "".join(Page(p.read_text(encoding="utf-8")).plain_text for p in pages(web))
    used = {ch for ch in text + text.upper() if not ch.isspace()}
    for font in (web / "assets").glob("*.woff2"):
        assert font.read_bytes()[:4] == b"wOF2"
        loaded = TTFont(io.BytesIO(font.read_bytes()))
        cmap = {chr(code) for code in loaded.getBestCmap()}
        assert used <= cmap, f"{font.name} lacks {sorted(used - cmap)[:10]}"
        assert len(cmap) < 260, f"{font.name} is not cut down ({len(cmap)} characters)"


def test_the_build_says_which_codes_the_site_serves(tmp_path):
    content = copy_content(tmp_path)
    edit(content / "exhibition.yaml", "qr_base_url: https://example.org/liberation-besancon/objets/",
         "qr_base_url: https://musee.test/objets")  # no trailing slash: the folder all the same
    edit(content / "artefacts.yaml", "  - id: lattre-02\n",
         "  - id: lattre-02\n    url: https://collections.musee.test/notice?id=42\n")
    result = run_build(content, tmp_path / "out", only=("web",))
    assert result.told == [
        "web/ serves the QR codes of 4 label(s) once uploaded to https://musee.test/objets/",
        "web/: 1 label(s) have a QR code to another address, not to the site: lattre-02 "
        "(https://collections.musee.test/notice?id=42)"]
    labels = run_build(content, tmp_path / "labels", only=("labels",))
    codes = label_codes(labels.out_dir)
    assert "https://musee.test/objets/citadelle/" in codes
    assert "https://collections.musee.test/notice?id=42" in codes


@pytest.mark.parametrize("ident", ["assets", ".hidden", "Index.html"])
def test_an_id_that_cannot_name_a_folder_of_the_site_is_an_error(tmp_path, ident):
    content = copy_content(tmp_path)
    edit(content / "artefacts.yaml", "id: citadelle", f"id: '{ident}'")
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("web",))
    message = str(caught.value)
    assert f"artefact '{ident}'.id: cannot name the object's folder on the web site" in message
    assert not (tmp_path / "out" / "web").exists()


def test_a_photo_is_resized_to_srgb_without_its_metadata_and_described_by_its_alt(tmp_path):
    """The photo's `alt` is what the content says it shows (`image_alt`), in each language; never
    the object's title again, which the page's heading already reads out."""
    from PIL import Image

    content = copy_content(tmp_path)
    photo = Image.new("RGB", (3000, 2000), (200, 40, 30))
    exif = Image.Exif()
    exif[0x8825] = {2: (47.0, 14.0, 0.0)}  # a GPS position
    exif[0x0110] = "Pocket camera"
    photo.save(content / "kepi.jpg", exif=exif, quality=95)
    edit(content / "artefacts.yaml", "  - id: citadelle\n",
         "  - id: citadelle\n    image: kepi.jpg\n    image_alt: Un aplat rouge\n"
         "    image_alt_en: A flat red picture\n")
    run_build(content, tmp_path / "out", only=("web",))
    folder = tmp_path / "out/web/citadelle"
    [jpeg] = folder.glob("photo-*.jpg")
    with Image.open(jpeg) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
        assert image.size == (960, 640)
        assert not image.getexif() and "icc_profile" not in image.info
        assert abs(image.getpixel((480, 320))[0] - 200) < 8
    images = Page((folder / "index.html").read_text(encoding="utf-8")).all("img")
    assert [(i["src"], plain(i["alt"]), i["width"]) for i in images] == [
        (jpeg.name, "Un aplat rouge", "960"), (jpeg.name, "A flat red picture", "960")]


@pytest.mark.parametrize(("given", "said"), [
    ("../../etc/passwd", "../../etc/passwd is outside the content folder"),
    ("timeline.yaml", "timeline.yaml is not a picture expoprint can read")])
def test_a_photo_that_cannot_be_used_is_named(tmp_path, monkeypatch, given, said):
    import expoprint.build

    content = copy_content(tmp_path)
    loaded = expoprint.build.load_content

    def with_photo(folder, report):
        found = loaded(folder, report)
        object.__setattr__(found.artefacts[0], "image", given)
        return found

    monkeypatch.setattr(expoprint.build, "load_content", with_photo)
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("web",))
    assert f"artefact 'liberation-1944'.image: {said}" in str(caught.value)
    assert not (tmp_path / "out" / "web").exists()


def test_without_english_the_pages_are_french_only(tmp_path):
    from conftest import FIXTURES

    result = run_build(FIXTURES / "minimal", tmp_path / "out", only=("web",))
    html = (result.out_dir / "web/index.html").read_text(encoding="utf-8")
    parts = [a for a in Page(html).all("div") if "part" in (a.get("class") or "")]
    assert [a["lang"] for a in parts] == ["fr"]
    assert 'hreflang="en"' not in html


def test_the_site_is_the_same_bytes_for_the_same_content(tmp_path, web):
    again = run_build(ROOT / "content", tmp_path / "again", only=("web",))
    for path in web.rglob("*"):
        if path.is_file():
            assert (again.out_dir / "web" / path.relative_to(web)).read_bytes() == path.read_bytes(), path
