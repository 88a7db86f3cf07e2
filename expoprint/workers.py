"""Build the parts of the products side by side, one worker process a core.

A part (a poster format, a leaflet language, the labels) is rendered, finished for press and
checked by the preflight in one worker, which hands back the finished files and the problems
found: the parent only plans and writes. Workers are forked before any renderer is imported in
the parent, so each imports WeasyPrint, ReportLab and pikepdf once and keeps them for every part
it is given. One part, or one core, and everything runs here, without a pool.

`serve` asks more of the same workers (`forked_pool(shared=True)`): a part with `preview` sends
small pictures of its pages to `serve` as soon as its PDFs are rendered, before the preflight
and the full proof images; and a part a newer save made obsolete (its `slot` flagged by `cancel`)
stops at its next stage instead of finishing for nobody.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

from . import catalog
from .errors import ExpoprintError, Problem, Report
from .lifetime import worker_start
from .outputs import Output
from .products.base import BuildContext

# A part with more pages than this (a long label run) hands its renderers' memory back before the
# preflight opens its files; for the others a full collection costs more time than it frees.
LONG_RUN_PAGES = 50
SUPERSEDED_S = 0.02


@dataclass(frozen=True)
class Part:
    product: str
    part: str | None
    created: datetime
    proofs: bool = False  # also render its pages for the proofs, in the same worker
    # serve's: what the part is made from (its cache key), where its cancel flag is, and whether
    # its pages go to serve as previews (the proof images then come at the end, changed only)
    key: str = field(default="", compare=False)
    slot: int = field(default=-1, compare=False)
    preview: bool = field(default=False, compare=False)

    @property
    def label(self) -> str:
        return f"{self.product} {self.part}" if self.part else self.product


@dataclass
class Made:
    outputs: list[Output]
    problems: list[Problem]
    failed: bool = False
    pages: dict = field(default_factory=dict)  # path → its PageImages, when proofs were asked
    notes: list[str] = field(default_factory=list)  # what the product says besides its files
    cancelled: bool = False  # stopped half-way: a newer save made it obsolete


def make(ctx: BuildContext, part: Part) -> Made:
    """Render, finish and check one part; what the user must fix comes back as problems."""
    from .phrasebook import use_layouts
    from .preflight import check_outputs

    use_layouts(ctx.layouts)  # a worker forked before this build reads its phrasebooks too
    report = Report()
    task = replace(ctx, report=report, part=part.part, created=part.created, notes=[])
    try:
        outputs = catalog.load(part.product).build(task)
        report.raise_if_errors()
        if part.preview:
            send_previews(part, outputs)
        if obsolete(part):
            return Made([], [], failed=True, cancelled=True)
        if sum(output.pages for output in outputs) > LONG_RUN_PAGES:
            release_memory()
        check_outputs([o for o in outputs if o.is_pdf and o.use != "screen"], report, ctx.layouts)
    except ExpoprintError as error:
        return Made([], report.problems + error.problems + error.warnings, failed=True)
    pages = {}
    if part.proofs and not part.preview:
        from .proofs.render import render_range

        pages = {output.path: render_range(output, 0, output.pages)
                 for output in outputs if output.is_pdf}
    return Made(outputs, report.problems, pages=pages, notes=task.notes)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class Schedule:
    """What a build asks of its workers: the parts to make (`todo`, in the order to start them),
    every part of the build in the kit's order (`plan`), the files of the parts the cache gave
    (`cached`), and, by product, the products whose files it offers too (`reads`, their AFTER):
    such a part starts once theirs are made, and finds their files in `context.earlier`."""

    todo: list[Part]
    plan: list[Part]
    cached: dict[Part, list[Output]] = field(default_factory=dict)
    reads: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def waits(self, part: Part) -> set[Part]:
        return {p for p in self.todo if p.product in self.reads.get(part.product, ())}

    def context(self, ctx: BuildContext, part: Part, made: dict[Part, list[Output]]) -> BuildContext:
        in_build = {p.product for p in self.plan}
        names = [name for name in self.reads.get(part.product, ()) if name in in_build]
        if not names:
            return ctx
        return replace(ctx, earlier={name: [o for p in self.plan if p.product == name
                                            for o in made.get(p, [])] for name in names})


class Superseded(Exception):
    """A newer save makes the build under way pointless (serve): it stops handing parts out
    and writes nothing; the parts still running are the executor's to keep or give up."""


def awaited(futures: list, superseded: Callable[[], bool] | None = None) -> None:
    """Wait for these futures; Superseded as soon as `superseded` says so. Nothing to wait for
    imports nothing (concurrent.futures is 16 ms of a build that makes nothing)."""
    if not futures:
        return
    from concurrent.futures import wait

    pending = set(futures)
    while pending:
        if superseded and superseded():
            raise Superseded
        pending = wait(pending, SUPERSEDED_S if superseded else None).not_done


