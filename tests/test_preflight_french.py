"""`check` in French: the problems and the human report in the user's language, the JSON's
keys, codes and severities unchanged (SPEC.md's contract for programs)."""

from __future__ import annotations

import json
import re
import string

from babel.messages.pofile import read_po
from click.testing import CliRunner
from test_preflight import reportlab_pdf

from expoprint.cli import main
from expoprint.i18n import CATALOG, extracted

FRENCH = {"LANG": "fr_FR.UTF-8", "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None,
          "COLUMNS": "300"}  # wide enough that rich does not wrap a message across lines
ENGLISH = {"LANG": "C.UTF-8", "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None,
           "COLUMNS": "300"}


def check(env: dict, *args):
    return CliRunner().invoke(main, ["check", *map(str, args)], env=env)


def rgb_text_with_helvetica(canvas):
    canvas.setFillColorRGB(0.8, 0.1, 0.1)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(20, 280, "Texte en RVB")


def test_a_faulty_pdf_is_reported_in_french_with_the_same_codes(tmp_path):
    bad = tmp_path / "rgb.pdf"
    bad.write_bytes(reportlab_pdf(rgb_text_with_helvetica))

    english = check(ENGLISH, "--json", bad)
    french = check(FRENCH, "--json", bad)
    assert english.exit_code == french.exit_code == 1
    [english_file] = json.loads(english.output)["files"]
    [french_file] = json.loads(french.output)["files"]
    # The contract for programs: same keys, codes, severities, pages and facts.
    assert french_file.keys() == english_file.keys()
    strip = [{k: v for k, v in p.items() if k != "message"} for p in english_file["problems"]]
    assert [{k: v for k, v in p.items() if k != "message"} for p in french_file["problems"]] == strip
    assert french_file["pages_info"] == english_file["pages_info"]
    assert {p["code"] for p in french_file["problems"]} >= {"rgb-colour", "font-not-embedded",
                                                              "no-output-intent"}
    # The messages for people, in French.
    messages = {p["code"]: p["message"] for p in french_file["problems"]}
    assert messages["font-not-embedded"] == ("la police Helvetica n’est pas incorporée : "
                                             "l’imprimeur la remplacerait par une autre")
    assert messages["rgb-colour"] == ("opérateur de couleur RVB rg : un fichier pour l’imprimeur "
                                      "doit être en CMJN")
    assert messages["no-output-intent"] == ("aucun profil de sortie PDF/X avec un profil ICC CMJN "
                                            "incorporé")
    english_messages = {p["message"] for p in english_file["problems"]}
    assert not english_messages & set(messages.values())

    table = check(FRENCH, bad)
    assert table.exit_code == 1
    output = table.output
    assert f"{bad} : REFUSÉ, 1 page(s), vérifié comme fichier pour l’imprimeur" in output
    assert "police Helvetica : NON incorporée" in output
    assert "format fini 148×210 mm (A5), fond perdu gauche 3 bas 3 droite 3 haut 3" in output
    assert re.search(r"gravité\s*┃\s*code\s*┃\s*page\s*┃\s*message", output)
    assert re.search(r"erreur\s*│\s*rgb-colour\s*│\s*1\s*│\s*opérateur de couleur RVB rg :", output)
    assert re.search(r"avertissement\s*│\s*not-pdfx4", output)
    for english_word in ("REJECTED", "checked as", "trim", "bleed", "severity", "NOT embedded"):
        assert english_word not in output, english_word


def test_our_output_folder_passes_in_french(default_kit):
    result = check(FRENCH, default_kit.out_dir)
    assert result.exit_code == 0, result.output
    output = result.output
    poster = default_kit.out_dir / "poster/affiche-A3-297x420mm.pdf"
    assert (f"{poster} : CONFORME, 1 page(s), vérifié comme fichier pour l’imprimeur, d’après le "
            "manifeste du dossier") in output
    assert "vérifié comme fichier pour imprimante de bureau, d’après le manifeste du dossier" in output
    assert "profil de sortie : FOGRA39, PDF/X-4" in output
    assert "(A6 paysage)" in output and "avec sa zone de silence" in output
    for english_word in ("OK", "checked as", "trim", "bleed", "landscape", "quiet zone"):
        assert english_word not in output, english_word


def fields(message: str) -> list[tuple[str, str]]:
    """The placeholders of a message with their format specs, digit grouping aside: the English
    "20,000" would read as twenty in French, where `{count:,}` becomes `{count:d}`."""
    return sorted((name, spec.replace(",", "").removesuffix("d")) for _text, name, spec, _conv
                  in string.Formatter().parse(message) if name is not None)


def test_the_french_keeps_every_placeholder_and_its_format():
    """Stricter than test_i18n for the preflight's messages: `{ink:.0f}` must stay `.0f`."""
    ours = {m for m, files in extracted().items()
            if any(f.startswith("expoprint/preflight/") for f in files)}
    with CATALOG.open("rb") as handle:
        french = {m.id: m.string for m in read_po(handle) if m.id in ours}
    assert len(french) == len(ours) > 200
    for message, translation in french.items():
        assert fields(translation) == fields(message), message
        assert translation.format(**{name: 1 for name, _spec in fields(message)}), message


def test_a_problem_repeated_a_hundred_thousand_times_is_put_into_words_once(monkeypatch):
    """Translating costs microseconds: a hostile stream repeating one fault per token must not
    pay it per token (the tokenizer and the interpreter word a recurring problem once)."""
    from expoprint.i18n import _
    from expoprint.preflight import interpreter, operators, tokens
    from expoprint.preflight.limits import Deadline, Limits

    calls = []

    def counted(message: str) -> str:
        calls.append(message)
        return _(message)

    for module in (tokens, interpreter, operators):
        monkeypatch.setattr(module, "_", counted)
    problems = tokens.Problems()
    assert list(tokens.instructions(b") ] >> " * 100_000, problems)) == []
    assert problems == ["an unexpected character `)`", "a stray `]`", "a stray `>>`"]
    assert len(calls) == 3

    def interpret(times: int) -> tuple[list[str], int]:
        calls.clear()
        page = interpreter.Interpreter(Limits(isolate=False), Deadline(60), {})
        page.run(b"(a) (b) (c) (d) (e) (f) cm BT Tj (x) Tj ET " * times, None, interpreter.State(),
                 ())
        return list(page.drawn.damaged), len(calls)

    once, many = interpret(1), interpret(30_000)
    assert many == once
    assert once[0] == ["operator `cm` with 6 strings, expected 6 numbers",
                       "operator `Tj` with no operands, expected a string",
                       "text is shown before its font is chosen (Tf)"]
