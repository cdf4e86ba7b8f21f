"""Small helpers shared by the actions: the user's words, the audience, sending replies."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.guidance.answers import Reply
from bot.guidance.asking_for import SELF, asking_for
from bot.guidance.contact import has_sensitive_number
from bot.guidance.profile import infer_audience, is_english, is_norwegian
from bot.training import response_text


def user_text(tracker: Tracker) -> str:
    """The user's latest words. A button payload ("/ask_eligibility") has none of its own,
    so the words of the last unclear message are used instead when there are any."""
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        return tracker.get_slot("unclear_text") or ""
    return text


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def audience_of(tracker: Tracker, text: str | None = None) -> str | None:
    """The remembered audience, or the one the message reveals."""
    return tracker.get_slot("audience") or infer_audience(text or user_text(tracker))


# Responses with an English variant (`<name>_en` in the domain): English in, English out.
ENGLISH_RESPONSES = frozenset(
    """utter_tiltak_summary utter_tiltak_offers utter_tiltak_for_whom utter_tiltak_for_whom_unknown
    utter_tiltak_how_to_start utter_tiltak_how_to_start_unknown utter_tiltak_contact_role
    utter_tiltak_provider utter_tiltak_provider_unknown
    utter_tiltak_contact_button utter_tiltak_cost utter_tiltak_pay utter_tiltak_pay_unknown
    utter_tiltak_cost_unknown utter_tiltak_fact utter_tiltak_fact_unknown
    utter_tiltak_fact_unknown_named utter_tiltak_fact_rest_unknown utter_tiltak_status_ended
    utter_tiltak_status_pilot utter_tiltak_status_proposal utter_tiltak_status_unknown utter_tiltak_other_municipality
    utter_tiltak_more utter_tiltak_unknown utter_which_tiltak utter_lookup_failed
    utter_recommend_intro utter_recommend_intro_employer utter_recommend_item
    utter_recommend_none utter_recommend_next utter_age_limit utter_out_of_scope
    utter_no_case_lookup utter_crisis_soft_offer utter_offer_assessment
    utter_offer_human_youth utter_offer_human_employer utter_assessment_intro
    utter_language_set""".split()
)
LANGUAGE_SLOT = "language"


def language_of(tracker: Tracker, english: bool = False) -> str:
    """The language to answer in: English when the message is English, whichever path it took;
    in a conversation set to English (by the widget's switch or an English question), English
    for a button or a message that is not clearly Norwegian; else Norwegian."""
    text = tracker.latest_message.get("text") or ""
    if english or is_english(text):
        # "how long did the Ung start pilot last?" may reach a Norwegian path by the name it
        # holds: it is still answered in English.
        return "en"
    if tracker.get_slot(LANGUAGE_SLOT) == "en" and (text.startswith("/") or not is_norwegian(text)):
        return "en"
    return "nb"


class ActionSetLanguage(Action):
    """The widget's language switch (/set_language{"language": "en"} or "nb"): the `language`
    slot the domain's English variations read, and one line in the chosen language."""

    def name(self) -> str:
        return "action_set_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain):
        chosen = next(tracker.get_latest_entity_values("language"), None)
        language = "en" if chosen == "en" else "nb"
        say(dispatcher, "utter_language_set", language)
        return [SlotSet(LANGUAGE_SLOT, "en" if language == "en" else None)]


_EMPLOYER_ANSWER = re.compile(
    r"\b(arbeidsgiver|bedrift\w*|employer|company|business|we hire|we are hiring|"
    r"kontaktperson|contact person|barnehage\w*|hotell\w*|hotel|bakeri\w*|verksted\w*|"
    r"restaurant\w*|salong\w*|butikk\w*|(?-i:AS|ASA))\b",
    re.I,
)
_YOUTH_ANSWER = re.compile(
    r"\b(ung|ungdom|elev|student|jobbsøker|meg selv|young|job ?seeker|myself|pupil)\b", re.I
)


def who_am_i(text: str) -> dict | None:
    """The slots an answer to "who are you?" sets (in the handoff form and the needs
    assessment): someone asking for another person, an employer or a young person; None when
    the answer says none of them."""
    if other := someone_else(text):
        return other
    audience = infer_audience(text)
    if audience is None and _EMPLOYER_ANSWER.search(text):
        audience = "arbeidsgiver"
    if audience is None and _YOUTH_ANSWER.search(text):
        audience = "ungdom"
    return {"who_am_i": text, "audience": audience} if audience else None


def validate_who_am_i(value: Any, dispatcher: CollectingDispatcher) -> dict:
    """The `who_am_i` validator of both forms (handoff and needs assessment), one copy so the
    two cannot drift: the slots the answer sets, or asked again."""
    text = str(value or "").strip()
    if has_sensitive_number(text):
        # "Jonas, 19, fnr …" where who is asked: said once that it is not needed (the number
        # itself is masked before the answer is stored)
        dispatcher.utter_message(response="utter_no_sensitive_numbers")
    found = who_am_i(text)
    if found is None:
        dispatcher.utter_message(response="utter_invalid_who_am_i")
        return {"who_am_i": None}
    return found


def conversation_language(tracker: Tracker, said: str) -> tuple[str, list]:
    """The language a form is asked in, and the events that keep it in the `language` slot (the
    domain's variations read it): English when this message is, Norwegian (unset) when it is a
    Norwegian sentence, else (a button, "ok") the language the conversation already has."""
    if is_english(said):
        return "en", [SlotSet(LANGUAGE_SLOT, "en")]
    if len(said.split()) >= 3 and not said.startswith("/"):
        return "nb", [SlotSet(LANGUAGE_SLOT, None)]
    return tracker.get_slot(LANGUAGE_SLOT) or "nb", []


def say(dispatcher: CollectingDispatcher, response: str, language: str = "nb", **values) -> None:
    """One named response, in English when asked for and the domain has it."""
    if language == "en" and response in ENGLISH_RESPONSES:
        response = f"{response}_en"
    dispatcher.utter_message(response=response, **values)


def send(dispatcher: CollectingDispatcher, replies: list[Reply], language: str = "nb") -> None:
    """The replies in order; a reply's data (the tiltak cards) goes with it as json_message."""
    for reply in replies:
        if reply.custom:
            say(dispatcher, reply.response, language, json_message=reply.custom, **reply.values)
        else:
            say(dispatcher, reply.response, language, **reply.values)


def more_buttons(entries: list[dict], language: str = "nb") -> list[dict]:
    """ "Mer om …" buttons for recommended tiltak, then a person and a fresh start."""
    buttons = [
        {
            "title": response_text("utter_button_more_about", language, name=entry["name"][:40]),
            "payload": f'/ask_tiltak{{"tiltak": "{entry["id"]}"}}',
        }
        for entry in entries
    ]
    buttons.append(
        {"title": response_text("utter_button_person", language), "payload": "/request_human"}
    )
    buttons.append(
        {"title": response_text("utter_button_start_over", language), "payload": "/start_over"}
    )
    return buttons


def requested_tiltak(tracker: Tracker) -> str | None:
    """The tiltak id a button asked about (`/ask_tiltak{"tiltak": "jobbskolen"}`)."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "tiltak" and isinstance(entity.get("value"), str):
            return entity["value"]
    return None


def someone_else(text: str) -> dict | None:
    """An answer to "who are you?" that says the writer asks for another person ("Jeg spør
    for en annen", "jeg er lærer og spør for en elev"): the slots it sets, or None."""
    who = asking_for(text)
    if who is None or who.role == SELF:
        return None
    return {
        "who_am_i": text,
        "audience": infer_audience(text) or "ungdom",
        "asking_for": who.role,
        "for_other": "ja",
    }
