"""The case's conversation: a coordinator writes to the person who asked for help.

- The handoff links the case to its chat conversation (`link`: the widget's session id).
- A coordinator who has taken the case can take over the chat (`take_chat`, mode "live"):
  the person's messages then go to the case instead of the assistant (the socket.io channel
  asks `hold_for` before it runs Rasa, so no rule, form, restart or new session can make the
  assistant speak), and the coordinator's replies go to the widget, labelled "Veileder Kari".
- When the person has left the chat, the reply goes to the contact they consented to (e-mail
  or SMS) and the conversation waits for their answer (mode "venter"): their next messages,
  through the reopen link or the open widget, go to the case too.
- `release` (or closing the case) hands the conversation back to the assistant.

Every message is stored masked (`mask_personal_data`), in order, and every step is a case log
entry (`bot.tickets.audit`) in the same unit of work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.database import init_db
from bot.guidance.personal_data import mask_personal_data
from bot.tickets import audit
from bot.tickets.case import QUEUE_ROLES
from bot.tickets.models import CaseConversation, CaseMessage, Ticket, utcnow
from bot.tickets.service import TicketError
from knowledge.database import session_scope

LIVE = "live"
WAITING = "venter"
ENDED = "avsluttet"  # a live chat that was just ended for being idle (see hold_for)
# A live chat ends by itself when the coordinator has not written in it for this long, so a
# forgotten chat does not leave the person without answers.
LIVE_IDLE = dt.timedelta(minutes=30)
PERSON = "person"
COORDINATOR = "koordinator"
PERSON_LABEL = "Personen"
MAX_CHARS = 2000
WAYS = ("chat", "e-post", "sms")
ROLE_WORDS = {"veileder": "Veileder", "bedriftskoordinator": "Bedriftskoordinator"}


@dataclass(frozen=True)
class Hold:
    """A person has the conversation: who (for the label) and how ("live" or "venter")."""

    reference: str
    mode: str
    label: str
    conversation_id: str = ""


@dataclass(frozen=True)
class ChatState:
    conversation_id: str
    channel: str
    mode: str
    owner: str | None
    label: str | None


def first_name(username: str) -> str:
    """ "kari.nordmann" → "Kari": the first part of the username, capitalised (the account has
    no name field; usernames are first names or firstname.lastname by convention)."""
    part = re.split(r"[._\-0-9]", username or "", maxsplit=1)[0]
    return part[:1].upper() + part[1:] if part else "Koordinator"


def label_for(username: str, queue: str) -> str:
    """What the person sees above a coordinator's message: "Veileder Kari"."""
    role = ROLE_WORDS.get(QUEUE_ROLES.get(queue, ""), "Koordinator")
    return f"{role} {first_name(username)}"


def masked(text: str) -> str:
    return mask_personal_data((text or "").strip())[0][:MAX_CHARS]


def _ticket(session, reference: str, queues: tuple[str, ...]) -> Ticket:
    ticket = session.execute(
        select(Ticket).where(Ticket.reference == reference, Ticket.queue.in_(queues))
    ).scalar_one_or_none()
    if ticket is None:
        raise TicketError("Fant ikke saken.")
    return ticket


def _conversation(session, ticket: Ticket) -> CaseConversation | None:
    return session.execute(
        select(CaseConversation).where(CaseConversation.ticket_id == ticket.id)
    ).scalar_one_or_none()


def link(reference: str, conversation_id: str, channel: str, url: str | None = None) -> None:
    """Remember which conversation the case came from (called by the handoff)."""
    init_db(url)
    with session_scope(url) as session:
        ticket = session.execute(
            select(Ticket).where(Ticket.reference == reference)
        ).scalar_one_or_none()
        if ticket is None or _conversation(session, ticket) is not None:
            return
        session.add(
            CaseConversation(
                ticket_id=ticket.id,
                conversation_id=str(conversation_id)[:128],
                channel=(channel or "")[:40],
                mode="",
            )
        )


def chat_state(reference: str, queues: tuple[str, ...], url: str | None = None):
    """The case's conversation (None when the case has none, e.g. from before this)."""
    init_db(url)
    with session_scope(url) as session:
        ticket = _ticket(session, reference, queues)
        row = _conversation(session, ticket)
        if row is None:
            return None
        return ChatState(row.conversation_id, row.channel, row.mode, row.owner, row.owner_label)


