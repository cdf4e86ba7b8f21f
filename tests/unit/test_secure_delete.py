"""A deleted conversation cannot be read back from the database files (issue 14, item 6):
after "Slett samtalen" (the web app's DELETE /api/conversations/{id}, the real path) and after
the retention job, neither `tracker.db` nor `tracker.db-wal` nor the feedback database holds
a byte of it, while the Rasa process's tracker store keeps its connection open."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.tickets import service
from bot.tickets.models import utcnow
from bot.web import conversations, feedback
from tests.web_client import run_app

MARKER = "kvokkasebramarkoer"
SESSION = "quokkasessionzebra0123456789abcd"
KEPT = "keptsessionabcdefghijklmnopqrstu"


@pytest.fixture(autouse=True)
def _tracker_from_settings(monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)


def _store(tracker_url: str):
    from bot.rasa.tracker_store import MaskingSQLTrackerStore

    return MaskingSQLTrackerStore(host=tracker_url, cache_conversations=0)


def _write(store, sender: str, words: str, turns: int = 40) -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = []
    for turn in range(turns):
        events += [
            UserUttered(f"{words} spørsmål nummer {turn} om jobbskolen " + "x" * 200),
            ActionExecuted("action_answer_tiltak"),
            BotUttered(f"Svar til {words}: " + "y" * 300),
        ]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def _hits(*paths: Path, needles=(MARKER, SESSION)) -> dict[str, int]:
    hits = {}
    for path in paths:
        data = path.read_bytes() if path.exists() else b""
        for needle in needles:
            count = data.count(needle.encode())
            if count:
                hits[f"{path.name}:{needle}"] = count
    return hits


def test_slett_samtalen_leaves_no_bytes_in_the_files(tmp_path):
    settings = dataclasses.replace(
        Settings(), var_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'edi.db'}"
    )
    store = _store(settings.tracker_url)  # as the running Rasa server: one open connection
    _write(store, KEPT, "beholdt")
    _write(store, SESSION, MARKER)
    _write(store, KEPT, "beholdt igjen", turns=5)
    feedback.save_vote(SESSION, "svar-1", "up", settings.database_url)
    db = tmp_path / "tracker.db"
    wal = tmp_path / "tracker.db-wal"
    assert _hits(db, wal), "the conversation is stored before it is deleted"

    async def check(client):
        response = await client.delete(f"/api/conversations/{SESSION}")
        assert response.status == 200
        assert (await response.json())["deleted"]["feedback"] == 1

    run_app(settings, check)
    _write(store, KEPT, "etterpå", turns=3)  # the store goes on working
    edi = tmp_path / "edi.db"
    assert _hits(db, wal, edi, Path(f"{edi}-wal")) == {}
    assert _hits(db, wal, needles=("beholdt",)), "the other conversation is still there"


def test_retention_and_anonymising_leave_no_bytes_in_the_files(tmp_path):
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = _store(tracker_url)
    _write(store, SESSION, MARKER)
    later = time.time() + 40 * 86400
    assert conversations.delete_older_than(tracker_url, 30, now=later) == 1
    assert _hits(tmp_path / "tracker.db", tmp_path / "tracker.db-wal") == {}

    url = f"sqlite:///{tmp_path / 'edi.db'}"
    reference = service.create_ticket(
        "ungdom", {"name": MARKER}, {"audience": "ungdom", "need": MARKER}, [], url=url
    )
    service.close(reference, "vera", "Avtalt møte", ("ungdom",), url=url)
    assert service.anonymise_closed(older_than_days=1, url=url, now=utcnow() + timedelta(2)) == 1
    edi = tmp_path / "edi.db"
    assert _hits(edi, Path(f"{edi}-wal"), needles=(MARKER,)) == {}
