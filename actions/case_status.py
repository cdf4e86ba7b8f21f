"""The person asks about their case, or says they ask for someone else.

Status by reference answers "mottatt", "under behandling" or "avsluttet" and nothing else: no
name, no content, no dates, nothing a stranger who guessed a reference could use.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot.guidance.asking_for import SELF, asking_for
from bot.guidance.profile import infer_audience, is_english
from bot.tickets.reference import find_reference, is_reference
from bot.tickets.service import public_status

logger = logging.getLogger(__name__)
# The public status → the response, in Norwegian and in English.
STATUS_RESPONSES = {
    "mottatt": ("utter_case_status_received", "utter_case_status_received_en"),
    "under behandling": ("utter_case_status_in_progress", "utter_case_status_in_progress_en"),
    "avsluttet": ("utter_case_status_closed", "utter_case_status_closed_en"),
    None: ("utter_case_status_unknown", "utter_case_status_unknown_en"),
}
ASK_REFERENCE = ("utter_case_status_ask_reference", "utter_case_status_ask_reference_en")
SENSITIVE_KINDS = {"fodselsnummer", "kontonummer", "nummer"}


def _entity(tracker: Tracker, name: str) -> str | None:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name and isinstance(entity.get("value"), str):
            return entity["value"]
    return None


class ActionCaseStatus(Action):
    def name(self) -> str:
        return "action_case_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        text = tracker.latest_message.get("text") or ""
        english = int(is_english(text))
        reference = _entity(tracker, "case_reference")
        if not is_reference(reference or ""):
            reference = find_reference(text)
        kinds = {
            e.get("value")
            for e in tracker.latest_message.get("entities") or []
            if e.get("entity") == "personal_data"
        }
        if kinds & SENSITIVE_KINDS:
            dispatcher.utter_message(response="utter_no_sensitive_numbers")
        if reference is None:
            dispatcher.utter_message(response=ASK_REFERENCE[english])
            return []
        try:
            status = public_status(reference)
        except SQLAlchemyError:
            logger.exception("case status not available")
            dispatcher.utter_message(response="utter_case_status_failed")
            return []
        response = STATUS_RESPONSES.get(status, STATUS_RESPONSES[None])[english]
        dispatcher.utter_message(response=response, reference=reference)
        return []


class ActionAskingForOther(Action):
    """ "Jeg spør for sønnen min": the assistant helps them as the one asking for someone."""

    def name(self) -> str:
        return "action_asking_for_other"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        text = tracker.latest_message.get("text") or ""
        who = asking_for(text)
        role = who.role if who and who.role != SELF else "annen"
        events: list[dict[str, Any]] = [SlotSet("asking_for", role), SlotSet("for_other", "ja")]
        if not tracker.get_slot("audience"):
            events.append(SlotSet("audience", infer_audience(text) or "ungdom"))
        english = is_english(text)
        dispatcher.utter_message(
            response="utter_asking_for_other_en" if english else "utter_asking_for_other"
        )
        return events
