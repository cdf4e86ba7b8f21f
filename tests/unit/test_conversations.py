import json
import time

import sqlalchemy as sa

from bot.web.conversations import delete_older_than


def _store(url: str, rows: list[tuple[str, float]]) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "create table events (id integer primary key, sender_id text, type_name text, "
                "timestamp float, intent_name text, action_name text, data text)"
            )
        )
        for sender, timestamp in rows:
            connection.execute(
                sa.text("insert into events (sender_id, timestamp, data) values (:s, :t, :d)"),
                {"s": sender, "t": timestamp, "d": json.dumps({"event": "user"})},
            )
    engine.dispose()


def test_only_conversations_idle_longer_than_the_limit_are_deleted(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    now = time.time()
    day = 86400
    _store(
        url,
        [
            ("old", now - 40 * day),
            ("old", now - 35 * day),
            ("mixed", now - 40 * day),
            ("mixed", now - 1 * day),
            ("new", now - 2 * day),
        ],
    )
    assert delete_older_than(url, 30, now=now) == 1
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        left = {row[0] for row in connection.execute(sa.text("select sender_id from events"))}
    assert left == {"mixed", "new"}


def test_missing_table_is_fine(tmp_path):
    assert delete_older_than(f"sqlite:///{tmp_path / 'empty.db'}", 30) == 0
