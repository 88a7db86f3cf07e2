"""Rules about the whole document: output intent, PDF/X-4 document rules, actions and
JavaScript, fonts. One function per code family; each writes its findings to the report.

Contract: each function reads the untrusted structure through objects.py, so a malformed
object is a `damaged` or `pdfx-invalid` finding naming the object, never an exception; walks
are bounded by `Limits.actions` and see each object once.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..i18n import _
from .findings import FileReport, one_line
from .limits import Limits
from .objects import entries, kind_of, pages_at, place, resource_dicts, text
from .tokens import Budget, Problems, decode, inflate

MAX_XMP = 8 * 2**20


# --- output intent -------------------------------------------------------------------------------

def check_output_intent(pdf, report: FileReport) -> None:
    import pikepdf

    intents = pdf.Root.get("/OutputIntents")
    if intents is not None and not isinstance(intents, pikepdf.Array):
        report.add("error", "damaged", None,
                   _("/OutputIntents is {kind}, expected an array of output intents").format(
                       kind=kind_of(intents)))
        return
    pdfx = [i for i in list(intents or [])[:32]
            if isinstance(i, pikepdf.Dictionary) and i.get("/S") == "/GTS_PDFX"]
    profile = pdfx[0].get("/DestOutputProfile") if pdfx else None
    if not isinstance(profile, pikepdf.Stream):
        report.add("error", "no-output-intent", None,
                   _("no PDF/X output intent with an embedded CMYK profile"))
        return
    if profile.get("/N") != 4:
        report.add("error", "no-output-intent", None,
                   _("the PDF/X output intent's profile has {count} components; a CMYK profile "
                     "has 4").format(count=text(profile.get("/N"), 10)))
    elif problem := embedded_profile_problem(profile):
        report.add("error", "no-output-intent", None,
                   _("the PDF/X output intent's profile {problem}").format(problem=problem))
    condition = pdfx[0].get("/OutputConditionIdentifier")
    report.set("output_intent", one_line(text(condition), 60) if condition is not None else "")


def embedded_profile_problem(profile) -> str | None:
    """What makes the output intent's profile unusable (cut short, not CMYK output, unreadable
    by LittleCMS), decoded within the size a profile may have."""
    from ..icc import MAX_PROFILE_BYTES, output_profile_problem

    budget = Budget(MAX_PROFILE_BYTES)
    problems = Problems()
    data = decode(profile, budget, problems)
    if budget.exceeded:
        return _("is larger than {size} MB").format(size=MAX_PROFILE_BYTES >> 20)
    if problems:
        return _("cannot be decoded ({reason})").format(reason=problems[0])
    return output_profile_problem(data)


# --- PDF/X-4 document rules ----------------------------------------------------------------------

def read_xmp(pdf) -> tuple[dict, str | None]:
    """The XMP values PDF/X-4 compares with Info, read only after its decoded size is known to be
    reasonable; or what is wrong with it."""
    import pikepdf

    stream = pdf.Root.get("/Metadata")
    if stream is None:
        return {}, _("the document has no XMP metadata")
    if not isinstance(stream, pikepdf.Stream):
        return {}, _("/Metadata is {kind}, expected an XMP stream").format(kind=kind_of(stream))
    budget = Budget(MAX_XMP)
    raw = stream.read_raw_bytes()
    if stream.get("/Filter") in ("/FlateDecode", "/Fl"):
        inflate(raw, MAX_XMP, budget, Problems())
    elif stream.get("/Filter") is not None or len(raw) > MAX_XMP:
        budget.exceeded = len(raw) > MAX_XMP
    if budget.exceeded:
        return {}, _("the XMP metadata is larger than 8 MB")
    keys = ("dc:title", "xmp:CreateDate", "xmp:ModifyDate", "pdf:Trapped",
            "pdfxid:GTS_PDFXVersion")
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False,
                               strict=True) as meta:
            return {key: meta.get(key) for key in keys}, None
    except Exception as exc:  # lxml and pikepdf raise many kinds on broken XML
        reason = re.sub(r" \(<string>, line \d+\)$", "", one_line(str(exc), 200))
        return {}, _("the XMP metadata cannot be read ({reason})").format(reason=one_line(reason, 80))


def declared_version(pdf, xmp: dict) -> str | None:
    import pikepdf

    info = pdf.trailer.get("/Info")
    version = xmp.get("pdfxid:GTS_PDFXVersion")
    if not version and isinstance(info, pikepdf.Dictionary) and "/GTS_PDFXVersion" in info:
        version = text(info.get("/GTS_PDFXVersion"))
    return one_line(text(version), 40) if version else None


def parse_date(text: str) -> datetime | None:
    from pikepdf.models.metadata import decode_pdf_date

    text = str(text).strip()
    try:
        if text.startswith("D:"):
            return decode_pdf_date(text.replace("'", ""))
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, TypeError, OverflowError):
        try:  # some writers leave out the "D:"
            return decode_pdf_date(text.replace("'", "")) if re.fullmatch(r"\d{4}.*", text) else None
        except (ValueError, TypeError, OverflowError):
            return None


def same_instant(a: datetime, b: datetime) -> bool:
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return a == b


def check_pdfx(pdf, report: FileReport) -> str | None:
    """PDF/X-4's document rules, for a file that declares PDF/X-4. Returns the declared
    version so the caller can apply the per-page PDF/X rules too."""
    import pikepdf

    xmp, xmp_problem = read_xmp(pdf)
    version = declared_version(pdf, xmp)
    report.set("pdfx_version", version)
    if not version:
        report.add("warning", "not-pdfx4", None, _("declared PDF/X version is none, expected PDF/X-4"))
        return version
    if not version.startswith("PDF/X-4"):
        report.add("warning", "not-pdfx4", None,
                   _("declared PDF/X version is {version}, expected PDF/X-4").format(version=version))
        return version

    def broken(message: str) -> None:
        report.add("error", "pdfx-invalid", None, message)

    if xmp_problem:
        broken(_("{problem}; PDF/X-4 needs it").format(problem=xmp_problem))
    info = pdf.trailer.get("/Info")
    info = info if isinstance(info, pikepdf.Dictionary) else pikepdf.Dictionary()
    trapped = info.get("/Trapped")
    if trapped is None:
        broken(_("Info has no /Trapped; PDF/X-4 wants /True or /False"))
    elif isinstance(trapped, pikepdf.Name) and str(trapped) not in ("/True", "/False"):
        broken(_("Info /Trapped is {value}, PDF/X-4 wants /True or /False").format(
            value=one_line(text(trapped), 40)))
    elif not isinstance(trapped, pikepdf.Name):
        broken(_("Info /Trapped is {kind} ({value}), PDF/X-4 wants /True or /False").format(
            kind=kind_of(trapped), value=one_line(text(trapped), 20)))
    if not xmp_problem:
        pairs = [("/Title", "dc:title", _("title")), ("/Trapped", "pdf:Trapped", _("trapping")),
                 ("/GTS_PDFXVersion", "pdfxid:GTS_PDFXVersion", _("PDF/X version")),
                 ("/CreationDate", "xmp:CreateDate", _("creation date")),
                 ("/ModDate", "xmp:ModifyDate", _("modification date"))]
        for key, xmp_key, what in pairs:
            compare(info.get(key), xmp.get(xmp_key), key, xmp_key, what, broken)
    header = pdf.pdf_version
    catalog = pdf.Root.get("/Version")
    if header is not None and version_number(text(header).lstrip("/")) > (1, 6):
        broken(_("the header says PDF {version}; PDF/X-4 allows at most 1.6").format(
            version=one_line(text(header).lstrip("/"), 10)))
    if catalog is not None and version_number(text(catalog).lstrip("/")) > (1, 6):
        broken(_("the catalog /Version says PDF {version}; PDF/X-4 allows at most 1.6").format(
            version=one_line(text(catalog).lstrip("/"), 10)))
    return version


def version_number(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{1,3})\.(\d{1,3})", text.strip())
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def compare(info_value, xmp_value, key: str, xmp_key: str, what: str, broken) -> None:
    if info_value is None and not xmp_value:
        if key in ("/Title", "/CreationDate", "/ModDate"):
            broken(_("no {what} in Info ({key}) nor XMP ({xmp_key}); PDF/X-4 needs it in both").format(
                what=what, key=key, xmp_key=xmp_key))
        return
    if info_value is None or not xmp_value:
        missing, present = (f"Info {key}", f"XMP {xmp_key}") if info_value is None else \
            (f"XMP {xmp_key}", f"Info {key}")
        if key == "/GTS_PDFXVersion" and info_value is None:
            return  # PDF/X-4 declares itself in XMP; the Info key is optional
        broken(_("the {what} is in {present} but not in {missing}; PDF/X-4 wants both, equal").format(
            what=what, present=present, missing=missing))
        return
    shown_info = one_line(text(info_value, 200), 60)
    shown_xmp = one_line(text(xmp_value, 200), 60)
    if key in ("/CreationDate", "/ModDate"):
        a, b = parse_date(text(info_value)), parse_date(text(xmp_value))
        if a is None or b is None:
            bad = f"Info {key} ({shown_info})" if a is None else f"XMP {xmp_key} ({shown_xmp})"
            broken(_("{value} is not a date").format(value=bad))
        elif not same_instant(a, b):
            broken(differs(what, key, shown_info, xmp_key, shown_xmp))
        return
    left = text(info_value, 10_000).lstrip("/") if key == "/Trapped" else text(info_value, 10_000)
    if left != text(xmp_value, 10_000):
        broken(differs(what, key, shown_info, xmp_key, shown_xmp))


def differs(what: str, key: str, info: str, xmp_key: str, xmp: str) -> str:
    return _("the {what} differs: Info {key} is {info}, XMP {xmp_key} is {xmp}").format(
        what=what, key=key, info=info, xmp_key=xmp_key, xmp=xmp)


def check_transfer_functions(page_obj, number: int, report: FileReport) -> None:
    """PDF/X forbids transfer functions: they bend every separation's tones at the RIP."""
    for where, resources in resource_dicts(page_obj):
        for name, state in entries(resources.get("/ExtGState")):
            for key in ("/TR", "/TR2"):
                value = state.get(key) if hasattr(state, "get") else None
                if value is not None and text(value) != "/Default":
                    message = _("graphics state {name} in {where} sets a transfer function ({key}); "
                                "PDF/X-4 forbids them") if where else _(
                        "graphics state {name} sets a transfer function ({key}); PDF/X-4 forbids "
                        "them")
                    report.add("error", "pdfx-invalid", number, message.format(
                        name=name[:40], where=place(where) if where else "", key=key))


