"""What `check` is given, turned into files to check, each with its profile, each checked on
its own.

Contract: `find_targets(paths, office)` expands folders (recursively, hidden folders and
symbolic links to folders left out) into their PDFs and gives each file its profile: the `use`
of the output-folder manifest that lists it (found by looking up its parent folders), else the
manifest's older fields (`bleed_mm` 0 or a sheet `variant` such as L7163 mean office), else
`--office`, else press. A file named on the command line with `--office` is office whatever the
manifest says. `check_files(targets, limits)` checks each target in its own child process
(limits.memory, limits.seconds): a file that crashes, exhausts memory or hangs a library gets
its own finding (`damaged`, or `check-limited` when it ran out of time), and the other files
are reported as usual. Only
regular files are opened: a FIFO or a device is reported, not read.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..i18n import _, language, translations
from ..writer.ownfile import read_json
from .check import PROFILES, check_pdf
from .findings import FileReport
from .limits import Limits
from .pictures import judged_by
from .sandbox import run_child

MANIFEST = "manifest.json"
MAX_FILES = 100_000
MAX_MANIFEST = 16 * 2**20
MANIFEST_LEVELS = 8
SHEET_VARIANT = re.compile(r"L\d{4}\b.*")


@dataclass(frozen=True)
class Target:
    path: Path
    shown: str  # as the report names it
    profile: str
    reason: str  # where the profile comes from: manifest, --office, default
    ppi: tuple[float, float] | None = None  # a poster's resolution floor and target, if given


def pdfs_in(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / f for f in sorted(files)
                  if f.lower().endswith(".pdf") and not f.startswith(".")]
        if len(found) >= MAX_FILES:
            break
    return found[:MAX_FILES]


class Manifests:
    """Output-folder manifests, read once each, and the entry that lists a given file."""

    def __init__(self):
        self.cache: dict[Path, dict[str, dict] | None] = {}

    def read(self, folder: Path) -> dict[str, dict] | None:
        if folder not in self.cache:
            self.cache[folder] = None
            path = folder / MANIFEST
            try:
                # A link, a FIFO, a sparse giant or nested brackets: OSError or ValueError.
                data = read_json(path, MAX_MANIFEST)
                outputs = data.get("outputs") if isinstance(data, dict) else None
                if isinstance(outputs, list):
                    self.cache[folder] = {
                        str(PurePosixPath(str(e["path"]))): e for e in outputs
                        if isinstance(e, dict) and isinstance(e.get("path"), str)}
            except (OSError, ValueError):
                pass  # an unreadable manifest is no manifest: the file gets the default profile
        return self.cache[folder]

    def entry(self, file: Path) -> dict | None:
        try:
            resolved = file.resolve()
        except OSError:
            return None
        for folder in list(resolved.parents)[:MANIFEST_LEVELS]:
            entries = self.read(folder)
            if entries:
                relative = resolved.relative_to(folder).as_posix()
                if relative in entries:
                    return entries[relative]
        return None


def profile_of(entry: dict) -> str:
    use = entry.get("use")
    if use in PROFILES:
        return use
    variant = str(entry.get("variant", ""))
    if entry.get("bleed_mm") == 0 or SHEET_VARIANT.fullmatch(variant):
        return "office"
    return "press"


def ppi_of(entry: dict) -> tuple[float, float] | None:
    """A poster's [floor, target] in ppi as its manifest gives it; None when absent or not two
    positive numbers, the floor first (the bundled layouts' numbers then apply)."""
    ppi = entry.get("ppi")
    if (isinstance(ppi, list) and len(ppi) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 10_000
                    for v in ppi) and ppi[0] <= ppi[1]):
        return float(ppi[0]), float(ppi[1])
    return None


def find_targets(paths: list[Path], office: bool) -> tuple[list[Target], list[str]]:
    """The files to check, and notes about folders that held none."""
    manifests = Manifests()
    targets: list[Target] = []
    notes: list[str] = []
    for path in paths:
        if path.is_dir():
            files = pdfs_in(path)
            if not files:
                notes.append(_("{folder}: no PDF in this folder").format(folder=path))
            for file in files:
                entry = manifests.entry(file)
                if entry is not None:
                    targets.append(Target(file, str(file), profile_of(entry), "manifest",
                                          ppi_of(entry)))
                else:
                    targets.append(Target(file, str(file), "office" if office else "press",
                                          "--office" if office else "default"))
        elif office:
            targets.append(Target(path, str(path), "office", "--office"))
        else:
            entry = manifests.entry(path)
            targets.append(Target(path, str(path), profile_of(entry) if entry else "press",
                                  "manifest" if entry else "default",
                                  ppi_of(entry) if entry else None))
    return targets, notes


def regular_file(target: Target, report: FileReport) -> bool:
    try:
        mode = os.stat(target.path).st_mode
    except OSError as exc:
        report.add("not-a-pdf", None,
                   _("cannot be read: {reason}").format(reason=exc.strerror or exc))
        return False
    if stat.S_ISREG(mode):
        return True
    if stat.S_ISFIFO(mode):
        message = _("is a FIFO, not a PDF file; only files are read")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        message = _("is a device, not a PDF file; only files are read")
    elif stat.S_ISSOCK(mode):
        message = _("is a socket, not a PDF file; only files are read")
    else:
        message = _("is not a regular file, not a PDF file; only files are read")
    report.add("not-a-pdf", None, message)
    return False


def check_files(targets: list[Target], limits: Limits | None = None) -> list[FileReport]:
    limits = limits or Limits()
    if (lang := language()) != "en":
        translations(lang)  # read the catalog once, here, rather than in each child process
    return [check_target(target, limits) for target in targets]


def check_target(target: Target, limits: Limits) -> FileReport:
    report = FileReport(target.shown)
    report.set("profile", target.profile)
    report.set("profile_from", target.reason)
    if not regular_file(target, report):
        return report
    if not limits.isolate:
        with judged_by(target.ppi):
            return check_pdf(target.path, target.shown, target.profile, limits=limits,
                             report=report)

    errors: list[str] = []
    hard = limits.seconds + 5  # the check stops itself at limits.seconds; this is the backstop

    def work(send):
        report.sink = send
        with judged_by(target.ppi):
            check_pdf(target.path, target.shown, target.profile, limits=limits, report=report)

    outcome = run_child(work, lambda event: report.apply(event) if event[0] != "error"
                        else errors.append(event[1]), memory=limits.memory, seconds=hard)
    if outcome.finished:
        return report
    stage = report.stage
    if outcome.timed_out:
        report.add("check-limited", None,
                   _("the check ran out of time ({seconds:g} s) while {stage}; the rest was not "
                     "checked").format(seconds=hard, stage=stage))
    else:
        cause = errors[0] if errors else outcome.describe()
        report.add("damaged", None,
                   _("the check stopped while {stage}: the file made a library fail or exceed "
                     "{memory} MB of memory ({cause}); the rest was not checked").format(
                       stage=stage, memory=limits.memory // 2**20, cause=cause))
    return report
