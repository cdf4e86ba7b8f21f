"""Figures from the cases (tickets and their log) and the widget's feedback: handoffs per queue
and per whom the person asked for, time to the first answer and to closing against the service
level, thumbs up/down and the 1–5 rating. Reads the case database (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, inspect, select

from bot.database import init_db
from bot.stats.periods import Period
from bot.tickets.audit import ASSISTANT, RETENTION
from bot.tickets.models import CaseLogEntry, Ticket
from bot.tickets.service_level import answer_by, deadline
from bot.web import feedback
from knowledge.database import get_engine, session_scope

# A coordinator's first step on a case: the person has an answer from then on.
ANSWER_ACTIONS = ("claimed", "noted", "closed")
SELF = "seg selv"


@dataclass
class Handoffs:
    by_queue: Counter = field(default_factory=Counter)
    by_asking_for: dict[str, Counter] = field(default_factory=dict)  # queue → asking_for → n
    answered: int = 0
    answered_in_time: int = 0
    hours_to_answer: list[float] = field(default_factory=list)
    closed: int = 0
    hours_to_close: list[float] = field(default_factory=list)
    waiting_overdue: int = 0  # not answered and past the deadline
    tiltak: Counter = field(default_factory=Counter)  # tiltak name or id → cases

    @property
    def total(self) -> int:
        return sum(self.by_queue.values())

    @staticmethod
    def median(values: list[float]) -> float | None:
        return statistics.median(values) if values else None


def _has_tickets(url: str | None) -> bool:
    return inspect(get_engine(url)).has_table(Ticket.__tablename__)


def handoffs(
    period: Period, working_days: int, now: dt.datetime, url: str | None = None
) -> Handoffs:
    result = Handoffs()
    if not _has_tickets(url):
        return result
    first_answer = (
        select(CaseLogEntry.ticket_id, func.min(CaseLogEntry.at).label("at"))
        .where(
            CaseLogEntry.action.in_(ANSWER_ACTIONS),
            CaseLogEntry.actor.not_in((ASSISTANT, RETENTION)),
        )
        .group_by(CaseLogEntry.ticket_id)
        .subquery()
    )
    query = (
        select(Ticket.queue, Ticket.summary, Ticket.created_at, Ticket.closed_at, first_answer.c.at)
        .outerjoin(first_answer, first_answer.c.ticket_id == Ticket.id)
        .where(Ticket.created_at >= period.start_utc, Ticket.created_at < period.end_utc)
    )
    with session_scope(url) as session:
        rows = session.execute(query).all()
    for queue, summary, created, closed, answered in rows:
        summary = summary if isinstance(summary, dict) else {}
        result.by_queue[queue] += 1
        asking_for = str(summary.get("asking_for") or SELF)
        result.by_asking_for.setdefault(queue, Counter())[asking_for] += 1
        due = deadline(answer_by(created, working_days))
        if answered is not None:
            result.answered += 1
            result.answered_in_time += answered < due
            result.hours_to_answer.append((answered - created).total_seconds() / 3600)
        elif now >= due:
            result.waiting_overdue += 1
        if closed is not None:
            result.closed += 1
            result.hours_to_close.append((closed - created).total_seconds() / 3600)
        tiltak = summary.get("tiltak") or [
            *(summary.get("tiltak_recommended") or []),
            *(summary.get("tiltak_opened") or []),
        ]
        for name in dict.fromkeys(str(t) for t in tiltak if t):
            result.tiltak[name] += 1
    return result


@dataclass(frozen=True)
class Votes:
    """Thumbs per answer (message id `svar-N` of a conversation) and the 1–5 ratings."""

    answers: list[tuple[str, str, int]] = field(default_factory=list)  # (session, id, ±1)
    ratings: Counter = field(default_factory=Counter)  # 1..5 → n


def votes(period: Period, url: str | None = None) -> Votes:
    init_db(url)
    table = feedback.Feedback
    query = select(table.session_id, table.kind, table.message_id, table.value).where(
        table.created_on >= period.first, table.created_on < period.end
    )
    result = Votes()
    with session_scope(url) as session:
        for session_id, kind, message_id, value in session.execute(query):
            if kind == feedback.ANSWER and value in (1, -1):
                result.answers.append((session_id, message_id, int(value)))
            elif kind == feedback.RATING and 1 <= value <= 5:
                result.ratings[int(value)] += 1
    return result


def turn_number(message_id: str) -> int | None:
    """`svar-3` → 3 (the widget numbers the answers to the person's messages)."""
    prefix, _, number = message_id.partition("-")
    return int(number) if prefix == "svar" and number.isdigit() else None
