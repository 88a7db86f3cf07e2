"""Where ordinary French prose trips YAML: each trap is an error in words, with the line to type,
exit 1 and the output folder untouched; the same text written safely builds."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, ROOT, build_fails, copy_content, edit

from expoprint.content import load_content
from expoprint.errors import Report

TRAPS = [
    # A paragraph holding " : " became a mapping, and then a wrong count of English paragraphs.
    ("exhibition.yaml", "  - A cette occasion, une délégation", "  - A cette occasion : une délégation",
     "exhibition.yaml:48: about[3]: YAML read the colon in 'A cette occasion : une délégation de "
     "la 3e division américai…' as `key: value` (put the text in quotes, or on the lines after "
     '`>-`: - "A cette occasion : une délégation de la 3e division américaine est présente.")'),
    ("exhibition.yaml", "kind: Exposition", "kind: Exposition : salle 3",
     "exhibition.yaml:5: is not valid YAML: the colon in 'Exposition : salle 3' reads as a second "
     '`key:` (put the text in quotes: kind: "Exposition : salle 3")'),
    ("exhibition.yaml", "occasion: Journées européennes du patrimoine",
     "occasion:\n  Journées européennes : patrimoine",
     "exhibition.yaml:22: occasion: YAML read the colon in 'Journées européennes : patrimoine' as "
     '`key: value` (put the text in quotes, or on the lines after `>-`: occasion: "Journées '
     'européennes : patrimoine")'),
    # " #" started a comment: "Venez à la salle #3" printed "VENEZ À LA SALLE".
    ("exhibition.yaml", "call_to_action: Venez nombreux !", "call_to_action: Venez à la salle #3",
     "exhibition.yaml:31: call_to_action: the text stops before '#3': YAML reads ' #' as the start "
     "of a comment and dropped the rest of the line (put the whole text in quotes: "
     'call_to_action: "Venez à la salle #3")'),
    ("timeline.yaml", "    text: La ville de Besançon est occupée par les Allemands.",
     "    text: La ville de Besançon est occupée   # par les Allemands",
     "timeline.yaml:17: events[1].text: the text stops before '# par les Allemands'"),
    # French autocorrect's no-break space before a colon.
    ("exhibition.yaml", "admission: Entrée libre", "admission\u00a0: Entrée libre",
     "exhibition.yaml:14: admission: the key is followed by a no-break space before its colon "
     "(delete the space between `admission` and the colon: `admission:`)"),
    ("exhibition.yaml", "  city: Besançon", "  city\u202f: Besançon",
     "exhibition.yaml:19: venue.city: the key is followed by a no-break space before its colon"),
    # Text saved twice with the wrong encoding.
    ("exhibition.yaml", "kind: Exposition", "kind: Exposition dâ€™origine",
     "exhibition.yaml:5: kind: 'Exposition dâ€™origine' is garbled by a wrong encoding (it "
     "should read 'Exposition d’origine': retype it, or export the file again)"),
    # A tab: named as such, with the line indented as its neighbours are.
    ("exhibition.yaml", "  city: Besançon", "\tcity: Besançon",
     "exhibition.yaml:19: is not valid YAML: a tab indents this line; YAML indents with spaces "
     "only (indent it with spaces, like the lines around it:   city: Besançon)"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), TRAPS,
                         ids=[trap[3].split(": ")[2][:40] for trap in TRAPS])
def test_prose_traps_are_errors_with_the_line_to_type(tmp_path, previous_output, file, old, new,
                                                      message):
    content = copy_content(tmp_path)
    edit(content / file, old, new)
    output = build_fails(content, previous_output)
    assert message in output
    assert output.count("error:") == 1, output  # no second, misleading error (paragraph counts)


@pytest.mark.parametrize("safe", ['call_to_action: "Venez à la salle #3"',
                                  "call_to_action: >-\n  Venez à la salle #3",
                                  "call_to_action: 'Venez à la salle #3'  # la salle du fond"])
def test_hash_inside_quotes_or_a_block_is_text(tmp_path, safe):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "exhibition.yaml", "admission: Entrée libre",
         f"admission: Entrée libre\n{safe}")
    report = Report()
    loaded = load_content(content, report)
    assert report.problems == []
    assert loaded.exhibition.call_to_action.main == "Venez à la salle #3"


def test_the_suggested_line_is_valid_and_keeps_the_whole_text(tmp_path):
    """Typing the suggestion fixes the file: the text comes back whole."""
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "exhibition.yaml", "admission: Entrée libre",
         "admission: Entrée libre\nhighlight: Du 4 au 8 : « combats » \"acharnés\" #3")
    report = Report()
    load_content(content, report)
    (problem,) = report.errors
    suggestion = problem.hint.split(": ", 1)[1]
    edit(content / "exhibition.yaml", "highlight: Du 4 au 8 : « combats » \"acharnés\" #3",
         suggestion)
    report = Report()
    loaded = load_content(content, report)
    assert report.problems == []
    assert loaded.exhibition.highlight.main == 'Du 4 au 8 : « combats » "acharnés" #3'


def test_the_default_content_trips_no_trap():
    report = Report()
    load_content(ROOT / "content", report)
    assert report.errors == []


def speak(monkeypatch, language: str) -> None:
    """The user's locale, as a desktop session sets it: LANG alone."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8" if language == "fr" else "en_GB.UTF-8")


