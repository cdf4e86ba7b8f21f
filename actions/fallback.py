"""When the classifier is unsure: rescue by tiltak name, then "Mente du …?", then a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tiltak_answers import asks_a_question, rescue_from_knowledge
from bot.guidance.profile import asks_to_look_up_a_case
from bot.guidance.texts import intent_label
from bot.training import response_text

NOT_SUGGESTED = {"nlu_fallback", "out_of_scope", "share_personal_info", "english", "crisis"}
MIN_SUGGESTION_CONFIDENCE = 0.08
# Intents about the conversation itself, naming no need: a question guessed as one of them
# and next as out of scope is a question about something else.
SMALL_TALK = {"what_can_you_do", "bot_challenge", "greet", "thanks", "goodbye", "something_else"}
# Unsure between two question intents is still sure it is a question: answer it.
FAMILY_CONFIDENCE = 0.5


def consecutive_misses(tracker: Tracker) -> int:
    """How many user messages in a row (this one included) were not understood."""
    misses = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent != "nlu_fallback":
            break
        misses += 1
    return misses


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events = rescue_from_knowledge(dispatcher, tracker, FAMILY_CONFIDENCE)
        if events is not None:
            return events
        text = tracker.latest_message.get("text") or ""
        if asks_to_look_up_a_case(text):
            dispatcher.utter_message(response="utter_no_case_lookup")
            return []
        ranking = tracker.latest_message.get("intent_ranking") or []
        guesses = [r for r in ranking if r.get("name") != "nlu_fallback"]
        if guesses and (
            guesses[0].get("name") == "out_of_scope"
            or (
                asks_a_question(text)
                and guesses[0].get("name") in SMALL_TALK
                and "out_of_scope" in [g.get("name") for g in guesses[1:2]]
            )
        ):
            # Unsure, but its best guess is that the question is about something else ("Er
            # iPhone eller Android best?"), or a question is small talk or else something else
            # ("Hva er den deriverte av x^2?": "what can you do", then out of scope): say so,
            # rather than offer unrelated choices.
            dispatcher.utter_message(response="utter_out_of_scope")
            return []

        misses = consecutive_misses(tracker)
        if misses >= 3:
            dispatcher.utter_message(response="utter_give_up_politely")
            return []
        if misses == 2:
            dispatcher.utter_message(response="utter_still_not_understood")
            return []
        suggestions = [
            r["name"]
            for r in ranking
            if r.get("name") not in NOT_SUGGESTED
            and r.get("confidence", 0) >= MIN_SUGGESTION_CONFIDENCE
            and intent_label(r["name"])
        ][:2]
        if not suggestions:
            dispatcher.utter_message(response="utter_default")
            return [SlotSet("unclear_text", text[:500])]
        buttons = [{"title": intent_label(name), "payload": f"/{name}"} for name in suggestions]
        buttons.append(
            {"title": response_text("utter_button_something_else"), "payload": "/something_else"}
        )
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        return [SlotSet("unclear_text", text[:500])]
