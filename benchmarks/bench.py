#!/usr/bin/env python3
"""The speed goals, measured in one run (not asserted by tests): `python benchmarks/bench.py`.

- `generate.py --help`: the CLI must not import the renderers;
- the whole default kit, cold (a fresh output folder, no cache), in a fresh process, and the
  11 press and office PDFs of the first release alone (posters, leaflets, labels);
- the same build again with nothing changed (the goal: under 0.2 s, writing nothing): told again
  from the last build's record (`expoprint/unchanged.py`); and the same without that record, as
  after a `proof` or a `serve`: the content read and checked, every part found in the cache;
- one artefact changed (only the labels are rendered again);
- 1,000 labels from a CSV (cut labels + L7163) against glabels-3-batch on the same rows
  (`--glabels`; Debian package `glabels`), the ratio being the goal (at most 0.1).
Each figure is the median of `--repeat` runs. The machine's load average is printed first: on a
shared virtual machine the same build varies by a tenth from one hour to the next, so compare
figures taken in the same run (or alternate two versions, as `benchmarks/timeline.py` says).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def run(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "generate.py", *args], cwd=ROOT, check=True,
                   capture_output=True)
    return time.perf_counter() - start


def median(samples: list[float]) -> str:
    return f"{statistics.median(samples):.2f} s (runs: {', '.join(f'{s:.2f}' for s in samples)})"


def forget_the_record(out: Path) -> None:
    """The part cache without the last build's record: what a build finds after `proof`."""
    cache = out / ".expoprint-cache" / "parts.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["last"] = None
    cache.write_text(json.dumps(data), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--glabels", action="store_true", help="also time glabels-3-batch")
    parser.add_argument("--labels", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1726876800")
    # As on a user's machine: Python keeps compiled bytecode. Without it (some CI images set
    # PYTHONDONTWRITEBYTECODE) every run recompiles ~60 modules, 70 ms of each figure.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    print(f"generate.py --help: {median([run('--help') for _ in range(args.repeat)])}")
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        out = Path(tmp) / "out"
        cold, first_release, noop, checked, changed = [], [], [], [], []
        for attempt in range(args.repeat):
            shutil.rmtree(out, ignore_errors=True)
            first_release.append(run("build", "--content", str(content), "--out", str(out),
                                     "--only", "poster", "--only", "leaflet", "--only", "labels"))
            shutil.rmtree(out, ignore_errors=True)
            cold.append(run("build", "--content", str(content), "--out", str(out)))
            noop.append(run("build", "--content", str(content), "--out", str(out)))
            forget_the_record(out)
            checked.append(run("build", "--content", str(content), "--out", str(out)))
            artefacts = content / "artefacts.yaml"
            was, now = ("Du", "De") if attempt % 2 == 0 else ("De", "Du")  # a real change each time
            text = artefacts.read_text(encoding="utf-8")
            assert f"title: {was} fort de Chaudanne" in text
            artefacts.write_text(text.replace(f"title: {was} fort de Chaudanne",
                                              f"title: {now} fort de Chaudanne", 1), encoding="utf-8")
            changed.append(run("build", "--content", str(content), "--out", str(out)))
        print(f"default kit, cold: {median(cold)}")
        print(f"the first release's 11 PDFs (posters, leaflets, labels), cold: "
              f"{median(first_release)}")
        print(f"default kit, nothing changed: {median(noop)}")
        print(f"default kit, nothing changed, without the last build's record: {median(checked)}")
        print(f"default kit, one artefact changed: {median(changed)}")

    from labels import run_expoprint, run_glabels, write_content

    with tempfile.TemporaryDirectory() as tmp:
        labels = write_content(Path(tmp) / "labels", args.labels)
        ours = [run_expoprint(labels, Path(tmp) / f"out-{i}")[0] for i in range(args.repeat)]
        print(f"{args.labels} labels (cut + L7163), expoprint: {median(ours)}")
        if args.glabels:
            theirs = run_glabels(labels, Path(tmp))
            if theirs is not None:
                ratio = statistics.median(ours) / theirs
                print(f"{args.labels} labels on L7163, glabels-3-batch: {theirs:.2f} s; "
                      f"ratio {ratio:.2f} (goal: at most 0.10)")


if __name__ == "__main__":
    main()
