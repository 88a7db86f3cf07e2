#!/usr/bin/env python3
"""Keep the French catalog in step with the source: `python scripts/messages.py`.

Extracts every `_()` message from expoprint/ (and click's, whose French is ours too) with Babel,
adds the new ones to expoprint/locale/fr/LC_MESSAGES/expoprint.po (with an empty translation to
write), drops the ones
the code no longer has, and lists what is left to translate. tests/test_i18n.py fails until the
catalog and the code agree.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from expoprint.i18n import CATALOG, extracted

SINCE = datetime(2026, 11, 26)  # fixed: the catalog changes only when its messages do


def main() -> None:
    old = read_po(CATALOG.open("rb")) if CATALOG.exists() else Catalog(locale="fr")
    known = {m.id: m.string for m in old if m.id}
    catalog = Catalog(locale="fr", project="expoprint", version="", charset="utf-8",
                      creation_date=SINCE, revision_date=SINCE, last_translator="expoprint",
                      language_team="French", fuzzy=False)
    for message, files in sorted(extracted().items(), key=lambda item: str(item[0])):
        catalog.add(message, known.get(message, ""), locations=[(f, 0) for f in sorted(set(files))])
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    with CATALOG.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_lineno=False)
    missing = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
    print(f"{len(catalog)} messages, {len(missing)} to translate")
    for message in missing:
        print(f"  {message}")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
