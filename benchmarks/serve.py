#!/usr/bin/env python3
"""Edit → proof, as the person typing feels it: `python benchmarks/serve.py [--repeat 5]`.

Drives a real `expoprint serve` (its own process, on 127.0.0.1) over a copy of the default
content, saves files the way an editor does, tells it which file the browser shows as the live
page does (`/looking`: the A3 poster before a title edit, the cut labels before an artefact
edit), and reads the page's state (`/state`: whether it is building, how many builds started,
the pictures shown, the parts not pictured yet) every 10 ms:
- the first build after `serve` starts: every part pictured, then the last proof written;
- an exhibition title edited: the first updated poster picture, every part's pictures shown
  (previews, "preflight pending"), then the build done (preflight, proof images, files written);
- one artefact's text edited: its labels' first picture, then the build done;
- a save made while the first build runs, once its first part is pictured: how long until the
  save's own build starts, and until its first picture.
Medians of `--repeat` runs (a fresh serve for each save during a first build), with the machine's
load printed first (a shared machine varies).
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
POLL_S = 0.01


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
            return {"version": -1, "building": True, "fresh": [], "builds": 0, "pictures": 0,
                    "pictured": False}

    def look(self, path: str) -> None:
        """What the live page says when this file is in view."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/looking?file={path}",
                                    timeout=2):
            pass

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


def after_a_save(serve: Serve, save, prefix: str) -> tuple[float, float, float]:
    """Seconds from a save to the first fresh picture under `prefix`, to every part pictured,
    and to the build's end."""
    builds = serve.state()["builds"]
    saved = time.perf_counter()
    save()

    def new(state: dict) -> bool:
        return state["builds"] > builds

    first, _state = serve.until(lambda s: new(s) and (
        any(f.startswith(prefix) for f in s.get("fresh", [])) or not s["building"]))
    pictured, _state = serve.until(lambda s: new(s) and s["pictured"])
    done, _state = serve.until(lambda s: new(s) and not s["building"])
    return first - saved, pictured - saved, done - saved


def save_during_first_build(content: Path, out: Path) -> tuple[float, float]:
    """A fresh serve; once its first build has pictured its first part, the title is saved:
    seconds until that save's build starts, and until its first picture."""
    serve = Serve(content, out)
    try:
        serve.until(lambda s: s["builds"] >= 1 and s["pictures"] >= 1)
        saved = time.perf_counter()
        edited(content / "exhibition.yaml", "title: La Libération de Besançon",
               "title: La Libération de Besançon ?")
        taken, _state = serve.until(lambda s: s["builds"] >= 2)
        pictured, _state = serve.until(lambda s: s["builds"] >= 2 and s["pictures"] >= 1)
        serve.until(lambda s: not s["building"])
        return taken - saved, pictured - saved
    finally:
        serve.stop()
        edited(content / "exhibition.yaml", "title: La Libération de Besançon ?",
               "title: La Libération de Besançon")


def shown(out: Path, prefix: str) -> str:
    """The first PDF under `prefix` that the last build wrote (as the page links it)."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return next(entry["path"] for entry in manifest["outputs"]
                if entry["path"].startswith(prefix) and entry["path"].endswith(".pdf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    figures: dict[str, list[float]] = {}

    def add(name: str, seconds: float) -> None:
        figures.setdefault(name, []).append(seconds)

    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        out = Path(tmp) / "out"
        serve = Serve(content, out)
        try:
            pictured, _state = serve.until(lambda s: s["builds"] >= 1 and s["pictured"])
            done, _state = serve.until(lambda s: s["version"] >= 1 and not s["building"])
            add("first build after serve starts: every part pictured", pictured - serve.started)
            add("first build after serve starts: last proof written", done - serve.started)
            for run in range(args.repeat):
                title = (f"title: La Libération de Besançon{' !' * run}",
                         f"title: La Libération de Besançon{' !' * (run + 1)}")
                serve.look(shown(out, "poster/"))
                first, every, end = after_a_save(serve, lambda t=title: edited(
                    content / "exhibition.yaml", *t), "proofs/poster/")
                add("title edited → first poster picture", first)
                add("title edited → every part pictured (preflight pending)", every)
                add("title edited → build done (preflight, proof images, files)", end)
                text = (f"franchissent le pont d'Avanne.{' !' * run}",
                        f"franchissent le pont d'Avanne.{' !' * (run + 1)}")
                serve.look(shown(out, "labels/"))
                first, _every, end = after_a_save(serve, lambda t=text: edited(
                    content / "artefacts.yaml", *t), "proofs/labels/")
                add("one artefact edited → its labels' first picture", first)
                add("one artefact edited → build done", end)
        finally:
            serve.stop()
        for run in range(args.repeat):
            taken, first = save_during_first_build(content, Path(tmp) / f"fresh-{run}")
            add("save during the first build (after its first part) → its build starts", taken)
            add("save during the first build (after its first part) → its first picture", first)
    for name, samples in figures.items():
        print(f"{name}: {median(samples)}")


if __name__ == "__main__":
    main()
