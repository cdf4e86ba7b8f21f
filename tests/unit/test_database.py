"""bot.database.init_db: one call makes every store's tables, on the one shared Base."""

from __future__ import annotations

import sqlalchemy as sa

from bot.database import init_db
from knowledge.database import Base, get_engine


def test_init_db_creates_the_tables_of_every_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'edi.db'}"
    init_db(url)
    tables = set(sa.inspect(get_engine(url)).get_table_names())
    # The knowledge base, cases, users, feedback and the review queue: all from one call, even
    # in a process where none of their modules was imported yet.
    for table in ("tiltak", "ticket", "coordinator", "inbox_session", "login_failure", "feedback"):
        assert table in tables, table
    assert "review_example" in tables
    assert set(Base.metadata.tables) <= tables
    init_db(url)  # a second call in the process is a no-op


def test_every_model_uses_the_shared_base():
    from bot.tickets import models as tickets
    from bot.web import feedback, unanswered
    from knowledge import models as knowledge

    for module in (knowledge, tickets, feedback, unanswered):
        assert module.Base is Base, module.__name__
