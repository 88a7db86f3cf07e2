#!/usr/bin/env python3
"""Write the README's generated tables from the code: `python scripts/readme_tables.py`.

The preflight codes' table comes from `expoprint/preflight/codes.py`, the one registry of codes
and their severity per use; tests/test_preflight_codes.py fails while the two differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from expoprint.preflight.codes import table  # noqa: E402

BEGIN = "<!-- preflight codes: written by scripts/readme_tables.py from expoprint/preflight/codes.py -->"
END = "<!-- end of preflight codes -->"


def with_table(readme: str) -> str:
    head, rest = readme.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


def main() -> None:
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    updated = with_table(text)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        print("README.md: the preflight codes' table written again")


if __name__ == "__main__":
    main()
