"""Messages in the user's language: the French catalog follows the source, and is used."""

from __future__ import annotations

import os
import subprocess
import sys

from babel.messages.pofile import read_po
from conftest import ROOT

from expoprint.i18n import CATALOG, _, extracted


def catalog() -> dict[str, str]:
    with CATALOG.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_every_message_of_the_source_has_its_french_and_nothing_else():
    """Babel extracts the messages from the code (ours, and click's, which the command line
    shows too); the catalog holds exactly those, all translated, with the same placeholders
    (`python scripts/messages.py` brings it in step). A message that changes with a number has
    every French form: the first (0 and 1) may use the number, the others as the plural does."""
    import re

    def names(text: str) -> list[str]:
        return sorted(re.findall(r"\{(\w+)(?:![rs])?\}", text))

    source, french = set(extracted()), catalog()
    assert source - set(french) == set(), "not in the catalog: run scripts/messages.py"
    assert set(french) - source == set(), "no longer in the code: run scripts/messages.py"
    for message, translation in french.items():
        if isinstance(message, tuple):
            assert all(translation), f"a French form missing for {message!r}"
            assert set(names(translation[0])) <= set(names(message[0]) + names(message[1]))
            assert all(names(form) == names(message[1]) for form in translation[1:]), message
            continue
        assert translation, f"no French for {message!r}"
        assert names(translation) == names(message), message


def test_the_locale_chooses_the_language(monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert _("line {number}") == "line {number}"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert _("line {number}") == "ligne {number}"
    monkeypatch.setenv("LANGUAGE", "en_GB:fr")
    assert _("line {number}") == "line {number}"


def test_the_command_line_speaks_french_when_the_locale_is_french():
    env = {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "", "LC_ALL": ""}
    help_text = subprocess.run([sys.executable, "generate.py", "build", "--help"], cwd=ROOT,
                               env=env, capture_output=True, text=True, check=True).stdout
    assert "Fabrique" in help_text or "fabrique" in help_text, help_text


def test_a_language_with_a_catalog_is_spoken_and_one_without_falls_back_to_english(monkeypatch):
    """The interface speaks every language that has a catalog in `locale/`, tried in the order
    of LANGUAGE as gettext does; a language without one reads English."""
    from expoprint.i18n import catalogs, language

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert "fr" in catalogs()
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert language() == "en" and _("unknown key") == "unknown key"
    monkeypatch.setenv("LANGUAGE", "de:fr")
    assert language() == "fr" and _("unknown key") == "clé inconnue"
