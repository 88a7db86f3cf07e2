"""A build asked again of unchanged inputs is told again (`unchanged.replay`), and only then.

The replay must say exactly what the full build with nothing changed says, import none of the
pipeline, and give way to a full build at any change a build could see: a content file's bytes
or date, a file added to the content folder, a layout, an option, the messages' language, a
file of the output folder, a damaged record.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, copy_content, edit

from expoprint.build import run_build
from expoprint.cli import main
from expoprint.request import BuildRequest, LabelOptions
from expoprint.unchanged import replay
from expoprint.writer.journal import JOURNAL
from expoprint.writer.paths import CACHE

CONTENT, OUT = Path("content"), Path("out")  # named from the working folder, as users do


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The minimal content's posters and labels, built once, to copy from."""
    root = tmp_path_factory.mktemp("unchanged")
    content = copy_content(root, FIXTURES / "minimal")
    with (content / "exhibition.yaml").open("a", encoding="utf-8") as file:
        file.write("qr_base_url: https://example.org/objets/\n")  # a warning to tell again
    here = Path.cwd()
    os.chdir(root)
    try:
        rebuild()
    finally:
        os.chdir(here)
    return root


@pytest.fixture
def kit(built, tmp_path, monkeypatch):
    """A copy of the built folders, dates kept, worked in: the same build, moved."""
    shutil.copytree(built, tmp_path / "kit", copy_function=shutil.copy2, symlinks=True)
    monkeypatch.chdir(tmp_path / "kit")
    return tmp_path / "kit"


def rebuild():
    return run_build(CONTENT, OUT, only=("poster", "labels"), formats=("A3",))


def request(kit, **options) -> BuildRequest:
    return BuildRequest(CONTENT, OUT, only=("poster", "labels"), **{"formats": ("A3",), **options})


def invoke(kit, *extra: str):
    return CliRunner().invoke(main, ["build", "--content", "content", "--out", "out", "--only",
                                     "poster", "--only", "labels", "--format", "A3", *extra])


def test_nothing_changed_is_told_again_as_the_full_build_tells_it(kit):
    full = invoke(kit)  # the record, moved with the folders, still holds: this one replays
    parts = kit / "out" / CACHE / "parts.json"
    data = json.loads(parts.read_text())
    data["last"] = None  # no record: the full build, finding every part in the cache
    parts.write_text(json.dumps(data))
    without = invoke(kit)
    assert without.exit_code == full.exit_code == 0, without.output
    assert (without.stdout, without.stderr) == (full.stdout, full.stderr)
    assert "nothing changed, nothing rebuilt" in full.stdout.splitlines()[-1]
    assert "warning: " in full.stderr  # the minimal content's placeholders, told again
    result = replay(request(kit))
    assert result is not None and result.rendered == [] and result.changed == 0
    shutil.rmtree(kit / "out" / CACHE)  # made anew: the parts' warnings in the kit's order too
    cold = invoke(kit)
    assert [line for line in cold.stderr.splitlines() if line.startswith("warning")] == \
        full.stderr.splitlines()


