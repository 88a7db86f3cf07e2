"""Do the labels read well? Text length, type size and QR codes against `layouts/readability.yaml`.

Two kinds of measure, each a warning (an error with `--strict`) that names what to change:
- the text, once per artefact whatever it is printed on: words per sentence and per label, in each
  language (`text_findings`);
- the label as drawn, per file: the average length of its text lines, its smallest type seen from
  the reading distance, its QR code's width and module against the scanning distance
  (`Measure`, gathered by the labels' painter, judged by `layout_warnings`).
`check --profile labels` applies the same rules to a label PDF read back (`preflight.labels`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .bundled import LayoutFolders
from .content import Artefact
from .errors import Report
from .i18n import _
from .layouts import number, read_layout
from .mapping import first_three, translated_key

# « aujourd’hui », « 3ᵉ », « 1944 », « 17 000 »: one word each
WORD = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|[^\W_]+(?:[’'\-][^\W_]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\s\u00a0\u202f]+")
PT_MM = 25.4 / 72


@dataclass(frozen=True)
class Distances:
    reading_mm: float
    scan_mm: float


@dataclass(frozen=True)
class Rules:
    line_characters: float
    sentence_words: float
    label_words: float
    x_height_degrees: float
    distance_ratio: float
    modules_at_ratio: float
    distances: dict[str, Distances]  # "cut", "sheet"

    def least_x_height_mm(self, kind: str) -> float:
        return self.distances[kind].reading_mm * math.tan(math.radians(self.x_height_degrees))

    def least_code_mm(self, kind: str) -> float:
        return self.distances[kind].scan_mm / self.distance_ratio

    def least_module_mm(self, kind: str) -> float:
        return self.distances[kind].scan_mm / (self.distance_ratio * self.modules_at_ratio)


def read_rules(layouts: LayoutFolders, report: Report) -> Rules | None:
    """`readability.yaml`; None when a museum's layouts replace it with a broken one (reported)."""
    spec = read_layout(layouts, "readability.yaml", report)
    if spec is None:
        return None
    spec.check_keys(["schema", "text", "qr", "distances"])
    text = spec.mapping("text", required=True, example="{line_characters: 55, …}")
    qr = spec.mapping("qr", required=True, example="{distance_ratio: 10, …}")
    places = spec.mapping("distances", required=True, example="{cut: {reading_mm: 400, …}}")
    if text is None or qr is None or places is None:
        return None
    text.check_keys(["line_characters", "sentence_words", "label_words", "x_height_degrees"])
    qr.check_keys(["distance_ratio", "modules_at_ratio"])
    places.check_keys(["cut", "sheet"])
    values = [number(text, key) for key in ("line_characters", "sentence_words", "label_words",
                                            "x_height_degrees")]
    values += [number(qr, key) for key in ("distance_ratio", "modules_at_ratio")]
    distances = {}
    for kind in ("cut", "sheet"):
        place = places.mapping(kind, required=True, example="{reading_mm: 400, scan_mm: 200}")
        if place is None:
            return None
        place.check_keys(["reading_mm", "scan_mm"])
        reading, scan = number(place, "reading_mm"), number(place, "scan_mm")
        if reading is None or scan is None:
            return None
        distances[kind] = Distances(reading, scan)
    if any(value is None for value in values):
        return None
    return Rules(*values, distances)  # type: ignore[arg-type]


def words(text: str) -> int:
    return len(WORD.findall(text))


def in_language(field, lang: str) -> str:
    """A field's text as the label prints it in `lang`: a translated part prints only the
    translations the content gives (`text.label_blocks`)."""
    return (field.translation(lang) or "") if field is not None else ""


