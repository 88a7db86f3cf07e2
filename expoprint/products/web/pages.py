"""The pages: Jinja2 templates of `layouts/web/`, French and English in one page.

Content is text here as in the print templates (autoescaping, undefined names fail) and is typeset
by the same rules. Where the English text of a field is missing, the English part prints the
French, marked `lang="fr"` so a screen reader speaks it in French (`html.templates.in_its_language`,
shared with the screen leaflet and the booklet), and so are plain fields (a room, a venue).
Headings carry soft hyphens at their long words' syllables (pyphen, in the heading's language):
at 200 % text on a 320 px phone a long word breaks as « Chau-danne », never as « Chauda|nne »
(Chromium on Linux has no hyphenation dictionaries for `hyphens: auto`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby
from typing import Any

from markupsafe import Markup, escape

from ...bundled import LayoutFolders
from ...content import Artefact, Content
from ...content.history_text import span_parts, span_text
from ...facts import facts
from ...html.templates import borrowed, in_its_language, tr
from ...phrasebook import language_name
from ...typography import colon, format_number


def environment(layouts: LayoutFolders, palette: dict[str, str], main: str):
    """The site's templates: every text filter takes the language of the part it is set in, and
    marks the main language's text standing in for a missing translation."""
    from ...html.templates import layout_environment

    env = layout_environment(layouts)

    def text(value: Any, lang: str) -> Markup:
        return in_its_language(value, lang, main, escape(tr(value, lang, main)))

    def heading(value: Any, lang: str) -> Markup:
        used = borrowed(value, lang, main) or lang
        text = SHORT_WORD_TIE.sub(" ", tr(value, lang, main))
        return in_its_language(value, lang, main, escape(soft_hyphens(text, used, main)))

    env.filters["t"] = text
    env.filters["heading"] = heading
    env.filters["hyphens"] = lambda text, lang: soft_hyphens(text, lang, main)  # the site's words
    env.filters["plain"] = lambda value, lang: tr(value, lang, main)  # alt: no markup
    env.filters["language_name"] = own_name
    env.filters["colon"] = colon  # « : » or ":", after a link
    env.globals["palette"] = palette
    return env


def own_name(lang: str) -> str:
    """A language named in itself, as its phrasebook does and a language switch offers it:
    « Français », "Deutsch"."""
    name = language_name(lang, lang)
    return name[:1].upper() + name[1:]


STATEMENT = "accessibilite"  # the statement's folder in web/
EASY_READ = "facile-a-lire"  # the easy-to-read page's folder in web/
# Shorter words fit a heading's line even at 200 % on a 320 px phone (« Besançon », 8 letters, is
# 3.7 em of the title's type where 4.4 em fit): left whole, they are never hyphenated for nothing.
LONG_WORD = re.compile(r"\w{9,}")
SOFT_HYPHEN = "\u00ad"
# A short word tied to the next by a no-break space (« de Besançon »): in a heading on a phone
# the pair may be wider than the line, and would break inside the word; a « de » ending a line
# is the lesser harm.
SHORT_WORD_TIE = re.compile(r"(?<=\b\w)\u00a0(?=\w)|(?<=\b\w\w)\u00a0(?=\w)|(?<=\b\w\w\w)\u00a0(?=\w)")


@lru_cache(maxsize=8)
def _dictionary(lang: str):
    import pyphen

    from ...typography import HYPHENATION

    return pyphen.Pyphen(lang=HYPHENATION.get(lang, lang), left=3, right=3)


def soft_hyphens(text: str, lang: str, main: str) -> str:
    """`text` with a soft hyphen at each syllable of its long words: a browser breaks there, with
    a hyphen shown, only when the word does not fit its line. A word the language's dictionary
    cannot split is tried in the main language: in an English title, it is mostly a French
    place's name (« Fort Chaudanne »)."""
    def split(word: re.Match) -> str:
        for dictionary in (_dictionary(lang), _dictionary(main)):
            if (cut := dictionary.inserted(word.group(), hyphen=SOFT_HYPHEN)) != word.group():
                return cut
        return word.group()

    return LONG_WORD.sub(split, text)


