"""The coordinators' inbox under /inbox: login, the guard in front of every page, and the
templates; the case pages (list, case page with its log, actions, CSV exports) are in
`bot/web/inbox_cases.py`.

Every /inbox URL except the login page needs a session; without one a GET is redirected to the
login page and anything else gets 403. Every POST carries the session's CSRF token (the login
form uses a double-submit cookie). A coordinator sees only the queues of their role: tickets in
other queues answer 404, exactly like tickets that do not exist.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hmac
import logging
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web

from bot.ratelimit import RateLimiter
from bot.settings import Settings
from bot.tickets import service, users
from bot.tickets.case import QUEUE_LABELS
from bot.tickets.models import may
from bot.tickets.service_level import spoken_date
from bot.web.rendering import ENVIRONMENT
from bot.web.retention_task import setup_retention

logger = logging.getLogger(__name__)

PREFIX = "/inbox"
LOGIN_PATH = "/inbox/login"
SESSION_COOKIE = "edi_inbox"
LOGIN_CSRF_COOKIE = "edi_login_csrf"
REFERENCE = r"EDI-\d{4}-\d{4,}"
# \Z: "$" allows a final newline. The content pages, the review queue and the statistics
# (issue #19) too.
NEXT_PATTERN = re.compile(
    rf"^/inbox(/{REFERENCE}|/statistikk|/innhold(/[a-z0-9]+(-[a-z0-9]+)*)?|/vurdering(/[0-9a-f]{{64}})?)?\Z"
)
LOGIN_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}\Z")
USER_KEY = "inbox_user"

STATUS_LABELS = {"ny": "Ny", "under_arbeid": "Under arbeid", "lukket": "Lukket"}
ROLE_LABELS = {
    "bedriftskoordinator": "Bedriftskoordinator",
    "veileder": "Veileder",
    "admin": "Administrator",
    "redaktør": "Redaktør",
}
# The speakers a case's transcript is written with (actions.case_details.transcript, the
# service's note); tests/unit/test_inbox_labels.py keeps the two in step.
SPEAKER_LABELS = {
    "bruker": "Bruker",
    "assistent": "Assistent",
    service.NOTE_SPEAKER: "Merknad",
}
LOGIN_ERRORS = {
    "bad": "Feil brukernavn eller passord.",
    "locked": (
        f"Kontoen er midlertidig låst etter {users.MAX_FAILED_ATTEMPTS} feil forsøk. "
        f"Prøv igjen om {users.LOCK_MINUTES} minutter, eller be en administrator låse den opp."
    ),
}
LOGIN_TOO_OFTEN = "For mange innloggingsforsøk fra denne adressen. Vent litt, og prøv igjen."
LOGIN_BUSY = "Mange logger inn akkurat nå. Vent litt, og prøv igjen."

try:
    LOCAL_ZONE: dt.tzinfo = ZoneInfo("Europe/Oslo")
except ZoneInfoNotFoundError:  # pragma: no cover - tzdata is installed
    LOCAL_ZONE = dt.timezone.utc


@dataclass(frozen=True)
class InboxConfig:
    url: str | None
    cookie_secure: bool
    session_hours: int
    answer_working_days: int = 2


INBOX_KEY = web.AppKey("inbox", InboxConfig)


class PoolFull(Exception):
    """Every worker and queue place of the login pool is taken."""


class LoginPool:
    """The password checks (argon2: memory and CPU heavy) run on their own few threads with a
    short queue, so a burst of logins waits here (or gets "try again") instead of filling the
    thread pool the chat API uses. Used from the event loop only."""

    def __init__(self, workers: int = 2, queue: int = 8) -> None:
        self.workers = max(1, workers)
        self.places = self.workers + max(0, queue)
        self.busy = 0
        self._executor: ThreadPoolExecutor | None = None

    async def run(self, function, *args):
        if self.busy >= self.places:
            raise PoolFull
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="login")
        self.busy += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, functools.partial(function, *args))
        finally:
            self.busy -= 1

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


LOGIN_POOL_KEY = web.AppKey("login_pool", LoginPool)
LOGIN_LIMITER_KEY = web.AppKey("login_limiter", RateLimiter)


def _local_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.replace(tzinfo=dt.timezone.utc).astimezone(LOCAL_ZONE).strftime("%d.%m.%Y %H:%M")


ENVIRONMENT.filters.update(
    local_time=_local_time,
    queue_label=lambda q: QUEUE_LABELS.get(q, q),
    status_label=lambda s: STATUS_LABELS.get(s, s),
    role_label=lambda r: ROLE_LABELS.get(r, r),
    speaker_label=lambda s: SPEAKER_LABELS.get(str(s).lower(), str(s)),
    spoken_date=spoken_date,
)
ENVIRONMENT.globals["may"] = may


def user_who_may(request: web.Request, permission: str) -> users.InboxUser:
    """The logged-in user when their role has `permission` (bot/tickets/models.py PERMISSIONS);
    anyone else gets the same 404 as a case that does not exist."""
    user: users.InboxUser = request[USER_KEY]
    if not may(user.role, permission):
        raise web.HTTPNotFound()
    return user


def _render(template: str, http_status: int = 200, **context) -> web.Response:
    html = ENVIRONMENT.get_template(template).render(**context)
    return web.Response(text=html, status=http_status, content_type="text/html", charset="utf-8")


def _redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def _same(given, expected: str | None) -> bool:
    if not isinstance(given, str) or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _forbidden(message: str) -> web.Response:
    return _render("error.html", http_status=403, title="Ingen tilgang", message=message, user=None)


def _not_found(user: users.InboxUser | None) -> web.Response:
    return _render(
        "error.html",
        http_status=404,
        title="Fant ikke siden",
        message="Saken eller siden finnes ikke, eller du har ikke tilgang til den.",
        user=user,
    )


async def _db(function, *args, **kwargs):
    """Database and password work runs in a thread so the chat is never blocked."""
    return await asyncio.to_thread(function, *args, **kwargs)


def _is_inbox(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


@web.middleware
async def inbox_guard(request: web.Request, handler):
    """Login and CSRF checks for everything under /inbox; pages are never cached."""
    if not _is_inbox(request.path):
        return await handler(request)
    config = request.app[INBOX_KEY]
    if request.path == LOGIN_PATH:
        response = await handler(request)
    else:
        user = await _db(users.session_user, request.cookies.get(SESSION_COOKIE), config.url)
        if user is None:
            if request.method in ("GET", "HEAD"):
                target = request.path
                next_part = f"?next={target}" if NEXT_PATTERN.match(target) else ""
                response = _redirect(LOGIN_PATH + next_part)
            else:
                response = _forbidden("Du må logge inn først.")
        elif request.method not in ("GET", "HEAD") and not _same(
            (await _form(request)).get("csrf"), user.csrf_token
        ):
            logger.warning("inbox: CSRF token missing or wrong for %s", request.path)
            response = _forbidden("Skjemaet er utløpt eller ugyldig. Last inn siden og prøv igjen.")
        else:
            request[USER_KEY] = user
            try:
                response = await handler(request)
            except web.HTTPNotFound:
                response = _not_found(user)
    response.headers["Cache-Control"] = "no-store"
    return response


async def _form(request: web.Request):
    try:
        return await request.post()
    except ValueError:
        return {}


def _safe_next(value) -> str:
    return value if isinstance(value, str) and NEXT_PATTERN.match(value) else PREFIX


def _set_cookie(response: web.Response, name: str, value: str, path: str, max_age: int, config):
    response.set_cookie(
        name,
        value,
        path=path,
        max_age=max_age,
        httponly=True,
        samesite="Strict",
        secure=config.cookie_secure,
    )


async def login_page(request: web.Request) -> web.Response:
    config = request.app[INBOX_KEY]
    next_url = _safe_next(request.query.get("next"))
    if await _db(users.session_user, request.cookies.get(SESSION_COOKIE), config.url):
        return _redirect(next_url)
    return _login_form(request, next_url)


def _login_form(
    request: web.Request,
    next_url: str,
    error: str | None = None,
    username: str = "",
    status: int | None = None,
) -> web.Response:
    config = request.app[INBOX_KEY]
    # Keep an existing token so two open login tabs do not invalidate each other.
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not LOGIN_TOKEN_PATTERN.match(token):
        token = secrets.token_urlsafe(32)
    response = _render(
        "login.html",
        http_status=status or (401 if error else 200),
        title="Logg inn",
        csrf=token,
        next_url=next_url,
        error=error,
        username=username,
        user=None,
    )
    _set_cookie(response, LOGIN_CSRF_COOKIE, token, LOGIN_PATH, 3600, config)
    return response


async def login(request: web.Request) -> web.Response:
    config = request.app[INBOX_KEY]
    form = await _form(request)
    if not _same(form.get("csrf"), request.cookies.get(LOGIN_CSRF_COOKIE)):
        return _forbidden("Skjemaet er utløpt eller ugyldig. Last inn siden og prøv igjen.")
    username = str(form.get("username") or "")[:80]
    password = str(form.get("password") or "")
    next_url = _safe_next(form.get("next"))
    if not request.app[LOGIN_LIMITER_KEY].allow(request.remote or "?"):
        logger.warning("inbox: login throttled for one address")
        return _login_form(request, next_url, LOGIN_TOO_OFTEN, username, status=429)
    try:
        result = await request.app[LOGIN_POOL_KEY].run(
            users.authenticate, username, password, config.url
        )
    except PoolFull:
        logger.warning("inbox: login pool full")
        return _login_form(request, next_url, LOGIN_BUSY, username, status=429)
    if result.status != "ok":
        logger.info("inbox: login refused (%s)", result.status)
        return _login_form(request, next_url, LOGIN_ERRORS[result.status], username)
    await _db(users.end_session, request.cookies.get(SESSION_COOKIE), config.url)
    token = await _db(users.start_session, result.username, config.session_hours, config.url)
    logger.info("inbox: %s logged in", result.username)
    response = _redirect(next_url)
    _set_cookie(response, SESSION_COOKIE, token, PREFIX, config.session_hours * 3600, config)
    response.del_cookie(LOGIN_CSRF_COOKIE, path=LOGIN_PATH)
    return response


async def logout(request: web.Request) -> web.Response:
    config = request.app[INBOX_KEY]
    await _db(users.end_session, request.cookies.get(SESSION_COOKIE), config.url)
    response = _redirect(LOGIN_PATH)
    response.del_cookie(SESSION_COOKIE, path=PREFIX)
    return response


def setup_inbox(app: web.Application, settings: Settings) -> None:
    """Register the inbox routes and its guard on the web app."""
    app[INBOX_KEY] = InboxConfig(
        url=settings.database_url,
        cookie_secure=settings.cookie_secure,
        session_hours=settings.session_hours,
        answer_working_days=settings.answer_working_days,
    )
    # Per client address: EDI_LOGIN_RATE_PER_IP attempts a minute (0 = off).
    app[LOGIN_LIMITER_KEY] = RateLimiter(settings.login_rate_per_ip)
    app[LOGIN_POOL_KEY] = LoginPool(settings.login_workers, settings.login_queue)

    async def _warm_up(app: web.Application) -> None:
        await app[LOGIN_POOL_KEY].run(users.prepare)

    async def _close_pool(app: web.Application) -> None:
        app[LOGIN_POOL_KEY].close()

    app.on_startup.append(_warm_up)
    app.on_cleanup.append(_close_pool)
    setup_retention(app, settings)  # anonymising and deleting, every day, inside the service
    from bot.web import content_edit  # noqa: I001 - its upload limit goes before the guard

    content_edit.setup(app)
    app.middlewares.append(inbox_guard)
    router = app.router
    router.add_get(LOGIN_PATH, login_page)
    router.add_post(LOGIN_PATH, login)
    router.add_post(f"{PREFIX}/logout", logout)
    from bot.web import inbox_cases  # the case pages use this module's guard and helpers

    inbox_cases.add_routes(router)
    from bot.web import review_queue  # the review queue of issue #19 (needs the web app's settings)

    review_queue.add_routes(router)
    from bot.web.statistics import setup_statistics  # the statistics pages (issue #19)

    setup_statistics(app, settings)
