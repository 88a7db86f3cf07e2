#!/usr/bin/env python3
"""The variety corpus, built and measured: `python benchmarks/variety.py [--only N …] [--keep DIR]`.

Each exhibition of `tests/variety.py` (titles, photo shapes and sizes, logo counts, brand
palettes, facts) is built whole, then measured from its files: whether it built, the formats its
photo allowed, the build's own preflight on its press files, the title's size on the A3 and
120×176 posters, the hierarchy of the facts on the A3 poster (title > dates > venue), and the
largest empty area of each poster as a share of the page. One table row per exhibition; the
tests assert the same measures (`tests/test_variety.py`) on part of the corpus.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from variety import corpus, measure_kit, write  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", type=int, action="append", help="exhibition numbers")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    chosen = [e for e in corpus() if not args.only or e.number in args.only]
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        print(f"{'exhibition':32} {'built':>5} {'posters':>7} {'own pf':>6} {'title A3':>8} "
              f"{'title XL':>8} {'hierarchy':>9} {'empty max':>9} {'time':>6}")
        for exhibition in chosen:
            content = write(exhibition, root / exhibition.name / "content")
            start = time.perf_counter()
            row = measure_kit(content, root / exhibition.name / "out")
            seconds = time.perf_counter() - start
            print(f"{exhibition.name:32} {row.built!s:>5} {len(row.posters):>7} "
                  f"{len(row.own_findings):>6} {row.title_pt.get('A3', 0):>8.1f} "
                  f"{row.title_pt.get('XL', 0):>8.1f} {row.hierarchy!s:>9} "
                  f"{max(row.empty.values(), default=0):>9.0%} {seconds:>5.1f}s")
            for line in row.problems[:3]:
                print(f"    {line}")


if __name__ == "__main__":
    main()
