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

import asyncio
import json
import logging
import re
import time
import unicodedata
import weakref
from collections.abc import Awaitable, Callable
from pathlib import Path

import yaml
from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.ops import metrics
from bot.ratelimit import RateLimiter
from bot.settings import load_settings
from bot.training import DOMAIN_DIR, load_domain

logger = logging.getLogger(__name__)

SENDER = re.compile(r"^[\w\-.:@]{1,128}\Z")
PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?\Z", re.DOTALL)
BUILT_IN_INTENTS = {"restart", "session_start", "back"}
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

TOO_LONG = "Meldingen er for lang. Skriv høyst {limit} tegn, så svarer jeg."
EMPTY = "Skriv en melding, så svarer jeg. Du kan for eksempel spørre «Hva er Jobbskolen?»."
NO_REPLY = (
    "Beklager, jeg får ikke svart akkurat nå. Prøv igjen om litt, eller skriv "
    "«snakk med en person» senere."
)
SLOW_DOWN = "Du sender mange meldinger veldig raskt. Vent litt, og prøv igjen."
SENT_TO_PERSON = "Meldingen er sendt til {label}."
BAD_REQUEST = "Forespørselen kunne ikke leses. Send JSON med «sender» og «message»."


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
            return None, SLOW_DOWN
        text = clean_text(message)
        if not text:
            metrics.REFUSED.labels("empty").inc()
            return None, EMPTY
        if len(text) > self.max_chars:
            metrics.REFUSED.labels("too_long").inc()
            return None, TOO_LONG.format(limit=self.max_chars)
        return defuse_payload(text, self.intents), None


async def handle_safely(
    on_new_message: Callable[[UserMessage], Awaitable[None]], message: UserMessage
) -> None:
    """Run Rasa on a message; a failure is logged (masked), never shown."""
    try:
        await on_new_message(message)
    except Exception:  # noqa: BLE001 - the user must get an answer, never a traceback
        metrics.ERRORS.labels("rasa").inc()
        logger.exception("message handling failed")


async def handle_observed(
    on_new_message: Callable[[UserMessage], Awaitable[None]], message: UserMessage
) -> ObservedOutput:
    """`handle_safely` with the message counted and timed, and its replies classified
    (bot/ops/metrics.py). Returns the output channel that saw the replies."""
    channel = message.input_channel or "?"
    observed = ObservedOutput(message.output_channel)
    message.output_channel = observed
    metrics.MESSAGES.labels(channel).inc()
    started = time.perf_counter()
    await handle_safely(on_new_message, message)
    metrics.observe_turn(
        channel, time.perf_counter() - started, observed.responses, replied=observed.sent > 0
    )
    return observed


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
                return response.json({"error": BAD_REQUEST}, status=400)
            if not isinstance(body, dict):
                return response.json({"error": BAD_REQUEST}, status=400)
            sender, message = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not SENDER.match(sender):
                return response.json({"error": BAD_REQUEST}, status=400)
            if not isinstance(message, str):
                return response.json({"error": BAD_REQUEST}, status=400)

            def reply(text: str, status: int = 200):
                return response.json([{"recipient_id": sender, "text": text}], status=status)

            text, answer = self.gate.check(sender, message, request.remote_addr or request.ip)
            if answer:
                return reply(answer, status=429 if answer == SLOW_DOWN else 200)
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
                return reply(SENT_TO_PERSON.format(label=held_by[0].label or "veilederen"))
            if not any(m.get("text") or m.get("buttons") for m in collector.messages):
                return reply(NO_REPLY)
            return response.json(collector.messages)

        return webhook


