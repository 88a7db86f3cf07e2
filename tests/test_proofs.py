"""`proof` read from the outside: one PNG per page, a contact sheet that links them all and opens
in a real browser, folds and trims where a reader expects them, and the pages changed since the
previous proof found by what they show, not by when they were made."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, copy_content, edit
from PIL import Image

from expoprint.cli import main

SCREENSHOT = Path(tempfile.gettempdir()) / "expoprint-proofs-index.png"
FOLD_RGB = (214, 0, 110)


class Links(HTMLParser):
    """Every address the page asks for or links to, the figures' ids and classes, any script."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []
        self.figures: dict[str, str] = {}
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        if tag == "img":
            self.images.append(values["src"])
        if tag == "a":
            self.links.append(values["href"])
        if tag == "figure":
            self.figures[values["id"]] = values.get("class") or ""


def read_index(out: Path) -> tuple[Links, str]:
    html = (out / "proofs/index.html").read_text(encoding="utf-8")
    links = Links()
    links.feed(html)
    return links, html


def proof(content: Path, out: Path):
    result = CliRunner().invoke(main, ["proof", "--content", str(content), "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def proofed(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("proof")
    content, out = copy_content(folder), folder / "out"
    proof(content, out)
    return content, out


def pdf_pages(out: Path) -> dict[str, int]:
    """The build's PDFs and their pages; one PDF the build holds twice (the screen leaflet, also
    in web/) counts once, under its first path: the proofs show it once."""
    manifest = json.loads((out / "manifest.json").read_text())
    first: dict[str, tuple[str, int]] = {}
    for e in manifest["outputs"]:
        if e["media_type"] == "application/pdf":
            first.setdefault(e["sha256"], (e["path"], e["pages"]))
    return dict(first.values())


def test_one_image_per_page_and_the_index_links_every_one(proofed):
    _, out = proofed
    pdfs = pdf_pages(out)
    # the default kit: 5 posters, 2 leaflets and their 2 screen twins, 5 label files with the
    # installers' list, the large-print booklet and its office twin in each language
    assert len(pdfs) == 18 and sum(pdfs.values()) == 5 + 2 * (2 + 6) + 5 + 3 + 1 + 2 * (3 + 3)
    links, _ = read_index(out)
    pngs = {p.relative_to(out / "proofs").as_posix() for p in (out / "proofs").rglob("*.png")}
    expected = set()
    for path, pages in pdfs.items():
        stem = path.removesuffix(".pdf")
        for page in range(1, pages + 1):
            expected |= {f"{stem}-p{page:02d}.png", f"{stem}-p{page:02d}-small.png"}
    assert pngs == expected
    assert set(links.images) == {p for p in pngs if p.endswith("-small.png")}
    assert {p for p in pngs if not p.endswith("-small.png")} <= set(links.links)
    assert {f"../{path}" for path in pdfs} <= set(links.links)
    assert "../labels/liste-pose.csv" in links.links
    manifest = json.loads((out / "manifest.json").read_text())
    listed = {e["path"]: e for e in manifest["outputs"] if e["product"] == "proofs"}
    assert set(listed) == {f"proofs/{p}" for p in pngs} | {"proofs/index.html"}
    assert {e["use"] for e in listed.values()} == {"screen"}


def test_sizes_stay_reasonable_and_press_pages_are_cut_at_the_trim(proofed):
    _, out = proofed
    for png in (out / "proofs").rglob("*.png"):
        with Image.open(png) as image:
            limit = 300 if png.name.endswith("-small.png") else 2000
            # the long side at the cap (but for A6 cut labels, held at 300 dpi), never over it
            assert limit - 2 <= max(image.size) <= limit or png.name.startswith("cartels"), png
            assert max(image.size) <= limit
    with Image.open(out / "proofs/poster/affiche-120x176cm-1200x1760mm-p01.png") as poster:
        assert poster.width / poster.height == pytest.approx(1200 / 1760, abs=0.002)
        assert poster.height in (1999, 2000)
    assert (out / "proofs/poster/affiche-120x176cm-1200x1760mm-p01.png").stat().st_size < 1_000_000
    with Image.open(out / "proofs/labels/cartels-148x105mm-p01.png") as label:
        assert label.width / label.height == pytest.approx(148 / 105, abs=0.002)
        # The band bleeds off the top: at the trim its first pixel is the band, not white slug.
        assert max(label.convert("RGB").getpixel((3, 3))) < 120
    with Image.open(out / "proofs/labels/etiquettes-L7163-210x297mm-p01.png") as sheet:
        assert sheet.width / sheet.height == pytest.approx(210 / 297, abs=0.002)


def test_leaflet_folds_are_drawn_thin_where_the_panels_meet(proofed):
    _, out = proofed
    for page, folds in ((1, (97, 197)), (2, (100, 200))):
        with Image.open(out / f"proofs/leaflet/depliant-A4-DL-297x210mm-p{page:02d}.png") as image:
            rgb = image.convert("RGB")
            per_mm = rgb.width / 297

            def fold_pixels(x: int, picture=rgb) -> int:
                return sum(picture.getpixel((x, y)) == FOLD_RGB for y in range(picture.height))

            for fold in folds:
                x = round(fold * per_mm)
                assert fold_pixels(x) > rgb.height / 3, (page, fold)
                assert fold_pixels(x - 3) == fold_pixels(x + 3) == 0  # one pixel wide
            assert fold_pixels(round(150 * per_mm)) == 0
    with Image.open(out / "proofs/poster/affiche-A3-297x420mm-p01.png") as poster:
        assert FOLD_RGB not in {colour for _, colour in poster.convert("RGB").getcolors(1 << 20)}


def test_the_index_asks_nothing_of_any_other_site(proofed):
    _, out = proofed
    links, html = read_index(out)
    assert not {"script", "link", "iframe", "object", "embed"} & links.tags
    for address in links.images + links.links:
        assert not address.startswith(("/", "//")) and ":" not in address.split("#")[0], address
    assert "url(" not in html and "@import" not in html


def chromium():
    browser, driver = shutil.which("chromium") or shutil.which("chromium-browser"), \
        shutil.which("chromedriver")
    if not (browser and driver):
        reason = "needs Debian's chromium and chromium-driver (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run this test: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='expoprint-chromium-')}")
    options.binary_location = browser
    return webdriver.Chrome(options=options, service=Service(driver))


def test_the_index_opens_in_chromium_with_every_image(proofed):
    _, out = proofed
    browser = chromium()
    try:
        browser.get((out / "proofs/index.html").resolve().as_uri())
        widths = browser.execute_script(
            "return Array.from(document.images, i => i.complete ? i.naturalWidth : 0)")
        assert len(widths) == sum(pdf_pages(out).values())
        assert all(width > 0 for width in widths), widths
        fetched = browser.execute_script(
            "return performance.getEntriesByType('resource').map(r => r.name)")
        assert all(name.startswith("file://") for name in fetched), fetched
        assert browser.title.startswith("Proofs — La Libération de Besançon")
        height = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(1400, min(height, 5000))
        assert browser.save_screenshot(str(SCREENSHOT))
    finally:
        browser.quit()


def test_changed_pages_are_those_whose_content_changed(proofed, tmp_path, monkeypatch):
    """A new title for one artefact, and a new build date that changes every PDF's bytes: only the
    pages showing that artefact are marked, even with a plain build in between."""
    content_before, out_before = proofed
    content, out = copy_content(tmp_path, content_before), tmp_path / "out"
    shutil.copytree(out_before, out)
    before = json.loads((out / "manifest.json").read_text())
    edit(content / "artefacts.yaml", "title: Objet ayant appartenu au général de Lattre",
         "title: Sabre ayant appartenu au général de Lattre")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1727000000")
    build = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out),
                                      "--only", "labels"])
    assert build.exit_code == 0, build.output
    assert not (out / "proofs").exists()  # they showed the old PDFs
    assert json.loads((out / "manifest.json").read_text())["proof"] == before["proof"]

    proof(content, out)

    after = json.loads((out / "manifest.json").read_text())
    sha = {e["path"]: e["sha256"] for e in before["outputs"]}
    assert all(sha[e["path"]] != e["sha256"] for e in after["outputs"]
               if e["path"].endswith(".pdf"))  # every PDF's bytes changed
    links, html = read_index(out)
    marked = {anchor for anchor, classes in links.figures.items()
              if {"changed", "new"} & set(classes.split())}
    # the artefact's cut label and its sheet slots, the installers' list and the French
    # large-print booklet's page (press and office) that print its title; nothing else (the
    # English booklet prints the artefact's English title, unchanged)
    assert marked == {"labels-cartels-148x105mm-p4", "labels-etiquettes-L7163-210x297mm-p1",
                      "labels-etiquettes-L7165-210x297mm-p1", "labels-etiquettes-L7173-210x297mm-p1",
                      "labels-liste-pose-p1", "large-print-gros-caracteres-A4-210x297mm-p3",
                      "large-print-gros-caracteres-A4-bureau-p3"}
    assert "7 pages changed since the previous proof" in html


