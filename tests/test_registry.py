"""One place per product: a product added to the catalog alone is a choice of `--only`, a
folder of the output folder listed in the manifest, and a titled card of the proofs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from expoprint import catalog
from expoprint.catalog import Entry
from expoprint.cli import main

TOY = Entry("card", "card", "toy_product", "Card", "building the card…")


@pytest.fixture
def with_a_toy_product(monkeypatch):
    monkeypatch.setattr(catalog, "PRODUCTS", [*catalog.PRODUCTS, TOY])


def test_a_product_in_the_catalog_is_built_listed_and_proofed(with_a_toy_product, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["proof", "--content", str(FIXTURES / "minimal"),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "building the card…" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "card/carte.pdf" in json.dumps(manifest)
    proofs = (out / "proofs" / "index.html").read_text(encoding="utf-8")
    assert "card/carte.pdf" in proofs and ">Card<" in proofs


def test_only_takes_a_product_of_the_catalog(with_a_toy_product, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(FIXTURES / "minimal"),
                                       "--out", str(out), "--only", "card"])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == ["card/carte.pdf"]
    help_text = CliRunner().invoke(main, ["build", "--help"]).output
    assert "card" in help_text


def test_without_the_entry_the_product_is_unknown(tmp_path):
    result = CliRunner().invoke(main, ["build", "--content", str(FIXTURES / "minimal"),
                                       "--out", str(tmp_path / "out"), "--only", "card"])
    assert result.exit_code == 2 and "card" in result.output
