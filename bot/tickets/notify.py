"""E-mail the coordinators when a new ticket arrives.

The message names only the reference, the queue and the answer deadline (labels from the case
contract, `bot.tickets.case`) and links to the inbox: no name, phone, e-mail, need or transcript
ever goes into an e-mail. Sending is off unless `EDI_SMTP_HOST`,
`EDI_SMTP_FROM` and `EDI_NOTIFY_TO` are set.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
import ssl
from email.message import EmailMessage

from bot.settings import Settings
from bot.tickets.case import CASE_LABELS, QUEUE_ROLES
from bot.tickets.reference import is_reference
from bot.tickets.service_level import spoken_date

logger = logging.getLogger(__name__)


def _queue_name(queue: str) -> str:
    role = QUEUE_ROLES.get(queue)
    return f"{queue} ({role})" if role else queue


def build_message(
    reference: str, queue: str, settings: Settings, answer_by: dt.date | None = None
) -> EmailMessage:
    link = f"{settings.inbox_url}/{reference}"
    message = EmailMessage()
    message["Subject"] = f"Ny sak {reference} i køen {queue}"
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(settings.notify_to)
    due = f"{CASE_LABELS['answer_by']}: {spoken_date(answer_by)}.\n\n" if answer_by else ""
    message.set_content(
        "Hei!\n\n"
        f"En ny sak, {reference}, har kommet inn i køen {_queue_name(queue)}.\n\n"
        f"{due}"
        f"Logg inn i innboksen for å se den:\n{link}\n\n"
        "Denne e-posten inneholder ingen personopplysninger.\n"
        "– Én dør inn\n"
    )
    return message


def _smtp_send(message: EmailMessage, settings: Settings) -> None:
    """One message through the configured SMTP server (STARTTLS and login when set); raises
    on failure, the callers log it."""
    timeout = settings.smtp_timeout_seconds
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


def notify_new_ticket(
    reference: str, queue: str, settings: Settings, answer_by: dt.date | None = None
) -> bool:
    """Send the new-ticket e-mail. False (and a log line) when not configured or when sending
    fails; never raises."""
    try:
        if not settings.smtp_configured:
            logger.info("new ticket %s: e-mail not sent, SMTP is not configured", reference)
            return False
        if not is_reference(reference) or not re.fullmatch(r"[a-z]+", queue):
            logger.warning("new ticket e-mail not sent: unexpected reference or queue")
            return False
        message = build_message(reference, queue, settings, answer_by)
        _smtp_send(message, settings)
    except Exception as error:  # noqa: BLE001 - a failed e-mail must never break the handoff
        logger.warning(
            "new ticket %s: e-mail to %s:%s failed: %s: %s",
            reference,
            settings.smtp_host,
            settings.smtp_port,
            type(error).__name__,
            str(error)[:200],
        )
        return False
    logger.info("new ticket %s: e-mail sent to %d recipient(s)", reference, len(settings.notify_to))
    return True


def build_reply(to: str, reply: str, link: str, sender_label: str, settings: Settings):
    """A coordinator's reply to the person: the reply itself and the link back to the chat;
    no reference, queue, need or other detail of the case."""
    message = EmailMessage()
    message["Subject"] = "Svar fra Én dør inn"
    message["From"] = settings.smtp_from
    message["To"] = to
    message.set_content(
        f"{sender_label} har svart deg:\n\n"
        f"{reply}\n\n"
        f"Du kan svare i chatten her (lenken virker i {settings.reply_link_hours} timer):\n"
        f"{link}\n\n"
        "– Én dør inn\n"
    )
    return message


def send_reply(to: str, reply: str, link: str, sender_label: str, settings: Settings) -> bool:
    """Send the reply e-mail through the SMTP settings. False (and a log line without the
    address) when SMTP is not set up or sending fails; never raises."""
    if not settings.smtp_can_send:
        logger.info("reply e-mail not sent: SMTP is not configured")
        return False
    try:
        message = build_reply(to, reply, link, sender_label, settings)
        _smtp_send(message, settings)
    except Exception as error:  # noqa: BLE001 - the coordinator gets a message, not a traceback
        logger.warning("reply e-mail failed: %s", type(error).__name__)
        return False
    logger.info("reply e-mail sent")
    return True
