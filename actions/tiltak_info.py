"""Answer a question about one named tiltak from the knowledge base."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from knowledge.search import get_index

logger = logging.getLogger(__name__)


class ActionTiltakInfo(Action):
    def name(self) -> str:
        return "action_tiltak_info"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        try:
            matches = get_index().find_by_name(text)
        except SQLAlchemyError:
            logger.exception("knowledge lookup failed")
            dispatcher.utter_message(response="utter_lookup_failed")
            return []
        if not matches:
            dispatcher.utter_message(response="utter_tiltak_unknown")
            return []
        tiltak = matches[0].tiltak
        dispatcher.utter_message(
            response="utter_tiltak_summary", name=tiltak["name"], summary=tiltak["summary"]
        )
        if tiltak.get("offers"):
            dispatcher.utter_message(response="utter_tiltak_offers", offers=tiltak["offers"])
        return []
