"""The output folder held by one build: refused, checked, locked and recovered before the render;
written once, all or nothing, at the end.

Everything a folder can refuse is found before the products are rendered (seconds of work): a
folder that is a file, cannot be created or written, a product sub-folder that is a link, a full
disk. A folder that would mix the build with the user's content (`--out` inside `--content`, the
reverse, `/`, the home folder) is refused before anything is created.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..catalog import output_folders
from ..errors import ExpoprintError, Problem
from ..i18n import _
from ..outputs import Output
from .journal import (
    JOURNAL,
    JOURNAL_TMP,
    STAGE_PREFIX,
    Journal,
    Unrecoverable,
    commit,
    discard,
    recover,
    remove_entry,
    roll_forward,
    stage_files,
)
from .lock import FolderLock
from .manifest import Plan, group, plan, validate_outputs
from .ownfile import read_bytes
from .paths import MANIFEST, foreign_files, sha_if_ours, some

MIN_FREE_BYTES = 1_000_000  # below this no build fits: say so before rendering
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def free_bytes(folder: Path) -> int:
    """Space this user may still write on the folder's disk (tests replace it)."""
    facts = os.statvfs(folder)
    return facts.f_bavail * facts.f_frsize


def why(error: OSError) -> str:
    """An OS error in the words of someone who never saw errno."""
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied")
    if error.errno == errno.EROFS:
        return _("the disk is read-only")
    if error.errno in DISK_FULL:
        return _("the disk is full")
    return error.strerror or str(error)


def megabytes(size: int) -> str:
    return _("{size:.1f} MB").format(size=size / 1e6)


def refuse(out_dir: Path, content_dir: Path | None) -> None:
    """A build removes its own earlier files where it writes: it must never write among the
    user's content or over a whole disk or home folder. Nothing is created before this check."""
    out = out_dir.resolve()
    content = content_dir.resolve() if content_dir is not None else None
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError):
        home = None
    if out == Path(out.anchor):
        message = _("the output folder (--out) is the root of the disk")
    elif out == home:
        message = _("the output folder (--out) is your home folder, which holds much more than a "
                    "build")
    elif content is None:
        return
    elif out == content:
        message = _("the output folder (--out) is the content folder: the build's files would mix "
                    "with your content files")
    elif out.is_relative_to(content):
        message = _("the output folder (--out) is inside the content folder {folder}: the "
                    "build's files would mix with your content files").format(folder=content_dir)
    elif content.is_relative_to(out):
        message = _("the output folder (--out) holds the content folder {folder}: the "
                    "build's files would mix with your content files").format(folder=content_dir)
    else:
        return
    raise ExpoprintError(Problem(str(out_dir), None, "", message,
                                 _("build into a folder of its own, e.g. --out output")))


@dataclass
class Written:
    """What a write did, for the command to tell."""

    manifest: dict
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changed: int = 0  # files whose bytes this build changed; the others were left as they were


