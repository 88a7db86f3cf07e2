"""Where the files that ship inside the package are: the layouts, the fonts, the press profile.

They are package data (`pyproject.toml` lists them), found through `importlib.resources`, so an
installed `expoprint` — a wheel, `pip install .`, pipx — finds them exactly as a checkout does.
A museum's own layouts override these file by file; they never replace this folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

# A package installed from a wheel or a source tree is a folder on disk, never a zip: the
# renderers need real paths (fontconfig, LittleCMS, WeasyPrint's file URLs).
PACKAGE = Path(str(files("expoprint")))
LAYOUTS = PACKAGE / "layouts"
FONTS = PACKAGE / "fonts"


@dataclass(frozen=True)
class LayoutFolders:
    """The layouts a build reads: the museum's own folder over the bundled one, file by file,
    as MkDocs's `custom_dir` lies over a theme. `layouts / "poster.yaml"` is the museum's file
    when it has one, else the bundled one; templates are looked up in the same order, so an
    `{% include %}` or `{% extends %}` finds the museum's version first."""

    bundled: Path = LAYOUTS
    own: Path | None = None

    def __truediv__(self, name: str) -> Path:
        if self.own is not None and (self.own / name).is_file():
            return self.own / name
        return self.bundled / name

    @property
    def folders(self) -> list[Path]:
        """Where templates and the files they use are found, the museum's first."""
        return [self.own, self.bundled] if self.own is not None else [self.bundled]

    def replaces(self, name: str) -> bool:
        """Whether the museum's own file stands in for the bundled `name`."""
        return self.own is not None and (self.own / name).is_file()


def layout_folders(content_dir: Path, given: Path | None = None) -> LayoutFolders:
    """The museum's layouts: `--layouts DIR`, else a `layouts/` folder in the content folder."""
    own = given if given is not None else content_dir / "layouts"
    return LayoutFolders(LAYOUTS, own if own.is_dir() else None)
