"""The chat widget end to end in headless Debian Chromium against the real stack: keyboard
only, a youth question, a quick reply, recommendations as cards, a handoff to a ticket,
reload, feedback, rating, delete (checked in the tracker database), REST fallback, offline
status, axe-core, reflow and screenshots (tests/artifacts/).

Needs chromium, chromedriver and axe-core: `make browser-deps` (scripts/install-browser.sh).
Without them the test is skipped, except under CI=true, where it fails."""

from __future__ import annotations

import dataclasses
import http.server
import json
import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from bot.processes import Service as ProcessService
from bot.settings import REPO_DIR, child_env
from bot.web import feedback
from tests.conftest import free_port

AXE = REPO_DIR / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO_DIR / "tests" / "artifacts"
PHONE = (375, 812)
DESKTOP = (1280, 900)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REFERENCE = re.compile(r"EDI-\d{4}-\d{4}")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _browser_or_skip() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    missing = [
        name
        for name, found in (
            ("chromium", chromium),
            ("chromedriver", chromedriver),
            ("axe-core", AXE.is_file()),
        )
        if not found
    ]
    if missing:
        message = (
            f"Nettlesertesten mangler {', '.join(missing)}. "
            "Kjør `make browser-deps` (scripts/install-browser.sh)."
        )
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return chromium, chromedriver


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    chromium, chromedriver = _browser_or_skip()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1280,900")
    options.add_argument("--lang=nb-NO")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    except WebDriverException as error:
        message = f"Chromium startet ikke: {error.msg}"
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    browser.set_script_timeout(60)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield browser
    finally:
        browser.quit()


# -- helpers ---------------------------------------------------------------------------------
def _viewport(driver, width: int, height: int, scale: float = 1, mobile: bool = False) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile},
    )


def _wait(driver, condition, timeout: float = 20, message: str = ""):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d), message)


def _history(driver) -> list[dict]:
    return json.loads(
        driver.execute_script("return sessionStorage.getItem('edi-widget-history') || '[]'")
    )


def _session_id(driver) -> str:
    return json.loads(driver.execute_script("return sessionStorage.getItem('edi-widget-session')"))


def _press(driver, *keys) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def _active(driver):
    return driver.switch_to.active_element


def _settled(driver, before: int, settle: float = 1.0, timeout: float = 30) -> list[dict]:
    """Wait until an answer came (more history, typing indicator gone) and nothing more
    arrives for `settle` seconds; returns the new history entries."""
    _wait(
        driver,
        lambda d: (
            len(_history(d)) > before + 1
            and not d.find_element(By.CSS_SELECTOR, ".edi-typing").is_displayed()
        ),
        timeout,
        "ingen svar fra assistenten",
    )
    size, since = len(_history(driver)), time.monotonic()
    while time.monotonic() - since < settle:
        time.sleep(0.1)
        if len(_history(driver)) != size:
            size, since = len(_history(driver)), time.monotonic()
    return _history(driver)[before:]


def _say(driver, text: str) -> str:
    """Type into the message field with the keyboard and send with Enter; the bot's answer."""
    before = len(_history(driver))
    field = driver.find_element(By.CSS_SELECTOR, ".edi-input")
    field.click()
    field.send_keys(text, Keys.ENTER)
    new = _settled(driver, before)
    assert new[0] == {"who": "user", "text": text}
    return "\n".join(entry.get("text", "") for entry in new[1:])


def _events(tracker_url: str, sender: str) -> int:
    engine = sa.create_engine(tracker_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT count(*) FROM events WHERE sender_id = :sender"),
                {"sender": sender},
            ).scalar_one()
    finally:
        engine.dispose()


def _axe(driver) -> list[dict]:
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        "  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        "    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))"
        "  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _screenshot(driver, name: str) -> Path:
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


def _severe_console_errors(driver) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and "favicon" not in entry["message"]
    ]