class OutputFolder:
    """`with OutputFolder(out, content) as folder:` checks and locks the folder (waiting for
    another build), finishes or undoes an interrupted build; `folder.write(...)` writes this one.
    Leaving the block unlocks, and removes what a failed build created."""

    def __init__(self, out_dir: Path, content_dir: Path | None = None,
                 notice: Callable[[str], None] | None = None, wait_s: float | None = None) -> None:
        self.out_dir = out_dir
        self.shown = str(out_dir)
        self.content_dir = content_dir
        self.root = out_dir.resolve()
        self.lock = FolderLock(self.root, self.shown, notice, wait_s)
        self.created: Path | None = None  # the outermost folder this build created
        self.stage: Path | None = None
        self.committed = False
        self.notes: list[str] = []
        self.warnings: list[Problem] = []

    def __enter__(self) -> OutputFolder:
        try:
            self.open()
        except BaseException:
            self.close(failed=True)
            raise
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(failed=kind is not None)

    def problem(self, message: str, hint: str) -> ExpoprintError:
        return ExpoprintError(Problem(self.shown, None, "", message, hint))

    def cannot_write(self, error: OSError) -> ExpoprintError:
        if error.errno in DISK_FULL:
            return self.full(None)
        return self.problem(_("cannot write into this folder: {reason}").format(reason=why(error)),
                            _("choose a folder you can write to with --out"))

    def full(self, needed: int | None) -> ExpoprintError:
        free = megabytes(free_bytes(self.root))
        hint = _("free some space on it, or build onto another disk with --out")
        if needed is None:
            return self.problem(_("the disk holding {folder} is full ({free} free)").format(
                folder=self.shown, free=free), hint)
        return self.problem(_("the disk holding {folder} is full: {needed} needed, {free} free").format(
            folder=self.shown, needed=megabytes(needed), free=free), hint)

    def open(self) -> None:
        refuse(self.out_dir, self.content_dir)
        if os.path.lexists(self.root) and not self.root.is_dir():
            raise self.problem(_("is a file, not a folder"),
                               _("give --out a folder (it is created if missing), or move the file "
                                 "away"))
        missing, existing = None, self.root
        while not os.path.lexists(existing):
            missing, existing = existing, existing.parent
        if not existing.is_dir():
            blocking = self.out_dir  # named as the user wrote it
            while not os.path.lexists(blocking):
                blocking = blocking.parent
            raise self.problem(_("cannot be created: {path} is a file, not a folder").format(
                path=blocking), _("give --out a folder path"))
        self.created = missing
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise self.problem(_("cannot be created: {reason}").format(reason=why(error)),
                               _("choose a folder you can write to with --out")) from None
        try:
            self.lock.acquire()
        except OSError as error:
            raise self.cannot_write(error) from None
        self.recover()
        try:
            self.stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=self.root))
        except OSError as error:
            raise self.cannot_write(error) from None
        self.check_folders(PurePosixPath(name) for name in output_folders())
        if free_bytes(self.root) < MIN_FREE_BYTES:
            raise self.full(None)

    def recover(self) -> None:
        try:
            outcome = recover(self.root)
        except Unrecoverable as error:
            discard(self.root)
            self.warnings.append(Problem(
                self.shown, None, "",
                _("an interrupted earlier build could not be finished ({reason})").format(reason=error),
                _("this build replaces it; check the folder's other files"), "warning"))
            return
        except OSError as error:
            raise self.problem(_("an interrupted earlier build could not be finished: {reason}").format(
                reason=why(error)), _("fix that, then build again")) from None
        if outcome == "finished":
            self.notes.append(_("{folder}: first finished an interrupted build (all its files were "
                                "written; only their renaming was left)").format(folder=self.shown))
        elif outcome == "undone":
            self.notes.append(_("{folder}: first removed the unfinished files of an interrupted "
                                "build (the build before it was left intact)").format(folder=self.shown))

    def check_folders(self, folders: Iterable[PurePosixPath]) -> None:
        """Each folder the build writes into, where it exists, is a real, writable folder."""
        for folder in folders:
            path = self.root
            for part in folder.parts:
                path = path / part
                shown = f"{self.shown}/{path.relative_to(self.root).as_posix()}"
                try:
                    mode = os.lstat(path).st_mode
                except FileNotFoundError:
                    break
                if stat.S_ISLNK(mode):
                    raise ExpoprintError(Problem(
                        shown, None, "",
                        _("is a link: a build writes only inside {folder} itself").format(
                            folder=self.shown),
                        _("remove the link (the build then makes a real folder), or build into a "
                          "folder of its own, e.g. --out output")))
                if not stat.S_ISDIR(mode):
                    raise ExpoprintError(Problem(
                        shown, None, "", _("is a file where the build puts a folder"),
                        _("move the file away, or build into a folder of its own, e.g. --out "
                          "output")))
                if not os.access(path, os.W_OK):
                    raise ExpoprintError(Problem(shown, None, "",
                                                 _("cannot be written: permission denied"),
                                                 _("choose a folder you can write to with --out")))

    def write(self, outputs: list[Output], content_label: str, content_sha256: str,
              partial: bool = False, complete: set[str] | None = None,
              proof: dict | None = None) -> Written:
        """Write this build and drop the previous one's files it replaces, all at once.

        `partial`: the user chose part of the kit; `complete`: sets made in full, as
        manifest.group names them (default: those of the outputs); `proof`: the record of this
        build's proof (manifest.py)."""
        assert self.stage is not None, "write once, inside the with block"
        validate_outputs(outputs)
        decided = plan(self.root, outputs, content_label, content_sha256, partial,
                       {group(o.product, o.batch) for o in outputs} if complete is None else complete,
                       proof)
        self.check_folders(PurePosixPath(o.path).parent for o in outputs)
        for path in [output.path for output in outputs] + [MANIFEST]:
            if (self.root / path).is_dir():
                raise ExpoprintError(Problem(f"{self.shown}/{path}", None, "",
                                             _("is a folder where the build puts a file"),
                                             _("move the folder away, or build into a folder of its "
                                               "own, e.g. --out output")))
        manifest = (json.dumps(decided.manifest, indent=2, ensure_ascii=False) + "\n").encode()
        # A file already in place with the same bytes stays as it is (its date too): a build
        # that changed nothing writes nothing, one that changed a label rewrites the labels only.
        changed = [o for o in outputs
                   if sha_if_ours(self.root, o.path) != hashlib.sha256(o.data).hexdigest()]
        unchanged_manifest = self.holds(MANIFEST, manifest)
        if not changed and unchanged_manifest and not decided.remove:
            nothing = _("nothing changed: the folder already holds this build, every file as it was")
            return Written(decided.manifest, [*self.describe(decided), nothing],
                           self.warnings + self.foreign(decided.manifest))
        made = {o.path for o in changed}
        files = [(o.path, o.data) for o in changed] + [(MANIFEST, manifest)]
        needed = sum(len(data) for _path, data in files)
        if free_bytes(self.root) < needed:
            raise self.full(needed)
        try:
            stage_files(self.stage, files)
        except OSError as error:
            raise (self.full(needed) if error.errno in DISK_FULL else self.cannot_write(error)) from None
        journal = Journal(self.stage.name, tuple((e["path"], e["sha256"]) for e in decided.made
                                                 if e["path"] in made),
                          tuple(decided.remove), hashlib.sha256(manifest).hexdigest())
        try:
            commit(self.root, journal)
        except OSError as error:
            self.committed = os.path.lexists(self.root / JOURNAL)
            if not self.committed:
                raise (self.full(needed) if error.errno in DISK_FULL
                       else self.cannot_write(error)) from None
        self.committed = True
        try:
            roll_forward(self.root, journal, check=False)
        except OSError as error:
            raise self.problem(
                _("the new build is on disk but could not be put in place: {reason}").format(
                    reason=why(error)),
                _("fix that, then build again: the next build finishes this one first")) from None
        self.stage = None
        warnings = self.warnings + self.foreign(decided.manifest)
        return Written(decided.manifest, self.describe(decided), warnings, changed=len(changed))

    def holds(self, name: str, data: bytes) -> bool:
        """Whether the folder's own file `name` is a regular file (not a link) holding exactly
        `data`; read no further than that (a sparse giant in its place is not read whole)."""
        try:
            return read_bytes(self.root / name, len(data)) == data
        except (OSError, ValueError):
            return False

    def describe(self, decided: Plan) -> list[str]:
        notes = list(self.notes)
        if decided.kept:
            notes.append(_("kept from the previous build of the same content: {files}").format(
                files=some(decided.kept)))
        if decided.other_content:
            notes.append(_("removed, built from other content: {files}").format(
                files=some(decided.other_content)))
        if decided.dropped:
            notes.append(_("removed, no longer built: {files}").format(files=some(decided.dropped)))
        return notes

    def foreign(self, manifest: dict) -> list[Problem]:
        """Files beside ours that a printer could take for part of the build."""
        others = foreign_files(self.root, {entry["path"] for entry in manifest["outputs"]})
        if not others:
            return []
        return [Problem(self.shown, None, "",
                        _("also holds files this build did not write: {files}; a printer handed "
                          "this folder may take them for part of the build").format(files=some(others)),
                        _("move them out of the folder, or build into an empty folder"), "warning")]

    def close(self, failed: bool) -> None:
        if self.stage is not None and not self.committed:
            with contextlib.suppress(OSError):
                remove_entry(self.stage)
                remove_entry(self.root / JOURNAL_TMP)
            self.stage = None
        self.lock.release()
        if failed and self.created is not None:
            # A failed build leaves no trace, not even the folder it created for itself.
            path = self.root
            with contextlib.suppress(OSError):
                while True:
                    path.rmdir()
                    if path == self.created:
                        break
                    path = path.parent
