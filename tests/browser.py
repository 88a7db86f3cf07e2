"""Debian's headless Chromium driven by selenium, and a static server for a built `web/` folder.

Chromium starts with a fresh profile and without its background traffic (updates, sync, field
trials), so a page is the only thing it loads. The server is Python's `http.server` on 127.0.0.1,
serving `web/` under the path of `qr_base_url`, as a museum's host would.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import tempfile
import threading
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         "--disable-sync", "--disable-extensions", "--disable-default-apps",
         "--hide-scrollbars", "--mute-audio")


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return "Debian's chromium and chromium-driver are not installed (apt-get install chromium " \
            "chromium-driver)"
    try:
        import selenium  # noqa: F401
        import selenium_axe_python  # noqa: F401
    except ImportError:
        return "selenium and selenium-axe-python are not installed (pip install -e '.[test]')"
    return None


@contextlib.contextmanager
def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="expoprint-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_viewport(driver, width: int, height: int = 800, mobile: bool = True) -> None:
    """The page as a phone (or a laptop) lays it out: CSS width in px, touch and scale 2."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1,
        "mobile": mobile})


def full_page_png(driver) -> bytes:
    import base64

    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return document.documentElement.clientWidth")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    return base64.b64decode(shot["data"])


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(web: Path, base_path: str = "/"):
    """`web/` at `base_path` (e.g. /liberation-besancon/objets/) on 127.0.0.1; yields the origin
    (http://127.0.0.1:PORT) and the list of paths requested."""
    scratch = Path(tempfile.mkdtemp(prefix="expoprint-site-"))
    folder = base_path.strip("/")
    mount = scratch / (folder or "site")
    mount.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(web, mount)
    root = scratch if folder else mount
    requested: list[str] = []

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(scratch, ignore_errors=True)
