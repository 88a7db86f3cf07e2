"""Reports for machines (JSON) and for people (a table per file).

Contract: both group the same problem found on several pages into one line: in JSON a grouped
problem keeps SPEC.md's fields, `page` being its first page, and adds `pages`, a list of
[first, last] ranges; a problem on one page (or on none) has exactly the four fields
`severity`, `code`, `page`, `message`. People read "pages 3–290".

The JSON keeps SPEC.md's keys, codes, severities and facts in English (a contract for programs);
its messages, and every word of the human report, are in the user's language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..i18n import _
from .findings import FileReport, Finding, side_name


@dataclass
class Group:
    finding: Finding
    pages: list[int]


def group(problems: list[Finding]) -> list[Group]:
    groups: dict[tuple, Group] = {}
    for problem in problems:
        key = (problem.severity, problem.code, problem.message, problem.page is None)
        if key in groups:
            if problem.page is not None:
                groups[key].pages.append(problem.page)
        else:
            groups[key] = Group(problem, [] if problem.page is None else [problem.page])
    return list(groups.values())


def ranges(pages: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for page in sorted(set(pages)):
        if out and page == out[-1][1] + 1:
            out[-1][1] = page
        else:
            out.append([page, page])
    return out


def pages_text(pages: list[int], most: int = 4) -> str:
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in ranges(pages)]
    shown = ", ".join(parts[:most])
    if len(parts) > most:
        return _("{pages} and {count} more").format(pages=shown, count=len(parts) - most)
    return shown


def problem_json(item: Group) -> dict:
    finding = item.finding
    out = {"severity": finding.severity, "code": finding.code,
           "page": min(item.pages) if item.pages else None, "message": finding.message}
    if len(item.pages) > 1:
        out["pages"] = ranges(item.pages)
    return out


def report_json(reports: list[FileReport]) -> str:
    files = []
    for r in reports:
        entry = {"path": r.path, "ok": r.ok, "pages": r.pages,
                 "problems": [problem_json(g) for g in group(r.problems)], "pages_info": r.facts,
                 **r.document}
        if r.dropped:
            entry["problems_not_listed"] = r.dropped
        files.append(entry)
    return json.dumps({"files": files}, indent=2, ensure_ascii=False)


def print_report(reports: list[FileReport]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from ..terminal import console as terminal_console

    console = terminal_console(highlight=False)
    for r in reports:
        status = "[green]" + _("OK") + "[/green]" if r.ok else "[red]" + _("REJECTED") + "[/red]"
        console.print(_("{file}: {status}, {count} page(s), {checked}").format(
            file=f"[bold]{escape(r.path)}[/bold]", status=status, count=r.pages,
            checked=checked_as(r.document.get("profile", "press"),
                               r.document.get("profile_from", ""))))
        if r.document.get("output_intent") or r.document.get("pdfx_version"):
            console.print("  " + _("output intent {intent}, {version}").format(
                intent=escape(r.document.get("output_intent") or _("none")),
                version=escape(r.document.get("pdfx_version") or _("no PDF/X version"))))
        for font in r.document.get("fonts", [])[:20]:
            console.print("  " + font_line(escape(font["name"]), font["embedded"], font["subset"]))
        for fact in r.facts[:3]:
            trim = fact.get("trim_mm")
            if trim:
                bleed = " ".join(f"{side_name(k)} {v:g}" for k, v in fact.get("bleed_mm", {}).items())
                console.print("  " + _("page {page}: trim {width:g}×{height:g} mm ({format}), "
                                       "bleed {bleed}").format(
                    page=fact["page"], width=trim[0], height=trim[1],
                    format=format_name(fact.get("format")), bleed=bleed))
            for code in fact.get("qr_codes", []):
                console.print("  " + _("page {page}: QR {text}: {size} mm ({quiet} mm with its quiet "
                                       "zone), module {module} mm").format(
                    page=fact["page"], text=escape(code["text"][:120]), size=code["size_mm"],
                    quiet=code["with_quiet_zone_mm"], module=code["module_mm"]))
        if r.problems:
            table = Table(_("severity"), _("code"), _("page"), _("message"), show_lines=False)
            for item in group(r.problems):
                p = item.finding
                colour, severity = ("red", _("error")) if p.severity == "error" else \
                    ("yellow", _("warning"))
                table.add_row(f"[{colour}]{severity}[/{colour}]", p.code,
                              pages_text(item.pages), escape(p.message))
            console.print(table)
        if r.dropped:
            console.print("  " + _("… and {count} more problem(s) not listed").format(count=r.dropped))


def checked_as(profile: str, source: str) -> str:
    """How the file was judged ("checked as a press file") and, when it was not by default,
    who said so."""
    checked = {"press": _("checked as a press file"), "office": _("checked as an office file"),
               "screen": _("checked as a screen file")}[profile]
    if source == "manifest":
        return _("{checked}, by the folder's manifest").format(checked=checked)
    if source == "--office":
        return _("{checked}, as asked").format(checked=checked)
    return checked


def font_line(name: str, embedded: bool, subset: bool) -> str:
    """A font of the file and whether the printer gets it (`name` escaped for rich)."""
    if embedded:
        return (_("font {name}: embedded, subset") if subset else _("font {name}: embedded")).format(
            name=name)
    state = _("NOT embedded, subset") if subset else _("NOT embedded")
    return _("font {name}: {state}").format(name=name, state=f"[red]{state}[/red]")


def format_name(name: str | None) -> str:
    """The trim's format as the facts name it ("A4", "A4 landscape", None), in words."""
    if not name:
        return _("custom size")
    if name.endswith(" landscape"):
        return _("{format} landscape").format(format=name.removesuffix(" landscape"))
    return name
