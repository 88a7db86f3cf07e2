"""serve's HTTP server, from the standard library's request handler, bound to 127.0.0.1 only.

It is enough for one person's browser, parses HTTP with a well-kept parser, and adds no dependency
to a tool people install on office machines. It serves the live page, a Server-Sent Events stream
that says "the page changed", the page's state (/state), the file the browser shows (/looking),
the proofs/ folder and the files the manifest lists — nothing else, whatever the path asks, and
only to a request addressed to 127.0.0.1 or localhost (`Host`, and `Origin` when there is one): a
web page elsewhere that renames itself 127.0.0.1 (DNS rebinding) is refused. Connections wait in
one selector thread until their request's head has arrived, then a few threads answer them, each
read and write under a timeout: hundreds of idle or slow connections cost a file descriptor each,
not a thread, and never stand between the browser and an answer.
"""

from __future__ import annotations

import contextlib
import errno
import json
import selectors
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import ExpoprintError, Problem
from ..i18n import _
from .page import Site, live_page
from .state import State

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
            address = urlsplit(self.path)
            path = address.path
            if path == "/":
                self.send(HTTPStatus.OK, "text/html; charset=utf-8", live_page(site, state))
            elif path == "/events":
                self.events()
            elif path == "/state":
                self.send(HTTPStatus.OK, "application/json", json.dumps(state.summary()).encode())
            elif path == "/looking":
                state.look(parse_qs(address.query).get("file", [""])[0])
                self.send(HTTPStatus.NO_CONTENT, "text/plain", b"")
            elif (fresh := state.fresh.get(unquote(path).lstrip("/"))) is not None:
                self.send(HTTPStatus.OK, "image/png", fresh)
            elif (file := site.file(path)) is not None and (data := site.read(file)) is not None:
                from ..outputs import TYPE_OF_SUFFIX

                kind = TYPE_OF_SUFFIX.get(PurePosixPath(file).suffix, "application/octet-stream")
                self.send(HTTPStatus.OK, kind, data)
            else:
                self.send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")

        def send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            lasting = status == HTTPStatus.OK and not kind.startswith(("text/html", "application/json"))
            self.send_header("Cache-Control", "max-age=31536000, immutable" if lasting else "no-cache")
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
