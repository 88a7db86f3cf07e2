"""Accessible editions, round 2 (issue 26): what an audit found, read back from the outputs.

Pictures need their text (`alt`, `image_alt`, in each language); the site, the screen leaflet and
the booklet use it; the screen leaflet passes the PDF/UA essentials (every Figure has /Alt, French
borrowed by the English edition tagged French, nothing untagged); the booklet's page numbers and
crop marks are artifacts, and its office file prints the body at 18 pt on A4 at 100 %; the site
offers that file and an accessibility statement. PDFs are read with pikepdf (`pdfua.py`) and
pdfium, pages with the standard library's HTML parser.
"""

from __future__ import annotations

import re

import pikepdf
import pytest
from conftest import FIXTURES, copy_content, edit, plain
from pdfua import audit
from pictures import write_pictures
from test_booklet import sizes
from test_web import Page

from expoprint.build import run_build
from expoprint.errors import ExpoprintError

BOOKLET = "large-print/gros-caracteres-A4-210x297mm.pdf"
OFFICE = "large-print/gros-caracteres-A4-bureau.pdf"
PICTURE = """
image:
  file: images/photo-adobe.jpg
  credit: © Archives municipales
  alt: Des collines sous un ciel clair
  alt_en: Hills under a clear sky
partners:
  - {name: Ville de Besançon, logo: logos/ville.png}
  - {name: Musée de l'Armée, logo: logos/musee.svg}
  - {name: Région, logo: logos/region.pdf}
"""


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """The default kit with a picture, three logos (PNG, SVG, PDF), a photo of the citadel and
    a room; the English highlight left out, so the English edition borrows the French one."""
    folder = tmp_path_factory.mktemp("editions")
    content = copy_content(folder)
    for path in write_pictures(content).values():
        assert path.is_file()
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
        handle.write(PICTURE)
    text = (content / "exhibition.yaml").read_text(encoding="utf-8")
    (content / "exhibition.yaml").write_text(re.sub(r"highlight_en: >-\n(  .*\n)+", "", text),
                                             encoding="utf-8")
    edit(content / "artefacts.yaml", "  - id: citadelle\n",
         "  - id: citadelle\n    image: images/portrait.jpg\n    room: Salle 1\n"
         "    position: Vitrine 2\n    image_alt: La citadelle vue du Doubs\n"
         "    image_alt_en: The citadel seen from the Doubs\n")
    return run_build(content, folder / "out", only=("leaflet", "booklet", "web"))


# --- the text of pictures, required ------------------------------------------------------------

def test_an_artefact_photo_without_its_text_is_refused_naming_its_line(tmp_path):
    content = copy_content(tmp_path)
    edit(content / "artefacts.yaml", "  - id: citadelle\n", "  - id: citadelle\n    image: kepi.jpg\n")
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("web",))
    assert re.search(r"artefacts\.yaml:32: artefacts\[3\]\.image_alt: a photo is given without "
                     r"its alternative text", str(caught.value)), str(caught.value)


def test_a_spreadsheet_row_with_a_photo_needs_its_text_alternatif_cell(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    (content / "artefacts.yaml").unlink()
    (content / "artefacts.csv").write_text(
        "Identifiant;Titre;Photo;Texte alternatif\nun;Un objet;photo.jpg;\n"
        "deux;Deux;photo.jpg;Un képi posé sur une table\n", encoding="utf-8")
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("web",))
    message = str(caught.value)
    assert 'artefacts.csv, row 2: column "Texte alternatif": a photo is given without its ' \
        "alternative text" in message
    assert "row 3" not in message


def test_the_exhibition_picture_needs_its_alt(tmp_path):
    content = copy_content(tmp_path)
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nimage: {file: images/affiche.jpg, credit: © Archives}\n")
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("web",))
    assert "image.alt: a picture is given without its alternative text" in str(caught.value)


# --- the site -----------------------------------------------------------------------------------

def images_of(kit, path: str) -> list[dict]:
    return Page((kit.out_dir / "web" / path).read_text(encoding="utf-8")).all("img")


