"""A turn: a message handed to Rasa (counted, timed, its replies classified, a failure never
shown) or, while a coordinator has the conversation, to the case instead, in the order the
messages came. Used by both channels in bot/rasa/channels.py."""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.ops import metrics

logger = logging.getLogger(__name__)


class ObservedOutput(OutputChannel):
    """Passes every reply on to the real channel, counts them and keeps the names of the
    responses (domain/) they came from."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0
        self.responses: list[str] = []

    def name(self) -> str:
        return self.inner.name()

    def __getattr__(self, attribute: str):
        return getattr(self.inner, attribute)

    async def send_response(self, recipient_id: str, message: dict) -> None:
        self.sent += 1
        self.responses.append(str(message.get("utter_action") or ""))
        await self.inner.send_response(recipient_id, message)


async def handle_safely(
    on_new_message: Callable[[UserMessage], Awaitable[None]], message: UserMessage
) -> None:
    """Run Rasa on a message; a failure is logged (masked), never shown."""
    try:
        await on_new_message(message)
    except Exception:  # noqa: BLE001 - the user must get an answer, never a traceback
        metrics.ERRORS.labels("rasa").inc()
        logger.exception("message handling failed")


async def handle_observed(
    on_new_message: Callable[[UserMessage], Awaitable[None]], message: UserMessage
) -> ObservedOutput:
    """`handle_safely` with the message counted and timed, and its replies classified
    (bot/ops/metrics.py). Returns the output channel that saw the replies."""
    channel = message.input_channel or "?"
    observed = ObservedOutput(message.output_channel)
    message.output_channel = observed
    metrics.MESSAGES.labels(channel).inc()
    started = time.perf_counter()
    await handle_safely(on_new_message, message)
    metrics.observe_turn(
        channel, time.perf_counter() - started, observed.responses, replied=observed.sent > 0
    )
    return observed


def prepare_holds() -> None:
    """The case tables exist before the first message asks whether a person has it."""
    from bot.tickets import conversation

    if not conversation.prepare():
        logger.warning("case tables not reachable at start; made on first use")


async def held(conversation_id: str):
    """The conversation's hold (a coordinator has it), or None; a database failure counts as
    no hold (the assistant answers rather than nobody)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.tickets import conversation

    try:
        return await asyncio.to_thread(conversation.hold_for, conversation_id)
    except SQLAlchemyError:
        logger.exception("case conversation not readable")
        return None


# Each message is handled in its own task (python-socketio, Sanic): one lock per conversation
# (from a fixed pool), taken before the first await and released just before the message goes
# on to Rasa (whose lock store is reached without another pause), keeps a conversation's
# messages in the order they came, to the case and to Rasa alike.
_PERSON_LOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per event loop


def _person_lock(sender: str) -> asyncio.Lock:
    locks = _PERSON_LOCKS.setdefault(
        asyncio.get_running_loop(), [asyncio.Lock() for _ in range(64)]
    )
    return locks[hash(sender) % len(locks)]


def _agent():
    """Rasa's agent in this server process, when it is ready (None: the channel runs without
    one, as in the channel tests)."""
    try:
        from sanic import Sanic

        agent = getattr(Sanic.get_app().ctx, "agent", None)
    except Exception:  # noqa: BLE001 - no app, or several: run without the agent's lock
        return None
    return agent


_LOCKED_SAID: list = []


async def run_unless_held(on_new_message, message: UserMessage, to_person, agent):
    """Run Rasa on the message unless a person has the conversation (then `to_person(hold,
    stored)` says so and returns True). With Rasa's agent, the question is asked inside the
    conversation's lock, like `Agent.handle_message` (whose inside this is), so the messages of
    one conversation keep their order across processes whichever way each of them goes.
    Returns the observed output of Rasa's answer, or None when the message went to the case."""
    sender = str(message.sender_id)
    text = message.text or ""
    if agent is None or not agent.is_ready():
        hold, stored = await person_has(sender, text, "chat")
        if await to_person(hold, stored):
            return None
        return await handle_observed(on_new_message, message)
    if not _LOCKED_SAID:
        _LOCKED_SAID.append(True)
        logger.info("live holds are checked inside Rasa's conversation lock")
    try:
        async with agent.lock_store.lock(sender):
            hold, stored = await person_has(sender, text, "chat")
            if await to_person(hold, stored):
                return None
            return await handle_observed(agent.processor.handle_message, message)
    except Exception:  # noqa: BLE001 - a lock error: never a traceback, the user is told
        metrics.ERRORS.labels("rasa").inc()
        logger.exception("message handling failed (lock)")
        return ObservedOutput(message.output_channel)


async def person_has(sender: str, text: str, way: str):
    """(hold, stored): when a coordinator has the conversation, the message is stored on the
    case (masked) instead of going to Rasa."""
    async with _person_lock(sender):
        return await _person_has(sender, text, way)


async def _person_has(sender: str, text: str, way: str):
    from sqlalchemy.exc import SQLAlchemyError

    from bot.tickets import conversation

    hold = await held(sender)
    if hold is None or hold.mode == "avsluttet":
        return hold, False
    try:
        stored = await asyncio.to_thread(conversation.record_from_person, sender, text, way)
    except SQLAlchemyError:
        logger.exception("message to the case not stored")
        stored = None
    return hold, stored is not None
