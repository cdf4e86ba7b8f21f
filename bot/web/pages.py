"""Public pages of the web app: the demo page with the chat widget (/), the privacy page
(/personvern) and the draft accessibility statement (/tilgjengelighet)."""

from __future__ import annotations

from aiohttp import web

from bot.settings import Settings
from bot.web import rendering

PAGES_SETTINGS_KEY = web.AppKey("pages_settings", Settings)


def render(template: str, **context) -> str:
    """A public page: a template in bot/web/templates/site/."""
    return rendering.render(f"site/{template}", **context)


def _page(template: str, **extra):
    async def handler(request: web.Request) -> web.Response:
        settings = request.app[PAGES_SETTINGS_KEY]
        html = render(
            template,
            path=request.path,
            conversation_days=settings.conversation_retention_days,
            ticket_days=settings.ticket_retention_days,
            **extra,
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    return handler


def setup_pages(app: web.Application, settings: Settings) -> None:
    app[PAGES_SETTINGS_KEY] = settings
    app.router.add_get("/", _page("index.html"))
    app.router.add_get("/personvern", _page("personvern.html"))
    app.router.add_get("/tilgjengelighet", _page("tilgjengelighet.html"))
