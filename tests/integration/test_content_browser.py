"""The content editor and the review queue end to end (issue #19), in headless Chromium against
a real stack (action server, Rasa, web app) with its own knowledge database and a copy of the
content files:

a question the assistant cannot answer → it is in the review queue → an editor links it to a
tiltak in the browser → the same question is answered (the running action server sees the
new alias without retraining); an edit with an empty required field is refused with the field
named; an edit is previewed, saved and reverted (YAML file and database); axe-core finds no
serious violation on every new page; a `redaktør` gets 404 on a case.

Needs chromium, chromedriver and axe-core (`make browser-deps`); skipped without them except
under CI=true, where it fails."""

from __future__ import annotations

import shutil
import time
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from bot.processes import Stack
from bot.settings import Settings
from bot.tickets import service, users
from bot.training import train
from knowledge import editing
from knowledge.paths import CONTENT_DIR
from knowledge.store import replace_all
from tests.conftest import free_port
from tests.integration import test_widget_browser as widget
from tests.integration.conftest import RunningStack
from tests.integration.test_inbox_e2e import Browser
from tests.integration.test_widget_browser import _axe, _screenshot, _severe_console_errors, _wait

driver = widget.driver  # the module-scoped headless Chromium fixture (skips without a browser)

PASSWORD = "korrekt-hest-batteri-42"
QUESTION = "hva er blåbærordningen?"
ALIAS = "blåbærordningen"
ENTRY = "jobbskolen"


@pytest.fixture(scope="module")
def site(tmp_path_factory, content):
    var_dir = tmp_path_factory.mktemp("var-content")
    url = f"sqlite:///{var_dir / 'edi.db'}"
    replace_all(content, url=url)
    content_dir = var_dir / "content"
    shutil.copytree(CONTENT_DIR, content_dir)
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=free_port(),
        var_dir=var_dir,
        extra_env={
            "DATABASE_URL": url,
            "EDI_COOKIE_SECURE": "false",
            "EDI_CONTENT_DIR": str(content_dir),
            "EDI_REVIEW_NLU_FILE": str(var_dir / "review_additions.yml"),
        },
    )
    train(settings)
    running = Stack(settings)
    running.start(timeout=240, report=lambda line: None)
    try:
        yield {"stack": RunningStack(settings, running), "url": url, "content": content_dir}
    finally:
        running.stop()


def _serious(driver, page: str) -> None:
    violations = _axe(driver)
    assert violations == [], f"axe-core på {page}: {violations}"


def _login(driver, base: str, username: str) -> None:
    driver.get(base + "/inbox/login")
    assert driver.find_elements(By.ID, "username"), driver.current_url + driver.page_source[:2000]
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait(driver, lambda d: "/inbox/login" not in d.current_url, message="innloggingen feilet")


def _answer(stack: RunningStack, text: str) -> str:
    return stack.say_text(f"innhold-{uuid.uuid4().hex[:10]}", text)


