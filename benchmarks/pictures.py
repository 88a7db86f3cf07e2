#!/usr/bin/env python3
"""A 24-megapixel photo through the posters and the leaflet: measured, not asserted.

    python benchmarks/pictures.py [--photo FILE] [--repeat N]

Builds the default content with a 6,000 × 4,000 px photo (a real photograph from Debian's
mate-backgrounds, enlarged, when it is installed; a picture drawn with Pillow otherwise) in the
posters it is sharp enough for (A3, A2, A1, 40×60 cm: 120×176 cm needs 7,146 px across) and the
leaflet, twice: with the conversion cache (each poster format asks for the photo at the largest
size the posters place it at, and the first request in each worker process converts it for the
parts that worker makes) and without it (every format converts it again). Prints wall-clock
times, the number of conversions in all the workers, and the time of one conversion alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
REAL = Path("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg")
FORMATS = ("A3", "A2", "A1", "40x60cm")


def photo_24mp(target: Path, source: Path | None) -> str:
    from PIL import Image

    if source and source.exists():
        with Image.open(source) as image:
            image.convert("RGB").resize((6000, 4000), Image.Resampling.LANCZOS).save(
                target, quality=92)
        return f"{source.name}, enlarged to 6,000 × 4,000 px"
    from pictures import scene

    scene((6000, 4000)).save(target, quality=92)
    return "a picture drawn with Pillow, 6,000 × 4,000 px"


def build(content: Path, cache: bool) -> tuple[float, int]:
    """Seconds, and conversions made in all the build's worker processes: each appends a line to
    a file (the workers are forked from here, so they run the counting `convert`)."""
    import expoprint.build as pipeline
    import expoprint.images.pictures as pictures

    load, convert = pipeline.load_pictures, pictures.convert

    def load_with_cache_or_not(*args):
        loaded = load(*args)
        loaded.cache = cache
        return loaded

    with tempfile.TemporaryDirectory() as work:
        tally = Path(work) / "conversions"
        tally.touch()

        def counted_convert(*args):
            with tally.open("a") as handle:
                handle.write("1\n")
            return convert(*args)

        pipeline.load_pictures, pictures.convert = load_with_cache_or_not, counted_convert
        try:
            start = time.perf_counter()
            pipeline.run_build(content, Path(work) / "out", only=("poster", "leaflet"),
                               formats=FORMATS)
            elapsed = time.perf_counter() - start
        finally:
            pipeline.load_pictures, pictures.convert = load, convert
        return elapsed, len(tally.read_text().splitlines())


def one_conversion(photo: Path) -> float:
    from expoprint.errors import Report
    from expoprint.images.pictures import Pictures
    from expoprint.images.source import Use, identify

    icc = ROOT / "expoprint" / "layouts" / "icc" / "FOGRA39L-expoprint.icc"
    source = identify(photo.read_bytes(), Use("bench", 1, "image.file", photo.name, "photo"))
    start = time.perf_counter()
    Pictures(photo.parent, icc).ready(source, [(600, 400)], Report())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photo", type=Path, default=REAL)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1726876800")
    with tempfile.TemporaryDirectory() as work:
        content = Path(work) / "content"
        shutil.copytree(ROOT / "content", content)
        (content / "images").mkdir()
        what = photo_24mp(content / "images" / "photo.jpg", args.photo)
        with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
            handle.write("\nimage: {file: images/photo.jpg, credit: © Benchmark}\n")
        print(f"photo: {what}; posters {', '.join(FORMATS)} and the leaflet (fr, en)")
        alone = one_conversion(content / "images" / "photo.jpg")
        print(f"one conversion (decode, colour, ink, JPEG): {alone:.2f} s")
        for cache in (True, False):
            runs = [build(content, cache) for _ in range(args.repeat)]
            label = "with the cache   " if cache else "without the cache"
            print(f"build {label}: {statistics.median(r[0] for r in runs):.2f} s "
                  f"(median of {args.repeat}), {runs[0][1]} conversion(s)")


if __name__ == "__main__":
    main()
