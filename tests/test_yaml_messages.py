"""YAML's syntax errors in words: each names its file and line, the likely cause on that line and
the line to type instead, in the user's language; never PyYAML's own English. The build stops
(exit 1) and the output folder stays as it was."""

from __future__ import annotations

import pytest
import yaml
from conftest import FIXTURES, build_fails, copy_content, edit

from expoprint.yamltraps import explain

# What PyYAML says, which a writer cannot act on.
PYYAML_WORDS = ("expected <block end>", "found character", "while parsing", "while scanning",
                "mapping values are not allowed", "could not find expected", "<scalar>",
                "cannot start any token", "found unexpected end of stream")

TRAPS = [
    ("apostrophe", "title: Exposition d'essai", "title: 'Entrez dans l'atelier !'",
     "exhibition.yaml:2: is not valid YAML: the apostrophe in 'Entrez dans l'atelier !' closes "
     "the single quotes the text opened (write the text in double quotes: title: \"Entrez dans "
     "l'atelier !\")",
     "exhibition.yaml:2: n’est pas du YAML valide : l’apostrophe de 'Entrez dans l'atelier !' "
     "ferme les guillemets simples qui ouvrent le texte (écrivez le texte entre guillemets "
     "doubles : title: \"Entrez dans l'atelier !\")"),
    ("tab", "venue: {name: Salle des fêtes, city: Dole}",
     "venue:\n  name: Salle des fêtes\n\tcity: Dole",
     "exhibition.yaml:8: is not valid YAML: a tab indents this line; YAML indents with spaces "
     "only (indent it with spaces, like the lines around it:   city: Dole)",
     "exhibition.yaml:8: n’est pas du YAML valide : une tabulation indente cette ligne ; YAML "
     "n’indente qu’avec des espaces (indentez-la avec des espaces, comme les lignes voisines :   "
     "city: Dole)"),
    ("colon", "admission: Entrée libre", "admission: Entrée : libre",
     "exhibition.yaml:5: is not valid YAML: the colon in 'Entrée : libre' reads as a second "
     "`key:` (put the text in quotes: admission: \"Entrée : libre\")",
     "exhibition.yaml:5: n’est pas du YAML valide : le deux-points de 'Entrée : libre' se lit "
     "comme une deuxième `clé:` (mettez le texte entre guillemets : admission: \"Entrée : "
     "libre\")"),
    ("brace", 'hours: {open: "9:30", close: "18:00"}', 'hours: {open: "9:30", close: "18:00"',
     "exhibition.yaml:4: is not valid YAML: the `{` opened on this line is never closed (close "
     'it at the end of the line: hours: {open: "9:30", close: "18:00"})',
     "exhibition.yaml:4: n’est pas du YAML valide : le signe `{` ouvert sur cette ligne n’est "
     'jamais refermé (refermez-le en fin de ligne : hours: {open: "9:30", close: "18:00"})'),
    ("bracket", "dates: [2025-05-17]", "dates: [2025-05-17",
     "exhibition.yaml:3: is not valid YAML: the `[` opened on this line is never closed (close "
     "it at the end of the line: dates: [2025-05-17])",
     "exhibition.yaml:3: n’est pas du YAML valide : le signe `[` ouvert sur cette ligne n’est "
     "jamais refermé (refermez-le en fin de ligne : dates: [2025-05-17])"),
    ("unclosed quote", "title: Exposition d'essai", 'title: "Exposition d\'essai',
     "exhibition.yaml:2: is not valid YAML: the quotation mark opened on this line is never "
     "closed (close it at the end of the text: title: \"Exposition d'essai\")",
     "exhibition.yaml:2: n’est pas du YAML valide : le guillemet ouvert sur cette ligne n’est "
     "jamais refermé (refermez-le à la fin du texte : title: \"Exposition d'essai\")"),
    ("indentation", "venue: {name: Salle des fêtes, city: Dole}",
     "venue:\n  name: Salle des fêtes\n city: Dole",
     "exhibition.yaml:8: is not valid YAML: this line is indented differently from the lines of "
     "its block (indent it like the lines around it:   city: Dole)",
     "exhibition.yaml:8: n’est pas du YAML valide : cette ligne n’est pas indentée comme les "
     "lignes de son bloc (indentez-la comme les lignes voisines :   city: Dole)"),
    ("price split at its comma", "admission: Entrée libre",
     "admission:\n  - {label: Plein tarif, price: 6,00 €}\n  - {label: Tarif réduit, price: 4}",
     "exhibition.yaml:6: admission[1].price: '6,00 €' was cut at its comma: inside {…} a comma "
     "ends a value, so YAML read '00 €' as a key (put the value in quotes: - {label: Plein "
     'tarif, price: "6,00 €"})',
     "exhibition.yaml:6: admission[1].price: '6,00 €' a été coupé à sa virgule : entre {…}, une "
     "virgule termine une valeur, et YAML a lu '00 €' comme une clé (mettez la valeur entre "
     'guillemets : - {label: Plein tarif, price: "6,00 €"})'),
    ("backslash in double quotes", "admission: Entrée libre",
     'admission: Entrée libre\nimage: {file: "images\\horloge.jpg", alt: Une horloge}',
     "exhibition.yaml:6: is not valid YAML: a backslash inside double quotes starts an escape "
     "such as \\n (write the path with / between folders: image: {file: \"images/horloge.jpg\", "
     "alt: Une horloge})",
     "exhibition.yaml:6: n’est pas du YAML valide : entre guillemets doubles, une barre oblique "
     "inverse commence une séquence d’échappement comme \\n (écrivez le chemin avec des / entre "
     'les dossiers : image: {file: "images/horloge.jpg", alt: Une horloge})'),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("old", "new", "english", "french"), [trap[1:] for trap in TRAPS],
                         ids=[trap[0] for trap in TRAPS])
