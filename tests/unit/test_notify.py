"""The new-ticket e-mail, sent to a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import logging

import pytest
from aiosmtpd.controller import Controller

from bot.settings import Settings
from bot.tickets import service
from bot.tickets.notify import notify_new_ticket
from tests.conftest import free_port

CONTACT = {"name": "Siri Ungdom", "phone": "41234567", "email": "siri@example.no"}


class Collect:
    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def _settings(port: int, **changes) -> Settings:
    values = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_from": "innboks@edi.example",
        "notify_to": ("koordinator@edi.example", "veileder@edi.example"),
        "smtp_starttls": False,
        "smtp_timeout_seconds": 5,
        "public_url": "https://edi.example/",
    }
    return dataclasses.replace(Settings(), **{**values, **changes})


def test_the_email_names_reference_and_queue_and_no_personal_data(smtp_server, tmp_path):
    controller, handler = smtp_server
    url = f"sqlite:///{tmp_path / 'notify.db'}"
    reference = service.create_ticket(
        "ungdom",
        CONTACT,
        {"audience": "ungdom", "tiltak": ["Arbeidstrening"]},
        [("bruker", "Jeg heter Siri Ungdom")],
        url=url,
    )
    settings = _settings(controller.port, database_url=url)
    assert notify_new_ticket(reference, "ungdom", settings) is True
    [envelope] = handler.envelopes
    assert envelope.mail_from == "innboks@edi.example"
    assert envelope.rcpt_tos == ["koordinator@edi.example", "veileder@edi.example"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    body = message.get_content()
    assert reference in message["Subject"] and "ungdom" in message["Subject"]
    assert reference in body and "ungdom" in body
    assert f"https://edi.example/inbox/{reference}" in body
    headers = " ".join(str(value) for value in message.values())
    for secret in [*CONTACT.values(), "Arbeidstrening"]:
        assert secret not in body and secret not in headers


def test_not_configured_returns_false_and_logs(caplog):
    caplog.set_level(logging.INFO, logger="bot.tickets.notify")
    assert notify_new_ticket("EDI-2026-0001", "ungdom", Settings()) is False
    assert "not configured" in caplog.text
    partly = dataclasses.replace(Settings(), smtp_host="127.0.0.1", smtp_from="a@b.example")
    assert notify_new_ticket("EDI-2026-0001", "ungdom", partly) is False


def test_failures_return_false_and_never_raise(smtp_server, caplog):
    controller, handler = smtp_server
    caplog.set_level(logging.WARNING, logger="bot.tickets.notify")
    nobody_listens = _settings(free_port())
    assert notify_new_ticket("EDI-2026-0001", "ungdom", nobody_listens) is False
    # the test server offers neither STARTTLS nor AUTH
    assert (
        notify_new_ticket("EDI-2026-0001", "ungdom", _settings(controller.port, smtp_starttls=True))
        is False
    )
    with_login = _settings(controller.port, smtp_user="bruker", smtp_password="hemmelig")
    assert notify_new_ticket("EDI-2026-0001", "ungdom", with_login) is False
    assert (
        notify_new_ticket("EDI-2026-0001\nBcc: x@y", "ungdom", _settings(controller.port)) is False
    )
    assert handler.envelopes == []
    assert "failed" in caplog.text and "hemmelig" not in caplog.text