# --- actions and JavaScript ----------------------------------------------------------------------

class ActionWalk:
    """Every action of the file, followed through /Next chains, each once, within a budget."""

    def __init__(self, report: FileReport, limits: Limits, pdfx: bool):
        self.report = report
        self.pdfx = pdfx
        self.left = limits.actions
        self.seen: set[tuple[int, int]] = set()
        self.found: dict[tuple[str, int | None, str], int] = {}

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0

    def action(self, action, where: str, page: int | None, depth: int = 0) -> None:
        import pikepdf

        if not isinstance(action, pikepdf.Dictionary) or depth > 100 or not self.spend():
            return
        if action.is_indirect:
            if action.objgen in self.seen:
                return
            self.seen.add(action.objgen)
        kind = text(action.get("/S", ""), 30).lstrip("/") or _("unnamed")
        if kind == "JavaScript" or "/JS" in action:
            self.found[("javascript", page, where)] = 1
        elif self.pdfx:
            self.found[(f"action:{kind}", page, where)] = self.found.get(
                (f"action:{kind}", page, where), 0) + 1
        chained = action.get("/Next")
        for following in list(chained)[:1000] if isinstance(chained, pikepdf.Array) else [chained]:
            self.action(following, where, page, depth + 1)

    def triggers(self, aa, where: str, page: int | None) -> None:
        for trigger, action in entries(aa):
            self.action(action, _("{where} ({trigger} trigger)").format(where=where,
                                                                          trigger=trigger[1:]), page)

    def annotations(self, page_obj, number: int) -> None:
        import pikepdf

        annots = page_obj.get("/Annots")
        for annot in list(annots)[:10_000] if isinstance(annots, pikepdf.Array) else []:
            if not isinstance(annot, pikepdf.Dictionary) or not self.spend():
                continue
            subtype = text(annot.get("/Subtype", "/annotation"), 20).lstrip("/")
            label = _("a link") if subtype == "Link" else _("a form field") if subtype == "Widget" \
                else _("a {subtype} annotation").format(subtype=subtype)
            self.action(annot.get("/A"), label, number)
            self.triggers(annot.get("/AA"), label, number)

    def outline(self, node, depth: int = 0) -> None:
        import pikepdf

        while isinstance(node, pikepdf.Dictionary) and depth < 64 and self.spend():
            if node.is_indirect:
                if ("outline", *node.objgen) in self.seen:
                    return
                self.seen.add(("outline", *node.objgen))
            self.action(node.get("/A"), _("a bookmark"), None)
            self.outline(node.get("/First"), depth + 1)
            node = node.get("/Next")

    def fields(self, fields, depth: int = 0) -> None:
        import pikepdf

        for field in list(fields)[:10_000] if isinstance(fields, pikepdf.Array) else []:
            if not isinstance(field, pikepdf.Dictionary) or depth > 32 or not self.spend():
                continue
            if field.is_indirect:
                if ("field", *field.objgen) in self.seen:
                    continue
                self.seen.add(("field", *field.objgen))
            self.triggers(field.get("/AA"), _("a form field"), None)
            self.fields(field.get("/Kids"), depth + 1)


