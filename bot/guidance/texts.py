"""Short labels for intents, used on "Mente du …?" buttons and in the inbox's review queue.

The words are responses in the domain (domain/conversation.yml, `utter_label_<intent>`), so
they are edited where every other reply text is; this mapping names them literally.
"""

from __future__ import annotations

from bot.training import response_text

INTENT_LABEL_RESPONSES = {
    "ask_tiltak": "utter_label_ask_tiltak",
    "find_tiltak": "utter_label_find_tiltak",
    "ask_eligibility": "utter_label_ask_eligibility",
    "ask_how_to_start": "utter_label_ask_how_to_start",
    "ask_cost": "utter_label_ask_cost",
    "ask_fact": "utter_label_ask_fact",
    "request_human": "utter_label_request_human",
    "privacy_question": "utter_label_privacy_question",
    "delete_conversation": "utter_label_delete_conversation",
    "what_can_you_do": "utter_label_what_can_you_do",
    "i_am_youth": "utter_label_i_am_youth",
    "i_am_employer": "utter_label_i_am_employer",
    "start_assessment": "utter_label_start_assessment",
    "bot_challenge": "utter_label_bot_challenge",
    "greet": "utter_label_greet",
    "goodbye": "utter_label_goodbye",
    "start_over": "utter_label_start_over",
}


def intent_label(intent: str) -> str | None:
    """The intent's label, or None for an intent that is never offered as a suggestion."""
    response = INTENT_LABEL_RESPONSES.get(intent)
    return response_text(response) if response else None
