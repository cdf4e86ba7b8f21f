"""Fill the case contract (`bot.tickets.case.Case`) from the conversation: the handoff form's
answers, who is asking, the needs assessment recorded when the recommendations were given,
the tiltak recommended and read about, and the transcript of the whole conversation."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from sqlalchemy.exc import SQLAlchemyError

from bot.tickets.case import ASKING_FOR, Assessment, Case, Contact
from knowledge.coerce import text as _text
from knowledge.search import get_index

logger = logging.getLogger(__name__)
EMPLOYER_CONTACT = ("company_name", "org_number", "contact_name", "contact_info")
YOUTH_CONTACT = ("first_name", "contact_info")
# Slots where the actions record the tiltak of the conversation (ids, oldest first).
RECOMMENDED_SLOT = "tiltak_recommended"
OPENED_SLOT = "tiltak_opened"
MAX_REMEMBERED = 10
# "Slett samtalen": nothing said before it goes with a case.
FORGET_ACTION = "action_forget_conversation"


def remember_tiltak(tracker: Tracker, slot: str, ids: list[str]) -> list[dict[str, Any]]:
    """The event that adds these tiltak ids to one of the two lists (none if nothing new)."""
    known = [str(item) for item in tracker.get_slot(slot) or []]
    new = [i for i in dict.fromkeys(ids) if i and i not in known]
    if not new:
        return []
    return [SlotSet(slot, (known + new)[-MAX_REMEMBERED:])]


def _names(ids: list[str]) -> tuple[str, ...]:
    """The tiltak's names as the knowledge base has them now (a case keeps them as they were
    when it was made)."""
    try:
        index = get_index()
    except SQLAlchemyError:
        logger.warning("knowledge base unavailable: tiltak ids go with the case")
        return tuple(ids)
    return tuple((index.get(i) or {}).get("name") or i for i in ids)


def _opened(tracker: Tracker, recommended: list[str]) -> list[str]:
    """Tiltak the person read about: the actions' list, and every tiltak the conversation was
    about (`current_tiltak`) that was not only the first of a list of recommendations."""
    opened = [str(item) for item in tracker.get_slot(OPENED_SLOT) or []]
    for event in tracker.events:
        if event.get("event") == "slot" and event.get("name") == "current_tiltak":
            value = event.get("value")
            if value and value not in opened and value not in recommended:
                opened.append(value)
    return opened


def case_from(tracker: Tracker) -> Case:
    """The case as the conversation has it now (not masked: `Case.masked()` before storing)."""
    audience = "arbeidsgiver" if tracker.get_slot("audience") == "arbeidsgiver" else "ungdom"
    keys = EMPLOYER_CONTACT if audience == "arbeidsgiver" else YOUTH_CONTACT
    contact = Contact(**{key: _text(tracker.get_slot(key)) for key in keys})
    asking_for = _text(tracker.get_slot("asking_for"))
    recommended = [str(item) for item in tracker.get_slot(RECOMMENDED_SLOT) or []]
    return Case(
        audience=audience,
        contact=contact,
        need=_text(tracker.get_slot("handoff_need")),
        contact_time=_text(tracker.get_slot("contact_time")),
        contact_way=_text(tracker.get_slot("contact_way")),
        asking_for=asking_for if asking_for in ASKING_FOR else "",
        assessment=Assessment.from_dict(tracker.get_slot("assessment")),
        tiltak_recommended=_names(recommended),
        tiltak_opened=_names(_opened(tracker, recommended)),
    )


def transcript(tracker: Tracker) -> list[tuple[str, str]]:
    """Every message of the conversation up to now (the store masks and limits them), from the
    last "Slett samtalen" on. Button payloads ("/ask_tiltak{…}") are not words of the person."""
    messages: list[tuple[str, str]] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind == "action" and event.get("name") == FORGET_ACTION:
            messages = []
        elif kind == "user" and not (event.get("text") or "").startswith("/"):
            messages.append(("bruker", event.get("text") or ""))
        elif kind == "bot" and event.get("text"):
            messages.append(("assistent", event["text"]))
    return messages
