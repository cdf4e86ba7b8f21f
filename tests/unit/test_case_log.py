"""Accountability (issue #18, item 7): every case has an append-only log of who created,
opened, claimed, wrote on, exported, closed and anonymised it; the case page shows it and an
administrator exports all of it as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from bot.tickets import audit, service
from bot.tickets.models import AppendOnly, CaseLogEntry, utcnow
from knowledge.database import session_scope
from tests.unit.test_inbox import inbox, logged_in, run  # noqa: F401 - the fixture


def _log(url: str, reference: str) -> list[tuple[str, str]]:
    with session_scope(url) as session:
        rows = session.execute(
            select(CaseLogEntry.actor, CaseLogEntry.action)
            .where(CaseLogEntry.reference == reference)
            .order_by(CaseLogEntry.id)
        ).all()
    return [tuple(row) for row in rows]


def test_every_step_of_a_case_is_logged_and_shown_on_its_page(inbox):  # noqa: F811
    reference, url = inbox["youth"], inbox["url"]

    async def check(client):
        csrf = await logged_in(client, "vera")
        await client.get(f"/inbox/{reference}")
        await client.get(f"/inbox/{reference}")  # a reload is the same visit
        await client.post(f"/inbox/{reference}/claim", data={"csrf": csrf})
        await client.post(f"/inbox/{reference}/note", data={"csrf": csrf, "text": "ringte"})
        await client.get("/inbox/export.csv")
        response = await client.post(
            f"/inbox/{reference}/close", data={"csrf": csrf, "outcome": "Avtalt møte"}
        )
        page = await response.text()
        for label in ("Saken ble opprettet", "Åpnet saken", "Tok saken", "Skrev et internt notat"):
            assert label in page
        assert "Eksporterte saken (CSV)" in page and "Lukket saken" in page

    run(inbox["settings"], check)
    assert _log(url, reference) == [
        ("(assistenten)", "created"),
        ("vera", "opened"),
        ("vera", "claimed"),
        ("vera", "noted"),
        ("vera", "exported"),
        ("vera", "closed"),
    ]
    # the retention job, a long time after: logged too, and the log itself is kept
    later = utcnow() + dt.timedelta(days=400)
    assert service.anonymise_closed(90, url=url, now=later) == 1
    assert _log(url, reference)[-1] == ("(sletterutinen)", "anonymised")


def test_opening_again_after_a_while_is_a_new_entry(inbox):  # noqa: F811
    reference, url = inbox["employer"], inbox["url"]
    queues = ("arbeidsgiver",)
    now = utcnow()
    assert audit.record_opened(reference, "bernt", queues, url, now)
    assert not audit.record_opened(reference, "bernt", queues, url, now + dt.timedelta(minutes=5))
    assert audit.record_opened(reference, "anne", queues, url, now + dt.timedelta(minutes=6))
    assert audit.record_opened(reference, "bernt", queues, url, now + dt.timedelta(minutes=30))
    assert not audit.record_opened(reference, "vera", ("ungdom",), url, now), "not her queue"
    assert [a for a, _ in _log(url, reference)] == ["(assistenten)", "bernt", "anne", "bernt"]


def test_the_log_cannot_be_changed_or_deleted(inbox):  # noqa: F811
    with pytest.raises(AppendOnly):
        with session_scope(inbox["url"]) as session:
            entry = session.execute(select(CaseLogEntry).limit(1)).scalar_one()
            entry.actor = "noen andre"
    with pytest.raises(AppendOnly):
        with session_scope(inbox["url"]) as session:
            session.delete(session.execute(select(CaseLogEntry).limit(1)).scalar_one())
    assert _log(inbox["url"], inbox["youth"])[0] == ("(assistenten)", "created")


def test_only_an_administrator_exports_the_whole_log(inbox):  # noqa: F811
    async def check(client):
        await logged_in(client, "vera")
        response = await client.get("/inbox/sakslogg.csv")
        assert response.status == 404
        page = await (await client.get("/inbox")).text()
        assert "sakslogg.csv" not in page

    run(inbox["settings"], check)

    async def admin(client):
        await logged_in(client, "anne")
        await client.get(f"/inbox/{inbox['employer']}")
        page = await (await client.get("/inbox")).text()
        assert 'href="/inbox/sakslogg.csv"' in page
        response = await client.get("/inbox/sakslogg.csv")
        assert response.status == 200 and response.content_type == "text/csv"
        assert "edi-sakslogg" in response.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(await response.text())))
        assert rows[0] == audit.LOG_COLUMNS
        entries = [(r[0], r[2], r[3]) for r in rows[1:]]
        assert (inbox["youth"], "(assistenten)", "created") in entries
        assert (inbox["employer"], "anne", "opened") in entries
        assert all(r[4] == audit.ACTIONS[r[3]] for r in rows[1:])
        text = await response.text()
        assert "Siri" not in text and "41234567" not in text, "no personal data in the log"

    run(inbox["settings"], admin)
