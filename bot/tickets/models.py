"""Tables for tickets (cases), notes, the case log and coordinators (same database as the
knowledge base)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import relationship

from knowledge.database import Base

QUEUES = ("arbeidsgiver", "ungdom")
STATUSES = ("ny", "under_arbeid", "lukket")
# The queues whose cases each role sees. A `redaktør` (content editor) sees no case at all.
ROLES = {
    "bedriftskoordinator": ("arbeidsgiver",),
    "veileder": ("ungdom",),
    "admin": QUEUES,
    "redaktør": (),
}
# What else a role may do besides working the cases of its queues (issue #19): `statistics` (the
# aggregated figures and the review queue) and `content` (editing the knowledge base).
PERMISSIONS = {
    "statistics": ("admin", "redaktør"),
    "content": ("admin", "redaktør"),
}


def may(role: str, permission: str) -> bool:
    """True when `role` has `permission` (a key of PERMISSIONS); unknown names are refused."""
    return role in PERMISSIONS.get(permission, ())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Ticket(Base):
    __tablename__ = "ticket"

    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(20), nullable=False, unique=True)
    year = Column(Integer, nullable=False)
    number = Column(Integer, nullable=False)
    queue = Column(String(20), nullable=False, index=True)
    status = Column(String(20), nullable=False, default="ny", index=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    claimed_by = Column(String(80), nullable=True)
    claimed_at = Column(DateTime, nullable=True)
    closed_at = Column(DateTime, nullable=True)
    outcome = Column(Text, nullable=True)
    consented_contact = Column(JSON, nullable=False, default=dict)
    summary = Column(JSON, nullable=False, default=dict)
    transcript_excerpt = Column(JSON, nullable=False, default=list)
    anonymised_at = Column(DateTime, nullable=True)

    notes = relationship(
        "TicketNote",
        back_populates="ticket",
        cascade="all, delete-orphan",
        order_by="TicketNote.id",
    )
    log = relationship("CaseLogEntry", viewonly=True, order_by="CaseLogEntry.id")


class TicketNote(Base):
    __tablename__ = "ticket_note"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id = Column(Integer, ForeignKey("ticket.id", ondelete="CASCADE"), nullable=False)
    author = Column(String(80), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    ticket = relationship("Ticket", back_populates="notes")


class CaseLogEntry(Base):
    """Who did what to a case, and when: append-only (rows are never changed or deleted, also
    not by the retention job; they hold usernames and actions, no personal data of the person
    who asked for help)."""

    __tablename__ = "case_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id = Column(Integer, ForeignKey("ticket.id"), nullable=False, index=True)
    reference = Column(String(20), nullable=False)
    actor = Column(String(80), nullable=False)
    action = Column(String(20), nullable=False)
    at = Column(DateTime, nullable=False, default=utcnow)


class AppendOnly(Exception):
    """A case log entry may not be changed or deleted."""


@event.listens_for(CaseLogEntry, "before_update")
@event.listens_for(CaseLogEntry, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise AppendOnly("the case log is append-only")


class Coordinator(Base):
    __tablename__ = "coordinator"

    id = Column(Integer, primary_key=True, autoincrement=True)
    username = Column(String(80), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(30), nullable=False)
    failed_attempts = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class CaseConversation(Base):
    """The chat conversation a case came from (the widget's session id), and whether a person
    has it now: `mode` "live" (a coordinator writes in the chat; the assistant is silent),
    "venter" (a coordinator answered by e-mail or SMS; the person's answer goes to the case),
    or "" (the assistant answers)."""

    __tablename__ = "case_conversation"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id = Column(
        Integer, ForeignKey("ticket.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(40), nullable=False, default="")
    mode = Column(String(10), nullable=False, default="")
    owner = Column(String(80), nullable=True)  # username of the coordinator who has it
    owner_label = Column(String(120), nullable=True)  # "Veileder Kari", shown to the person
    # The link of a later reply: SHA-256 of its random token, and until when it works.
    reopen_hash = Column(String(64), nullable=True, index=True)
    reopen_until = Column(DateTime, nullable=True)
    changed_at = Column(DateTime, nullable=False, default=utcnow)


class CaseMessage(Base):
    """One message between the person and a coordinator on a case, masked, in order."""

    __tablename__ = "case_message"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id = Column(Integer, ForeignKey("ticket.id", ondelete="CASCADE"), nullable=False)
    sender = Column(String(12), nullable=False)  # "person" or "koordinator"
    label = Column(String(120), nullable=False)  # "Veileder Kari" or "Personen"
    way = Column(String(10), nullable=False, default="chat")  # chat, e-post, sms
    text = Column(Text, nullable=False)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