def check_actions(pdf, pages: list[int], report: FileReport, limits: Limits, pdfx: bool) -> None:
    """JavaScript anywhere is an error; in a PDF/X-4 press file any other action is too. A
    destination (an OpenAction that is an array) only says which page opens: no action."""
    import pikepdf

    walk = ActionWalk(report, limits, pdfx)
    root = pdf.Root
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        walk.found[("javascript", None, _("the document's JavaScript names"))] = 1
    walk.action(root.get("/OpenAction"), _("the document's open action"), None)
    walk.triggers(root.get("/AA"), _("the document's additional actions"), None)
    form = root.get("/AcroForm")
    if isinstance(form, pikepdf.Dictionary):
        walk.fields(form.get("/Fields"))
    outlines = root.get("/Outlines")
    if isinstance(outlines, pikepdf.Dictionary):
        walk.outline(outlines.get("/First"))
    page_actions = _("the page's additional actions")
    for index, page_obj in sorted(pages_at(pdf, pages).items()):
        walk.triggers(page_obj.get("/AA"), page_actions, index + 1)
        walk.annotations(page_obj, index + 1)
    for (kind, page, where), count in walk.found.items():
        if kind == "javascript":
            report.add("error", "javascript", page,
                       _("the file carries JavaScript, in {where}").format(where=where))
        else:
            message = _("{where} has a {kind} action ({count} of them); PDF/X-4 allows none") \
                if count > 1 else _("{where} has a {kind} action; PDF/X-4 allows none")
            report.add("error", "pdfx-invalid", page,
                       message.format(where=where, kind=kind.split(":")[1], count=count))
    if walk.left < 0:
        report.add("warning", "check-limited", None,
                   _("more than {count:,} actions and annotations: the rest were not examined for "
                     "JavaScript").format(count=limits.actions))


