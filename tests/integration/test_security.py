"""Issue 14 on the real stack (action server, Rasa, web app as `make run` starts them): Rasa's
calls to the action server carry the shared secret and work, anything else is refused; Rasa's
socket.io refuses foreign pages; malformed requests to Rasa and the web app get a 400."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from bot.settings import ACTION_AUTH_HEADER

EVIL = "https://evil.example"


def _status(url: str, data: bytes | None = None, headers: dict | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_rasas_action_calls_work_and_nobody_else_can_make_a_ticket(stack):
    text = stack.say_text("sikkerhet-action-1", "Hva er Jobbskolen?")
    assert "Jobbskolen" in text  # answered by action_answer_tiltak on the action server
    call = json.dumps(
        {
            "next_action": "action_submit_handoff",
            "sender_id": "angriper",
            "tracker": {"sender_id": "angriper", "slots": {}, "events": []},
            "domain": {},
        }
    ).encode()
    webhook = stack.settings.action_url
    headers = {"Content-Type": "application/json"}
    assert _status(webhook, call, headers) == 401
    assert _status(webhook, call, {**headers, ACTION_AUTH_HEADER: "gjett"}) == 401
    health = f"http://{stack.settings.host}:{stack.settings.action_port}/health"
    assert _status(health) == 200


def test_rasas_socket_io_refuses_a_foreign_origin(stack):
    handshake = stack.settings.rasa_url + "/socket.io/?EIO=4&transport=polling"
    assert _status(handshake, headers={"Origin": EVIL}) == 400
    own = stack.settings.allowed_origins[0]
    assert _status(handshake, headers={"Origin": own}) == 200


def test_deep_json_is_a_400_on_rasa_and_the_web_app(stack):
    deep = ("[" * 5000 + "]" * 5000).encode()
    headers = {"Content-Type": "application/json"}
    assert _status(stack.settings.rasa_url + "/webhooks/rest/webhook", deep, headers) == 400
    web = stack.settings.web_url.rstrip("/")
    for path in ("/chat", "/api/rating", "/api/feedback"):
        assert _status(web + path, deep, headers) == 400, path
