"""`exhibition.yaml`: the event — its title, when and where, what it costs, how it looks.

The facts come in the simple forms of a one-weekend event (a list of days, one opening and one
closing hour, a line of admission text) or in the forms of a museum exhibition (a run of dates
with closing days, hour rules, a price list). Every fact is checked against the others (a
closing day outside the run, a rule closing before it opens) and reported with its line.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import yaml

from ..errors import Report
from ..i18n import _
from ..mapping import Mapping, parse_date, suggest
from ..yamlnodes import describe, quote
from .fields import (
    DEFAULT_LANGUAGES,
    LANGUAGES,
    MAX_PARAGRAPH,
    check_schema,
    easy_read,
    folder_url,
    main_lang,
    prose,
    prose_keys,
    read_run,
    translations,
)
from .hours import read_hours
from .model import Contact, Dates, Exhibition, Partner, Picture, Price, Prose, Venue
from .words import WEEKDAY_NAMES, WEEKDAYS, plain_word

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
MAX_ABOUT = 12
MAX_PRICES = 8
MAX_CLOSED = 40
MAX_LANGUAGES = 6  # a label holds three; a leaflet per language beyond that is a stack, not a kit
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
STYLE_ROLES = ("primary", "accent", "paper", "highlight")
MAX_PARTNERS = 24  # far beyond what a poster's foot holds: the layout says how many fit
MAX_PATH = 300
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # a URL (file:, https:) or a drive (C:)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

def weekday(node: yaml.Node, m: Mapping, where: str) -> int | None:
    raw = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if (day := WEEKDAYS.get(plain_word(raw))) is not None:
        return day
    known = WEEKDAY_NAMES["fr"] + WEEKDAY_NAMES["en"]
    m.report.error(m.file, node.start_mark.line + 1, m.where(where),
                   _("'{value}' is not a day of the week").format(value=quote(raw)),
                   suggest(plain_word(raw), known) if raw else _("e.g. mardi, or tuesday"))
    return None


def read_dates(m: Mapping) -> Dates | None:
    """`dates` as a list of days, or as a run `{from, to}`; `closed` beside it."""
    node = m.value_node("dates", True, _("{days} or {run}").format(
        days="[2024-09-21, 2024-09-22]", run="{from: 2025-03-01, to: 2025-06-29}"))
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        run = Mapping.of(node, m.file, "dates", m.report)
        assert run is not None
        run.check_keys(["from", "to"])
        ends = read_run(run, ("2025-03-01", "2025-06-29"))
        if ends is None:
            return None
        first, last = ends
        days: list[date] = []
    else:
        days = []
        for index, item in m.sequence("dates", required=True, example="[2024-09-21, 2024-09-22]"):
            if parsed := parse_date(item, m.file, f"dates[{index}]", m.report):
                days.append(parsed)
        if len(set(days)) != len(days):
            m.error("dates", _("lists the same day twice"), _("list each day once"))
            return None
        if days != sorted(days):
            m.error("dates", _("are not in calendar order"), _("list the days from first to last"))
            return None
        if not days:
            return None
        first, last = days[0], days[-1]
    weekdays, closed_days = read_closed(m, first, last)
    if weekdays is None:
        return None
    dates = Dates(first, last, tuple(days), tuple(sorted(weekdays)), tuple(sorted(closed_days)))
    if not dates.open_weekdays or (dates.days and all(d in closed_days for d in dates.days)):
        m.error("closed", _("closes every day the exhibition is on"), _("remove a closing day"))
        return None
    return dates


def read_closed(m: Mapping, first: date, last: date) -> tuple[set[int] | None, set[date]]:
    weekdays: set[int] = set()
    days: set[date] = set()
    if not m.present("closed"):
        return weekdays, days
    node = m.values["closed"]
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if len(items) > MAX_CLOSED:
        m.error("closed", _("lists {count} closings; at most {limit}").format(
                    count=len(items), limit=MAX_CLOSED),
                _("give the weekdays it is closed and the exceptional days only"))
        return None, days
    ok = True
    for index, item in enumerate(items, 1):
        where = f"closed[{index}]" if isinstance(node, yaml.SequenceNode) else "closed"
        raw = str(item.value).strip() if isinstance(item, yaml.ScalarNode) else ""
        if ISO_DATE.fullmatch(raw):
            day = parse_date(item, m.file, m.where(where), m.report)
            if day is None:
                ok = False
            elif not first <= day <= last:
                m.report.error(m.file, item.start_mark.line + 1, m.where(where),
                               _("{date} is outside the exhibition ({first} to {last})").format(
                                   date=day.isoformat(), first=first.isoformat(),
                                   last=last.isoformat()),
                               _("remove it, or correct the date"))
                ok = False
            else:
                days.add(day)
        elif (day_of_week := weekday(item, m, where)) is not None:
            weekdays.add(day_of_week)
        else:
            ok = False
    return (weekdays if ok else None), days


def read_admission(m: Mapping) -> tuple[Prose | None, tuple[Price, ...]] | None:
    node = m.value_node("admission", True, "Entrée libre")
    if node is None:
        return None
    if not isinstance(node, yaml.SequenceNode):
        text = prose(m, "admission", required=True, example="Entrée libre")
        return (text, ()) if text else None
    for lang in translations():
        if m.present(f"admission_{lang}"):
            m.error(f"admission_{lang}", _("has no meaning beside a price list"),
                    _("give each price's translation as `label_{lang}` instead").format(lang=lang))
    if len(node.value) > MAX_PRICES:
        m.error("admission", _("lists {count} prices; a poster shows {limit} at most").format(
                    count=len(node.value), limit=MAX_PRICES),
                _("keep the main prices, and say the others at the desk"))
        return None
    prices = []
    for index, item in m.sequence("admission"):
        p = Mapping.of(item, m.file, f"admission[{index}]", m.report)
        if p is None:
            return None
        p.check_keys([*prose_keys("label"), "price"])
        label = prose(p, "label", required=True, example="Plein tarif")
        amount = read_price(p)
        if label is None or amount is None:
            return None
        prices.append(Price(label, amount))
    return None, tuple(prices)


FREE_WORDS = {"gratuit", "gratuite", "free", "libre", "entreelibre", "freeadmission"}
PRICE_RE = re.compile(r"(?:€|eur)?\s*(?P<amount>[0-9]{1,5}(?:[.,][0-9]{1,2})?)\s*(?:€|eur|euros?)?",
                      re.IGNORECASE)


def read_price(p: Mapping) -> Decimal | None:
    """A price as people type it: « 6 », « 6,00 € », « 6.50 », « €6 », « gratuit », "free"."""
    node = p.value_node("price", True, "8")
    if node is None:
        return None
    typed = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    if plain_word(typed).replace("-", "") in FREE_WORDS:
        return Decimal(0)
    match = PRICE_RE.fullmatch(typed.replace("\u00a0", " ").replace("\u202f", " "))
    if typed.startswith("-") and PRICE_RE.fullmatch(typed[1:].strip()):
        p.error("price", _("{value} is a negative price").format(value=quote(typed, 20)),
                _("write 0 for free, or the price in euros"))
        return None
    if not match:
        p.error("price", _("'{value}' is not a price in euros").format(
                    value=quote(typed or describe(node), 20)),
                _("write it as 6, 6,00 €, 6.50 or gratuit (free)"))
        return None
    return Decimal(match.group("amount").replace(",", "."))


def read_venue(m: Mapping) -> Venue | None:
    v = m.mapping("venue", required=True,
                  example="{name: Hôtel de Grand Quartier Général de Clévans, city: Besançon}")
    if v is None:
        return None
    v.check_keys(["name", "city", "address", "postcode"])
    name = v.text("name", required=True, example="Hôtel de Grand Quartier Général de Clévans")
    city = v.text("city", required=True, example="Besançon")
    address, postcode = v.text("address"), v.text("postcode", max_len=12)
    if postcode and not re.fullmatch(r"[0-9A-Z][0-9A-Z -]{1,10}", postcode):
        v.error("postcode", _("'{value}' is not a postcode").format(value=quote(postcode)),
                _("e.g. {example}").format(example='"25000"'))
        return None
    if address and city and address.rstrip(" .").lower().endswith(city.lower()):
        v.warn("address", _("ends with the city, which prints after the postcode anyway"),
               _("write the street only, e.g. 20 rue Gambetta"))
    return Venue(name, city, address, postcode) if name and city else None


def read_contact(m: Mapping) -> Contact | None:
    c = m.mapping("contact", example='{phone: "03 81 00 00 00", email: musee@example.fr}')
    if c is None:
        return None
    c.check_keys(["phone", "email"])
    phone, email = c.text("phone", max_len=30), c.text("email", max_len=120)
    if phone and not re.fullmatch(r"\+?[0-9 ().-]{6,25}", phone):
        c.error("phone", _("'{value}' is not a telephone number").format(value=quote(phone)),
                _("e.g. {example}").format(example='"03 81 00 00 00"'))
        phone = None
    if email and not EMAIL_RE.match(email):
        c.error("email", _("'{value}' is not an e-mail address").format(value=quote(email)),
                _("e.g. {example}").format(example="musee@example.fr"))
        email = None
    return Contact(phone, email) if phone or email else None


def read_accessibility(m: Mapping) -> tuple[Prose, ...]:
    """Text, or a list of lines, each with its translations under `accessibility_en`…"""
    def lines(key: str) -> list[str]:
        if not m.present(key):
            return []
        if isinstance(m.values[key], yaml.SequenceNode):
            return m.text_list(key, 300) or []
        text = m.text(key, max_len=300)
        return [text] if text else []

    return parallel_lines(m, "accessibility", lines)


def parallel_lines(m: Mapping, key: str, read) -> tuple[Prose, ...]:
    """A list of lines or paragraphs (`about`, `accessibility`) and its translations, each a list
    beside it (`about_de`) of as many items, in the same order."""
    main = read(key)
    texts: dict[str, list[str]] = {}
    for lang in translations():
        found = read(f"{key}_{lang}")
        if found and len(found) != len(main):
            m.error(f"{key}_{lang}", _("has {count} items but `{key}` has {main}").format(
                        count=len(found), key=key, main=len(main)),
                    _("give one translated item for each item of `{key}`, in the same "
                      "order").format(key=key))
        elif found:
            texts[lang] = found
    return tuple(Prose.of({main_lang(): text, **{lang: found[index]
                                                 for lang, found in texts.items()}})
                 for index, text in enumerate(main))


def read_languages(node: yaml.Node | None, shown: str, report: Report) -> tuple[
        tuple[str, ...], bool]:
    """`languages: [fr, de, en]`, the main one (that of the plain keys) first; and whether the
    content declares them. Without the key, texts may be given in French and English, and the
    kit is made in English too when the title has its English."""
    # The file's own faults (a key twice, a key with a space) are `read_exhibition`'s to report,
    # once: this first look keeps them to itself, then reports on `languages` alone.
    m = Mapping.of(node, shown, "", Report()) if isinstance(node, yaml.MappingNode) else None
    if m is None or not m.present("languages"):
        return DEFAULT_LANGUAGES, False
    m.report = report
    codes = m.text_list("languages", 12) or []
    found: list[str] = []
    for code in codes:
        lang = code.strip().lower().replace("-", "_")
        if not LANGUAGE_CODE.fullmatch(lang) or not known_language(lang):
            m.error("languages", _("'{code}' is not a language code").format(code=quote(code, 20)),
                    _("give two-letter codes, the main language first, e.g. {example}").format(
                        example="languages: [fr, de, en]"))
        elif lang in found:
            m.error("languages", _("names '{code}' twice").format(code=lang),
                    _("keep one of the two"))
        else:
            found.append(lang)
    if len(found) > MAX_LANGUAGES:
        m.error("languages", _("lists {count} languages; a kit is made in {limit} at the "
                               "most").format(count=len(found), limit=MAX_LANGUAGES),
                _("keep the languages your visitors read most"))
        found = found[:MAX_LANGUAGES]
    return (tuple(found) or DEFAULT_LANGUAGES), True


def known_language(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def read_style(m: Mapping) -> tuple[tuple[str, tuple[float, float, float, float]], ...]:
    """The exhibition's own colours, CMYK from 0 to 1, replacing the layout palette's roles.
    Whether text stays readable on them is checked once the palette is known (colours.py)."""
    from ..layouts import read_cmyk

    s = m.mapping("style", example="{primary: [1, 0.8, 0.25, 0.35]}")
    if s is None:
        return ()
    s.check_keys(list(STYLE_ROLES))
    return tuple((role, value) for role in STYLE_ROLES
                 if s.present(role) and (value := read_cmyk(s, role)) is not None)


def file_name(m: Mapping, key: str, example: str) -> str | None:
    """A file named relative to the content folder. Only its form is checked here; whether it
    exists, stays inside the folder and is a picture is for `expoprint.images` to say."""
    name = m.file_path(key, required=True, example=example, max_len=MAX_PATH)
    if name and (name.startswith(("/", "~", "\\")) or SCHEME.match(name)):
        m.error(key, _("'{value}' is not a file inside the content folder").format(
                    value=quote(name)),
                _("copy the file into the content folder and name it from there, e.g. "
                  "{example}").format(example=example))
        return None
    return name


def read_focus(m: Mapping) -> tuple[float, float] | None:
    node = m.value_node("focus", False, "[50, 30]")
    if node is None:
        return (50.0, 50.0)
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    try:
        x, y = (float(str(item.value).strip().rstrip("%")) for item in items)
        assert 0 <= x <= 100 and 0 <= y <= 100
    except (AssertionError, AttributeError, ValueError):
        m.error("focus", _("should be [x, y] in % of the picture's width and height, found "
                           "{found}").format(found=describe(node)),
                _("e.g. `focus: [50, 30]` keeps the point half-way across and 30 % down in every "
                  "crop"))
        return None
    return x, y


ALT_EXAMPLE = "Des soldats américains entrent dans Besançon"


def alt_missing() -> str:
    """Said in the language of the run, when the message is made (not when this is imported)."""
    return _("a picture is given without its alternative text (`alt`: what the picture shows, "
             "for visitors who cannot see it)")


def read_image(m: Mapping) -> Picture | None:
    """`image: {file, credit, alt, focus}`. A file name alone is refused: `alt` is required."""
    node = m.value_node("image", False, "{file: images/affiche.jpg}")
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        name = file_name(m, "image", "images/affiche.jpg")
        if name:  # the site, the screen leaflet and the social images show it: it needs its text
            m.error("image", alt_missing(), _("write `image: {{file: {file}, alt: {example}}}`").format(
                file=name, example=ALT_EXAMPLE))
        return None
    i = Mapping.of(node, m.file, "image", m.report)
    if i is None:
        return None
    i.check_keys(["file", "focus", *prose_keys("credit", "alt")])
    name = file_name(i, "file", "images/affiche.jpg")
    credit, alt = prose(i, "credit", max_len=120), prose(i, "alt", max_len=400)
    if name and alt is None and not i.present("alt"):
        i.error("alt", alt_missing(), i.fill_hint("alt", ALT_EXAMPLE))
    focus = read_focus(i)
    if name is None or focus is None:
        return None
    return Picture(name, i.line("file"), "image.file", credit, alt, focus)


def read_partners(m: Mapping) -> tuple[tuple[Partner, ...], Prose | None]:
    """`partners: [{name, logo}, …]`, or `{heading: Avec le soutien de, logos: […]}`."""
    node = m.value_node("partners", False, "[{name: Ville de Besançon, logo: logos/ville.svg}]")
    if node is None:
        return (), None
    heading, holder, key = None, m, "partners"
    if isinstance(node, yaml.MappingNode):
        holder = Mapping.of(node, m.file, "partners", m.report)
        assert holder is not None
        holder.check_keys(["logos", *prose_keys("heading")])
        heading, key = prose(holder, "heading", max_len=80), "logos"
    listed = list(holder.sequence(key, required=True, example="- {name: …, logo: logos/ville.svg}"))
    if len(listed) > MAX_PARTNERS:
        holder.error(key, _("lists {count} partners; at most {limit}").format(
                         count=len(listed), limit=MAX_PARTNERS),
                     _("keep the partners whose logo must be printed"))
        return (), heading
    partners = []
    for index, item in listed:
        p = Mapping.of(item, m.file, f"{holder.where(key)}[{index}]", m.report)
        if p is None:
            continue
        p.check_keys(["name", "logo"])
        name = p.text("name", required=True, example="Ville de Besançon", max_len=120)
        logo = file_name(p, "logo", "logos/ville.svg")
        if name and logo:
            partners.append(Partner(name, logo, p.line("logo"), p.where("logo")))
    return tuple(partners), heading


def read_logo(m: Mapping, venue: str) -> Partner | None:
    """`logo: logos/musee.svg` (named by the venue), or `{file: …, name: …}`: the organiser's
    own logo, in a slot of its own beside the partners' strip."""
    node = m.value_node("logo", False, "logos/musee.svg")
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        name = file_name(m, "logo", "logos/musee.svg")
        return Partner(venue, name, m.line("logo"), "logo") if name else None
    o = Mapping.of(node, m.file, "logo", m.report)
    if o is None:
        return None
    o.check_keys(["file", "name"])
    name = o.text("name", max_len=120) or venue
    file = file_name(o, "file", "logos/musee.svg")
    return Partner(name, file, o.line("file"), "logo.file") if file else None


