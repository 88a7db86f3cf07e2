"""`serve`: the proofs in a browser, built again each time a content or layout file is saved.

Three pieces, each small:
- a builder thread: builds with proofs, then waits for saved files (watchfiles) in the content
  folder and in layouts/, and builds again. Builds are incremental (cache.py): a changed artefact
  renders its labels again and nothing else. A build that fails replaces nothing: the last good
  proofs stay on the page, with the problems above them, until a build succeeds;
- an HTTP server from the standard library (`ThreadingHTTPServer`), bound to 127.0.0.1 only. It
  is enough for one person's browser, parses HTTP with a well-kept parser, and adds no dependency
  to a tool people install on office machines. It serves the live page, a Server-Sent Events
  stream that says "a new build is there", the proofs/ folder and the files the manifest lists —
  nothing else, whatever the path asks;
- the live page: the contact sheet of proofs/ with a status banner and a few lines of script that
  fetch the page again on each event. Every image address carries a digest of its bytes, so the
  browser reloads the images that changed and takes the others from its cache.
"""

from __future__ import annotations

import errno
import hashlib
import html
import json
import os
import posixpath
import re
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import ExpoprintError, Problem
from .i18n import _, language

HOST = "127.0.0.1"
PORT_TRIES = 20
KEEPALIVE_S = 15.0
PROOFS = "proofs"
INDEX = f"{PROOFS}/index.html"

LIVE_SCRIPT = """
<script>
/* expoprint serve: fetch the page again when a new build is there; images whose address did not
   change come from the cache, so only the changed ones load. */
(function () {
  var source = new EventSource("/events");
  source.onmessage = function () {
    fetch("/", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (text) {
      var next = new DOMParser().parseFromString(text, "text/html");
      document.body.replaceWith(next.body);
      document.title = next.title;
    });
  };
})();
</script>
"""


@dataclass
class State:
    """What the page shows: the build it was made from, the page images of a build under way
    (`fresh`, by their path in proofs/: each part's images are shown as soon as it is made),
    and the problems of the last attempt."""

    version: int = 0
    building: bool = True
    problems: list[Problem] = field(default_factory=list)
    fresh: dict[str, bytes] = field(default_factory=dict)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, problems: list[Problem]) -> None:
        """A build is over: the page shows the folder again, and these problems if it failed."""
        with self.changed:
            self.problems = problems
            self.building = False
            self.fresh = {}
            self.version += 1
            self.changed.notify_all()

    def start(self) -> None:
        with self.changed:
            self.building = True

    def show(self, images: dict[str, bytes]) -> None:
        """Page images of a build under way, shown over the folder's until the build is over."""
        with self.changed:
            self.fresh = {**self.fresh, **images}
            self.version += 1
            self.changed.notify_all()

    def wait(self, version: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout)
            return self.version


class Site:
    """The files the server may send: the proofs and the build's own files, from one folder,
    and the fresh page images of a build under way."""

    def __init__(self, out_dir: Path, state: State):
        self.root = out_dir.resolve()
        self.state = state

    def listed(self) -> set[str]:
        from .writer import read_manifest

        manifest = read_manifest(self.root) or {}
        return {entry["path"] for entry in manifest.get("outputs", [])
                if isinstance(entry, dict) and isinstance(entry.get("path"), str)}

    def file(self, url_path: str) -> Path | None:
        """The file an address names, if it is one the server may send; None for anything else
        (`..`, an absolute path, a link out of the folder, a file the build did not make)."""
        relative = unquote(url_path)
        parts = relative.split("/")
        if "\x00" in relative or ".." in parts or "\\" in relative or not relative.startswith("/"):
            return None
        relative = posixpath.normpath(relative).lstrip("/")
        if not relative or relative.startswith("/"):
            return None
        if not (relative.startswith(f"{PROOFS}/") or relative in self.listed()):
            return None
        path = self.root / relative
        try:
            real = Path(os.path.realpath(path))
        except OSError:
            return None
        if real != path or not real.is_relative_to(self.root) or not real.is_file():
            return None  # a link somewhere on the way, or not a file
        return real

    def versioned(self, page: str) -> str:
        """The contact sheet with each local address followed by a digest of the file's bytes."""
        def add_digest(match: re.Match[str]) -> str:
            attribute, address = match.group(1), match.group(2)
            if "://" in address or address.startswith(("#", "/", "data:")):
                return match.group(0)
            relative = f"{PROOFS}/{address.split('?')[0]}"
            try:
                data = self.state.fresh.get(relative) or (self.root / relative).read_bytes()
            except OSError:
                return match.group(0)
            digest = hashlib.sha256(data).hexdigest()[:12]
            return f'{attribute}="{address}?v={digest}"'

        return re.sub(r'(src|href)="([^"]+)"', add_digest, page)


def status_banner(state: State) -> str:
    if state.building and not state.version:
        building = html.escape(_("Building… the page updates by itself."))
        return f'<div id="serve-status" role="status">{building}</div>'
    if not state.problems:
        return '<div id="serve-status" role="status" hidden></div>'
    items = "".join(f"<li>{html.escape(str(problem))}</li>" for problem in state.problems[:50])
    failed = html.escape(_("The last save does not build."))
    kept = html.escape(_("The pages below are the last good build; they update as soon as this is "
                         "fixed."))
    return (f'<div id="serve-status" role="alert"><p><strong>{failed}</strong> {kept}</p>'
            f'<ul>{items}</ul></div>')


