"""The pages: Jinja2 templates of `layouts/web/`, French and English in one page.

Content is text here as in the print templates (autoescaping, undefined names fail) and is typeset
by the same rules. Where the English text of a field is missing, the English part prints the
French, marked `lang="fr"` so a screen reader speaks it in French.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from markupsafe import Markup, escape

from ...bundled import LayoutFolders
from ...content import Artefact, Content, Prose
from ...content.history_text import span_parts, span_text
from ...facts import facts
from ...html import tr
from ...typography import format_number


def environment(layouts: LayoutFolders, palette: dict[str, str]):
    from ...html.templates import layout_environment

    env = layout_environment(layouts)

    def text(value: Any, lang: str) -> Markup:
        if isinstance(value, Prose) and lang != "fr" and not value.en:
            return Markup(f'<span lang="fr">{escape(tr(value, "fr"))}</span>')
        return escape(tr(value, lang))

    env.filters["t"] = text
    env.filters["plain"] = tr  # attribute values (alt): autoescaped, no markup
    env.globals["palette"] = palette
    return env


def by_room(artefacts: list[Artefact]) -> list[tuple[str | None, list[Artefact]]]:
    """The objects in the order of the visit, under their room when the content names rooms."""
    return [(room, list(items)) for room, items in groupby(artefacts, key=lambda a: a.room)]


def page_values(content: Content, languages: tuple[str, ...], words: dict, css: str) -> dict:
    """What every page shows: the exhibition's facts in each language and the site's words."""
    exhibition, timeline = content.exhibition, content.timeline
    return dict(
        ex=exhibition, timeline=timeline, langs=languages, words=words, css=css,
        facts={lang: facts(exhibition, lang) for lang in languages},
        events={lang: [(e, span_text(span_parts(e.date, e.end, lang))) for e in timeline.events]
                for lang in languages} if timeline else {},
        figures={lang: [(format_number(f.value, lang), f.label) for f in timeline.figures]
                 for lang in languages} if timeline else {},
    )


def render_index(env, values: dict, ordered: list[Artefact], leaflet: dict[str, dict]) -> bytes:
    html = env.get_template("web/page.html.j2").render(
        **values, part="web/index.html.j2", root="", page_title=tr(values["ex"].title, "fr"),
        objects=by_room(ordered), leaflet=leaflet)
    return html.encode()


def render_artefact(env, values: dict, artefact: Artefact, previous: Artefact | None,
                    following: Artefact | None, photo: dict | None) -> bytes:
    title = f"{tr(artefact.title, 'fr')} — {tr(values['ex'].title, 'fr')}"
    html = env.get_template("web/page.html.j2").render(
        **values, part="web/artefact.html.j2", root="../", page_title=title, a=artefact,
        previous=previous, following=following, photo=photo)
    return html.encode()