_SCHEMA_READY: set = set()


def prepare(url: str | None = None) -> bool:
    """Make the tables once, when a channel starts, so that the first messages do not wait
    for it (a slow first check could let a later message overtake an earlier one on its way
    to Rasa's lock). False when the database is not reachable yet (then on first use)."""
    try:
        init_db(url)
    except SQLAlchemyError:
        return False
    _SCHEMA_READY.add(url)
    return True


def hold_for(
    conversation_id: str, url: str | None = None, now: dt.datetime | None = None
) -> Hold | None:
    """Whether a person has this conversation (the channel asks before it runs Rasa). A live
    chat the coordinator has not written in for LIVE_IDLE is ended here (logged as the
    assistant's hand-back): the hold comes back once with mode ENDED, so the channel can tell
    the widget, and then None."""
    now = now or utcnow()
    if url not in _SCHEMA_READY:
        init_db(url)
        _SCHEMA_READY.add(url)
    with session_scope(url) as session:
        row = session.execute(
            select(CaseConversation, Ticket)
            .join(Ticket, Ticket.id == CaseConversation.ticket_id)
            .where(
                CaseConversation.conversation_id == conversation_id,
                CaseConversation.mode != "",
                Ticket.status != "lukket",
            )
            .order_by(CaseConversation.changed_at.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    conversation, ticket = row
    expired = conversation.reopen_until is not None and conversation.reopen_until < now
    if conversation.mode == WAITING and expired:
        return None  # nobody answered the later reply in time: the assistant answers again
    if conversation.mode == LIVE and conversation.changed_at < now - LIVE_IDLE:
        if _end_idle(conversation.id, url, now):
            return Hold(ticket.reference, ENDED, conversation.owner_label or "", conversation_id)
        return None
    return Hold(
        ticket.reference, conversation.mode, conversation.owner_label or "", conversation_id
    )


def _end_idle(conversation_row_id: int, url: str | None, now: dt.datetime) -> bool:
    """End a live chat left idle (once, also when two messages race for it)."""
    with session_scope(url) as session:
        row = session.get(CaseConversation, conversation_row_id)
        if row is None or row.mode != LIVE or row.changed_at >= now - LIVE_IDLE:
            return False
        ticket = session.get(Ticket, row.ticket_id)
        row.mode, row.owner, row.owner_label, row.changed_at = "", None, None, now
        audit.record(session, ticket, audit.ASSISTANT, "released", now)
        return True


def _check_owner(ticket: Ticket, username: str) -> None:
    if ticket.status == "lukket":
        raise TicketError("Saken er lukket.")
    if ticket.claimed_by != username:
        raise TicketError("Ta saken først, så kan du skrive til personen.")


def take_chat(
    reference: str, username: str, queues: tuple[str, ...], url: str | None = None
) -> Hold:
    """The coordinator who has the case takes over the chat: the assistant goes silent."""
    with session_scope(url) as session:
        ticket = _ticket(session, reference, queues)
        _check_owner(ticket, username)
        row = _conversation(session, ticket)
        if row is None:
            raise TicketError("Saken kom ikke fra chatten, så du kan ikke skrive i den.")
        row.mode, row.owner = LIVE, username
        row.owner_label = label_for(username, ticket.queue)
        row.changed_at = utcnow()
        audit.record(session, ticket, username, "took_chat")
        return Hold(ticket.reference, LIVE, row.owner_label, row.conversation_id)


def write(
    reference: str,
    username: str,
    text: str,
    queues: tuple[str, ...],
    way: str = "chat",
    url: str | None = None,
) -> tuple[CaseMessage, str]:
    """Store the coordinator's reply (masked) and log it; returns it with the conversation id.
    `way` "chat" needs the chat taken; "e-post"/"sms" leave the conversation waiting for the
    person's answer."""
    clean = masked(text)
    if not clean:
        raise TicketError("Meldingen er tom.")
    if way not in WAYS:
        raise ValueError(f"unknown way {way}")
    with session_scope(url) as session:
        ticket = _ticket(session, reference, queues)
        _check_owner(ticket, username)
        row = _conversation(session, ticket)
        if way == "chat" and (row is None or row.mode != LIVE or row.owner != username):
            raise TicketError("Ta over chatten først.")
        label = label_for(username, ticket.queue)
        if row is not None and way != "chat":
            row.mode, row.owner, row.owner_label = WAITING, username, label
        if row is not None:
            row.changed_at = utcnow()  # a live chat stays live while the coordinator writes
        message = CaseMessage(
            ticket_id=ticket.id, sender=COORDINATOR, label=label, way=way, text=clean
        )
        session.add(message)
        action = {"chat": "wrote", "e-post": "mailed", "sms": "texted"}[way]
        audit.record(session, ticket, username, action)
        session.flush()
        return message, (row.conversation_id if row is not None else "")


def record_from_person(
    conversation_id: str, text: str, way: str = "chat", url: str | None = None
) -> CaseMessage | None:
    """The person's message while a person has the conversation (masked); None if nobody has
    it any more (then the assistant should answer it)."""
    clean = masked(text)
    hold = hold_for(conversation_id, url)
    if hold is None or hold.mode == ENDED or not clean:
        return None
    with session_scope(url) as session:
        ticket = session.execute(
            select(Ticket).where(Ticket.reference == hold.reference)
        ).scalar_one()
        message = CaseMessage(
            ticket_id=ticket.id, sender=PERSON, label=PERSON_LABEL, way=way, text=clean
        )
        session.add(message)
        session.flush()
        return message


def release(
    reference: str, username: str, queues: tuple[str, ...], url: str | None = None, log=True
) -> str | None:
    """Hand the conversation back to the assistant; returns its id if a person had it."""
    with session_scope(url) as session:
        ticket = _ticket(session, reference, queues)
        row = _conversation(session, ticket)
        if row is None or not row.mode:
            return None
        row.mode, row.owner, row.owner_label = "", None, None
        row.changed_at = utcnow()
        if log:
            audit.record(session, ticket, username, "released")
        return row.conversation_id


def messages(reference: str, queues: tuple[str, ...], url: str | None = None, after: int = 0):
    """The case's messages, oldest first (those with id > `after`)."""
    init_db(url)
    with session_scope(url) as session:
        ticket = _ticket(session, reference, queues)
        return list(
            session.execute(
                select(CaseMessage)
                .where(CaseMessage.ticket_id == ticket.id, CaseMessage.id > after)
                .order_by(CaseMessage.id)
            ).scalars()
        )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", errors="replace")).hexdigest()


def new_reopen_token(
    reference: str, hours: int, url: str | None = None, now: dt.datetime | None = None
) -> str:
    """A random token for the link of a later reply (only its hash is stored), valid `hours`;
    a newer reply's link replaces the older one. It names no case: whoever has it may open
    that one conversation until it expires or the case is closed."""
    token = secrets.token_urlsafe(24)
    now = now or utcnow()
    with session_scope(url) as session:
        row = session.execute(
            select(CaseConversation)
            .join(Ticket, Ticket.id == CaseConversation.ticket_id)
            .where(Ticket.reference == reference)
        ).scalar_one_or_none()
        if row is None:
            raise TicketError("Saken kom ikke fra chatten.")
        row.reopen_hash = _token_hash(token)
        row.reopen_until = now + dt.timedelta(hours=hours)
    return token


@dataclass(frozen=True)
class Reopened:
    conversation_id: str
    messages: list[tuple[str, str, str]]  # (sender, label, text), oldest first


TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}\Z")


def reopen(token: str, url: str | None = None, now: dt.datetime | None = None) -> Reopened | None:
    """The conversation a reopen link leads back to, with the case's messages to show again
    (masked, as stored); None when the token is unknown, expired or the case is closed."""
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    now = now or utcnow()
    init_db(url)
    with session_scope(url) as session:
        row = session.execute(
            select(CaseConversation, Ticket)
            .join(Ticket, Ticket.id == CaseConversation.ticket_id)
            .where(CaseConversation.reopen_hash == _token_hash(token), Ticket.status != "lukket")
        ).first()
        if row is None or row[0].reopen_until is None or row[0].reopen_until < now:
            return None
        conversation, ticket = row
        found = session.execute(
            select(CaseMessage).where(CaseMessage.ticket_id == ticket.id).order_by(CaseMessage.id)
        ).scalars()
        return Reopened(conversation.conversation_id, [(m.sender, m.label, m.text) for m in found])
