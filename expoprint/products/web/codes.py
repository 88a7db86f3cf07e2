"""Which QR codes the site serves: the build says it in one line, so nobody prints a dead link.

A code serves the site when it is `qr_base_url` followed by the object's id (its folder in `web/`);
an artefact's own `url` may point elsewhere (a collection database, a video), and a code built from
no address does not exist. Ids become folder names, so the few that a web server would hide, or
that would collide with the site's own files or with each other on a server that ignores case,
are errors naming the artefact.
"""

from __future__ import annotations

from ...content import Artefact, Content
from ...errors import Report
from ...i18n import _
from ...mapping import first_three
from ...yamlnodes import quote

RESERVED = {"assets", "index.html", "accessibilite"}  # the site's own names in web/


def check_ids(artefacts: list[Artefact], report: Report) -> None:
    seen: dict[str, Artefact] = {}
    for artefact in artefacts:
        where = artefact.field("id")
        folded = artefact.id.casefold()
        if artefact.id.startswith(".") or folded in RESERVED or folded.endswith(".pdf"):
            report.error(artefact.source, artefact.line, where,
                         _("cannot name the object's folder on the web site (web servers hide names "
                           "starting with a dot, and the site uses 'assets', 'index.html', "
                           "'accessibilite' and .pdf)"),
                         _("give the object another id, e.g. its inventory number"))
        elif folded in seen and seen[folded].id != artefact.id:
            report.error(artefact.source, artefact.line, where,
                         _("differs from '{id}' only by capitals: a web server that ignores case "
                           "would give both the same page").format(id=seen[folded].id),
                         _("make the ids differ"))
        seen.setdefault(folded, artefact)


def served(artefact: Artefact, base: str | None) -> bool:
    """Whether the artefact's code opens its page of the site (its folder, with or without the
    final `/` an older label may lack)."""
    return bool(base and artefact.url in (base + artefact.id, f"{base}{artefact.id}/"))


def codes_notes(content: Content, artefacts: list[Artefact]) -> list[str]:
    """A line for the codes the site serves and where it must go, one for the codes that open
    another address, one for the labels without a code (each only when there are some)."""
    base = content.exhibition.qr_base_url
    served_ids = [a.id for a in artefacts if served(a, base)]
    elsewhere = [a for a in artefacts if a.url and not served(a, base)]
    without = [a.id for a in artefacts if not a.url]
    lines = []
    if served_ids:
        lines.append(_("web/ serves the QR codes of {count} label(s) once uploaded to {address}").format(
            count=len(served_ids), address=quote(base or "", 80)))
    elif artefacts:
        lines.append(_("web/ serves none of the labels' QR codes: none is qr_base_url followed by "
                       "the object's id"))
    if elsewhere:
        shown = [f"{a.id} ({quote(a.url or '', 60)})" for a in elsewhere]
        lines.append(_("web/: {count} label(s) have a QR code to another address, not to the site: "
                       "{labels}").format(count=len(elsewhere), labels=first_three(shown)))
    if without:
        lines.append(_("web/: {count} label(s) have no QR code (no url, no qr_base_url): "
                       "{labels}").format(count=len(without), labels=first_three(without)))
    return lines