# -- the test --------------------------------------------------------------------------------
def test_widget_conversation_with_keyboard_reload_feedback_and_delete(stack, driver, knowledge_db):
    web_url = stack.settings.web_url
    tracker_url = stack.settings.tracker_url
    _viewport(driver, *DESKTOP)
    driver.get(web_url)
    launcher = _wait(driver, lambda d: d.find_element(By.ID, "edi-launcher"))
    _screenshot(driver, "page-desktop.png")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb"
    assert launcher.get_attribute("aria-expanded") == "false"

    # Open with the keyboard: Tab through the page until the launcher has focus, then Enter.
    driver.find_element(By.TAG_NAME, "body").click()
    for _ in range(40):
        _press(driver, Keys.TAB)
        if _active(driver).get_attribute("id") == "edi-launcher":
            break
    else:
        pytest.fail("Tab når aldri chat-knappen")
    _press(driver, Keys.ENTER)
    panel = driver.find_element(By.ID, "edi-panel")
    _wait(driver, lambda d: panel.is_displayed())
    assert launcher.get_attribute("aria-expanded") == "true"
    assert "edi-input" in _active(driver).get_attribute("class"), "fokus skal stå i tekstfeltet"
    note = driver.find_element(By.CSS_SELECTOR, ".edi-note").text
    assert "ikke et menneske" in note and "fødselsnummer" in note
    assert (
        driver.find_element(By.CSS_SELECTOR, ".edi-note a")
        .get_attribute("href")
        .endswith("/personvern")
    )
    # socket.io is the way in, once Rasa confirmed the session.
    widget = driver.find_element(By.CSS_SELECTOR, "[data-edi-widget]")
    _wait(
        driver,
        lambda d: widget.get_attribute("data-connection") == "socket",
        message="widgeten koblet aldri til Rasas socket.io",
    )

    # A youth question, typed and sent with Enter.
    _press(driver, "hva er jobbskolen?", Keys.ENTER)
    new = _settled(driver, 0)
    answer = "\n".join(e.get("text", "") for e in new[1:])
    assert "Jobbskolen" in answer
    announced = driver.find_element(By.CSS_SELECTOR, ".edi-announcer").get_attribute("textContent")
    assert "Jobbskolen" in announced, "nye svar skal leses opp (aria-live)"
    assert driver.find_element(By.CSS_SELECTOR, ".edi-announcer").get_attribute("aria-live") == (
        "polite"
    )

    # A quick reply is a real button; use it with the keyboard.
    choices = driver.find_elements(By.CSS_SELECTOR, ".edi-quick button")
    assert choices, "svarknapper mangler"
    first = choices[0]
    title = first.text
    before = len(_history(driver))
    driver.execute_script("arguments[0].focus()", first)
    _press(driver, Keys.ENTER)
    new = _settled(driver, before)
    assert new[0]["text"] == title
    assert not driver.find_elements(
        By.XPATH, f"//div[contains(@class,'edi-quick')]//button[.='{title}']"
    )

    # Recommendations are shown as cards.
    _say(driver, "jeg har droppet ut av skolen og vil ha jobb")
    cards = driver.find_elements(By.CSS_SELECTOR, ".edi-cards .edi-card")
    assert cards, "anbefalinger skal vises som kort"
    assert cards[0].find_element(By.CSS_SELECTOR, "h3").text
    # Drawn from the action's data (json_message), named by the intro, the text form not twice.
    named = driver.find_element(By.CSS_SELECTOR, ".edi-cards").get_attribute("aria-labelledby")
    assert "passe for" in driver.find_element(By.ID, named).text
    assert any(entry.get("cards") for entry in _history(driver))
    turn = driver.find_elements(By.CSS_SELECTOR, ".edi-bot-msgs:has(.edi-cards)")[-1]
    shown = [b.text for b in turn.find_elements(By.CSS_SELECTOR, ".edi-msg.edi-bot")]
    title = cards[0].find_element(By.CSS_SELECTOR, "h3").text
    assert not [b for b in shown if f"{title}: " in b]
    driver.execute_script(
        "const log = document.querySelector('.edi-log');"
        "log.scrollTop = document.querySelector('.edi-cards').offsetTop - log.offsetTop - 80;"
    )
    _screenshot(driver, "widget-cards-desktop.png")

    # Thumbs up on the first answer: stored with its message id, no text.
    vote = driver.find_element(By.CSS_SELECTOR, '.edi-turn[data-turn="svar-1"] .edi-vote-up')
    vote.click()
    _wait(driver, lambda d: vote.get_attribute("aria-pressed") == "true")
    session = _session_id(driver)
    rows = feedback.list_feedback(session, url=knowledge_db)
    assert [(r.kind, r.message_id, r.value) for r in rows] == [("answer", "svar-1", 1)]

    # A handoff to the end: a ticket reference.
    for message in ("kan en veileder ringe meg?", "ja", "Ali", "ali@example.com", "vil ha jobb"):
        _say(driver, message)
    _say(driver, "sms")
    reply = _say(driver, "ja")
    reference = REFERENCE.search(reply)
    assert reference, reply

    # Esc closes and gives focus back to the launcher; Enter opens again.
    _active(driver).send_keys(Keys.ESCAPE)
    _wait(driver, lambda d: not panel.is_displayed())
    assert _active(driver).get_attribute("id") == "edi-launcher"
    _press(driver, Keys.ENTER)
    _wait(driver, lambda d: panel.is_displayed())

    # A rating at the end, with the keyboard.
    driver.find_element(By.XPATH, "//button[.='Gi vurdering']").click()
    assert _active(driver).get_attribute("type") == "radio"
    _press(driver, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)  # 1 → 4
    driver.find_element(By.XPATH, "//button[.='Send vurdering']").click()
    _wait(driver, lambda d: "Vurderingen er lagret" in d.find_element(By.ID, "edi-panel").text)
    assert ("rating", "-", 4) in {
        (r.kind, r.message_id, r.value) for r in feedback.list_feedback(session, url=knowledge_db)
    }

    # Screenshots and axe-core with the widget open, on a desktop and a phone.
    _screenshot(driver, "widget-desktop.png")
    serious = _axe(driver)
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)
    _viewport(driver, *PHONE, scale=2, mobile=True)
    _wait(driver, lambda d: d.find_element(By.ID, "edi-panel").rect["width"] == PHONE[0])
    driver.execute_script("document.querySelector('.edi-log').scrollTop = 1e9")
    _screenshot(driver, "widget-phone.png")
    serious = _axe(driver)
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)

    # Reload in the same tab: same conversation, drawn again from sessionStorage.
    _viewport(driver, *DESKTOP)
    driver.refresh()
    panel = _wait(driver, lambda d: d.find_element(By.ID, "edi-panel"))
    _wait(driver, lambda d: panel.is_displayed())
    assert _session_id(driver) == session
    log_text = driver.find_element(By.CSS_SELECTOR, ".edi-log").text
    assert reference.group() in log_text and "hva er jobbskolen?" in log_text
    assert driver.find_elements(By.CSS_SELECTOR, ".edi-cards .edi-card")
    pressed = driver.find_element(By.CSS_SELECTOR, '.edi-turn[data-turn="svar-1"] .edi-vote-up')
    assert pressed.get_attribute("aria-pressed") == "true"
    assert _events(tracker_url, session) > 10

    # Delete: confirm, then everything of that session is gone from the server.
    driver.find_element(By.XPATH, "//button[.='Slett samtalen']").click()
    confirm = _active(driver)
    assert confirm.text == "Ja, slett samtalen"
    confirm.send_keys(Keys.ENTER)
    _wait(
        driver,
        lambda d: "Samtalen er slettet fra serveren" in d.find_element(By.ID, "edi-panel").text,
    )
    confirmation = driver.find_element(By.CSS_SELECTOR, ".edi-notice").text
    assert re.search(
        r"\d+ meldinger fra deg, \d+ svar fra assistenten og 2 tilbakemeldinger", confirmation
    )
    assert _events(tracker_url, session) == 0
    assert feedback.list_feedback(session, url=knowledge_db) == []
    fresh = _session_id(driver)
    assert fresh != session and re.fullmatch(r"[0-9a-f]{32}", fresh)
    assert reference.group() not in driver.find_element(By.CSS_SELECTOR, ".edi-log").text

    # The new session works over socket.io too, and is stored under the new id.
    assert "Jobbskolen" in _say(driver, "hva er jobbskolen?")
    _wait(driver, lambda d: _events(tracker_url, fresh) > 0)
    assert _events(tracker_url, session) == 0
    sent_over_rest = driver.execute_script(
        "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/chat'))"
    )
    assert not sent_over_rest, "med socket.io oppe skal ingenting gå via POST /chat"
    assert _severe_console_errors(driver) == []


