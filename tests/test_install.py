"""Installed as a user installs it: a wheel in a fresh virtual environment, run from elsewhere.

The wheel once lacked the layouts, the fonts and the press profile, which lay beside the package:
only the editable install worked and no test noticed. Here the wheel is built from this tree,
installed (without its dependencies, which the environment shares with the running one) into a
new environment outside the checkout, and its `expoprint` command builds a poster and starts a
content folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

# as a user's shell runs it: no PYTHONPATH pointing back into a checkout (pip would think the
# checkout's expoprint installed already)
CLEAN = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """This tree's wheel, and the `bin` folder of a fresh environment holding only it."""
    work = tmp_path_factory.mktemp("install")
    wheels = work / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, cwd=work, env=CLEAN)
    wheel = next(wheels.glob("expoprint-*.whl"))
    env = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    site = next((env / "lib").glob("python*/site-packages"))
    # the dependencies of the running environment, not its editable expoprint (a .pth file
    # named in a .pth file is not read: the editable finder stays out)
    paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "dependencies.pth").write_text("\n".join(sorted(paths)) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"),
                    "install", "-q", "--no-deps", str(wheel)], check=True, cwd=work, env=CLEAN)
    return wheel, env / "bin"


def test_the_wheel_carries_the_layouts_fonts_and_profile(installed):
    with zipfile.ZipFile(installed[0]) as wheel:
        names = set(wheel.namelist())
    for needed in ("expoprint/layouts/poster.yaml", "expoprint/layouts/web/index.html.j2",
                   "expoprint/layouts/icc/FOGRA39L-expoprint.icc", "expoprint/fonts/Lato-Black.ttf",
                   "expoprint/locale/fr/LC_MESSAGES/expoprint.po", "expoprint/content/kit/timeline.yaml"):
        assert needed in names, needed


def test_the_installed_command_builds_from_outside_the_checkout(installed, tmp_path):
    installed = installed[1]
    where = subprocess.run([installed / "python", "-c", "import expoprint; print(expoprint.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path, env=CLEAN)
    assert not where.stdout.strip().startswith(str(ROOT)), where.stdout
    run = subprocess.run([installed / "expoprint", "build", "--content", ROOT / "content",
                          "--out", tmp_path / "out", "--only", "poster", "--format", "A3"],
                         capture_output=True, text=True, cwd=tmp_path, env=CLEAN)
    assert run.returncode == 0, run.stdout + run.stderr
    assert list((tmp_path / "out" / "poster").glob("*A3*.pdf"))


def test_python_dash_m_and_a_new_content_folder_work_installed(installed, tmp_path):
    installed = installed[1]
    new = subprocess.run([installed / "python", "-m", "expoprint", "new", tmp_path / "expo"],
                         capture_output=True, text=True, cwd=tmp_path, env=CLEAN)
    assert new.returncode == 0, new.stdout + new.stderr
    assert (tmp_path / "expo" / "exhibition.yaml").is_file()
