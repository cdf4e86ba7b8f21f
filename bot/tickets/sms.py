"""SMS for a coordinator's later reply, behind one small interface.

No SMS provider is built in: a deployment that has one sets `EDI_SMS_SENDER` to
"module:Class" of a class with `send(to, text) -> bool` (made with the settings:
`Class(settings)`), e.g. a thin client of the municipality's SMS gateway. Without it the
inbox says that a phone-only contact is to be answered by phone. `RecordingSmsSender` is the
test double: it keeps what it was asked to send.
"""

from __future__ import annotations

import importlib
import logging
from typing import Protocol

from bot.settings import Settings

logger = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, to: str, text: str) -> bool:
        """Send one SMS; False (never an exception) when it did not go."""


class RecordingSmsSender:
    """Keeps every SMS instead of sending it (tests, demos): `EDI_SMS_SENDER=bot.tickets.sms:RecordingSmsSender`."""

    sent: list[tuple[str, str]] = []  # shared, so a test can read what the app sent

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def send(self, to: str, text: str) -> bool:
        RecordingSmsSender.sent.append((to, text))
        return True


def load_sms_sender(settings: Settings) -> SmsSender | None:
    """The configured sender, or None (not configured, or the class cannot be loaded)."""
    if not settings.sms_sender:
        return None
    module_name, _, class_name = settings.sms_sender.partition(":")
    try:
        sender_class = getattr(importlib.import_module(module_name), class_name)
        return sender_class(settings)
    except (ImportError, AttributeError, TypeError, ValueError):
        logger.error("EDI_SMS_SENDER %r cannot be loaded", settings.sms_sender)
        return None


def sms_text(reply: str, link: str) -> str:
    """The SMS: the reply and the link, nothing about the case."""
    return f"{reply}\n\nSvar her: {link}"
