"""Public pages of the web app: the demo page with the chat widget (/), the privacy page
(/personvern) and the draft accessibility statement (/tilgjengelighet)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from jinja2 import Environment, FileSystemLoader

from bot.settings import Settings

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates" / "site"
PAGES_SETTINGS_KEY = web.AppKey("pages_settings", Settings)

ENVIRONMENT = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, **context) -> str:
    return ENVIRONMENT.get_template(template).render(**context)


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