def _network(driver, offline: bool) -> None:
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def _connection(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "[data-edi-widget]").get_attribute(
        "data-connection"
    )


BLOCK_WEBSOCKETS = """
(() => {
  const Real = window.WebSocket;
  window.__ediBlockSockets = true;
  function Blockable(url, protocols) {
    if (window.__ediBlockSockets && String(url).includes("/socket.io/")) {
      throw new DOMException("blocked by the test", "SecurityError");
    }
    return protocols === undefined ? new Real(url) : new Real(url, protocols);
  }
  Blockable.prototype = Real.prototype;
  Object.assign(Blockable, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Blockable;
})();
"""


def test_widget_falls_back_to_rest_reconnects_and_reports_offline(stack, driver):
    _viewport(driver, *DESKTOP)
    driver.get(stack.settings.web_url)
    driver.execute_script("sessionStorage.clear()")
    # Rasa's socket.io cannot be reached: the widget answers through POST /chat instead.
    # Polling is blocked by URL; websockets (which DevTools' URL blocking does not stop) by a
    # WebSocket that refuses socket.io URLs while window.__ediBlockSockets is set.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/socket.io/*"]})
    blocker = driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": BLOCK_WEBSOCKETS}
    )["identifier"]
    try:
        driver.refresh()
        _wait(driver, lambda d: d.find_element(By.ID, "edi-launcher")).click()
        assert "Jobbskolen" in _say(driver, "hva er jobbskolen?")
        assert _connection(driver) == "rest"
        assert driver.execute_script(
            "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/chat'))"
        )
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": blocker})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        driver.execute_script("window.__ediBlockSockets = false")
    # socket.io reachable again: the widget connects by itself.
    _wait(driver, lambda d: _connection(d) == "socket", 30, "kobler ikke til socket.io igjen")

    # Offline: the connection drops; a visible status, read out (role=status).
    _network(driver, offline=True)
    try:
        status = driver.find_element(By.CSS_SELECTOR, ".edi-status")
        _wait(driver, lambda d: status.is_displayed() and "ikke på nett" in status.text)
        assert status.get_attribute("role") == "status"
        _wait(driver, lambda d: _connection(d) == "rest", message="forbindelsen brytes ikke")
        field = driver.find_element(By.CSS_SELECTOR, ".edi-input")
        field.send_keys("er dere der?", Keys.ENTER)
        _wait(
            driver,
            lambda d: (
                "Meldingen ble ikke sendt" in d.find_element(By.CSS_SELECTOR, ".edi-log").text
            ),
        )
    finally:
        _network(driver, offline=False)
    # Back online: it reconnects by itself and says so.
    _wait(driver, lambda d: _connection(d) == "socket", 30, "kobler ikke til igjen")
    _wait(
        driver, lambda d: "Tilkoblet igjen" in d.find_element(By.CSS_SELECTOR, ".edi-status").text
    )
    assert "Jobbskolen" in _say(driver, "hva er jobbskolen?")


