"""The live page: the contact sheet of proofs/ with a status banner and a few lines of script.

The script fetches the page again on each event of /events, and tells the server which file the
browser shows (/looking), so that the next build makes it first. Every image address carries a
digest of its bytes, so the browser reloads the images that changed and takes the others from
its cache. A preview whose part's preflight has not run yet is marked (dashed, with a title)
and counted in the banner.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ..i18n import _, language
from ..writer.ownfile import read_below
from .state import State

MAX_SERVED_BYTES = 256 * 1024 * 1024  # our largest file is a poster of ~20 MB
PROOFS = "proofs"
INDEX = f"{PROOFS}/index.html"

LIVE_SCRIPT = """
<script>
/* expoprint serve: fetch the page again when a new build is there; images whose address did not
   change come from the cache, so only the changed ones load. Tell the server which file is in
   view: its next build makes that one first. */
(function () {
  var told = "";
  function look() {
    var best = null, most = 0;
    document.querySelectorAll("article.file").forEach(function (card) {
      var box = card.getBoundingClientRect();
      var seen = Math.min(box.bottom, innerHeight) - Math.max(box.top, 0);
      if (seen > most) { most = seen; best = card; }
    });
    var link = best && best.querySelector("h3 a");
    var file = link ? link.getAttribute("href").split("?")[0].replace(/^\\.\\.\\//, "") : "";
    if (file && file !== told) {
      told = file;
      fetch("/looking?file=" + encodeURIComponent(file), {cache: "no-store"});
    }
  }
  var later = 0;
  addEventListener("scroll", function () {
    clearTimeout(later);
    later = setTimeout(look, 150);
  }, {passive: true});
  addEventListener("hashchange", look);
  var source = new EventSource("/events");
  source.onmessage = function () {
    fetch("/", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (text) {
      var next = new DOMParser().parseFromString(text, "text/html");
      document.body.replaceWith(next.body);
      document.title = next.title;
    });
  };
  look();
})();
</script>
"""

STATUS_STYLE = """<style>
#serve-status { position: sticky; top: 0; z-index: 10; margin: 0; padding: 0.8em 1.2em;
  background: #fff3f0; color: #7a1000; border-bottom: 3px solid #c8102e;
  font: 15px/1.4 system-ui, sans-serif; }