def test_a_yaml_trap_is_named_with_its_cause_and_the_line_to_type(
        tmp_path, previous_output, monkeypatch, language, old, new, english, french):
    monkeypatch.setenv("LANGUAGE", language)
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "exhibition.yaml", old, new)
    output = build_fails(content, previous_output)
    assert (french if language == "fr" else english) in output, output
    assert output.count("error") == 1 if language == "en" else output.count("erreur") == 1
    for words in PYYAML_WORDS:
        assert words not in output


BROKEN = [
    "title: 'L'atelier\nkind: x\n",
    'title: "Le "grand" atelier"\n',
    "venue: \tDole\n",
    "kind: @musee\n",
    "kind: `x`\n",
    "kind: *important*\n",
    "kind: *nowhere\n",
    "venue:\n  name: a\n  city\nkind: b\n",
    "about:\n- a\n-b\nc: d\n",
    "about:\n  - a\n - b\n",
    "venue:\n  name: a\n   city: b\n",
    "admission: [{label: Plein tarif, price: \"6\" €}]\n",
    "a: b\n---\n- c\n: d\n",
    "a: [b, {c: d]\n",
    "a: 'b\n",
    "? a\n? b\n: : c\n",
    "a: b\n  c: d\n",
    "- a\nb: c\n",
    "a: |\n b\nc\n",
    "%YAML 1.1\n%YAML 1.1\n---\na: b\n",
    "a: !!binary x\nb: &a\nc: *a *a\n",
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("text", BROKEN)
def test_no_syntax_error_reaches_the_user_in_pyyaml_words(monkeypatch, language, text):
    """Whatever the mistake, the message is a sentence of ours with a line number."""
    monkeypatch.setenv("LANGUAGE", language)
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line, message, hint = explain(exc, text)
    else:
        pytest.skip("valid YAML")
    assert line is not None and 1 <= line <= text.count("\n") + 1
    assert message.startswith("n’est pas du YAML valide" if language == "fr" else
                              "is not valid YAML")
    for words in PYYAML_WORDS:
        assert words not in message + hint


def test_a_control_character_is_named_with_its_line(tmp_path, previous_output, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "fr")
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "exhibition.yaml", "admission: Entrée libre", "admission: Entrée\x07libre")
    output = build_fails(content, previous_output)
    assert "exhibition.yaml:5: contient un caractère de contrôle invisible (U+0007)" in output
    assert "special characters" not in output


def test_a_reserved_character_is_blamed_only_where_a_text_starts():
    """`@` starting a value is the cause; a `|` in the middle of braces is not `{`'s fault."""
    for text, blamed in (("kind: @musee\n", "`@`"), ("figures:\n  - {value: 1, |label: x}\n", None)):
        try:
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            _line, message, _hint = explain(exc, text)
        if blamed:
            assert f"a text cannot start with {blamed}" in message
        else:
            assert "cannot start with" not in message
