"""Small helpers shared by the actions: the user's words, the audience, sending replies."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import Reply
from bot.understanding.profile import infer_audience


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
    utter_tiltak_contact_button utter_tiltak_cost utter_tiltak_pay utter_tiltak_pay_unknown
    utter_tiltak_cost_unknown utter_tiltak_fact utter_tiltak_fact_unknown
    utter_tiltak_fact_unknown_named utter_tiltak_status_ended utter_tiltak_status_pilot
    utter_tiltak_status_proposal utter_tiltak_status_unknown utter_tiltak_other_municipality
    utter_tiltak_more utter_tiltak_unknown utter_which_tiltak utter_lookup_failed
    utter_recommend_intro utter_recommend_intro_employer utter_recommend_item
    utter_recommend_none utter_recommend_next utter_age_limit utter_out_of_scope
    utter_no_case_lookup utter_crisis_soft_offer utter_offer_assessment""".split()
)
LANGUAGE_SLOT = "language"


def language_of(tracker: Tracker, english: bool = False) -> str:
    """The language to answer in: English when the message is, the conversation's language for
    a button (which has no words of its own), else Norwegian."""
    if english:
        return "en"
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/") and tracker.get_slot(LANGUAGE_SLOT) == "en":
        return "en"
    return "nb"


def say(dispatcher: CollectingDispatcher, response: str, language: str = "nb", **values) -> None:
    """One named response, in English when asked for and the domain has it."""
    if language == "en" and response in ENGLISH_RESPONSES:
        response = f"{response}_en"
    dispatcher.utter_message(response=response, **values)


def send(dispatcher: CollectingDispatcher, replies: list[Reply], language: str = "nb") -> None:
    for reply in replies:
        say(dispatcher, reply.response, language, **reply.values)


def more_buttons(entries: list[dict], language: str = "nb") -> list[dict]:
    """ "Mer om …" buttons for recommended tiltak, then a person and a fresh start."""
    english = language == "en"
    buttons = [
        {
            "title": f"{'More about' if english else 'Mer om'} {entry['name'][:40]}",
            "payload": f'/ask_tiltak{{"tiltak": "{entry["id"]}"}}',
        }
        for entry in entries
    ]
    buttons.append(
        {
            "title": "Talk to a person" if english else "Snakk med en person",
            "payload": "/request_human",
        }
    )
    buttons.append(
        {"title": "Start again" if english else "Start på nytt", "payload": "/start_over"}
    )
    return buttons


def requested_tiltak(tracker: Tracker) -> str | None:
    """The tiltak id a button asked about (`/ask_tiltak{"tiltak": "jobbskolen"}`)."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "tiltak" and isinstance(entity.get("value"), str):
            return entity["value"]
    return None
