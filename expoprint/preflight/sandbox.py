"""Child processes with limits: where work on untrusted files runs.

Contract: `run_child(work, receive, memory, seconds)` forks. The child leads its own process
group, may grow by at most `memory` bytes of address space beyond what it inherits (RLIMIT_AS,
never above an inherited limit), writes nothing to the terminal (a library dying must not print
into the report), runs `work(send)` and exits without running the parent's clean-up. Each
`send(message)` reaches the parent's `receive(message)` as it is sent, so what a child found
before it died is kept. The parent waits at most `seconds`, then kills the child's whole group.
`meanwhile()`, when given, runs in the parent while the child works (a check of the same file on
the other core); if it returns False, the child is killed unheard (`Outcome.refused`). Else the
`seconds` count from its end: the parent waits no longer than when the check ran first, and a
child blocked on the pipe while the parent checked is not charged for it. The returned
`Outcome` says how the child ended. A child's exception arrives as ("error", "one
line"); a child that runs out of memory in Python sends ("error", "out of memory"), in the
user's language.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import resource
import select
import signal
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..i18n import _
from .findings import one_line

HEADER = struct.Struct("<I")


@dataclass
class Outcome:
    finished: bool = False
    refused: bool = False  # `meanwhile` said no: the child was killed unheard
    timed_out: bool = False
    signal: int | None = None
    exit_code: int | None = None

    def describe(self) -> str:
        if self.timed_out:
            return _("out of time")
        if self.signal is not None:
            try:
                return _("signal {name}").format(name=signal.Signals(self.signal).name)
            except ValueError:
                return _("signal {name}").format(name=self.signal)
        return _("exit status {code}").format(code=self.exit_code)


def address_space() -> int:
    """This process's current virtual size, in bytes."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(memory: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = address_space() + memory
    if soft != resource.RLIM_INFINITY:
        wanted = min(wanted, soft)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def silence() -> None:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def run_child(work: Callable[[Callable[[tuple], None]], None], receive: Callable[[tuple], None],
              memory: int, seconds: float,
              meanwhile: Callable[[], bool] | None = None) -> Outcome:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        code = 0

        def send(message: tuple) -> None:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
            write_all(write_fd, HEADER.pack(len(data)) + data)

        try:
            os.setpgid(0, 0)
            faulthandler.disable()  # a crash here is the parent's to report, not to dump
            silence()
            limit_memory(memory)
            work(send)
            send(("done",))
        except MemoryError:
            code = 3
            with contextlib.suppress(BaseException):
                send(("error", _("out of memory")))
        except BaseException as exc:  # the child reports anything, then ends, whatever happens
            code = 1
            with contextlib.suppress(BaseException):
                send(("error", one_line(f"{type(exc).__name__}: {exc}", 200)))
        finally:
            os._exit(code)
    os.close(write_fd)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # also from this side, so a kill right away reaches the group
    outcome = Outcome()
    buffer = bytearray()
    try:
        outcome.refused = meanwhile is not None and not meanwhile()
        end = time.monotonic() + seconds
        while not outcome.refused:
            remaining = end - time.monotonic()
            if remaining <= 0:
                outcome.timed_out = True
                break
            ready, _writable, _errors = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            buffer += chunk
            while len(buffer) >= HEADER.size:
                (size,) = HEADER.unpack_from(buffer)
                if len(buffer) < HEADER.size + size:
                    break
                message = pickle.loads(bytes(buffer[HEADER.size:HEADER.size + size]))
                del buffer[:HEADER.size + size]
                if message == ("done",):
                    outcome.finished = True
                else:
                    receive(message)
    finally:
        os.close(read_fd)
        if not outcome.finished:
            for kill in (os.killpg, os.kill):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        outcome.signal = os.WTERMSIG(status)
    else:
        outcome.exit_code = os.WEXITSTATUS(status)
    return outcome
