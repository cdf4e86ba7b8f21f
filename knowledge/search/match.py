"""What a search returns: the entry, how well it matched and why."""

from __future__ import annotations

from dataclasses import dataclass

# The kinds of reason: the name or an alias was written ("name") or nearly ("similar"), a button
# chose it ("button"), the entry's tags are the need ("topics", items = tags), the person's own
# words are in it ("words", items = the words), or only the audience fits ("maybe").
REASON_KINDS = ("name", "similar", "button", "topics", "words", "maybe")


@dataclass(frozen=True)
class Reason:
    """Why an entry matched, as data; the words a person reads are domain responses
    (bot.guidance.answers.reason_text). Falsy when there is no match."""

    kind: str = ""
    items: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.kind)


NO_REASON = Reason()


@dataclass(frozen=True)
class Match:
    tiltak: dict
    score: float
    reason: Reason
