"""The writer: all files or none, never outside the output folder, never the same path twice."""

from __future__ import annotations

import json

import pytest

from expoprint.errors import ExpoprintError
from expoprint.products.base import Output
from expoprint.writer import write_build


def output(path: str, product: str = "poster", data: bytes = b"%PDF-1.6 x") -> Output:
    return Output(path, product, "A3", (297, 420), 3, 1, data)


def test_refuses_paths_outside_and_twice(tmp_path):
    for bad in ("../evil.pdf", "/etc/evil.pdf"):
        with pytest.raises(ExpoprintError, match="outside the output folder"):
            write_build(tmp_path, [output(bad)], "content", {"poster"})
    with pytest.raises(ExpoprintError, match="written twice"):
        write_build(tmp_path, [output("poster/a.pdf"), output("poster/a.pdf")], "content",
                    {"poster"})
    assert list(tmp_path.iterdir()) == []


def test_rebuilding_one_product_keeps_the_others_and_drops_its_stale_files(tmp_path):
    write_build(tmp_path, [output("poster/old.pdf"), output("labels/l.pdf", "labels")],
                "content", {"poster", "labels"})
    manifest = write_build(tmp_path, [output("poster/new.pdf")], "content", {"poster"})
    assert sorted(e["path"] for e in manifest["outputs"]) == ["labels/l.pdf", "poster/new.pdf"]
    assert not (tmp_path / "poster/old.pdf").exists()
    assert (tmp_path / "labels/l.pdf").exists()
    on_disk = json.loads((tmp_path / "manifest.json").read_text())
    assert on_disk == manifest
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".expoprint-")]
