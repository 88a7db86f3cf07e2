"""Shared fixtures: builds are made once per session and read back with independent tools."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EPOCH = "1726876800"  # 2024-09-21T00:00:00Z


@pytest.fixture(scope="session", autouse=True)
def reproducible_dates():
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    yield
    if previous is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = previous


@pytest.fixture(scope="session", autouse=True)
def english_messages():
    """The suite asserts on English messages unless a test asks for French: a developer whose
    machine speaks French (LANG=fr_FR.UTF-8) must see the same results as CI."""
    variables = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    previous = {name: os.environ.get(name) for name in variables}
    for name in variables[:-1]:
        os.environ.pop(name, None)
    os.environ["LANG"] = "C.UTF-8"
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def default_kit(tmp_path_factory):
    """The default content built once, every product."""
    from expoprint.build import run_build

    out = tmp_path_factory.mktemp("kit")
    return run_build(ROOT / "content", out)


def copy_content(tmp_path: Path, source: Path = ROOT / "content") -> Path:
    target = tmp_path / "content"
    shutil.copytree(source, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def plain(text: str) -> str:
    """Extracted text with no-break spaces as spaces and without soft hyphens (unseen unless a
    line breaks there), for matching facts."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\r", "")
                    .replace("\u00ad", "").split())


def squash(text: str) -> str:
    """Text without spaces, case or hyphenation breaks: letter-spaced caps and hyphenated words
    extract with gaps that a reader does not see."""
    return "".join(text.replace("\u2010", "").replace("\u00ad", "").replace("-\r\n", "").split()).lower()


@pytest.fixture
def out(tmp_path):
    """An output folder holding a file of the user's: a refused build must leave it alone."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "mine.txt").write_text("the user's own file")
    return folder


def refused(result, out, *expected: str) -> None:
    """The command failed as the user's fault should: exit 1, the messages, no traceback, and
    the output folder of the `out` fixture as it was."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]


@pytest.fixture
def previous_output(tmp_path):
    """An output folder from an earlier build, which a failed build must not touch."""
    out = tmp_path / "output"
    (out / "poster").mkdir(parents=True)
    (out / "poster" / "old.pdf").write_bytes(b"%PDF-1.6 earlier build")
    (out / "manifest.json").write_text(json.dumps({"schema": 1, "outputs": []}))
    return out


def build_fails(content, out, only: str = "poster") -> str:
    """Build `only` through the command line as the user's fault should fail: exit 1, no
    traceback, `out` as it was; the output, the content folder's path taken off."""
    from click.testing import CliRunner

    from expoprint.cli import main

    before = snapshot(out)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out),
                                       "--only", only], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before
    return result.output.replace(f"{content}/", "")


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
