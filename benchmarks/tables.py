#!/usr/bin/env python3
"""Reading artefacts from spreadsheets at scale: `python benchmarks/tables.py [--rows 10000]`.

Writes the same N artefacts as .xlsx (openpyxl), .ods (odfpy, if installed) and CSV (UTF-8 with
BOM and Windows-1252), then times on each what a build does before it renders: `load_content`,
from the file's bytes to checked artefacts (encoding, columns, every field's checks,
placeholders), then `check_glyphs`, the typesetting check (every character the texts and
typography may print, in the fonts). Best of 5; the median follows, as a busy machine spreads
them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import spreadsheets as sheets  # noqa: E402  the test suite's writers, in users' programs' ways

from expoprint.bundled import FONTS  # noqa: E402
from expoprint.content import load_content  # noqa: E402
from expoprint.errors import Report  # noqa: E402
from expoprint.fonts import check_glyphs  # noqa: E402


def rows(count: int) -> list[list[object]]:
    """`count` artefacts in the columns of `spreadsheets.KEYS`, every cell filled with text."""
    return [[f"objet-{n:05d}", f"Objet n° {n} de la collection", f"Object {n}", "1944", "1944",
             "Un objet prêté pour l'exposition, décrit en deux phrases courtes. Il a été "
             "conservé par une famille de Besançon.", "An object on loan.",
             "Collection particulière", f"1944.{n}.3", f"https://musee.test/fiche/{n}",
             f"Salle {n % 5}", f"vitrine {n % 40}"] for n in range(count)]


def ods_bytes(table: list[list[object]]) -> bytes | None:
    try:
        return sheets.ods_bytes(table)
    except ImportError:  # odfpy is a test dependency
        return None


def time_read(folder: Path, count: int) -> tuple[float, float]:
    """The best and the median time of five reads."""
    times = []
    for _ in range(5):
        report = Report()
        start = time.perf_counter()
        content = load_content(folder, report)
        assert content is not None and content.artefacts is not None, report.errors[:3]
        check_glyphs(content, FONTS, report)
        times.append(time.perf_counter() - start)
        assert not report.errors, report.errors[:3]
        assert len(content.artefacts) == count
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    count = parser.parse_args().rows
    table = rows(count)
    files = {"xlsx": ("artefacts.xlsx", sheets.xlsx_bytes(table)),
             "ods": ("artefacts.ods", ods_bytes(table)),
             "csv UTF-8 BOM": ("artefacts.csv",
                               b"\xef\xbb\xbf" + sheets.csv_bytes(table, "utf-8", ";")),
             "csv Windows-1252": ("artefacts.csv", sheets.csv_bytes(table, "cp1252", ";"))}
    exhibition = (ROOT / "tests/fixtures/minimal/exhibition.yaml").read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        for label, (name, data) in files.items():
            if data is None:
                print(f"{label:18} skipped (pip install odfpy)")
                continue
            folder = Path(tmp) / label.replace(" ", "-")
            folder.mkdir()
            (folder / "exhibition.yaml").write_bytes(exhibition)
            (folder / name).write_bytes(data)
            seconds, median = time_read(folder, count)
            print(f"{label:18} {count:,} rows, {len(data) / 1e6:5.1f} MB: {seconds:6.3f} s "
                  f"({seconds / count * 1e6:.0f} µs a row; median {median:.3f} s)")


if __name__ == "__main__":
    main()
