"""Retention runs inside the service every day (issue #18, item 7), with the periods
/personvern states. The clock is moved, not waited for."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
import time

import pytest

from bot.settings import Settings
from bot.tickets import service
from bot.tickets.models import utcnow
from bot.tickets.retention import DailyRetention, run_retention
from bot.web import retention_task
from tests.unit.test_secure_delete import _store, _write
from tests.web_client import run_app


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def test_the_job_runs_once_a_day_on_a_moved_clock():
    clock = Clock(dt.datetime(2026, 12, 1, 3, 0))
    runs: list[dt.datetime] = []
    daily = DailyRetention(runs.append, clock=clock)
    assert daily.run_if_due() and runs == [clock.now]
    clock.now += dt.timedelta(hours=23)
    assert not daily.run_if_due()
    clock.now += dt.timedelta(hours=1)
    assert daily.run_if_due() and len(runs) == 2
    clock.now += dt.timedelta(days=3)
    assert daily.run_if_due() and runs[-1] == clock.now


def test_a_failed_run_is_tried_again_at_the_next_check():
    calls = []

    def job(now):
        calls.append(now)
        if len(calls) == 1:
            raise OSError("database down")

    clock = Clock(dt.datetime(2026, 12, 1))
    daily = DailyRetention(job, clock=clock)
    sleeps = []

    async def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) > 3:
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(daily.run_forever(60, 600, sleep=sleep))
    assert len(calls) == 2, "the failure did not count as the day's run"
    assert sleeps == [60, 600, 600, 600]


@pytest.fixture
def places(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    settings = dataclasses.replace(
        Settings(),
        var_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'edi.db'}",
        cookie_secure=False,
    )
    return settings


def _closed_ticket(url: str, closed_at: dt.datetime) -> str:
    from sqlalchemy import select

    from bot.tickets.models import Ticket
    from knowledge.database import session_scope

    reference = service.create_ticket("ungdom", {"first_name": "Siri"}, {"need": "jobb"}, [], url)
    service.close(reference, "vera", "Avtalt møte", ("ungdom",), url=url)
    with session_scope(url) as session:
        ticket = session.execute(select(Ticket).where(Ticket.reference == reference)).scalar_one()
        ticket.closed_at = closed_at
    return reference


def test_the_periods_are_the_ones_the_privacy_page_states(places):
    settings = places
    closed_at = dt.datetime(2026, 1, 10, 12, 0)
    reference = _closed_ticket(settings.database_url, closed_at)
    store = _store(settings.tracker_url)
    _write(store, "old-conversation-0123456789", "gamle ord", turns=2)
    written = time.time()

    pages = []

    async def check(client):
        pages.append(await (await client.get("/personvern")).text())

    run_app(settings, check)
    page = pages[0]
    ticket_days = int(re.search(r"slettes etter\s+(\d+) dager etter at saken", page).group(1))
    conversation_days = int(re.search(r"Samtaler slettes etter (\d+) dager", page).group(1))
    assert (ticket_days, conversation_days) == (
        settings.ticket_retention_days,
        settings.conversation_retention_days,
    )

    # one day before the promise runs out: nothing happens
    before = closed_at + dt.timedelta(days=ticket_days - 1)
    assert run_retention(settings, now=before).anonymised == 0
    assert service.get_ticket(reference, ("ungdom",), settings.database_url).consented_contact
    # the day after: the case is anonymised
    after = closed_at + dt.timedelta(days=ticket_days + 1)
    assert run_retention(settings, now=after).anonymised == 1
    ticket = service.get_ticket(reference, ("ungdom",), settings.database_url)
    assert ticket.consented_contact == {} and ticket.anonymised_at == after
    # conversations: kept until the period has passed without activity, then deleted
    soon = dt.datetime.fromtimestamp(written, dt.timezone.utc).replace(tzinfo=None)
    kept = run_retention(settings, now=soon + dt.timedelta(days=conversation_days - 1))
    assert kept.conversations_deleted == 0
    gone = run_retention(settings, now=soon + dt.timedelta(days=conversation_days + 1))
    assert gone.conversations_deleted == 1


def test_the_web_app_runs_the_job_by_itself(places, monkeypatch):
    settings = places
    reference = _closed_ticket(settings.database_url, utcnow() - dt.timedelta(days=400))
    monkeypatch.setattr(retention_task, "FIRST_DELAY_SECONDS", 0.0)

    async def check(client):
        for _ in range(100):
            ticket = service.get_ticket(reference, ("ungdom",), settings.database_url)
            if ticket.anonymised_at is not None:
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the web app did not run the retention job")

    run_app(settings, check)
