"""Label selections from the outside: a reprint of some labels, a test print of the die-cuts, and
the command line's conventions (any case for sheet codes, exit 2 for every usage error).

The full set must come out of a reprint or a test print as it went in: same bytes, still listed
in the manifest; a later full build of the labels removes the reprint and test files."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from test_labels import qr_codes
from test_writer import assert_one_complete_build, files

from expoprint.cli import main

BASE = "https://musee.test/objets/"
IDS = [f"piece-{n:02d}" for n in range(1, 21)]  # 20 labels: two L7165 sheets and more


def write_content(folder: Path, ids: list[str] = IDS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "exhibition.yaml").write_text((FIXTURES / "minimal/exhibition.yaml").read_text())
    lines = ["schema: 1", "artefacts:"]
    lines += [f"  - {{id: {i}, title: Objet {i}, lender: Collection privée, url: \"{BASE}{i}\"}}"
              for i in ids]
    (folder / "artefacts.yaml").write_text("\n".join(lines) + "\n")
    return folder


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def kit(tmp_path) -> tuple[Path, Path]:
    """A content folder and a full labels build of it."""
    content, out = write_content(tmp_path / "content"), tmp_path / "out"
    result = cli("build", "--content", str(content), "--out", str(out), "--only", "labels")
    assert result.exit_code == 0, result.output
    return content, out


def labels(*args: str, kit: tuple[Path, Path]):
    content, out = kit
    return cli("build", "--content", str(content), "--out", str(out), "--only", "labels", *args)


def decoded(path: Path) -> list[list[str]]:
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    return [sorted(code[0] for code in qr_codes(path, index, dpi=150)) for index in range(pages)]


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def entries(out: Path) -> dict[str, dict]:
    return {entry["path"]: entry for entry in manifest(out)["outputs"]}


def full_set(out: Path) -> dict[str, bytes]:
    return {path: data for path, data in files(out).items() if path.startswith("labels/")}


def test_reprint_holds_exactly_those_labels_and_leaves_the_full_set(kit):
    _, out = kit
    before, listed = full_set(out), entries(out)
    chosen = ["piece-02", "piece-05", "piece-06", "piece-07", "piece-19"]

    result = labels("--id", "piece-02", "--ids", "piece-05..piece-07,piece-19", kit=kit)

    assert result.exit_code == 0, result.output
    reprints = {"labels/cartels-148x105mm-reprint.pdf", "labels/liste-pose-reprint.pdf",
                "labels/liste-pose-reprint.csv"} | {
        f"labels/etiquettes-{code}-210x297mm-reprint.pdf" for code in ("L7163", "L7165", "L7173")}
    now = entries(out)
    assert set(now) == set(listed) | reprints
    assert {path: now[path] for path in listed} == listed  # the full set: same entries, same sha256
    assert {path: data for path, data in full_set(out).items() if path in before} == before
    assert {now[path].get("batch") for path in reprints} == {"reprint"}
    assert_one_complete_build(out)
    # One cut label a page, in the file's order; each sheet holds exactly the chosen ones.
    assert decoded(out / "labels/cartels-148x105mm-reprint.pdf") == [[BASE + i] for i in chosen]
    for code in ("L7163", "L7165", "L7173"):
        pages = decoded(out / f"labels/etiquettes-{code}-210x297mm-reprint.pdf")
        assert sorted(text for page in pages for text in page) == [BASE + i for i in chosen], code
    assert "kept from the previous build of the same content" in result.output


def test_a_new_reprint_replaces_the_last_and_a_full_build_removes_it(kit):
    _, out = kit
    before = full_set(out)
    assert labels("--id", "piece-01..piece-03", kit=kit).exit_code == 0
    second = labels("--id", "piece-04", "--sheet", "l7165", kit=kit)
    assert second.exit_code == 0, second.output
    reprints = sorted(p for p in entries(out) if "-reprint" in p)
    # The first reprint's L7163 and L7173 sheets would not match the new list: gone.
    assert reprints == ["labels/cartels-148x105mm-reprint.pdf",
                        "labels/etiquettes-L7165-210x297mm-reprint.pdf",
                        "labels/liste-pose-reprint.csv", "labels/liste-pose-reprint.pdf"]
    assert decoded(out / "labels/etiquettes-L7165-210x297mm-reprint.pdf") == [[BASE + "piece-04"]]
    assert {p: d for p, d in full_set(out).items() if p in before} == before
    assert_one_complete_build(out)

    full = labels(kit=kit)

    assert full.exit_code == 0, full.output
    assert not [p for p in files(out) if "-reprint" in p]
    assert "removed, no longer built: labels/cartels-148x105mm-reprint.pdf" in full.output
    assert full_set(out) == before
    assert_one_complete_build(out)


def test_outline_writes_a_test_file_and_never_the_real_sheet(kit):
    _, out = kit
    before = full_set(out)

    result = labels("--outline", "--sheet", "L7163", kit=kit)

    assert result.exit_code == 0, result.output
    test = out / "labels/etiquettes-L7163-210x297mm-test.pdf"
    assert full_set(out) == {**before, "labels/etiquettes-L7163-210x297mm-test.pdf": test.read_bytes()}
    assert entries(out)["labels/etiquettes-L7163-210x297mm-test.pdf"]["batch"] == "test"
    with pikepdf.open(test) as pdf:
        strokes = [op for _, op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op) == "S"]
    assert len(strokes) >= 14  # every die-cut of the sheet outlined
    with pikepdf.open(out / "labels/etiquettes-L7163-210x297mm.pdf") as pdf:
        assert not [op for _, op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op) == "S"]
    assert_one_complete_build(out)
    assert labels(kit=kit).exit_code == 0
    assert not test.exists()


def test_sheet_codes_in_any_case(tmp_path):
    content, out = write_content(tmp_path / "content", IDS[:3]), tmp_path / "out"
    result = cli("build", "--content", str(content), "--out", str(out), "--only", "labels",
                 "--sheet", "l7163", "--sheet", "L7163")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "labels").iterdir()) == [
        "cartels-148x105mm.pdf", "etiquettes-L7163-210x297mm.pdf", "liste-pose.csv",
        "liste-pose.pdf"]


@pytest.mark.parametrize(("args", "option", "said"), [
    (["--sheet", "L9999"], "--sheet", "'L9999' is not a known sheet (known sheets: L7160, L7163, "
                                      "L7165, L7173; add yours to layouts/sheets.yaml)"),
    (["--sheet", "L7163", "--first-label", "15"], "--first-label",
     "label 15 does not exist on a L7163 sheet of 14 labels (give a number from 1 to 14)"),
    (["--first-label", "9"], "--first-label", "label 9 does not exist on a L7165 sheet of 8 labels"),
    (["--id", "pice-03"], "--id", "no artefact 'pice-03' in "),
    (["--id", "piece-03,piece-99"], "--id", "no artefact 'piece-99' in "),
    (["--id", "piece-05..piece-02"], "--id", "the range 'piece-05..piece-02' runs backwards"),
    (["--id", "piece-05.."], "--id", "the range 'piece-05..' lacks an end"),
    (["--id", ","], "--id", "names no artefact"),
    (["--only", "poster", "--id", "piece-01"], "--id", "applies to the labels, which --only leaves "
                                                     "out (add --only labels)"),
    (["--first-label", "0"], "--first-label", "0 is not in the range x>=1"),
])
def test_usage_errors_exit_2_in_clicks_words_and_write_nothing(tmp_path, args, option, said):
    content, out = write_content(tmp_path / "content", IDS[:5]), tmp_path / "out"
    only = [] if "--only" in args else ["--only", "labels"]
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out),
                                       *only, *args])
    assert result.exit_code == 2, result.output
    assert f"Error: Invalid value for '{option}': " in result.output
    assert said in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_unknown_id_suggests_the_nearest(tmp_path):
    content = write_content(tmp_path / "content", ["lattre-01", "lattre-02", "citadelle"])
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out",
                                       str(tmp_path / "out"), "--only", "labels", "--id", "latre-01"])
    assert result.exit_code == 2
    assert "no artefact 'latre-01' in" in result.output
    assert "did you mean 'lattre-01'?" in result.output


def test_ids_with_dots_and_ranges(tmp_path):
    """Ids may hold dots: `a.1..a.3` is the range from a.1 to a.3, in the file's order."""
    ids = ["a.1", "a.2", "z", "a.3", "b"]
    content, out = write_content(tmp_path / "content", ids), tmp_path / "out"
    result = cli("build", "--content", str(content), "--out", str(out), "--only", "labels",
                 "--sheet", "L7165", "--id", "a.1..a.3", "--id", "a.2")
    assert result.exit_code == 0, result.output
    assert decoded(out / "labels/cartels-148x105mm-reprint.pdf") == \
        [[BASE + "a.1"], [BASE + "a.2"], [BASE + "z"], [BASE + "a.3"]]
