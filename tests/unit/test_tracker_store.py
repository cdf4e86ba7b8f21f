"""The masking SQL tracker store: what it stores, and its cache of stored events."""

import asyncio
import json

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from bot.rasa.tracker_store import MaskingSQLTrackerStore, TrackerCache
from bot.training import DOMAIN_DIR
from bot.web.conversations import delete_conversation

PHONE = "912 34 567"


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(DOMAIN_DIR))


def _url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


def _stored(url: str, sender: str) -> list[dict]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            ).all()
        return [json.loads(row[0]) for row in rows]
    finally:
        engine.dispose()


def _turn(text: str, answer: str, ts: float) -> list:
    return [
        UserUttered(text, {"name": "ask_tiltak", "confidence": 0.9}, timestamp=ts),
        ActionExecuted("action_answer_tiltak", timestamp=ts + 0.1),
        BotUttered(answer, timestamp=ts + 0.2),
        ActionExecuted("action_listen", timestamp=ts + 0.3),
    ]


async def _converse(store, sender: str, turns: list[list]) -> None:
    """What Rasa does per message: read the tracker (or start one), add events, save."""
    for events in turns:
        tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
        for event in events:
            tracker.update(event)
        await store.save(tracker)


def _count_statements(engine) -> list[str]:
    statements: list[str] = []
    sa.event.listen(
        engine, "before_cursor_execute", lambda *args: statements.append(args[2].split()[0])
    )
    return statements


def test_the_cached_tracker_is_what_the_database_holds_masked(tmp_path, domain):
    url = _url(tmp_path)
    store = MaskingSQLTrackerStore(host=url, domain=domain)
    turns = [
        _turn("hva er jobbskolen?", "Jobbskolen er ...", 1000.0),
        _turn(f"ring meg på {PHONE}", "Jeg lagrer ikke telefonnummer.", 1010.0),
        [SlotSet("user_age", f"19 {PHONE}", timestamp=1020.0)],
    ]
    asyncio.run(_converse(store, "s1", turns))

    cached = asyncio.run(store.retrieve("s1"))
    fresh = asyncio.run(
        MaskingSQLTrackerStore(host=url, domain=domain, cache_conversations=0).retrieve("s1")
    )
    assert store.cached_conversations() == 1
    assert [e.as_dict() for e in cached.events] == [e.as_dict() for e in fresh.events]
    assert cached.current_state() == fresh.current_state()
    stored = _stored(url, "s1")
    assert len(stored) == 9
    assert PHONE not in json.dumps(stored)
    assert PHONE not in json.dumps(cached.current_state())
    assert cached.get_slot("user_age") == fresh.get_slot("user_age")


def test_a_cached_read_and_a_save_do_not_query_the_events(tmp_path, domain):
    store = MaskingSQLTrackerStore(host=_url(tmp_path), domain=domain)
    asyncio.run(_converse(store, "s1", [_turn("hei", "Hei!", 1000.0)]))
    statements = _count_statements(store.engine)

    tracker = asyncio.run(store.retrieve("s1"))
    assert statements == []  # no SQL through SQLAlchemy: only SQLite's data_version
    for event in _turn("mer", "Her er mer.", 1010.0):
        tracker.update(event)
    statements.clear()
    asyncio.run(store.save(tracker))
    assert statements == []  # the insert goes straight through the kept SQLite connection
    assert len(_stored(_url(tmp_path), "s1")) == 8


def test_a_conversation_deleted_elsewhere_is_not_served_from_the_cache(tmp_path, domain):
    url = _url(tmp_path)
    store = MaskingSQLTrackerStore(host=url, domain=domain)
    asyncio.run(_converse(store, "s1", [_turn("hei", "Hei!", 1000.0)]))
    asyncio.run(_converse(store, "s2", [_turn("hallo", "Hei!", 1000.0)]))
    assert asyncio.run(store.retrieve("s1")) is not None

    assert delete_conversation(url, "s1")["events"] == 4

    assert asyncio.run(store.retrieve("s1")) is None
    assert len(asyncio.run(store.retrieve("s2")).events) == 4
    # The next message starts a new conversation: only its own events are stored.
    asyncio.run(_converse(store, "s1", [_turn("ny start", "Hei igjen!", 2000.0)]))
    assert [e["event"] for e in _stored(url, "s1")] == ["user", "action", "bot", "action"]


