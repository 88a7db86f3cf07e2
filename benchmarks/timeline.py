#!/usr/bin/env python3
"""Where a build's time goes: `python benchmarks/timeline.py [build options]`.

Runs `generate.py build` with the given options and prints, for each part, the worker process
that made it, when it started and ended (seconds from the start) and how long it took: the
profile of a cold build is the import of the command, the content's reading and checking, then
the parts on both cores. Every part is rendered, finished and checked by the preflight in its
worker (`expoprint/workers.py`), so its time is all of that.

To compare two versions on a shared machine, alternate them (one run of each, several times):
their difference is steadier than either figure.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import expoprint.workers as workers  # noqa: E402

make = workers.make


def timed(ctx, part):
    began = time.perf_counter()
    made = make(ctx, part)
    ended = time.perf_counter()
    print(f"  worker {os.getpid()}: {part.label:<22} {began - START:5.2f} → {ended - START:5.2f} s"
          f"  ({ended - began:.2f} s)", file=sys.stderr)
    return made


def main() -> None:
    workers.make = timed  # the workers are forked from this process: they run it too
    from expoprint.cli import main as cli

    try:
        cli(["build", *sys.argv[1:]])
    except SystemExit as done:
        print(f"  whole build: {time.perf_counter() - START:.2f} s", file=sys.stderr)
        raise SystemExit(done.code) from None


if __name__ == "__main__":
    main()
