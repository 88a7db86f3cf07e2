"""The build's own files turned against it: the cache, the journal, the manifest, the lock and the
last proof's page images, as links, FIFOs, sparse giants, nested JSON or crafted entries.

Each must end as a damaged file does (a warning and a full rebuild, or a message), never a hang,
a MemoryError, a RecursionError, nor a byte read from outside the output folder or written
there through a link."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT
from hostile import page_with
from PIL import Image

from expoprint.build import run_build
from expoprint.cache import FILE, BuildCache
from expoprint.cli import main
from expoprint.errors import Report
from expoprint.products.base import Output
from expoprint.proofs import kept_pages
from expoprint.writer.paths import CACHE

POSTER = "poster/affiche-A3-297x420mm.pdf"
KINDS = ("fifo", "dev-zero", "sparse", "nested", "link-out")


def build(out: Path):
    return run_build(FIXTURES / "minimal", out, only=("poster",), formats=("A3",))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("own") / "out"
    build(out)
    return out


@pytest.fixture
def out(built, tmp_path) -> Path:
    shutil.copytree(built, tmp_path / "out", symlinks=True)
    return tmp_path / "out"


def cache_data(out: Path) -> dict:
    return json.loads((out / CACHE / FILE).read_text())


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_cached_file_reached_through_a_link_is_never_copied(out, tmp_path):
    """A crafted entry says the poster's bytes are an outside file's, and the poster is a link
    to it: the cache does not follow it, and the build renders the poster again."""
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 not for the printer")
    data = cache_data(out)
    [key] = [k for k, entry in data["parts"].items()
             if any(o["path"] == POSTER for o in entry["outputs"])]
    [record] = data["parts"][key]["outputs"]
    record["sha256"] = sha(secret.read_bytes())
    (out / CACHE / FILE).write_text(json.dumps(data))
    (out / POSTER).unlink()
    (out / POSTER).symlink_to(secret)

    assert BuildCache(out, Report()).get(key, out) is None
    build(out)
    assert not (out / POSTER).is_symlink()
    assert (out / POSTER).read_bytes().startswith(b"%PDF") and secret.read_bytes() not in (
        out / POSTER).read_bytes()
    listed = {e["path"]: e["sha256"] for e in json.loads((out / "manifest.json").read_text())["outputs"]}
    assert listed[POSTER] == sha((out / POSTER).read_bytes()) != sha(secret.read_bytes())


@pytest.mark.parametrize("kind", ["fifo", "sparse", "dev-zero"])
def test_a_cached_file_that_is_not_a_regular_file_is_rendered_again(out, kind):
    data = cache_data(out)
    [key] = [k for k, entry in data["parts"].items()
             if any(o["path"] == POSTER for o in entry["outputs"])]
    (out / POSTER).unlink()
    if kind == "fifo":
        os.mkfifo(out / POSTER)
    elif kind == "sparse":
        with open(out / POSTER, "wb") as file:
            file.truncate(8 << 30)
    else:
        (out / POSTER).symlink_to("/dev/zero")
    assert BuildCache(out, Report()).get(key, out) is None
    assert build(out).rendered == ["poster A3"]
    assert (out / POSTER).is_file() and not (out / POSTER).is_symlink()


@pytest.mark.parametrize("path", ["../../x", "/etc/passwd", "poster/.hidden.pdf", "manifest.json"])
def test_a_cache_entry_naming_a_path_outside_the_products_is_a_bad_cache(out, path):
    data = cache_data(out)
    for entry in data["parts"].values():
        entry["outputs"][0]["path"] = path
    (out / CACHE / FILE).write_text(json.dumps(data))
    result = build(out)
    assert result.rendered == ["poster A3"]
    messages = [str(w) for w in result.warnings]
    assert any("the build cache cannot be read; everything is rebuilt" in m for m in messages)
    assert not any("layouts/" in m for m in messages), messages


def test_a_linked_cache_folder_is_never_written_through(out, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(out / CACHE)
    (out / CACHE).symlink_to(elsewhere)
    result = build(out)
    assert any(f"{CACHE}: is not a folder of the build's (a link, or a file)" in str(w)
               for w in result.warnings)
    assert list(elsewhere.iterdir()) == []
    assert (out / CACHE).is_symlink()


def test_a_full_disk_while_the_cache_is_saved_leaves_no_partial_file(out, monkeypatch):
    before = (out / CACHE / FILE).read_bytes()
    (out / CACHE / ".parts-from-a-killed-save").write_bytes(b"{")

    class Full(io.RawIOBase):
        def __init__(self, fd: int):
            self.fd = fd

        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            os.write(self.fd, bytes(data[:10]))
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            if not self.closed:
                os.close(self.fd)
            super().close()

    class FullDisk:
        def __getattr__(self, name: str):
            return getattr(os, name)

        def fdopen(self, fd: int, _mode: str):
            return Full(fd)

    cache = BuildCache(out, Report())
    monkeypatch.setattr("expoprint.writer.ownfile.os", FullDisk())
    cache.save(set(cache.entries))
    assert os.listdir(out / CACHE) == [FILE]
    assert (out / CACHE / FILE).read_bytes() == before


# --- links, FIFOs, sparse giants, nested JSON, in a child under a memory limit ------------------

CHILD = textwrap.dedent("""
    import json, os, resource, sys
    from pathlib import Path

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GB for the whole child
    from expoprint.cache import BuildCache
    from expoprint.errors import ExpoprintError, Report
    from expoprint.preflight.files import Manifests
    from expoprint.writer import read_build, read_manifest
    from expoprint.writer.journal import JOURNAL, Unrecoverable, recover
    from expoprint.writer.lock import LOCK, FolderLock, holder_of

    kind, root = sys.argv[1], Path(sys.argv[2])

    def plant(path):
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dev-zero":
            path.symlink_to("/dev/zero")
        elif kind == "sparse":
            with open(path, "wb") as file:
                file.truncate(8 << 30)
        elif kind == "nested":
            path.write_text("[" * 200_000 + "]" * 200_000)
        elif kind == "link-out":
            (root / "outside.json").write_text('{"version": 2, "parts": {}, "outputs": []}')
            path.symlink_to(root / "outside.json")

    said = {}
    out = root / "cache"
    (out / ".expoprint-cache").mkdir(parents=True)
    plant(out / ".expoprint-cache" / "parts.json")
    report = Report()
    said["cache"] = [BuildCache(out, report).entries == {}, [str(p) for p in report.problems]]

    out = root / "manifest"
    out.mkdir()
    plant(out / "manifest.json")
    said["manifest"] = [read_manifest(out), Manifests().read(out)]

    out = root / "journal"
    out.mkdir()
    plant(out / JOURNAL)
    try:
        recover(out)
        said["journal"] = "recovered"
    except Unrecoverable as error:
        said["journal"] = str(error)
    try:
        read_build(out)
    except ExpoprintError as error:
        said["read_build"] = str(error)

    out = root / "lock"
    out.mkdir()
    plant(out / LOCK)
    said["holder"] = holder_of(out / LOCK)
    lock = FolderLock(out, "out", wait_s=1)
    lock.acquire()
    said["locked"] = (out / LOCK).is_file() and not (out / LOCK).is_symlink()
    lock.release()
    print(json.dumps(said))
