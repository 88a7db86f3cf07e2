"""The writer's sets and records with made-up outputs: a reprint set beside a product's full set,
files that are not PDFs, and the proof record that plain builds carry over."""

from __future__ import annotations

import json

from test_writer import SAME, assert_one_complete_build, output

from expoprint.products.base import Output
from expoprint.writer import write_build

FULL = [output("labels/cut.pdf", "labels"), output("labels/L7163.pdf", "labels", use="office"),
        Output.file("labels/list.csv", "labels", "list", b"id;title\r\n", "office", "text/csv")]
RECORD = {"pages": {"labels/cut.pdf": ["c" * 64, "d" * 64]}}


def reprint(path: str) -> Output:
    return output(path, "labels", batch="reprint")


def manifest(folder) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def test_a_set_beside_the_full_set_replaces_only_its_own(tmp_path):
    write_build(tmp_path, FULL, "content", SAME)
    first = write_build(tmp_path, [reprint("labels/cut-reprint.pdf"), reprint("labels/L7163-reprint.pdf")],
                        "content", SAME, partial=True, complete={"labels:reprint"})
    assert {e["path"] for e in first.manifest["outputs"]} == \
        {"labels/cut.pdf", "labels/L7163.pdf", "labels/list.csv", "labels/cut-reprint.pdf",
         "labels/L7163-reprint.pdf"}
    second = write_build(tmp_path, [reprint("labels/cut-reprint.pdf")], "content", SAME,
                         partial=True, complete={"labels:reprint"})
    assert second.notes == ["kept from the previous build of the same content: labels/cut.pdf, "
                            "labels/L7163.pdf, labels/list.csv",
                            "removed, no longer built: labels/L7163-reprint.pdf"]
    assert not (tmp_path / "labels/L7163-reprint.pdf").exists()
    assert_one_complete_build(tmp_path)
    # The product made in full (--only labels) replaces its every set.
    third = write_build(tmp_path, FULL, "content", SAME, partial=True, complete={"labels"})
    assert third.notes == ["removed, no longer built: labels/cut-reprint.pdf"]
    assert_one_complete_build(tmp_path)


def test_files_other_than_pdfs_say_what_they_are(tmp_path):
    written = write_build(tmp_path, FULL, "content", SAME)
    entries = {e["path"]: e for e in written.manifest["outputs"]}
    assert entries["labels/list.csv"]["media_type"] == "text/csv"
    assert "trim_mm" not in entries["labels/list.csv"] and "pages" not in entries["labels/list.csv"]
    assert entries["labels/cut.pdf"]["media_type"] == "application/pdf"
    assert entries["labels/cut.pdf"]["trim_mm"] == [297, 420]


def test_the_proof_record_is_carried_over_replaced_and_checked(tmp_path):
    write_build(tmp_path, FULL, "content", SAME, proof=RECORD)
    assert manifest(tmp_path)["proof"] == RECORD
    write_build(tmp_path, FULL, "content", "e" * 64)  # a plain build of other content
    assert manifest(tmp_path)["proof"] == RECORD
    newer = {"pages": {"labels/cut.pdf": ["f" * 64]}}
    write_build(tmp_path, FULL, "content", SAME, proof=newer)
    assert manifest(tmp_path)["proof"] == newer
    # A record that is not ours in shape is a claim not kept.
    data = manifest(tmp_path)
    data["proof"] = {"pages": {"labels/cut.pdf": ["not a sha256"]}}
    (tmp_path / "manifest.json").write_text(json.dumps(data))
    write_build(tmp_path, FULL, "content", SAME)
    assert "proof" not in manifest(tmp_path)
