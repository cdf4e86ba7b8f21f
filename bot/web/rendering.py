"""What the web app answers with, made in one place: HTML from the templates under
bot/web/templates/ (one Jinja environment for the inbox and the public pages in site/, so
autoescaping and whitespace rules cannot drift apart), and the JSON error of its APIs.
The nginx configuration (bot/ops/entry_point.py) has its own environment: plain text, no
autoescape, undefined values an error."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from jinja2 import Environment, FileSystemLoader

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

ENVIRONMENT = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, **context) -> str:
    """A template (a path under bot/web/templates/) rendered to HTML."""
    return ENVIRONMENT.get_template(template).render(**context)


def json_error(status: int, message: str) -> web.Response:
    """An API's error: `{"error": message}` (Norwegian) with the status."""
    return web.json_response({"error": message}, status=status)
