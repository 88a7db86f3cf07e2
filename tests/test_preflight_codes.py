"""One registry of preflight codes (`expoprint/preflight/codes.py`): every code a rule reports is
in it, every code in it is reported by some rule, each use's severity comes from it, and the
README's table is written from it."""

from __future__ import annotations

import re
import sys

from conftest import ROOT

from expoprint.preflight.codes import CODES, table
from expoprint.preflight.findings import FileReport


def test_every_code_reported_is_registered_and_every_registered_code_reported():
    source = "\n".join(path.read_text(encoding="utf-8")
                       for path in (ROOT / "expoprint" / "preflight").glob("*.py")
                       if path.name != "codes.py")
    reported = set(re.findall(r'\.add\("([a-z0-9-]+)"', source))
    assert reported == set(CODES)


def test_the_severity_of_a_finding_is_the_registrys_for_the_files_use():
    for use, expected in (("press", "error"), ("office", "warning")):
        report = FileReport("sheet.pdf")
        report.set("profile", use)
        report.add("rgb-colour", 1, "DeviceRGB used")
        assert report.problems[0].severity == expected
        assert report.ok == (expected != "error")


def test_the_readme_table_is_the_registrys():
    sys.path.insert(0, str(ROOT / "scripts"))
    from readme_tables import BEGIN, END

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    written = readme.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert written == table(), "run: python scripts/readme_tables.py"
