"""Jinja2 for the HTML products: content is text, typeset in its language, never markup.

Autoescaping is on and undefined names fail, so `<b>` or `{{ x }}` in the content print
literally. The filters give templates the three kinds of text they set: `t` (a field, typeset),
`prose` (a paragraph: proper nouns are kept whole) and `heading` (short words bound to the next).
A render pass may name words that must not be hyphenated (`protected`, see `render.py`): the
text filters keep those whole too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..bundled import LAYOUTS, LayoutFolders
from ..colours import text_role
from ..content import Prose
from ..errors import ExpoprintError, Problem
from ..i18n import _
from ..outlines import outline
from ..typography import bind_short_words, typeset
from ..yamlnodes import quote

# A proper noun, with the words a no-break space ties to it ("de Lattre", "« Besançon"): the span
# must start at the first of them, since WeasyPrint 70 breaks lines wrongly after a hyphenated
# word when a no-break space stands right before an inline box.
TIED = r"(?:[^\s\u00a0\u202f]+[\u00a0\u202f])*"
PROPER_NOUN = re.compile(rf"({TIED}\b[A-ZÀ-ÖØ-Þ][\w’'-]*[\w])")


def tr(value: Any, lang: str, main: str) -> str:
    """The text of a field in the render language, typeset for it; `main` is the content's main
    language, that of plain fields."""
    if value is None:
        return ""
    if isinstance(value, Prose):
        used = value.lang_for(lang)  # the main language standing in keeps its own rules
        return typeset(value.get(used), used)
    return typeset(str(value), main)  # plain fields: names of places, as written


def borrowed(value: Any, lang: str, main: str) -> str | None:
    """The language of `value` when, set in `lang`, it is another language's text standing in:
    a prose field without its translation, or a plain field (a name of a place, a room), which is
    in the main language. None when it is in `lang`."""
    if value is None:
        return None
    used = value.lang_for(lang) if isinstance(value, Prose) else \
        main if isinstance(value, str) else lang
    return used if used != lang else None


def in_its_language(value: Any, lang: str, main: str, markup: Markup) -> Markup:
    """`markup` of `value`, wrapped in `<span lang="fr">` when it is another language's text (the
    main one's) set in `lang`, so a screen reader speaks it in its language (WCAG 3.1.2). The
    site, the screen leaflet and the booklet mark borrowed text the same way."""
    used = borrowed(value, lang, main)
    return Markup('<span lang="{}">{}</span>').format(used, markup) if used else markup


def mark_borrowed(env, lang: str, main: str) -> None:
    """The text filters of a `jinja_env` (`t`, `prose`, `heading`) with borrowed French marked
    (`in_its_language`): for a document read aloud, where the English edition prints a field
    the content gives in French only. Print layouts keep the bare filters: a span changes no
    ink, and WeasyPrint 70 breaks lines wrongly around inline boxes (`TIED`)."""
    import jinja2

    def marking(plain):
        @jinja2.pass_context
        def marked(context, value: Any) -> Markup:
            return in_its_language(value, lang, main, plain(context, value))
        return marked

    env.filters["t"], env.filters["prose"] = marking(env.filters["t"]), marking(env.filters["prose"])
    heading = env.filters["heading"]
    env.filters["heading"] = lambda value: in_its_language(value, lang, main,
                                                           escape(heading(value)))


@lru_cache(maxsize=64)
def _protected_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"({TIED}(?<!\w)(?:{alternatives})(?!\w))")


def keep_whole(text: str, protected: frozenset[str] = frozenset(), proper_nouns: bool = False) -> Markup:
    """Escape text and wrap the words hyphenation must not cut in `<span class="pn">`."""
    escaped = str(escape(text))
    if proper_nouns:
        escaped = PROPER_NOUN.sub(r'<span class="pn">\1</span>', escaped)
    if (pattern := _protected_pattern(protected)) is not None:
        # Only outside the spans already made: split on tags and touch the text between them.
        parts = re.split(r"(<span class=\"pn\">.*?</span>)", escaped)
        escaped = "".join(part if part.startswith("<span") else
                          pattern.sub(r'<span class="pn">\1</span>', part) for part in parts)
    return Markup(escaped)


def prose_markup(text: str) -> Markup:
    """A paragraph's markup: escaped, proper nouns kept whole ("Be-sançon" never)."""
    return keep_whole(text, proper_nouns=True)


