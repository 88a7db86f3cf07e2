"""Kills and races: a child process is killed between two renames (or while staging), or two
builds write into one folder at once; the folder is then read from the outside."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from test_writer import assert_one_complete_build, files

from expoprint.errors import ExpoprintError
from expoprint.products.base import Output
from expoprint.writer import OutputFolder, content_digest, read_build, write_build
from expoprint.writer.journal import JOURNAL, STAGE_PREFIX
from expoprint.writer.lock import LOCK, FolderLock

OLD_CONTENT, NEW_CONTENT = "a" * 64, "b" * 64
OLD = [("poster/a3.pdf", "poster"), ("poster/a2.pdf", "poster"), ("leaflet/dl.pdf", "leaflet"),
       ("labels/cut.pdf", "labels"), ("labels/L7165.pdf", "labels")]
NEW = [("poster/a3.pdf", "poster"), ("poster/a1.pdf", "poster"), ("labels/cut.pdf", "labels")]
# Renames of a commit of NEW: 1 the journal, 2-4 the three files, 5 the manifest.
RENAMES = 5

# The child: write NEW into the folder, dying at the chosen instant. The hooks are the writer's
# own seams (every rename goes through journal.replace, every staged file through write_file).
CHILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from expoprint.products.base import Output
    from expoprint.writer import journal, write_build

    out, where, at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    calls = {"rename": 0, "stage": 0}
    real_replace, real_write = journal.replace, journal.write_file

    def replace(*args):
        calls["rename"] += 1
        if where == "rename" and calls["rename"] == at:
            os._exit(9)
        real_replace(*args)

    def write_file(path, data):
        calls["stage"] += 1
        if where == "stage" and calls["stage"] == at:
            path.write_bytes(data[:5])
            os._exit(9)
        real_write(path, data)

    journal.replace, journal.write_file = replace, write_file
    if where == "finish":
        journal.finish = lambda *args: os._exit(9)
    outputs = [Output(path, product, "A3", (297, 420), 3, 1, f"%PDF-1.6 new {path}".encode())
               for path, product in NEW]
    write_build(out, outputs, "content", NEW_CONTENT)
""").replace("NEW_CONTENT", repr(NEW_CONTENT)).replace("in NEW]", f"in {NEW!r}]")


def old_build(out: Path) -> None:
    outputs = [Output(path, product, "A3", (297, 420), 3, 1, f"%PDF-1.6 old {path}".encode())
               for path, product in OLD]
    write_build(out, outputs, "content", OLD_CONTENT)


def consistent(folder: Path) -> bool:
    try:
        assert_one_complete_build(folder)
    except AssertionError:
        return False
    return True


def kill(out: Path, where: str, at: int) -> None:
    child = subprocess.run([sys.executable, "-c", CHILD, str(out), where, str(at)],
                           capture_output=True, text=True, cwd=ROOT)
    assert child.returncode == 9, child.stderr


@pytest.mark.parametrize(("where", "at"), [("stage", 2), ("rename", 1)] +
                         [("rename", n) for n in range(2, RENAMES + 1)] + [("finish", 0)])
def test_a_killed_build_leaves_one_complete_build_after_the_next_start(tmp_path, where, at):
    out = tmp_path / "out"
    old_build(out)
    kill(out, where, at)
    committed = where == "finish" or (where == "rename" and at > 1)
    assert (out / JOURNAL).exists() == committed
    assert [p for p in os.listdir(out) if p.startswith(STAGE_PREFIX)]  # the kill left work behind
    if where == "rename" and 3 <= at <= RENAMES:
        assert not consistent(out)  # new files beside the old manifest: what recovery must fix

    manifest = read_build(out)  # the next start of anything reading the folder

    assert manifest == assert_one_complete_build(out)
    expected = (NEW, "new", NEW_CONTENT) if committed else (OLD, "old", OLD_CONTENT)
    assert manifest["content_sha256"] == expected[2]
    assert {e["path"] for e in manifest["outputs"]} == {path for path, _ in expected[0]}
    for path, _ in expected[0]:
        assert (out / path).read_bytes() == f"%PDF-1.6 {expected[1]} {path}".encode()
    assert not (out / LOCK).exists()


def test_the_next_build_finishes_the_interrupted_one_and_says_so(tmp_path):
    out = tmp_path / "out"
    old_build(out)
    (out / "notes.txt").write_text("mine")
    kill(out, "rename", 3)
    written = write_build(out, [Output("poster/a3.pdf", "poster", "A3", (297, 420), 3, 1, b"%PDF 3")],
                          "content", NEW_CONTENT, partial=True)
    assert written.notes[0].startswith(f"{out}: first finished an interrupted build")
    # the interrupted build (NEW) was finished, so its labels are this content's: kept; its
    # posters are made again, in full, and a1 is not among them any more
    assert written.notes[1:] == ["kept from the previous build of the same content: labels/cut.pdf",
                                 "removed, no longer built: poster/a1.pdf"]
    manifest = assert_one_complete_build(out)
    assert {e["path"] for e in manifest["outputs"]} == {"poster/a3.pdf", "labels/cut.pdf"}
    assert (out / "notes.txt").read_text() == "mine"


