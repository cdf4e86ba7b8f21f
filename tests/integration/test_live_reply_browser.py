"""Coordinators answer the person (issue #18, item 4), end to end in two headless Chromium
browsers against the real stack (`make run`'s three processes, one Rasa without Redis): a young
person in the widget and a coordinator in the inbox.

Live: handoff → the coordinator takes the case and the chat → "Veileder Kari" writes in the
widget → the person answers (the assistant stays silent; the answer shows on the case page
without a reload) → the coordinator hands back → the assistant answers again.
Later: the person has left → the reply goes by e-mail (a real SMTP server, aiosmtpd) with only
the reply and a link → the link reopens the conversation in the widget → the person's answer
reaches the case. Every step is in the case log.

Needs chromium and chromedriver (`make browser-deps`); skipped without them, except under
CI=true, where it fails (like tests/integration/test_widget_browser.py)."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import re
import time
import uuid

import pytest
from aiosmtpd.controller import Controller
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bot.processes import Stack
from bot.settings import Settings
from bot.tickets.service import get_ticket
from bot.training import train
from tests.conftest import free_port
from tests.integration.test_inbox_e2e import PASSWORD, _add_user
from tests.integration.test_widget_browser import (
    ARTIFACTS,
    AXE,
    CHROMIUM_FLAGS,
    REFERENCE,
    _axe,
    _history,
    _in_ci,
    _say,
    _wait,
)
from tests.unit.test_notify import Collect

UNGDOM = ("ungdom",)


def _chromium(tmp_path_factory, name: str):
    import shutil

    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not chromedriver:
        message = "Nettlesertesten mangler chromium/chromedriver. Kjør `make browser-deps`."
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp(name)}")
    options.add_argument("--window-size=1280,900")
    options.add_argument("--lang=nb-NO")
    try:
        browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    except WebDriverException as error:
        if _in_ci():
            pytest.fail(f"Chromium startet ikke: {error.msg}", pytrace=False)
        pytest.skip(f"Chromium startet ikke: {error.msg}")
    browser.set_script_timeout(60)
    return browser


@pytest.fixture(scope="module")
def smtp():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def live_stack(tmp_path_factory, knowledge_db, smtp):
    """The stack of `make run` (no Redis), with the SMTP server for the later reply."""
    controller, _handler = smtp
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=free_port(),
        var_dir=tmp_path_factory.mktemp("var-live"),
        extra_env={
            "DATABASE_URL": knowledge_db,
            "EDI_COOKIE_SECURE": "false",
            "EDI_SMTP_HOST": "127.0.0.1",
            "EDI_SMTP_PORT": str(controller.port),
            "EDI_SMTP_FROM": "svar@edi.example",
            "EDI_SMTP_STARTTLS": "false",
        },
    )
    train(settings)
    running = Stack(settings)
    running.start(timeout=240, report=lambda line: None)
    try:
        yield dataclasses.replace(settings, database_url=knowledge_db)
    finally:
        running.stop()


@pytest.fixture(scope="module")
def person(tmp_path_factory):
    browser = _chromium(tmp_path_factory, "chromium-person")
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def coordinator(tmp_path_factory):
    browser = _chromium(tmp_path_factory, "chromium-coordinator")
    try:
        yield browser
    finally:
        browser.quit()


def _open_widget(driver, url: str, opens_itself: bool = False) -> None:
    """Load the page and open the chat (a reply's link opens it by itself)."""
    driver.get(url)
    _wait(driver, lambda d: d.find_element(By.ID, "edi-launcher"))
    panel = driver.find_element(By.ID, "edi-panel")
    if not opens_itself:
        driver.find_element(By.ID, "edi-launcher").click()
    _wait(driver, lambda d: panel.is_displayed(), 15, "chatten åpnet seg ikke")
    widget = driver.find_element(By.CSS_SELECTOR, "[data-edi-widget]")
    _wait(
        driver,
        lambda d: widget.get_attribute("data-connection") == "socket",
        30,
        "widgeten koblet aldri til socket.io",
    )


def _type(driver, text: str) -> None:
    field = driver.find_element(By.CSS_SELECTOR, ".edi-input")
    field.click()
    field.send_keys(text, Keys.ENTER)


def _click(driver, text: str) -> None:
    driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']").click()


def _log_text(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".edi-log").text


def _chat_on_case_page(driver) -> str:
    return driver.find_element(By.ID, "chat-messages").text


def _actions(reference: str, url: str) -> list[str]:
    return [entry.action for entry in get_ticket(reference, UNGDOM, url=url).log]


def test_a_coordinator_answers_live_and_later(live_stack, person, coordinator, smtp):
    _controller, mailbox = smtp
    web = live_stack.web_url.rstrip("/")
    url = live_stack.database_url
    username = f"kari.{uuid.uuid4().hex[:6]}"
    _add_user(url, username, "veileder")

    # The young person asks for a person, in the widget.
    _open_widget(person, web + "/")
    for message in ("kan en veileder ringe meg?", "ja", "Siri", "siri@example.com", "vil ha jobb"):
        _say(person, message)
    _say(person, "sms")
    reference = REFERENCE.search(_say(person, "ja"))
    assert reference, "ingen sak ble laget"
    reference = reference.group(0)

    # The coordinator logs in, takes the case and the chat.
    coordinator.get(web + "/inbox/login")
    coordinator.find_element(By.ID, "username").send_keys(username)
    coordinator.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    _wait(coordinator, lambda d: "/inbox" in d.current_url and "login" not in d.current_url)
    coordinator.get(f"{web}/inbox/{reference}")
    _click(coordinator, "Ta saken")
    # The page before the claim says "Personen har chatten åpen nå" too: wait for the claimed
    # page, which has the button (no race with the form's navigation).
    take = "//button[normalize-space()='Skriv i chatten']"
    _wait(coordinator, lambda d: d.find_elements(By.XPATH, take), 20, "saken ble ikke tatt")
    assert "Personen har chatten åpen nå" in coordinator.page_source
    _click(coordinator, "Skriv i chatten")
    _wait(coordinator, lambda d: "Du skriver med personen i chatten nå" in d.page_source)

    # The widget shows clearly that a person writes now.
    banner = person.find_element(By.CSS_SELECTOR, ".edi-live")
    _wait(person, lambda d: banner.is_displayed(), 15, "ingen melding om at en person skriver")
    assert banner.text == "Du skriver med Veileder Kari"
    assert "Veileder Kari skriver med deg nå." in _log_text(person)
    assert banner.get_attribute("role") == "status"

    # A live reply, labelled with role and first name.
    coordinator.find_element(By.ID, "chat-text").send_keys(
        "Hei Siri! Jeg heter Kari. Hva trenger du?"
    )
    _click(coordinator, "Send")
    _wait(person, lambda d: "Hei Siri! Jeg heter Kari." in _log_text(d), 15, "svaret kom ikke")
    human = person.find_elements(By.CSS_SELECTOR, ".edi-row-human")
    assert human and human[-1].find_element(By.CSS_SELECTOR, ".edi-human-label").text == (
        "Veileder Kari"
    )
    announced = person.find_element(By.CSS_SELECTOR, ".edi-announcer").get_attribute("textContent")
    assert "Veileder Kari: Hei Siri!" in announced, "read out through aria-live"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    person.save_screenshot(str(ARTIFACTS / "widget-live-person.png"))
    if AXE.is_file():
        assert _axe(person) == [], "axe-core: the widget in live mode"

    # The person answers; the assistant says nothing; the answer shows on the case page.
    before = len(_history(person))
    _type(person, "Jeg vil gjerne ha hjelp med CV-en, nummeret mitt er 41234567.")
    time.sleep(3)
    after = _history(person)[before:]
    assert [e["who"] for e in after] == ["user"], f"the assistant spoke: {after}"
    assert not person.find_element(By.CSS_SELECTOR, ".edi-typing").is_displayed()
    _wait(
        coordinator,
        lambda d: "Jeg vil gjerne ha hjelp med CV-en" in _chat_on_case_page(d),
        15,
        "svaret kom ikke fram på sakssiden",
    )
    shown = _chat_on_case_page(coordinator)
    assert "41234567" not in shown, "stored and shown masked"
    coordinator.save_screenshot(str(ARTIFACTS / "inbox-live-coordinator.png"))

    # Hand back to the assistant: the widget says so, and the assistant answers again.
    _click(coordinator, "Gi chatten tilbake til assistenten")
    _wait(person, lambda d: "Nå svarer assistenten igjen." in _log_text(d), 15)
    assert not banner.is_displayed()
    assert "Jobbskolen" in _say(person, "hva er jobbskolen?")

    # Later: the person closed the tab; the reply goes by e-mail with a link back.
    widget_tab = person.current_window_handle
    person.switch_to.new_window("tab")
    other_tab = person.current_window_handle
    person.switch_to.window(widget_tab)
    person.close()
    person.switch_to.window(other_tab)
    deadline = time.monotonic() + 15
    while True:
        coordinator.get(f"{web}/inbox/{reference}")
        if "Personen er ikke i chatten nå" in coordinator.page_source:
            break
        assert time.monotonic() < deadline, "the widget still counts as connected"
        time.sleep(0.5)
    coordinator.find_element(By.ID, "chat-text").send_keys("Du kan komme tirsdag kl. 10.")
    _click(coordinator, "Send")
    _wait(coordinator, lambda d: "Svaret er sendt på e-post" in d.page_source)
    deadline = time.monotonic() + 15
    while not mailbox.envelopes and time.monotonic() < deadline:
        time.sleep(0.2)
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["siri@example.com"]
    text = email.message_from_bytes(envelope.content, policy=email.policy.default)
    body = text.get_body(("plain",)).get_content()
    assert "Du kan komme tirsdag kl. 10." in body
    assert reference not in body and "vil ha jobb" not in body and "CV" not in body
    link = re.search(r"http://\S+/#samtale=[A-Za-z0-9_-]+", body).group(0)

    # The link reopens the conversation in a fresh tab; the person answers there.
    _open_widget(person, link, opens_itself=True)
    _wait(person, lambda d: "Du kan komme tirsdag kl. 10." in _log_text(d), 15)
    assert "Du har åpnet svaret fra Veileder Kari" in _log_text(person)
    assert "#samtale" not in person.current_url, "the token leaves the address bar"
    before = len(_history(person))
    _type(person, "Tirsdag passer fint!")
    _wait(person, lambda d: "Meldingen er sendt til Veileder Kari" in _log_text(d), 15)
    assert [e["who"] for e in _history(person)[before:]] == ["user", "notice"]
    coordinator.refresh()
    _wait(coordinator, lambda d: "Tirsdag passer fint!" in _chat_on_case_page(d), 15)

    actions = _actions(reference, url)
    for action in ("claimed", "took_chat", "wrote", "released", "mailed"):
        assert action in actions, (action, actions)
