"""Create and work tickets (cases). Plain functions over one database session each; every
change a coordinator makes is written to the case log (`bot.tickets.audit`) in the same unit of
work."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import selectinload

from bot.database import init_db
from bot.guidance.personal_data import mask_personal_data
from bot.tickets import audit
from bot.tickets.case import Case
from bot.tickets.csv_cells import cell as _cell
from bot.tickets.csv_cells import write_csv
from bot.tickets.models import (
    QUEUES,
    CaseConversation,
    CaseMessage,
    Ticket,
    TicketNote,
    utcnow,
)
from bot.tickets.reference import find_reference, make_reference
from bot.tickets.service_level import answer_by
from knowledge.database import checkpoint_wal, get_engine, session_scope

logger = logging.getLogger(__name__)
# The excerpt is the whole conversation up to the handoff, each message masked and cut at
# MAX_MESSAGE_CHARS; a very long one keeps its first HEAD_MESSAGES and as many of the latest
# as fit in MAX_TRANSCRIPT_CHARS, with a note of how many were left out in between.
MAX_MESSAGE_CHARS = 500
MAX_TRANSCRIPT_CHARS = 15000
HEAD_MESSAGES = 6
NOTE_SPEAKER = "merknad"
CREATE_ATTEMPTS = 5
RETRY_PAUSE_SECONDS = 0.5
# What the person may learn about their case from its reference, and nothing more.
PUBLIC_STATUS = {"ny": "mottatt", "under_arbeid": "under behandling", "lukket": "avsluttet"}


class TicketError(Exception):
    """Raised when a ticket cannot be stored or changed; the message is Norwegian."""


def mask_transcript(messages: list[tuple[str, str]]) -> list[dict]:
    """The conversation, each message masked (no fødselsnummer, phone, e-mail or account
    number) and within the length limits above."""
    lines = [
        {"from": speaker, "text": mask_personal_data(text)[0][:MAX_MESSAGE_CHARS]}
        for speaker, text in messages
        if text
    ]
    if sum(len(line["text"]) for line in lines) <= MAX_TRANSCRIPT_CHARS:
        return lines
    head = lines[:HEAD_MESSAGES]
    room = MAX_TRANSCRIPT_CHARS - sum(len(line["text"]) for line in head)
    tail: list[dict] = []
    for line in reversed(lines[HEAD_MESSAGES:]):
        if len(line["text"]) > room:
            break
        room -= len(line["text"])
        tail.insert(0, line)
    left_out = len(lines) - len(head) - len(tail)
    note = {"from": NOTE_SPEAKER, "text": f"{left_out} meldinger er utelatt her."}
    return [*head, note, *tail]


def create_ticket(
    queue: str,
    contact: dict,
    summary: dict,
    transcript: list[tuple[str, str]],
    url: str | None = None,
    now: dt.datetime | None = None,
    summary_masked: bool = False,
) -> str:
    """Store a new ticket and return its reference (EDI-2026-0042).

    `contact` holds only what the user consented to give. Everything else is masked (the
    summary already is when it comes from `Case.masked()`: its dates are no phone numbers).
    Retries when two tickets race for the same number or the database is briefly locked;
    nothing half-written is left behind (one transaction).
    """
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue}")
    now = now or utcnow()
    clean_summary = {
        key: mask_personal_data(value)[0]
        if isinstance(value, str) and not summary_masked
        else value
        for key, value in summary.items()
    }
    excerpt = mask_transcript(transcript)
    init_db(url)
    last_error: Exception | None = None
    for _attempt in range(CREATE_ATTEMPTS):
        try:
            with session_scope(url) as session:
                highest = session.execute(
                    select(func.max(Ticket.number)).where(Ticket.year == now.year)
                ).scalar()
                number = (highest or 0) + 1
                reference = make_reference(now.year, number)
                ticket = Ticket(
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
                session.add(ticket)
                session.flush()
                audit.record(session, ticket, audit.ASSISTANT, "created", now)
            return reference
        except (IntegrityError, OperationalError) as error:
            last_error = error
            logger.warning("ticket insert retried: %s", type(error).__name__)
            time.sleep(RETRY_PAUSE_SECONDS * (_attempt + 1))
    raise TicketError("Saken kunne ikke lagres akkurat nå.") from last_error


@dataclass(frozen=True)
class Receipt:
    reference: str
    answer_by: dt.date


def open_case(
    case: Case,
    transcript: list[tuple[str, str]],
    working_days: int,
    url: str | None = None,
    now: dt.datetime | None = None,
) -> Receipt:
    """Store the case the handoff filled, masked, with the day by which it is answered."""
    now = now or utcnow()
    due = answer_by(now, working_days)
    stored = dataclasses.replace(case.masked(), answer_by=due)
    reference = create_ticket(
        stored.audience,
        stored.contact.as_dict(),
        stored.to_summary(),
        transcript,
        url,
        now,
        summary_masked=True,
    )
    return Receipt(reference, due)


def public_status(reference: str, url: str | None = None) -> str | None:
    """ "mottatt", "under behandling" or "avsluttet" for a reference; None if there is none."""
    init_db(url)
    with session_scope(url) as session:
        status = session.execute(
            select(Ticket.status).where(Ticket.reference == reference)
        ).scalar_one_or_none()
    return PUBLIC_STATUS.get(status) if status else None


def list_tickets(
    queues: tuple[str, ...], status: str | None = None, url: str | None = None
) -> list[Ticket]:
    init_db(url)
    with session_scope(url) as session:
        query = select(Ticket).where(Ticket.queue.in_(queues))
        if status:
            query = query.where(Ticket.status == status)
        query = query.order_by(Ticket.created_at.desc(), Ticket.id.desc())
        return list(session.execute(query).scalars())


def get_ticket(reference: str, queues: tuple[str, ...], url: str | None = None) -> Ticket | None:
    """The ticket, or None when it does not exist or is in a queue the caller may not see."""
    init_db(url)
    with session_scope(url) as session:
        ticket = session.execute(
            select(Ticket)
            .options(selectinload(Ticket.notes), selectinload(Ticket.log))
            .where(Ticket.reference == reference, Ticket.queue.in_(queues))
        ).scalar_one_or_none()
        return ticket


def search_tickets(
    queues: tuple[str, ...],
    status: str | None = None,
    claimed_by: str | None = None,
    text: str = "",
    url: str | None = None,
) -> list[Ticket]:
    """The inbox list: a status, one coordinator's cases ("mine saker"), and a search for a
    reference (also typed loosely: "edi 2026 3") or words of the need."""
    tickets = list_tickets(queues, status, url)
    if claimed_by:
        tickets = [t for t in tickets if t.claimed_by == claimed_by]
    text = " ".join((text or "").split()).casefold()
    if text:
        reference = find_reference(text)
        tickets = [
            t
            for t in tickets
            if (reference and t.reference == reference)
            or text in t.reference.casefold()
            or text in Case.from_ticket({}, t.summary).need.casefold()
        ]
    return tickets


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
        audit.record(session, ticket, username, "claimed")

    return _change(reference, queues, _claim, url)


def add_note(
    reference: str, username: str, text: str, queues: tuple[str, ...], url: str | None = None
) -> Ticket:
    text = (text or "").strip()
    if not text:
        raise TicketError("Notatet er tomt.")

    def _note(session, ticket: Ticket) -> None:
        session.add(TicketNote(ticket_id=ticket.id, author=username, text=text[:4000]))
        audit.record(session, ticket, username, "noted")

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
        audit.record(session, ticket, username, "closed")

    return _change(reference, queues, _close, url)


def anonymise_closed(older_than_days: int = 90, url: str | None = None, now=None) -> int:
    """Remove contact details, summaries, transcripts and notes from tickets closed more
    than `older_than_days` ago. Keeps reference, queue, dates and outcome for reporting."""
    init_db(url)
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=older_than_days)
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
            # The chat with the person (messages, the link to the conversation) goes too.
            session.execute(delete(CaseMessage).where(CaseMessage.ticket_id == ticket.id))
            session.execute(delete(CaseConversation).where(CaseConversation.ticket_id == ticket.id))
            ticket.anonymised_at = now
            audit.record(session, ticket, audit.RETENTION, "anonymised", now)
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
    "answer_by",
    "asking_for",
]


def export_csv(queues: tuple[str, ...], url: str | None = None, actor: str | None = None) -> str:
    """Tickets for reporting: no contact details, no need text, no transcript. Every field is
    quoted and neutralised (`bot.tickets.csv_cells`). With `actor`, each exported case gets a
    log entry."""
    tickets = list_tickets(queues, url=url)
    rows = []
    for ticket in tickets:
        case = Case.from_ticket({}, ticket.summary)
        rows.append(
            [
                ticket.reference,
                ticket.queue,
                ticket.status,
                ticket.created_at.isoformat(timespec="minutes"),
                ticket.claimed_by or "",
                ticket.closed_at.isoformat(timespec="minutes") if ticket.closed_at else "",
                ticket.outcome or "",
                ", ".join(case.tiltak),
                case.answer_by.isoformat() if case.answer_by else "",
                case.asking_for,
            ]
        )
    if actor and tickets:
        with session_scope(url) as session:
            for ticket in tickets:
                audit.record(session, ticket, actor, "exported")
    return write_csv(CSV_COLUMNS, rows)


__all__ = ["_cell", "TicketError", "Receipt", "open_case", "create_ticket", "export_csv"]
