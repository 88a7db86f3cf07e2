"""Reading the build's own files back: the manifest, the journal, the lock, the cache, the page
images of the last proof.

They live in a folder others may write to, so each is read as a claim, like the manifest's
entries (paths.py): never through a link (it could lead outside the output folder, or to
/dev/zero), a regular file only (a FIFO would block the build forever), at most `limit` bytes
(a sparse file may say terabytes), and JSON at most `MAX_DEPTH` deep (a file of nested brackets
would exhaust the parser's stack, or ours when we walk what it read). Whatever breaks one of
these rules is `BadFile`, a ValueError: to every caller, a damaged file.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path, PurePosixPath

from .paths import folder_chain

MAX_DEPTH = 20  # our files nest 6 deep at most (the cache: parts → key → outputs → record → list)
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class BadFile(ValueError):
    """One of our files that is not what we write: not a regular file, too large, too deep."""


def read_bytes(path: Path | str, limit: int, dir_fd: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, reached without following a link
    at its last step (the caller's `dir_fd`, from paths.folder_chain, covers the steps before).

    OSError when it cannot be opened (missing: FileNotFoundError; a link: ELOOP)."""
    fd = os.open(path, _FILE_FLAGS, dir_fd=dir_fd)
    with os.fdopen(fd, "rb") as file:
        facts = os.fstat(file.fileno())
        if not stat.S_ISREG(facts.st_mode):
            raise BadFile(f"{path}: not a regular file")
        if facts.st_size > limit:
            raise BadFile(f"{path}: {facts.st_size} bytes, more than {limit}")
        data = file.read(limit + 1)
    if len(data) > limit:  # grown since fstat
        raise BadFile(f"{path}: more than {limit} bytes")
    return data


def read_below(root: Path, relative: PurePosixPath, limit: int) -> bytes:
    """The bytes of root/relative, no step of the way a link (see read_bytes)."""
    with folder_chain(root, relative) as fds:
        return read_bytes(relative.name, limit, dir_fd=fds[-1])


def parse_json(data: bytes | str) -> object:
    """JSON text as Python values, refused (BadFile) beyond MAX_DEPTH levels of nesting."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise BadFile("JSON nested too deep") from None
    pending = [(value, 1)]
    while pending:  # a loop, not a recursion: the depth is what is being checked
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        if children and depth >= MAX_DEPTH:
            raise BadFile(f"JSON nested more than {MAX_DEPTH} deep")
        pending.extend((child, depth + 1) for child in children)
    return value


def read_json(path: Path | str, limit: int, dir_fd: int | None = None) -> object:
    """read_bytes, then parse_json: OSError or ValueError (BadFile among them) when it fails."""
    return parse_json(read_bytes(path, limit, dir_fd))


def write_at(folder_fd: int, name: str, data: bytes) -> None:
    """Create `name` in the folder (never through a link there) holding `data`; on any failure
    (a full disk) the partial file is removed before the error goes on."""
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644,
                 dir_fd=folder_fd)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
    except BaseException:
        os.unlink(name, dir_fd=folder_fd)
        raise
