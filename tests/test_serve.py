"""`serve`: the proofs in a browser, updated as the content is saved, on 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import chromium, chromium_missing
from conftest import FIXTURES, ROOT, copy_content, edit

pytestmark = pytest.mark.skipif(chromium_missing() is not None and not os.environ.get("CI"),
                                reason=chromium_missing() or "")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """`expoprint serve` on a free port, in its own process, once its first build is shown."""
    with serving(tmp_path) as (content, port, _process):
        yield content, port


@contextlib.contextmanager
def serving(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "generate.py", "serve", "--content", str(content), "--out",
         str(tmp_path / "out"), "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if not state(port)["building"]:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("serve did not build in 120 s")
        yield content, port, process
    finally:
        process.terminate()
        process.wait(timeout=20)


def processes_naming(text: str) -> list[int]:
    """The processes whose command line contains `text`, read from /proc as `ps` would."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_stopping_serve_stops_its_workers_too(tmp_path):
    """A stopped `serve` (SIGTERM, as a terminal or a supervisor sends) leaves no worker behind:
    forked pool workers would otherwise wait forever on a queue nobody writes to."""
    with serving(tmp_path) as (content, _port, process):
        assert len(processes_naming(str(content))) >= 2  # the server and its workers
    deadline = time.monotonic() + 10
    while processes_naming(str(content)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process.returncode is not None
    assert processes_naming(str(content)) == []


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)  # sent as typed: no client-side cleaning of the path
    response = connection.getresponse()
    return response.status, response.read()


def state(port: int) -> dict:
    return json.loads(get(port, "/state")[1])


def test_only_the_proofs_are_served_and_only_on_loopback(served):
    content, port = served
    assert get(port, "/")[0] == 200
    assert get(port, "/proofs/index.html")[0] == 200
    for path in ("/../exhibition.yaml", "/%2e%2e/exhibition.yaml", "/proofs/../../exhibition.yaml",
                 "/proofs/%2e%2e/%2e%2e/content/exhibition.yaml", "//etc/passwd", "/etc/passwd",
                 f"/{content}/exhibition.yaml", "/manifest.json", "/.expoprint-cache/parts.json",
                 "/proofs/..%2fmanifest.json"):
        assert get(port, path)[0] == 404, path
    addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None,
                                                           socket.AF_INET)} - {"127.0.0.1"}
    for address in addresses:  # another interface of this machine: nothing listens there
        with socket.socket() as probe, pytest.raises(OSError):
            probe.settimeout(2)
            probe.connect((address, port))


def test_the_page_follows_the_content_as_it_is_saved(served, tmp_path):
    content, port = served
    with chromium() as driver:
        driver.get(f"http://127.0.0.1:{port}/")

        def poster_src() -> str:
            return driver.execute_script(
                "var i = [...document.images].find(i => i.src.includes('affiche-A3'));"
                "return i ? i.src + ' ' + i.naturalWidth : '';")

        first = poster_src()
        assert first and not first.endswith(" 0")
        deadline = time.monotonic() + 10  # the page tells serve which file is in view
        while not state(port)["looking"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert state(port)["looking"].endswith(".pdf")
        edit(content / "exhibition.yaml", "title: Exposition d'essai", "title: Une autre exposition")
        saved = time.monotonic()
        while poster_src() == first and time.monotonic() - saved < 15:
            time.sleep(0.1)
        took = time.monotonic() - saved
        assert poster_src() != first and not poster_src().endswith(" 0")
        assert took < 5, f"the new poster showed after {took:.1f} s"
        driver.save_screenshot(str(tmp_path / "served.png"))

        (content / "exhibition.yaml").write_text(
            (content / "exhibition.yaml").read_text(encoding="utf-8") + "kind: [Exposition\n",
            encoding="utf-8")
        banner = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            banner = driver.execute_script(
                "var s = document.getElementById('serve-status');"
                "return s && !s.hidden ? s.innerText : '';")
            if "is not valid YAML" in banner:
                break
            time.sleep(0.2)
        assert re.search(r"exhibition\.yaml:\d+: is not valid YAML", banner), banner
        assert poster_src() and not poster_src().endswith(" 0")  # the last good pages stay

        text = (content / "exhibition.yaml").read_text(encoding="utf-8")
        (content / "exhibition.yaml").write_text(text.replace("kind: [Exposition\n", ""),
                                                 encoding="utf-8")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if not driver.execute_script(
                    "var s = document.getElementById('serve-status'); return s && !s.hidden;"):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the error stayed after the fix")
