"""Masking personal data in what is stored and logged.

`mask_event_dict` is used by the tracker store before events are written; `MaskingLogFilter`
is installed on every log handler of the Rasa server, the action server and the web app.

What is kept: a fødselsnummer, D-nummer or account number never (in no slot, text, entity or
metadata). A phone number or e-mail address only in the slot `contact_info`, only while a
handoff the user consented to is under way, and only the number or address itself (not the
rest of the answer). When the handoff form ends (sent, cancelled, declined, interrupted) the
tracker store rewrites what the form stored (`scrub_handoff_rows`): the consented contact
details are then only on the ticket, if one was made.
"""

from __future__ import annotations

import logging

from bot.guidance.personal_data import find_personal_data, mask_personal_data

# Slots the handoff form fills with details the user consented to give.
CONSENTED_SLOTS = frozenset(
    {"contact_info", "contact_name", "first_name", "company_name", "org_number"}
)
# The one slot that may hold a phone number or e-mail address in clear.
CONTACT_SLOT = "contact_info"
CONTACT_KINDS = ("telefon", "epost")
REMOVED = "[fjernet]"
# Keys whose values are Rasa's own ids and numbers, never text from the user.
_ID_KEYS = frozenset({"event", "timestamp", "message_id", "model_id", "assistant_id"})


def _mask(value):
    if isinstance(value, str):
        return mask_personal_data(value)[0]
    if isinstance(value, list):
        return [_mask(item) for item in value]
    if isinstance(value, dict):
        return {key: item if key in _ID_KEYS else _mask(item) for key, item in value.items()}
    return value


def contact_only(value):
    """Of an answer to the contact question, only the phone number or e-mail address."""
    if not isinstance(value, str):
        return _mask(value)
    for item in find_personal_data(value):
        if item.kind in CONTACT_KINDS:
            return item.value
    return mask_personal_data(value)[0]


def mask_event_dict(data: dict, keep_contact: bool = False) -> dict:
    """A copy of a serialised tracker event with personal data masked: every string in it
    (text, parse data with entity values, slot values, metadata of user and bot events).
    With `keep_contact` (a handoff the user consented to is under way) the slot
    `contact_info` keeps the phone number or e-mail address it holds, nothing else."""
    masked = _mask(data)
    if keep_contact and data.get("event") == "slot" and data.get("name") == CONTACT_SLOT:
        masked["value"] = contact_only(data.get("value"))
    return masked


def _removable(value) -> bool:
    return isinstance(value, str) and value.strip() not in ("", REMOVED)


def scrub_handoff_rows(rows: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """For a conversation whose handoff form has ended: the stored events (id, data) to
    rewrite so that nothing the form collected is left. The values of the consented slots
    become "[fjernet]", and so do the user messages that answered them (Rasa's slot mapping
    first stores the whole answer as the slot's value) and the "Stemmer dette?" summary."""
    answers: set[str] = set()
    changed: list[tuple[int, dict]] = []
    for row_id, data in rows:
        if data.get("event") == "slot" and data.get("name") in CONSENTED_SLOTS:
            if _removable(data.get("value")):
                answers.add(data["value"].strip())
                changed.append((row_id, {**data, "value": REMOVED}))
    for row_id, data in rows:
        event = data.get("event")
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        if event == "user" and _removable(data.get("text")) and data["text"].strip() in answers:
            new = {**data, "text": REMOVED}
            if isinstance(data.get("parse_data"), dict):
                new["parse_data"] = {**data["parse_data"], "text": REMOVED, "entities": []}
            changed.append((row_id, new))
        elif event == "bot" and "summary" in metadata:
            kept = {key: value for key, value in metadata.items() if key != "summary"}
            changed.append((row_id, {**data, "text": REMOVED, "metadata": kept}))
    return changed


class MaskingLogFilter(logging.Filter):
    """Replace personal data in every log record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        masked, kinds = mask_personal_data(message)
        if kinds:
            record.msg = masked
            record.args = ()
        return True


def install_log_masking() -> None:
    """Add the masking filter to the root logger's handlers and to new handlers."""
    mask = MaskingLogFilter()
    root = logging.getLogger()
    for handler in root.handlers:
        handler.addFilter(mask)
    original = logging.Handler.__init__

    def _init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.addFilter(mask)

    if not getattr(logging.Handler, "_edi_masking", False):
        logging.Handler.__init__ = _init
        logging.Handler._edi_masking = True
