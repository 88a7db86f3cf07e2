"""Proofs: the build seen at a glance, written by `proof` into `proofs/` beside the PDFs.

Contract (SPEC "Proofs and serve"): one PNG per page of every PDF the build made (press pages cut
at the trim, folds drawn thin; office pages whole), a thumbnail of each, and `proofs/index.html`,
the contact sheet. They are ordinary outputs of the build (product `proofs`, use `screen`), so the
writer puts them in place with the PDFs, all or nothing.

Changes are found by what a page shows: each page's fingerprint (render.py) is compared with the
previous proof's, which the manifest keeps as its `proof` record (writer/manifest.py), so plain
builds in between do not make the next proof forget what the last one showed.

Stages: `render` (pages to images and fingerprints), `sheet` (the contact sheet); this module
compares and names the files.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..errors import Problem
from ..i18n import _
from ..outputs import Output
from ..writer import read_manifest
from ..writer.manifest import proof_record
from ..writer.ownfile import read_below
from .render import PageImage, page_paths, render_all, render_range, unchanged
from .sheet import contact_sheet

NAME = FOLDER = "proofs"
INDEX = f"{FOLDER}/index.html"
MAX_IMAGE_BYTES = 64 * 1024 * 1024  # a page image is at most 2000 px a side: a few MB
DEFAULT_COLOURS = {"primary": "#1f2a5c", "accent": "#c8102e", "paper": "#fff8ec"}


def make_proofs(outputs: list[Output], warnings: list[Problem], root: Path, title: str,
                palette: dict[str, tuple[float, float, float, float]],
                rendered: dict[str, list[PageImage]] | None = None,
                executor=None) -> tuple[list[Output], dict]:
    """The proof files of these outputs, and the record the next proof compares with.

    `root`: the output folder, whose manifest holds the previous proof's record; `rendered`: the
    pages already rendered (by the worker that made their PDF); `executor`: worker processes to
    render the others in (serve's). A PDF unchanged since the last proof keeps its page images,
    read back from proofs/; so does each page that looks as it did, in a PDF that changed: only
    the pages that changed are encoded again."""
    manifest = read_manifest(root) or {}
    before = shown_before(manifest)
    images: dict[str, list[PageImage]] = {}
    states: dict[str, list[str]] = {}
    record: dict[str, list[str]] = {}
    files: list[Output] = []
    # A PDF twice in the build (the screen leaflet, also offered by the web site) shows once.
    unique = {output.data: output for output in reversed(outputs) if output.is_pdf}
    pdfs = [output for output in outputs if output.is_pdf and unique[output.data] is output]
    outputs = [output for output in outputs if not output.is_pdf or output in pdfs]
    known = dict(rendered or {})
    for output in pdfs:
        if output.path not in known and (kept := kept_pages(output, manifest, before, root)):
            known[output.path] = kept
    missing = [output for output in pdfs if output.path not in known]
    known.update(zip((o.path for o in missing), render_all(missing, before, executor), strict=True))
    listed = listed_sha256(manifest)
    for output in pdfs:
        known[output.path] = [page if not unchanged(page) else
                              kept_page(output, page.number, page.fingerprint, listed, root) or
                              render_range(output, page.number - 1, page.number)[0]
                              for page in known[output.path]]
    for output, pages in ((output, known[output.path]) for output in pdfs):
        images[output.path] = pages
        record[output.path] = [page.fingerprint for page in pages]
        states[output.path] = [state(page, before, output.path) for page in pages]
        for page in pages:
            large, thumb = page_paths(output, page.number)
            files.append(Output.file(f"{FOLDER}/{large}", NAME, "page", page.large, "screen",
                                     "image/png"))
            files.append(Output.file(f"{FOLDER}/{thumb}", NAME, "thumbnail", page.thumb, "screen",
                                     "image/png"))
    gone = [no_longer(path, len(record.get(path, ())), len(fingerprints))
            for path, fingerprints in (before or {}).items() if len(record.get(path, ())) < len(fingerprints)]
    html = contact_sheet(title, outputs, images, states, gone, warnings, before is not None,
                         colours(palette))
    files.append(Output.file(INDEX, NAME, "index", html, "screen", "text/html"))
    return files, {"pages": record}


def shown_before(manifest: dict) -> dict[str, list[str]] | None:
    """The page fingerprints of the previous proof, by path, if the manifest has its record."""
    previous = proof_record(manifest.get("proof"))
    return previous["pages"] if previous else None


def previous_proof(root: Path) -> dict[str, list[str]]:
    """The page fingerprints of the previous proof written in the output folder `root`."""
    return shown_before(read_manifest(root) or {}) or {}


def render_later(outputs: list[Output], before: dict[str, list[str]], executor) -> dict[str, list]:
    """serve's: the proof images of these PDFs, a page a task, queued behind the parts still to
    make (`executor.submit_later`): the previews come first, and the workers render the proof
    images whenever no part waits. Pages that look as `before` come back `unchanged`."""
    return {output.path: [executor.submit_later(render_range, output, index, index + 1,
                                                before.get(output.path))
                          for index in range(output.pages)]
            for output in outputs if output.is_pdf}


def kept_pages(output: Output, manifest: dict, before: dict[str, list[str]] | None,
               root: Path) -> list[PageImage] | None:
    """The page images of the last proof, if this PDF is byte for byte the one they show and
    each image is still the one the manifest lists (`kept_page`). Anything else: None, and the
    pages are rendered again."""
    import hashlib

    fingerprints = (before or {}).get(output.path)
    listed = listed_sha256(manifest)
    if not fingerprints or len(fingerprints) != output.pages or \
            listed.get(output.path) != hashlib.sha256(output.data).hexdigest():
        return None
    pages = []
    for number, fingerprint in enumerate(fingerprints, 1):
        if (page := kept_page(output, number, fingerprint, listed, root)) is None:
            return None
        pages.append(page)
    return pages


def listed_sha256(manifest: dict) -> dict[str, str]:
    return {entry.get("path"): entry.get("sha256") for entry in manifest.get("outputs", [])
            if isinstance(entry, dict)}


def kept_page(output: Output, number: int, fingerprint: str, listed: dict[str, str],
              root: Path) -> PageImage | None:
    """A page's images from the last proof: read inside proofs/ without a link, bounded, its
    sha256 the one the manifest lists, its size read from its header (a PNG claiming
    gigapixels is refused there), never decoded; None if any of that fails."""
    import hashlib
    import io

    from PIL import Image

    names = page_paths(output, number)
    try:
        large, thumb = (read_below(root, PurePosixPath(FOLDER, name), MAX_IMAGE_BYTES)
                        for name in names)
        if any(listed.get(f"{FOLDER}/{name}") != hashlib.sha256(data).hexdigest()
               for name, data in zip(names, (large, thumb), strict=True)):
            return None
        with Image.open(io.BytesIO(large)) as big, Image.open(io.BytesIO(thumb)) as small:
            sizes = big.size, small.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return PageImage(number, large, thumb, sizes[0], sizes[1], fingerprint)


def no_longer(path: str, pages: int, before: int) -> str:
    """What the previous proof showed of a file that this build no longer makes, or its pages
    past the new end."""
    if not pages:
        return path
    if before == pages + 1:
        return _("{file}, page {number}").format(file=path, number=before)
    return _("{file}, pages {first}–{last}").format(file=path, first=pages + 1, last=before)


def state(page: PageImage, before: dict[str, list[str]] | None, path: str) -> str:
    """"changed" or "new" since the previous proof, "" when it looks the same or there is none."""
    if before is None:
        return ""
    earlier = before.get(path, [])
    if page.number > len(earlier):
        return "new"
    return "changed" if earlier[page.number - 1] != page.fingerprint else ""


def colours(palette: dict[str, tuple[float, float, float, float]]) -> dict[str, str]:
    """The kit's colours for a screen: a plain CMYK-to-RGB conversion is near enough for a
    heading band (the PDFs, not this page, carry the real colours)."""
    out = dict(DEFAULT_COLOURS)
    for role in out:
        if role in palette:
            c, m, y, k = palette[role]
            out[role] = "#" + "".join(f"{round(255 * (1 - v) * (1 - k)):02x}" for v in (c, m, y))
    return out
