"""The socket.io channel while a coordinator has the conversation (bot/rasa/channels.py), on a real
Sanic server (a child process) with a stand-in for Rasa that answers every message it gets:
the assistant is silent while a person has the conversation — also for "/restart" and a new
session request — the person's messages are stored masked on the case, the live endpoint
(loopback, shared secret) delivers the coordinator's message to the widget and tells whether
it is connected, and after the hand-back the assistant answers again."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bot.database import init_db
from bot.settings import LIVE_AUTH_HEADER, REPO_DIR
from bot.tickets import conversation, service
from bot.tickets.case import Case, Contact
from tests.conftest import free_port
from tests.widget_socket import WidgetSocket

SECRET = "test-live-secret-0123456789"
FNR = "02900356687"  # synthetic (month + 80), valid control digits
UNGDOM = ("ungdom",)
SERVER = """
import sys
from sanic import Sanic
from bot.rasa.channels import GuardedRestInput, GuardedSocketIOInput

app = Sanic("edi_live_test")
credentials = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered",
               "session_persistence": True}
channel = GuardedSocketIOInput.from_credentials(credentials)

async def assistant(message):  # stands in for Rasa: answers whatever reaches it
    await message.output_channel.send_response(message.sender_id, {"text": "ASSISTENT: " + message.text})

app.blueprint(channel.blueprint(assistant), url_prefix="/webhooks/socketio")
app.blueprint(GuardedRestInput().blueprint(assistant), url_prefix="/webhooks/rest")
app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, debug=False)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"
    init_db(url)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("EDI_CORS_ORIGINS", "REDIS_HOST")}
    env.update(PYTHONPATH=str(REPO_DIR), DATABASE_URL=url, EDI_LIVE_SECRET=SECRET)
    env["EDI_CORS_ORIGINS"] = f"http://127.0.0.1:{port}"  # the widget's page, here
    env.pop("EDI_REDIS_URL", None)
    process = subprocess.Popen(  # noqa: S603 - our own fixed command
        [sys.executable, "-c", SERVER, str(port)],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/webhooks/socketio/", timeout=2).close()  # noqa: S310
                break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()[-3000:]) from None
                time.sleep(0.3)
        yield {"base": base, "url": url}
    finally:
        process.terminate()
        process.wait(timeout=20)


def _live(base: str, path: str, body: dict | None = None, secret: str = SECRET):
    request = urllib.request.Request(
        base + "/webhooks/socketio/live" + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", LIVE_AUTH_HEADER: secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def _rest(base: str, sender: str, text: str) -> list[str]:
    request = urllib.request.Request(
        base + "/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return [r.get("text", "") for r in json.loads(response.read())]


def _texts(replies: list[dict]) -> list[str]:
    return [r.get("text", "") for r in replies]


def _quiet(widget: WidgetSocket, seconds: float = 2.0) -> list[dict]:
    """What arrives within `seconds` (nothing, when the assistant is silent)."""
    got = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            got.append(widget.replies.get(timeout=max(0.05, deadline - time.monotonic())))
        except queue.Empty:
            break
    return got


def test_a_person_has_the_conversation_and_the_assistant_is_silent(server):
    base, url = server["base"], server["url"]
    widget = WidgetSocket(base).open()
    session = widget.session_id
    try:
        widget.say("hei")
        assert _texts(widget.collect(first=20)) == ["ASSISTENT: hei"]

        made = Case(audience="ungdom", contact=Contact(first_name="Siri"), need="jobb")
        reference = service.open_case(made, [("bruker", "hei")], 2, url=url).reference
        conversation.link(reference, session, "socketio", url)
        service.claim(reference, "kari", UNGDOM, url=url)
        assert _live(base, f"/{session}") == (200, {"present": True})
        conversation.take_chat(reference, "kari", UNGDOM, url)

        human = {"text": "Hei, jeg er Kari.", "edi_human": {"label": "Veileder Kari"}}
        assert _live(base, "", {"session_id": session, "message": human})[0] == 200
        assert widget.collect(first=10) == [human]

        for text in (f"mitt fnr er {FNR}", "/restart", "/session_start"):
            widget.say(text)
        assert _quiet(widget) == [], "the assistant says nothing while a person has it"
        # A new session request (a reload) is told that a person still has it.
        widget.sio.emit("session_request", {"session_id": session})
        assert widget.collect(first=10) == [
            {"edi_live": {"state": "start", "label": "Veileder Kari", "quiet": True}}
        ]
        stored = conversation.messages(reference, UNGDOM, url)
        assert [m.sender for m in stored] == ["person"] * 3
        assert FNR not in stored[0].text and "mitt fnr er" in stored[0].text
        assert [m.text for m in stored[1:]] == ["restart", "session_start"]

        # The REST fallback (the widget without socket.io) is held the same way.
        assert _rest(base, session, "er du der?") == ["Meldingen er sendt til Veileder Kari."]
        assert conversation.messages(reference, UNGDOM, url)[-1].text == "er du der?"

        conversation.release(reference, "kari", UNGDOM, url)
        assert _rest(base, session, "hallo") == ["ASSISTENT: hallo"]
        widget.say("hei igjen")
        assert _texts(widget.collect(first=20)) == ["ASSISTENT: hei igjen"]
    finally:
        widget.close()
    time.sleep(0.5)
    assert _live(base, f"/{session}") == (200, {"present": False}), "gone after disconnect"


def test_the_live_endpoint_needs_the_secret_and_a_clean_message(server):
    base = server["base"]
    assert _live(base, "/abcdefabcdefabcdefabcdef", secret="wrong")[0] == 403
    body = {"session_id": "abcdefabcdefabcdefabcdef", "message": {"text": "x"}}
    assert _live(base, "", body, secret="")[0] == 403
    assert _live(base, "", {**body, "message": {"text": "x", "room": "other"}})[0] == 400
    assert _live(base, "", {**body, "session_id": "../x"})[0] == 400
    assert _live(base, "", body)[0] == 200


def test_a_forgotten_live_chat_hands_back_on_the_next_message(server):
    import datetime as dt

    from sqlalchemy import update

    from bot.tickets.models import CaseConversation, utcnow
    from knowledge.database import session_scope

    base, url = server["base"], server["url"]
    widget = WidgetSocket(base).open()
    try:
        made = Case(audience="ungdom", contact=Contact(first_name="Siri"), need="jobb")
        reference = service.open_case(made, [("bruker", "hei")], 2, url=url).reference
        conversation.link(reference, widget.session_id, "socketio", url)
        service.claim(reference, "kari", UNGDOM, url=url)
        conversation.take_chat(reference, "kari", UNGDOM, url)
        widget.say("er du der?")
        assert _quiet(widget) == []
        idle_since = utcnow() - conversation.LIVE_IDLE - dt.timedelta(minutes=1)
        with session_scope(url) as session:
            session.execute(
                update(CaseConversation)
                .where(CaseConversation.conversation_id == widget.session_id)
                .values(changed_at=idle_since)
            )
        widget.say("hallo?")
        assert widget.collect(first=20) == [
            {"edi_live": {"state": "end", "label": ""}},
            {"text": "ASSISTENT: hallo?"},
        ]
    finally:
        widget.close()
