"""Budgets: how much time, memory and work the preflight may spend on one file.

Contract: every stage that could be made to run long or grow large by a hostile file takes its
numbers from a `Limits`; going over a budget is never a crash but a `check-limited` warning (the
part left unchecked is named) or, when the file itself is at fault, a `damaged` error.
`check` uses `Limits()` (untrusted files: each file and its renderer in child processes);
the build's own preflight uses `Limits.for_build()` (our own outputs: in process, fast).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

MIB = 2**20


@dataclass(frozen=True)
class Limits:
    pages: int = 40  # pages checked one by one; beyond, a sample spread through the file
    operators: int = 500_000  # content-stream operators per page, forms included
    content_bytes: int = 32 * MIB  # decompressed content per page
    depth: int = 12  # forms inside forms
    image_pixels: int = 25_000_000  # an image decoded whole to measure its ink
    streamed_image_pixels: int = 300_000_000  # one inflated a strip at a time (time, not memory)
    render_pixels: int = 30_000_000  # one page rendered (QR codes, the ground under reversed text)
    render_image_pixels: int = 150_000_000  # a page drawing a larger image is not rendered
    actions: int = 10_000  # actions and annotations followed in the whole file
    problems: int = 500  # problems listed per file
    memory: int = 1024 * MIB  # address space of each child process (RLIMIT_AS)
    seconds: float = 20.0  # per file; pages after it are left unchecked (and said so)
    isolate: bool = True  # the file and its renderer in child processes
    trusted: bool = False  # our own build's outputs: an exception is a bug to show, not hide

    @classmethod
    def for_build(cls, pages: int) -> Limits:
        """The build's own outputs: no child process, no clock; still bounded in work."""
        return replace(cls(), pages=pages, isolate=False, trusted=True, seconds=math.inf,
                       render_image_pixels=2**62)


class Deadline:
    """Wall-clock budget of one file; `passed()` is cheap enough for a loop."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self.end

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())
