"""serve's worker processes: forked once, warm for the session, shared by the builds.

The two workers are forked when serve starts and import the renderers at once (lifetime.warm_up),
while the parent reads the content; they stay for every build (a killed one is replaced), and a
part goes back to the worker that made its kind before when it can. They are handed the builds'
parts by key, what each part is made from (cache.py):
- a part asked again while it runs (a save during a build that did not change its inputs) is
  not made twice: the newer build waits for the same one;
- a build's `keep` gives up the parts it does not need: one not started is cancelled, one
  under way stops at its next stage (workers.cancel): a save makes the previous one's obsolete
  parts stop, not finish for nobody;
- their previews (workers.send_previews) are read by a thread of this process and handed to
  `on_preview` (the page's State);
- what can wait (the proof images, `submit_later`) is handed to them only when every part of the
  build has been handed out and a worker is free: a part never waits behind a page's image.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace

from .. import workers
from ..workers import Part

WORKERS = 2  # the machines have two cores; one build's parts keep both busy


class Workers:
    """The worker processes, each a pool of its own, and the parts given to them, by key (with
    the slot of their cancel flag).

    A worker's first part of a kind pays for what that kind loads once a process (the labels'
    fonts and hyphenation, a poster's templates and faces: 0.3 to 0.6 s): a part goes to the
    worker that made its product last when that one is free, so an artefact edited finds its
    labels' worker warm."""

    def __init__(self, on_preview: Callable[[str, str, dict[str, bytes]], None]):
        self.on_preview = on_preview
        self.lock = threading.RLock()
        self.idle = threading.Condition(self.lock)  # a task ended, or one waits: look again
        self.parts: dict[str, tuple[Future, int]] = {}
        self.busy = [0] * WORKERS  # tasks handed to each worker and not ended
        self.made_by: dict[str, int] = {}  # product → the worker that made it last
        self.unsubmitted: set[str] = set()  # keys of the build's parts not handed out yet
        self.later: deque[tuple[Future, Callable, tuple]] = deque()
        self.stopped = False
        self.pools = self.fork()
        if (queue := workers.previews_queue()) is not None:
            threading.Thread(target=self.read_previews, args=(queue,), daemon=True,
                             name="expoprint-previews").start()
        threading.Thread(target=self.hand_later, daemon=True, name="expoprint-later").start()

    @staticmethod
    def fork() -> list:
        """The workers, forked now (before this process runs other threads, but after a broken
        pool), sharing one previews' queue and one set of cancel flags."""
        return [workers.forked_pool(1, shared=True) for _ in range(WORKERS)]

    def read_previews(self, queue) -> None:
        while (message := queue.get()) is not None:
            self.on_preview(*message)

    def submit(self, fn: Callable, *args) -> Future:
        """As an executor's submit; a part (workers.make's) is shared by key, and gets a
        cancel flag of its own."""
        part = args[-1] if args else None
        if fn is not workers.make or not isinstance(part, Part) or not part.key:
            return self.start(fn, args)
        with self.lock:
            self.unsubmitted.discard(part.key)
            self.idle.notify()
            if (known := self.parts.get(part.key)) is not None and usable(known[0]):
                return known[0]
            slot = self.free_slot()
            workers.cancel(slot, False)
            future = self.start(fn, (*args[:-1], replace(part, slot=slot)), part.product)
            self.parts[part.key] = (future, slot)
            return future

    def submit_later(self, fn: Callable, *args) -> Future:
        """As `submit`, for a task that gives way to the parts: handed to a worker only when
        every part of the build has been handed out and a worker is free."""
        future: Future = Future()
        with self.lock:
            self.later.append((future, fn, args))
            self.idle.notify()
        return future

    def start(self, fn: Callable, args: tuple, product: str = "") -> Future:
        with self.lock:
            index = self.choose(product)
            self.busy[index] += 1
            if product:
                self.made_by[product] = index
            future = self.pools[index].submit(fn, *args)
        future.add_done_callback(lambda _done: self.ended(index))
        return future

    def choose(self, product: str) -> int:
        """The worker that made this product last if it is free, else the least busy."""
        if (index := self.made_by.get(product)) is not None and not self.busy[index]:
            return index
        return min(range(WORKERS), key=lambda worker: self.busy[worker])

    def ended(self, index: int) -> None:
        with self.lock:
            self.busy[index] -= 1
            self.idle.notify()

    def hand_later(self) -> None:
        """The thread that hands the waiting tasks over, one when a worker is free (not from
        the pools' own callbacks, which run in their management threads)."""
        while True:
            with self.lock:
                self.idle.wait_for(lambda: self.stopped or (
                    self.later and min(self.busy) == 0 and not self.unsubmitted))
                if self.stopped:
                    return
                future, fn, args = self.later.popleft()
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    real = self.start(fn, args)
                except Exception as error:  # a pool broken or shut down: said to the waiter
                    future.set_exception(error)
                    continue
            real.add_done_callback(lambda done, future=future: settle(done, future))

    def keep(self, keys: set[str]) -> None:
        """The parts a new build makes: the others are given up (cancelled before they start,
        told to stop if under way) and forgotten (a made part holds its PDFs in memory)."""
        with self.lock:
            self.unsubmitted = set(keys)
            for key in [key for key in self.parts if key not in keys]:
                future, slot = self.parts.pop(key)
                if not future.cancel() and not future.done():
                    workers.cancel(slot)
            while self.later:  # an earlier build's proof images: the new one asks its own
                self.later.popleft()[0].cancel()

    def free_slot(self) -> int:
        taken = {slot for _future, slot in self.parts.values()}
        return next(slot for slot in range(workers.CANCEL_SLOTS) if slot not in taken)

    def replace_broken(self) -> None:
        """A worker was killed (its pool is broken): fork new ones, forget the old parts."""
        self.stop_workers()
        with self.lock:
            self.parts, self.made_by, self.unsubmitted = {}, {}, set()
            self.busy = [0] * WORKERS
            while self.later:
                self.later.popleft()[0].cancel()
            self.pools = self.fork()

    def stop_workers(self) -> None:
        """Abandon the parts under way, not await them (forked workers wait on a queue whose
        write end they also hold: left alone, they would outlive the server forever)."""
        import multiprocessing

        for pool in self.pools:
            pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()

    def shutdown(self) -> None:
        """The end of serve: the workers and this object's threads stop."""
        with self.lock:
            self.stopped = True
            self.idle.notify_all()
        self.stop_workers()
        if (queue := workers.previews_queue()) is not None:
            queue.put(None)


def usable(future: Future) -> bool:
    """A part's future a newer build may wait for: running, or made (not given up half-way,
    nor failed on a crash: that one is asked again)."""
    if future.cancelled():
        return False
    if not future.done():
        return True
    return future.exception() is None and not future.result().cancelled


def settle(done: Future, future: Future) -> None:
    """Hand a pool task's outcome to the future given out for it."""
    if done.cancelled():
        future.cancel()
    elif (error := done.exception()) is not None:
        future.set_exception(error)
    else:
        future.set_result(done.result())
