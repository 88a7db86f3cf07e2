"""A museum's own look without touching the tool: a `layouts/` folder in the content folder (or
`--layouts DIR`) replaces the bundled layout files one by one.

An A4 poster and a label sheet the tool does not list are defined only in the content folder;
a broken file of the museum's is reported as theirs, naming the bundled file it replaces.
"""

from __future__ import annotations

import shutil

import pikepdf
from click.testing import CliRunner
from conftest import FIXTURES
from pdfread import size_mm

from expoprint.bundled import LAYOUTS
from expoprint.cli import main

A4_FORMAT = "  - {variant: A4, trim_mm: [210, 297]}\n"
OWN_SHEET = ("  MUSEE-3x8: {columns: 3, rows: 8, label_mm: [70, 36], left_mm: 0, top_mm: 4.5, "
             "pitch_mm: [70, 36], corner_mm: 0}\n")


def museum(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    (content / "layouts").mkdir()
    return content


def build(*args: str):
    return CliRunner().invoke(main, ["build", *map(str, args)])


def test_an_a4_poster_and_an_unlisted_sheet_defined_only_in_the_content_folder(tmp_path):
    content = museum(tmp_path)
    poster = (LAYOUTS / "poster.yaml").read_text(encoding="utf-8")
    (content / "layouts" / "poster.yaml").write_text(poster.rstrip("\n") + "\n" + A4_FORMAT,
                                                     encoding="utf-8")
    sheets = (LAYOUTS / "sheets.yaml").read_text(encoding="utf-8")
    (content / "layouts" / "sheets.yaml").write_text(sheets.rstrip("\n") + "\n" + OWN_SHEET,
                                                     encoding="utf-8")
    out = tmp_path / "out"
    result = build("--content", content, "--out", out, "--only", "poster", "--format", "a4")
    assert result.exit_code == 0, result.output
    (a4,) = (out / "poster").glob("*.pdf")
    with pikepdf.open(a4) as pdf:
        assert [round(v) for v in size_mm(pdf.pages[0].TrimBox)] == [210, 297]
    result = build("--content", content, "--out", out, "--only", "labels", "--sheet", "musee-3x8")
    assert result.exit_code == 0, result.output
    assert any("MUSEE-3x8" in path.name for path in (out / "labels").rglob("*.pdf")), \
        sorted(path.name for path in (out / "labels").rglob("*"))


def test_the_bundled_layouts_know_nothing_of_the_museums_format(tmp_path):
    content = museum(tmp_path)
    shutil.rmtree(content / "layouts")
    result = build("--content", content, "--out", tmp_path / "out", "--format", "A4")
    assert result.exit_code == 2 and "'A4' is not a poster format" in result.output


def test_layouts_named_on_the_command_line(tmp_path):
    content = museum(tmp_path)
    own = tmp_path / "charte"
    own.mkdir()
    poster = (LAYOUTS / "poster.yaml").read_text(encoding="utf-8")
    (own / "poster.yaml").write_text(poster.rstrip("\n") + "\n" + A4_FORMAT, encoding="utf-8")
    result = build("--content", content, "--out", tmp_path / "out", "--layouts", own,
                   "--only", "poster", "--format", "A4")
    assert result.exit_code == 0, result.output


def test_a_broken_file_of_the_museums_names_the_bundled_one_it_replaces(tmp_path):
    content = museum(tmp_path)
    (content / "layouts" / "palette.yaml").write_text("schema: 1\ncolours: {ink: [0, 0, 0\n",
                                                      encoding="utf-8")
    out = tmp_path / "out"
    result = build("--content", content, "--out", out, "--only", "poster", "--format", "A3")
    assert result.exit_code == 1
    assert "layouts/palette.yaml:2:" in result.output
    assert "layouts/palette.yaml: is your version of the bundled palette.yaml (correct it, or " \
        "delete it to use the bundled palette.yaml)" in result.output
    assert not out.exists() or not list(out.rglob("*.pdf"))


def test_a_broken_template_of_the_museums_is_named_with_its_line(tmp_path):
    content = museum(tmp_path)
    template = (LAYOUTS / "poster.html.j2").read_text(encoding="utf-8")
    broken = template.replace("{% endif %}", "{% endfi %}", 1)
    (content / "layouts" / "poster.html.j2").write_text(broken, encoding="utf-8")
    result = build("--content", content, "--out", tmp_path / "out", "--only", "poster",
                   "--format", "A3")
    assert result.exit_code == 1, result.output
    assert "layouts/poster.html.j2" in result.output and "the template cannot be used" in result.output
    assert "is your version of the bundled poster.html.j2" in result.output
    assert "Traceback" not in result.output


def test_new_with_layouts_copies_them_and_builds_from_them(tmp_path):
    folder = tmp_path / "expo"
    result = CliRunner().invoke(main, ["new", str(folder), "--with-layouts"])
    assert result.exit_code == 0, result.output
    assert (folder / "layouts" / "poster.yaml").is_file()
    assert (folder / "layouts" / "web" / "index.html.j2").is_file()
    result = build("--content", folder, "--out", tmp_path / "out", "--only", "poster",
                   "--format", "A3")
    assert result.exit_code == 0, result.output


def test_a_broken_poster_layout_is_named_even_with_format(tmp_path):
    content = museum(tmp_path)
    (content / "layouts" / "poster.yaml").write_text("garbage: [\n", encoding="utf-8")
    result = build("--content", content, "--out", tmp_path / "out", "--format", "A3")
    assert result.exit_code == 1, result.output
    assert "layouts/poster.yaml" in result.output and "is not a poster format" not in result.output
