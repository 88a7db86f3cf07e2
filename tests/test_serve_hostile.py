"""`serve` against what stopped it: a build that raises, another site's page, idle connections,
a taken last port, Ctrl-C pressed twice, a link to / in the content folder.

Most tests run serve in this process with a stand-in build (a failing build must show in the
page, whatever the build does), on 127.0.0.1 only; the Ctrl-C test runs the real command."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import FIXTURES, ROOT, copy_content

from expoprint import serve as serving
from expoprint.bundled import LAYOUTS
from expoprint.errors import ExpoprintError
from expoprint.serve import http as serve_http


class NoPool:
    """The stand-in builds make nothing: serve's worker processes are not forked."""

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


@contextlib.contextmanager
def served(tmp_path: Path, monkeypatch, builds: list):
    """serve in a thread of this process; each build calls the next of `builds` (raise or return
    a result). Yields (content folder, port, lines told)."""
    content = copy_content(tmp_path, FIXTURES / "minimal")
    calls = iter(builds)

    def run_build(*_args, **_kwargs):
        outcome = next(calls)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    monkeypatch.setattr("expoprint.build.run_build", run_build)
    monkeypatch.setattr("expoprint.workers.forked_pool", lambda *_args, **_kwargs: NoPool())
    told: list[str] = []
    port: list[int] = []
    stop = threading.Event()
    thread = threading.Thread(target=serving.serve, daemon=True,
                              args=(content, tmp_path / "out", LAYOUTS, 0, told.append, stop,
                                    port.append))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not port and time.monotonic() < deadline:
            time.sleep(0.01)
        yield content, port[0], told
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def get(port: int, path: str, headers: dict | None = None, timeout: float = 5) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        if path == "/events" and response.status == 200:  # a stream: its first event only
            return response.status, response.read1(64)
        return response.status, response.read()
    finally:
        connection.close()


