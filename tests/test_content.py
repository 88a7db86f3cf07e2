"""Bad content ends in exit 1 with `file:line: field: message (fix)`, and output/ untouched."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, copy_content, edit, snapshot

from expoprint.cli import main
from expoprint.content.artefacts import WINDOWS_DEVICE


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


CASES = [
    ("exhibition.yaml", "subtitle:", "subtitel:",
     "exhibition.yaml:9: subtitel: unknown key (did you mean `subtitle`?)"),
    ("exhibition.yaml", "title: La Libération de Besançon\n", "",
     "exhibition.yaml:3: title: is required but missing"),
    ("exhibition.yaml", "2024-09-22]", "2024-02-30]",
     "exhibition.yaml:12: dates[2]: '2024-02-30' is not a real calendar date"),
    ("exhibition.yaml", '{open: "10:00", close: "17:00"}', '{open: "17:00", close: "10:00"}',
     "exhibition.yaml:13: hours.close: closing time 10:00 is not after opening time 17:00"),
    ("exhibition.yaml", '{open: "10:00"', '{open: "25:00"',
     "exhibition.yaml:13: hours.open: '25:00' is not an hour"),
    ("exhibition.yaml", "dates: [2024-09-21, 2024-09-22]", "dates: samedi",
     "exhibition.yaml:12: dates: should be a list"),
    ("exhibition.yaml", "  city: Besançon", "  city: [Besançon]",
     "exhibition.yaml:19: venue.city: should be text, found a list"),
    ("exhibition.yaml", "schema: 1", "schema: 2",
     "exhibition.yaml:3: schema: this version of expoprint reads schema 1"),
    ("exhibition.yaml", "kind: Exposition", "kind: [Exposition",
     "exhibition.yaml:5: is not valid YAML: the `[` opened on this line is never closed (close it "
     "at the end of the line: kind: [Exposition])"),
    ("timeline.yaml", "date: 1944-09-07", "date: 1944-09-31",
     "timeline.yaml:39: events[4].date: '1944-09-31' is not a real calendar date"),
    ("timeline.yaml", "date: 1944-09-07", "date: 1944-09-01",
     "timeline.yaml:39: events[4].date: 1ᵉʳ\u00a0septembre 1944 comes before the previous event "
     "(5\u00a0septembre 1944)"),
    ("timeline.yaml", "end: 1944-09-06", "end: 1944-09-04",
     "timeline.yaml:31: events[3].end: 4\u00a0septembre 1944 is not after the start "
     "5\u00a0septembre 1944"),
    ("timeline.yaml", "{value: 80,", "{value: quatre-vingts,",
     "timeline.yaml:62: figures[3].value: should be a whole number"),
    ("exhibition.yaml", "kind: Exposition", "kind: \"Expo\\u0007sition\"",
     "exhibition.yaml:5: kind: contains an invisible control character (U+0007)"),
    ("exhibition.yaml", "kind: Exposition", "kind: Exposition 🎉",
     "exhibition.yaml: kind: has characters the fonts cannot print: '🎉' (U+1F389)"),
    ("exhibition.yaml", "# website: https://…", "website: file:///etc/passwd",
     "website: 'file:///etc/passwd' is not a web address"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), CASES,
                         ids=[case[3].split(": ", 2)[1] for case in CASES])
def test_bad_content_is_reported_with_place_and_fix(tmp_path, previous_output, file, old, new,
                                                    message):
    content = copy_content(tmp_path)
    edit(content / file, old, new)
    before = snapshot(previous_output)
    result = run("build", "--content", str(content), "--out", str(previous_output))
    assert result.exit_code == 1
    assert message in result.output.replace(str(content) + "/", "")
    assert "Traceback" not in result.output
    assert snapshot(previous_output) == before


def test_all_problems_are_reported_at_once(tmp_path, previous_output):
    content = copy_content(tmp_path)
    edit(content / "exhibition.yaml", "subtitle:", "subtitel:")
    edit(content / "exhibition.yaml", "2024-09-22]", "2024-09-31]")
    edit(content / "timeline.yaml", "heading:", "heding:")
    result = run("build", "--content", str(content), "--out", str(previous_output))
    assert result.exit_code == 1
    for expected in ("subtitel: unknown key", "'2024-09-31' is not a real calendar date",
                     "heding: unknown key (did you mean `heading`?)",
                     "heading: is required but missing"):
        assert expected in result.output


def test_a_ten_megabyte_field_is_refused_not_rendered(tmp_path, previous_output):
    content = copy_content(tmp_path)
    edit(content / "exhibition.yaml", "kind: Exposition", "kind: " + "x" * 10_000_000)
    result = run("build", "--content", str(content), "--out", str(previous_output))
    assert result.exit_code == 1
    assert "kind: is 10,000,000 characters long" in result.output


def test_unquoted_hours_and_yes_no_words_keep_their_meaning(tmp_path):
    """YAML 1.1 reads 10:00 as 600 and `Non` as false; the content means the text."""
    from expoprint.content import load_content
    from expoprint.errors import Report

    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "exhibition.yaml", 'open: "9:30"', "open: 9:30")
    edit(content / "exhibition.yaml", "admission: Entrée libre", "admission: Non")
    report = Report()
    loaded = load_content(content, report)
    assert report.errors == []
    assert loaded.exhibition.hours.week[0][1][0][0].strftime("%H:%M") == "09:30"
    assert loaded.exhibition.admission.main == "Non"


def test_missing_content_folder_is_a_clean_error(tmp_path):
    result = run("build", "--content", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "is not a folder" in result.output


def test_placeholders_warn_and_strict_turns_them_into_errors(tmp_path):
    out = tmp_path / "out"
    result = run("build", "--only", "poster", "--out", str(out), "--strict")
    assert result.exit_code == 1
    assert "qr_base_url: still holds the placeholder 'example.org'" in result.output
    assert not out.exists()


def speak(monkeypatch, language: str) -> None:
    """The user's locale, as a desktop session sets it: LANG alone."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8" if language == "fr" else "en_GB.UTF-8")


