"""`python -m bench.rasa_variant ARGS`: `bot.rasa_server` with changes under test, for the
alternatives of `make bench` only. `EDI_BENCH_RASA_VARIANTS` (comma-separated) says which:

- `no_speedups`: without `bot.rasa_speedups` (Rasa 3.6 as shipped: a new jsonschema validator,
  and a check of the schema itself, for every action-server answer);
- `sqlite_wal`: the SQLite tracker database in WAL mode with `synchronous=NORMAL` (no fsync
  per commit; a power cut can lose the last turns, never corrupt the file), set on each new
  connection as knowledge/database.py does for the knowledge database.
"""

from __future__ import annotations

import os
import runpy

VARIANTS_ENV = "EDI_BENCH_RASA_VARIANTS"


def _no_speedups() -> None:
    import bot.rasa_speedups

    bot.rasa_speedups.install = lambda: None


def _sqlite_wal() -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from sqlalchemy import event

    original = SQLTrackerStore.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.engine.dialect.name != "sqlite":
            return

        @event.listens_for(self.engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    SQLTrackerStore.__init__ = __init__


VARIANTS = {"no_speedups": _no_speedups, "sqlite_wal": _sqlite_wal}


def install(names: str) -> None:
    for name in filter(None, (part.strip() for part in names.split(","))):
        VARIANTS[name]()


if __name__ == "__main__":
    install(os.environ.get(VARIANTS_ENV, ""))
    runpy.run_module("bot.rasa_server", run_name="__main__", alter_sys=True)