def test_widget_reflows_at_320_px_and_200_percent_zoom(stack, driver):
    driver.get(stack.settings.web_url)
    driver.execute_script("sessionStorage.clear()")
    for width, height, scale in ((320, 640, 1), (640, 450, 2)):  # 320 px; 1280×900 at 200 %
        _viewport(driver, width, height, scale=scale, mobile=width < 400)
        driver.refresh()
        _wait(driver, lambda d: d.find_element(By.ID, "edi-launcher")).click()
        panel = _wait(
            driver,
            lambda d: (
                d.find_element(By.ID, "edi-panel").is_displayed()
                and d.find_element(By.ID, "edi-panel")
            ),
        )
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"vannrett rulling ved {width} px"
        visible_width = driver.execute_script("return document.documentElement.clientWidth")
        assert panel.rect["width"] == visible_width, "chatten skal fylle skjermen"
        for selector in (".edi-input", ".edi-send", ".edi-close", ".edi-tool"):
            box = driver.find_element(By.CSS_SELECTOR, selector).rect
            assert 0 <= box["x"] and box["x"] + box["width"] <= visible_width + 0.5, selector
            assert 0 <= box["y"] and box["y"] + box["height"] <= height + 0.5, selector
        if width == 320:
            _screenshot(driver, "widget-320.png")
            # The panel covers the screen: Tab from its last control comes back to its first.
            driver.execute_script(
                "document.querySelector('.edi-tools .edi-tool:last-child').focus()"
            )
            _press(driver, Keys.TAB)
            assert driver.execute_script(
                "return document.getElementById('edi-panel').contains(document.activeElement)"
            )
        _press(driver, Keys.ESCAPE)
    # Reduced motion: no animation.
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
    )
    try:
        _viewport(driver, *DESKTOP)
        driver.refresh()
        _wait(driver, lambda d: d.find_element(By.ID, "edi-panel"))
        animation = driver.execute_script(
            "return getComputedStyle(document.getElementById('edi-panel')).animationName"
        )
        assert animation == "none"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_the_language_switch_changes_the_widget_and_the_assistant(stack, driver):
    """«English» in the header: the widget's own words, the assistant's answers and the forms'
    questions in English, kept across a reload; «Norsk» back."""
    _viewport(driver, *DESKTOP)
    driver.get(stack.settings.web_url)
    driver.execute_script("sessionStorage.clear()")
    driver.get(stack.settings.web_url)
    _wait(driver, lambda d: d.find_element(By.ID, "edi-launcher")).click()
    switch = driver.find_element(By.CSS_SELECTOR, ".edi-lang")
    _wait(driver, lambda d: switch.is_displayed())
    assert switch.text == "English" and switch.get_attribute("lang") == "en"
    widget = driver.find_element(By.CSS_SELECTOR, "[data-edi-widget]")
    assert widget.get_attribute("lang") == "nb"
    _wait(driver, lambda d: widget.get_attribute("data-connection") == "socket", 30)

    before = len(_history(driver))
    switch.click()
    new = _settled(driver, before)
    assert new[0] == {"who": "user", "text": "English"}
    assert "answer in English" in new[1]["text"]
    assert widget.get_attribute("lang") == "en"
    assert switch.text == "Norsk" and switch.get_attribute("lang") == "nb"
    field = driver.find_element(By.CSS_SELECTOR, ".edi-input")
    assert field.get_attribute("placeholder") == "Write a question …"
    assert "not a person" in driver.find_element(By.CSS_SELECTOR, ".edi-note").text
    serious = _axe(driver)
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)

    # The forms ask in English; a reload keeps the language.
    reply = _say(driver, "I would like to talk to a person")
    assert "advisor" in reply and "Which fits" in reply, reply
    driver.refresh()
    _wait(driver, lambda d: d.find_element(By.ID, "edi-panel").is_displayed(), 20)
    widget = driver.find_element(By.CSS_SELECTOR, "[data-edi-widget]")
    assert widget.get_attribute("lang") == "en"
    assert driver.find_element(By.CSS_SELECTOR, ".edi-lang").text == "Norsk"

    before = len(_history(driver))
    driver.find_element(By.CSS_SELECTOR, ".edi-lang").click()
    new = _settled(driver, before)
    # Inside the handoff form: said in Norwegian, and the form's question again in Norwegian.
    assert "svarer på norsk" in new[1]["text"], new
    assert "Hvem av dem passer?" in new[-1]["text"], new
    assert widget.get_attribute("lang") == "nb"
    driver.execute_script("sessionStorage.clear()")


