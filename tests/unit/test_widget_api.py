"""The widget's endpoints on the web app: config, feedback, rating, deleting a conversation,
CORS allow-list, CSP and the public pages. Real SQLite files, no Rasa server."""

import asyncio
import dataclasses
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.settings import REPO_DIR, Settings
from bot.web import feedback
from tests.web_client import run_app

SESSION = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"
SITE = "https://www.kommune.example"


@pytest.fixture(autouse=True)
def _tracker_from_settings(monkeypatch):
    """The tracker database is the one under each test's var_dir."""
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)


def _settings(tmp_path, **changes) -> Settings:
    return dataclasses.replace(
        Settings(),
        var_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'edi.db'}",
        rasa_port=5999,
        **changes,
    )


_run = run_app


def _store_conversation(tracker_url: str, sender: str) -> None:
    """A conversation written by the real tracker store (the same table Rasa uses)."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa.tracker_store import MaskingSQLTrackerStore

    store = MaskingSQLTrackerStore(host=tracker_url)
    tracker = DialogueStateTracker.from_events(
        sender,
        [
            UserUttered("hva er jobbskolen?"),
            ActionExecuted("action_answer_tiltak"),
            BotUttered("Jobbskolen: ..."),
            BotUttered("Vil du vite mer?"),
            UserUttered("ja"),
            BotUttered("Her er mer."),
        ],
    )
    asyncio.run(store.save(tracker))


def _senders(tracker_url: str) -> dict[str, int]:
    engine = sa.create_engine(tracker_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT sender_id, count(*) FROM events GROUP BY sender_id")
            ).all()
        return dict(rows)
    finally:
        engine.dispose()


def test_feedback_is_stored_without_text_and_can_be_changed(tmp_path):
    settings = _settings(tmp_path)

    async def check(client):
        for vote in ("up", "down"):
            response = await client.post(
                "/api/feedback", json={"session_id": SESSION, "message_id": "svar-1", "vote": vote}
            )
            assert response.status == 200, await response.text()
            assert (await response.json())["vote"] == vote
        response = await client.post("/api/rating", json={"session_id": SESSION, "rating": 4})
        assert response.status == 200
        response = await client.post("/api/rating", json={"session_id": SESSION, "rating": 5})
        assert response.status == 200

    _run(settings, check)
    rows = feedback.list_feedback(SESSION, url=settings.database_url)
    assert [(r.kind, r.message_id, r.value) for r in rows] == [
        ("answer", "svar-1", -1),
        ("rating", "-", 5),
    ]
    columns = {c.name for c in feedback.Feedback.__table__.columns}
    assert columns == {"id", "session_id", "kind", "message_id", "value", "created_on"}


def test_bad_feedback_and_rating_get_a_clear_400(tmp_path):
    settings = _settings(tmp_path)
    good = {"session_id": SESSION, "message_id": "svar-1", "vote": "up"}
    bad_feedback = [
        {**good, "session_id": "kort"},
        {**good, "session_id": "../../etc/passwd-000000000000"},
        {**good, "message_id": ""},
        {**good, "message_id": "<script>"},
        {**good, "message_id": "x" * 65},
        {**good, "vote": "kanskje"},
        {**good, "vote": 1},
        {"session_id": SESSION},
        ["ikke", "et", "objekt"],
    ]
    bad_ratings = [0, 6, 3.5, "4", True, None]

    async def check(client):
        for body in bad_feedback:
            response = await client.post("/api/feedback", json=body)
            assert response.status == 400, body
            assert (await response.json())["error"]
        for rating in bad_ratings:
            response = await client.post(
                "/api/rating", json={"session_id": SESSION, "rating": rating}
            )
            assert response.status == 400, rating
            assert "1 til 5" in (await response.json())["error"]
        response = await client.post(
            "/api/feedback", data=b"{ikke json", headers={"Content-Type": "application/json"}
        )
        assert response.status == 400
        assert "JSON" in (await response.json())["error"]

    _run(settings, check)
    assert feedback.list_feedback(SESSION, url=settings.database_url) == []


def test_delete_removes_only_that_conversation_and_its_feedback(tmp_path):
    settings = _settings(tmp_path)
    _store_conversation(settings.tracker_url, SESSION)
    _store_conversation(settings.tracker_url, OTHER)
    feedback.save_vote(SESSION, "svar-1", "up", url=settings.database_url)
    feedback.save_rating(SESSION, 2, url=settings.database_url)
    feedback.save_vote(OTHER, "svar-1", "down", url=settings.database_url)
    assert set(_senders(settings.tracker_url)) == {SESSION, OTHER}

    async def check(client):
        response = await client.delete(f"/api/conversations/{SESSION}")
        assert response.status == 200
        body = await response.json()
        assert body["deleted"]["user"] == 2
        assert body["deleted"]["bot"] == 3
        assert body["deleted"]["feedback"] == 2
        assert body["deleted"]["events"] >= 6
        assert body["message"].startswith("Samtalen er slettet fra serveren: 2 meldinger fra deg")
        # Again: nothing left, and it says so.
        response = await client.delete(f"/api/conversations/{SESSION}")
        assert response.status == 200
        assert (await response.json())["deleted"]["events"] == 0
        assert "ikke lagret noe" in (await response.json())["message"]

    _run(settings, check)
    assert set(_senders(settings.tracker_url)) == {OTHER}
    assert feedback.list_feedback(SESSION, url=settings.database_url) == []
    assert len(feedback.list_feedback(OTHER, url=settings.database_url)) == 1


def test_delete_validates_the_session_id_and_works_without_a_tracker_table(tmp_path):
    settings = _settings(tmp_path)

    async def check(client):
        for bad in ("kort", "a" * 65, "abc%20def0123456789012345", "*"):
            response = await client.delete(f"/api/conversations/{bad}")
            assert response.status in (400, 404), bad
        response = await client.delete(f"/api/conversations/{SESSION}")
        assert response.status == 200
        assert (await response.json())["deleted"] == {
            "user": 0,
            "bot": 0,
            "events": 0,
            "feedback": 0,
        }

    _run(settings, check)


def test_cors_allow_list(tmp_path):
    settings = _settings(tmp_path, cors_origins=(SITE,))

    async def check(client):
        # An allowed site: preflight and the request itself get CORS headers.
        response = await client.options(
            f"/api/conversations/{SESSION}",
            headers={"Origin": SITE, "Access-Control-Request-Method": "DELETE"},
        )
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == SITE
        assert "DELETE" in response.headers["Access-Control-Allow-Methods"]
        response = await client.get("/api/widget/config", headers={"Origin": SITE})
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == SITE
        # Any other site: refused, no CORS headers, nothing stored.
        evil = "https://evil.example"
        response = await client.options("/chat", headers={"Origin": evil})
        assert response.status == 403
        response = await client.post(
            "/api/feedback",
            json={"session_id": SESSION, "message_id": "svar-1", "vote": "up"},
            headers={"Origin": evil},
        )
        assert response.status == 403
        assert "Access-Control-Allow-Origin" not in response.headers
        # The web app's own pages may always call it, whatever name it was reached by.
        own = f"http://{client.host}:{client.port}"
        response = await client.post(
            "/api/rating", json={"session_id": SESSION, "rating": 3}, headers={"Origin": own}
        )
        assert response.status == 200
        # Pages and static files are not CORS endpoints.
        response = await client.get("/", headers={"Origin": evil})
        assert response.status == 200

    _run(settings, check)
    assert [r.kind for r in feedback.list_feedback(SESSION, url=settings.database_url)] == [
        "rating"
    ]


def test_default_allow_list_is_the_web_apps_own_origin():
    settings = Settings(web_port=8123)
    assert settings.allowed_origins == ("http://127.0.0.1:8123", "http://localhost:8123")
    public = dataclasses.replace(settings, public_url="https://chat.kommune.example/edi/")
    assert "https://chat.kommune.example" in public.allowed_origins


def test_config_and_csp_point_at_rasas_socket_io(tmp_path):
    settings = _settings(tmp_path, max_message_chars=500)
    proxied = _settings(tmp_path, rasa_public_url="https://chat.kommune.example/")

    async def check(client):
        response = await client.get("/api/widget/config")
        assert await response.json() == {
            "socket_url": "http://127.0.0.1:5999",
            "socket_path": "/socket.io",
            "max_chars": 500,
        }
        csp = response.headers["Content-Security-Policy"]
        assert "connect-src 'self' http://127.0.0.1:5999 ws://127.0.0.1:5999;" in csp
        assert "script-src 'self';" in csp and "style-src 'self';" in csp
        assert "unsafe-inline" not in csp

    async def check_proxied(client):
        response = await client.get("/")
        csp = response.headers["Content-Security-Policy"]
        assert "connect-src 'self' https://chat.kommune.example wss://chat.kommune.example;" in csp

    _run(settings, check)
    _run(proxied, check_proxied)


def test_public_pages_are_norwegian_and_have_no_inline_code(tmp_path):
    settings = _settings(tmp_path, conversation_retention_days=14, ticket_retention_days=60)

    async def check(client):
        pages = {}
        for path in ("/", "/personvern", "/tilgjengelighet"):
            response = await client.get(path)
            assert response.status == 200, path
            page = await response.text()
            pages[path] = page
            assert '<html lang="nb">' in page
            assert '<script src="/static/widget/widget.js" defer></script>' in page
            assert "style=" not in page and "onclick" not in page.lower()
            assert re.search(r"<script>|<style", page) is None
            assert 'href="/personvern"' in page
        assert "Flere i arbeid" in pages["/"]
        assert "slettes etter 14 dager" in pages["/personvern"]
        assert "60 dager" in pages["/personvern"]
        assert "Slett samtalen" in pages["/personvern"]
        assert "Kjente mangler" in pages["/tilgjengelighet"]
        for asset in (
            "/static/widget/widget.js",
            "/static/widget/widget.css",
            "/static/vendor/socket.io.min.js",
            "/static/site.css",
        ):
            assert (await client.get(asset)).status == 200, asset

    _run(settings, check)


def test_widget_assets_are_safe_and_the_vendored_socket_io_matches_the_lockfile():
    static = Path(REPO_DIR, "bot", "web", "static")
    widget = (static / "widget" / "widget.js").read_text(encoding="utf-8")
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert unsafe not in widget, unsafe
    assert "textContent" in widget
    assert 'rel = "noopener noreferrer"' in widget
    lock = json.loads(Path(REPO_DIR, "web", "package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/socket.io-client"]["version"]
    vendored = (static / "vendor" / "socket.io.min.js").read_text(encoding="utf-8")
    assert f"Socket.IO v{version}\n" in vendored[:200], (
        "kjør `make vendor` (scripts/vendor-socketio.sh)"
    )
    assert (static / "vendor" / "socket.io.LICENSE.txt").is_file()
