"""Coordinators answer the person (issue #18, item 4), without Rasa: the case's conversation
(bot/tickets/conversation.py), the case page's routes (bot/web/case_reply.py) with a recording
live link in place of Rasa's socket.io, the later reply by e-mail to a real SMTP server
(aiosmtpd) and by SMS (the test double), and the link that reopens the conversation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher

from bot.rasa.live import LINK_KEY
from bot.settings import Settings
from bot.tickets import conversation, service, users
from bot.tickets.case import Case, Contact
from bot.tickets.models import utcnow
from bot.tickets.service import TicketError
from bot.tickets.sms import RecordingSmsSender
from bot.web.app import create_app
from tests.conftest import free_port
from tests.unit.test_inbox import PASSWORD, logged_in
from tests.unit.test_notify import Collect

SESSION = "0123456789abcdef0123456789abcdef"
FNR = "02900356687"  # synthetic (month + 80), valid control digits
UNGDOM = ("ungdom",)


class RecordingLink:
    """Stands in for Rasa's socket.io (bot.rasa.live.RasaLiveLink / RedisLiveLink)."""

    def __init__(self, present: bool = True) -> None:
        self.is_present = present
        self.sent: list[tuple[str, dict]] = []

    async def present(self, session_id: str) -> bool:
        return self.is_present

    async def send(self, session_id: str, message: dict) -> bool:
        self.sent.append((session_id, message))
        return True

    async def close(self) -> None:
        return None


