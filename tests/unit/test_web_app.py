"""The web app's /chat forwarding, against a fake Rasa REST channel."""

import asyncio
import dataclasses

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import Settings
from bot.web.app import create_app

SENDER = "test-sender-0001"


def _fake_rasa(replies, received):
    async def webhook(request):
        received.append(await request.json())
        return web.json_response(replies)

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    return app


async def _with_client(replies, check, rasa_up=True):
    received: list = []
    rasa = TestServer(_fake_rasa(replies, received), host="127.0.0.1")
    await rasa.start_server()
    port = rasa.port
    if not rasa_up:
        await rasa.close()
    settings = dataclasses.replace(Settings(), rasa_port=port, rasa_timeout_seconds=2)
    client = TestClient(TestServer(create_app(settings), host="127.0.0.1"))
    await client.start_server()
    try:
        await check(client, received)
    finally:
        await client.close()
        if rasa_up:
            await rasa.close()


def test_chat_forwards_and_keeps_only_text_buttons_and_card_data():
    cards = {
        "tiltak": [{"id": "jobbskolen", "name": "Jobbskolen", "summary": "Kurs.", "reason": ""}]
    }
    replies = [
        {"recipient_id": SENDER, "text": "<b>Hei</b>"},
        {"recipient_id": SENDER, "buttons": [{"title": "Ja", "payload": "/affirm"}], "custom": 1},
        {"recipient_id": SENDER, "custom": {"data": cards, "other": "dropped"}},
    ]

    async def check(client, received):
        response = await client.post("/chat", json={"sender": SENDER, "message": "hei"})
        assert response.status == 200
        assert await response.json() == [
            {"text": "<b>Hei</b>"},
            {"buttons": [{"title": "Ja", "payload": "/affirm"}]},
            {"custom": {"data": cards}},
        ]
        assert received == [{"sender": SENDER, "message": "hei"}]
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]

    asyncio.run(_with_client(replies, check))


def test_bad_input_gets_a_norwegian_400_and_is_not_forwarded():
    async def check(client, received):
        cases = [
            {"sender": SENDER, "message": "   "},
            {"sender": "x", "message": "hei"},
            {"sender": SENDER, "message": "a" * 5000},
            ["not", "a", "dict"],
        ]
        for body in cases:
            response = await client.post("/chat", json=body)
            assert response.status == 400
            assert (await response.json())["error"]
        response = await client.post(
            "/chat", data=b"{not json", headers={"Content-Type": "application/json"}
        )
        assert response.status == 400
        assert received == []

    asyncio.run(_with_client([], check))


def test_rasa_down_gives_a_friendly_503():
    async def check(client, received):
        response = await client.post("/chat", json={"sender": SENDER, "message": "hei"})
        assert response.status == 503
        assert "Prøv igjen" in (await response.json())["error"]

    asyncio.run(_with_client([], check, rasa_up=False))


def test_demo_page_is_norwegian_and_loads_the_widget():
    async def check(client, received):
        response = await client.get("/")
        page = await response.text()
        assert response.status == 200
        assert '<html lang="nb">' in page
        assert "/static/widget/widget.js" in page
        assert (await client.get("/static/widget/widget.js")).status == 200

    asyncio.run(_with_client([], check))


def test_chat_is_rate_limited_per_ip(monkeypatch):
    monkeypatch.setenv("EDI_RATE_LIMIT_WEB_PER_IP", "2")

    async def check(client, received):
        statuses = []
        for _ in range(3):
            response = await client.post("/chat", json={"sender": SENDER, "message": "hei"})
            statuses.append(response.status)
        assert statuses == [200, 200, 429]
        assert len(received) == 2

    asyncio.run(_with_client([{"text": "Hei"}], check))
