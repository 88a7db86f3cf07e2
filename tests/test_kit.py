"""`expoprint new DIR`: a content folder that builds as it is, warns of each placeholder, and
whose commented keys are valid once uncommented."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from pdfread import page_text

from expoprint.cli import main
from expoprint.content import load_content
from expoprint.errors import Report

# The optional keys the readers implement today, uncommented together by a test. The kit also
# shows the keys of SPEC's "Real exhibitions" table (closed, accessibility, contact, image,
# partners, style, postcode, runs of dates, hour rules, prices), being implemented elsewhere.
IMPLEMENTED = {
    "exhibition.yaml": {"title_en", "subtitle", "subtitle_en", "kind", "kind_en", "admission_en",
                        "address", "occasion", "occasion_en", "highlight", "highlight_en",
                        "call_to_action", "call_to_action_en", "about", "about_en", "motif",
                        "website"},
    "timeline.yaml": {"heading_en", "summary", "summary_en", "end", "title_en", "text_en",
                      "figures"},
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("new") / "expo-2026"
    result = run("new", str(folder))
    assert result.exit_code == 0, result.output
    return folder


def test_new_then_build_gives_every_product_with_placeholder_warnings(kit, tmp_path):
    result = run("build", "--content", str(kit), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "affiche-A3-297x420mm.pdf" in result.output
    assert "depliant-A4-DL-297x210mm.pdf" in result.output
    assert "cartels-148x105mm.pdf" in result.output
    output = result.output.replace(f"{kit}/", "")
    for warned in ("exhibition.yaml: title: still holds the placeholder 'à compléter'",
                   "timeline.yaml: events[1].text: still holds the placeholder 'à compléter'",
                   "artefacts.xlsx, row 2: artefact 'objet-01'.title: still holds the placeholder"):
        assert warned in output
    label = page_text(tmp_path / "out/labels/cartels-148x105mm.pdf")
    # the title at the labels' 28 pt takes two lines: the text is read across them
    assert "Titre de l’objet (à compléter)" in " ".join(label.replace("'", "’").split())
    strict = run("build", "--content", str(kit), "--out", str(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 1


def test_the_spreadsheet_opens_with_its_french_header(kit):
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(kit / "artefacts.xlsx")).get_sheet_by_index(0)
    header, example = sheet.to_python()[:2]
    assert header == ["Identifiant", "Titre", "Datation", "Description", "Prêteur",
                      "N° d'inventaire", "Lien", "Photo", "Texte alternatif", "Facile à lire",
                      "Salle", "Emplacement", "Titre (anglais)", "Datation (anglais)",
                      "Description (anglais)", "Prêteur (anglais)", "Texte alternatif (anglais)",
                      "Facile à lire (anglais)"]
    assert example[:3] == ["objet-01", "Titre de l'objet (à compléter)", "1944"]


def test_the_spreadsheet_keeps_what_is_typed_and_its_header_in_view(kit):
    import openpyxl

    sheet = openpyxl.load_workbook(kit / "artefacts.xlsx").active
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 40
    assert {sheet.column_dimensions[c].number_format for c in "ABCDEFGHIJKLMN"} == {"@"}


def uncomment(text: str, keys: set[str]) -> str:
    """Each commented `# key: …` of `keys`, and the indented lines of its value, uncommented."""
    out, block = [], None
    for line in text.splitlines():
        if (match := re.match(r"^(\s*)# (\w+):", line)) and match[2] in keys:
            block = match[1]
            out.append(block + line[len(block) + 2:])
        elif block is not None and line.startswith(f"{block}#   "):
            out.append(block + line[len(block) + 2:])
        else:
            block = None
            out.append(line)
    return "\n".join(out) + "\n"


def test_the_commented_keys_are_valid_once_uncommented(kit, tmp_path):
    folder = tmp_path / "filled"
    folder.mkdir()
    for name, keys in IMPLEMENTED.items():
        text = uncomment((kit / name).read_text(encoding="utf-8"), keys)
        found = set(re.findall(r"^\s*-?\s*(\w+):", text, re.MULTILINE))
        assert keys <= found, keys - found  # every key is in the kit
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "artefacts.xlsx").write_bytes((kit / "artefacts.xlsx").read_bytes())
    report = Report()
    content = load_content(folder, report)
    assert report.errors == []
    exhibition, timeline = content.exhibition, content.timeline
    assert all(field.has("en") for field in (exhibition.subtitle, exhibition.kind,
                                              exhibition.occasion, exhibition.highlight,
                                              exhibition.call_to_action))
    assert exhibition.motif
    assert exhibition.venue.address and exhibition.website
    assert len(exhibition.about) == 2
    assert exhibition.about[0].translation("en").startswith("A first paragraph")
    assert timeline.heading.has("en") and timeline.summary.has("en") and timeline.events[0].end
    assert timeline.figures[0].label.translation("en") == "American soldiers"


def test_new_refuses_a_folder_that_holds_anything(tmp_path):
    folder = tmp_path / "expo"
    folder.mkdir()
    (folder / "notes.txt").write_text("mes notes")
    result = run("new", str(folder))
    assert result.exit_code == 1
    assert "already holds files (notes.txt)" in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("")
    assert run("new", str(tmp_path / "file")).exit_code == 1


def test_new_fills_an_empty_folder(tmp_path):
    result = run("new", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["artefacts.xlsx", "exhibition.yaml",
                                                          "timeline.yaml"]
