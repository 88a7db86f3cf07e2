"""Build the parts of the products side by side, one worker process a core.

A part (a poster format, a leaflet language, the labels) is rendered, finished for press and
checked by the preflight in one worker, which hands back the finished files and the problems
found: the parent only plans and writes. Workers are forked before any renderer is imported in
the parent, so each imports WeasyPrint, ReportLab and pikepdf once and keeps them for every part
it is given. One part, or one core, and everything runs here, without a pool.
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


@dataclass(frozen=True)
class Part:
    product: str
    part: str | None
    created: datetime
    proofs: bool = False  # also render its pages for the proofs, in the same worker

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
        if sum(output.pages for output in outputs) > LONG_RUN_PAGES:
            release_memory()
        check_outputs([o for o in outputs if o.is_pdf and o.use != "screen"], report)
    except ExpoprintError as error:
        return Made([], report.problems + error.problems + error.warnings, failed=True)
    pages = {}
    if part.proofs:
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


def make_all(ctx: BuildContext, schedule: Schedule,
             started: Callable[[Part], None] | None = None,
             executor=None) -> Iterator[tuple[Part, Made]]:
    """Each part with what it made, in the order they finish; in `executor`'s workers if given,
    else in workers forked for this build."""
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
            for part in ready(workers - len(running)):
                running[pool.submit(make, schedule.context(ctx, part, made), part)] = part
            for future in wait(running, return_when=FIRST_COMPLETED).done:
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


def forked_pool(workers: int):
    """`workers` processes forked from this one now.

    What the parent holds by now (the content, the modules) is frozen out of the garbage
    collector first: a worker's collections then never walk, and so never copy, the memory pages
    it shares with the parent. In the worker, the collector runs less often: a layout makes
    hundreds of thousands of short-lived objects, few in cycles."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    gc.collect()
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=worker_start,
                                   initargs=(os.getpid(), WORKER_GC_THRESHOLDS))
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
