#!/usr/bin/env python3
"""`zhengce serve` in a real browser: headless Chromium (Debian's `chromium` and
`chromium-driver`) driven over WebDriver by Debian's `python3-selenium`. It indexes the bundled
report with a hostile document and a second short one, starts the server on a free loopback port,
then: searches 交叉任职, clicks the street-office topic facet, opens the first hit's document,
copies its citation (the button's payload checked against `zhengce cite`), asks
经开区机关核定了多少编制？ and sees 45人, opens a compare view, goes back and forward, checks that
no search fires while an input method composes, that no view scrolls sideways at 390 px, and
that the hostile document's markup stays text. Every request the page makes is recorded from
the browser's network log; any that leaves loopback fails the run. Screenshots of each view go
to docs/serve/. Exits non-zero on any failure.

Usage: browser_test.py ZHENGCE_BINARY [SCREENSHOT_DIR]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HOSTILE = ("title: <script>document.title='pwned'</script><img src=x onerror=alert(1)>恶意标题\n\n"
           "第一条 本段含有 </script><script>alert(2)</script> 和 "
           "<img src=x onerror=\"document.body.dataset.pwned=1\"> 以及 [链接](javascript:alert(3)) "
           "javascript:alert(4) 恶意测试内容。\n")
SECOND = ("某区机构编制工作情况\n\n一、机构设置\n"
          "区直机关共设置工作部门20个，核定行政编制300名。街道办事处实行交叉任职，核定事业编制45人。\n")


def main(binary, shots):
    work = tempfile.mkdtemp(prefix="zhengce-browser-")
    extra = os.path.join(work, "extra")
    os.makedirs(extra)
    with open(os.path.join(extra, "hostile.txt"), "w", encoding="utf-8") as f:
        f.write(HOSTILE)
    with open(os.path.join(extra, "second.txt"), "w", encoding="utf-8") as f:
        f.write(SECOND)
    index = os.path.join(work, "index")
    subprocess.run([binary, "index", "--quiet", "--index", index, "corpus", extra], check=True)
    server = subprocess.Popen([binary, "serve", "--index", index, "--bind", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        base = line.strip().split(" on ")[-1].rstrip("/")
        assert base.startswith("http://127.0.0.1:"), line
        run(binary, index, base, work, shots)
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print("browser test: all checks passed")


def run(binary, index, base, work, shots):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--user-data-dir={work}/profile", "--window-size=1280,900",
                "--no-first-run", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-default-apps",
                # Nothing but loopback resolves, so a stray request fails instead of leaving.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    requests = []
    try:
        steps(driver, binary, index, base, shots, requests)
    finally:
        collect(driver, requests)
        driver.quit()
    # Chromium's own pages (chrome://, its new tab page) load from inside the browser; every
    # request that could reach a network must go to the server.
    network = [u for u in requests if u.split(":", 1)[0].lower() not in ("chrome", "chrome-untrusted", "data", "about", "blob")]
    outside = [u for u in network if not (u.startswith(base + "/") or u == base)]
    assert any(u.startswith(base + "/api/") for u in network), "no API request was recorded"
    assert not outside, f"requests left loopback: {outside}"
    print(f"{len(network)} requests, all to {base}")


def collect(driver, requests):
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])


def settle(driver, before=None):
    """Waits until the page has rendered a view after `before` (the body's data-ready stamp)."""
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.body.dataset.ready || ''") not in ("", before))
    return driver.execute_script("return document.body.dataset.ready")


def stamp(driver):
    return driver.execute_script("return document.body.dataset.ready || ''")


def no_side_scroll(driver, view):
    driver.set_window_size(390, 844)
    time.sleep(0.3)
    width = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{view}: scrolls sideways at 390 px: {width}"
    driver.set_window_size(1280, 900)


def untouched(driver):
    """The hostile markup did not run: no alert, no changed title or dataset, no <img src=x>."""
    try:
        alert = driver.switch_to.alert
        raise AssertionError(f"an alert opened: {alert.text}")
    except NoAlertPresentException:
        pass
    assert driver.title == "zhengce 政策检索", driver.title
    assert driver.execute_script("return document.body.dataset.pwned") is None
    assert not driver.find_elements(By.CSS_SELECTOR, "img, script:not([src='/app.js'])")
    assert not driver.find_elements(By.CSS_SELECTOR, "a[href^='javascript:']")


def cli(binary, index, *args):
    return subprocess.run([binary, "--index", index, *args], check=True, capture_output=True,
                          text=True).stdout


def steps(driver, binary, index, base, shots, requests):
    driver.get(base + "/")
    settle(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "ul.topics li a"), "no topic list on the start page"

    # Search 交叉任职.
    before = stamp(driver)
    box = driver.find_element(By.CSS_SELECTOR, "input[name=q]")
    box.send_keys("交叉任职")
    driver.find_element(By.CSS_SELECTOR, "form.bar button[type=submit]").click()
    before = settle(driver, before)
    count = driver.find_element(By.ID, "result-count").text
    assert "共" in count, count
    assert "q=%E4%BA%A4%E5%8F%89%E4%BB%BB%E8%81%8C" in driver.current_url, driver.current_url
    assert driver.find_elements(By.CSS_SELECTOR, ".hit mark"), "no highlighted snippet"
    assert ":" in driver.find_element(By.CSS_SELECTOR, ".hit .where").text
    driver.save_screenshot(os.path.join(shots, "search.png"))
    no_side_scroll(driver, "search")

    # The street-office topic facet, then its removable chip.
    facet = driver.find_element(By.CSS_SELECTOR, "button.facet[data-key=topic][data-value=street-office]")
    facet.click()
    before = settle(driver, before)
    assert "topic=street-office" in driver.current_url, driver.current_url
    chips = driver.find_elements(By.CSS_SELECTOR, ".active .chip")
    assert chips and "street-office" in chips[0].text, [c.text for c in chips]
    driver.save_screenshot(os.path.join(shots, "search-facet.png"))

    # The first hit's document.
    first = driver.find_element(By.CSS_SELECTOR, ".hit .hit-title")
    first.click()
    before = settle(driver, before)
    assert "view=doc" in driver.current_url
    assert driver.find_element(By.CSS_SELECTOR, "h1.doc-title").text
    assert driver.find_elements(By.CSS_SELECTOR, ".para.target mark"), "the hit is not marked"
    assert driver.find_elements(By.CSS_SELECTOR, "svg.bars rect"), "no topic bars"
    assert driver.find_elements(By.CSS_SELECTOR, "ul.outline li a"), "no outline"
    driver.save_screenshot(os.path.join(shots, "document.png"))
    no_side_scroll(driver, "document")

    # Copy its citation: the payload is what `zhengce cite` prints.
    button = driver.find_element(By.CSS_SELECTOR, "button.copy[data-format=plain]")
    locator = button.get_attribute("data-locator")
    button.click()
    WebDriverWait(driver, 30).until(lambda d: button.get_attribute("data-citation"))
    expected = cli(binary, index, "cite", locator).rstrip("\n")
    assert button.get_attribute("data-citation") == expected, (button.get_attribute("data-citation"), expected)
    gbt = driver.find_element(By.CSS_SELECTOR, "button.copy[data-format=gbt7714]")
    gbt.click()
    WebDriverWait(driver, 30).until(lambda d: gbt.get_attribute("data-citation"))
    assert "[R]" in gbt.get_attribute("data-citation") or "[" in gbt.get_attribute("data-citation")

    # Ask.
    driver.find_element(By.ID, "nav-ask").click()
    before = settle(driver, before)
    box = driver.find_element(By.CSS_SELECTOR, "input[name=q]")
    # No question is sent while an input method composes; it is once composition ends.
    url = driver.current_url
    driver.execute_script("""
        const input = arguments[0];
        input.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
        input.value = '经开区';
        input.form.requestSubmit();""", box)
    time.sleep(0.5)
    assert driver.current_url == url, "a question was sent while composing"
    driver.execute_script("""
        const input = arguments[0];
        input.dispatchEvent(new CompositionEvent('compositionend', {data: '经开区'}));
        input.value = '';""", box)
    box.send_keys("经开区机关核定了多少编制？")
    driver.find_element(By.CSS_SELECTOR, "form.bar button[type=submit]").click()
    before = settle(driver, before)
    answer = driver.find_element(By.CSS_SELECTOR, "#answer .answer-text").text
    assert "45人" in answer, answer
    assert driver.find_elements(By.CSS_SELECTOR, "#answer mark.evidence"), "no evidence marked"
    assert "置信度" in driver.find_element(By.CSS_SELECTOR, "#answer .meta").text
    driver.save_screenshot(os.path.join(shots, "ask.png"))
    no_side_scroll(driver, "ask")

    # "No answer" is shown as such.
    driver.get(base + "/?view=ask&q=" + "火星基地的预算是多少？")
    before = settle(driver)
    assert "没有找到答案" in driver.find_element(By.ID, "answer").text

    # Compare the report with the second document.
    ids = []
    for query, path in [("交叉任职", "调研报告"), ("交叉任职", "second.txt")]:
        page = json.loads(driver.execute_script(
            "const r = await fetch('/api/search?limit=50&q=' + encodeURIComponent(arguments[0])); return await r.text();", query))
        ids.append(next(h["doc_id"] for h in page["hits"] if path in h["path"]))
    driver.get(base + "/?view=compare")
    before = settle(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".picker input[type=checkbox]"), "no document picker"
    driver.get(base + f"/?view=compare&docs={ids[0]},{ids[1]}")
    before = settle(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".compare-row"), "no compare rows"
    driver.save_screenshot(os.path.join(shots, "compare.png"))
    no_side_scroll(driver, "compare")

    # Back and forward move between views.
    driver.back()
    before = settle(driver, before)
    assert driver.execute_script("return document.body.dataset.view") == "compare"
    assert driver.find_elements(By.CSS_SELECTOR, ".picker")
    driver.forward()
    settle(driver, before)
    assert driver.find_elements(By.CSS_SELECTOR, ".compare-row")

    # The hostile document: its markup is text in results and in its document view.
    driver.get(base + "/?q=" + "恶意测试")
    before = settle(driver)
    title = driver.find_element(By.CSS_SELECTOR, ".hit .hit-title").text
    assert "<script>" in title and "onerror" in title, title
    assert "</script><script>alert(2)</script>" in driver.find_element(By.CSS_SELECTOR, ".hit p").text
    untouched(driver)
    driver.find_element(By.CSS_SELECTOR, ".hit .hit-title").click()
    before = settle(driver, before)
    assert "<img src=x onerror=alert(1)>" in driver.find_element(By.CSS_SELECTOR, "h1.doc-title").text
    untouched(driver)
    assert "null" not in driver.find_element(By.ID, "main").text.replace("null-", "")
    driver.save_screenshot(os.path.join(shots, "hostile.png"))

    # The page raised no errors (a CSP violation or a script error would show here).
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    shots = sys.argv[2] if len(sys.argv) > 2 else "docs/serve"
    os.makedirs(shots, exist_ok=True)
    main(os.path.abspath(sys.argv[1]), shots)
