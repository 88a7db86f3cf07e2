import subprocess
import sys

from click.testing import CliRunner
from conftest import ROOT

from expoprint.cli import PRODUCT_NAMES, main
from expoprint.products import PRODUCTS


def test_product_choices_are_the_registry():
    assert tuple(PRODUCTS) == PRODUCT_NAMES


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