def test_missing_browser_fails_in_ci(monkeypatch):
    """Without chromium the test is skipped on a developer's machine, failed under CI."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        _browser_or_skip()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _browser_or_skip()


EMBED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site</title></head>
<body><main><h1>Another site</h1><p>Any page, any origin.</p></main>
<script src="{server}/static/widget/widget.js" data-server="{server}" data-title="Spør oss"
  data-launcher-text="Spør oss" data-position="left" data-open="true" defer></script>
</body></html>"""


@pytest.fixture
def embedding_site(stack):
    """Another site (its own origin) that embeds the widget of a web app whose allow-list
    (EDI_CORS_ORIGINS) names that site."""
    site_port, web_port = free_port(), free_port()
    site = f"http://127.0.0.1:{site_port}"
    settings = dataclasses.replace(stack.settings, web_port=web_port, cors_origins=(site,))
    page = EMBED_PAGE.format(server=f"http://127.0.0.1:{web_port}").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    web = ProcessService(
        "web-embed",
        [sys.executable, "-m", "bot", "web"],
        f"http://127.0.0.1:{web_port}/healthz",
        settings.log_dir / "web-embed.log",
    )
    web.start(child_env(settings))
    try:
        _wait_until(web.is_healthy, 60)
        yield site, settings.web_url.rstrip("/")
    finally:
        web.stop()
        server.shutdown()
        server.server_close()


