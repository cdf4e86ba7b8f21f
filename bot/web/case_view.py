"""What the inbox shows of a case: the list's rows (one-line need, answer deadline, overdue,
waiting time), sorted by deadline, and the case page's sections and log. The labels come from
the case contract (`bot.tickets.case`) and the log's own table (`bot.tickets.audit`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.tickets.audit import ACTIONS
from bot.tickets.case import Case
from bot.tickets.models import Ticket
from bot.tickets.service_level import answer_by, is_overdue, waiting_time


@dataclass(frozen=True)
class CaseView:
    ticket: Ticket
    case: Case
    answer_by: dt.date
    overdue: bool  # still new (nobody has taken it) after the end of its answer day
    waiting: str  # how long it has waited, for open cases ("" when closed)

    @property
    def need(self) -> str:
        return self.case.one_line()


def view(ticket: Ticket, working_days: int, now: dt.datetime) -> CaseView:
    case = Case.from_ticket(ticket.consented_contact, ticket.summary)
    # Cases from before the service level get the deadline the current setting gives.
    due = case.answer_by or answer_by(ticket.created_at, working_days)
    is_open = ticket.status != "lukket"
    return CaseView(
        ticket=ticket,
        case=case,
        answer_by=due,
        overdue=ticket.status == "ny" and is_overdue(due, now),
        waiting=waiting_time(ticket.created_at, now) if is_open else "",
    )


def sorted_views(tickets: list[Ticket], working_days: int, now: dt.datetime) -> list[CaseView]:
    """Open cases first, the earliest deadline first (then the one that has waited longest);
    closed cases after them, the latest closed first."""
    views = [view(ticket, working_days, now) for ticket in tickets]
    open_views = sorted(
        (v for v in views if v.ticket.status != "lukket"),
        key=lambda v: (v.answer_by, v.ticket.created_at, v.ticket.id),
    )
    closed = sorted(
        (v for v in views if v.ticket.status == "lukket"),
        key=lambda v: (v.ticket.closed_at or v.ticket.created_at, v.ticket.id),
        reverse=True,
    )
    return [*open_views, *closed]


def log_rows(ticket: Ticket) -> list[tuple[dt.datetime, str, str]]:
    """(time, who, what) for each entry of the case log, oldest first."""
    return [
        (entry.at, entry.actor, ACTIONS.get(entry.action, entry.action)) for entry in ticket.log
    ]
