"""Coordinator accounts (`python -m bot users ...`), login lockout, and `python -m bot retention`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from bot import cli
from bot.tickets import service, users
from bot.tickets.models import Ticket, utcnow
from knowledge.database import session_scope

PASSWORD = "et-langt-nok-passord"


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    monkeypatch.setattr(
        users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(users, "_dummy_hash", None)
    url = f"sqlite:///{tmp_path / 'users.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("EDI_NEW_PASSWORD", raising=False)
    return url


def bot(*argv: str) -> int:
    """Run one `python -m bot` command in-process (without main()'s environment changes)."""
    args = cli.build_parser().parse_args(list(argv))
    return args.handler(args)


def test_users_add_list_remove(url, monkeypatch, capsys):
    monkeypatch.setenv("EDI_NEW_PASSWORD", PASSWORD)
    assert bot("users", "add", "Vera", "--role", "veileder") == 0
    assert "La til vera (veileder, ser køen: ungdom)" in capsys.readouterr().out
    monkeypatch.delenv("EDI_NEW_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert bot("users", "add", "anne", "--role", "admin") == 0
    capsys.readouterr()

    assert bot("users", "list") == 0
    out = capsys.readouterr().out
    assert "vera\tveileder\tungdom" in out
    assert "anne\tadmin\tarbeidsgiver, ungdom" in out
    assert PASSWORD not in out

    stored = {u.username: u for u in users.list_users(url=url)}
    assert stored["vera"].password_hash.startswith("$argon2")
    assert PASSWORD not in stored["vera"].password_hash

    assert bot("users", "remove", "vera") == 0
    assert bot("users", "remove", "vera") == 1
    assert [u.username for u in users.list_users(url=url)] == ["anne"]


def test_users_add_refuses_short_passwords_duplicates_and_unknown_roles(url, monkeypatch, capsys):
    monkeypatch.setenv("EDI_NEW_PASSWORD", "for-kort")
    assert bot("users", "add", "vera", "--role", "veileder") == 1
    assert "minst 12 tegn" in capsys.readouterr().err
    monkeypatch.setenv("EDI_NEW_PASSWORD", PASSWORD)
    assert bot("users", "add", "vera", "--role", "veileder") == 0
    assert bot("users", "add", "VERA", "--role", "admin") == 1
    assert "finnes allerede" in capsys.readouterr().err
    assert bot("users", "add", "ugyldig navn", "--role", "admin") == 1
    with pytest.raises(SystemExit):
        bot("users", "add", "ola", "--role", "sjef")
    with pytest.raises(users.UserError):
        users.add_user("ola", PASSWORD, "sjef", url=url)
    assert [u.username for u in users.list_users(url=url)] == ["vera"]


def test_login_counts_failures_and_locks_after_five(url):
    users.add_user("vera", PASSWORD, "veileder", url=url)
    now = utcnow()
    assert users.authenticate("vera", PASSWORD, url=url, now=now).status == "ok"
    for _ in range(4):
        assert users.authenticate("vera", "feil-passord-x", url=url, now=now).status == "bad"
    assert users.authenticate("vera", "feil-passord-x", url=url, now=now).status == "locked"
    in_ten = now + dt.timedelta(minutes=10)
    assert users.authenticate("vera", PASSWORD, url=url, now=in_ten).status == "locked"
    in_sixteen = now + dt.timedelta(minutes=16)
    assert users.authenticate("vera", PASSWORD, url=url, now=in_sixteen).status == "ok"
    [vera] = users.list_users(url=url)
    assert vera.failed_attempts == 0 and vera.locked_until is None


def test_a_success_resets_the_failure_count(url):
    users.add_user("vera", PASSWORD, "veileder", url=url)
    for _ in range(4):
        users.authenticate("vera", "feil-passord-x", url=url)
    assert users.authenticate("vera", PASSWORD, url=url).status == "ok"
    for _ in range(4):
        assert users.authenticate("vera", "feil-passord-x", url=url).status == "bad"


def test_users_unlock(url, capsys):
    users.add_user("vera", PASSWORD, "veileder", url=url)
    for _ in range(5):
        users.authenticate("vera", "feil-passord-x", url=url)
    assert bot("users", "list") == 0
    assert "(låst)" in capsys.readouterr().out
    assert bot("users", "unlock", "vera") == 0
    assert users.authenticate("vera", PASSWORD, url=url).status == "ok"


def _close_days_ago(reference: str, days: int, url: str) -> None:
    service.close(reference, "vera", "Avtalt møte", ("ungdom",), url=url)
    with session_scope(url) as session:
        ticket = session.execute(select(Ticket).where(Ticket.reference == reference)).scalar_one()
        ticket.closed_at = utcnow() - dt.timedelta(days=days)


def _ticket(reference: str, url: str) -> Ticket:
    return service.get_ticket(reference, ("ungdom",), url=url)


def test_retention_anonymises_only_closed_tickets_older_than_n_days(url, capsys):
    long_ago = utcnow() - dt.timedelta(days=400)
    contact = {"name": "Siri", "phone": "41234567"}
    summary = {"audience": "ungdom", "tiltak": ["Arbeidstrening"]}
    transcript = [("bruker", "hei")]

    def make() -> str:
        return service.create_ticket("ungdom", contact, summary, transcript, url=url, now=long_ago)

    old_closed, recent_closed, still_open = make(), make(), make()
    service.add_note(old_closed, "vera", "ringte", ("ungdom",), url=url)
    _close_days_ago(old_closed, 100, url)
    _close_days_ago(recent_closed, 10, url)

    assert bot("retention", "--days", "30") == 0
    assert "Anonymiserte 1 sak(er)" in capsys.readouterr().out
    gone = _ticket(old_closed, url)
    assert gone.consented_contact == {} and gone.transcript_excerpt == [] and not gone.notes
    assert gone.summary == {"audience": "ungdom"} and gone.outcome == "Avtalt møte"
    assert gone.anonymised_at is not None
    for reference in (recent_closed, still_open):
        kept = _ticket(reference, url)
        assert kept.consented_contact == contact and kept.anonymised_at is None

    assert bot("retention") == 0, "default: EDI_TICKET_RETENTION_DAYS (90)"
    assert "Anonymiserte 0 sak(er)" in capsys.readouterr().out
    assert bot("retention", "--days", "5") == 0
    assert "Anonymiserte 1 sak(er)" in capsys.readouterr().out
    assert _ticket(still_open, url).consented_contact == contact
