"""The whole command line in the user's language: click's own words (usage, headings, errors,
"did you mean"), the metavars, our help, product names in progress lines and numbers."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from expoprint.cli import building
from expoprint.i18n import extracted, translations

# click's English, as it prints it, and the metavars click derives from its types.
CLICK_ENGLISH = ("Usage", "Options:", "Commands", "Error", "Try '", "for help", "No such option",
                 "No such command", "Did you mean", "Invalid value", "Missing argument",
                 "is not one of", "is not a valid", "requires", "does not exist", "Show this",
                 "and exit", "default:", "PATH", "FILE", "INTEGER", "RANGE", "TEXT", "FOLDER",
                 "NAME", "RIGHT DOWN", "COMMAND", "ARGS", "DIR", "Got unexpected")


def our_english() -> list[str]:
    """The start of each message of the command line whose French differs: none may show."""
    words = [message for message, files in extracted().items()
             if isinstance(message, str) and "expoprint/cli.py" in files
             and translations("fr").get(message, message) != message and len(message.split()) >= 3]
    return [" ".join(message.split()[:3]) for message in words]


def shown(*args: str, language: str = "fr") -> subprocess.CompletedProcess:
    """The installed program as a user runs it, in a French (or English) session."""
    env = {**os.environ, "LANGUAGE": language, "LC_ALL": "", "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "generate.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def assert_french(text: str) -> None:
    flat = " ".join(text.split())  # click wraps the lines
    for words in CLICK_ENGLISH + tuple(our_english()):
        assert not re.search(rf"(?<!\w){re.escape(words)}(?!\w)", flat), f"{words!r} in {text}"


@pytest.mark.parametrize("args", [("build", "--frobnicate"), ("--help",), ("build", "--help"),
                                  ("check", "--help"), ("new", "--help"), ("serve", "--help"),
                                  ("proof", "--help")], ids=" ".join)
def test_the_command_line_prints_no_english_word_in_french(args):
    done = shown(*args)
    assert done.returncode == (2 if "--frobnicate" in args else 0), done.stderr
    assert "Traceback" not in done.stderr
    assert_french(done.stdout + done.stderr)


def test_a_wrong_option_is_told_in_french_and_in_english():
    french_side, english_side = shown("build", "--frobnicate"), shown("build", "--frobnicate",
                                                                     language="en")
    assert french_side.returncode == english_side.returncode == 2
    assert french_side.stderr.splitlines() == [
        "Utilisation : generate.py build [OPTIONS]",
        "Tapez 'generate.py build --help' pour l’aide.", "",
        "Erreur : Option inconnue : '--frobnicate'. (Vouliez-vous dire l’une de ces options : "
        "'--format', '--strict' ?)"]
    assert "Error: No such option '--frobnicate'." in english_side.stderr
    assert "Usage: generate.py build [OPTIONS]" in english_side.stderr


def test_the_help_headings_and_metavars_are_french():
    done = " ".join(shown("build", "--help").stdout.split())  # click wraps the lines
    assert done.startswith("Utilisation : generate.py build [OPTIONS]")
    for words in ("Options :", "--content DOSSIER", "--icc FICHIER", "--format NOM",
                  "--offset DROITE BAS", "[par défaut : content]", "Affiche ce message et quitte."):
        assert words in done
    top = shown("--help").stdout
    assert "COMMANDE [ARGUMENTS]..." in top and "Commandes :" in top
    english = " ".join(shown("build", "--help", language="en").stdout.split())
    for words in ("Usage: generate.py build [OPTIONS]", "Options:", "--content FOLDER",
                  "[default: content]", "Show this message and exit."):
        assert words in english


@pytest.mark.parametrize(("args", "french_words", "english_words"), [
    (["build", "--only", "affiche"], "Valeur invalide pour '--only' : 'affiche' n’est pas l’une des "
     "valeurs 'poster'", "Invalid value for '--only': 'affiche' is not one of 'poster'"),
    (["build", "--first-label", "x"], "'x' n’est pas un nombre entier valide.",
     "'x' is not a valid whole number."),
    (["build", "--offset", "1"], "Erreur : L’option '--offset' demande 2 valeurs.",
     "Error: Option '--offset' requires 2 arguments."),
    (["new"], "Erreur : Argument manquant 'DOSSIER'.", "Error: Missing argument 'FOLDER'."),
    (["check", "nulle-part.pdf"], "Chemin 'nulle-part.pdf' n’existe pas.",
     "Path 'nulle-part.pdf' does not exist."),
    (["frob"], "Erreur : Commande inconnue : 'frob'.", "Error: No such command 'frob'."),
])
def test_clicks_own_errors_speak_the_users_language(args, french_words, english_words):
    """Run as the user runs it: the help and the metavars are worded when the program starts."""
    for language, expected in (("fr", french_words), ("en", english_words)):
        done = shown(*args, language=language)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert expected in " ".join(done.stderr.split()), done.stderr
        if language == "fr":
            assert_french(done.stderr)


def test_progress_lines_name_the_products_in_the_users_language(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "fr")
    assert building("leaflet") == "fabrication du dépliant…"
    assert building("poster") == "fabrication des affiches…"
    assert building("proofs") == "fabrication des épreuves…"
    monkeypatch.setenv("LANGUAGE", "en")
    assert building("leaflet") == "building the leaflet…"


def test_numbers_in_messages_are_grouped_as_the_language_writes_them(monkeypatch):
    from expoprint.images.source import Refused, check_pixels

    for language, grouped in (("fr", "20\u202f000 × 20\u202f000 px"), ("en", "20,000 × 20,000 px")):
        monkeypatch.setenv("LANGUAGE", language)
        with pytest.raises(Refused) as refused:
            check_pixels((20_000, 20_000))
        assert grouped in refused.value.args[0]
        assert not re.search(r"\d,\d{3}", refused.value.args[0]) or language == "en"


def test_a_count_of_characters_is_grouped_as_the_language_writes_it(monkeypatch, tmp_path):
    from types import SimpleNamespace

    from expoprint.errors import ExpoprintError
    from expoprint.products.leaflet import check_capacity

    event = SimpleNamespace(text=SimpleNamespace(get=lambda lang: "x" * 12_345), title=None)
    ctx = SimpleNamespace(languages=["fr"], content=SimpleNamespace(folder=tmp_path))
    for language, expected in (("fr", "12\u202f345 caractères"), ("en", "12,345 characters")):
        monkeypatch.setenv("LANGUAGE", language)
        with pytest.raises(ExpoprintError) as refused:
            check_capacity(ctx, SimpleNamespace(events=[event]), 2_000)
        assert expected in str(refused.value), str(refused.value)
