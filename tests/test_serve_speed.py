"""`serve` as fast as the person typing: what it does to be fast, proved by what it does, not by
timing it (benchmarks/serve.py times it).

- the file the browser shows is made first;
- a save during a build supersedes it, and the parts it made obsolete stop; those it still
  needs are not made twice;
- each part's pages are shown from its render before its preflight ends, marked pending;
- the proof images are encoded again only for the pages that changed, and the proofs and the
  PDFs are the very bytes a plain `proof` writes.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_content, edit
from test_serve_hostile import get, wait_for

from expoprint import serve as serving
from expoprint import workers
from expoprint.build import Listeners, run_build
from expoprint.bundled import LAYOUTS
from expoprint.serve.loop import Builder
from expoprint.serve.pool import Workers
from expoprint.serve.state import State
from expoprint.workers import Made, Part, Superseded

GATE: list[Path] = []  # the file a held preflight waits for (inherited by forked workers)


class Inline:
    """An executor that runs each task at once, in this process: what the build asks of serve's
    workers, without forking (so that this process sees every image encoded)."""

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    submit_later = submit


def test_the_file_the_browser_shows_is_made_first(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    first = run_build(content, tmp_path / "out")
    labels = next(o.path for o in first.outputs if o.product == "labels" and o.is_pdf)
    state = State()
    builder = Builder(content, tmp_path / "out", state, None, None, print, threading.Event())
    builder.made_by = {output.path: "labels" for output in first.outputs if output.product == "labels"}
    state.look(labels)  # what the page's script says when the labels are in view
    edit(content / "exhibition.yaml", "title: Exposition d'essai", "title: Une autre exposition")
    started: list[str] = []
    run_build(content, tmp_path / "out", listeners=Listeners(
        progress=started.append, first=builder.first, on_made=lambda _part, _result: None))
    assert started[0] == "labels" and "poster" in started  # posters come next, as before
    assert started.index("poster") == 1


def test_the_page_tells_serve_which_file_it_shows(tmp_path, monkeypatch):
    from test_serve_hostile import built, served

    with served(tmp_path, monkeypatch, [built()]) as (_content, port, _told):
        wait_for(port, lambda s: not s["building"])
        assert get(port, "/looking?file=labels%2Fcartels.pdf")[0] == 204
        assert wait_for(port, lambda s: s["looking"])["looking"] == "labels/cartels.pdf"
        page = get(port, "/")[1].decode()
        assert "/looking?file=" in page and "article.file" in page


def held(ctx, part: Part) -> Made:
    """A part that takes `part.part` seconds, or stops at once when given up (as `make` does
    between its stages)."""
    deadline = time.monotonic() + float(part.part)
    while time.monotonic() < deadline:
        if workers.obsolete(part):
            return Made([], [], failed=True, cancelled=True)
        time.sleep(0.02)
    return Made([], [], notes=[part.key, str(os.getpid())])


@pytest.fixture
def pool(monkeypatch):
    """serve's two workers, making each part with `held`."""
    monkeypatch.setattr("expoprint.workers.make", held)
    monkeypatch.setattr("expoprint.workers._previews", None)
    monkeypatch.setattr("expoprint.workers._cancelled", None)
    workers_ = Workers(on_preview=lambda *_message: None)
    try:
        yield workers_
    finally:
        workers_.shutdown()


CREATED = datetime(2024, 9, 21, tzinfo=UTC)


def test_a_save_gives_up_the_parts_it_made_obsolete_and_shares_the_others(pool):
    old = Part("poster", "60", CREATED, key="title before the save")
    kept = Part("labels", "1", CREATED, key="labels, unchanged by the save")
    obsolete = pool.submit(workers.make, None, old)
    shared = pool.submit(workers.make, None, kept)
    assert pool.submit(workers.make, None, kept) is shared  # asked again: the same part
    pool.keep({kept.key})  # the new build's parts
    assert obsolete.cancelled() or obsolete.result(timeout=30).cancelled
    assert shared.result(timeout=30).notes[0] == kept.key  # made once, whole


def test_a_part_goes_back_to_the_worker_that_made_its_kind(pool):
    """A worker's first part of a kind loads what that kind needs (fonts, hyphenation): the
    labels of the next save go to the worker that made the labels, even when both are free."""
    poster = pool.submit(workers.make, None, Part("poster", "1", CREATED, key="poster"))
    labels = pool.submit(workers.make, None, Part("labels", "0.1", CREATED, key="labels"))
    poster_worker, labels_worker = (future.result(timeout=30).notes[1]
                                    for future in (poster, labels))
    assert poster_worker != labels_worker  # both were busy: one each
    again = pool.submit(workers.make, None, Part("labels", "0.1", CREATED, key="saved"))
    assert again.result(timeout=30).notes[1] == labels_worker


