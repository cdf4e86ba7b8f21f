"""Feedback and "Slett samtalen" on PostgreSQL (tracker store and DATABASE_URL in one server)."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

from aiohttp.test_utils import TestClient, TestServer

from bot.settings import Settings
from bot.web import feedback
from bot.web.app import create_app
from tests.unit.test_widget_api import _senders, _store_conversation


def test_feedback_and_delete_on_postgresql(postgres_url, tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    settings = dataclasses.replace(Settings(), var_dir=tmp_path, database_url=postgres_url)
    assert settings.tracker_url == postgres_url
    mine, other = uuid.uuid4().hex, uuid.uuid4().hex
    _store_conversation(postgres_url, mine)
    _store_conversation(postgres_url, other)

    async def main():
        client = TestClient(TestServer(create_app(settings), host="127.0.0.1"))
        await client.start_server()
        try:
            response = await client.post(
                "/api/feedback", json={"session_id": mine, "message_id": "svar-2", "vote": "down"}
            )
            assert response.status == 200
            response = await client.post("/api/rating", json={"session_id": mine, "rating": 5})
            assert response.status == 200
            response = await client.delete(f"/api/conversations/{mine}")
            assert response.status == 200
            return await response.json()
        finally:
            await client.close()

    body = asyncio.run(main())
    assert body["deleted"]["user"] == 2 and body["deleted"]["feedback"] == 2
    senders = _senders(postgres_url)
    assert mine not in senders and other in senders
    assert feedback.list_feedback(mine, url=postgres_url) == []