# --- fonts ---------------------------------------------------------------------------------------

def check_fonts(pdf, pages: list[int], report: FileReport) -> None:
    import pikepdf

    from .fonts import SUBSET, weight

    fonts, seen = [], set()
    for _index, page_obj in sorted(pages_at(pdf, pages).items()):
        for _where, resources in resource_dicts(page_obj):
            for _name, font in entries(resources.get("/Font")):
                if not isinstance(font, pikepdf.Dictionary):
                    continue
                members = [font]
                if font.get("/Subtype") == "/Type0":
                    descendants = font.get("/DescendantFonts")
                    members = [d for d in list(descendants)[:4] if isinstance(d, pikepdf.Dictionary)] \
                        if isinstance(descendants, pikepdf.Array) else []
                for member in members:
                    key = member.objgen if member.is_indirect else id(member)
                    if key in seen or member.get("/Subtype") == "/Type3":
                        continue  # Type3 fonts carry their glyphs as content
                    seen.add(key)
                    name = one_line(text(member.get("/BaseFont", "?")).lstrip("/"), 60)
                    descriptor = member.get("/FontDescriptor")
                    embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
                        isinstance(descriptor.get(k), pikepdf.Stream)
                        for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                    fonts.append({"name": name, "embedded": embedded,
                                  "subset": bool(SUBSET.match(name)),
                                  "weight": weight(name, descriptor)})
                    if not embedded:
                        report.add("error", "font-not-embedded", None,
                                   _("font {name} is not embedded: the printer would substitute "
                                     "it").format(name=name))
    report.set("fonts", fonts[:200])
