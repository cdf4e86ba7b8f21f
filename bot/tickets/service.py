"""Create and work tickets. Plain functions over one database session each."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import time

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import selectinload

from bot.tickets.models import QUEUES, Base, Ticket, TicketNote, utcnow
from bot.understanding.personal_data import mask_personal_data
from knowledge.database import checkpoint_wal, get_engine, session_scope

logger = logging.getLogger(__name__)
MAX_TRANSCRIPT_MESSAGES = 10
CREATE_ATTEMPTS = 5
RETRY_PAUSE_SECONDS = 0.5


class TicketError(Exception):
    """Raised when a ticket cannot be stored or changed; the message is Norwegian."""


def create_schema(url: str | None = None) -> None:
    Base.metadata.create_all(get_engine(url))


def mask_transcript(messages: list[tuple[str, str]]) -> list[dict]:
    """The last messages, each masked: no fødselsnummer, phone, e-mail or account number."""
    return [
        {"from": speaker, "text": mask_personal_data(text)[0][:500]}
        for speaker, text in messages[-MAX_TRANSCRIPT_MESSAGES:]
        if text
    ]


def create_ticket(
    queue: str,
    contact: dict,
    summary: dict,
    transcript: list[tuple[str, str]],
    url: str | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Store a new ticket and return its reference (EDI-2026-0042).

    `contact` holds only what the user consented to give. Everything else is masked.
    Retries when two tickets race for the same number or the database is briefly locked;
    nothing half-written is left behind (one transaction).
    """
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue}")
    now = now or utcnow()
    clean_summary = {
        key: mask_personal_data(value)[0] if isinstance(value, str) else value
        for key, value in summary.items()
    }
    excerpt = mask_transcript(transcript)
    create_schema(url)
    last_error: Exception | None = None
    for _attempt in range(CREATE_ATTEMPTS):
        try:
            with session_scope(url) as session:
                highest = session.execute(
                    select(func.max(Ticket.number)).where(Ticket.year == now.year)
                ).scalar()
                number = (highest or 0) + 1
                reference = f"EDI-{now.year}-{number:04d}"
                session.add(
                    Ticket(
                        reference=reference,
                        year=now.year,
                        number=number,
                        queue=queue,
                        status="ny",
                        created_at=now,
                        consented_contact=dict(contact),
                        summary=clean_summary,
                        transcript_excerpt=excerpt,
                    )
                )
            return reference
        except (IntegrityError, OperationalError) as error:
            last_error = error
            logger.warning("ticket insert retried: %s", type(error).__name__)
            time.sleep(RETRY_PAUSE_SECONDS * (_attempt + 1))
    raise TicketError("Saken kunne ikke lagres akkurat nå.") from last_error


def list_tickets(
    queues: tuple[str, ...], status: str | None = None, url: str | None = None
) -> list[Ticket]:
    create_schema(url)
    with session_scope(url) as session:
        query = select(Ticket).where(Ticket.queue.in_(queues))
        if status:
            query = query.where(Ticket.status == status)
        query = query.order_by(Ticket.created_at.desc(), Ticket.id.desc())
        return list(session.execute(query).scalars())


def get_ticket(reference: str, queues: tuple[str, ...], url: str | None = None) -> Ticket | None:
    """The ticket, or None when it does not exist or is in a queue the caller may not see."""
    create_schema(url)
    with session_scope(url) as session:
        ticket = session.execute(
            select(Ticket)
            .options(selectinload(Ticket.notes))
            .where(Ticket.reference == reference, Ticket.queue.in_(queues))
        ).scalar_one_or_none()
        return ticket


def _change(reference: str, queues: tuple[str, ...], change, url: str | None) -> Ticket:
    with session_scope(url) as session:
        ticket = session.execute(
            select(Ticket).where(Ticket.reference == reference, Ticket.queue.in_(queues))
        ).scalar_one_or_none()
        if ticket is None:
            raise TicketError("Fant ikke saken.")
        change(session, ticket)
        return ticket


def claim(reference: str, username: str, queues: tuple[str, ...], url: str | None = None) -> Ticket:
    def _claim(session, ticket: Ticket) -> None:
        if ticket.status == "lukket":
            raise TicketError("Saken er lukket.")
        ticket.claimed_by = username
        ticket.claimed_at = utcnow()
        ticket.status = "under_arbeid"

    return _change(reference, queues, _claim, url)


def add_note(
    reference: str, username: str, text: str, queues: tuple[str, ...], url: str | None = None
) -> Ticket:
    text = (text or "").strip()
    if not text:
        raise TicketError("Notatet er tomt.")

    def _note(session, ticket: Ticket) -> None:
        session.add(TicketNote(ticket_id=ticket.id, author=username, text=text[:4000]))

    return _change(reference, queues, _note, url)


def close(
    reference: str, username: str, outcome: str, queues: tuple[str, ...], url: str | None = None
) -> Ticket:
    outcome = (outcome or "").strip()
    if not outcome:
        raise TicketError("Skriv et utfall før du lukker saken.")

    def _close(session, ticket: Ticket) -> None:
        ticket.status = "lukket"
        ticket.closed_at = utcnow()
        ticket.outcome = outcome[:2000]
        ticket.claimed_by = ticket.claimed_by or username

    return _change(reference, queues, _close, url)


def anonymise_closed(older_than_days: int = 90, url: str | None = None, now=None) -> int:
    """Remove contact details, summaries, transcripts and notes from tickets closed more
    than `older_than_days` ago. Keeps reference, queue, dates and outcome for reporting."""
    create_schema(url)
    cutoff = (now or utcnow()) - dt.timedelta(days=older_than_days)
    count = 0
    with session_scope(url) as session:
        tickets = session.execute(
            select(Ticket)
            .options(selectinload(Ticket.notes))
            .where(
                Ticket.status == "lukket", Ticket.closed_at < cutoff, Ticket.anonymised_at.is_(None)
            )
        ).scalars()
        for ticket in tickets:
            ticket.consented_contact = {}
            ticket.summary = {"audience": (ticket.summary or {}).get("audience")}
            ticket.transcript_excerpt = []
            ticket.notes = []
            ticket.anonymised_at = utcnow()
            count += 1
    if count:
        checkpoint_wal(get_engine(url))
    return count


CSV_COLUMNS = [
    "reference",
    "queue",
    "status",
    "created_at",
    "claimed_by",
    "closed_at",
    "outcome",
    "tiltak",
]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# A formula character after a separator a spreadsheet may split on (a Norwegian one splits on
# ";" and ignores the quotes of a comma-separated file), spaces allowed in between.
FORMULA_AFTER_SEPARATOR = re.compile(r"([;,\t\r\n|]\s*)(?=[=+\-@])")


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula gets an apostrophe in front: at the start of
    the cell and after every separator, so `ok;=1+1;x` split on ";" is `ok`, `'=1+1`, `x`."""
    text = FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    return "'" + text if text[:1] in FORMULA_START else text


def export_csv(queues: tuple[str, ...], url: str | None = None) -> str:
    """Tickets for reporting: no contact details, no transcript. Every field is quoted and
    neutralised (`_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for ticket in list_tickets(queues, url=url):
        row = [
            ticket.reference,
            ticket.queue,
            ticket.status,
            ticket.created_at.isoformat(timespec="minutes"),
            ticket.claimed_by or "",
            ticket.closed_at.isoformat(timespec="minutes") if ticket.closed_at else "",
            ticket.outcome or "",
            ", ".join(str(name) for name in (ticket.summary or {}).get("tiltak") or []),
        ]
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()