def _wait_until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "web-appen for innbygging startet ikke"
        time.sleep(0.2)


def test_widget_embedded_on_another_site(stack, driver, embedding_site):
    site, server = embedding_site
    _viewport(driver, *DESKTOP)
    driver.get(site)
    panel = _wait(driver, lambda d: d.find_element(By.ID, "edi-panel"))
    _wait(driver, lambda d: panel.is_displayed(), message="data-open virker ikke")
    widget = driver.find_element(By.CSS_SELECTOR, "[data-edi-widget]")
    assert widget.get_attribute("lang") == "nb"
    assert driver.find_element(By.ID, "edi-title").text == "Spør oss"
    assert driver.find_element(By.ID, "edi-launcher").rect["x"] < 100  # data-position="left"
    assert driver.find_element(By.CSS_SELECTOR, ".edi-note a").get_attribute("href") == (
        f"{server}/personvern"
    )
    assert "Jobbskolen" in _say(driver, "hva er jobbskolen?")
    # The stack's own web app does not list this site: the browser gets nothing from it.
    refused = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0] + 'api/widget/config').then(() => done('read'), () => done('refused'));",
        stack.settings.web_url,
    )
    assert refused == "refused"


UNTRUSTED_REPLIES = [
    {"text": '<img src=x onerror="window.__pwned = 1"> <b>fet</b>'},
    {"text": "Les mer på https://www.nav.no/ung. Ikke javascript:alert(1) eller data:text/html,x"},
    # A recommendation as the action sends it: the intro, the cards as data, then the cards'
    # plain-text form (for REST clients), which the widget does not show again.
    {"text": "Dette kan passe for deg:"},
    {
        "custom": {
            "data": {
                "tiltak": [
                    {
                        "name": "Jobbskolen",
                        "summary": "Hjelp til skole og jobb.",
                        "reason": "du er ung",
                    },
                    {"name": "<script>window.__pwned = 2</script>", "summary": "Et navn med kode."},
                    {"name": "Kort", "summary": "Fra custom", "url": "javascript:x()"},
                ],
                "repeated_in_text": 2,
            }
        }
    },
    {"text": "Jobbskolen: Hjelp til skole og jobb. (du er ung)"},
    {"text": "<script>window.__pwned = 2</script>: Et navn med kode. (grunn)"},
    {"text": "Velg:", "buttons": [{"title": "<i>Ja</i>", "payload": "/affirm"}]},
]


