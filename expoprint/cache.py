"""Build only what changed: each part of a product remembers what it was made from.

A part's key is a sha256 over everything its bytes depend on: the code, the libraries (by their
module files' size and date), the layouts, the fonts, the output profile, the palette, the build
options, the content files the product reads (not those it ignores: an artefact changed rebuilds
the labels, not the posters) and its date; and the language of the warnings kept with it. If
the key is the one recorded and the files it made are still in the output folder with the
recorded sha256, they are reused as they are, with the warnings they had.


The cache is an optimisation, never a source of truth: it lives in `.expoprint-cache/` inside the
output folder (a hidden working folder of the writer's, never listed in the manifest); deleting
it changes no byte of any output; a damaged or foreign cache is ignored with a warning and the
build starts afresh.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib.util
import json
import os
import secrets
import sys
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from .errors import Problem, Report
from .i18n import _
from .outputs import Output
from .writer.ownfile import read_below, read_json, write_at
from .writer.paths import CACHE as FOLDER
from .writer.paths import DIR_FLAGS, is_sha256, made_folder, our_path

FILE = "parts.json"
TEMPORARY = ".parts-"  # a save in progress
VERSION = 2
MAX_CACHE_BYTES = 64 * 1024 * 1024  # the entries of 10,000 labels' parts take a few hundred kB
MAX_OUTPUT_BYTES = 256 * 1024 * 1024  # a cached file is held in memory; our largest are ~20 MB


def tree_digest(root: Path, pattern: str = "*") -> str:
    """The sha256 of a folder's files, names and bytes: the code, the layouts, the fonts. Read
    anew by each build (about 20 ms): `serve` builds many times in one process, and a layout
    saved between two builds must change their keys. A museum's own layouts folder may hold
    anything: its files are hashed as a stream, never held whole, and only regular files are
    opened (a FIFO there must not stop the build). A linked folder is followed, as the readers
    and the templates follow it (a museum's `phrases` linked to a shared folder), once."""
    digest = hashlib.sha256()
    for path in sorted(files_below(root, pattern)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(bytes.fromhex(file_digest(path)))
    return digest.hexdigest()


def files_below(root: Path, pattern: str = "*") -> list[Path]:
    """The regular files below `root` whose names match `pattern`, linked folders followed
    (each real folder once: a link to a folder above cannot loop), caches left out."""
    found, seen = [], set()
    for folder, folders, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [path for name in fnmatch.filter(names, pattern)
                  if (path := Path(folder, name)).is_file()]
    return found


# The libraries whose work is in the files: a new version may set a line otherwise, draw a
# glyph, compress a stream, write a month or hyphenate a word differently.
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "reportlab",
             "_rl_accel", "pikepdf", "pypdfium2", "PIL", "fontTools", "uharfbuzz", "brotli",
             "zopfli", "zxingcpp", "numpy", "jinja2", "markupsafe", "yaml", "babel", "pyphen",
             "edtf", "pyparsing", "ftfy", "python_calamine", "polib")
# What the environment tells those libraries: ReportLab's settings (`RL_documentLang` gives a
# label sheet its /Lang), and where fontconfig finds fonts (its own variables, and the user's
# folders it looks in: a logo's live text may be drawn in a font installed there).
ENVIRONMENT = ("RL_", "FONTCONFIG_", "XDG_DATA", "XDG_CONFIG", "HOME")


def libraries() -> list[tuple[str, int, int]]:
    """Python's version and each library by its module file's size and date, which an upgrade
    rewrites (a millisecond, where reading their versions from their metadata takes tens)."""
    found: list[tuple[str, int, int]] = [(sys.version, 0, 0)]
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and os.path.isfile(spec.origin):
            facts = os.stat(spec.origin)
            found.append((name, facts.st_size, facts.st_mtime_ns))
    return found


def environment() -> list[tuple[str, str]]:
    """The variables of `ENVIRONMENT` that are set, with their values."""
    return sorted((name, value) for name, value in os.environ.items()
                  if name.startswith(ENVIRONMENT))


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, read as a stream (O_NONBLOCK: a FIFO put in its place
    after it was found reads as empty rather than waiting for a writer)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


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
    """The entries of the last build's parts, read from `.expoprint-cache/parts.json`.

    The file and the output files it names are read as claims, like the manifest: a cache that
    is a link, not a regular file, larger than MAX_CACHE_BYTES, nested too deep or naming a path
    outside the product folders is ignored whole (a warning, then a full rebuild); a cached
    output is reused only if its file, reached without a link, still holds the recorded bytes."""

    def __init__(self, out_dir: Path, report: Report):
        self.root = out_dir.resolve()
        self.folder = out_dir / FOLDER
        self.entries: dict[str, Entry] = {}
        self.last: object = None  # what the last build was made from (unchanged.Record's fields)
        self.usable = True  # False: the cache folder is a link or a file, never written through
        try:
            folder_fd = os.open(self.folder, DIR_FLAGS)
        except FileNotFoundError:
            return
        except OSError:
            self.usable = False
            report.warn(str(self.folder), None, "",
                        _("is not a folder of the build's (a link, or a file): the build cache is "
                          "neither read nor written"),
                        _("remove it; the next build makes the cache again"))
            return
        try:
            data = read_json(FILE, MAX_CACHE_BYTES, dir_fd=folder_fd)
            self.entries = entries_of(data)
            self.last = data.get("last")
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            report.warn(str(self.folder / FILE), None, "",
                        _("the build cache cannot be read; everything is rebuilt"),
                        _("nothing to do: the cache is remade by this build"))
            self.entries = {}
        finally:
            os.close(folder_fd)

    def get(self, key: str, out_dir: Path) -> tuple[list[Output], list[Problem], list[str]] | None:
        """The outputs of a part made before with the same inputs, if their files are intact:
        each read inside the output folder without a link, bounded, its sha256 the recorded one."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        outputs = []
        try:
            for fields in entry.outputs:
                data = read_below(self.root, PurePosixPath(fields["path"]), MAX_OUTPUT_BYTES)
                if hashlib.sha256(data).hexdigest() != fields["sha256"]:
                    return None
                outputs.append(Output.from_record(
                    {k: v for k, v in fields.items() if k != "sha256"}, data))
            problems = [Problem.of(fields) for fields in entry.problems]
        except (OSError, KeyError, TypeError, ValueError):
            return None
        return outputs, problems, list(entry.notes)

    def put(self, key: str, outputs: list[Output], problems: list[Problem],
            notes: list[str]) -> None:
        self.entries[key] = Entry(
            [{**o.record(), "sha256": hashlib.sha256(o.data).hexdigest()} for o in outputs],
            [asdict(problem) for problem in problems], list(notes))

    def save(self, keep: set[str]) -> None:
        """Write the entries of this build's parts, atomically, into a real folder of the
        output folder (never through a link); a cache that cannot be written costs the next
        build its speed, nothing else, and leaves no partial file (a full disk)."""
        if not self.usable:
            return
        data = json.dumps({"version": VERSION, "parts": {
            key: asdict(entry) for key, entry in self.entries.items() if key in keep},
            "last": self.last}).encode()
        try:
            with made_folder(self.root, PurePosixPath(FOLDER)) as folder_fd:
                for name in os.listdir(folder_fd):  # a save killed earlier (the lock is ours)
                    if name.startswith(TEMPORARY):
                        os.unlink(name, dir_fd=folder_fd)
                temporary = f"{TEMPORARY}{secrets.token_hex(8)}"
                write_at(folder_fd, temporary, data)
                try:
                    os.replace(temporary, FILE, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
                except OSError:
                    os.unlink(temporary, dir_fd=folder_fd)
                    raise
        except OSError:
            pass


def entries_of(data: object) -> dict[str, Entry]:
    """The entries of a cache file of this version; ValueError or TypeError for anything else,
    a path outside the product folders or a malformed sha256 first of all: such an entry is not
    one a build wrote."""
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError("another version")
    entries = {}
    for key, fields in data["parts"].items():
        entry = Entry(**fields)
        if not (isinstance(entry.outputs, list) and isinstance(entry.problems, list)
                and isinstance(entry.notes, list) and all(isinstance(n, str) for n in entry.notes)):
            raise TypeError("not an entry")
        for output in entry.outputs:
            if our_path(output.get("path")) is None or not is_sha256(output.get("sha256")):
                raise ValueError("not a path or sha256 of a build")
        for problem in entry.problems:
            if not all(isinstance(value, str | int | None) for value in problem.values()):
                raise TypeError("not a problem")
        entries[key] = entry
    return entries
