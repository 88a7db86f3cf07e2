"""A build asked again of the inputs it last built is told again, not made again.

Run twice in a row, `expoprint build` used to import the content readers and the products, read
and check the whole content and choose the colours, only to find every part in the cache: a
third of a second to say « nothing changed ». Like make and ninja, which decide from what a build
read, the last build now leaves a record beside its parts (`last` in the cache's parts.json): a
fingerprint of what it was asked and what it read, the keys of its parts in the kit's order,
and what it said. `replay` compares; when nothing differs it takes the parts from the cache (each
file checked against its recorded sha256), hands them to the writer, which confirms the folder
holds them (and says so, and warns of a stranger's files, as always), and tells the same warnings,
without importing a reader or a product.

The fingerprint holds:
- the request (every option, the folders as given, the working folder: the manifest names the
  content relative to it) and what a build reads of its environment (the messages' language,
  SOURCE_DATE_EPOCH);
- expoprint's own files (code, bundled layouts, fonts, profile, message catalogs) by name, size
  and modification time, as Python itself decides a module's bytecode is current;
- the museum's layouts folder, `--fonts` and `--icc`, by their bytes;
- every name in the content folder with its kind (a file added may be read: a photo, a
  translation, a second artefacts table), and every file the build read by its bytes and date
  (the date is the PDFs' creation date).

Anything else makes a full build, which still finds its parts in the cache: a file touched, a
folder recovered after a crash, a record of another version, a proof (`serve`, `proof`) or a
build that failed. Like the part cache, the record is an optimisation, never a source of truth.
Not in the fingerprint: the versions of the libraries installed beside expoprint, which the part
cache's keys do not hold either.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from .bundled import PACKAGE, layout_folders
from .cache import BuildCache, file_digest, tree_digest
from .errors import Problem, Report
from .i18n import language
from .request import BuildRequest, BuildResult, content_label
from .writer import OutputFolder
from .writer.journal import JOURNAL, leftovers
from .writer.paths import CACHE

VERSION = 1


@dataclass(frozen=True)
class Record:
    """What the last build was made from and what it said (stored as JSON in the cache)."""

    version: int
    fingerprint: str
    read: list[str]  # the content files it read, relative to the content folder
    keys: list[str]  # its parts' keys, in the kit's order
    said: list[dict]  # its warnings before the parts' own (the content's, the products')
    colours: list[dict]  # what choosing the colours told
    notes: list[str]  # its lines besides (a product the content did not ask for)
    complete: list[str]  # the sets it made whole (writer.manifest.group)
    content_sha256: str

    @classmethod
    def of(cls, data: object) -> Record | None:
        """The record of this version, or None for anything else (no record, another version,
        a damaged one): a full build then."""
        try:
            record = cls(**data)  # type: ignore[arg-type]
        except TypeError:
            return None
        texts = (record.read, record.keys, record.notes, record.complete)
        if record.version != VERSION or not isinstance(record.fingerprint, str) \
                or not all(isinstance(t, list) and all(isinstance(s, str) for s in t)
                           for t in texts) \
                or not all(isinstance(p, dict) for p in record.said + record.colours):
            return None
        return record


def fingerprint(request: BuildRequest, digests: Mapping[Path, str]) -> str | None:
    """What a build of `request` depends on, `digests` being the sha256 of each content file
    it reads; None when a file it read lies outside the content folder (never replayed)."""
    folder = request.content_dir
    digest = hashlib.sha256()

    def add(*pieces: object) -> None:
        digest.update(json.dumps(pieces, default=str).encode() + b"\n")

    add(VERSION, language(), os.environ.get("SOURCE_DATE_EPOCH"), os.getcwd(), asdict(request))
    add(own_files())
    own = layout_folders(folder, request.layouts).own
    add(own and tree_digest(own), request.fonts and tree_digest(request.fonts),
        request.icc and file_digest(request.icc))
    try:
        add(listing(folder))
        for path in sorted(digests):
            if not path.is_relative_to(folder):
                return None
            add(path.relative_to(folder).as_posix(), digests[path], int(path.stat().st_mtime))
    except OSError:  # a file gone since it was read: this build is not one to replay
        return None
    return digest.hexdigest()


def own_files() -> list[tuple[str, int, int]]:
    """expoprint's files by name, size and modification time: a few milliseconds for all of
    them, where hashing their 9 MB took 17."""
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            facts = path.stat()
            files.append((path.relative_to(PACKAGE).as_posix(), facts.st_size, facts.st_mtime_ns))
    return files


def listing(folder: Path) -> list[tuple[str, str]]:
    """Every name in the content folder and below, with its kind; links are listed, never
    followed."""
    names, waiting = [], [""]
    while waiting:
        below = waiting.pop()
        with os.scandir(folder / below if below else folder) as entries:
            for entry in entries:
                name = f"{below}{entry.name}"
                kind = "link" if entry.is_symlink() else "folder" if entry.is_dir() else \
                    "file" if entry.is_file() else "other"
                names.append((name, kind))
                if kind == "folder":
                    waiting.append(name + "/")
    return sorted(names)


def record(request: BuildRequest, fingerprint_: str | None, read: list[Path], keys: list[str],
           said: list[Problem], colours: list[Problem], notes: list[str], complete: set[str],
           content_sha256: str) -> dict | None:
    """The record of a build that has just been written, or None for one never replayed."""
    if request.proofs or fingerprint_ is None:
        return None
    return asdict(Record(VERSION, fingerprint_,
                         sorted(p.relative_to(request.content_dir).as_posix() for p in read),
                         keys, [asdict(p) for p in said], [asdict(p) for p in colours],
                         list(notes), sorted(complete), content_sha256))


def replay(request: BuildRequest, notice: Callable[[str], None] | None = None
           ) -> BuildResult | None:
    """The last build told again if nothing it depends on changed, else None (build it)."""
    out = request.out_dir
    if request.proofs or not (out / CACHE / "parts.json").is_file() \
            or os.path.lexists(out / JOURNAL) or leftovers(out):
        return None  # nothing to replay, or an interrupted build: the full build recovers it
    with OutputFolder(out, request.content_dir, notice=notice) as folder:
        report = Report()
        cache = BuildCache(request.out_dir, report)
        last = Record.of(cache.last)
        if last is None or report.problems:
            return None
        try:
            digests = {request.content_dir / name: file_digest(request.content_dir / name)
                       for name in last.read}
            if fingerprint(request, digests) != last.fingerprint:
                return None
            problems = [Problem(**fields) for fields in last.said]
            colours = [Problem(**fields) for fields in last.colours]
        except (OSError, TypeError):
            return None
        outputs, told = [], list(last.notes)
        for key in last.keys:
            if (hit := cache.get(key, request.out_dir)) is None:
                return None
            outputs += hit[0]
            problems += hit[1]
            told += hit[2]
        written = folder.write(outputs, content_label(request.content_dir), last.content_sha256,
                               partial=request.partial, complete=set(last.complete))
        warnings = [p for p in dict.fromkeys(problems) if p.severity == "warning"]
        return BuildResult(outputs, colours + warnings + written.warnings, written.manifest,
                           request.out_dir, written.notes, list(dict.fromkeys(told)),
                           changed=written.changed)