def test_two_processes_give_the_same_proofs(tmp_path, monkeypatch):
    """Long runs render in two processes; the images must not depend on it."""
    import expoprint.proofs.render as render
    from expoprint.build import run_build

    serial = run_build(FIXTURES / "minimal", tmp_path / "serial", only=("labels",), proofs=True)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "CHUNK", 1)
    parallel = run_build(FIXTURES / "minimal", tmp_path / "parallel", only=("labels",), proofs=True)
    assert [(o.path, o.data) for o in serial.outputs] == [(o.path, o.data) for o in parallel.outputs]
    assert sum(o.path.endswith(".png") for o in parallel.outputs) == 2 * (2 + 3 + 1)


@pytest.mark.parametrize("lang", ["C.UTF-8", "fr_FR.UTF-8"])
def test_an_artefact_warning_hangs_on_the_pages_of_the_label_it_names(lang, monkeypatch):
    """The contact sheet places a warning by its fields (the artefact, the file), whatever the
    language of its words; a warning naming no file and no artefact goes to the whole kit."""
    from expoprint.content.model import Artefact
    from expoprint.errors import Problem
    from expoprint.products.base import Output
    from expoprint.products.labels.draw import label_of
    from expoprint.proofs.sheet import attach

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", lang)
    artefact = Artefact(id="citadelle", title=None, source="artefacts.yaml", line=32)

    def labels(path: str, variant: str) -> Output:
        return Output(path, "labels", variant, (210.0, 297.0), 0.0, 2, b"", use="office",
                      page_artefacts={0: ("lattre-01",), 1: ("citadelle", "lattre-02")})

    outputs = [labels("labels/cartels.pdf", "cut"), labels("labels/l7173.pdf", "L7173")]
    shrunk = Problem("artefacts.yaml", 32, artefact.field(), f"text fits {label_of('L7173')}",
                     severity="warning", artefact="citadelle", output="labels/l7173.pdf")
    general = Problem("exhibition.yaml", 3, "qr_base_url", "placeholder", severity="warning")
    by_file, rest = attach([shrunk, general], outputs)
    assert list(by_file) == ["labels/l7173.pdf"]
    assert [page for page, _text in by_file["labels/l7173.pdf"]] == [2]
    assert rest == [str(general)]
    # words alone place nothing: the same warning without its output goes to both files
    unplaced = Problem("artefacts.yaml", 32, artefact.field(), f"text fits {label_of('L7173')}",
                       severity="warning", artefact="citadelle")
    by_file, _rest = attach([unplaced], outputs)
    assert sorted(by_file) == ["labels/cartels.pdf", "labels/l7173.pdf"]