@lru_cache(maxsize=1)
def compiled_templates():
    """Templates compiled once a process, for every environment made in it: each part makes its
    own (its language and palette are globals), and compiling the poster's template again took
    longer than laying out its text. Jinja keys the code by the template's name and source, so
    a layout edited between two builds of `serve` is compiled anew."""
    import jinja2

    class InMemory(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.codes: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            if (code := self.codes.get(bucket.key)) is not None:
                bucket.bytecode_from_string(code)

        def dump_bytecode(self, bucket) -> None:
            self.codes[bucket.key] = bucket.bytecode_to_string()

    return InMemory()


@lru_cache(maxsize=1)
def layout_environment_class():
    """A Jinja environment whose template faults are the designer's to fix, not a traceback: a
    museum's own template with a typo, a missing `{% endif %}` or a name the build does not
    give is reported with its file and line."""
    import jinja2

    def problem(error: Exception, name: str | None, line: int | None) -> ExpoprintError:
        bundled = name is not None and Path(name).resolve().is_relative_to(LAYOUTS.resolve())
        return ExpoprintError(Problem(
            name or "layouts", line, "", _("the template cannot be used: {reason}").format(
                reason=quote(error, 200)),
            _("this template is expoprint's own: please report it with this message") if bundled
            else _("correct this template, or delete your version to use the bundled one")))

    class LayoutTemplate(jinja2.Template):
        def render(self, *args, **kwargs) -> str:
            try:
                return super().render(*args, **kwargs)
            except jinja2.TemplateError as error:
                line = getattr(error, "lineno", None)
                raise problem(error, getattr(error, "filename", None) or self.filename,
                              line) from None

    class LayoutEnvironment(jinja2.Environment):
        template_class = LayoutTemplate

        def get_template(self, name, parent=None, globals=None):
            try:
                return super().get_template(name, parent, globals)
            except jinja2.TemplateSyntaxError as error:
                raise problem(error, error.filename or name, error.lineno) from None
            except jinja2.TemplateNotFound as error:
                raise problem(error, name, None) from None

    return LayoutEnvironment


def layout_environment(layouts: LayoutFolders):
    """Templates from the museum's layouts first, then the bundled ones; content is text."""
    import jinja2

    return layout_environment_class()(
        loader=jinja2.FileSystemLoader(layouts.folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=compiled_templates(),
    )


def display_font(layouts: LayoutFolders, fonts: Path, font: str) -> Path:
    """A museum's own display font sits in its layouts' `fonts/` folder (the bundled layouts
    have none), else it is one of the kit's fonts."""
    own = layouts / f"fonts/{font}"
    return own if own.is_file() else fonts / font


def jinja_env(layouts: LayoutFolders, fonts: Path, lang: str,
              palette: dict[str, tuple[float, ...]], main: str):
    import jinja2

    env = layout_environment(layouts)

    @jinja2.pass_context
    def field(context, value: Any) -> Markup:
        return keep_whole(tr(value, lang, main), context.get("protected", frozenset()))

    @jinja2.pass_context
    def prose(context, value: Any) -> Markup:
        return keep_whole(tr(value, lang, main), context.get("protected", frozenset()), proper_nouns=True)

    env.filters["t"] = field
    env.filters["prose"] = prose
    env.filters["heading"] = lambda value: bind_short_words(tr(value, lang, main))
    env.filters["plain"] = lambda value: tr(value, lang, main)  # attribute values (alt): no markup
    env.filters["mm"] = lambda value: f"{value:.3f}mm"
    env.filters["pt"] = lambda value: f"{value:.2f}pt"
    env.globals["lang"] = lang
    env.globals["main"] = main
    env.globals["palette"] = {name: "device-cmyk({} {} {} {})".format(*(f"{v:g}" for v in cmyk))
                              for name, cmyk in palette.items()}

    @jinja2.pass_context
    def ink(context, role: str, size_pt: float, ground: str = "paper") -> str:
        """`palette[role]` for text of `size_pt` on `ground`, in one ink under 12 pt
        (`colours.text_role`): a panel's fit scale can take any coloured text below it."""
        return context["palette"][text_role(palette, role, size_pt, ground)]

    env.globals["ink"] = ink
    # Display type as paths: `outline("1944", "EBGaramond12-Regular.ttf").svg(palette.primary_tint)`.
    env.globals["outline"] = lambda text, font, tracking=0.0: outline(
        text, display_font(layouts, fonts, font), tracking)
    return env