def test_a_superseded_build_stops_handing_out_parts_and_writes_nothing(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    made: list[str] = []
    with pytest.raises(Superseded):
        run_build(content, tmp_path / "out", proofs=True, listeners=Listeners(
            executor=Inline(), preview=True, on_made=lambda part, _result: made.append(part.label),
            superseded=lambda: len(made) >= 1))
    assert 1 <= len(made) <= 2  # the parts handed out before the save was seen; not the other 9
    assert not (tmp_path / "out" / "manifest.json").exists()


def held_preflight(outputs, report, layouts=None) -> None:
    """The preflight, once the test opens the gate: the previews must be shown before."""
    from expoprint.preflight.check import check_outputs

    deadline = time.monotonic() + 60
    while GATE and not GATE[0].exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return check_outputs(outputs, report, layouts)


def test_pages_are_shown_from_the_render_before_their_preflight_marked_pending(tmp_path,
                                                                                monkeypatch):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    gate = tmp_path / "preflight may run"
    gate.touch()
    GATE[:] = [gate]
    monkeypatch.setattr("expoprint.preflight.check_outputs", held_preflight)
    monkeypatch.setattr("expoprint.workers._previews", None)
    monkeypatch.setattr("expoprint.workers._cancelled", None)
    port: list[int] = []
    stop = threading.Event()
    thread = threading.Thread(target=serving.serve, daemon=True, args=(
        content, tmp_path / "out", LAYOUTS, 0, lambda _line: None, stop, port.append))
    thread.start()
    try:
        while not port:
            time.sleep(0.01)
        assert not wait_for(port[0], lambda s: not s["building"], 120)["building"]
        gate.unlink()  # the preflight now waits
        edit(content / "exhibition.yaml", "title: Exposition d'essai", "title: Une autre exposition")
        state = wait_for(port[0], lambda s: s["pending"], 60)
        assert state["building"] and state["pending"]
        assert set(state["pending"]) <= set(state["fresh"])
        status, image = get(port[0], "/" + state["pending"][0])
        assert status == 200 and image.startswith(b"\x89PNG")
        page = get(port[0], "/")[1].decode()
        assert ' data-pending=""' in page and "preflight pending" in page
        gate.touch()
        state = wait_for(port[0], lambda s: not s["building"], 120)
        assert not state["building"] and state["pending"] == [] and state["problems"] == []
        assert ' data-pending=""' not in get(port[0], "/")[1].decode()
    finally:
        GATE.clear()
        stop.set()
        thread.join(timeout=20)


def test_only_the_pages_that_changed_are_encoded_and_the_files_are_a_plain_proofs(tmp_path,
                                                                                  monkeypatch):
    from expoprint.proofs import render

    monkeypatch.setattr("expoprint.workers._previews", None)
    encoded: list[tuple[int, int]] = []
    png = render.png
    monkeypatch.setattr(render, "png", lambda picture: encoded.append(picture.size) or png(picture))
    content = copy_content(tmp_path, FIXTURES / "minimal")

    def served_build() -> object:
        return run_build(content, tmp_path / "served", proofs=True,
                         listeners=Listeners(executor=Inline(), preview=True))

    served_build()
    edit(content / "artefacts.yaml", "description: Un texte court.",
         "description: Un texte plus long.")
    encoded.clear()
    result = served_build()
    pages = sum(o.pages for o in result.outputs if o.is_pdf and o.product in
                {part.split()[0] for part in result.rendered})
    assert 0 < len(encoded) // 2 < pages  # a large image and a thumbnail a changed page
    run_build(content, tmp_path / "plain", proofs=True)
    for folder in ("proofs", "labels", "poster", "leaflet"):
        served = {p.relative_to(tmp_path / "served"): p.read_bytes()
                  for p in (tmp_path / "served" / folder).rglob("*") if p.suffix in (".png", ".pdf")}
        plain = {p.relative_to(tmp_path / "plain"): p.read_bytes()
                 for p in (tmp_path / "plain" / folder).rglob("*") if p.suffix in (".png", ".pdf")}
        assert served == plain, folder


def test_a_change_of_expoprints_code_stops_serve_to_start_it_again(tmp_path, monkeypatch):
    """The warm workers hold the code they were forked with: a developer's save of expoprint's
    own code makes serve start again rather than build with the old code."""
    from expoprint.serve import loop

    monkeypatch.setattr(loop, "code_digest", lambda: "the code serve started with")
    saves, stop = loop.Saves(), threading.Event()
    saves.watching.set()
    builder = Builder(tmp_path, tmp_path / "out", State(), None, saves, print, stop)
    built: list[int] = []
    monkeypatch.setattr(builder, "build_once", built.append)
    thread = threading.Thread(target=builder.run, daemon=True)
    thread.start()
    saves.saved()  # a content save: built again with the same code
    while len(built) < 2:
        time.sleep(0.01)
    monkeypatch.setattr(loop, "code_digest", lambda: "the code a developer saved")
    saves.saved(code=True)  # the watcher saw a .py file of the package saved
    thread.join(timeout=10)
    assert builder.restart and stop.is_set() and len(built) == 2
