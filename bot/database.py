"""One schema for the one database (DATABASE_URL): every table shares knowledge.database.Base,
and init_db() makes the missing ones once per URL in this process, so each store (cases,
users, feedback, review queue) asks for the same thing instead of keeping its own
create_schema."""

from __future__ import annotations

import importlib

from knowledge.database import get_engine

# The modules that define tables on the shared Base.
TABLE_MODULES = (
    "knowledge.models",
    "bot.tickets.models",
    "bot.tickets.users",
    "bot.web.feedback",
    "bot.web.unanswered",
)
_ready: set[str] = set()


def init_db(url: str | None = None) -> None:
    """Create missing tables (and the knowledge base's added columns) once per database URL."""
    engine = get_engine(url)
    key = str(engine.url)
    if key in _ready:
        return
    # Every module that defines tables, so the shared metadata knows them all (imported here,
    # not at the top: those modules call init_db themselves).
    for module in TABLE_MODULES:
        importlib.import_module(module)
    from knowledge.store import create_schema

    create_schema(url)  # create_all of the shared Base, plus tiltak's columns added later
    _ready.add(key)
