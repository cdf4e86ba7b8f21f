"""Crisis replies, personal data in a message, and messages in English."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import LANGUAGE_SLOT
from actions.tiltak_answers import answer_question
from bot.guidance.answers import aspect_of
from bot.guidance.crisis import (
    DANGER,
    KINDS,
    SELF,
    CrisisAssessment,
    assess,
    crisis_responses,
)
from bot.guidance.profile import english_bot_question, english_greeting, english_to_search_text
from bot.settings import load_settings
from knowledge.search import get_index

CONTACT_KINDS = {"telefon", "epost"}
WHO_VALUES = {"self", "third", "employer"}


def crisis_of(latest_message: dict[str, Any]) -> CrisisAssessment:
    """The guard's crisis decision, read back from the entities it added to the message."""
    entities = latest_message.get("entities") or []
    kinds = {e.get("value") for e in entities if e.get("entity") == "crisis_kind"} & set(KINDS)
    flags = {e.get("value") for e in entities if e.get("entity") == "crisis_flag"}
    whos = [e.get("value") for e in entities if e.get("entity") == "crisis_who"]
    if not kinds:
        # A button payload or an older model: decide again from the text.
        found = assess(latest_message.get("text") or "")
        if found.level == DANGER:
            return found
    return CrisisAssessment(
        level=DANGER,
        kinds=frozenset(kinds),
        who=whos[0] if whos and whos[0] in WHO_VALUES else SELF,
        young="young" in flags,
        english="english" in flags,
    )


class ActionCrisisReply(Action):
    """The help that fits the kind of crisis: the right numbers first, no scheme suggestions."""

    def name(self) -> str:
        return "action_crisis_reply"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        for response in crisis_responses(crisis_of(tracker.latest_message)):
            dispatcher.utter_message(response=response)
        return []


class ActionCrisisSoft(Action):
    """Distress without danger: one line about where to talk; the rule then answers."""

    def name(self) -> str:
        return "action_crisis_soft"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        flags = {
            e.get("value")
            for e in tracker.latest_message.get("entities") or []
            if e.get("entity") == "crisis_flag"
        }
        english = "english" in flags
        dispatcher.utter_message(
            response="utter_crisis_soft_en" if english else "utter_crisis_soft"
        )
        return []


class ActionPersonalDataWarning(Action):
    """Never repeat the data; say why it should not be sent, and what to do instead."""

    def name(self) -> str:
        return "action_personal_data_warning"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kinds = {
            e.get("value")
            for e in tracker.latest_message.get("entities") or []
            if e.get("entity") == "personal_data"
        }
        if kinds - CONTACT_KINDS:
            dispatcher.utter_message(response="utter_personal_data_warning")
            text = (tracker.latest_message.get("text") or "").lower()
            if any(word in text for word in ("sak", "finn", "slå opp", "sjekk")):
                dispatcher.utter_message(response="utter_no_case_lookup")
        else:
            dispatcher.utter_message(response="utter_personal_data_contact")
        return []


# A question in English about what is stored and who sees it.
_ENGLISH_PRIVACY = re.compile(
    r"\b(store|stored|storing|save|saved|keep|kept|log|logged)\b.{0,30}\b(data|chat|messages?|"
    r"conversation|what i write|information|details)\b|\bprivacy\b|\bgdpr\b|"
    r"\bwho (can|will) (see|read)\b|\bpersonal (data|information)\b|\bis (this|it) anonymous\b",
    re.I,
)


def say_privacy_info(dispatcher: CollectingDispatcher, english: bool = False) -> list:
    """What is stored and for how long: the periods the service runs with (/personvern)."""
    days = load_settings().conversation_retention_days
    response = "utter_privacy_info_en" if english else "utter_privacy_info"
    dispatcher.utter_message(response=response, conversation_days=days)
    return []


class ActionPrivacyInfo(Action):
    def name(self) -> str:
        return "action_privacy_info"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return say_privacy_info(dispatcher)


class ActionAnswerEnglish(Action):
    """A short English note, then the Norwegian answer where the knowledge base has one."""

    def name(self) -> str:
        return "action_answer_english"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        raw = tracker.latest_message.get("text") or ""
        english = [SlotSet(LANGUAGE_SLOT, "en")]
        if english_bot_question(raw):
            # "Hi! Am I talking to a real person?": said plainly, in English
            dispatcher.utter_message(response="utter_iamabot_en")
            return english
        if english_greeting(raw) and len(raw.split()) <= 5:
            dispatcher.utter_message(response="utter_greet_en")
            return english
        if _ENGLISH_PRIVACY.search(raw):
            return say_privacy_info(dispatcher, english=True)
        text = english_to_search_text(raw)
        index = get_index()
        follow_up = tracker.get_slot("current_tiltak") and aspect_of(text, None) != "overview"
        if (
            not follow_up
            and not index.find_by_name(text)
            and not index.search_by_need(text, limit=1)
        ):
            dispatcher.utter_message(response="utter_english_no_answer")
            return []
        return answer_question(dispatcher, tracker, text, english=True)