def test_unanswered_question_is_linked_edit_previewed_saved_reverted(site, driver):
    stack: RunningStack = site["stack"]
    base = stack.settings.web_url.rstrip("/")
    url = site["url"]
    suffix = uuid.uuid4().hex[:6]
    editor = f"red-{suffix}"
    users.add_user(editor, PASSWORD, "redaktør", url=url)
    reference = service.create_ticket(
        "arbeidsgiver", {"name": "Per"}, {"audience": "arbeidsgiver"}, [], url=url
    )

    # 1. The assistant cannot answer the question.
    before = _answer(stack, QUESTION)
    assert "Jobbskolen" not in before, before

    # 2. It is in the review queue.
    driver.set_window_size(1280, 900)
    _login(driver, base, editor)
    assert driver.current_url.endswith("/inbox/innhold"), "en redaktør lander på innholdet"
    _serious(driver, "innholdslisten")
    driver.get(base + "/inbox/vurdering")
    _serious(driver, "vurderingskøen")
    link = _wait(
        driver,
        lambda d: next(
            (a for a in d.find_elements(By.CSS_SELECTOR, "table.groups a") if ALIAS in a.text),
            None,
        ),
        message="spørsmålet kom ikke i vurderingskøen",
    )
    link.click()
    _wait(driver, lambda d: d.find_element(By.ID, "tiltak"))
    _serious(driver, "en melding i køen")

    # 3. The editor links it to a tiltak, with the scheme's name people used as the alias.
    Select(driver.find_element(By.ID, "tiltak")).select_by_value(ENTRY)
    phrase = driver.find_element(By.ID, "phrase")
    phrase.clear()
    phrase.send_keys(ALIAS)
    driver.find_element(By.CSS_SELECTOR, "form[action$='/tiltak'] button").click()
    _wait(driver, lambda d: "Koblet til tiltaket" in d.page_source)
    assert not any(ALIAS in a.text for a in driver.find_elements(By.CSS_SELECTOR, "table.groups a"))
    assert ALIAS in (site["content"] / "ungdom_lokal.yml").read_text(encoding="utf-8")

    # 4. The same question is answered by the running assistant, without retraining.
    deadline = time.monotonic() + 40
    answer = ""
    while time.monotonic() < deadline:
        answer = _answer(stack, QUESTION)
        if "Jobbskolen" in answer:
            break
        time.sleep(2)
    assert "Jobbskolen" in answer, answer

    # 5. An edit with an empty required field is refused with the field named.
    driver.get(f"{base}/inbox/innhold/{ENTRY}")
    _serious(driver, "redigeringsskjemaet")
    summary = driver.find_element(By.ID, "f-summary")
    original_summary = summary.get_attribute("value")
    summary.clear()
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    _wait(driver, lambda d: d.find_elements(By.ID, "feil"))
    assert "Feltet «Kort beskrivelse» kan ikke være tomt." in driver.page_source
    field = driver.find_element(By.ID, "f-summary")
    assert field.get_attribute("aria-invalid") == "true"
    assert "e-summary" in field.get_attribute("aria-describedby")
    _serious(driver, "skjemaet med feil")
    _screenshot(driver, "content-edit-error.png")
    assert editing.get_entry(ENTRY, url)["summary"] == original_summary

    # 6. An edit is previewed (nothing saved), saved, then reverted.
    yaml_before = (site["content"] / "ungdom_lokal.yml").read_text(encoding="utf-8")
    driver.get(f"{base}/inbox/innhold/{ENTRY}")
    name = driver.find_element(By.ID, "f-name")
    name.clear()
    name.send_keys("Jobbskolen Plus")
    driver.find_element(By.CSS_SELECTOR, "button[value=preview]").click()
    _wait(driver, lambda d: d.find_elements(By.ID, "forhandsvisning"))
    preview = driver.find_element(By.ID, "forhandsvisning").text
    assert "Hva er Jobbskolen Plus?" in preview and "Jobbskolen Plus:" in preview
    _serious(driver, "forhåndsvisningen")
    _screenshot(driver, "content-preview.png")
    assert editing.get_entry(ENTRY, url)["name"] == "Jobbskolen"
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    _wait(driver, lambda d: "Endringen er lagret" in d.page_source)
    assert editing.get_entry(ENTRY, url)["name"] == "Jobbskolen Plus"
    assert "name: Jobbskolen Plus" in (site["content"] / "ungdom_lokal.yml").read_text(
        encoding="utf-8"
    )
    driver.find_element(By.CSS_SELECTOR, "table.log form button").click()
    _wait(driver, lambda d: "Tiltaket er tilbakestilt" in d.page_source)
    assert editing.get_entry(ENTRY, url)["name"] == "Jobbskolen"
    assert (site["content"] / "ungdom_lokal.yml").read_text(encoding="utf-8") == yaml_before
    _serious(driver, "historikken")
    # The refused edit answers 400 on purpose; anything else (a CSP violation, a script error)
    # is a failure.
    errors = [e for e in _severe_console_errors(driver) if "status of 400" not in e]
    assert errors == []

    # 7. A redaktør gets 404 on a case.
    driver.get(f"{base}/inbox/{reference}")
    assert "Fant ikke siden" in driver.page_source and "Per" not in driver.page_source
    browser = Browser(base)
    assert browser.login(editor) in (302, 303)
    assert browser.request(f"/inbox/{reference}")[0] == 404
