"""Which files in an output folder are ours: the one rule every removal obeys.

A build may remove a file only when it can prove it wrote it: the path lies in one of our product
sub-folders, every step down from the output folder is a real folder (never a symlink that could
lead somewhere else), the file is a regular file, and its sha256 is the one our own manifest or
journal recorded. A manifest is a claim to check, not an order: a crafted or stale one can at worst
leave a file in place, never remove one of the user's.

The walk goes through directory file descriptors opened with O_NOFOLLOW, and the file is hashed
and unlinked through the same descriptor of its folder, so a link swapped in between the check and
the removal cannot redirect it.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

from ..catalog import output_folders
from ..errors import ExpoprintError, Problem
from ..i18n import _

MANIFEST = "manifest.json"
# The lock, the journal and the staging folders all start with this; the manifest never lists
# them and the foreign-file warning never names them.
HIDDEN_PREFIX = ".expoprint"
CACHE = f"{HIDDEN_PREFIX}-cache"  # the build cache (cache.py): a working folder that stays

MAX_OURS_BYTES = 512 * 1024 * 1024  # our largest file, a photo poster, is tens of MB
_SHA256 = re.compile(r"[0-9a-f]{64}")
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def is_sha256(value: object) -> bool:
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def safe_relative(path: str) -> PurePosixPath:
    """A product's file name as a path inside the output folder, or the layout's error."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts or "\0" in path:
        raise ExpoprintError(Problem(path, None, "", _("would be written outside the output folder"),
                                     _("file names in layouts/ must be plain names")))
    return relative


def our_path(path: object) -> PurePosixPath | None:
    """The path if it looks like one a build writes (inside a product sub-folder), else None."""
    if not isinstance(path, str):
        return None
    try:
        relative = safe_relative(path)
    except ExpoprintError:
        return None
    if len(relative.parts) < 2 or relative.parts[0] not in output_folders():
        return None
    if any(part.startswith(".") for part in relative.parts):
        return None
    return relative


@contextmanager
def folder_chain(root: Path, relative: PurePosixPath) -> Iterator[list[int]]:
    """Descriptors of root and each folder down to the file's own, none of them a symlink.

    Raises OSError (ELOOP, ENOTDIR, ENOENT) when a step is a link, a file or missing."""
    fds = [os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)]
    try:
        for part in relative.parts[:-1]:
            fds.append(os.open(part, DIR_FLAGS, dir_fd=fds[-1]))
        yield fds
    finally:
        for fd in fds:
            os.close(fd)


def _sha_at(folder_fd: int, name: str) -> str | None:
    # O_NONBLOCK: a FIFO named like one of our PDFs must not hang the build. A file larger than
    # any we write is not ours either, and is not hashed: a sparse giant would take minutes.
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder_fd)
    with os.fdopen(fd, "rb") as file:
        facts = os.fstat(file.fileno())
        if not stat.S_ISREG(facts.st_mode) or facts.st_size > MAX_OURS_BYTES:
            return None
        return hashlib.file_digest(file, "sha256").hexdigest()


def sha_below(root: Path, relative: PurePosixPath) -> str | None:
    """The sha256 of a regular file reached from root without links, else None."""
    try:
        with folder_chain(root, relative) as fds:
            return _sha_at(fds[-1], relative.name)
    except OSError:
        return None


def sha_if_ours(root: Path, path: object) -> str | None:
    """The sha256 of the file at `path` if its path is one of ours and no link leads to it."""
    relative = our_path(path)
    return None if relative is None else sha_below(root, relative)


@contextmanager
def made_folder(root: Path, relative: PurePosixPath) -> Iterator[int]:
    """A descriptor of root/relative, creating the missing folders; OSError if a step is a link
    or a file, so a rename through it can never land outside the output folder."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in relative.parts:
            with suppress(FileExistsError):
                os.mkdir(part, dir_fd=fd)
            inner = os.open(part, DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


def remove_if_ours(root: Path, path: object, sha256: str) -> bool:
    """Remove the file only if it is ours and still holds what we wrote; then the product
    sub-folders it leaves empty. True when the file is gone (removed now or already absent)."""
    relative = our_path(path)
    if relative is None or not is_sha256(sha256):
        return False
    try:
        with folder_chain(root, relative) as fds:
            try:
                found = _sha_at(fds[-1], relative.name)
            except FileNotFoundError:
                return True
            if found != sha256:
                return False
            os.unlink(relative.name, dir_fd=fds[-1])
            # Folders emptied by this removal go too (a skipped product leaves no empty leaflet/).
            for depth in range(len(relative.parts) - 1, 0, -1):
                try:
                    os.rmdir(relative.parts[depth - 1], dir_fd=fds[depth - 1])
                except OSError:
                    break
            return True
    except FileNotFoundError:
        return True
    except OSError:
        return False


def foreign_files(root: Path, listed: set[str]) -> list[str]:
    """What a person opening the folder sees that the manifest does not list: top-level entries
    other than ours, and anything in a product sub-folder that is not a listed file. Hidden names
    (ours, .DS_Store…) are not shown: a printer does not see them either."""
    found: list[str] = []

    def walk(folder: Path, prefix: str) -> None:
        with suppress(OSError), os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith("."):
                    continue
                relative = f"{prefix}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    walk(Path(entry.path), f"{relative}/")
                elif relative not in listed:
                    found.append(relative)

    with suppress(OSError), os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith(".") or entry.name == MANIFEST:
                continue
            if entry.name in output_folders() and entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path), f"{entry.name}/")
            elif entry.is_dir(follow_symlinks=False):
                found.append(f"{entry.name}/")
            else:
                found.append(entry.name)
    return found


def some(names: list[str], limit: int = 5) -> str:
    """At most `limit` names, then how many more: a message stays one readable line."""
    shown = ", ".join(names[:limit])
    if len(names) <= limit:
        return shown
    return _("{names} and {count} more").format(names=shown, count=len(names) - limit)
