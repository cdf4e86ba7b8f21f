"""Rasa tracker store: SQL (SQLite file by default, PostgreSQL by URL) that masks personal
data before events are written. Configured in endpoints.yml.

Per message Rasa reads a conversation's tracker and writes its new events. Rasa's own
`SQLTrackerStore` opens a new connection for every read and write on SQLite, reads all the
conversation's events back, rebuilds the tracker from JSON and counts the stored events
before each save: about half of the Rasa server's time per message (bench/report.md).

This store instead
- keeps the events it has stored, already masked, for recently active conversations
  (`TrackerCache`), so a read rebuilds the tracker from them and a save writes only the new
  events without counting the stored ones first. The cache holds exactly what the database
  holds: before a cached conversation is used, one indexed query asks for the id of its newest
  stored event, and if that is not the id the cache knows (another Rasa process answered in the
  meantime, the web app deleted the conversation, the retention job ran), the conversation is
  read from the database again. Several Rasa processes can share one database this way;
- on a SQLite file, keeps one connection open, in WAL mode with `synchronous=NORMAL` (no fsync
  per commit; a power cut can lose the last turns, never corrupt the file). PostgreSQL has
  SQLAlchemy's connection pool.

Masking (`bot.rasa.privacy`): every event is masked before it is written. The one exception is the
phone number or e-mail address in the slot `contact_info` while a handoff the user consented
to is under way. When the handoff form is over (ticket sent, cancelled, declined, a crisis),
the store rewrites the rows the form left (`scrub_handoff_rows`: consented slots, the answers
to them, the summary) and, on SQLite, empties the WAL file; with `secure_delete` the old bytes
are overwritten in the database file too.
"""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from bot.rasa.privacy import CONSENTED_SLOTS, mask_event_dict, scrub_handoff_rows
from bot.settings import load_settings

logger = logging.getLogger(__name__)


class Stored(NamedTuple):
    """A conversation's stored events (of its latest session) and the id of its newest row
    (None: nothing stored)."""

    last_id: int | None
    events: list[Event]


class TrackerCache:
    """The stored (masked) events of the most recently used conversations: at most
    `max_conversations`, each dropped after `idle_seconds` without use."""

    def __init__(self, max_conversations: int, idle_seconds: float = 1800.0, clock=time.monotonic):
        self.max_conversations = max_conversations
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, Stored]] = OrderedDict()

    def get(self, sender_id: str) -> Stored | None:
        entry = self._entries.get(sender_id)
        if entry is None:
            return None
        now = self._clock()
        if now - entry[0] > self.idle_seconds:
            del self._entries[sender_id]
            return None
        self._entries[sender_id] = (now, entry[1])
        self._entries.move_to_end(sender_id)
        return entry[1]

    def put(self, sender_id: str, stored: Stored) -> None:
        self._entries[sender_id] = (self._clock(), stored)
        self._entries.move_to_end(sender_id)
        while len(self._entries) > self.max_conversations:
            self._entries.popitem(last=False)

    def drop(self, sender_id: str) -> None:
        self._entries.pop(sender_id, None)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
