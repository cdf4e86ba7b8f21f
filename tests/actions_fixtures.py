"""One recorded-tracker builder for the unit tests of the actions and form validators: the
tracker as the action server gets it, a fresh `CollectingDispatcher` per run, and what came
back (the events returned, the response names dispatched)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(
    text: str = "",
    intent: str = "nlu_fallback",
    entities: list | tuple = (),
    events: list | None = None,
    form: str | None = None,
    requested_slot: str | None = None,
    ranking: list | None = None,
    **slots,
) -> Tracker:
    """A tracker whose latest message is `text` with `intent`, inside `form` when given."""
    values = dict(slots)
    if requested_slot:
        values["requested_slot"] = requested_slot
    return Tracker(
        sender_id="s",
        slots=values,
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
            "entities": list(entities),
        },
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": form} if form else {},
        latest_action_name="action_listen",
    )


def run(action, recorded: Tracker) -> tuple[list[dict], list[dict]]:
    """(the messages dispatched, the events returned) of one run on a fresh dispatcher."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, recorded, {})
    return dispatcher.messages, events


def responses(messages: list[dict]) -> list[str | None]:
    return [message.get("response") for message in messages]
