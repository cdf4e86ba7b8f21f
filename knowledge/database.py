"""Engine and session factory for the knowledge database.

Nothing connects at import time: `get_engine()` creates one engine per URL on first use and
reuses it (and its connection pool) afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from bot.settings import env_database_url, env_sqlite_busy_timeout
from knowledge.paths import REPO_DIR

DEFAULT_SQLITE_PATH = REPO_DIR / "var" / "edi.db"

# The one declarative base of every table in DATABASE_URL: the knowledge base's, and bot's
# cases, users, feedback and review queue. Here, in the lowest layer, because knowledge/ must
# not import bot/; one metadata means one create_all (bot.database.init_db) makes them all.
Base = declarative_base()


def database_url() -> str:
    """`DATABASE_URL` if set, else a SQLite file under `var/`."""
    return env_database_url() or f"sqlite:///{DEFAULT_SQLITE_PATH}"


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        busy_timeout = env_sqlite_busy_timeout()
        engine = create_engine(url, future=True, connect_args={"timeout": busy_timeout})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # Deleted rows (tickets, notes, feedback) are overwritten with zeros, not left in
            # free space of the file.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def checkpoint_wal(engine: Engine, attempts: int = 5) -> bool:
    """After deleting personal data from a SQLite file in WAL mode: copy the WAL into the
    file and truncate it, so the deleted rows are in neither (with `secure_delete` their space
    in the file is zeroed). Another connection in the middle of a read makes SQLite answer
    "busy": tried a few times. True when the WAL is empty. Other databases: nothing to do."""
    if engine.dialect.name != "sqlite":
        return True
    for attempt in range(attempts):
        with engine.connect() as connection:
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()[0]
        if not busy:
            return True
        time.sleep(0.05 * (attempt + 1))
    return False


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    factory = sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