def read_about(m: Mapping) -> tuple[Prose, ...]:
    for key in ("about", *(f"about_{lang}" for lang in translations())):
        if m.present(key) and len(getattr(m.values[key], "value", ())) > MAX_ABOUT:
            m.error(key, _("has {count} paragraphs; the leaflet's flap holds {limit} at the "
                           "most").format(count=len(m.values[key].value), limit=MAX_ABOUT),
                    _("keep the paragraphs that matter most"))
            return ()
    return parallel_lines(m, "about", lambda key: m.text_list(key, MAX_PARAGRAPH) or [])


def read_exhibition(node: yaml.Node, shown: str, report: Report,
                    declared: bool = True) -> Exhibition | None:
    """The exhibition, its texts read in the languages being read (`fields.reading_in`);
    `declared` says whether `languages` lists them, else English is made when the title has it."""
    m = Mapping.of(node, shown, "", report)
    if m is None:
        return None
    m.check_keys(["schema", "languages", "dates", "closed", "hours", *prose_keys("hours_text"),
                  "venue", "website", "qr_base_url", "motif", "contact", "style", "admission",
                  "image", "partners", "logo",
                  *prose_keys("title", "subtitle", "kind", "occasion", "highlight",
                              "call_to_action", "accessibility", "about", "falc", "admission")])
    check_schema(m)
    title = prose(m, "title", required=True, example="La Libération de Besançon")
    dates = read_dates(m)
    hours, admission = read_hours(m, dates), read_admission(m)
    venue = read_venue(m)
    fields = dict(
        subtitle=prose(m, "subtitle"), kind=prose(m, "kind"), occasion=prose(m, "occasion"),
        highlight=prose(m, "highlight", max_len=400),
        call_to_action=prose(m, "call_to_action"), website=m.url("website"),
        qr_base_url=folder_url(m.url("qr_base_url")), motif=m.text("motif", max_len=12),
        about=read_about(m), accessibility=read_accessibility(m), contact=read_contact(m),
        style=read_style(m), image=read_image(m), falc=easy_read(m))
    fields["partners"], fields["partners_heading"] = read_partners(m)
    fields["logo"] = read_logo(m, venue.name if venue else "")
    if not (title and dates and hours and admission and venue):
        return None
    languages = LANGUAGES.get()
    if not declared:
        languages = tuple(lang for lang in languages if lang == main_lang() or title.has(lang))
    return Exhibition(title=title, languages=languages, dates=dates, hours=hours, venue=venue,
                      admission=admission[0], prices=admission[1], lines=dict(m.lines), **fields)
