"""The manifest: what a build made, from which content, and what it decides about the last one.

The previous manifest is read as a claim. Its entries count only when their file is still ours
(see paths.py). The plan then sorts them: an entry this build makes again is replaced; after a
full build nothing else of ours remains; a partial build (`--only`, `--sheet`) keeps the other
entries only when they were built from the same content (same `content_sha256`), so a folder never
mixes two exhibitions.

A product's files form sets: its full set, and sets made beside it that never replace it (a
labels reprint, a test print: the entry's `batch`). A reprint replaces the previous reprint whole
and leaves the full set alone; the product made in full replaces every set of it.

`proof` is a record, not a file: the page fingerprints of the last `proof`, so that the next one
marks the pages changed since, even when plain builds came in between (they remove the page
images, which would no longer show the PDFs, but carry the record over).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import output_folders
from ..errors import ExpoprintError, Problem
from ..i18n import _
from ..outputs import Output
from .ownfile import read_json
from .paths import MANIFEST, is_sha256, our_path, safe_relative, sha_if_ours

MAX_MANIFEST_BYTES = 16 * 1024 * 1024


def manifest_entry(output: Output) -> dict:
    entry = {"path": output.path, "product": output.product, "variant": output.variant,
             "use": output.use, "media_type": output.media_type}
    if output.is_pdf:  # paper sizes mean nothing for a picture or a spreadsheet
        entry.update(trim_mm=[round(v, 2) for v in output.trim_mm], bleed_mm=output.bleed_mm,
                     pages=output.pages)
    if output.batch:
        entry["batch"] = output.batch
    if output.ppi is not None:
        entry["ppi"] = list(output.ppi)
    entry["sha256"] = hashlib.sha256(output.data).hexdigest()
    return entry


def group(product: object, batch: object = "") -> str:
    """The set a file belongs to: its product's full set, or a set beside it (`labels:reprint`)."""
    return f"{product}:{batch}" if batch else str(product)


def proof_record(value: object) -> dict | None:
    """A manifest's `proof` record if it has the shape we write: {"pages": {path: [sha256…]}}."""
    pages = value.get("pages") if isinstance(value, dict) else None
    if not isinstance(pages, dict):
        return None
    if not all(isinstance(path, str) and isinstance(shas, list) and all(map(is_sha256, shas))
               for path, shas in pages.items()):
        return None
    return {"pages": pages}


def content_digest(folder: Path, files: Iterable[Path]) -> str:
    """One sha256 for the content a build read: names relative to the content folder and bytes,
    in name order, so the same content gives the same digest wherever the folder lies."""
    digest = hashlib.sha256()
    named = sorted((path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name,
                    path) for path in files)
    for name, path in named:
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read_manifest(root: Path) -> dict | None:
    """The manifest as written, if it is a regular file holding a manifest; no link is followed."""
    try:
        data = read_json(root / MANIFEST, MAX_MANIFEST_BYTES)
    except (OSError, ValueError):  # a link, a FIFO, too large or too deep: no manifest of ours
        return None
    return data if isinstance(data, dict) and isinstance(data.get("outputs"), list) else None


def validate_outputs(outputs: list[Output]) -> None:
    """Every path inside a product sub-folder, and each once: what a build writes, it can later
    prove is its own."""
    seen: set[str] = set()
    for output in outputs:
        relative = safe_relative(output.path)
        if our_path(output.path) is None:
            raise ExpoprintError(Problem(
                output.path, None, "", _("is not inside a product folder"),
                _("name files {folders}").format(folders=", ".join(f"{f}/…" for f in output_folders()))))
        if relative.as_posix() in seen:
            raise ExpoprintError(Problem(output.path, None, "", _("would be written twice"),
                                         _("give each format its own variant name")))
        seen.add(relative.as_posix())


@dataclass
class Plan:
    """The new manifest and what happens to each of the previous build's files."""

    manifest: dict
    made: list[dict]  # this build's own entries, in build order
    remove: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256) of ours
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # not made any more by this build
    other_content: list[str] = field(default_factory=list)  # made from another content


def plan(root: Path, outputs: list[Output], content_label: str, content_sha256: str,
         partial: bool, complete: set[str], proof: dict | None = None) -> Plan:
    """Decide the new manifest. `complete`: products, or sets (see `group`), this build made in
    full, whose earlier files it did not make again are stale even in a partial build. `proof`: this build's
    proof record; None carries the previous one over."""
    own = [manifest_entry(o) for o in outputs]
    entries = list(own)
    made = {entry["path"] for entry in own}
    previous = read_manifest(root) or {"outputs": []}
    same_content = previous.get("content_sha256") == content_sha256
    result = Plan({"schema": 1, "content": content_label, "content_sha256": content_sha256,
                   "outputs": entries}, own)
    if record := proof if proof is not None else proof_record(previous.get("proof")):
        result.manifest["proof"] = record
    seen: set[str] = set()
    for entry in previous["outputs"]:
        if not isinstance(entry, dict):
            continue
        path, sha = entry.get("path"), entry.get("sha256")
        if (not isinstance(path, str) or path in made or path in seen or not is_sha256(sha)
                or sha_if_ours(root, path) != sha):
            continue  # made again, listed twice, or not provably ours: never touched
        seen.add(path)
        product, batch = (value if isinstance(value, str) else "" for value in
                          (entry.get("product"), entry.get("batch")))  # a claim: maybe not text
        if partial and same_content and not complete & {product, group(product, batch)}:
            result.kept.append(path)
            entries.append(entry)
            continue
        result.remove.append((path, sha))
        if partial and not same_content:
            result.other_content.append(path)
        else:
            result.dropped.append(path)
    return result