# (file, text, trapped text, the error in English, the error in French)
SPOKEN_TRAPS = [
    # A sentence holding " : " read as `key: value`: a field, a paragraph, and a syntax error.
    ("exhibition.yaml", "occasion: Journées européennes du patrimoine",
     "occasion:\n  Journées européennes : patrimoine",
     "exhibition.yaml:22: occasion: YAML read the colon in 'Journées européennes : patrimoine' as "
     '`key: value` (put the text in quotes, or on the lines after `>-`: occasion: "Journées '
     'européennes : patrimoine")',
     "exhibition.yaml:22: occasion: YAML a lu le deux-points de 'Journées européennes : "
     "patrimoine' comme un `clé: valeur` (mettez le texte entre guillemets, ou sur les lignes "
     'après `>-` : occasion: "Journées européennes : patrimoine")'),
    ("exhibition.yaml", "  - A cette occasion, une délégation", "  - A cette occasion : une délégation",
     "exhibition.yaml:48: about[3]: YAML read the colon in 'A cette occasion : une délégation de "
     "la 3e division américai…' as `key: value`",
     "exhibition.yaml:48: about[3]: YAML a lu le deux-points de 'A cette occasion : une "
     "délégation de la 3e division américai…' comme un `clé: valeur` (mettez le texte entre "
     'guillemets, ou sur les lignes après `>-` : - "A cette occasion : une délégation de la 3e '
     'division américaine est présente.")'),
    ("exhibition.yaml", "kind: Exposition", "kind: Exposition : salle 3",
     "exhibition.yaml:5: is not valid YAML: the colon in 'Exposition : salle 3' reads as a second "
     '`key:` (put the text in quotes: kind: "Exposition : salle 3")',
     "exhibition.yaml:5: n’est pas du YAML valide : le deux-points de 'Exposition : salle 3' se "
     'lit comme une deuxième `clé:` (mettez le texte entre guillemets : kind: "Exposition : '
     'salle 3")'),
    # " #" started a comment that cut the text.
    ("exhibition.yaml", "call_to_action: Venez nombreux !", "call_to_action: Venez à la salle #3",
     "exhibition.yaml:31: call_to_action: the text stops before '#3': YAML reads ' #' as the start "
     "of a comment and dropped the rest of the line (put the whole text in quotes: "
     'call_to_action: "Venez à la salle #3")',
     "exhibition.yaml:31: call_to_action: le texte s’arrête avant '#3' : YAML lit ' #' comme le "
     "début d’un commentaire et a laissé tomber la fin de la ligne (mettez tout le texte entre "
     'guillemets : call_to_action: "Venez à la salle #3")'),
    # A key with a no-break space before its colon, or a space inside its quotes.
    ("exhibition.yaml", "admission: Entrée libre", "admission\u00a0: Entrée libre",
     "exhibition.yaml:14: admission: the key is followed by a no-break space before its colon "
     "(delete the space between `admission` and the colon: `admission:`)",
     "exhibition.yaml:14: admission: la clé est suivie d’un espace insécable avant son "
     "deux-points (supprimez l’espace entre `admission` et le deux-points : `admission:`)"),
    ("exhibition.yaml", "admission: Entrée libre", '"admission ": Entrée libre',
     "exhibition.yaml:14: admission: the key is followed by a space inside its quotes (write the "
     "key without it: `admission:`)",
     "exhibition.yaml:14: admission: la clé est suivie d’un espace à l’intérieur de ses "
     "guillemets (écrivez la clé sans cet espace : `admission:`)"),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("file", "old", "new", "english", "french"), SPOKEN_TRAPS,
                         ids=["colon-field", "colon-paragraph", "colon-syntax", "comment",
                              "no-break-space-key", "space-in-quoted-key"])
def test_prose_traps_are_told_in_the_users_language(tmp_path, previous_output, monkeypatch,
                                                    language, file, old, new, english, french):
    """The same trap, the same place and the same line to type, in English or in French; exit 1
    and the output folder untouched either way."""
    speak(monkeypatch, language)
    content = copy_content(tmp_path)
    edit(content / file, old, new)
    output = build_fails(content, previous_output)
    said, unsaid = (english, french) if language == "en" else (french, english)
    assert said in output
    assert unsaid not in output
    assert sum(line.count(f"{file}:") for line in output.splitlines()) == 1, output
