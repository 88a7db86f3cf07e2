"""`serve`: the proofs in a browser, built again each time a content or layout file is saved.

Three pieces, each small:
- a builder thread: builds with proofs, then waits for saved files (watchfiles) in the content
  folder and in layouts/, and builds again. Builds are incremental (cache.py): a changed artefact
  renders its labels again and nothing else. A build that fails replaces nothing: the last good
  proofs stay on the page, with the problems above them, until a build succeeds;
- an HTTP server from the standard library's request handler, bound to 127.0.0.1 only. It
  is enough for one person's browser, parses HTTP with a well-kept parser, and adds no dependency
  to a tool people install on office machines. It serves the live page, a Server-Sent Events
  stream that says "a new build is there", the proofs/ folder and the files the manifest lists —
  nothing else, whatever the path asks, and only to a request addressed to 127.0.0.1 or
  localhost (`Host`, and `Origin` when there is one): a web page elsewhere that renames itself
  127.0.0.1 (DNS rebinding) is refused. Connections wait in one selector thread until their
  request's head has arrived, then a few threads answer them, each read and write under a
  timeout: hundreds of idle or slow connections cost a file descriptor each, not a thread, and
  never stand between the browser and an answer;
- the live page: the contact sheet of proofs/ with a status banner and a few lines of script that
  fetch the page again on each event. Every image address carries a digest of its bytes, so the
  browser reloads the images that changed and takes the others from its cache.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html
import json
import os
import posixpath
import re
import selectors
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .errors import ExpoprintError, Problem
from .i18n import _, language
from .writer.ownfile import read_below

HOST = "127.0.0.1"
HOST_NAMES = ("127.0.0.1", "localhost", "[::1]")  # what a browser on this computer may call us
PORT_TRIES = 20
LAST_PORT = 65535
KEEPALIVE_S = 15.0
ANSWERING_THREADS = 8  # one person's browser asks a page and its images: a few at a time
MAX_STREAMS = 256  # event streams held at once (a tab each)
MAX_WAITING = 512  # connections without a complete request yet; beyond, the oldest is closed
WAIT_S = 10.0  # to send a request's head, from the connection
SOCKET_TIMEOUT_S = 10.0  # each read or write of an answer
HEAD_BYTES = 65536  # a request's head beyond this is answered at once (the handler refuses it)
POLL_S = 0.05
MAX_SERVED_BYTES = 256 * 1024 * 1024  # our largest file is a poster of ~20 MB
MAX_WATCHED = 2000  # folders watched for saves; a content folder holds a handful
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
        """The contact sheet with each local address followed by a digest of the file's bytes."""
        def add_digest(match: re.Match[str]) -> str:
            attribute, address = match.group(1), match.group(2)
            if "://" in address or address.startswith(("#", "/", "data:")):
                return match.group(0)
            relative = f"{PROOFS}/{address.split('?')[0]}"
            data = self.state.fresh.get(relative) or self.read(relative)
            if data is None:
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
    if (index := site.read(INDEX)) is not None:
        page = index.decode("utf-8", errors="replace")
    else:
        page = (f"<!DOCTYPE html><html lang=\"{language()}\"><head><meta charset=\"utf-8\">"
                "<title>expoprint</title></head><body></body></html>")
    page = site.versioned(page)
    page = page.replace("<head>", f'<head><base href="/{PROOFS}/">{STATUS_STYLE}', 1)
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + status_banner(state), page, count=1)
    page = page.replace("</body>", LIVE_SCRIPT + "</body>", 1)
    return page.encode("utf-8")


def allowed_hosts(port: int) -> set[str]:
    """The Host headers a browser on this computer sends us (lower case)."""
    hosts = {f"{name}:{port}" for name in HOST_NAMES}
    return hosts | set(HOST_NAMES) if port == 80 else hosts


