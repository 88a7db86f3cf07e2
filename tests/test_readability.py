"""Readability of labels (layouts/readability.yaml): each threshold with a label that passes it and
one that fails it, measured on labels the build draws and on label PDFs read back by `check`."""

from __future__ import annotations

import json
import math

import pytest
from conftest import FIXTURES, copy_content

from expoprint.build import run_build
from expoprint.bundled import LayoutFolders
from expoprint.content import Artefact, Prose
from expoprint.errors import Report
from expoprint.readability import (
    Measure,
    layout_warnings,
    read_rules,
    text_findings,
    words,
)

SHORT = "Un képi bleu horizon. Il a été porté en 1944."
# 31 words in one sentence, 80 words in all: both text rules are broken.
LONG_SENTENCE = ("Du 4 au 8 septembre 1944, de violents combats pour la libération de Besançon "
                 "firent près de 400 morts : 28 FFI, 29 civils français, 80 soldats américains et "
                 "250 soldats allemands.")
LONG_LABEL = LONG_SENTENCE + " " + " ".join(["Les soldats avancent vers la ville."] * 8)


@pytest.fixture(scope="module")
def rules():
    found = read_rules(LayoutFolders(), Report())
    assert found is not None
    return found


def artefact(ident: str, description: str, english: str | None = None) -> Artefact:
    return Artefact(ident, Prose.of({"fr": "Un objet", "en": "An object"}), "artefacts.yaml", 3,
                    description=Prose.of({"fr": description, "en": english}))


def said(report: Report) -> list[tuple[str, str]]:
    return [(p.code, p.field) for p in report.warnings]


def test_the_thresholds_are_the_sources_numbers(rules):
    assert (rules.line_characters, rules.sentence_words, rules.label_words) == (55, 25, 75)
    assert (rules.x_height_degrees, rules.distance_ratio) == (0.2, 10)
    assert rules.least_code_mm("cut") == 20 and rules.least_code_mm("sheet") == 15
    assert rules.least_x_height_mm("cut") == pytest.approx(400 * math.tan(math.radians(0.2)))


def test_words_are_counted_as_a_reader_counts_them():
    assert words("L’armée d’aujourd’hui, 17\u202f000 soldats : la 3ᵉ division !") == 7
    assert words(LONG_SENTENCE) == 31


def test_a_short_label_passes_the_text_rules(rules):
    report = Report()
    text_findings(artefact("court", SHORT, "A blue cap. It was worn in 1944."), ("fr", "en"), rules,
                  report)
    assert report.problems == []


def test_a_long_sentence_is_named_in_its_language(rules):
    report = Report()
    text_findings(artefact("long", LONG_SENTENCE, "A short one."), ("fr", "en"), rules, report)
    assert said(report) == [("label-sentence", "artefact 'long'.description")]
    assert "a sentence of 31 words, over 25: 'Du 4 au 8 septembre 1944,…'" in \
        report.warnings[0].message


def test_a_label_of_too_many_words_is_named(rules):
    report = Report()
    text_findings(artefact("bavard", "Court. " * 3, LONG_LABEL), ("fr", "en"), rules, report)
    codes = said(report)
    assert ("label-words", "artefact 'bavard'.description_en") in codes
    assert ("label-words", "artefact 'bavard'.description") not in codes
    assert "the label holds 81 words (en), over the 75" in report.warnings[0].message


def measure(ident: str, lines=(48, 50), size=11.5, code_mm=22.0, module_mm=0.7) -> Measure:
    return Measure(artefact(ident, SHORT), tuple(lines), size, 0.5065, code_mm, module_mm)


@pytest.mark.parametrize(("good", "bad", "code"), [
    (measure("ok", lines=(54, 55)), measure("wide", lines=(58, 60)), "label-line-length"),
    # 400 mm × tan 0.2° = 1.40 mm of x-height: Lato at 7.9 pt, not 7.8
    (measure("ok", size=7.9), measure("tiny", size=7.8), "label-type-size"),
    # a phone at 200 mm, 10:1: 20 mm of code
    (measure("ok", code_mm=20.0), measure("narrow", code_mm=19.5), "label-qr-size"),
    # 200 mm / (10 × 33 modules) = 0.61 mm a module
    (measure("ok", module_mm=0.61), measure("dense", module_mm=0.55), "label-qr-module"),
])
def test_each_layout_threshold_passes_and_fails(rules, good, bad, code):
    report = Report()
    layout_warnings([good], "cut", rules, "the cut label", "labels/cartels.pdf", report)
    assert report.problems == []
    layout_warnings([good, bad], "cut", rules, "the cut label", "labels/cartels.pdf", report)
    assert [p.code for p in report.warnings] == [code]
    assert report.warnings[0].message.endswith(f": {bad.artefact.id}")
    assert report.warnings[0].output == "labels/cartels.pdf"


def test_sheets_are_read_closer_than_cut_labels(rules):
    report = Report()
    small = measure("petit", size=6.2, code_mm=16.0, module_mm=0.5)
    layout_warnings([small], "sheet", rules, "the L7165 label", "labels/l7165.pdf", report)
    assert report.problems == []  # 300 mm, 150 mm: fine on a sheet
    layout_warnings([small], "cut", rules, "the cut label", "labels/cartels.pdf", report)
    assert {p.code for p in report.warnings} == {"label-type-size", "label-qr-size",
                                                 "label-qr-module"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Labels of a short artefact, of one with a long sentence, and of one with a long address
    (a dense QR code), on cut labels and one sheet."""
    folder = tmp_path_factory.mktemp("readability")
    content = copy_content(folder, FIXTURES / "minimal")
    # 143 characters: a version 8 code, 57 modules with its quiet zone: 0.53 mm on the cut
    # label's 30 mm, 0.42 mm on L7165's 24 mm (drawn: at least 0.4 mm; read well: 0.61, 0.45)
    long_url = "https://musee.test/collections/notices/" + "objet-a-la-longue-adresse-" * 4
    (content / "artefacts.yaml").write_text(
        "schema: 1\nartefacts:\n"
        f"  - {{id: court, title: Képi, description: {json.dumps(SHORT)}, "
        "url: 'https://musee.test/k'}\n"
        f"  - {{id: long, title: Combats, description: {json.dumps(LONG_SENTENCE)}, "
        "url: 'https://musee.test/c'}\n"
        f"  - {{id: dense, title: Adresse, url: '{long_url}'}}\n", encoding="utf-8")
    return run_build(content, folder / "out", only=("labels",), sheets=("L7165",))


def test_every_build_warns_of_what_reads_badly_and_only_that(built):
    found = {(p.code, p.field or p.output) for p in built.warnings if p.code.startswith("label-")}
    assert found == {("label-sentence", "artefact 'long'.description"),
                     ("label-qr-module", "labels/cartels-148x105mm.pdf"),
                     ("label-qr-module", "labels/etiquettes-L7165-210x297mm.pdf")}
    module = next(p for p in built.warnings if p.code == "label-qr-module"
                  and p.output.startswith("labels/cartels"))
    assert module.message.endswith(": dense")


def test_check_profile_labels_reads_a_label_pdf_back(built):
    from expoprint.preflight.labels import label_problems

    problems = label_problems(built.out_dir / "labels/cartels-148x105mm.pdf", "cut")
    codes = {(p["code"], p["page"]) for p in problems}
    assert ("label-sentence", 2) in codes  # the second label, the long sentence
    assert ("label-qr-module", 3) in codes  # the third, the long address
    assert not any(page == 1 for _, page in codes)  # the short one reads well
