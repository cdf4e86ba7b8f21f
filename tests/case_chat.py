"""A recorded conversation for unit tests of the actions: the tracker as the action server gets
it (slots, events), the real action classes, a fresh `CollectingDispatcher` per step, and the
bot's messages written back as events with the domain's text (conditional variants chosen by
the slots, as Rasa does)."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.training import load_domain

DOMAIN = load_domain()
RESPONSES = DOMAIN["responses"]
STANDARD_KEYS = {"text", "buttons", "elements", "custom", "template", "response", "image"}
STANDARD_KEYS |= {"attachment", "json_message"}


def variant(name: str, slots: dict) -> dict:
    """The response variation Rasa would pick: a matching conditional one, else the default."""
    for candidate in RESPONSES[name]:
        conditions = candidate.get("condition") or []
        if conditions and all(slots.get(c["name"]) == c["value"] for c in conditions):
            return candidate
    return next(c for c in RESPONSES[name] if not c.get("condition"))


class Chat:
    def __init__(self, **slots) -> None:
        self.slots: dict = {}
        self.events: list[dict] = []
        self.latest: dict = {"text": "", "intent": {"name": "greet"}, "entities": []}
        self.messages: list[dict] = []  # every message the actions sent, in order
        self.set(**slots)

    def tracker(self) -> Tracker:
        return Tracker(
            sender_id="case-chat",
            slots=dict(self.slots),
            latest_message=self.latest,
            events=list(self.events),
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )

    def set(self, **slots) -> None:
        for name, value in slots.items():
            self.slots[name] = value
            self.events.append({"event": "slot", "name": name, "value": value})

    def user(self, text: str, intent: str = "inform", entities: list | None = None) -> None:
        self.latest = {"text": text, "intent": {"name": intent}, "entities": entities or []}
        self.events.append({"event": "user", "text": text, "parse_data": self.latest})

    def bot(self, response: str, **values) -> str:
        chosen = variant(response, self.slots)
        text = chosen.get("text", "").format(**values)
        self.events.append({"event": "bot", "text": text, "metadata": {"utter_action": response}})
        return text

    def _apply(self, dispatcher: CollectingDispatcher, events: list[dict]) -> list[dict]:
        for message in dispatcher.messages:
            self.messages.append(message)
            if message.get("response"):
                values = {k: v for k, v in message.items() if k not in STANDARD_KEYS}
                self.bot(message["response"], **values)
            elif message.get("text"):
                self.events.append({"event": "bot", "text": message["text"]})
        for event in events:
            if event.get("event") == "slot":
                self.set(**{event["name"]: event.get("value")})
            else:
                self.events.append(event)
        return dispatcher.messages

    def run(self, action) -> list[dict]:
        """Run an action; returns the messages it sent."""
        dispatcher = CollectingDispatcher()
        events = action.run(dispatcher, self.tracker(), DOMAIN)
        if asyncio.iscoroutine(events):
            events = asyncio.run(events)
        self.events.append({"event": "action", "name": action.name()})
        return self._apply(dispatcher, events or [])

    def answer(self, validator, slot: str, text: str) -> dict:
        """The person answers the form's question for `slot`; the validator's result is set."""
        self.user(text)
        dispatcher = CollectingDispatcher()
        result = getattr(validator, f"validate_{slot}")(text, dispatcher, self.tracker(), DOMAIN)
        self._apply(dispatcher, [])
        self.set(**result)
        return result