def wait_for(port: int, condition, seconds: float = 10) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        state = json.loads(get(port, "/state")[1])
        if condition(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def built() -> SimpleNamespace:
    return SimpleNamespace(rendered=["poster A3"], warnings=[])


def test_an_unexpected_error_in_a_build_is_shown_and_the_next_save_builds(tmp_path, monkeypatch):
    with served(tmp_path, monkeypatch, [IndexError("list index out of range"), built()]) as (
            content, port, told):
        (content / "disk").symlink_to("/")  # not walked: the save below is seen all the same
        state = wait_for(port, lambda s: not s["building"])
        assert not state["building"]
        [problem] = state["problems"]
        assert "the build stopped on an unexpected error: IndexError: list index out of range" in problem
        status, page = get(port, "/")
        assert status == 200 and b"IndexError: list index out of range" in page
        assert any("IndexError" in line for line in told)

        (content / "exhibition.yaml").write_text(
            (content / "exhibition.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        state = wait_for(port, lambda s: not s["problems"])
        assert state["problems"] == [] and not state["building"]
        assert told[-1] == "built: 1 part(s) rendered again, 0 warning(s)"
    assert told[-1] == "expoprint serve: stopped"


def test_only_requests_addressed_to_this_computer_are_answered(tmp_path, monkeypatch):
    with served(tmp_path, monkeypatch, [built()]) as (_content, port, _told):
        wait_for(port, lambda s: not s["building"])
        for host in ("evil.example", f"evil.example:{port}", "127.0.0.1:1", "127.0.0.1.evil.example",
                     f"localhost.:{port}", ""):
            for path in ("/", "/state", "/events", "/proofs/index.html"):
                assert get(port, path, {"Host": host})[0] == 403, (host, path)
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
            assert get(port, "/state", {"Host": host})[0] == 200, host
        mine = f"http://127.0.0.1:{port}"
        assert get(port, "/events", {"Origin": "http://evil.example"})[0] == 403
        assert get(port, "/events", {"Origin": "null"})[0] == 403
        assert get(port, "/state", {"Origin": "http://evil.example"})[0] == 403
        status, first = get(port, "/events", {"Origin": mine})
        assert status == 200 and first.startswith((b"data:", b":")), first


def test_the_output_folders_traps_are_not_served_nor_hang_an_answer(tmp_path, monkeypatch):
    """A FIFO and a link among the proofs, a nested manifest.json: each a 404, at once."""
    proofs = tmp_path / "out" / "proofs"
    proofs.mkdir(parents=True)
    os.mkfifo(proofs / "stuck.png")
    (proofs / "passwd.png").symlink_to("/etc/passwd")
    (proofs / "index.html").write_text('<html><head></head><body><img src="stuck.png">'
                                       '<a href="../../../etc/passwd">x</a></body></html>')
    (tmp_path / "out" / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    with served(tmp_path, monkeypatch, [built()]) as (_content, port, _told):
        wait_for(port, lambda s: not s["building"])
        started = time.monotonic()
        for _ in range(3 * serve_http.ANSWERING_THREADS):  # more than the threads that answer
            assert get(port, "/proofs/stuck.png")[0] == 404
        assert get(port, "/proofs/passwd.png")[0] == 404
        status, page = get(port, "/")
        assert status == 200 and b'src="stuck.png"' in page  # no digest: it was not read
        assert time.monotonic() - started < 5


def raise_open_files(count: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < count:
        if hard != resource.RLIM_INFINITY and hard < count:
            pytest.skip(f"{count} open files needed, {hard} allowed")
        resource.setrlimit(resource.RLIMIT_NOFILE, (count, hard))


def test_400_idle_connections_do_not_stop_a_page_load(tmp_path, monkeypatch):
    """Idle sockets, sockets that sent half a request and stopped, open event streams: the
    page, its state and a file still come at once."""
    raise_open_files(4096)
    with served(tmp_path, monkeypatch, [built()]) as (_content, port, _told):
        wait_for(port, lambda s: not s["building"])
        idle: list[socket.socket] = []
        try:
            for number in range(400):
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                if number % 10 == 0:  # a slow client: a head that never ends
                    connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                idle.append(connection)
            for _ in range(40):
                stream = socket.create_connection(("127.0.0.1", port), timeout=5)
                stream.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                idle.append(stream)
            started = time.monotonic()
            for path in ("/", "/state", "/", "/state"):
                assert get(port, path, timeout=5)[0] == 200
            took = time.monotonic() - started
            assert took < 3, f"four requests took {took:.1f} s beside 440 open connections"
        finally:
            for connection in idle:
                connection.close()


def test_the_last_port_taken_is_a_message_not_an_overflow():
    with socket.socket() as taken:
        with contextlib.suppress(OSError):  # taken already: as the test wants
            taken.bind(("127.0.0.1", 65535))
            taken.listen()
        with pytest.raises(ExpoprintError) as caught:
            serving.bind(65535, lambda line: None)
        assert str(caught.value) == ("127.0.0.1:65535: port 65535 is in use (give another with "
                                     "--port, e.g. --port 8000)")


def test_a_link_to_the_root_in_the_content_folder_is_not_watched(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    (content / "images").mkdir()
    (content / "disk").symlink_to("/")
    (content / ".git").mkdir()
    folders = serving.watched_folders((content, LAYOUTS))
    assert content.resolve() in folders and content.resolve() / "images" in folders
    assert all(not folder.is_relative_to(content.resolve() / "disk") for folder in folders)
    assert content.resolve() / ".git" not in folders
    assert len(folders) < 50


def processes_in(group: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.getpgid(int(entry.name)) == group:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_ctrl_c_twice_stops_serve_with_one_line_and_no_worker_left(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "generate.py", "serve", "--content", str(content), "--out",
         str(tmp_path / "out"), "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # Ctrl-C in the middle of the first build
            with contextlib.suppress(OSError):
                if get(port, "/state")[0] == 200:
                    break
            time.sleep(0.05)
        assert len(processes_in(process.pid)) >= 3  # serve and its two workers
        os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
        time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert output.splitlines()[-1] == "expoprint serve: stopped"
    assert output.count("stopped") == 1
    deadline = time.monotonic() + 10
    while processes_in(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_in(process.pid) == []