""")


@pytest.mark.parametrize("kind", KINDS)
def test_the_builds_own_files_never_hang_or_exhaust_memory(tmp_path, kind):
    child = subprocess.run([sys.executable, "-c", CHILD, kind, str(tmp_path)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    said = json.loads(child.stdout)
    cleared, warnings = said["cache"]
    assert cleared and len(warnings) == 1
    assert "parts.json: the build cache cannot be read; everything is rebuilt" in warnings[0]
    assert said["manifest"] == [None, None]
    assert said["journal"] == ("its journal is damaged" if kind == "nested" else
                               "its journal cannot be read")
    assert said["read_build"].endswith(
        f"holds an interrupted build that cannot be finished here: {said['journal']} (build "
        "again into this folder, with the right to write there)")
    assert said["holder"] is None and said["locked"] is True


# --- the last proof's page images -------------------------------------------------------------

def png(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels, whatever its data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 4)) + chunk(b"IEND", b""))


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 30), "white").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("kind", ["as-listed", "link", "bomb", "fifo", "not-listed"])
def test_the_last_proofs_images_are_reused_only_as_listed(tmp_path, kind):
    pdf = Output("poster/a3.pdf", "poster", "A3", (297, 420), 3, 1, b"%PDF-1.6 poster")
    large, thumb = "proofs/poster/a3-p01.png", "proofs/poster/a3-p01-small.png"
    image = png(100_000, 100_000) if kind == "bomb" else small_png()
    (tmp_path / "proofs/poster").mkdir(parents=True)
    (tmp_path / thumb).write_bytes(small_png())
    if kind == "link":
        (tmp_path / "outside.png").write_bytes(image)
        (tmp_path / large).symlink_to(tmp_path / "outside.png")
    elif kind == "fifo":
        os.mkfifo(tmp_path / large)
    else:
        (tmp_path / large).write_bytes(image)
    listed = {pdf.path: sha(pdf.data), large: sha(image), thumb: sha(small_png())}
    if kind == "not-listed":
        listed[large] = sha(b"another image")
    manifest = {"outputs": [{"path": path, "sha256": digest} for path, digest in listed.items()]}

    pages = kept_pages(pdf, manifest, {pdf.path: ["f" * 64]}, tmp_path)

    if kind == "as-listed":
        assert pages is not None and pages[0].large == image and pages[0].large_px == (20, 30)
    else:
        assert pages is None


def test_check_reports_every_file_beside_a_nested_manifest(tmp_path):
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(page_with(b"0 0 0 1 k 10 10 100 100 re f"))
    (tmp_path / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    result = CliRunner().invoke(main, ["check", "--json", str(tmp_path)])
    assert result.exit_code in (0, 1), result.output
    assert "RecursionError" not in result.output
    reported = {Path(f["path"]).name for f in json.loads(result.output)["files"]}
    assert reported == {"a.pdf", "b.pdf"}


def test_a_layouts_folders_odd_files_are_digested_in_bounded_memory(tmp_path):
    """A museum's own layouts folder feeds the cache keys: a FIFO there is skipped, a large
    (here sparse) file hashed as a stream, in a child held to 256 MB, less than the file."""
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "poster.yaml").write_text("formats: []\n")
    os.mkfifo(layouts / "pipe.yaml")
    (layouts / "zero.yaml").symlink_to("/dev/zero")
    with open(layouts / "big.bin", "wb") as file:
        file.truncate(320 << 20)
    script = textwrap.dedent("""
        import resource, sys
        from pathlib import Path
        resource.setrlimit(resource.RLIMIT_AS, (256 << 20, 256 << 20))
        from expoprint.cache import tree_digest
        print(tree_digest(Path(sys.argv[1])))
    """)
    child = subprocess.run([sys.executable, "-c", script, str(layouts)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    assert len(child.stdout.strip()) == 64


@pytest.mark.parametrize("kind", ["fifo", "sparse", "nested", "link-to-a-copy"])
def test_a_manifest_that_is_not_ours_is_replaced_by_the_next_build(out, tmp_path, kind):
    manifest = out / "manifest.json"
    good = manifest.read_bytes()
    manifest.unlink()
    if kind == "fifo":
        os.mkfifo(manifest)
    elif kind == "sparse":
        with open(manifest, "wb") as file:
            file.truncate(8 << 30)
    elif kind == "nested":
        manifest.write_text("[" * 200_000 + "]" * 200_000)
    else:  # the very bytes, but elsewhere: a link is not our manifest
        (tmp_path / "copy.json").write_bytes(good)
        manifest.symlink_to(tmp_path / "copy.json")
    build(out)
    assert not manifest.is_symlink() and manifest.is_file()
    assert json.loads(manifest.read_text())["outputs"][0]["path"] == POSTER


@pytest.mark.parametrize(("name", "exit_code", "said"), [
    (".expoprint-journal.json", 0, "an interrupted earlier build could not be finished (its "
                                   "journal cannot be read)"),
    (".expoprint.lock", 1, "/.expoprint.lock: is a folder where a build keeps its lock (move the "
                           "folder away, then build again)"),
    ("manifest.json", 1, "/manifest.json: is a folder where the build puts a file"),
])
def test_a_folder_at_one_of_our_names_is_a_message(out, name, exit_code, said):
    (out / name).unlink(missing_ok=True)
    (out / name / "theirs").mkdir(parents=True)
    result = CliRunner().invoke(main, ["build", "--content", str(FIXTURES / "minimal"), "--out",
                                       str(out), "--only", "poster", "--format", "A3"])
    assert result.exit_code == exit_code, result.output
    assert said in result.output and "Traceback" not in result.output
