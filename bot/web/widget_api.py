"""What the chat widget calls on the web app besides POST /chat: its configuration, thumbs
up/down on an answer, a 1–5 rating, and deleting a conversation. Also the CORS allow-list
(settings.allowed_origins) for these endpoints and /chat, so the widget can be embedded on
another site.

The conversation's random session id (the widget makes 128 random bits) is the capability:
whoever holds it may rate or delete that conversation, nobody else can guess it.
"""

from __future__ import annotations

import asyncio
import logging
import re

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.ratelimit import RateLimiter
from bot.settings import Settings, origin_of
from bot.web import conversations, feedback
from bot.web.rendering import json_error

logger = logging.getLogger(__name__)

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{22,64}\Z")
MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")
CORS_PREFIXES = ("/api/", "/chat")
WIDGET_SETTINGS_KEY = web.AppKey("widget_settings", Settings)
WIDGET_LIMITER_KEY = web.AppKey("widget_limiter", RateLimiter)

UNREADABLE = "Forespørselen kunne ikke leses. Send JSON."
BAD_SESSION = "Samtale-id-en er ugyldig. Last inn siden på nytt."
BAD_MESSAGE_ID = "Svaret du vurderer, mangler en gyldig id."
BAD_VOTE = "Velg «up» (nyttig) eller «down» (ikke nyttig)."
BAD_RATING = "Gi en vurdering fra 1 til 5."
NOT_ALLOWED = "Denne nettsiden har ikke lov til å bruke assistenten."
TOO_FAST = "Du sender veldig mange forespørsler. Vent litt, og prøv igjen."
NOT_SAVED = "Det gikk ikke å lagre akkurat nå. Prøv igjen om litt."
NOT_DELETED = "Samtalen kunne ikke slettes akkurat nå. Prøv igjen om litt."


def _is_cors_path(path: str) -> bool:
    return any(path == p.rstrip("/") or path.startswith(p) for p in CORS_PREFIXES)


def _same_origin(request: web.Request, origin: str) -> bool:
    """The page that sent the request came from this web app (whatever name it was reached
    by): its Origin's host:port is the Host the request was sent to."""
    return origin.split("://", 1)[-1] == request.host.lower()


@web.middleware
async def cors(request: web.Request, handler):
    """CORS for the widget's endpoints: only origins on the allow-list (and the web app
    itself) may call them from a browser; a request from any other page is refused."""
    if not _is_cors_path(request.path):
        return await handler(request)
    origin = (request.headers.get("Origin") or "").lower()
    allowed_origins = request.app[WIDGET_SETTINGS_KEY].allowed_origins
    allowed = not origin or _same_origin(request, origin) or origin in allowed_origins
    if request.method == "OPTIONS":
        if not origin or not allowed:
            return web.Response(status=403)
        response = web.Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    elif not allowed:
        return json_error(403, NOT_ALLOWED)
    else:
        response = await handler(request)
    if origin and allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


async def json_body(request: web.Request) -> dict | None:
    """The request's JSON object, or None: not JSON, not UTF-8, not an object, or nested so
    deep that the parser gives up (RecursionError, which would otherwise be a 500)."""
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


def _session_id(value) -> str | None:
    return value if isinstance(value, str) and SESSION_ID.match(value) else None


def _too_fast(request: web.Request) -> bool:
    return not request.app[WIDGET_LIMITER_KEY].allow(request.remote or "?")


async def widget_config(request: web.Request) -> web.Response:
    """What the widget needs to know: where Rasa's socket.io is and the message cap."""
    settings = request.app[WIDGET_SETTINGS_KEY]
    return web.json_response(
        {
            "socket_url": settings.browser_rasa_url,
            "socket_path": "/socket.io",
            "max_chars": settings.max_message_chars,
        },
        headers={"Cache-Control": "no-cache"},
    )


async def _session_body(request: web.Request) -> tuple[dict, str] | web.Response:
    """The JSON body and its session id, or the 400 that says what is wrong with them."""
    body = await json_body(request)
    if body is None:
        return json_error(400, UNREADABLE)
    session_id = _session_id(body.get("session_id"))
    if session_id is None:
        return json_error(400, BAD_SESSION)
    return body, session_id


