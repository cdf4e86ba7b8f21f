"""Two Rasa processes behind one entry point, a shared PostgreSQL tracker store and a Redis
lock store: one conversation's messages keep their order whichever process gets them, and
different conversations run in parallel. Servers are started on loopback by this module."""

from __future__ import annotations

import concurrent.futures
import json
import time
import urllib.request
import uuid

import pytest
import sqlalchemy as sa

from bot.services import Stack
from bot.training import train
from knowledge.content import load_content
from knowledge.store import replace_all
from tests.conftest import scaled_settings


@pytest.fixture(scope="module")
def scaled(tmp_path_factory, postgres_url, redis_url):
    replace_all(load_content(), url=postgres_url)
    settings = scaled_settings(
        tmp_path_factory.mktemp("scaled"), 2, postgres_url, redis_url, EDI_COOKIE_SECURE="false"
    )
    train(settings)
    stack = Stack(settings)
    stack.start(timeout=300, report=lambda line: None)
    try:
        yield settings, postgres_url
    finally:
        stack.stop()


def _post(url: str, sender: str, message: str) -> list[dict]:
    request = urllib.request.Request(
        url + "/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_one_conversation_keeps_its_order_across_two_processes(scaled):
    settings, postgres_url = scaled
    urls = settings.rasa_urls
    assert len(urls) == 2
    sender = f"scale-{uuid.uuid4().hex[:10]}"
    messages = [f"hva er jobbskolen {n}" for n in range(8)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = []
        for number, message in enumerate(messages):
            futures.append(pool.submit(_post, urls[number % 2], sender, message))
            time.sleep(0.05)  # sent in this order, each before the previous is answered
        replies = [f.result() for f in futures]
    assert all(any("Jobbskolen" in r.get("text", "") for r in reply) for reply in replies)

    engine = sa.create_engine(postgres_url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("select type_name, data from events where sender_id = :s order by id"),
            {"s": sender},
        ).fetchall()
    engine.dispose()
    users = [json.loads(data)["text"] for kind, data in rows if kind == "user"]
    assert users == messages  # stored once each, in the order they were sent
    # after each user message come its own answers, before the next user message
    kinds = [kind for kind, _ in rows if kind in ("user", "bot")]
    assert kinds[0] == "user"
    for index, kind in enumerate(kinds[1:], start=1):
        if kind == "user":
            assert kinds[index - 1] == "bot"


def test_the_entry_point_spreads_conversations_over_both_processes(scaled):
    settings, _ = scaled
    web = settings.web_url.rstrip("/")

    def chat(n: int) -> int:
        request = urllib.request.Request(
            web + "/chat",
            data=json.dumps(
                {"sender": f"spread-{n:04d}-{uuid.uuid4().hex[:6]}", "message": "hei"}
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(chat, range(12))) == [200] * 12
    served = [
        (settings.log_dir / name).read_text(errors="replace") for name in ("rasa.log", "rasa-2.log")
    ]
    assert all(served), "both Rasa processes are running and logging"
