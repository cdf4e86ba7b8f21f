"""Coordinators answer the person (issue #18, item 4): the case page's "Samtale med personen".

- *Live*: the coordinator who has the case takes over the chat (POST …/chat/take) while the
  person's widget is connected; their replies (POST …/chat/write) appear in the widget as
  "Veileder Kari", the person's answers go to the case (bot/rasa/channels.py asks
  `bot.tickets.conversation.hold_for` before it runs Rasa), and POST …/chat/release (or
  closing the case) hands the conversation back to the assistant. The widget is told each
  change (`bot.rasa.live.live_notice`).
- *Later*: when the widget is not connected, the same form sends the reply to the contact the
  person consented to: e-mail through the SMTP settings, or SMS through the configured sender
  (bot/tickets/sms.py), with only the reply and a link (`/#samtale=<token>`, valid
  EDI_REPLY_LINK_HOURS) that reopens the conversation in the widget (POST /api/reopen).
- GET …/chat/messages.json: the case's messages after a given id, for the case page's poller
  (static/case_chat.js).

Every message is stored masked, in order; each step is a case log entry. The inbox guard
(bot/web/inbox.py) checks login, CSRF and the queue in front of every route here.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from bot.rasa.live import LINK_KEY, human_message, live_notice
from bot.settings import Settings
from bot.tickets import conversation, service, users
from bot.tickets.case import Case
from bot.tickets.notify import send_reply
from bot.tickets.sms import load_sms_sender, sms_text
from bot.web.inbox import (
    INBOX_KEY,
    PREFIX,
    REFERENCE,
    USER_KEY,
    _db,
    _form,
    _local_time,
    _not_found,
    _redirect,
)
from bot.web.widget_api import WIDGET_LIMITER_KEY, json_body

logger = logging.getLogger(__name__)
REPLY_SETTINGS_KEY = web.AppKey("reply_settings", Settings)
DONE = {
    "take": "Du skriver nå med personen i chatten. Assistenten svarer ikke så lenge.",
    "chat": "Meldingen er sendt i chatten.",
    "e-post": "Personen var ikke i chatten. Svaret er sendt på e-post.",
    "sms": "Personen var ikke i chatten. Svaret er sendt på SMS.",
    "release": "Assistenten svarer igjen i chatten.",
}
NO_WAY = (
    "Personen er ikke i chatten, og svaret kan ikke sendes på e-post eller SMS "
    "(ingen e-postadresse, eller SMS er ikke satt opp). Ring personen, eller skriv et notat."
)
NOT_SENT = "Svaret ble ikke sendt. Prøv igjen om litt."
TAKE_FIRST = "Personen har chatten åpen nå. Trykk «Skriv i chatten» for å svare der."
NOT_PRESENT = "Personen har ikke chatten åpen nå. Skriv svaret, så sendes det på e-post eller SMS."
BAD_LINK = "Lenken er utløpt eller ugyldig. Start en ny samtale, eller skriv «snakk med en person»."


async def chat_context(request: web.Request, ticket) -> dict | None:
    """What the case page shows of the conversation (None: the case did not come from chat)."""
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    state = await _db(conversation.chat_state, ticket.reference, user.queues, config.url)
    if state is None:
        return None
    found = await _db(conversation.messages, ticket.reference, user.queues, config.url)
    present = False
    link = request.app.get(LINK_KEY)
    if link is not None and ticket.status != "lukket":
        present = await link.present(state.conversation_id)
    return {
        "state": state,
        "present": present,
        "messages": found,
        "mine": ticket.claimed_by == user.username,
        "live_mine": state.mode == "live" and state.owner == user.username,
    }


def _contact_way(ticket) -> tuple[str, str]:
    """("e-post", address) or ("sms", number) of the consented contact; ("", "") if none."""
    contact = Case.from_ticket(ticket.consented_contact, ticket.summary).contact.contact_info
    contact = (contact or "").strip()
    if "@" in contact:
        return "e-post", contact
    digits = "".join(ch for ch in contact if ch.isdigit() or ch == "+")
    return ("sms", digits) if len(digits) >= 8 else ("", "")


def _reopen_link(settings: Settings, token: str) -> str:
    base = (settings.public_url or settings.web_url).rstrip("/")
    return f"{base}/#samtale={token}"


async def _page_error(request: web.Request, message: str) -> web.Response:
    from bot.web.inbox_cases import _ticket_page

    return await _ticket_page(request, status=400, error=message)


async def _ticket(request: web.Request):
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    reference = request.match_info["reference"]
    return await _db(service.get_ticket, reference, user.queues, config.url)


async def take(request: web.Request) -> web.Response:
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    ticket = await _ticket(request)
    if ticket is None:
        return _not_found(user)
    state = await _db(conversation.chat_state, ticket.reference, user.queues, config.url)
    link = request.app.get(LINK_KEY)
    if state is None or link is None or not await link.present(state.conversation_id):
        return await _page_error(request, NOT_PRESENT)
    try:
        hold = await _db(
            conversation.take_chat, ticket.reference, user.username, user.queues, config.url
        )
    except service.TicketError as error:
        return await _page_error(request, str(error))
    await link.send(state.conversation_id, live_notice("start", hold.label))
    logger.info("inbox: %s took the chat of %s", user.username, ticket.reference)
    return _redirect(f"{PREFIX}/{ticket.reference}?svar=take#samtale")


async def write(request: web.Request) -> web.Response:
    """Live when the coordinator has the chat and the widget is connected; else later."""
    config = request.app[INBOX_KEY]
    settings = request.app[REPLY_SETTINGS_KEY]
    user: users.InboxUser = request[USER_KEY]
    ticket = await _ticket(request)
    if ticket is None:
        return _not_found(user)
    text = str((await _form(request)).get("text") or "").strip()[: conversation.MAX_CHARS]
    if not text:
        return await _page_error(request, "Meldingen er tom.")
    if ticket.claimed_by != user.username or ticket.status == "lukket":
        return await _page_error(request, "Ta saken først, så kan du skrive til personen.")
    state = await _db(conversation.chat_state, ticket.reference, user.queues, config.url)
    link = request.app.get(LINK_KEY)
    present = state is not None and link is not None and await link.present(state.conversation_id)
    live = present and state.mode == "live" and state.owner == user.username
    if present and not live:
        return await _page_error(request, TAKE_FIRST)
    if live:
        label = conversation.label_for(user.username, ticket.queue)
        if not await link.send(state.conversation_id, human_message(text, label)):
            return await _page_error(request, NOT_SENT)
        way = "chat"
    else:
        way = await _send_later(request, ticket, state, text, settings, user)
        if way is None:
            return await _page_error(request, NO_WAY)
        if way == "":
            return await _page_error(request, NOT_SENT)
    try:
        await _db(
            conversation.write, ticket.reference, user.username, text, user.queues, way, config.url
        )
    except service.TicketError as error:
        return await _page_error(request, str(error))
    logger.info("inbox: %s wrote to the person of %s (%s)", user.username, ticket.reference, way)
    return _redirect(f"{PREFIX}/{ticket.reference}?svar={way}#samtale")


async def _send_later(request, ticket, state, text: str, settings: Settings, user) -> str | None:
    """Send by e-mail or SMS: the way used, "" when sending failed, None when there is none.
    The conversation then waits for the person's answer (`conversation.write`), also when the
    coordinator had taken the chat and the person has left it since."""
    config = request.app[INBOX_KEY]
    way, address = _contact_way(ticket)
    sms = load_sms_sender(settings) if way == "sms" else None
    if state is None or not way or (way == "e-post" and not settings.smtp_can_send):
        return None
    if way == "sms" and sms is None:
        return None
    token = await _db(
        conversation.new_reopen_token, ticket.reference, settings.reply_link_hours, config.url
    )
    link = _reopen_link(settings, token)
    label = conversation.label_for(user.username, ticket.queue)
    if way == "e-post":
        sent = await asyncio.to_thread(send_reply, address, text, link, label, settings)
    else:
        sent = await asyncio.to_thread(_send_sms, sms, address, sms_text(text, link))
    return way if sent else ""


def _send_sms(sms, to: str, text: str) -> bool:
    try:
        return bool(sms.send(to, text))
    except Exception:  # noqa: BLE001 - a sender of the deployment's own; never a traceback here
        logger.warning("SMS sender failed")
        return False


async def release(request: web.Request) -> web.Response:
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    ticket = await _ticket(request)
    if ticket is None:
        return _not_found(user)
    try:
        conversation_id = await _db(
            conversation.release, ticket.reference, user.username, user.queues, config.url
        )
    except service.TicketError as error:
        return await _page_error(request, str(error))
    await hand_back(request, conversation_id)
    logger.info("inbox: %s released the chat of %s", user.username, ticket.reference)
    return _redirect(f"{PREFIX}/{ticket.reference}?svar=release#samtale")


async def hand_back(request: web.Request, conversation_id: str | None) -> None:
    """Tell the widget that the assistant answers again."""
    link = request.app.get(LINK_KEY)
    if conversation_id and link is not None:
        await link.send(conversation_id, live_notice("end"))


async def release_after_close(request: web.Request, reference: str) -> None:
    """Closing a case hands its conversation back to the assistant (logged as the close)."""
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    try:
        conversation_id = await _db(
            conversation.release, reference, user.username, user.queues, config.url, False
        )
    except service.TicketError:
        return
    await hand_back(request, conversation_id)


async def messages_json(request: web.Request) -> web.Response:
    config = request.app[INBOX_KEY]
    user: users.InboxUser = request[USER_KEY]
    try:
        after = max(0, int(request.query.get("after", "0")))
    except ValueError:
        after = 0
    try:
        found = await _db(
            conversation.messages, request.match_info["reference"], user.queues, config.url, after
        )
    except service.TicketError:
        return web.json_response({"error": "Fant ikke saken."}, status=404)
    return web.json_response(
        {
            "messages": [
                {
                    "id": m.id,
                    "sender": m.sender,
                    "label": m.label,
                    "way": m.way,
                    "text": m.text,
                    "at": _local_time(m.at),
                }
                for m in found
            ]
        }
    )


async def reopen(request: web.Request) -> web.Response:
    """The widget opened a reply's link: {token} → the conversation id and its messages."""
    body = await json_body(request)
    if body is None:
        return web.json_response({"error": BAD_LINK}, status=400)
    if not request.app[WIDGET_LIMITER_KEY].allow(request.remote or "?"):
        return web.json_response({"error": "Vent litt, og prøv igjen."}, status=429)
    settings = request.app[REPLY_SETTINGS_KEY]
    found = await _db(conversation.reopen, body.get("token"), settings.database_url)
    if found is None:
        return web.json_response({"error": BAD_LINK}, status=404)
    return web.json_response(
        {
            "session_id": found.conversation_id,
            "messages": [
                {"from": sender, "label": label, "text": text}
                for sender, label, text in found.messages
            ],
        },
        headers={"Cache-Control": "no-store"},
    )


def setup_case_reply(app: web.Application, settings: Settings) -> None:
    app[REPLY_SETTINGS_KEY] = settings
    case = f"{PREFIX}/{{reference:{REFERENCE}}}/chat"
    app.router.add_post(f"{case}/take", take)
    app.router.add_post(f"{case}/write", write)
    app.router.add_post(f"{case}/release", release)
    app.router.add_get(f"{case}/messages.json", messages_json)
    app.router.add_post("/api/reopen", reopen)