FRENCH_DATES_AND_HOURS = [
    ("exhibition.yaml", "2024-09-22]", "2024-02-30]",
     "exhibition.yaml:12: dates[2]: '2024-02-30' n’existe pas dans le calendrier (vérifiez le "
     "jour et le mois)"),
    ("exhibition.yaml", "2024-09-22]", "22/09/2024]",
     "exhibition.yaml:12: dates[2]: '22/09/2024' n’est pas une date de la forme AAAA-MM-JJ (par "
     "exemple 2024-09-21)"),
    ("exhibition.yaml", '{open: "10:00"', '{open: "25:00"',
     "exhibition.yaml:13: hours.open: '25:00' n’est pas une heure (écrivez-la \"HH:MM\" entre "
     'guillemets, par exemple "10:00")'),
    ("exhibition.yaml", '{open: "10:00", close: "17:00"}', '{open: "17:00", close: "10:00"}',
     "exhibition.yaml:13: hours.close: l’heure de fermeture 10:00 n’est pas après l’heure "
     "d’ouverture 17:00 (inversez-les, ou corrigez l’heure)"),
    ("timeline.yaml", "end: 1944-09-06", "end: 1944-09-04",
     "timeline.yaml:31: events[3].end: 4\u00a0septembre 1944 n’est pas après le début, "
     "5\u00a0septembre 1944 (donnez le dernier jour de l’événement, ou aucun)"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), FRENCH_DATES_AND_HOURS,
                         ids=["no-such-day", "not-iso", "not-an-hour", "closes-first", "ends-first"])
def test_dates_and_hours_are_checked_in_french(tmp_path, monkeypatch, file, old, new, message):
    """A French locale: the same check, the same place, the message and its fix in French."""
    from expoprint.content import load_content
    from expoprint.errors import Report

    speak(monkeypatch, "fr")
    content = copy_content(tmp_path)
    edit(content / file, old, new)
    report = Report()
    load_content(content, report)
    assert [str(p).replace(f"{content}/", "") for p in report.errors] == [message]