def test_a_crafted_journal_removes_nothing_of_the_users(tmp_path):
    out = tmp_path / "out"
    old_build(out)
    (out / "poster" / "mine.pdf").write_bytes(b"%PDF mine")
    mine = hashlib.sha256(b"%PDF mine").hexdigest()
    (out / JOURNAL).write_text(json.dumps({
        "schema": 1, "stage": f"{STAGE_PREFIX}x", "write": [], "manifest_sha256": "0" * 64,
        "remove": [["poster/mine.pdf", mine], ["../outside.pdf", mine]]}))
    with pytest.raises(ExpoprintError, match="not a file of a build"):
        read_build(out)
    (out / JOURNAL).write_text(json.dumps({
        "schema": 1, "stage": f"{STAGE_PREFIX}x", "write": [["poster/a3.pdf", "1" * 64]],
        "manifest_sha256": "0" * 64, "remove": [["poster/mine.pdf", mine]]}))
    with pytest.raises(ExpoprintError, match="neither staged nor in place"):
        read_build(out)
    assert (out / "poster" / "mine.pdf").read_bytes() == b"%PDF mine"
    # a build cannot finish it either: it drops it, says so, and writes a complete build
    written = write_build(out, [Output("poster/a3.pdf", "poster", "A3", (297, 420), 3, 1, b"%PDF 3")],
                          "content", NEW_CONTENT)
    assert "an interrupted earlier build could not be finished" in written.warnings[0].message
    assert (out / "poster" / "mine.pdf").read_bytes() == b"%PDF mine"
    assert consistent(out) is False  # mine.pdf is not ours: the helper counts it, the build names it
    assert "poster/mine.pdf" in written.warnings[1].message


def test_a_killed_real_build_recovers_at_the_next_build(tmp_path):
    out = tmp_path / "out"
    code = ("import os, sys\nfrom expoprint.writer import journal\nreal = journal.replace\ncalls = []\n"
            "def replace(*a):\n    calls.append(a)\n    if len(calls) == 3:\n        os._exit(9)\n"
            "    real(*a)\njournal.replace = replace\nfrom expoprint.cli import main\nmain(sys.argv[1:])")
    args = ["build", "--content", str(FIXTURES / "minimal"), "--out", str(out),
            "--only", "labels", "--sheet", "L7165"]
    first = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 9, first.stderr
    assert not (out / "manifest.json").exists() and (out / JOURNAL).exists()
    second = subprocess.run([sys.executable, "generate.py", *args], capture_output=True, text=True,
                            cwd=ROOT)
    assert second.returncode == 0, second.stderr
    assert "first finished an interrupted build" in second.stdout
    assert_one_complete_build(out)


SLOW_BUILD = textwrap.dedent("""
    import sys, time
    import expoprint.products.labels as labels
    real = labels.build
    def build(ctx):
        time.sleep(1.5)
        return real(ctx)
    labels.build = build
    from expoprint.cli import main
    main(sys.argv[1:])
""")


def test_two_builds_into_one_folder_take_turns(tmp_path):
    out = tmp_path / "out"
    kit = ["--out", str(out), "--only", "labels", "--sheet", "L7165"]
    first = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, "build", "--content",
                              str(FIXTURES / "minimal"), *kit],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    deadline = time.monotonic() + 30
    while f'"pid": {first.pid}' not in ((out / LOCK).read_text() if (out / LOCK).exists() else ""):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    second = subprocess.run([sys.executable, "generate.py", "build", *kit], capture_output=True,
                            text=True, cwd=ROOT)
    _, first_err = first.communicate(timeout=60)
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second.stderr
    assert f"waiting: {out} is being written by another build (pid {first.pid}, since " in second.stderr
    assert second.stderr.count("waiting:") == 1
    # the second started last and wrote last: the folder is its build, whole
    manifest = assert_one_complete_build(out)
    content = ROOT / "content"
    assert manifest["content_sha256"] == content_digest(
        content, [content / n for n in ("exhibition.yaml", "timeline.yaml", "artefacts.yaml")])
    assert "removed, built from other content" not in second.stdout  # same paths, all made again
    assert not (out / LOCK).exists()


def test_a_build_gives_up_waiting_with_who_holds_the_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    holder = FolderLock(out, str(out))
    holder.acquire()
    told = []
    try:
        start = time.monotonic()
        with pytest.raises(ExpoprintError) as caught, OutputFolder(out, notice=told.append, wait_s=1.5):
            pass
        assert time.monotonic() - start >= 1.5
    finally:
        holder.release()
    assert f"is still being written by another build (pid {os.getpid()}, since " in str(caught.value)
    assert len(told) == 1 and f"(pid {os.getpid()}, since " in told[0]
    assert files(out) == {}


def test_a_read_only_folder_with_an_interrupted_build_is_reported_not_misread(tmp_path):
    out = tmp_path / "out"
    old_build(out)
    kill(out, "rename", 3)
    if os.geteuid() != 0:
        out.chmod(0o555)
    elif shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(out)]).returncode:
        pytest.skip("chattr +i is not available on this file system")
    try:
        with pytest.raises(ExpoprintError, match="holds an interrupted build that cannot be finished here: "):
            read_build(out)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(out)], check=True)
        else:
            out.chmod(0o755)
    assert read_build(out)["content_sha256"] == NEW_CONTENT
    assert_one_complete_build(out)
