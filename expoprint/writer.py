"""Writes a build into the output folder all at once, or not at all.

Every file goes first into a staging folder beside the outputs, then each is renamed into place and
the manifest comes last: a reader never sees a half-written PDF, and a failed build (which fails
before this point) leaves the folder as it was. Like Pelican's writer, it refuses a path outside
the output folder and a path written twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .errors import ExpoprintError, Problem
from .products.base import Output

MANIFEST = "manifest.json"


def manifest_entry(output: Output) -> dict:
    return {
        "path": output.path,
        "product": output.product,
        "variant": output.variant,
        "trim_mm": [round(v, 2) for v in output.trim_mm],
        "bleed_mm": output.bleed_mm,
        "pages": output.pages,
        "sha256": hashlib.sha256(output.data).hexdigest(),
    }


def read_manifest(out_dir: Path) -> dict | None:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("outputs"), list) else None


def safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ExpoprintError(Problem(path, None, "", "would be written outside the output folder",
                                     "file names in layouts/ must be plain names"))
    return relative


def write_build(out_dir: Path, outputs: list[Output], content_label: str,
                rebuilt_products: set[str]) -> dict:
    """Write outputs and manifest; entries of products not rebuilt are kept if their files are."""
    seen: set[PurePosixPath] = set()
    for output in outputs:
        relative = safe_relative(output.path)
        if relative in seen:
            raise ExpoprintError(Problem(output.path, None, "", "would be written twice",
                                         "give each format its own variant name"))
        seen.add(relative)
    previous = read_manifest(out_dir) or {"outputs": []}
    kept = [entry for entry in previous["outputs"]
            if entry.get("product") not in rebuilt_products
            and (out_dir / str(entry.get("path", ""))).is_file()]
    manifest = {"schema": 1, "content": content_label,
                "outputs": kept + [manifest_entry(o) for o in outputs]}
    stale = [entry.get("path") for entry in previous["outputs"]
             if entry.get("product") in rebuilt_products
             and PurePosixPath(str(entry.get("path"))) not in seen]

    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".expoprint-", dir=out_dir))
    try:
        for output in outputs:
            target = staging / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(output.data)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
        for output in outputs:
            final = out_dir / output.path
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / output.path, final)
        for path in stale:
            # A hand-edited manifest naming an outside path: leave that file alone.
            with contextlib.suppress(ExpoprintError):
                (out_dir / safe_relative(str(path))).unlink(missing_ok=True)
        os.replace(staging / MANIFEST, out_dir / MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
