"""Nothing dropped without a word: values under a blank or merged header cell, a field named by
two columns, a path typed with Windows' backslashes; and a hint that names the key to type."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import spreadsheets as sheets
from conftest import FIXTURES, build_fails, copy_content, edit

from expoprint.content import load_content
from expoprint.errors import Report
from expoprint.products.leaflet import fallbacks


def fails(content, out) -> str:
    """The labels' build refused (`conftest.build_fails`); its output on one line."""
    return " ".join(build_fails(content, out, "labels").split())


def table(tmp_path, header: list[str | None], rows: list[list[object]], name="artefacts.xlsx"):
    data = sheets.xlsx_bytes(rows, header=header) if name.endswith(".xlsx") else \
        "\n".join(";".join("" if cell is None else str(cell) for cell in row)
                  for row in [header, *rows]).encode()
    return sheets.write_content(tmp_path / "content", name, data)


MERGED = (["Identifiant", "Titre", "Localisation", None],
          [["a-1", "Casque", "Salle 1", "vitrine 2"], ["a-2", "Képi", "Salle 2", "vitrine 3"]])


@pytest.mark.parametrize(("language", "expected"), [
    ("en", 'artefacts.xlsx, row 1: column D1: holds values (from row 2) under an empty header '
           'cell, perhaps merged with "Localisation" (C1), so they cannot be read (unmerge the '
           "header cells and name each column in its own cell of row 1, e.g. « salle » and "
           "« emplacement »)"),
    ("fr", "artefacts.xlsx, ligne 1: colonne D1: contient des valeurs (dès la ligne 2) sous une "
           'cellule d’en-tête vide, peut-être fusionnée avec "Localisation" (C1) : elles ne '
           "peuvent pas être lues (annulez la fusion des cellules d’en-tête et nommez chaque "
           "colonne dans sa propre cellule de la ligne 1, par exemple « salle » et "
           "« emplacement »)"),
])
def test_a_merged_header_over_two_columns_is_an_error_naming_the_cells(
        tmp_path, previous_output, monkeypatch, language, expected):
    """The issue: « Localisation » merged over the room and position columns built with exit 0,
    two warnings among 13, and an installers' list without a single room."""
    monkeypatch.setenv("LANGUAGE", language)
    output = fails(table(tmp_path, *MERGED), previous_output)
    assert expected in output, output
    assert output.count("error" if language == "en" else "erreur :") == 1, output
    assert "Localisation" not in output.replace('"Localisation" (C1)', "")  # said once


def test_values_under_a_blank_header_are_an_error(tmp_path, previous_output):
    folder = table(tmp_path, [None, "Identifiant", "Titre"], [["x", "a-1", "Casque"]],
                   name="artefacts.csv")
    assert ('artefacts.csv, row 1: column A1: holds values (from row 2) under an empty header '
            "cell, so they cannot be read (name each column in its own cell of row 1, e.g. "
            "« salle » and « emplacement », or delete the column)") in fails(folder,
                                                                            previous_output)


def test_a_blank_header_over_an_empty_column_is_no_problem(tmp_path):
    folder = table(tmp_path, ["Identifiant", None, "Titre"], [["a-1", None, "Casque"]])
    report = Report()
    content = load_content(folder, report)
    assert report.problems == [] and content.artefacts[0].title.main == "Casque"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", 'artefacts.xlsx, row 1: column "title" (C1): holds the same field as column "Titre" '
           "(B1): only one of the two could be read (keep one of the two, or mark the translated "
           'one: "Titre (anglais)")'),
    ("fr", 'artefacts.xlsx, ligne 1: colonne "title" (C1): contient la même chose que la '
           'colonne "Titre" (B1) : une seule des deux pourrait être lue (gardez l’une des deux, '),
])
def test_a_column_read_twice_is_an_error_naming_both_cells(tmp_path, previous_output,
                                                          monkeypatch, language, expected):
    monkeypatch.setenv("LANGUAGE", language)
    folder = table(tmp_path, ["Identifiant", "Titre", "title"], [["a-1", "Casque", "Helmet"]])
    assert expected in fails(folder, previous_output)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "exhibition.yaml:6: image.file: 'images\\horloge.jpg' separates its folders with \\, "
           "which only Windows reads (write it with /: images/horloge.jpg)"),
    ("fr", "exhibition.yaml:6: image.file: 'images\\horloge.jpg' sépare ses dossiers par des "
           "\\, que seul Windows comprend (écrivez-le avec des / : images/horloge.jpg)"),
])
def test_a_windows_path_in_yaml_says_to_write_it_with_slashes(tmp_path, previous_output,
                                                              monkeypatch, language, expected):
    monkeypatch.setenv("LANGUAGE", language)
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "exhibition.yaml", "admission: Entrée libre",
         "admission: Entrée libre\nimage: {file: images\\horloge.jpg, alt: Une horloge}")
    (content / "images").mkdir()
    (content / "images" / "horloge.jpg").write_bytes(b"not read: the name is refused first")
    output = fails(content, previous_output)
    assert expected in output, output


def test_a_windows_path_in_a_spreadsheet_says_to_write_it_with_slashes(tmp_path,
                                                                      previous_output):
    folder = table(tmp_path, ["Identifiant", "Titre", "Photo"],
                   [["a-1", "Horloge", "images\\horloge.jpg"]])
    assert ('artefacts.xlsx, row 2: column "Photo": \'images\\horloge.jpg\' separates its '
            "folders with \\, which only Windows reads (write it with /: images/horloge.jpg)"
            ) in fails(folder, previous_output)


def test_the_english_hint_of_a_list_names_the_key_to_type(tmp_path):
    """`accessibility[1]_en` is no key anyone can type: the English lines sit in
    `accessibility_en`, a list beside the French one."""
    content_dir = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content_dir / "exhibition.yaml", "admission: Entrée libre",
         "admission: Entrée libre\naccessibility:\n  - Accessible en fauteuil\n"
         "  - Boucle magnétique à compléter")
    report = Report()
    content = load_content(content_dir, report)
    fallbacks(SimpleNamespace(content=content, report=report, languages=content.languages), "en")
    said = [str(p).replace(f"{content_dir}/", "") for p in report.problems]
    assert ("exhibition.yaml: accessibility_en[1]: has no English text; the English leaflet "
            "prints the French (add `accessibility_en:`)") in said
    assert not any("]_en" in line for line in said), said
    assert "exhibition.yaml: accessibility[2]: still holds the placeholder 'à compléter' " \
           "(replace it with the real text before sending files to print)" in said
