"""The command line, the output folder, the products' messages and the proofs in French when the
locale is French, and unchanged in English: real commands in a subprocess with LANG set (the help
is read when the program starts), the rest through the functions that word the messages."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT, copy_content, edit

from expoprint.errors import ExpoprintError, Problem
from expoprint.html.measure import FrameReading, Reading
from expoprint.html.render import overflow_problems
from expoprint.layouts import FitRange
from expoprint.products.base import Output
from expoprint.proofs.sheet import contact_sheet, facts_of
from expoprint.serve import State, status_banner
from expoprint.writer import refuse

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def command(*args: str, lang: str = "fr_FR.UTF-8") -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES}
    env["LANG"] = lang
    return subprocess.run([sys.executable, "generate.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def french(monkeypatch):
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")


@pytest.fixture
def english(monkeypatch):
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


def test_a_build_in_french_says_what_it_made_in_french(tmp_path):
    out = tmp_path / "out"
    done = command("build", "--only", "poster", "--format", "A3", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "fabrication des affiches…" in done.stderr  # the product named in French
    # Every warning is labelled in French, with the French space before the colon.
    warnings = [line for line in done.stderr.splitlines() if line.startswith("avertissement : ")]
    assert warnings and not re.search(r"^(warning|error):", done.stderr, re.MULTILINE)
    summary = done.stdout.splitlines()[-1]
    assert summary == (f"1 fichier écrit(s) dans {out}/ — 1 pour l’imprimeur ; "
                       f"{len(warnings)} avertissements ; 1 partie(s) refaite(s)")
    again = command("build", "--only", "poster", "--format", "A3", "--out", str(out))
    assert again.stdout.splitlines()[-2:] == [
        "rien n’a changé : le dossier contient déjà cette fabrication, chaque fichier tel quel",
        f"1 fichier à jour dans {out}/ — 1 pour l’imprimeur ; {len(warnings)} avertissements ; "
        "rien n’a changé, rien n’a été refait"]


def test_a_frame_overflow_is_told_in_the_users_language(tmp_path):
    """A title word wider than the poster's title frame, and that no hyphenation pattern can
    break (a word is hyphenated at the layout's floor when it can be): the same problem, word for
    word, in French and in English, naming the file, the line, the field and how far it runs."""
    content = copy_content(tmp_path)
    edit(content / "exhibition.yaml", "title: La Libération de Besançon",
         "title: La Libération de " + "B" * 72)
    out = tmp_path / "out"
    args = ("build", "--only", "poster", "--format", "A3", "--content", str(content), "--out", str(out))
    french, english = command(*args), command(*args, lang="en_GB.UTF-8")
    assert french.returncode == english.returncode == 1
    place = f"{content}/exhibition.yaml:7: title: 'La\u00a0Libération de\u00a0BBBB"  # words bound
    said = re.search(r"^erreur : (.+)$", french.stderr, re.MULTILINE)
    assert said and said[1].startswith(place), french.stderr
    assert re.search(r"' dépasse de [\d.]+ mm sur le côté de son cadre \(poster/affiche-A3-297x420mm"
                     r"\.pdf, titre\), même avec le texte réduit à \d+ % \(raccourcissez son mot ou "
                     r"nombre le plus long, ou coupez-le par une espace ou un trait d’union\)$", said[1])
    assert re.search(r"^échec de la fabrication : 1 problème\(s\) \(\d+ avertissement\(s\) non "
                     rf"affiché\(s\)\) ; {re.escape(str(out))} est resté tel quel$", french.stderr,
                     re.MULTILINE)
    told = re.search(r"^error: (.+)$", english.stderr, re.MULTILINE)
    assert told and told[1].startswith(place)
    assert re.search(r"' runs [\d.]+ mm past the side of its box \(poster/affiche-A3-297x420mm\.pdf, "
                     r"titre\) even with its type stepped down to \d+ % \(shorten its longest word",
                     told[1])
    assert not out.exists()


@pytest.mark.parametrize("name, sentence", [
    ("check", "Contrôle des PDF avant impression, comme le ferait un imprimeur"),
    ("proof", "Fabrique tout, puis écrit les images des pages et une planche contact"),
    ("serve", "Montre chaque produit dans un navigateur"),
    ("new", "Crée un dossier de contenu à remplir"),
])
def test_each_commands_help_is_in_french(name, sentence):
    shown = command(name, "--help")
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.split())  # click wraps the lines
    assert sentence in text
    assert "Affiche ce message et quitte." in text and "Show this message" not in text
    english = " ".join(command(name, "--help", lang="C.UTF-8").stdout.split())
    assert sentence not in english and "Show this message and exit." in english


def frame(**facts) -> FrameReading:
    values = dict(name="texte", page=1, group="body", overflow_mm=12.34, wide_mm=0.0, fill=1.2,
                  width_mm=80, height_mm=40, fields={"about[0]": 30.0, "title": 8.0})
    return FrameReading(**{**values, **facts})


def overflow(reading: FrameReading, low: float = 0.8) -> str:
    problems = overflow_problems(Reading([reading], set()), {"body": 0.8},
                                 {"body": FitRange(low, 1.2)}, "poster/affiche-A3.pdf",
                                 lambda field: ("content/exhibition.yaml", 40))
    return "\n".join(str(problem) for problem in problems)


def test_the_overflow_of_a_frame_in_french(french):
    assert overflow(frame()) == (
        "content/exhibition.yaml:40: about[0]: le texte dépasse de 12.3 mm de son cadre "
        "(poster/affiche-A3.pdf, texte), même avec le texte réduit à 80 % ; `about[0]` prend le "
        "plus de place (30 mm) (raccourcissez `about[0]`)")
    assert overflow(frame(fields={}), low=1.0) == (
        "poster/affiche-A3.pdf: frame 'texte': le texte dépasse de 12.3 mm de son cadre "
        "(poster/affiche-A3.pdf, texte) (raccourcissez le texte de cette partie)")


def test_the_overflow_of_a_frame_in_english_is_worded_as_before(english):
    assert overflow(frame()) == (
        "content/exhibition.yaml:40: about[0]: the text is 12.3 mm too long for its box "
        "(poster/affiche-A3.pdf, texte) even with its type stepped down to 80 %; `about[0]` takes "
        "the most room (30 mm) (shorten `about[0]`)")
    assert overflow(frame(fields={}), low=1.0) == (
        "poster/affiche-A3.pdf: frame 'texte': the text is 12.3 mm too long for its box "
        "(poster/affiche-A3.pdf, texte) (shorten the text of that part)")
    assert overflow(frame(overflow_mm=0, wide_mm=3.21, wide_field="title", wide_text="Mot")) == (
        "content/exhibition.yaml:40: title: 'Mot' runs 3.2 mm past the side of its box "
        "(poster/affiche-A3.pdf, texte) even with its type stepped down to 80 % (shorten its "
        "longest word or number, or split it with a space or a hyphen)")


def test_the_output_folder_refuses_in_french(french, tmp_path):
    with pytest.raises(ExpoprintError) as caught:
        refuse(tmp_path / "content" / "out", tmp_path / "content")
    assert str(caught.value) == (
        f"{tmp_path}/content/out: le dossier de sortie (--out) est dans le dossier de contenu "
        f"{tmp_path}/content : les fichiers fabriqués se mêleraient à vos fichiers de contenu "
        "(fabriquez dans un dossier à part, par exemple --out output)")


def test_the_contact_sheet_and_the_live_page_speak_french(french):
    html = contact_sheet("La Libération", [], {}, {}, [], [], False, {}).decode()
    assert '<html lang="fr">' in html and "<title>Épreuves — La Libération</title>" in html
    assert "Première épreuve dans ce dossier" in html and "0 fichier(s), 0 page(s) · aucun " \
        "avertissement" in html
    cut = Output("labels/cartels.pdf", "labels", "cut", (148, 105), 3, 2, b"")
    assert facts_of(cut) == "cartels, un par page · 148 × 105 mm, fond perdu de 3 mm · " \
        "pour l’imprimeur · 2 pages"
    banner = status_banner(State(version=1, building=False,
                                 problems=[Problem("content/exhibition.yaml", 7, "title", "…")]))
    assert "<strong>La dernière version enregistrée ne peut pas être fabriquée.</strong> Les pages " \
        "ci-dessous sont celles de la dernière fabrication réussie" in banner


def test_the_contact_sheet_in_english_is_worded_as_before(english):
    html = contact_sheet("La Libération", [], {}, {}, [], [], True, {}).decode()
    assert '<html lang="en">' in html and "<title>Proofs — La Libération</title>" in html
    assert "<p>0 files, 0 pages · no warnings · no page changed since the previous proof</p>" in html
    sheet = Output("labels/etiquettes.pdf", "labels", "L7165", (210, 297), 0, 1, b"", press=False)
    assert facts_of(sheet) == "L7165 · 210 × 297 mm · for an office printer · 1 page"
