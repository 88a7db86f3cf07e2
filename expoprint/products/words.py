"""The words a product prints around the content's own text, per language: headings, labels, the
names of links. They are the phrasebooks' (`words:` in `layouts/phrases/<lang>.yaml`, one table
per product: `leaflet`, `booklet`, `easyread`, `web`…); a layout that still has its own `words:`
(`{fr: {practical: …}, en: {…}}`) replaces them key by key. Shared by the leaflet, its screen
twin, the booklet, the easy-read edition and the web site.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import _
from ..phrasebook import phrasebook


def product_of(spec) -> str:
    """The product whose words a layout file takes: its file's name (`leaflet.yaml`)."""
    return Path(spec.file).stem


def read_words(spec, languages: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The words of `spec`'s product per language, from the phrasebooks, with the layout's own
    `words:` over them; every language needs the same keys as French."""
    product = product_of(spec)
    words: dict[str, dict[str, str]] = {}
    for lang in languages:
        book = phrasebook(lang)["words"]
        words[lang] = dict(book.get(product) or {})
        words[lang].setdefault("leaflet", book["leaflet"]["leaflet"])
    table = spec.mapping("words", required=False, example="{fr: {…}, en: {…}}")
    if table is not None:
        for lang in languages:
            entry = table.mapping(lang, required=False, example="{practical: …}")
            if entry is not None:
                words[lang].update({key: entry.text(key) or "" for key in entry.values})
    if "fr" in words:
        for lang, table_words in words.items():
            for key in set(words["fr"]) - set(table_words):
                spec.error(f"words.{lang}", _("lacks `{key}`").format(key=key),
                           _("add `{key}:` for {lang}").format(key=key, lang=lang))
    return words
