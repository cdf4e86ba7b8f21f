"""The tracker store's cache on PostgreSQL, shared by two Rasa processes (two stores here):
each must see the other's turns, and a deleted conversation must not come back from a cache."""

import asyncio

from rasa.shared.core.domain import Domain

from bot.rasa.tracker_store import MaskingSQLTrackerStore
from bot.training import DOMAIN_DIR
from bot.web.conversations import delete_conversation
from tests.unit.test_tracker_store import PHONE, _converse, _stored, _turn


def _user_texts(url: str, sender: str) -> list[str]:
    return [event["text"] for event in _stored(url, sender) if event["event"] == "user"]


def test_two_stores_share_one_conversation_on_postgres(postgres_url):
    domain = Domain.load(str(DOMAIN_DIR))
    first = MaskingSQLTrackerStore(host=postgres_url, domain=domain)
    second = MaskingSQLTrackerStore(host=postgres_url, domain=domain)
    try:
        for index in range(4):
            store = (first, second)[index % 2]
            text = f"melding {index} {PHONE}"
            asyncio.run(_converse(store, "pg-1", [_turn(text, "svar", 100.0 + index)]))
        texts = _user_texts(postgres_url, "pg-1")
        assert len(texts) == 4
        assert all("melding" in text and PHONE not in text for text in texts)
        assert len(asyncio.run(first.retrieve("pg-1")).events) == 16
        assert first.cached_conversations() == 1

        assert delete_conversation(postgres_url, "pg-1")["events"] == 16
        assert asyncio.run(first.retrieve("pg-1")) is None
        assert asyncio.run(second.retrieve("pg-1")) is None
    finally:
        first.engine.dispose()
        second.engine.dispose()