def test_the_site_shows_the_picture_and_the_logos_with_their_text(kit):
    images = images_of(kit, "index.html")
    alts = [plain(image["alt"]) for image in images]
    assert alts[0] == "Des collines sous un ciel clair"  # French part, then the English one
    assert alts.count("Hills under a clear sky") == 1
    assert alts.count("Ville de Besançon") == 2 and alts.count("Région") == 2
    assert alts.count("Musée de l’Armée") == 2 or alts.count("Musée de l'Armée") == 2
    for image in images:
        assert (kit.out_dir / "web" / image["src"]).is_file(), image["src"]


def test_a_photo_is_described_by_its_text_not_its_title(kit):
    alts = [plain(image["alt"]) for image in images_of(kit, "citadelle/index.html")]
    assert alts == ["La citadelle vue du Doubs", "The citadel seen from the Doubs"]


def test_french_names_in_the_english_part_are_marked_french(kit):
    html = (kit.out_dir / "web/citadelle/index.html").read_text(encoding="utf-8")
    english = html[html.index('id="en"'):]
    assert '<span lang="fr">Salle 1</span>, <span lang="fr">Vitrine 2</span>' in english


def test_the_english_title_and_footer_are_there(kit):
    html = (kit.out_dir / "web/index.html").read_text(encoding="utf-8")
    title = plain(re.search(r"<title>(.*?)</title>", html).group(1))
    assert "La Libération de Besançon" in title and "The Liberation of Besançon" in title
    page = Page(html)
    skips = {a["lang"]: a["href"] for a in page.all("a") if "skip" in (a.get("class") or "")}
    assert skips == {"fr": "#main", "en": "#main"}
    assert "Skip to content" in page.plain_text and "Accessibility statement" in page.plain_text
    footer = html[html.index("<footer"):]
    assert 'lang="en">The Liberation of Besançon' in footer


def test_the_site_offers_the_office_booklet_and_an_accessibility_statement(kit):
    web = kit.out_dir / "web"
    links = [a["href"] for a in Page((web / "index.html").read_text(encoding="utf-8")).all("a")]
    assert "gros-caracteres-A4-bureau.pdf" in links
    assert (web / "gros-caracteres-A4-bureau.pdf").read_bytes() == (kit.out_dir / OFFICE).read_bytes()
    assert "accessibilite/#fr" in links and "accessibilite/#en" in links
    statement = Page((web / "accessibilite/index.html").read_text(encoding="utf-8")).plain_text
    for words in ("Déclaration d’accessibilité", "Ce qui est conforme", "Ce qui ne l’est pas",
                  "Demander un autre format", "WCAG 2.2", "Accessibility statement",
                  "What does not", "Ask for another format", "Hôtel de Grand Quartier Général"):
        assert plain(words) in statement, words


def test_print_css_keeps_a_heading_with_what_it_heads(kit):
    [css] = (kit.out_dir / "web/assets").glob("site-*.css")
    text = css.read_text(encoding="utf-8")
    media = text[text.index("@media print"):]
    assert re.search(r"h1, h2, h3, dt[^{]*\{ break-after: avoid; \}", media)
    assert re.search(r"\.facts div[^{]*\{ break-inside: avoid; \}", media)


def test_long_words_of_headings_may_break_only_at_their_syllables(kit):
    html = (kit.out_dir / "web/citadelle/index.html").read_text(encoding="utf-8")
    heading = re.search(r'<h1 id="title-fr">(.*?)</h1>', html).group(1)
    assert "Chau\u00addanne" in heading and "Cita\u00addelle" in heading


# --- the screen leaflet -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["leaflet/depliant-web.pdf", "leaflet/depliant-en-web.pdf"])
def test_the_screen_leaflet_passes_the_pdf_ua_essentials(default_kit, name):
    found = audit(default_kit.out_dir / name)
    assert found.figures_without_alt == [] and found.figures == ["1944"]  # the motif
    assert found.untagged == [] and found.orphans == []
    assert found.runs_without_lang == 0