@pytest.fixture
def fake_web_app():
    """A stand-in for the web app that answers POST /chat with hostile text, slowly, and
    serves the real widget files; the page embeds the widget with data-socket="off"."""
    port = free_port()
    server_url = f"http://127.0.0.1:{port}"
    static = REPO_DIR / "bot" / "web" / "static"
    received: list[dict] = []
    page = (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Test</title></head>'
        f'<body><main><h1>Test</h1></main><script src="{server_url}/static/widget/widget.js"'
        ' data-socket="off" data-open="true"></script></body></html>'
    ).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _send(self, body: bytes, content_type: str, status: int = 200):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802 - http.server's naming
            if self.path == "/":
                self._send(page, "text/html; charset=utf-8")
            elif self.path == "/api/widget/config":
                self._send(b'{"socket_url": null, "max_chars": 1000}', "application/json")
            elif self.path.startswith("/static/widget/"):
                name = self.path.rsplit("/", 1)[-1]
                kind = "text/css" if name.endswith(".css") else "text/javascript"
                self._send((static / "widget" / name).read_bytes(), kind)
            else:
                self._send(b"", "text/plain", 404)

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            received.append(json.loads(self.rfile.read(length)))
            time.sleep(1.0)  # long enough to see the typing indicator
            self._send(json.dumps(UNTRUSTED_REPLIES).encode(), "application/json")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server_url, received
    finally:
        server.shutdown()
        server.server_close()


def test_widget_renders_untrusted_text_safely(driver, fake_web_app):
    url, received = fake_web_app
    _viewport(driver, *DESKTOP)
    driver.get(url)
    _wait(driver, lambda d: d.find_element(By.ID, "edi-panel").is_displayed())
    field = driver.find_element(By.CSS_SELECTOR, ".edi-input")
    field.send_keys("/restart", Keys.ENTER)
    _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".edi-typing").is_displayed())
    _settled(driver, 0)
    assert received == [{"sender": _session_id(driver), "message": "restart"}]
    log = driver.find_element(By.CSS_SELECTOR, ".edi-log")
    assert driver.execute_script("return window.__pwned === undefined")
    assert not log.find_elements(By.CSS_SELECTOR, "img, b, i, script")
    assert '<img src=x onerror="window.__pwned = 1"> <b>fet</b>' in log.text
    links = log.find_elements(By.CSS_SELECTOR, ".edi-msg a")
    assert [a.get_attribute("href") for a in links] == ["https://www.nav.no/ung"]
    assert links[0].get_attribute("rel") == "noopener noreferrer"
    assert links[0].get_attribute("target") == "_blank"
    cards = log.find_elements(By.CSS_SELECTOR, ".edi-card h3")
    assert [c.text for c in cards] == ["Jobbskolen", "<script>window.__pwned = 2</script>", "Kort"]
    assert not log.find_elements(By.CSS_SELECTOR, ".edi-card a")
    # The cards are a list named by the intro bubble, and their text form is not shown twice.
    intro = driver.find_element(
        By.ID, log.find_element(By.CSS_SELECTOR, ".edi-cards").get_attribute("aria-labelledby")
    )
    assert intro.text.endswith("Dette kan passe for deg:")
    bubbles = [b.text for b in log.find_elements(By.CSS_SELECTOR, ".edi-msg.edi-bot")]
    assert not [b for b in bubbles if "Hjelp til skole og jobb." in b or "Et navn med kode." in b]
    choice = log.find_element(By.CSS_SELECTOR, ".edi-quick button")
    assert choice.text == "<i>Ja</i>" and choice.tag_name == "button"