def handler_for(site: Site, state: State):
    class Handler(BaseHTTPRequestHandler):
        server_version = "expoprint"
        timeout = SOCKET_TIMEOUT_S
        detached = False  # an event stream goes on in a thread of its own

        def log_message(self, format: str, *args) -> None:  # a quiet terminal: errors only
            pass

        def addressed_to_us(self) -> bool:
            """Host names this computer, and Origin, when the browser sends one (event streams,
            any request but a plain GET), names this server: a page of another site cannot
            read the proofs by pointing its own name at 127.0.0.1."""
            hosts = allowed_hosts(self.server.server_address[1])
            host = self.headers.get_all("Host") or []
            if len(host) != 1 or host[0].strip().lower() not in hosts:
                return False
            origin = self.headers.get_all("Origin")
            return origin is None or (len(origin) == 1 and
                                      origin[0].strip().lower() in {f"http://{h}" for h in hosts})

        def do_GET(self) -> None:
            if not self.addressed_to_us():
                self.send(HTTPStatus.FORBIDDEN, "text/plain",
                          b"expoprint serve answers only http://127.0.0.1 and http://localhost\n")
                return
            path = urlsplit(self.path).path
            if path == "/":
                self.send(HTTPStatus.OK, "text/html; charset=utf-8", live_page(site, state))
            elif path == "/events":
                self.events()
            elif path == "/state":
                body = json.dumps({"version": state.version, "building": state.building,
                                   "problems": [str(p) for p in state.problems],
                                   "fresh": sorted(state.fresh)})
                self.send(HTTPStatus.OK, "application/json", body.encode())
            elif (fresh := state.fresh.get(unquote(path).lstrip("/"))) is not None:
                self.send(HTTPStatus.OK, "image/png", fresh)
            elif (file := site.file(path)) is not None and (data := site.read(file)) is not None:
                from .outputs import TYPE_OF_SUFFIX

                kind = TYPE_OF_SUFFIX.get(PurePosixPath(file).suffix, "application/octet-stream")
                self.send(HTTPStatus.OK, kind, data)
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
            """The stream leaves the answering threads: it lasts as long as the tab."""
            if not self.server.streams.acquire(blocking=False):
                self.send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain", b"too many tabs open\n")
                return
            try:
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                self.wfile.flush()
                threading.Thread(target=self.stream, args=(self.connection,), daemon=True,
                                 name="expoprint-events").start()
            except BaseException:
                self.server.streams.release()
                raise
            self.detached = True

        def stream(self, connection: socket.socket) -> None:
            seen = state.version
            try:
                connection.sendall(b": expoprint\n\n")  # the stream is open: said at once
                while not self.server.stopping.is_set():
                    now = state.wait(seen, KEEPALIVE_S)
                    connection.sendall(f"data: {now}\n\n".encode() if now != seen else b": ...\n\n")
                    seen = now
            except OSError:  # the tab closed, or stopped reading (the write timed out)
                pass
            finally:
                self.server.streams.release()
                self.server.shutdown_request(connection)

    return Handler


