"""The output folder: after a build it holds one complete build, and of ours only that build.

Contract (SPEC "Output folder"):
- A successful build leaves exactly what `manifest.json` lists, all from one content: files an
  earlier build wrote and this one did not are removed, and only those (paths.py says how a file
  is proven ours); a partial build keeps the previous build's other files only if they come from
  the same content (manifest.py).
- Whatever instant the process is killed, the folder holds the previous build or the new one, and
  the next start (of a build, or of anything reading the folder through `read_build`) makes it so
  before anything else (journal.py).
- One build at a time per folder (lock.py); the folder is checked before the render (folder.py).

Why a journal and not a generation swap. A swap writes each build into a fresh folder and switches
one name to it; that is atomic only if the output folder itself, or a link in it, is what gets
switched. Both break the folder the user sees: the output folder is the user's (their own notes,
a `--out` such as `../expo-2025/print` beside other things), so it cannot be replaced whole without
moving their files; and `poster/`, `leaflet/`, `labels/` as links would be what printers and sync
tools copy, and could not all switch at once anyway. A journal keeps plain files at plain paths:
the new files are staged and fsynced, one atomic rename of the journal commits them, and the
renames that follow can be replayed by whoever comes next. Its cost is a replay step at start-up,
a few milliseconds when there is nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import ExpoprintError, Problem
from ..i18n import _
from ..outputs import Output
from .folder import OutputFolder, Written, refuse, why
from .journal import JOURNAL, Unrecoverable, leftovers, recover
from .lock import FolderLock
from .manifest import content_digest, group, read_manifest
from .paths import MANIFEST

__all__ = ["MANIFEST", "OutputFolder", "Written", "content_digest", "group",
           "read_build", "read_manifest", "refuse", "write_build"]


def write_build(out_dir: Path, outputs: list[Output], content_label: str, content_sha256: str,
                partial: bool = False, complete: set[str] | None = None,
                notice: Callable[[str], None] | None = None, proof: dict | None = None) -> Written:
    """Open, write, close: outputs made elsewhere into a folder (run_build holds the folder for
    the whole build instead)."""
    with OutputFolder(out_dir, notice=notice) as folder:
        return folder.write(outputs, content_label, content_sha256, partial, complete, proof)


def read_build(out_dir: Path, notice: Callable[[str], None] | None = None) -> dict | None:
    """The manifest of the complete build an output folder holds, None if it holds none.

    Anything that reads an output folder (check, proof, serve) calls this: it waits for a build
    running there, and finishes or undoes an interrupted one first."""
    root = out_dir.resolve()
    if not root.is_dir():
        return None
    lock: FolderLock | None = FolderLock(root, str(out_dir), notice)
    try:
        lock.acquire()
    except OSError:
        lock = None  # a read-only folder: no build can be running or interrupted-and-fixable here
    reason = None
    try:
        if lock is not None:
            try:
                recover(root)
            except Unrecoverable as error:
                reason = str(error)
            except OSError as error:
                reason = why(error)
        elif (root / JOURNAL).exists() or leftovers(root):
            reason = _("the folder is read-only")
        if reason:
            raise ExpoprintError(Problem(
                str(out_dir), None, "",
                _("holds an interrupted build that cannot be finished here: {reason}").format(
                    reason=reason),
                _("build again into this folder, with the right to write there")))
        return read_manifest(root)
    finally:
        if lock is not None:
            lock.release()
