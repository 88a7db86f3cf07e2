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
- the request (every option, the folders as given, and the content folder as the manifest
  names it, from the working folder) and what a build reads of its environment (the messages'
  language, SOURCE_DATE_EPOCH, ReportLab's variables, and those that tell fontconfig where the
  user's fonts are);
- expoprint's own files (code, bundled layouts, fonts, profile, message catalogs) by name, size
  and modification time, as Python itself decides a module's bytecode is current;
- the museum's layouts folder (linked folders followed) and `--fonts`, by their bytes;
- every name in the content folder with its kind, and where a link leads in the end (through
  other links), whether that stays inside and exists (a file added may be read: a photo, a
  translation, a second artefacts table);
- every file the build read by its bytes and date (the date is the PDFs' creation date): the
  content's, the press profile wherever the layouts name it, and the system fonts a logo's live
  text was drawn with, by the name the build gave each (a relative one is the working folder's:
  a project copied elsewhere reads its own).

A build records nothing, and caches nothing, if what it reads changed while it read it
(`snapshot`, before and after): its keys and fingerprint would be those of bytes it never read.
Anything else makes a full build, which still finds its parts in the cache: a file touched, an
interrupted build to recover, a record of another version or altered by hand, a proof (`serve`,
`proof`) or a build that failed. Like the part cache, the record is an optimisation, never a
source of truth. The libraries whose work is in the files count by their module file's size
and date (`cache.libraries`), which an upgrade rewrites. Not counted, here as in the part keys:
the system's own libraries (Pango, fontconfig).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from .bundled import PACKAGE, layout_folders
from .cache import BuildCache, environment, files_below, libraries, tree_digest
from .errors import Problem, Report
from .i18n import language
from .request import BuildRequest, BuildResult, content_label
from .writer import OutputFolder
from .writer.journal import JOURNAL, leftovers
from .writer.paths import CACHE

VERSION = 2


@dataclass(frozen=True)
class Record:
    """What the last build was made from and what it said (stored as JSON in the cache)."""

    version: int
    fingerprint: str
    read: list[str]  # the content files it read, relative to the content folder
    also: list[str]  # the files it read outside it (a press profile), as the build named them
    keys: list[str]  # its parts' keys, in the kit's order
    said: list[dict]  # its warnings before the parts' own (the content's, the products')
    colours: list[dict]  # what choosing the colours told
    notes: list[str]  # its lines besides (a product the content did not ask for)
    complete: list[str]  # the sets it made whole (writer.manifest.group)
    content_sha256: str

    @classmethod
    def of(cls, data: object) -> Record | None:
        """The record of this version, or None for anything else (no record, another version,
        a damaged or altered one): a full build then. A record holds what a build writes, and
        nothing a build would refuse: parts to show, warnings only, plain file names."""
        try:
            record = cls(**data)  # type: ignore[arg-type]
        except TypeError:
            return None
        texts = (record.read, record.also, record.keys, record.notes, record.complete)
        if record.version != VERSION or not isinstance(record.fingerprint, str) \
                or not all(isinstance(t, list) and all(isinstance(s, str) for s in t)
                           for t in texts) \
                or not (isinstance(record.said, list) and isinstance(record.colours, list)) \
                or not all(isinstance(p, dict) and p.get("severity") == "warning"
                           for p in record.said + record.colours) \
                or not record.keys or not all(plain_name(name) for name in record.read):
            return None
        return record


def plain_name(name: str) -> bool:
    """A content file's name as a build records it: no NUL, no way up (`..`), not absolute."""
    path = PurePosixPath(name)
    return "\0" not in name and ".." not in path.parts and not path.is_absolute()


def fingerprint(request: BuildRequest, digests: Mapping[Path, str]) -> str | None:
    """What a build of `request` depends on, `digests` being the sha256 of each file it read
    (the content's, and a press profile its layouts name, by the name the build gave it: a
    relative one is read from the working folder); None when one is gone."""
    folder = request.content_dir
    digest = hashlib.sha256()

    def add(*pieces: object) -> None:
        digest.update(json.dumps(pieces, default=str).encode() + b"\n")

    add(VERSION, language(), os.environ.get("SOURCE_DATE_EPOCH"), asdict(request),
        content_label(folder))
    add(own_files(), libraries(), environment())
    own = layout_folders(folder, request.layouts).own
    try:
        add(own and tree_digest(own), request.fonts and tree_digest(request.fonts))
        add(listing(folder))
        for name, path in sorted((named(path, folder), path) for path in digests):
            add(name, digests[path], int(path.stat().st_mtime))
    except OSError:  # a file gone since it was read: this build is not one to replay
        return None
    return digest.hexdigest()


def named(path: Path, folder: Path) -> str:
    """A file read, as the record names it: from the content folder, else as the build named
    it (a relative name is the working folder's: a project copied elsewhere reads its own)."""
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)


def own_files() -> list[tuple[str, int, int]]:
    """expoprint's files by name, size and modification time, as Python itself decides that a
    module's bytecode is current: a few milliseconds for all of them, where hashing their 9 MB
    took 17."""
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            facts = path.stat()
            files.append((path.relative_to(PACKAGE).as_posix(), facts.st_size, facts.st_mtime_ns))
    return files


def listing(folder: Path, dated: bool = False) -> list[tuple]:
    """Every name in the content folder and below, with its kind; a link with where it points
    and whether that exists (a dangling link whose target appears is a new input), never
    followed. `dated`: each file's size and modification time too (`snapshot`)."""
    names, waiting = [], [""]
    while waiting:
        below = waiting.pop()
        with os.scandir(folder / below if below else folder) as entries:
            for entry in entries:
                name = f"{below}{entry.name}"
                if entry.is_symlink():  # where it leads in the end, and whether it is there
                    real = Path(entry.path).resolve()
                    inside = real.is_relative_to(folder.resolve())
                    names.append((name, "link", real.relative_to(folder.resolve()).as_posix()
                                  if inside else str(real), inside, real.exists()))
                elif entry.is_dir():
                    names.append((name, "folder"))
                    waiting.append(name + "/")
                elif entry.is_file():
                    facts = entry.stat() if dated else None
                    names.append((name, "file", *((facts.st_size, facts.st_mtime_ns)
                                                  if facts else ())))
                else:
                    names.append((name, "other"))
    return sorted(names)


def snapshot(request: BuildRequest) -> list | None:
    """What the build reads as it stands (the content folder, the museum's layouts, `--fonts`
    and `--icc`, each file's size and date), to compare before the build reads it and once the
    parts' keys are made: a file saved in between would give keys (and a record) for bytes the
    build never read, so that build is neither cached nor recorded."""
    own = layout_folders(request.content_dir, request.layouts).own
    try:
        return [listing(request.content_dir, dated=True),
                *(dated(root) for root in (own, request.fonts) if root is not None),
                request.icc and dated_file(request.icc)]
    except OSError:
        return None


def dated(root: Path) -> list[tuple]:
    """The files below `root`, linked folders followed as the readers follow them."""
    return sorted((str(path), *dated_file(path)) for path in files_below(root))


def dated_file(path: Path) -> tuple[int, int]:
    facts = path.stat()
    return facts.st_size, facts.st_mtime_ns


def record(request: BuildRequest, fingerprint_: str | None, read: list[Path], keys: list[str],
           said: list[Problem], colours: list[Problem], notes: list[str], complete: set[str],
           content_sha256: str) -> dict | None:
    """The record of a build that has just been written, or None for one never replayed."""
    if request.proofs or fingerprint_ is None:
        return None
    folder = request.content_dir
    inside = [path for path in read if path.is_relative_to(folder)]
    return asdict(Record(VERSION, fingerprint_, sorted(named(path, folder) for path in inside),
                         sorted(str(path) for path in read if path not in inside), keys,
                         [asdict(p) for p in said], [asdict(p) for p in colours], list(notes),
                         sorted(complete), content_sha256))


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
            read = [request.content_dir / name for name in last.read] + list(map(Path, last.also))
            digests = {path: regular_digest(path) for path in read}
            if fingerprint(request, digests) != last.fingerprint:
                return None
            problems = [Problem.of(fields) for fields in last.said]
            colours = [Problem.of(fields) for fields in last.colours]
        except (OSError, TypeError, ValueError):
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


def regular_digest(path: Path) -> str:
    """The sha256 of a regular file; OSError for anything else (a device named in a record
    altered by hand must not be read forever)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return hashlib.file_digest(file, "sha256").hexdigest()