@pytest.mark.parametrize("ident", ["CON", "aux", "NUL", "com1", "LPT9", "con.txt", "abc."])
def test_windows_device_names_are_refused_as_ids(tmp_path, ident):
    """An id names the artefact's folder of the web site, which a museum may copy to Windows."""
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "artefacts.yaml", "id: objet-2", f"id: '{ident}'")
    result = run("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    example = ident.split(".")[0] + "-1"
    assert (f"artefacts.yaml:4: artefacts[2].id: '{ident}' cannot name a folder of the web site "
            "on Windows (a device name such as CON, AUX, NUL, COM1 or LPT1, or a name ending in "
            f"'.') (choose another id, e.g. {example})") in result.output


def test_a_device_name_in_a_spreadsheet_is_refused_with_its_row(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    (content / "artefacts.yaml").unlink()
    (content / "artefacts.csv").write_text("id;title\nobjet-1;Premier\nCOM3;Second\n",
                                           encoding="utf-8")
    result = run("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "artefacts.csv, row 3: " in result.output and "'COM3' cannot name a folder" in result.output
    for ok in ("console", "auxiliary", "com10", "nul-1", "lpt"):  # names only close to a device
        assert not WINDOWS_DEVICE.match(ok)


@pytest.mark.parametrize("text", ["example.org", "https://EXAMPLE.com/x", "À COMPLÉTER",
                                  "a Completer", "Lorem Ipsum dolor", "TODO", "à faire: todo",
                                  "XXXX", "date TBD"])
def test_every_placeholder_passes_the_quick_test(text):
    from expoprint.content.model import PLACEHOLDER_RE, may_hold_placeholder

    assert PLACEHOLDER_RE.search(text)
    assert may_hold_placeholder(text)


def test_no_letter_of_the_quick_test_has_a_case_blind_twin_lower_misses():
    """The search ignores case as `re` does, which takes ſ for an s and K (Kelvin) for a k: the
    quick test lowers the text instead, so no letter of its pieces may have such a twin."""
    import re

    from expoprint.content.model import PLACEHOLDER_PIECES

    letters = {ch for piece in PLACEHOLDER_PIECES for ch in piece if ch.isalpha()}
    twins = [(letter, chr(code)) for letter in letters for code in range(128, 0x30000)
             if re.fullmatch(letter, chr(code), re.IGNORECASE) and chr(code).lower() != letter]
    assert twins == []


def test_the_quick_walk_finds_the_texts_walk_text_finds():
    """`texts_in`, the placeholder and glyph checks' quick look, gathers what `walk_text` yields,
    on every model of the kit's and the fixtures' content, and on fields that hold no text
    (`image`, `file`) or hold texts in a list."""
    from dataclasses import dataclass

    from expoprint.content import load_content
    from expoprint.content.model import NOT_WALKED, Prose, texts_in, walk_text
    from expoprint.errors import Report

    legend, note = Prose((("fr", "Légende"), ("en", "Caption"))), Prose((("fr", "à compléter"),))

    @dataclass(frozen=True)
    class Sample:
        image: str = "photo.jpg"  # a file's name: no text
        file: tuple[str, ...] = ("a list in a field named like a file: texts",)
        line: int = 3
        caption: Prose = legend
        notes: tuple[object, ...] = ("une note", None, note)

    def walked(model, skip=NOT_WALKED) -> list[str]:
        return [t for _path, text in walk_text(model, "", skip)
                for t in ([text] if isinstance(text, str) else [v for _l, v in text.texts])]

    models: list[object] = [Sample(), "un texte seul"]
    for folder in (FIXTURES.parent.parent / "content", *sorted(FIXTURES.iterdir())):
        if (content := load_content(folder, Report())) is not None:
            models += [content.exhibition, content.timeline, *(content.artefacts or ())]
    assert len(models) > 30
    for model in models:
        for skip in (NOT_WALKED, ("source", "line"), ("source", "line", "url")):
            assert texts_in(model, skip, []) == walked(model, skip), model
    assert texts_in(Sample(), NOT_WALKED, []) == [
        "a list in a field named like a file: texts", "Légende", "Caption", "une note",
        "à compléter"]
