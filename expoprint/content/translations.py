"""A translator's round trip: every text of the exhibition out as one PO file, its translations
back into the content folder (`translations/<lang>.po`), read by every build beside the `_de` keys.

PO (gettext) is what translators' tools and Weblate read and write. Each text is one entry: its
context names the field (`exhibition:title`, `timeline:events[2].text`,
`artefact:herbier-01:description`), its `msgid` is the main language's text as it was when the
file was made, with a digest of it beside (`#. source …`), and its `msgstr` the translation. A
translation is used while its field exists; when the main text has changed since (the `msgid` is
no longer the text), it is stale: still printed, with a warning naming the field, until the
translator looks at it again. A file made for another exhibition is refused by name.

A `_de` key in the YAML (or a « Titre (allemand) » column) wins over the file: it is what the
user typed last, in the place they see.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

from ..errors import ExpoprintError, Problem, Report
from ..i18n import _
from ..mapping import translated_key
from .fields import language_name
from .history import DatedText
from .model import Artefact, Content, Prose, walk_text

FOLDER = "translations"
MAX_BYTES = 5_000_000  # an exhibition's texts are a few hundred kB: far beyond is no such file
EXHIBITION = "X-Expoprint-Exhibition"  # the exhibition a file was made for, by its key
TITLE = "X-Expoprint-Title"  # and by its title, for the message that refuses it
SKIP = ("source", "line", "lines", "style", "focus", "edtf", "falc")  # easy-read is written anew


def exhibition_key(content: Content) -> str:
    """What names an exhibition across edits of its texts: where and when it opens."""
    ex = content.exhibition
    return f"{ex.venue.name} · {ex.venue.city} · {ex.dates.first.isoformat()}"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def texts(content: Content) -> Iterator[tuple[str, str, Prose]]:
    """Every translatable text: (context, file it is written in, text)."""
    roots: list[tuple[str, str, object]] = [("exhibition:", "exhibition.yaml", content.exhibition)]
    if content.timeline:
        roots.append(("timeline:", "timeline.yaml", content.timeline))
    roots += [(f"artefact:{a.id}:", Path(a.source).name, a) for a in content.artefacts or ()]
    for prefix, file, model in roots:
        for path, prose in prose_fields(model):
            yield prefix + path, file, prose


def prose_fields(value: object) -> Iterator[tuple[str, Prose]]:
    """The model's texts to translate, by the paths `with_prose` gives them; a date of history
    is printed from its date in every language: nothing to say."""
    for path, text in walk_text(value, skip=SKIP):
        if isinstance(text, Prose) and not isinstance(text, DatedText):
            yield path, text


def with_prose(value, path: str, change: Callable[[str, Prose], Prose]):
    """`value` with each of its texts passed through `change`, the rest shared: the model is
    frozen, so a translated text makes new parents along its path, no more."""
    if isinstance(value, DatedText):
        return value
    if isinstance(value, Prose):
        return change(path, value)
    if isinstance(value, tuple):
        items = tuple(with_prose(item, f"{path}[{index}]", change)
                      for index, item in enumerate(value, 1))
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for field in fields(value):
            if field.name in SKIP:
                continue
            old = getattr(value, field.name)
            new = with_prose(old, f"{path}.{field.name}" if path else field.name, change)
            if new is not old:
                changed[field.name] = new
        return replace(value, **changed) if changed else value
    return value


# --- export ----------------------------------------------------------------------------------

def export(content: Content, lang: str) -> str:
    """The PO file of every text for a translator into `lang`, with what is translated already."""
    import polib

    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "expoprint", "Language": lang,
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        EXHIBITION: exhibition_key(content), TITLE: content.exhibition.title.main,
    }
    for context, file, prose in texts(content):
        po.append(polib.POEntry(
            msgctxt=context, msgid=prose.main, msgstr=prose.translation(lang) or "",
            comment=f"source {digest(prose.main)}", occurrences=[(file, "")]))
    return str(po)


def check_export_language(content: Content, lang: str) -> None:
    if lang not in content.languages[1:]:
        shown = ", ".join(content.languages[1:]) or "—"
        raise ExpoprintError(Problem(
            str(content.folder / "exhibition.yaml"), None, "languages",
            _("does not list '{code}' as a translation (it lists: {languages})").format(
                code=lang, languages=shown),
            _("add it to `languages`, e.g. languages: [{main}, {code}]").format(
                main=content.main_language, code=lang)))


# --- import ----------------------------------------------------------------------------------

def read_po_file(path: Path, shown: str):
    """A PO file, or a problem naming it: never a traceback for a file that is not one."""
    import polib

    def refused(reason: str) -> ExpoprintError:
        return ExpoprintError(Problem(
            shown, None, "", _("is not a translation file expoprint can read ({reason})").format(
                reason=reason),
            _("give the .po file `expoprint translate export` wrote, as the translator "
              "returned it")))

    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            raise refused(_("too large"))
        return polib.pofile(path.read_text(encoding="utf-8"), wrapwidth=0)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise refused(type(exc).__name__) from None


def import_file(content: Content, file: Path) -> tuple[str, int, Path]:
    """Store the translations of `file` in the content folder; (language, texts, stored file)."""
    import polib

    po = read_po_file(file, str(file))
    key, title = po.metadata.get(EXHIBITION), po.metadata.get(TITLE, "?")
    if key != exhibition_key(content):
        raise ExpoprintError(Problem(
            str(file), None, "",
            _("was made for the exhibition « {other} », not « {this} »").format(
                other=title, this=content.exhibition.title.main),
            _("import the file made from this content folder: expoprint translate export "
              "--lang CODE")))
    lang = po.metadata.get("Language", "").strip().lower().replace("-", "_")
    check_export_language(content, lang)
    stored = content.folder / FOLDER / f"{lang}.po"
    known = {context for context, _file, _prose in texts(content)}
    kept = read_po_file(stored, str(stored)) if stored.exists() else None
    entries = {entry.msgctxt: entry for entry in kept or ()}
    count = 0
    for entry in po:
        if entry.msgctxt in known and entry.msgstr.strip() and "fuzzy" not in entry.flags:
            entries[entry.msgctxt] = entry
            count += 1
    out = polib.POFile(wrapwidth=0)
    out.metadata = dict(po.metadata)
    for context in sorted(entries):
        out.append(entries[context])
    write_inside(content.folder, stored, str(out))
    return lang, count, stored


def write_inside(folder: Path, target: Path, text: str) -> None:
    """Write `target` whole or not at all, and only inside the content folder (never through a
    link planted at `translations/`)."""
    parent = target.parent
    parent.mkdir(exist_ok=True)
    if not parent.resolve().is_relative_to(folder.resolve()) or parent.is_symlink():
        raise ExpoprintError(Problem(str(parent), None, "", _("is a link out of the content "
                                                                 "folder"),
                                     _("make it a plain folder inside the content folder")))
    handle, temporary = tempfile.mkstemp(dir=parent, prefix=".", suffix=".po")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, target)


# --- reading them in a build -----------------------------------------------------------------

def apply(content: Content, report: Report, readable: Callable[[Path], bool]) -> Content:
    """The content with the stored translations of each of its languages added where no `_de` key
    gives one; a stale translation is a warning naming its field. `readable`: the content
    folder's own test of a file (inside the folder, counted among the build's inputs)."""
    for lang in content.languages[1:]:
        stored = content.folder / FOLDER / f"{lang}.po"
        if not stored.exists() or not readable(stored):
            continue
        try:
            po = read_po_file(stored, str(stored))
        except ExpoprintError as exc:
            report.problems.extend(exc.problems)
            continue
        found = {entry.msgctxt: entry for entry in po if entry.msgstr.strip()}
        content = translated(content, lang, found, str(stored), report)
    return content


def translated(content: Content, lang: str, found: dict, shown: str, report: Report) -> Content:
    main = content.main_language

    def change_in(prefix: str, artefact: Artefact | None = None) -> Callable[[str, Prose], Prose]:
        def change(path: str, prose: Prose) -> Prose:
            entry = found.get(prefix + path)
            if entry is None or prose.has(lang):
                return prose
            if entry.msgid != prose.main:
                key = translated_key(path, lang, main)  # the field as the user would give it
                report.warn(shown, entry.linenum, artefact.field(key) if artefact else key,
                            _("the {language} translation was made for an earlier text").format(
                                language=language_name(lang)),
                            _("have it translated again: expoprint translate export --lang "
                              "{code}").format(code=lang), artefact=artefact.id if artefact else "",
                            code="stale-translation")
            return prose.with_text(lang, entry.msgstr)
        return change

    exhibition = with_prose(content.exhibition, "", change_in("exhibition:"))
    timeline = with_prose(content.timeline, "", change_in("timeline:")) \
        if content.timeline else None
    artefacts = tuple(with_prose(a, "", change_in(f"artefact:{a.id}:", a))
                      for a in content.artefacts) if content.artefacts is not None else None
    return replace(content, exhibition=exhibition, timeline=timeline, artefacts=artefacts)
