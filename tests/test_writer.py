"""The writer with made-up outputs: what a build owns, what it removes, what it never touches.

Every test reads the folder from the outside (file bytes, sha256, the manifest on disk)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from expoprint.catalog import output_folders
from expoprint.errors import ExpoprintError
from expoprint.products.base import Output
from expoprint.writer import content_digest, journal, write_build
from expoprint.writer import folder as writer_folder
from expoprint.writer.paths import CACHE

SAME = "a" * 64  # content_sha256 of "the same content"
OTHER = "b" * 64


def output(path: str, product: str = "poster", data: bytes | None = None, **facts) -> Output:
    return Output(path, product, "A3", (297, 420), 3, 1, data or f"%PDF-1.6 {path}".encode(), **facts)


KIT = [output("poster/a3.pdf"), output("poster/a2.pdf"), output("leaflet/dl.pdf", "leaflet"),
       output("labels/cut.pdf", "labels"), output("labels/L7165.pdf", "labels", press=False)]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(folder: Path) -> dict[str, bytes]:
    """Every file and link in the folder, hidden ones included, links not followed."""
    found = {}
    for top, folders, names in os.walk(folder):
        for name in names + [f for f in folders if (Path(top) / f).is_symlink()]:
            path = Path(top) / name
            found[path.relative_to(folder).as_posix()] = \
                f"-> {os.readlink(path)}".encode() if path.is_symlink() else path.read_bytes()
    return found


def assert_one_complete_build(folder: Path, theirs: tuple[str, ...] = ()) -> dict:
    """The manifest on disk lists exactly the build's files (beside `theirs`, the user's own), each
    with its sha256, and nothing hidden is left over."""
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {entry["path"]: entry["sha256"] for entry in manifest["outputs"]}
    for path, digest in listed.items():
        assert sha(folder / path) == digest, path
    ours = {p for p in files(folder) if p.split("/")[0] in output_folders()} - set(theirs)
    assert ours == set(listed)
    # Nothing hidden left over; the build cache (a working folder that stays) is not a leftover.
    assert not [p for p in os.listdir(folder) if p.startswith(".expoprint") and p != CACHE]
    return manifest


def test_refuses_paths_outside_and_twice(tmp_path):
    for bad in ("../evil.pdf", "/etc/evil.pdf", "evil.pdf", "poster/../../evil.pdf"):
        with pytest.raises(ExpoprintError, match=r"outside the output folder|not inside a product folder"):
            write_build(tmp_path, [output(bad)], "content", SAME)
    with pytest.raises(ExpoprintError, match="written twice"):
        write_build(tmp_path, [output("poster/a.pdf"), output("poster/a.pdf")], "content", SAME)
    assert list(tmp_path.iterdir()) == []


def test_the_manifest_says_who_each_file_is_for_and_which_content(tmp_path):
    kit = [*KIT, output("leaflet/dl-web.pdf", "leaflet", use="screen")]
    written = write_build(tmp_path, kit, "content", SAME)
    manifest = assert_one_complete_build(tmp_path)
    assert manifest == written.manifest
    assert manifest["content_sha256"] == SAME
    uses = {entry["path"]: entry["use"] for entry in manifest["outputs"]}
    assert uses == {"poster/a3.pdf": "press", "poster/a2.pdf": "press", "leaflet/dl.pdf": "press",
                    "labels/cut.pdf": "press", "labels/L7165.pdf": "office",
                    "leaflet/dl-web.pdf": "screen"}
    assert [o.press for o in kit] == [True, True, True, True, False, False]


def test_a_full_build_leaves_only_its_own_files(tmp_path):
    write_build(tmp_path, KIT, "content", SAME)
    written = write_build(tmp_path, [output("poster/a3.pdf", data=b"%PDF new")], "other", OTHER)
    manifest = assert_one_complete_build(tmp_path)
    assert [e["path"] for e in manifest["outputs"]] == ["poster/a3.pdf"]
    assert not (tmp_path / "leaflet").exists()  # emptied product folders go too
    assert any("removed, no longer built: poster/a2.pdf, leaflet/dl.pdf" in n for n in written.notes)


def test_a_partial_build_keeps_the_same_contents_files_and_says_so(tmp_path):
    write_build(tmp_path, KIT, "content", SAME)
    posters = [output("poster/a3.pdf", data=b"%PDF new"), output("poster/a2.pdf")]
    written = write_build(tmp_path, posters, "content", SAME, partial=True)
    manifest = assert_one_complete_build(tmp_path)
    assert sorted(e["path"] for e in manifest["outputs"]) == sorted(o.path for o in KIT)
    assert (tmp_path / "poster/a3.pdf").read_bytes() == b"%PDF new"
    assert written.notes == ["kept from the previous build of the same content: "
                             "leaflet/dl.pdf, labels/cut.pdf, labels/L7165.pdf"]
    # poster was made in full: its A2 is gone from this build, so it goes from the folder
    write_build(tmp_path, [output("poster/a3.pdf")], "content", SAME, partial=True)
    assert not (tmp_path / "poster/a2.pdf").exists()
    assert_one_complete_build(tmp_path)


def test_a_partial_build_of_other_content_removes_the_rest_and_says_so(tmp_path):
    write_build(tmp_path, KIT, "content", SAME)
    written = write_build(tmp_path, [output("poster/a3.pdf")], "content", OTHER, partial=True)
    manifest = assert_one_complete_build(tmp_path)
    assert [e["path"] for e in manifest["outputs"]] == ["poster/a3.pdf"]
    assert written.notes == ["removed, built from other content: poster/a2.pdf, leaflet/dl.pdf, "
                             "labels/cut.pdf, labels/L7165.pdf"]


def test_a_narrowed_product_keeps_its_other_files(tmp_path):
    """--sheet L7163 after a full build: the L7165 sheet of the same content stays."""
    write_build(tmp_path, KIT, "content", SAME)
    write_build(tmp_path, [output("labels/cut.pdf", "labels"), output("labels/L7163.pdf", "labels")],
                "content", SAME, partial=True, complete=set())
    manifest = assert_one_complete_build(tmp_path)
    listed = {e["path"] for e in manifest["outputs"]}
    assert {"labels/L7165.pdf", "labels/L7163.pdf", "poster/a2.pdf"} <= listed


def test_files_the_build_never_wrote_stay_and_are_named(tmp_path):
    write_build(tmp_path, KIT, "content", SAME)
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "poster/affiche-2019.pdf").write_bytes(b"%PDF old exhibition")
    (tmp_path / "photos").mkdir()
    for n in range(4):
        (tmp_path / "labels" / f"scan-{n}.pdf").write_bytes(b"%PDF scan")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    before = {p: b for p, b in files(tmp_path).items() if p not in {o.path for o in KIT}}
    written = write_build(tmp_path, [output("poster/a3.pdf")], "content", SAME)
    after = files(tmp_path)
    assert {p: after.get(p) for p in before if p != "manifest.json"} == \
        {p: b for p, b in before.items() if p != "manifest.json"}
    [warning] = written.warnings
    assert warning.severity == "warning"
    assert ("also holds files this build did not write: labels/scan-0.pdf, labels/scan-1.pdf, "
            "labels/scan-2.pdf, labels/scan-3.pdf, notes.txt and 2 more; a printer handed this "
            "folder may take them for part of the build") in warning.message
    assert "build into an empty folder" in warning.hint
    assert ".DS_Store" not in str(warning) and ".expoprint" not in str(warning)


def crafted(folder: Path, entries: list[dict]) -> None:
    (folder / "manifest.json").write_text(json.dumps(
        {"schema": 1, "content": "content", "content_sha256": SAME, "outputs": entries}))


def test_a_crafted_manifest_deletes_nothing_of_the_users(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "timeline.yaml").write_text("schema: 1\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.pdf").write_bytes(b"%PDF theirs")
    theirs = sha(elsewhere / "precious.pdf")
    out = tmp_path / "out"
    (out / "poster").mkdir(parents=True)
    (out / "timeline.yaml").write_text("schema: 1\n")  # --out a folder holding a timeline.yaml
    (out / "poster" / "mine.pdf").write_bytes(b"%PDF mine")
    (out / "leaflet" / "real.pdf").mkdir(parents=True)
    (out / "leaflet" / "link.pdf").symlink_to(elsewhere / "precious.pdf")
    (out / "leaflet" / "through").symlink_to(elsewhere, target_is_directory=True)
    (out / "link").symlink_to(elsewhere, target_is_directory=True)
    crafted(out, [
        {"path": "../content/timeline.yaml", "sha256": sha(content / "timeline.yaml")},
        {"path": str(content / "timeline.yaml"), "sha256": sha(content / "timeline.yaml")},
        {"path": "timeline.yaml", "sha256": sha(out / "timeline.yaml")},
        {"path": "link/precious.pdf", "sha256": theirs},
        {"path": "leaflet/through/precious.pdf", "sha256": theirs},
        {"path": "leaflet/link.pdf", "sha256": theirs},
        {"path": "poster/mine.pdf", "sha256": "0" * 64},
        {"path": "poster/mine.pdf", "sha256": "not a sha"},
        {"path": ["poster/mine.pdf"], "sha256": sha(out / "poster/mine.pdf")},
        {"path": "leaflet/real.pdf", "sha256": "0" * 64},
        "poster/mine.pdf",
    ])
    before = files(content), files(elsewhere), files(out)
    written = write_build(out, [output("poster/a3.pdf")], "content", SAME)
    after = files(out)
    assert (files(content), files(elsewhere)) == before[:2]
    assert {p: b for p, b in after.items() if p not in ("manifest.json", "poster/a3.pdf")} == \
        {p: b for p, b in before[2].items() if p != "manifest.json"}
    assert (out / "leaflet" / "link.pdf").is_symlink() and (out / "leaflet/real.pdf").is_dir()
    assert not written.notes
    for name in ("leaflet/link.pdf", "leaflet/through", " link,", "poster/mine.pdf"):
        assert name in written.warnings[0].message


def test_a_product_folder_that_is_a_link_is_refused_before_anything_is_written(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.pdf").write_bytes(b"%PDF theirs")
    out = tmp_path / "out"
    out.mkdir()
    (out / "web").symlink_to(elsewhere, target_is_directory=True)
    crafted(out, [{"path": "web/precious.pdf", "sha256": sha(elsewhere / "precious.pdf")}])
    before = files(tmp_path)
    with pytest.raises(ExpoprintError, match=r"out/web: is a link: a build writes only inside"):
        write_build(out, [output("poster/a3.pdf")], "content", SAME)
    assert files(tmp_path) == before


def test_a_file_of_ours_changed_by_hand_is_no_longer_ours(tmp_path):
    write_build(tmp_path, KIT, "content", SAME)
    (tmp_path / "leaflet/dl.pdf").write_bytes(b"%PDF edited in Acrobat")
    written = write_build(tmp_path, [output("poster/a3.pdf")], "content", SAME)
    assert (tmp_path / "leaflet/dl.pdf").read_bytes() == b"%PDF edited in Acrobat"
    assert "leaflet/dl.pdf" in written.warnings[0].message


def test_a_full_disk_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    write_build(tmp_path, KIT, "content", SAME)
    before = files(tmp_path)
    real = journal.write_file
    written_files = []

    def fill_the_disk(path: Path, data: bytes) -> None:
        if written_files:
            path.write_bytes(data[:3])  # the disk fills in the middle of a file
            raise OSError(errno.ENOSPC, "No space left on device")
        written_files.append(path)
        real(path, data)

    monkeypatch.setattr(journal, "write_file", fill_the_disk)
    new = [output(o.path, o.product, b"%PDF-1.6 " + b"x" * 1_500_000) for o in KIT]
    with pytest.raises(ExpoprintError) as caught:
        write_build(tmp_path, new, "content", OTHER)
    assert f"the disk holding {tmp_path} is full: 7.5 MB needed" in str(caught.value)
    assert files(tmp_path) == before
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".expoprint")]

    monkeypatch.setattr(journal, "write_file", real)
    monkeypatch.setattr(writer_folder, "free_bytes", lambda folder: 2_000_000)
    with pytest.raises(ExpoprintError, match=r"full: 7.5 MB needed, 2.0 MB free"):
        write_build(tmp_path, new, "content", OTHER)
    assert files(tmp_path) == before


def test_hidden_working_files_are_not_ours_to_list(tmp_path):
    written = write_build(tmp_path, KIT, "content", SAME)
    assert not [e for e in written.manifest["outputs"] if ".expoprint" in e["path"]]
    assert not written.warnings
    assert sorted(os.listdir(tmp_path)) == ["labels", "leaflet", "manifest.json", "poster"]


def test_the_content_digest_is_the_content_not_its_place(tmp_path):
    one, two = tmp_path / "one", tmp_path / "elsewhere" / "two"
    for folder in (one, two):
        folder.mkdir(parents=True)
        (folder / "exhibition.yaml").write_text("schema: 1\ntitle: A\n")
        (folder / "timeline.yaml").write_text("schema: 1\n")
    digest = content_digest(one, [one / "exhibition.yaml", one / "timeline.yaml"])
    assert digest == content_digest(two, [two / "timeline.yaml", two / "exhibition.yaml"])
    (two / "timeline.yaml").write_text("schema: 1\n ")
    assert digest != content_digest(two, [two / "timeline.yaml", two / "exhibition.yaml"])
    # a file moved from one name to another is other content
    assert digest != content_digest(one, [one / "exhibition.yaml"])


def test_a_disk_full_while_committing_the_journal_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    write_build(tmp_path, KIT, "content", SAME)
    before = files(tmp_path)
    real = journal.write_file

    def no_room_for_the_journal(path: Path, data: bytes) -> None:
        if path.name == journal.JOURNAL_TMP:
            path.write_bytes(data[:10])
            raise OSError(errno.EDQUOT, "Disk quota exceeded")
        real(path, data)

    monkeypatch.setattr(journal, "write_file", no_room_for_the_journal)
    with pytest.raises(ExpoprintError, match="is full: "):
        write_build(tmp_path, [output("poster/a3.pdf", data=b"%PDF new")], "content", OTHER)
    assert files(tmp_path) == before