class Server(HTTPServer):
    """An HTTP server whose connections wait in a selector, not in threads.

    `run` accepts connections and watches them until the head of their request is there
    (peeked, not read: the handler reads it as usual), then hands them to ANSWERING_THREADS
    threads. A connection that sends no complete head within WAIT_S is closed, and so is the
    oldest one waiting when MAX_WAITING wait: idle sockets, however many, never occupy the
    threads that answer the browser."""

    request_queue_size = 128  # connections the kernel holds until accepted

    def __init__(self, address: tuple[str, int]):
        super().__init__(address, BaseHTTPRequestHandler)
        self.answering = ThreadPoolExecutor(ANSWERING_THREADS, thread_name_prefix="expoprint-http")
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)
        self.stopping = threading.Event()
        self.waiting: dict[socket.socket, tuple[float, object]] = {}  # in arrival order
        self.partial: set[socket.socket] = set()  # part of a head came: peeked again each tick

    def run(self) -> None:
        """Serve until `stop()`."""
        selector = selectors.DefaultSelector()
        selector.register(self.socket, selectors.EVENT_READ)
        try:
            while not self.stopping.is_set():
                ready = [key.fileobj for key, _events in selector.select(POLL_S)]
                for connection in ready + list(self.partial):
                    if connection is self.socket:
                        self.accept(selector)
                    elif connection in self.waiting:
                        self.look(selector, connection)
                self.expire(selector)
        finally:
            for connection in list(self.waiting):
                self.drop(selector, connection)
            selector.close()
            self.answering.shutdown(wait=False, cancel_futures=True)

    def stop(self) -> None:
        self.stopping.set()

    def accept(self, selector: selectors.BaseSelector) -> None:
        try:
            connection, address = self.socket.accept()
        except OSError:
            return
        if len(self.waiting) >= MAX_WAITING:
            self.drop(selector, next(iter(self.waiting)))
        self.waiting[connection] = (time.monotonic(), address)
        selector.register(connection, selectors.EVENT_READ)

    def look(self, selector: selectors.BaseSelector, connection: socket.socket) -> None:
        """Hand the connection over once its request's head is complete (or too long, or the
        client closed its side); otherwise peek again at the next tick."""
        try:
            head = connection.recv(HEAD_BYTES, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return
        except OSError:
            head = b""
        if not head:
            self.drop(selector, connection)
        elif b"\r\n\r\n" in head or b"\n\n" in head or len(head) >= HEAD_BYTES:
            _since, address = self.waiting.pop(connection)
            self.partial.discard(connection)
            with contextlib.suppress(KeyError):
                selector.unregister(connection)
            self.answering.submit(self.answer, connection, address)
        elif connection not in self.partial:
            selector.unregister(connection)  # readable until read: peeked each tick instead
            self.partial.add(connection)

    def expire(self, selector: selectors.BaseSelector) -> None:
        deadline = time.monotonic() - WAIT_S
        for connection, (since, _address) in list(self.waiting.items()):
            if since >= deadline:
                break  # in arrival order: the rest came later
            self.drop(selector, connection)

    def drop(self, selector: selectors.BaseSelector, connection: socket.socket) -> None:
        self.waiting.pop(connection, None)
        if connection in self.partial:
            self.partial.discard(connection)
        else:
            with contextlib.suppress(KeyError, ValueError):
                selector.unregister(connection)
        self.shutdown_request(connection)

    def answer(self, connection: socket.socket, address: object) -> None:
        handler = None
        try:
            handler = self.RequestHandlerClass(connection, address, self)
        except Exception:  # a client gone mid-answer, a timeout: its problem only
            pass
        finally:
            if not getattr(handler, "detached", False):
                self.shutdown_request(connection)


def bind(port: int, tell: Callable[[str], None]) -> Server:
    """A server on 127.0.0.1, on `port` or one of the next free ones, up to the last port there
    is (said on the terminal)."""
    candidates = range(port, min(port + PORT_TRIES, LAST_PORT + 1)) if port else range(0, 1)
    for candidate in candidates:
        try:
            server = Server((HOST, candidate))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            continue
        if candidate != port and port:
            tell(_("port {port} is in use: serving on {other}").format(
                port=port, other=server.server_address[1]))
        return server
    if len(candidates) == 1:
        message = _("port {port} is in use").format(port=port)
    else:
        message = _("no free port from {first} to {last}").format(first=port,
                                                                   last=candidates[-1])
    raise ExpoprintError(Problem(f"{HOST}:{port}", None, "", message,
                                 _("give another with --port, e.g. --port 8000")))


def serve(content_dir: Path, out_dir: Path, layouts: Path, port: int,
          tell: Callable[[str], None], stop: threading.Event | None = None,
          ready: Callable[[int], None] | None = None, formats: tuple[str, ...] = ()) -> None:
    """Build, serve and rebuild until `stop` is set (Ctrl-C, even repeated, or SIGTERM);
    `formats`: only these posters (`--format`), as `build` takes them."""
    import multiprocessing

    from .workers import forked_pool

    stop = stop or threading.Event()
    stop_on_signals(stop)
    server = bind(port, tell)
    state = State()
    site = Site(out_dir, state)
    server.RequestHandlerClass = handler_for(site, state)
    # The workers are forked now, before any thread starts, and kept for every build: forking
    # a process that runs threads may copy a lock another thread holds.
    workers = [forked_pool(2)]
    builder = threading.Thread(target=watch, name="expoprint-builder", daemon=True,
                               args=(content_dir, out_dir, layouts, state, workers, tell, stop, formats))
    http = threading.Thread(target=server.run, name="expoprint-http", daemon=True)
    http.start()
    builder.start()
    tell(_("expoprint serve: open {address} (Ctrl-C to stop)").format(
        address=f"http://{HOST}:{server.server_address[1]}/"))
    if ready:
        ready(server.server_address[1])
    try:
        while not stop.wait(0.5):  # a wait with a timeout lets Python run the signal handlers
            pass
    finally:
        server.stop()
        # Forked workers wait on a queue whose write end they also hold: left alone, they
        # would outlive the server forever. A build in progress is abandoned, not awaited.
        workers[0].shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()
        http.join(timeout=2)
        tell(_("expoprint serve: stopped"))


def watch(content_dir: Path, out_dir: Path, layouts: Path, state: State, workers: list,
          tell: Callable[[str], None], stop: threading.Event,
          formats: tuple[str, ...] = ()) -> None:
    """The builder thread: a build, then one after each batch of saves, until `stop`.

    Nothing stops it but `stop`: a build that fails in an unexpected way (a bug, a worker
    killed) is shown in the page like any failed build, and the next save builds again. The
    folders are watched one by one, found without following a link (a link to / in the content
    folder would make the watcher walk the whole disk); a folder made later is found at the
    next change."""
    import watchfiles

    told: set[str] = set()  # a watching problem is said once, not every second
    build_once(content_dir, out_dir, state, workers, tell, stop, formats)
    while not stop.is_set():
        folders = watched_folders((content_dir, layouts))
        try:
            for changes in watchfiles.watch(*folders, recursive=False, stop_event=stop,
                                            debounce=150, step=50, raise_interrupt=False):
                build_once(content_dir, out_dir, state, workers, tell, stop, formats)
                if any(os.path.isdir(path) and not os.path.islink(path) and Path(path) not in folders
                       for _kind, path in changes):
                    break  # a new folder: watch it too
        except Exception as error:  # a folder removed, the watch limit reached
            if str(error) not in told:
                told.add(str(error))
                tell(_("cannot watch the content folder for saves: {error}").format(error=error))
            stop.wait(1.0)


def watched_folders(roots: tuple[Path, ...]) -> list[Path]:
    """The roots and the real folders inside them (no link followed, no hidden folder), at most
    MAX_WATCHED."""
    found: list[Path] = []
    for root in (root.resolve() for root in roots):
        if not root.is_dir():
            continue
        for folder, names, _files in os.walk(root):  # os.walk follows no link by default
            names[:] = sorted(name for name in names if not name.startswith("."))
            found.append(Path(folder))
            if len(found) >= MAX_WATCHED:
                return found
    return found


def build_once(content_dir: Path, out_dir: Path, state: State, workers: list,
               tell: Callable[[str], None], stop: threading.Event,
               formats: tuple[str, ...] = ()) -> None:
    """One build with proofs, its outcome published to the page, whatever happens in it (but
    the failures of a build cut short by serve's own stop, which nobody will see)."""
    from concurrent.futures.process import BrokenProcessPool

    from .build import run_build
    from .workers import forked_pool

    def made(result) -> None:
        from .proofs.sheet import page_paths

        images = {}
        for output in result.outputs:
            for page in result.pages.get(output.path, ()):
                large, thumb = page_paths(output, page.number)
                images[f"{PROOFS}/{large}"], images[f"{PROOFS}/{thumb}"] = page.large, page.thumb
        if images:
            state.show(images)

    state.start()
    try:
        result = run_build(content_dir, out_dir, proofs=True, executor=workers[0], on_made=made,
                           formats=formats)
    except ExpoprintError as error:
        if stop.is_set():
            return
        state.publish(error.problems)
        tell(_("the last save does not build: {count} problem(s), shown in the page").format(
            count=len(error.problems)))
        return
    except Exception as error:  # a bug must not stop serve: shown, then next save
        if stop.is_set():
            return
        if isinstance(error, BrokenProcessPool):  # a worker was killed: fork new ones
            workers[0] = forked_pool(2)
        problem = Problem(str(content_dir), None, "",
                          _("the build stopped on an unexpected error: {error}").format(
                              error=f"{type(error).__name__}: {error}"),
                          _("save again to retry; if it persists, please report it"))
        state.publish([problem])
        tell(str(problem))
        return
    state.publish([])
    tell(_("built: {parts} part(s) rendered again, {warnings} warning(s)").format(
        parts=len(result.rendered), warnings=len(result.warnings)))


def stop_on_signals(stop: threading.Event) -> None:
    """Let Ctrl-C (SIGINT, however many times) and SIGTERM (a supervisor, `kill`, a test
    harness) end serve through its cleanup, without a traceback, rather than interrupt it or
    kill the server and orphan its workers. The handlers stay after serve returns: a second
    Ctrl-C arriving then must not raise KeyboardInterrupt in the process's last lines."""
    import signal

    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda _signum, _frame: stop.set())
