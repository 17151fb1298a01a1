"""The HTML report in a real browser (Debian's chromium and chromium-driver, headless).

Highlights render, clicking a finding marks its figures ``active`` and scrolls them into
view, and a screenshot of the page is a real image. The browser is never downloaded: the
test uses /usr/bin/chromium and /usr/bin/chromedriver, and is skipped when they are missing.
Set ``CLAIMCHECK_SCREENSHOT=path.png`` to also save the README's screenshot there
(``docs/html-report.png``).
"""
from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.formats import html
from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SEEDS = ["corpus/findings/seed-xiaomi-2012-valuation.md", "corpus/findings/seed-xiaomi-2014-funding.md",
         "corpus/findings/seed-xiaomi-2015-services.md"]

pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
                                reason="needs Debian's chromium and chromium-driver "
                                       "(apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        report = api.check_paths(SEEDS)
        docs = [(d, Path(d.path).read_text(encoding="utf-8")) for d in api.extract_paths(SEEDS)]
    finally:
        os.chdir(cwd)
    out = tmp_path_factory.mktemp("html") / "report.html"
    out.write_text(html.render_report(report, docs), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _in_viewport(driver, element) -> bool:
    return driver.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight"
        " && r.left >= 0 && r.right <= window.innerWidth;", element)


def test_highlights_click_and_screenshot(browser, page, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    assert browser.title == "claimcheck report"
    mentions = browser.find_elements(By.CSS_SELECTOR, ".mention[data-mention]")
    assert len(mentions) > 30
    assert all(m.is_displayed() for m in mentions[:5])
    flagged = browser.find_elements(By.CSS_SELECTOR, ".mention.flag-error, .mention.flag-warning")
    assert flagged
    # the kind colours are applied (the stylesheet loaded and matched)
    money = browser.find_element(By.CSS_SELECTOR, ".mention.kind-money")
    assert money.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert browser.find_elements(By.CSS_SELECTOR, ".active") == []

    findings = browser.find_elements(By.CSS_SELECTOR, "li.finding")
    assert len(findings) == 2
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")   # start far from the figures
    target = findings[1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    target.click()
    assert "active" in target.get_attribute("class").split()
    span_ids = target.get_attribute("data-spans").split()
    assert len(span_ids) == 2
    for sid in span_ids:
        el = browser.find_element(By.ID, sid)
        assert "active" in el.get_attribute("class").split()
        assert _in_viewport(browser, el), sid
    active = browser.find_elements(By.CSS_SELECTOR, ".mention.active")
    assert {e.get_attribute("id") for e in active} == set(span_ids)

    # another finding: the previous spans are no longer active
    first = findings[0]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    first.click()
    now = {e.get_attribute("id") for e in browser.find_elements(By.CSS_SELECTOR, ".mention.active")}
    assert now == set(first.get_attribute("data-spans").split()) and now != set(span_ids)
    assert "active" not in target.get_attribute("class").split()

    # clicking a flagged figure selects its finding
    browser.find_element(By.ID, span_ids[1]).click()
    assert "active" in target.get_attribute("class").split()

    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert len(data) > 10_000
    width, height = _png_size(data)
    assert width >= 800 and height >= 600

    readme_shot = os.environ.get("CLAIMCHECK_SCREENSHOT")
    if readme_shot:
        size = browser.get_window_size()
        browser.set_window_size(1400, 1500)
        try:
            browser.get(page.as_uri())
            browser.find_elements(By.CSS_SELECTOR, "li.finding")[1].click()
            browser.execute_script("window.scrollTo(0, 0)")
            browser.save_screenshot(readme_shot)
        finally:
            browser.set_window_size(size["width"], size["height"])


def test_print_layout_shows_everything(browser, page):
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        side = browser.find_element(By.CSS_SELECTOR, "aside.side")
        assert side.value_of_css_property("position") == "static"
        assert side.value_of_css_property("overflow-y") == "visible"
        assert browser.find_element(By.CSS_SELECTOR, ".doc-body").value_of_css_property("display") == "block"
        assert all(li.is_displayed() for li in browser.find_elements(By.CSS_SELECTOR, "li.finding"))
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
