"""Prometheus metrics of the assistant (prometheus_client), one registry per process: each Rasa
process, the action server and the web app expose their own `/metrics` on their own port,
which the public entry point (nginx) does not forward (deploy/README.md, "What to watch").

The metrics carry no message text, contact data or sender id: only counts and times, labelled
with a few fixed words (the channel, the kind of reply, the queue, where an error happened).

The kind of a reply is read from the names of the responses Rasa sent for one message (every
reply of this assistant is a named response from domain/, also those its actions send):
crisis > did_you_mean > fallback > answer > other, the first that any of them is. An English
variant (`<name>_en`) counts as its Norwegian response.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

disable_created_metrics()  # no "_created" series beside every counter

MESSAGES = Counter("edi_messages", "Messages received by the Rasa input channels", ["channel"])
REFUSED = Counter(
    "edi_messages_refused",
    "Messages answered by the input gate without reaching Rasa",
    ["reason"],
)
LATENCY = Histogram(
    "edi_message_seconds",
    "Time from a message received to its replies sent (Rasa process)",
    ["channel"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
REPLIES = Counter("edi_replies", "Answered messages by kind of reply", ["kind"])
HANDOFFS = Counter("edi_handoffs", "Handoffs sent to a queue (ticket made)", ["queue"])
ERRORS = Counter("edi_errors", "Failures, by where they happened", ["component"])
ACTIONS = Histogram(
    "edi_action_seconds",
    "Time the action server took for one action call",
    ["action"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0),
)
WEB_CHAT = Histogram(
    "edi_web_chat_seconds",
    "Time the web app's POST /chat took, by outcome",
    ["outcome"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

KINDS = ("answer", "did_you_mean", "fallback", "crisis", "other")
FALLBACK_RESPONSES = frozenset(
    {
        "utter_default",
        "utter_still_not_understood",
        "utter_give_up_politely",
        "utter_out_of_scope",
        "utter_english_no_answer",
        "utter_tiltak_unknown",
        "utter_lookup_failed",
    }
)
ANSWER_PREFIXES = ("utter_tiltak_", "utter_recommend_")
HANDOFF_QUEUES = {
    "utter_handoff_done_employer": "arbeidsgiver",
    "utter_handoff_done_youth": "ungdom",
}


def _is_crisis(name: str) -> bool:
    # "utter_crisis_soft*" is distress without danger (one line, then the question answered).
    return name.startswith("utter_crisis_") and not name.startswith("utter_crisis_soft")


def _base_name(name: str) -> str:
    """The Norwegian response of an English variant (`utter_tiltak_summary_en`)."""
    return name[: -len("_en")] if name.endswith("_en") else name


def reply_kind(responses: Iterable[str]) -> str:
    """The kind of the replies to one message, from the names of the responses sent."""
    names = [_base_name(name) for name in responses if name]
    if any(_is_crisis(name) for name in names):
        return "crisis"
    if "utter_did_you_mean" in names:
        return "did_you_mean"
    if any(name in FALLBACK_RESPONSES for name in names):
        return "fallback"
    if any(name.startswith(ANSWER_PREFIXES) for name in names):
        return "answer"
    return "other"


def observe_turn(channel: str, seconds: float, responses: list[str], replied: bool) -> None:
    """Count one message that reached Rasa: its time, the kind of reply, a handoff."""
    LATENCY.labels(channel).observe(seconds)
    if not replied:
        ERRORS.labels("no_reply").inc()
        return
    REPLIES.labels(reply_kind(responses)).inc()
    for name in map(_base_name, responses):
        if name in HANDOFF_QUEUES:
            HANDOFFS.labels(HANDOFF_QUEUES[name]).inc()


def exposition() -> tuple[bytes, str]:
    """The body and content type of a `/metrics` answer (Prometheus text format)."""
    return generate_latest(), CONTENT_TYPE_LATEST
