#!/usr/bin/env python3
"""Label runs at scale: `python benchmarks/labels.py [--count 1000] [--memory 10000] [--glabels]`.

Builds N artefacts from a CSV into cut labels plus one sheet preset (L7163), in a fresh process,
and reports wall-clock and peak memory (max RSS). With --glabels, times `glabels-3-batch` on the
same rows and the same sheet (Debian package `glabels`), the tool a user would pick instead.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://musee.test/liberation-besancon/objets/"


def write_content(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests/fixtures/minimal/exhibition.yaml", folder / "exhibition.yaml")
    with (folder / "artefacts.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "title", "date", "description", "lender", "url"])
        for n in range(count):
            writer.writerow([f"objet-{n:05d}", f"Objet n° {n} de la collection", "1944",
                             "Un objet prêté pour l'exposition, décrit en deux phrases courtes. "
                             "Il a été conservé par une famille de Besançon.",
                             "Collection particulière", f"{BASE}objet-{n:05d}"])
    return folder


def run_expoprint(content: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak MiB of one `build --only labels --sheet L7163` in its own process."""
    code = ("import resource, sys; from expoprint.cli import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n"
            "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
            "    raise\n")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "build", "--content", str(content),
                           "--out", str(out), "--only", "labels", "--sheet", "L7163"],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1726876800"})
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib / 1024


GLABELS = """<?xml version="1.0"?>
<Glabels-document xmlns="http://glabels.org/xmlns/3.0/">
  <Template brand="Avery" part="L7163" size="A4" description="Address Labels">
    <Meta category="label"/>
    <Label-rectangle id="0" width="99.1mm" height="38.1mm" round="2mm" x_waste="0mm" y_waste="0mm">
      <Markup-margin size="1.5mm"/>
      <Layout nx="2" ny="7" x0="4.67mm" y0="15.15mm" dx="101.6mm" dy="38.1mm"/>
    </Label-rectangle>
  </Template>
  <Objects id="0" rotate="False">
    <Object-text x="3mm" y="3mm" w="62mm" h="12mm" justify="Left" auto_shrink="True"
                 a0="1" a1="0" a2="0" a3="1" a4="0" a5="0">
      <Span color="0x000000ff" font_family="Lato" font_size="12" font_weight="Bold"
            font_italic="False" line_spacing="1"><Field name="title"/></Span>
    </Object-text>
    <Object-text x="3mm" y="30mm" w="62mm" h="5mm" justify="Left" auto_shrink="False"
                 a0="1" a1="0" a2="0" a3="1" a4="0" a5="0">
      <Span color="0x000000ff" font_family="Lato" font_size="7" font_weight="Regular"
            font_italic="True" line_spacing="1"><Field name="lender"/></Span>
    </Object-text>
    <Object-barcode x="70mm" y="4.5mm" w="26mm" h="26mm" backend="libqrencode" style="IEC18004"
                    text="False" checksum="False" color="0x000000ff" field="url" format="10"
                    a0="1" a1="0" a2="0" a3="1" a4="0" a5="0"/>
  </Objects>
  <Merge type="Text/Semicolon/Line1Keys" src="{csv}"/>
</Glabels-document>
"""


def run_glabels(content: Path, out: Path) -> float | None:
    binary = shutil.which("glabels-3-batch")
    if binary is None:
        print("glabels-3-batch not found (apt-get install glabels)")
        return None
    csv_plain = content / "glabels.csv"  # glabels wants no BOM
    csv_plain.write_text((content / "artefacts.csv").read_text(encoding="utf-8-sig"),
                         encoding="utf-8")
    template = content / "labels.glabels"
    template.write_text(GLABELS.replace("{csv}", str(csv_plain)), encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run([binary, "-o", str(out / "glabels.pdf"), str(template)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or not (out / "glabels.pdf").exists():
        print("glabels failed:", done.stderr[-500:])
        return None
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--memory", type=int, nargs="*", default=[1000, 3000, 10000],
                        help="label counts whose peak memory to compare")
    parser.add_argument("--glabels", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = write_content(Path(tmp) / f"content-{args.count}", args.count)
        runs = [run_expoprint(content, Path(tmp) / f"out-{i}") for i in range(3)]
        best = min(r[0] for r in runs)
        print(f"expoprint: {args.count} labels (cut labels + L7163 sheets): "
              f"{best:.2f} s best of 3, peak {max(r[1] for r in runs):.0f} MiB")
        if args.glabels:
            seconds = run_glabels(content, Path(tmp))
            if seconds is not None:
                print(f"glabels-3-batch: {args.count} labels on L7163: {seconds:.2f} s")
        for count in args.memory:
            folder = write_content(Path(tmp) / f"content-m{count}", count)
            seconds, peak = run_expoprint(folder, Path(tmp) / f"out-m{count}")
            print(f"  {count:>6} labels: {seconds:6.2f} s, peak {peak:6.0f} MiB")
    _ = resource  # imported for the child's measurement code above


if __name__ == "__main__":
    main()
