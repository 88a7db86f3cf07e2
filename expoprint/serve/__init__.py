"""`serve`: the proofs in a browser, built again each time a content or layout file is saved.

What a person feels is the time from a save to the page that shows it, so serve:
- keeps two warm worker processes for the session (pool.py), shared by its builds; a layout
  saved is read again by them (their caches are keyed by the files' text and dates), and when
  expoprint's own code changes serve starts again, workers and all;
- watches the folders in a thread of its own (loop.py): a save during a build supersedes it at
  once, and the parts it made obsolete stop;
- makes first the part whose file the browser shows (the page tells it, page.py), then the
  posters;
- shows each part's pages as soon as they are rendered, before its preflight, marked pending
  (state.py); the proof images, encoded only for the pages that changed, come with the write;
- answers the browser on 127.0.0.1 only (http.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..bundled import PACKAGE
from ..i18n import _
from .http import HOST, bind, handler_for
from .loop import Builder, Saves, watch, watched_folders
from .page import Site, status_banner
from .pool import Workers
from .state import State

__all__ = ["State", "bind", "serve", "status_banner", "watched_folders"]


def serve(content_dir: Path, out_dir: Path, layouts: Path, port: int,
          tell: Callable[[str], None], stop: threading.Event | None = None,
          ready: Callable[[int], None] | None = None, formats: tuple[str, ...] = ()) -> None:
    """Build, serve and rebuild until `stop` is set (Ctrl-C, even repeated, or SIGTERM);
    `formats`: only these posters (`--format`), as `build` takes them."""
    stop = stop or threading.Event()
    stop_on_signals(stop)
    server = bind(port, tell)
    state = State()
    server.RequestHandlerClass = handler_for(Site(out_dir, state), state)
    # The workers are forked now, before any thread starts, and kept for every build: forking
    # a process that runs threads may copy a lock another thread holds.
    workers = Workers(on_preview=state.preview)
    saves = Saves()
    builder = Builder(content_dir, out_dir, state, workers, saves, tell, stop, formats)
    threads = [threading.Thread(target=server.run, name="expoprint-http", daemon=True),
               threading.Thread(target=watch, name="expoprint-watch", daemon=True,
                                args=((content_dir, layouts, PACKAGE), saves, tell, stop)),
               threading.Thread(target=builder.run, name="expoprint-builder", daemon=True)]
    for thread in threads:
        thread.start()
    tell(_("expoprint serve: open {address} (Ctrl-C to stop)").format(
        address=f"http://{HOST}:{server.server_address[1]}/"))
    if ready:
        ready(server.server_address[1])
    try:
        while not stop.wait(0.5):  # a wait with a timeout lets Python run the signal handlers
            pass
    finally:
        server.stop()
        workers.shutdown()  # a build in progress is abandoned, not awaited
        threads[0].join(timeout=2)
        tell(_("expoprint serve: stopped"))
    if builder.restart:
        start_again(tell)


def start_again(tell: Callable[[str], None]) -> None:
    """serve again, in this process, as it was started: its workers held the old code. The
    listening socket is closed by the exec (Python's sockets are not inherited)."""
    import os
    import sys

    tell(_("expoprint's code changed: serve starts again"))
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def stop_on_signals(stop: threading.Event) -> None:
    """Let Ctrl-C (SIGINT, however many times) and SIGTERM (a supervisor, `kill`, a test
    harness) end serve through its cleanup, without a traceback, rather than interrupt it or
    kill the server and orphan its workers. The handlers stay after serve returns: a second
    Ctrl-C arriving then must not raise KeyboardInterrupt in the process's last lines."""
    import signal

    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda _signum, _frame: stop.set())
