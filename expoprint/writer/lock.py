"""One build at a time in an output folder: a lock file held with flock(2) for the whole build.

The lock is held from the folder check to the last rename, not only around the write: a build
started while another runs writes after it (a `--only poster` started second is what the folder
ends with, even when the first, a full build, renders longer), and it decides what to keep from
the folder the first one left. (Several waiters are served in no promised order: they poll.)

A second build waits rather than fails: the usual overlap is a build started while another runs
(a script, a double run, `serve` rebuilding), and the user wants both, in order. It says once who
holds the folder (pid and since when), and gives up after WAIT_S with the same facts: far longer
than any build we measured (the default kit 4 s, a thousand labels 2 s), short enough that a build
suspended with Ctrl-Z does not leave a script waiting forever. The kernel drops a flock when its
holder dies, so a killed build never blocks the next one.

The lock file exists only while held: the holder unlinks it before letting go, and a waiter that
wakes holding a file no longer at that path starts over, so two builds never both hold "the" lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import math
import os
import stat
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..errors import ExpoprintError, Problem
from ..i18n import _
from .ownfile import read_json
from .paths import HIDDEN_PREFIX

LOCK = f"{HIDDEN_PREFIX}.lock"
WAIT_S = 10 * 60.0
POLL_S = 0.05
MAX_LOCK_BYTES = 4096  # {"pid": …, "since": …}


def holder_of(path: Path) -> str | None:
    """Who holds the lock, as the holder wrote it: 'pid 1234, since 2025-03-01 14:02:05'; None
    when it has not written it (yet)."""
    try:
        facts = read_json(path, MAX_LOCK_BYTES)
        return _("pid {pid}, since {since}").format(pid=int(facts["pid"]),
                                                    since=str(facts["since"])[:20])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class FolderLock:
    """The lock of one output folder; `acquire` waits for it, `release` gives it back."""

    def __init__(self, root: Path, shown: str, notice: Callable[[str], None] | None = None,
                 wait_s: float | None = None) -> None:
        self.path = root / LOCK
        self.shown = shown
        self.notice = notice
        self.wait_s = WAIT_S if wait_s is None else wait_s
        self.fd: int | None = None

    def acquire(self) -> None:
        """Raises OSError when the lock file cannot be created (a read-only folder)."""
        started = time.monotonic()
        told = False
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                written = holder_of(self.path)
                holder = written or _("pid unknown")
                waited = time.monotonic() - started
                if waited >= self.wait_s:
                    raise ExpoprintError(Problem(
                        self.shown, None, "",
                        _("is still being written by another build ({holder}) after waiting "
                          "{minutes} min").format(holder=holder, minutes=math.ceil(self.wait_s / 60)),
                        _("wait for that build to finish, or stop it, then build again"))) from None
                # The holder writes its pid just after locking: give it a second to do so.
                if not told and self.notice and (written or waited > 1):
                    told = True
                    self.notice(_("waiting: {folder} is being written by another build "
                                  "({holder})…").format(folder=self.shown, holder=holder))
                time.sleep(POLL_S)
                continue
            if self._still_at_path(fd):
                break
            os.close(fd)  # its holder removed it as we waited: take the current one
        self.fd = fd
        facts = {"pid": os.getpid(), "since": datetime.now().strftime("%Y-%m-%d %H:%M:%S")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(facts).encode(), 0)

    def _open(self) -> int:
        """The lock file, created if missing. Its name is ours: a link, a FIFO or anything else
        than a regular file there was not made by a build, and is removed (once) rather than
        followed or waited on."""
        fd = self._open_once()
        if fd is None:
            self.path.unlink()
            fd = self._open_once()
        if fd is None:
            raise OSError(errno.EINVAL, _("the lock file is not a regular file"))
        return fd

    def _open_once(self) -> int | None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
                         | os.O_CLOEXEC, 0o644)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return None
            if error.errno == errno.EISDIR:  # not removed: a folder may hold someone's files
                raise ExpoprintError(Problem(
                    f"{self.shown}/{LOCK}", None, "", _("is a folder where a build keeps its lock"),
                    _("move the folder away, then build again"))) from None
            raise
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
        os.close(fd)
        return None

    def _still_at_path(self, fd: int) -> bool:
        try:
            now = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):  # gone already, or a folder turned read-only meanwhile
            self.path.unlink()
        os.close(self.fd)
        self.fd = None
