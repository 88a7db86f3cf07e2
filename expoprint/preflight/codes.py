"""Every code the preflight reports, with its severity for each use of a file: one registry.

A rule says which code it found; the severity comes from here, by the use the file is checked
for (`press`, `office`, `screen`): the README's table of codes is written from this list
(`python scripts/readme_tables.py`, kept equal by tests/test_preflight_codes.py), so the two can
never disagree. A use a code is not listed for is a use its rule does not check.
"""

from __future__ import annotations

from dataclasses import dataclass

E, W = "error", "warning"
BY_DEGREE = "by degree"  # an error under the floor, a warning under the target
USES = ("press", "office", "screen")


@dataclass(frozen=True)
class Code:
    code: str
    severity: dict[str, str]  # use → error, warning or BY_DEGREE
    meaning: str  # for the README's table, in English

    def for_use(self, use: str) -> str:
        """The severity for a file of this use; a rule that runs for no listed use is the
        press's (the strictest reading), never a crash."""
        return self.severity.get(use) or self.severity.get("press") or E


CODES: dict[str, Code] = {code.code: code for code in [
    Code("no-trimbox", dict(press=E),
         "no TrimBox: the finished size is unknown"),
    Code("no-bleed", dict(press=E),
         "bleed under 3 mm on a side"),
    Code("marks-in-bleed", dict(press=E),
         "a crop mark is drawn inside the bleed"),
    Code("no-crop-marks", dict(press=W),
         "no crop marks found outside the bleed"),
    Code("font-not-embedded", dict(press=E, office=E, screen=E),
         "a font program is missing"),
    Code("rgb-colour", dict(press=E, office=W),
         "DeviceRGB (or an RGB ICC space) used"),
    Code("no-output-intent", dict(press=E),
         "no PDF/X output intent with a CMYK profile"),
    Code("not-pdfx4", dict(press=W),
         "the file does not declare PDF/X-4"),
    Code("pdfx-invalid", dict(press=E),
         "a document rule of PDF/X-4 broken (below)"),
    Code("low-resolution-image", dict(press=BY_DEGREE, office=BY_DEGREE),
         "effective resolution at placed size, judged by the page's size as the posters' formats "
         "in `layouts/poster.yaml` are: 150 / 300 ppi up to A3, 120 / 200 from A2, 100 / 150 from "
         "A1 and 40×60 cm, 72 / 100 from 120×176 cm; a poster whose manifest entry gives `ppi` "
         "(a museum's own layouts) by those numbers"),
    Code("ink-coverage", dict(press=E, office=E),
         "total ink over 300 % (vector colours and CMYK images)"),
    Code("text-too-small", dict(press=W, office=W, screen=W),
         "text under 6 pt"),
    Code("small-text-multi-ink", dict(press=W),
         "text under 12 pt printed with two inks or more (misregistration blurs it): size, colour "
         "(`C100 M80 Y25 K35`) and a sample of the text"),
    Code("reversed-text-too-small", dict(press=W, office=W),
         "light text on a dark ground under 9 pt, or lighter than a regular weight under 12 pt"),
    Code("qr-unreadable", dict(press=E, office=E, screen=E),
         "a QR code that cannot be decoded (or, in a build, one not read back)"),
    Code("qr-too-small", dict(press=E, office=E, screen=E),
         "a QR code under 10 mm or with modules under 0.4 mm"),
    Code("placeholder", dict(press=W, office=W, screen=W),
         "placeholder text or address left in"),
    Code("javascript", dict(press=E, office=E, screen=E),
         "the file carries JavaScript (anywhere: document, page, link, form field, action chain, "
         "bookmark, however deep; an XFA form's scripts; a link to a `javascript:` address)"),
    Code("encrypted", dict(press=E, office=E, screen=E),
         "the file cannot be checked as it is (a FIFO or a device is not read)"),
    Code("not-a-pdf", dict(press=E, office=E, screen=E),
         "the file cannot be checked as it is (a FIFO or a device is not read)"),
    Code("damaged", dict(press=E, office=E, screen=E),
         "part of the file cannot be read: the message names the object (\"operator `cm` with 6 "
         "strings, expected 6 numbers\", \"TrimBox has 3 numbers, expected 4\", \"form /Fm0 draws "
         "itself\", \"/Rotate is /Foo\", an embedded font program that is not a font, an output "
         "intent's profile cut short)"),
    Code("check-limited", dict(press=W, office=W, screen=W),
         "the checker's limits cut part of the check short; the message says what was not checked "
         "(see Reliability)"),
]}


def severity(code: str, use: str) -> str:
    return CODES[code].for_use(use)


def table() -> str:
    """The README's table of codes, one row a code, severity per use."""
    def shown(code: Code, use: str) -> str:
        value = code.severity.get(use)
        return {E: "error", W: "warning", BY_DEGREE: "error under the floor, warning under the "
                "target"}.get(value, "—") if value else "—"

    rows = ["| code | press | office | screen | meaning |", "| --- | --- | --- | --- | --- |"]
    rows += [f"| `{c.code}` | {shown(c, 'press')} | {shown(c, 'office')} | {shown(c, 'screen')} "
             f"| {c.meaning} |" for c in CODES.values()]
    return "\n".join(rows)
