"""Problems a user can fix, reported as `file:line: field: message (fix)`.

Every failure caused by content, a layout or a PDF is raised as an `ExpoprintError`; the CLI turns
it into exit 1 with the problems listed. Anything else is a bug and may show a traceback.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .i18n import _

# Files whose places are rows, as a spreadsheet shows them, not lines of text.
TABLE_SUFFIXES = (".csv", ".xlsx", ".ods")


def is_table(file: str) -> bool:
    return file.lower().endswith(TABLE_SUFFIXES)


def place(file: str, line: int) -> str:
    """The place as the user's program numbers it: "row 12" in a spreadsheet, "line 12" in text."""
    return place_pattern(file).format(number=line)


def place_pattern(file: str) -> str:
    """`place`'s words, to fill in with `number`: once for a table's thousand rows."""
    return _("row {number}") if is_table(file) else _("line {number}")


@dataclass(frozen=True)
class Problem:
    """One thing to fix, and where: what the terminal prints is `str()`; what the proofs, `serve`
    and `check --json` place it by are the fields, never the words of the message (which are
    the user's language's)."""

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    severity: str = "error"
    code: str = ""  # a preflight finding's code (`low-resolution-image`)
    artefact: str = ""  # the id of the artefact it concerns
    output: str = ""  # the output file it concerns, relative to the output folder
    page: int | None = None  # its page in that file, from 1

    @classmethod
    def of(cls, fields: object) -> Problem:
        """A problem read back from a file a build wrote (the cache, its record); TypeError for
        anything a build would not have written there."""
        if not isinstance(fields, dict):
            raise TypeError("not a problem")
        problem = cls(**fields)
        for spec in dataclasses.fields(cls):
            value = getattr(problem, spec.name)
            text = isinstance(value, str)
            number = value is None or (isinstance(value, int) and not isinstance(value, bool))
            if not (text if spec.type == "str" else number):
                raise TypeError(f"{spec.name}: {value!r}")
        return problem

    def __str__(self) -> str:
        if not self.line:
            where = self.file
        elif is_table(self.file):
            where = f"{self.file}, {place(self.file, self.line)}"
        else:
            where = f"{self.file}:{self.line}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ExpoprintError(Exception):
    """A failure the user can fix; carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem, warnings: list[Problem] | None = None):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.warnings = list(warnings or [])
        super().__init__("\n".join(str(p) for p in self.problems))


class OptionError(ExpoprintError):
    """A command-line value that the content or the layouts refuse (an unknown sheet code or
    artefact id): the command line is wrong, so the CLI answers as click does, exit 2.

    The check lives where the facts are (the layouts' sheets, the content's ids) and says what
    would be right; `option` names the option as typed on the command line."""

    def __init__(self, option: str, message: str, hint: str = ""):
        self.option, self.message, self.hint = option, message, hint
        super().__init__(Problem(option, None, "", message, hint))

    @property
    def usage(self) -> str:
        """The message for click's "Invalid value for '--sheet': …" line."""
        return f"{self.message} ({self.hint})" if self.hint else self.message


@dataclass
class Report:
    """Problems collected while reading or rendering, so the user sees them all at once."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, file: str, line: int | None, where: str, message: str, hint: str = "",
              **placed) -> None:
        """`placed`: the fields that place it (code, artefact, output, page; see Problem)."""
        self.problems.append(Problem(file, line, where, message, hint, **placed))

    def warn(self, file: str, line: int | None, where: str, message: str, hint: str = "",
             **placed) -> None:
        self.problems.append(Problem(file, line, where, message, hint, "warning", **placed))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self, strict: bool = False) -> None:
        failing = self.problems if strict else self.errors
        if failing:
            raise ExpoprintError(failing, [] if strict else self.warnings)