def test_a_replay_imports_no_reader_and_no_product(kit):
    command = [sys.executable, "-X", "importtime", "-m", "expoprint", "build", "--content",
               "content", "--out", "out", "--only", "poster", "--only", "labels", "--format", "A3"]
    done = subprocess.run(command, cwd=kit, capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "expoprint.unchanged" in imported
    assert not {"expoprint.build", "expoprint.content", "expoprint.products", "weasyprint",
                "reportlab", "PIL"} & imported
    assert "nothing changed, nothing rebuilt" in done.stdout


def touch_later(path) -> None:
    facts = path.stat()
    os.utime(path, ns=(facts.st_atime_ns, facts.st_mtime_ns + 5 * 10**9))


CHANGES = {
    "a content file's text": lambda kit: edit(kit / "content" / "exhibition.yaml",
                                              "schema: 1", "schema: 1\n# a comment"),
    "a content file's date": lambda kit: touch_later(kit / "content" / "artefacts.yaml"),
    "a file added to the content folder": lambda kit: (kit / "content" / "notes.txt").write_text(
        "à voir"),
    "a layout of the museum's own": lambda kit: (kit / "content" / "layouts").mkdir(),
    "a file of the output folder": lambda kit: next((kit / "out" / "poster").iterdir())
    .write_bytes(b"%PDF-1.7 not ours"),
    "a damaged record": lambda kit: (kit / "out" / CACHE / "parts.json").write_text("{"),
    "an interrupted build's journal": lambda kit: (kit / "out" / JOURNAL).mkdir(),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_makes_a_full_build(kit, change):
    assert replay(request(kit)) is not None
    change(kit)
    assert replay(request(kit)) is None


@pytest.mark.parametrize("options", [dict(strict=True), dict(formats=("A2",)), dict(proofs=True),
                                     dict(label_options=LabelOptions(outline=True))],
                         ids=["strict", "format", "proofs", "outline"])
def test_another_request_makes_a_full_build(kit, options):
    assert replay(request(kit, **options)) is None


def test_another_language_or_date_makes_a_full_build(kit, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "fr")
    assert replay(request(kit)) is None
    monkeypatch.delenv("LANGUAGE")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert replay(request(kit)) is None


def test_a_second_artefacts_table_added_is_read_and_refused(kit):
    """The door-shut case: a file the last build did not read must be read now."""
    (kit / "content" / "artefacts.csv").write_text("id;titre\nx;Y\n", encoding="utf-8")
    result = invoke(kit)
    assert result.exit_code == 1
    assert "are both in the content folder" in result.stderr


def test_an_edit_is_printed_not_replayed(kit):
    edit(kit / "content" / "exhibition.yaml", '"18:00"', '"17:30"')
    result = invoke(kit)
    assert result.exit_code == 0, result.output
    assert "nothing changed" not in result.stdout
    posters = [line for line in result.stdout.splitlines() if "affiche-A3" in line]
    assert posters


def test_expoprint_s_own_files_changed_make_a_full_build(kit, tmp_path, monkeypatch):
    """Code, bundled layouts, fonts: by name, size and date, as Python judges its bytecode."""
    from expoprint import unchanged
    from expoprint.bundled import LAYOUTS

    own = tmp_path / "package"
    shutil.copytree(LAYOUTS / "phrases", own, copy_function=shutil.copy2)
    monkeypatch.setattr(unchanged, "PACKAGE", own)
    rebuild()
    assert replay(request(kit)) is not None
    touch_later(own / "fr.yaml")
    assert replay(request(kit)) is None


def test_a_press_profile_named_by_the_museum_s_layouts_is_an_input(kit, tmp_path):
    """press.yaml may name a profile anywhere (`icc: /shared/printer.icc`): its bytes count."""
    from expoprint.bundled import LAYOUTS

    profile = tmp_path / "printer.icc"
    shutil.copyfile(LAYOUTS / "icc" / "FOGRA39L-expoprint.icc", profile)
    own = kit / "content" / "layouts"
    own.mkdir()
    press = (LAYOUTS / "press.yaml").read_text(encoding="utf-8")
    (own / "press.yaml").write_text(
        "\n".join(f"icc: {profile}" if line.startswith("icc:") else line
                  for line in press.splitlines()), encoding="utf-8")
    rebuild()
    assert replay(request(kit)) is not None
    with profile.open("ab") as file:
        file.write(b"\0")
    assert replay(request(kit)) is None


def test_a_link_whose_target_appears_is_a_new_input(kit, tmp_path):
    (kit / "content" / "timeline.csv").symlink_to(tmp_path / "elsewhere.csv")
    rebuild()
    assert replay(request(kit)) is not None
    (tmp_path / "elsewhere.csv").write_text("date;titre\n1944;x\n", encoding="utf-8")
    assert replay(request(kit)) is None


def test_a_linked_folder_of_the_museum_s_layouts_is_read_through(kit, tmp_path):
    from expoprint.bundled import LAYOUTS

    shared = tmp_path / "phrases"
    shutil.copytree(LAYOUTS / "phrases", shared)
    (kit / "content" / "layouts").mkdir()
    (kit / "content" / "layouts" / "phrases").symlink_to(shared)
    rebuild()
    assert replay(request(kit)) is not None
    edit(shared / "fr.yaml", "and: et", "and: ainsi que")
    assert replay(request(kit)) is None


def test_the_cache_s_own_warning_is_not_told_again(kit):
    (kit / "out" / CACHE / "parts.json").write_text("{")
    full = rebuild()
    assert any("cache cannot be read" in p.message for p in full.warnings)
    again = replay(request(kit))
    assert again is not None and not any("cache" in p.message for p in again.warnings)
    assert len(again.warnings) == len(full.warnings) - 1


def test_a_file_saved_while_the_build_reads_is_neither_cached_nor_recorded(kit, monkeypatch):
    """The parts are made from what was read; keys made from the file as saved since would
    give the next build that file's key for them."""
    from expoprint import build as pipeline

    reading = pipeline.load

    def load_then_save(request_):
        loaded = reading(request_)
        edit(kit / "content" / "exhibition.yaml", "Exposition d'essai", "TODO essai")
        return loaded

    monkeypatch.setattr(pipeline, "load", load_then_save)
    rebuild()
    monkeypatch.setattr(pipeline, "load", reading)
    assert replay(request(kit)) is None
    again = rebuild()
    assert again.rendered  # nothing of the build that read the old title is taken for the new
    assert any("TODO" in p.message for p in again.warnings)


@pytest.mark.parametrize("change", [
    {"said": "x"}, {"keys": []}, {"read": ["../../../../../../dev/zero"]}, {"read": ["/etc/hosts"]},
    {"read": ["a\0b"]}, {"also": ["/dev/zero"]},
    {"said": [{"file": "x", "line": None, "field": "", "message": "m", "severity": "error"}]},
    {"said": [{"file": "x", "line": None, "field": [1], "message": "m", "severity": "warning"}]},
    {"said": [{"file": 5, "line": 3, "field": "", "message": "m", "severity": "warning"}]}],
    ids=["said", "no parts", "up and out", "absolute", "NUL", "a device", "an error",
         "a list for a field", "a number for a file"])
def test_an_altered_record_makes_a_full_build_without_a_traceback(kit, change):
    parts = kit / "out" / CACHE / "parts.json"
    data = json.loads(parts.read_text())
    data["last"] |= change
    parts.write_text(json.dumps(data))
    assert replay(request(kit)) is None


def test_a_relative_press_profile_is_read_where_the_project_now_is(kit, tmp_path, monkeypatch):
    """`--icc printer.icc` names the working folder's file: a project copied elsewhere, with a
    profile of its own, is not the one the record was made from."""
    from expoprint.bundled import LAYOUTS

    shutil.copyfile(LAYOUTS / "icc" / "FOGRA39L-expoprint.icc", kit / "printer.icc")
    run_build(CONTENT, OUT, only=("poster", "labels"), formats=("A3",), icc=Path("printer.icc"))
    assert replay(request(kit, icc=Path("printer.icc"))) is not None
    shutil.copytree(kit, tmp_path / "copy", copy_function=shutil.copy2, symlinks=True)
    with (tmp_path / "copy" / "printer.icc").open("ab") as file:
        file.write(b"\0")
    monkeypatch.chdir(tmp_path / "copy")
    assert replay(request(kit, icc=Path("printer.icc"))) is None


def test_a_link_out_of_a_copied_project_is_a_new_input(kit, tmp_path, monkeypatch):
    """A link written with its full path points back into the original when the project is
    copied: outside the copy's content folder, which a full build refuses."""
    data = kit / "content" / "data"
    data.mkdir()
    (kit / "content" / "artefacts.yaml").rename(data / "artefacts.yaml")
    (kit / "content" / "artefacts.yaml").symlink_to(data / "artefacts.yaml")
    rebuild()
    assert replay(request(kit)) is not None
    shutil.copytree(kit, tmp_path / "copy", copy_function=shutil.copy2, symlinks=True)
    monkeypatch.chdir(tmp_path / "copy")
    assert replay(request(kit)) is None


def test_a_layout_saved_while_the_build_reads_is_neither_cached_nor_recorded(kit, monkeypatch):
    from expoprint import build as pipeline
    from expoprint.bundled import LAYOUTS

    (kit / "museum").mkdir()
    shutil.copyfile(LAYOUTS / "palette.yaml", kit / "museum" / "palette.yaml")
    reading = pipeline.load

    def load_then_save(request_):
        loaded = reading(request_)
        edit(kit / "museum" / "palette.yaml", "navy: [1, 0.8, 0.25, 0.35]",
             "navy: [1, 0.7, 0.2, 0.3]")
        return loaded

    monkeypatch.setattr(pipeline, "load", load_then_save)
    run_build(CONTENT, OUT, only=("poster", "labels"), formats=("A3",), layouts=Path("museum"))
    monkeypatch.setattr(pipeline, "load", reading)
    assert replay(request(kit, layouts=Path("museum"))) is None


def test_the_libraries_weasyprint_works_with_count():
    """A new pydyf or tinycss2 changes WeasyPrint's files as much as a new WeasyPrint."""
    import importlib.metadata
    import re

    from expoprint.cache import LIBRARIES

    modules: dict[str, list[str]] = {}
    for module, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            modules.setdefault(distribution.lower(), []).append(module)
    needed = [re.split(r"[ <>=\[;]", requirement)[0].lower()
              for requirement in importlib.metadata.requires("weasyprint") or []
              if "extra ==" not in requirement]
    uncounted = [name for name in needed if name != "cffi"  # the C glue: no work of its own
                 and not set(modules.get(name, [name])) & set(LIBRARIES)]
    assert uncounted == []
    assert {"brotli", "zopfli"} <= set(LIBRARIES)  # fontTools' WOFF2 and WOFF: the web fonts


# The libraries expoprint imports whose work is not in the files it builds.
NOT_IN_THE_FILES = {
    "click": "the command line", "rich": "progress and tables in the terminal",
    "watchfiles": "serve's watching", "openpyxl": "writes the table of `expoprint new`",
    "defusedxml": "guards the standard library's XML parser, which reads the SVG logos"}


def test_every_library_expoprint_imports_counts_or_says_why_not():
    """A library upgraded changes the files as much as a new expoprint: each one imported is
    in the fingerprint and the part keys (`cache.LIBRARIES`), or named above with the reason."""
    import ast

    from conftest import ROOT

    from expoprint.cache import LIBRARIES

    imported = set()
    for path in (ROOT / "expoprint").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
    others = imported - set(sys.stdlib_module_names) - {"expoprint"}
    assert others - set(LIBRARIES) - set(NOT_IN_THE_FILES) == set()


def test_reportlab_s_settings_from_the_environment_count(kit, monkeypatch):
    monkeypatch.setenv("RL_documentLang", "de_DE")  # gives each label sheet a /Lang
    assert replay(request(kit)) is None


def test_a_link_is_followed_to_where_it_leads_in_the_end(kit, tmp_path):
    """content/notes → /elsewhere/notes → content/a.txt: pointing the outer link at b.txt
    changes what the build reads, though the link in the content folder is the same."""
    for name in ("a.txt", "b.txt"):
        (kit / "content" / name).write_text(name, encoding="utf-8")
    (tmp_path / "notes").symlink_to(kit / "content" / "a.txt")
    (kit / "content" / "notes").symlink_to(tmp_path / "notes")
    rebuild()
    assert replay(request(kit)) is not None
    (tmp_path / "notes").unlink()
    (tmp_path / "notes").symlink_to(kit / "content" / "b.txt")
    assert replay(request(kit)) is None


def test_a_system_font_a_logo_s_live_text_is_drawn_in_is_an_input(kit, tmp_path, monkeypatch):
    """A logo's `<text>` in a family the kit lacks is drawn in the system's font of that family
    (`fc-match`): that file counts, in the replay's fingerprint and in the part keys."""
    from fontTools.ttLib import TTFont

    from expoprint.bundled import FONTS

    fonts = tmp_path / "xdg" / "fonts"
    fonts.mkdir(parents=True)
    font = TTFont(FONTS / "Lato-Regular.ttf")
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Zephyrine"
        elif record.nameID == 6:
            record.string = "Zephyrine-Regular"
    font.save(fonts / "Zephyrine-Regular.ttf")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    (kit / "content" / "ville.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
        '<text x="10" y="40" font-family="Zephyrine" font-size="30">Ville</text></svg>',
        encoding="utf-8")
    with (kit / "content" / "exhibition.yaml").open("a", encoding="utf-8") as file:
        file.write("partners: [{name: Ville, logo: ville.svg}]\n")
    first = rebuild()
    assert any("Zephyrine-Regular.ttf" in p.message for p in first.warnings)
    assert replay(request(kit)) is not None
    font["name"].setName("Zephyrine", 5, 3, 1, 0x409)  # another version of the same font
    font.save(fonts / "Zephyrine-Regular.ttf")
    assert replay(request(kit)) is None
    assert rebuild().rendered  # the part keys hold the font too
