"""aiohttp web app: serves the demo page with the chat widget and the privacy and
accessibility pages (bot/web/pages.py), the widget's API (bot/web/widget_api.py), forwards chat
messages to Rasa's REST channel (POST /chat, the widget's fallback when socket.io is not
available), and hosts the coordinators' inbox under /inbox (bot/web/inbox.py)."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.ops import metrics
from bot.rasa.live import setup_live
from bot.rasa.privacy import install_log_masking
from bot.ratelimit import RateLimiter
from bot.settings import Settings, load_settings
from bot.training import response_text
from bot.web.case_reply import setup_case_reply
from bot.web.inbox import setup_inbox
from bot.web.ops import setup_operations
from bot.web.pages import setup_pages
from bot.web.rendering import json_error
from bot.web.widget_api import connect_sources, json_body, setup_widget_api

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}\Z")
SETTINGS_KEY = web.AppKey("settings", Settings)
CLIENT_KEY = web.AppKey("client", aiohttp.ClientSession)
LIMITER_KEY = web.AppKey("limiter", RateLimiter)

HEADERS_KEY = web.AppKey("security_headers", dict)
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src {connect}; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def security_headers_for(settings: Settings) -> dict[str, str]:
    """The headers of every response; connect-src lets the widget reach Rasa's socket.io."""
    headers = dict(SECURITY_HEADERS)
    headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(
        "{connect}", connect_sources(settings)
    )
    return headers


@web.middleware
async def security_headers(request: web.Request, handler):
    response = await handler(request)
    response.headers.update(request.app[HEADERS_KEY])
    return response


async def chat(request: web.Request) -> web.Response:
    """Forward one user message to Rasa and return its replies as a JSON list."""
    started = time.perf_counter()
    response = await _chat(request)
    outcome = {200: "ok", 502: "rasa_error", 503: "unavailable"}.get(response.status, "refused")
    metrics.WEB_CHAT.labels(outcome).observe(time.perf_counter() - started)
    if response.status >= 500:
        metrics.ERRORS.labels("web").inc()
    return response


async def _chat(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS_KEY]
    body = await json_body(request)
    if body is None:
        return json_error(400, response_text("utter_gate_unreadable"))
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        return json_error(400, response_text("utter_gate_bad_sender"))
    if not isinstance(message, str) or not message.strip():
        return json_error(400, response_text("utter_gate_write_first"))
    if not request.app[LIMITER_KEY].allow(request.remote or "?"):
        return json_error(429, response_text("utter_gate_slow_down"))
    if len(message) > settings.max_message_chars:
        return json_error(
            400, response_text("utter_gate_web_too_long", limit=settings.max_message_chars)
        )
    url = f"{settings.rasa_entry_url}/webhooks/rest/webhook"
    try:
        async with request.app[CLIENT_KEY].post(
            url, json={"sender": sender, "message": message}
        ) as response:
            if response.status != 200:
                logger.warning("rasa answered %s", response.status)
                return json_error(502, response_text("utter_gate_unavailable"))
            replies = await response.json()
    except (aiohttp.ClientError, TimeoutError, ValueError):
        logger.warning("rasa unreachable at %s", url)
        return json_error(503, response_text("utter_gate_unavailable"))
    return web.json_response([_clean(reply) for reply in replies if isinstance(reply, dict)])


def _clean(reply: dict) -> dict:
    """Keep only what the page renders: text, buttons, and the cards' data (`custom.data`, see
    bot.guidance.answers.recommendations; the widget checks each card's fields itself)."""
    clean: dict = {}
    if isinstance(reply.get("text"), str):
        clean["text"] = reply["text"]
    buttons = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in reply.get("buttons") or []
        if isinstance(b, dict)
    ]
    if buttons:
        clean["buttons"] = buttons
    custom = reply.get("custom")
    if isinstance(custom, dict) and isinstance(custom.get("data"), dict):
        clean["custom"] = {"data": custom["data"]}
    return clean


async def _open_client(app: web.Application) -> None:
    timeout = aiohttp.ClientTimeout(total=app[SETTINGS_KEY].rasa_timeout_seconds)
    app[CLIENT_KEY] = aiohttp.ClientSession(timeout=timeout)


async def _close_client(app: web.Application) -> None:
    await app[CLIENT_KEY].close()


def create_app(settings: Settings | None = None) -> web.Application:
    app = web.Application(middlewares=[security_headers], client_max_size=64 * 1024)
    app[SETTINGS_KEY] = settings or load_settings()
    app[LIMITER_KEY] = RateLimiter(
        app[SETTINGS_KEY].rate_limit_web_per_ip
    )  # messages per minute per client IP
    # One Rasa process, or nginx's internal listener in front of several (EDI_RASA_URL,
    # bot/ops/entry_point.py), which spreads the requests; the Redis lock store keeps one
    # conversation's messages in order across the processes.
    app.on_startup.append(_open_client)
    app.on_cleanup.append(_close_client)
    app[HEADERS_KEY] = security_headers_for(app[SETTINGS_KEY])
    setup_pages(app, app[SETTINGS_KEY])
    setup_widget_api(app, app[SETTINGS_KEY])
    setup_operations(app, app[SETTINGS_KEY])
    setup_live(app, app[SETTINGS_KEY])
    app.router.add_post("/chat", chat)
    app.router.add_static("/static/", STATIC_DIR)
    setup_inbox(app, app[SETTINGS_KEY])
    setup_case_reply(app, app[SETTINGS_KEY])
    return app


def serve(settings: Settings | None = None) -> None:
    settings = settings or load_settings()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    install_log_masking()
    web.run_app(create_app(settings), host=settings.host, port=settings.web_port, print=None)
