"""The site in a real browser (Debian's headless Chromium): laid out on a 360 px phone and a
1280 px laptop, checked by axe-core for WCAG 2.2 AA, and asked what it loaded."""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest
from browser import chromium, chromium_missing, serve, set_viewport

MISSING = chromium_missing()
needs_chromium = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")
BASE_PATH = "/liberation-besancon/objets/"
PAGES = ["", "liberation-1944/", "3e-division-us/", "citadelle/", "lattre-01/", "lattre-02/"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def site(default_kit):
    with serve(default_kit.out_dir / "web", BASE_PATH) as (origin, requested):
        yield origin + BASE_PATH, requested


@pytest.fixture(scope="module")
def driver():
    with chromium() as browser:
        yield browser


def layout(driver) -> dict:
    return driver.execute_script("""
        const images = [...document.images];
        return {scroll: document.documentElement.scrollWidth, width: window.innerWidth,
                broken: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
                fonts: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family),
                resources: performance.getEntriesByType('resource').map(r => r.name)};""")


def axe_problems(driver) -> list[str]:
    from selenium_axe_python import Axe

    axe = Axe(driver)
    axe.inject()
    results = axe.run(options={"runOnly": {"type": "tag", "values": WCAG}})
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI only: a developer may lack Chromium")
def test_ci_has_chromium():
    assert MISSING is None, MISSING


@needs_chromium
@pytest.mark.parametrize("width", [360, 1280])
def test_pages_fit_the_screen_load_their_files_and_pass_axe(site, driver, width):
    root, requested = site
    set_viewport(driver, width, 800, mobile=width < 800)
    for page in PAGES:
        driver.get(root + page)
        seen = layout(driver)
        assert seen["scroll"] <= width and seen["width"] == width, f"{page or 'index'}: too wide"
        assert not seen["broken"], f"{page}: images not loaded {seen['broken']}"
        assert {"Lato", "EB Garamond"} <= set(seen["fonts"]), f"{page}: fonts {seen['fonts']}"
        origin = urlparse(root)
        for url in seen["resources"]:
            parsed = urlparse(url)
            assert (parsed.netloc, parsed.path[:len(BASE_PATH)]) == (origin.netloc, BASE_PATH), url
        assert axe_problems(driver) == [], page or "index"
    assert all(path.startswith(BASE_PATH) for path in requested), "a request left web/"
    assert driver.get_cookies() == []


@needs_chromium
def test_text_at_200_percent_reflows_on_a_phone(site, driver):
    root, _ = site
    set_viewport(driver, 360, 800)
    for page in PAGES:
        driver.get(root + page)
        driver.execute_script("document.documentElement.style.fontSize = '200%'")
        seen = layout(driver)
        # A phone widens its layout to what overflows: the page must stay at the phone's width.
        assert seen["scroll"] <= 360 and seen["width"] == 360, f"{page or 'index'} at 200 %"
        size = driver.execute_script("return getComputedStyle(document.body).fontSize")
        assert size == "36px"  # 1.125rem of a root doubled to 32 px: the text did grow


@needs_chromium
def test_the_language_switch_works_without_javascript(site, driver):
    root, _ = site
    set_viewport(driver, 360, 800)
    driver.get(root + "citadelle/")
    shown = "return [...document.querySelectorAll('.part')].map(p => getComputedStyle(p).display)"
    assert driver.execute_script(shown) == ["block", "block"]  # from a QR code: both, French first
    driver.find_element("css selector", "a[hreflang='en']").click()
    assert driver.execute_script(shown) == ["none", "block"]
    assert driver.execute_script("return document.activeElement.lang || location.hash") in ("en", "#en")
    driver.find_element("css selector", "a[hreflang='fr']").click()
    assert driver.execute_script(shown) == ["block", "none"]
    assert driver.execute_script("return !!document.querySelector('script')") is False


@needs_chromium
def test_focus_is_visible(site, driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    root, _ = site
    set_viewport(driver, 1280, 800, mobile=False)
    driver.get(root)
    for _ in range(4):  # the skip link, the site's name, then the language switch
        ActionChains(driver).send_keys(Keys.TAB).perform()
        tag, style, width = driver.execute_script(
            "const s = getComputedStyle(document.activeElement);"
            "return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth];")
        assert tag == "A" and style == "solid" and float(width.rstrip("px")) >= 2
