"""Shared fixtures: builds are made once per session and read back with independent tools."""

from __future__ import annotations

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
    """Extracted text with no-break spaces as spaces, for matching facts."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\r", "").split())


def squash(text: str) -> str:
    """Text without spaces, case or hyphenation breaks: letter-spaced caps and hyphenated words
    extract with gaps that a reader does not see."""
    return "".join(text.replace("\u2010", "").replace("\u00ad", "").replace("-\r\n", "").split()).lower()