def text_findings(artefact: Artefact, languages: tuple[str, ...], rules: Rules,
                  report: Report) -> None:
    """Sentences and labels too long to read, in each language the labels print."""
    for lang in languages:
        if not artefact.title.has(lang):
            continue  # no label part in this language
        counted = words(" ".join(in_language(f, lang) for f in (
            artefact.title, artefact.date, artefact.description, artefact.lender)))
        key = translated_key("description", lang, languages[0])
        if counted > rules.label_words:
            report.warn(artefact.source, artefact.line, artefact.field(key),
                        _("the label holds {count} words ({lang}), over the {most:g} a visitor "
                          "reads standing").format(count=counted, lang=lang,
                                                   most=rules.label_words),
                        _("shorten the text; the rest may go on the object's web page"),
                        artefact=artefact.id, code="label-words")
        for sentence in SENTENCE_END.split(in_language(artefact.description, lang)):
            if (count := words(sentence)) > rules.sentence_words:
                report.warn(artefact.source, artefact.line, artefact.field(key),
                            _("a sentence of {count} words, over {most:g}: '{start}…'").format(
                                count=count, most=rules.sentence_words,
                                start=" ".join(sentence.split()[:6])),
                            _("split it in two"), artefact=artefact.id, code="label-sentence")


@cache
def x_height(font_file: Path) -> float:
    """The font's x-height, in em."""
    import logging

    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # the kit's fonts' `created` is 0

    font = TTFont(str(font_file), lazy=True)
    return font["OS/2"].sxHeight / font["head"].unitsPerEm


@dataclass(frozen=True)
class Measure:
    """One label as drawn: its body lines' lengths, its smallest type (size, x-height in em),
    its QR code's symbol width and module (mm, 0 without a code)."""

    artefact: Artefact
    line_lengths: tuple[int, ...]
    smallest_pt: float
    smallest_x_height: float
    code_mm: float = 0.0
    module_mm: float = 0.0

    @property
    def average_line(self) -> float:
        return sum(self.line_lengths) / len(self.line_lengths) if self.line_lengths else 0.0

    @property
    def x_height_mm(self) -> float:
        return self.smallest_pt * PT_MM * self.smallest_x_height


def layout_warnings(measures: list[Measure], kind: str, rules: Rules, where: str, output: str,
                    report: Report) -> None:
    """One warning per rule and file, naming the labels that break it (the first three)."""
    def tell(code: str, broken: list[Measure], message: str, hint: str, **values) -> None:
        if broken:
            labels = first_three([m.artefact.id for m in broken])
            report.warn(output, None, "", message.format(count=len(broken), where=where,
                                                         labels=labels, **values),
                        hint, output=output, code=code)

    long_lines = [m for m in measures if m.average_line > rules.line_characters]
    tell("label-line-length", long_lines,
         _("{count} label(s) on {where} have lines of {chars:.0f} characters on average, over the "
           "{most:g} that read easily: {labels}"),
         _("set the text larger or its column narrower (layouts/labels.yaml)"),
         chars=max((m.average_line for m in long_lines), default=0), most=rules.line_characters)
    least = rules.least_x_height_mm(kind)
    small = [m for m in measures if m.x_height_mm < least - 1e-6]
    tell("label-type-size", small,
         _("{count} label(s) on {where} set type at {size:.1f} pt, too small to read at "
           "{distance:g} mm (an x-height of {x:.2f} mm, under {least:.2f} mm): {labels}"),
         _("shorten their text so it keeps its preferred size"),
         size=min((m.smallest_pt for m in small), default=0),
         x=min((m.x_height_mm for m in small), default=0),
         distance=rules.distances[kind].reading_mm, least=least)
    coded = [m for m in measures if m.code_mm]
    narrow = [m for m in coded if m.code_mm < rules.least_code_mm(kind) - 1e-6]
    tell("label-qr-size", narrow,
         _("{count} QR code(s) on {where} are {size:.1f} mm wide: a phone at {distance:g} mm "
           "needs {least:.1f} mm ({ratio:g}:1): {labels}"),
         _("give the QR code more room (qr_mm in layouts/labels.yaml)"),
         size=min((m.code_mm for m in narrow), default=0),
         distance=rules.distances[kind].scan_mm, least=rules.least_code_mm(kind),
         ratio=rules.distance_ratio)
    fine = [m for m in coded if m.module_mm < rules.least_module_mm(kind) - 1e-6]
    tell("label-qr-module", fine,
         _("{count} QR code(s) on {where} have modules of {module:.2f} mm: a phone at "
           "{distance:g} mm needs {least:.2f} mm: {labels}"),
         _("shorten the address (a shorter id, or a short link in `url`)"),
         module=min((m.module_mm for m in fine), default=0),
         distance=rules.distances[kind].scan_mm, least=rules.least_module_mm(kind))