def make_all(ctx: BuildContext, schedule: Schedule,
             started: Callable[[Part], None] | None = None,
             executor=None, superseded: Callable[[], bool] | None = None
             ) -> Iterator[tuple[Part, Made]]:
    """Each part with what it made, in the order they finish; in `executor`'s workers if given,
    else in workers forked for this build. `superseded` is asked while parts run: when it says
    so, Superseded is raised."""
    if not schedule.todo:
        return  # a build with nothing to make does not import the pool's modules (12 ms)
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, wait

    pending, done = list(schedule.todo), set()
    made = dict(schedule.cached)
    running: dict = {}  # future → part, in the pool

    def ready(room: int) -> list[Part]:
        """Up to `room` parts whose inputs are made, in the schedule's order."""
        now = [part for part in pending if not schedule.waits(part) - done][:room]
        if pending and not now and not running:
            raise RuntimeError(f"parts wait for each other: {pending}")
        for part in now:
            pending.remove(part)
            if started:
                started(part)
        return now

    def finished(part: Part, result: Made) -> tuple[Part, Made]:
        done.add(part)
        made[part] = result.outputs
        return part, result

    workers = min(cores(), len(pending), MAX_WORKERS)
    if executor is None and (workers < 2 or "fork" not in multiprocessing.get_all_start_methods()):
        while pending:
            for part in ready(len(pending)):
                yield finished(part, make(schedule.context(ctx, part, made), part))
        return
    own = executor is None
    pool = forked_pool(workers) if own else executor
    try:
        while pending or running:
            # A part is handed over when a worker is free, not queued at once: one that waited
            # for others (the web site) then starts before the short parts queued behind it.
            if superseded and superseded():
                raise Superseded
            for part in ready(workers - len(running)):
                running[pool.submit(make, schedule.context(ctx, part, made), part)] = part
            # asked again every SUPERSEDED_S: a save must not wait for a long part to end
            for future in wait(running, SUPERSEDED_S if superseded else None,
                               return_when=FIRST_COMPLETED).done:
                yield finished(running.pop(future), future.result())
    except BaseException:
        if own:  # Ctrl-C or a failure: the parts under way are abandoned, not awaited (its
            # workers ignore Ctrl-C, which is ours to handle); nor is the pool's own thread,
            # which would wait for the results of workers it no longer has
            for process in list((pool._processes or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    if own:
        pool.shutdown()


CANCEL_SLOTS = 256  # parts under way at once, by far: a build has a dozen
_cancelled = None  # serve's pool: a flag a slot, shared with the workers (set before the fork)
_previews = None  # serve's pool: the queue the workers put their parts' previews in


def obsolete(part: Part) -> bool:
    """Whether serve has given up this part (a newer save changed what it is made from)."""
    return part.slot >= 0 and _cancelled is not None and bool(_cancelled[part.slot])


def cancel(slot: int, flag: bool = True) -> None:
    """Flag (or clear) a slot: the part holding it stops at its next stage."""
    if _cancelled is not None and 0 <= slot < CANCEL_SLOTS:
        _cancelled[slot] = int(flag)


def send_previews(part: Part, outputs: list[Output]) -> None:
    """Small pictures of the part's pages, straight from its PDFs at the size the contact sheet
    shows them, to serve before the preflight runs: what a person waits for is the page."""
    from .proofs.render import previews

    if _previews is not None and not obsolete(part):
        _previews.put((part.key, part.label, previews(outputs)))


def previews_queue():
    """The queue serve reads its workers' previews from (None without a shared pool)."""
    return _previews


def forked_pool(workers: int, shared: bool = False):
    """`workers` processes forked from this one now; `shared`: with the cancel flags and the
    previews' queue that serve uses, made before the fork so that the workers inherit them.

    What the parent holds by now (the content, the modules) is frozen out of the garbage
    collector first: a worker's collections then never walk, and so never copy, the memory pages
    it shares with the parent. In the worker, the collector runs less often: a layout makes
    hundreds of thousands of short-lived objects, few in cycles."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _cancelled, _previews

    context = multiprocessing.get_context("fork")
    if shared and _cancelled is None:  # one set for every pool serve forks
        _cancelled = context.Array("b", CANCEL_SLOTS, lock=False)
        _previews = context.SimpleQueue()
    gc.collect()
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=worker_start,
                                   initargs=(os.getpid(), WORKER_GC_THRESHOLDS, shared))
        pool.submit(int)  # with fork, the first task forks every worker at once
    finally:
        gc.unfreeze()  # the parent itself goes on collecting as before
    return pool


WORKER_GC_THRESHOLDS = (20_000, 20, 20)  # Python's own: (700, 10, 10)
MAX_WORKERS = 4


def release_memory() -> None:
    """Hand the renderers' freed memory back to the system before the preflight opens the
    files: a long label run otherwise keeps its peak for the rest of the build."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
