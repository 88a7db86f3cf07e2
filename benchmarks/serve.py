#!/usr/bin/env python3
"""Edit → proof, as the person typing feels it: `python benchmarks/serve.py [--repeat 5]`.

Drives a real `expoprint serve` (its own process, on 127.0.0.1) over a copy of the default
content, saves files the way an editor does, and reads the page's state (`/state`: the build's
version, whether it is building, the page images already shown) every 20 ms:
- the first build after `serve` starts, to its last proof;
- an exhibition title edited: the first updated poster picture, then all proofs;
- one artefact's text edited: its labels' first picture, then all proofs;
- a save made while the first build runs: how long after that build's first picture the save's
  own build starts.
Medians of `--repeat` runs, with the machine's load printed first (a shared machine varies).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLL_S = 0.02


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serve:
    def __init__(self, content: Path, out: Path):
        self.port = free_port()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "expoprint", "serve", "--content", str(content), "--out",
             str(out), "--port", str(self.port)], cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env={**os.environ, "LANG": "C.UTF-8"})

    def state(self) -> dict:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/state", timeout=2) as answer:
                return json.load(answer)
        except OSError:
            return {"version": -1, "building": True, "fresh": []}

    def until(self, test, limit: float = 120.0) -> tuple[float, dict]:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            state = self.state()
            if test(state):
                return time.perf_counter(), state
            time.sleep(POLL_S)
        raise TimeoutError("serve did not get there")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def edited(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def median(samples: list[float]) -> str:
    return f"{statistics.median(samples):.2f} s (runs: {', '.join(f'{s:.2f}' for s in samples)})"


def after_a_save(serve: Serve, save, prefix: str) -> tuple[float, float]:
    """Seconds from a save to the first fresh picture under `prefix`, and to the build's end."""
    version = serve.state()["version"]
    saved = time.perf_counter()
    save()
    first, _state = serve.until(lambda s: any(f.startswith(prefix) for f in s.get("fresh", []))
                                or (s["version"] > version and not s["building"]))
    done, _state = serve.until(lambda s: not s["building"] and s["version"] > version)
    return first - saved, done - saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    first_build, title_first, title_all, label_first, label_all = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        serve = Serve(content, Path(tmp) / "out")
        try:
            done, _state = serve.until(lambda s: s["version"] >= 1 and not s["building"])
            first_build.append(done - serve.started)
            for run in range(args.repeat):
                title = (f"title: La Libération de Besançon{' !' * run}",
                         f"title: La Libération de Besançon{' !' * (run + 1)}")
                first, end = after_a_save(serve, lambda t=title: edited(
                    content / "exhibition.yaml", *t), "proofs/poster/")
                title_first.append(first)
                title_all.append(end)
                text = (f"franchissent le pont d'Avanne.{' !' * run}",
                        f"franchissent le pont d'Avanne.{' !' * (run + 1)}")
                first, end = after_a_save(serve, lambda t=text: edited(
                    content / "artefacts.yaml", *t), "proofs/labels/")
                label_first.append(first)
                label_all.append(end)
        finally:
            serve.stop()
    print(f"first build after serve starts, to its last proof: {median(first_build)}")
    print(f"title edited → first poster picture: {median(title_first)}")
    print(f"title edited → all proofs: {median(title_all)}")
    print(f"one artefact edited → its labels' first picture: {median(label_first)}")
    print(f"one artefact edited → all proofs: {median(label_all)}")


if __name__ == "__main__":
    main()
