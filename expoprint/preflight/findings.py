"""What a check finds: problems (severity, code, page, message) and facts, for one file.

Contract: a `FileReport` is the only thing the stages write to. Every message passes through
`readable()`, so no Python object repr, no second line of a library's error and no long run of
user text reaches a person. Messages come in the user's language, put into words by the stage
that finds them; codes and fact keys stay as SPEC.md names them. A report can stream what it
records to another process (`sink`), so a check that dies half-way still hands over what it
found and where it stopped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..i18n import _
from . import codes

REPR = re.compile(r"<[A-Za-z_][\w.]* object at 0x[0-9a-fA-F]+>|<pikepdf\.[^<>]{0,200}>")
PIKEPDF_OBJECT = re.compile(r"pikepdf\.(?:Name|String|Dictionary|Array|Stream)\(([^()]{0,80})\)")
MAX_MESSAGE = 300


def one_line(text: str, limit: int = 120) -> str:
    """The first line of a text, cut: how user text and library errors are quoted."""
    first = next((line.strip() for line in str(text).splitlines() if line.strip()), "")
    return first if len(first) <= limit else first[: limit - 1] + "…"


def readable(message: str, file: str | None = None) -> str:
    """A message fit for a person: reprs replaced by the file name, one line, bounded."""
    message = REPR.sub(_("the file") if file is None else file, str(message))
    message = PIKEPDF_OBJECT.sub(r"\1", message)
    message = " ".join(message.split())
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def side_name(side: str) -> str:
    """A side of the page as the facts name it ("left", "bottom", "right", "top"), in words."""
    return {"left": _("left"), "bottom": _("bottom"), "right": _("right"), "top": _("top")}[side]


def quote(text: str, limit: int = 40) -> str:
    """A sample of text from the file, quoted and cut to `limit` characters."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


@dataclass
class Finding:
    severity: str  # "error" or "warning"
    code: str
    page: int | None
    message: str


Sink = Callable[[tuple], None]


@dataclass
class FileReport:
    path: str
    ok: bool = True
    pages: int = 0
    problems: list[Finding] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)  # per page: trim, format, bleed, QR codes
    document: dict = field(default_factory=dict)  # output intent, PDF/X version, fonts, profile
    max_problems: int = 500
    dropped: int = 0  # problems beyond max_problems: counted, not listed
    stage: str = field(default_factory=lambda: _("opening the file"))
    sink: Sink | None = field(default=None, repr=False, compare=False)

    def add(self, code: str, page: int | None, message: str, severity: str = "") -> None:
        """A finding of `code`; its severity is the registry's for the file's use (`codes.py`),
        or `severity` where the registry says it goes by degree (a resolution under the floor
        or only under the target)."""
        severity = severity or codes.severity(code, self.document.get("profile", "press"))
        if severity == "error":
            self.ok = False
        if len(self.problems) >= self.max_problems:
            self.dropped += 1
            self.emit(("dropped", severity))
            return
        finding = Finding(severity, code, page, readable(message, self.path))
        self.problems.append(finding)
        self.emit(("problem", finding))

    def add_fact(self, fact: dict) -> None:
        self.facts.append(fact)
        self.emit(("fact", fact))

    def set(self, key: str, value) -> None:
        """A document fact (output intent, fonts, profile…), shown in the JSON report."""
        self.document[key] = value
        self.emit(("document", key, value))

    def set_pages(self, count: int) -> None:
        self.pages = count
        self.emit(("pages", count))

    def enter(self, stage: str) -> None:
        """Say what the check is doing, so a check cut short can say where it stopped."""
        self.stage = stage
        self.emit(("stage", stage))

    def emit(self, event: tuple) -> None:
        if self.sink is not None:
            self.sink(event)

    def apply(self, event: tuple) -> None:
        """Replay an event another process emitted."""
        kind = event[0]
        if kind == "problem":
            finding = event[1]
            self.problems.append(finding)
            self.ok = self.ok and finding.severity != "error"
        elif kind == "dropped":
            self.dropped += 1
            self.ok = self.ok and event[1] != "error"
        elif kind == "fact":
            self.facts.append(event[1])
        elif kind == "document":
            self.document[event[1]] = event[2]
        elif kind == "pages":
            self.pages = event[1]
        elif kind == "stage":
            self.stage = event[1]

    def codes(self) -> set[str]:
        return {p.code for p in self.problems}
