"""Reports for machines (JSON) and for people (a table per file).

Contract: both group the same problem found on several pages into one line: in JSON a grouped
problem keeps SPEC.md's fields, `page` being its first page, and adds `pages`, a list of
[first, last] ranges; a problem on one page (or on none) has exactly the four fields
`severity`, `code`, `page`, `message`. People read "pages 3–290".
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .findings import FileReport, Finding


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
    return f"{shown} and {len(parts) - most} more" if len(parts) > most else shown


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
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    for r in reports:
        status = "[green]OK[/green]" if r.ok else "[red]REJECTED[/red]"
        profile = r.document.get("profile", "press")
        source = {"manifest": ", by the folder's manifest", "--office": ", as asked"}.get(
            r.document.get("profile_from", ""), "")
        article = "an" if profile == "office" else "a"
        console.print(f"[bold]{escape(r.path)}[/bold]: {status}, {r.pages} page(s), checked as "
                      f"{article} {profile} file{source}")
        if r.document.get("output_intent") or r.document.get("pdfx_version"):
            console.print(f"  output intent {escape(r.document.get('output_intent') or 'none')}, "
                          f"{escape(r.document.get('pdfx_version') or 'no PDF/X version')}")
        for font in r.document.get("fonts", [])[:20]:
            state = "embedded" if font["embedded"] else "[red]NOT embedded[/red]"
            subset = ", subset" if font["subset"] else ""
            console.print(f"  font {escape(font['name'])}: {state}{subset}")
        for fact in r.facts[:3]:
            trim = fact.get("trim_mm")
            if trim:
                bleed = " ".join(f"{k} {v:g}" for k, v in fact.get("bleed_mm", {}).items())
                console.print(f"  page {fact['page']}: trim {trim[0]:g}×{trim[1]:g} mm"
                              f" ({fact.get('format') or 'custom size'}), bleed {bleed}")
            for code in fact.get("qr_codes", []):
                console.print(f"  page {fact['page']}: QR {escape(code['text'][:120])}: "
                              f"{code['size_mm']} mm ({code['with_quiet_zone_mm']} mm with its "
                              f"quiet zone), module {code['module_mm']} mm")
        if r.problems:
            table = Table("severity", "code", "page", "message", show_lines=False)
            for item in group(r.problems):
                p = item.finding
                colour = "red" if p.severity == "error" else "yellow"
                table.add_row(f"[{colour}]{p.severity}[/{colour}]", p.code,
                              pages_text(item.pages), escape(p.message))
            console.print(table)
        if r.dropped:
            console.print(f"  … and {r.dropped} more problem(s) not listed")
