"""The case log: who created, opened, claimed, wrote on, exported, closed and anonymised each
case, and when. Entries are only ever added (`CaseLogEntry` refuses updates and deletes); the
case page shows them and an administrator exports them all as CSV for the privacy officer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.tickets.csv_cells import write_csv
from bot.tickets.models import CaseLogEntry, Ticket, utcnow
from knowledge.database import session_scope

ACTIONS = {
    "created": "Saken ble opprettet",
    "opened": "Åpnet saken",
    "claimed": "Tok saken",
    "noted": "Skrev et internt notat",
    "took_chat": "Tok over chatten",
    "wrote": "Skrev til personen i chatten",
    "mailed": "Svarte personen på e-post",
    "texted": "Svarte personen på SMS",
    "released": "Ga chatten tilbake til assistenten",
    "exported": "Eksporterte saken (CSV)",
    "closed": "Lukket saken",
    "anonymised": "Anonymiserte saken",
}
ASSISTANT = "(assistenten)"
RETENTION = "(sletterutinen)"
# Opening the same case again within this time is one visit, not a new entry.
SAME_VISIT = dt.timedelta(minutes=15)
LOG_COLUMNS = ["reference", "time_utc", "actor", "action", "action_label"]


def record(session: Session, ticket: Ticket, actor: str, action: str, now=None) -> None:
    """Add one entry inside the caller's unit of work (it commits with the change itself)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown log action {action}")
    session.add(
        CaseLogEntry(
            ticket_id=ticket.id,
            reference=ticket.reference,
            actor=actor[:80],
            action=action,
            at=now or utcnow(),
        )
    )


def record_opened(reference: str, actor: str, queues: tuple[str, ...], url=None, now=None) -> bool:
    """A coordinator opened the page of a case they may see. False when there is no such case
    or it is the same visit as their last entry on it (a reload, the page after an action)."""
    now = now or utcnow()
    with session_scope(url) as session:
        ticket = session.execute(
            select(Ticket).where(Ticket.reference == reference, Ticket.queue.in_(queues))
        ).scalar_one_or_none()
        if ticket is None:
            return False
        last = session.execute(
            select(CaseLogEntry)
            .where(CaseLogEntry.ticket_id == ticket.id)
            .order_by(CaseLogEntry.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if last is not None and last.actor == actor and now - last.at < SAME_VISIT:
            return False
        record(session, ticket, actor, "opened", now)
    return True


def export_log_csv(url=None) -> str:
    """Every entry of every case, oldest first."""
    with session_scope(url) as session:
        entries = list(session.execute(select(CaseLogEntry).order_by(CaseLogEntry.id)).scalars())
    rows = (
        [
            entry.reference,
            entry.at.isoformat(timespec="seconds"),
            entry.actor,
            entry.action,
            ACTIONS.get(entry.action, entry.action),
        ]
        for entry in entries
    )
    return write_csv(LOG_COLUMNS, rows)
