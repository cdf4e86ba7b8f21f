"""`python -m bench.rasa_variant ARGS`: `bot.rasa.server` with changes under test, for the
alternatives of `make bench` only. `EDI_BENCH_RASA_VARIANTS` (comma-separated) says which:

- `no_speedups`: without `bot.rasa.speedups` (Rasa 3.6 as shipped: a new jsonschema validator,
  and a check of the schema itself, for every action-server answer);
- `rasa_sql_store`: the masking tracker store without its speed-ups (bot/rasa/tracker_store.py):
  a new SQLite connection per session (SQLAlchemy 1.4's NullPool), the default rollback
  journal with an fsync per commit, no cache, so every message reads the conversation back and
  counts its stored events as Rasa's `SQLTrackerStore` does (set `EDI_TRACKER_CACHE=0` too).
"""

from __future__ import annotations

import os
import runpy

VARIANTS_ENV = "EDI_BENCH_RASA_VARIANTS"


def _no_speedups() -> None:
    import bot.rasa.speedups

    bot.rasa.speedups.install = lambda: None


def _rasa_sql_store() -> None:
    from bot.rasa.tracker_store import MaskingSQLTrackerStore

    MaskingSQLTrackerStore._keep_one_connection = lambda self: None


VARIANTS = {"no_speedups": _no_speedups, "rasa_sql_store": _rasa_sql_store}


def install(names: str) -> None:
    for name in filter(None, (part.strip() for part in names.split(","))):
        VARIANTS[name]()


if __name__ == "__main__":
    install(os.environ.get(VARIANTS_ENV, ""))
    runpy.run_module("bot.rasa.server", run_name="__main__", alter_sys=True)
