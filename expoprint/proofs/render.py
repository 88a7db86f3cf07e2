"""Page images: every page of a PDF rendered with PDFium, as a person will see it.

Contract: for each page, a large PNG (at most `LARGE_PX` on the long side and `MAX_DPI`, so a
120×176 cm poster stays a few hundred kB), a thumbnail (`THUMB_PX` on the long side) and a
fingerprint of the rendered pixels. Press pages are cut at the TrimBox (what the reader holds after
the guillotine) and show each fold as a thin dashed line; office and screen pages are shown whole.

The fingerprint is a sha256 of the rendered bitmap before any fold line is drawn, and of where
the folds go: it changes when what the page shows changes, and not when only the file's bytes do
(a font subset that grew for another page, a new document id). The same PDFium gives the same
pixels for the same page, so a page whose fingerprint is the previous proof's keeps its images.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..outputs import Output

LARGE_PX = 2000
MAX_DPI = 300
THUMB_PX = 300
FOLD_RGB = (214, 0, 110)  # magenta: seen on any paper colour, never mistaken for the design
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class PageImage:
    number: int  # from 1
    large: bytes
    thumb: bytes
    large_px: tuple[int, int]
    thumb_px: tuple[int, int]
    fingerprint: str


PARALLEL_FROM = 24  # pages; below this a second process costs more than it saves
CHUNK = 12  # pages a worker takes at a time: a long label run is shared out too

# what forked workers render (with the previous fingerprints), inherited rather than pickled
_shared: list[tuple[Output, list[str] | None]] = []


def render_all(outputs: list[Output], before: dict[str, list[str]] | None = None,
               executor=None) -> list[list[PageImage]]:
    """Every page of every PDF, in order; `before`: the previous proof's fingerprints by path,
    whose pages that look the same come back `unchanged`, not encoded again. Encoding PNGs is
    most of the time: from a few pages on, two processes share the pages (the machines have
    two cores), `executor`'s when given (serve's workers, already running)."""
    before = before or {}
    pdfs = [output for output in outputs if output.is_pdf]
    tasks = [(index, start, min(start + CHUNK, output.pages))
             for index, output in enumerate(pdfs) for start in range(0, output.pages, CHUNK)]
    if executor is not None and len(tasks) > 1:
        futures = [executor.submit(render_range, pdfs[index], start, stop,
                                   before.get(pdfs[index].path)) for index, start, stop in tasks]
        parts = [future.result() for future in futures]
    elif sum(output.pages for output in pdfs) < PARALLEL_FROM or not can_fork():
        parts = [render_range(pdfs[index], start, stop, before.get(pdfs[index].path))
                 for index, start, stop in tasks]
    else:
        import multiprocessing
        import os

        from ..lifetime import worker_start

        _shared[:] = [(pdf, before.get(pdf.path)) for pdf in pdfs]
        try:
            with multiprocessing.get_context("fork").Pool(2, initializer=worker_start,
                                                          initargs=(os.getpid(),)) as pool:
                parts = pool.starmap(render_shared, tasks, chunksize=1)
        finally:
            _shared.clear()
    pages: list[list[PageImage]] = [[] for _ in pdfs]
    for (index, _, _), part in zip(tasks, parts, strict=True):
        pages[index] += part
    return pages


def can_fork() -> bool:
    import multiprocessing
    import os

    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def render_shared(index: int, start: int, stop: int) -> list[PageImage]:
    output, before = _shared[index]
    return render_range(output, start, stop, before)


def render_range(output: Output, start: int, stop: int,
                 before: list[str] | None = None) -> list[PageImage]:
    """Pages `start` to `stop` (from 0); `before`: the fingerprints the previous proof showed,
    by page: a page that still looks the same is not encoded again (`unchanged`)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(output.data)
    try:
        return [render_page(document[index], index, output,
                            before[index] if before and index < len(before) else None)
                for index in range(start, stop)]
    finally:
        document.close()