def test_two_processes_sharing_the_database_take_turns_in_one_conversation(tmp_path, domain):
    url = _url(tmp_path)
    first = MaskingSQLTrackerStore(host=url, domain=domain)
    second = MaskingSQLTrackerStore(host=url, domain=domain)
    for index in range(6):
        store = first if index % 2 == 0 else second
        asyncio.run(_converse(store, "s1", [_turn(f"melding {index}", "svar", 1000.0 + index)]))
    stored = _stored(url, "s1")
    assert [e["text"] for e in stored if e["event"] == "user"] == [
        f"melding {index}" for index in range(6)
    ]
    assert len(stored) == 24
    for store in (first, second):
        tracker = asyncio.run(store.retrieve("s1"))
        assert len(tracker.events) == 24
        statements = _count_statements(store.engine)
        asyncio.run(store.retrieve("s1"))
        assert statements == []  # up to date: served from the cache


def test_a_tracker_that_is_not_the_cached_one_is_saved_without_duplicates(tmp_path, domain):
    url = _url(tmp_path)
    store = MaskingSQLTrackerStore(host=url, domain=domain)
    asyncio.run(_converse(store, "s1", [_turn("hei", "Hei!", 1000.0)]))
    other = asyncio.run(MaskingSQLTrackerStore(host=url, domain=domain).retrieve("s1"))
    for event in _turn("mer", "Mer.", 1010.0):
        other.update(event)
    # `other` was read by another store: this one's cache knows 4 events, the tracker 8.
    asyncio.run(store.save(other))
    assert len(_stored(url, "s1")) == 8

    unrelated = asyncio.run(store.retrieve("s1"))
    unrelated.events.clear()
    for event in _turn("annet", "Annet.", 500.0) + _turn("x", "y", 600.0) + _turn("z", "w", 700.0):
        unrelated.update(event)
    asyncio.run(store.save(unrelated))  # 12 events, first 8 not the stored ones: counted
    assert len(_stored(url, "s1")) == 12


def test_after_a_new_session_the_cache_holds_what_the_database_returns(tmp_path, domain):
    url = _url(tmp_path)
    store = MaskingSQLTrackerStore(host=url, domain=domain)
    asyncio.run(_converse(store, "s1", [_turn("hei", "Hei!", 1000.0)]))
    new_session = [
        ActionExecuted("action_session_start", timestamp=5000.0),
        SessionStarted(timestamp=5000.1),
        ActionExecuted("action_listen", timestamp=5000.2),
    ]
    asyncio.run(_converse(store, "s1", [new_session, _turn("igjen", "Hei!", 5001.0)]))
    statements = _count_statements(store.engine)
    tracker = asyncio.run(store.retrieve("s1"))
    assert statements == []  # served from the cache
    fresh = asyncio.run(
        MaskingSQLTrackerStore(host=url, domain=domain, cache_conversations=0).retrieve("s1")
    )
    assert [e.as_dict() for e in tracker.events] == [e.as_dict() for e in fresh.events]
    assert tracker.events[0].type_name == "session_started"
    assert len(_stored(url, "s1")) == 11


def test_without_the_cache_the_store_still_saves_only_new_events(tmp_path, domain, monkeypatch):
    monkeypatch.setenv("EDI_TRACKER_CACHE", "0")
    url = _url(tmp_path)
    store = MaskingSQLTrackerStore(host=url, domain=domain)
    asyncio.run(_converse(store, "s1", [_turn("a", "b", 1.0), _turn(f"c {PHONE}", "d", 2.0)]))
    assert store.cached_conversations() == 0
    stored = _stored(url, "s1")
    assert len(stored) == 8
    assert PHONE not in json.dumps(stored)


def test_the_sqlite_file_is_in_wal_mode(tmp_path, domain):
    store = MaskingSQLTrackerStore(host=_url(tmp_path), domain=domain)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_cache_keeps_the_most_recent_conversations_for_a_while():
    clock = _Clock()
    cache = TrackerCache(2, idle_seconds=60, clock=clock)
    cache.put("a", [])
    cache.put("b", [])
    assert cache.get("a") == []  # a is now the most recent
    cache.put("c", [])
    assert cache.get("b") is None
    assert len(cache) == 2
    clock.now = 61
    assert cache.get("a") is None
    assert cache.get("c") is None
