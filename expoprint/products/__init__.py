"""The products a build can make, in the order a build makes them.

A plain dict: the CLI reads its `--only` choices from it, and adding a product is one import and
one line here.
"""

from __future__ import annotations

from types import ModuleType

from . import booklet, labels, leaflet, poster, social, web

PRODUCTS: dict[str, ModuleType] = {
    poster.NAME: poster,
    leaflet.NAME: leaflet,
    labels.NAME: labels,
    booklet.NAME: booklet,
    social.NAME: social,
    web.NAME: web,  # after the leaflet: the site offers the screen leaflet it made
}
