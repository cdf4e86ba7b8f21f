"""What the assistant would answer about an entry, from an unsaved form (the content editor's
preview). The replies are composed by `bot.guidance.answers` exactly as the actions compose them, and
filled into the named responses of domain/ as Rasa fills them ({name} → the value)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.guidance.answers import Reply, describe, how_to_start
from bot.training import domain_responses
from knowledge.entry import Entry
from knowledge.search import TiltakIndex

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class PreviewMessage:
    text: str
    buttons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreviewTurn:
    question: str
    messages: tuple[PreviewMessage, ...]


def render(reply: Reply, language: str = "nb") -> PreviewMessage:
    responses = domain_responses()
    name = reply.response
    if language == "en" and f"{name}_en" in responses:
        name = f"{name}_en"
    variants = responses.get(name) or [{"text": name}]
    variant = variants[0]
    text = " ".join(str(variant.get("text") or "").split())
    text = _SLOT.sub(lambda m: str(reply.values.get(m[1], m[0])), text)
    buttons = tuple(str(b.get("title") or "") for b in variant.get("buttons") or [])
    return PreviewMessage(text, buttons)


def preview(entry: dict, index: TiltakIndex | None = None) -> list[PreviewTurn]:
    """Three questions a person often asks, and the answer the assistant would give each."""
    entry = Entry(entry)
    index = index or TiltakIndex([entry])
    name = entry.get("name") or entry.get("id") or "tiltaket"
    turns = [
        (f"Hva er {name}?", describe(entry, "overview", "", index)),
        (f"Hvem kan få {name}?", describe(entry, "for_whom", "", index)),
        (f"Hvordan kommer jeg i gang med {name}?", how_to_start(entry)),
    ]
    result = [PreviewTurn(q, tuple(render(r) for r in replies)) for q, replies in turns]
    if entry.get("en"):
        replies = describe(entry, "overview", "", index, language="en")
        result.append(
            PreviewTurn(f"What is {name}? (engelsk)", tuple(render(r, "en") for r in replies))
        )
    return result
