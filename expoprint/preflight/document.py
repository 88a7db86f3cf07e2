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
MAX_XFA = 16 * 2**20  # an XFA form's packets, decompressed
MAX_FONT = 32 * 2**20  # one embedded font program, decompressed
SCRIPT = re.compile(rb"<(?:\w+:)?script\b", re.IGNORECASE)


# --- output intent -------------------------------------------------------------------------------

def check_output_intent(pdf, report: FileReport) -> None:
    import pikepdf

    intents = pdf.Root.get("/OutputIntents")
    if intents is not None and not isinstance(intents, pikepdf.Array):
        report.add("damaged", None,
                   _("/OutputIntents is {kind}, expected an array of output intents").format(
                       kind=kind_of(intents)))
        return
    pdfx = [i for i in list(intents or [])[:32]
            if isinstance(i, pikepdf.Dictionary) and i.get("/S") == "/GTS_PDFX"]
    profile = pdfx[0].get("/DestOutputProfile") if pdfx else None
    if not isinstance(profile, pikepdf.Stream):
        report.add("no-output-intent", None,
                   _("no PDF/X output intent with an embedded CMYK profile"))
        return
    if profile.get("/N") != 4:
        report.add("no-output-intent", None,
                   _("the PDF/X output intent's profile has {count} components; a CMYK profile "
                     "has 4").format(count=text(profile.get("/N"), 10)))
    elif problem := embedded_profile_problem(profile):
        report.add("no-output-intent", None,
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
        report.add("not-pdfx4", None, _("declared PDF/X version is none, expected PDF/X-4"))
        return version
    if not version.startswith("PDF/X-4"):
        report.add("not-pdfx4", None,
                   _("declared PDF/X version is {version}, expected PDF/X-4").format(version=version))
        return version

    def broken(message: str) -> None:
        report.add("pdfx-invalid", None, message)

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
                    report.add("pdfx-invalid", number, message.format(
                        name=name[:40], where=place(where) if where else "", key=key))


# --- actions and JavaScript ----------------------------------------------------------------------

class ActionWalk:
    """Every action of the file, followed through /Next chains, each once, within a budget."""

    def __init__(self, report: FileReport, limits: Limits, pdfx: bool):
        self.report = report
        self.pdfx = pdfx
        self.left = limits.actions
        self.seen: set[tuple] = set()
        self.found: dict[tuple[str, int | None, str], int] = {}
        self.limited: list[str] = []  # what could not be examined, in words

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0

    def action(self, action, where: str, page: int | None) -> None:
        """The action and the chain of actions after it (/Next, one or an array), walked with
        a list rather than by recursion: a chain may be as long as the budget allows, and
        JavaScript at its end is found."""
        import pikepdf

        pending = [action]
        while pending and self.left >= 0:
            current = pending.pop()
            if not self.spend() or not isinstance(current, pikepdf.Dictionary):
                continue  # every entry popped is spent: a hostile /Next array costs its length
            if current.is_indirect:
                if current.objgen in self.seen:
                    continue
                self.seen.add(current.objgen)
            kind = text(current.get("/S", ""), 30).lstrip("/") or _("unnamed")
            if kind == "JavaScript" or "/JS" in current:
                self.found[("javascript", page, where)] = 1
            elif kind == "URI" and javascript_address(current.get("/URI")):
                self.found[("javascript", page, _("{where} (a javascript: address)").format(
                    where=where))] = 1
            elif self.pdfx:
                self.found[(f"action:{kind}", page, where)] = self.found.get(
                    (f"action:{kind}", page, where), 0) + 1
            chained = current.get("/Next")
            if isinstance(chained, pikepdf.Array):
                pending += reversed(list(chained)[:1000])
            elif chained is not None:
                pending.append(chained)

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

    def outline(self, first) -> None:
        """Every bookmark, however deep (children and siblings walked with a list, each once)."""
        import pikepdf

        pending = [first]
        while pending and self.left >= 0:
            node = pending.pop()
            if not isinstance(node, pikepdf.Dictionary) or not self.spend():
                continue
            if node.is_indirect:
                if ("outline", *node.objgen) in self.seen:
                    continue
                self.seen.add(("outline", *node.objgen))
            self.action(node.get("/A"), _("a bookmark"), None)
            pending += [n for n in (node.get("/Next"), node.get("/First")) if n is not None]

    def fields(self, fields) -> None:
        """Every form field, however deep its /Kids, each once."""
        import pikepdf

        pending = [fields]
        while pending and self.left >= 0:
            item = pending.pop()
            if not self.spend():
                break
            if isinstance(item, pikepdf.Array):
                pending += reversed(list(item)[:10_000])
                continue
            if not isinstance(item, pikepdf.Dictionary):
                continue
            if item.is_indirect:
                if ("field", *item.objgen) in self.seen:
                    continue
                self.seen.add(("field", *item.objgen))
            self.action(item.get("/A"), _("a form field"), None)
            self.triggers(item.get("/AA"), _("a form field"), None)
            if "/Kids" in item:
                pending.append(item.Kids)

    def xfa(self, xfa) -> None:
        """Scripts in an XFA form (a stream, or an array of names and streams), read within
        MAX_XFA decompressed; larger, or in a filter not read here: said, not passed over."""
        import pikepdf

        parts = list(xfa)[:200] if isinstance(xfa, pikepdf.Array) else [xfa]
        budget = Budget(MAX_XFA)
        for part in parts:
            if not isinstance(part, pikepdf.Stream):
                continue
            problems = Problems()
            data = decode(part, budget, problems)
            if SCRIPT.search(data):
                self.found[("javascript", None, _("the XFA form's scripts"))] = 1
                return
            if budget.exceeded or problems:
                self.limited.append(_("the XFA form could not be read whole ({reason}): it was "
                                      "not all examined for JavaScript").format(
                    reason=problems[0] if problems else _("larger than {size} MB").format(
                        size=MAX_XFA >> 20)))
                return


def javascript_address(uri) -> bool:
    """A link's address that runs JavaScript when followed: `javascript:`, in any case, with the
    spaces and control characters browsers ignore before and inside the scheme."""
    import pikepdf

    if not isinstance(uri, pikepdf.String):
        return False
    head = bytes(uri)[:64].decode("latin-1")
    return re.sub(r"[\x00-\x20]", "", head).lower().startswith("javascript:")


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
        if "/XFA" in form:
            walk.xfa(form.get("/XFA"))
    outlines = root.get("/Outlines")
    if isinstance(outlines, pikepdf.Dictionary):
        walk.outline(outlines.get("/First"))
    page_actions = _("the page's additional actions")
    for index, page_obj in sorted(pages_at(pdf, pages).items()):
        walk.triggers(page_obj.get("/AA"), page_actions, index + 1)
        walk.annotations(page_obj, index + 1)
    for (kind, page, where), count in walk.found.items():
        if kind == "javascript":
            report.add("javascript", page,
                       _("the file carries JavaScript, in {where}").format(where=where))
        else:
            message = _("{where} has a {kind} action ({count} of them); PDF/X-4 allows none") \
                if count > 1 else _("{where} has a {kind} action; PDF/X-4 allows none")
            report.add("pdfx-invalid", page,
                       message.format(where=where, kind=kind.split(":")[1], count=count))
    for message in walk.limited:
        report.add("check-limited", None, message)
    if walk.left < 0:
        report.add("check-limited", None,
                   _("more than {count:,} actions and annotations: the rest were not examined for "
                     "JavaScript").format(count=limits.actions))


# --- fonts ---------------------------------------------------------------------------------------

SFNT = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"typ1")


