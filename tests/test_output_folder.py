"""Real builds into folders that already hold something: another exhibition, a skipped product,
the user's own files, a folder that cannot take the build. Read from the outside: the files, their
sha256, the manifest on disk, and what the command printed."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, copy_content, edit
from test_writer import assert_one_complete_build, files

from expoprint import catalog
from expoprint.build import run_build
from expoprint.cli import main
from expoprint.writer import content_digest, folder, journal
from expoprint.writer.paths import CACHE

MINIMAL = FIXTURES / "minimal"


def digest(content: Path) -> str:
    return content_digest(content, [p for p in content.iterdir() if p.is_file()])


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def minimal_kit(tmp_path_factory) -> Path:
    """A full build of the minimal fixture, copied by each test that builds over it."""
    out = tmp_path_factory.mktemp("minimal-kit") / "out"
    run_build(MINIMAL, out)
    return out


@pytest.fixture
def no_render(monkeypatch):
    """The products' renderers, replaced: a test using this proves the render never started."""
    def refuse(ctx):
        raise AssertionError("the render started")
    for entry in catalog.PRODUCTS:
        monkeypatch.setattr(entry.load(), "build", refuse)


def test_another_exhibition_leaves_only_its_files_and_the_users(default_kit, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(default_kit.out_dir, out)
    (out / "lisez-moi.txt").write_text("à garder")
    (out / "poster" / "mon-affiche.pdf").write_bytes(b"%PDF mine")
    english = out / "leaflet" / "depliant-A4-DL-297x210mm-en.pdf"
    assert english.exists()

    result = run_build(MINIMAL, out)

    manifest = assert_one_complete_build(out, theirs=("poster/mon-affiche.pdf",))
    assert manifest["content_sha256"] == digest(MINIMAL)
    assert sorted(e["path"] for e in manifest["outputs"]) == sorted(o.path for o in result.outputs)
    assert not english.exists()  # the Besançon leaflet's English version: not of this exhibition
    assert (out / "lisez-moi.txt").read_text() == "à garder"
    assert (out / "poster" / "mon-affiche.pdf").read_bytes() == b"%PDF mine"
    [warning] = [w for w in result.warnings if "did not write" in w.message]
    assert "lisez-moi.txt, poster/mon-affiche.pdf;" in warning.message
    [note] = result.notes  # the English leaflets and booklets, then the other exhibition's site
    assert note.startswith("removed, no longer built: leaflet/depliant-A4-DL-297x210mm-en.pdf, "
                           "leaflet/depliant-en-web.pdf, "
                           "large-print/gros-caracteres-A4-210x297mm-en.pdf, "
                           "large-print/gros-caracteres-A4-bureau-en.pdf, web/")


def test_a_skipped_products_old_files_are_gone(minimal_kit, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(minimal_kit, out)
    content = copy_content(tmp_path, MINIMAL)
    (content / "timeline.yaml").unlink()
    leaflets = sorted(p.name for p in (out / "leaflet").iterdir())
    assert leaflets

    result = run_build(content, out)

    assert any("leaflet: skipped" in str(w) for w in result.warnings)
    assert_one_complete_build(out)
    assert not (out / "leaflet").exists()
    [note] = result.notes  # the leaflets, then the site's copy and its fonts cut for other text
    assert note.startswith(f"removed, no longer built: leaflet/{', leaflet/'.join(leaflets)}, web/")


def test_only_poster_keeps_the_same_contents_other_files_and_says_so(minimal_kit, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(minimal_kit, out)
    before = assert_one_complete_build(out)

    result = cli("build", "--content", str(MINIMAL), "--out", str(out), "--only", "poster")

    assert result.exit_code == 0, result.output
    assert "kept from the previous build of the same content: leaflet/" in result.stdout
    after = assert_one_complete_build(out)
    assert sorted(e["path"] for e in after["outputs"]) == sorted(e["path"] for e in before["outputs"])


def test_only_poster_of_other_content_removes_the_rest_and_says_so(minimal_kit, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(minimal_kit, out)
    content = copy_content(tmp_path, MINIMAL)
    edit(content / "exhibition.yaml", "Exposition d'essai", "Une autre exposition")

    result = cli("build", "--content", str(content), "--out", str(out), "--only", "poster")

    assert result.exit_code == 0, result.output
    assert "removed, built from other content: leaflet/" in result.stdout
    manifest = assert_one_complete_build(out)
    assert {e["product"] for e in manifest["outputs"]} == {"poster"}
    assert manifest["content_sha256"] == digest(content)
    assert sorted(set(os.listdir(out)) - {CACHE}) == ["manifest.json", "poster"]


def test_the_summary_says_how_many_files_for_whom_and_where(tmp_path):
    out = tmp_path / "out"
    result = cli("build", "--out", str(out), "--only", "labels", "--sheet", "L7165")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:4] == [f"  {out}/labels/cartels-148x105mm.pdf",
                         f"  {out}/labels/etiquettes-L7165-210x297mm.pdf",
                         f"  {out}/labels/liste-pose.pdf", f"  {out}/labels/liste-pose.csv"]
    warnings = result.stderr.count("warning: ")
    # the placeholders, three sentences over 25 words, four cut labels set under their 18 pt
    # body to fit, and one of them under the type a visitor reads at 400 mm (readability)
    assert warnings == 5 + 3 + 4 + 1
    assert lines[-1] == (f"4 files written to {out}/ — 1 for the printer, 3 for an office printer; "
                         f"{warnings} warnings; 1 part(s) rebuilt")


def test_warnings_that_strict_turned_into_errors_print_as_errors(tmp_path):
    out = tmp_path / "out"
    result = cli("build", "--out", str(out), "--only", "labels", "--sheet", "L7165", "--strict")
    assert result.exit_code == 1
    assert "error: content/exhibition.yaml: qr_base_url: still holds the placeholder" in result.stderr
    assert "warning:" not in result.stderr
    assert "build failed: 5 problem(s)" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("where", ["content", "content/print", "parent", "root", "home"])
def test_an_output_folder_among_the_content_is_refused(tmp_path, monkeypatch, no_render, where):
    content = copy_content(tmp_path, MINIMAL)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    out = {"content": content, "content/print": content / "print", "parent": tmp_path,
           "root": Path("/"), "home": tmp_path / "home"}[where]
    before = files(tmp_path)
    result = cli("build", "--content", str(content), "--out", str(out))
    assert result.exit_code == 1, result.output
    reason = {"content": "is the content folder", "content/print": "is inside the content folder",
              "parent": "holds the content folder", "root": "is the root of the disk",
              "home": "is your home folder"}[where]
    assert f"error: {out}: the output folder (--out) {reason}" in result.stderr
    assert "(build into a folder of its own, e.g. --out output)" in result.stderr
    assert files(tmp_path) == before
    assert not Path("/.expoprint.lock").exists()


def test_a_file_as_the_output_folder_fails_before_the_render(tmp_path, no_render):
    taken = tmp_path / "taken"
    taken.write_text("a file")
    result = cli("build", "--content", str(MINIMAL), "--out", str(taken))
    assert result.exit_code == 1
    assert f"error: {taken}: is a file, not a folder (give --out a folder" in result.stderr
    result = cli("build", "--content", str(MINIMAL), "--out", str(taken / "out"))
    assert result.exit_code == 1
    assert f"error: {taken}/out: cannot be created: {taken} is a file, not a folder" in result.stderr
    assert taken.read_text() == "a file"
    assert sorted(os.listdir(tmp_path)) == ["taken"]


@pytest.fixture
def read_only(tmp_path):
    """A folder nobody can write into, root included (root ignores permissions: chattr +i)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "keep.txt").write_text("kept")
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(locked)]).returncode:
            pytest.skip("chattr +i is not available on this file system")
    else:
        locked.chmod(0o555)
    yield locked
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
    else:
        locked.chmod(0o755)


def test_a_read_only_output_folder_fails_before_the_render(read_only, no_render):
    with pytest.raises(OSError):
        (read_only / "probe").write_text("")  # the fixture really is read-only
    start = time.monotonic()
    result = cli("build", "--content", str(MINIMAL), "--out", str(read_only))
    assert result.exit_code == 1
    assert time.monotonic() - start < 1
    assert (f"error: {read_only}: cannot write into this folder: permission denied (choose a folder "
            f"you can write to with --out)") in result.stderr
    assert os.listdir(read_only) == ["keep.txt"]


def test_a_full_disk_fails_before_the_render(tmp_path, monkeypatch, no_render):
    monkeypatch.setattr(folder, "free_bytes", lambda path: 300_000)
    result = cli("build", "--content", str(MINIMAL), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {tmp_path}/out: the disk holding {tmp_path}/out is full (0.3 MB free)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_disk_filling_up_while_staging_leaves_the_folder_as_it_was(minimal_kit, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(minimal_kit, out)
    before = files(out)

    def full(path, data):
        path.write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal, "write_file", full)
    content = copy_content(tmp_path, MINIMAL)
    edit(content / "exhibition.yaml", "Exposition d'essai", "Une autre exposition")
    result = cli("build", "--content", str(content), "--out", str(out), "--only", "labels",
                 "--sheet", "L7165")
    assert result.exit_code == 1
    assert f"error: {out}: the disk holding {out} is full: 0." in result.stderr
    assert " MB needed, " in result.stderr and f"{out} was left as it was" in result.stderr
    assert files(out) == before
