"""Stored conversations (Rasa's `events` table): delete one, or all older than N days.

On SQLite every connection here has `secure_delete` on (deleted rows are overwritten with
zeros) and the WAL is checkpointed and truncated after a deletion, so a deleted conversation
cannot be read back from `tracker.db` or `tracker.db-wal`.
"""

from __future__ import annotations

import logging
import time

import sqlalchemy as sa

from knowledge.database import checkpoint_wal

logger = logging.getLogger(__name__)


def _secure_delete(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _engine(tracker_url: str) -> sa.engine.Engine:
    engine = sa.create_engine(tracker_url, future=True)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _secure_delete)
    return engine


def _wipe(engine: sa.engine.Engine) -> None:
    if not checkpoint_wal(engine):
        logger.warning("tracker WAL busy: deleted events stay in it until the next checkpoint")


def _events(engine: sa.engine.Engine) -> sa.Table | None:
    metadata = sa.MetaData()
    try:
        return sa.Table("events", metadata, autoload_with=engine)
    except sa.exc.NoSuchTableError:
        return None


def delete_older_than(tracker_url: str, days: int, now: float | None = None) -> int:
    """Delete whole conversations whose newest event is older than `days`. Returns how many
    conversations were deleted."""
    cutoff = (now or time.time()) - days * 86400
    engine = _engine(tracker_url)
    try:
        events = _events(engine)
        if events is None:
            return 0
        with engine.begin() as connection:
            newest = (
                sa.select(events.c.sender_id)
                .group_by(events.c.sender_id)
                .having(sa.func.max(events.c.timestamp) < cutoff)
            )
            senders = [row[0] for row in connection.execute(newest)]
            for start in range(0, len(senders), 500):
                chunk = senders[start : start + 500]
                connection.execute(sa.delete(events).where(events.c.sender_id.in_(chunk)))
        if senders:
            _wipe(engine)
        return len(senders)
    finally:
        engine.dispose()


def delete_conversation(tracker_url: str, sender_id: str) -> dict[str, int]:
    """Delete every stored event of one conversation. Returns what was deleted: the user's
    messages, the assistant's messages and all events (slots, actions, ...)."""
    engine = _engine(tracker_url)
    try:
        events = _events(engine)
        if events is None:
            return {"user": 0, "bot": 0, "events": 0}
        with engine.begin() as connection:
            counts = dict(
                connection.execute(
                    sa.select(events.c.type_name, sa.func.count())
                    .where(events.c.sender_id == sender_id)
                    .group_by(events.c.type_name)
                ).all()
            )
            deleted = connection.execute(sa.delete(events).where(events.c.sender_id == sender_id))
        if deleted.rowcount:
            _wipe(engine)
        return {
            "user": counts.get("user", 0),
            "bot": counts.get("bot", 0),
            "events": deleted.rowcount,
        }
    finally:
        engine.dispose()
