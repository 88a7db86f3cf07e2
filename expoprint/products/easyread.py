"""The easy-to-read edition (`easy-read/`, FALC): the exhibition and each object told in the
content's `falc` sentences, for readers a label's prose shuts out (`layouts/easyread.*`).

Only what the content writes in easy-to-read is in it: an easy-read text is written by people
trained to, and checked by its readers; no label text is shortened for them by a machine. It
follows the European easy-to-read rules (Inclusion Europe, "Information for all"; the README's
"The easy-to-read edition"): what the layout can guarantee, the template does (16 pt, one
sentence a line, left-aligned, no hyphenation, no italics or capitals, pictures beside the text,
the logo's place left empty); what only the author can change, the check says (`check_texts`:
sentence length, sentences on a line, words in capitals, numbers in words, a text longer than a
page), a warning naming the file, the line and the field, against the numbers of
`layouts/easyread.yaml`.

An office A4 file (printed at the desk, or at home from the site), tagged PDF/UA-1 so it also reads
aloud; the site shows the same texts (`web/facile-a-lire/`, made by the web product from
`blocks`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..content import Artefact, Content, EasyRead, Prose
from ..errors import Report
from ..facts import facts
from ..i18n import _
from ..layouts import number, pair, read_layout
from ..mapping import Mapping, translated_key
from ..press import finish_office
from ..typography import typeset
from .base import BuildContext, Output
from .screen import visit_order
from .words import read_words

NAME = "easy-read"
FOLDER = "easy-read"
IGNORES = ("timeline",)  # the history is not told in easy-to-read
OPTIONAL = True  # only a content with easy-read texts asks for it (products/base.py)
LEAST_BODY_PT = 14  # the rules' floor: a layout under it is refused

# A sentence ends at . ! ? or … followed by a space (French puts a thin space before ! and ?).
SENTENCE_END = re.compile(r"(?<=[.!?…])[\s\u00a0\u202f]+(?=\S)")
# « aujourd’hui », « 3ᵉ », « 17 000 »: one word each, as the labels' check counts them
WORD = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|[^\W_]+(?:[’'\-][^\W_]+)*")
LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Rules:
    sentence_words: float
    sentences_a_line: float
    acronym_letters: float
    number_words: dict[str, frozenset[str]]  # language → the number words to write as digits


@dataclass(frozen=True)
class Spec:
    template: str
    file_name: str
    trim_mm: tuple[float, float]
    margin_mm: float
    body_pt: float
    line_height: float
    photo_mm: float
    logo_mm: float
    rules: Rules
    words: dict[str, dict[str, str]]


@dataclass(frozen=True)
class Block:
    """The exhibition or one object as the edition tells it in one language: its title, its
    sentences one by one, and the language they are in (French when the English edition
    borrows a text the content gives in French only)."""

    id: str  # "exhibition", or the artefact's id
    title: Prose
    sentences: tuple[str, ...]
    lang: str
    artefact: Artefact | None = None


def has_easy_read(content: Content) -> bool:
    return content.exhibition.falc is not None or any(
        artefact.falc is not None for artefact in content.artefacts or ())


def needs(content: Content) -> str | None:
    if has_easy_read(content):
        return None
    return _("the content gives no easy-to-read text (`falc:` in exhibition.yaml, or an "
             "artefact's « FALC » column)")


def languages(content: Content) -> tuple[str, ...]:
    """The main language, and each other language of the kit in which the content gives any
    easy-read text."""
    texts = [text for text in (content.exhibition.falc, *(a.falc for a in content.artefacts or ()))
             if text is not None]
    main, *others = content.languages
    return (main, *(lang for lang in others if any(text.has(lang) for text in texts)))


def sentences(lines: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """Each sentence on its own, typeset for its language: a line holding two (which the check
    points out) is still printed one sentence a line."""
    return tuple(typeset(part, lang) for line in lines for part in SENTENCE_END.split(line))


def blocks(content: Content, lang: str) -> list[Block]:
    """What the edition tells, in the order of the visit: the exhibition, then each object that
    has an easy-read text."""
    def block(ident: str, title: Prose, text: EasyRead, artefact: Artefact | None) -> Block:
        used = text.lang_for(lang)
        return Block(ident, title, sentences(text.get(used), used), used, artefact)

    exhibition = content.exhibition
    found = [block("exhibition", exhibition.title, exhibition.falc, None)] if exhibition.falc \
        else []
    found += [block(a.id, a.title, a.falc, a) for a in visit_order(content.artefacts or ())
              if a.falc is not None]
    return found


def read_spec(ctx: BuildContext) -> Spec | None:
    languages = ctx.languages
    spec = read_layout(ctx.layouts, "easyread.yaml", ctx.report)
    if spec is None:
        return None
    spec.check_keys(["schema", "template", "file_name", "trim_mm", "margin_mm", "body_pt",
                     "line_height", "photo_mm", "logo_mm", "rules", "words"])
    template = spec.text("template", required=True, example="easyread.html.j2")
    file_name = spec.text("file_name", required=True, example="facile-a-lire{lang}-A4.pdf")
    trim = pair(spec, "trim_mm", example="[210, 297]")
    values = [number(spec, key) for key in ("margin_mm", "body_pt", "line_height", "photo_mm",
                                            "logo_mm")]
    if values[1] is not None and values[1] < LEAST_BODY_PT:
        spec.error("body_pt", _("{size:g} pt is under the {least} pt of the easy-to-read "
                                "rules").format(size=values[1], least=LEAST_BODY_PT),
                   _("set it to 14 pt or more (16 pt is the kit's)"))
    rules = read_rules(spec)
    words = read_words(spec, languages)
    if not (template and file_name and trim and rules and len(words) == len(languages)) \
            or any(value is None for value in values):
        return None
    return Spec(template, file_name, trim, *values, rules, words)  # type: ignore[arg-type]


def read_rules(spec: Mapping) -> Rules | None:
    rules = spec.mapping("rules", required=True, example="{sentence_words: 15, …}")
    if rules is None:
        return None
    rules.check_keys(["sentence_words", "sentences_a_line", "acronym_letters", "number_words"])
    values = [number(rules, key) for key in ("sentence_words", "sentences_a_line",
                                             "acronym_letters")]
    table = rules.mapping("number_words", required=True, example="{fr: [deux, …], en: […]}")
    if table is None or any(value is None for value in values):
        return None
    numbers = {lang: frozenset(word.casefold() for word in table.text_list(lang, 40) or ())
               for lang in table.values}
    return Rules(*values, numbers)  # type: ignore[arg-type]


def check_texts(content: Content, rules: Rules, report: Report) -> None:
    """Every easy-read line against the rules an author can keep: each broken rule is a warning
    naming the file, the line and the field (`falc[2]`, `artefact 'x'.falc_en`)."""
    exhibition_file = str(content.folder / "exhibition.yaml")
    texts = [(content.exhibition.falc, exhibition_file, "falc", "")]
    texts += [(a.falc, a.source, a.field("falc"), a.id) for a in content.artefacts or ()]
    for text, file, field, artefact in texts:
        if text is None:
            continue
        for lang, lines, numbers in text.texts:
            key = translated_key(field, lang, text.main_lang)
            for index, (line, at) in enumerate(zip(lines, numbers, strict=True), start=1):
                where = f"{key}[{index}]" if not artefact else key
                for code, message, hint in broken_rules(line, lang, rules):
                    report.warn(file, at, where, message, hint, artefact=artefact, code=code)


def broken_rules(line: str, lang: str, rules: Rules) -> list[tuple[str, str, str]]:
    """The rules one line of an easy-read text breaks: (code, message, hint) each."""
    found = []
    parts = SENTENCE_END.split(line)
    if len(parts) > rules.sentences_a_line:
        found.append(("easy-read-line", _("holds {count} sentences on one line: "
                                          "'{start}…'").format(
            count=len(parts), start=" ".join(line.split()[:6])),
            _("start each sentence on a new line")))
    for sentence in parts:
        if (count := len(WORD.findall(sentence))) > rules.sentence_words:
            found.append(("easy-read-sentence", _("a sentence of {count} words, over {most:g}: "
                                                  "'{start}…'").format(
                count=count, most=rules.sentence_words, start=" ".join(sentence.split()[:6])),
                _("split it in two short sentences")))
    capitals = [word for word in LETTERS.findall(line)
                if len(word) > rules.acronym_letters and word.isupper()]
    if capitals:
        found.append(("easy-read-capitals", _("writes '{word}' in capital letters").format(
            word=capitals[0]),
            _("write it in small letters with a capital first letter (an acronym of "
              "{most:g} letters at most may stay)").format(most=rules.acronym_letters)))
    in_words = [word for word in WORD.findall(line)
                if any(part.casefold() in rules.number_words.get(lang, ())
                       for part in re.split(r"[-’']", word))]
    if in_words:
        found.append(("easy-read-number", _("writes the number '{word}' in words").format(
            word=in_words[0]), _("write numbers in digits (23, not « vingt-trois »)")))
    return found


def build(ctx: BuildContext) -> list[Output]:
    """The booklet in each language the content gives easy-read texts in; the texts checked once
    (warnings), and each text longer than a page named."""
    import pikepdf

    spec = read_spec(ctx)
    ctx.report.raise_if_errors()
    assert spec is not None
    check_texts(ctx.content, spec.rules, ctx.report)
    outputs = []
    for lang in languages(ctx.content):
        main = lang == ctx.main_language
        path = f"{FOLDER}/" + spec.file_name.format(lang="" if main else f"-{lang}")
        told = blocks(ctx.content, lang)
        pdf, pages_of = render(ctx, spec, told, lang, path)
        for block in told:
            if len(pages_of.get(block.id, ())) > 1:
                too_long(ctx, block, path, sorted(pages_of[block.id]))
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            pages = len(opened.pages)
        shows = {page - 1: tuple(ident for ident, on in pages_of.items()
                                 if page in on and ident != "exhibition")
                 for page in range(1, pages + 1)}
        title = f"{ctx.content.exhibition.title.get(lang)} — {spec.words[lang]['title']}"
        outputs.append(Output(path, NAME, "A4" if main else f"A4-{lang}", spec.trim_mm,
                              0.0, pages, finish_office(pdf, title, ctx.created, lang), use="office",
                              lang=lang, page_artefacts={k: v for k, v in shows.items() if v}))
    ctx.notes.append(_("{folder}/: the place of the European easy-to-read logo (top right of the "
                       "first page) is left empty: the logo belongs to Inclusion Europe, which "
                       "grants it once readers have checked the texts (easy-to-read.eu)").format(
        folder=FOLDER))
    return outputs


def too_long(ctx: BuildContext, block: Block, path: str, pages: list[int]) -> None:
    """A block the layout split over pages (`pages`, from 1): named by its text's first line,
    placed on the page it runs onto."""
    artefact = block.artefact
    file = artefact.source if artefact else str(ctx.content.folder / "exhibition.yaml")
    text = artefact.falc if artefact else ctx.content.exhibition.falc
    assert text is not None
    key = translated_key("falc", block.lang, text.main_lang)
    line = next(numbers for lang, _lines, numbers in text.texts if lang == block.lang)[0]
    ctx.report.warn(file, line, artefact.field(key) if artefact else key,
                    _("runs over {count} pages of {file} (pages {first}–{last}): an easy-to-read "
                      "text keeps to one page").format(count=len(pages), file=path,
                                                       first=pages[0], last=pages[-1]),
                    _("shorten it, or tell it as two objects"),
                    artefact=artefact.id if artefact else "", code="easy-read-page",
                    output=path, page=pages[1])


def render(ctx: BuildContext, spec: Spec, told: list[Block], lang: str,
           name: str) -> tuple[bytes, dict[str, set[int]]]:
    """The tagged PDF (PDF/UA-1: headings, paragraphs, each picture a Figure with its text), and
    the pages each block lies on, read from the layout (`data-frame`)."""
    from ..html import SandboxFetcher, jinja_env, render_html
    from ..html.tags import languages_of_parts, margins_as_artifacts

    env = jinja_env(ctx.layouts, ctx.fonts, lang, ctx.palette, ctx.main_language)
    template = env.get_template(spec.template)
    exhibition = ctx.content.exhibition
    values = dict(ex=exhibition, spec=spec, words=spec.words[lang], blocks=told,
                  facts=facts(exhibition, lang), pictures=pictures(ctx, spec, told))
    fetcher = SandboxFetcher(ctx.roots, ctx.pictures.served if ctx.pictures else None)
    with languages_of_parts():
        rendered = render_html(lambda settings: template.render(**values, **settings.context()),
                               ctx.layouts, fetcher, name,
                               pdf_options={"pdf_variant": "pdf/ua-1"}, fonts=ctx.fonts)
    pages_of: dict[str, set[int]] = {}
    for frame in rendered.readings:
        pages_of.setdefault(frame.name, set()).add(frame.page)
    return margins_as_artifacts(rendered.pdf), pages_of


def pictures(ctx: BuildContext, spec: Spec, told: list[Block]) -> dict[str, dict]:
    """Each block's picture, converted for print at the width it is shown beside the text: the
    exhibition's picture, an object's photo. A drawing (SVG, PDF) is the poster's, not a photo of
    the object: none is shown for it."""
    out = {}
    for block in told:
        key = block.artefact.field("image") if block.artefact else "image"
        source = ctx.pictures.get(key) if ctx.pictures else None
        if ctx.pictures is None or source is None or source.kind != "raster":
            continue
        size = (spec.photo_mm, spec.photo_mm / source.aspect)
        ready = ctx.pictures.ready(source, [size], ctx.report)
        alt = block.artefact.image_alt if block.artefact else ctx.content.exhibition.image.alt
        out[block.id] = {"src": ready.url, "alt": alt.get(block.lang) if alt else "",
                         "height_mm": size[1]}
    return out
