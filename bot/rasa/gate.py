"""The message gate: the checks every channel (REST and socket.io) applies before a message
reaches Rasa: control characters removed, Unicode normalised, a length cap, hand-typed payloads
defused, per-sender and per-IP rate limits; and the polite answers instead of processing.
Apart from bot/rasa/channels.py, which mounts the channels, so both apply one gate."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import yaml

from bot.ops import metrics
from bot.ratelimit import RateLimiter
from bot.settings import load_settings
from bot.training import DOMAIN_DIR, load_domain, response_text

SENDER = re.compile(r"^[\w\-.:@]{1,128}\Z")
PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?\Z", re.DOTALL)
BUILT_IN_INTENTS = {"restart", "session_start", "back"}
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """NFC, no control or direction characters, trimmed."""
    return CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


def domain_intents(path: Path = DOMAIN_DIR) -> frozenset[str]:
    """The intents of the assistant (the only payloads its buttons send)."""
    try:
        return frozenset(load_domain(path).get("intents") or [])
    except (OSError, yaml.YAMLError, AttributeError):
        return frozenset()


def defuse_payload(text: str, known_intents: frozenset[str] = frozenset()) -> str:
    """Keep button payloads ("/ask_eligibility") but turn hand-typed built-in or malformed
    ones into plain text, so "/restart" cannot wipe a conversation without a word."""
    if not text.startswith("/"):
        return text
    match = PAYLOAD.match(text)
    if match is None or match["intent"] in BUILT_IN_INTENTS:
        return text.lstrip("/ ") or "?"
    if known_intents and match["intent"] not in known_intents:
        return "?"  # not a button of ours: handled as a message that was not understood
    if match["entities"]:
        try:
            entities = json.loads(match["entities"])
        except (ValueError, RecursionError):
            return text.lstrip("/ ")
        if not isinstance(entities, dict):
            return text.lstrip("/ ")
    return text


class MessageGate:
    """The checks every channel applies before a message reaches Rasa."""

    def __init__(self) -> None:
        settings = load_settings()
        self.max_chars = settings.max_message_chars
        self.per_sender = RateLimiter(settings.rate_limit_per_sender)
        self.per_ip = RateLimiter(settings.rate_limit_per_ip)
        self.intents = domain_intents()

    def check(self, sender: str, message: str, ip: str | None) -> tuple[str | None, str | None]:
        """(text to process, None) or (None, polite answer instead of processing)."""
        # The web app forwards from loopback and limits per client IP itself.
        over_ip = ip is not None and ip not in LOOPBACK and not self.per_ip.allow(ip)
        if over_ip or not self.per_sender.allow(sender):
            metrics.REFUSED.labels("rate_limit").inc()
            return None, response_text("utter_gate_slow_down")
        text = clean_text(message)
        if not text:
            metrics.REFUSED.labels("empty").inc()
            return None, response_text("utter_gate_empty")
        if len(text) > self.max_chars:
            metrics.REFUSED.labels("too_long").inc()
            return None, response_text("utter_gate_too_long", limit=self.max_chars)
        return defuse_payload(text, self.intents), None
