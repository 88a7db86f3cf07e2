"""The site in a real browser (Debian's headless Chromium): laid out on a 360 px phone and a
1280 px laptop, checked by axe-core for WCAG 2.2 AA, and asked what it loaded."""

from __future__ import annotations

import os
import re
from urllib.parse import urlparse

import pytest
from browser import chromium, chromium_missing, serve, set_viewport

MISSING = chromium_missing()
needs_chromium = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")
BASE_PATH = "/liberation-besancon/objets/"
PAGES = ["", "liberation-1944/", "3e-division-us/", "citadelle/", "lattre-01/", "lattre-02/",
         "accessibilite/"]
SHOTS = os.environ.get("EXPOPRINT_SHOTS")  # a folder to keep the screenshots in, to look at them
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
    """What the page shows once its fonts have loaded or failed (`document.fonts.ready`): the
    page's load event does not wait for them, and on a busy machine they arrive after it."""
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        document.fonts.ready.then(() => {
          const images = [...document.images];
          done({scroll: document.documentElement.scrollWidth, width: window.innerWidth,
                broken: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
                fonts: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family),
                resources: performance.getEntriesByType('resource').map(r => r.name)});
        });""")


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


def test_the_browser_tests_visit_every_page_of_the_site(default_kit):
    web = default_kit.out_dir / "web"
    found = sorted(str(path.parent.relative_to(web)) + "/" for path in web.rglob("index.html"))
    assert sorted(page or "./" for page in PAGES) == found


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


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two CSS `rgb(…)` colours."""
    def luminance(colour: str) -> float:
        channels = [float(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@needs_chromium
def test_the_skip_links_outline_stands_out_from_the_band(site, driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    root, _ = site
    set_viewport(driver, 390, 844)
    driver.get(root)
    ActionChains(driver).send_keys(Keys.TAB).perform()
    outline, band, skip = driver.execute_script(
        "const a = document.activeElement;"
        "return [getComputedStyle(a).outlineColor,"
        " getComputedStyle(document.querySelector('.band')).backgroundColor, a.className];")
    assert "skip" in skip
    assert contrast(outline, band) >= 3, (outline, band)  # WCAG 1.4.11, non-text contrast


@needs_chromium
def test_the_english_view_says_its_page_skip_link_and_footer_in_english(site, driver):
    root, _ = site
    set_viewport(driver, 390, 844)
    driver.get(root + "citadelle/#en")
    seen = driver.execute_script("""
        const shown = e => getComputedStyle(e).display !== 'none';
        return {skip: [...document.querySelectorAll('.skip')].filter(shown).map(a => a.textContent),
                foot: [...document.querySelectorAll('.foot p')].filter(shown).map(p => p.lang),
                title: document.title};""")
    assert seen["skip"] == ["Skip to content"]
    assert seen["foot"] == ["en"]
    assert "From Fort Chaudanne to the Citadel" in seen["title"]
    driver.get(root + "citadelle/#fr")
    assert driver.execute_script(
        "return [...document.querySelectorAll('.skip')].filter(a => getComputedStyle(a).display "
        "!== 'none').map(a => a.textContent)") == ["Aller au contenu"]


WORDS_SPLIT = r"""
    // Every place a heading's line breaks between two letters: at a soft hyphen ("hyphen", the
    // browser shows a hyphen there) or anywhere else (the heading's text and where).
    const letter = /[\p{L}\p{N}]/u, out = [];
    for (const heading of document.querySelectorAll('h1, h2, h3')) {
      if (!heading.offsetParent) continue;
      const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
      let last = null, between = '';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
          const ch = node.data[i], range = document.createRange();
          range.setStart(node, i); range.setEnd(node, i + 1);
          const rects = range.getClientRects();  // a letter after a break: its own is the last
          const box = rects[rects.length - 1];
          if (!letter.test(ch) || !box || box.width === 0) { between += ch; continue; }
          if (last && between === '' && box.top > last.top + box.height / 2) {
            out.push(heading.textContent.replace(/­/g, '') + ' before ' + i);
          } else if (last && between === '­' && box.top > last.top + box.height / 2) {
            out.push('hyphen');
          }
          last = {top: box.top}; between = '';
        }
      }
    }
    return out;"""


@needs_chromium
def test_headings_never_break_inside_words_at_200_percent_on_a_320_px_phone(site, driver):
    root, _ = site
    set_viewport(driver, 320, 700)
    hyphenated = 0
    for page in PAGES:
        driver.get(root + page)
        driver.execute_script("document.documentElement.style.fontSize = '200%'")
        breaks = driver.execute_script(WORDS_SPLIT)
        assert [b for b in breaks if b != "hyphen"] == [], page or "index"
        hyphenated += breaks.count("hyphen")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 320
        if SHOTS:
            shot(driver, f"320-200-{page.strip('/') or 'index'}.png")
    assert hyphenated > 0  # long words did reach the edge, and broke at a syllable


@needs_chromium
def test_print_keeps_a_heading_with_what_it_heads(site, driver):
    root, _ = site
    set_viewport(driver, 1280, 800, mobile=False)
    driver.get(root)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        styles = driver.execute_script(
            "return [...document.querySelectorAll('h2, dt')].map(e => getComputedStyle(e)"
            ".breakAfter)")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert styles and set(styles) == {"avoid"}


@needs_chromium
@pytest.mark.skipif(not SHOTS, reason="EXPOPRINT_SHOTS names a folder for the screenshots")
def test_screenshots_at_390_by_844(site, driver):
    root, _ = site
    set_viewport(driver, 390, 844)
    for page in PAGES:
        driver.get(root + page)
        shot(driver, f"390-{page.strip('/') or 'index'}.png")


def shot(driver, name: str) -> None:
    from pathlib import Path

    from browser import full_page_png

    Path(SHOTS, name).write_bytes(full_page_png(driver))
