"""Small helpers shared by the actions: the user's words, the audience, sending replies."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import Reply
from bot.understanding.asking_for import SELF, asking_for
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


def send(dispatcher: CollectingDispatcher, replies: list[Reply]) -> None:
    for reply in replies:
        dispatcher.utter_message(response=reply.response, **reply.values)


def more_buttons(entries: list[dict]) -> list[dict]:
    """ "Mer om …" buttons for recommended tiltak, then a person and a fresh start."""
    buttons = [
        {
            "title": f"Mer om {entry['name'][:40]}",
            "payload": f'/ask_tiltak{{"tiltak": "{entry["id"]}"}}',
        }
        for entry in entries
    ]
    buttons.append({"title": "Snakk med en person", "payload": "/request_human"})
    buttons.append({"title": "Start på nytt", "payload": "/start_over"})
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
