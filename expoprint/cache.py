"""Build only what changed: each part of a product remembers what it was made from.

A part's key is a sha256 over everything its bytes depend on: the code, the layouts, the fonts,
the output profile, the palette, the build options, the content files the product reads (not
those it ignores: an artefact changed rebuilds the labels, not the posters) and its date; and the
language of the warnings kept with it. If the key is the one recorded and the files it made are
still in the output folder with the recorded sha256, they are reused as they are, with the
warnings they had.


The cache is an optimisation, never a source of truth: it lives in `.expoprint-cache/` inside the
output folder (a hidden working folder of the writer's, never listed in the manifest); deleting
it changes no byte of any output; a damaged or foreign cache is ignored with a warning and the
build starts afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import Problem, Report
from .i18n import _
from .products.base import Output
from .writer.paths import CACHE as FOLDER

FILE = "parts.json"
VERSION = 2


def tree_digest(root: Path, pattern: str = "*") -> str:
    """The sha256 of a folder's files, names and bytes: the code, the layouts, the fonts. Read
    anew by each build (about 20 ms): `serve` builds many times in one process, and a layout
    saved between two builds must change their keys."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def part_key(*pieces: object) -> str:
    return hashlib.sha256(json.dumps(pieces, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Entry:
    """What a part made: its outputs (without their bytes, which are in the output folder) and
    the problems it reported (warnings; a part that failed is never recorded)."""

    outputs: list[dict]
    problems: list[dict]
    notes: list[str]


class BuildCache:
    def __init__(self, out_dir: Path, report: Report):
        self.folder = out_dir / FOLDER
        self.entries: dict[str, Entry] = {}
        path = self.folder / FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                raise ValueError("another version")
            self.entries = {key: Entry(**entry) for key, entry in data["parts"].items()}
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            report.warn(str(path), None, "", _("the build cache cannot be read; everything is "
                                               "rebuilt"),
                        _("nothing to do: the cache is remade by this build"))

            self.entries = {}

    def get(self, key: str, out_dir: Path) -> tuple[list[Output], list[Problem], list[str]] | None:
        """The outputs of a part made before with the same inputs, if their files are intact."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        outputs = []
        try:
            for fields in entry.outputs:
                data = (out_dir / fields["path"]).read_bytes()
                if hashlib.sha256(data).hexdigest() != fields["sha256"]:
                    return None
                outputs.append(Output.from_record(
                    {k: v for k, v in fields.items() if k != "sha256"}, data))
            problems = [Problem(**fields) for fields in entry.problems]
        except (OSError, KeyError, TypeError, ValueError):
            return None
        return outputs, problems, list(entry.notes)

    def put(self, key: str, outputs: list[Output], problems: list[Problem],
            notes: list[str]) -> None:
        self.entries[key] = Entry(
            [{**o.record(), "sha256": hashlib.sha256(o.data).hexdigest()} for o in outputs],
            [asdict(problem) for problem in problems], list(notes))

    def save(self, keep: set[str]) -> None:
        """Write the entries of this build's parts, atomically; a cache that cannot be written
        costs the next build its speed, nothing else."""
        data = {"version": VERSION, "parts": {key: asdict(entry) for key, entry in
                                              self.entries.items() if key in keep}}
        try:
            self.folder.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".parts-")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file)
            os.replace(temporary, self.folder / FILE)
        except OSError:
            pass
