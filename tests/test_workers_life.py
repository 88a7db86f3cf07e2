"""Worker processes live no longer than the build that forked them, and obey SIGTERM while busy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from conftest import ROOT

# A build's parent: its pool of workers (and, for the second test, a proofs renderer pool) each
# busy in an endless loop; it prints the workers' pids, then waits to be killed.
PARENT = textwrap.dedent("""
    import multiprocessing, os, signal, sys, time
    from expoprint.lifetime import worker_start
    from expoprint.workers import forked_pool

    def spin(_=None):
        while True:
            pass

    # serve's own handler, which a fork copies into its children
    signal.signal(signal.SIGTERM, lambda *_: None)
    pool = forked_pool(2)
    for _ in range(2):
        pool.submit(spin)
    renderers = multiprocessing.get_context("fork").Pool(1, initializer=worker_start,
                                                         initargs=(os.getpid(),))
    renderers.apply_async(spin)
    pids = [*pool._processes, *(p.pid for p in renderers._pool)]
    print(" ".join(map(str, pids)), flush=True)
    time.sleep(60)
""")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := [pid for pid in pids if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def start_parent() -> tuple[subprocess.Popen, list[int]]:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
    pids = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(pids) == 3 and all(alive(pid) for pid in pids)
    return parent, pids


def test_busy_workers_die_with_their_killed_parent():
    parent, pids = start_parent()
    try:
        time.sleep(0.2)  # busy now
        parent.kill()  # kill -9: the parent can clean nothing up
        parent.wait(timeout=10)
        assert wait_gone(pids, 5) == []
    finally:
        for pid in pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_busy_worker_obeys_sigterm():
    parent, pids = start_parent()
    try:
        time.sleep(0.2)
        for pid in pids:
            os.kill(pid, signal.SIGTERM)
        assert wait_gone(pids, 5) == []
    finally:
        parent.kill()
        parent.wait(timeout=10)
        for pid in pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def members(group: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and alive(int(entry)) and os.getpgid(int(entry)) == group:
                found.append(int(entry))
        except ProcessLookupError:  # ended meanwhile
            continue
    return found


def test_ctrl_c_stops_a_build_at_once_with_its_workers(tmp_path):
    """The workers leave Ctrl-C to the build, which abandons the parts under way rather than
    wait for them."""
    build = subprocess.Popen([sys.executable, "generate.py", "build", "--out", str(tmp_path / "out")],
                             cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert build.stderr.readline().startswith("building")  # the workers are rendering
        time.sleep(0.3)
        group = members(build.pid)
        assert len(group) >= 3
        os.killpg(build.pid, signal.SIGINT)
        started = time.monotonic()
        build.wait(timeout=20)
        assert time.monotonic() - started < 2
        assert "Traceback" not in build.stderr.read()
        assert wait_gone(group, 5) == []
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
