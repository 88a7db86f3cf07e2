"""The house's floors, held by reading the code's imports (no module is run): no import cycle,
and no module imports a floor above its own.

From the ground up: the shared types and words every stage uses (errors, messages, outputs, the
catalog, the phrasebooks); the stages that read, check and write (content, layouts, pictures, HTML,
preflight, writer, cache); the products; the workers and the proofs that run them; the build; the
command line and `serve`. A product that imported the writer, or the writer a product, would put a
stage's whole weight (and its renderers) under every other one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "expoprint"
FLOORS = [
    {"errors", "i18n", "bundled", "phrasebook", "typography", "wording", "terminal", "outputs",
     "catalog", "lifetime", "press", "icc", "yamltraps", "yamlnodes", "mapping", "encodings", "request"},
    {"content", "layouts", "colours", "fonts", "outlines", "wordfit", "qr", "images", "preflight",
     "writer", "cache", "unchanged", "html", "facts", "opening", "readability"},
    {"products"},
    {"workers", "proofs"},
    {"build"},
    {"cli", "serve", "__main__", "__init__"},
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


def floor_of(module: str) -> int:
    top = module.split(".")[0]
    return next(index for index, names in enumerate(FLOORS) if top in names)


def imports_of(path: Path, module: str, known: set[str]) -> set[str]:
    """The expoprint modules `path` imports, wherever in the file (a lazy import is an import),
    except under `if TYPE_CHECKING:` (types only, never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(node) for top in ast.walk(tree) if isinstance(top, ast.If)
               and "TYPE_CHECKING" in ast.unparse(top.test) for node in ast.walk(top)}
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join([*base, node.module] if node.module else base)
            elif node.module and node.module.startswith("expoprint"):
                target = node.module.removeprefix("expoprint").lstrip(".")
            else:
                continue
            names = [f"{target}.{alias.name}".lstrip(".") for alias in node.names] + [target]
        elif isinstance(node, ast.Import):
            names = [alias.name.removeprefix("expoprint").lstrip(".") for alias in node.names
                     if alias.name.startswith("expoprint.")]
        for name in names:
            while name and name not in known and "." in name:
                name = name.rsplit(".", 1)[0]
            if name in known and name != module:
                found.add(name)
                break
    return found


def graph() -> dict[str, set[str]]:
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    known = set(files)
    return {module: imports_of(path, module, known) for module, path in files.items()}


def test_no_module_imports_a_floor_above_its_own():
    upward = [f"{module} → {target}" for module, targets in graph().items() for target in targets
              if floor_of(target) > floor_of(module)]
    assert upward == []


def test_no_import_cycle():
    edges = graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            # a package imports its own modules to offer them: not a cycle of the stages
            if target.startswith(module + "."):
                continue
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_every_module_has_its_floor():
    assert all(floor_of(module) >= 0 for module in graph())