def structure_langs(path) -> list[tuple[str, str]]:
    with pikepdf.open(path) as pdf:
        found = []
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            item = stack.pop()
            if isinstance(item, pikepdf.Array):
                stack += list(item)
            elif isinstance(item, pikepdf.Dictionary):
                if "/Lang" in item:
                    found.append((str(item.S), str(item.Lang)))
                if "/K" in item:
                    stack.append(item.K)
        return found


def test_french_borrowed_by_the_english_screen_leaflet_is_tagged_french(kit):
    english = kit.out_dir / "leaflet/depliant-en-web.pdf"
    with pikepdf.open(english) as pdf:
        assert str(pdf.Root.Lang) == "en"
    assert ("/Span", "fr") in structure_langs(english)  # the highlight, the venue's name
    assert structure_langs(kit.out_dir / "leaflet/depliant-web.pdf") == []
    found = audit(english)
    assert found.untagged == [] and found.orphans == [] and found.figures_without_alt == []


def test_the_screen_leaflet_shows_the_picture_and_the_logos_with_their_text(kit):
    """The picture on the cover, the logos on the back page: Figures with their /Alt."""
    logos = ["Ville de Besançon", "Musée de l'Armée", "Région"]
    assert audit(kit.out_dir / "leaflet/depliant-web.pdf").figures == [
        "Des collines sous un ciel clair", *logos]
    assert audit(kit.out_dir / "leaflet/depliant-en-web.pdf").figures == [
        "Hills under a clear sky", *logos]


# --- the large-print booklet --------------------------------------------------------------------

def test_the_office_booklet_is_a4_without_bleed_and_its_body_is_18_pt(kit):
    with pikepdf.open(kit.out_dir / OFFICE) as pdf:
        for page in pdf.pages:
            assert [round(float(v), 1) for v in page.mediabox] == [0, 0, 595.3, 841.9]
            assert list(page.obj.get("/BleedBox", page.mediabox)) == list(page.mediabox)
    assert min(size for _, size in sizes(kit.out_dir / OFFICE)) == pytest.approx(18, abs=0.05)
    entry = next(o for o in kit.outputs if o.path == OFFICE)
    assert entry.use == "office" and entry.bleed_mm == 0
    with pikepdf.open(kit.out_dir / BOOKLET) as pdf:  # the press file, for comparison
        width = float(pdf.pages[0].mediabox[2]) / 72 * 25.4
    assert width > 220  # printed "fit to page" on A4, its 18 pt would shrink under 17


@pytest.mark.parametrize("name", [BOOKLET, OFFICE])
def test_page_numbers_and_crop_marks_are_artifacts(kit, name):
    found = audit(kit.out_dir / name)
    assert found.untagged == [] and found.orphans == []


@pytest.mark.parametrize(("office", "shown"), [
    (OFFICE, "La citadelle vue du Doubs"),
    (OFFICE.replace(".pdf", "-en.pdf"), "The citadel seen from the Doubs")])
def test_the_booklet_prints_what_the_photo_shows(kit, office, shown):
    import pypdfium2

    document = pypdfium2.PdfDocument(str(kit.out_dir / office))
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    assert shown in plain(text)


def test_the_pages_with_a_picture_logos_and_a_photo_pass_axe(kit):
    """The default kit has no picture: this one's pages, with the picture, three logos and a
    photo, go through axe-core too (WCAG 2.2 AA), laid out on a 390 px phone."""
    from browser import chromium, chromium_missing, serve, set_viewport
    from test_web_browser import axe_problems, layout

    if (missing := chromium_missing()) is not None:
        pytest.skip(missing)
    with serve(kit.out_dir / "web", "/objets/") as (origin, _requested), chromium() as driver:
        set_viewport(driver, 390, 844)
        for page in ("", "citadelle/", "accessibilite/"):
            driver.get(f"{origin}/objets/{page}")
            seen = layout(driver)
            assert not seen["broken"] and seen["scroll"] <= 390, page
            assert axe_problems(driver) == [], page or "index"
