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
from bot.guidance.profile import (
    english_bot_question,
    english_greeting,
    english_thanks,
    english_to_search_text,
    infer_tags,
)
from bot.settings import load_settings
from knowledge.search import STRONG_MATCH, get_index

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


_ASKS_ABOUT_ENGLISH = re.compile(
    r"\b(do|can|could) you (speak|understand|read|talk|write|answer in|reply in) english\b|"
    r"\b(can|may|could) i (write|ask|talk|speak|chat) (in|with you in) english\b|"
    r"\bis english (ok|okay|fine|possible)\b|\benglish (ok|okay|possible)\?",
    re.IGNORECASE,
)
_ENGLISH_QUESTION = re.compile(
    r"^\W*(what|who|where|when|why|how|which|is|are|can|could|do|does|will|would|should)\b", re.I
)
# Without a need the message names (a tag of infer_tags), an English message is a need only
# with this score: "the best game on the Playstation" scores 0.20 on the word "best", the
# needs of the held-out English messages 0.35 and more (measured, session 10).
ENGLISH_NEED_WITHOUT_CONCEPT = 0.3


def english_need_found(index, said: str) -> bool:
    """An English message describes a need the knowledge base has entries for."""
    tags = infer_tags(said)
    found = index.search_by_need(
        english_to_search_text(said), tags=tags, limit=1, english_query=said
    )
    return bool(found) and (bool(tags) or found[0].score >= ENGLISH_NEED_WITHOUT_CONCEPT)


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
        if english_thanks(raw):
            dispatcher.utter_message(response="utter_thanks_en")
            return english
        if english_greeting(raw) and len(raw.split()) <= 5:
            dispatcher.utter_message(response="utter_greet_en")
            return english
        if _ENGLISH_PRIVACY.search(raw):
            return say_privacy_info(dispatcher, english=True)
        if _ASKS_ABOUT_ENGLISH.search(raw):
            # "Do you understand English?", "can I write in English?": yes, and what it does
            dispatcher.utter_message(response="utter_english_yes")
            return english
        text = english_to_search_text(raw)
        index = get_index()
        follow_up = tracker.get_slot("current_tiltak") and aspect_of(text, None) != "overview"
        named = index.find_by_name(text, limit=1)
        # a name matched only in part ("Kristiansand" of "IPS Kristiansand") names nothing
        named = bool(named) and named[0].score >= STRONG_MATCH
        if not follow_up and not named and not english_need_found(index, raw):
            # a question about something else is declined as such ("What's the best game on
            # the Playstation?"); anything else gets what the assistant does ("yo")
            question = "?" in raw or _ENGLISH_QUESTION.match(raw)
            no_answer = "utter_out_of_scope_en" if question else "utter_english_no_answer"
            dispatcher.utter_message(response=no_answer)
            return english
        return answer_question(dispatcher, tracker, text, english=True)
