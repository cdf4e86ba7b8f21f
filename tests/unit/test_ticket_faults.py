"""A locked database during a handoff: retried, then a clear error, never half a ticket."""

import sqlite3
import threading
import time

import pytest

from bot.database import init_db
from bot.tickets.service import TicketError, create_ticket, list_tickets

QUEUES = ("arbeidsgiver", "ungdom")


def _lock(path, seconds: float, ready: threading.Event):
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    ready.set()
    time.sleep(seconds)
    connection.execute("ROLLBACK")
    connection.close()


@pytest.fixture()
def locked_db(tmp_path, monkeypatch):
    monkeypatch.setenv("EDI_SQLITE_BUSY_TIMEOUT", "0.2")
    path = tmp_path / "tickets.db"
    url = f"sqlite:///{path}"
    init_db(url)
    return path, url


def test_ticket_is_retried_until_the_lock_is_gone(locked_db, monkeypatch):
    path, url = locked_db
    monkeypatch.setattr("bot.tickets.service.RETRY_PAUSE_SECONDS", 0.3)
    ready = threading.Event()
    thread = threading.Thread(target=_lock, args=(path, 0.8, ready))
    thread.start()
    ready.wait()
    reference = create_ticket("ungdom", {"first_name": "Ali"}, {"behov": "jobb"}, [], url=url)
    thread.join()
    assert [t.reference for t in list_tickets(QUEUES, url=url)] == [reference]


def test_a_lasting_lock_gives_a_clear_error_and_no_ticket(locked_db, monkeypatch):
    path, url = locked_db
    monkeypatch.setattr("bot.tickets.service.RETRY_PAUSE_SECONDS", 0.01)
    ready = threading.Event()
    thread = threading.Thread(target=_lock, args=(path, 3.0, ready))
    thread.start()
    ready.wait()
    with pytest.raises(TicketError, match="kunne ikke lagres"):
        create_ticket("ungdom", {"first_name": "Ali"}, {"behov": "jobb"}, [], url=url)
    thread.join()
    assert list_tickets(QUEUES, url=url) == []
