"""A photo's resolution is judged by viewing distance (PRINT.md, "Pictures"; the numbers in
layouts/poster.yaml): 150 ppi at A3, 120 at A2, 100 at A1 and 40×60, 72 at 120×176. A photo
under one format's floor leaves that format out with the pixels it needs, and the rest of the
kit is built; `--strict` refuses it; the build's own preflight and `check` use the same floors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, copy_content
from pictures import jpeg, scene

from expoprint.build import run_build
from expoprint.bundled import LAYOUTS
from expoprint.cli import main
from expoprint.images.source import Source, Use
from expoprint.preflight.pictures import resolution_limits

POSTERS = {"A3": "affiche-A3-297x420mm.pdf", "A2": "affiche-A2-420x594mm.pdf",
           "A1": "affiche-A1-594x841mm.pdf", "40x60cm": "affiche-40x60cm-400x600mm.pdf",
           "120x176cm": "affiche-120x176cm-1200x1760mm.pdf"}


def with_photo(folder, size: tuple[int, int]):
    content = copy_content(folder, FIXTURES / "printemps")
    (content / "images").mkdir()
    (content / "images" / "photo.jpg").write_bytes(jpeg(scene(size)))
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nimage: {file: images/photo.jpg, credit: © Test, credit_en: © Test, "
                     "alt: Une scène}\n")
    return content


@pytest.fixture(scope="module")
def small_photo(tmp_path_factory):
    """2,200 px across: enough for A3, A2 and 40×60 cm, not for A1 (93 ppi) nor the bus
    shelter (46 ppi)."""
    folder = tmp_path_factory.mktemp("floors")
    content = with_photo(folder, (2200, 1467))
    return content, run_build(content, folder / "out", only=("poster", "leaflet"))


def test_formats_under_their_floor_are_left_out_and_the_rest_is_built(small_photo):
    _content, result = small_photo
    built = {o.path for o in result.outputs}
    assert {f"poster/{POSTERS[v]}" for v in ("A3", "A2", "40x60cm")} <= built
    assert not {f"poster/{POSTERS[v]}" for v in ("A1", "120x176cm")} & built
    assert "leaflet/depliant-A4-DL-297x210mm.pdf" in built
    left_out = {w.message.split(" poster, ")[0].rsplit(" ", 1)[-1]: w for w in result.warnings
                if "is left out" in w.message}
    assert set(left_out) == {"A1", "120x176cm"}
    a1 = left_out["A1"]
    assert (a1.field, a1.line) == ("image.file", 53)
    assert a1.message == ("images/photo.jpg (2,200 × 1,467 px) prints at 93 ppi on the A1 poster, "
                          "under the 100 ppi it needs there: the A1 poster is left out")
    assert a1.hint == "for the A1 poster, use a file of at least 2,363 × 1,576 px"
    assert "at least 3,430 × 2,288 px" in left_out["120x176cm"].hint


def test_a_format_above_its_floor_warns_under_its_target(small_photo):
    _content, result = small_photo
    assert any(w.message.endswith("prints at 131 ppi on the A2 poster (200 ppi wanted)")
               for w in result.warnings), [str(w) for w in result.warnings]


def test_check_judges_each_poster_by_its_size(small_photo):
    """131 ppi on A2 is over its 120 floor: a warning, not the error 150 ppi would make it."""
    _content, result = small_photo
    report = CliRunner().invoke(main, ["check", "--json", str(result.out_dir / "poster")])
    assert report.exit_code == 0, report.output
    found = {entry["path"].rsplit("/", 1)[-1]: [(p["severity"], p["code"]) for p in entry["problems"]]
             for entry in json.loads(report.stdout)["files"]}
    assert found[POSTERS["A2"]] == [("warning", "low-resolution-image")]
    assert found[POSTERS["A3"]] == [("warning", "low-resolution-image")]


def test_strict_refuses_a_format_left_out(small_photo, tmp_path):
    content, _result = small_photo
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--strict", "--only", "poster", "--content",
                                       str(content), "--out", str(out)])
    assert result.exit_code == 1
    assert "prints at 93 ppi on the A1 poster, under the 100 ppi it needs there" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_museum_s_own_floor_is_the_one_the_build_and_check_judge_by(tmp_path):
    """A museum's poster.yaml that lowers A1's floor to 90 ppi: the photo at 93 ppi is placed,
    and neither the build's own preflight nor `check` of the folder calls it too coarse (the
    manifest gives each poster the numbers it was made to). Without them, `check` would."""
    content = with_photo(tmp_path, (2200, 1467))
    (content / "layouts").mkdir()
    bundled = (LAYOUTS / "poster.yaml").read_text(encoding="utf-8")
    a1 = "{variant: A1, trim_mm: [594, 841], ppi: [100, 150]}"
    assert a1 in bundled
    (content / "layouts" / "poster.yaml").write_text(
        bundled.replace(a1, a1.replace("[100, 150]", "[90, 150]")), encoding="utf-8")
    result = run_build(content, tmp_path / "out", only=("poster",), formats=("A1",))
    assert [o.path for o in result.outputs] == [f"poster/{POSTERS['A1']}"]
    assert [w.message for w in result.warnings if "A1" in w.message] == [
        "images/photo.jpg (2,200 × 1,467 px) prints at 93 ppi on the A1 poster (150 ppi wanted)"]
    manifest_file = result.out_dir / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    assert [entry["ppi"] for entry in manifest["outputs"]] == [[90, 150]]

    def problems() -> list[tuple[str, str]]:
        report = CliRunner().invoke(main, ["check", "--json", str(result.out_dir)])
        return [(p["severity"], p["code"]) for entry in json.loads(report.stdout)["files"]
                for p in entry["problems"]]

    assert problems() == [("warning", "low-resolution-image")]
    del manifest["outputs"][0]["ppi"]
    manifest_file.write_text(json.dumps(manifest))
    assert problems() == [("error", "low-resolution-image")]  # the bundled A1 floor, 100 ppi


def source(size: tuple[int, int]) -> Source:
    return Source(Use("exhibition.yaml", 7, "image.file", "images/photo.jpg", "photo"), b"",
                  "0" * 64, "raster", "JPEG", size, "RGB")


def test_a_3000_px_photo_misses_only_the_bus_shelter(tmp_path):
    """The layout's own formats and floors: a 3,000 × 2,000 px photo prints over the A1's
    100 ppi floor, under the 120×176 cm's 72 (read from the build, as the user meets it)."""
    content = with_photo(tmp_path, (3000, 2000))
    result = run_build(content, tmp_path / "out", only=("poster",))
    assert sorted(o.path for o in result.outputs) == sorted(
        f"poster/{POSTERS[v]}" for v in ("A3", "A2", "A1", "40x60cm"))
    left_out = [w for w in result.warnings if "is left out" in w.message]
    assert len(left_out) == 1 and "the 120x176cm poster is left out" in left_out[0].message


