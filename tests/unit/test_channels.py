from bot.rasa.gate import clean_text, defuse_payload
from bot.ratelimit import RateLimiter

INTENTS = frozenset({"ask_eligibility", "ask_tiltak", "request_human"})


def test_button_payloads_pass():
    assert defuse_payload("/ask_eligibility", INTENTS) == "/ask_eligibility"
    assert defuse_payload('/ask_tiltak{"tiltak": "jobbskolen"}', INTENTS).startswith("/ask_tiltak")


def test_hand_typed_built_in_and_unknown_payloads_become_text():
    assert defuse_payload("/restart", INTENTS) == "restart"
    assert defuse_payload("/session_start", INTENTS) == "session_start"
    assert defuse_payload('/handoff{"x":1}', INTENTS) == "?"
    assert not defuse_payload('/ask_tiltak{"tiltak": ', INTENTS).startswith("/")
    assert defuse_payload("/", INTENTS) == "?"
    assert defuse_payload("hei /restart", INTENTS) == "hei /restart"


def test_clean_text_removes_control_and_direction_characters():
    assert clean_text("\x00\x07hei\u202e ") == "hei"
    assert clean_text("e\u0301") == "é"  # NFC


def test_rate_limiter_window():
    limiter = RateLimiter(limit=3, window_seconds=10)
    assert all(limiter.allow("a", now=t) for t in (0, 1, 2))
    assert not limiter.allow("a", now=3)
    assert limiter.allow("b", now=3)
    assert limiter.allow("a", now=12.5)
    assert RateLimiter(limit=0).allow("x")
