"""WeasyPrint, imported in two thirds of the time its own import takes on Linux.

WeasyPrint finds Pango, HarfBuzz, Fontconfig and GObject by trying several names for each
("libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0", …). cffi opens a
file name such as "libgobject-2.0.so.0" directly, and hands every other name to
`ctypes.util.find_library`, which on Linux runs `ldconfig`, then `gcc` and `ld` for a name it
does not know: 25 ms a name, 0.2 s of every worker's start (WeasyPrint issue #1125). So the
first import tries the file names alone. Where they do not open, the import is done again the
standard way, so a library only `ldconfig` or `gcc` can find still loads. (An optional one,
HarfBuzz's subsetter, is not looked for further: without it WeasyPrint subsets fonts with
fontTools, as on a system that lacks it.)
"""

from __future__ import annotations

import contextlib
import io
import sys


def import_weasyprint() -> None:
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    standard = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its advice, if it fails this way
            import weasyprint
    except OSError:
        for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
            del sys.modules[name]
        ctypes.util.find_library = standard
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = standard
