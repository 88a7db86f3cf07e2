"""What the live page shows, shared by the builder, the workers' previews and the HTTP threads.

A build under way shows its pages as soon as each part has rendered them: first a preview,
straight from the part's PDFs at the size the page shows it, marked "preflight pending" until
the part's preflight has run; the proof images replace them when the build is written. The
browser says which proof it shows (`look`), and the next build makes that part first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..errors import Problem

MAX_LOOKING = 1000  # characters of the path the page says it shows: a path of the manifest


@dataclass
class State:
    """The build the page was made from (`version`, bumped at each change of what it shows),
    whether one is under way, the problems of the last attempt, and of the build under way: the
    page images shown over the folder's (`fresh`, by their path in the output folder), those
    still waiting for their part's preflight (`pending`: path → part), the parts not pictured
    yet (`unseen`, once `planned`), the parts pictured (`pictures`) and the keys of its parts
    (`keys`: a preview of an older save's part is not shown). `looking`: the file the browser
    shows; `builds`: how many builds have started."""

    version: int = 0
    building: bool = True
    problems: list[Problem] = field(default_factory=list)
    fresh: dict[str, bytes] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)
    unseen: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    looking: str = ""
    builds: int = 0
    scheduled: bool = False
    pictures: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> None:
        """A build starts; the previews of a build it replaces stay shown until its own come."""
        with self.changed:
            self.building = True
            self.builds += 1
            self.scheduled, self.pictures = False, 0

    def planned(self, parts: dict[str, str]) -> None:
        """The parts the build makes (label → key): each is "unseen" until pictured."""
        with self.changed:
            self.keys = set(parts.values())
            self.unseen = set(parts)
            self.scheduled = True
            self.pending = {path: part for path, part in self.pending.items() if part in parts}
            self.bump()

    def preview(self, key: str, part: str, images: dict[str, bytes]) -> None:
        """A part's pages, rendered, not yet checked: shown, marked pending."""
        with self.changed:
            if key not in self.keys:
                return  # a part of a build a newer save replaced
            self.fresh = {**self.fresh, **images}
            self.pending.update(dict.fromkeys(images, part))
            self.pictures += part in self.unseen
            self.unseen.discard(part)
            self.bump()

    def made(self, part: str) -> None:
        """A part is made, its preflight run: its pages are no longer pending."""
        with self.changed:
            self.pending = {path: name for path, name in self.pending.items() if name != part}
            self.pictures += part in self.unseen
            self.unseen.discard(part)
            self.bump()

    def publish(self, problems: list[Problem]) -> None:
        """A build is over: the page shows the folder again, and these problems if it failed."""
        with self.changed:
            self.problems = problems
            self.building = False
            self.fresh, self.pending, self.unseen, self.keys = {}, {}, set(), set()
            self.bump()

    def look(self, path: str) -> None:
        """The browser shows this file (a path the manifest lists, as the page links it)."""
        if len(path) <= MAX_LOOKING and path.isprintable():
            with self.changed:
                self.looking = path

    def bump(self) -> None:
        self.version += 1
        self.changed.notify_all()

    def wait(self, version: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout)
            return self.version

    def summary(self) -> dict:
        """What /state answers: for the benchmark, the tests, and anyone curious."""
        with self.changed:
            return {"version": self.version, "building": self.building, "builds": self.builds,
                    "problems": [str(problem) for problem in self.problems],
                    "fresh": sorted(self.fresh), "pending": sorted(self.pending),
                    "unseen": sorted(self.unseen), "pictures": self.pictures,
                    "pictured": not self.building or (self.scheduled and not self.unseen),
                    "looking": self.looking}
