"""Preflight: what a printer's prepress check would reject, for any PDF, ours or not.

Stages, each in its own module with its contract:
- files.py: what `check` is given → files with a profile (press, office, screen), each checked in
  its own child process; sandbox.py runs those children under memory and time limits.
- check.py: one file through every stage; `check_outputs` is the build's own preflight.
- tokens.py + interpreter.py (with operators.py, colour.py, fonts.py, objects.py): the content
  streamed and measured within budgets (limits.py).
- document.py, rules.py and pictures.py: the rules, one function per code family (pictures.py:
  a placed image's resolution, by the floors of the layouts or manifest it was made to, and ink).
- render.py: pypdfium2 renders, zxing-cpp reads QR codes, text runs are located.
- report.py: JSON and the human table, pages with the same problem grouped.

Problem codes are stable (README lists them): no-trimbox, no-bleed, marks-in-bleed, no-crop-marks,
font-not-embedded, rgb-colour, no-output-intent, not-pdfx4, pdfx-invalid, low-resolution-image,
ink-coverage, text-too-small, small-text-multi-ink, reversed-text-too-small, qr-unreadable,
qr-too-small, placeholder, javascript, encrypted, not-a-pdf, damaged, check-limited.
"""

from .check import check_outputs, check_pdf
from .files import Target, check_files, find_targets
from .findings import FileReport, Finding
from .limits import Limits
from .report import print_report, report_json

__all__ = ["FileReport", "Finding", "Limits", "Target", "check_files", "check_outputs",
           "check_pdf", "find_targets", "print_report", "report_json"]
