"""Incremental builds: only what changed is rendered again, and the cache never changes a byte."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest
from click.testing import CliRunner
from conftest import ROOT, copy_content, edit

from expoprint.build import run_build
from expoprint.cli import main
from expoprint.writer.paths import CACHE


def files(folder) -> dict[str, tuple[str, int]]:
    """Every file of the build with its sha256 and modification time (ns)."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                               p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and CACHE not in p.parts}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The default kit built once, with its cache, to copy from."""
    root = tmp_path_factory.mktemp("incremental")
    content = copy_content(root)
    out = root / "out"
    run_build(content, out)
    return content, out


def fresh_copy(built, tmp_path, edit_content: bool = False):
    """A copy of the built folder (dates kept), with the same content folder, or a copy of it to
    edit (the manifest names the content folder, so it changes then)."""
    content, out = built
    shutil.copytree(out, tmp_path / "out", copy_function=shutil.copy2)
    if edit_content:
        shutil.copytree(content, tmp_path / "content", copy_function=shutil.copy2)
        content = tmp_path / "content"
    return content, tmp_path / "out"


def test_a_build_with_nothing_changed_writes_nothing_and_says_so(built, tmp_path):
    content, out = fresh_copy(built, tmp_path)
    before = files(out)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert files(out) == before  # same bytes, same modification times
    assert "nothing changed, nothing rebuilt" in result.stdout.splitlines()[-1]


def test_one_artefact_changed_renders_the_labels_and_nothing_else(built, tmp_path):
    content, out = fresh_copy(built, tmp_path, edit_content=True)
    before = files(out)
    edit(content / "artefacts.yaml", "title: La 3e division d'infanterie US",
         "title: La 3e division d'infanterie des États-Unis")
    result = run_build(content, out)
    # What prints the artefacts: the labels, the large-print booklet, the web pages; no poster,
    # no leaflet, no social image.
    assert sorted(result.rendered) == ["booklet en", "booklet fr", "labels", "web"]
    after = files(out)
    changed = {path for path in after if after[path] != before.get(path)}
    assert result.changed == len(changed - {"manifest.json"})
    assert changed and all(p.startswith(("labels/", "large-print/", "web/")) or
                           p == "manifest.json" for p in changed)
    assert all(after[p] == before[p] for p in after
               if p.startswith(("poster/", "leaflet/", "social/")))


def test_deleting_the_cache_changes_no_byte(built, tmp_path):
    content, out = fresh_copy(built, tmp_path)
    before = {path: sha for path, (sha, _) in files(out).items()}
    shutil.rmtree(out / CACHE)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {path: sha for path, (sha, _) in files(out).items()} == before
    # Everything made again (5 posters, 2 leaflets, labels, 2 booklets, social, web), nothing
    # written: the summary says both, not "written".
    assert result.stdout.splitlines()[-1].endswith(
        "; 12 part(s) rebuilt, every file as it was"), result.stdout
    assert " up to date in " in result.stdout.splitlines()[-1]


@pytest.mark.parametrize("damage", [b"{not json", b'{"version": 1, "parts": {"x": 3}}', b""])
def test_a_damaged_cache_is_ignored_with_a_warning(built, tmp_path, damage):
    content, out = fresh_copy(built, tmp_path)
    before = {path: sha for path, (sha, _) in files(out).items()}
    (out / CACHE / "parts.json").write_bytes(damage)
    result = run_build(content, out, only=("poster",))  # the whole kit: test_deleting_the_cache…
    assert result.rendered == ["poster A3", "poster A2", "poster A1", "poster 40x60cm",
                               "poster 120x176cm"]
    assert any("the build cache cannot be read" in str(w) for w in result.warnings)
    assert {path: sha for path, (sha, _) in files(out).items()} == before


def test_a_cache_never_stands_in_for_a_changed_file(built, tmp_path):
    """A file of ours replaced by hand is rendered again, not trusted from the cache."""
    content, out = fresh_copy(built, tmp_path)
    poster = out / "poster/affiche-A3-297x420mm.pdf"
    good = poster.read_bytes()
    poster.write_bytes(good[:-100])
    result = run_build(content, out)
    assert result.rendered == ["poster A3"]
    assert poster.read_bytes() == good


def test_a_build_in_another_language_renders_again_the_same_bytes(built, tmp_path, monkeypatch):
    """The cache keeps each part's warnings as words: a French build must not replay an English
    build's, so the language is part of what a part is made from; the files stay the same."""
    content, out = fresh_copy(built, tmp_path)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    poster = out / "poster/affiche-A3-297x420mm.pdf"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    run_build(content, out, only=("poster",), formats=("A3",))
    english = poster.read_bytes()
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert run_build(content, out, only=("poster",), formats=("A3",)).rendered == ["poster A3"]
    assert poster.read_bytes() == english
    assert run_build(content, out, only=("poster",), formats=("A3",)).rendered == []


def test_the_site_offers_the_very_screen_leaflet_the_leaflet_made(tmp_path, monkeypatch):
    """The web site takes the screen leaflet from the leaflet's part instead of rendering its own:
    the two files are the same bytes even when the artefacts (which the leaflet does not read,
    and which date the site) are newer than the timeline."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    content = copy_content(tmp_path)
    for name in ("exhibition.yaml", "timeline.yaml"):
        os.utime(content / name, (1_700_000_000, 1_700_000_000))
    os.utime(content / "artefacts.yaml", (1_730_000_000, 1_730_000_000))
    out = tmp_path / "out"
    run_build(content, out, only=("leaflet", "web"))
    for name in ("depliant-web.pdf", "depliant-en-web.pdf"):
        assert (out / "web" / name).read_bytes() == (out / "leaflet" / name).read_bytes()


def test_a_layout_saved_during_a_session_is_seen_by_the_next_build(built, tmp_path):
    """`serve` builds again and again in one process: a layout edited between two builds must
    change the parts it feeds, not be remembered from the first build's digest."""
    content, out = fresh_copy(built, tmp_path)
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "expoprint" / "layouts", layouts)
    first = run_build(content, out, only=("poster",), formats=("A3",), layouts=layouts)
    assert first.rendered == ["poster A3"]  # one format: a part of its own
    assert run_build(content, out, only=("poster",), formats=("A3",), layouts=layouts).rendered == []
    edit(layouts / "poster.html.j2", "letter-spacing: 0.42em", "letter-spacing: 0.4em")
    again = run_build(content, out, only=("poster",), formats=("A3",), layouts=layouts)
    assert again.rendered == ["poster A3"] and again.changed == 1
