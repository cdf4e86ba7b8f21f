"""End to end: chat → consent → form → ticket → coordinator logs in, sees, claims, closes."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from bot.settings import REPO_DIR
from bot.tickets.service import get_ticket
from tests.integration.test_guidance import SYNTHETIC_FNR, _texts

PASSWORD = "korrekt-hest-batteri-42"


class Browser:
    """A tiny cookie-keeping HTTP client for the inbox (no redirects followed)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=20) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def csrf(self, path: str) -> str:
        status, page, _ = self.request(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    def login(self, username: str, password: str = PASSWORD) -> int:
        token = self.csrf("/inbox/login")
        status, _, _ = self.request(
            "/inbox/login",
            {"csrf": token, "next": "/inbox", "username": username, "password": password},
        )
        return status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _add_user(knowledge_db: str, username: str, role: str) -> None:
    env = dict(os.environ, DATABASE_URL=knowledge_db, EDI_NEW_PASSWORD=PASSWORD)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "users", "add", username, "--role", role],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def coordinators(knowledge_db):
    suffix = uuid.uuid4().hex[:6]
    names = {"bedriftskoordinator": f"bk-{suffix}", "veileder": f"vl-{suffix}"}
    for role, name in names.items():
        _add_user(knowledge_db, name, role)
    return names


def _employer_ticket(stack) -> str:
    sender = f"e2e-{uuid.uuid4().hex[:10]}"
    for message in (
        "vi vil gjerne ha besøk av en bedriftskoordinator",
        "ja",
        "Bakeriet AS",
        "hopp over",
        "Per Hansen",
        "per@example.com",
        f"trenger en lærling, fødselsnummer {SYNTHETIC_FNR}",
        "ettermiddag",
    ):
        stack.say(sender, message)
    texts = _texts(stack.say(sender, "ja"))
    return re.search(r"EDI-\d{4}-\d{4}", " ".join(texts)).group()


def test_coordinator_works_a_ticket_from_the_chat(stack, knowledge_db, coordinators):
    reference = _employer_ticket(stack)
    browser = Browser(stack.settings.web_url)

    status, _, headers = browser.request("/inbox")
    assert status in (302, 303) and "/inbox/login" in headers["Location"]
    assert browser.login(coordinators["bedriftskoordinator"], "feil-passord-123") == 401
    assert browser.login(coordinators["bedriftskoordinator"]) in (302, 303)

    status, page, _ = browser.request("/inbox")
    assert status == 200 and reference in page
    status, page, _ = browser.request(f"/inbox/{reference}")
    assert status == 200
    assert "Bakeriet AS" in page and "per@example.com" in page
    assert SYNTHETIC_FNR not in page

    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert browser.request(f"/inbox/{reference}/claim", {"csrf": "feil"})[0] == 403
    assert browser.request(f"/inbox/{reference}/claim", {"csrf": token})[0] in (302, 303)
    assert browser.request(
        f"/inbox/{reference}/note", {"csrf": token, "text": "Ringte, avtalt møte"}
    )[0] in (302, 303)
    assert browser.request(
        f"/inbox/{reference}/close", {"csrf": token, "outcome": "Lærling formidlet"}
    )[0] in (302, 303)

    ticket = get_ticket(reference, ("arbeidsgiver",), url=knowledge_db)
    assert ticket.status == "lukket"
    assert ticket.claimed_by == coordinators["bedriftskoordinator"]
    assert ticket.outcome == "Lærling formidlet"
    assert [n.text for n in ticket.notes] == ["Ringte, avtalt møte"]


def test_inbox_refuses_other_queues(stack, coordinators):
    reference = _employer_ticket(stack)
    browser = Browser(stack.settings.web_url)
    assert browser.login(coordinators["veileder"]) in (302, 303)
    status, page, _ = browser.request("/inbox")
    # Not the reference itself: the search hint's example is a reference too (EDI-2026-0003).
    assert status == 200 and f'href="/inbox/{reference}"' not in page
    assert browser.request(f"/inbox/{reference}")[0] == 404
    # Every signed-in page has the session's token (the logout form): a claim with a valid
    # token is refused for the queue, not for the form.
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token, "no CSRF token on the inbox page"
    assert browser.request(f"/inbox/{reference}/claim", {"csrf": token.group(1)})[0] == 404


def test_inbox_refuses_access_without_login(stack, knowledge_db):
    reference = _employer_ticket(stack)
    browser = Browser(stack.settings.web_url)
    for path in ("/inbox", "/inbox/export.csv", f"/inbox/{reference}"):
        status, page, headers = browser.request(path)
        assert status == 303 and headers["Location"].startswith("/inbox/login"), path
        assert reference not in page and "Bakeriet AS" not in page, path
    status, page, _ = browser.request(f"/inbox/{reference}/close", {"outcome": "x"})
    assert status == 403 and reference not in page
    assert get_ticket(reference, ("arbeidsgiver",), url=knowledge_db).status != "lukket"
