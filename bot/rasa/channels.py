"""GuardedRestInput: Rasa's REST channel with the checks a public endpoint needs.

- strict JSON and UTF-8, clear 400s in Norwegian for malformed requests;
- control characters removed, Unicode normalised, a length cap with a polite answer;
- hand-typed payloads for Rasa's built-in intents (/restart, /session_start, /back) and
  malformed payloads are treated as plain text;
- per-sender and per-IP rate limits answered politely (429);
- never an empty reply: when nothing came back (e.g. the action server is down) the user
  is told to try again.
Configured in credentials.yml; it keeps the URL /webhooks/rest/webhook.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.rasa.gate import (
    LOOPBACK,
    SENDER,
    MessageGate,
)
from bot.rasa.turns import (
    _agent,
    held,
    prepare_holds,
    run_unless_held,
)
from bot.training import response_text

logger = logging.getLogger(__name__)


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        super().__init__()
        self.gate = MessageGate()

    @classmethod
    def from_credentials(cls, credentials):  # noqa: ARG003 - nothing to configure
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)
        prepare_holds()

        @webhook.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            try:
                body = json.loads(request.body.decode("utf-8", errors="strict"))
            except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: too deep
                return response.json({"error": response_text("utter_gate_bad_request")}, status=400)
            if not isinstance(body, dict):
                return response.json({"error": response_text("utter_gate_bad_request")}, status=400)
            sender, message = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not SENDER.match(sender):
                return response.json({"error": response_text("utter_gate_bad_request")}, status=400)
            if not isinstance(message, str):
                return response.json({"error": response_text("utter_gate_bad_request")}, status=400)

            def reply(text: str, status: int = 200):
                return response.json([{"recipient_id": sender, "text": text}], status=status)

            text, answer = self.gate.check(sender, message, request.remote_addr or request.ip)
            if answer:
                return reply(
                    answer, status=429 if answer == response_text("utter_gate_slow_down") else 200
                )
            collector = CollectingOutputChannel()
            held_by: list = []

            async def to_person(hold, stored) -> bool:
                if hold is not None and hold.mode != "avsluttet":  # a person has it
                    held_by.append(hold)
                    return True
                return False

            await run_unless_held(
                on_new_message,
                UserMessage(text, collector, sender, input_channel="rest"),
                to_person,
                getattr(request.app.ctx, "agent", None),
            )
            if held_by:
                return reply(
                    response_text(
                        "utter_gate_sent_to_person", label=held_by[0].label or "veilederen"
                    )
                )
            if not any(m.get("text") or m.get("buttons") for m in collector.messages):
                return reply(response_text("utter_gate_no_reply"))
            return response.json(collector.messages)

        return webhook


def restrict_origins(sio, origins) -> None:
    """Let only pages from `origins` open a socket.io connection (polling or websocket).

    Rasa 3.6 builds its AsyncServer with `cors_allowed_origins=[]`, which switches engineio's
    Origin check off: any site could talk to the assistant from a visitor's browser, past
    EDI_CORS_ORIGINS. Here engineio checks the Origin header against the same allow-list as the
    web app and `--cors` (a request without Origin, i.e. not from a browser page, passes). The
    CORS headers themselves still come from Rasa's Sanic CORS (`--cors`, the same list):
    engineio adding its own would send Access-Control-Allow-Origin twice."""
    allowed = frozenset(origin.lower().rstrip("/") for origin in origins)

    def origin_allowed(origin, environ=None) -> bool:  # noqa: ARG001 - engineio's signature
        return isinstance(origin, str) and origin.lower().rstrip("/") in allowed

    sio.eio.cors_allowed_origins = origin_allowed
    sio.eio._cors_headers = lambda environ: []


def allowed_origins() -> tuple[str, ...]:
    """The allow-list of the settings (EDI_CORS_ORIGINS, else the web app's own origin)."""
    from bot.settings import load_settings

    return load_settings().allowed_origins


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel (the web widget) with the same gate as the REST channel, open
    only to pages from the allow-list (`restrict_origins`), and shared across processes through
    Redis when one is configured (`bot.rasa.live.share_across_processes`)."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        gate = MessageGate()

        async def guarded(message: UserMessage) -> None:
            output = message.output_channel
            sender = str(message.sender_id or "")[:128]
            raw = message.text if isinstance(message.text, str) else ""
            text, answer = gate.check(sender, raw, None)
            if answer:
                await output.send_text_message(sender, answer)
                return
            message.text = text
            observed = await run_unless_held(on_new_message, message, self.to_person, _agent())
            if observed is not None and observed.sent == 0:
                await output.send_text_message(sender, response_text("utter_gate_no_reply"))

        blueprint = super().blueprint(guarded)
        restrict_origins(self.sio, allowed_origins())
        from bot.rasa.live import Presence, redis_url, share_across_processes

        share_across_processes(self.sio)
        prepare_holds()
        self.presence = Presence(redis_url())
        self._keep_presence()
        self._live_routes(blueprint)
        return blueprint

    async def to_person(self, hold, stored: bool) -> bool:
        """While a coordinator has the conversation (bot.tickets.conversation), the message went
        to the case, not to Rasa: the assistant stays silent, whatever the message (a restart
        payload, a new session, a form's question). True when it went to the case; the widget
        is told where it went, or that the assistant answers again."""
        from bot.rasa.live import live_notice

        if hold is None:
            return False
        sender = hold.conversation_id
        if hold.mode == "avsluttet":  # the live chat was left idle: the assistant answers again
            await self.sio.emit(
                self.bot_message_evt, live_notice("end"), room=sender, namespace="/"
            )
            return False
        if stored and hold.mode == "venter":  # nobody reads it live: say where it went
            await self.sio.emit(
                self.bot_message_evt, live_notice("waiting", hold.label), room=sender, namespace="/"
            )
        return True

    def _keep_presence(self) -> None:
        """Wrap Rasa's session_request and disconnect handlers: a widget that asks for its
        session is present (and is told when a person has its conversation); one that
        disconnects is gone."""
        from bot.rasa.live import live_notice

        handlers = self.sio.handlers[self.namespace or "/"]
        session_request, disconnect = handlers["session_request"], handlers["disconnect"]

        async def on_session_request(sid, data):
            await session_request(sid, data)
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session_id, str) or not session_id:
                return
            await self.presence.joined(sid, session_id)
            hold = await held(session_id)
            if hold is not None:  # a reload or a reopened link: the widget learns who answers
                state = {"live": "start", "venter": "waiting"}.get(hold.mode, "end")
                notice = live_notice(state, hold.label)
                notice["edi_live"]["quiet"] = True  # no "your message was sent" here
                await self.sio.emit(self.bot_message_evt, notice, room=sid)

        async def on_disconnect(sid, *args):
            await self.presence.left(sid)
            await disconnect(sid, *args)

        handlers["session_request"], handlers["disconnect"] = on_session_request, on_disconnect

    def _live_routes(self, blueprint: Blueprint) -> None:
        """The web app's way in (one process without Redis): POST /webhooks/socketio/live sends
        a coordinator's message or a notice to a conversation; GET …/live/<id> tells whether a
        widget of it is connected. Loopback only, with the shared secret (never public: nginx
        answers 404 for /webhooks/ except the REST webhook)."""
        import hmac

        from bot.settings import LIVE_AUTH_HEADER, live_secret, load_settings

        secret = live_secret(load_settings())

        def allowed(request: Request) -> bool:
            given = request.headers.get(LIVE_AUTH_HEADER, "")
            remote = request.remote_addr or request.ip
            return remote in LOOPBACK and hmac.compare_digest(given.encode(), secret.encode())

        @blueprint.route("/live", methods=["POST"])
        async def live_send(request: Request):
            if not allowed(request):
                return response.json({"error": "forbidden"}, status=403)
            try:
                body = json.loads(request.body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                return response.json({"error": response_text("utter_gate_bad_request")}, status=400)
            session_id = body.get("session_id") if isinstance(body, dict) else None
            message = body.get("message") if isinstance(body, dict) else None
            if not isinstance(session_id, str) or not SENDER.match(session_id):
                return response.json({"error": response_text("utter_gate_bad_request")}, status=400)
            if not isinstance(message, dict) or not set(message) <= LIVE_MESSAGE_KEYS:
                return response.json({"error": response_text("utter_gate_bad_request")}, status=400)
            await self.sio.emit(self.bot_message_evt, message, room=session_id, namespace="/")
            return response.json({"ok": True})

        @blueprint.route("/live/<session_id>", methods=["GET"])
        async def live_presence(request: Request, session_id: str):
            if not allowed(request):
                return response.json({"error": "forbidden"}, status=403)
            if not SENDER.match(session_id):
                return response.json({"error": response_text("utter_gate_bad_request")}, status=400)
            return response.json({"present": await self.presence.is_present(session_id)})


LIVE_MESSAGE_KEYS = frozenset({"text", "edi_human", "edi_live"})