#serve-status.pending { background: #fffbe6; color: #5c4400; border-color: #b8860b; }
#serve-status ul { margin: 0.4em 0 0; padding-left: 1.2em; }
img[data-pending] { outline: 3px dashed #b8860b; outline-offset: 2px; opacity: 0.85; }
</style>"""


class Site:
    """The files the server may send: the proofs and the build's own files, from one folder,
    and the fresh page images of a build under way."""

    def __init__(self, out_dir: Path, state: State):
        self.root = out_dir.resolve()
        self.state = state
        self.digests: dict[str, tuple[tuple[int, int, int], str]] = {}  # path → (stat, digest)

    def listed(self) -> set[str]:
        from ..writer import read_manifest

        manifest = read_manifest(self.root) or {}
        return {entry["path"] for entry in manifest.get("outputs", [])
                if isinstance(entry, dict) and isinstance(entry.get("path"), str)}

    def file(self, url_path: str) -> str | None:
        """The path, inside the output folder, of the file an address names if it is one the
        server may send; None for anything else (`..`, an absolute path, a file the build did
        not make). `read` then refuses links and what is not a regular file."""
        relative = unquote(url_path)
        parts = relative.split("/")
        if "\x00" in relative or ".." in parts or "\\" in relative or not relative.startswith("/"):
            return None
        relative = posixpath.normpath(relative).lstrip("/")
        if not relative or relative.startswith("/"):
            return None
        if not (relative.startswith(f"{PROOFS}/") or relative in self.listed()):
            return None
        return relative

    def read(self, relative: str) -> bytes | None:
        """The bytes of a file inside the output folder, reached without a link, a regular file
        of at most MAX_SERVED_BYTES; None otherwise: a FIFO must not hang an answering thread,
        nor a sparse giant fill the memory."""
        path = PurePosixPath(posixpath.normpath(relative))
        if path.is_absolute() or ".." in path.parts or not path.parts:
            return None
        try:
            return read_below(self.root, path, MAX_SERVED_BYTES)
        except (OSError, ValueError):
            return None

    def versioned(self, page: str) -> str:
        """The contact sheet with each local address followed by a digest of the file's bytes;
        a preview waiting for its preflight is marked."""
        fresh, pending = dict(self.state.fresh), set(self.state.pending)
        waiting = html.escape(_("preflight pending"), quote=True)

        def add_digest(match: re.Match[str]) -> str:
            attribute, address = match.group(1), match.group(2)
            if "://" in address or address.startswith(("#", "/", "data:")):
                return match.group(0)
            relative = f"{PROOFS}/{address.split('?')[0]}"
            if (data := fresh.get(relative)) is not None:
                digest = hashlib.sha256(data).hexdigest()[:12]
            elif (digest := self.digest(relative)) is None:
                return match.group(0)
            mark = f' data-pending="" title="{waiting}"' if relative in pending else ""
            return f'{attribute}="{address}?v={digest}"{mark}'

        return re.sub(r'(src|href)="([^"]+)"', add_digest, page)


    def digest(self, relative: str) -> str | None:
        """The first hex digits of a file's sha256, kept while the file's size, date and inode
        stay: the page is fetched at each change a build shows, and its PDFs (a poster is ~20 MB)
        were hashed again each time, by the CPU the workers build with."""
        try:
            info = os.stat(self.root / posixpath.normpath(relative), follow_symlinks=False)
        except (OSError, ValueError):
            return None
        known = (info.st_size, info.st_mtime_ns, info.st_ino)
        if (kept := self.digests.get(relative)) is not None and kept[0] == known:
            return kept[1]
        if (data := self.read(relative)) is None:
            return None
        digest = hashlib.sha256(data).hexdigest()[:12]
        self.digests[relative] = (known, digest)
        return digest


def status_banner(state: State, first: bool = False) -> str:
    """The banner over the sheet: building (`first`: no page to show yet), the problems of a
    save that does not build, or the pages shown before their preflight."""
    if state.building and first and not state.problems:
        building = html.escape(_("Building… the page updates by itself."))
        return f'<div id="serve-status" role="status">{building}</div>'
    if state.problems:
        items = "".join(f"<li>{html.escape(str(problem))}</li>" for problem in state.problems[:50])
        failed = html.escape(_("The last save does not build."))
        kept = html.escape(_("The pages below are the last good build; they update as soon as "
                             "this is fixed."))
        return (f'<div id="serve-status" role="alert"><p><strong>{failed}</strong> {kept}</p>'
                f'<ul>{items}</ul></div>')
    if state.pending:
        waiting = html.escape(_("{count} page(s) shown from the render: preflight pending.").format(
            count=len(state.pending)))
        return f'<div id="serve-status" class="pending" role="status">{waiting}</div>'
    return '<div id="serve-status" role="status" hidden></div>'


def live_page(site: Site, state: State) -> bytes:
    if (index := site.read(INDEX)) is not None:
        page = index.decode("utf-8", errors="replace")
    else:
        page = (f"<!DOCTYPE html><html lang=\"{language()}\"><head><meta charset=\"utf-8\">"
                "<title>expoprint</title></head><body></body></html>")
    page = site.versioned(page)
    page = page.replace("<head>", f'<head><base href="/{PROOFS}/">{STATUS_STYLE}', 1)
    banner = status_banner(state, first=index is None)
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, page, count=1)
    page = page.replace("</body>", LIVE_SCRIPT + "</body>", 1)
    return page.encode("utf-8")
