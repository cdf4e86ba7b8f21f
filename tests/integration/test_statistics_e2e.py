"""The statistics from the real stack: a few of the evaluation kit's conversations and a
handoff go through Rasa, and the inbox's figures (page and CSV) count them afterwards; the
statistics pages have no serious axe-core violation in headless Chromium (skipped without
chromium, chromedriver and axe-core unless CI=true, like tests/integration/test_widget_browser.py).
"""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from selenium.webdriver.common.by import By

from bot.stats import conversations, periods
from bot.stats.report import ANSWER_LABELS
from tests.heldout import scoring
from tests.heldout.cases import load_cases
from tests.integration.test_inbox_e2e import PASSWORD, Browser, _add_user, _employer_ticket
from tests.integration.test_widget_browser import (  # noqa: F401 (driver: a fixture)
    _axe,
    _say,
    _session_id,
    _wait,
    driver,
)

KIT_CASES = 6  # from the evaluation kit's crisis, youth and out-of-scope sets


@pytest.fixture(scope="module")
def admin(knowledge_db) -> str:
    name = f"stat-{uuid.uuid4().hex[:6]}"
    _add_user(knowledge_db, name, "admin")
    return name


def _table(browser: Browser, key: str, period: periods.Period) -> dict[str, list[int]]:
    status, text, headers = browser.request(
        f"/inbox/statistikk/{key}.csv?per={period.kind}&periode={period.key}"
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv"), (key, status)
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return {row[1]: [int(float(v)) if v else 0 for v in row[2:]] for row in rows}


def _figures(browser: Browser, period: periods.Period) -> dict:
    volume = _table(browser, "samtaler", period)[period.short_label]
    answers = {label: counts[0] for label, counts in _table(browser, "svartyper", period).items()}
    cases = {queue: counts[0] for queue, counts in _table(browser, "saker", period).items()}
    return {"volume": volume, "answers": answers, "cases": cases}


def _kit_cases() -> list[dict]:
    chosen = []
    for category, count in (("crisis", 2), ("tiltak_youth", 2), ("out_of_scope", 2)):
        found = [c for c in load_cases() if c.get("category") == category][:count]
        chosen.extend({k: v for k, v in case.items() if k != "_file"} for case in found)
    assert len(chosen) == KIT_CASES
    return chosen


def test_the_kits_conversations_and_a_handoff_are_counted(stack, admin):
    period = periods.period_of(periods.WEEK, periods.today())
    browser = Browser(stack.settings.web_url)
    assert browser.login(admin, PASSWORD) in (302, 303)
    before = _figures(browser, period)

    cases = _kit_cases()
    results = scoring.run_cases(cases, stack.settings.rasa_url, concurrency=1)
    assert not [t["error"] for result in results for t in result["turns"] if t["error"]]
    kit_turns = sum(len(case["turns"]) for case in cases)
    _employer_ticket(stack)  # nine messages, one case in the employer queue
    after = _figures(browser, period)

    if periods.period_of(periods.WEEK, periods.today()) != period:
        pytest.skip("the week ended during the test")
    conversations, user_messages, bot_messages = (
        a - b for a, b in zip(after["volume"], before["volume"], strict=True)
    )
    assert conversations == KIT_CASES + 1
    assert user_messages == kit_turns + 9
    assert bot_messages >= user_messages  # every message got at least one reply
    answered = {
        label: after["answers"][label] - before["answers"][label] for label in after["answers"]
    }
    assert sum(answered.values()) == user_messages  # one answer type per message
    assert answered[ANSWER_LABELS["krise"]] >= 2  # the two crisis cases
    assert answered[ANSWER_LABELS["kunnskapsbase"]] >= 1  # the youth cases
    assert after["cases"]["Arbeidsgiver"] - before["cases"]["Arbeidsgiver"] == 1

    status, page, _ = browser.request(f"/inbox/statistikk?per=uke&periode={period.key}")
    assert status == 200 and f"<h1>Statistikk – {period.label}</h1>" in page
    assert "Ingen samtaler i perioden." not in page
    for result in results:
        assert result["sender"] not in page


def test_statistics_pages_have_no_serious_axe_violation(stack, admin, driver):  # noqa: F811
    base = stack.settings.web_url.rstrip("/")
    driver.get(base + "/inbox/login")
    driver.find_element(By.ID, "username").send_keys(admin)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # The login's redirect must land before the next page is asked for (else it replaces it).
    _wait(driver, lambda d: "/inbox" in d.current_url and "login" not in d.current_url)
    pages = {
        "denne uken": "/inbox/statistikk",
        "måned": "/inbox/statistikk?per=maned",
        "tom periode": "/inbox/statistikk?per=maned&periode=2001-01",
    }
    for name, path in pages.items():
        driver.get(base + path)
        assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Statistikk"), name
        serious = _axe(driver)
        assert not serious, (name, serious)
    assert "Ingen samtaler i perioden." in driver.page_source


def test_a_vote_in_the_widget_is_counted_for_its_answer_type(stack, admin, driver):  # noqa: F811
    """The widget's `svar-N` is the answer to the N-th stored user message: a thumbs up on the
    answer to a question about a tiltak counts for «Svar fra kunnskapsbasen»."""
    period = periods.period_of(periods.WEEK, periods.today())
    browser = Browser(stack.settings.web_url)
    assert browser.login(admin, PASSWORD) in (302, 303)
    before = _table(browser, "tommel", period)

    driver.get(stack.settings.web_url)
    _wait(driver, lambda d: d.find_element(By.ID, "edi-launcher")).click()
    widget = driver.find_element(By.CSS_SELECTOR, "[data-edi-widget]")
    _wait(driver, lambda d: widget.get_attribute("data-connection") == "socket")
    _say(driver, "hei")
    _say(driver, "hva er jobbskolen?")
    vote = driver.find_element(By.CSS_SELECTOR, '.edi-turn[data-turn="svar-2"] .edi-vote-up')
    vote.click()
    _wait(driver, lambda d: vote.get_attribute("aria-pressed") == "true")
    session = _session_id(driver)

    engine = conversations.engine_for(stack.settings.tracker_url)
    types = conversations.turn_types(engine, [session])
    assert sorted(turn for _sender, turn in types) == [1, 2]
    assert types[(session, 2)] == "kunnskapsbase"
    after = _table(browser, "tommel", period)
    knowledge = ANSWER_LABELS["kunnskapsbase"]
    assert after[knowledge][0] - before.get(knowledge, [0])[0] == 1
    unknown = "Svaret er slettet eller ukjent"
    assert after[unknown][0] == before.get(unknown, [0])[0]
