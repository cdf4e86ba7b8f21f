"""Masking personal data in what is stored and logged.

`mask_event_dict` is used by the tracker store before events are written; `MaskingLogFilter`
is installed on every log handler of the Rasa server, the action server and the web app.
Only the contact details a user gives after consenting to a handoff are kept, in their slots.
"""

from __future__ import annotations

import logging

from bot.understanding.personal_data import mask_personal_data

# Slots that hold contact details given with explicit consent in the handoff form.
CONSENTED_SLOTS = frozenset(
    {"contact_info", "contact_name", "first_name", "company_name", "org_number"}
)


def _mask(value):
    if isinstance(value, str):
        return mask_personal_data(value)[0]
    if isinstance(value, list):
        return [_mask(item) for item in value]
    if isinstance(value, dict):
        return {key: _mask(item) for key, item in value.items()}
    return value


def mask_event_dict(data: dict) -> dict:
    """A copy of a serialised tracker event with personal data masked."""
    event = data.get("event")
    if event == "slot":
        if data.get("name") in CONSENTED_SLOTS:
            return data
        return {**data, "value": _mask(data.get("value"))}
    if event in ("user", "bot"):
        masked = dict(data)
        masked["text"] = _mask(data.get("text"))
        if isinstance(data.get("parse_data"), dict):
            parse_data = dict(data["parse_data"])
            parse_data["text"] = _mask(parse_data.get("text"))
            masked["parse_data"] = parse_data
        if isinstance(data.get("data"), dict):
            masked["data"] = _mask(data["data"])
        return masked
    return data


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