class ObservedOutput(OutputChannel):
    """Passes every reply on to the real channel, counts them and keeps the names of the
    responses (domain/) they came from."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0
        self.responses: list[str] = []

    def name(self) -> str:
        return self.inner.name()

    def __getattr__(self, attribute: str):
        return getattr(self.inner, attribute)

    async def send_response(self, recipient_id: str, message: dict) -> None:
        self.sent += 1
        self.responses.append(str(message.get("utter_action") or ""))
        await self.inner.send_response(recipient_id, message)


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
                await output.send_text_message(sender, NO_REPLY)

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
                return response.json({"error": BAD_REQUEST}, status=400)
            session_id = body.get("session_id") if isinstance(body, dict) else None
            message = body.get("message") if isinstance(body, dict) else None
            if not isinstance(session_id, str) or not SENDER.match(session_id):
                return response.json({"error": BAD_REQUEST}, status=400)
            if not isinstance(message, dict) or not set(message) <= LIVE_MESSAGE_KEYS:
                return response.json({"error": BAD_REQUEST}, status=400)
            await self.sio.emit(self.bot_message_evt, message, room=session_id, namespace="/")
            return response.json({"ok": True})

        @blueprint.route("/live/<session_id>", methods=["GET"])
        async def live_presence(request: Request, session_id: str):
            if not allowed(request):
                return response.json({"error": "forbidden"}, status=403)
            if not SENDER.match(session_id):
                return response.json({"error": BAD_REQUEST}, status=400)
            return response.json({"present": await self.presence.is_present(session_id)})


LIVE_MESSAGE_KEYS = frozenset({"text", "edi_human", "edi_live"})


def prepare_holds() -> None:
    """The case tables exist before the first message asks whether a person has it."""
    from bot.tickets import conversation

    if not conversation.prepare():
        logger.warning("case tables not reachable at start; made on first use")


async def held(conversation_id: str):
    """The conversation's hold (a coordinator has it), or None; a database failure counts as
    no hold (the assistant answers rather than nobody)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.tickets import conversation

    try:
        return await asyncio.to_thread(conversation.hold_for, conversation_id)
    except SQLAlchemyError:
        logger.exception("case conversation not readable")
        return None


# Each message is handled in its own task (python-socketio, Sanic): one lock per conversation
# (from a fixed pool), taken before the first await and released just before the message goes
# on to Rasa (whose lock store is reached without another pause), keeps a conversation's
# messages in the order they came, to the case and to Rasa alike.
_PERSON_LOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per event loop


def _person_lock(sender: str) -> asyncio.Lock:
    locks = _PERSON_LOCKS.setdefault(
        asyncio.get_running_loop(), [asyncio.Lock() for _ in range(64)]
    )
    return locks[hash(sender) % len(locks)]


def _agent():
    """Rasa's agent in this server process, when it is ready (None: the channel runs without
    one, as in the channel tests)."""
    try:
        from sanic import Sanic

        agent = getattr(Sanic.get_app().ctx, "agent", None)
    except Exception:  # noqa: BLE001 - no app, or several: run without the agent's lock
        return None
    return agent


_LOCKED_SAID: list = []


async def run_unless_held(on_new_message, message: UserMessage, to_person, agent):
    """Run Rasa on the message unless a person has the conversation (then `to_person(hold,
    stored)` says so and returns True). With Rasa's agent, the question is asked inside the
    conversation's lock, like `Agent.handle_message` (whose inside this is), so the messages of
    one conversation keep their order across processes whichever way each of them goes.
    Returns the observed output of Rasa's answer, or None when the message went to the case."""
    sender = str(message.sender_id)
    text = message.text or ""
    if agent is None or not agent.is_ready():
        hold, stored = await person_has(sender, text, "chat")
        if await to_person(hold, stored):
            return None
        return await handle_observed(on_new_message, message)
    if not _LOCKED_SAID:
        _LOCKED_SAID.append(True)
        logger.info("live holds are checked inside Rasa's conversation lock")
    try:
        async with agent.lock_store.lock(sender):
            hold, stored = await person_has(sender, text, "chat")
            if await to_person(hold, stored):
                return None
            return await handle_observed(agent.processor.handle_message, message)
    except Exception:  # noqa: BLE001 - a lock error: never a traceback, the user is told
        metrics.ERRORS.labels("rasa").inc()
        logger.exception("message handling failed (lock)")
        return ObservedOutput(message.output_channel)


async def person_has(sender: str, text: str, way: str):
    """(hold, stored): when a coordinator has the conversation, the message is stored on the
    case (masked) instead of going to Rasa."""
    async with _person_lock(sender):
        return await _person_has(sender, text, way)


async def _person_has(sender: str, text: str, way: str):
    from sqlalchemy.exc import SQLAlchemyError

    from bot.tickets import conversation

    hold = await held(sender)
    if hold is None or hold.mode == "avsluttet":
        return hold, False
    try:
        stored = await asyncio.to_thread(conversation.record_from_person, sender, text, way)
    except SQLAlchemyError:
        logger.exception("message to the case not stored")
        stored = None
    return hold, stored is not None