INSERT_EVENT = (
    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Deleted and rewritten rows (a scrubbed handoff, a deleted conversation) are overwritten
    # with zeros in the file, not left in free space.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


HANDOFF_FORM = "handoff_form"
HANDOFF_END_ACTIONS = frozenset({"action_submit_handoff", "action_cancel_handoff"})


def handoff_in_progress(tracker: DialogueStateTracker) -> bool:
    """A handoff the user has consented to is under way: its contact slot may be stored."""
    return tracker.active_loop_name == HANDOFF_FORM and tracker.get_slot("handoff_consent") == "ja"


def _ends_a_form(events: list[Event]) -> bool:
    """The new events may end the handoff form or reset its slots."""
    for event in events:
        if isinstance(event, (ActiveLoop, Restarted, SessionStarted, AllSlotsReset)):
            return True
        if isinstance(event, SlotSet) and event.key in CONSENTED_SLOTS:
            return True
        if isinstance(event, ActionExecuted) and event.action_name in HANDOFF_END_ACTIONS:
            return True
    return False


def _latest_session(events: list[Event]) -> list[Event]:
    """The events a read from the database returns: those from the latest session start on
    (`SQLTrackerStore._event_query`: timestamp at or after the newest `SessionStarted`)."""
    starts = [event.timestamp for event in events if isinstance(event, SessionStarted)]
    if not starts:
        return events
    newest = max(starts)
    return [event for event in events if event.timestamp >= newest]


def _same_event(a: Event, b: Event) -> bool:
    return a.type_name == b.type_name and a.timestamp == b.timestamp


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        host: str | None = None,
        domain=None,
        event_broker=None,
        cache_conversations: int | None = None,
        **kwargs,
    ):
        url = make_url(host or kwargs.pop("url", None) or "sqlite:///var/tracker.db")
        kwargs.pop("url", None)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            **kwargs,
        )
        self._sqlite = None
        if self.engine.dialect.name == "sqlite" and url.database not in (None, "", ":memory:"):
            self._keep_one_connection()
        elif self.engine.dialect.name == "postgresql":
            self._ping_before_use()
        if cache_conversations is None:
            cache_conversations = load_settings().tracker_cache_conversations
        self._cache = (
            TrackerCache(int(cache_conversations)) if int(cache_conversations) > 0 else None
        )
        events = self.SQLEvent.__table__
        self._last_id_query = sa.select(sa.func.max(events.c.id)).where(
            events.c.sender_id == sa.bindparam("sender_id")
        )

    def _keep_one_connection(self) -> None:
        """One SQLite connection for the store's life (Rasa uses it from its one event loop)
        instead of SQLAlchemy 1.4's NullPool, which opens a new one for every session."""
        engine = sa.create_engine(
            self.engine.url,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False, "timeout": 5},
        )
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        self.engine.dispose()
        self.engine = engine
        self.sessionmaker.configure(bind=engine)
        # The pool's one connection itself, for the newest-id query of every message.
        proxy = engine.raw_connection()
        self._sqlite = proxy.dbapi_connection
        proxy.close()  # back to the pool, which keeps it open

    def _ping_before_use(self) -> None:
        """PostgreSQL: test a pooled connection before using it. After the server restarted
        (an update, a failover) every pooled connection is dead; without the ping the next
        message's read fails, Rasa falls back to an empty in-memory tracker and the
        conversation loses what was said before (tests/integration/test_scale_out.py)."""
        from rasa.core.tracker_store import create_engine_kwargs

        engine = sa.create_engine(
            self.engine.url, pool_pre_ping=True, **create_engine_kwargs(self.engine.url)
        )
        self.engine.dispose()
        self.engine = engine
        self.sessionmaker.configure(bind=engine)

    def _last_id(self, sender_id: str) -> int | None:
        """The id of the conversation's newest stored event (one lookup in the sender index)."""
        if self._sqlite is not None:
            row = self._sqlite.execute(
                "SELECT max(id) FROM events WHERE sender_id = ?", (sender_id,)
            ).fetchone()
            return row[0]
        with self.engine.connect() as connection:
            return connection.execute(self._last_id_query, {"sender_id": sender_id}).scalar()

    def cached_conversations(self) -> int:
        return len(self._cache) if self._cache is not None else 0

    # -- reading ------------------------------------------------------------------------

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        if self._cache is None:
            return await super().retrieve(sender_id)
        last_id = self._last_id(sender_id)
        stored = self._cache.get(sender_id)
        if stored is not None and stored.last_id == last_id:
            if not stored.events:
                return None
            return DialogueStateTracker.from_events(sender_id, stored.events, self.domain.slots)
        # Nobody else writes this conversation meanwhile: Rasa's lock store holds its lock.
        tracker = await super().retrieve(sender_id) if last_id is not None else None
        events = list(tracker.events) if tracker is not None else []
        self._cache.put(sender_id, Stored(last_id, events))
        return tracker

    # -- writing ------------------------------------------------------------------------

    def _cached_count(self, tracker: DialogueStateTracker) -> int | None:
        """How many of the tracker's events are stored already, if the cache knows."""
        if self._cache is None:
            return None
        stored = self._cache.get(tracker.sender_id)
        if stored is None:
            return None
        count = len(stored.events)
        if count == 0:
            return 0
        if len(tracker.events) >= count and _same_event(
            tracker.events[count - 1], stored.events[-1]
        ):
            return count
        self._cache.drop(tracker.sender_id)
        return None

    def _insert(self, rows: list[dict]) -> None:
        """One transaction. On SQLite straight through the kept connection (SQLAlchemy's
        session adds about a millisecond per message)."""
        if self._sqlite is not None:
            with self._sqlite:  # commits, or rolls back on an error
                self._sqlite.executemany(
                    INSERT_EVENT, [tuple(row[c] for c in COLUMNS) for row in rows]
                )
            return
        with self.engine.begin() as connection:
            connection.execute(sa.insert(self.SQLEvent.__table__), rows)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the tracker's new events, masked, in one transaction."""
        await self.stream_events(tracker)
        stored_count = self._cached_count(tracker)
        if stored_count is None:
            with self.session_scope() as session:
                stored_count = self._event_query(
                    session, tracker.sender_id, fetch_events_from_all_sessions=False
                ).count()
        new_events = list(itertools.islice(tracker.events, stored_count, None))
        if not new_events:
            return
        keep_contact = handoff_in_progress(tracker)
        rows, masked_events = self._masked_rows(tracker.sender_id, new_events, keep_contact)
        self._insert(rows)
        if not keep_contact and _ends_a_form(new_events) and self._try_scrub(tracker.sender_id):
            return
        if self._cache is None:
            return
        stored = self._cache.get(tracker.sender_id)
        if stored is None:
            return
        events = _latest_session(stored.events + masked_events)
        self._cache.put(tracker.sender_id, Stored(self._last_id(tracker.sender_id), events))

    # -- after a handoff form ----------------------------------------------------------------

    def _rows_of(self, sender_id: str) -> list[tuple[int, dict]]:
        query = (
            "SELECT id, data FROM events WHERE sender_id = :sender AND type_name IN "
            "('slot', 'user', 'bot') ORDER BY id"
        )
        if self._sqlite is not None:
            found = self._sqlite.execute(query.replace(":sender", "?"), (sender_id,)).fetchall()
        else:
            with self.engine.connect() as connection:
                found = connection.execute(sa.text(query), {"sender": sender_id}).all()
        return [(row_id, json.loads(data)) for row_id, data in found]

    def _try_scrub(self, sender_id: str) -> bool:
        """Scrub, but never fail the user's message over it: the next end of a form (or the
        retention job) tries again."""
        try:
            return self.scrub_handoff(sender_id)
        except (sqlite3.Error, SQLAlchemyError, ValueError):
            logger.warning("handoff rows of a conversation not scrubbed", exc_info=True)
            if self._cache is not None:
                self._cache.drop(sender_id)
            return True

    def scrub_handoff(self, sender_id: str) -> bool:
        """Rewrite what a finished handoff form left in the conversation's stored events
        (all its sessions). True when rows were changed (the cached events are dropped)."""
        changed = scrub_handoff_rows(self._rows_of(sender_id))
        if not changed:
            return False
        values = [(json.dumps(data), row_id) for row_id, data in changed]
        if self._sqlite is not None:
            with self._sqlite:
                self._sqlite.executemany("UPDATE events SET data = ? WHERE id = ?", values)
            # The WAL file still holds the pages as first written: copy and empty it.
            self._sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        else:
            table = self.SQLEvent.__table__
            with self.engine.begin() as connection:
                connection.execute(
                    table.update()
                    .where(table.c.id == sa.bindparam("row_id"))
                    .values(data=sa.bindparam("new_data")),
                    [{"new_data": data, "row_id": row_id} for data, row_id in values],
                )
        if self._cache is not None:
            self._cache.drop(sender_id)
        return True

    @staticmethod
    def _masked_rows(
        sender_id: str, events: Iterable[Event], keep_contact: bool = False
    ) -> tuple[list[dict], list[Event]]:
        rows, masked_events = [], []
        for event in events:
            data = mask_event_dict(event.as_dict(), keep_contact=keep_contact)
            masked = Event.from_parameters(data)
            if masked is None:
                raise ValueError(f"cannot store event of type {event.type_name}")
            parse_data = data.get("parse_data")
            intent = parse_data.get("intent", {}) if isinstance(parse_data, dict) else {}
            rows.append(
                {
                    "sender_id": sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": (intent or {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
            )
            masked_events.append(masked)
        return rows, masked_events
