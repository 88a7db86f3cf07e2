"""The words a layout gives per language (`words:` in a layout's YAML): headings, labels, the
names the products print around the content's own text. Shared by the leaflet, its screen twin,
the booklet and the web site, which read the leaflet's words.
"""

from __future__ import annotations

from ..i18n import _


def read_words(spec, languages: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The layout's own words per language; every language needs the same keys as French."""
    words: dict[str, dict[str, str]] = {}
    table = spec.mapping("words", required=True, example="{fr: {…}, en: {…}}")
    if table is None:
        return words
    for lang in languages:
        entry = table.mapping(lang, required=True, example="{practical: …}")
        if entry is None:
            continue
        words[lang] = {key: entry.text(key) or "" for key in entry.values}
        words[lang].setdefault("leaflet", "dépliant" if lang == "fr" else "leaflet")
    if "fr" in words:
        for lang, table_words in words.items():
            for key in set(words["fr"]) - set(table_words):
                spec.error(f"words.{lang}", _("lacks `{key}`").format(key=key),
                           _("add `{key}:` for {lang}").format(key=key, lang=lang))
    return words
