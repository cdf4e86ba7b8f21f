"""One Jinja environment and one JSON error for the whole web app (bot/web/rendering.py)."""

from __future__ import annotations

import json

from bot.web import app, inbox, pages, rendering, widget_api


def test_inbox_and_public_pages_share_one_environment():
    assert inbox.ENVIRONMENT is rendering.ENVIRONMENT
    assert not hasattr(pages, "ENVIRONMENT")
    # The inbox's filters are on the shared environment; a site page resolves its own base.
    assert "local_time" in rendering.ENVIRONMENT.filters
    assert rendering.ENVIRONMENT.get_template("site/index.html").name == "site/index.html"


def test_app_and_widget_api_answer_errors_the_same_way():
    assert app.json_error is rendering.json_error
    assert widget_api.json_error is rendering.json_error
    response = rendering.json_error(400, "Ugyldig forespørsel.")
    assert response.status == 400
    assert json.loads(response.text) == {"error": "Ugyldig forespørsel."}
