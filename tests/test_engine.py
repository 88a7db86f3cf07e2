"""WeasyPrint's quick import (expoprint/html/engine.py) never costs a machine its libraries."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A stand-in for WeasyPrint on a machine where the libraries' file names do not open: only the
# standard search finds them.
NEEDS_THE_STANDARD_SEARCH = '''
import ctypes.util
print("WeasyPrint could not import some external libraries.")
if ctypes.util.find_library("c") is None:
    raise OSError("cannot load library 'gobject-2.0-0'")
FOUND_BY = "the standard search"
'''


def run_with(package: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "weasyprint").mkdir()
    (tmp_path / "weasyprint" / "__init__.py").write_text(package, encoding="utf-8")
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from expoprint.html.engine import import_weasyprint
        import_weasyprint()
        import weasyprint
        print(weasyprint.FOUND_BY)
    """)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True)


def test_libraries_only_the_standard_search_finds_still_load(tmp_path):
    done = run_with(NEEDS_THE_STANDARD_SEARCH, tmp_path)
    assert done.stdout.splitlines()[-1] == "the standard search"
    # The quick attempt's failure says nothing; the standard attempt speaks for itself.
    assert done.stdout.count("could not import") == 1


def test_the_real_weasyprint_loads_the_system_libraries_the_quick_way():
    code = ("import ctypes.util\n"
            "calls = []\n"
            "real = ctypes.util.find_library\n"
            "ctypes.util.find_library = lambda name: calls.append(name) or real(name)\n"
            "from expoprint.html.engine import import_weasyprint\n"
            "import_weasyprint()\n"
            "from weasyprint.text.ffi import pango\n"
            "print(len(calls), ctypes.util.find_library is not real)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    # No name went to the slow search, and the function in place before is back.
    assert done.stdout.split() == ["0", "True"]
