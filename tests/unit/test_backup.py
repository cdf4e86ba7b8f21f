"""`python -m bot backup` / `restore` with SQLite files (the online backup API): a backup
restored into fresh files answers the same question the same way and holds the same tickets,
feedback and conversations. PostgreSQL (pg_dump/pg_restore) is tested in
tests/integration/test_scale_out.py."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3

import pytest

from bot.cli import main
from bot.guidance.answers import aspect_of, describe
from bot.ops import backup as backup_module
from bot.tickets.service import create_ticket, list_tickets
from bot.web.feedback import save_vote
from knowledge.search import get_index

QUESTION = "Hvem kan være med på Jobbskolen?"


def answer(url: str, question: str = QUESTION) -> list:
    """What the assistant's answer action composes for a question, from this database."""
    index = get_index(url)
    match = index.find_by_name(question)[0]
    return describe(match.tiltak, aspect_of(question, None), question, index)


def _conversation(tracker_url: str, sender: str) -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa.tracker_store import MaskingSQLTrackerStore

    store = MaskingSQLTrackerStore(host=tracker_url)
    events = [UserUttered(QUESTION), ActionExecuted("action_answer_tiltak"), BotUttered("Svar")]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()


def _rows(path, query: str) -> list:
    with sqlite3.connect(path) as connection:
        return connection.execute(query).fetchall()


@pytest.fixture
def filled(tmp_path, knowledge_db, monkeypatch):
    main_db, tracker_db = tmp_path / "live" / "edi.db", tmp_path / "live" / "tracker.db"
    main_db.parent.mkdir()
    shutil.copy(knowledge_db.removeprefix("sqlite:///"), main_db)
    main_url, tracker_url = f"sqlite:///{main_db}", f"sqlite:///{tracker_db}"
    reference = create_ticket(
        "ungdom",
        {"first_name": "Kari", "contact_info": "kari@example.no"},
        {"need": "jobb"},
        [("bruker", "hei")],
        url=main_url,
    )
    save_vote("0123456789abcdef0123456789abcdef", "m1", "up", url=main_url)
    _conversation(tracker_url, "backup-test-sender")
    monkeypatch.setenv("DATABASE_URL", main_url)
    monkeypatch.setenv("TRACKER_DATABASE_URL", tracker_url)
    return main_db, tracker_db, reference


def test_a_restored_backup_answers_the_same_question_the_same_way(
    tmp_path, filled, monkeypatch, capsys
):
    main_db, tracker_db, reference = filled
    assert main(["backup", str(tmp_path / "backups")]) == 0
    folder = next((tmp_path / "backups").iterdir())
    assert f"Backup lagret i {folder}" in capsys.readouterr().out
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [entry["roles"] for entry in manifest["files"]] == [["main"], ["conversations"]]
    assert str(tmp_path) not in (folder / "manifest.json").read_text()  # no paths or URLs
    assert oct(folder.stat().st_mode & 0o777) == "0o700"

    fresh_main, fresh_tracker = tmp_path / "fresh" / "edi.db", tmp_path / "fresh" / "tracker.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{fresh_main}")
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{fresh_tracker}")
    assert main(["restore", str(folder)]) == 0
    assert "Gjenopprettet: main (sqlite); conversations (sqlite)" in capsys.readouterr().out

    original = answer(f"sqlite:///{main_db}")
    assert original and original[0].values["name"] == "Jobbskolen"
    assert answer(f"sqlite:///{fresh_main}") == original
    restored = [t.reference for t in list_tickets(("ungdom",), url=f"sqlite:///{fresh_main}")]
    assert reference in restored
    assert restored == [t.reference for t in list_tickets(("ungdom",), url=f"sqlite:///{main_db}")]
    for query in ("select session_id, value from feedback", "select * from ticket"):
        assert _rows(fresh_main, query) == _rows(main_db, query)
    events = "select sender_id, type_name, data from events order by id"
    assert _rows(fresh_tracker, events) == _rows(tracker_db, events)


def test_a_changed_backup_file_is_refused(tmp_path, filled, capsys):
    assert main(["backup", str(tmp_path / "backups")]) == 0
    folder = next((tmp_path / "backups").iterdir())
    with (folder / "2-conversations.sqlite3").open("ab") as handle:
        handle.write(b"x")
    assert main(["restore", str(folder)]) == 1
    assert "er endret siden backupen ble tatt" in capsys.readouterr().err
    assert main(["restore", str(tmp_path)]) == 1
    assert "er ikke en backup" in capsys.readouterr().err


def test_a_sqlite_backup_is_not_poured_into_postgresql(tmp_path, filled):
    folder = backup_module.backup(
        f"sqlite:///{filled[0]}", f"sqlite:///{filled[1]}", tmp_path / "backups"
    )
    with pytest.raises(backup_module.BackupError, match="kan ikke legges inn i postgresql"):
        backup_module.restore(folder, "postgresql://x@127.0.0.1:1/edi", f"sqlite:///{filled[1]}")


def test_only_the_newest_backups_are_kept(tmp_path, filled, capsys):
    import datetime as dt

    for day in range(1, 4):
        now = dt.datetime(2026, 1, day, 2, 30, tzinfo=dt.timezone.utc)
        backup_module.backup(
            f"sqlite:///{filled[0]}", f"sqlite:///{filled[1]}", tmp_path / "b", now
        )
    assert main(["backup", str(tmp_path / "b"), "--keep", "2"]) == 0
    assert "Slettet 2 eldre backup(er)" in capsys.readouterr().out
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert len(names) == 2 and names[0] == "edi-20260103-023000"
