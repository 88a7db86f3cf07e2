"""Where the files that ship inside the package are: the layouts, the fonts, the press profile.

They are package data (`pyproject.toml` lists them), found through `importlib.resources`, so an
installed `expoprint` — a wheel, `pip install .`, pipx — finds them exactly as a checkout does.
A museum's own layouts override these file by file; they never replace this folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# A package installed from a wheel or a source tree is a folder on disk, never a zip: the
# renderers need real paths (fontconfig, LittleCMS, WeasyPrint's file URLs).
PACKAGE = Path(str(files("expoprint")))
LAYOUTS = PACKAGE / "layouts"
FONTS = PACKAGE / "fonts"