def font_program_problem(descriptor) -> str | None:
    """What is wrong with an embedded font program, by the kind its key declares: a Type 1
    program starts as PostScript, a TrueType or OpenType one has a table directory whose tables
    lie inside it, a CFF one a CFF header. A program larger than MAX_FONT decompressed is not
    judged. (A font of garbage would print as nothing, or stop the printer's RIP.)"""
    import pikepdf

    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        stream = descriptor.get(key)
        if not isinstance(stream, pikepdf.Stream):
            continue
        budget, problems = Budget(MAX_FONT), Problems()
        data = decode(stream, budget, problems)
        if budget.exceeded:
            return None
        if problems:
            return _("a program that cannot be decoded ({reason})").format(reason=problems[0])
        subtype = text(stream.get("/Subtype", ""), 30)
        if key == "/FontFile":
            good, kind = data.startswith(b"%!") or data.startswith(b"\x80\x01"), "Type 1"
        elif key == "/FontFile2" or subtype == "/OpenType":
            good, kind = sfnt_tables_fit(data), "TrueType" if key == "/FontFile2" else "OpenType"
        else:  # CFF: major version 1, a header of at least 4 bytes, offsets of 1 to 4 bytes
            good, kind = len(data) > 4 and data[0] == 1 and data[2] >= 4 and 1 <= data[3] <= 4, \
                "CFF"
        if not good:
            return _("a program that is not a {kind} font").format(kind=kind)
    return None


def sfnt_tables_fit(data: bytes) -> bool:
    """A TrueType/OpenType table directory: known version, at least one table, every table
    inside the data."""
    if len(data) < 12 or data[:4] not in SFNT:
        return False
    count = int.from_bytes(data[4:6], "big")
    if not 0 < count < 512 or len(data) < 12 + 16 * count:
        return False
    for record in range(12, 12 + 16 * count, 16):
        offset = int.from_bytes(data[record + 8:record + 12], "big")
        length = int.from_bytes(data[record + 12:record + 16], "big")
        if offset + length > len(data):
            return False
    return True

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
                        report.add("font-not-embedded", None,
                                   _("font {name} is not embedded: the printer would substitute "
                                     "it").format(name=name))
                    elif problem := font_program_problem(descriptor):
                        report.add("damaged", None,
                                   _("font {name} embeds {problem}: the printer could not use "
                                     "it").format(name=name, problem=problem))
    report.set("fonts", fonts[:200])