def unchanged(page: PageImage) -> bool:
    """A page rendered only to find that it looks as the previous proof showed it: its images
    are the previous proof's, read back by the caller."""
    return not page.large


def previews(outputs: list[Output]) -> dict[str, bytes]:
    """The thumbnail of every page of these PDFs, rendered at its own size (a few ms a page),
    by its path in the output folder: what serve shows until the proof images are made. No
    fold line: a preview is replaced within seconds."""
    import pypdfium2

    images = {}
    for output in (output for output in outputs if output.is_pdf):
        document = pypdfium2.PdfDocument(output.data)
        try:
            for index in range(output.pages):
                page = document[index]
                crop, width_pt, height_pt = trimmed(page, output)
                image = page.render(scale=THUMB_PX / max(width_pt, height_pt), crop=crop,
                                    may_draw_forms=False).to_pil()
                images[f"proofs/{page_paths(output, index + 1)[1]}"] = png(image.convert("RGB"))
        finally:
            document.close()
    return images


def page_paths(output: Output, number: int) -> tuple[str, str]:
    """Where a page's images go inside proofs/: beside a mirror of the PDF's own path."""
    stem = PurePosixPath(output.path).with_suffix("")
    width = max(2, len(str(output.pages)))
    return f"{stem}-p{number:0{width}d}.png", f"{stem}-p{number:0{width}d}-small.png"


def trimmed(page, output: Output) -> tuple[tuple[float, float, float, float], float, float]:
    """What to cut off a page (press pages: down to the TrimBox), and the size left, in pt."""
    left, bottom, right, top = page.get_cropbox()
    crop = (0.0, 0.0, 0.0, 0.0)
    if output.press:
        t_left, t_bottom, t_right, t_top = page.get_trimbox()
        crop = (max(t_left - left, 0), max(t_bottom - bottom, 0), max(right - t_right, 0),
                max(top - t_top, 0))
    return crop, right - left - crop[0] - crop[2], top - bottom - crop[1] - crop[3]


def render_page(page, index: int, output: Output, before: str | None = None) -> PageImage:
    from PIL import Image

    crop, width_pt, height_pt = trimmed(page, output)
    scale = min(LARGE_PX / max(width_pt, height_pt), MAX_DPI / 72)
    image = page.render(scale=scale, crop=crop, may_draw_forms=False).to_pil()
    if image.mode != "RGB":
        image = image.convert("RGB")
    folds = output.folds_mm[index] if index < len(output.folds_mm) else ()
    fingerprint = hashlib.sha256(f"{image.width}x{image.height}\0{list(folds)}\0".encode() +
                                 image.tobytes()).hexdigest()
    if fingerprint == before:
        return PageImage(index + 1, b"", b"", image.size, (0, 0), fingerprint)
    thumb_scale = THUMB_PX / max(image.size)
    thumb = image.resize((max(1, round(image.width * thumb_scale)),
                          max(1, round(image.height * thumb_scale))), Image.Resampling.LANCZOS,
                         reducing_gap=3.0)  # a box reduction first: 3× faster, as sharp at 300 px
    for picture in (image, thumb):
        px_per_mm = picture.width / (width_pt * MM_PER_PT)
        for fold in folds:
            draw_fold(picture, round(fold * px_per_mm))
    return PageImage(index + 1, png(image), png(thumb), image.size, thumb.size, fingerprint)


def draw_fold(picture, x: int) -> None:
    """A thin dashed vertical line: a fold, not a cut, and thin enough to see the text under it."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(picture)
    dash, gap = max(4, picture.height // 150), max(3, picture.height // 250)
    for y in range(0, picture.height, dash + gap):
        draw.line([(x, y), (x, min(y + dash, picture.height - 1))], fill=FOLD_RGB, width=1)


def png(picture) -> bytes:
    out = io.BytesIO()
    # zlib's level 3: encoding is most of a proof's time, and level 6 took 45 % longer for files
    # 7 % smaller. No timestamps or text chunks: same pixels, same bytes.
    picture.save(out, "PNG", compress_level=3)
    return out.getvalue()
