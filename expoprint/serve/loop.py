"""serve's two threads of work: one watches the folders for saves, one builds.

The watcher counts the batches of saved files (watchfiles) in the content folder, in layouts/ and
in expoprint's own code. The builder builds with proofs, then builds again whenever the count has
moved; when expoprint's code changed (a developer's save), it stops serve, which starts again. A save during a
build supersedes it: the build stops handing out parts at once and writes nothing (the parts
under way that the new build also needs go on, and it waits for them; the others stop), and the
new build starts. Builds are incremental (cache.py): a changed artefact renders its labels again
and nothing else. A build that fails replaces nothing: the last good proofs stay on the page, with
the problems above them, until a build succeeds.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from ..errors import ExpoprintError, Problem
from ..i18n import _
from .pool import Workers
from .state import State

MAX_WATCHED = 2000  # folders watched for saves; a content folder holds a handful
DEBOUNCE_MS = 150  # the longest a batch of saves is gathered
STEP_MS = 30  # a batch ends after this long without a save
READY_MS = 50  # the watcher says it is watching after this long without a save
WAIT_WATCHING_S = 2.0  # the first build waits at most this long for the watcher


class Saves:
    """How many batches of saves the watcher has seen; the builder waits for it to move."""

    def __init__(self) -> None:
        self.count = 0
        self.code = False  # a file of expoprint's own code was saved
        self.moved = threading.Condition()
        self.watching = threading.Event()  # the folders are watched: no save goes unseen now

    def saved(self, code: bool = False) -> None:
        with self.moved:
            self.count += 1
            self.code = self.code or code
            self.moved.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.moved:
            self.moved.wait_for(lambda: self.count != seen, timeout)
            return self.count


def watch(roots: tuple[Path, ...], saves: Saves, tell: Callable[[str], None],
          stop: threading.Event) -> None:
    """The watcher thread, until `stop`. The folders are watched one by one, found without
    following a link (a link to / in the content folder would make the watcher walk the whole
    disk); a folder made later is found at the next change."""
    import watchfiles

    from ..bundled import PACKAGE

    package = PACKAGE.resolve()
    told: set[str] = set()  # a watching problem is said once, not every second
    while not stop.is_set():
        folders = watched_folders(roots)
        try:
            for changes in watchfiles.watch(*folders, recursive=False, stop_event=stop,
                                            debounce=DEBOUNCE_MS, step=STEP_MS,
                                            raise_interrupt=False, yield_on_timeout=True,
                                            rust_timeout=READY_MS):
                saves.watching.set()  # the first (empty) batch: the watches are in place
                if not changes:
                    continue
                saves.saved(code=any(path.endswith(".py") and Path(path).is_relative_to(package)
                                     for _kind, path in changes))
                if any(os.path.isdir(path) and not os.path.islink(path) and Path(path) not in folders
                       for _kind, path in changes):
                    break  # a new folder: watch it too
        except Exception as error:  # a folder removed, the watch limit reached
            if str(error) not in told:
                told.add(str(error))
                tell(_("cannot watch the content folder for saves: {error}").format(error=error))
            stop.wait(1.0)


def watched_folders(roots: tuple[Path, ...]) -> list[Path]:
    """The roots and the real folders inside them (no link followed, no hidden folder), each
    once (the bundled layouts are inside the package), at most MAX_WATCHED."""
    found: dict[Path, None] = {}
    for root in (root.resolve() for root in roots):
        if not root.is_dir():
            continue
        for folder, names, _files in os.walk(root):  # os.walk follows no link by default
            names[:] = sorted(name for name in names if not name.startswith("."))
            found[Path(folder)] = None
            if len(found) >= MAX_WATCHED:
                return list(found)
    return list(found)


def code_digest() -> str:
    """expoprint's own code, as the build's cache keys read it (about 20 ms)."""
    from ..bundled import PACKAGE
    from ..cache import tree_digest

    return tree_digest(PACKAGE, "*.py")


class Builder:
    """The builder thread: a build, then one after each batch of saves, until `stop`.

    Nothing stops it but `stop`: a build that fails in an unexpected way (a bug, a worker
    killed) is shown in the page like any failed build, and the next save builds again."""

    def __init__(self, content_dir: Path, out_dir: Path, state: State, workers: Workers,
                 saves: Saves, tell: Callable[[str], None], stop: threading.Event,
                 formats: tuple[str, ...] = ()):
        self.content_dir, self.out_dir, self.formats = content_dir, out_dir, formats
        self.state, self.workers, self.saves = state, workers, saves
        self.tell, self.stop = tell, stop
        self.made_by: dict[str, str] = {}  # output path → the part that makes it
        self.code = code_digest()
        self.restart = False  # expoprint's own code changed: serve must start again

    def run(self) -> None:
        # A save made once the first build is shown must start the next: the watches are put
        # in place first (a few folders, some milliseconds).
        self.saves.watching.wait(WAIT_WATCHING_S)
        seen = self.saves.count
        self.build_once(seen)
        while not self.stop.is_set():
            if self.saves.wait(seen, 0.5) != seen:
                seen = self.saves.count
                if self.saves.code and code_digest() != self.code:  # the workers' is the old one
                    self.restart = True
                    self.stop.set()
                    return
                self.build_once(seen)

    def first(self, parts: list) -> list:
        """The part making the file the browser shows first; the others in their order."""
        looked_at = self.made_by.get(self.state.looking)
        return sorted(parts, key=lambda part: part.label != looked_at)

    def planned(self, parts: dict) -> None:
        self.workers.keep(set(parts.values()))
        self.state.planned({part.label: key for part, key in parts.items()})

    def made(self, part, result) -> None:
        self.made_by.update((output.path, part.label) for output in result.outputs)
        self.state.made(part.label)

    def build_once(self, seen: int) -> None:
        """One build with proofs, its outcome published to the page, whatever happens in it (but
        the failures of a build cut short by serve's own stop, which nobody will see, and a build
        a newer save superseded, whose own build follows)."""
        from concurrent.futures.process import BrokenProcessPool

        from ..build import Listeners, run_build
        from ..workers import Superseded

        listeners = Listeners(on_made=self.made, executor=self.workers, planned=self.planned,
                              first=self.first, preview=True,
                              superseded=lambda: self.saves.count != seen or self.stop.is_set())
        self.state.start()
        try:
            result = run_build(self.content_dir, self.out_dir, proofs=True, listeners=listeners,
                               formats=self.formats)
        except Superseded:
            return
        except ExpoprintError as error:
            if self.stop.is_set():
                return
            self.state.publish(error.problems)
            self.tell(_("the last save does not build: {count} problem(s), shown in the page").format(
                count=len(error.problems)))
            return
        except Exception as error:  # a bug must not stop serve: shown, then next save
            if self.stop.is_set():
                return
            if isinstance(error, BrokenProcessPool):  # a worker was killed: fork new ones
                self.workers.replace_broken()
            problem = Problem(str(self.content_dir), None, "",
                              _("the build stopped on an unexpected error: {error}").format(
                                  error=f"{type(error).__name__}: {error}"),
                              _("save again to retry; if it persists, please report it"))
            self.state.publish([problem])
            self.tell(str(problem))
            return
        self.state.publish([])
        self.tell(_("built: {parts} part(s) rendered again, {warnings} warning(s)").format(
            parts=len(result.rendered), warnings=len(result.warnings)))