async def post_feedback(request: web.Request) -> web.Response:
    """Thumbs up or down on one answer: {session_id, message_id, vote: "up"|"down"}."""
    read = await _session_body(request)
    if isinstance(read, web.Response):
        return read
    body, session_id = read
    message_id = body.get("message_id")
    if not isinstance(message_id, str) or not MESSAGE_ID.match(message_id):
        return json_error(400, BAD_MESSAGE_ID)
    vote = body.get("vote")
    if not isinstance(vote, str) or vote not in feedback.VOTES:  # ["up"] is not hashable
        return json_error(400, BAD_VOTE)
    if _too_fast(request):
        return json_error(429, TOO_FAST)
    url = request.app[WIDGET_SETTINGS_KEY].database_url
    try:
        await asyncio.to_thread(feedback.save_vote, session_id, message_id, vote, url)
    except SQLAlchemyError:
        logger.exception("feedback not saved")
        return json_error(503, NOT_SAVED)
    return web.json_response({"ok": True, "message_id": message_id, "vote": vote})


async def post_rating(request: web.Request) -> web.Response:
    """The conversation as a whole, 1 (poor) to 5 (very good): {session_id, rating}."""
    read = await _session_body(request)
    if isinstance(read, web.Response):
        return read
    body, session_id = read
    rating = body.get("rating")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        return json_error(400, BAD_RATING)
    if _too_fast(request):
        return json_error(429, TOO_FAST)
    url = request.app[WIDGET_SETTINGS_KEY].database_url
    try:
        await asyncio.to_thread(feedback.save_rating, session_id, rating, url)
    except SQLAlchemyError:
        logger.exception("rating not saved")
        return json_error(503, NOT_SAVED)
    return web.json_response({"ok": True, "rating": rating})


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _deleted_message(counts: dict[str, int]) -> str:
    if not counts["events"] and not counts["feedback"]:
        return "Det var ikke lagret noe om denne samtalen på serveren."
    return (
        "Samtalen er slettet fra serveren: "
        f"{_count(counts['user'], 'melding', 'meldinger')} fra deg, "
        f"{counts['bot']} svar fra assistenten og "
        f"{_count(counts['feedback'], 'tilbakemelding', 'tilbakemeldinger')}."
    )


async def delete_conversation(request: web.Request) -> web.Response:
    """Delete every stored event of the conversation and its feedback."""
    session_id = _session_id(request.match_info["session_id"])
    if session_id is None:
        return json_error(400, BAD_SESSION)
    if _too_fast(request):
        return json_error(429, TOO_FAST)
    settings = request.app[WIDGET_SETTINGS_KEY]
    try:
        counts = await asyncio.to_thread(
            conversations.delete_conversation, settings.tracker_url, session_id
        )
        counts["feedback"] = await asyncio.to_thread(
            feedback.delete_session, session_id, settings.database_url
        )
    except SQLAlchemyError:
        logger.exception("conversation not deleted")
        return json_error(503, NOT_DELETED)
    logger.info("conversation deleted on request (%s events)", counts["events"])
    return web.json_response({"deleted": counts, "message": _deleted_message(counts)})


def connect_sources(settings: Settings) -> str:
    """CSP connect-src: the web app itself and Rasa's socket.io (http polling and ws)."""
    rasa = origin_of(settings.browser_rasa_url)
    websocket = "wss" + rasa[len("https") :] if rasa.startswith("https") else "ws" + rasa[4:]
    return f"'self' {rasa} {websocket}"


def setup_widget_api(app: web.Application, settings: Settings) -> None:
    app[WIDGET_SETTINGS_KEY] = settings
    app[WIDGET_LIMITER_KEY] = RateLimiter(settings.rate_limit_web_per_ip)
    app.middlewares.append(cors)
    app.router.add_get("/api/widget/config", widget_config)
    app.router.add_post("/api/feedback", post_feedback)
    app.router.add_post("/api/rating", post_rating)
    app.router.add_delete("/api/conversations/{session_id}", delete_conversation)
