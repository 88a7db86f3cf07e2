"""The products a build can make, as data: one entry a product, in the order a build makes them.

Like Sphinx's table of built-in builders, an entry names its product's module without importing
it, with what the rest of the tool needs to know of it: the command line's `--only` choices and
progress lines, the output folder's sub-folders, the proofs' titles. Only the build imports a
product (`Entry.load`), so none of those stages depends on the products, and adding a product is
one module (its `NAME`, `build`… — see `products.base.Product`) and one line here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


def N_(message: str) -> str:
    """Marks a message for the translation catalog; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Entry:
    name: str  # as `--only` takes it
    folder: str  # its sub-folder of the output folder
    module: str  # the module that builds it
    title: str  # for the proofs (an English message, translated where shown)
    progress: str  # the line a build prints as it starts it (likewise)

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)


PRODUCTS: list[Entry] = [
    Entry("poster", "poster", "expoprint.products.poster", N_("Poster"),
          N_("building the posters…")),
    Entry("leaflet", "leaflet", "expoprint.products.leaflet", N_("Leaflet"),
          N_("building the leaflet…")),
    Entry("labels", "labels", "expoprint.products.labels", N_("Labels"),
          N_("building the labels…")),
    Entry("booklet", "large-print", "expoprint.products.booklet", N_("Booklet"),
          N_("building the large-print booklet…")),
    Entry("easy-read", "easy-read", "expoprint.products.easyread", N_("Easy to read"),
          N_("building the easy-to-read edition…")),
    Entry("social", "social", "expoprint.products.social", N_("Social"),
          N_("building the images for social networks and screens…")),
    # after the leaflet, the booklet and the easy-read edition: the site offers what they made
    Entry("web", "web", "expoprint.products.web", N_("Web"), N_("building the web pages…")),
]
# Not a product of the content: the page images of `proof`, written beside the products.
PROOFS = Entry("proofs", "proofs", "expoprint.proofs", N_("Proofs"), N_("making the proofs…"))


def names() -> list[str]:
    return [entry.name for entry in PRODUCTS]


def entry(name: str) -> Entry | None:
    return next((entry for entry in [*PRODUCTS, PROOFS] if entry.name == name), None)


def output_folders() -> tuple[str, ...]:
    """Every sub-folder a build (or `proof`) writes into: a file outside them is never ours."""
    return (*(entry.folder for entry in PRODUCTS), PROOFS.folder)


def load(name: str) -> ModuleType:
    found = entry(name)
    if found is None:
        raise KeyError(name)
    return found.load()
