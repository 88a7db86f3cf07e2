"""The journal: one build replaces the previous one as a whole, whatever instant the process dies.

A commit, in this order:
1. every file and the manifest are written into a staging folder inside the output folder (same
   disk: the renames below are atomic and need no space) and fsynced;
2. the journal (each staged file and where it goes, each old file to remove with its sha256) is
   written under a temporary name, fsynced and renamed to `.expoprint-journal.json`: the commit
   point;
3. the renames into place, then the removals, the manifest last;
4. the staging folder goes, then the journal.

Killed before 2, the previous build is untouched: the next start deletes the staging folder (roll
back). Killed after 2, the next start replays the journal (roll forward). A rename already done is
recognised by the target's sha256 and a removal by the file's absence, so a replay is idempotent,
even when the replay itself is interrupted. A replay checks every staged file against the journal
before moving it: a journal is our own file, but it is read back as a claim like the manifest.

Every rename goes through `replace`, and every file through `write_file`: the tests replace them
to kill the process between two renames or to fill the disk.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..i18n import _
from .ownfile import BadFile, parse_json, read_bytes
from .paths import (
    CACHE,
    HIDDEN_PREFIX,
    MANIFEST,
    folder_chain,
    is_sha256,
    made_folder,
    our_path,
    remove_if_ours,
    sha_below,
)

JOURNAL = f"{HIDDEN_PREFIX}-journal.json"
JOURNAL_TMP = f"{HIDDEN_PREFIX}-journal.tmp"
STAGE_PREFIX = f"{HIDDEN_PREFIX}-stage-"
MAX_JOURNAL_BYTES = 64 * 1024 * 1024  # 10,000 files to write and as many to remove: 2 MB


def write_file(path: Path, data: bytes) -> None:
    """Create `path` holding `data`, on the disk before this returns."""
    with open(path, "xb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def replace(source: str, target: str, source_folder: int, target_folder: int) -> None:
    """The atomic rename every step of a commit goes through, relative to folder descriptors."""
    os.replace(source, target, src_dir_fd=source_folder, dst_dir_fd=target_folder)


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Unrecoverable(Exception):
    """A journal that cannot be replayed: damaged, or its files changed by someone else."""


@dataclass(frozen=True)
class Journal:
    stage: str  # the staging folder's name, inside the output folder
    write: tuple[tuple[str, str], ...]  # (path, sha256): stage/path → path
    remove: tuple[tuple[str, str], ...]  # (path, sha256) of the previous build's files
    manifest_sha256: str

    def encode(self) -> bytes:
        return json.dumps({"schema": 1, "stage": self.stage, "write": self.write,
                           "remove": self.remove, "manifest_sha256": self.manifest_sha256},
                          indent=1).encode()

    @classmethod
    def decode(cls, data: bytes) -> Journal:
        try:
            raw = parse_json(data)
            stage, manifest_sha = raw["stage"], raw["manifest_sha256"]
            write = tuple((str(p), str(s)) for p, s in raw["write"])
            remove = tuple((str(p), str(s)) for p, s in raw["remove"])
        except (ValueError, KeyError, TypeError) as error:
            raise Unrecoverable(_("its journal is damaged")) from error
        if not (isinstance(stage, str) and stage.startswith(STAGE_PREFIX) and "/" not in stage
                and is_sha256(manifest_sha)):
            raise Unrecoverable(_("its journal is damaged"))
        for path, sha in write + remove:
            if our_path(path) is None or not is_sha256(sha):
                raise Unrecoverable(_("its journal names {path}, not a file of a build").format(
                    path=repr(path[:120])))
        return cls(stage, write, remove, manifest_sha)


def stage_files(stage: Path, files: list[tuple[str, bytes]]) -> None:
    """Write and fsync every file of the build, and the folders holding them."""
    folders = {stage}
    for path, data in files:
        target = stage / path
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.update(p for p in target.parents if p.is_relative_to(stage))
        write_file(target, data)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        fsync_folder(folder)


def commit(root: Path, journal: Journal) -> None:
    """Write the journal atomically: from here on the new build is the one the folder holds."""
    (root / JOURNAL_TMP).unlink(missing_ok=True)
    write_file(root / JOURNAL_TMP, journal.encode())
    with folder_chain(root, PurePosixPath(JOURNAL)) as fds:
        replace(JOURNAL_TMP, JOURNAL, fds[0], fds[0])
        os.fsync(fds[0])


def roll_forward(root: Path, journal: Journal, check: bool) -> None:
    """Carry out a committed journal; `check` (on replay) verifies each staged file first."""
    touched: set[PurePosixPath] = set()
    for path, sha in journal.write:
        move_into_place(root, journal.stage, path, sha, check)
        touched.add(PurePosixPath(path).parent)
    # The files reach the disk before the manifest that names them.
    for folder in sorted(touched, key=lambda p: len(p.parts), reverse=True):
        fsync_folder(root / folder)
    for path, sha in journal.remove:
        remove_if_ours(root, path, sha)
    move_into_place(root, journal.stage, MANIFEST, journal.manifest_sha256, check)
    fsync_folder(root)
    finish(root, journal.stage)


def move_into_place(root: Path, stage: str, path: str, sha: str, check: bool) -> None:
    relative = PurePosixPath(path)
    staged = PurePosixPath(stage) / relative
    if check and sha_below(root, staged) != sha:
        if sha_below(root, relative) == sha:
            return  # moved into place before the interruption
        raise Unrecoverable(_("{path} is neither staged nor in place as its journal says").format(
            path=path))
    try:
        with folder_chain(root, staged) as source, made_folder(root, relative.parent) as target:
            replace(relative.name, relative.name, source[-1], target)
    except FileNotFoundError:
        if sha_below(root, relative) != sha:
            raise


def finish(root: Path, stage: str) -> None:
    """Remove the staging folder, then the journal: the commit is over."""
    remove_entry(root / stage)
    (root / JOURNAL).unlink(missing_ok=True)
    fsync_folder(root)


def remove_entry(path: Path) -> None:
    """Remove one of our hidden working files or folders (never following a link)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def leftovers(root: Path) -> list[Path]:
    """Hidden working entries a dead build left (staging folders, an uncommitted journal)."""
    names = [name for name in os.listdir(root) if name.startswith(f"{HIDDEN_PREFIX}-")]
    return [root / name for name in sorted(names) if name not in (JOURNAL, CACHE)]


def recover(root: Path) -> str | None:
    """Make the folder hold exactly one complete build again; say what was done, if anything.

    The caller holds the folder's lock. Raises Unrecoverable when a committed journal cannot be
    replayed (the folder is then left as found, for the caller to decide)."""
    outcome = None
    try:
        data = read_bytes(root / JOURNAL, MAX_JOURNAL_BYTES)
    except FileNotFoundError:
        data = None
    except (OSError, BadFile) as error:  # a link, a FIFO, a sparse giant: not one we wrote
        raise Unrecoverable(_("its journal cannot be read")) from error
    if data is not None:
        roll_forward(root, Journal.decode(data), check=True)
        outcome = "finished"
    for entry in leftovers(root):
        remove_entry(entry)
        outcome = outcome or "undone"
    return outcome


def discard(root: Path) -> None:
    """Drop a journal that cannot be replayed (whatever stands at its name: a folder too), with
    every working file, so a build can start."""
    remove_entry(root / JOURNAL)
    for entry in leftovers(root):
        remove_entry(entry)
