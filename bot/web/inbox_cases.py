"""The inbox's case pages: the list (deadlines, "mine saker", search), the case page with
its log, claim / note / close, and the CSV exports (the cases; the whole case log for an
administrator). Login, CSRF and queue checks are `bot.web.inbox`'s guard, in front of all."""

from __future__ import annotations

import datetime as dt
import logging

from aiohttp import web

from bot.tickets import audit, service, users
from bot.tickets.case import SECTION_TITLES
from bot.tickets.models import QUEUES, STATUSES, utcnow
from bot.web.case_view import log_rows, sorted_views, view
from bot.web.inbox import (
    INBOX_KEY,
    PREFIX,
    REFERENCE,
    USER_KEY,
    _db,
    _form,
    _not_found,
    _redirect,
    _render,
)

logger = logging.getLogger(__name__)
MAX_SEARCH_CHARS = 100
DONE_MESSAGES = {
    "claim": "Du har tatt saken.",
    "note": "Notatet er lagret.",
    "close": "Saken er lukket.",
}


async def ticket_list(request: web.Request) -> web.Response:
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    if not user.queues:  # a redaktør works the content, never cases
        return _redirect(f"{PREFIX}/innhold")
    queue = request.query.get("queue", "")
    status = request.query.get("status", "")
    queue = queue if queue in QUEUES else ""
    status = status if status in STATUSES else ""
    mine = request.query.get("mine") == "1"
    search = " ".join(request.query.get("q", "").split())[:MAX_SEARCH_CHARS]
    queues = ((queue,) if queue in user.queues else ()) if queue else user.queues
    mine_of = user.username if mine else None
    tickets = (
        await _db(service.search_tickets, queues, status or None, mine_of, search, config.url)
        if queues
        else []
    )
    return _render(
        "list.html",
        title="Saker",
        user=user,
        cases=sorted_views(tickets, config.answer_working_days, utcnow()),
        queue=queue,
        status=status,
        statuses=STATUSES,
        mine=mine,
        search=search,
    )


async def _ticket_page(
    request: web.Request, status: int = 200, error: str | None = None, done: str | None = None
) -> web.Response:
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    ticket = await _db(service.get_ticket, request.match_info["reference"], user.queues, config.url)
    if ticket is None:
        return _not_found(user)
    case = view(ticket, config.answer_working_days, utcnow())
    from bot.web import case_reply  # the conversation with the person (issue #18, item 4)

    return _render(
        "ticket.html",
        http_status=status,
        title=f"Sak {ticket.reference}",
        user=user,
        ticket=ticket,
        case=case,
        contact_title=SECTION_TITLES["contact"],
        log=log_rows(ticket),
        error=error,
        done=DONE_MESSAGES.get(done or "") or case_reply.DONE.get(request.query.get("svar", "")),
        chat=await case_reply.chat_context(request, ticket),
    )


async def ticket_page(request: web.Request) -> web.Response:
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    reference = request.match_info["reference"]
    await _db(audit.record_opened, reference, user.username, user.queues, config.url)
    return await _ticket_page(request, done=request.query.get("ok"))


async def _act(request: web.Request, name: str, change) -> web.Response:
    """Run one change on a ticket the user may see, then show the ticket again."""
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    reference = request.match_info["reference"]
    ticket = await _db(service.get_ticket, reference, user.queues, config.url)
    if ticket is None:
        return _not_found(user)
    form = await _form(request)
    try:
        await _db(change, ticket, user, form, config.url)
    except service.TicketError as error:
        return await _ticket_page(request, status=400, error=str(error))
    logger.info("inbox: %s did %s on %s", user.username, name, reference)
    return _redirect(f"{PREFIX}/{reference}?ok={name}")


def _claim(ticket, user, form, url) -> None:
    service.claim(ticket.reference, user.username, user.queues, url=url)


def _note(ticket, user, form, url) -> None:
    service.add_note(ticket.reference, user.username, str(form.get("text") or ""), user.queues, url)


def _close(ticket, user, form, url) -> None:
    if ticket.status == "lukket":
        raise service.TicketError("Saken er allerede lukket.")
    outcome = str(form.get("outcome") or "")
    service.close(ticket.reference, user.username, outcome, user.queues, url=url)


async def claim(request: web.Request) -> web.Response:
    return await _act(request, "claim", _claim)


async def note(request: web.Request) -> web.Response:
    return await _act(request, "note", _note)


async def close(request: web.Request) -> web.Response:
    response = await _act(request, "close", _close)
    if response.status == 303:  # closed: the assistant answers in the chat again
        from bot.web.case_reply import release_after_close

        await release_after_close(request, request.match_info["reference"])
    return response


async def export(request: web.Request) -> web.Response:
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    text = await _db(service.export_csv, user.queues, config.url, user.username)
    logger.info("inbox: %s exported the cases of %s", user.username, ", ".join(user.queues))
    return _csv(text, "edi-saker")


async def export_log(request: web.Request) -> web.Response:
    """The whole case log, for the administrator and the privacy officer."""
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    if user.role != "admin":
        return _not_found(user)
    text = await _db(audit.export_log_csv, config.url)
    logger.info("inbox: %s exported the case log", user.username)
    return _csv(text, "edi-sakslogg")


def _csv(text: str, name: str) -> web.Response:
    stamp = dt.date.today().isoformat()
    return web.Response(
        text=text,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}-{stamp}.csv"'},
    )


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get(PREFIX, ticket_list)
    router.add_get(f"{PREFIX}/", ticket_list)
    router.add_get(f"{PREFIX}/export.csv", export)
    router.add_get(f"{PREFIX}/sakslogg.csv", export_log)
    router.add_get(f"{PREFIX}/{{reference:{REFERENCE}}}", ticket_page)
    router.add_post(f"{PREFIX}/{{reference:{REFERENCE}}}/claim", claim)
    router.add_post(f"{PREFIX}/{{reference:{REFERENCE}}}/note", note)
    router.add_post(f"{PREFIX}/{{reference:{REFERENCE}}}/close", close)
