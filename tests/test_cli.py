import subprocess
import sys

from click.testing import CliRunner
from conftest import ROOT

from expoprint import catalog
from expoprint.cli import main


def test_every_product_of_the_catalog_is_a_module_with_its_folder():
    for entry in catalog.PRODUCTS:
        module = entry.load()
        assert (entry.name, entry.folder) == (module.NAME, module.FOLDER)


def test_help_does_not_import_the_renderers():
    code = ("import sys; from expoprint.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('weasyprint', 'reportlab', 'pikepdf', 'pypdfium2') if m in sys.modules]\n"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().endswith("[]"), out.stdout


def test_wrong_command_line_is_exit_2():
    result = CliRunner().invoke(main, ["build", "--only", "brochure"])
    assert result.exit_code == 2
    assert "brochure" in result.output


def test_generate_py_is_the_same_program():
    out = subprocess.run([sys.executable, "generate.py", "--help"], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 0
    assert "build" in out.stdout and "check" in out.stdout


def test_printer_profile_replaces_the_default(tmp_path):
    import pikepdf

    profile = tmp_path / "printer.icc"
    profile.write_bytes((ROOT / "expoprint/layouts/icc/FOGRA39L-expoprint.icc").read_bytes())
    result = CliRunner().invoke(main, ["build", "--only", "poster", "--out", str(tmp_path / "o"),
                                       "--icc", str(profile)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / "o/poster/affiche-A3-297x420mm.pdf") as pdf:
        embedded = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    assert embedded == profile.read_bytes()
    not_cmyk = tmp_path / "srgb.icc"
    not_cmyk.write_bytes(b"\0" * 16 + b"RGB " + b"\0" * 200)
    refused = CliRunner().invoke(main, ["build", "--only", "poster", "--out", str(tmp_path / "p"),
                                        "--icc", str(not_cmyk)])
    assert refused.exit_code == 1
    assert "srgb.icc: is not a CMYK ICC profile" in refused.output


def test_a_mistyped_layout_is_reported_like_content(tmp_path):
    import shutil

    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "expoprint" / "layouts", layouts)
    sheets = layouts / "sheets.yaml"
    sheets.write_text(sheets.read_text().replace("L7160: {columns: 3", "L7160: {colums: 3"))
    from expoprint.build import run_build
    from expoprint.errors import ExpoprintError

    try:
        run_build(ROOT / "tests/fixtures/minimal", tmp_path / "out", only=("labels",),
                  layouts=layouts)
    except ExpoprintError as error:
        message = str(error)
    else:
        raise AssertionError("the build should fail")
    assert "sheets.yaml:8: sheets.L7160.colums: unknown key (did you mean `columns`?)" in message