@pytest.mark.parametrize(("trim", "limits"), [
    ([210, 297], (150, 300)), ([297, 420], (150, 300)), ([420, 594], (120, 200)),
    ([841, 594], (100, 150)), ([400, 600], (100, 150)), ([1200, 1760], (72, 100)), (None, (150, 300))])
def test_the_preflight_floor_follows_the_page_size(trim, limits):
    assert resolution_limits(trim) == limits


def test_serve_takes_format_like_build(monkeypatch, tmp_path):
    """`serve --format a3` hands the posters it names to every build it makes."""
    given = {}

    def fake_serve(content_dir, out_dir, layouts, port, tell, formats=()):
        given["formats"] = formats

    monkeypatch.setattr("expoprint.serve.serve", fake_serve)
    # `serve` ignores Ctrl-C once stopped (its process is ending): not this test process's, whose
    # later children would inherit the ignored signal (a build then deaf to Ctrl-C)
    monkeypatch.setattr("signal.signal", lambda *_args: None)
    content = copy_content(tmp_path, FIXTURES / "printemps")
    result = CliRunner().invoke(main, ["serve", "--format", "a3", "--content", str(content),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert given == {"formats": ("A3",)}
    wrong = CliRunner().invoke(main, ["serve", "--format", "A5", "--content", str(content)])
    assert wrong.exit_code == 2 and "'A5' is not a poster format" in wrong.output