STATUS_STYLE = """<style>
#serve-status { position: sticky; top: 0; z-index: 10; margin: 0; padding: 0.8em 1.2em;
  background: #fff3f0; color: #7a1000; border-bottom: 3px solid #c8102e;
  font: 15px/1.4 system-ui, sans-serif; }
#serve-status ul { margin: 0.4em 0 0; padding-left: 1.2em; }
</style>"""


def live_page(site: Site, state: State) -> bytes:
    try:
        page = (site.root / INDEX).read_text(encoding="utf-8")
    except OSError:
        page = (f"<!DOCTYPE html><html lang=\"{language()}\"><head><meta charset=\"utf-8\">"
                "<title>expoprint</title></head><body></body></html>")
    page = site.versioned(page)
    page = page.replace("<head>", f'<head><base href="/{PROOFS}/">{STATUS_STYLE}', 1)
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + status_banner(state), page, count=1)
    page = page.replace("</body>", LIVE_SCRIPT + "</body>", 1)
    return page.encode("utf-8")


def handler_for(site: Site, state: State):
    class Handler(BaseHTTPRequestHandler):
        server_version = "expoprint"

        def log_message(self, format: str, *args) -> None:  # a quiet terminal: errors only
            pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/":
                self.send(HTTPStatus.OK, "text/html; charset=utf-8", live_page(site, state))
            elif path == "/events":
                self.events()
            elif path == "/state":
                body = json.dumps({"version": state.version, "building": state.building,
                                   "problems": [str(p) for p in state.problems]})
                self.send(HTTPStatus.OK, "application/json", body.encode())
            elif (fresh := state.fresh.get(unquote(path).lstrip("/"))) is not None:
                self.send(HTTPStatus.OK, "image/png", fresh)
            elif (file := site.file(path)) is not None:
                from .products.base import TYPE_OF_SUFFIX

                kind = TYPE_OF_SUFFIX.get(file.suffix, "application/octet-stream")
                self.send(HTTPStatus.OK, kind, file.read_bytes())
            else:
                self.send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")

        def send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache" if status != HTTPStatus.OK or
                             kind.startswith("text/html") else "max-age=31536000, immutable")
            self.end_headers()
            self.wfile.write(body)

        def events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            seen = state.version
            try:
                while True:
                    now = state.wait(seen, KEEPALIVE_S)
                    self.wfile.write(f"data: {now}\n\n".encode() if now != seen else b": ...\n\n")
                    self.wfile.flush()
                    seen = now
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


def bind(port: int, tell) -> ThreadingHTTPServer:
    """A server on 127.0.0.1, on `port` or the next free one (said on the terminal)."""
    for candidate in range(port, port + PORT_TRIES) if port else [0]:
        try:
            server = ThreadingHTTPServer((HOST, candidate), BaseHTTPRequestHandler)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            continue
        if candidate != port and port:
            tell(_("port {port} is in use: serving on {other}").format(
                port=port, other=server.server_address[1]))
        return server
    raise ExpoprintError(Problem(f"{HOST}:{port}", None, "",
                                 _("no free port from {first} to {last}").format(
                                     first=port, last=port + PORT_TRIES - 1),
                                 _("give another with --port")))


def serve(content_dir: Path, out_dir: Path, layouts: Path, port: int, tell,
          stop: threading.Event | None = None, ready=None) -> None:
    """Build, serve and rebuild until `stop` is set (Ctrl-C on the terminal)."""
    import multiprocessing

    import watchfiles

    from .build import run_build
    from .workers import forked_pool

    stop = stop or threading.Event()
    server = bind(port, tell)
    state = State()
    site = Site(out_dir, state)
    server.RequestHandlerClass = handler_for(site, state)
    # The workers are forked now, before any thread starts, and kept for every build: forking
    # a process that runs threads may copy a lock another thread holds.
    workers = forked_pool(2)

    def made(result) -> None:
        from .proofs.sheet import page_paths

        images = {}
        for output in result.outputs:
            for page in result.pages.get(output.path, ()):
                large, thumb = page_paths(output, page.number)
                images[f"{PROOFS}/{large}"], images[f"{PROOFS}/{thumb}"] = page.large, page.thumb
        if images:
            state.show(images)

    def build() -> None:
        state.start()
        try:
            result = run_build(content_dir, out_dir, proofs=True, executor=workers, on_made=made)
        except ExpoprintError as error:
            state.publish(error.problems)
            tell(_("the last save does not build: {count} problem(s), shown in the page").format(
                count=len(error.problems)))
            return
        state.publish([])
        tell(_("built: {parts} part(s) rendered again, {warnings} warning(s)").format(
            parts=len(result.rendered), warnings=len(result.warnings)))

    def watch() -> None:
        build()
        for _changes in watchfiles.watch(content_dir, layouts, stop_event=stop, debounce=150,
                                         step=50, raise_interrupt=False):
            build()

    builder = threading.Thread(target=watch, name="expoprint-builder", daemon=True)
    http = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                            name="expoprint-http", daemon=True)
    http.start()
    builder.start()
    tell(_("expoprint serve: open {address} (Ctrl-C to stop)").format(
        address=f"http://{HOST}:{server.server_address[1]}/"))
    if ready:
        ready(server.server_address[1])
    stop_on_terminate(stop)
    try:
        stop.wait()
    except KeyboardInterrupt:
        stop.set()
    finally:
        server.shutdown()
        # Forked workers wait on a queue whose write end they also hold: left alone, they
        # would outlive the server forever. A build in progress is abandoned, not awaited.
        workers.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()


def stop_on_terminate(stop: threading.Event) -> None:
    """Let SIGTERM (a supervisor, `kill`, a test harness) end serve as Ctrl-C does, through
    the cleanup, rather than killing the server and orphaning its workers."""
    import signal

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
