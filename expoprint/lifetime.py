"""How a forked worker process starts, and how it ends with the process that forked it.

Shared by the build's worker pool (`workers`) and the proofs' page renderers (`proofs.render`),
which fork the same way; kept below both so that neither imports the other.
"""

from __future__ import annotations

import gc
import os

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_PARENT_S = 1.0


def worker_start(parent: int, thresholds: tuple[int, int, int] | None = None,
                 warm: bool = False) -> None:
    """First thing in a forked worker (of this pool, or of the proofs' renderers): it lives only
    as long as `parent`, the process that forked it.

    A killed build (`kill -9`, an out-of-memory kill, a closed terminal) cannot stop its workers
    itself, and a worker left alone would go on rendering at full speed for nobody. On Linux
    the kernel kills the worker when its parent dies (PR_SET_PDEATHSIG); elsewhere a thread
    checks every second that the parent is still there. SIGTERM is set back to its default:
    a parent's handler inherited by the fork (serve's) would leave a busy worker deaf to it;
    Ctrl-C, sent to the whole terminal's process group, is the parent's to handle (it stops
    the workers itself), so a worker ignores it rather than print a traceback."""
    import signal

    if thresholds:
        gc.set_threshold(*thresholds)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not die_with_parent():
        import threading

        threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the tie was made
        os._exit(1)
    if warm:
        warm_up()


def warm_up() -> None:
    """Import the products and the renderers now (about 0.9 s), while serve reads the content:
    serve's workers live for the session, and its first build should not wait for imports. A
    one-off build's workers import only what their parts use."""
    import importlib

    from . import catalog

    for name in catalog.names():
        catalog.load(name)
    for module in ("weasyprint", "pikepdf", "pypdfium2", "PIL.PngImagePlugin",
                   "reportlab.pdfgen.canvas", "expoprint.preflight", "expoprint.proofs.render"):
        importlib.import_module(module)


def die_with_parent() -> bool:
    """Ask Linux to kill this process when its parent dies; False where that cannot be asked."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(WATCH_PARENT_S)
    os._exit(1)