@pytest.fixture
def case(tmp_path, monkeypatch):
    monkeypatch.setattr(
        users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(users, "_dummy_hash", None)
    url = f"sqlite:///{tmp_path / 'reply.db'}"
    users.add_user("kari.nordmann", PASSWORD, "veileder", url=url)
    users.add_user("vilde", PASSWORD, "veileder", url=url)
    users.add_user("bjorn", PASSWORD, "bedriftskoordinator", url=url)

    def make(contact_info: str = "siri@example.no") -> str:
        person = Contact(first_name="Siri", contact_info=contact_info)
        made = Case(audience="ungdom", contact=person, need="vil ha jobb")
        reference = service.open_case(made, [("bruker", "hei")], 2, url=url).reference
        conversation.link(reference, SESSION, "socketio", url)
        return reference

    settings = dataclasses.replace(Settings(), database_url=url, cookie_secure=False)
    return {"url": url, "make": make, "settings": settings}


def _log(reference: str, url: str) -> list[tuple[str, str]]:
    ticket = service.get_ticket(reference, UNGDOM, url=url)
    return [(entry.actor, entry.action) for entry in ticket.log]


# -- the case's conversation ------------------------------------------------------------------
def test_a_taken_chat_holds_the_conversation_until_it_is_released(case):
    url = case["url"]
    reference = case["make"]()
    assert conversation.hold_for(SESSION, url) is None
    with pytest.raises(TicketError, match="Ta saken først"):
        conversation.take_chat(reference, "kari.nordmann", UNGDOM, url)
    service.claim(reference, "kari.nordmann", UNGDOM, url=url)
    hold = conversation.take_chat(reference, "kari.nordmann", UNGDOM, url)
    assert hold.label == "Veileder Kari" and hold.mode == "live"
    assert conversation.hold_for(SESSION, url) == hold

    conversation.write(reference, "kari.nordmann", f"Hei! Ring {FNR}?", UNGDOM, url=url)
    conversation.record_from_person(SESSION, f"ja, mitt nummer er {FNR}", url=url)
    conversation.write(reference, "kari.nordmann", "Takk.", UNGDOM, url=url)
    stored = conversation.messages(reference, UNGDOM, url)
    assert [(m.sender, m.label) for m in stored] == [
        ("koordinator", "Veileder Kari"),
        ("person", "Personen"),
        ("koordinator", "Veileder Kari"),
    ]
    assert all(FNR not in m.text for m in stored), "every message is stored masked"
    assert "ja, mitt nummer er" in stored[1].text

    assert conversation.release(reference, "kari.nordmann", UNGDOM, url) == SESSION
    assert conversation.hold_for(SESSION, url) is None
    assert conversation.record_from_person(SESSION, "hallo?", url=url) is None
    assert _log(reference, url)[-5:] == [
        ("kari.nordmann", "claimed"),
        ("kari.nordmann", "took_chat"),
        ("kari.nordmann", "wrote"),
        ("kari.nordmann", "wrote"),
        ("kari.nordmann", "released"),
    ]


def test_only_the_coordinator_who_has_the_chat_writes_in_it_and_closing_ends_the_hold(case):
    url = case["url"]
    reference = case["make"]()
    service.claim(reference, "kari.nordmann", UNGDOM, url=url)
    with pytest.raises(TicketError, match="Ta over chatten først"):
        conversation.write(reference, "kari.nordmann", "hei", UNGDOM, url=url)
    conversation.take_chat(reference, "kari.nordmann", UNGDOM, url)
    with pytest.raises(TicketError, match="Ta saken først"):
        conversation.write(reference, "vilde", "hei", UNGDOM, url=url)
    with pytest.raises(TicketError, match="Fant ikke saken"):
        conversation.take_chat(reference, "bjorn", ("arbeidsgiver",), url)
    service.close(reference, "kari.nordmann", "Avtalt møte", UNGDOM, url=url)
    assert conversation.hold_for(SESSION, url) is None, "a closed case holds nothing"


def test_anonymising_removes_the_chat(case):
    url = case["url"]
    reference = case["make"]()
    service.claim(reference, "kari.nordmann", UNGDOM, url=url)
    conversation.take_chat(reference, "kari.nordmann", UNGDOM, url)
    conversation.write(reference, "kari.nordmann", "Hei", UNGDOM, url=url)
    service.close(reference, "kari.nordmann", "ferdig", UNGDOM, url=url)
    later = utcnow() + dt.timedelta(days=200)
    assert service.anonymise_closed(90, url=url, now=later) == 1
    assert conversation.messages(reference, UNGDOM, url) == []
    assert conversation.chat_state(reference, UNGDOM, url) is None


def test_a_reopen_link_expires_and_dies_with_the_case(case):
    url = case["url"]
    reference = case["make"]()
    token = conversation.new_reopen_token(reference, 2, url)
    assert conversation.reopen(token, url).conversation_id == SESSION
    assert conversation.reopen(token, url, now=utcnow() + dt.timedelta(hours=3)) is None
    assert conversation.reopen("x" * 30, url) is None
    assert conversation.reopen("../../etc", url) is None
    service.claim(reference, "kari.nordmann", UNGDOM, url=url)
    conversation.write(reference, "kari.nordmann", "Hei", UNGDOM, way="e-post", url=url)
    assert conversation.hold_for(SESSION, url).mode == "venter"
    expired = utcnow() - dt.timedelta(minutes=1)
    conversation.new_reopen_token(reference, 2, url, now=expired - dt.timedelta(hours=2))
    assert conversation.hold_for(SESSION, url) is None, "the wait ends with the link"
    service.close(reference, "vilde", "ferdig", UNGDOM, url=url)
    assert conversation.reopen(token, url) is None


# -- the case page's routes -------------------------------------------------------------------
def run_with_link(settings: Settings, link: RecordingLink, check) -> None:
    import asyncio

    async def main():
        app = create_app(settings)

        async def fake_link(app):
            app[LINK_KEY] = link

        app.on_startup.append(fake_link)  # after setup_live's own: replaces the Rasa link
        client = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        try:
            await check(client)
        finally:
            await client.close()

    asyncio.run(main())


async def _post(client, path: str, csrf: str, **fields):
    return await client.post(path, data={"csrf": csrf, **fields}, allow_redirects=False)


def test_live_take_write_answer_release_from_the_case_page(case):
    url = case["url"]
    reference = case["make"]()
    link = RecordingLink(present=True)
    base = f"/inbox/{reference}"

    async def check(client):
        csrf = await logged_in(client, "kari.nordmann")
        page = await (await client.get(base)).text()
        assert "Samtale med personen" in page and "Ta saken for å skrive" in page
        refused = await _post(client, f"{base}/chat/take", csrf)
        assert refused.status == 400 and "Ta saken først" in await refused.text()
        assert (await _post(client, f"{base}/claim", csrf)).status == 303
        page = await (await client.get(base)).text()
        assert "Personen har chatten åpen nå" in page and "Skriv i chatten" in page
        no_csrf = await client.post(f"{base}/chat/take", data={}, allow_redirects=False)
        assert no_csrf.status == 403
        early = await _post(client, f"{base}/chat/write", csrf, text="Hei?")
        assert early.status == 400 and "Skriv i chatten" in await early.text()
        assert link.sent == [] and conversation.messages(reference, UNGDOM, url) == []

        assert (await _post(client, f"{base}/chat/take", csrf)).status == 303
        assert link.sent[-1] == (
            SESSION,
            {"edi_live": {"state": "start", "label": "Veileder Kari"}},
        )
        assert (
            await _post(client, f"{base}/chat/write", csrf, text="Hei, jeg heter Kari.")
        ).status == 303
        assert link.sent[-1] == (
            SESSION,
            {"text": "Hei, jeg heter Kari.", "edi_human": {"label": "Veileder Kari"}},
        )
        # The person answers (the socket.io channel stores it, bot/rasa/channels.py).
        conversation.record_from_person(SESSION, f"Hei! {FNR}", url=url)
        body = await (await client.get(f"{base}/chat/messages.json?after=0")).json()
        assert [m["label"] for m in body["messages"]] == ["Veileder Kari", "Personen"]
        assert FNR not in body["messages"][1]["text"]
        first = body["messages"][0]["id"]
        newer = await (await client.get(f"{base}/chat/messages.json?after={first}")).json()
        assert [m["sender"] for m in newer["messages"]] == ["person"]
        page = await (await client.get(base)).text()
        assert "Du skriver med personen i chatten nå" in page and "Hei, jeg heter Kari." in page

        assert (await _post(client, f"{base}/chat/release", csrf)).status == 303
        assert link.sent[-1] == (SESSION, {"edi_live": {"state": "end", "label": ""}})
        assert conversation.hold_for(SESSION, url) is None

    run_with_link(case["settings"], link, check)
    actions = [action for _actor, action in _log(reference, url)]
    chat_steps = [a for a in actions if a in {"took_chat", "wrote", "released"}]
    assert chat_steps == ["took_chat", "wrote", "released"]


def test_another_queue_sees_nothing_and_closing_hands_back(case):
    url = case["url"]
    reference = case["make"]()
    link = RecordingLink(present=True)
    base = f"/inbox/{reference}"

    async def other_queue(client):
        csrf = await logged_in(client, "bjorn")
        assert (await _post(client, f"{base}/chat/take", csrf)).status == 404
        assert (await client.get(f"{base}/chat/messages.json")).status == 404

    run_with_link(case["settings"], link, other_queue)

    async def close(client):
        csrf = await logged_in(client, "kari.nordmann")
        await _post(client, f"{base}/claim", csrf)
        await _post(client, f"{base}/chat/take", csrf)
        closed = await _post(client, f"{base}/close", csrf, outcome="Avtalt møte")
        assert closed.status == 303
        assert link.sent[-1] == (SESSION, {"edi_live": {"state": "end", "label": ""}})

    run_with_link(case["settings"], link, close)
    assert conversation.hold_for(SESSION, url) is None


@pytest.fixture
def smtp_server():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def test_the_later_reply_goes_by_email_with_a_link_that_reopens_the_conversation(case, smtp_server):
    controller, handler = smtp_server
    url = case["url"]
    reference = case["make"]("siri@example.no")
    settings = dataclasses.replace(
        case["settings"],
        smtp_host="127.0.0.1",
        smtp_port=controller.port,
        smtp_from="svar@edi.example",
        smtp_starttls=False,
        smtp_timeout_seconds=5,
        public_url="https://edi.example/",
    )
    link = RecordingLink(present=False)
    base = f"/inbox/{reference}"
    reply = "Hei Siri! Du kan komme på kontoret tirsdag kl. 10."

    async def check(client):
        csrf = await logged_in(client, "kari.nordmann")
        await _post(client, f"{base}/claim", csrf)
        page = await (await client.get(base)).text()
        assert "Personen er ikke i chatten nå" in page and "Skriv i chatten" not in page
        sent = await _post(client, f"{base}/chat/write", csrf, text=reply)
        assert sent.status == 303 and "svar=e-post" in sent.headers["Location"]
        assert link.sent == [], "nothing goes to a widget that is not there"

        assert len(handler.envelopes) == 1
        envelope = handler.envelopes[0]
        assert envelope.rcpt_tos == ["siri@example.no"]
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(("plain",)).get_content()
        assert reply in text and "Veileder Kari" in text
        for detail in (reference, "vil ha jobb", "ungdom", "Siri@"):
            assert detail not in text + str(message["Subject"]), detail
        token = re.search(r"https://edi\.example/#samtale=([A-Za-z0-9_-]+)", text).group(1)

        # The widget opens the link: the conversation and the case's messages come back.
        opened = await client.post("/api/reopen", json={"token": token})
        assert opened.status == 200
        body = await opened.json()
        assert body["session_id"] == SESSION
        assert body["messages"] == [
            {"from": "koordinator", "label": "Veileder Kari", "text": reply}
        ]
        assert (await client.post("/api/reopen", json={"token": "y" * 32})).status == 404
        assert (await client.post("/api/reopen", data="nope")).status == 400

        # The person's answer goes to the case (the conversation waits for it).
        hold = conversation.hold_for(SESSION, url)
        assert hold is not None and hold.mode == "venter" and hold.label == "Veileder Kari"
        conversation.record_from_person(SESSION, "Det passer fint!", url=url)
        page = await (await client.get(base)).text()
        assert "Det passer fint!" in page and "(e-post)" in page

    run_with_link(settings, link, check)
    assert ("kari.nordmann", "mailed") in _log(reference, url)


def test_the_later_reply_goes_by_sms_through_the_pluggable_sender_or_not_at_all(case):
    url = case["url"]
    reference = case["make"]("41234567")
    base = f"/inbox/{reference}"
    RecordingSmsSender.sent.clear()

    async def without_sender(client):
        csrf = await logged_in(client, "kari.nordmann")
        await _post(client, f"{base}/claim", csrf)
        refused = await _post(client, f"{base}/chat/write", csrf, text="Hei!")
        assert refused.status == 400 and "Ring personen" in await refused.text()

    run_with_link(case["settings"], RecordingLink(present=False), without_sender)
    assert conversation.messages(reference, UNGDOM, url) == [], "nothing stored that did not go"

    settings = dataclasses.replace(
        case["settings"],
        sms_sender="bot.tickets.sms:RecordingSmsSender",
        public_url="https://edi.example",
    )

    async def with_sender(client):
        csrf = await logged_in(client, "kari.nordmann")
        sent = await _post(client, f"{base}/chat/write", csrf, text="Hei! Passer tirsdag?")
        assert sent.status == 303 and "svar=sms" in sent.headers["Location"]

    run_with_link(settings, RecordingLink(present=False), with_sender)
    [(to, text)] = RecordingSmsSender.sent
    assert to == "41234567"
    assert text.startswith("Hei! Passer tirsdag?") and "https://edi.example/#samtale=" in text
    assert reference not in text
    assert ("kari.nordmann", "texted") in _log(reference, url)


def test_the_labels_name_role_and_first_name():
    assert conversation.label_for("kari.nordmann", "ungdom") == "Veileder Kari"
    assert conversation.label_for("ola-2", "arbeidsgiver") == "Bedriftskoordinator Ola"


def test_a_forgotten_live_chat_ends_by_itself(case):
    url = case["url"]
    reference = case["make"]()
    service.claim(reference, "kari.nordmann", UNGDOM, url=url)
    conversation.take_chat(reference, "kari.nordmann", UNGDOM, url)
    conversation.write(reference, "kari.nordmann", "Hei!", UNGDOM, url=url)
    soon = utcnow() + conversation.LIVE_IDLE - dt.timedelta(minutes=1)
    assert conversation.hold_for(SESSION, url, now=soon).mode == "live"
    later = utcnow() + conversation.LIVE_IDLE + dt.timedelta(minutes=1)
    ended = conversation.hold_for(SESSION, url, now=later)
    assert ended.mode == conversation.ENDED, "once, so the widget can be told"
    assert conversation.hold_for(SESSION, url, now=later) is None
    assert conversation.record_from_person(SESSION, "hallo?", url=url) is None
    assert _log(reference, url)[-1] == ("(assistenten)", "released")


class FailingSms:
    """An SMS sender that breaks (a gateway down): the coordinator gets a message."""

    def __init__(self, settings) -> None:
        self.settings = settings

    def send(self, to: str, text: str) -> bool:
        raise ConnectionError("gateway down")


def test_a_failing_sms_sender_is_a_message_not_a_traceback(case):
    url = case["url"]
    reference = case["make"]("41234567")
    base = f"/inbox/{reference}"
    settings = dataclasses.replace(
        case["settings"], sms_sender="tests.unit.test_case_reply:FailingSms"
    )

    async def check(client):
        csrf = await logged_in(client, "kari.nordmann")
        await _post(client, f"{base}/claim", csrf)
        failed = await _post(client, f"{base}/chat/write", csrf, text="Hei!")
        assert failed.status == 400 and "Svaret ble ikke sendt" in await failed.text()

    run_with_link(settings, RecordingLink(present=False), check)
    assert conversation.messages(reference, UNGDOM, url) == [], "nothing stored that did not go"
    assert "texted" not in [action for _actor, action in _log(reference, url)]