def title_of(value: Any, languages: tuple[str, ...]) -> str:
    """A page's title in each of its languages (« Titre · Title »): the language switch is CSS,
    which cannot change the title a browser tab or a screen reader announces."""
    names = [tr(value, lang, languages[0]) for lang in languages]
    return " · ".join(dict.fromkeys(names))


def by_room(artefacts: list[Artefact]) -> list[tuple[str | None, list[Artefact]]]:
    """The objects in the order of the visit, under their room when the content names rooms."""
    return [(room, list(items)) for room, items in groupby(artefacts, key=lambda a: a.room)]


def page_values(content: Content, languages: tuple[str, ...], words: dict, css: str,
                leaflet: dict[str, dict], booklet: dict[str, dict]) -> dict:
    """What every page shows: the exhibition's facts in each language, the site's words, and the
    documents it offers (the statement names them)."""
    exhibition, timeline = content.exhibition, content.timeline
    return dict(
        ex=exhibition, timeline=timeline, langs=languages, words=words, css=css,
        leaflet=leaflet, booklet=booklet, statement=STATEMENT,
        facts={lang: facts(exhibition, lang) for lang in languages},
        events={lang: [(e, span_text(span_parts(e.date, e.end, lang))) for e in timeline.events]
                for lang in languages} if timeline else {},
        figures={lang: [(format_number(f.value, lang), f.label) for f in timeline.figures]
                 for lang in languages} if timeline else {},
    )


def render_index(env, values: dict, ordered: list[Artefact], picture: dict | None,
                 logos: list[dict]) -> bytes:
    html = env.get_template("web/page.html.j2").render(
        **values, part="web/index.html.j2", root="", page_title=title_of(values["ex"].title,
                                                                          values["langs"]),
        objects=by_room(ordered), picture=picture, logos=logos)
    return html.encode()


def render_statement(env, values: dict) -> bytes:
    """The accessibility statement (`<statement>/index.html`), linked from every page's footer."""
    words = values["words"]
    html = env.get_template("web/page.html.j2").render(
        **values, part="web/statement.html.j2", root="../",
        page_title=" · ".join(dict.fromkeys(words[lang]["statement"] for lang in values["langs"])))
    return html.encode()


def render_artefact(env, values: dict, artefact: Artefact, previous: Artefact | None,
                    following: Artefact | None, photo: dict | None) -> bytes:
    main = values["langs"][0]
    title = " · ".join(dict.fromkeys(f"{tr(artefact.title, lang, main)} — "
                                     f"{tr(values['ex'].title, lang, main)}"
                                     for lang in values["langs"]))
    html = env.get_template("web/page.html.j2").render(
        **values, part="web/artefact.html.j2", root="../", page_title=title, a=artefact,
        previous=previous, following=following, photo=photo)
    return html.encode()


def render_easy_read(env, values: dict, content: Content, photos: dict[str, dict],
                     files: dict[str, dict]) -> bytes:
    """The easy-to-read page (`<EASY_READ>/index.html`): the booklet's texts in each language
    (`easyread.blocks`), its pictures the site's own (`photos`, by block id, from the site's
    folder), and the booklet to download in each language it was made in (`files`)."""
    from ..easyread import blocks

    words, main = values["words"], values["langs"][0]
    html = env.get_template("web/page.html.j2").render(
        **values, part="web/easyread.html.j2", root="../",
        page_title=" · ".join(dict.fromkeys(f"{words[lang]['easy_title']} — "
                                            f"{tr(values['ex'].title, lang, main)}"
                                            for lang in values["langs"])),
        easy={lang: blocks(content, lang) for lang in values["langs"]},
        easy_pictures={key: {**photo, "src": "../" + photo["src"]} for key, photo in photos.items()},
        easy_files={lang: files.get(lang) or files[values["langs"][0]] for lang in values["langs"]})
    return html.encode()
